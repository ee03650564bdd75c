"""Copies in other languages: an English original against its German, Russian, Ukrainian,
Chinese, Czech (or French, Spanish, Italian, Portuguese) republication.

``drift.compare.compare_documents`` hands a pair over here when either document is in a
language other than English (``Document.language``, from ``drift.lang``). The pair is
aligned by the same aligner, on a cross-lingual encoder's similarities (``xling.embed``)
with thresholds fitted to that encoder (``ALIGN``), and judged by ``XlingJudge``
(``xling.judge``): typed findings that work across languages (``xling.findings``:
numbers in their locale formats, dates and weekdays, money, names across scripts,
negation where plainly marked, quotes) plus the embedding similarity. The English
judge's token-level checks and its learned pair model never see a cross-language pair;
what cannot be decided across languages is reported as "not checked".
"""

from __future__ import annotations

from dataclasses import dataclass

from ..align import AlignConfig
from ..lang import SUPPORTED, language_name
from ..types import Direction, Document

__all__ = ["ALIGN", "LINK_SIMILARITY", "XlingSetup", "is_cross_language", "setup_for"]

# Aligner thresholds for the cross-lingual encoders (their cosines: translations ~0.45-0.8,
# unrelated sentences ~0.1-0.25), fitted on xling_dev by bench/xling.py.
ALIGN = AlignConfig(semantic_weight=0.8, min_score=0.28, pair_penalty=0.02, part_floor=0.2, order_bonus=0.06)
# A unit at or above this cosine counts as linked (the compare "is it a copy?" share).
LINK_SIMILARITY = 0.35


def is_cross_language(original: Document, copy: Document) -> bool:
    """Is either document in a language other than English (None counts as English)?"""
    return (original.language or "en") != "en" or (copy.language or "en") != "en"


@dataclass(frozen=True)
class XlingSetup:
    """What compare uses instead of its English defaults for a cross-language pair."""

    embedder: object
    judge: object
    config: object
    link_similarity: float

    def direction(self, original: Document, copy: Document) -> Direction:
        """An English document against a translation: the English one is the original."""
        o, c = original.language or "en", copy.language or "en"
        if o == c:
            return Direction(False, 0.0, (f"both in {language_name(o)}",))
        if c == "en":
            return Direction(True, -3.0, (f"the copy is in English and the original in {language_name(o)}: "
                                          "the original looks like a translation of the copy",))
        if o == "en":
            return Direction(False, 3.0, (f"translation of the English original into {language_name(c)}",))
        return Direction(False, 0.0, (f"{language_name(o)} against {language_name(c)}",))


def setup_for(original: Document, copy: Document, config, embedder=None):
    """The cross-lingual embedder (``embedder`` when the caller passes a multilingual one),
    judge and aligner thresholds for this pair."""
    from dataclasses import replace

    from .embed import encoder_name_for, xling_embedder
    from .judge import XlingJudge

    name = encoder_name_for((original.language, copy.language))
    return XlingSetup(
        embedder or xling_embedder(name),
        XlingJudge(original.language or "en", copy.language or "en"),
        replace(config, align=ALIGN),
        LINK_SIMILARITY,
    )


def unsupported(doc: Document) -> bool:
    return doc.language is not None and doc.language not in SUPPORTED
