"""Reading one file: UTF-8 text files or standard input, with explicit limits and clear errors.

The one file reader of drift (`read_bytes`, `read_text`, `decode`); the `drift.ingest`
package builds every input kind (HTML, JSONL, feeds, WARC, directories) on it.

Offsets everywhere in drift index the text exactly as returned here: nothing is stripped
or normalised (a UTF-8 byte-order mark is kept as a character, so offsets still match
what an editor sees in the file).
"""

from __future__ import annotations

import os
import re
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

# Never read, whatever names them: kernel and device file systems (a /proc file says it is a
# regular file of size 0 and then streams secrets; a device may block or never end).
_SYSTEM_ROOTS = ("/proc", "/sys", "/dev")

_URL = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://")

# Formats drift does not read, recognised by their first bytes (a .pdf renamed .txt too).
_FOREIGN = (
    (b"%PDF-", "a PDF file", "save the article as text or HTML first (e.g. `pdftotext FILE.pdf`)"),
    (b"PK\x03\x04", "an Office document or ZIP archive (.docx, .xlsx, .pptx, .odt)",
     "save the article as text or HTML first (File > Save as > Plain text)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old-style Office document (.doc, .xls, .ppt)",
     "save the article as text or HTML first (File > Save as > Plain text)"),
    (b"{\\rtf", "an RTF document", "save the article as text or HTML first"),
)
_FOREIGN_SUFFIXES = {
    ".pdf": _FOREIGN[0], ".docx": _FOREIGN[1], ".xlsx": _FOREIGN[1], ".pptx": _FOREIGN[1], ".odt": _FOREIGN[1],
    ".ods": _FOREIGN[1], ".odp": _FOREIGN[1], ".doc": _FOREIGN[2], ".xls": _FOREIGN[2], ".ppt": _FOREIGN[2],
    ".rtf": _FOREIGN[3],
}


def is_url(source: str) -> bool:
    """Whether a command-line argument is a URL (``file://`` names a local file, not a URL)."""
    return bool(_URL.match(source)) and not source.lower().startswith("file://")


def url_refusal(source: str) -> InputError:
    return InputError(
        f"{shown(source)}: a URL, not a file; drift never downloads (save the page as HTML, or a WARC holding it, and give that)",
        code="url",
    )


def is_system_path(path: Path) -> bool:
    """Whether ``path`` (after resolving links) lies in /proc, /sys or /dev."""
    try:
        real = os.path.realpath(path)
    except (OSError, ValueError):
        return True
    return any(real == r or real.startswith(r + "/") for r in _SYSTEM_ROOTS)


def open_regular(source: str | os.PathLike, *, label: str | None = None, max_bytes: int | None = None):
    """One regular file opened for reading in binary, after the checks every reader shares:
    `InputError` when it is missing, a directory, not a regular file (FIFO, device, /proc),
    unreadable, or (``max_bytes``) larger than that."""
    path = Path(source)
    label = label or shown(os.fspath(source))
    try:
        if not path.exists():
            if path.is_symlink():
                raise InputError(f"{label}: no such file (a symbolic link whose target is missing, or a loop of links)", code="not_found")
            raise InputError(f"{label}: no such file", code="not_found")
        if path.is_dir():
            raise InputError(f"{label}: is a directory, expected a text file", code="not_a_file")
        if not path.is_file() or is_system_path(path):  # a FIFO or a device would block or never end
            if path.is_fifo():
                raise InputError(
                    f"{label}: a named pipe (FIFO), not a regular file; to read a pipe, give - and redirect it: - < {label}",
                    code="not_a_file",
                )
            raise InputError(f"{label}: not a regular file", code="not_a_file")
        if max_bytes is not None:
            size = path.stat().st_size
            if size > max_bytes:
                raise InputError(
                    f"{label}: {size / 1048576:.1f} MiB is over the {max_bytes // 1048576} MiB limit per document",
                    code="too_large",
                )
        return open(path, "rb")
    except PermissionError:
        raise InputError(f"{label}: permission denied", code="unreadable") from None
    except (OSError, ValueError) as exc:  # ValueError: a NUL byte in the name
        raise InputError(f"{label}: cannot read ({getattr(exc, 'strerror', None) or exc})", code="unreadable") from None


