"""Sentence alignment on similarity matrices (no model in here: embed once, align arrays).

Units: 1-1, 1-2 (the copy split a sentence), 2-1 (the copy merged two), and unmatched
sentences on either side (added / omitted). The search is not monotone: a copy that
reorders paragraphs still aligns, and the pairs that break the original order are
marked `moved` (those outside the longest order-preserving chain).

Method: every candidate unit gets a score; candidates are accepted greedily from the best
down when none of their sentences is taken yet and the score clears ``min_score``.
Two-sentence units pay ``pair_penalty`` so that they win only when joining really explains
the other side better than either sentence alone, and each of their parts must relate to
the other side on its own (``part_floor``), so an unrelated neighbour is never absorbed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from .types import Alignment

ALIGNER_NAME = "drift-greedy@1"


@dataclass(frozen=True)
class AlignConfig:
    """Thresholds of the aligner; all of them are recorded in the report signature."""

    semantic_weight: float = 0.75  # score = w * cosine + (1 - w) * lexical overlap
    min_score: float = 0.50
    pair_penalty: float = 0.02
    part_floor: float = 0.35
    order_bonus: float = 0.04  # tie-breaker towards sentences at similar relative positions

    def signature(self) -> str:
        return (
            f"align:{ALIGNER_NAME}|w:{self.semantic_weight}|min:{self.min_score}"
            f"|pair:{self.pair_penalty}|floor:{self.part_floor}|order:{self.order_bonus}"
        )


_WORD = re.compile(r"\w+", re.UNICODE)
_STOP = frozenset(
    "a an the of to in on at for and or but is are was were be been by with as that this it its "
    "from has have had he she they his her their said says will would could".split()
)


def content_tokens(text: str) -> frozenset[str]:
    """Lower-cased word tokens without the commonest function words."""
    return frozenset(map(str.lower, _WORD.findall(text))) - _STOP


def lexical_matrix(left: list[frozenset[str]], right: list[frozenset[str]]) -> np.ndarray:
    """Dice overlap of content-token sets for every pair.

    Intersections are counted through an inverted index (token -> sentences), so the cost
    follows the shared tokens, not n * m Python set operations.
    """
    n, m = len(left), len(right)
    out = np.zeros((n, m), dtype=np.float32)
    if not n or not m:
        return out
    where_right: dict[str, list[int]] = {}
    for j, b in enumerate(right):
        for w in b:
            where_right.setdefault(w, []).append(j)
    where_left: dict[str, list[int]] = {}
    for i, a in enumerate(left):
        for w in a:
            if w in where_right:
                where_left.setdefault(w, []).append(i)
    inter = np.zeros((n, m), dtype=np.int32)
    for w, rows in where_left.items():
        inter[np.ix_(rows, where_right[w])] += 1
    size_l = np.array([len(a) for a in left], dtype=np.float64)
    size_r = np.array([len(b) for b in right], dtype=np.float64)
    # 2 * |a & b| / (|a| + |b|) in float64, rounded to float32 like the element-wise original.
    np.divide(2.0 * inter, size_l[:, None] + size_r[None, :], out=out, where=inter > 0, casting="same_kind")
    return out


def _order_prior(n: int, m: int) -> np.ndarray:
    if n == 0 or m == 0:
        return np.zeros((n, m), dtype=np.float32)
    pi = (np.arange(n) + 0.5) / n
    pj = (np.arange(m) + 0.5) / m
    return (1.0 - np.abs(pi[:, None] - pj[None, :])).astype(np.float32)


def align(
    sim: np.ndarray,
    sim_split: np.ndarray | None = None,
    sim_merge: np.ndarray | None = None,
    config: AlignConfig = AlignConfig(),
) -> list[Alignment]:
    """Align n original sentences with m copy sentences.

    Args:
        sim: (n, m) similarity of original i with copy j.
        sim_split: (n, m-1) similarity of original i with copy j and j+1 joined, or None.
        sim_merge: (n-1, m) similarity of original i and i+1 joined with copy j, or None.
        config: thresholds.

    Returns:
        Alignments covering every original and copy index exactly once, ordered by the
        first original index (added units placed after the unit of their predecessor).
    """
    sim = np.asarray(sim, dtype=np.float32)
    if sim.ndim != 2:
        raise ValueError(f"sim must be a 2-D matrix, got shape {sim.shape}")
    n, m = sim.shape
    prior = config.order_bonus * _order_prior(n, m)
    # Candidates as parallel arrays (a list of Python tuples costs ~230 bytes a candidate:
    # gigabytes for two long or repetitive documents). Only candidates that can clear
    # min_score are kept: the greedy pass below stops at the first one that cannot.
    # Scores are float32 values (sums of float32 cells), held exactly in float64.
    parts: list[tuple] = []  # (score, raw, o0, olen, c0, clen, cut-off compared in float32)
    score = sim + prior
    ii, jj = np.nonzero(score >= np.float32(config.min_score))
    parts.append((score[ii, jj], sim[ii, jj], ii, 1, jj, 1, False))
    if sim_split is not None and m > 1 and n > 0:
        sim_split = np.asarray(sim_split, dtype=np.float32)
        if sim_split.shape != (n, m - 1):
            raise ValueError(f"sim_split must have shape {(n, m - 1)}, got {sim_split.shape}")
        ok = np.minimum(sim[:, :-1], sim[:, 1:]) >= config.part_floor
        s2 = (sim_split.astype(np.float64) - config.pair_penalty).astype(np.float32) + prior[:, :-1]
        ii, jj = np.nonzero(ok & (s2 >= np.float32(config.min_score)))
        parts.append((s2[ii, jj], sim_split[ii, jj], ii, 1, jj, 2, True))
    if sim_merge is not None and n > 1 and m > 0:
        sim_merge = np.asarray(sim_merge, dtype=np.float32)
        if sim_merge.shape != (n - 1, m):
            raise ValueError(f"sim_merge must have shape {(n - 1, m)}, got {sim_merge.shape}")
        ok = np.minimum(sim[:-1, :], sim[1:, :]) >= config.part_floor
        s2 = (sim_merge.astype(np.float64) - config.pair_penalty).astype(np.float32) + prior[:-1, :]
        ii, jj = np.nonzero(ok & (s2 >= np.float32(config.min_score)))
        parts.append((s2[ii, jj], sim_merge[ii, jj], ii, 2, jj, 1, True))

    def cat(k: int, dtype) -> np.ndarray:
        return np.concatenate([np.broadcast_to(np.asarray(p[k], dtype=dtype), p[0].shape) for p in parts])

    # Every score is a float32 value, so float32 arrays hold them exactly.
    c_score, c_raw = cat(0, np.float32), cat(1, np.float32)
    c_o0, c_olen, c_c0, c_clen = cat(2, np.int32), cat(3, np.int8), cat(4, np.int32), cat(5, np.int8)
    c_f32 = cat(6, bool)
    del parts
    # Best first; on ties prefer single units, then document order (deterministic): the
    # order of the keys (-score, size, o, c), where a tuple (i,) sorts before (i, i + 1).
    order = np.lexsort((c_clen, c_c0, c_olen, c_o0, c_olen + c_clen, -c_score))
    used_o = [False] * n
    used_c = [False] * m
    left_o, left_c = n, m
    units: list[tuple[tuple[int, ...], tuple[int, ...], float]] = []
    # The exact cut-off of the unit-by-unit original: a 1-1 score was a Python float compared
    # in float64, a join score a numpy float32 compared in float32.
    cut64, cut32 = float(config.min_score), float(np.float32(config.min_score))

    def ranked():
        for lo in range(0, len(order), 4096):
            yield from order[lo : lo + 4096].tolist()

    for k in ranked():
        sc = float(c_score[k])
        if sc < (cut32 if c_f32[k] else cut64):
            break
        i, j = int(c_o0[k]), int(c_c0[k])
        o = (i,) if c_olen[k] == 1 else (i, i + 1)
        c = (j,) if c_clen[k] == 1 else (j, j + 1)
        if any(used_o[x] for x in o) or any(used_c[x] for x in c):
            continue
        for x in o:
            used_o[x] = True
        for x in c:
            used_c[x] = True
        left_o -= len(o)
        left_c -= len(c)
        units.append((o, c, float(c_raw[k])))
        if not left_o or not left_c:
            break  # nothing left to pair

    moved = _moved(units)
    out = [Alignment(o, c, round(raw, 4), k in moved) for k, (o, c, raw) in enumerate(units)]
    out += [Alignment((i,), (), 0.0) for i in range(n) if not used_o[i]]
    out += [Alignment((), (j,), 0.0) for j in range(m) if not used_c[j]]
    return order_alignments(out)


def _moved(units: list[tuple[tuple[int, ...], tuple[int, ...], float]]) -> set[int]:
    """Indices of matched units outside the longest chain that keeps both orders."""
    if not units:
        return set()
    order = sorted(range(len(units)), key=lambda k: units[k][0][0])
    seq = [units[k][1][0] for k in order]
    # Longest increasing subsequence with predecessor links (O(n^2) is fine: n is sentences).
    best = [1] * len(seq)
    prev = [-1] * len(seq)
    for a in range(len(seq)):
        for b in range(a):
            if seq[b] < seq[a] and best[b] + 1 > best[a]:
                best[a], prev[a] = best[b] + 1, b
    k = max(range(len(seq)), key=lambda x: best[x]) if seq else -1
    keep = set()
    while k >= 0:
        keep.add(order[k])
        k = prev[k]
    return {order[x] for x in range(len(seq))} - keep


def order_alignments(units: list[Alignment]) -> list[Alignment]:
    """Reading order: by original position; a copy-only unit goes after the unit holding the
    copy sentence just before it, so added text appears where the copy has it."""
    matched = [u for u in units if u.original]
    added = [u for u in units if not u.original]
    key_of: dict[int, tuple[float, int]] = {}
    for u in matched:
        for j in u.copy:
            key_of[j] = (u.original[0], 0)
    keyed = [((u.original[0], 0, 0), u) for u in matched]
    for u in sorted(added, key=lambda u: u.copy[0]):
        j = u.copy[0]
        anchor = next((key_of[p] for p in range(j - 1, -1, -1) if p in key_of), (-1, 0))
        key_of[j] = (anchor[0], 1)
        keyed.append(((anchor[0], 1, j), u))
    keyed.sort(key=lambda x: x[0])
    return [u for _, u in keyed]
