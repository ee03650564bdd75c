#!/usr/bin/env python3
"""Cold and warm wall time and peak memory of `drift compare` on each seed pair.

cold: a new process with an empty embedding cache (the model must load and encode);
warm: a new process again, the cache now filled (nothing is re-encoded).
Targets on the 2-core reference machine: cold < 5 s, warm < 1 s.

usage: python bench/compare.py [--runs N] [extra drift compare args...]
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAIRS = [
    ("000_120bd2b153926def", "001_5661abd0d4910d65"),
    ("003_8c60dce76ff90822", "002_81a412d12f6b9c31"),
]


def run_once(args: list[str], env: dict) -> tuple[float, float, int]:
    """Wall seconds, peak RSS in MiB (of that child alone), exit code."""
    t = time.perf_counter()
    proc = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        sys.exit(f"drift compare failed with exit code {code}: {proc.stderr.read().decode()[-400:]}")
    return wall, usage.ru_maxrss / 1024, code


def main() -> None:
    runs = 3
    extra = sys.argv[1:]
    if extra[:1] == ["--runs"]:
        runs, extra = int(extra[1]), extra[2:]
    drift = [sys.executable, "-m", "drift", "compare"]
    print(f"drift compare, {runs} runs each, {os.cpu_count()} cores; times in seconds, memory in MiB")
    print(f"{'pair':<12} {'cold wall':>10} {'cold peak':>10} {'warm wall':>10} {'warm peak':>10}")
    for o, c in PAIRS:
        cold, warm = [], []
        for _ in range(runs):
            with tempfile.TemporaryDirectory() as cache:
                env = dict(os.environ, DRIFT_CACHE_DIR=cache, HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1")
                args = drift + [str(ROOT / "seeds" / f"{o}.txt"), str(ROOT / "seeds" / f"{c}.txt"), "--format", "json", *extra]
                cold.append(run_once(args, env))
                warm.append(run_once(args, env))
        best = lambda xs: (min(x[0] for x in xs), max(x[1] for x in xs))
        (cw, cm), (ww, wm) = best(cold), best(warm)
        print(f"{o[:3]}-vs-{c[:3]:<5} {cw:>10.2f} {cm:>10.0f} {ww:>10.2f} {wm:>10.0f}")
    print("targets: cold < 5 s, warm < 1 s (best of runs; peak is the worst run)")


if __name__ == "__main__":
    main()
