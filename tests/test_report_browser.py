"""The audit's copy report in a real browser (headless Chromium, as tests/test_html_browser.py
finds it; skipped cleanly without Chromium or playwright): the back link and the key are on
screen and work, at a desktop and a phone width, with no sideways scrolling.

Screenshots go to the test's temporary folder (``DRIFT_SCREENSHOTS=DIR`` keeps them there
too, to look at them)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from drift.calibration import load_calibration

from .test_html_browser import browser, sync_api  # noqa: F401 - the skip conditions and the browser fixture
from .test_report_pages import report_dir  # noqa: F401 - fixture


@pytest.fixture(scope="module")
def chromium(browser):  # noqa: F811 - the one headless Chromium of test_html_browser
    return browser


def _keep(shot: Path) -> None:
    where = os.environ.get("DRIFT_SCREENSHOTS")
    if where:
        Path(where).mkdir(parents=True, exist_ok=True)
        shutil.copy(shot, Path(where) / shot.name)


@pytest.mark.parametrize("width, height", [(1400, 1000), (400, 900)])
def test_copy_report_back_link_and_key_on_screen(chromium, report_dir, tmp_path, width, height):  # noqa: F811
    (page_path,) = (report_dir / "copies").glob("*.html")
    ctx = chromium.new_context(viewport={"width": width, "height": height})
    requests: list[str] = []
    try:
        page = ctx.new_page()
        page.on("request", lambda r: requests.append(r.url))
        page.goto(page_path.as_uri(), wait_until="load")

        back = page.locator("a.back")
        assert back.count() == 1 and back.is_visible()
        box = back.bounding_box()
        assert box is not None and box["y"] < 120 and box["x"] >= 0  # at the top, before the header
        assert "Back to the audit index" in back.inner_text()

        key = page.locator("details#key")
        assert key.count() == 1 and key.is_visible()
        assert not page.locator("details#key dl").first.is_visible()  # folded until asked for
        page.locator("details#key > summary").click()
        assert page.locator("details#key dl").first.is_visible()
        assert "not an error" in key.inner_text() and f"{load_calibration().line:.2f} and above" in key.inner_text()

        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), "sideways scrolling"
        shot = tmp_path / f"copy-report-{width}.png"
        page.screenshot(path=str(shot), full_page=False)
        assert shot.stat().st_size > 10_000
        _keep(shot)

        with page.expect_navigation():
            back.click()
        assert page.url.endswith("/index.html") and "Copies ranked by drift index" in page.content()
        assert all(u.startswith("file://") for u in requests), requests  # nothing from the network
    finally:
        ctx.close()


@pytest.mark.parametrize("width", [1400, 400])
def test_index_fits_the_width_and_filters_its_copies(chromium, report_dir, tmp_path, width):  # noqa: F811
    """The index at a desktop and a phone width (copies as cards there): no sideways scrolling
    of the page, the copy's report linked, and the search filter still hides what it should."""
    ctx = chromium.new_context(viewport={"width": width, "height": 900})
    try:
        page = ctx.new_page()
        page.goto((report_dir / "index.html").as_uri(), wait_until="load")
        row = page.locator("#copies tbody tr").first
        assert row.is_visible() and row.locator("a[href^='copies/']").is_visible()
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), "sideways scrolling"
        shot = tmp_path / f"index-{width}.png"
        page.screenshot(path=str(shot), full_page=False)
        _keep(shot)
        page.fill("#f-text", "no copy is called this")
        assert not row.is_visible() and "0 of 1" in page.inner_text("#f-shown")
    finally:
        ctx.close()
