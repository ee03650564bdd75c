"""Layers 1 and 2: blocks (a blank line always ends a sentence), their stripped lines, and
the runs of lines that the punctuation rules then split: a single line break is a boundary
after an unpunctuated line when the next line starts a new unit, except in a block that
looks hard-wrapped (there a line break is just a space).
"""

from __future__ import annotations

from .tables import (
    _CLOSERS,
    _CONNECTORS,
    _CONTINUATION_CHARS,
    _HSPACE_RE,
    _LINEBREAKS_RE,
    _LINE_RE,
    _OPENERS,
    _PREPOSITIONS,
    _TERMINALS,
)


def _blocks(text: str):
    """Yield [start, end) of paragraphs, i.e. text between blank lines."""
    start = 0
    for match in _LINEBREAKS_RE.finditer(text):
        breaks = match.group()
        if len(breaks) > 1:
            breaks = _HSPACE_RE.sub("", breaks)
        # Two line breaks make a blank line, except "\r\n" which is one; the
        # Unicode paragraph separator is a paragraph break on its own.
        if (len(breaks) > 1 and breaks != "\r\n") or "\u2029" in breaks:
            yield start, match.start()
            start = match.end()
    yield start, len(text)


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink [start, end) to exclude surrounding whitespace (may become empty)."""
    piece = text[start:end]
    stripped_left = piece.lstrip()
    start += len(piece) - len(stripped_left)
    end = start + len(stripped_left.rstrip())
    return start, end


def _lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Stripped, non-empty lines of one block."""
    lines = []
    for match in _LINE_RE.finditer(text, start, end):
        line_start, line_end = _strip(text, match.start(), match.end())
        if line_start < line_end:
            lines.append((line_start, line_end))
    return lines


def _ends_with_terminal(text: str, start: int, end: int) -> bool:
    """True if text[start:end] ends with final punctuation (closers allowed)."""
    i = end
    while i > start and end - i < 8 and text[i - 1] in _CLOSERS:
        i -= 1
    return i > start and text[i - 1] in _TERMINALS


def _first_letter_is_lower(text: str, start: int, end: int) -> bool:
    i = start
    while i < end and i - start < 8 and text[i] in _OPENERS:
        i += 1
    return i < end and text[i].islower()


def _looks_hard_wrapped(text: str, lines: list[tuple[int, int]]) -> bool:
    """Guess whether a block is prose wrapped at a fixed width.

    Wrapped prose has non-final lines of similar length, most of them cut
    mid-sentence, and many continuing with a lowercase word.  A scraped list
    of headlines also has similar lengths but its lines start with capitals,
    so it is not mistaken for wrapped prose.
    """
    if len(lines) < 3:
        return False
    body = lines[:-1]
    lengths = [end - start for start, end in body]
    if min(lengths) < 35 or max(lengths) > 110 or max(lengths) - min(lengths) > 40:
        return False
    cut_mid_sentence = sum(
        not _ends_with_terminal(text, start, end) for start, end in body
    )
    lowercase_next = sum(
        _first_letter_is_lower(text, start, end) for start, end in lines[1:]
    )
    return cut_mid_sentence * 2 >= len(body) and lowercase_next * 3 >= len(body)


def _newline_breaks(text: str, prev: tuple[int, int], nxt: tuple[int, int]) -> bool | None:
    """Decide whether the line break between two lines ends a sentence.

    Returns None when the previous line ends with final punctuation: the
    punctuation rules then decide (knowing that a line break follows).
    """
    prev_start, prev_end = prev
    if _ends_with_terminal(text, prev_start, prev_end):
        return None
    if text[prev_end - 1] in _CONTINUATION_CHARS:
        return False  # "KYIV –", "the cat," ... the sentence goes on
    window_start = max(prev_start, prev_end - 40)
    words = text[window_start:prev_end].split()
    last_word = words[-1] if len(words) > 1 or window_start == prev_start else ""
    if last_word in _CONNECTORS:
        return False  # "the president of the" / "United States said"
    if _first_letter_is_lower(text, *nxt):
        # Usually the sentence goes on ("He said\nthat it was fine."), but a
        # short unpunctuated line is a UI string of its own ("close\nclose",
        # "Keep reading\nlist of 4 items"), unless a preposition leads into it.
        return (
            last_word not in _PREPOSITIONS
            and _is_short(text, *nxt)
            and not _ends_with_terminal(text, *nxt)
        )
    # Headline, caption, timestamp, menu entry: the next line is a new unit.
    return True


def _is_short(text: str, start: int, end: int) -> bool:
    """At most four words (a menu entry or button label)."""
    return end - start <= 40 and len(text[start:end].split(None, 4)) <= 4


def _runs(text: str, lines: list[tuple[int, int]], wrapped: bool):
    """Group the lines of a block into runs that punctuation rules then split."""
    run_start = lines[0][0]
    for prev, nxt in zip(lines, lines[1:]):
        if not wrapped and _newline_breaks(text, prev, nxt):
            yield run_start, prev[1]
            run_start = nxt[0]
    yield run_start, lines[-1][1]
