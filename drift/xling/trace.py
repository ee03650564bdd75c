"""Translations in `drift trace` and `drift audit`: cross-language copy links and originals.

``drift.trace`` finds copies by shared words (MinHash) and English sentence vectors; a
translation shares neither with its original. When the documents of a run are not all
English, ``cross_language_links`` adds what those cannot see:

1. **Candidates without shared words**: every document gets a cross-lingual document
   vector (mean of a spread sample of its body sentences, ``xling.embed``); each document
   in another language than English is paired with its nearest neighbours by it.
2. **Verification**: a spread sample of both documents' sentences; a sentence is matched
   when its best cross-lingual cosine on the other side is at least ``match_cosine`` and
   the two are each other's best; a link needs ``min_containment`` of one side matched.

``place_translations`` names a family's original when its members are in several
languages: the original is chosen among the English members by trace's own evidence (a
translation of a translation back into English, like the seeds' copies, stays a copy of
the English original), and every member in another language hangs from its nearest
English member with the reason "translation of …".
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Sequence

import numpy as np

from ..lang import language_name

__all__ = ["XlingTraceConfig", "cross_language_links", "is_multilingual", "place_translations"]


@dataclass(frozen=True)
class XlingTraceConfig:
    sample_sentences: int = 4  # body sentences per document for its cross-lingual vector
    neighbours: int = 6  # nearest documents checked per non-English document
    neighbour_floor: float = 0.30  # ... with at least this document-vector cosine
    verify_sentences: int = 10  # body sentences per document compared for containment
    match_cosine: float = 0.40  # a sentence matches when its mutual best cosine is this high
    min_containment: float = 0.5  # share of one side's sampled sentences matched for a link
    min_matched: int = 2

    def signature(self) -> str:
        return "xtrace:" + ",".join(f"{k}={v}" for k, v in self.__dict__.items())


def _lang(doc) -> str:
    return doc.document.language or "en"


def is_multilingual(docs: Sequence) -> bool:
    """Is any of the trace documents in another language than English?"""
    return any(_lang(d) != "en" for d in docs)


def cross_language_links(docs: Sequence, found, embedder_for=None, config: XlingTraceConfig = XlingTraceConfig()):
    """``found`` (a ``trace.LinkSearch``) plus the links between documents in different
    languages; documents all in English return ``found`` unchanged."""
    from ..trace import CopyLink, SentenceVectors, nearest_pairs, sample_positions
    from .embed import encoder_name_for, xling_embedder

    if not is_multilingual(docs):
        return found
    name = encoder_name_for({_lang(d) for d in docs})
    embedder = embedder_for(name) if embedder_for else xling_embedder(name)
    vecs = SentenceVectors(docs, embedder)
    first = {k: sample_positions(len(d.body), config.sample_sentences) for k, d in enumerate(docs)}
    vecs.ensure((k, p) for k, ps in first.items() for p in ps)
    dv = np.stack([vecs.matrix(k, first[k]).mean(axis=0) for k in range(len(docs))])
    dv /= np.maximum(np.linalg.norm(dv, axis=1, keepdims=True), 1e-9)
    pairs = {
        (a, b) for a, b in nearest_pairs(dv, config.neighbours, config.neighbour_floor)
        if _lang(docs[a]) != _lang(docs[b]) or _lang(docs[a]) != "en"
    }
    have = {frozenset((ln.a, ln.b)) for ln in found.links}
    pairs = sorted(p for p in pairs if frozenset((docs[p[0]].id, docs[p[1]].id)) not in have)
    second = {k: sample_positions(len(docs[k].body), config.verify_sentences) for p in pairs for k in p}
    vecs.ensure((k, p) for k, ps in second.items() for p in ps)
    links = list(found.links)
    for a, b in pairs:
        pa, pb = second[a], second[b]
        cos = vecs.matrix(a, pa) @ vecs.matrix(b, pb).T
        best_b, best_a = cos.argmax(axis=1), cos.argmax(axis=0)
        mutual = np.array([best_a[best_b[i]] == i and cos[i, best_b[i]] >= config.match_cosine for i in range(len(pa))])
        ma = int(mutual.sum())
        sa, sb = ma / len(pa), ma / len(pb)
        if max(sa, sb) < config.min_containment or ma < config.min_matched:
            continue
        links.append(CopyLink(
            docs[a].id, docs[b].id, round(sa, 4), round(sb, 4), ma, len(docs[a].body), ma, len(docs[b].body),
            0.0, estimated=True,
        ))
    return replace(found, links=tuple(links), sentences_embedded=found.sentences_embedded + vecs.requested,
                   embed_seconds=found.embed_seconds + vecs.seconds)


def place_translations(members: Sequence, links: Sequence, weights, place_family):
    """``trace.place_family`` for a family whose members are in several languages."""
    english = [m for m in members if _lang(m) == "en"]
    if not english or len(english) == len(members):
        return place_family(members, links, weights)
    en_ids = {m.id for m in english}
    if len(english) == 1:
        original = english[0].id
        placed = {original: (None, 0.9, (f"original of a family of {len(members)}: the English document; "
                                         f"the others are translations of it",))}
    else:
        en_links = [ln for ln in links if ln.a in en_ids and ln.b in en_ids]
        if en_links:
            original, placed = place_family(english, en_links, weights)
        else:
            original = max(english, key=lambda m: (len(m.body), -m.index)).id
            placed = {m.id: (None if m.id == original else original, 0.6,
                             ("English member of a family joined through its translations",)) for m in english}
    for m in members:
        if m.id in en_ids:
            continue
        # The English member it is most closely linked to (the original when none is).
        best, share = original, 0.0
        for ln in links:
            if m.id in (ln.a, ln.b) and ln.other(m.id) in en_ids and ln.of(m.id) > share:
                best, share = ln.other(m.id), ln.of(m.id)
        reason = f"translation of {best} (English -> {language_name(_lang(m))})"
        if share:
            reason += f": {share:.0%} of its sampled sentences match across languages"
        placed[m.id] = (best, 0.9 if share else 0.6, (reason,))
    return original, placed
