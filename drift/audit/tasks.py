"""Comparing copies with their originals, one or a chunk with one judge call: the same functions
run in this process, in pool workers and on Ray actors (the engines import them from here; no
engine imports another)."""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass
from typing import Callable, Sequence

from ..errors import InputError, ModelError
from .models import ModelSpec
from .store import PairKey


@dataclass(frozen=True, slots=True)
class PairTask:
    key: PairKey
    original_label: str
    original_text: str
    copy_label: str
    copy_text: str


def compare_task(task: PairTask, spec: ModelSpec, documents: dict | None = None) -> tuple[dict, float]:
    """compare@1 report of one pair and the seconds it took; raises what compare raises."""
    report, out = compare_tasks([task], spec, documents)[0]
    if report is None:
        raise out
    return report, out


def compare_tasks(tasks: Sequence[PairTask], spec: ModelSpec, documents: dict | None = None,
                  judge_threads: int = 0) -> list[tuple]:
    """compare@1 reports of many pairs with one judge call: each pair is aligned on its own,
    then the sentence pairs of all of them that need judging go to `Judge.judge_many` at
    once (de-duplicated by content, the model in full batches; copies of one family share
    many pairs), and each report is finished. Same reports as `compare_task` one by one.

    ``judge_threads``: torch threads for the judge's call (0: leave them), whose batches are
    large enough to use several cores (400 sentence pairs through the pair model: 13.3 s
    with one thread, 7.4-8.2 s with two, load 4 on the 2-core machine), unlike the small
    encoder calls of the alignment; restored after it.

    Per task: (report, seconds) or (None, the exception it raised); the judge's time is
    shared among the tasks by their pairs that need the model (identical ones do not).
    Raises what must stop the run (KeyboardInterrupt, ModelError, ...) as `compare_task` does."""
    from .. import compare as _compare
    from ..judge import normalise
    from ..schema import report_to_dict as report_dict

    embedder, judge = spec.build()
    docs = documents or {}
    out: list = [None] * len(tasks)
    pending: dict[int, tuple] = {}  # task index -> (PendingComparison, seconds so far)

    def prepare(task: PairTask):
        o = docs.get(task.key.original_id) or _build(task.original_label, task.original_text)
        c = docs.get(task.key.copy_id) or _build(task.copy_label, task.copy_text)
        return _compare.prepare_comparison(o, c, embedder, judge)

    for k, task in enumerate(tasks):
        t = time.perf_counter()
        p, exc = _attempt(prepare, task)
        if exc is None:
            pending[k] = (p, time.perf_counter() - t)
        else:
            out[k] = (None, exc)
    by_judge: dict[int, list[int]] = {}  # (a cross-lingual pair has its own judge)
    for k, (p, _) in pending.items():
        by_judge.setdefault(id(p.judge), []).append(k)
    judged: dict[int, list] = {}
    share: dict[int, float] = {}
    for ks in by_judge.values():
        items = [it for k in ks for it in pending[k][0].items]
        t = time.perf_counter()
        before = set_torch_threads(judge_threads)
        try:
            got, failed = _attempt(pending[ks[0]][0].judge.judge_many, items)  # failed: judge each task alone, below
        finally:
            if before:
                set_torch_threads(before)
        weight = {k: sum(normalise(o) != normalise(c) for o, c, _ in pending[k][0].items) for k in ks}
        each = (time.perf_counter() - t) / max(1, sum(weight.values()))
        lo = 0
        for k in ks:
            n = len(pending[k][0].items)
            if failed is None:
                judged[k], share[k] = got[lo : lo + n], each * weight[k]
            else:
                t = time.perf_counter()
                alone, exc = _attempt(pending[k][0].judge.judge_many, pending[k][0].items)
                if exc is None:
                    judged[k] = alone
                else:
                    out[k] = (None, exc)
                share[k] = time.perf_counter() - t
            lo += n
    for k, (p, secs) in pending.items():
        if k not in judged:
            continue
        t = time.perf_counter()
        report, exc = _attempt(lambda: report_dict(_compare.finish_comparison(p, judged[k])))
        out[k] = (None, exc) if exc is not None else (report, secs + share[k] + time.perf_counter() - t)
    return out


FATAL = (KeyboardInterrupt, SystemExit, ModelError)  # what stops a run: never one pair's fault


def _attempt(fn: Callable, *args):
    """``fn(*args)`` as (result, None), or (None, the exception) when the exception is one
    pair's fault; what must stop the run (FATAL) propagates."""
    try:
        return fn(*args), None
    except FATAL:
        raise
    except Exception as exc:  # noqa: BLE001 - one pair must not stop the others
        return None, exc


_DOCUMENTS = []  # this process's drift.doccache.DocumentCache, made on first use


def _build(label: str, text: str):
    """`compare.build_document` through the segmentation cache (an original is segmented once,
    not once per copy, in pool workers and on Ray actors too); raises what it raises."""
    if not _DOCUMENTS:
        from ..doccache import DocumentCache

        _DOCUMENTS.append(DocumentCache())
    doc = _DOCUMENTS[0].build_many([(label, text)])[0]
    if isinstance(doc, Exception):
        raise doc
    return doc


def describe(exc: BaseException) -> tuple[str, str]:
    if isinstance(exc, InputError):
        return exc.code, str(exc)
    if isinstance(exc, ModelError):
        return "model", str(exc)
    if isinstance(exc, MemoryError):
        return "out_of_memory", "out of memory while comparing"
    return "internal", f"{type(exc).__name__}: {exc}"


Sink = Callable[[PairTask, "dict | None", "float | BaseException"], None]


def set_torch_threads(n: int) -> int:
    """Set torch's intra-op threads if torch is loaded; the previous number (0: not loaded)."""
    torch = sys.modules.get("torch")
    if torch is None or n <= 0:
        return 0
    before = torch.get_num_threads()
    if before != n:
        torch.set_num_threads(n)
    return before


class WorkerError(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
