"""The HTML pages an editor reads: the copy report's key (labels, severities, sim, drift),
severities in words, and the audit's pages (copy reports that link back to the index and show
both documents' titles, outlets, publication times and the trace's reasons; the index's
findings with an empty side shown as "(nothing)"; times with the hour)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from drift.audit import AuditStore, ModelSpec, report_data, run_audit
from drift.cli import app
from drift.cli_audit import write_report_dir
from drift.render.html import LABEL_HELP, SEVERITY_WORDS, AuditContext, DocInfo, _finding_item, render_html, when
from drift.render.index import _findings
from drift.render.layout import NumberedFinding
from drift.types import LABELS, Finding, Report

from .test_audit import write_corpus
from .test_render import small_report

HASH = ModelSpec(embedder="hash", tokens=False, nlp=False)
runner = CliRunner()


def _text(html: str) -> str:
    """The page's visible text, roughly (tags dropped, entities left)."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


# --------------------------------------------------------------------------------------
# The copy report's key
# --------------------------------------------------------------------------------------


def test_copy_report_has_a_key_for_labels_severities_sim_and_drift():
    page = render_html(small_report())
    key = re.search(r'<details class="card key" id="key">(.*?)</details>', page, re.S)
    assert key, "no key"
    body = _text(key.group(1))
    for label in LABELS:
        assert label in body and LABEL_HELP[label].split()[0] in body, label
    for word in SEVERITY_WORDS.values():
        assert word in body
    assert "sim" in body and "drift index" in body and "a major change of meaning scores above every minor one" in body
    # the judge's line, as the signature records it
    r = small_report()
    with_line = Report(r.signature + "|line:0.9", r.original, r.copy, r.verdicts, r.verdict, r.drift_index, r.counts)
    assert "0.90 and above is a major change" in _text(render_html(with_line))
    # and on hover where the numbers appear
    assert re.search(r'class="metric" title="sim: [^"]+drift: [^"]+"', page)


@pytest.mark.parametrize("severity, word", [("major", "major"), ("minor", "minor"), ("none", "not an error")])
def test_finding_severity_is_a_word(severity, word):
    f = Finding("spelling", severity, "Kiev", "Kyiv", (0, 4), (0, 4), "Kiev spelled Kyiv")
    item = _finding_item(NumberedFinding(1, 1, f))
    assert f'<i class="sev">{word}</i>' in item
    assert ">none<" not in item


# --------------------------------------------------------------------------------------
# Times and the index's findings
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize("stored, shown", [
    ("2024-10-29T18:40:00+00:00", "2024-10-29 18:40 UTC"),
    ("2024-10-29T18:40:05+00:00", "2024-10-29 18:40:05 UTC"),
    ("2024-10-29T20:40:00+02:00", "2024-10-29 20:40 UTC+02:00"),
    ("2024-10-29", "2024-10-29"),  # a date alone stays a date
    (None, ""),
])
def test_publication_time_keeps_date_and_time(stored, shown):
    assert when(stored) == shown


@pytest.mark.parametrize("original, copy, want, never", [
    ("", "the United States", "(nothing)</span> \u2192 <q class=\"qc\">the United States</q>", "( \u2192"),
    ("in 1940 the harbour", "", "<q class=\"qo\">in 1940 the harbour</q> \u2192 <span class=\"none\">(nothing)", "\u2192 )"),
    ("watching", "standing by", "<q class=\"qo\">watching</q> \u2192 <q class=\"qc\">standing by</q>", "(nothing)"),
])
def test_index_findings_show_an_empty_side_as_nothing(original, copy, want, never):
    e = {"findings": [{"kind": "quote", "severity": "major", "message": "changed", "original": original, "copy": copy}],
         "findings_total": 1}
    cell = _findings(e)
    assert want in cell and never not in _text(cell)
    assert '<i class="sev">major</i>' in cell


# --------------------------------------------------------------------------------------
# The audit's pages
# --------------------------------------------------------------------------------------

O_TIME, C_TIME = "2024-10-29T09:05:00Z", "2024-10-29T18:40:00+02:00"


