"""Cross-language copies (drift.xling): typed findings across languages, names across
scripts, the judge, and `compare` routing (real models only in the few `slow` tests)."""

from __future__ import annotations

import pytest

from drift.calibration import load_calibration
from drift.xling.findings import cross_findings, negations, numbers
from drift.xling.judge import XlingJudge
from drift.xling.names import name_key, russian_style

EN = "President Zelenskyy said on Monday that 3,126 soldiers had died in Kyiv."


@pytest.mark.parametrize(
    "text, value",
    [
        ("3,126 patients", 3126.0),
        ("3.126 Patienten", 3126.0),
        ("3 126 пациентов", 3126.0),
        ("1,5 Mio. Euro", 1_500_000.0),
        ("1.5 million euros", 1_500_000.0),
        ("£75m", 75_000_000.0),
        ("7500 万英镑", 75_000_000.0),
        ("2,3 млрд рублей", 2_300_000_000.0),
        ("at 5.30pm", 17.3),
        ("um 17.30 Uhr", 17.3),
        ("在 17:30 举行", 17.3),
        ("175 000 vojáků", 175_000.0),
    ],
)
def test_numbers_are_read_in_every_locale(text, value):
    (n,) = numbers(text)
    assert value in n.values
    assert text[n.span[0] : n.span[1]].startswith(n.text)


@pytest.mark.parametrize(
    "lang, copy",
    [
        ("de", "Präsident Selenskyj sagte am Montag, dass in Kiew 3.126 Soldaten gestorben seien."),
        ("ru", "Президент Зеленский заявил в понедельник, что в Киеве погибли 3126 солдат."),
        ("uk", "Президент Зеленський заявив у понеділок, що в Києві загинули 3126 солдатів."),
        ("cs", "Prezident Zelenskyj v pondělí řekl, že v Kyjevě zemřelo 3 126 vojáků."),
        ("zh", "泽连斯基总统周一表示，有 3126 名士兵在基辅死亡。"),
    ],
)
def test_faithful_translations_have_no_finding(lang, copy):
    assert [f for f in cross_findings(EN, copy, "en", lang) if f.severity != "none"] == []


@pytest.mark.parametrize(
    "lang, copy, kind, copy_text",
    [
        ("de", "Präsident Selenskyj sagte am Montag, dass in Kiew 3.216 Soldaten gestorben seien.", "number", "3.216"),
        ("ru", "Президент Зеленский заявил во вторник, что в Киеве погибли 3126 солдат.", "date", "вторник"),
        ("cs", "Prezident Novák v pondělí řekl, že v Kyjevě zemřelo 3 126 vojáků.", "name", "Novák"),
        ("zh", "普京总统周一表示，有 3126 名士兵在基辅死亡。", "name", "普京"),
        ("de", "Präsident Selenskyj sagte am Montag, dass in Kiew 3.126 Soldaten nicht gestorben seien.", "negation", "nicht"),
        ("uk", "Президент Зеленський заявив у понеділок, що в Києві не загинули 3126 солдатів.", "negation", "не"),
    ],
)
def test_planted_changes_are_found_with_their_span(lang, copy, kind, copy_text):
    # Negation on one side only is minor across languages (translators recast it); the rest major.
    severity = "minor" if kind == "negation" else "major"
    found = [f for f in cross_findings(EN, copy, "en", lang) if f.kind == kind and f.severity == severity]
    assert len(found) == 1
    f = found[0]
    assert copy[f.copy_span[0] : f.copy_span[1]] == copy_text == f.copy


def test_a_lost_negation_points_at_the_original():
    f, = cross_findings("The army did not retreat.", "Die Armee zog sich zurück.", "en", "de")
    assert (f.kind, f.severity, f.original, f.copy_span) == ("negation", "minor", "not", None)


@pytest.mark.parametrize(
    "forms",
    [
        ["Zelenskyy", "Selenskyj", "Зеленський", "Зеленский", "Зеленского", "Zelenskyj"],
        ["Kyiv", "Kiew", "Київ", "Киев"],
        ["Putin", "Путин", "Путін"],
        ["Biden", "Байден"],
    ],
)
def test_one_name_across_scripts_has_one_key(forms):
    keys = {name_key(f)[:5] for f in forms}
    assert len(keys) == 1


@pytest.mark.parametrize(
    "text, lang, russian",
    [
        ("Russian troops left Kiev.", "en", ["Kiev"]),
        ("Russian troops left Kyiv.", "en", []),
        ("Війська залишили Київ.", "uk", []),
        ("Війська залишили Киев, сказав Зеленский.", "uk", ["Киев", "Зеленский"]),
        ("Войска покинули Киев.", "ru", []),
    ],
)
def test_which_spelling_is_russian_style(text, lang, russian):
    assert sorted(form for form, _ in russian_style(text, lang)) == sorted(russian)


