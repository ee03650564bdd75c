"""Comparing one pair: the same function runs in this process, in pool workers and on Ray
actors (the engines import it from here; no engine imports another)."""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass
from typing import Callable

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
    from .. import compare as _compare
    from ..schema import report_to_dict as report_dict

    embedder, judge = spec.build()
    t = time.perf_counter()
    docs = documents or {}
    o = docs.get(task.key.original_id) or _build(task.original_label, task.original_text)
    c = docs.get(task.key.copy_id) or _build(task.copy_label, task.copy_text)
    report = _compare.compare_documents(o, c, embedder, judge)
    return report_dict(report), time.perf_counter() - t


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
