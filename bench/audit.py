#!/usr/bin/env python3
"""`drift audit` on a generated syndication feed: wall time, documents per second, peak memory.

The feed (seeded, so every run builds the same one): the 189 OneStopEnglish "advanced"
Guardian articles and the five seeds are the originals; republications fill it up to the
requested size, each a random original with a partner site's chrome around it and some of:
its tail cut, a paragraph dropped, a number changed, a place respelled ("Kyiv" -> "Kiev"), a
sentence garbled (words swapped), a promo paragraph added, or nothing changed. The
documents are spread over every input kind: a directory of .txt files, a JSONL file, saved
HTML pages, an RSS feed with full content and a WARC file.

Modes, each a new `drift audit` process (`python -m drift audit … -q -f json`):

- ``cold``: empty embedding/judgement cache (DRIFT_CACHE_DIR in a temporary folder), new database;
- ``warm``: the cache the cold run filled, a new database;
- ``rerun``: the same database again: nothing new to do (what a nightly re-run costs);
- ``ray``: ``--engine ray`` on a local Ray instance, warm cache, new database (needs Ray Data);
- ``ray-cold``: the same with an empty cache.

Peak memory is the largest sum of the resident sets of the audit process and its children
(workers), sampled every 0.2 s from /proc.

After each run the placements are scored against the feed's truth (gold.json beside it):
republications traced to their true original, originals named as such.

Measured here (2 cores shared with other users: the load average is printed because it moves
every number; 2 000 documents, 1 808 republications to compare):

    mode      wall s  docs/s  peak MiB  load  stages (s)
    cold       397     5.0     1212     2.8   read 4, trace 73, embed 158, compare 161   (1 process)
    cold       573     3.5     2354     4.8   read 4, trace 45, embed 260, compare 263   (2 workers)
    cold       453     4.4     1299     5.7   read 4, trace 36, embed 144, compare 267   (1 process)
    warm        49    40.5      351     2.2   trace 19, compare 26
    rerun      3.5     -        176     2.1   nothing new: read 3
    ray         91    22.0     2014     2.9   local Ray instance, 2 actors, warm cache
    ray-cold   466     4.3     4034     4.8   local Ray instance, 2 actors

`drift report` over that database: 5.3 s and 134 MiB for index.html (2.4 MB) and 1 808 reports.

usage: python bench/audit.py [--size 2000] [--modes cold,warm,rerun] [--jobs N] [--keep DIR]
"""

from __future__ import annotations

import io
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
OSE = SHARED / "eval" / "onestopenglish" / "docs.jsonl"

CHROME_TOP = ["Skip to main content", "Menu", "Subscribe", "Share this article", "Listen to this article",
              "Advertisement", "Most read", "Sign in"]
CHROME_BOTTOM = ["Related stories", "Share on Facebook", "Share on Twitter",
                 "Copyright 2024 Example Media Group. All rights reserved.", "Leave a comment",
                 "Sign up for our newsletter", "Read more:"]
SITES = [f"partner{k:02d}.example" for k in range(12)]


def originals() -> list[dict]:
    rows = []
    for line in open(OSE, encoding="utf-8"):
        r = json.loads(line)
        if r["level"] == "adv":
            rows.append({"id": "ose-" + r["doc_id"].removesuffix(".txt"), "text": r["text"].lstrip("\ufeff"),
                         "published": "2024-10-01T06:00:00Z"})
    for p in sorted((ROOT / "seeds").glob("*.txt")):
        if p.stem[:3] in ("000", "003", "004"):
            rows.append({"id": p.stem, "text": p.read_text(encoding="utf-8"), "published": None})
    return rows


def _paras(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"\n\s*\n|\n", text) if p.strip()]


def republish(src: dict, rng: random.Random, k: int) -> dict:
    paras = _paras(src["text"])
    edits = []
    if len(paras) > 5 and rng.random() < 0.35:
        paras = paras[: max(4, int(len(paras) * rng.uniform(0.6, 0.95)))]
        edits.append("cut")
    if len(paras) > 5 and rng.random() < 0.35:
        del paras[rng.randrange(1, len(paras) - 1)]
        edits.append("drop")
    if rng.random() < 0.3:
        for i in rng.sample(range(len(paras)), len(paras)):
            m = re.search(r"\b\d[\d,.]*\b", paras[i])
            if m:
                paras[i] = paras[i][: m.start()] + str(int(re.sub(r"\D", "", m.group()) or 1) * 3 + 7) + paras[i][m.end():]
                edits.append("number")
                break
    if rng.random() < 0.15:
        paras = [p.replace("Kyiv", "Kiev") for p in paras]
        edits.append("respell")
    if rng.random() < 0.2 and len(paras) > 3:
        i = rng.randrange(1, len(paras))
        words = paras[i].split()
        if len(words) > 8:
            j = rng.randrange(1, len(words) - 3)
            words[j], words[j + 2] = words[j + 2], words[j]
            paras[i] = " ".join(words)
            edits.append("garble")
    if rng.random() < 0.2:
        paras.insert(rng.randrange(1, len(paras)), "Read more: our coverage of this story and others like it is free for subscribers.")
        edits.append("promo")
    site = rng.choice(SITES)
    text = "\n\n".join(rng.sample(CHROME_TOP, 2) + paras + rng.sample(CHROME_BOTTOM, 2)) + "\n"
    return {"id": f"{site.split('.')[0]}-{k:05d}", "text": text, "site": site, "edits": edits, "source": src["id"],
            "published": f"2024-10-{rng.randint(2, 28):02d}T{rng.randint(0, 23):02d}:00:00Z"}


