"""Stages 3-4: candidate pairs (MinHash over word shingles, nearest document vectors) and their verification by sentence containment, in both directions."""

from __future__ import annotations

import re
import time
import zlib
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Sequence

import numpy as np

from .records import CopyLink, TraceConfig, TraceDocument


WORD = re.compile(r"\w+", re.UNICODE)


@lru_cache(maxsize=1 << 20)
def _token_hash(word: str) -> int:
    return zlib.crc32(word.encode("utf-8", "surrogatepass"))


def shingles(doc: TraceDocument, n: int) -> np.ndarray:
    """Distinct hashed word n-grams of the body (uint64 < 2**32)."""
    words = [_token_hash(w) for k in range(len(doc.body)) for w in WORD.findall(doc.body_text(k).lower())]
    if not words:
        return np.zeros(0, dtype=np.uint64)
    t = np.asarray(words, dtype=np.uint64)
    if len(t) < n:
        return np.unique(t)
    h = np.zeros(len(t) - n + 1, dtype=np.uint64)
    for k in range(n):
        h = (h * np.uint64(1_000_003) + t[k : len(t) - n + 1 + k]) & np.uint64(0xFFFFFFFF)
    return np.unique(h)


class MinHashLSH:
    """MinHash signatures (universal hashing mod a Mersenne prime) banded into an LSH table."""

    PRIME = np.uint64((1 << 61) - 1)

    def __init__(self, bands: int, rows: int, seed: int = 1) -> None:
        rng = np.random.default_rng(seed)
        self.bands, self.rows = bands, rows
        n = bands * rows
        self.a = rng.integers(1, 1 << 32, size=n, dtype=np.uint64)
        self.b = rng.integers(0, 1 << 32, size=n, dtype=np.uint64)

    def signature(self, sh: np.ndarray) -> np.ndarray | None:
        if len(sh) == 0:
            return None
        # (a*x + b) < 2**64 for x, a, b < 2**32: no overflow before the modulus.
        v = (self.a[:, None] * sh[None, :] + self.b[:, None]) % self.PRIME
        return (v & np.uint64(0xFFFFFFFF)).min(axis=1)

    def candidate_pairs(self, sigs: Sequence[np.ndarray | None], max_bucket: int) -> set[tuple[int, int]]:
        pairs: set[tuple[int, int]] = set()
        for band in range(self.bands):
            buckets: dict[bytes, list[int]] = defaultdict(list)
            lo = band * self.rows
            for k, s in enumerate(sigs):
                if s is not None:
                    buckets[s[lo : lo + self.rows].tobytes()].append(k)
            for members in buckets.values():
                if 1 < len(members) <= max_bucket:
                    for x in range(len(members)):
                        for y in range(x + 1, len(members)):
                            pairs.add((members[x], members[y]))
        return pairs


