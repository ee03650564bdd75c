"""Reading inputs: UTF-8 text files or standard input, with explicit limits and clear errors.

Offsets everywhere in drift index the text exactly as returned here: nothing is stripped
or normalised (a UTF-8 byte-order mark is kept as a character, so offsets still match
what an editor sees in the file).
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from .errors import InputError

MAX_BYTES = 20 * 1024 * 1024  # 20 MiB per document
# Sentences per document, after segmentation (checked by compare.build_document). A long
# news page has a few hundred; 5 000 new sentences already take minutes to embed on two
# cores, and a 20 MB line without punctuation (cut every 2 000 characters) stops here at once.
MAX_SENTENCES = 5_000
# `compare` scores every original body sentence against every copy body sentence: past this
# many pairs (2 000 sentences a side) memory and time, not the text, become the problem.
MAX_ALIGN_PAIRS = 4_000_000


def read_text(source: str, *, stdin=None, max_bytes: int = MAX_BYTES) -> str:
    """Read one document. ``-`` means standard input.

    Raises:
        InputError: missing, a directory, unreadable, larger than ``max_bytes``, binary,
            not valid UTF-8, or empty (whitespace only).
    """
    if source == "-":
        stream = stdin if stdin is not None else sys.stdin.buffer
        data = stream.read(max_bytes + 1)
        if isinstance(data, str):
            data = data.encode("utf-8", "surrogatepass")
        label = "standard input"
    else:
        path = Path(source)
        label = source = shown(source)
        try:
            if not path.exists():
                if path.is_symlink():
                    raise InputError(f"{source}: no such file (a symbolic link whose target is missing, or a loop of links)", code="not_found")
                raise InputError(f"{source}: no such file", code="not_found")
            if path.is_dir():
                raise InputError(f"{source}: is a directory, expected a text file", code="not_a_file")
            if not path.is_file():  # a FIFO or a device would block or never end: refused
                raise InputError(f"{source}: not a regular file", code="not_a_file")
            size = path.stat().st_size
            if size > max_bytes:
                raise InputError(
                    f"{source}: {size / 1048576:.1f} MiB is over the {max_bytes // 1048576} MiB limit per document",
                    code="too_large",
                )
            with open(path, "rb") as fh:
                data = fh.read(max_bytes + 1)
        except PermissionError:
            raise InputError(f"{source}: permission denied", code="unreadable") from None
        except OSError as exc:
            raise InputError(f"{source}: cannot read ({exc.strerror or exc})") from None
    if len(data) > max_bytes:
        raise InputError(f"{label}: over the {max_bytes // 1048576} MiB limit per document", code="too_large")
    return decode(data, label)


def shown(name: str) -> str:
    """A file name fit for a one-line message: control characters (a newline or an escape
    sequence in a name found on disk) are written as escapes, everything else as is."""
    if not name.isprintable():
        name = "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in name)
    return name if len(name) <= 300 else f"{name[:200]}…{name[-60:]}"


def decode(data: bytes, label: str) -> str:
    """Decode bytes as UTF-8 (UTF-16 with a BOM is accepted too) and refuse binary data."""
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        # Checked before UTF-16: the UTF-32LE mark starts with the UTF-16LE one.
        raise InputError(f"{label}: UTF-32 text is not supported; convert it first, e.g. `iconv -f utf-32 -t utf-8`", code="encoding")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise InputError(f"{label}: invalid UTF-16 text", code="encoding") from None
    else:
        if b"\x00" in data[:8192]:
            raise InputError(f"{label}: looks like a binary file (NUL bytes), expected UTF-8 text", code="binary")
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise InputError(
                f"{label}: not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
                "convert it first, e.g. `iconv -f latin1 -t utf-8`",
                code="encoding",
            ) from None
    if not text.strip():
        raise InputError(f"{label}: empty (no text to compare)", code="empty")
    return text


def display_name(source: str) -> str:
    """How a source is named in reports: the path as given, or '<stdin>'."""
    return "<stdin>" if source == "-" else os.fspath(source)


class BadLine(ValueError):
    """A JSONL line that is not one usable JSON object (code: bad_json or bad_text)."""

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
    if first:
        line = line.removeprefix("\ufeff")  # a file saved with a UTF-8 byte-order mark
    try:
        obj = json.loads(line, parse_constant=_no_constant, parse_float=_finite)
    except json.JSONDecodeError as exc:
        raise BadLine("bad_json", f"not JSON ({exc.msg} at column {exc.colno})") from None
    except (ValueError, RecursionError) as exc:  # NaN, a 5 000-digit number, [[[[...]]]]
        why = "nested too deeply" if isinstance(exc, RecursionError) else str(exc).split(":")[0]
        raise BadLine("bad_json", f"not JSON ({why})") from None
    if not isinstance(obj, dict):
        raise BadLine("bad_json", f"expected an object, got {type(obj).__name__}")
    try:
        json.dumps(obj, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        raise BadLine("bad_text", "a string holds a lone surrogate (\\ud800-\\udfff), not text") from None
    except RecursionError:
        raise BadLine("bad_json", "not JSON (nested too deeply)") from None
    return obj


def parse_iso_time(value: object):
    """An ISO 8601 date or date-time string (a trailing Z allowed) as an aware datetime;
    naive times are taken as UTC. None when absent or not understood."""
    from datetime import datetime, timezone

    if not isinstance(value, str) or not value.strip():
        return None
    v = value.strip()
    if v.endswith(("Z", "z")):
        v = v[:-1] + "+00:00"
    try:
        t = datetime.fromisoformat(v)
    except ValueError:
        return None
    return t if t.tzinfo else t.replace(tzinfo=timezone.utc)
