"""RSS and Atom feeds (feedparser): an entry's full content, or the page its link names when
that page is one of the inputs; a long summary as a last resort.

A link is followed to a local file only when the file lies, after resolving symbolic links,
inside a folder (or is a file) the user named on the command line (`Scope`): a feed cannot
make drift read /etc/passwd, a file beside the feed's folder or anything under /proc. A
refused link and a missing file get the same message, so the refusal says nothing about
what exists outside the inputs.
"""

from __future__ import annotations

import os
import re
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Iterator
from urllib.parse import unquote, urlparse

from ..errors import InputError
from ..io import MAX_BYTES, is_system_path, is_url, read_bytes, shown
from .html import fragment_text, has_headline, read_html_file, tidy
from .files import kind_of, read_text_file, sniff
from .items import Item, ItemError, Skip

SUMMARY_MIN_CHARS = 500  # a feed summary this long is used as the text when the link is missing
MAX_FEED_BYTES = 4 * MAX_BYTES
MAX_FEED_ENTRIES = 20_000  # entries read per feed; the rest is one error


class Scope:
    """The files and folders named on the command line, resolved: what a feed's links may reach."""

    def __init__(self, inputs) -> None:
        self.dirs: list[str] = []
        self.files: set[str] = set()
        for inp in inputs:
            if is_url(inp):
                continue
            p = file_url_path(inp) if inp.lower().startswith("file://") else inp
            try:
                real = os.path.realpath(p)
            except (OSError, ValueError):
                continue
            if is_system_path(Path(real)):
                continue
            if os.path.isdir(real):
                self.dirs.append(real.rstrip("/") + "/")
            else:
                self.files.add(real)

    def allows(self, path: Path) -> bool:
        try:
            real = os.path.realpath(path)
        except (OSError, ValueError):
            return False
        if is_system_path(Path(real)):
            return False
        return real in self.files or any(real.startswith(d) for d in self.dirs)


def file_url_path(s: str) -> str:
    return unquote(urlparse(s).path)


def _entry_time(entry) -> str | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        st = entry.get(key)
        if st:
            try:
                return datetime(*st[:6], tzinfo=timezone.utc).isoformat()
            except (TypeError, ValueError, OverflowError):
                continue
    return None


def _parse(data: bytes):
    """feedparser's result; a feed whose only fault is an internal DTD (entity declarations)
    is parsed again with the DTD's entities expanded by a parser that refuses external ones."""
    import feedparser

    # A character reference to a lone surrogate (&#xD800;) is not a character: feedparser's
    # lenient parser would crash on it. It becomes U+FFFD, like any other broken character.
    data = _SURROGATE_REF.sub(b"&#xFFFD;", data)
    parsed = feedparser.parse(data, resolve_relative_uris=False, sanitize_html=True)
    exc = parsed.get("bozo_exception")
    if parsed.get("bozo") and exc is not None and b"<!ENTITY" in data[:65536]:
        expanded = _expand_internal_entities(data)
        if expanded is not None:
            again = feedparser.parse(expanded, resolve_relative_uris=False, sanitize_html=True)
            if not again.get("bozo") or len(again.entries) >= len(parsed.entries):
                return again
    return parsed


_SURROGATE_REF = re.compile(rb"&#(?:[xX]0*[dD][89a-fA-F][0-9a-fA-F]{2}|0*(?:5529[6-9]|55[3-9][0-9]{2}|56[0-9]{3}|57[0-2][0-9]{2}|573[0-3][0-9]|5734[0-3]));")


def _expand_internal_entities(data: bytes) -> bytes | None:
    """The feed re-serialised with its internal entities replaced (lxml: no network, no
    external entities, a bounded expansion), or None when that is not possible."""
    from lxml import etree

    try:
        parser = etree.XMLParser(resolve_entities=True, no_network=True, load_dtd=False, huge_tree=False)
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError:
        return None
    if any(isinstance(el, etree._Entity) for el in root.iter()):  # an external or undefined entity stayed
        return None
    out = etree.tostring(root, encoding="utf-8", xml_declaration=True)
    return out if len(out) <= 4 * len(data) + 65536 else None  # a "billion laughs" is not benign


