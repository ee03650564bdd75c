"""Wall time of the fast test suite (`pytest -m "not slow"`), and its slowest tests.

    python bench/suite.py            # the fast suite
    python bench/suite.py -k badinput  # any extra pytest arguments

Goal (issue 11): under 5 minutes on the 2-core development machine. Timings live here, not
in the tests: no test asserts a wall-clock limit.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    with tempfile.TemporaryDirectory() as cache:
        env = {**os.environ, "DRIFT_CACHE_DIR": cache, "DRIFT_MODEL_CACHE": os.path.join(cache, "models")}
        argv = [sys.executable, "-m", "pytest", "-q", "-m", "not slow", "--durations=15", "-p", "no:cacheprovider",
                *sys.argv[1:]]
        t = time.perf_counter()
        code = subprocess.call(argv, cwd=ROOT, env=env)
        seconds = time.perf_counter() - t
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"\nfast suite: {seconds:.0f} s ({seconds / 60:.1f} min) on {os.cpu_count()} CPUs, load average {load:.1f}; "
          f"goal under 300 s; pytest exit {code}")
    return code


if __name__ == "__main__":
    sys.exit(main())
