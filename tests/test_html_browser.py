"""The HTML report in a real browser: headless Chromium driven by Playwright.

Needs Debian's `chromium` package and the `playwright` Python package (its own browser
download is never used: `executable_path` points at the system Chromium). Every test
here is skipped cleanly when either is missing. Override the browser path with
DRIFT_CHROMIUM=/path/to/chromium.

The page is served from a fake origin by a route handler: every request the page
makes is recorded and aborted, so "no request leaves the page" is checked directly.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from drift.render.html import render_html

from .conftest import SEEDS
from .test_render import fast_judge, small_report

CHROMIUM = os.environ.get("DRIFT_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
URL = "http://drift.invalid/report.html"

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install playwright)")
if not Path(CHROMIUM).exists():
    pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium)", allow_module_level=True)


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        try:
            b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        except Exception as exc:  # pragma: no cover - depends on the machine
            pytest.skip(f"Chromium does not start: {exc}")
        yield b
        b.close()


class Loaded:
    """A page with the report loaded, and everything it tried to do."""

    def __init__(self, browser, page_html: str, *, javascript: bool = True) -> None:
        self.context = browser.new_context(java_script_enabled=javascript, viewport={"width": 1400, "height": 1000})
        self.page = self.context.new_page()
        self.requests: list[str] = []  # every request the page started
        self.routed: list[str] = []  # those that got past the browser to the network layer
        self.failed: dict[str, str] = {}
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.console: list[str] = []
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("requestfailed", lambda r: self.failed.__setitem__(r.url, r.failure or ""))
        self.page.on("dialog", self._dialog)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("console", lambda m: self.console.append(f"{m.type}: {m.text}"))
        body = page_html.encode("utf-8")

        def route(r):
            self.routed.append(r.request.url)
            if r.request.url == URL:
                r.fulfill(status=200, body=body, headers={"content-type": "text/html; charset=utf-8"})
            else:
                r.abort()

        self.context.route("**/*", route)
        self.page.goto(URL, wait_until="load")

    def _dialog(self, d) -> None:
        self.dialogs.append(d.message)
        d.dismiss()

    def rows_whose_copy_reads(self, needle: str) -> list[str]:
        """Ids of the rows whose copy cell contains ``needle`` (finding numbers left out)."""
        return self.page.evaluate(
            """needle => Array.from(document.querySelectorAll('td.txt.c')).filter(td => {
                 const c = td.cloneNode(true);
                 c.querySelectorAll('a.fm').forEach(a => a.remove());
                 return c.textContent.replace(/\\s+/g, ' ').includes(needle);
               }).map(td => td.closest('tbody').id)""",
            needle,
        )

    def text_without_markers(self, selector: str) -> str:
        return self.page.eval_on_selector(
            selector,
            """el => { const c = el.cloneNode(true); c.querySelectorAll('a.fm').forEach(a => a.remove());
                      return c.textContent.replace(/\\s+/g, ' '); }""",
        )

    def visible_rows(self) -> list[str]:
        return self.page.eval_on_selector_all(
            "tbody.row", "rs => rs.filter(r => r.offsetParent !== null || r.getClientRects().length).map(r => r.dataset.label)"
        )

    def close(self) -> None:
        self.context.close()


@pytest.fixture(scope="module")
def seed_html(embedder):
    from drift.compare import build_document, compare_documents
    from drift.judge import Judge

    o = SEEDS / "000_120bd2b153926def.txt"
    c = SEEDS / "001_5661abd0d4910d65.txt"
    report = compare_documents(
        build_document("seeds/000_120bd2b153926def.txt", o.read_text(encoding="utf-8")),
        build_document("seeds/001_5661abd0d4910d65.txt", c.read_text(encoding="utf-8")),
        embedder,
        Judge(),
    )
    return report, render_html(report)


@pytest.fixture
def seed_page(browser, seed_html):
    loaded = Loaded(browser, seed_html[1])
    yield loaded
    loaded.close()


GARBLED = "Bringing Ukraine out of office"


# --------------------------------------------------------------------------------------
# seeds 000 vs 001
# --------------------------------------------------------------------------------------


@pytest.mark.slow
def test_seed_report_loads_nothing_and_runs_clean(seed_page, tmp_path):
    page = seed_page.page
    assert seed_page.requests == [URL], seed_page.requests
    assert not seed_page.errors, seed_page.errors
    assert not [m for m in seed_page.console if "Content Security Policy" in m], seed_page.console
    assert page.is_visible("#toolbar"), "the inline script did not run (CSP hash mismatch?)"
    shot = tmp_path / "seed-000-vs-001.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000
    # the garbled sentence is on the page, in the copy column
    assert len(seed_page.rows_whose_copy_reads(GARBLED)) == 1


@pytest.mark.slow
def test_seed_garbled_sentence_has_a_garble_marker(seed_page):
    (row_id,) = seed_page.rows_whose_copy_reads(GARBLED)
    row = seed_page.page.locator(f"tbody#{row_id}")
    assert "l-garbled" in row.get_attribute("class")
    cell = row.locator("td.txt.c")
    marker = cell.locator("a.fm.k-garble")
    assert marker.count() >= 1
    wrapped = marker.first.evaluate("m => m.closest('.f.k-garble').textContent")
    assert "Bringing" in wrapped or "out of office" in wrapped
    assert "garble" in marker.first.evaluate("m => m.closest('[title]').title")


@pytest.mark.slow
def test_seed_changes_only_and_major_only_filters(seed_page, seed_html):
    report = seed_html[0]
    page = seed_page.page
    before = seed_page.visible_rows()
    assert len(before) == page.locator("tbody.row").count()
    assert "chrome" in before
    page.click("button[data-view=changes]")
    after = seed_page.visible_rows()
    assert "chrome" not in after and "verbatim" not in after
    assert len(after) == sum(v.judgement.label != "verbatim" for v in report.verdicts) < len(before)
    assert page.get_attribute("button[data-view=changes]", "aria-pressed") == "true"
    page.click("button[data-view=major]")
    majors = page.eval_on_selector_all("tbody.row", "rs => rs.filter(r => !r.hidden).map(r => r.dataset.severity)")
    assert majors and set(majors) == {"major"}
    assert len(majors) == sum(v.judgement.severity == "major" for v in report.verdicts)
    page.click("button[data-view=all]")
    page.uncheck("input[data-label=omitted]")
    assert "omitted" not in seed_page.visible_rows()
    assert len(seed_page.visible_rows()) == len(before) - report.counts["omitted"]


@pytest.mark.slow
def test_seed_keyboard_jumps_between_major_findings(seed_page, seed_html):
    report = seed_html[0]
    n_major = sum(f.severity == "major" for v in report.verdicts for f in v.judgement.findings)
    page = seed_page.page
    page.locator("body").click(position={"x": 5, "y": 5})
    page.keyboard.press("n")
    first = page.eval_on_selector("a.fm.current", "a => a.id")
    assert page.eval_on_selector("a.fm.current", "a => a.classList.contains('s-major')")
    page.keyboard.press("n")
    second = page.eval_on_selector("a.fm.current", "a => a.id")
    assert (first != second) == (n_major > 1)
    page.keyboard.press("p")
    assert page.eval_on_selector("a.fm.current", "a => a.id") == first
    assert page.locator("a.fm.current").count() == 1


# --------------------------------------------------------------------------------------
# hand-built report: no model needed
# --------------------------------------------------------------------------------------


def test_garble_marker_and_changes_filter_on_a_small_report(browser, tmp_path):
    loaded = Loaded(browser, render_html(small_report()))
    try:
        page = loaded.page
        assert loaded.requests == [URL] and not loaded.errors
        marker = page.locator("tbody.l-garbled td.txt.c a.fm.k-garble")
        assert marker.count() == 1
        assert marker.evaluate("m => m.closest('.f.k-garble').textContent") == "drones the capital over most of them in being4"
        assert marker.evaluate("m => m.closest('[title]').title").startswith("#4 garble (major)")
        marker.click()  # the explanation, without JavaScript needed: the #F4 list item
        assert page.evaluate("location.hash") == "#F4"
        assert page.is_visible("#F4")
        # the moved row is a normal table row, marked "moved"
        moved = page.locator("tbody.row.moved")
        assert moved.count() == 1 and moved.locator(".movedtag").inner_text() == "moved"
        assert moved.bounding_box()["height"] < 150
        assert moved.bounding_box()["width"] == page.locator("tbody.row >> nth=0").bounding_box()["width"]
        rows = loaded.visible_rows()
        assert rows.count("verbatim") == 2 and rows.count("chrome") == 2
        page.click("button[data-view=changes]")
        rows = loaded.visible_rows()
        assert "verbatim" not in rows and "chrome" not in rows and len(rows) == 7
        assert page.text_content("#shown") == "showing 7 of 9 rows"
        page.screenshot(path=str(tmp_path / "small.png"), full_page=True)
    finally:
        loaded.close()


def test_readable_without_javascript(browser):
    loaded = Loaded(browser, render_html(small_report()), javascript=False)
    try:
        page = loaded.page
        assert not page.is_visible("#toolbar")
        assert page.is_visible("text=Filters and keyboard navigation need JavaScript")
        assert len(loaded.visible_rows()) == 11  # 9 rows and 2 folded chrome rows
        assert page.is_visible("text=not in the copy") and page.is_visible("text=not in the original")
        assert not page.is_visible("text=Skip to main content")  # folded away...
        page.click("tbody.chrome >> nth=0 >> summary")
        assert page.is_visible("text=Skip to main content")  # ...but viewable
        assert loaded.requests == [URL]
    finally:
        loaded.close()


INJECTED = [
    '<script>alert(1)</script>',
    '"><img src=x onerror=alert(2)>',
    '<a href="javascript:alert(3)">read more</a>',
    "<svg onload=alert(4)></svg>",
    "<iframe src=\"javascript:alert(5)\"></iframe>",
]


def test_injected_markup_in_the_copy_stays_inert_text(browser):
    from drift.compare import build_document, compare_documents
    from drift.embed import HashEmbedder

    original = (
        "Kyiv was hit by 12 drones overnight, officials said on Tuesday. "
        "The mayor said three people were injured. Power was restored by the morning."
    )
    copy = (
        f"Kyiv was hit by 12 drones overnight {INJECTED[0]}, officials said on Tuesday. "
        f"The mayor said {INJECTED[1]} thirty people were injured. "
        f"Read the {INJECTED[2]} and {INJECTED[3]} {INJECTED[4]}. Power was restored by the morning."
    )
    report = compare_documents(
        build_document("original.txt", original),
        build_document('copy"><script>alert(6)</script>.txt', copy),
        HashEmbedder(),
        fast_judge(),
    )
    loaded = Loaded(browser, render_html(report))
    try:
        page = loaded.page
        # hover and click everything that could carry a handler
        for a in page.locator("td.txt a").all():
            a.hover()
            a.click()
        page.wait_for_timeout(200)
        assert loaded.dialogs == []
        assert loaded.requests == [URL]
        assert page.locator("script").count() == 1
        assert page.locator("img, svg, iframe").count() == 0
        assert page.locator('a[href^="javascript"], [onerror], [onload]').count() == 0
        text = loaded.text_without_markers("table.pairs")
        for snippet in INJECTED:
            assert snippet in text, snippet
        assert "<script>alert(6)</script>" in page.locator("header").inner_text()
    finally:
        loaded.close()


def test_csp_blocks_markup_even_if_escaping_failed(browser):
    """Defence in depth: raw markup spliced into the page can neither run nor load."""
    page_html = render_html(small_report()).replace(
        "<main>",
        '<main><script>alert(7)</script><img src="http://evil.invalid/x.png" onerror="alert(8)">'
        '<link rel="stylesheet" href="http://evil.invalid/s.css"><iframe src="http://evil.invalid/"></iframe>',
        1,
    )
    loaded = Loaded(browser, page_html)
    try:
        loaded.page.wait_for_timeout(300)
        assert loaded.dialogs == []
        # Chromium starts the image and stylesheet loads and fails them itself on the CSP:
        # nothing reaches the network layer
        assert loaded.routed == [URL], loaded.routed
        assert {u: f for u, f in loaded.failed.items()} == {
            "http://evil.invalid/x.png": "csp",
            "http://evil.invalid/s.css": "csp",
        }
        assert loaded.page.is_visible("#toolbar")  # the report's own script still ran
    finally:
        loaded.close()

