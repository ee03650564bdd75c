"""A fact dropped from one row and added in a neighbouring row is told as moved, not as two changes."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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


_FACT = st.builds(
    lambda kind, value, dropped, sev: (_dropped if dropped else _added)(kind, value, sev),
    st.sampled_from(["date", "number", "name", "quote"]), st.sampled_from(["Tuesday", "3,000", "Kyiv", "Kiev"]),
    st.booleans(), st.sampled_from(["minor", "major"]),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.lists(_FACT, max_size=3), st.booleans()), max_size=6))
def test_moving_facts_only_retells_pairs_of_minor_findings(rows):
    verdicts = [_row(k, *fs, original=aligned) for k, (fs, aligned) in enumerate(rows)]
    out = facts_moved(verdicts)
    assert [v.alignment for v in out] == [v.alignment for v in verdicts]
    assert [v.judgement.label for v in out] == [v.judgement.label for v in verdicts]
    before = [f for v in verdicts for f in v.judgement.findings]
    after = [f for v in out for f in v.judgement.findings]
    assert [(f.kind, f.original_span, f.copy_span) for f in after] == [(f.kind, f.original_span, f.copy_span) for f in before]
    retold = [(a, b) for a, b in zip(before, after) if a != b]
    assert len(retold) % 2 == 0  # a drop and its add, always together
    assert all(a.severity == "minor" and b.severity == "none" and b.rule == f"{a.kind}.moved" for a, b in retold)
    assert sum(a.rule.endswith(".dropped") for a, _ in retold) == sum(a.rule.endswith(".added") for a, _ in retold)
