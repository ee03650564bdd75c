"""models/build_pair_data.py: which real rewrites become faithful training rows."""

from __future__ import annotations

import pytest

from tests.conftest import project_script


@pytest.fixture(scope="module")
def data():
    return project_script("models/build_pair_data.py")


def _words(data, text):
    return data._WORD.findall(text)


@pytest.mark.parametrize(
    "original, copy, faithful",
    [
        # a word traded for a plainer one, the rest kept: the editors' lexical paraphrase
        ("Mandela sought reconciliation with the white minority to build a new democracy.",
         "Mandela chose reconciliation with the white minority to build a new democracy.", True),
        ("The trade in illicit ivory has grown in the past decade, officials said on Monday.",
         "The trade in illegal ivory has grown in the past decade, officials said on Monday.", True),
        # two substitutions, each of ordinary words
        ("The council pledged to tackle the backlog of repairs before the winter.",
         "The council promised to fight the backlog of repairs before the winter.", True),
        # a figure, a name, a negation: facts, not paraphrase
        ("About 40 families were moved from the flooded streets on Monday night.",
         "About 50 families were moved from the flooded streets on Monday night.", False),
        ("The minister met officials from Kenya to discuss the water supply.",
         "The minister met officials from Uganda to discuss the water supply.", False),
        ("The court said the company had acted within the law last year.",
         "The court said the company had not acted within the law last year.", False),
        # the same word respelt: an apostrophe or a ligature lost in extraction (surface)
        ("The report said it’s the worst drought the region has seen in decades.",
         "The report said its the worst drought the region has seen in decades.", False),
        ("Researchers first identified the strain in samples taken last spring.",
         "Researchers first identi ed the strain in samples taken last spring.", False),
        # words added or dropped (a simplification that cuts content) or a loose rewrite
        ("The plan, which was approved by the board in March, will cost millions.",
         "The plan will cost millions.", False),
        ("The storm forced the closure of several schools across the county.",
         "Several county schools shut because of the storm.", False),
        # no change at all
        ("The bridge reopened to traffic on Friday.", "The bridge reopened to traffic on Friday.", False),
        ("", "", False),
    ],
)
def test_faithful_paraphrase_rows(data, original, copy, faithful):
    hunks = data._substitution_only(_words(data, original), _words(data, copy))
    assert (hunks is not None and all(data._lexical(x, y) for x, y in hunks)) is faithful


def test_paraphrase_rows_come_from_topics_that_are_not_held_out(data):
    """The rewrites bench reads the held-out topics: none of them may become training rows."""
    if not (data.SHARED / "onestopenglish/docs.jsonl").is_file():
        pytest.skip("the shared OneStopEnglish data is not beside the project")
    rows = data.ose_paraphrases()
    assert rows["train"] and rows["calib"]
    for split, got in rows.items():
        for r in got:
            topic = r["group"].removeprefix("ose:")
            assert not data.ose_heldout(topic)
            assert (data.h("osecal:" + topic) < 0.1) == (split == "calib")
            assert r["major"] == 0 and r["tags"] == [] and r["source"] == data.PARAPHRASE
