"""The one input layer (drift.ingest): every kind, every refusal, every bad item in its place.

Fast: no model is loaded (the CLI cases fail before any model is built)."""

from __future__ import annotations

import gzip
import io
import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from drift.cli import app
from drift.errors import InputError
from drift.ingest import (
    BadLine,
    Item,
    ItemError,
    iso_time,
    jsonl_lines,
    parse_json_object,
    read_all,
    read_document,
)
from drift.trace import TraceInput, read_inputs

DATA = Path(__file__).parent / "data" / "audit" / "feed"
PAGE = DATA / "pages" / "003_8c60dce76ff90822.html"
TEXT = "The harbour council voted on Monday to approve the new ferry contract after a long debate."


def _cli(args, **kw):
    return CliRunner().invoke(app, args, **kw)


# --------------------------------------------------------------------------------------
# Refusals: one line, exit 3, saying what to do
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, data, says",
    [
        ("story.pdf", b"%PDF-1.7\n%\xe2\xe3\n1 0 obj", "save the article as text or HTML first"),
        ("story.docx", b"PK\x03\x04\x14\x00\x06\x00word/document.xml", "save the article as text or HTML first"),
        ("story.txt", b"PK\x03\x04\x14\x00\x06\x00word/document.xml", "Office document"),  # by its magic bytes
        ("story.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00", "old-style Office document"),
        ("story.odt", b"PK\x03\x04mimetypeapplication/vnd.oasis", "save the article as text or HTML first"),
    ],
)
def test_pdf_and_office_files_are_refused_in_one_line(tmp_path, name, data, says):
    p = tmp_path / name
    p.write_bytes(data)
    r = _cli(["compare", str(p), str(PAGE)])
    assert r.exit_code == 3 and says in r.stderr and len(r.stderr.strip().splitlines()) == 1, r.stderr
    (err,) = [x for x in read_all([str(p)]) if isinstance(x, ItemError)]
    assert err.code == "unsupported"


@pytest.mark.parametrize("cmd", [["compare", "https://news.example/story", str(PAGE)], ["score", "https://x.example/p.jsonl"]])
def test_a_url_is_refused_not_fetched(cmd):
    r = _cli(cmd)
    assert r.exit_code == 3 and "never downloads" in r.stderr and len(r.stderr.strip().splitlines()) == 1, r.stderr


@pytest.mark.parametrize("name", ["partners.jsonl", "wire.rss", "archive.warc.gz"])
def test_compare_refuses_a_file_of_many_documents(name):
    with pytest.raises(InputError, match="holds many documents") as err:
        read_document(str(DATA / name))
    assert err.value.code == "not_a_document"


# --------------------------------------------------------------------------------------
# HTML: the article, not the markup
# --------------------------------------------------------------------------------------


def test_read_document_extracts_the_article_of_a_saved_page():
    text, meta = read_document(str(PAGE))
    assert "<" not in text and "KYIV, Ukraine (AP)" in text and "Home World Sport" not in text
    assert meta.kind == "html" and meta.url == "https://wire.example/2024/11/02/zelenskyy-urges-allies"
    assert meta.title.startswith("Ukraine’s Zelenskyy") and meta.byline == "The Associated Press"
    same, smeta = read_document("-", stdin=io.BytesIO(PAGE.read_bytes()))  # a page on standard input too
    assert same == text and smeta.kind == "html"


def test_page_date_keeps_the_time_in_utc(tmp_path):
    page = tmp_path / "p.html"
    page.write_text(
        '<html><head><title>Ferry vote</title><meta property="article:published_time" content="2024-03-01T10:15:00+01:00">'
        f"</head><body><article><p>{TEXT}</p><p>{TEXT}</p></article></body></html>", encoding="utf-8")
    _, meta = read_document(str(page))
    assert meta.published == "2024-03-01T09:15:00+00:00"


