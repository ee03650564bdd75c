"""Garble detection: the seed cases, a table of rules, and properties that hold for any text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from drift.garble import GARBLE_NAME, detect_garble, garble_score
from drift.types import Finding

from .conftest import shared_path


# --------------------------------------------------------------------------------------
# fixtures: the real models, once per module
# --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def lm(request):
    from drift.errors import ModelError
    from drift.lm import load_language_model

    try:
        # DRIFT_MODEL_CACHE (conftest: the clone's .cache/): built once, reused by later runs
        return load_language_model()
    except ModelError as exc:
        pytest.skip(str(exc))


def _gold_items():
    items = []
    for name in ("000-vs-001.json", "003-vs-002.json"):
        d = json.loads(shared_path("gold", name).read_text(encoding="utf-8"))
        items += [it for it in d["items"] if it["original"] and it["copy"]]
    return items


def _check_spans(f: Finding, original: str, copy: str) -> None:
    assert f.kind == "garble" and f.severity in ("minor", "major")
    assert f.copy_span is not None
    a, b = f.copy_span
    assert 0 <= a < b <= len(copy) and copy[a:b] == f.copy
    if f.original_span is not None:
        a, b = f.original_span
        assert 0 <= a <= b <= len(original) and original[a:b] == f.original


# --------------------------------------------------------------------------------------
# the seed cases, with the real LM and tagger
# --------------------------------------------------------------------------------------
SEED_GARBLE = [
    ("protect their to improve", ["their to improve"]),
    ("ahead of him Bringing Ukraine", ["Bringing"]),
    ("missile program could increase", ["could increase. ."]),
]


@pytest.mark.parametrize("marker,must_cover", SEED_GARBLE, ids=["their-to", "Bringing", "could-increase"])
def test_seed_garbled_items_are_major(marker, must_cover, lm, nlp):
    (item,) = [it for it in _gold_items() if marker in " ".join(it["copy"])]
    assert item["label"] == "garbled" and item["severity"] == "major"
    o, c = " ".join(item["original"]), " ".join(item["copy"])
    found = detect_garble(o, c, lm, nlp)
    for f in found:
        _check_spans(f, o, c)
    majors = [f for f in found if f.severity == "major"]
    assert majors, found
    for words in must_cover:
        start = c.index(words)
        assert any(f.copy_span[0] <= start and start + len(words) <= f.copy_span[1] for f in majors), (words, majors)
    assert garble_score(o, c, lm, nlp) > 3.0


def test_seed_fluent_items_have_no_major_garble(lm, nlp):
    checked = 0
    for it in _gold_items():
        if it["label"] == "garbled":
            continue
        o, c = " ".join(it["original"]), " ".join(it["copy"])
        found = detect_garble(o, c, lm, nlp)
        for f in found:
            _check_spans(f, o, c)
        assert not [f for f in found if f.severity == "major"], (it["note"], found)
        if it["severity"] == "none" and it["label"] in ("verbatim", "style", "paraphrase"):
            assert found == [], (it["note"], found)  # no false alarm at all on fluent rewrites
        checked += 1
    assert checked >= 20


def test_disfluent_drift_item_is_minor_at_most(lm, nlp):
    (item,) = [it for it in _gold_items() if "on their way that way" in " ".join(it["copy"])]
    o, c = " ".join(item["original"]), " ".join(item["copy"])
    found = detect_garble(o, c, lm, nlp)
    assert found and all(f.severity == "minor" for f in found)
    assert any("way that way" in f.copy for f in found)


def test_seed_cases_without_models_still_catch_the_rule_based_ones():
    items = _gold_items()
    (their,) = [it for it in items if "their to improve" in " ".join(it["copy"])]
    o, c = " ".join(their["original"]), " ".join(their["copy"])
    assert any(f.severity == "major" and "their to" in f.copy for f in detect_garble(o, c))
    (stray,) = [it for it in items if "could increase" in " ".join(it["copy"]) and it["label"] == "garbled"]
    o, c = " ".join(stray["original"]), " ".join(stray["copy"])
    assert any(". ." in f.copy for f in detect_garble(o, c))


# --------------------------------------------------------------------------------------
# rule table (tagger only; rules-only where the rule needs no tagger)
# --------------------------------------------------------------------------------------
RULES = [
    # (original, copy, expected severity of the worst finding or None, text the span must contain)
    ("", "", None, None),
    ("same", "same", None, None),
    ("word", "other", None, None),
    ("", "Cities in Ukraine are being bombed", None, None),
    ("", "More US military support?", None, None),
    ("Some text here.", "", None, None),
    ("The cat sat on the mat.", "The cat sat on the mat.", None, None),
    ("The plan was approved on Monday.", "The the plan was approved on Monday.", "major", "The the"),  # a function word doubled
    ("The plan was approved by May.", "The plan was approved of of May.", "major", "of of"),
    ("He was sheltered in the church.", "He was taken in in the church.", "minor", "in in"),  # a particle, then a preposition
    ("He was tired.", "He had had enough.", None, None),  # doubles English allows
    ("She said the plan failed.", "She said that that plan failed.", None, None),
    ("Mr Cooper said so.", "Mr Cooper Cooper said so.", "minor", "Cooper Cooper"),  # a doubled name: a typo
    ("Prices could rise.", "Prices could rise. .", "minor", ". ."),
    ("Prices could rise, he said.", "Prices could rise, , he said.", "minor", ", ,"),
    ("They protect their energy grid.", "They protect their to improve energy grid.", "major", "their to"),
    ("He met the leaders.", "He met the leaders and.", "major", "and."),
    ("They said it came from.", "They said it came from.", None, None),
    ("He met the leaders in Kyiv.", "He met with the.", "major", "the."),
    ("The the plan was approved.", "The the plan was approved.", None, None),  # identical
    ("The the plan was approved.", "The the plan was finally approved.", None, None),  # inherited
    ("Acme Inc. said it would grow.", "Acme Inc., the maker, said it would grow.", None, None),
    ("He said it would help.", "He said it would help...", None, None),
    ("They are heading in that direction.", "They are on their way that way.", "minor", "way that way"),
    ("Prices rose day after day.", "Prices rose day by day.", None, None),
    ("The army is pushing hard.", "The army is using all its might.", None, None),
    ("They wanted to act.", "They wanted to act on their will.", None, None),
]
TAGGED = [
    ("He will push arms to Ukraine before he leaves office.", "He will push arms ahead of him Bringing Ukraine out of office.", "major", "Bringing"),
    # a function word dropped: a modal straight before a past form, a pronoun before an article
    ("The virus can be detected by tests.", "The virus can detected by tests.", "major", "can detected"),
    ("The plan will be approved in May.", "The plan will approved in May.", "major", "will approved"),
    ("They went home early.", "They could have gone home early.", None, None),
    ("Strydom denied he was the father.", "Strydom denied he the father.", "major", "he the"),
    ("She handed the book to him.", "She gave him the book and he the pen.", None, None),
    ("She said peace is hard.", "She said: Bringing peace is hard.", None, None),
    ("He praised the film.", "He praised “Gone With the Wind” on Monday.", None, None),
    # ... nor in a longer quotation whose words are mostly capitalised (a document's title); a
    # quoted sentence is no title
    ("It released a notice that it plans to transfer part of its shares and resume trading.",
     'It released the "Prompt Announcement on the Proposed Transfer of Partial Shares of the Company and Resumption of Trading".',
     None, None),
    ("He said the army would push hard to take the town before the end of the long and cold winter this year.",
     'He said "the army would push hard and Proposed to take the town before the end of the long and cold winter this year".',
     "major", "Proposed"),
    ("It could advance the threat posed by the program.", "It could address the threat of the program could increase.", "minor", "could increase"),
    ("The move could hurt exports.", "The move could hurt exports and prices could rise.", None, None),
    ("The army is pushing hard against the defenses.", "The army pushing hard against the defenses.", "minor", "pushing"),
    ("The army is pushing hard against the defenses.", "The army, pushing hard against the defenses.", None, None),
    ("Fighting continued near the front.", "Heavy fighting near the front line.", None, None),
    ("More US military support?", "More US military aid?", None, None),
    ("“Very good,” he said.", "“Very good and very fast.” He said.", None, None),
    ("Officials said they could not say whether he would attend.", "Officials said they could not confirm whether he would attend.", None, None),
]


# Word-class pairs fluent English does not have (drift.garble.tags), tagger only. Each "fires"
# row has a fluent row beside it that looks close to the pattern and must stay quiet.
TAG_PAIRS = [
    # two function words that cannot stand together, new in the copy
    ("He went to the market on Monday.", "He went to the of market on Monday.", "major", "the of"),
    ("The plan is ready for a vote.", "The plan is will ready for a vote.", "major", "is will"),
    ("The new rules should be in place by June.", "The new rules should will be in place by June.", "major", "should will"),
    ("She is a member of the council.", "She is a will member of the council.", "major", "a will"),
    ("The team won all of its games.", "The team won all of the games.", None, None),  # "all of", "of the": English
    ("It looks dark from the outside.", "It does not look like that from the inside.", None, None),  # "that from": rare as DT+from only
    ("The site inspection is today.", "The on-site inspection is today.", None, None),  # "the on-site" is one word
    ("Of course, the plan worked.", "And of course, the plan worked.", None, None),  # "of course" works as an adverb
    ("Spain is safe", "Spain: It's safe here", None, None),  # a headline may end without a stop
    # the original's words in another order, with pairs English does not have
    ("Officials said the talks would resume next week.", "Officials said resume the would talks next week.", "major", "the would"),
    ("The government announced new measures to curb inflation on Tuesday.",
     "The government announced curb measures inflation new to on Tuesday.", "major", "to on"),
    ("Then, after a few minutes, came the explosions.", "Then, after a few minutes, the explosions came.", None, None),
    ("But this is basically what we are discussing.", "But basically this is what we are discussing.", None, None),
    ("I photographed this last week in Dorset.", "I photographed this in Dorset last week.", None, None),
    ("Until the snow melted, the nearby ski resorts were packed.", "Until the snow melted, the ski resorts nearby were packed.", None, None),
    # a word slipped in, a function word left out
    ("He left early.", "He also left early.", None, None),
    ("He said that the plan failed.", "He said the plan failed.", None, None),
    # two or more function words left out, each junction unlikely
    ("It is clear why he needs to find more funds, fast.", "It clear why he needs find more funds, fast.", "major", "It clear"),
    ("He would want to know what’s happening on the outside.", "He would want know what’s happening on outside.", "major", "want know"),
    ("He said that the plan was a failure and that the team had lost.", "He said the plan was a failure and the team lost.", None, None),
    ("It is clear that he needs to find more funds.", "It is clear he needs more funds.", None, None),
    # function words left out at two places the aligner merges into one stretch
    ("Aggression against Ukraine would have massive consequences and a severe cost.",
     "Aggression against Ukraine would massive consequences severe cost.", "major", "would massive"),
    # the new pairs of one insertion together: each alone is merely unlikely
    ("British citizens have been killed more recently.", "British citizens him have been killed more recently.", "major", "him"),
    ("The wind would make the plane difficult to land.", "The wind would make the such plane difficult to land.", "major", "such"),
    ("Anyone with any information should call the police.", "Anyone with any out of information should call the police.", "major", "out of"),
    ("He said he was ready.", "He said that he was ready.", None, None),
    # a doubled preposition that cannot be a particle, "that that" before a subject
    ("She works as a commentator on television.", "She works as a commentator on on television.", "major", "on on"),
    ("The refugees were welcomed in the church.", "The refugees were taken in in the church.", "minor", "in in"),
    ("He turned the form in on Monday.", "He turned it in in the morning.", "minor", "in in"),
    ("His guess is as good as mine.", "His guess is as as good as mine.", "major", "as as"),
    ("He said that he was ready.", "He said that that he was ready.", "major", "that that"),
    ("I know this is true.", "I know that that is true.", None, None),
    ("The report was published last week.", "The report was also published last week.", None, None),
    # one function word left out where fluent English leaves it out too
    ("The council filed a lawsuit on Thursday.", "The council filed a lawsuit Thursday.", None, None),
    ("This is the data from the survey.", "This is data from the survey.", None, None),
    ("We think that most pollinators are insects.", "We think most pollinators are insects.", None, None),
    # several function words left out of one sentence where the words either side need them
    # (drift.garble.articles: a determiner before a noun that needs one or after "a", "of" after
    # a noun that needs it, "to" before a bare verb, "and" between two names); one alone is quiet
    ("He went to the market with an array of goods.", "He went to market with array of goods.", "major", "with array"),
    ("He went to the market with an array of goods.", "He went to the market with array of goods.", None, None),
    ("The firm dumped tonnes of waste in the river.", "The firm dumped tonnes waste in river.", "major", "tonnes waste"),
    ("The firm dumped tonnes of waste in the river.", "The firm dumped tonnes waste in the river.", None, None),
    ("Ministers failed to stop the rise in prices at the market.", "Ministers failed stop the rise in prices at market.", "major", "failed stop"),
    ("France and Germany signed a deal with the company.", "France Germany signed a deal with company.", "major", "France Germany"),
    ("He has worked as a lawyer in the city for a decade.", "He has worked as lawyer in city for decade.", "major", "lawyer in city"),
    ("The country needs a plan for the future.", "The country needs a plan for future.", None, None),
    ("After decades of turmoil, the country is at peace.", "After decades turmoil, country is at peace.", "major", "decades turmoil"),
    ("After decades of turmoil, the country is at peace.", "After decades turmoil, the country is at peace.", None, None),
    ("The Department of Health said the plan was a failure.", "Department Health said plan was a failure.", "major", "Department Health"),
    ("Nepal has the highest peaks in the world, he says.", "Nepal has highest peaks in world, he says.", "major", "has highest peaks"),
    ("Nepal has the highest peaks in the world, he says.", "Nepal has highest peaks in the world, he says.", None, None),
    # left out where English leaves them out: a reduced relative clause, a complementiser
    ("Over 500 cases were discharged from the hospital.", "Over 500 cases discharged from hospital.", None, None),
    ("The president said that the economy would grow.", "The president said the economy would grow.", None, None),
]


def test_word_class_pairs_without_tagger_give_nothing():
    # the table needs tags: the word rules alone do not see "the of"
    assert detect_garble("He went to the market on Monday.", "He went to the of market on Monday.") == []


def test_bigram_table_loads_from_the_package_and_knows_english():
    from drift.garble.tags import STRICT, is_rare, load_table

    table = load_table()
    assert table.total > 100_000
    rare = lambda a, b: is_rare(table.levels(a, b), STRICT)  # noqa: E731
    assert rare("the|DT", "the|DT") and rare("a|DT", "of|IN") and rare("a|DT", "the|DT")
    assert not rare("of|IN", "the|DT") and not rare("NN", "VBD") and not rare("all|DT", "of|IN")


def test_noun_table_loads_from_the_package_and_knows_which_nouns_need_a_determiner():
    from drift.garble.articles import load_nouns, needs_determiner, needs_of

    assert len(load_nouns()) > 1_000
    assert needs_determiner("market") and needs_determiner("country")
    assert not needs_determiner("information") and not needs_determiner("time")  # often bare
    assert needs_of("tonnes") and not needs_of("market")
    assert not needs_determiner("zzzunseen") and not needs_of("zzzunseen")


def _worst(found):
    if not found:
        return None
    return "major" if any(f.severity == "major" for f in found) else "minor"


def _check_found(found, original, copy, severity, covers):
    for f in found:
        _check_spans(f, original, copy)
    assert _worst(found) == severity, found
    if covers:
        assert any(covers in f.copy for f in found), found


@pytest.mark.parametrize("original,copy,severity,covers", RULES)
def test_rules_without_models(original, copy, severity, covers):
    _check_found(detect_garble(original, copy), original, copy, severity, covers)


@pytest.mark.parametrize("original,copy,severity,covers", RULES + TAGGED + TAG_PAIRS)
def test_rules_with_tagger(original, copy, severity, covers, nlp):
    """The word rules, the part-of-speech rules and the word-class pairs, with the tagger."""
    _check_found(detect_garble(original, copy, nlp=nlp), original, copy, severity, covers)


def test_double_modal_is_major_only_with_lm_support(lm, nlp):
    o = "It could advance the threat posed by North Korea’s nuclear weapons and missile program."
    c = "It could address the threat of North Korea’s nuclear weapons and missile program could increase."
    assert _worst(detect_garble(o, c, lm, nlp)) == "major"
    o = "The move could hurt exports and push up prices."
    c = "The move could hurt exports and prices could rise."
    assert _worst(detect_garble(o, c, lm, nlp)) is None


def test_original_span_points_at_the_aligned_words(nlp):
    o = "They want to harden protection of their energy infrastructure."
    c = "They want to protect their to improve energy infrastructure."
    (f,) = detect_garble(o, c, nlp=nlp)
    assert f.copy == "their to improve" and "their" in f.original and "energy" in f.original


def test_name_is_in_the_judge_signature():
    from drift.judge import Judge, JudgeConfig

    assert GARBLE_NAME.startswith("drift-garble@")  # bumped whenever the rules change: cached verdicts are keyed by it
    assert GARBLE_NAME in Judge(JudgeConfig(use_tokens=False)).signature()


# --------------------------------------------------------------------------------------
# properties (rules only: fast)
# --------------------------------------------------------------------------------------
WORDS = st.sampled_from(
    "the a their its to and of could would Bringing Ukraine said . , . , ? “ ” ’ — U.S. Inc. way that"
    " way day by 10,000 café naïve".split()
)
TEXT = st.one_of(
    st.text(max_size=60),
    st.lists(WORDS, max_size=25).map(" ".join),
    st.lists(WORDS, max_size=25).map("".join),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT)
def test_identical_text_gives_nothing(s):
    assert detect_garble(s, s) == []
    assert garble_score(s, s) == 0.0


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT, TEXT)
def test_spans_index_the_texts_and_nothing_raises(original, copy):
    found = detect_garble(original, copy)
    for f in found:
        _check_spans(f, original, copy)
    assert garble_score(original, copy) >= 0.0


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(original=TEXT, copy=TEXT)
def test_spans_with_tagger(original, copy, nlp):
    for f in detect_garble(original, copy, nlp=nlp):
        _check_spans(f, original, copy)


def test_pretagged_pipeline_tags_each_distinct_text_once_and_gives_the_same_tags(nlp):
    from drift.nlp import Pretagged

    calls: list[list[str]] = []

    class Counting:
        def pipe(self, texts, batch_size=None):
            texts = list(texts)
            calls.append(texts)
            return nlp.pipe(texts)

    pairs = [("The minister said so.", "The minister say so the."), ("The minister said so.", "Minister said so.")]
    tagged = Pretagged(Counting(), [t for p in pairs for t in p])
    assert calls == [["The minister said so.", "The minister say so the.", "Minister said so."]]
    for o, c in pairs + [("A text not tagged before.", "The minister said so.")]:
        got = tagged.pipe([o, c])
        want = list(nlp.pipe([o, c]))
        assert [[t.tag_ for t in d] for d in got] == [[t.tag_ for t in d] for d in want]
    assert calls[-1] == ["A text not tagged before."]  # only the new text, once
    assert detect_garble(*pairs[0], nlp=tagged) == detect_garble(*pairs[0], nlp=nlp)


@pytest.mark.parametrize("original, copy", [
    # news English drops "on" before a day or a month (AP style): a wire edit, not broken words
    ("The court heard the case on Thursday and the appeal on Friday.", "The court heard the case Thursday and the appeal Friday."),
    ("He said on Tuesday that the talks on Monday failed.", "He said Tuesday that the talks Monday failed."),
])
def test_on_before_a_day_may_go(original, copy, nlp):
    assert not [f for f in detect_garble(original, copy, nlp=nlp) if f.severity == "major"]


def test_a_dropped_preposition_is_still_broken_elsewhere_in_the_sentence(nlp):
    fs = detect_garble("The woman in charge of the case spoke on Monday.", "The woman charge of case spoke on Monday.", nlp=nlp)
    assert [f for f in fs if f.severity == "major"]
