"""Rule-based sentence segmentation for scraped news English.

``split_sentences(text)`` returns ``[start, end)`` character spans into the
text exactly as given: nothing is normalised, so every sentence points back to
the raw article (offsets are Python string indices, see ``spec/contracts.md``).

The segmenter works in three layers, from hard to soft evidence:

1. **Blocks.** A blank line (two line breaks with only spaces between them)
   always ends a sentence.
2. **Lines.** Scraped pages put each headline, caption, timestamp and menu
   entry on its own line, usually without final punctuation.  A single line
   break inside a block is a boundary when the line before it has no final
   punctuation and the next line starts like a new unit (see
   ``_newline_breaks``).  Blocks that look hard-wrapped (e-mail style prose
   at a fixed width) are the exception: there a line break is just a space.
3. **Punctuation.** Inside the resulting runs, clusters of ``. ! ? …`` (plus
   closing quotes/brackets) are candidate boundaries; ``_boundary_after``
   decides with abbreviation lists, initials, list markers, ellipsis rules and
   the shape of the next word, in the spirit of the pragmatic_segmenter /
   pySBD "golden rules".  CJK full stops (。！？) always end a sentence.

A final pass attaches punctuation-only fragments (``could increase. .``) to a
neighbour on the same line, so no span is just ``.``, unless the whole line is
punctuation (``___``, ``* * *``).  Another cuts any span longer than
``MAX_SENTENCE_CHARS`` at a space (text without punctuation, a scraped table):
no real sentence is that long, and every later stage assumes sentence-sized pieces.

Everything is linear in the length of the text: the regular expressions are
written so they cannot backtrack catastrophically, and the per-candidate work
looks at a bounded window around the candidate.

This package is the public entry point (``split_sentences``); the parts each do one job:
:mod:`.tables` (character classes and word tables), :mod:`.lines` (layers 1 and 2),
:mod:`.punctuation` (layer 3), :mod:`.spans` (the final pass) and :mod:`.lang` (the rules
of languages other than English).
"""

from __future__ import annotations

from .lang import rules_for
from .lines import _blocks, _lines, _looks_hard_wrapped, _runs
from .punctuation import _split_run
from .spans import MAX_SENTENCE_CHARS, _attach_punctuation_only, _cut_long

__all__ = ["MAX_SENTENCE_CHARS", "SEGMENTER_NAME", "split_sentences"]

#: Recorded in reports; bump the suffix whenever the segmentation changes.
SEGMENTER_NAME = "drift-rules@2"


def split_sentences(text: str, language: str | None = None) -> list[tuple[int, int]]:
    """Split ``text`` into sentences.

    Args:
        text: the document exactly as read (any Unicode; never modified).
        language: ISO 639-1 code of the text's language, if known. English, None and
            languages without rules of their own use the general rules; German, Czech,
            Russian, Ukrainian, French, Spanish, Italian and Portuguese add their
            abbreviations and ordinal numbers (``drift.segment.lang``).

    Returns:
        Sentence spans ``[start, end)`` into ``text``, in order and
        non-overlapping.  Each span is non-empty and stripped of surrounding
        whitespace, and together the spans cover every non-whitespace
        character of ``text`` exactly once.  Empty or blank text gives ``[]``.
    """
    if not isinstance(text, str):
        raise TypeError(f"split_sentences expects str, got {type(text).__name__}")
    rules = rules_for(language)
    spans: list[tuple[int, int]] = []
    for block_start, block_end in _blocks(text):
        lines = _lines(text, block_start, block_end)
        if not lines:
            continue
        wrapped = _looks_hard_wrapped(text, lines)
        for run_start, run_end in _runs(text, lines, wrapped):
            _split_run(text, run_start, run_end, not wrapped, spans, rules)
    return _cut_long(text, _attach_punctuation_only(text, spans))
