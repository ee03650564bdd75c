#!/usr/bin/env python3
"""Feed scale: `drift trace` (and `drift audit`) over generated feeds of growing size.

For each N the feed comes from bench/feedgen.py (same seed: the same documents every run).
Every run is a new process with an empty embedding cache (cold), unless said otherwise:

- ``trace``: `drift trace FEED --format json`, cold; then, at the largest N, the same feed plus
  the next day's 100 documents (feedgen --grow) with the cache the cold run filled (warm).
- ``audit``: `drift audit FEED --db new.sqlite`, cold; then the 100 new documents into the
  same database (warm: only they are traced into families, embedded and compared).

Printed per run: wall seconds, peak RSS (the child's ru_maxrss from wait4, which includes its
reaped children: the largest single process), the 1-minute load average (other users of the
machine slow every figure), the run's own stage timings, and the quality of its families
against the generator's truth: pair precision / recall / F1 of "same family" and the share of
families (with copies) whose original is named. Then the growth exponent of wall time,
log(t_max / t_min) / log(N_max / N_min): 1.0 is linear.

Targets (issue 14, 2 cores): trace of 10 000 < 5 min cold; audit of 10 000 < 30 min cold; warm
re-run with 100 new documents < 1 min; exponent <= 1.15; peak memory < 3 GB at 10 000.

- ``parity``: `drift audit` of the feed with ``--engine local`` and with ``--engine ray``
  (each cold, its own cache), then whether the two databases hold the same placements,
  families and comparisons (verdict, drift index, counts, findings): issue 14's "identical
  families and verdicts" at a size the test (tests/test_scale.py, 80 documents, hash
  models) does not reach.

usage: python bench/scale.py [--sizes 1000,2000,5000,10000] [--modes trace,audit,parity] [--keep DIR]
                             [--engine local|ray] [--no-warm]
"""

from __future__ import annotations

import json
import math
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import feedgen  # noqa: E402

GROW = 100


def _run(args: list[str], cache: Path, out: Path | None = None) -> tuple[float, float, int, str]:
    """(wall s, peak RSS MiB, exit code, stdout) of one drift process."""
    env = dict(os.environ, DRIFT_CACHE_DIR=str(cache), HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1")
    t = time.perf_counter()
    stdout = open(out, "w") if out else subprocess.PIPE
    proc = subprocess.Popen([sys.executable, "-m", "drift", *args], env=env, stdout=stdout, stderr=subprocess.PIPE)
    text = proc.stdout.read().decode() if proc.stdout else ""
    err = proc.stderr.read().decode()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t
    if out:
        stdout.close()
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1, 3, 5):
        sys.exit(f"drift {args[0]} failed with exit code {code}: {err[-800:]}")
    return wall, usage.ru_maxrss / 1024, code, text


def score(truth: dict, placed: dict[str, str | None], named: dict[str, str | None]) -> dict:
    """Pair P/R/F1 of "same family" over the truth's documents, and the share of true families
    with copies whose original the tool names. ``placed``: doc -> family key; ``named``: doc ->
    the original its family names."""
    from collections import Counter

    gf = truth["families"]
    docs = [d for d in gf if d in placed]
    tf = {d: placed[d] for d in docs}
    g_sizes = Counter(gf[d] for d in docs)
    t_sizes = Counter(tf[d] for d in docs)
    both = Counter((gf[d], tf[d]) for d in docs)
    c2 = lambda k: k * (k - 1) // 2  # noqa: E731
    hit = sum(c2(v) for v in both.values())
    gp, tp = sum(c2(v) for v in g_sizes.values()), sum(c2(v) for v in t_sizes.values())
    p = hit / tp if tp else 1.0
    r = hit / gp if gp else 1.0
    fams = [f for f, k in g_sizes.items() if k > 1]
    orig = truth["originals"]
    ok = sum(1 for f in fams if named.get(orig[f]) == orig[f])
    return {"docs": len(docs), "missing": len(gf) - len(docs), "pair_p": round(p, 4), "pair_r": round(r, 4),
            "pair_f1": round(2 * p * r / (p + r), 4) if p + r else 0.0,
            "original_acc": round(ok / len(fams), 4) if fams else 1.0, "families": len(fams)}