def test_trace_reads_html_pages_of_a_directory(tmp_path):
    shutil.copy(PAGE, tmp_path / "page.html")
    (tmp_path / "note.txt").write_text(TEXT + "\n", encoding="utf-8")
    got = {x.id: x for x in read_inputs([str(tmp_path)])}
    assert set(got) == {"page", "note"} and all(isinstance(x, TraceInput) for x in got.values())
    assert "KYIV, Ukraine (AP)" in got["page"].text and "<" not in got["page"].text
    assert got["page"].url.startswith("https://wire.example/")


# --------------------------------------------------------------------------------------
# JSONL: one reader, lines by \n only, every bad line one error in its place
# --------------------------------------------------------------------------------------


def test_jsonl_lines_split_on_newline_only(tmp_path):
    recs = [{"id": "a", "text": "one\u2028two\u2029three\x85four\x0cfive\x1cend"}, {"id": "b", "text": TEXT}]
    p = tmp_path / "f.jsonl"
    p.write_bytes(b"\xef\xbb\xbf" + "\r\n".join(json.dumps(r, ensure_ascii=False) for r in recs).encode() + b"\r\n")
    lines = list(jsonl_lines(str(p)))
    assert [parse_json_object(x) for x in lines if x] == recs


def test_an_overlong_line_is_one_error_and_reading_goes_on():
    data = b'{"id": "a", "text": "' + b"x" * 5000 + b'"}\n{"id": "b", "text": "short"}\n'
    from drift.ingest.jsonl import split_lines

    got = list(split_lines(io.BytesIO(data), max_line=1000))
    assert isinstance(got[0], BadLine) and got[0].code == "too_large" and got[1] == b'{"id": "b", "text": "short"}'


BAD_LINES = [
    ("deep", "[" * 5000 + "]" * 5000, "bad_json"),
    ("deep-object", '{"id": "d", "text": ' + "[" * 5000 + "]" * 5000 + "}", "bad_json"),
    ("digits-id", '{"id": ' + "9" * 5000 + ', "text": "The vote passed."}', "bad_json"),
    ("digits-text", '{"id": "n", "text": "x", "n": ' + "7" * 5000 + "}", "bad_json"),
    ("surrogate-text", '{"id": "s", "text": "bad \\ud800 text"}', "bad_text"),
    ("surrogate-title", '{"id": "t", "text": "fine", "title": "\\udfff"}', "bad_text"),
    ("nan", '{"id": "x", "text": "t", "v": NaN}', "bad_json"),
    ("not-utf8", b'{"id": "u", "text": "caf\xe9"}', "encoding"),
]


@pytest.mark.parametrize("name, line, code", BAD_LINES, ids=[b[0] for b in BAD_LINES])
def test_a_pathological_jsonl_line_is_one_item_error(tmp_path, name, line, code):
    p = tmp_path / "feed.jsonl"
    good = json.dumps({"id": "good", "text": TEXT})
    raw = line if isinstance(line, bytes) else line.encode("utf-8")
    p.write_bytes(good.encode() + b"\n" + raw + b"\n" + good.replace("good", "after").encode() + b"\n")
    got = list(read_all([str(p)]))
    assert [x.id for x in got if isinstance(x, Item)] == ["good", "after"]
    (err,) = [x for x in got if isinstance(x, ItemError)]
    assert err.code == code and err.source.endswith(":2") and "\n" not in err.reason


@pytest.mark.parametrize("url", ["http://[click]/", "http://[::1/", "https://exa mple.com/\x1b[2J"])
def test_odd_urls_are_kept_as_given(tmp_path, url):
    p = tmp_path / "f.jsonl"
    p.write_text(json.dumps({"id": "a", "text": TEXT, "url": url}) + "\n", encoding="utf-8")
    (item,) = list(read_all([str(p)]))
    assert isinstance(item, Item) and item.url == url


