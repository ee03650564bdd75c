"""The meaning judge on tables of pairs, properties, and the drift score's calibration file."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from drift.judge import FEATURES, Judge, JudgeConfig, escalate_clauses, load_score_model, normalise, only_style_changes
from drift.findings import find_changes
from drift.types import Finding

# No token model, no spaCy: fast, deterministic; the token signal is covered by slow tests.
FAST = JudgeConfig(use_tokens=False, use_lm=False, use_nlp=False)


@pytest.fixture(scope="module")
def judge():
    return Judge(FAST)


CASES = [
    # (original, copy, label, severity)
    ("Russia struck Kyiv overnight.", "Russia struck Kyiv overnight.", "verbatim", "none"),
    ("Russia’s drones struck Kyiv — again.", "Russia's drones struck Kyiv - again.", "verbatim", "none"),
    ("Putin warned on Sept. 12 that Russia would act.", "Putin warned on September 12 that Russia would act.", "style", "none"),
    ("Western leaders say North Korea has sent some 10,000 soldiers.",
     "Western leaders say North Korea has sent 1,000 soldiers.", "drift", "major"),
    ("The ministry did confirm the strike.", "The ministry did not confirm the strike.", "drift", "major"),
    ("He urged allies to stop “watching” and act.", "He urged allies to stop “standing by” and act.", "drift", "major"),
    ("Officials met in Poland on Tuesday to discuss aid.", "Officials met in Hungary on Tuesday to discuss aid.", "drift", "major"),
    ("The plan, which can then be expanded over time, was approved by the council.",
     "The plan was approved by the council.", "drift", "major"),
]


@pytest.mark.parametrize("original, copy, label, severity", CASES)
def test_label_table(judge, original, copy, label, severity):
    jd = judge.judge(original, copy, 0.95)
    assert (jd.label, jd.severity) == (label, severity), jd.findings
    assert 0.0 <= jd.drift <= 1.0


def test_empty_and_one_word(judge):
    assert judge.judge("", "", 1.0).label == "verbatim"
    jd = judge.judge("Kyiv", "Kiev", 0.9)
    assert jd.label in ("style", "paraphrase") and jd.severity != "major"


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=200))
def test_identical_texts_give_no_drift(text):
    jd = Judge(FAST).judge(text, text, 1.0)
    assert jd.label == "verbatim" and jd.drift == 0.0 and not jd.findings


@settings(max_examples=60, deadline=None)
@given(st.integers(2, 99_999), st.integers(2, 99_999))
def test_swapped_number_is_a_major_number_finding(a, b):
    if a == b:
        return
    o = f"Officials said {a:,} people were evacuated from the city."
    c = f"Officials said {b:,} people were evacuated from the city."
    jd = Judge(FAST).judge(o, c, 0.97)
    nums = [f for f in jd.findings if f.kind == "number"]
    assert nums and jd.label == "drift" and jd.severity == "major"
    assert o[nums[0].original_span[0] : nums[0].original_span[1]] == nums[0].original


def test_clause_escalation_only_in_near_verbatim_copies():
    o = "The plan, which can then be expanded over time, was approved by the council on Monday."
    c = "The plan was approved by the council on Monday."
    fs = escalate_clauses(o, c, find_changes(o, c))
    assert any(f.kind == "omission" and f.severity == "major" for f in fs)
    # a loosely reworded copy keeps a dropped clause minor: rewording moves clauses around
    c2 = "On Monday the council gave its approval to the plan."
    fs2 = escalate_clauses(o, c2, find_changes(o, c2))
    assert not any(f.kind in ("omission", "addition") and f.severity == "major" for f in fs2)


def test_style_needs_every_change_explained():
    o, c = "Putin warned on Sept. 12 that Russia would act.", "Putin warned on September 12 that Russia would act."
    assert only_style_changes(o, c, find_changes(o, c))
    o, c = "Russia sent arms to the front.", "Russia sent weapons to the front."
    assert not only_style_changes(o, c, find_changes(o, c))


def test_score_model_file_matches_code():
    m = load_score_model()
    data = json.loads((__import__("drift.semantics").semantics.models_dir() / "judge.json").read_text())
    assert tuple(data["features"]) == FEATURES and len(m.weights) == len(FEATURES)
    assert 0.0 < m.drift_threshold <= m.major_threshold < 1.0
    # more unmatched content or a major finding can only raise the score
    base = [1.0, 1.0, 0.0, 0.0]
    assert m.score([1.0, 2.0, 0.0, 0.0]) > m.score(base) and m.score([1.0, 1.0, 1.0, 0.0]) > m.score(base)


def test_judgement_cache_round_trip(tmp_path):
    from drift.cache import Store

    store = Store(tmp_path / "c.sqlite", "judgements")
    pairs = [("Officials said 500 missiles.", "Officials said 50 missiles.", 0.97)]
    first = Judge(FAST, cache=store).judge_many(pairs)
    again = Judge(FAST, cache=Store(tmp_path / "c.sqlite", "judgements")).judge_many(pairs)
    assert first == again and isinstance(again[0].findings[0], Finding)


@pytest.mark.slow
def test_token_signal_separates_a_dropped_clause(encoder):
    j = Judge(JudgeConfig(use_lm=False, use_nlp=False), encoder=encoder)
    o = "Sullivan briefed Yermak on plans to send artillery, ammunition and armored vehicles to Ukraine."
    same = j.judge(o, "Sullivan briefed Yermak on plans to send artillery, ammunition and armoured vehicles to Ukraine.", 0.99)
    cut = j.judge(o, "Sullivan briefed Yermak on plans.", 0.8)
    assert cut.features["missing_original"] > same.features["missing_original"] + 1.0
    assert cut.drift > same.drift
