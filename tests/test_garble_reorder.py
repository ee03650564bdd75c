"""Garble rules on words the copy moved or slipped in (drift.garble, tagger only): a table of
rows that fire, each with fluent rows beside it that look close and must stay quiet, among them
the original having the same odd words itself."""

from __future__ import annotations

import pytest

from drift.garble import detect_garble


@pytest.fixture(scope="module")
def nlp():
    from drift.errors import ModelError
    from drift.nlp import load_spacy

    try:
        return load_spacy()
    except ModelError as exc:
        pytest.skip(str(exc))


def _worst(found):
    if not found:
        return None
    return "major" if any(f.severity == "major" for f in found) else "minor"


REORDERED = [
    # (original, copy, worst severity, text a finding's copy span must contain)
    # the original's words over a window, shuffled (not one block moved past another); the
    # aligner splits each into changes the older rules do not see as one scramble
    ("His wife eventually agreed with the bank and the lawyers.",
     "His eventually with wife and agreed the bank the lawyers.", "major", "eventually with wife"),
    ("The club signed two players from rival teams this summer.",
     "The club signed from players two teams rival this summer.", "major", "from players two"),
    # one block moved past another, or two names exchanged around "and": fluent edits
    ("I photographed this last week in Dorset.", "I photographed this in Dorset last week.", None, None),
    ("The talks between Meghan and Harry were long.", "The talks between Harry and Meghan were long.", None, None),
    ("He has recently changed his attitude to the plan.", "His attitude to the plan has changed recently.", None, None),
    ("Prices rose sharply in the spring and fell in the autumn.", "In the spring prices rose sharply and fell in the autumn.", None, None),
    # the original already has the odd order: nothing new
    ("A jury found that had company the misled its customers.", "A jury found that had company the misled its customers.", None, None),
    ("A jury found that had company the misled its customers.", "A jury found that had company the misled its clients.", None, None),
]


@pytest.mark.parametrize("original,copy,severity,covers", REORDERED)
def test_reordered_words(original, copy, severity, covers, nlp):
    found = detect_garble(original, copy, nlp=nlp)
    assert _worst(found) == severity, found
    if covers:
        assert any(covers in f.copy for f in found), found
