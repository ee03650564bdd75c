"""Garble rules on words the copy moved, slipped in, left out or mismatched (drift.garble,
tagger only): tables of rows that fire, each with fluent rows beside it that look close and
must stay quiet, among them the original having the same odd words itself."""

from __future__ import annotations

import pytest

from drift.garble import detect_garble




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
    # a date or a time written in another order is style, not a shuffle
    ("Calls to the hotline (July 25 08H00 - July 26 08H00) rose again.",
     "Calls to the hotline (08H00 July 25 - 08H00 July 26) rose again.", None, None),
    ("The hotline answered 17 calls (Jul 25 8 am - Jul 26 8 am) about tests.",
     "The hotline answered 17 calls (8 am Jul 25 - 8 am Jul 26) about tests.", None, None),
    # the items of a list in another order, each whole, the commas and "and" where they were;
    # the same words with the joins moved are still a shuffle
    ("Asda, Lidl and Morrisons also launched their campaigns in November.",
     "Asda, Morrisons and Lidl also launched their campaigns in November.", None, None),
    ("The talks involved France, Germany, Italy and Spain on Monday.",
     "The talks involved Spain, Germany, France and Italy on Monday.", None, None),
    ("Officials said the bridge would reopen after repairs were finished next month.",
     "Officials said the bridge would after repairs reopen were finished next month.", "major", "would after"),
    # two words of one phrase reversed, everything around them kept: a compound's two common
    # nouns (the head became the modifier), a copula and the adjective it introduced
    ("He was the first person to break the sound barrier in free fall.",
     "He was the first person to break the barrier sound in free fall.", "major", "barrier sound"),
    ("Officials fear the price war could hurt small shops.", "Officials fear the war price could hurt small shops.", "major", "war price"),
    ("He said on Saturday that Tehran was serious in its talks.",
     "He said on Saturday that Tehran serious was in its talks.", "major", "serious was"),
    ("The officials were confident that the deal would hold.", "The officials confident were that the deal would hold.", "major", "confident were"),
    # ... other local swaps are fluent, a name may be given surname first, "there are" asks
    ("Both climbers were safely rescued on Friday.", "Both climbers were rescued safely on Friday.", None, None),
    ("The talks were held on 8th April in Paris.", "The talks were held on April 8th in Paris.", None, None),
    ("The company has recently expanded its plant.", "The company has expanded recently its plant.", None, None),
    ("The award went to Liu Yunlong for the film.", "The award went to Yunlong Liu for the film.", None, None),
    ("The Lhasa Phonehe stronghold was shelled.", "The Lhasa stronghold Phonehe was shelled.", None, None),
    ("He asked whether there are any tickets left.", "He asked whether are there any tickets left.", None, None),
    ("She said the result was clear and the plan is sound.", "She said the result was clear and the plan is sound.", None, None),
    ("Asked why, he said the sea was calm.", "Asked why, he said: Not anymore.", None, None),
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


