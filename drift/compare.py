"""The compare pipeline: two texts in, one Report out.

read -> segment -> mark chrome -> embed body sentences -> similarity matrices -> align
-> judge every unit -> facts moved between rows -> summary. Nothing here prints; the CLI renders the Report.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Sequence

import numpy as np

from . import __version__
from .align import AlignConfig, align, content_tokens, lexical_matrix
from .boilerplate import BOILERPLATE_NAME, mark_boilerplate
from .embed import Embedder
from .errors import ExitCode, InputError
from .io import MAX_ALIGN_PAIRS, MAX_SENTENCES, shown
from .judge import Judge
from .moves import MOVE_WINDOW, facts_moved
from .segment import SEGMENTER_NAME, split_sentences
from .types import SEVERITY_RANK, Alignment, Direction, Document, Judgement, PairVerdict, Report, Sentence

# "Is this a copy at all?" A body sentence is linked when its aligned unit's cosine
# similarity is at least LINK_SIMILARITY: on the seeds every sentence a copy really kept
# scores 0.80 or more (garbled and reworded ones included), while the best matches between
# two stories on one subject (000 vs 004) score 0.60-0.77. The texts are `unrelated` when
# under MIN_LINKED_SHARE of the shorter side's body sentences are linked: a copy that keeps
# a quarter of the shorter text is still a copy (trace links at 40 % of either side).
LINK_SIMILARITY = 0.80
MIN_LINKED_SHARE = 0.25
# The arguments look swapped when trace's originality evidence favours COPY as the source
# by at least this score (trace's direction confidence sigmoid(2 x score) = 0.98).
SWAP_MARGIN = 2.0


@dataclass(frozen=True)
class CompareConfig:
    align: AlignConfig = field(default_factory=AlignConfig)
    max_sentences: int = MAX_SENTENCES
    max_pairs: int = MAX_ALIGN_PAIRS  # original body sentences x copy body sentences


def build_document(source: str, text: str, max_sentences: int = MAX_SENTENCES) -> Document:
    """Segment a text and mark its page chrome."""
    from .lang import detect_language

    language = detect_language(text)
    spans = split_sentences(text, language)
    if len(spans) > max_sentences:
        raise InputError(
            f"{shown(source)}: {len(spans)} sentences is over the limit of {max_sentences} per document"
        )
    # The chrome rules count words by spaces: Chinese and Japanese text (no spaces) would read
    # as one-word lines, i.e. all chrome, so their page chrome is not set aside.
    chrome = mark_boilerplate(text, spans) if spans and language not in ("zh", "ja") else [False] * len(spans)
    sents = tuple(Sentence(k, text[a:b], a, b, bool(bp)) for k, ((a, b), bp) in enumerate(zip(spans, chrome)))
    if language != "en":
        from .lang import mark_sentence_languages

        sents = mark_sentence_languages(language, sents)
    return Document(source, text, sents, language)


def signature(embedder_name: str, config: CompareConfig, judge: Judge) -> str:
    return "|".join(
        [
            f"drift {__version__}",
            f"embed:{embedder_name}",
            f"seg:{SEGMENTER_NAME}",
            f"chrome:{BOILERPLATE_NAME}",
            config.align.signature(),
            judge.signature(),
            f"moves:{MOVE_WINDOW}",
        ]
    )


def _span_text(doc: Document, ids: tuple[int, ...]) -> tuple[str, int]:
    """The raw text covering sentences ids (contiguous by construction) and its start offset."""
    first, last = doc.sentences[ids[0]], doc.sentences[ids[-1]]
    return doc.text[first.start : last.end], first.start


def compare_documents(
    original: Document,
    copy: Document,
    embedder: Embedder,
    judge: Judge | None = None,
    config: CompareConfig = CompareConfig(),
) -> Report:
    pending = prepare_comparison(original, copy, embedder, judge, config)
    return finish_comparison(pending, pending.judge.judge_many(pending.items))


@dataclass(frozen=True)
class PendingComparison:
    """A comparison aligned and waiting for its judgements: ``items`` are the (original,
    copy, cosine) pairs for ``judge.judge_many``; `finish_comparison` makes the Report. The
    audit judges the items of many comparisons in one call (drift.audit.tasks)."""

    original: Document
    copy: Document
    units: tuple  # Alignment per unit, sentence ids
    pairs: tuple  # (unit, original span text, its offset, copy span text, its offset) per matched unit
    unit_cos: tuple
    judge: Judge
    signature: str
    xling: object = None

    @property
    def items(self) -> tuple:
        """(original span text, copy span text, cosine) per matched unit: what to judge."""
        return tuple((o, c, float(s)) for (_, o, _, c, _), s in zip(self.pairs, self.unit_cos))


def prepare_comparison(
    original: Document,
    copy: Document,
    embedder: Embedder,
    judge: Judge | None = None,
    config: CompareConfig = CompareConfig(),
) -> PendingComparison:
    """Everything of `compare_documents` before the judge: embed, align, unit cosines."""
    judge = judge or Judge()
    xling = None
    if (original.language or "en") != "en" or (copy.language or "en") != "en":
        from .xling import setup_for  # another language: drift.xling's encoder, judge and thresholds

        xling = setup_for(original, copy, config, embedder if getattr(embedder, "multilingual", False) else None)
        embedder, judge, config = xling.embedder, xling.judge, xling.config
    bo = original.body()
    bc = copy.body()
    if len(bo) * len(bc) > config.max_pairs:
        raise InputError(
            f"{shown(original.source)} has {len(bo)} and {shown(copy.source)} {len(bc)} body sentences: "
            f"{len(bo) * len(bc):,} sentence pairs to align is over the limit of {config.max_pairs:,} "
            "(2 000 sentences a side); compare the documents in parts"
        )
    texts = [s.text for s in bo] + [s.text for s in bc]
    if hasattr(judge, "preload") and hasattr(embedder, "will_encode") and embedder.will_encode(texts):
        judge.preload()  # new sentences, so new pairs to judge: the judge's tagger loads beside the encoder
    vecs = embedder.encode(texts)
    vo, vc = vecs[: len(bo)], vecs[len(bo) :]
    cos = vo @ vc.T if len(bo) and len(bc) else np.zeros((len(bo), len(bc)), dtype=np.float32)
    lex = lexical_matrix([content_tokens(s.text) for s in bo], [content_tokens(s.text) for s in bc])
    w = config.align.semantic_weight
    sim = w * cos + (1 - w) * lex
    local = _align_lazily(original, copy, bo, bc, vo, vc, sim, embedder, config)

    # Back from body-local indices to sentence ids.
    units = tuple(
        Alignment(tuple(bo[i].id for i in a.original), tuple(bc[j].id for j in a.copy), a.similarity, a.moved)
        for a in local
    )
    pairs = tuple((u, *_span_text(original, u.original), *_span_text(copy, u.copy)) for u in units if u.original and u.copy)
    unit_cos = _unit_cosines(pairs, embedder)
    return PendingComparison(original, copy, units, pairs, tuple(unit_cos), judge,
                             signature(embedder.name, config, judge), xling)


def finish_comparison(pending: PendingComparison, judged: Sequence[Judgement]) -> Report:
    """The Report of a prepared comparison, given the judgements of its ``items`` (in order)."""
    result: dict[Alignment, PairVerdict] = {}
    for (u, _, ob, _, cb), jd, s in zip(pending.pairs, judged, pending.unit_cos):
        shifted = tuple(f.shift(ob, cb) for f in jd.findings)
        result[u] = PairVerdict(
            Alignment(u.original, u.copy, round(float(s), 4), u.moved),
            Judgement(jd.label, jd.severity, jd.drift, shifted, jd.features),
        )
    verdicts = []
    for u in pending.units:
        if u in result:
            verdicts.append(result[u])
        elif u.original:
            verdicts.append(PairVerdict(u, Judgement("omitted", "minor", 1.0)))
        else:
            verdicts.append(PairVerdict(u, Judgement("added", "minor", 1.0)))
    return _report(pending.original, pending.copy, facts_moved(verdicts), pending.signature, pending.xling)


def linked_share(original: Document, copy: Document, verdicts, link: float = LINK_SIMILARITY) -> float | None:
    """Share of the shorter side's body sentences that are linked to the other side: in an
    aligned unit of similarity >= LINK_SIMILARITY, or found word for word among the other
    side's body sentences. None when a side has no body text (nothing to measure)."""
    bo, bc = original.body(), copy.body()
    if not bo or not bc:
        return None
    lo = {i for v in verdicts if v.alignment.copy and v.alignment.similarity >= link for i in v.alignment.original}
    lc = {j for v in verdicts if v.alignment.original and v.alignment.similarity >= link for j in v.alignment.copy}
    o_texts, c_texts = {s.text.strip() for s in bo}, {s.text.strip() for s in bc}
    lo |= {s.id for s in bo if s.text.strip() in c_texts}
    lc |= {s.id for s in bc if s.text.strip() in o_texts}
    share = len(lo) / len(bo) if len(bo) <= len(bc) else len(lc) / len(bc)
    return round(share, 4)


