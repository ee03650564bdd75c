#!/usr/bin/env python3
"""Every acceptance number of the meaning judge in one run.

1. seed gold (both pairs) through `drift compare --format json` and shared/tools/evaluate.py;
2. MQM zh-en 2021 (840 pairs) through shared/tools/eval_pairs.py --peers: the
   cross-validated predictions written by models/fit_judge.py (the honest number, since
   these rows shaped the weights) and, for reference, `drift score` in-sample;
3. WMT22 critical errors: share of the 71 BAD pairs flagged (drift/garbled, major) and
   flags among the 429 identical pairs;
4. `drift score` throughput on the 840 pairs without and with the language model, and the
   language model's cost on a cold `drift compare` of a seed pair.

usage: python bench/judge.py   (several minutes: it runs the models on ~1 700 pairs)
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
TOOLS = SHARED / "tools"
MQM = SHARED / "eval" / "mqm_zhen_news2021" / "pairs.subsample10.jsonl"
CED = SHARED / "eval" / "wmt22_ced_pten" / "pairs.jsonl"
DRIFT = [sys.executable, "-m", "drift"]


def sh(args, **kw) -> subprocess.CompletedProcess:
    return subprocess.run(args, capture_output=True, text=True, **kw)


def drift_score(inp: Path, out: Path, env: dict, extra=()) -> float:
    t = time.perf_counter()
    res = sh(DRIFT + ["score", str(inp), "-o", str(out), *extra], env=env)
    if res.returncode not in (0, 1):
        sys.exit(f"drift score failed ({res.returncode}): {res.stderr[-500:]}")
    return time.perf_counter() - t


def main() -> None:
    tmp = Path(tempfile.mkdtemp(prefix="drift-bench-judge-"))
    env = dict(os.environ, DRIFT_CACHE_DIR=str(tmp / "cache"), HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1")

    print("== seed gold (targets: major recall >= 0.90, false alarms <= 0.10)")
    for o, c, g in [("000_120bd2b153926def", "001_5661abd0d4910d65", "000-vs-001"),
                    ("003_8c60dce76ff90822", "002_81a412d12f6b9c31", "003-vs-002")]:
        rep = tmp / f"{g}.json"
        sh(DRIFT + ["compare", f"seeds/{o}.txt", f"seeds/{c}.txt", "--format", "json", "-o", str(rep)], env=env, cwd=ROOT)
        m = json.loads(sh([sys.executable, str(TOOLS / "evaluate.py"), str(SHARED / "gold" / f"{g}.json"),
                           f"seeds/{o}.txt", f"seeds/{c}.txt", str(rep), "--json"], cwd=ROOT).stdout)
        print(f"  {g}: " + ", ".join(f"{k} {m[k]}" for k in ("link_f1", "major_recall", "false_alarm_rate", "coarse_accuracy")))
        data = json.loads(rep.read_text())
        for a in data["alignments"]:
            garbles = [f for f in a["findings"] if f["kind"] == "garble"]
            if a["label"] == "garbled":
                spans = "; ".join(repr(f["copy"]) for f in garbles)
                print(f"    garbled/{a['severity']}: {spans}")

    print("\n== MQM zh-en 2021, 840 pairs (targets: Kendall tau >= 0.26, AUROC major accuracy >= 0.72)")
    cv = ROOT / "models" / "judge-cv-mqm.jsonl"
    res = sh([sys.executable, str(TOOLS / "eval_pairs.py"), "mqm", str(MQM), str(cv), "--peers", "--json"])
    print("  cross-validated (10 folds by segment):", res.stdout.strip() or res.stderr[-300:])
    inp = tmp / "mqm-in.jsonl"
    inp.write_text(sh([sys.executable, str(TOOLS / "eval_pairs.py"), "--make-input", "mqm", str(MQM)]).stdout)
    out = tmp / "mqm-out.jsonl"
    secs = drift_score(inp, out, env)
    res = sh([sys.executable, str(TOOLS / "eval_pairs.py"), "mqm", str(MQM), str(out), "--json"])
    print("  drift score, in-sample (weights saw these rows):", res.stdout.strip())
    print(f"  throughput without LM, empty cache: {840 / secs:.1f} pairs/s ({secs:.1f} s; target >= 20)")
    env_lm = dict(env, DRIFT_CACHE_DIR=str(tmp / "cache-lm"))
    out_lm = tmp / "mqm-out-lm.jsonl"
    secs = drift_score(inp, out_lm, env_lm, ["--lm"])
    print(f"  throughput with every signal on (LM), empty cache: {840 / secs:.1f} pairs/s ({secs:.1f} s; target >= 5)")

    print("\n== WMT22 critical errors pt-en (targets: >= 85 % of 71 BAD flagged, 0 of 429 identical)")
    inp = tmp / "ced-in.jsonl"
    inp.write_text(sh([sys.executable, str(TOOLS / "eval_pairs.py"), "--make-input", "ced", str(CED)]).stdout)
    out = tmp / "ced-out.jsonl"
    drift_score(inp, out, env)
    res = sh([sys.executable, str(TOOLS / "eval_pairs.py"), "ced", str(CED), str(out), "--json"])
    print("  ", res.stdout.strip())

    print("\n== language model cost on a cold compare of seeds 000 vs 001 (target < 3 s)")
    times = {}
    for flag in ("--no-lm", "--lm"):
        best = 1e9
        for _ in range(2):
            e = dict(env, DRIFT_CACHE_DIR=str(tmp / f"cold-{flag}-{time.time_ns()}"))
            t = time.perf_counter()
            sh(DRIFT + ["compare", "seeds/000_120bd2b153926def.txt", "seeds/001_5661abd0d4910d65.txt", "-q", flag], env=e, cwd=ROOT)
            best = min(best, time.perf_counter() - t)
        times[flag] = best
    print(f"  cold compare without LM {times['--no-lm']:.2f} s, with LM {times['--lm']:.2f} s: "
          f"LM adds {times['--lm'] - times['--no-lm']:.2f} s (after its one-time dequantisation cache is built)")


if __name__ == "__main__":
    main()