def read_bytes(source: str | os.PathLike, *, max_bytes: int = MAX_BYTES, label: str | None = None) -> bytes:
    """The bytes of one regular file (`open_regular`'s checks), at most ``max_bytes``."""
    label = label or shown(os.fspath(source))
    with open_regular(source, label=label, max_bytes=max_bytes) as fh:
        try:
            data = fh.read(max_bytes + 1)
        except OSError as exc:
            raise InputError(f"{label}: cannot read ({exc.strerror or exc})", code="unreadable") from None
    if len(data) > max_bytes:
        raise InputError(f"{label}: over the {max_bytes // 1048576} MiB limit per document", code="too_large")
    return data


def read_text(source: str, *, stdin=None, max_bytes: int = MAX_BYTES) -> str:
    """Read one text document. ``-`` means standard input.

    Raises:
        InputError: a URL, missing, a directory, unreadable, larger than ``max_bytes``,
            binary (PDF and Office files named as such), not valid UTF-8, or empty.
    """
    if source == "-":
        stream = stdin if stdin is not None else sys.stdin.buffer
        data = stream.read(max_bytes + 1)
        if isinstance(data, str):
            data = data.encode("utf-8", "surrogatepass")
        label = "standard input"
        if len(data) > max_bytes:
            raise InputError(f"{label}: over the {max_bytes // 1048576} MiB limit per document", code="too_large")
    else:
        if is_url(source):
            raise url_refusal(source)
        label = shown(source)
        data = read_bytes(source, max_bytes=max_bytes, label=label)
    return decode(data, label, suffix=Path(source).suffix.lower() if source != "-" else "")


def foreign_format(data: bytes, suffix: str = "") -> tuple[str, str] | None:
    """(what it is, what to do) for a PDF or Office file, by magic bytes or by its suffix."""
    for magic, what, todo in _FOREIGN:
        if data.startswith(magic):
            return what, todo
    got = _FOREIGN_SUFFIXES.get(suffix)
    return (got[1], got[2]) if got else None


def shown(name: str) -> str:
    """A file name fit for a one-line message (`drift.sanitize.escaped`: control characters, a
    newline or an escape sequence in a name found on disk, written as visible escapes)."""
    from .sanitize import escaped

    return escaped(name)


def decode(data: bytes, label: str, suffix: str = "") -> str:
    """Decode bytes as UTF-8 (UTF-16 with a BOM is accepted too) and refuse binary data."""
    foreign = foreign_format(data[:16], suffix)
    if foreign is not None:
        raise InputError(f"{label}: {foreign[0]}; drift reads text and HTML only: {foreign[1]}", code="unsupported")
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


def same_file(a: str | os.PathLike, b: str | os.PathLike) -> bool:
    """Whether two paths name one file: the same path after links, or a hard link (same inode)."""
    try:
        if os.path.realpath(a) == os.path.realpath(b):
            return True
        return os.path.samefile(a, b)
    except (OSError, ValueError):
        return False


def _new_file_mode() -> int:
    """The mode ``open(path, "w")`` gives a new file: 0o666 less the process's umask (read from
    /proc where there is one, so that no other thread ever sees the umask changed)."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            umask = next(int(line.split()[1], 8) for line in fh if line.startswith("Umask:"))
    except (OSError, StopIteration, ValueError, IndexError):
        umask = os.umask(0o022)
        os.umask(umask)
    return 0o666 & ~umask


def write_text_atomic(path: str | os.PathLike, text: str) -> None:
    """Write ``text`` (UTF-8) to ``path`` through a temporary file created exclusively in the
    same folder, then renamed over it: a reader never sees half a file, and the rename
    replaces the directory entry itself, so a hard link or a symbolic link planted at
    ``path`` is never written through (the file it pointed to is left as it was).
    A path that is not a regular file (``/dev/stdout``, a FIFO, ``/dev/full``) is written in
    place: it cannot be replaced, only written to. Raises OSError."""
    import stat
    import tempfile

    path = Path(path)
    try:
        mode = os.stat(path).st_mode
    except (FileNotFoundError, NotADirectoryError):
        mode = None
    if mode is not None and not stat.S_ISREG(mode):
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(text)
        return
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name[:40]}.", suffix=".tmp", dir=path.parent or ".")
    try:
        # mkstemp makes the file private (0600); the report gets the mode a plain write would
        # give it: the replaced file's, or the umask's for a new one
        os.chmod(tmp, stat.S_IMODE(mode) if mode is not None else _new_file_mode())
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
