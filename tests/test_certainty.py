"""Certainty findings: an expectation, hedge or modal strength that a copy changed."""

import pytest

from drift.findings import find_changes
from drift.judge import all_findings

CASES = [
    # (original, copy, severity or None, words the finding must show on each side)
    ("Soldiers expected to reinforce the front arrived.", "Soldiers sent to reinforce the front arrived.", "major",
     ("expected to reinforce", "sent to reinforce")),
    ("Five people were reportedly killed in the blast.", "Five people were killed in the blast.", "major", ("reportedly", "")),
    ("Five people were killed in the blast.", "Five people were reportedly killed in the blast.", "major", ("", "reportedly")),
    # "likely" on its own is a hedge like "probably": dropped it is a hedge dropped, traded it is none
    ("Humans likely evolved stronger immune systems.", "Humans evolved stronger immune systems.", "major", ("likely", "")),
    ("Humans likely evolved stronger immune systems.", "Humans probably evolved stronger immune systems.", None, None),
    ("The firm is estimated to be losing $900 a month.", "The firm is losing $900 a month.", "major",
     ("estimated to be", "")),
    ("The storm may hit Florida on Monday.", "The storm will hit Florida on Monday.", "major", ("may", "will")),
    ("The company plans to cut 500 jobs.", "The company cut 500 jobs.", "major", ("plans to", "")),
    ("The war is pushing beyond its borders.", "The war would push beyond its borders.", "minor", ("is pushing", "would push")),
    ("The talks will resume next week.", "Talks are set to resume next week.", "minor", ("will", "are set to")),
    # a future traded for a past form in a short run: announced <-> done
    ("The ministry will add 400 beds.", "The ministry added 400 beds.", "major", ("will add", "added")),
    ("The plant started production in May.", "The plant will start production in May.", "major",
     ("started", "will start")),
    ("She will speak later.", "She spoke later.", "major", ("will speak", "spoke")),
    # ... but not "would" (reported speech), a future kept, or an -ed word that is no verb form
    ("He said it would add jobs.", "He said it added jobs.", "minor", ("would add", "added")),
    ("The firm will hire staff.", "The firm is going to hire staff.", "minor", ("will", "is going to")),
    ("Duty will be assigned.", "Non-commissioned officers is assigned.", "minor",
     ("Duty will be", "Non-commissioned officers is")),
    # a hypothetical "would" made a plain future, or the reverse, where nothing reports it
    ("The plan would cost $5bn.", "The plan will cost $5bn.", "major", ("would", "will")),
    ("Most shoppers would then pay in cash.", "Most shoppers will then pay in cash.", "major", ("would", "will")),
    ("Further aggression will have massive consequences.", "Further aggression would have massive consequences.",
     "major", ("will", "would")),
    ("We could've scored two goals.", "We will've scored two goals.", "major", ("could've", "will've")),
    ("He might've left early.", "He might have left early.", None, None),
    # ... but reported speech (a past verb or a verb's "that" before it) and conditions are a translator's licence
    ("Ten years ago they said they would build a road.", "Ten years ago they said they will build a road.", None, None),
    ("The author says that growth would not cause tension.", "The author says that growth will not cause tension.",
     None, None),
    ("If the universe were empty, it would look like this.", "If the universe were empty, it will look like this.",
     None, None),
    # a reworded stretch stays minor
    ("Or else errors would occur in the count.", "Otherwise there will be errors in the count.", "minor",
     ("Or else", "Otherwise there will be")),
    # a probability or intention traded for a plain future is major; a schedule for "will" stays minor (above)
    ("The company plans to cut 500 jobs.", "The company will cut 500 jobs.", "major", ("plans to", "will")),
    ("The minister is expected to resign.", "The minister will resign.", "major", ("is expected to", "will")),
    ("Prices are likely to rise.", "Prices are going to rise.", "major", ("likely to rise", "going to rise")),
    ("They're going to deliver from a warehouse.", "They're planning to deliver from a warehouse.", None, None),
    # same strength, or the same cue class on both sides: no finding
    ("He said it would rain on Friday.", "He said it will rain on Friday.", None, None),
    ("Officials said the bridge could collapse.", "Officials warned the bridge might collapse.", None, None),
    ("The minister is expected to resign.", "The minister is likely to resign.", None, None),
    ("The firm is estimated to be losing $900 a month.", "The firm is believed to be losing $900 a month.", None, None),
    # ... but before a figure it is an approximation, as "about" is (the number rule's)
    ("The image shows a canyon estimated to be 7 to 9km deep.", "The image shows a canyon about 7 to 9km deep.", None, None),
    ("Flights were delayed due to fog.", "Flights were delayed because of fog.", None, None),
    # "(is) due to" + a verb is a schedule, as "set to" is; "due to" + a noun is a cause
    ("The two leaders are expected to meet in Geneva.", "The two leaders are due to meet in Geneva.", None, None),
    ("The two leaders are set to meet in Geneva.", "The two leaders are due to meet in Geneva.", None, None),
    ("The delay is because of staff shortages.", "The delay is due to staff shortages.", None, None),
    ("The flight was due to land at 6 pm.", "The flight was scheduled to land at 6 pm.", None, None),
    ("The delay was because of land disputes.", "The delay was due to land disputes.", None, None),
    ("The two leaders met in Geneva.", "The two leaders are due to meet in Geneva.", "major", ("met", "are due to meet")),
    # a plan named as a noun is another word for an intention the other side names otherwise;
    # against a verb of intention or a plain future it is still one
    ("It is part of a long-term strategy to become greener.", "It is part of a long-term plan to become greener.",
     None, None),
    ("The tsar implemented a plan to acquire a navy.", "The tsar set out to build a navy.", None, None),
    ("They announced their plans to live abroad.", "They announced that they plan to live abroad.", None, None),
    ("They announced their plans to live abroad.", "They announced that they will live abroad.", "minor",
     ("their plans to", "that they will")),
    # a verb or noun of wanting or trying names the intention the other side names with a cue
    ("It aims to double exports to America.", "But the company wants to double exports to America.", None, None),
    ("So I'm going to show you some projects.", "So I want to show you some projects.", None, None),
    ("Shareholders announced their intention to transfer shares.", "Shareholders announced they plan to transfer "
     "shares.", None, None),
    ("", "", None, None),
    ("Reportedly.", "Reportedly.", None, None),
]