SLIPPED_IN = [
    # a capitalised closed-class word (or -ing/-ed form) slipped into a sentence, both
    # neighbours kept from the original
    ("Officials said the bridge would reopen next month.", "Officials said the bridge Thus would reopen next month.", "major", "Thus"),
    ("He said the shop was closed.", "He said the shop Also was closed.", "major", "Also"),
    # ... not a new sentence, a title, a name running on, a name the original has
    ("He praised the film on Monday.", "He praised “Gone With the Wind” on Monday.", None, None),
    ("The talks ended without a deal, officials said.", "The talks ended without a deal. Then officials said so.", None, None),
    ("The plan was approved by the minister.", "The plan was approved by Health Minister Then Smith.", None, None),
    ("The rules would help the government a lot.", "The rules would help the Beijing government a lot.", None, None),
    ("The new law was passed by the senate.", "The new law was passed by the Senate.", None, None),
    ("Then he said the shop was closed.", "Then he said the shop Then was closed.", None, None),  # the original has "Then"
    # a word slipped into a verb group, between the auxiliary or "to" and its verb
    ("Farmers can sell their crops at the market.", "Farmers can to sell their crops at the market.", "major", "to"),
    # ... a pronoun after "to" (the copy's tagger reads "to him" as a preposition and its object)
    ("It is not for foreign oil prospectors to drain away.", "It is not for foreign oil prospectors to him drain away.", "major", "him"),
    ("They asked the banks to lend more money.", "They asked the banks to them lend more money.", "major", "them"),
    # ... an adverb there is English, and a pronoun before "to" is no part of the group
    ("They asked the banks to lend more money.", "They asked the banks to quickly lend more money.", None, None),
    ("They asked the banks to lend more money.", "They asked them to lend more money.", None, None),
    ("The bridge will be opened by the mayor.", "The bridge will be the opened by the mayor.", "major", "the"),
    ("Farmers can sell their crops at the market.", "Farmers can also sell their crops at the market.", None, None),
    ("They want to build a new school here.", "They want to quickly build a new school here.", None, None),
    ("The players were given new boots.", "The players were all given new boots.", None, None),
    ("Cells will fall on another flower.", "Cells will happen to fall on another flower.", None, None),  # a new verb
    # a word other than an adverb slipped into a pair English does not split
    ("They built homes on top of the old mall.", "They built homes on such top of the old mall.", "major", "such"),
    ("Keep a torch in case of a power cut.", "Keep a torch in specified case of a power cut.", "major", "specified"),
    ("The match was cancelled due to rain.", "The match was cancelled due largely to rain.", None, None),
    ("Prices rose rather than fell.", "Prices rose rather more than fell.", None, None),
    ("They built homes on such top of the old mall.", "They built homes on such top of the new mall.", None, None),
    # a word slipped into a noun phrase, between its determiner and its head noun
    ("The company released its annual report on Friday.", "The company released its them annual report on Friday.", "major", "them"),
    ("He planted a second tree in the garden.", "He planted a with second tree in the garden.", "major", "with"),
    ("The Bond films made a lot of money.", "The Bond its films made a lot of money.", "major", "its"),
    ("The company released its annual report on Friday.", "The company released its very long annual report on Friday.", None, None),
    ("The exhibition area will open in May.", "The exhibition and sales area will open in May.", None, None),
    ("All pupils at the school passed.", "All the pupils at the school passed.", None, None),
    ("The way plants spread seeds is clever.", "The way that plants spread seeds is clever.", None, None),
    ("They reached the bottom of the valley.", "They reached the very bottom of the valley.", None, None),
    # a phrase the original has elsewhere, moved to the front without a comma: no word slipped in
    ("The president will travel to Japan next month.", "Next month the president will visit Japan.", None, None),
    ("The team won 3-1 on Saturday.", "On Saturday the team won by three goals to one.", None, None),
    # ... while a word the original has nowhere, slipped in at the same place, is, and so is a
    # word of the original moved into the middle of a clause
    ("The president will travel to Japan next month.", "Its month the president will visit Japan.", "major", "month the"),
    ("Politicians in India have suggested more widespread practice of yoga could help.",
     "Politicians in India widespread have suggested more practice of yoga could help.", "major", "widespread"),
    # the original has the same words: nothing new
    ("The company released its them annual report on Friday.", "The company released its them annual report on Thursday.", None, None),
    ("Farmers can to sell their crops at the market.", "Farmers can to sell their crops at the fair.", None, None),
]


@pytest.mark.parametrize("original,copy,severity,covers", SLIPPED_IN)
def test_words_slipped_in(original, copy, severity, covers, nlp):
    found = detect_garble(original, copy, nlp=nlp)
    assert _worst(found) == severity, found
    if covers:
        assert any(covers in f.copy for f in found), found


