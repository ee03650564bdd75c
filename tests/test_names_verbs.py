"""Name findings that are no change of name: a verb form opening a sentence before a
capitalised word, a stray capitalised verb form inside a machine-translated sentence, a compass noun and its adjective, an ao/au romanisation; and the near
misses that must stay different names (major)."""

from __future__ import annotations

import pytest

from drift.findings import find_changes, is_spelling_variant
from drift.findings.lexicon import verb_form


def _names(original: str, copy: str, severity: str | None = None):
    return [f for f in find_changes(original, copy) if f.kind == "name" and (severity is None or f.severity == severity)]


@pytest.mark.parametrize("original, copy", [
    ("Getting Indians to save more is hard.", "Encouraging Indians to save more is hard."),
    ("Visiting Beijing, the minister praised the deal.", "Touring Beijing, the minister praised the deal."),
    ("Citing Reuters, the paper said prices rose.", "Quoting Reuters, the paper said prices rose."),
    ("Backed Democrats won the seat.", "Supported Democrats won the seat."),
    ("A total of 3009 cases were reported from Hong Kong, Macao, and Taiwan.",
     "A total of 3009 cases were reported in Hong Kong, Macau and Taiwan."),
    ("He works at the Institute of Zoology (Northwestern Endangered Animals Research Institute).",
     "He works at the Institute of Zoology (Northwest Endangered Animals Research Institute)."),
    ("Rain fell across Southern Europe.", "Rain fell across South Europe."),
    # a compass-qualified name dropped where the bare name stands on both sides: no place changed
    ("Ships crossed the Atlantic to save the North Atlantic right whale.", "Ships crossed the Atlantic to save a whale."),
])
def test_not_a_name_change(original, copy):
    assert not _names(original, copy, "major"), find_changes(original, copy)


@pytest.mark.parametrize("original, copy", [
    # machine translation's stray capital: a verb form inside the sentence, before a name both have
    ("Biden wants to send more to Ukraine ahead of him leaving office in January.",
     "Biden wants to send more to Ukraine ahead of him Bringing Ukraine out of office in January."),
    ("She is a member of the European Parliament who chairs the panel.",
     "She is a member of the Bringing European Parliament who chairs the panel."),
    ("Officials met in Geneva on Monday.", "Officials met Rising in Geneva on Monday."),
    ("Officials met Rising in Geneva on Monday.", "Officials met in Geneva on Monday."),
])
def test_a_stray_capitalised_verb_form_is_no_name(original, copy):
    assert not _names(original, copy), find_changes(original, copy)


@pytest.mark.parametrize("original, copy, c_text", [
    # a verb form after a capitalised word is part of that name (guards the stray-capital rule above)
    ("The leak came from a soldier.", "The leak came from Bradley Manning.", "Bradley Manning"),
    ("The film starred Tom Hanks.", "The film starred Tom Hanks and Bradley Manning.", "Bradley Manning"),
])
def test_a_verb_form_in_a_name_stays_a_name(original, copy, c_text):
    assert any(f.copy == c_text for f in _names(original, copy)), find_changes(original, copy)


@pytest.mark.parametrize("original, copy, o_text, c_text", [
    # the classic near misses stay different names
    ("He visited Iran.", "He visited Iraq.", "Iran", "Iraq"),
    ("Exports to Austria rose.", "Exports to Australia rose.", "Austria", "Australia"),
    ("Troops left Slovenia.", "Troops left Slovakia.", "Slovenia", "Slovakia"),
    ("Aid reached Sudan.", "Aid reached South Sudan.", "Sudan", "South Sudan"),
    ("Talks with North Korea resumed.", "Talks with Korea resumed.", "North Korea", "Korea"),
    ("Floods hit Niger.", "Floods hit Nigeria.", "Niger", "Nigeria"),
    ("The minister met John.", "The minister met Joan.", "John", "Joan"),
    ("Russia and the Eurasian Economic Union are on track.", "Russia and the ASEAN are on track.",
     "Eurasian Economic Union", "ASEAN"),
    # names that end like a verb form are still names at a sentence start
    ("Beijing Daily reported the figures.", "Shanghai Daily reported the figures.", "Beijing", "Shanghai"),
    ("Nanjing University opened a campus.", "Wuhan University opened a campus.", "Nanjing", "Wuhan"),
    ("Reading Borough Council approved the plan.", "Slough Borough Council approved the plan.", "Reading", "Slough"),
    ("Ewing Marion Kauffman Foundation funded it.", "Ford Foundation funded it.", "Ewing Marion Kauffman", "Ford"),
    ("United Nations troops arrived.", "NATO troops arrived.", "United Nations", "NATO"),
    # an ao/au or compass pair must be the whole difference
    ("Flights to Macao resumed.", "Flights to Manila resumed.", "Macao", "Manila"),
    ("Storms hit Northern Ireland.", "Storms hit Eastern Ireland.", "Northern", "Eastern"),
])
def test_name_change_stays_major(original, copy, o_text, c_text):
    found = _names(original, copy, "major")
    assert any(f.original == o_text and f.copy == c_text for f in found), find_changes(original, copy)


@pytest.mark.parametrize("a, b, expected", [
    ("Macao", "Macau", True), ("Northwestern", "Northwest", True), ("Southern", "South", True),
    ("Eastern", "East", True), ("Northern", "South", False), ("Western", "Westerns", True),
    ("Iran", "Iraq", False), ("Austria", "Australia", False), ("Slovenia", "Slovakia", False),
    ("Niger", "Nigeria", False), ("John", "Joan", False), ("Macao", "Manila", False), ("Lao", "Lau", False),
])
def test_spelling_variants(a, b, expected):
    assert bool(is_spelling_variant(a, b)) is expected


@pytest.mark.parametrize("word, expected", [
    ("getting", True), ("encouraging", True), ("using", True), ("backed", True), ("carried", True), ("banned", True),
    ("beijing", False), ("nanjing", False), ("reading", False), ("united", False), ("ewing", False),
    ("king", False), ("sterling", False), ("hamed", False), ("asked", False),
])
def test_verb_form(word, expected):
    assert verb_form(word) is expected