@pytest.fixture
def report_dir(tmp_path) -> Path:
    """An audit of one original and its copy (JSONL with titles, URLs and times), reported."""
    truth = write_corpus(tmp_path / "txt", originals=1, copies=1)
    (copy_id, orig_id), = truth.items()
    rows = [
        {"id": orig_id, "title": "Harbour council delays the ferry tunnel vote", "url": "https://wire.example/harbour",
         "published": O_TIME, "text": (tmp_path / "txt" / f"{orig_id}.txt").read_text(encoding="utf-8")},
        {"id": copy_id, "title": "Ferry tunnel vote put off again", "url": "https://partner.example/ferry",
         "published": C_TIME, "text": (tmp_path / "txt" / f"{copy_id}.txt").read_text(encoding="utf-8")},
    ]
    feed = tmp_path / "feed.jsonl"
    feed.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    db = tmp_path / "a.sqlite"
    run_audit([str(feed)], db, spec=HASH, jobs=1)
    out = tmp_path / "out"
    store = AuditStore(db, create=False)
    try:
        n, failed = write_report_dir(store, report_data(store), out)
    finally:
        store.close()
    assert (n, failed) == (1, 0)
    return out


def test_audit_copy_report_links_back_and_shows_both_documents(report_dir):
    (page_path,) = (report_dir / "copies").glob("*.html")
    page = page_path.read_text(encoding="utf-8")
    assert re.search(r'<a class="back" href="\.\./index\.html" rel="up">', page)
    assert (page_path.parent / "../index.html").resolve().is_file()
    text = _text(page)
    for want in ("Harbour council delays the ferry tunnel vote", "Ferry tunnel vote put off again",
                 "wire.example", "partner.example", "2024-10-29 09:05 UTC", "2024-10-29 16:40 UTC"):
        assert want in text, want
    prov = re.search(r'<section class="card prov" id="trace">(.*?)</section>', page, re.S)
    assert prov and "original of a family of 2" in prov.group(1) and "aligns to" in prov.group(1)
    assert 'id="key"' in page  # the key is there too


def test_audit_index_shows_times_with_the_hour(report_dir):
    index = (report_dir / "index.html").read_text(encoding="utf-8")
    assert "2024-10-29 09:05 UTC" in index and "2024-10-29 16:40 UTC" in index
    assert "T09:05:00" not in _text(index)


def test_report_json_names_the_originals_document(tmp_path, report_dir):
    db = tmp_path / "a.sqlite"
    r = runner.invoke(app, ["report", "--db", str(db), "--format", "json"])
    assert r.exit_code == 0, r.output
    (entry,) = json.loads(r.stdout)["copies"]
    o = entry["original_document"]
    assert o["title"] == "Harbour council delays the ferry tunnel vote" and o["outlet"] == "wire.example"
    assert o["published"].startswith("2024-10-29T09:05") and o["reasons"]


def test_compare_html_has_no_back_link_but_a_context_adds_one():
    report = small_report()
    assert 'class="back"' not in render_html(report)
    ctx = AuditContext("../index.html", DocInfo("T<o>", "wire.example", "2024-01-02T03:04:00+00:00"), DocInfo(),
                       ("because <b>",), ())
    page = render_html(report, ctx)
    assert 'href="../index.html"' in page and "T&lt;o&gt;" in page and "because &lt;b&gt;" in page
    assert "2024-01-02 03:04 UTC" in page and "No reasons were stored." in page


def test_saved_html_pages_keep_their_publication_hour_on_the_pages(tmp_path):
    """Two saved article pages of the same day: the audit keeps each page's time of day, and the
    index and the copy report show it (it orders copies published the same day)."""
    truth = write_corpus(tmp_path / "txt", originals=1, copies=1)
    (copy_id, orig_id), = truth.items()
    pages = tmp_path / "pages"
    pages.mkdir()
    for doc_id, stamp, title in ((orig_id, "2024-10-29T09:05:00+00:00", "Harbour vote delayed"),
                                 (copy_id, "2024-10-29T16:40:00+00:00", "Ferry vote put off")):
        paras = (tmp_path / "txt" / f"{doc_id}.txt").read_text(encoding="utf-8").split("\n\n")
        body = "".join(f"<p>{p}</p>" for p in paras if p.strip())
        (pages / f"{doc_id}.html").write_text(
            f'<!DOCTYPE html><html><head><title>{title}</title>'
            f'<meta property="article:published_time" content="{stamp}"></head>'
            f"<body><article><h1>{title}</h1>{body}</article></body></html>", encoding="utf-8")
    db = tmp_path / "a.sqlite"
    run_audit([str(pages)], db, spec=HASH, jobs=1)
    store = AuditStore(db, create=False)
    try:
        out = tmp_path / "out"
        assert write_report_dir(store, report_data(store), out) == (1, 0)
    finally:
        store.close()
    index = (out / "index.html").read_text(encoding="utf-8")
    (copy_page,) = (out / "copies").glob("*.html")
    for page in (index, copy_page.read_text(encoding="utf-8")):
        assert "2024-10-29 09:05 UTC" in page and "2024-10-29 16:40 UTC" in page
