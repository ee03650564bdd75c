"""Kinds of input files (by suffix, or sniffed from the first bytes) and plain text files."""

from __future__ import annotations

from pathlib import Path

from ..errors import InputError
from ..io import read_text
from .html import looks_like_html
from .items import Item, ItemError

TEXT_SUFFIXES = (".txt", ".text")
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
JSONL_SUFFIXES = (".jsonl", ".ndjson")
FEED_SUFFIXES = (".rss", ".atom", ".xml")
WARC_SUFFIXES = (".warc", ".warc.gz", ".arc.gz")


def kind_of(path: Path | str) -> str | None:
    """text | html | jsonl | feed | warc by the file's suffix; None when the suffix says nothing."""
    name = Path(path).name.lower()
    if name.endswith(WARC_SUFFIXES):
        return "warc"
    suffix = Path(name).suffix
    for kind, suffixes in (("text", TEXT_SUFFIXES), ("html", HTML_SUFFIXES), ("jsonl", JSONL_SUFFIXES), ("feed", FEED_SUFFIXES)):
        if suffix in suffixes:
            return kind
    return None


def sniff(path: Path | str) -> str:
    """The kind of a file named with an unknown suffix, from its first bytes."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(2048)
    except (OSError, ValueError):
        return "text"  # read_text reports the problem
    if head.startswith(b"\x1f\x8b") or head.startswith(b"WARC/"):
        return "warc"
    low = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if low.startswith(b"<?xml") and (b"<rss" in low or b"<feed" in low or b"<rdf" in low):
        return "feed"
    if low.startswith((b"<rss", b"<feed")):
        return "feed"
    if looks_like_html(head):
        return "html"
    if low.startswith(b"{"):
        return "jsonl"
    return "text"


def stem(path: str) -> str:
    name = Path(path).name
    for suf in WARC_SUFFIXES:
        if name.lower().endswith(suf):
            return name[: -len(suf)]
    return Path(path).stem



def read_text_file(path: str, inp: str, doc_id: str | None = None) -> Item | ItemError:
    doc_id = doc_id or stem(path)
    try:
        return Item(doc_id, path, "text", read_text(path), inp)
    except InputError as exc:
        return ItemError(doc_id, path, exc.code, str(exc), inp)