@pytest.mark.parametrize(
    "lang, text, n",
    [
        ("en", "He did not go and never came back.", 2),
        ("de", "Er kam nicht, und keiner wusste warum.", 2),
        ("ru", "Он не пришёл.", 1),
        ("cs", "Nepřišel, protože nemohl.", 2),
        ("cs", "Nejvíce lidí přišlo.", 0),
        ("zh", "他没有来，也不想来。", 2),
        ("zh", "他不断努力，不过失败了。", 0),
    ],
)
def test_plain_negation_markers(lang, text, n):
    assert len(negations(text, lang)) == n


@pytest.mark.parametrize(
    "copy, cosine, label, severity",
    [
        ("Präsident Selenskyj sagte am Montag, dass in Kiew 3.126 Soldaten gestorben seien.", 0.7, "paraphrase", "none"),
        ("Präsident Selenskyj sagte am Montag, dass in Kiew 3.216 Soldaten gestorben seien.", 0.7, "drift", "major"),
    ],
)
def test_judge_labels_and_signature(copy, cosine, label, severity):
    judge = XlingJudge("en", "de")
    j = judge.judge(EN, copy, cosine)
    assert (j.label, j.severity) == (label, severity)
    assert j.features["cross_language"] and "garble" in j.features["not_checked"]
    assert "not checked" in judge.signature() and "en->de" in judge.signature()
    # the English judge's scale, at any similarity: a major pair at or above its floor, a pair
    # with no finding under it, only a major pair at or above the line
    cal = load_calibration()
    for c in (0.05, cosine, 0.99):
        d = judge.judge(EN, copy, c).drift
        assert d >= cal.major_floor if severity == "major" else d < cal.major_threshold
        if severity == "none":
            assert d < cal.major_floor


def test_judge_drift_falls_with_similarity():
    judge = XlingJudge("en", "de")
    copy = "Präsident Selenskyj sagte am Montag, dass in Kiew 3.126 Soldaten gestorben seien."
    drifts = [judge.judge(EN, copy, c).drift for c in (0.1, 0.3, 0.5, 0.8)]
    assert drifts == sorted(drifts, reverse=True) and drifts[0] > 0.5 * load_calibration().drift_threshold > drifts[-1]


def test_html_report_keeps_both_scripts_and_marks_the_language():
    from drift.render.html import render_html
    from drift.types import Alignment, Document, Judgement, PairVerdict, Report, Sentence

    en_text, zh_text = "Zelenskyy spoke in Kyiv.", "泽连斯基在基辅讲话。"
    o = Document("en.txt", en_text, (Sentence(0, en_text, 0, len(en_text)),), "en")
    c = Document("zh.txt", zh_text, (Sentence(0, zh_text, 0, len(zh_text)),), "zh")
    v = PairVerdict(Alignment((0,), (0,), 0.7), Judgement("paraphrase", "none", 0.02))
    html = render_html(Report("sig", o, c, (v,), "faithful", 0.02, {"paraphrase": 1}))
    assert zh_text in html and en_text in html
    assert 'lang="zh"' in html and 'lang="en"' not in html.split("<body", 1)[1]
    assert '<meta charset="utf-8">' in html and "Noto Sans CJK SC" in html
    assert "zh.txt (Chinese)" in html and "cross-language comparison (English -&gt; Chinese)" in html


@pytest.mark.parametrize("text", ["北京 ", "Präsident Selenskyj sagte am Montag.", "Он  сказал\nэто."])
def test_identical_passages_are_verbatim(text):
    j = XlingJudge("zh", "zh").judge(text, " ".join(text.split()), 1.0)
    assert (j.label, j.severity, j.drift, j.findings) == ("verbatim", "none", 0.0, ())


def test_trace_candidates_pair_documents_across_languages_only():
    import numpy as np

    from drift.xling.trace import _cross_language_neighbours

    # Two stories (x, y) in three languages; within a language every document looks alike.
    x, y, zh = np.eye(3)
    rows = [x + 0.1 * y, y, x + 2 * zh, y + 2 * zh, x, y + 0.2 * x]
    dv = np.array([r / np.linalg.norm(r) for r in rows])
    langs = np.array(["en", "en", "zh", "zh", "de", "de"])
    pairs = _cross_language_neighbours(dv, langs, k=1, floor=0.2)
    assert all(langs[a] != langs[b] for a, b in pairs)
    assert (0, 4) in pairs and (1, 5) in pairs


@pytest.mark.parametrize(
    "original, copy, lang, changed",
    [
        ("It costs £25 ($33).", "Es kostet 25 Pfund (33 Dollar).", "de", None),
        ("It costs £25.", "Es kostet 25 Dollar.", "de", "Dollar"),
        ("The fund has 7 million euros.", "Фонд имеет 7 млн евро.", "ru", None),
        ("They pay £75m.", "他们支付 7500 万英镑。", "zh", None),
        ("They pay £75m.", "他们支付 7500 万美元。", "zh", "美元"),
    ],
)
def test_money_currency_across_languages(original, copy, lang, changed):
    money = [f for f in cross_findings(original, copy, "en", lang) if f.kind == "money"]
    assert [f.copy for f in money] == ([changed] if changed else [])
