"""Quoted words in another form (issue 10): where a quote keeps its words, one for one, only in
another grammatical form (social "distancing" -> "distance", "undervalued" -> "undervaluation
of the"), the finding is minor, as a translator or editor words it; another word, or a modal or
pronoun changed with the form, stays a major quote change, in speech or a quoted term."""

from __future__ import annotations

import pytest

from drift.findings import find_changes


def _quotes(o: str, c: str) -> list[tuple[str, str]]:
    return [(f.severity, f.message) for f in find_changes(o, c) if f.kind == "quote"]


@pytest.mark.parametrize(
    "original, copy, expected",
    [
        # the same words in another form, the sentence kept
        ("Officials asked residents to keep up “social distancing” in shops.",
         "Officials asked residents to keep up “social distance” in shops.",
         "quoted word in another form: distancing → distance"),
        ("Washington opened a case over the so-called “undervalued currency” of its rival.",
         "Washington opened a case over the so-called “undervaluation of the currency” of its rival.",
         "quoted word in another form: undervalued → undervaluation of the"),
        ("Critics attacked the “credit transactions” rule.", "Critics attacked the “credit transaction” rule.",
         "quoted word in another form: transactions → transaction"),
    ],
)
def test_quoted_word_in_another_form_is_minor(original, copy, expected):
    assert ("minor", expected) in _quotes(original, copy)
    assert not any(sev == "major" for sev, _ in _quotes(original, copy))


@pytest.mark.parametrize(
    "original, copy, expected",
    [
        # a quoted word changed where the copy kept the sentence (the seed's stop “watching”)
        ("Zelenskyy urged allies to stop “watching” and act.", "Zelensky urged allies to stop “standing by” and act.",
         "quote wording changed: watching → standing by"),
        ("The deal was called a “phony peace” by critics in the capital.",
         "The deal was called a “lasting peace” by critics in the capital.", "quote wording changed: phony → lasting"),
        # direct speech, re-worded around it: after a reporting verb, before one, a whole sentence
        ("Asked about the rescue, he said, “It is not a big deal.”",
         "Questioned on what happened in the rescue, he replied: “I saved nobody.”",
         "quote wording changed: It is not a big deal → I saved nobody"),
        ("“Absurd,” the minister said of the plan on Monday.",
         "Speaking on Monday about the proposal, the minister called it “reasonable,” aides recalled.",
         "quote wording changed: Absurd → reasonable"),
        ("Local media reported that crowds chanted “Free the press” outside the court.",
         "Outside the courthouse, crowds were heard shouting “Close the press”, according to local outlets.",
         "quote wording changed: Free → Close"),
        # another word, not another form of it; a modal lost with the form
        ("Voters want a “careful” budget this year.", "Voters want a “careless” budget this year.",
         "quote wording changed: careful → careless"),
        ("He called the “prosecutor” a liar.", "He called the “prosecution” a liar.",
         "quote wording changed: prosecutor → prosecution"),
        ("The club lifted its “football ban” on Friday.", "The club lifted its “foot ban” on Friday.",
         "quote wording changed: football → foot"),
        ("They asked, “who would believe it?”", "They asked, “who believes it?”",
         "quote wording changed: would believe → believes"),
    ],
)
def test_quote_change_stays_major(original, copy, expected):
    assert ("major", expected) in _quotes(original, copy)
