#!/usr/bin/env python3
"""Wall time and peak memory of `drift trace` at 500, 1 000 and 2 000 documents, cold cache.

The corpus: every OneStopEnglish document (189 Guardian articles x 3 reading levels), every
MQM-2021 document (51 Chinese news articles x 15 English translations), the five seeds, and
syndicated republications to reach 2 000: a random article with the site's chrome around it,
its tail cut or a paragraph dropped, as feeds carry them. Each size is a seeded random subset
of that corpus. Every run is a new process with an empty embedding cache
(DRIFT_CACHE_DIR in a temporary folder), so the model loads and every sentence it needs is
encoded. Accuracy of the 2 000 run against its gold families is printed too.

Target on the 2-core reference machine: 2 000 documents in under 180 s, time growing about
linearly (growth factor ~2 per doubling).

usage: python bench/trace.py [--sizes 500,1000,2000] [--keep DIR]
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
OSE = SHARED / "eval" / "onestopenglish" / "docs.jsonl"
MQM = SHARED / "eval" / "mqm_zhen_news2021" / "docs_by_system.jsonl"
EVAL = SHARED / "tools" / "eval_trace.py"

CHROME_TOP = [
    "Skip to main content", "Menu", "Subscribe", "Share this article", "Listen to this article",
    "Advertisement", "Most read", "Sign in",
]
CHROME_BOTTOM = [
    "Related stories", "Share on Facebook", "Share on Twitter", "Copyright 2024 Example Media Group. All rights reserved.",
    "Leave a comment", "Sign up for our newsletter", "Read more:",
]


def real_documents() -> tuple[list[dict], dict[str, str], dict[str, str]]:
    """Rows {id, text}, gold family per id, and the gold original per family (OneStopEnglish)."""
    rows, fam, orig = [], {}, {}
    for line in open(OSE, encoding="utf-8"):
        r = json.loads(line)
        d = r["doc_id"].removesuffix(".txt")
        rows.append({"id": d, "text": r["text"]})
        fam[d] = "ose:" + r["topic"]
        if r["level"] == "adv":
            orig["ose:" + r["topic"]] = d
    for line in open(MQM, encoding="utf-8"):
        r = json.loads(line)
        d = r["doc_key"].replace("::", "__")
        rows.append({"id": d, "text": r["text"]})
        fam[d] = "mqm:" + r["doc"]
    for p in sorted((ROOT / "seeds").glob("*.txt")):
        rows.append({"id": p.stem, "text": p.read_text(encoding="utf-8")})
        fam[p.stem] = "seed:" + p.stem
    return rows, fam, orig


def syndicated(row: dict, rng: random.Random, k: int) -> dict:
    """A republication: site chrome around the story, its tail cut or a paragraph dropped."""
    paras = [p for p in row["text"].split("\n") if p.strip()]
    if len(paras) > 4 and rng.random() < 0.5:
        paras = paras[: max(3, int(len(paras) * rng.uniform(0.6, 0.95)))]
    if len(paras) > 4 and rng.random() < 0.5:
        del paras[rng.randrange(1, len(paras) - 1)]
    top = rng.sample(CHROME_TOP, 2)
    bottom = rng.sample(CHROME_BOTTOM, 2)
    return {"id": f"syn{k:04d}_{row['id']}", "text": "\n\n".join(top + paras + bottom) + "\n"}


def corpus(total: int, seed: int = 7) -> tuple[list[dict], dict[str, str], dict[str, str]]:
    rows, fam, orig = real_documents()
    rng = random.Random(seed)
    sources = [r for r in rows if not r["id"].startswith("0")]
    k = 0
    while len(rows) < total:
        src = rng.choice(sources)
        s = syndicated(src, rng, k)
        rows.append(s)
        fam[s["id"]] = fam[src["id"]]
        k += 1
    return rows, fam, orig


def run(rows: list[dict], workdir: Path) -> tuple[float, float, Path]:
    """Wall seconds and peak RSS (MiB) of one cold `drift trace` over rows."""
    inp = workdir / f"in{len(rows)}.jsonl"
    out = workdir / f"out{len(rows)}.json"
    with open(inp, "w", encoding="utf-8") as fh:
        for r in rows:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    with tempfile.TemporaryDirectory() as cache:
        env = dict(os.environ, DRIFT_CACHE_DIR=cache, HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1")
        args = [sys.executable, "-m", "drift", "trace", str(inp), "--format", "json", "-o", str(out)]
        t = time.perf_counter()
        proc = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t
        code = os.waitstatus_to_exitcode(status)
        if code != 0:
            sys.exit(f"drift trace failed with exit code {code}: {proc.stderr.read().decode()[-600:]}")
    return wall, usage.ru_maxrss / 1024, out


def main() -> None:
    sizes = [500, 1000, 2000]
    keep = None
    args = sys.argv[1:]
    while args:
        a = args.pop(0)
        if a == "--sizes":
            sizes = [int(x) for x in args.pop(0).split(",")]
        elif a == "--keep":
            keep = Path(args.pop(0))
        else:
            sys.exit(__doc__)
    if not OSE.exists() or not MQM.exists():
        sys.exit(f"bench data not found under {SHARED / 'eval'}")
    rows, fam, orig = corpus(max(sizes))
    rng = random.Random(11)
    order = list(range(len(rows)))
    rng.shuffle(order)
    workdir = keep or Path(tempfile.mkdtemp(prefix="drift-bench-trace-"))
    workdir.mkdir(parents=True, exist_ok=True)
    print(f"drift trace, cold cache, {os.cpu_count()} cores; load average {os.getloadavg()[0]:.1f} at start")
    print(f"{'docs':>6} {'wall s':>8} {'peak MiB':>9} {'s/doc':>7} {'growth':>7} {'load':>5}  stats")
    prev = None
    last = None
    for n in sizes:
        subset = [rows[i] for i in sorted(order[:n])]
        wall, peak, out = run(subset, workdir)
        stats = json.load(open(out))["stats"]
        growth = f"{wall / prev[1]:.2f}" if prev else "-"
        print(f"{n:>6} {wall:>8.1f} {peak:>9.0f} {wall / n:>7.3f} {growth:>7} {os.getloadavg()[0]:>5.1f}  "
              f"embedded {stats['sentences_embedded']}/{stats['sentences']} sentences in {stats['seconds_embed']:.0f} s, "
              f"{stats['candidates']} candidate pairs, {stats['links']} links", flush=True)
        prev = (n, wall)
        last = (subset, out)
    if last and EVAL.exists():
        subset, out = last
        ids = {r["id"] for r in subset}
        gold = {"families": {d: f for d, f in fam.items() if d in ids},
                "originals": {f: d for f, d in orig.items() if d in ids}}
        gpath = workdir / "gold.json"
        gpath.write_text(json.dumps(gold))
        res = subprocess.run([sys.executable, str(EVAL), str(gpath), str(out), "--json"], capture_output=True, text=True)
        print(f"accuracy at {len(subset)} documents: {res.stdout.strip() or res.stderr.strip()[-300:]}")
    print("growth = wall time over the previous size's (sizes double: 2.0 is linear); "
          "load = 1-minute load average after the run (other processes slow the model down)")


if __name__ == "__main__":
    main()
