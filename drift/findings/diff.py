"""The word diff: which tokens of an original passage and its copy correspond.

:func:`opcodes` gives ``difflib`` opcodes over two token lists, with bounded work.
``difflib.SequenceMatcher`` (no autojunk) costs about the sum, over the tokens of one side,
of how often each occurs on the other, times the depth of its recursion: nothing on a
sentence pair, but hours on hostile text within drift's limits (``"a" "a" …`` against
``'a' 'a' …`` at 20 000 characters a side, ``Smith Jones …`` against ``Smyth Jones …``).
Past :data:`WORK_BUDGET` the diff is computed in near-linear time instead: the common
prefix and suffix, then anchors on tokens that occur exactly once on each side (the
longest increasing chain of them, as in patience diff), ``difflib`` again inside the gaps
between anchors while a total budget lasts, and whatever is left is one replacement.
Ordinary text never reaches the budget and gets exactly ``difflib``'s answer.

:func:`word_diff` maps the opcodes to character spans; renderers use it for highlights.
"""

from __future__ import annotations

import bisect
import difflib
from collections import Counter
from typing import Sequence

from .tokens import _Side

__all__ = ["WORK_BUDGET", "opcodes", "word_diff"]

#: Estimated difflib work (sum over tokens of occurrences on the other side) under which a
#: pair is diffed by difflib in one piece. A 2 000-character sentence pair of news text is
#: a few thousand; the hostile cases above are millions to billions.
WORK_BUDGET = 40_000
#: Total estimated work spent on difflib inside the gaps between anchors, once past the budget.
GAP_BUDGET = 40_000

Opcode = tuple[str, int, int, int, int]


def _work(a: Sequence[str], b: Sequence[str]) -> int:
    """Sum over the tokens of ``a`` of their occurrences in ``b`` (difflib's cost per pass)."""
    if not a or not b:
        return 0
    if len(a) > len(b):
        a, b = b, a
    counts = Counter(b)
    return sum(counts.get(t, 0) for t in a)


def opcodes(a: Sequence[str], b: Sequence[str]) -> list[Opcode]:
    """``difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()`` when that is
    cheap, else the bounded diff described in the module docstring (same opcode format)."""
    if _work(a, b) <= WORK_BUDGET:
        return difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    return _merge(_bounded(a, b))


def _bounded(a: Sequence[str], b: Sequence[str]) -> list[Opcode]:
    n, m = len(a), len(b)
    p = 0
    while p < n and p < m and a[p] == b[p]:
        p += 1
    s = 0
    while s < n - p and s < m - p and a[n - 1 - s] == b[m - 1 - s]:
        s += 1
    ops: list[Opcode] = []
    if p:
        ops.append(("equal", 0, p, 0, p))
    budget = [GAP_BUDGET]
    anchors = _anchors(a, b, p, n - s, p, m - s)
    i0, j0 = p, p
    for i, j in anchors + [(n - s, m - s)]:
        ops += _gap(a, b, i0, i, j0, j, budget)
        if (i, j) != (n - s, m - s):
            ops.append(("equal", i, i + 1, j, j + 1))
            i0, j0 = i + 1, j + 1
    if s:
        ops.append(("equal", n - s, n, m - s, m))
    return ops


def _anchors(a, b, alo, ahi, blo, bhi) -> list[tuple[int, int]]:
    """(i, j) of tokens occurring exactly once in a[alo:ahi] and once in b[blo:bhi], the
    longest chain increasing on both sides (patience sorting, O(k log k))."""
    ca = Counter(a[alo:ahi])
    cb = Counter(b[blo:bhi])
    where_b = {b[j]: j for j in range(blo, bhi) if cb[b[j]] == 1 and ca.get(b[j]) == 1}
    pairs = [(i, where_b[a[i]]) for i in range(alo, ahi) if a[i] in where_b]
    if not pairs:
        return []
    tails: list[int] = []  # smallest j ending a chain of each length
    tail_at: list[int] = []  # index in pairs of that chain end
    back = [-1] * len(pairs)
    for k, (_, j) in enumerate(pairs):
        x = bisect.bisect_left(tails, j)
        if x == len(tails):
            tails.append(j)
            tail_at.append(k)
        else:
            tails[x] = j
            tail_at[x] = k
        back[k] = tail_at[x - 1] if x else -1
    chain = []
    k = tail_at[-1]
    while k >= 0:
        chain.append(pairs[k])
        k = back[k]
    return chain[::-1]


def _gap(a, b, i1, i2, j1, j2, budget: list[int]) -> list[Opcode]:
    """Opcodes for a[i1:i2] against b[j1:j2]: difflib while the budget lasts, else one edit."""
    if i1 == i2 and j1 == j2:
        return []
    if i1 == i2:
        return [("insert", i1, i1, j1, j2)]
    if j1 == j2:
        return [("delete", i1, i2, j1, j1)]
    cost = _work(a[i1:i2], b[j1:j2])
    if cost <= min(budget[0], WORK_BUDGET):
        budget[0] -= cost
        sm = difflib.SequenceMatcher(None, a[i1:i2], b[j1:j2], autojunk=False)
        return [(t, x1 + i1, x2 + i1, y1 + j1, y2 + j1) for t, x1, x2, y1, y2 in sm.get_opcodes()]
    return [("replace", i1, i2, j1, j2)]


def _merge(ops: list[Opcode]) -> list[Opcode]:
    """Adjacent opcodes of the same tag joined (difflib never emits two in a row)."""
    out: list[Opcode] = []
    for op in ops:
        if out and out[-1][0] == op[0] and out[-1][2] == op[1] and out[-1][4] == op[3]:
            t, i1, _, j1, _ = out[-1]
            out[-1] = (t, i1, op[2], j1, op[4])
        elif out and {out[-1][0], op[0]} <= {"insert", "delete", "replace"} and out[-1][2] == op[1] and out[-1][4] == op[3]:
            _, i1, _, j1, _ = out[-1]
            out[-1] = ("replace", i1, op[2], j1, op[4])
        else:
            out.append(op)
    return out


def word_diff(original: str, copy: str) -> list[tuple[str, tuple[int, int], tuple[int, int]]]:
    """Opcodes over normalised tokens, mapped to character spans in each text.

    Empty token ranges (the missing side of an insert/delete) become an empty span
    anchored just after the preceding token.
    """
    o, c = _Side(original), _Side(copy)
    return [(tag, o.span(i1, i2), c.span(j1, j2)) for tag, i1, i2, j1, j2 in opcodes(o.norms, c.norms)]


def ratio(a: Sequence[str], b: Sequence[str]) -> float:
    """``difflib.SequenceMatcher.ratio()`` through the bounded diff: 2 x matched / total."""
    total = len(a) + len(b)
    if not total or a == b:
        return 1.0
    matched = sum(i2 - i1 for t, i1, i2, _, _ in opcodes(a, b) if t == "equal")
    return 2.0 * matched / total


def matching_blocks(a: Sequence[str], b: Sequence[str]) -> list[tuple[int, int, int]]:
    """(i, j, size) of the equal runs of the bounded diff, in order."""
    return [(i1, j1, i2 - i1) for t, i1, i2, j1, _ in opcodes(a, b) if t == "equal"]