def direction(original: Document, copy: Document) -> Direction:
    """Which argument the texts' own evidence names as the original: trace's originality
    evidence (wire markers, datelines, exonyms, inconsistent spellings, disfluency, length)
    weighed by trace's own `compare_origin`, without publication times or containment."""
    from .trace import pair_origin

    cmp = pair_origin(original, copy)
    return Direction(cmp.score <= -SWAP_MARGIN, round(cmp.score, 3), cmp.reasons)




def _align_lazily(original, copy, bo, bc, vo, vc, sim, embedder, config):
    """`align` with joined neighbour sentences (1-2 and 2-1 units), encoding only the joins
    that can win. Every plausible join (`_Joins`) starts at an upper bound of its similarity
    (a cosine of 1.001: w + (1 - w) * its lexical overlap), without the encoder; after each
    greedy pass the joins it accepted at a bound are encoded and the pass runs again, until
    every accepted join is exact. The result is the alignment with every join encoded: a
    join the greedy pass rejects (its sentences already taken by better units) is rejected
    at its true, lower score too (a rejected candidate changes nothing, and at a later turn
    its sentences are still taken). Verbatim and lightly edited copies, whose identical
    sentences outscore any join, need no join encoded; measured in docs/scale.md (289
    copies of a generated feed: 359 join texts encoded instead of 4 369, same alignments)."""
    joins = _Joins(original, copy, bo, bc, sim, config)
    if joins.empty:
        return align(sim, None, None, config.align)
    vectors: dict = {}
    while True:
        local = align(sim, *joins.matrices(vo, vc, vectors), config.align)
        need = [joins.split_text[a.copy[0]] for a in local if len(a.copy) == 2]
        need += [joins.merge_text[a.original[0]] for a in local if len(a.original) == 2]
        need = [t for t in dict.fromkeys(need) if t not in vectors]
        if not need:
            return local
        vectors.update(zip(need, embedder.encode(need)))


