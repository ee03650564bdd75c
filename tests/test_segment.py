"""Tests for drift.segment: news cases, invariants, evaluation sets, speed.

The evaluation tests read ../shared/eval/ and ../shared/gold/ (next to the
repository) and are skipped when that folder is absent.  Their scores are
printed even when the tests pass.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from drift.segment import SEGMENTER_NAME, split_sentences

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO / ".." / "shared"
SEEDS = REPO / "seeds"

_ALNUM = re.compile(r"[^\W_]")
_LINEBREAK = re.compile("[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")


def sentences(text: str) -> list[str]:
    return [text[start:end] for start, end in split_sentences(text)]


def check_invariants(text: str, spans: list[tuple[int, int]]) -> None:
    """The contract of split_sentences, as stated in its docstring."""
    assert isinstance(spans, list)
    previous_end = 0
    for span in spans:
        assert isinstance(span, tuple) and len(span) == 2
        start, end = span
        assert isinstance(start, int) and isinstance(end, int)
        assert previous_end <= start < end <= len(text), (span, spans)
        piece = text[start:end]
        assert piece == piece.strip() and piece, (span, piece)
        # Everything between two sentences is whitespace: full coverage.
        assert not text[previous_end:start].strip(), (previous_end, start)
        previous_end = end
    assert not text[previous_end:].strip()


def check_no_stray_punctuation(text: str, spans: list[tuple[int, int]]) -> None:
    """A span without letters or digits must have a line of its own."""
    for i, (start, end) in enumerate(spans):
        if _ALNUM.search(text, start, end):
            continue
        if i > 0:
            assert _LINEBREAK.search(text, spans[i - 1][1], start), text[start:end]
        if i + 1 < len(spans):
            assert _LINEBREAK.search(text, end, spans[i + 1][0]), text[start:end]


# --------------------------------------------------------------------------
# News cases: (id, text, expected sentences)
# --------------------------------------------------------------------------

NEWS_CASES = [
    ("empty", "", []),
    ("whitespace only", " \n\t \r\n  \u00a0", []),
    ("one sentence", "Hello world.", ["Hello world."]),
    ("one sentence without punctuation", "Skip to main content", ["Skip to main content"]),
    ("surrounding whitespace", "  \n Hello world.  \n", ["Hello world."]),
    (
        "page chrome lines",
        "Skip to main content\nClear icon\n46º\n\nUkraine’s Zelenskyy says war with Russia is "
        "being pushed 'beyond borders' as North Korea joins in\n\n1 / 4",
        [
            "Skip to main content",
            "Clear icon",
            "46º",
            "Ukraine’s Zelenskyy says war with Russia is being pushed 'beyond borders' as "
            "North Korea joins in",
            "1 / 4",
        ],
    ),
    (
        "repeated headline on consecutive lines",
        "2 men arrested in connection to fatal shooting in Brampton in August\n"
        "2 men arrested in connection to fatal shooting in Brampton in August",
        ["2 men arrested in connection to fatal shooting in Brampton in August"] * 2,
    ),
    ("short lowercase UI strings", "close\nclose", ["close", "close"]),
    ("UI strings", "Top Stories\n\nRecommended Videos", ["Top Stories", "Recommended Videos"]),
    (
        "blank line always ends a sentence",
        "This paragraph has no final punctuation\n\nand this one starts in lowercase",
        ["This paragraph has no final punctuation", "and this one starts in lowercase"],
    ),
    (
        "blank line after a title",
        "Maj. Gen.\n\nPat Ryder spoke.",
        ["Maj. Gen.", "Pat Ryder spoke."],
    ),
    (
        "windows line endings",
        "Top Stories\r\n\r\nFirst line.\r\nSecond line.",
        ["Top Stories", "First line.", "Second line."],
    ),
    (
        "title at a line end continues",
        "At the Pentagon, spokesman Maj.\nGen. Pat Ryder said so.",
        ["At the Pentagon, spokesman Maj.\nGen. Pat Ryder said so."],
    ),
    (
        "lowercase next line continues",
        "Follow AP’s coverage of the war in Ukraine at\nhttps://apnews.com/hub/russia-ukraine",
        ["Follow AP’s coverage of the war in Ukraine at\nhttps://apnews.com/hub/russia-ukraine"],
    ),
    (
        "terminal punctuation at a line end before a lowercase line",
        "Your email address will not be published.\nrequired fields are marked *",
        ["Your email address will not be published.", "required fields are marked *"],
    ),
    (
        "abbreviation at a line end before a lowercase line",
        "He lives in the U.S.\nofficials said.",
        None,
    ),
    ("short line before a long lowercase line", "He said\nthat it was fine.", None),
    (
        "dateline dash at a line end continues",
        "KYIV, Ukraine (AP) —\nUkrainian President Volodymyr Zelenskyy spoke.",
        ["KYIV, Ukraine (AP) —\nUkrainian President Volodymyr Zelenskyy spoke."],
    ),
    (
        "headline then caption then credit",
        "2 min read\nZelensky says North Korea sending personnel to Russia\n"
        "President Volodymyr Zelensky delivers nightly address on Oct. 13, 2024. "
        "(Presidential Office)",
        [
            "2 min read",
            "Zelensky says North Korea sending personnel to Russia",
            "President Volodymyr Zelensky delivers nightly address on Oct. 13, 2024.",
            "(Presidential Office)",
        ],
    ),
    (
        "teaser ellipsis at a line end",
        "Peel Regional Police were called to Steeles Avenue West...\n6m ago",
        ["Peel Regional Police were called to Steeles Avenue West...", "6m ago"],
    ),
    (
        "hard-wrapped prose joins lines",
        "Ukrainian President Volodymyr Zelenskyy spoke on Tuesday with\n"
        "South Korean President Yoon Suk Yeol and told him that the\n"
        "soldiers are already at military bases close to the front\n"
        "line, and that he expects the deployment to reach 12,000.\n"
        "The talks lasted three hours.",
        [
            "Ukrainian President Volodymyr Zelenskyy spoke on Tuesday with\n"
            "South Korean President Yoon Suk Yeol and told him that the\n"
            "soldiers are already at military bases close to the front\n"
            "line, and that he expects the deployment to reach 12,000.",
            "The talks lasted three hours.",
        ],
    ),
    (
        "titles",
        "At the Pentagon on Tuesday, spokesman Maj. Gen. Pat Ryder said a “relatively small "
        "number” of troops are in Russia.",
        None,
    ),
    ("U.S. and U.K. mid-sentence", "NATO, the U.S. and the U.K. agreed on Tuesday.", None),
    ("U.S. before a proper noun", "The U.S. Army and U.S. President Joe Biden agreed.", None),
    (
        "U.S. at a sentence end",
        "He moved to the U.S. The move was quick.",
        ["He moved to the U.S.", "The move was quick."],
    ),
    (
        "month abbreviations",
        "Putin warned on Sept. 12 and again on Oct. 28, 2024, in Moscow.",
        None,
    ),
    (
        "all months",
        "Jan. 1, Feb. 2, Mar. 3, Apr. 4, Aug. 8, Sep. 9, Nov. 11 and Dec. 12 passed.",
        None,
    ),
    (
        "a.m. then a capitalised common word",
        "A Russian attack struck Kharkiv at 3 a.m. Nearly 20 houses were damaged.",
        ["A Russian attack struck Kharkiv at 3 a.m.", "Nearly 20 houses were damaged."],
    ),
    (
        "a.m. with a comma",
        "It struck at around 3 a.m., hitting a house, regional Gov. Oleh Syniehubov said. "
        "Nearly 20 houses were damaged in the attack, he said.",
        [
            "It struck at around 3 a.m., hitting a house, regional Gov. Oleh Syniehubov said.",
            "Nearly 20 houses were damaged in the attack, he said.",
        ],
    ),
    (
        "p.m. before a lowercase word",
        "Peel police say it happened just after 9 p.m. near Dixie...",
        None,
    ),
    ("p.m. before a time zone", "The vote closes at 8 p.m. Eastern time on Tuesday.", None),
    (
        "street abbreviation at a sentence end",
        "The fire broke out on Main St. The building collapsed.",
        ["The fire broke out on Main St.", "The building collapsed."],
    ),
    ("saint", "He prayed at St. Paul's Cathedral in St. Louis.", None),
    ("courtesy titles", "Mr. and Mrs. Smith met Dr. Jones at St. Paul's with Gov. Newsom.", None),
    ("number prefix", "The song reached No. 5 on the chart, see p. 12.", None),
    (
        "company suffixes",
        "Apple Inc. and Microsoft Corp. signed a deal with Acme Ltd. on Monday.",
        None,
    ),
    (
        "company suffix at a sentence end",
        "They closed the deal with Pitt, Briggs & Co. It closed yesterday.",
        ["They closed the deal with Pitt, Briggs & Co.", "It closed yesterday."],
    ),
    (
        "Jr. and Sr.",
        "Martin Luther King Jr. was born in 1929. His father Martin Luther King Sr. was a pastor.",
        ["Martin Luther King Jr. was born in 1929.", "His father Martin Luther King Sr. was a pastor."],
    ),
    ("vs.", "It was Ukraine vs. Russia in the final.", None),
    ("e.g. and i.e.", "Bring fruit, e.g. Apples or pears, i.e. Something fresh.", None),
    (
        "etc. at a sentence end",
        "They sell apples, pears, etc. The shop opens at nine.",
        ["They sell apples, pears, etc.", "The shop opens at nine."],
    ),
    (
        "initials",
        "Associated Press writers Aamer Madhani and Lolita C. Baldor in Washington and "
        "Jill Lawless in London contributed to this report.",
        None,
    ),
    ("initials in a row", "The book by J. K. Rowling sold well.", None),
    (
        "decimals",
        "Growth was 3.5 percent. Inflation fell to 2.1%.",
        ["Growth was 3.5 percent.", "Inflation fell to 2.1%."],
    ),
    (
        "URL at the end",
        "Follow AP’s coverage of the war in Ukraine at https://apnews.com/hub/russia-ukraine",
        None,
    ),
    (
        "URL then a sentence",
        "See https://apnews.com/hub/russia-ukraine. It is updated daily.",
        ["See https://apnews.com/hub/russia-ukraine.", "It is updated daily."],
    ),
    (
        "e-mail address",
        "Write to news@example.com. We reply.",
        ["Write to news@example.com.", "We reply."],
    ),
    (
        "spaced ellipsis inside a quote",
        "“But instead … America is watching, Britain is watching, Germany is watching. "
        "Everyone is just waiting,” Zelenskyy said.",
        [
            "“But instead … America is watching, Britain is watching, Germany is watching.",
            "Everyone is just waiting,” Zelenskyy said.",
        ],
    ),
    ("attached ellipsis", "“But instead… America is watching,” Zelenskyy said.", None),
    ("three-dot ellipsis", "But instead... America is watching.", None),
    (
        "comma inside a quote",
        "“I’m worried about it,” Biden said when asked about the troops.",
        None,
    ),
    (
        "period inside closing quotes",
        "He said, “It is over.” Then he left.",
        ["He said, “It is over.”", "Then he left."],
    ),
    ("question inside a quote", "“Why now?” she asked.", None),
    (
        "question inside single quotes",
        "He asked, ‘Is it over?’ Nobody answered.",
        ["He asked, ‘Is it over?’", "Nobody answered."],
    ),
    (
        "quote spanning sentences",
        '"This is no longer just about weapons. It is about people."',
        ['"This is no longer just about weapons.', 'It is about people."'],
    ),
    (
        "quote with a wrongly directed closing mark",
        "It was misguided.“ However, it went on.",
        ["It was misguided.“", "However, it went on."],
    ),
    ("dashes", "KYIV – President Zelenskyy said Tuesday — in a speech - that it was over.", None),
    (
        "rule lines",
        "It was the first drone attack.\n\n___\n\nAP writers contributed.\n___\nFollow AP.",
        ["It was the first drone attack.", "___", "AP writers contributed.", "___", "Follow AP."],
    ),
    ("section break", "First.\n\n* * *\n\nSecond.", ["First.", "* * *", "Second."]),
    (
        "stray period attaches",
        "Moscow to Pyongyang that could increase. .",
        ["Moscow to Pyongyang that could increase. ."],
    ),
    (
        "stray period then a sentence",
        "It could increase. . North Korean Foreign Minister Choe Son Hui met her counterpart.",
        ["It could increase. .", "North Korean Foreign Minister Choe Son Hui met her counterpart."],
    ),
    ("stray period after a space", "It could increase . .", None),
    (
        "photo credit in parentheses",
        "Firefighters inspect the damaged office building in central Kharkiv, Ukraine, Monday, "
        "Oct. 28, 2024. (AP Photo/Efrem Lukatsky)",
        [
            "Firefighters inspect the damaged office building in central Kharkiv, Ukraine, "
            "Monday, Oct. 28, 2024.",
            "(AP Photo/Efrem Lukatsky)",
        ],
    ),
    (
        "copyright line",
        "Copyright 2024 The Associated Press. All rights reserved",
        ["Copyright 2024 The Associated Press.", "All rights reserved"],
    ),
    (
        "timestamps",
        "Posted November 2, 2024 9:19 am.\n\nLast Updated November 2, 2024 10:26 am.",
        ["Posted November 2, 2024 9:19 am.", "Last Updated November 2, 2024 10:26 am."],
    ),
    (
        "non-breaking spaces",
        "Time\u00a0change discourse happens on a cycle.\u00a0 It really is like clockwork.\u00a0 "
        "Their...",
        ["Time\u00a0change discourse happens on a cycle.", "It really is like clockwork.", "Their..."],
    ),
    ("exclamation then lowercase", "She works at Yahoo! in the accounting department.", None),
    ("CJK full stops", "你好。世界！再见？", ["你好。", "世界！", "再见？"]),
    ("CJK closing bracket", "他说：「好。」然后走了。", ["他说：「好。」", "然后走了。"]),
    ("Arabic", "مرحبا بالعالم. كيف حالك؟ أنا بخير.", ["مرحبا بالعالم.", "كيف حالك؟", "أنا بخير."]),
    ("emoji", "Great news 🎉. Next 🚀 sentence!", ["Great news 🎉.", "Next 🚀 sentence!"]),
    ("NUL bytes", "a\x00b. C\x00d.", ["a\x00b.", "C\x00d."]),
    ("zero-width space after a period", "Hello.\u200b World.", ["Hello.\u200b", "World."]),
    ("RTL marks", "\u200fHello. \u200fWorld.", ["\u200fHello.", "\u200fWorld."]),
    ("inline bullets", "• First item • Second item", ["• First item", "• Second item"]),
    (
        "inline numbered list",
        "1) The first item 2) The second item",
        ["1) The first item", "2) The second item"],
    ),
    (
        "number at a sentence end",
        "She has $100.00. It is in her bag.",
        ["She has $100.00.", "It is in her bag."],
    ),
]


@pytest.mark.parametrize(
    "text, expected", [case[1:] for case in NEWS_CASES], ids=[case[0] for case in NEWS_CASES]
)
def test_news_cases(text: str, expected: list[str] | None) -> None:
    """``expected=None`` means: the whole (stripped) text is one sentence."""
    if expected is None:
        expected = [text.strip()]
    spans = split_sentences(text)
    check_invariants(text, spans)
    assert [text[start:end] for start, end in spans] == expected


def test_segmenter_name() -> None:
    assert SEGMENTER_NAME == "drift-rules@2"


def test_offsets_point_into_the_raw_text() -> None:
    text = "  Title\r\n\r\nFirst sentence.  Second\u00a0one!\n"
    spans = split_sentences(text)
    assert spans == [(2, 7), (11, 26), (28, 39)]
    assert [text[s:e] for s, e in spans] == ["Title", "First sentence.", "Second\u00a0one!"]


def test_rejects_non_text() -> None:
    with pytest.raises(TypeError):
        split_sentences(b"bytes are not text")  # type: ignore[arg-type]


# --------------------------------------------------------------------------
# Properties
# --------------------------------------------------------------------------

# Characters that exercise the rules: terminals, quotes, brackets, bullets,
# list markers, line breaks of all kinds, invisible and CJK characters.
_TRICKY = list(
    "aAbZ1 2.?!…,;:\"'“”‘’()[]•⁃-–—_*"
    "\n\r\t\u00a0\u2028\u2029\x0b\x1c\x85\u200b\u200f\x00"
    "。！？」é"
)
_TOKENS = [
    "U.S.", "a.m.", "p.m.", "Mr.", "Gen.", "Oct.", "No.", "Inc.", "etc.", "e.g.", "I.", "C.",
    "The", "He", "It", "Nearly", "said", "1.", "2.", "1)", "a.", "b.", "...", ". . .", "….",
    "https://apnews.com/a.b", "3.5", "“", "”", "\n\n", "\n", "  ",
]


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text())
def test_invariants_on_any_text(text: str) -> None:
    spans = split_sentences(text)
    check_invariants(text, spans)
    check_no_stray_punctuation(text, spans)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.sampled_from(_TRICKY), max_size=200))
def test_invariants_on_punctuation_heavy_text(text: str) -> None:
    spans = split_sentences(text)
    check_invariants(text, spans)
    check_no_stray_punctuation(text, spans)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(_TOKENS + _TRICKY), max_size=60).map(" ".join))
def test_invariants_on_token_soup(text: str) -> None:
    spans = split_sentences(text)
    check_invariants(text, spans)
    check_no_stray_punctuation(text, spans)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(_TOKENS), min_size=1, max_size=40).map(" ".join))
def test_deterministic_and_prefix_independent(text: str) -> None:
    """Segmentation is a pure function; padding with whitespace only shifts offsets."""
    spans = split_sentences(text)
    assert split_sentences(text) == spans
    shifted = split_sentences("\n  " + text + "  ")
    assert shifted == [(start + 3, end + 3) for start, end in spans]


# --------------------------------------------------------------------------
# Hostile sizes: one megabyte of pathological input still segments correctly.
# Speed is measured in bench/segment.py, never asserted here; quadratic behaviour
# shows as a test that does not finish.
# --------------------------------------------------------------------------

MEGABYTE = 1_000_000


@pytest.mark.parametrize(
    "name, text",
    [
        ("a", "a" * MEGABYTE),
        ("dots", "." * MEGABYTE),
        ("spaced dots", ". " * (MEGABYTE // 2)),
        ("dots then a letter", "." * MEGABYTE + "x"),
        ("spaces then a letter", "a." + " " * MEGABYTE + "B"),
        ("newlines", "\n" * MEGABYTE),
        ("quotes", "\u201c" * MEGABYTE),
        ("initials", "A. " * (MEGABYTE // 3)),
        ("short sentences", "Word. " * (MEGABYTE // 6)),
        ("short lines", "Ab\n" * (MEGABYTE // 3)),
        ("bullets", "• " * (MEGABYTE // 2)),
        ("list", " ".join(f"{i}. Item" for i in range(MEGABYTE // 9))),
        ("CJK", "你好。" * (MEGABYTE // 3)),
    ],
)
def test_one_megabyte_hostile_inputs_keep_the_invariants(name: str, text: str) -> None:
    check_invariants(text, split_sentences(text))


def test_one_megabyte_of_news_splits_like_its_parts() -> None:
    seeds = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt")))
    if not seeds:
        seeds = " ".join(case[1] for case in NEWS_CASES)
    copies = MEGABYTE // (len(seeds) + 2) + 1
    text = (seeds + "\n\n") * copies
    spans = split_sentences(text)
    check_invariants(text, spans)
    assert len(spans) == copies * len(split_sentences(seeds))


# --------------------------------------------------------------------------
# Evaluation sets in ../shared (skipped when absent)
# --------------------------------------------------------------------------


def _shared(*parts: str) -> Path:
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is not available")
    return path


def _read_jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def test_gum_news_boundary_f1(capsys: pytest.CaptureFixture) -> None:
    """Boundary P/R/F1 on sentence end offsets over the 24 GUM news documents."""
    docs = _read_jsonl(_shared("eval", "gum_news_sbd", "docs.jsonl"))
    true_pos = false_pos = false_neg = 0
    for doc in docs:
        gold = {end for _, end in doc["spans"]}
        predicted = {end for _, end in split_sentences(doc["text"])}
        true_pos += len(gold & predicted)
        false_pos += len(predicted - gold)
        false_neg += len(gold - predicted)
    precision = true_pos / (true_pos + false_pos)
    recall = true_pos / (true_pos + false_neg)
    f1 = 2 * precision * recall / (precision + recall)
    with capsys.disabled():
        print(f"\nGUM news ({len(docs)} docs): P={precision:.4f} R={recall:.4f} F1={f1:.4f}")
    assert f1 >= 0.95


def test_pysbd_golden_rules(capsys: pytest.CaptureFixture) -> None:
    rules = _read_jsonl(_shared("eval", "pysbd_golden_rules_en", "rules.jsonl"))
    failed = []
    for rule in rules:
        got = [s.strip() for s in sentences(rule["text"])]
        if got != [s.strip() for s in rule["expected"]]:
            failed.append((rule["rule"], rule["title"], got))
    passed = len(rules) - len(failed)
    with capsys.disabled():
        print(f"\npySBD golden rules: {passed}/{len(rules)} pass")
        for number, title, got in failed:
            print(f"  FAIL rule {number} ({title}): {got}")
    assert passed / len(rules) >= 0.85
    assert passed >= 45


# Gold sentences that deliberately differ from ours, with the reason.
SEED_GOLD_EXCEPTIONS = {
    # The brief asks to split a quotation at its internal sentence ends; the
    # gold keeps this two-sentence quote as one alignment unit.  Both gold
    # boundaries are ours too (checked below).
    "“But instead … America is watching": "quote spanning two sentences is split",
    "“But instead… America is watching": "quote spanning two sentences is split",
    # "could increase. ." - the gold lists the stray "." as its own sentence;
    # the brief asks to attach it to the preceding sentence.
    "Western leaders have described the North Korean troop deployment as a significant "
    "escalation that could also shake up": "stray '.' attached to this sentence",
}


def test_seed_gold_sentences(capsys: pytest.CaptureFixture) -> None:
    """Every gold sentence of seeds 000-003 is one of our sentences."""
    gold_dir = _shared("gold")
    total = matched = 0
    unexpected = []
    for pair in ("000-vs-001", "003-vs-002"):
        gold = json.loads((gold_dir / f"{pair}.json").read_text(encoding="utf-8"))
        for side in ("original", "copy"):
            text = (SEEDS / gold[side]).read_text(encoding="utf-8")
            spans = split_sentences(text)
            ours = {text[start:end] for start, end in spans}
            starts = {start for start, _ in spans}
            ends = {end for _, end in spans}
            for item in gold["items"]:
                for sentence in item[side]:
                    if not _ALNUM.search(sentence):
                        continue  # punctuation-only gold entries such as "."
                    total += 1
                    if sentence in ours:
                        matched += 1
                        continue
                    reason = next(
                        (
                            why
                            for prefix, why in SEED_GOLD_EXCEPTIONS.items()
                            if sentence.startswith(prefix)
                        ),
                        None,
                    )
                    start = text.find(sentence)
                    if reason == "quote spanning two sentences is split":
                        # Still consistent: the gold span is a run of our sentences.
                        assert start in starts and start + len(sentence) in ends, sentence
                    elif reason is None:
                        unexpected.append(f"{gold[side]}: {sentence[:100]!r}")
    with capsys.disabled():
        print(
            f"\nseed gold sentences: {matched}/{total} exact "
            f"({total - matched} documented exceptions)"
        )
        for line in unexpected:
            print(f"  MISS {line}")
    assert not unexpected
    assert matched >= total - len(SEED_GOLD_EXCEPTIONS)


# --------------------------------------------------------------------------
# Other languages (language= argument; English is unchanged by construction)
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "language, text, expected",
    [
        ("de", "Die Wahl findet am 24. Dezember statt. Danach folgt die Auszählung.",
         ["Die Wahl findet am 24. Dezember statt.", "Danach folgt die Auszählung."]),
        ("de", "Die Statue aus dem 17. Jahrhundert stand ca. 85 Meilen entfernt. Sie fiel.",
         ["Die Statue aus dem 17. Jahrhundert stand ca. 85 Meilen entfernt.", "Sie fiel."]),
        ("de", "Das T-Shirt kostet £25 zzgl. MwSt. Es wird verkauft.",
         ["Das T-Shirt kostet £25 zzgl. MwSt.", "Es wird verkauft."]),
        ("de", "Er wurde 85. Das sagte seine Familie.", ["Er wurde 85.", "Das sagte seine Familie."]),
        ("cs", "Řekl to papež na náměstí sv. Petra. Lidé tleskali.",
         ["Řekl to papež na náměstí sv. Petra.", "Lidé tleskali."]),
        ("cs", "Gól padl ve 43. minutě zápasu. Pak pršelo.", ["Gól padl ve 43. minutě zápasu.", "Pak pršelo."]),
        ("ru", "Это произошло в 1991 г. В Москве. Потом всё изменилось.",
         ["Это произошло в 1991 г. В Москве.", "Потом всё изменилось."]),
        ("es", "Lo dijo el Sr. García ayer. Nadie respondió.", ["Lo dijo el Sr. García ayer.", "Nadie respondió."]),
        ("zh", "他说：“我们会扛过去的。”“现在不是区分党派的时候。”总统表示。",
         ["他说：“我们会扛过去的。”", "“现在不是区分党派的时候。”", "总统表示。"]),
        ("zh", "这是第一句。这是第二句！这是第三句？好", ["这是第一句。", "这是第二句！", "这是第三句？", "好"]),
    ],
)
def test_language_rules(language, text, expected):
    spans = split_sentences(text, language)
    check_invariants(text, spans)
    assert [text[a:b] for a, b in spans] == expected


@pytest.mark.parametrize("language", [None, "en", "xx", "ar"])
def test_english_and_unknown_languages_use_the_general_rules(language):
    text = SEEDS.joinpath("000_120bd2b153926def.txt")
    if not text.exists():
        pytest.skip("no seeds")
    raw = text.read_text(encoding="utf-8")
    assert split_sentences(raw, language) == split_sentences(raw)


def _xling_boundary_f1(lang: str) -> float:
    path = SHARED / "eval" / "xling_dev" / "docs.jsonl"
    if not path.exists():
        pytest.skip("xling_dev not available")
    tp = fp = fn = 0
    for line in path.open(encoding="utf-8"):
        d = json.loads(line)
        if d["lang"] != lang:
            continue
        gold = {e for _, e in d["spans"][:-1]}
        pred = {e for _, e in split_sentences(d["text"], lang)[:-1]}
        tp += len(gold & pred)
        fp += len(pred - gold)
        fn += len(gold - pred)
    return 2 * tp / (2 * tp + fp + fn)


@pytest.mark.parametrize("lang", ["en", "de", "ru", "uk", "zh", "cs"])
def test_xling_dev_gold_segments(lang):
    # Gold segments are WMT's: a few hold two sentences or end without punctuation, so 1.0
    # is out of reach; measured 0.98-0.99 for every language.
    f1 = _xling_boundary_f1(lang)
    print(f"xling_dev {lang} boundary F1 {f1:.3f}")
    assert f1 >= 0.975
