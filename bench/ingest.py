#!/usr/bin/env python3
"""Reading speed of the input layer (drift.ingest): items per second and peak memory.

Inputs, generated in a temporary folder (seeded, no model involved):
- an RSS feed of N entries (default 5 000), each with a full-content HTML body;
- a WARC of M records (default 3 000), HTML responses, per-record gzip;
- the same WARC gzipped as a whole file;
- a JSONL file of N records (10 000 by default).

Goal (issue 15): at least 50 items/s on the 2-core reference machine, time growing linearly
(the second half of each run is timed apart: a quadratic reader shows as a slower half).

usage: python bench/ingest.py [--entries 5000] [--records 3000] [--jsonl 10000]
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

WORDS = ("the council voted on monday to approve new ferry contract after long debate harbour master said "
         "service would start running in spring weather permitting residents welcomed decision which ends "
         "years of uncertainty about crossing island mayor officials budget million").split()


def sentence(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 20))).capitalize() + "."


def paragraph(rng: random.Random) -> str:
    return " ".join(sentence(rng) for _ in range(rng.randint(2, 4)))


def write_rss(path: Path, n: int, rng: random.Random) -> None:
    items = []
    for k in range(n):
        body = "".join(f"<p>{paragraph(rng)}</p>" for _ in range(3))
        items.append(f"<item><title>Story {k}</title><guid>rss-{k}</guid><link>https://news.example/{k}</link>"
                     f"<pubDate>Sat, 02 Nov 2024 13:19:00 GMT</pubDate><content:encoded><![CDATA[{body}]]></content:encoded></item>")
    path.write_text('<?xml version="1.0" encoding="utf-8"?><rss version="2.0" '
                    'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>bench</title>'
                    + "".join(items) + "</channel></rss>", encoding="utf-8")


def warc_bytes(n: int, rng: random.Random) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    w = WARCWriter(buf, gzip=True)
    for k in range(n):
        body = (f"<html><head><title>Story {k}</title></head><body><article><h1>Story {k}</h1>"
                + "".join(f"<p>{paragraph(rng)}</p>" for _ in range(2)) + "</article></body></html>").encode()
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        w.write_record(w.create_warc_record(f"https://news.example/w/{k}", "response", payload=io.BytesIO(body),
                                            http_headers=http))
    return buf.getvalue()


def timed(label: str, path: Path) -> None:
    from drift.ingest import Item, read_all

    t0 = time.perf_counter()
    n = half_t = 0
    marks = []
    for x in read_all([str(path)]):
        n += isinstance(x, Item)
        marks.append(time.perf_counter())
    dt = time.perf_counter() - t0
    half = len(marks) // 2
    if half:
        first, second = marks[half - 1] - t0, marks[-1] - marks[half - 1]
        half_t = second / max(first, 1e-9)
    print(f"{label:<28} {n:>6} items  {dt:7.2f} s  {n / dt:8.1f} items/s  second half / first half {half_t:4.2f}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--entries", type=int, default=5000)
    ap.add_argument("--records", type=int, default=3000)
    ap.add_argument("--jsonl", type=int, default=10000)
    args = ap.parse_args()
    rng = random.Random(15)
    with tempfile.TemporaryDirectory(prefix="drift-bench-ingest-") as tmp:
        d = Path(tmp)
        write_rss(d / "feed.rss", args.entries, rng)
        raw = warc_bytes(args.records, rng)
        (d / "per-record.warc.gz").write_bytes(raw)
        whole = gzip.decompress(raw)
        (d / "whole-file.warc.gz").write_bytes(gzip.compress(whole))
        with open(d / "docs.jsonl", "w", encoding="utf-8") as fh:
            for k in range(args.jsonl):
                fh.write(json.dumps({"id": f"j{k}", "text": paragraph(rng), "published": "2024-11-02T13:19:00Z"}) + "\n")
        timed(f"RSS, {args.entries} entries", d / "feed.rss")
        timed(f"WARC, {args.records} records", d / "per-record.warc.gz")
        timed("WARC, whole-file gzip", d / "whole-file.warc.gz")
        timed(f"JSONL, {args.jsonl} lines", d / "docs.jsonl")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory {peak:.0f} MiB")


if __name__ == "__main__":
    main()