class LexicalIndex:
    """Sparse content-token incidence of every body sentence, for Dice overlaps between two documents."""

    def __init__(self, docs: Sequence[TraceDocument]) -> None:
        from scipy.sparse import csr_matrix

        vocab: dict[str, int] = {}
        raw = []
        for d in docs:
            rows = [i for i, toks in enumerate(d.tokens) for _ in toks]
            cols = [vocab.setdefault(t, len(vocab)) for toks in d.tokens for t in toks]
            raw.append((rows, cols, len(d.tokens)))
        nv = max(1, len(vocab))
        self.mats = [csr_matrix((np.ones(len(r), dtype=np.float32), (r, c)), shape=(n, nv)) for r, c, n in raw]
        self.sizes = [np.array([len(t) for t in d.tokens], dtype=np.float32) for d in docs]
        self.weights = [d.weights for d in docs]

    def dice(self, a: int, b: int) -> np.ndarray:
        inter = (self.mats[a] @ self.mats[b].T).toarray()
        denom = self.sizes[a][:, None] + self.sizes[b][None, :]
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(denom > 0, 2 * inter / denom, 0.0).astype(np.float32)

    def best_many(self, pairs: Iterable[tuple[int, int]], match: float | None = None,
                  cells: int = 1 << 20) -> dict[tuple[int, int], "LexBest"]:
        """`LexBest` of every pair, the same numbers as ``dice`` but one sparse product per
        document against all its partners (a product per pair spends most of its time in
        scipy's checks: 13 of 22 s of a 1 000-document trace). With ``match`` (the Dice of a
        near-verbatim sentence) each also carries both sides' near-verbatim containment,
        computed here for all partners at once (`LexSides`)."""
        from scipy.sparse import vstack

        by_a: dict[int, list[int]] = defaultdict(list)
        for a, b in pairs:
            by_a[a].append(b)
        out: dict[tuple[int, int], LexBest] = {}
        for a, bs in by_a.items():
            na = self.mats[a].shape[0]
            lo = 0
            while lo < len(bs):  # partners in chunks of about ``cells`` matrix cells
                hi, width = lo, 0
                while hi < len(bs) and (hi == lo or (width + self.mats[bs[hi]].shape[0]) * max(1, na) <= cells):
                    width += self.mats[bs[hi]].shape[0]
                    hi += 1
                chunk = bs[lo:hi]
                inter = (self.mats[a] @ vstack([self.mats[b] for b in chunk], format="csr").T).toarray()
                sb = np.concatenate([self.sizes[b] for b in chunk])
                denom = self.sizes[a][:, None] + sb[None, :]
                with np.errstate(divide="ignore", invalid="ignore"):
                    dice = np.where(denom > 0, 2 * inter / denom, 0.0).astype(np.float32)
                widths = [self.mats[b].shape[0] for b in chunk]
                starts = np.cumsum([0] + widths[:-1])
                amax = np.maximum.reduceat(dice, starts, axis=1)  # a's best per sentence, per partner
                bmax = dice.max(axis=0)  # each partner's best per sentence
                sides = None
                if match is not None:
                    sides = LexSides.many(self.weights[a], amax >= match,
                                          np.concatenate([self.weights[b] for b in chunk]), bmax >= match, starts)
                for i, (b, nb, col) in enumerate(zip(chunk, widths, starts.tolist())):
                    out[(a, b)] = LexBest(amax[:, i], bmax[col : col + nb], None if sides is None else sides[i])
                lo = hi
        return out


@dataclass(frozen=True, slots=True)
class LexSides:
    """Both sides of a pair measured word for word only (no embedded sentence on one side):
    for each, the content words of its body near-verbatim in the other, of all its content
    words, and its sentences that are, of all. Exactly what `_side` gives without vectors."""

    in_a: float  # weight of a's near-verbatim sentences
    in_b: float
    all_a: float  # weight of a's body
    all_b: float
    matched_a: int
    matched_b: int
    n_a: int  # body sentences
    n_b: int

    @staticmethod
    def many(wa: np.ndarray, ma: np.ndarray, wb: np.ndarray, mb: np.ndarray, starts: np.ndarray) -> list["LexSides"]:
        """``ma``: a's sentences (rows) near-verbatim in each partner (columns); ``mb``: every
        partner's sentences, concatenated, partner k's from ``starts[k]``. Weights are whole
        token counts, so the float32 sums are exact: the same numbers `_side` sums."""
        all_a = float(wa.sum())
        in_a = wa @ ma.astype(np.float32)
        cnt_a = ma.sum(axis=0)
        in_b = np.add.reduceat(wb * mb, starts)
        cnt_b = np.add.reduceat(mb.astype(np.int64), starts)
        all_b = np.add.reduceat(wb, starts)
        n_b = np.diff(np.append(starts, len(wb)))
        return [LexSides(float(in_a[k]), float(in_b[k]), all_a, float(all_b[k]), int(cnt_a[k]), int(cnt_b[k]),
                         len(wa), int(n_b[k])) for k in range(len(starts))]

    def containment(self) -> tuple[float, float]:
        """As `_containment` of each side (a float32 quotient, as numpy divides there)."""
        f = np.float32
        return (float(f(self.in_a) / f(self.all_a)) if self.all_a else 0.0,
                float(f(self.in_b) / f(self.all_b)) if self.all_b else 0.0)

    def sides(self) -> tuple["_Side", "_Side"]:
        """As `_side` of each side with no vectors (no probe: rate 0, the rest unmeasured)."""
        def one(inside: float, whole: float, matched: int, n: int) -> _Side:
            total = whole or 1.0
            return _Side(min(1.0, inside / total), matched, matched, matched < n, (whole - inside) / total)

        return one(self.in_a, self.all_a, self.matched_a, self.n_a), one(self.in_b, self.all_b, self.matched_b, self.n_b)


