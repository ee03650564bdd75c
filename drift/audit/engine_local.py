"""The local engine: compare pairs in this process, or in a pool of worker processes."""

from __future__ import annotations

import os
from typing import Sequence

from ..errors import ModelError
from .models import ModelSpec
from .tasks import PairTask, Sink, WorkerError, compare_tasks, describe, set_torch_threads

def _cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def default_jobs(pairs: int) -> int:
    """Worker processes for ``pairs`` comparisons when --jobs is not given.

    Measured on the 2-core machine (bench/audit.py, 2 000 documents, 1 808 pairs, cold cache):
    two workers compared no faster than one process with one torch thread once the load of
    the other users is accounted for (263 s at load 4.8 against 161 s at load 2.8; the shared
    embedding stage slowed by the same factor), and took twice the memory (2.4 GiB against
    1.2 GiB): each worker loads torch, the encoder and spaCy, and a second worker only helps
    when a core is actually free. So: one process unless the machine has idle cores
    (cores minus the 1-minute load average), and never for a handful of pairs, where starting
    workers costs more than it saves.
    """
    cpus = _cores()
    if pairs < 50 or cpus < 2:
        return 1
    try:
        idle = cpus - os.getloadavg()[0]
    except OSError:  # pragma: no cover - no load average on this platform
        idle = 0.0
    return max(1, min(4, cpus, int(idle + 0.5)))


#: Copies compared together: their sentence pairs go to the judge in one call (full model
#: batches, pairs shared within a family judged once). A killed run loses at most the chunk
#: in flight (its judgements are cached, so the resumed run redoes little).
CHUNK = 32


def run_serial(tasks: Sequence[PairTask], spec: ModelSpec, sink: Sink, documents: dict, threads: int = 1,
               chunk: int | None = None) -> None:
    """Compare in this process, ``chunk`` copies at a time (`compare_tasks`). Aligning makes
    many small encoder calls, where torch's threads cost more than they bring (measured on
    the 2-core machine under load: 108 pairs took 14.7 s with one thread and 46-60 s with
    two), so it runs on ``threads``; the chunk's judge call has full batches and uses every
    core. The encoders pick their threads per forward pass, never more than torch's setting
    (`drift.threads`), so the setting here caps them; it is set before each chunk and
    restored at the end."""
    before, chunk = 0, chunk or CHUNK
    judge_threads = max(threads, _cores())
    try:
        for lo in range(0, len(tasks), chunk):
            before = set_torch_threads(threads) or before
            part = list(tasks[lo : lo + chunk])
            for task, (report, out) in zip(part, compare_tasks(part, spec, documents, judge_threads)):
                sink(task, report, out)
    finally:
        if before:
            set_torch_threads(before)


def _worker_init(spec: ModelSpec, threads: int) -> None:
    """Pool worker start-up: die with the parent, load the models, then use ``threads`` threads."""
    try:  # Linux: SIGKILL this worker when the parent dies, even by SIGKILL
        import ctypes
        import signal

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, int(signal.SIGKILL))  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # pragma: no cover - not Linux
        pass
    import signal as _signal

    _signal.signal(_signal.SIGINT, _signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    global _WORKER_THREADS
    _WORKER_THREADS = max(1, threads)


_WORKER_THREADS = 0


def _worker_compare(tasks: list[PairTask], spec: ModelSpec) -> list[tuple[dict | None, float | str]]:
    # Models load lazily (a warm cache needs none); the encoder sets torch to every core when
    # it loads, which oversubscribes the machine when several workers run: set it back.
    set_torch_threads(_WORKER_THREADS)
    out = []
    try:
        results = compare_tasks(tasks, spec)
    except BaseException as exc:  # noqa: BLE001 - reported back, never raised across the pipe
        code, msg = describe(exc)
        return [(None, f"{code}\t{msg}")] * len(tasks)
    for report, got in results:
        if report is None:
            code, msg = describe(got)
            out.append((None, f"{code}\t{msg}"))
        else:
            out.append((report, got))
    return out


def run_pool(tasks: Sequence[PairTask], spec: ModelSpec, jobs: int, sink: Sink, threads: int = 1,
             chunk: int | None = None) -> None:
    """Compare in ``jobs`` worker processes (spawned: no model state is forked), a chunk of
    copies per call (`compare_tasks`)."""
    import multiprocessing
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
    from concurrent.futures.process import BrokenProcessPool

    todo = list(tasks)
    restarts = 0
    while todo:
        ctx = multiprocessing.get_context("spawn")
        ex = ProcessPoolExecutor(jobs, mp_context=ctx, initializer=_worker_init, initargs=(spec, threads))
        pending: dict = {}
        size = max(1, min(chunk or CHUNK, -(-len(todo) // (2 * jobs))))
        queue = iter([todo[lo : lo + size] for lo in range(0, len(todo), size)])
        done_keys: set = set()
        broken = False
        try:
            def fill() -> None:
                while len(pending) < 2 * jobs:
                    part = next(queue, None)
                    if part is None:
                        return
                    pending[ex.submit(_worker_compare, part, spec)] = part

            fill()
            while pending:
                finished, _ = wait(list(pending), return_when=FIRST_COMPLETED)
                for fut in finished:
                    part = pending.pop(fut)
                    try:
                        results = fut.result()
                    except BrokenProcessPool:
                        broken = True
                        for task in part:
                            sink(task, None, WorkerError("worker_died", "a worker process died while comparing this pair (out of memory?)"))
                            done_keys.add(task.key)
                        continue
                    for task, (report, out) in zip(part, results):
                        done_keys.add(task.key)
                        if report is None:
                            code, _, msg = str(out).partition("\t")
                            sink(task, None, WorkerError(code, msg))
                        else:
                            sink(task, report, float(out))
                if broken:
                    for fut, part in list(pending.items()):  # in flight when the pool broke
                        for task in part:
                            sink(task, None, WorkerError("worker_died", "a worker process died while comparing this pair (out of memory?)"))
                            done_keys.add(task.key)
                    pending.clear()
                    break
                fill()
        finally:
            ex.shutdown(wait=not broken, cancel_futures=True)
        todo = [t for t in todo if t.key not in done_keys]
        if broken:
            restarts += 1
            if restarts > 3:
                for t in todo:
                    sink(t, None, WorkerError("worker_died", "not compared: worker processes kept dying"))
                return
