"""False alarms on faithful rewrites (bench/rewrites.py, editors' rewrites of news): a name
whose characters were lost in transit is the same name; a "not" that says what the
original's "reject" or "rather than" said is a reworded negation; "it’s" typed "its" is a
spelling slip. Each table also keeps the rows where the rule must still fire."""

from __future__ import annotations

import pytest

from drift.findings import find_changes
from drift.transit import lost_characters
from drift.garble import detect_garble
from drift.transit import apostrophes_lost


def _kinds(o: str, c: str, kinds: tuple[str, ...]) -> list[tuple[str, str]]:
    return [(f.kind, f.severity) for f in find_changes(o, c) if f.kind in kinds]


@pytest.mark.parametrize(
    "original, copy, expected",
    [
        # the same name, characters lost: apostrophes, spaces, letters outside ASCII
        ("It remains on the UN’s list of least-developed countries.",
         "It remains on the UNs list of least-developed countries.", [("spelling", "minor")]),
        ("I told myself that, if I took charge again, I’d hire a woman as my number two.",
         "I told myself that, if I took charge again, Id hire a woman as my number two.", [("spelling", "minor")]),
        ("The effort reaches 170% of your VO 2 max, says Tabata.",
         "The effort reaches 170% of your VO2 max, says Tabata.", [("spelling", "minor")]),
        ("The plan was criticised by Raúl Romeva, a member of the European Parliament.",
         "The plan was criticised by Ral Romeva, a member of the European Parliament.", [("spelling", "minor")]),
        ("The mirror was praised by Marin Soljačić, a physicist at MIT.",
         "The mirror was praised by Marin Solja__i__, a physicist at MIT.", [("spelling", "minor")]),
        ("Parents may choose Aagot, Arney or Ásfríður for a girl.",
         "Parents may choose Aagot, Arney or sfrur for a girl.", []),
        # another name: still a name changed, or dropped from its list
        ("The plan was criticised by Raúl Romeva, a member of the European Parliament.",
         "The plan was criticised by Paul Romeva, a member of the European Parliament.", [("name", "major")]),
        ("The talks in Iran ended on Friday.", "The talks in Iraq ended on Friday.", [("name", "major")]),
        ("Parents may choose Aagot, Arney or Ásfríður for a girl.",
         "Parents may choose Aagot or Arney for a girl.", [("name", "major")]),
    ],
)
def test_name_with_characters_lost_is_a_spelling(original, copy, expected):
    assert _kinds(original, copy, ("name", "spelling")) == expected


@pytest.mark.parametrize(
    "original, copy, lost",
    [
        ("Raúl", "Ral", True), ("Jón", "Jn", True), ("UN’s", "UNs", True), ("VO 2", "VO2", True),
        ("Soljačić", "Solja__i__", True), ("Ásfríður", "sfrur", True),
        ("Raúl", "Raúl", False), ("Raúl", "Paul", False), ("Iran", "Iraq", False), ("Jon", "Jones", False),
        ("É", "", False),
    ],
)
def test_lost_characters(original, copy, lost):
    assert lost_characters(original, copy) is lost


@pytest.mark.parametrize(
    "original, copy, severity",
    [
        # the original said the negation with a word: the copy's "not" rewords it
        ("We are disappointed with the decision to reject the proposal to regulate e-cigarettes as medicines.",
         "We are disappointed with the decision not to regulate e-cigarettes as medicines.", "minor"),
        ("He escaped the death penalty but was sentenced to life in prison.",
         "He was not given the death penalty but was sentenced to life in prison.", "minor"),
        ("Singh, a 42-year-old salesman, and his friends are far from alone.",
         "Singh, a 42-year-old salesman, and his friends are not alone.", "minor"),
        ("Locals ask why the resort is built 10km away, rather than on wasteland near the old centre.",
         "Locals ask why the resort is built 10km away, and not on wasteland near the old centre.", "minor"),
        ("The overcrowding makes it impossible to maintain social distancing.",
         "The beaches are overcrowded and people cannot maintain social distancing.", "minor"),
        ("Apart from no alcohol, the minors should also exercise more.",
         "In addition to banning alcohol, the minors should also exercise more.", "minor"),
        # a plain flip, or the implicit word kept on both sides: still a negation changed
        ("The committee rejected the proposal.", "The committee did not reject the proposal.", "major"),
        ("The committee approved the proposal.", "The committee did not approve the proposal.", "major"),
        ("The minister refused to comment, and the vote passed.",
         "The minister refused to comment, and the vote did not pass.", "major"),
        ("The company did not accept the offer.", "The company accepted the offer.", "major"),
    ],
)
def test_negation_said_with_an_implicit_negative(original, copy, severity):
    got = [f for f in find_changes(original, copy) if f.kind == "negation"]
    assert [f.severity for f in got] == [severity]
    if severity == "minor":
        assert "says it with" in got[0].message


@pytest.mark.parametrize(
    "original, copy, severity",
    [
        ("It’s the perfect laboratory for figuring out how to address these problems.",
         "Its the perfect laboratory for figuring out how to solve these problems.", "minor"),
        ("Then it’s a question of who pays for the repairs.", "Then its a question of who pays for the repairs.", "minor"),
        # the quotation marks lost with the apostrophe (an ASCII conversion drops both)
        ("“It’s a question of who pays for the repairs,” he said.", "Its a question of who pays for the repairs, he said.",
         "minor"),
        # broken otherwise: still major
        ("It is the perfect laboratory for the problems.", "Its the perfect laboratory for the problems.", "major"),
        ("The company lost its way to improve sales.", "The company lost its to improve sales.", "major"),
    ],
)
def test_apostrophe_lost_is_a_slip_not_garble(nlp, original, copy, severity):
    got = detect_garble(original, copy, nlp=nlp)
    assert [f.severity for f in got] == [severity]


@pytest.mark.parametrize(
    "original, copy, lost",
    [("It’s the", "Its the", True), ("we’ll", "well", True), ("it's a", "its a", True),
     ("“It’s a", "Its a", True), ("“It’s a", "“Its a", True),
     ("Its the", "It’s the", False), ("It is the", "Its the", False), ("its the", "its the", False),
     ("“It is a", "It is a", False)],
)
def test_apostrophes_lost(original, copy, lost):
    assert apostrophes_lost(original, copy) is lost


@pytest.mark.parametrize(
    "original, copy, expected",
    [
        # the negation went with its clause: one omission that carries it, no negation flip
        ("We need more for tourists to do in the evening and there isn’t enough for them to do after dark, he said.",
         "We need more for tourists to do in the evening, he said.", [("omission", "major")]),
        ("You have lost them in Spain, in Bali; tell me where you haven’t lost them, said Abdullah.",
         "You have lost them in Spain, in Bali, said Abdullah.", [("omission", "major")]),
        # the negation alone went: a flip
        ("The minister did not sign the treaty.", "The minister signed the treaty.", [("negation", "major")]),
    ],
)
def test_negation_dropped_with_its_clause_is_the_omission(original, copy, expected):
    assert _kinds(original, copy, ("negation", "omission", "addition")) == expected