@dataclass(frozen=True, slots=True)
class LexBest:
    """Per sentence of each side, its best content-word overlap (Dice) with the other side,
    and (from `LexicalIndex.best_many` with ``match``) both sides' near-verbatim containment."""

    a: np.ndarray
    b: np.ndarray
    sides: "LexSides | None" = None

    @classmethod
    def of(cls, lex: np.ndarray) -> "LexBest":
        n, m = lex.shape
        if lex.size == 0:
            return cls(np.zeros(n, np.float32), np.zeros(m, np.float32))
        return cls(lex.max(axis=1), lex.max(axis=0))

    def containment(self, x: TraceDocument, y: TraceDocument, config: TraceConfig) -> tuple[float, float]:
        """Share of x (of y) near-verbatim inside the other, by content words."""
        if self.sides is not None:
            return self.sides.containment()
        return (_containment(self.a >= config.match_lexical, x.weights),
                _containment(self.b >= config.match_lexical, y.weights))


def sample_positions(n: int, k: int) -> list[int]:
    """Up to k of n body positions spread evenly: the lead, the end, then halving the gaps.

    Samples are nested (the k-sample is part of every larger one), so a document embedded
    for a first look only adds sentences when it is looked at more closely.
    """
    if n <= k:
        return list(range(n))
    order = [0, n - 1]
    seen = {0, n - 1}
    gaps = [(0, n - 1)]
    while len(order) < k and gaps:
        nxt = []
        for lo, hi in gaps:
            if hi - lo < 2:
                continue
            mid = (lo + hi) // 2
            if mid not in seen:
                seen.add(mid)
                order.append(mid)
            nxt += [(lo, mid), (mid, hi)]
        gaps = nxt
    return sorted(order[:k])


class SentenceVectors:
    """Body-sentence embeddings per document, requested in batches through the embedder."""

    def __init__(self, docs: Sequence[TraceDocument], embedder, progress=None) -> None:
        from ..progress import NullProgress

        self.docs = docs
        self.embedder = embedder
        self.progress = progress or NullProgress()
        self.vecs: list[dict[int, np.ndarray]] = [dict() for _ in docs]
        self.requested = 0
        self.seconds = 0.0  # spent in the embedder (cache look-ups and the model)

    def ensure(self, wanted: Iterable[tuple[int, int]]) -> None:
        """Embed the (document, body position) pairs not embedded yet, in one call."""
        todo = [(d, k) for d, k in dict.fromkeys(wanted) if k not in self.vecs[d]]
        if not todo:
            return
        texts = [self.docs[d].body_text(k) for d, k in todo]
        t = time.perf_counter()
        self.progress.stage(f"embedding {len(texts):,} sentences", len(texts))
        out = []
        for lo in range(0, len(texts), 256):  # (in batches, so that the bar moves)
            out.extend(self.embedder.encode(texts[lo : lo + 256]))
            self.progress.advance(len(texts[lo : lo + 256]))
        self.seconds += time.perf_counter() - t
        self.requested += len(todo)
        for (d, k), v in zip(todo, out):
            self.vecs[d][k] = v

    def matrix(self, d: int, positions: Sequence[int]) -> np.ndarray:
        return np.stack([self.vecs[d][k] for k in positions]) if positions else np.zeros((0, 1), np.float32)

    def known(self, d: int) -> list[int]:
        return sorted(self.vecs[d])