def trace_quality(out: Path, truth: dict) -> dict:
    t = json.load(open(out))
    placed = {d["id"]: d["family"] for d in t["documents"] if d.get("family") is not None}
    named = {m: f["original"] for f in t["families"] for m in f["members"]}
    return {**score(truth, placed, named), "stats": t["stats"]}


def audit_quality(db: Path, truth: dict) -> dict:
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    rows = con.execute("SELECT p.doc_id, p.family, f.original FROM placements p LEFT JOIN families f ON f.id = p.family").fetchall()
    con.close()
    placed = {d: fam for d, fam, _ in rows if fam is not None}
    named = {d: o for d, _, o in rows}
    return score(truth, placed, named)


def _fmt_q(q: dict) -> str:
    return (f"pair P/R/F1 {q['pair_p']:.4f}/{q['pair_r']:.4f}/{q['pair_f1']:.4f}, originals named "
            f"{q['original_acc']:.4f} of {q['families']} families" + (f", {q['missing']} unplaced" if q["missing"] else ""))


PARITY_QUERIES = {
    "placements": "SELECT doc_id, family, derived_from, is_original FROM placements",
    "families": "SELECT id, original, size FROM families",
    "comparisons": "SELECT original_id, copy_id, verdict, drift_index, counts, findings FROM comparisons",
}


