"""Facts that moved between neighbouring sentences.

A copy often says a fact in another sentence than the original did: "said Tuesday" leaves
the first sentence and "on Tuesday" turns up in the third. Each pair is judged alone, so one
row reports "date dropped: Tuesday" and a row nearby "date added: Tuesday"; read together
the copy kept the fact. `facts_moved` finds such a dropped fact and an added one of the same
kind and value in aligned rows at most `MOVE_WINDOW` apart, and gives both findings severity
``none`` with a message that says where the fact went (rule ``<kind>.moved``). Only minor
findings move: a row's label stays its own pair's, and a major one is the judge's call on
that pair (it weighed the model's evidence).
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Sequence

from .findings import is_spelling_variant
from .types import Finding, PairVerdict

MOVE_WINDOW = 2  # rows: a fact said two sentences away is still the same passage
_MOVABLE = ("date", "number", "name")  # kinds whose value is its words


def _value(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip(" .,;:").casefold()


def _same(kind: str, a: str, b: str) -> bool:
    if _value(a) == _value(b):
        return bool(_value(a))
    if kind == "name":
        return bool(is_spelling_variant(a.strip(), b.strip()))
    return False


def facts_moved(verdicts: Sequence[PairVerdict]) -> tuple[PairVerdict, ...]:
    """The verdicts with each dropped fact that a neighbouring aligned row adds (and that
    row's added fact) told as moved, severity none; everything else unchanged."""
    rows = [k for k, v in enumerate(verdicts) if v.alignment.original and v.alignment.copy]
    dropped = [(k, i, f) for k in rows for i, f in enumerate(verdicts[k].judgement.findings)
               if f.kind in _MOVABLE and f.rule == f"{f.kind}.dropped" and f.original and f.severity == "minor"]
    added = [(k, i, f) for k in rows for i, f in enumerate(verdicts[k].judgement.findings)
             if f.kind in _MOVABLE and f.rule == f"{f.kind}.added" and f.copy and f.severity == "minor"]
    if not dropped or not added:
        return tuple(verdicts)
    pos = {k: n for n, k in enumerate(rows)}
    changed: dict[tuple[int, int], Finding] = {}
    for k, i, f in dropped:
        cands = [(abs(pos[k2] - pos[k]), k2, i2, g) for k2, i2, g in added
                 if k2 != k and (k2, i2) not in changed and g.kind == f.kind
                 and abs(pos[k2] - pos[k]) <= MOVE_WINDOW and _same(f.kind, f.original, g.copy)]
        if not cands:
            continue
        _, k2, i2, g = min(cands, key=lambda c: (c[0], c[1]))
        changed[(k, i)] = replace(f, severity="none", rule=f"{f.kind}.moved",
                                  message=f"{f.kind} said in a neighbouring sentence of the copy: {f.original.strip()}")
        changed[(k2, i2)] = replace(g, severity="none", rule=f"{g.kind}.moved",
                                    message=f"{g.kind} from a neighbouring sentence of the original: {g.copy.strip()}")
    if not changed:
        return tuple(verdicts)
    out = []
    for k, v in enumerate(verdicts):
        fs = v.judgement.findings
        if any((k, i) in changed for i in range(len(fs))):
            fs = tuple(changed.get((k, i), f) for i, f in enumerate(fs))
            v = PairVerdict(v.alignment, replace(v.judgement, findings=fs))
        out.append(v)
    return tuple(out)
