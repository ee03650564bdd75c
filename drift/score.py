"""`drift score`: judge already-aligned pairs from JSONL, in batches, one result per line.

A bad line yields an error object and the run goes on (contract drift/score in
shared/spec/contracts.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Iterator

import numpy as np

from .embed import Embedder
from .errors import InputError
from .ingest.jsonl import BadLine, parse_json_object
from .judge import Judge
from .schema import score_error, score_line

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


def parse_line(line: str, lineno: int) -> PairInput | LineError | None:
    """One JSONL line → a pair, an error, or None for a blank line."""
    if isinstance(line, BadLine):  # not UTF-8, or over the limit per line (drift.ingest.jsonl_lines)
        return LineError(f"line {lineno}", line.code, f"line {lineno}: {line}")
    if not line.strip():
        return None
    try:
        obj = parse_json_object(line, first=lineno == 1)
    except BadLine as exc:
        return LineError(f"line {lineno}", exc.code, f"line {lineno}: {exc}")
    pid = obj.get("id", f"line {lineno}")
    for field in ("original", "copy"):
        v = obj.get(field)
        if not isinstance(v, str):
            return LineError(pid, "missing_field", f"line {lineno}: {field!r} must be a string")
        if len(v) > MAX_PAIR_CHARS:
            return LineError(pid, "too_long", f"line {lineno}: {field!r} is over {MAX_PAIR_CHARS} characters")
    return PairInput(pid, obj["original"], obj["copy"])


def score_signature(embedder: Embedder, judge: Judge) -> str:
    """What produced a score line: drift's version, the embedder and the judge."""
    from . import __version__

    return f"drift {__version__}|embed:{embedder.name}|{judge.signature()}"


def score_lines(
    lines: Iterable[str], embedder: Embedder, judge: Judge, batch_size: int = 64, source: str = "input"
) -> Iterator[dict]:
    """Yield one output object per non-blank input line, in input order.

    A file whose first non-blank line is not JSON and does not even start like an object
    (plain text, CSV, a TSV of pairs) is not JSONL: one InputError for the whole file, not
    one bad_json line per line of it."""
    sig = score_signature(embedder, judge)
    batch: list[PairInput | LineError] = []
    seen = False
    for lineno, line in enumerate(lines, 1):
        item = parse_line(line, lineno)
        if item is None:
            continue
        if not seen:
            seen = True
            if isinstance(item, LineError) and item.code == "bad_json" and not str(line).lstrip("\ufeff \t").startswith(("{", "[")):
                raise InputError(
                    f"{source}: not JSONL (line {lineno} is not a JSON object); give one "
                    '{"id", "original", "copy"} object per line', code="not_jsonl"
                )
        batch.append(item)
        if len(batch) >= batch_size:
            yield from _score_batch(batch, embedder, judge, sig)
            batch = []
    if batch:
        yield from _score_batch(batch, embedder, judge, sig)


def _score_batch(batch, embedder: Embedder, judge: Judge, sig: str) -> Iterator[dict]:
    pairs = [b for b in batch if isinstance(b, PairInput)]
    cos: dict[int, float | None] = {id(p): None for p in pairs}
    if pairs:
        # The reported similarity: sentence cosine from the embedder (the judge does not use it).
        v = embedder.encode([p.original for p in pairs] + [p.copy for p in pairs])
        k = len(pairs)
        sims = np.clip((v[:k] * v[k:]).sum(1), -1.0, 1.0)
        cos = {id(p): float(s) for p, s in zip(pairs, sims)}
    judged = iter(judge.judge_many([(p.original, p.copy, cos[id(p)]) for p in pairs]))
    for b in batch:
        if isinstance(b, LineError):
            yield score_error(b.id, b.code, b.message, sig)
            continue
        yield score_line(b.id, next(judged), sig)
