#!/usr/bin/env python3
"""Size and render time of the HTML report (target: a 40-sentence pair under 300 KB,
rendered in under 1 s in headless Chromium).

Two pairs are measured:
  seeds     seeds 000 vs 001 through the real pipeline (about 40 sentences a side;
            the MiniLM model if installed, else the hash embedder),
  worst     40 sentences a side, every one changed in 8 places (about 320 findings):
            the worst case for markup size.

For each: Python render time, bytes, and in Chromium the median over --runs loads of
(a) navigation start to the load event and (b) wall time from `goto` until the first
frame after load is painted. Needs Debian's `chromium` and `pip install playwright`.

usage: python bench/html_render.py [--runs N] [--hash] [--chromium PATH] [--screenshot DIR]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

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


def seeds_report(use_hash: bool):
    from drift.compare import build_document, compare_documents
    from drift.embed import HashEmbedder
    from drift.judge import Judge

    embedder = HashEmbedder()
    if not use_hash:
        try:
            from drift.embed import CachedEmbedder, model_path

            model_path()
            embedder = CachedEmbedder()
        except Exception as exc:  # the model is optional here
            print(f"(no MiniLM model: {exc}; using the hash embedder)")
    o = ROOT / "seeds" / "000_120bd2b153926def.txt"
    c = ROOT / "seeds" / "001_5661abd0d4910d65.txt"
    return compare_documents(
        build_document("seeds/000_120bd2b153926def.txt", o.read_text(encoding="utf-8")),
        build_document("seeds/001_5661abd0d4910d65.txt", c.read_text(encoding="utf-8")),
        embedder,
        Judge(),
    )


def worst_report():
    from tests.test_render import _forty_sentence_pair

    return _forty_sentence_pair()


def measure(browser, page_html: str, runs: int, shot: Path | None) -> tuple[float, float]:
    body = page_html.encode("utf-8")
    loads, walls = [], []
    for k in range(runs):
        ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
        page = ctx.new_page()
        ctx.route(
            "**/*",
            lambda r: r.fulfill(status=200, body=body, headers={"content-type": "text/html; charset=utf-8"})
            if r.request.url == URL
            else r.abort(),
        )
        t = time.perf_counter()
        page.goto(URL, wait_until="load")
        page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
        walls.append(time.perf_counter() - t)
        loads.append(page.evaluate("performance.getEntriesByType('navigation')[0].loadEventEnd") / 1000)
        if shot is not None and k == 0:
            page.screenshot(path=str(shot), full_page=True)
        ctx.close()
    return statistics.median(loads), statistics.median(walls)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--hash", action="store_true", help="use the hash embedder for the seed pair")
    ap.add_argument("--chromium", default=os.environ.get("DRIFT_CHROMIUM", "/usr/bin/chromium"))
    ap.add_argument("--screenshot", type=Path, help="save a full-page screenshot of each report here")
    a = ap.parse_args()

    from drift.render.html import render_html

    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        sync_playwright = None
        print("(playwright not installed: sizes only)")

    rows = []
    for name, build in (("seeds", lambda: seeds_report(a.hash)), ("worst", worst_report)):
        report = build()
        t = time.perf_counter()
        page = render_html(report)
        py = time.perf_counter() - t
        n_f = sum(len(v.judgement.findings) for v in report.verdicts)
        rows.append((name, report, page, py, n_f))

    results = {}
    if sync_playwright is not None and Path(a.chromium).exists():
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=a.chromium, args=ARGS)
            for name, _, page, _, _ in rows:
                shot = None
                if a.screenshot:
                    a.screenshot.mkdir(parents=True, exist_ok=True)
                    shot = a.screenshot / f"html-{name}.png"
                results[name] = measure(browser, page, a.runs, shot)
            version = browser.version
            browser.close()
        print(f"Chromium {version}, median of {a.runs} loads")
    print(f"{'pair':6} {'sentences o/c':>13} {'findings':>8} {'bytes':>9} {'python s':>9} {'load s':>7} {'painted s':>9}")
    ok = True
    for name, report, page, py, n_f in rows:
        size = len(page.encode("utf-8"))
        load, wall = results.get(name, (float("nan"), float("nan")))
        so, sc = len(report.original.sentences), len(report.copy.sentences)
        print(f"{name:6} {f'{so}/{sc}':>13} {n_f:>8} {size:>9,} {py:>9.3f} {load:>7.3f} {wall:>9.3f}")
        ok &= size < 300_000 and (wall != wall or wall < 1.0)
    print("targets: < 300,000 bytes and < 1 s:", "met" if ok else "NOT MET")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