def read_feed(
    path: str,
    inp: str,
    stem: str,
    scope: Scope,
    known: Callable[[str], bool],
    claim_local: Callable[[str], bool],
    stored: Callable[[str], bool] = lambda u: False,
) -> Iterator[Item | ItemError | Skip]:
    """Entries of an RSS / Atom file.

    ``known(url)`` says whether a URL is a document already read from the other inputs: such
    an entry is that document and adds nothing. ``stored(url)``: whether the store holds a
    document with that URL, which an entry with no text of its own then stands for.
    ``claim_local(path)`` says whether a local page is being read for the first time (False:
    another input already read it).
    """
    try:
        data = read_bytes(path, max_bytes=MAX_FEED_BYTES, label=shown(path))
    except InputError as exc:
        yield ItemError(stem, path, exc.code, str(exc), inp)
        return
    try:
        parsed = _parse(data)
    except Exception as e:  # noqa: BLE001 - feedparser's lenient parser on hostile input: the feed, not the run
        yield ItemError(stem, path, "bad_feed", f"{shown(path)}: unreadable feed ({type(e).__name__}); none of its "
                        "entries were read", inp)
        return
    exc = parsed.get("bozo_exception")
    if parsed.get("bozo") and exc is not None and _is_xml_error(exc):
        where = ""
        if hasattr(exc, "getLineNumber"):
            where = f" at line {exc.getLineNumber()}, column {exc.getColumnNumber()}"
        msg = getattr(exc, "getMessage", lambda: str(exc))()
        yield ItemError(stem, path, "bad_feed",
                        f"{shown(path)}: malformed feed XML ({shown(str(msg))[:200]}{where}); none of its entries were read", inp)
        return
    if not parsed.get("version") and not parsed.entries:
        yield ItemError(stem, path, "bad_feed", f"{shown(path)}: not an RSS or Atom feed", inp)
        return
    base = Path(path).parent
    entries = parsed.entries
    for n, entry in enumerate(entries[:MAX_FEED_ENTRIES], 1):
        try:
            yield _feed_entry(entry, n, path, stem, base, inp, scope, known, claim_local, stored)
        except (ValueError, TypeError, UnicodeError, OverflowError) as e:  # one odd entry, not the feed
            yield ItemError(f"{stem}#{n}", f"{path}#{n}", "bad_record", f"{shown(path)}#{n}: unreadable entry ({type(e).__name__})", inp)
    if len(entries) > MAX_FEED_ENTRIES:
        yield ItemError(stem, path, "too_large",
                        f"{shown(path)}: {len(entries)} entries, over the {MAX_FEED_ENTRIES} per feed; the first {MAX_FEED_ENTRIES} were read", inp)


def _is_xml_error(exc: BaseException) -> bool:
    import xml.sax

    return isinstance(exc, xml.sax.SAXException) or type(exc).__name__ == "NonXMLContentType"


def _str(value) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def _feed_entry(entry, n, path, stem, base: Path, inp, scope: Scope, known, claim_local, stored) -> Item | ItemError | Skip:
    where = f"{path}#{n}"
    link = _str(entry.get("link"))
    doc_id = _str(entry.get("id")) or link or f"{stem}#{n}"
    title = _str(entry.get("title"))
    published = _entry_time(entry)
    byline = _str(entry.get("author"))
    # 1. The entry is a page the inputs already hold: nothing new.
    if link and known(link):
        return Skip(doc_id, where, f"{where}: links {link}, already a document of the inputs", inp, link)
    # 2. A local page among the inputs: read it.
    local = local_target(link, base) if link else None
    if local is not None and scope.allows(local) and local.is_file():
        if not claim_local(os.path.realpath(local)):
            return Skip(doc_id, where, f"{where}: links {shown(str(local))}, already read as an input", inp)
        kind = kind_of(local) or sniff(local)
        if kind == "text":
            got = read_text_file(str(local), inp, doc_id)
        elif kind == "html":
            got = read_html_file(str(local), inp, doc_id)
        else:
            got = ItemError(doc_id, str(local), "bad_record", f"{shown(str(local))}: a {kind} file, not a page", inp)
        if isinstance(got, ItemError):
            return ItemError(doc_id, where, got.code, f"{shown(where)}: linked page {got.reason}", inp)
        return Item(doc_id, f"{where} -> {local}", "feed", got.text, inp, got.url or link, title or got.title,
                    published or got.published, byline or got.byline)
    # 3. The entry's own full content.
    contents = [c for c in entry.get("content", []) if (c.get("value") or "").strip()]
    if contents:
        best = max(contents, key=lambda c: len(c.get("value") or ""))
        value = best.get("value") or ""
        text = fragment_text(value) if "html" in (best.get("type") or "html") else tidy(value)
        if text.strip():
            if title and not has_headline(text, title):
                text = title + "\n\n" + text
            return Item(doc_id, where, "feed", text, inp, link, title, published, byline)
    # 4. A page stored by an earlier run.
    if link and stored(link):
        return Skip(doc_id, where, f"{where}: links {link}, a document already in the database", inp, link)
    # 5. A long summary, when the linked page is not available.
    summary = fragment_text(entry.get("summary") or "") if entry.get("summary") else ""
    if len(summary.strip()) >= SUMMARY_MIN_CHARS:
        if title and not has_headline(summary, title):
            summary = title + "\n\n" + summary
        warn = (f"full text not in the feed and {shown(link)} not in the inputs: the entry's summary was used",) if link else ()
        return Item(doc_id, where, "feed", summary, inp, link, title, published, byline, warn)
    if link:
        return ItemError(doc_id, where, "missing",
                         f"{shown(where)}: {shown(link)[:300]} is not among the inputs and the entry has no full text "
                         "(drift never downloads and reads only the files and folders you give; "
                         "add the page, a WARC holding it, or a full-content feed)", inp)
    return ItemError(doc_id, where, "empty", f"{shown(where)}: entry has no text and no link", inp)


def local_target(link: str, base: Path) -> Path | None:
    """The local file a feed link names (a relative path, or a file:// URL), or None for a web URL."""
    if link.lower().startswith("file://"):
        return Path(file_url_path(link))
    if is_url(link) or link.startswith(("//", "#", "mailto:")) or ":" in link.split("/")[0]:
        return None
    rel = unquote(link.split("#")[0].split("?")[0])
    if not rel or "\x00" in rel:
        return None
    return base / rel
