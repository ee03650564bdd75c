"""A fact dropped from one row and added in a neighbouring row is told as moved, not as two changes."""

from __future__ import annotations

import pytest

from drift.moves import MOVE_WINDOW, facts_moved
from drift.types import Alignment, Finding, Judgement, PairVerdict


def _dropped(kind: str, value: str, severity: str = "minor") -> Finding:
    return Finding(kind, severity, value, "", (0, len(value)), None, f"{kind} dropped: {value}", f"{kind}.dropped")


def _added(kind: str, value: str, severity: str = "minor") -> Finding:
    return Finding(kind, severity, "", value, None, (0, len(value)), f"{kind} added: {value}", f"{kind}.added")


def _row(k: int, *findings: Finding, original=True, copy=True) -> PairVerdict:
    a = Alignment((k,) if original else (), (k,) if copy else (), 0.9, False)
    return PairVerdict(a, Judgement("drift", "minor", 0.4, tuple(findings)))


def _severities(verdicts):
    return [[(f.rule, f.severity) for f in v.judgement.findings] for v in verdicts]


@pytest.mark.parametrize("rows, moved", [
    # no rows, one row, a row with nothing movable
    ([], False),
    ([_row(0, _dropped("date", "Tuesday"))], False),
    # dropped in row 0, added in row 1 or 2: moved
    ([_row(0, _dropped("date", "Tuesday")), _row(1, _added("date", "Tuesday"))], True),
    ([_row(0, _dropped("date", "Tuesday")), _row(1), _row(2, _added("date", "Tuesday"))], True),
    ([_row(0, _added("number", "3,000")), _row(1, _dropped("number", "3,000"))], True),
    # a name respelt on the way (Zelenskyy -> Zelensky) is the same name
    ([_row(0, _dropped("name", "Zelenskyy")), _row(1, _added("name", "Zelensky"))], True),
    # too far apart, another value, another kind, the same row, a major finding, an unaligned row
    ([_row(k) if 0 < k < MOVE_WINDOW + 1 else _row(k, _dropped("date", "Tuesday") if k == 0 else _added("date", "Tuesday"))
      for k in range(MOVE_WINDOW + 2)], False),
    ([_row(0, _dropped("date", "Tuesday")), _row(1, _added("date", "Wednesday"))], False),
    ([_row(0, _dropped("number", "12")), _row(1, _added("date", "12"))], False),
    ([_row(0, _dropped("date", "Tuesday"), _added("date", "Tuesday"))], False),
    ([_row(0, _dropped("number", "10,000", "major")), _row(1, _added("number", "10,000"))], False),
    ([_row(0, _dropped("date", "Tuesday")), _row(1, _added("date", "Tuesday"), original=False)], False),
])
def test_facts_moved(rows, moved):
    out = facts_moved(rows)
    assert len(out) == len(rows) and [v.alignment for v in out] == [v.alignment for v in rows]
    assert [v.judgement.label for v in out] == [v.judgement.label for v in rows]  # verdicts stay the judge's
    if moved:
        told = [f for v in out for f in v.judgement.findings if f.rule.endswith(".moved")]
        assert len(told) == 2 and all(f.severity == "none" for f in told), _severities(out)
        assert all("neighbouring sentence" in f.message for f in told)
        assert [f.original_span for v in out for f in v.judgement.findings] == \
            [f.original_span for v in rows for f in v.judgement.findings]  # spans still point at the words
    else:
        assert _severities(out) == _severities(rows)


def test_each_added_fact_pairs_with_one_dropped_fact():
    rows = [_row(0, _dropped("date", "Tuesday")), _row(1, _added("date", "Tuesday")), _row(2, _dropped("date", "Tuesday"))]
    out = facts_moved(rows)
    assert [[f.severity for f in v.judgement.findings] for v in out] == [["none"], ["none"], ["minor"]]
