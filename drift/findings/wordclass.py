"""Word classes (Penn Treebank tags from drift's spaCy tagger, :mod:`drift.nlp`) for the
tokens of one side, asked for only by rules that already found a candidate on the tokens
alone (a phrase exchange, a flipped preposition): most pairs never load the tagger here.

``tags(side)`` gives, per token of the side, the tags of the spaCy tokens inside it
("Russia's" -> ("NNP", "POS")), or None when the tagger cannot be loaded: the rules that
need word classes then do not fire (the judge reports the missing model itself)."""

from __future__ import annotations

from functools import lru_cache

from .tokens import _Side

NOUNS = frozenset({"NN", "NNS", "NNP", "NNPS", "PRP", "CD"})
FINITE = frozenset({"VB", "VBD", "VBP", "VBZ", "MD"})
VERBS = FINITE | {"VBG", "VBN"}
DETERMINERS = frozenset({"DT", "PDT", "PRP$", "WP$"})
ADJECTIVES = frozenset({"JJ", "JJR", "JJS"})


@lru_cache(maxsize=512)
def _tagged(text: str) -> tuple[tuple[int, int, str], ...] | None:
    from ..errors import ModelError
    from ..nlp import load_spacy

    try:
        nlp = load_spacy()
    except ModelError:
        return None
    return tuple((t.idx, t.idx + len(t.text), t.tag_) for t in nlp(text))


def tags(side: _Side) -> list[tuple[str, ...]] | None:
    """Tags of the spaCy tokens overlapping each token of ``side`` (None: no tagger)."""
    tagged = _tagged(side.text)
    if tagged is None:
        return None
    out: list[tuple[str, ...]] = []
    k = 0
    for _, start, end in side.toks:
        while k < len(tagged) and tagged[k][1] <= start:
            k += 1
        here = []
        m = k
        while m < len(tagged) and tagged[m][0] < end:
            here.append(tagged[m][2])
            m += 1
        out.append(tuple(here))
    return out


def noun_phrase(t: list[tuple[str, ...]]) -> bool:
    """Do the tags of these tokens make a noun phrase: a noun, pronoun or number (or a
    determiner-led fused head, "those present") and no verb that heads a clause?"""
    flat = [x for tok in t for x in tok]
    if not flat or any(x in FINITE for x in flat):
        return False
    if any(x in NOUNS for x in flat):
        return True
    return flat[0] in DETERMINERS and flat[-1] in ADJECTIVES