def test_function_word_tagged_as_a_name_keeps_its_class():
    from drift.garble.tags import word_class

    assert word_class("him", "NNP") == "him|NNP"  # the tagger lost inside broken words
    assert word_class("The", "NNP") == "NNP"  # "The Hague": part of a name
    assert word_class("him", "PRP") == "him|PRP"


def test_usual_tags_come_from_the_fluent_table():
    from drift.garble.phrases import usual_tags

    tags = usual_tags()
    assert tags["the"] == "DT" and tags["him"] == "PRP" and tags["with"] == "IN" and tags["can"] == "MD"


LEFT_OUT_OR_MISMATCHED = [
    # "be" / "have" left out after a modal or "to": the modal stands before a word that is no verb
    ("Maybe they'll be less demanding next year.", "Maybe they'll less demanding next year.", "major", "less demanding"),
    ("The harvest may be slightly improved by the rain.", "The harvest may slightly improved by the rain.", "major", "may slightly improved"),
    ("The show will be broadcast live on Sunday.", "The show will broadcast live on Sunday.", None, None),  # a bare verb too
    ("The harvest may be slightly improved by the rain.", "The harvest may slightly improve after the rain.", None, None),
    ("Maybe they'll less demanding next year.", "Maybe they'll less demanding next spring.", None, None),  # the original's own
    # "a" / "an" that does not fit the next word's sound, new in the copy
    ("The trucks and other vehicles were parked outside.", "The trucks and a other vehicles were parked outside.", "major", "a other"),
    ("She filled out an online survey.", "She filled out online an survey.", "major", "an survey"),
    ("He studied at a university in Ohio.", "He studied at a university in Ohio and a one-room school.", None, None),
    ("They waited for an hour outside.", "They waited for an hour outside the office.", None, None),
    ("He won a European award.", "He won a European award and an MP's praise.", None, None),
    ("Juventus won Serie A again.", "Juventus won the Serie A title again.", None, None),
    ("He drove a old car.", "He drove a old truck.", None, None),  # the original has "a old" too
]


@pytest.mark.parametrize("original,copy,severity,covers", LEFT_OUT_OR_MISMATCHED)
def test_auxiliary_left_out_and_article_sound(original, copy, severity, covers, nlp):
    found = detect_garble(original, copy, nlp=nlp)
    assert _worst(found) == severity, found
    if covers:
        assert any(covers in f.copy for f in found), found


PREPOSITION_BETWEEN_NOUNS = [
    # a preposition left out between two nouns (or one word of a fixed pair) backs its place; with another place left out in
    # the sentence that is broken English, alone it is not reported
    ("It did not take long for the advantage in numbers to show.", "It did not take long the advantage numbers to show.", "major", "advantage numbers"),
    ("It did not take long for the advantage in numbers to show.", "It did not take long for the advantage numbers to show.", None, None),
    ("The court heard the case on Thursday.", "The court heard the case Thursday.", None, None),  # a day needs none
    # one word of a fixed pair left out ("as opposed to" -> "opposed to") backs its place the same way
    ("Warnings cover half of each pack, as opposed to a third before.", "Warnings cover half each pack, opposed to a third before.", "major", "opposed to"),
    ("Warnings cover half of each pack, as opposed to a third before.", "Warnings cover half of each pack, opposed to a third before.", None, None),
    ("She passed away due to complications from a stroke.", "She passed away due complications from a stroke.", None, None),
    ("The head of security at the airport resigned.", "The head of security airport resigned.", None, None),
    ("He talked to experts security and the police.", "He talked to experts security and police.", None, None),  # the original's own gap
]


@pytest.mark.parametrize("original,copy,severity,covers", PREPOSITION_BETWEEN_NOUNS)
def test_preposition_left_out_between_nouns(original, copy, severity, covers, nlp):
    found = detect_garble(original, copy, nlp=nlp)
    assert _worst(found) == severity, found
    if covers:
        assert any(covers in f.copy for f in found), found
