"""The one JSONL reader of drift: lines split on ``\\n`` (and ``\\r\\n``) only, streamed with a
limit per line, and one hardened JSON object parser.

`score`, `trace` and `audit` read JSONL through `jsonl_lines` + `parse_json_object`. Unicode
line separators (U+2028, U+2029, U+0085, form feeds) inside JSON strings are text, not line
breaks (`str.splitlines` would cut a valid record in two). A bad line (not JSON, NaN, a
5 000-digit number, nesting thousands deep, a lone surrogate, not UTF-8, over the limit)
is one `BadLine` in its place; reading goes on.
"""

from __future__ import annotations

import json
import os
import sys
from typing import BinaryIO, Iterator

from ..errors import InputError
from ..io import MAX_BYTES, decode, foreign_format, is_url, open_regular, read_bytes, shown, url_refusal

_CHUNK = 1 << 20


class BadLine(ValueError):
    """A JSONL line that is not one usable JSON object (code: bad_json, bad_text, encoding, too_large)."""

    def __init__(self, code: str, why: str) -> None:
        super().__init__(why)
        self.code = code


def _no_constant(name: str):
    raise ValueError(f"{name} is not valid JSON")


def _finite(text: str) -> float:
    value = float(text)
    if value != value or value in (float("inf"), float("-inf")):
        raise ValueError(f"{text[:20]} is out of range")  # 1e999 would come back out as Infinity
    return value


def parse_json_object(line: str, first: bool = False) -> dict:
    """One JSONL line as a dict, or BadLine saying why not: not JSON, NaN/Infinity, a number
    too long to convert, nesting too deep, not an object, or a lone surrogate ("\\ud800" is
    legal JSON but not text: it cannot be encoded, tokenised or written back out)."""
    if isinstance(line, BadLine):
        raise line
    if first:
        line = line.removeprefix("\ufeff")  # a file saved with a UTF-8 byte-order mark
    try:
        obj = json.loads(line, parse_constant=_no_constant, parse_float=_finite)
    except json.JSONDecodeError as exc:
        raise BadLine("bad_json", f"not JSON ({exc.msg} at column {exc.colno})") from None
    except (ValueError, RecursionError, MemoryError) as exc:  # NaN, a 5 000-digit number, [[[[...]]]]
        why = "a number too long to convert" if "digits" in str(exc) else str(exc).split(":")[0]
        if isinstance(exc, (RecursionError, MemoryError)):
            why = "nested too deeply"
        raise BadLine("bad_json", f"not JSON ({why})") from None
    if not isinstance(obj, dict):
        raise BadLine("bad_json", f"expected an object, got {type(obj).__name__}")
    try:
        json.dumps(obj, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        raise BadLine("bad_text", "a string holds a lone surrogate (\\ud800-\\udfff), not text") from None
    except (RecursionError, ValueError):
        raise BadLine("bad_json", "not JSON (nested too deeply)") from None
    return obj


def split_lines(fh: BinaryIO, max_line: int = MAX_BYTES) -> Iterator[bytes | BadLine]:
    """Lines of a binary stream split on b"\\n" only (a trailing b"\\r" dropped), without the
    newline; a line over ``max_line`` bytes is skipped and yields a ``too_large`` BadLine.
    Memory stays within one line plus one chunk. A stream that goes on for 8 times the limit
    without a line break (``/dev/zero``) is not JSONL: InputError."""
    buf = b""  # the unfinished line (at most max_line bytes) and the chunk just read
    skipping = False  # inside a line over the limit, until its newline
    skipped = 0
    while True:
        chunk = fh.read(_CHUNK)
        if not chunk:
            break
        if isinstance(chunk, str):  # a text stream (a test runner's standard input)
            chunk = chunk.encode("utf-8", "surrogatepass")
        buf += chunk
        start = 0
        while (nl := buf.find(b"\n", start)) >= 0:
            line, start = buf[start:nl], nl + 1
            if skipping:
                skipping, skipped = False, 0
            elif len(line) > max_line:
                yield BadLine("too_large", f"line over the {max_line // 1048576} MiB limit per document")
            else:
                yield line[:-1] if line.endswith(b"\r") else line
        buf = buf[start:]
        if not skipping and len(buf) > max_line:
            yield BadLine("too_large", f"line over the {max_line // 1048576} MiB limit per document")
            skipping = True
        if skipping:
            skipped += len(buf)
            buf = b""
            if skipped > 8 * max_line:
                raise InputError(f"a line over the {max_line // 1048576} MiB limit with no line break after "
                                 f"{skipped // 1048576} MiB: not JSONL", code="too_large")
    if buf and not skipping:
        yield buf[:-1] if buf.endswith(b"\r") else buf


def jsonl_lines(source: str, *, stdin=None, max_line: int = MAX_BYTES) -> Iterator[str | BadLine]:
    """Every line of a JSONL file (or ``-``: standard input) as text, in order, blank lines
    included (so line numbers count from here): a line that is not UTF-8 or over the limit
    is a BadLine. A UTF-8 byte-order mark at the start is dropped; a file with a UTF-16 mark
    is read whole (under the document limit) and split the same way.

    Whole-file problems (a URL, missing, a directory, a device, a PDF) raise InputError now,
    before the first line is asked for."""
    if source == "-":
        return _decoded(stdin if stdin is not None else sys.stdin.buffer, max_line)
    if is_url(source):
        raise url_refusal(source)
    label = shown(source)
    fh = open_regular(source, label=label)
    try:
        head = fh.read(8192)
    except OSError as exc:
        fh.close()
        raise InputError(f"{label}: cannot read ({exc.strerror or exc})", code="unreadable") from None
    problem = None
    if not head.strip():
        problem = InputError(f"{label}: empty (no lines)", code="empty")
    elif (foreign := foreign_format(head, os.path.splitext(source)[1].lower())) is not None:
        problem = InputError(f"{label}: {foreign[0]}; drift reads text, HTML and JSONL: {foreign[1]}", code="unsupported")
    elif head.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16: read whole (under the document limit)
        fh.close()
        text = decode(read_bytes(source, label=label), label)
        return iter([ln[:-1] if ln.endswith("\r") else ln for ln in text.split("\n")])
    elif b"\x00" in head:
        problem = InputError(f"{label}: looks like a binary file (NUL bytes), expected JSONL", code="binary")
    if problem is not None:
        fh.close()
        raise problem
    fh.seek(0)
    return _closing(fh, max_line)


def _closing(fh: BinaryIO, max_line: int) -> Iterator[str | BadLine]:
    with fh:
        yield from _decoded(fh, max_line)


def _decoded(fh: BinaryIO, max_line: int) -> Iterator[str | BadLine]:
    first = True
    for raw in split_lines(fh, max_line):
        if isinstance(raw, BadLine):
            yield raw
            first = False
            continue
        if first:
            raw = raw.removeprefix(b"\xef\xbb\xbf")
            first = False
        try:
            yield raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            yield BadLine("encoding", f"not valid UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start})")
