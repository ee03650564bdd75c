"""Translations in `drift trace` and `drift audit`: cross-language copy links and originals.

``drift.trace`` finds copies by shared words (MinHash) and English sentence vectors; a
translation shares neither with its original. When the documents of a run are not all
English, ``cross_language_links`` adds what those cannot see:

1. **Candidates without shared words**: every document gets a cross-lingual document
   vector (mean of a spread sample of its body sentences, ``xling.embed``) and is paired
   with its nearest neighbours *in other languages* (within one language the language
   itself makes unrelated documents look alike; there, word-for-word links stand).
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
    verify_sentences: int = 40  # body sentences per document compared for containment (all, up to 40)
    match_cosine: float = 0.40  # a sentence matches when its mutual best cosine is this high
    min_containment: float = 0.5  # share of one side's sampled sentences matched for a link
    min_containment_no_english: float = 0.7  # ... when neither side is English (Slavic pairs look alike)
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
    from ..trace import CopyLink, SentenceVectors, sample_positions
    from .embed import encoder_name_for, xling_embedder

    if not is_multilingual(docs):
        return found
    name = encoder_name_for({_lang(d) for d in docs})
    embedder = embedder_for(name) if embedder_for else xling_embedder(name)
    vecs = SentenceVectors(docs, embedder)
    first = {k: sample_positions(len(d.body), config.sample_sentences) for k, d in enumerate(docs)}
    vecs.ensure((k, p) for k, ps in first.items() for p in ps)
    langs = np.array([_lang(d) for d in docs])
    centre = _language_means(vecs, langs, first)
    dv = np.stack([_unit(vecs.matrix(k, first[k]) - centre.get(langs[k], 0.0)).mean(axis=0) for k in range(len(docs))])
    dv /= np.maximum(np.linalg.norm(dv, axis=1, keepdims=True), 1e-9)
    pairs = _cross_language_neighbours(dv, langs, config.neighbours, config.neighbour_floor)
    # The English tracer's links of a non-English document are set aside: its English sentence
    # vectors of Chinese or Cyrillic text are near one another whatever the text says.
    # (Two documents in one other language keep their link only when it rests on sentences
    # matched word for word, which holds in any language written with spaces.)
    lang_of = {d.id: _lang(d) for d in docs}
    english_links = [
        ln for ln in found.links
        if lang_of[ln.a] == lang_of[ln.b] and (lang_of[ln.a] == "en" or ln.verbatim >= 0.5)
    ]
    have = {frozenset((ln.a, ln.b)) for ln in english_links}
    pairs = sorted(p for p in pairs if frozenset((docs[p[0]].id, docs[p[1]].id)) not in have)
    second = {k: sample_positions(len(docs[k].body), config.verify_sentences) for p in pairs for k in p}
    vecs.ensure((k, p) for k, ps in second.items() for p in ps)
    links = english_links
    for a, b in pairs:
        pa, pb = second[a], second[b]
        cos = _unit(vecs.matrix(a, pa) - centre.get(langs[a], 0.0)) @ _unit(vecs.matrix(b, pb) - centre.get(langs[b], 0.0)).T
        best_b, best_a = cos.argmax(axis=1), cos.argmax(axis=0)
        mutual = np.array([best_a[best_b[i]] == i and cos[i, best_b[i]] >= config.match_cosine for i in range(len(pa))])
        ma = int(mutual.sum())
        sa, sb = ma / len(pa), ma / len(pb)
        need = config.min_containment if "en" in (_lang(docs[a]), _lang(docs[b])) else config.min_containment_no_english
        if max(sa, sb) < need or ma < config.min_matched:
            continue
        links.append(CopyLink(
            docs[a].id, docs[b].id, round(sa, 4), round(sb, 4), ma, len(docs[a].body), ma, len(docs[b].body),
            0.0, estimated=True,
        ))
    return replace(found, links=tuple(links), sentences_embedded=found.sentences_embedded + vecs.requested,
                   embed_seconds=found.embed_seconds + vecs.seconds)


def _unit(m: np.ndarray) -> np.ndarray:
    return m / np.maximum(np.linalg.norm(m, axis=1, keepdims=True), 1e-9)


def _language_means(vecs, langs: np.ndarray, first: dict, min_docs: int = 3) -> dict:
    """Mean sentence vector of each language with at least ``min_docs`` documents in the run.

    Subtracted before any comparison: what all texts of one language share (the language
    itself: Chinese sentences sit apart from all others in e5) says nothing about content.
    """
    out = {}
    for lang in set(langs.tolist()):
        ks = [k for k in range(len(langs)) if langs[k] == lang]
        if len(ks) >= min_docs:
            out[lang] = np.concatenate([vecs.matrix(k, first[k]) for k in ks]).mean(axis=0)
    return out


def _cross_language_neighbours(dv: np.ndarray, langs: np.ndarray, k: int, floor: float,
                               block: int = 512) -> set[tuple[int, int]]:
    """Pairs (i < j) in different languages where j is among i's k nearest documents in
    another language than i's (document vectors are unit rows)."""
    n = len(dv)
    pairs: set[tuple[int, int]] = set()
    for lo in range(0, n, block):
        sims = dv[lo : lo + block] @ dv.T
        sims[langs[lo : lo + block, None] == langs[None, :]] = -np.inf
        kk = min(k, n - 1)
        if kk <= 0:
            break
        top = np.argpartition(-sims, kk - 1, axis=1)[:, :kk]
        for r, row in enumerate(top):
            for j in row:
                if sims[r, j] >= floor:
                    i = lo + r
                    pairs.add((min(i, int(j)), max(i, int(j))))
    return pairs


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