@pytest.mark.parametrize("value", ["0000-01-01", "99999-01-01", "0001-01-01T00:00:00+05:00", "9999-12-31T23:59:59-05:00",
                                   "not a date", "2024-13-45"])
def test_out_of_range_or_odd_dates_are_ignored_with_a_warning(tmp_path, value):
    assert iso_time(value) is None
    p = tmp_path / "f.jsonl"
    p.write_text(json.dumps({"id": "a", "text": TEXT, "published": value}) + "\n", encoding="utf-8")
    (item,) = list(read_all([str(p)]))
    assert item.published is None and "ignored" in item.warnings[0]


# --------------------------------------------------------------------------------------
# Feeds and archives
# --------------------------------------------------------------------------------------

ENTITY_FEED = """<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE rss [<!ENTITY pub "Riverton Daily">]>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>&pub;</title>
<item><title>One</title><guid>e1</guid><content:encoded><![CDATA[<p>{t}</p>]]></content:encoded></item>
<item><title>Two &pub;</title><guid>e2</guid><content:encoded><![CDATA[<p>{t}</p>]]></content:encoded></item>
<item><title>Three</title><guid>e3</guid><content:encoded><![CDATA[<p>{t}</p>]]></content:encoded></item>
</channel></rss>
"""


def test_a_feed_with_an_internal_entity_keeps_every_entry(tmp_path):
    p = tmp_path / "f.rss"
    p.write_text(ENTITY_FEED.replace("{t}", TEXT), encoding="utf-8")
    items = [x for x in read_all([str(p)]) if isinstance(x, Item)]
    assert [x.id for x in items] == ["e1", "e2", "e3"] and items[1].title == "Two Riverton Daily"


def _warc(records: list[tuple[str | None, bytes]], gz_each: bool) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    w = WARCWriter(buf, gzip=gz_each)
    for uri, body in records:
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/plain; charset=utf-8")], protocol="HTTP/1.1")
        rec = w.create_warc_record(uri or "", "response", payload=io.BytesIO(body), http_headers=http)
        if uri is None:
            rec.rec_headers.remove_header("WARC-Target-URI")
        w.write_record(rec)
    return buf.getvalue()


@pytest.mark.parametrize("layout", ["plain", "per-record-gzip", "whole-file-gzip"])
def test_every_warc_record_is_read_whatever_the_compression(tmp_path, layout):
    recs = [(f"https://news.example/{k}", f"{TEXT} Story {k}.".encode()) for k in range(5)]
    recs[2] = (None, b"A record without a target URI is still an article of the archive.")
    data = _warc(recs, gz_each=layout == "per-record-gzip")
    if layout == "whole-file-gzip":
        data = gzip.compress(data)
    p = tmp_path / ("a.warc.gz" if "gzip" in layout else "a.warc")
    p.write_bytes(data)
    got = list(read_all([str(p)]))
    assert not [x for x in got if isinstance(x, ItemError)], got
    ids = [x.id for x in got]
    assert len(ids) == 5 and ids[2].endswith("#3") and ids[4] == "https://news.example/4"


def test_a_jsonl_file_with_a_byte_order_mark_keeps_its_first_record(tmp_path):
    p = tmp_path / "bom.jsonl"
    p.write_bytes(b"\xef\xbb\xbf" + json.dumps({"id": "first", "text": TEXT}).encode() + b"\n")
    assert [x.id for x in read_all([str(p)])] == ["first"]


def _save_seeds_as_pages(folder: Path, title: bool = True) -> None:
    """Each seed as a saved web page: navigation, the article (a line break kept as <br>), a footer."""
    import html as _html

    from .conftest import SEEDS

    for p in sorted(SEEDS.glob("*.txt")):
        paras = [x.strip() for x in p.read_text(encoding="utf-8").split("\n\n") if x.strip()]
        body = "".join(f"<p>{_html.escape(x).replace(chr(10), '<br>')}</p>" for x in paras)
        head = f"<title>{_html.escape(paras[0][:80])}</title>" if title else ""
        (folder / f"{p.stem}.html").write_text(
            f'<!doctype html><html><head><meta charset="utf-8">{head}</head>'
            f'<body><nav><a href="/">Home</a> <a href="/world">World</a></nav><article>{body}</article>'
            "<footer>© Example News</footer></body></html>", encoding="utf-8")


