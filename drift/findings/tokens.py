"""Tokens of a passage and the per-side facts every detector reads (``_Side``)."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import TYPE_CHECKING

from .lexicon import _sentence_starts

if TYPE_CHECKING:  # pragma: no cover
    from .name_tokens import _Name
    from .numbers import _Num

_TOKEN_RE = re.compile(
    r"""
      (?:[A-Za-z]\.){2,}(?![A-Za-z])            # U.S.  U.K.  a.m.  p.m.
    | [A-Z]{2,3}\d+(?:[.,]\d+)+(?!\w)          # RMB30,000  EUR1.5: a currency code glued to a figure
    | \d+(?:[.,:]\d+)*(?:[A-Za-z]+)?(?:-\w+)*   # 10,000  99.99  9:19  24th  1990s  40-year-old
    | \w+(?:['’\-]\w+)*                         # Russia’s  can't  pre-emptive  F-16
    | \.\.\.                                    # ASCII ellipsis (one token, like …)
    | [^\w\s]                                   # any other single symbol
    """,
    re.X,
)


# Typography that never changes meaning: curly vs straight quotes and apostrophes,
# en/em dashes vs hyphen, … vs ..., non-breaking space.
_TYPO = str.maketrans(
    {
        "‘": "'", "’": "'", "‚": "'", "‛": "'", "′": "'", "`": "'",
        "“": '"', "”": '"', "„": '"', "‟": '"', "«": '"', "»": '"', "″": '"',
        "‹": "'", "›": "'",
        "–": "-", "—": "-", "‒": "-", "―": "-", "−": "-", "‐": "-", "‑": "-",
        "…": "...", "\u00a0": " ",
    }
)


def tokenize(text: str) -> list[tuple[str, int, int]]:
    """Word, number and punctuation tokens of ``text`` as ``(token, start, end)``."""
    return [(m.group(), m.start(), m.end()) for m in _TOKEN_RE.finditer(text)]


@lru_cache(maxsize=1 << 16)
def normalise_token(token: str) -> str:
    """The form tokens are compared in: typography-normalised and case-folded."""
    return token.translate(_TYPO).casefold()


@lru_cache(maxsize=1 << 16)
def _strip_accents(s: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKD", s) if not unicodedata.combining(ch))


class _Side:
    """One text with its tokens, their normalised forms and cached per-token facts."""

    __slots__ = ("text", "toks", "norms", "cap", "starts", "date_tokens", "names", "nums", "caps", "neg")

    def __init__(self, text: str) -> None:
        self.text = text
        self.toks = tokenize(text)
        self.norms = [normalise_token(t) for t, _, _ in self.toks]
        self.cap = [t[0].isupper() and t[0].isalpha() for t, _, _ in self.toks]  # capitalised word?
        self.starts = _sentence_starts(text, self.toks, self.norms)
        self.date_tokens: set[int] = set()
        self.names: list[_Name] = []
        self.nums: list[_Num] | None = None  # filled by _numbers() after _dates() ran
        self.caps: set[str] | None = None  # keys of capitalised tokens (_caps_keys)
        self.neg: list[int] | None = None  # negation cue indices (_negation_cues)

    def span(self, i1: int, i2: int) -> tuple[int, int]:
        """Character span of tokens [i1, i2); an empty range anchors after token i1-1."""
        if i1 < i2:
            return (self.toks[i1][1], self.toks[i2 - 1][2])
        pos = self.toks[i1 - 1][2] if i1 > 0 else 0
        return (pos, pos)

    def is_word(self, i: int) -> bool:
        return self.toks[i][0][0].isalnum()
