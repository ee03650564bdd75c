"""Role findings said in words: noun phrases that exchanged places around the same verb or
preposition, and a preposition of direction turned around while its object stays."""

import pytest

from drift.findings import find_changes


def _roles(original, copy):
    found = [f for f in find_changes(original, copy) if f.kind == "role"]
    for f in found:  # spans point back into the raw texts
        if f.original_span:
            assert original[f.original_span[0]:f.original_span[1]] == f.original
        if f.copy_span:
            assert copy[f.copy_span[0]:f.copy_span[1]] == f.copy
    return found


@pytest.mark.parametrize("original, copy, message", [
    # subject and object exchanged around the same verb
    ("Scientists have also lowered projections of sea-level rises.",
     "Projections of sea-level rises have also lowered scientists.",
     "roles swapped: Scientists ↔ projections of sea-level rises"),
    ("At the end of his address, the Pope blessed those present, and left.",
     "At the end of his address, those present blessed the Pope, and left.",
     "roles swapped: the Pope ↔ those present"),
    ("Heavy snowfall wreaked havoc in much of the Balkans on Sunday.",
     "Havoc wreaked heavy snowfall in much of the Balkans on Sunday.",
     "roles swapped: Heavy snowfall ↔ havoc"),
    ("At the school, teachers take their pupils out of lessons.",
     "At the school, their pupils take teachers out of lessons.",
     "roles swapped: teachers ↔ their pupils"),
    # a noun phrase by the tagger where it stands on either side (the copy's "Saudi pilgrims")
    ("According to the Saudi Interior Ministry over 345 Muslim pilgrims have been killed in a stampede near Mecca.",
     "According to the Muslim Interior Ministry over 345 Saudi pilgrims have been killed in a stampede near Mecca.",
     "roles swapped: Saudi ↔ Muslim"),
    # ... or around a preposition, or a noun that is no list item
    ("He is now in Kathmandu, the capital of Nepal, having flown down.",
     "He is now in Nepal, the capital of Kathmandu, having flown down.",
     "roles swapped: Kathmandu ↔ Nepal"),
    ("Richard Scrivener, a former assistant coach at Northampton, says so.",
     "Northampton, a former assistant coach at Richard Scrivener, says so.",
     "roles swapped: Richard Scrivener ↔ Northampton"),
    # a preposition of direction turned around, its object kept
    ("The weapons were sent to Ukraine last week.", "The weapons were sent from Ukraine last week.",
     "direction changed: to Ukraine → from Ukraine"),
    ("The troops moved into the city on Monday.", "The troops moved out of the city on Monday.",
     "direction changed: into the city → out of the city"),
    ("Exports to the United States rose 5 percent.", "Exports from the United States rose 5 percent.",
     "direction changed: to the United States → from the United States"),
])
def test_roles_changed_are_said_in_words(original, copy, message):
    found = _roles(original, copy)
    assert [(f.severity, f.message) for f in found] == [("major", message)]


@pytest.mark.parametrize("original, copy", [
    # a coordination or a list reordered
    ("The Guardian, Mirror, BBC and Times reported it.", "The Mirror, Guardian, BBC and Times reported it."),
    ("You can be Aagot, Arney or Asfridur.", "You can be Aagot, Asfridur or Arney."),
    ("Paris, Rome and Berlin signed the deal.", "Berlin, Rome and Paris signed the deal."),
    # two words that are not noun phrases exchanged
    ("The officer had seen the bent rod.", "The officer had bent the seen rod."),
    # one name written two ways, exchanged
    ("Citing privacy rules, U.S. officials said they would stay in the United States for now.",
     "Citing privacy rules, the United States officials said they would stay in U.S. for now."),
    # a name and its acronym exchanged
    ("The World Health Organization said the WHO office in Geneva would close.",
     "The WHO said the World Health Organization office in Geneva would close."),
    ("Fans of Queens Park Rangers booed as the QPR manager left.", "Fans of QPR booed as the Queens Park Rangers manager left."),
    # an identity said the other way round
    ("The community are the crew members.", "The crew members are the community."),
    # a phrase that moved alone, a clause moved
    ("Yesterday, police arrested the man in Paris.", "Police arrested the man in Paris yesterday."),
    ("The economy will grow, the minister said.", "The minister said the economy will grow."),
    # a clause moved past another, each name after a "the" on both sides ("Peter the Great")
    ("The history of the Russian Navy began in 1696, when Tsar Peter the Great set up a fleet.",
     "In 1696, Tsar Peter the Great set up a fleet, starting the history of the Russian Navy."),
    # "to" before a verb, the preposition an adjective takes, a range's ends kept
    ("The result was different from the forecast.", "The result was different to the forecast."),
    ("Prices rose from 5 to 10 percent.", "Prices rose from 5 to 10 percent!"),
    # the same roles in other words
    ("The delegation flew from Warsaw to Kyiv.", "From Warsaw, the delegation flew to Kyiv."),
])
def test_no_role_finding(original, copy):
    assert _roles(original, copy) == []


def test_the_exchange_needs_the_tagger_only_for_a_candidate(monkeypatch):
    """A pair with no exchange or flipped preposition on its tokens never asks for word classes."""
    import drift.findings.wordclass as wc

    def boom(text):
        raise AssertionError("tagger asked for")

    monkeypatch.setattr(wc, "_tagged", boom)
    assert _roles("Germany sent 20 tanks to Ukraine.", "Germany sent 20 old tanks to Ukraine.") == []
