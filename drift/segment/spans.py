"""The final pass over the spans: punctuation-only fragments attached to a neighbour on
their line, and any span longer than ``MAX_SENTENCE_CHARS`` cut at a space.
"""

from __future__ import annotations

import re
import unicodedata

from .punctuation import _has_linebreak
from .tables import _ALNUM_RE, _NON_SPACE_RE

#: Longer spans are cut at the last space before this many characters (the longest sentence
#: in the evaluation data has 1 120). Without it a 20 MB line without punctuation was one
#: "sentence", and the word diff of two such sentences never finished.
MAX_SENTENCE_CHARS = 2_000


def _attach_punctuation_only(
    text: str, spans: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """Merge spans with no letter or digit into a neighbour on the same line.

    "could increase. ." must not yield a sentence ".", but a line that is only
    punctuation ("___", "* * *") stays a sentence of its own.
    """
    result: list[tuple[int, int]] = []
    pending: tuple[int, int] | None = None  # punctuation waiting for a right neighbour
    for start, end in spans:
        has_alnum = _ALNUM_RE.search(text, start, end) is not None
        if pending is not None:
            if _has_linebreak(text, pending[1], start):
                result.append(pending)  # a line of its own: keep it
            else:
                start = pending[0]  # prepend to this span
            pending = None
        if has_alnum:
            result.append((start, end))
        elif result and not _has_linebreak(text, result[-1][1], start):
            result[-1] = (result[-1][0], end)  # "could increase. ." -> append
        else:
            pending = (start, end)
    if pending is not None:
        result.append(pending)
    return result


_LAST_SPACE_RE = re.compile(r"\s(?=\S*\Z)")


def _cut_long(text: str, spans: list[tuple[int, int]], limit: int = MAX_SENTENCE_CHARS) -> list[tuple[int, int]]:
    """Cut spans longer than ``limit`` into pieces of at most ``limit`` characters.

    A piece ends at the last whitespace in the second half of its window, else (no space:
    CJK without stops, a base64 blob) right at the limit, stepping back over combining
    marks so that a letter keeps its accents. Pieces stay stripped and cover the same text.
    """
    if all(end - start <= limit for start, end in spans):
        return spans
    out: list[tuple[int, int]] = []
    for start, end in spans:
        while end - start > limit:
            window_end = start + limit
            space = _LAST_SPACE_RE.search(text, start + limit // 2, window_end)
            if space is not None:
                cut = space.start()
            else:
                cut = window_end
                while cut > start + limit // 2 and unicodedata.combining(text[cut]):
                    cut -= 1
            piece_end = cut
            while text[piece_end - 1].isspace():  # stops at start, which is not a space
                piece_end -= 1
            out.append((start, piece_end))
            start = _NON_SPACE_RE.search(text, cut, end).start()
        out.append((start, end))
    return out