def nearest_pairs(vectors: np.ndarray, k: int, floor: float, block: int = 1024) -> set[tuple[int, int]]:
    """Pairs (i < j) where j is among i's k nearest rows by cosine (rows are unit vectors)."""
    n = len(vectors)
    pairs: set[tuple[int, int]] = set()
    if n < 2 or k <= 0:
        return pairs
    kk = min(k, n - 1)
    for lo in range(0, n, block):
        sims = vectors[lo : lo + block] @ vectors.T
        for r in range(sims.shape[0]):
            sims[r, lo + r] = -np.inf
        top = np.argpartition(-sims, kk - 1, axis=1)[:, :kk]
        for r, row in enumerate(top):
            i = lo + r
            for j in row:
                if sims[r, j] >= floor:
                    pairs.add((min(i, int(j)), max(i, int(j))))
    return pairs


def _containment(matched: np.ndarray, weights: np.ndarray) -> float:
    total = float(weights.sum())
    return float(weights[matched].sum() / total) if total else 0.0


@dataclass(frozen=True, slots=True)
class _Side:
    """One direction of a pair: how much of document x lies inside document y."""

    share: float  # estimated share of x's body (by content words) aligned in y
    matched: int  # sentences of x seen to align (near-verbatim anywhere, or by embedding)
    verbatim: int  # ... of them near-verbatim
    estimated: bool  # some of x's sentences were neither near-verbatim nor embedded
    unmeasured: float  # share of x neither near-verbatim nor embedded when no sample could stand for it


def _side(x: TraceDocument, lex_max: np.ndarray, cos_max: np.ndarray | None, known: list[int],
          config: TraceConfig) -> _Side:
    """Near-verbatim matches count for all sentences; among the rest, the embedded ones (a
    spread sample) give the rate at which the others align by meaning."""
    w = x.weights
    lexm = lex_max >= config.match_lexical
    rest = ~lexm
    probe = np.zeros(len(w), dtype=bool)
    sem = np.zeros(len(w), dtype=bool)
    if cos_max is not None and known:
        probe[known] = True
        sem[known] = cos_max >= config.match_cosine
    probe &= rest
    sem &= rest
    total = float(w.sum()) or 1.0
    w_probe = float(w[probe].sum())
    rate = float(w[sem].sum()) / w_probe if w_probe else 0.0
    share = (float(w[lexm].sum()) + float(w[rest].sum()) * rate) / total
    unmeasured = 0.0 if w_probe else float(w[rest].sum()) / total
    return _Side(min(1.0, share), int(lexm.sum() + sem.sum()), int(lexm.sum()), bool((rest & ~probe).any()), unmeasured)


def verify_pair(
    a: TraceDocument,
    b: TraceDocument,
    lex: "np.ndarray | LexBest",
    vecs: SentenceVectors,
    config: TraceConfig,
) -> tuple[_Side, _Side]:
    """How much of a lies in b and of b in a.

    A sentence aligns when its content words overlap a sentence of the other document
    near-verbatim (Dice >= match_lexical; computed for every sentence, no model needed) or
    its embedding has cosine >= match_cosine with an embedded sentence of the other side.
    Sentences that are neither near-verbatim nor embedded are estimated from the embedded
    sample of their document.
    """
    pa, pb = vecs.known(a.index), vecs.known(b.index)
    best = lex if isinstance(lex, LexBest) else LexBest.of(lex)
    if not (pa and pb) and best.sides is not None:  # word for word only: counted in bulk
        return best.sides.sides()
    lex_a, lex_b = best.a, best.b
    cos_a = cos_b = None
    if pa and pb:
        cos = vecs.matrix(a.index, pa) @ vecs.matrix(b.index, pb).T
        cos_a, cos_b = cos.max(axis=1), cos.max(axis=0)
    return _side(a, lex_a, cos_a, pa, config), _side(b, lex_b, cos_b, pb, config)