def build_feed(total: int, root: Path, seed: int = 7) -> dict:
    """Write the feed under root; returns counts per kind."""
    import html as _html

    origs = originals()
    rng = random.Random(seed)
    rows = list(origs)
    k = 0
    while len(rows) < total:
        rows.append(republish(rng.choice(origs), rng, k))
        k += 1
    rows = rows[:total]
    rng.shuffle(rows)
    kinds = {"txt": [], "jsonl": [], "html": [], "rss": [], "warc": []}
    spread = ["txt", "txt", "jsonl", "jsonl", "jsonl", "html", "html", "rss", "rss", "warc"]
    for i, r in enumerate(rows):
        kinds[spread[i % 10]].append(r)
    (root / "txt").mkdir(parents=True, exist_ok=True)
    for r in kinds["txt"]:
        (root / "txt" / f"{r['id']}.txt").write_text(r["text"], encoding="utf-8")
    with open(root / "partners.jsonl", "w", encoding="utf-8") as fh:
        for r in kinds["jsonl"]:
            fh.write(json.dumps({"id": r["id"], "text": r["text"], "published": r.get("published"),
                                 "url": f"https://{r.get('site', 'wire.example')}/{r['id']}"}, ensure_ascii=False) + "\n")

    def page(r: dict) -> str:
        ps = _paras(r["text"])
        body = "".join(f"<p>{_html.escape(p)}</p>" for p in ps[1:])
        return (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{_html.escape(ps[0][:80])}</title>"
                f"<meta property='article:published_time' content='{r.get('published') or ''}'></head><body>"
                "<nav><a href='/'>Home</a> <a href='/world'>World</a></nav><article>"
                f"<h1>{_html.escape(ps[0])}</h1>{body}</article><footer>Example Media</footer></body></html>")

    (root / "pages").mkdir(exist_ok=True)
    for r in kinds["html"]:
        (root / "pages" / f"{r['id']}.html").write_text(page(r), encoding="utf-8")
    items = []
    for r in kinds["rss"]:
        body = "".join(f"<p>{_html.escape(p)}</p>" for p in _paras(r["text"]))
        when = ""
        if r.get("published"):
            from datetime import datetime
            from email.utils import format_datetime

            when = f"<pubDate>{format_datetime(datetime.fromisoformat(r['published'].replace('Z', '+00:00')))}</pubDate>"
        items.append(f"<item><title>{_html.escape(_paras(r['text'])[0][:100])}</title><guid>{r['id']}</guid>{when}"
                     f"<link>https://{r.get('site', 'wire.example')}/{r['id']}</link>"
                     f"<content:encoded><![CDATA[{body}]]></content:encoded></item>")
    (root / "partners.rss").write_text(
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
        "<channel><title>Partners</title>" + "".join(items) + "</channel></rss>", encoding="utf-8")
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(root / "crawl.warc.gz", "wb") as fh:
        w = WARCWriter(fh, gzip=True)
        for r in kinds["warc"]:
            hdrs = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            w.write_record(w.create_warc_record(f"https://{r.get('site', 'wire.example')}/{r['id']}", "response",
                                                payload=io.BytesIO(page(r).encode()), http_headers=hdrs))
    # The truth, beside the feed (not in it): every republication's original.
    (root.parent / "gold.json").write_text(json.dumps({r["id"]: r["source"] for r in rows if "source" in r}))
    return {k: len(v) for k, v in kinds.items()}


def doc_key(doc_id: str) -> str:
    """The generated id inside a stored document id (WARC and RSS documents are named by URL)."""
    from urllib.parse import unquote

    return unquote(doc_id.rstrip("/").rsplit("/", 1)[-1])


