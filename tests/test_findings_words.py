"""Findings say the change in words (issue 13): a quote's old and new wording, a role's old
and new name, even where the old name still stands elsewhere in the copy."""

from __future__ import annotations

import pytest

from drift.findings import find_changes


def _msgs(o: str, c: str, kind: str) -> list[tuple[str, str]]:
    return [(f.severity, f.message) for f in find_changes(o, c) if f.kind == kind]


@pytest.mark.parametrize(
    "original, copy, expected",
    [
        # the new name takes the role; the old one is still in the copy, elsewhere
        ("Biden plans to send more arms to Ukraine before he leaves office.",
         "Biden plans to send more arms to the United States after Ukraine leaves office.",
         [("major", "destination changed: Ukraine → the United States")]),
        ("Aid was sent to Poland by Germany.", "Aid was sent to France, and Poland thanked Germany.",
         [("major", "destination changed: Poland → France")]),
        ("The grain left from Odesa while Romania watched.", "The grain left from Constanta while Odesa watched.",
         [("major", "origin changed: Odesa → Constanta")]),
        # two kept names exchanged (the existing rule)
        ("Weapons were delivered to Ukraine by Poland.", "Weapons were delivered to Poland by Ukraine.",
         [("major", "destination changed: Ukraine → Poland"), ("major", "agent changed: Poland → Ukraine")]),
        # no role change: same name, spelling variant, the preposition moved, a name added elsewhere
        ("The money goes to Kyiv from Warsaw.", "The money goes to Kiev from Warsaw.", []),
        ("Aid was sent to Poland.", "Aid was sent to Poland, Germany said.", []),
        ("Aid for Poland was sent to the front by Germany.", "Germany sent aid for Poland to the front.", []),
        # the same name said longer or shorter
        ("The match against Genoa ended, and Genoa fans left.", "The match against Genoa CFC ended, and Genoa fans left.", []),
        ("Fans travelled from Marl to Essen, and Marl cheered.", "Fans travelled from Marl City to Essen, and Marl cheered.", []),
    ],
)
def test_role_changes_in_words(original, copy, expected):
    assert _msgs(original, copy, "role") == expected


def test_role_replaces_the_name_added_finding():
    o = "Biden plans to send more arms to Ukraine before he leaves office."
    c = "Biden plans to send more arms to the United States after Ukraine leaves office."
    fs = find_changes(o, c)
    role = [f for f in fs if f.kind == "role"]
    assert role and c[slice(*role[0].copy_span)] == "United States" and o[slice(*role[0].original_span)] == "Ukraine"
    assert not any(f.kind == "name" and f.copy_span == role[0].copy_span for f in fs)


@pytest.mark.parametrize(
    "original, copy, expected",
    [
        ("Zelenskyy urged allies to stop “watching” and act.", "Zelensky urged allies to stop “standing by” and act.",
         "quote wording changed: watching → standing by"),
        ("“We will rebuild every street,” the mayor said.", "“We will repair every street,” the mayor said.",
         "quote wording changed: rebuild → repair"),
        ("“We will rebuild the street,” he said.", "“We will rebuild a street,” he said.", "quoted function words changed: the → a"),
    ],
)
def test_quote_changes_in_words(original, copy, expected):
    assert expected in [m for _, m in _msgs(original, copy, "quote")]
