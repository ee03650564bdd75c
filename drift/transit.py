"""What a publishing pipeline damages in transit without changing a word: apostrophes left
out ("David’s" -> "Davids", "doesn’t" -> "doesnt") and typographic ligatures spelled out
("deﬁnitely" -> "definitely"), as an ASCII conversion or a PDF extraction does.

The pair model reads words as word pieces, so "Davids" against "David’s" looks to it like a
changed word, and it calls a copy that lost every apostrophe a major change. `model_view`
gives it the original as the copy's damage would have left it, word by word, only where the
copy has the damaged form; findings and reports keep the raw texts. `apostrophes_lost` tells
the garble rules that a stretch is the original's words with their apostrophes left out;
`lost_characters` tells the name rules that a name is the same name damaged ("UN’s" -> "UNs",
"Raúl" -> "Ral").
"""

from __future__ import annotations

import re

APOSTROPHES = "'’‘`"
QUOTATION_MARKS = "\"“”„‟«»"
LIGATURES = {"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st"}
_DROP = str.maketrans("", "", APOSTROPHES)
# a word that holds an apostrophe between letters or a ligature
_DAMAGEABLE = re.compile(r"\w+(?:[" + APOSTROPHES + r"]\w+)+|\w*[" + "".join(LIGATURES) + r"]\w*")
_WORD = re.compile(r"\w+")


def damaged(word: str) -> str:
    """``word`` with its apostrophes left out and its ligatures spelled out."""
    return "".join(LIGATURES.get(ch, ch) for ch in word.translate(_DROP))


def apostrophes_lost(original: str, copy: str) -> bool:
    """Whether ``copy`` is ``original`` with some of its apostrophes left out ("It’s the" ->
    "Its the", "we’ll" -> "well"), and nothing else changed but case and the quotation marks
    at either end, which the same conversion drops ("“It’s a" -> "Its a")."""
    original, copy = original.strip(QUOTATION_MARKS + " "), copy.strip(QUOTATION_MARKS + " ")
    o, c = original.translate(_DROP), copy.translate(_DROP)
    return o.casefold() == c.casefold() and len(original) - len(o) > len(copy) - len(c)


def model_view(original: str, copy: str) -> tuple[str, list[int] | None]:
    """The original with each word that the copy has only in its damaged form (`damaged`)
    written that way, and the map from each character of that text to its offset in the
    original (None when nothing changed: the original itself)."""
    spots = [m for m in _DAMAGEABLE.finditer(original) if damaged(m.group()) != m.group()]
    if not spots:
        return original, None
    copy_words = set(_WORD.findall(copy.casefold()))
    parts: list[str] = []
    index: list[int] = []
    pos = 0
    for m in spots:
        word = m.group()
        if word in copy or damaged(word).casefold() not in copy_words:
            continue  # the copy has the word as it was, or not at all
        parts.append(original[pos:m.start()])
        index.extend(range(pos, m.start()))
        for k, ch in enumerate(word):
            if ch in APOSTROPHES:
                continue
            out = LIGATURES.get(ch, ch)
            parts.append(out)
            index.extend([m.start() + k] * len(out))
        pos = m.end()
    if not parts:
        return original, None
    parts.append(original[pos:])
    index.extend(range(pos, len(original)))
    return "".join(parts), index


def to_original(index: list[int] | None, start: int, end: int) -> tuple[int, int]:
    """A [start, end) span of a `model_view` text as a span of the original."""
    if index is None or end <= start:
        return start, end
    return index[start], index[end - 1] + 1


# What a publishing pipeline loses without changing a name: apostrophes, spaces and hyphens
# ("I’m" -> "Im", "UN’s" -> "UNs", "VO 2" -> "VO2"), and letters outside ASCII, dropped or
# replaced by "_", "?" or U+FFFD ("Raúl" -> "Ral", "Soljačić" -> "Solja__i__").
_LOSSY = re.compile(r"[\s" + APOSTROPHES + r"-]")
DAMAGED_WORD = re.compile(r"[\w" + APOSTROPHES + r"_?\ufffd-]+")


def lost_characters(original: str, copy: str) -> bool:
    """Whether ``copy`` is ``original`` with characters lost in transit (see _LOSSY): the
    same name, damaged, not another name."""
    if original == copy:
        return False
    o, c = _LOSSY.sub("", original), _LOSSY.sub("", copy)
    if len(c) < 2 or sum(ch.isascii() for ch in o) < 2:
        return False
    pat = "".join("[_?\ufffd]{0,2}" if not ch.isascii() else re.escape(ch) for ch in o)
    return re.fullmatch(pat, c) is not None