def parity(a: Path, b: Path) -> dict:
    """Per table of PARITY_QUERIES: rows equal, and how many differ, between two audit databases."""
    out = {}
    for name, q in PARITY_QUERIES.items():
        rows = []
        for db in (a, b):
            con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
            rows.append(set(con.execute(q).fetchall()))
            con.close()
        out[name] = {"rows": len(rows[0]), "same": rows[0] == rows[1], "differ": len(rows[0] ^ rows[1]) // 2}
    verdicts = []
    for db in (a, b):
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        verdicts.append(dict(con.execute("SELECT copy_id, verdict FROM comparisons").fetchall()))
        con.close()
    out["verdicts"] = {"rows": len(verdicts[0]), "same": verdicts[0] == verdicts[1],
                       "differ": sum(verdicts[0].get(k) != v for k, v in verdicts[1].items())}
    return out


def _exponent(points: list[tuple[int, float]]) -> str:
    if len(points) < 2:
        return "-"
    (n0, t0), (n1, t1) = points[0], points[-1]
    return f"{math.log(t1 / t0) / math.log(n1 / n0):.2f}"


def main() -> None:
    sizes, modes, keep, engine, warm = [1000, 2000, 5000, 10000], ["trace"], None, "local", True
    args = sys.argv[1:]
    while args:
        a = args.pop(0)
        if a == "--sizes":
            sizes = [int(x) for x in args.pop(0).split(",")]
        elif a == "--modes":
            modes = args.pop(0).split(",")
        elif a == "--keep":
            keep = Path(args.pop(0))
        elif a == "--engine":
            engine = args.pop(0)
        elif a == "--no-warm":
            warm = False
        else:
            sys.exit(__doc__)
    work = keep or Path(tempfile.mkdtemp(prefix="drift-bench-scale-"))
    work.mkdir(parents=True, exist_ok=True)
    print(f"drift scale, {os.cpu_count()} cores, work dir {work}; load average {os.getloadavg()[0]:.1f} at start", flush=True)
    points: dict[str, list[tuple[int, float]]] = {m: [] for m in modes}
    for n in sizes:
        d = work / f"n{n}"
        rows, truth, grown, truth_all = feedgen.build(n, grow=GROW)
        feed = feedgen.write(rows, d)
        more = feedgen.write(grown, d, name="grow")
        for mode in modes:
            cache = d / f"cache-{mode}"
            cache.mkdir(exist_ok=True)
            for f in cache.iterdir():
                f.unlink()
            if mode == "parity":
                dbs, walls = {}, {}
                for eng in ("local", "ray"):
                    dbs[eng] = d / f"parity-{eng}.sqlite"
                    ecache = d / f"cache-parity-{eng}"
                    ecache.mkdir(exist_ok=True)
                    for f in ecache.iterdir():
                        f.unlink()
                    for suffix in ("", "-wal", "-shm"):
                        Path(str(dbs[eng]) + suffix).unlink(missing_ok=True)
                    walls[eng], rss, _, text = _run(["audit", str(feed), "--db", str(dbs[eng]), "-q", "-f", "json",
                                                     "--engine", eng], ecache)
                    print(f"parity {n:>6} docs  {eng:5}  {walls[eng]:7.1f} s  {rss:6.0f} MiB  load {os.getloadavg()[0]:4.1f}",
                          flush=True)
                same = parity(dbs["local"], dbs["ray"])
                print(f"parity {n:>6} docs  " + ", ".join(
                    f"{k}: {'identical' if v['same'] else str(v['differ']) + ' of ' + str(v['rows']) + ' differ'}"
                    for k, v in same.items()), flush=True)
                continue
            if mode == "trace":
                out = d / "trace.json"
                wall, rss, _, _ = _run(["trace", str(feed), "--format", "json", "-o", str(out)], cache)
                q = trace_quality(out, truth)
                s = q["stats"]
                stages = (f"prepare {s['seconds_prepare']:.0f}, embed {s['seconds_embed']:.0f} "
                          f"({s['sentences_embedded']}/{s['sentences']} sentences), links {s['seconds_links']:.0f}; "
                          f"{s['candidates']} candidates, {s['links']} links")
            else:
                db = d / "audit.sqlite"
                for suffix in ("", "-wal", "-shm"):
                    Path(str(db) + suffix).unlink(missing_ok=True)
                extra = ["--engine", engine] if engine != "local" else []
                wall, rss, _, text = _run(["audit", str(feed), "--db", str(db), "-q", "-f", "json", *extra], cache)
                q = audit_quality(db, truth)
                s = json.loads(text)["stats"]
                stages = ", ".join(f"{k.removeprefix('seconds_')} {s[k]:.0f}" for k in
                                   ("seconds_read", "seconds_trace", "seconds_embed", "seconds_compare") if k in s)
                stages += f"; {s.get('comparisons_new', 0)} comparisons, {s.get('major_copies', 0)} major"
            points[mode].append((n, wall))
            print(f"{mode:>6} {n:>6} docs  cold  {wall:7.1f} s  {rss:6.0f} MiB  load {os.getloadavg()[0]:4.1f}  "
                  f"{_fmt_q(q)}\n{'':>20}stages s: {stages}", flush=True)
            if warm and n == max(sizes):
                if mode == "trace":
                    out = d / "trace-grown.json"
                    wall, rss, _, _ = _run(["trace", str(feed), str(more), "--format", "json", "-o", str(out)], cache)
                    q = trace_quality(out, truth_all)
                else:
                    wall, rss, _, text = _run(["audit", str(more), "--db", str(db), "-q", "-f", "json", *extra], cache)
                    q = audit_quality(db, truth_all)
                print(f"{mode:>6} {n:>6} +{GROW} new  warm  {wall:7.1f} s  {rss:6.0f} MiB  load {os.getloadavg()[0]:4.1f}  "
                      f"{_fmt_q(q)}", flush=True)
    for mode, pts in points.items():
        if mode == "parity":
            continue
        print(f"{mode}: growth exponent of wall time {pts[0][0] if pts else '-'} -> {pts[-1][0] if pts else '-'} "
              f"documents: {_exponent(pts)} (1.0 is linear)")


if __name__ == "__main__":
    main()
