"""The meaning judge on tables of pairs, properties, and the drift score's calibration file."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from drift.calibration import RANK_FEATURES, Calibration, load_calibration
from drift.judge import (Judge, JudgeConfig, all_findings, confirm_findings, escalate_clauses, model_findings, only_style_changes,
                         is_headline, rank_features, site_suffixes, word_overlap)
from drift.findings import find_changes
from drift.types import Finding

# No pair model, no spaCy: fast, deterministic rule-level judging; the model is covered by
# tests/test_pairmodel.py and the fake predictions below.
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


def test_calibration_file_is_sane():
    cal = load_calibration()
    assert cal.rank and all(w >= 0 for f, w in cal.rank if f != "bias")
    # 1.01: a group whose findings never stand on their own span's support (calibrate_judge.py)
    assert 0.0 < cal.minor < 1.0 and 0.0 < cal.major_p < 1.0 and 0.0 < cal.confirm <= 1.01
    assert 0.0 < cal.drift_threshold < cal.major_threshold < 1.0
    # every signal of change can only raise the score, and every major pair scores above every other
    calm = {f: 0.1 for f in RANK_FEATURES}
    for f in RANK_FEATURES:
        assert cal.rank_score({**calm, f: 0.9}) >= cal.rank_score(calm)
    assert cal.rank_score({f: 0.0 for f in RANK_FEATURES}) < cal.minor
    assert cal.major_floor == cal.minor and cal.final(0.0, True) >= cal.major_floor
    assert cal.final(1.0, False) < cal.major_threshold <= cal.final(1.0, True)


@settings(max_examples=300, deadline=None)
@given(s=st.floats(0.0, 1.0), other=st.floats(0.0, 1.0), boost=st.sampled_from((0.0, 0.1, 0.3)),
       minor=st.floats(0.05, 0.8))
def test_drift_score_bounds_follow_the_verdict(s, other, boost, minor):
    """Whatever the ranker says: a major pair never scores under a pair the ranker calls a
    paraphrase (s < minor), only a major pair reaches the line, a major verdict never lowers
    the score, and inside each verdict the score follows the ranker."""
    cal = Calibration("t", (("score", 1.0),), major_p=0.9, minor=minor, confirm=0.9, major_boost=boost)
    assert 0.0 <= cal.final(s, True) <= 1.0 and 0.0 <= cal.final(s, False) <= 1.0
    if other < minor:
        assert cal.final(s, True) > cal.final(other, False)
    assert cal.final(s, False) < cal.major_threshold
    assert cal.final(s, True) >= cal.final(s, False)
    lo, hi = sorted((s, other))
    for major in (True, False):
        assert cal.final(lo, major) <= cal.final(hi, major)
    # a verdict the score did not decide (cross-language findings) lands in its own band
    assert cal.placed(s, "none") < cal.major_floor <= cal.placed(other, "major")
    assert cal.drift_threshold <= cal.placed(s, "minor") < cal.major_threshold


def test_judgement_cache_round_trip(tmp_path):
    from drift.cache import Store

    store = Store(tmp_path / "c.sqlite", "judgements")
    pairs = [("Officials said 500 missiles.", "Officials said 50 missiles.", 0.97)]
    first = Judge(FAST, cache=store).judge_many(pairs)
    again = Judge(FAST, cache=Store(tmp_path / "c.sqlite", "judgements")).judge_many(pairs)
    assert first == again and isinstance(again[0].findings[0], Finding)


CAL = Calibration("test", (("score", 1.0),), major_p=0.6, minor=0.3, confirm=0.35)


@pytest.mark.parametrize("original, copy, hot, dropped, changed", [
    ("Officials said 500 people left.", "Officials said 500 people left.", (), (), 0.0),
    ("Officials said 500 people left.", "Officials said 50 people left.", ("50",), (), 0.2),
    ("The plan was approved on Monday by the council.", "The plan was approved.", (), ("Monday", "council"), 5 / 13),
    ("", "Officials said 500 people left.", (), (), 1.0),  # an empty original: every word is new
])
def test_rank_features_grow_with_the_change(original, copy, hot, dropped, changed):
    calm = rank_features(fake_prediction(original, copy, 0.1, 0.1), word_overlap(original, copy))
    got = rank_features(fake_prediction(original, copy, 0.1, 0.1, hot, dropped), word_overlap(original, copy))
    assert set(got) == set(RANK_FEATURES) and got["changed"] == pytest.approx(changed, abs=0.01)
    if hot:
        assert got["major_mass"] > calm["major_mass"]
    if dropped:
        assert got["max_dropped"] == 0.9 > calm["max_dropped"]


def test_calibration_rejects_unknown_rank_features(tmp_path, monkeypatch):
    import json

    import drift.calibration as calibration
    from drift.errors import ModelError

    data = json.loads((calibration.data_dir() / "judge.json").read_text())
    data["rank"] = {"bias": 0.1, "cosine_of_the_moon": 1.0}
    (tmp_path / "judge.json").write_text(json.dumps(data))
    monkeypatch.setattr(calibration, "data_dir", lambda: tmp_path)
    calibration.load_calibration.cache_clear()
    try:
        with pytest.raises(ModelError, match="cosine_of_the_moon"):
            calibration.load_calibration()
    finally:
        calibration.load_calibration.cache_clear()


def fake_prediction(original, copy, score, p_major, major_words=(), dropped_words=(), p_tag=0.9):
    """A PairPrediction with P(major) ``p_tag`` (one value, or one a word) on the given copy
    words and P(dropped) 0.9 on the given original words, 0.01 elsewhere (what the model's
    heads produce, without the model)."""
    import re

    from drift.pairmodel import PairPrediction, TokenTag

    ctoks, tags = [], []
    for m in re.finditer(r"\w+|[^\w\s]", copy):
        hot = m.group() in major_words
        p = p_tag.get(m.group(), 0.9) if isinstance(p_tag, dict) else p_tag
        ctoks.append((m.start(), m.end(), 0.95 if hot else 0.01, p if hot else 0.01, 0.0))
        if hot:
            tags.append(TokenTag(m.start(), m.end(), 2, 0.95, p))
    otoks, dropped = [], []
    for m in re.finditer(r"\w+|[^\w\s]", original):
        hot = m.group() in dropped_words
        otoks.append((m.start(), m.end(), 0.9 if hot else 0.01))
        if hot:
            if dropped and m.start() - dropped[-1][1] <= 1:
                dropped[-1] = (dropped[-1][0], m.end(), 0.9)
            else:
                dropped.append((m.start(), m.end(), 0.9))
    return PairPrediction(score, p_major, tuple(tags), tuple(dropped), max((t[3] for t in ctoks), default=0.0),
                          tuple(ctoks), tuple(otoks))


def _judge_with(pred):
    class Fake:
        def predict(self, pairs):
            return [pred for _ in pairs]

    return Judge(JudgeConfig(use_lm=False, use_nlp=False), calibration=CAL, pair_model=Fake())


CONFIRM = [
    # (original, copy, model score, P(major), copy words the model marks major, label, severity)
    # a typed number finding the model confirms on its span stays major
    ("Officials said 500 people were evacuated.", "Officials said 50 people were evacuated.", 0.4, 0.3, ("50",),
     "drift", "major"),
    # ... and one the model sees nothing in is demoted to minor (a human re-translation's choice)
    ("Officials said 500 people were evacuated.", "Officials said 50 people were evacuated.", 0.1, 0.05, (),
     "drift", "minor"),
    # the model alone makes a pair major, and its tagged word becomes a `meaning` finding
    ("Russian troops struggled to push back a Ukrainian incursion.",
     "Russian troops struggled to repel a Ukrainian invasion.", 0.7, 0.8, ("invasion",), "drift", "major"),
    # a date and a tense that changed value stay drift when the model demotes them to minor
    ("The ministry will add 400 beds next year.", "The ministry added 400 beds last year.", 0.1, 0.05, (),
     "drift", "minor"),
    # a paraphrase the model is calm about gets no model finding
    ("The minister said the talks were useful.", "According to the minister, the talks were useful.", 0.05, 0.02, (),
     "paraphrase", "none"),
]


@pytest.mark.parametrize("original, copy, score, p_major, words, label, severity", CONFIRM)
def test_model_confirms_demotes_and_adds_findings(original, copy, score, p_major, words, label, severity):
    jd = _judge_with(fake_prediction(original, copy, score, p_major, words)).judge(original, copy, 0.95)
    assert (jd.label, jd.severity) == (label, severity), jd.findings
    for w in words:  # every word the model tagged carries a finding with its exact span
        hit = [f for f in jd.findings if f.copy_span and copy[f.copy_span[0]:f.copy_span[1]].find(w) >= 0]
        assert hit, (w, jd.findings)
    if severity == "major":
        assert jd.drift >= CAL.major_floor  # a major verdict never scores below a paraphrase
    else:
        assert jd.drift < CAL.major_threshold  # only a major verdict reaches the line
    if label == "paraphrase":
        assert jd.drift < CAL.major_floor


@pytest.mark.parametrize("p_tags, lead", [
    # the model is surest of "airport": that finding is the major one
    ({"airport": 0.95, "studied": 0.4}, "airport"),
    ({"airport": 0.4, "studied": 0.95}, "studied"),
])
def test_a_major_verdict_of_p_major_alone_shows_its_surest_finding(p_tags, lead):
    """A calibration whose model findings never stand alone (confirm 1.01): a pair major on
    P(major) alone still shows one major finding, on the span the model is surest of."""
    o = "The council praised the plan for the harbour on Monday."
    c = "The council studied the plan for the airport on Monday."
    pred = fake_prediction(o, c, 0.7, 0.99, tuple(p_tags), p_tag=p_tags)

    class Fixed:
        def predict(self, pairs):
            return [pred for _ in pairs]

    strict = Calibration("test", (("score", 1.0),), major_p=0.9, minor=0.3, confirm=1.01)
    j = Judge(JudgeConfig(use_lm=False, use_nlp=False), calibration=strict, pair_model=Fixed()).judge(o, c, 0.95)
    assert j.severity == "major", j
    majors = [f for f in j.findings if f.severity == "major"]
    assert len(majors) == 1 and lead in (majors[0].copy or ""), j.findings


def test_demoted_finding_is_kept_not_deleted():
    o, c = "Officials said 500 people were evacuated.", "Officials said 50 people were evacuated."
    from drift.judge import all_findings

    fs = all_findings(o, c)
    demoted = confirm_findings(fs, fake_prediction(o, c, 0.1, 0.05), False, CAL)
    assert [f.kind for f in demoted] == [f.kind for f in fs]
    assert all(f.severity != "major" for f in demoted) and any("minor" in f.message for f in demoted)


def test_model_meaning_finding_names_both_sides():
    o = "Russian troops struggled to push back a Ukrainian incursion."
    c = "Russian troops struggled to repel a Ukrainian invasion."
    pred = fake_prediction(o, c, 0.7, 0.8, ("invasion",))
    fs = model_findings(o, c, [], pred, 0.75, True, CAL)
    f = next(f for f in fs if f.kind == "meaning")
    assert f.copy == "invasion" and "incursion" in f.original and f.severity == "major"
    assert c[f.copy_span[0]:f.copy_span[1]] == f.copy and o[f.original_span[0]:f.original_span[1]] == f.original


def test_model_omission_finding_on_dropped_words():
    o = "The plan, which the council can expand over time, was approved on Monday."
    c = "The plan was approved on Monday."
    pred = fake_prediction(o, c, 0.7, 0.8, (), ("which", "the", "council", "can", "expand", "over", "time"))
    fs = model_findings(o, c, [], pred, 0.75, True, CAL)
    om = [f for f in fs if f.kind == "omission"]
    assert om and "council can expand" in om[0].original and om[0].copy_span is None


@pytest.mark.parametrize("copy, tagged, found", [
    # the model tags words the copy kept as they were: the change is not there, no finding
    ("“Even so…” Paris is waiting, Rome is waiting.", ("Paris", "waiting"), False),
    # it tags the word that changed: a finding on it
    ("“Even so…” Paris is voting, Rome is waiting.", ("voting",), True),
])
def test_model_tags_on_unchanged_words_are_not_findings(copy, tagged, found):
    o = "“Even so … Paris is waiting, Rome is waiting."
    pred = fake_prediction(o, copy, 0.6, 0.5, tagged)
    got = model_findings(o, copy, [], pred, 0.6, False, CAL)
    assert bool(got) == found and all(f.copy in tagged for f in got), got


@pytest.mark.parametrize("copy, finding", [
    # a date's month written out, "U.S." without dots: the same words, the model's tags are no finding
    ("The council voted on October 3 to fund the US office.", False),
    # a month that changed is one
    ("The council voted on November 3 to fund the US office.", True),
])
def test_a_word_only_written_out_is_no_model_finding(copy, finding):
    o = "The council voted on Oct. 3 to fund the U.S. office."
    pred = fake_prediction(o, copy, 0.5, 0.1, ("October", "November", "US"))
    got = model_findings(o, copy, [], pred, 0.5, False, CAL)
    assert bool([f for f in got if f.copy in ("October", "November")]) == finding, got
    assert not [f for f in got if f.copy == "US"], got


@pytest.mark.parametrize("copy, tagged, major", [
    # a figure written out ("11" -> "eleven"): the model's tag on it is no finding, and P(major)
    # with nothing else to point at is no verdict
    ("The vaccine was approved for children aged five to eleven.", "eleven", False),
    # another figure is a change
    ("The vaccine was approved for children aged five to twelve.", "twelve", True),
    ("The vaccine was approved for children aged five to 12.", "12", True),
])
def test_a_figure_only_written_out_is_no_model_finding(copy, tagged, major):
    _assert_figure_tag("The vaccine was approved for children aged five to 11.", copy, tagged, major)


@pytest.mark.parametrize("copy, tagged, major", [
    # the tag on one word of a figure the copy wrote in other words ("a decade" -> "ten years")
    ("In 2014, ten years after its launch, most users were over 30.", "ten", False),
    ("In 2014, ten months after its launch, most users were over 30.", "ten", True),
])
def test_a_figure_said_in_other_words_is_no_model_finding(copy, tagged, major):
    _assert_figure_tag("In 2014, a decade after its launch, most users were over 30.", copy, tagged, major)


def _assert_figure_tag(o, copy, tagged, major):
    pred = fake_prediction(o, copy, 0.6, 0.99, (tagged,))
    assert bool([f for f in model_findings(o, copy, [], pred, 0.6, True, CAL) if f.copy == tagged]) == major
    j = _judge_with(pred).judge(o, copy)
    assert (j.severity == "major") == major, j


@pytest.mark.parametrize("p_major", [0.5, 0.99])
def test_the_same_words_with_other_punctuation_are_no_drift(p_major):
    """Only spacing moved ("so …" -> "so…"): whatever the pair model scores, even P(major)
    above major_p, not drift."""
    o = "“Even so … Paris is waiting, Rome is waiting."
    c = "“Even so… Paris is waiting, Rome is waiting."

    class Alarmed:
        def predict(self, pairs):
            return [fake_prediction(a, b, 0.9, p_major, ("Paris",)) for a, b in pairs]

    j = Judge(JudgeConfig(use_nlp=False), calibration=CAL, pair_model=Alarmed()).judge(o, c)
    assert j.label in ("paraphrase", "style") and j.severity == "none" and j.drift < CAL.drift_threshold, j
    changed = "“Even so… Paris is voting, Rome is waiting."
    j = Judge(JudgeConfig(use_nlp=False), calibration=CAL, pair_model=Alarmed()).judge(o, changed)
    assert j.label == "drift", j  # a word changed: the model's score stands


@pytest.mark.parametrize("copy, major", [
    # only a verb moved between the simple past and a perfect: P(major) alone is no verdict
    ("By 2008 Longxi River had become a stinking ditch.", False),
    # a word changed as well: the model's P(major) stands
    ("By 2008 Longxi River had become a stinking lake.", True),
])
def test_a_past_told_as_a_perfect_is_not_major_on_p_major_alone(copy, major):
    o = "By 2008 the Longxi River became a stinking ditch."

    class Alarmed:
        def predict(self, pairs):
            return [fake_prediction(a, b, 0.6, 0.999, ("had", "become", "lake")) for a, b in pairs]

    j = Judge(JudgeConfig(use_nlp=False), calibration=CAL, pair_model=Alarmed()).judge(o, copy)
    assert (j.severity == "major") == major, j


@pytest.mark.parametrize("copy, tagged, major", [
    # P(major) above major_p, nothing located: no rule fires, the model tags no changed word
    ("He also said that the Russian navy fleet will rely on digital defences.", (), False),
    # the same pair with the model pointing at a changed word: major, with a finding there
    ("He also said that the Russian navy fleet will rely on digital defences.", ("navy",), True),
    # a rule locates the change (a number): major as before
    ("He also stated that 50 Russian naval ships will rely on digital defences.", (), True),
])
def test_a_major_verdict_points_at_a_change(copy, tagged, major):
    o = "He also stated that 500 Russian naval ships will rely on digital defences." if "50 " in copy else \
        "He also stated that the Russian naval fleet will rely on digital defences."
    j = _judge_with(fake_prediction(o, copy, 0.9, 0.99, tagged)).judge(o, copy, 0.95)
    assert (j.severity == "major") == major, j
    if major:
        assert [f for f in j.findings if f.kind != "spelling"], j
    else:
        assert j.drift < CAL.major_threshold


CLOSE_CAL = Calibration("test", (("score", 1.0),), major_p=0.6, minor=0.3, confirm=0.9, confirm_fact=0.8, close=0.85,
                        confirm_close=0.3, confirm_close_fact=0.0)


@pytest.mark.parametrize("original, copy, support, severity", [
    # a close copy: a changed number stands on the rules alone; a changed name needs a little support
    ("Officials said 500 people were evacuated from the town.", "Officials said 50 people were evacuated from the town.", 0.0, "major"),
    ("The minister flew to Paraguay on Monday for talks.", "The minister flew to Argentina on Monday for talks.", 0.1, "minor"),
    ("The minister flew to Paraguay on Monday for talks.", "The minister flew to Argentina on Monday for talks.", 0.5, "major"),
    # a loose rewording: the same number change needs the loose fact threshold
    ("Officials said 500 people were evacuated from the town.", "The town evacuated 50 people, officials said.", 0.5, "minor"),
    ("Officials said 500 people were evacuated from the town.", "The town evacuated 50 people, officials said.", 0.85, "major"),
])
def test_close_copies_trust_the_rules_more(original, copy, support, severity):
    from drift.judge import all_findings, kept_wording

    fs = [f for f in all_findings(original, copy) if f.severity == "major"]
    assert fs, "the rules must see the change"
    words = tuple(w for f in fs for w in (f.copy or "").split())
    pred = fake_prediction(original, copy, 0.1, 0.05, words, p_tag=support)
    got = confirm_findings(fs, pred, False, CLOSE_CAL, kept_wording(original, copy))
    assert {f.severity for f in got} == {severity}, got


def test_a_swap_is_confirmed_as_in_a_close_copy():
    """Two phrases exchanged: every word kept, not their order (kept_wording 0.78). The copy is
    as close as a changed number, so the swap stands on the rules there too."""
    from drift.judge import all_findings, closeness, kept_wording

    o = "Police arrested the protesters outside the ministry on Monday."
    c = "The protesters arrested police outside the ministry on Monday."
    fs = [f for f in all_findings(o, c) if f.severity == "major"]
    assert [f.kind for f in fs] == ["role"], fs
    pred = fake_prediction(o, c, 0.1, 0.05)  # the model sees nothing
    kept = kept_wording(o, c)
    assert kept < CLOSE_CAL.close <= closeness(o, c, fs, kept)
    assert {f.severity for f in confirm_findings(fs, pred, False, CLOSE_CAL, closeness(o, c, fs, kept))} == {"major"}
    assert {f.severity for f in confirm_findings(fs, pred, False, CLOSE_CAL, kept)} == {"minor"}
    # no role finding, and a change no fact finding explains: closeness is the in-order share
    reworded = o.replace("outside", "near")
    assert closeness(o, reworded, all_findings(o, reworded), 0.5) == 0.5


@pytest.mark.parametrize("original, copy, close", [
    # two reversals that explain every changed word of a short sentence (kept_wording 0.75):
    # as close as a single substitution, the rules stand on their own there
    ("Unemployment fell to its lowest level since 2008.", "Unemployment rose to its highest level since 2008.", True),
    ("The talks were useful, officials said on Monday.", "The talks were useless, officials said on Tuesday.", True),
    # a short replaced stretch with a reversal in it is explained whole: "claimed" goes with
    # "victory" ("conceded defeat" -> "claimed victory"), "were called off" with "went ahead"
    ("The opposition candidate conceded defeat on Sunday night.", "The opposition candidate claimed victory on Sunday night.",
     True),
    ("The talks went ahead as planned.", "The talks were called off as planned.", True),
    # a word no fact finding explains ("people": the stretch "180 passengers and six crew" is
    # longer than a word-for-word swap), or names changed (a transliteration may be one): the
    # copy stays as loose as its kept words say
    ("The plane carried 180 passengers and six crew.", "The plane carried 186 people.", False),
    ("Tymoshenko told Zelenskyy in Kyiv that 500 soldiers died.", "Poroshenko told Putin in Moscow that 50 soldiers died.",
     False),
])
def test_a_copy_whose_every_change_a_fact_explains_is_close(original, copy, close):
    from drift.judge import all_findings, closeness, kept_wording

    kept = kept_wording(original, copy)
    assert kept < CLOSE_CAL.close
    assert (closeness(original, copy, all_findings(original, copy), kept) >= CLOSE_CAL.close) == close


@pytest.mark.parametrize("original, copy, close", [
    # names only respelt (transliteration, a demonym) are words kept: the copy is as close as
    # one that changed the number alone
    ("Tymoshenko told Zelenskyy in Kyiv that 500 Ukrainian soldiers had died.",
     "Tymoshenko told Zelensky in Kiev that 50 Ukrainian soldiers had died.", True),
    # a name replaced by another is not a respelling: the copy stays loose
    ("Tymoshenko told Zelenskyy in Kyiv that 500 Ukrainian soldiers had died.",
     "Poroshenko told Putin in Moscow that 50 Ukrainian soldiers had died.", False),
])
def test_respelt_names_count_as_kept_words(original, copy, close):
    from drift.judge import all_findings, closeness, kept_wording

    fs = all_findings(original, copy)
    kept = kept_wording(original, copy)
    assert kept < CLOSE_CAL.close
    assert (closeness(original, copy, fs, kept) >= CLOSE_CAL.close) == close


@pytest.mark.parametrize("o, c", [
    ("From 2005 to 2020 the currency rose by 38%, making it one of the currencies with the highest "
     "appreciation in the world.",
     "From 2005 to 2020 the currency rose by 38%, making it one of the most appreciated globally."),
    # one word for three: "expired" said at more length is no clause added
    ("This expired in 1989 and since then the border has been under dispute.",
     "This arrangement came to an end in 1989 and since then the border has been under dispute."),
])
def test_a_clause_reworded_in_place_is_not_escalated(o, c):
    fs = escalate_clauses(o, c, find_changes(o, c))
    assert not [f for f in fs if f.kind in ("omission", "addition") and f.severity == "major"], fs


def test_a_clause_dropped_is_escalated():
    o = ("From 2005 to 2020 the currency rose by 38%, making it one of the currencies with the highest "
         "appreciation in the world.")
    dropped = "From 2005 to 2020 the currency rose by 38%."
    fs = escalate_clauses(o, dropped, find_changes(o, dropped))
    assert [f for f in fs if f.kind == "omission" and f.severity == "major"], fs


# Headlines are cut from the end by republishers; what else changes in one is judged as anywhere.
HEADLINE = "Ukraine’s Zelenskyy says war with Russia is being pushed 'beyond borders' as North Korea joins in"


@pytest.mark.parametrize("original, copy, major_omission", [
    (HEADLINE, "Ukraine’s Zelenskyy says war with Russia is being pushed 'beyond borders'", False),  # tail cut
    (HEADLINE + ".", "Ukraine’s Zelenskyy says war with Russia is being pushed 'beyond borders'.", True),  # a sentence
    ("Flooding closes the main road to Lyon as Météo-France warns of more rain",
     "Flooding closes the main road to Lyon", False),
    # words dropped from the start of a headline ("denies" turns the claim around) stay major
    ("Kremlin denies report that North Korean troops joined the war in Ukraine",
     "North Korean troops joined the war in Ukraine", True),
])
def test_a_headline_cut_short_is_a_minor_omission(original, copy, major_omission):
    fs = all_findings(original, copy)
    assert any(f.kind == "omission" for f in fs), fs
    assert any(f.kind == "omission" and f.severity == "major" for f in fs) == major_omission, fs


@pytest.mark.parametrize("original, copy, message", [
    (HEADLINE, HEADLINE + " | News about the Russia-Ukraine war", "site name added to the headline: News about the Russia-Ukraine war"),
    ("Russia holds Navy Day military parade - Xinhuanet", "Russia holds Navy Day military parade",
     "site name dropped from the headline: Xinhuanet"),
    ("Russia holds Navy Day military parade - Xinhuanet", "Russia holds a Navy Day parade - China News",
     "site name in the headline: Xinhuanet \u2192 China News"),
    ("Russia holds Navy Day military parade - Xinhuanet", "Russia holds Navy Day military parade - Xinhuanet", None),
])
def test_a_headlines_site_suffix_is_page_chrome(judge, original, copy, message):
    j = judge.judge(original, copy)
    chrome = [f for f in j.findings if f.kind == "chrome"]
    assert [f.message for f in chrome] == ([message] if message else [])
    assert all(f.severity == "none" and f.rule == "chrome.site_suffix" for f in chrome)
    for f in chrome:  # the spans point at the suffixes in the raw text
        if f.copy_span:
            assert copy[f.copy_span[0]:f.copy_span[1]] == f.copy
        if f.original_span:
            assert original[f.original_span[0]:f.original_span[1]] == f.original
    assert not any(f.severity == "major" for f in j.findings), j.findings


def test_only_a_site_suffix_changed_is_style():
    j = Judge(FAST).judge("Russia holds Navy Day military parade", "Russia holds Navy Day military parade | Al Jazeera")
    assert (j.label, j.severity, j.drift) == ("style", "none", 0.0)


@pytest.mark.parametrize("original, copy", [
    # not headlines on both sides, or the tail is headline text: nothing is cut
    ("The parade was held on Sunday. | Reuters", "The parade was held on Sunday."),
    ("Ukraine war latest - Russia launches 100 drones", "Ukraine war latest"),
    ("", "Russia holds Navy Day military parade - Xinhuanet"),
])
def test_no_site_suffix_is_cut_outside_headlines(original, copy):
    assert site_suffixes(original, copy) == (len(original), len(copy), [])


def test_is_headline():
    assert is_headline(HEADLINE) and is_headline("Zelenskyy urges allies to act")
    assert not is_headline(HEADLINE + ".") and not is_headline("Will the war end?") and not is_headline("")
    assert not is_headline(" ".join(["word"] * 21))


def test_one_pair_seen_with_another_cosine_is_not_judged_again(tmp_path):
    from drift.cache import Store

    o, c = "Officials said 500 people were evacuated.", "Officials said 50 people were evacuated."
    pred = fake_prediction(o, c, 0.4, 0.3, ("50",))
    calls: list[int] = []

    class Counting:
        def predict(self, pairs):
            calls.append(len(pairs))
            return [pred for _ in pairs]

    judge = Judge(JudgeConfig(use_lm=False, use_nlp=False), Store(tmp_path / "c.sqlite", "judgements"),
                  calibration=CAL, pair_model=Counting())
    a, b, none = judge.judge_many([(o, c, 0.91), (o, c, 0.9312), (o, c, None)])
    assert calls == [1]  # the model ran once for the three
    assert (a.features["cosine"], b.features["cosine"]) == (0.91, 0.9312) and "cosine" not in none.features
    assert (a.label, a.severity, a.drift, a.findings) == (b.label, b.severity, b.drift, b.findings)
    assert judge.judge(o, c, 0.5).features["cosine"] == 0.5 and calls == [1]  # from the cache


@pytest.mark.parametrize("kind, kept, want", [
    # a loose rewording: each group its own bar
    ("number", 0.5, 0.85), ("certainty", 0.5, 0.85), ("garble", 0.5, 0.05), ("quote", 0.5, 0.8), ("name", 0.5, 0.95),
    # a close copy: facts (certainty among them) and garble on the rules alone, the rest at the close bar
    ("number", 0.9, 0.0), ("certainty", 0.9, 0.0), ("garble", 0.9, 0.0), ("quote", 0.9, 0.3), ("omission", 0.9, 0.3),
])
def test_confirm_threshold_by_kind_group_and_closeness(kind, kept, want):
    cal = Calibration("t", (("score", 1.0),), major_p=0.96, minor=0.5, confirm=0.95, confirm_fact=0.85, confirm_garble=0.05,
                      confirm_quote=0.8, close=0.8, confirm_close=0.3, confirm_close_fact=0.0)
    assert cal.confirm_for(kind, kept) == want


@pytest.mark.parametrize("message, kind, rule, group", [
    ("list item dropped: transparency", "omission", "list_item.dropped", "fact"),
    ("list item added: business leaders'", "addition", "list_item.added", "fact"),
    # the rule decides, never the editor's words: reworded, the item is still a fact ...
    ("an item left out of the list: transparency", "omission", "list_item.dropped", "fact"),
    ("business leaders' now named in the list", "addition", "list_item.added", "fact"),
    # ... and a run whose message happens to read like a list item's is still a run
    ("list item dropped: transparency", "omission", "run.dropped", "other"),
    ("words dropped (carries a name)", "omission", "run.dropped", "other"),
    ("number changed: 5 → 6", "number", "number.changed", "fact"),
    ('doubled word "of of"', "garble", "garble.doubled-word", "garble"),
])
def test_confirm_kind_puts_list_items_with_the_facts(message, kind, rule, group):
    from drift.calibration import confirm_kind, kind_group
    from drift.types import Finding

    assert kind_group(confirm_kind(Finding(kind, "major", "x", "", (0, 1), None, message, rule))) == group


def test_a_list_item_found_is_confirmed_as_a_fact_whatever_its_message_says():
    from dataclasses import replace

    from drift.calibration import confirm_kind

    [f] = find_changes("The ban covers hate speech, violence, or fake news online.",
                       "The ban covers hate speech, or violence online.")
    assert f.rule == "list_item.dropped" and confirm_kind(f) == "claim"
    assert confirm_kind(replace(f, message="reworded for editors")) == "claim"
