"""The one input layer of drift: every command reads through it.

- **text**: ``.txt`` / ``.text`` files and standard input (`drift.io`: the one file reader,
  with its limits: UTF-8, size, binary, PDF and Office files refused with what to do);
- **html**: saved pages (``.html`` / ``.htm`` / ``.xhtml``): trafilatura extracts the article
  and keeps the title, publication date and time, byline and canonical URL;
- **jsonl**: one object a line, ``{"id", "text"}`` (or ``"html"`` instead of ``"text"``) plus
  optional ``url``, ``title``, ``published``, ``byline`` / ``author``, read by the one
  hardened JSONL reader (`jsonl`): ``\\n`` line breaks only, streamed, a limit per line;
- **feed**: RSS / Atom (feedparser), links followed only inside the inputs (`feed.Scope`);
- **warc**: web archives (warcio), ``.warc`` or ``.warc.gz`` (per record or whole file);
- **directories**: walked recursively (hidden entries skipped, links to folders not followed).

Commands: `compare` reads `read_document` (one document a side); `trace`, `audit` read
`read_all` (`Item`, `ItemError`, `Skip`); `score` reads `jsonl_lines` + `parse_json_object`.
Nothing is ever downloaded: a URL gets a one-line refusal. Every problem is an
`drift.errors.InputError` with a stable ``code``, or an `ItemError` with the same code in a
batch. Heavy libraries (trafilatura, feedparser, warcio, lxml) load only when an input of
their kind appears; importing this package imports none of them.
"""

from __future__ import annotations

from ..io import MAX_BYTES, decode, read_text
from .feed import MAX_FEED_ENTRIES, Scope
from .html import Page, extract_page, fragment_text, has_headline
from .items import Item, ItemError, Skip, text_hash
from .jsonl import BadLine, jsonl_lines, parse_json_object
from .sources import (
    DocumentMeta,
    count_files,
    expand,
    read_all,
    read_document,
    read_jsonl,
    record_item,
)
from .files import kind_of, sniff, stem
from .times import iso_time, parse_iso_time

__all__ = [
    "MAX_BYTES", "MAX_FEED_ENTRIES", "BadLine", "DocumentMeta", "Item", "ItemError", "Page", "Scope", "Skip",
    "count_files", "decode", "expand", "extract_page", "fragment_text", "has_headline", "iso_time", "jsonl_lines",
    "kind_of", "parse_iso_time", "parse_json_object", "read_all", "read_document", "read_jsonl", "read_text",
    "record_item", "sniff", "stem", "text_hash",
]
