"""The one sanitiser for untrusted text (article text, titles, file names, feed fields) on
its way to any output: terminal, stderr, HTML, Markdown and JSON.

One character set, :data:`UNSAFE`: C0 controls other than tab, line feed and carriage
return, DEL, the C1 controls U+0080-U+009F (U+009B is a terminal's CSI), bidi marks,
embeddings, overrides and isolates, the Unicode line and paragraph separators, lone
surrogates and the byte-order mark. Each output decides only how to show them:

- :func:`clean` replaces each one with U+FFFD, one for one (offsets still line up);
- :func:`flat` also turns tab, line feed and carriage return into spaces (one terminal line);
- :func:`one_line` is ``flat`` cut to a length, for a message on standard error;
- :func:`escaped` writes them as visible ``\\x1b``-style escapes (a file name in a message);
- :func:`json_text` writes them as ``\\uXXXX`` escapes in JSON.
"""

from __future__ import annotations

import json
import re

UNSAFE_CLASS = (
    r"\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
    r"\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029\ud800-\udfff\ufeff"
)
UNSAFE = re.compile(f"[{UNSAFE_CLASS}]")
_UNSAFE_OR_BREAK = re.compile(f"[{UNSAFE_CLASS}\\t\\n\\r]")
REPLACEMENT = "\ufffd"


def clean(text: str) -> str:
    """Every unsafe character replaced by U+FFFD, one for one."""
    return UNSAFE.sub(REPLACEMENT, text)


def flat(text: str) -> str:
    """``clean``, and tab, line feed and carriage return made spaces (still one for one)."""
    return _UNSAFE_OR_BREAK.sub(lambda m: " " if m.group() in "\t\n\r" else REPLACEMENT, text)


def one_line(text: object, limit: int = 200) -> str:
    """Untrusted text for one line of a message: ``flat`` and at most ``limit`` characters."""
    s = flat(str(text))
    return s if len(s) <= limit else s[: limit - 1] + "\u2026"


def escaped(text: str, limit: int = 300) -> str:
    """Unsafe characters (and tab, line breaks) written as Python-style escapes, so a file
    name with a newline or an escape sequence is shown exactly and harmlessly."""
    s = _UNSAFE_OR_BREAK.sub(lambda m: m.group().encode("unicode_escape", "backslashreplace").decode("ascii")
                             if not "\ud800" <= m.group() <= "\udfff" else f"\\u{ord(m.group()):04x}", text)
    return s if len(s) <= limit else f"{s[:200]}\u2026{s[-60:]}"


def json_text(obj, *, indent: int | None = None) -> str:
    """``json.dumps`` with non-ASCII text kept readable but every unsafe character written as
    a ``\\uXXXX`` escape (JSON escapes C0 itself; C1, bidi overrides and lone surrogates it
    would pass through raw). Safe on a terminal and always encodable as UTF-8."""
    s = json.dumps(obj, ensure_ascii=False, indent=indent)
    return UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", s)
