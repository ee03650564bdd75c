#!/usr/bin/env python3
"""`drift audit` under faults: kill -9 at random moments, a full disk, a read-only database,
a lock held by another process. The store must end as an uninterrupted run leaves it.

A 300-document JSONL feed (100 originals, 2 copies each, seeded) is audited once without
interruption (the reference), then into a second database through the faults:

1. ``kill -9`` at 20 moments: the first as soon as the database file appears (inside its
   creation), the others when the stored work (documents, then comparisons) reaches a random
   share of the reference's; each killed run is followed by the next one, which resumes;
2. (right after the first kill, with everything still to write) a full disk (a file-size limit on the process: writes past it fail as on a full disk):
   one line, exit 3;
3. the database opened read-only: one line, exit 3;
4. a lock held by another connection past ``DRIFT_DB_TIMEOUT``: one line, exit 3;
5. a final run without faults.

Then every document must be stored once, every copy compared once, and documents,
families and comparisons must equal the reference's. Figures are printed; the exit status
is 0 when everything matched. The bag-of-words embedder is used (no model: the store, not
the judge, is under test), so the whole script runs in a few minutes on two cores.

usage: python bench/faults.py [--docs 300] [--kills 20] [--seed 15] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

DRIVER = textwrap.dedent(
    """
    import os, resource, signal, sqlite3, sys
    import drift.audit
    from drift.audit import ModelSpec
    drift.audit.ModelSpec = lambda lm=False: ModelSpec(embedder="hash", tokens=False, nlp=False)
    fault = os.environ.get("BENCH_FAULT", "")
    if fault == "disk-full":  # writes past the limit fail with EFBIG, as on a full disk
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        size = os.path.getsize(sys.argv[2]) if os.path.exists(sys.argv[2]) else 0
        resource.setrlimit(resource.RLIMIT_FSIZE, (size + 64 * 1024, size + 64 * 1024))
    if fault == "read-only":  # (root ignores file modes: open it as a read-only file system would)
        connect = sqlite3.connect
        sqlite3.connect = lambda path, **kw: connect(f"file:{path}?mode=ro", uri=True, **kw)
    from drift.cli import run
    sys.argv = ["drift", "audit", sys.argv[1], "--db", sys.argv[2], "-q"]
    run()
    """
)

COMMON = "the council said on monday that its new plan would start in spring after a long debate".split()


def _word(rng: random.Random) -> str:
    return "".join(rng.choice("bcdfghklmnprstvz") + rng.choice("aeiou") for _ in range(rng.randint(2, 4)))


def write_feed(path: Path, docs: int, seed: int) -> dict[str, str]:
    """``docs`` JSONL records: originals and two copies of each (a sentence dropped, a number
    changed, chrome added). Returns {copy id: original id}."""
    rng = random.Random(seed)
    originals = max(1, docs // 3)
    truth: dict[str, str] = {}
    with open(path, "w", encoding="utf-8") as fh:
        for k in range(originals):
            words = [_word(rng) for _ in range(40)] + COMMON  # each story its own names and topic words
            sents = [" ".join(rng.choice(words) for _ in range(rng.randint(10, 16))).capitalize()
                     + f" in {1990 + (k * 7 + j) % 30}." for j in range(8)]
            fh.write(json.dumps({"id": f"o{k}", "text": "\n\n".join(sents), "url": f"https://wire.example/{k}",
                                 "published": "2024-11-02T09:00:00Z"}) + "\n")
            for j in range(2):
                c = list(sents)
                del c[1 + (k + j) % 6]
                c[-1] = c[-1][:-1] + f" and {4000 + j} more."
                fh.write(json.dumps({"id": f"o{k}-c{j}", "text": "Share this article\n\n" + "\n\n".join(c),
                                     "url": f"https://outlet{j}.example/{k}", "published": "2024-11-02T15:00:00Z"}) + "\n")
                truth[f"o{k}-c{j}"] = f"o{k}"
    return truth


def audit(feed: Path, db: Path, env: dict, fault: str = "") -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", DRIVER, str(feed), str(db)], cwd=ROOT,
                            env={**env, "BENCH_FAULT": fault}, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def finish(p: subprocess.Popen, timeout: float = 900) -> tuple[int, list[str]]:
    _, err = p.communicate(timeout=timeout)
    return p.returncode, [ln for ln in err.splitlines() if ln.strip()]


def state(db: Path) -> dict:
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        q = lambda sql: sorted(tuple(r) for r in con.execute(sql))  # noqa: E731
        return {
            "documents": q("SELECT id, text_hash FROM documents"),
            "families": q("SELECT f.original, p.doc_id FROM placements p JOIN families f ON f.id = p.family"),
            "comparisons": q("SELECT original_id, copy_id, verdict, round(drift_index, 6) FROM comparisons WHERE signature = "
                             "(SELECT signature FROM comparisons ORDER BY id DESC LIMIT 1)"),
            "compared_twice": q("SELECT copy_id, count(*) FROM comparisons GROUP BY copy_id, signature HAVING count(*) > 1"),
            "stored_twice": q("SELECT text_hash, count(*) FROM documents GROUP BY text_hash HAVING count(*) > 1"),
        }
    finally:
        con.close()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=300)
    ap.add_argument("--kills", type=int, default=20)
    ap.add_argument("--seed", type=int, default=15)
    ap.add_argument("--keep", type=Path, default=None, help="keep the databases in this folder")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    tmp = Path(tempfile.mkdtemp(prefix="drift-bench-faults-"))
    env = {**os.environ, "DRIFT_CACHE_DIR": str(tmp / "cache"), "PYTHONPATH": str(ROOT), "DRIFT_DB_TIMEOUT": "2"}
    ok = True
    try:
        feed = tmp / "feed.jsonl"
        truth = write_feed(feed, args.docs, args.seed)
        print(f"feed: {args.docs} documents, {len(truth)} copies")

        t = time.perf_counter()
        code, err = finish(audit(feed, tmp / "ref.sqlite", env))
        t_ref = time.perf_counter() - t
        ref = state(tmp / "ref.sqlite")
        print(f"reference run: exit {code}, {t_ref:.1f} s, {len(ref['documents'])} documents, "
              f"{len(ref['comparisons'])} comparisons")

        db = tmp / "faults.sqlite"
        total = len(ref["documents"]) + len(ref["comparisons"])
        codes = []

        def progress() -> float:
            if not db.exists() or not db.stat().st_size:
                return 0.0
            try:
                st = state(db)
            except sqlite3.Error:
                return 0.0
            return min(1.0, (len(st["documents"]) + len(st["comparisons"])) / max(1, total))

        def kill_run(k: int, target: float = 0.0) -> None:
            """Start a run and kill it: at creation (target 0), else once the stored work reaches
            ``target`` (documents and comparisons, as a share of the reference's)."""
            p = audit(feed, db, env)
            t0 = time.perf_counter()
            if target == 0.0:  # inside the creation of the database: as soon as its file appears
                while not db.exists() and p.poll() is None:
                    time.sleep(0.001)
            elif progress() >= target:  # already there (the last kill overshot): a moment of start-up or tracing
                time.sleep(rng.uniform(0.05, 1.0))
            else:
                while p.poll() is None and progress() < target:
                    time.sleep(0.02)
            where = f"at {time.perf_counter() - t0:.2f} s" if target else "at creation"
            if p.poll() is None:
                p.send_signal(signal.SIGKILL)
            code, _ = finish(p)
            codes.append(code)
            print(f"  kill {k:2d} {where:>11}: exit {code:4d}, work stored {progress():4.0%} (aimed at {target:4.0%})")

        kill_run(1)
        for fault, says in (("disk-full", "disk is full"), ("read-only", "read-only"), ("locked", "locked")):
            holder = None
            if fault == "locked":
                holder = sqlite3.connect(db, isolation_level=None, timeout=30)
                holder.execute("BEGIN EXCLUSIVE")
            t = time.perf_counter()
            code, err = finish(audit(feed, db, env, fault if fault != "locked" else ""))
            if holder is not None:
                holder.execute("ROLLBACK")
                holder.close()
            good = code not in (70, 0, 1) and len(err) == 1 and says in err[0] and "Traceback" not in "".join(err)
            ok &= good
            print(f"  {fault:<9}: exit {code}, {len(err)} line(s) on stderr, {time.perf_counter() - t:.1f} s, "
                  f"work stored so far {progress():4.0%}{'' if good else '  <-- UNEXPECTED: ' + ' | '.join(err)[:300]}")
        for k, target in enumerate(sorted(rng.uniform(0.02, 0.98) for _ in range(args.kills - 1)), 2):
            kill_run(k, target)

        t = time.perf_counter()
        code, err = finish(audit(feed, db, env))
        print(f"final run: exit {code}, {time.perf_counter() - t:.1f} s")
        got = state(db)
        for key in ("documents", "families", "comparisons"):
            same = got[key] == ref[key]
            ok &= same
            print(f"  {key:<12} {len(got[key]):4d} (reference {len(ref[key]):4d})  {'match' if same else 'DIFFER'}")
        for key in ("stored_twice", "compared_twice"):
            ok &= not got[key]
            print(f"  {key:<14} {len(got[key])}")
        ok &= 70 not in codes
        print(f"exit codes of the killed runs: {sorted(set(codes))}")
        print("RESULT: " + ("every document stored once, every copy compared once, as the reference" if ok else "MISMATCH"))
        return 0 if ok else 1
    finally:
        if args.keep:
            args.keep.mkdir(parents=True, exist_ok=True)
            for f in tmp.glob("*.sqlite"):
                shutil.copy(f, args.keep / f.name)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
