"""What reading produces: documents (`Item`), per-item errors (`ItemError`) and entries that
add nothing (`Skip`). Frozen records; every reader yields them and never raises for one bad item."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, fields


@dataclass(frozen=True, slots=True)
class Item:
    """One readable document with its metadata."""

    id: str
    source: str  # exact location: path, path:line, feed.xml#entry, archive.warc.gz#record
    kind: str  # text | html | jsonl | feed | warc
    text: str
    input: str  # the command-line input it came from
    url: str | None = None
    title: str | None = None
    published: str | None = None  # ISO 8601 (a date, or a date-time in UTC)
    byline: str | None = None
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ItemError:
    """A document (or a whole input) that could not be read, and why, in one line.

    ``code`` is stable (the `InputError` codes plus bad_json, bad_text, bad_record,
    bad_feed, bad_warc, no_article_text, missing, outside_inputs)."""

    item: str  # its id when known, else its location
    source: str
    code: str
    reason: str
    input: str = ""


@dataclass(frozen=True, slots=True)
class Skip:
    """An entry that adds nothing (a feed entry whose page is already a document): not a failure."""

    item: str
    source: str
    reason: str
    input: str = ""
    url: str | None = None  # the document it stands for, when it was found by URL


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _encodable(s: str) -> bool:
    try:
        s.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def checked(item: Item) -> Item | ItemError:
    """The item, or a ``bad_text`` error when one of its strings holds a lone surrogate
    (it could be neither stored, nor tokenised, nor written back out)."""
    for f in fields(item):
        v = getattr(item, f.name)
        values = v if isinstance(v, tuple) else (v,)
        for x in values:
            if isinstance(x, str) and not _encodable(x):
                item_id = item.id if _encodable(item.id) else item.id.encode("utf-8", "replace").decode()
                where = item.source.encode("utf-8", "replace").decode()
                return ItemError(item_id, where, "bad_text",
                                 f"{where}: the {f.name} holds a lone surrogate (\\ud800-\\udfff), not text", item.input)
    return item
