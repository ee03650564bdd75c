"""Units: the physical lines of the page that hold the sentences, and what each one measures.

A unit is one raw line (or several adjacent lines a sentence spans) with its text, words,
whether it ends like a sentence, its blank-line block, and the chrome mark the passes give it.
"""

from __future__ import annotations

import bisect
import unicodedata
from collections.abc import Sequence

from .vocab import _ELLIPSIS_END_RE, _LINE_BREAK_RE, _QUOTE_TRANS, _TERMINAL_RE, _WORD_RE


class _Unit:
    """One or more adjacent raw lines holding whole sentences (normally one line)."""

    __slots__ = (
        "first_line", "last_line", "spans", "text", "words", "n_words", "terminal",
        "truncated", "chrome", "reason", "block",
    )

    def __init__(self, first_line: int, last_line: int) -> None:
        self.first_line = first_line
        self.last_line = last_line
        self.spans: list[int] = []
        self.text = ""
        self.words: list[str] = []
        self.n_words = 0
        self.terminal = False
        self.truncated = False
        self.chrome = False
        self.reason = ""
        self.block = 0

    def mark(self, reason: str) -> None:
        if not self.chrome:
            self.chrome = True
            self.reason = reason

    @property
    def prose(self) -> bool:
        """A paragraph-like line: finished sentence of some length, or a long run of words."""
        return (self.terminal and self.n_words >= 6) or self.n_words >= 20


def _clean_span(span: object, n: int) -> _Span | None:
    """Clamp a span into the text; None for anything unusable (never raises)."""
    try:
        start, end = int(span[0]), int(span[1])  # type: ignore[index]
    except Exception:
        return None
    start = min(max(start, 0), n)
    end = min(max(end, 0), n)
    if end <= start:
        return None
    return start, end


_Span = tuple[int, int]
_Analysis = tuple[list["_Unit"], list[int | None], list[_Span | None]]


def _build_units(text: str, spans: Sequence[object]) -> _Analysis:
    """Group the spans into units (merged line ranges) and measure each unit."""
    line_starts = [0] + [m.end() for m in _LINE_BREAK_RE.finditer(text)]
    clean = [_clean_span(s, len(text)) for s in spans]
    # Line range of each span.
    ranges: list[tuple[int, int, int]] = []
    for i, sp in enumerate(clean):
        if sp is None:
            continue
        first = bisect.bisect_right(line_starts, sp[0]) - 1
        last = bisect.bisect_right(line_starts, sp[1] - 1) - 1
        ranges.append((first, last, i))
    ranges.sort()
    units: list[_Unit] = []
    unit_of: list[int | None] = [None] * len(clean)
    for first, last, i in ranges:
        if units and first <= units[-1].last_line:
            unit = units[-1]
            unit.last_line = max(unit.last_line, last)
        else:
            unit = _Unit(first, last)
            units.append(unit)
        unit.spans.append(i)
        unit_of[i] = len(units) - 1
    block = 0
    for k, unit in enumerate(units):
        start = line_starts[unit.first_line]
        nxt = unit.last_line + 1
        end = line_starts[nxt] if nxt < len(line_starts) else len(text)
        unit.text = _normalise_space(text[start:end])
        unit.words = _WORD_RE.findall(unit.text)
        unit.n_words = len(unit.words)
        unit.terminal = bool(_TERMINAL_RE.search(unit.text))
        unit.truncated = bool(_ELLIPSIS_END_RE.search(unit.text))
        # Units on directly adjacent lines share a block; a gap (blank line) starts a new one.
        if k and unit.first_line > units[k - 1].last_line + 1:
            block += 1
        unit.block = block
    return units, unit_of, clean


def _normalise_space(s: str) -> str:
    return " ".join(s.replace("\u00a0", " ").replace("\u200b", "").split())


def _key(s: str) -> str:
    """Comparison key for repetition: case, quotes, dashes and spacing folded."""
    return unicodedata.normalize("NFKC", s).translate(_QUOTE_TRANS).casefold()