_EXACT_PAIR_CELLS = 200_000  # above this many join cells, one matrix product (last-bit rounding may differ)
_UPPER_COSINE = 1.001  # above any cosine of two L2-normalised float32 vectors


class _Joins:
    """The joined neighbour sentences worth scoring (only next to a sentence's best match on
    the other side) and their lexical overlaps; `matrices` gives their similarities."""

    def __init__(self, original, copy, bo, bc, sim, config) -> None:
        floor = config.align.part_floor
        n, m = sim.shape
        self.shape, self.w = (n, m), config.align.semantic_weight
        self.empty = True
        if n == 0 or m == 0:
            return
        # Vectorised over all cells, cells kept as index arrays: a Python loop with a tuple and a
        # text slice per cell took minutes and gigabytes on two long repetitive documents.
        row_best = sim.max(axis=1)
        col_best = sim.max(axis=0)
        none = np.zeros(0, dtype=np.int64)
        si = sj = mi = mj = none
        if m > 1:
            a, b = sim[:, :-1], sim[:, 1:]
            adjacent = np.array([bc[j + 1].id == bc[j].id + 1 for j in range(m - 1)], dtype=bool)
            si, sj = np.nonzero((np.minimum(a, b) >= floor) & (np.maximum(a, b) >= row_best[:, None] - 1e-6) & adjacent[None, :])
        if n > 1:
            a, b = sim[:-1, :], sim[1:, :]
            adjacent = np.array([bo[i + 1].id == bo[i].id + 1 for i in range(n - 1)], dtype=bool)
            mi, mj = np.nonzero((np.minimum(a, b) >= floor) & (np.maximum(a, b) >= col_best[None, :] - 1e-6) & adjacent[:, None])
        if not len(si) and not len(mi):
            return
        self.empty = False
        # A split joins copy j and j + 1, a merge original i and i + 1: one text per j (per i).
        split_js = sj[np.sort(np.unique(sj, return_index=True)[1])].tolist()
        merge_is = mi[np.sort(np.unique(mi, return_index=True)[1])].tolist()
        self.split_text = {j: copy.text[bc[j].start : bc[j + 1].end] for j in split_js}
        self.merge_text = {i: original.text[bo[i].start : bo[i + 1].end] for i in merge_is}
        self.exact = len(si) + len(mi) <= _EXACT_PAIR_CELLS
        self.si, self.sj, self.mi, self.mj = si, sj, mi, mj
        self.split_lex = self.merge_lex = None
        if len(si):
            lex = lexical_matrix([content_tokens(s.text) for s in bo], [content_tokens(self.split_text[j]) for j in split_js])
            col = {j: k for k, j in enumerate(split_js)}
            self.split_lex = lex[si, np.array([col[j] for j in sj.tolist()], dtype=np.int64)]
        if len(mi):
            lex = lexical_matrix([content_tokens(self.merge_text[i]) for i in merge_is], [content_tokens(s.text) for s in bc])
            row = {i: k for k, i in enumerate(merge_is)}
            self.merge_lex = lex[np.array([row[i] for i in mi.tolist()], dtype=np.int64), mj]

    def matrices(self, vo, vc, vectors: dict) -> tuple:
        """(sim_split, sim_merge) for `align`: each join cell w * cosine + (1 - w) * lexical
        overlap where ``vectors`` holds its joined text's vector, else its upper bound."""
        n, m = self.shape
        sim_split = np.full((n, max(m - 1, 0)), -1.0, dtype=np.float32)
        sim_merge = np.full((max(n - 1, 0), m), -1.0, dtype=np.float32)
        if len(self.si):
            sim_split[self.si, self.sj] = self._cells(vo, self.si, [self.split_text[j] for j in self.sj.tolist()],
                                                      self.split_lex, vectors)
        if len(self.mi):
            sim_merge[self.mi, self.mj] = self._cells(vc, self.mj, [self.merge_text[i] for i in self.mi.tolist()],
                                                      self.merge_lex, vectors)
        return sim_split, sim_merge

    def _cells(self, single, a, texts: list[str], lex, vectors: dict) -> np.ndarray:
        out = (self.w * np.full(len(lex), _UPPER_COSINE, dtype=np.float64)).astype(np.float32) + np.float32(1 - self.w) * lex
        have = np.array([t in vectors for t in texts], dtype=bool)
        if have.any():
            idx = np.nonzero(have)[0]
            known = list(dict.fromkeys(texts[k] for k in idx.tolist()))
            pos = {t: k for k, t in enumerate(known)}
            joined = np.stack([vectors[t] for t in known])
            kk = np.array([pos[texts[k]] for k in idx.tolist()], dtype=np.int64)
            out[idx] = _join_sim(single, joined, a[idx], kk, lex[idx], self.w, self.exact)
        return out