def accuracy(db: Path, gold_path: Path) -> str:
    """Share of republications placed in the family of their true original, which the family names original."""
    import sqlite3

    gold = json.loads(gold_path.read_text())
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    rows = con.execute("SELECT p.doc_id, f.original FROM placements p LEFT JOIN families f ON f.id = p.family").fetchall()
    con.close()
    placed = {doc_key(d): (doc_key(o) if o else None) for d, o in rows}
    right = sum(placed.get(c) == o for c, o in gold.items())
    origs = set(gold.values())
    named = sum(placed.get(o) == o for o in origs)
    return (f"{right}/{len(gold)} republications traced to their true original; "
            f"{named}/{len(origs)} originals named original of their family")


def _tree_rss(pid: int) -> int:
    """Resident set (bytes) of pid and all its descendants."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open(f"/proc/{d}/stat", "rb") as fh:
                parts = fh.read().rsplit(b")", 1)[1].split()
            children.setdefault(int(parts[1]), []).append(int(d))
            rss[int(d)] = int(parts[21]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, IndexError, ValueError):
            continue
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        total += rss.get(p, 0)
        todo += children.get(p, [])
    return total


def audit(feed: Path, db: Path, cache: Path, extra: list[str]) -> dict:
    env = dict(os.environ, DRIFT_CACHE_DIR=str(cache), HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1")
    args = [sys.executable, "-m", "drift", "audit", str(feed), "--db", str(db), "-q", "-f", "json", *extra]
    t = time.perf_counter()
    proc = subprocess.Popen(args, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    peak = [0]

    def sample() -> None:
        while proc.poll() is None:
            peak[0] = max(peak[0], _tree_rss(proc.pid))
            time.sleep(0.2)

    th = threading.Thread(target=sample, daemon=True)
    th.start()
    out, err = proc.communicate()
    wall = time.perf_counter() - t
    th.join()
    if proc.returncode not in (0, 1, 3):
        sys.exit(f"drift audit failed ({proc.returncode}): {err.decode()[-800:]}")
    res = json.loads(out)
    return {"wall": wall, "peak_mib": peak[0] / 1048576, "stats": res["stats"]}


def main() -> None:
    size, modes, jobs, keep = 2000, ["cold", "warm", "rerun"], None, None
    args = sys.argv[1:]
    while args:
        a = args.pop(0)
        if a == "--size":
            size = int(args.pop(0))
        elif a == "--modes":
            modes = args.pop(0).split(",")
        elif a == "--jobs":
            jobs = int(args.pop(0))
        elif a == "--keep":
            keep = Path(args.pop(0))
        else:
            sys.exit(__doc__)
    if not OSE.exists():
        sys.exit(f"bench data not found: {OSE}")
    work = keep or Path(tempfile.mkdtemp(prefix="drift-bench-audit-"))
    feed, cache = work / "feed", work / "cache"
    if not feed.exists():
        counts = build_feed(size, feed)
        print(f"feed of {size} documents in {work}: {counts}")
    cache.mkdir(parents=True, exist_ok=True)
    extra = ["--jobs", str(jobs)] if jobs else []
    print(f"drift audit, {os.cpu_count()} cores; load average {os.getloadavg()[0]:.1f} at start")
    print(f"{'mode':>8} {'wall s':>8} {'docs/s':>7} {'peak MiB':>9} {'load':>5}  stats")
    for mode in modes:
        if mode == "rerun":
            db = work / "warm.sqlite" if (work / "warm.sqlite").exists() else work / "cold.sqlite"
        else:
            db = work / f"{mode}.sqlite"
            for suffix in ("", "-wal", "-shm"):
                Path(str(db) + suffix).unlink(missing_ok=True)
        if mode in ("cold", "ray-cold"):
            for f in cache.iterdir():
                f.unlink()
        r = audit(feed, db, cache, extra + (["--engine", "ray"] if mode.startswith("ray") else []))
        s = r["stats"]
        print(f"{mode:>8} {r['wall']:>8.1f} {s['documents'] / r['wall']:>7.1f} {r['peak_mib']:>9.0f} "
              f"{os.getloadavg()[0]:>5.1f}  {s['documents_new']} new docs, {s['families']} families, "
              f"{s['comparisons_new']} new comparisons ({s.get('jobs', '-')} jobs), {s['major_copies']} major, "
              f"{s['read_errors'] + s['trace_errors'] + s['compare_errors']} failed; stages s: "
              + " ".join(f"{k.removeprefix('seconds_')} {s[k]:.0f}" for k in ("seconds_read", "seconds_trace", "seconds_embed", "seconds_compare") if k in s),
              flush=True)
        if (work / "gold.json").exists() and mode != "rerun":
            print(f"{'':>8} accuracy: {accuracy(db, work / 'gold.json')}", flush=True)
    print("docs/s = documents in the database / wall time; load = 1-minute load average after the run "
          "(other processes on the machine slow every number down)")


if __name__ == "__main__":
    main()
