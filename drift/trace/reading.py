"""Stage 1-2: the inputs, read through `drift.ingest`, as `TraceInput`s and `DocError`s; documents segmented with their page chrome marked."""

from __future__ import annotations

from typing import Iterable, Sequence

import numpy as np

from ..align import content_tokens
from ..errors import InputError
from ..ingest.times import parse_iso_time
from .records import DocError, TraceDocument, TraceInput


def expand_inputs(paths: Sequence[str]) -> Iterable[tuple[str, str]]:
    """(kind, path) for every file the inputs name (`drift.ingest.expand`)."""
    from ..ingest import expand

    return [(kind, path) for kind, path, _ in expand(paths)]


def from_item(item) -> TraceInput:
    """A `drift.ingest.Item` as the tracer's input."""
    return TraceInput(item.id, item.source, item.text, parse_iso_time(item.published), item.title, item.url, item.warnings)


def read_inputs(paths: Sequence[str], progress=None) -> list[TraceInput | DocError]:
    """Every document named by ``paths`` (text, HTML, JSONL, feeds, WARC, directories), read
    through `drift.ingest`, in order.

    Nothing raises for a bad document: it becomes a `DocError` in its place. The second and
    later documents with an id already seen are errors too (``duplicate_id``).
    ``progress`` (`drift.progress.Progress`) counts the documents read (not the files).
    """
    from ..ingest import Item, ItemError, read_all
    from ..progress import NullProgress

    progress = progress or NullProgress()
    progress.stage("reading documents", None)
    out: list[TraceInput | DocError] = []
    for x in read_all(paths):
        if isinstance(x, (Item, ItemError)):
            progress.advance()
        if isinstance(x, Item):
            out.append(from_item(x))
        elif isinstance(x, ItemError):
            out.append(DocError(x.item, x.source, x.code, x.reason))
    return mark_duplicates(out)


def mark_duplicates(items: Sequence[TraceInput | DocError]) -> list[TraceInput | DocError]:
    """The first document with an id keeps it; every later one becomes a ``duplicate_id`` error."""
    seen: dict[str, str] = {}
    out: list[TraceInput | DocError] = []
    for it in items:
        if isinstance(it, TraceInput):
            if it.id in seen:
                out.append(DocError(it.id, it.source, "duplicate_id", f"{it.source}: id {it.id!r} is already used by {seen[it.id]}"))
                continue
            seen[it.id] = it.source
        out.append(it)
    return out


def prepare(items: Sequence[TraceInput | DocError], documents=None) -> list[TraceDocument | DocError]:
    """Segment and strip chrome; a document with no body text left is an error.

    ``documents``: a `drift.doccache.DocumentCache` (the CLI's: texts segmented in an earlier
    run are not segmented again); None segments every text."""
    from ..cache import Store
    from ..doccache import DocumentCache

    cache = documents if documents is not None else DocumentCache(Store(None, "documents"))
    readable = [it for it in items if not isinstance(it, DocError)]
    built = iter(cache.build_many([(it.source, it.text) for it in readable]))
    out: list[TraceDocument | DocError] = []
    for k, it in enumerate(items):
        if isinstance(it, DocError):
            out.append(it)
            continue
        doc = next(built)
        if isinstance(doc, InputError):
            out.append(DocError(it.id, it.source, "too_large", str(doc)))
            continue
        body = tuple(s.id for s in doc.sentences if not s.boilerplate)
        if not body:
            out.append(DocError(it.id, it.source, "no_body", f"{it.source}: no article text left once page chrome is removed"))
            continue
        toks = tuple(content_tokens(doc.sentences[i].text) for i in body)
        w = np.array([max(1, len(t)) for t in toks], dtype=np.float32)
        out.append(TraceDocument(k, it, doc, body, toks, w))
    return out