def _link(a: TraceDocument, b: TraceDocument, sa: _Side, sb: _Side, config: TraceConfig) -> CopyLink | None:
    """A copy link when one side is mostly inside the other (and a few sentences really align)."""
    if max(sa.share, sb.share) < config.min_containment or min(sa.matched, sb.matched) < config.min_matched:
        return None
    verb = (sa.verbatim + sb.verbatim) / max(1, sa.matched + sb.matched)
    return CopyLink(
        a.id, b.id, round(sa.share, 4), round(sb.share, 4), sa.matched, len(a.body), sb.matched, len(b.body),
        round(verb, 4), estimated=sa.estimated or sb.estimated,
        a_unmeasured=round(sa.unmeasured, 4), b_unmeasured=round(sb.unmeasured, 4),
    )


class DisjointSets:
    def __init__(self, n: int) -> None:
        self.p = list(range(n))

    def find(self, x: int) -> int:
        while self.p[x] != x:
            self.p[x] = self.p[self.p[x]]
            x = self.p[x]
        return x

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.p[max(ra, rb)] = min(ra, rb)


@dataclass(frozen=True)
class LinkSearch:
    """What `find_links` found and what it cost."""

    links: tuple[CopyLink, ...]
    near: dict  # doc id -> best containment with a candidate that did not make a link
    candidates: int
    lexical_candidates: int
    semantic_candidates: int
    examined: int  # candidates that survived the first look
    borderline: int  # ... measured on every sentence because the sample could not decide
    retried: int  # near misses with a representative, measured against the copies it stands for
    sentences_embedded: int
    embed_seconds: float