def test_trace_of_saved_seed_pages_finds_the_same_families_as_the_text_files(tmp_path):
    """The directory of saved pages traces into the same families, with the same originals,
    as the text files."""
    from drift.embed import HashEmbedder
    from drift.trace import trace

    from .conftest import SEEDS

    _save_seeds_as_pages(tmp_path)

    def families(src):
        r = trace(read_inputs([str(src)]), HashEmbedder())
        return sorted((f.original, tuple(sorted(f.members))) for f in r.families)

    got = families(tmp_path)
    assert got == families(SEEDS)
    assert [m for _, m in got if len(m) > 1] == [("000_120bd2b153926def", "001_5661abd0d4910d65"),
                                                  ("002_81a412d12f6b9c31", "003_8c60dce76ff90822")]


PAIR_SEEDS = ["000_120bd2b153926def", "001_5661abd0d4910d65", "002_81a412d12f6b9c31", "003_8c60dce76ff90822"]


@pytest.mark.parametrize("seed", PAIR_SEEDS)
def test_a_saved_seed_page_has_the_body_of_its_text_file(tmp_path, seed):
    """What compare aligns (the body sentences) is the same for a seed pair's page and text."""
    from drift.compare import build_document

    from .conftest import SEEDS

    _save_seeds_as_pages(tmp_path, title=False)
    page, meta = read_document(str(tmp_path / f"{seed}.html"))
    text = (SEEDS / f"{seed}.txt").read_text(encoding="utf-8")
    body = lambda t: [s.text for s in build_document("x", t).sentences if not s.boilerplate]  # noqa: E731
    assert meta.kind == "html" and body(page) == body(text)


@pytest.mark.slow
def test_compare_of_saved_seed_pages_gives_the_rows_of_the_text_files(tmp_path, embedder):
    from drift.compare import build_document, compare_documents
    from drift.judge import JudgeConfig, cached_judge

    from .conftest import SEED_PAIRS, SEEDS

    _save_seeds_as_pages(tmp_path, title=False)
    judge = cached_judge(JudgeConfig())

    def rows(o, c):
        r = compare_documents(build_document("o", o), build_document("c", c), embedder, judge)
        return [(v.judgement.label, v.judgement.severity,
                 " ".join(r.original.sentences[i].text for i in v.alignment.original),
                 " ".join(r.copy.sentences[i].text for i in v.alignment.copy)) for v in r.verdicts], r.drift_index

    for o, c, _ in SEED_PAIRS:
        as_text = rows(*((SEEDS / f"{x}.txt").read_text(encoding="utf-8") for x in (o, c)))
        as_pages = rows(*(read_document(str(tmp_path / f"{x}.html"))[0] for x in (o, c)))
        assert as_pages == as_text


def test_a_jsonl_file_over_the_document_limit_is_read_record_by_record(tmp_path):
    """The 20 MiB limit is per document (per line), not per file: trace and score stream."""
    p = tmp_path / "big.jsonl"
    line = json.dumps({"id": "x", "text": TEXT + " " + "word " * 180}) + "\n"
    n = 21 * 1024 * 1024 // len(line) + 1
    with open(p, "w", encoding="utf-8") as fh:
        for k in range(n):
            fh.write(line.replace('"x"', f'"d{k}"', 1))
    assert p.stat().st_size > 20 * 1024 * 1024
    got = read_inputs([str(p)])
    assert len(got) == n and all(isinstance(x, TraceInput) for x in got)
    assert sum(1 for x in jsonl_lines(str(p)) if x) == n