def _join_sim(single, joined, a, k, lex, w: float, exact: bool) -> np.ndarray:
    """w * cosine(single[a], joined[k]) + (1 - w) * lex for every cell, in float32.

    ``exact``: each cosine is its own 1-D dot product, bit for bit what a per-cell loop
    gives; otherwise one matrix product (differences in the last bit of a float32).
    """
    if exact:
        dots = np.array([float(single[x] @ joined[y]) for x, y in zip(a.tolist(), k.tolist())], dtype=np.float64)
    else:
        dots = (single @ joined.T)[a, k].astype(np.float64)
    return (w * dots).astype(np.float32) + np.float32(1 - w) * lex


def _unit_cosines(pairs, embedder) -> np.ndarray:
    if not pairs:
        return np.zeros(0, dtype=np.float32)
    texts = [p[1] for p in pairs] + [p[3] for p in pairs]
    v = embedder.encode(texts)
    k = len(pairs)
    return np.clip((v[:k] * v[k:]).sum(1), -1.0, 1.0)


def _report(original: Document, copy: Document, verdicts: tuple[PairVerdict, ...], sig: str, xling=None) -> Report:
    counts: dict[str, int] = {}
    for v in verdicts:
        counts[v.judgement.label] = counts.get(v.judgement.label, 0) + 1
    aligned = [v for v in verdicts if v.alignment.original and v.alignment.copy]
    weights = np.array([sum(len(original.sentences[i].text) for i in v.alignment.original) for v in aligned], float)
    drifts = np.array([v.judgement.drift for v in aligned], float)
    drift_index = float((weights * drifts).sum() / weights.sum()) if len(aligned) and weights.sum() else 0.0
    worst = max(
        (SEVERITY_RANK[v.judgement.severity] for v in verdicts if v.judgement.label in ("drift", "garbled")),
        default=0,
    )
    verdict = {0: "faithful", 1: "minor drift", 2: "major drift"}[worst]
    if verdict == "faithful" and (counts.get("omitted") or counts.get("added")):
        verdict = "faithful, edited"
    share = linked_share(original, copy, verdicts, xling.link_similarity if xling else LINK_SIMILARITY)
    way = None
    if share is not None and share < MIN_LINKED_SHARE:
        verdict = "unrelated"  # never "faithful": its findings are those of two different stories
    else:
        way = xling.direction(original, copy) if xling else direction(original, copy)
    return Report(sig, original, copy, verdicts, verdict, round(drift_index, 4), counts, share, way)


def has_major(report: Report) -> bool:
    return any(v.judgement.severity == "major" for v in report.verdicts)


def exit_status(report: Report) -> ExitCode:
    """The exit code of one comparison, for every command: 5 unrelated (not a copy; its
    findings mean nothing), 1 a major finding, else 0."""
    if report.verdict == "unrelated":
        return ExitCode.UNRELATED
    return ExitCode.MAJOR if has_major(report) else ExitCode.OK


def batch_exit_status(statuses) -> ExitCode:
    """Several comparisons (trace --compare, audit): 1 if any has a major finding, else 5 if
    any pair is unrelated, else 0. Input errors (3) are the caller's to put first."""
    got = set(statuses)
    if ExitCode.MAJOR in got:
        return ExitCode.MAJOR
    return ExitCode.UNRELATED if ExitCode.UNRELATED in got else ExitCode.OK