def find_links(docs: Sequence[TraceDocument], embedder, config: TraceConfig = TraceConfig(), progress=None) -> LinkSearch:
    """Candidate pairs (LSH + nearest neighbours) and the verified copy links among them.

    Near-verbatim copies are settled first, without the model: LSH proposes them and the
    content-word overlap of their sentences verifies them. A document lying almost wholly
    inside another one word for word is then known as a copy, and its source stands for it in
    the neighbour search (a paraphrase of the copy is a paraphrase of the source), so it is
    never embedded. Every other document gets a small spread sample embedded (its vector for
    the neighbour search, and a first look at each candidate pair); the pairs near-verbatim
    matches cannot settle get a larger sample of both documents, and the pairs whose sampled
    containment is too close to the threshold get all their sentences embedded.

    ``progress`` (`drift.progress.Progress`) hears each embedding batch and each verified pair.
    """
    from ..progress import NullProgress

    progress = progress or NullProgress()
    n = len(docs)
    progress.stage(f"finding candidate pairs among {n:,} documents", None)
    vecs = SentenceVectors(docs, embedder, progress)
    index = LexicalIndex(docs)
    lsh = MinHashLSH(config.minhash_bands, config.minhash_rows, config.seed)
    lexical = lsh.candidate_pairs([lsh.signature(shingles(d, config.shingle)) for d in docs], config.max_bucket)
    lex_of = index.best_many(sorted(lexical), config.match_lexical)
    verbatim = DisjointSets(n)
    for (a, b), best in lex_of.items():
        if max(best.containment(docs[a], docs[b], config)) >= config.verbatim_cover:
            verbatim.union(a, b)
    # One representative per group of near-verbatim copies (the longest) is embedded.
    rep: dict[int, int] = {}
    for k in range(n):
        r = verbatim.find(k)
        if r not in rep or (len(docs[k].body), -k) > (len(docs[rep[r]].body), -rep[r]):
            rep[r] = k
    embedded = sorted(rep.values())

    first = {k: sample_positions(len(docs[k].body), config.sample_sentences) for k in embedded}
    vecs.ensure((k, p) for k in embedded for p in first[k])
    semantic: set[tuple[int, int]] = set()
    if embedded:
        dv = np.stack([vecs.matrix(k, first[k]).mean(axis=0) for k in embedded])
        dv /= np.maximum(np.linalg.norm(dv, axis=1, keepdims=True), 1e-9)
        semantic = {(embedded[i], embedded[j]) for i, j in nearest_pairs(dv, config.neighbours, config.neighbour_floor)}
    cands = sorted(lexical | semantic)

    kept: list[tuple[int, int, LexBest]] = []
    grow: set[int] = set()
    lex_of.update(index.best_many((p for p in cands if p not in lex_of), config.match_lexical))
    for a, b in cands:
        lex = lex_of.pop((a, b))
        la, lb = lex.containment(docs[a], docs[b], config)
        look = 0.0
        if a in first and b in first:
            cos = vecs.matrix(a, first[a]) @ vecs.matrix(b, first[b]).T
            look = max(float((cos.max(axis=1) >= config.match_cosine).mean()),
                       float((cos.max(axis=0) >= config.match_cosine).mean()))
        if max(la, lb, look) < config.quick_reject:
            continue
        kept.append((a, b, lex))
        if max(la, lb) < config.min_containment and a in first and b in first:
            grow.update((a, b))
    second = {k: sample_positions(len(docs[k].body), config.verify_sentences) for k in grow}
    vecs.ensure((k, p) for k, ps in second.items() for p in ps)
    links: list[CopyLink] = []
    close: list[tuple[int, int, LexBest]] = []
    near: dict[str, float] = {}
    missed: dict[tuple[int, int], float] = {}

    def settle(a: int, b: int, sa: _Side, sb: _Side) -> None:
        ln = _link(docs[a], docs[b], sa, sb, config)
        if ln is not None:
            links.append(ln)
            return
        best = missed[(a, b)] = max(sa.share, sb.share)
        for k in (a, b):
            near[docs[k].id] = max(near.get(docs[k].id, 0.0), best)

    progress.stage(f"checking {len(kept):,} candidate pairs", len(kept))
    for a, b, lex in kept:
        progress.advance()
        sa, sb = verify_pair(docs[a], docs[b], lex, vecs, config)
        if (a in first and b in first and (sa.estimated or sb.estimated)
                and abs(max(sa.share, sb.share) - config.min_containment) < config.borderline):
            close.append((a, b, lex))  # too close to call on a sample: measure on every sentence
        else:
            settle(a, b, sa, sb)
    vecs.ensure((k, p) for a, b, _ in close for k in (a, b) for p in range(len(docs[k].body)))
    for a, b, lex in close:
        settle(a, b, *verify_pair(docs[a], docs[b], lex, vecs, config))

    # A near miss with a representative may still be a copy of one of the copies it stands
    # for (a loose translation closer to one version than another): measure those fully.
    stands_for: dict[int, list[int]] = defaultdict(list)
    for k in range(n):
        if k not in first:
            stands_for[rep[verbatim.find(k)]].append(k)
    pos = {d.id: k for k, d in enumerate(docs)}
    done = set(missed) | {tuple(sorted((pos[ln.a], pos[ln.b]))) for ln in links}
    retry = sorted({
        (min(x, m), max(x, m))
        for (a, b), best in missed.items() if best >= config.min_containment - 2 * config.borderline
        for x, r in ((a, b), (b, a)) for m in stands_for.get(r, ()) if m != x
    } - done)
    vecs.ensure((k, p) for a, b in retry for k in (a, b) for p in range(len(docs[k].body)))
    lex_of = index.best_many(retry, config.match_lexical)
    for a, b in retry:
        settle(a, b, *verify_pair(docs[a], docs[b], lex_of[(a, b)], vecs, config))
    return LinkSearch(
        tuple(links), near, len(cands), len(lexical), len(semantic), len(kept), len(close), len(retry),
        sum(len(v) for v in vecs.vecs), vecs.seconds,
    )
