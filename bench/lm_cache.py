#!/usr/bin/env python3
"""The language model's cache: size on disk, first-run build time and cached load time.

usage: python bench/lm_cache.py   (builds into a fresh temporary folder; ~30-60 s)

Three processes in a row: the first builds the cache, the next two load it. Each prints the
time to import torch, the time to build or load the model, and one sentence's mean
surprisal (equal across runs: the cache changes nothing in the numbers).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile

CODE = r"""
import sys, time
from pathlib import Path
t = time.perf_counter()
import torch
t1 = time.perf_counter()
from drift.lm import LanguageModel
m = LanguageModel(cache_root=Path(sys.argv[1]))
t2 = time.perf_counter()
r = m.token_surprisals(["The president said on Tuesday that the talks would continue."])
print(f"import torch {t1 - t:.2f} s, {'load' if m.from_cache else 'build'} {t2 - t1:.2f} s, mean surprisal {r[0][2].mean():.5f}")
"""


def main() -> None:
    root = tempfile.mkdtemp(prefix="drift-lm-bench-")
    env = dict(os.environ, HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1")
    for _ in range(3):
        out = subprocess.run([sys.executable, "-c", CODE, root], capture_output=True, text=True, env=env)
        print(out.stdout.strip() or out.stderr.strip()[-500:])
    size = sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(root) for f in fs)
    print(f"cache {size / 1e6:.1f} MB in {root}")


if __name__ == "__main__":
    main()