@pytest.mark.parametrize("original, copy, severity, words", CASES)
def test_certainty_table(original, copy, severity, words):
    got = [f for f in find_changes(original, copy) if f.kind == "certainty"]
    if severity is None:
        assert got == []
        return
    assert len(got) == 1, got
    f = got[0]
    assert f.severity == severity
    assert f.original == words[0] and f.copy == words[1]
    # spans point back into the raw texts
    if f.original_span:
        assert original[f.original_span[0]:f.original_span[1]] == f.original
    if f.copy_span:
        assert copy[f.copy_span[0]:f.copy_span[1]] == f.copy


def test_a_capitalised_garble_word_is_not_a_name_added():
    o = "Biden plans to push more arms to Ukraine before he leaves office in January."
    c = "Biden plans to push more arms to the United States ahead of him Bringing Ukraine out of office in January."
    from drift.nlp import load_spacy

    fs = all_findings(o, c, nlp=load_spacy())
    assert any(f.kind == "garble" and "Bringing" in f.copy for f in fs)
    assert not any(f.kind == "name" and f.copy == "Bringing" for f in fs)


@pytest.mark.parametrize("original, copy, swapped", [
    ("Republicans blamed Democrats for the shutdown.", "Democrats blamed Republicans for the shutdown.", ("Republicans", "Democrats")),
    ("On Monday, Smith met Jones in Paris.", "Jones met Smith in Paris on Monday.", ("Smith", "Jones")),
    # a coordination reordered, a clause moved: the same claim
    ("Greece and France have both confirmed the plan.", "France and Greece have both confirmed the plan.", None),
    ("Officials in Paris said Berlin would host the talks.", "Berlin will host the talks, officials in Paris said.", None),
    # a name with no role in the original did not take another's ("according to X ... from Y" -> "from X ... Y")
    ("According to the Health Commission, 46 cases were reported from the Xinjiang Corps on Monday.",
     "According to news from the Health Commission, 46 cases were reported by the Xinjiang Corps on Monday.", None),
])
def test_names_that_changed_places(original, copy, swapped):
    roles = [f for f in find_changes(original, copy) if f.kind == "role"]
    if swapped is None:
        assert roles == []
        return
    assert len(roles) == 1 and roles[0].severity == "major"
    assert swapped[0] in roles[0].message and swapped[1] in roles[0].message and "swapped" in roles[0].message
    assert original[roles[0].original_span[0]:roles[0].original_span[1]] == roles[0].original


@pytest.mark.parametrize("original, copy, certainty", [
    # a hedge or expectation that went with its whole clause: the omission tells it
    ("The company, which is expected to report heavy losses this year, said it would cut jobs.",
     "The company said it would cut jobs.", False),
    ("Sodano delivered a brief and perhaps hurriedly composed speech.", "Sodano gave a brief speech.", False),
    ("The company said it would cut jobs.",
     "The company, which is expected to report heavy losses this year, said it would cut jobs.", False),
    # ... a hedge dropped on its own is the certainty finding's
    ("Five people were reportedly killed in the blast.", "Five people were killed in the blast.", True),
])
def test_cue_inside_a_dropped_or_added_run(original, copy, certainty):
    fs = find_changes(original, copy)
    assert bool([f for f in fs if f.kind == "certainty"]) == certainty, fs
    if not certainty:
        assert [f for f in fs if f.kind in ("omission", "addition")], fs


@pytest.mark.parametrize("original, copy, same_event", [
    # a verb moved between the simple past and a perfect, articles aside: the same past event
    ("By 2008 the river became a stinking ditch.", "By 2008 river had become a stinking ditch.", True),
    ("The minister has said no.", "The minister said no.", True),
    ("Prices have grown fast.", "Prices had grown fast.", True),
    ("It has been hard.", "It had been hard.", True),
    ("She was elected in May.", "She has been elected in May.", True),
    ("The army stopped the convoy.", "The army has stopped the convoy.", True),
    # a time or a modal changed: the tense rule's, not this
    ("The minister said no.", "The minister says no.", False),
    ("The storm swept the town.", "The storm will sweep the town.", False),
    ("The plan would cost more.", "The plan will cost more.", False),
    # another verb, another word, or nothing changed at all
    ("The army stopped the convoy.", "The army had started the convoy.", False),
    ("Sales hit 5 million.", "Sales have hit 6 million.", False),
    ("They have not paid.", "They did not pay.", False),
    ("He had a car.", "He has a car.", False),  # "have" the verb, not the perfect's auxiliary
    ("They had.", "They have.", False),
    ("The river became a ditch.", "The river became a ditch.", False),
    ("", "", False),
    ("Hello.", "", False),
])
def test_aspect_only(original, copy, same_event):
    from drift.findings.certainty import aspect_only

    assert aspect_only(original, copy) == same_event
