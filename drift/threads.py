"""How many threads torch's matrix products get: every core when that helps right now, else one.

Every torch matmul waits for the slowest thread of its OpenMP team. On a 2-core machine with
other work running, the second thread is often descheduled and each matmul stalls for a
scheduler tick: measured 3-6x slower than one thread on this project's machine (the
language model), and a cold `drift compare` of a seed pair took 5.7-9.7 s with two threads
against a steady 4.9-5.3 s with one under the same load. So a batch-sized matmul is timed
both ways (a few ms) and the answer kept for `probe_every` seconds. The thread count does
not change the results (the same vectors and pair-model outputs, bit for bit, with one and
two threads). ``DRIFT_THREADS`` overrides the probe.

torch is imported only by the functions that need it, and only when it is loaded already
(`limited`) or asked for (`compute_threads`).
"""

from __future__ import annotations

import os
import sys
import threading
import time
from contextlib import contextmanager

_STATE: dict = {}
_LOCK = threading.Lock()
_BUSY = [0]  # drift's own background jobs running now (`busy`): each holds a core


def _override(env: str) -> int | None:
    raw = os.environ.get(env, "").strip()
    return int(raw) if raw.isdigit() and int(raw) > 0 else None


def compute_threads(probe_every: float = 30.0, env: str = "DRIFT_THREADS") -> int:
    """Threads for the next batch of matrix products: all cores if they actually help right
    now, else one. ``env`` (a positive integer) overrides the probe."""
    got = _override(env)
    if got:
        return got
    n = os.cpu_count() or 1
    if n == 1:
        return 1
    with _LOCK:
        now = time.monotonic()
        if _STATE and now - _STATE["at"] < probe_every:
            return _STATE["n"]
        import torch

        x, w = torch.randn(256, 576), torch.randn(1728, 576)
        before = torch.get_num_threads()
        best = {}
        try:
            for k in (n, 1):
                torch.set_num_threads(k)
                times = []
                for _ in range(3):
                    t = time.perf_counter()
                    torch.nn.functional.linear(x, w)
                    times.append(time.perf_counter() - t)
                best[k] = min(times)
        finally:
            torch.set_num_threads(before)
        choice = n if best[n] < 0.85 * best[1] else 1
        _STATE.update(n=choice, at=time.monotonic())
        return choice


@contextmanager
def busy():
    """Mark a background job of drift's own (the tagger loading beside the encoder, see
    `drift.nlp.preload`): while it runs, torch work takes one thread and leaves it the other
    core, instead of two threads stalling on it."""
    with _LOCK:
        _BUSY[0] += 1
    try:
        yield
    finally:
        with _LOCK:
            _BUSY[0] -= 1


@contextmanager
def limited():
    """Run the enclosed torch work on `compute_threads` threads (one while a `busy` job of
    drift's own runs), never more than the caller set (an audit worker's one thread stays
    one), and restore the setting afterwards."""
    torch = sys.modules.get("torch")
    if torch is None:  # nothing to set: whatever imports torch inside runs on its default
        yield
        return
    before = torch.get_num_threads()
    if _override("DRIFT_THREADS") is not None:
        want = compute_threads()
    else:
        want = 1 if _BUSY[0] else min(before, compute_threads())
    if want != before:
        torch.set_num_threads(want)
    try:
        yield
    finally:
        if want != before:
            torch.set_num_threads(before)
