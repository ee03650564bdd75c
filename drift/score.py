"""`drift score`: judge already-aligned pairs from JSONL, in batches, one result per line.

A bad line yields an error object and the run goes on (contract drift/score in
shared/spec/contracts.md).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Iterable, Iterator

import numpy as np

from .embed import Embedder
from .judge import Judge
from .render.jsonout import finding_dict

MAX_PAIR_CHARS = 20_000  # a pair is a sentence or a short passage, not an article


@dataclass(frozen=True)
class PairInput:
    id: object
    original: str
    copy: str


@dataclass(frozen=True)
class LineError:
    id: object
    code: str
    message: str


def _no_constant(name: str):
    raise ValueError(f"{name} is not valid JSON")


def _finite(text: str) -> float:
    value = float(text)
    if value != value or value in (float("inf"), float("-inf")):
        raise ValueError(f"{text[:20]} is out of range")  # 1e999: would come back out as Infinity
    return value


def _valid_unicode(obj) -> bool:
    """No lone surrogate anywhere ("\\ud800" is legal JSON, but not text: it cannot be
    encoded, tokenised or written back out)."""
    try:
        json.dumps(obj, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def parse_line(line: str, lineno: int) -> PairInput | LineError | None:
    """One JSONL line → a pair, an error, or None for a blank line."""
    if lineno == 1:
        line = line.removeprefix("\ufeff")  # a file saved with a UTF-8 byte-order mark
    if not line.strip():
        return None
    try:
        obj = json.loads(line, parse_constant=_no_constant, parse_float=_finite)
    except json.JSONDecodeError as exc:
        return LineError(f"line {lineno}", "bad_json", f"line {lineno}: not JSON ({exc.msg} at column {exc.colno})")
    except (ValueError, RecursionError) as exc:  # NaN, a 5 000-digit number, [[[[...]]]]
        why = "nested too deeply" if isinstance(exc, RecursionError) else str(exc).split(":")[0]
        return LineError(f"line {lineno}", "bad_json", f"line {lineno}: not JSON ({why})")
    if not isinstance(obj, dict):
        return LineError(f"line {lineno}", "bad_json", f"line {lineno}: expected an object, got {type(obj).__name__}")
    if not _valid_unicode(obj):
        return LineError(f"line {lineno}", "bad_text", f"line {lineno}: a string holds a lone surrogate (\\ud800-\\udfff), not text")
    pid = obj.get("id", f"line {lineno}")
    for field in ("original", "copy"):
        v = obj.get(field)
        if not isinstance(v, str):
            return LineError(pid, "missing_field", f"line {lineno}: {field!r} must be a string")
        if len(v) > MAX_PAIR_CHARS:
            return LineError(pid, "too_long", f"line {lineno}: {field!r} is over {MAX_PAIR_CHARS} characters")
    return PairInput(pid, obj["original"], obj["copy"])


def score_lines(
    lines: Iterable[str], embedder: Embedder, judge: Judge, batch_size: int = 64
) -> Iterator[dict]:
    """Yield one output object per non-blank input line, in input order."""
    batch: list[PairInput | LineError] = []
    for lineno, line in enumerate(lines, 1):
        item = parse_line(line, lineno)
        if item is None:
            continue
        batch.append(item)
        if len(batch) >= batch_size:
            yield from _score_batch(batch, embedder, judge)
            batch = []
    if batch:
        yield from _score_batch(batch, embedder, judge)


def _score_batch(batch, embedder: Embedder, judge: Judge) -> Iterator[dict]:
    pairs = [b for b in batch if isinstance(b, PairInput)]
    cos: dict[int, float | None] = {id(p): None for p in pairs}
    if pairs and not judge.config.use_tokens:
        # Without token states the judge needs the sentence cosine from the embedder.
        v = embedder.encode([p.original for p in pairs] + [p.copy for p in pairs])
        k = len(pairs)
        sims = np.clip((v[:k] * v[k:]).sum(1), -1.0, 1.0)
        cos = {id(p): float(s) for p, s in zip(pairs, sims)}
    judged = iter(judge.judge_many([(p.original, p.copy, cos[id(p)]) for p in pairs]))
    for b in batch:
        if isinstance(b, LineError):
            yield {"id": b.id, "error": {"code": b.code, "message": b.message}}
            continue
        jd = next(judged)
        yield {
            "id": b.id,
            "drift": jd.drift,
            "label": jd.label,
            "severity": jd.severity,
            "similarity": round(float(jd.features.get("cosine", 1.0)), 4),
            "findings": [finding_dict(f) for f in jd.findings],
        }
