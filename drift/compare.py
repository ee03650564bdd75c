"""The compare pipeline: two texts in, one Report out.

read -> segment -> mark chrome -> embed body sentences -> similarity matrices -> align
-> judge every unit -> summary. Nothing here prints; the CLI renders the Report.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from . import __version__
from .align import AlignConfig, align, content_tokens, lexical_matrix
from .boilerplate import BOILERPLATE_NAME, mark_boilerplate
from .embed import Embedder
from .errors import ExitCode, InputError
from .io import MAX_ALIGN_PAIRS, MAX_SENTENCES, shown
from .judge import Judge
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
    vecs = embedder.encode([s.text for s in bo] + [s.text for s in bc])
    vo, vc = vecs[: len(bo)], vecs[len(bo) :]
    cos = vo @ vc.T if len(bo) and len(bc) else np.zeros((len(bo), len(bc)), dtype=np.float32)
    lex = lexical_matrix([content_tokens(s.text) for s in bo], [content_tokens(s.text) for s in bc])
    w = config.align.semantic_weight
    sim = w * cos + (1 - w) * lex
    sim_split, sim_merge = _pair_matrices(original, copy, bo, bc, vo, vc, sim, embedder, config)
    local = align(sim, sim_split, sim_merge, config.align)

    # Back from body-local indices to sentence ids.
    units = [
        Alignment(tuple(bo[i].id for i in a.original), tuple(bc[j].id for j in a.copy), a.similarity, a.moved)
        for a in local
    ]
    pairs = [(u, *_span_text(original, u.original), *_span_text(copy, u.copy)) for u in units if u.original and u.copy]
    unit_cos = _unit_cosines(pairs, embedder)
    judged = judge.judge_many([(o, c, float(s)) for (_, o, _, c, _), s in zip(pairs, unit_cos)])
    result: dict[Alignment, PairVerdict] = {}
    for (u, _, ob, _, cb), jd, s in zip(pairs, judged, unit_cos):
        shifted = tuple(f.shift(ob, cb) for f in jd.findings)
        result[u] = PairVerdict(
            Alignment(u.original, u.copy, round(float(s), 4), u.moved),
            Judgement(jd.label, jd.severity, jd.drift, shifted, jd.features),
        )
    verdicts = []
    for u in units:
        if u in result:
            verdicts.append(result[u])
        elif u.original:
            verdicts.append(PairVerdict(u, Judgement("omitted", "minor", 1.0)))
        else:
            verdicts.append(PairVerdict(u, Judgement("added", "minor", 1.0)))
    return _report(original, copy, tuple(verdicts), signature(embedder.name, config, judge), xling)


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


_EXACT_PAIR_CELLS = 200_000  # above this many join cells, one matrix product (last-bit rounding may differ)


def _pair_matrices(original, copy, bo, bc, vo, vc, sim, embedder, config):
    """Similarities of joined neighbour sentences, computed only where a join is plausible."""
    floor = config.align.part_floor
    n, m = sim.shape
    if n == 0 or m == 0:
        return None, None
    # A join is worth encoding only next to a sentence's best match on the other side.
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
        return None, None
    # A split joins copy j and j + 1, a merge original i and i + 1: one text per j (per i),
    # listed in the order the cells were found (row-major), as the texts to encode.
    split_js = sj[np.sort(np.unique(sj, return_index=True)[1])].tolist()
    merge_is = mi[np.sort(np.unique(mi, return_index=True)[1])].tolist()
    split_text = {j: copy.text[bc[j].start : bc[j + 1].end] for j in split_js}
    merge_text = {i: original.text[bo[i].start : bo[i + 1].end] for i in merge_is}
    texts = list(dict.fromkeys([split_text[j] for j in split_js] + [merge_text[i] for i in merge_is]))
    vecs = dict(zip(texts, embedder.encode(texts)))
    w = config.align.semantic_weight
    sim_split = np.full((n, max(m - 1, 0)), -1.0, dtype=np.float32)
    sim_merge = np.full((max(n - 1, 0), m), -1.0, dtype=np.float32)
    exact = len(si) + len(mi) <= _EXACT_PAIR_CELLS
    if len(si):
        col = {j: k for k, j in enumerate(split_js)}
        jv = np.stack([vecs[split_text[j]] for j in split_js])
        lex = lexical_matrix([content_tokens(s.text) for s in bo], [content_tokens(split_text[j]) for j in split_js])
        kk = np.array([col[j] for j in sj.tolist()], dtype=np.int64)
        sim_split[si, sj] = _join_sim(vo, jv, si, kk, lex[si, kk], w, exact)
    if len(mi):
        row = {i: k for k, i in enumerate(merge_is)}
        iv = np.stack([vecs[merge_text[i]] for i in merge_is])
        lex = lexical_matrix([content_tokens(merge_text[i]) for i in merge_is], [content_tokens(s.text) for s in bc])
        kk = np.array([row[i] for i in mi.tolist()], dtype=np.int64)
        sim_merge[mi, mj] = _join_sim(vc, iv, mj, kk, lex[kk, mj], w, exact)
    return sim_split, sim_merge


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
