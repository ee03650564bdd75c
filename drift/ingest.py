"""Reading a syndication feed for `drift audit`: every input kind in, `Item`s and `ItemError`s out.

Kinds, each read with the library made for it:

- **text**: ``.txt`` / ``.text`` files (`drift.io.read_text`: UTF-8, size limit, binary check);
- **html**: saved pages (``.html`` / ``.htm`` / ``.xhtml``): trafilatura extracts the main
  text and keeps the title, publication date, byline and canonical URL;
- **jsonl**: one object a line, ``{"id", "text"}`` (or ``"html"`` instead of ``"text"``) plus
  optional ``url``, ``title``, ``published``, ``byline`` / ``author``;
- **feed**: RSS / Atom (feedparser): an entry's full content, or the page its link names when
  that page is a local file or a document of the inputs; a long summary as a last resort;
- **warc**: web archives (warcio), ``.warc`` or ``.warc.gz``: every HTML / plain-text response.

Directories are walked recursively (hidden entries skipped); a file with an unknown suffix
is sniffed. Nothing is ever downloaded: a link that is not in the inputs is a ``missing``
error. A bad document never stops the run: it becomes an `ItemError` (item, code, reason)
in its place and reading goes on. Heavy libraries (trafilatura, feedparser, warcio, lxml)
load only when an input of their kind appears.
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import io
import json
import re
import zlib
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Iterator, Sequence
from urllib.parse import unquote, urlparse

from .errors import InputError
from .io import MAX_BYTES, decode, read_text

TEXT_SUFFIXES = (".txt", ".text")
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
JSONL_SUFFIXES = (".jsonl", ".ndjson")
FEED_SUFFIXES = (".rss", ".atom", ".xml")
WARC_SUFFIXES = (".warc", ".warc.gz", ".arc.gz")
MIN_ARTICLE_WORDS = 10  # an HTML page with fewer words of main text has no article
SUMMARY_MIN_CHARS = 500  # a feed summary this long is used as the text when the link is missing


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
    published: str | None = None  # ISO 8601 (date or date-time, UTC when a zone was given)
    byline: str | None = None
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ItemError:
    """A document (or a whole input) that could not be read, and why, in one line."""

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


# --------------------------------------------------------------------------------------
# Small helpers
# --------------------------------------------------------------------------------------


def _error_code(message: str) -> str:
    """Classify an InputError message from drift.io into a stable code."""
    m = message.lower()
    for needle, code in (
        ("no such file", "not_found"),
        ("binary", "binary"),
        ("utf-8", "encoding"),
        ("utf-16", "encoding"),
        ("empty", "empty"),
        ("limit", "too_large"),
        ("permission", "unreadable"),
    ):
        if needle in m:
            return code
    return "unreadable"


def iso_time(value: object) -> str | None:
    """An ISO 8601 date or date-time string, normalised; None when not understood."""
    if isinstance(value, datetime):
        t = value if value.tzinfo else value.replace(tzinfo=timezone.utc)
        return t.astimezone(timezone.utc).isoformat()
    from .io import parse_iso_time

    t = parse_iso_time(value)
    if t is None:
        return None
    if len(value.strip()) <= 10:  # a date only
        return t.date().isoformat()
    return t.astimezone(timezone.utc).isoformat()


def _kind_of(path: Path) -> str | None:
    name = path.name.lower()
    if name.endswith(WARC_SUFFIXES):
        return "warc"
    suffix = path.suffix.lower()
    for kind, suffixes in (("text", TEXT_SUFFIXES), ("html", HTML_SUFFIXES), ("jsonl", JSONL_SUFFIXES), ("feed", FEED_SUFFIXES)):
        if suffix in suffixes:
            return kind
    return None


def _sniff(path: Path) -> str:
    """The kind of a file named with an unknown suffix, from its first bytes."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(2048)
    except OSError:
        return "text"  # read_text reports the problem
    if head.startswith(b"\x1f\x8b") or head.startswith(b"WARC/"):
        return "warc"
    low = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if low.startswith(b"<?xml") and (b"<rss" in low or b"<feed" in low or b"<rdf" in low):
        return "feed"
    if low.startswith((b"<rss", b"<feed")):
        return "feed"
    if low.startswith((b"<!doctype html", b"<html")):
        return "html"
    if low.startswith(b"{"):
        return "jsonl"
    return "text"


def _is_url(s: str) -> bool:
    return bool(re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*://", s)) and not s.lower().startswith("file://")


def _file_url_path(s: str) -> str:
    return unquote(urlparse(s).path)


def expand(inputs: Sequence[str]) -> Iterator[tuple[str, str, str]]:
    """(kind, path, input) for every file named by ``inputs``; kind 'missing' / 'url' for the rest."""
    for inp in inputs:
        if _is_url(inp):
            yield ("url", inp, inp)
            continue
        p = Path(_file_url_path(inp) if inp.lower().startswith("file://") else inp)
        if p.is_dir():
            for q in sorted(p.rglob("*")):
                rel = q.relative_to(p).parts
                if any(part.startswith(".") for part in rel) or not q.is_file():
                    continue
                kind = _kind_of(q)
                if kind is not None:
                    yield (kind, str(q), inp)
        elif not p.exists():
            yield ("missing", str(p), inp)
        else:
            yield (_kind_of(p) or _sniff(p), str(p), inp)


def _read_bytes(path: str, max_bytes: int = MAX_BYTES) -> bytes:
    p = Path(path)
    if not p.is_file():
        raise InputError(f"{path}: not a regular file")
    try:
        size = p.stat().st_size
        if size > max_bytes:
            raise InputError(f"{path}: {size / 1048576:.1f} MiB is over the {max_bytes // 1048576} MiB limit per document")
        with open(p, "rb") as fh:
            data = fh.read(max_bytes + 1)
    except PermissionError:
        raise InputError(f"{path}: permission denied") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from None
    if len(data) > max_bytes:
        raise InputError(f"{path}: over the {max_bytes // 1048576} MiB limit per document")
    if not data.strip():
        raise InputError(f"{path}: empty (no text to compare)")
    return data


# --------------------------------------------------------------------------------------
# HTML
# --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Page:
    text: str
    title: str | None
    published: str | None
    byline: str | None
    url: str | None


_BLOCK = frozenset(
    "p div section article header footer h1 h2 h3 h4 h5 h6 li ul ol blockquote pre table tr figure figcaption aside dd dt".split()
)


def _tidy(text: str) -> str:
    lines = [re.sub(r"[ \t\u00a0]+", " ", ln).strip() for ln in text.splitlines()]
    out = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", out).strip() + "\n"


def fragment_text(fragment: str) -> str:
    """Plain text of an HTML fragment (a feed entry's content), one paragraph per block."""
    if "<" not in fragment:
        return _tidy(fragment)
    import lxml.html
    from lxml import etree

    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (etree.ParserError, ValueError):
        return _tidy(re.sub(r"<[^>]+>", " ", fragment))
    for bad in root.xpath(".//script|.//style|.//noscript"):
        bad.drop_tree()
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        if el.tag == "br":
            el.tail = "\n" + (el.tail or "")
        elif el.tag in _BLOCK:
            el.tail = "\n\n" + (el.tail or "")
            el.text = "\n\n" + (el.text or "")
    return _tidy(root.text_content())


def extract_page(data: bytes | str, url: str | None = None) -> Page:
    """Main text and metadata of a saved web page (trafilatura); InputError when there is no article text."""
    import trafilatura

    try:
        doc = trafilatura.bare_extraction(
            data, url=url, with_metadata=True, include_comments=False, include_tables=False, deduplicate=False
        )
    except Exception as exc:  # noqa: BLE001 - a page must not stop the run, whatever lxml says
        raise InputError(f"HTML could not be parsed ({type(exc).__name__}: {exc})") from None
    text = (getattr(doc, "text", None) or "") if doc is not None else ""
    if not text.strip():
        raise InputError("no article text found in the HTML page (trafilatura extracted nothing)")
    words = len(re.findall(r"\w+", text))
    if words < MIN_ARTICLE_WORDS or not any(len(ln.split()) >= 6 for ln in text.splitlines()):
        raise InputError(
            f"no article text found in the HTML page (only {words} word{'s' if words != 1 else ''} outside the markup, "
            "no sentence: navigation or an error page?)"
        )
    # trafilatura separates blocks with one newline; drift reads paragraphs as blank-line separated.
    text = re.sub(r"\n+", "\n\n", text.strip()) + "\n"
    title = (doc.title or "").strip() or None
    if title and not has_headline(text, title):
        text = title + "\n\n" + text  # the headline is part of what was republished
    return Page(
        text=text,
        title=title,
        published=iso_time(doc.date) if doc.date else None,
        byline=(doc.author or "").strip() or None,
        url=(doc.url or "").strip() or url,
    )


def _norm_line(s: str) -> str:
    return " ".join(re.findall(r"\w+", s.lower()))


def has_headline(text: str, title: str, lines: int = 8) -> bool:
    """Whether one of the first lines of ``text`` is (or starts with) the headline ``title``."""
    t = _norm_line(title)
    if not t:
        return True
    head = [_norm_line(ln) for ln in text.splitlines() if ln.strip()][:lines]
    return any(ln == t or ln.startswith(t) or (len(ln) > 20 and t.startswith(ln)) for ln in head)


def _check_html_bytes(data: bytes, label: str) -> None:
    if b"\x00" in data[:8192] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(f"{label}: looks like a binary file (NUL bytes), expected an HTML page")


# --------------------------------------------------------------------------------------
# Readers, one per kind
# --------------------------------------------------------------------------------------


def _stem(path: str) -> str:
    name = Path(path).name
    for suf in WARC_SUFFIXES:
        if name.lower().endswith(suf):
            return name[: -len(suf)]
    return Path(path).stem


def read_text_file(path: str, inp: str) -> Item | ItemError:
    try:
        return Item(_stem(path), path, "text", read_text(path), inp)
    except InputError as exc:
        return ItemError(_stem(path), path, _error_code(str(exc)), str(exc), inp)


def read_html_file(path: str, inp: str, doc_id: str | None = None) -> Item | ItemError:
    doc_id = doc_id or _stem(path)
    try:
        data = _read_bytes(path)
        _check_html_bytes(data, path)
        page = extract_page(data)
    except InputError as exc:
        msg = str(exc)
        if not msg.startswith(path):
            msg = f"{path}: {msg}"
        code = "no_article_text" if "no article text" in msg else _error_code(msg)
        return ItemError(doc_id, path, code, msg, inp)
    return Item(doc_id, path, "html", page.text, inp, page.url, page.title, page.published, page.byline)


def read_jsonl(path: str, inp: str) -> Iterator[Item | ItemError]:
    """One item per non-blank line; the file is streamed (no size limit on the file itself)."""
    stem = _stem(path)
    try:
        fh = open(path, "rb")
    except OSError as exc:
        yield ItemError(stem, path, "unreadable", f"{path}: cannot read ({exc.strerror or exc})", inp)
        return
    with fh:
        for lineno, raw in enumerate(fh, 1):
            where = f"{path}:{lineno}"
            if not raw.strip():
                continue
            if len(raw) > MAX_BYTES:
                yield ItemError(f"{stem}:{lineno}", where, "too_large",
                                f"{where}: line over the {MAX_BYTES // 1048576} MiB limit per document", inp)
                continue
            try:
                obj = json.loads(raw.decode("utf-8"))
            except UnicodeDecodeError as exc:
                yield ItemError(f"{stem}:{lineno}", where, "encoding", f"{where}: not valid UTF-8 (offset {exc.start})", inp)
                continue
            except json.JSONDecodeError as exc:
                yield ItemError(f"{stem}:{lineno}", where, "bad_json", f"{where}: not JSON ({exc.msg} at column {exc.colno})", inp)
                continue
            yield _jsonl_record(obj, stem, lineno, where, inp)


def _jsonl_record(obj: object, stem: str, lineno: int, where: str, inp: str) -> Item | ItemError:
    if not isinstance(obj, dict):
        return ItemError(f"{stem}:{lineno}", where, "bad_record", f"{where}: expected an object, got {type(obj).__name__}", inp)
    doc_id = obj.get("id")
    if isinstance(doc_id, (int, float)) and not isinstance(doc_id, bool):
        doc_id = str(doc_id)
    url = obj.get("url") if isinstance(obj.get("url"), str) and obj.get("url").strip() else None
    if not isinstance(doc_id, str) or not doc_id.strip():
        if url is None:
            return ItemError(f"{stem}:{lineno}", where, "bad_record", f"{where}: needs a non-empty 'id' (or a 'url')", inp)
        doc_id = url
    title = obj.get("title") if isinstance(obj.get("title"), str) else None
    byline = next((obj[k] for k in ("byline", "author") if isinstance(obj.get(k), str) and obj[k].strip()), None)
    warnings: list[str] = []
    published = iso_time(obj.get("published"))
    if obj.get("published") not in (None, "") and published is None:
        warnings.append(f"publication time {str(obj.get('published'))[:40]!r} not understood (ISO 8601 expected); ignored")
    body = obj.get("text")
    kind = "jsonl"
    if body is None and isinstance(obj.get("html"), str):
        try:
            page = extract_page(obj["html"], url)
        except InputError as exc:
            code = "no_article_text" if "no article text" in str(exc) else "bad_record"
            return ItemError(doc_id, where, code, f"{where}: {exc}", inp)
        body, title, published = page.text, title or page.title, published or page.published
        byline, url = byline or page.byline, url or page.url
    if not isinstance(body, str):
        return ItemError(doc_id, where, "bad_record", f"{where}: 'text' must be a string", inp)
    if not body.strip():
        return ItemError(doc_id, where, "empty", f"{where}: empty (no text to compare)", inp)
    if "\x00" in body:
        return ItemError(doc_id, where, "binary", f"{where}: text contains NUL characters (binary data?)", inp)
    return Item(doc_id, where, kind, body, inp, url, title, published, byline, tuple(warnings))


# -- feeds ---------------------------------------------------------------------------------


def _entry_time(entry) -> str | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        st = entry.get(key)
        if st:
            try:
                return datetime(*st[:6], tzinfo=timezone.utc).isoformat()
            except (TypeError, ValueError):
                continue
    return None


def read_feed(
    path: str,
    inp: str,
    known: Callable[[str], bool],
    claim_local: Callable[[str], bool],
    stored: Callable[[str], bool] = lambda u: False,
) -> Iterator[Item | ItemError | Skip]:
    """Entries of an RSS / Atom file.

    ``known(url)`` says whether a URL is a document already read from the other inputs: such
    an entry is that document and adds nothing. ``stored(url)``: whether the store holds a
    document with that URL, which an entry with no text of its own then stands for. ``claim_local(path)`` says whether a
    local page is being read for the first time (False: another input already read it).
    """
    stem = _stem(path)
    try:
        data = _read_bytes(path, max_bytes=4 * MAX_BYTES)
    except InputError as exc:
        yield ItemError(stem, path, _error_code(str(exc)), str(exc), inp)
        return
    import feedparser

    parsed = feedparser.parse(data, resolve_relative_uris=False, sanitize_html=True)
    exc = parsed.get("bozo_exception")
    if parsed.get("bozo") and exc is not None and _is_xml_error(exc):
        where = ""
        if hasattr(exc, "getLineNumber"):
            where = f" at line {exc.getLineNumber()}, column {exc.getColumnNumber()}"
        msg = getattr(exc, "getMessage", lambda: str(exc))()
        yield ItemError(stem, path, "bad_feed",
                        f"{path}: malformed feed XML ({msg}{where}); none of its entries were read", inp)
        return
    if not parsed.get("version") and not parsed.entries:
        yield ItemError(stem, path, "bad_feed", f"{path}: not an RSS or Atom feed", inp)
        return
    base = Path(path).parent
    for n, entry in enumerate(parsed.entries, 1):
        yield _feed_entry(entry, n, path, stem, base, inp, known, claim_local, stored)


def _is_xml_error(exc: BaseException) -> bool:
    import xml.sax

    return isinstance(exc, xml.sax.SAXException) or type(exc).__name__ == "NonXMLContentType"


def _feed_entry(entry, n, path, stem, base: Path, inp, known, claim_local, stored) -> Item | ItemError | Skip:
    where = f"{path}#{n}"
    link = (entry.get("link") or "").strip() or None
    doc_id = (entry.get("id") or "").strip() or link or f"{stem}#{n}"
    title = (entry.get("title") or "").strip() or None
    published = _entry_time(entry)
    byline = (entry.get("author") or "").strip() or None
    # 1. The entry is a page the inputs already hold: nothing new.
    if link and known(link):
        return Skip(doc_id, where, f"{where}: links {link}, already a document of the inputs", inp, link)
    # 2. A local page: read it.
    local = _local_target(link, base) if link else None
    if local is not None and local.is_file():
        if not claim_local(str(local.resolve())):
            return Skip(doc_id, where, f"{where}: links {local}, already read as an input", inp)
        got = read_html_file(str(local), inp, doc_id) if _kind_of(local) != "text" else read_text_file(str(local), inp)
        if isinstance(got, ItemError):
            return ItemError(doc_id, where, got.code, f"{where}: linked page {got.reason}", inp)
        return Item(doc_id, f"{where} -> {local}", "feed", got.text, inp, got.url or link, title or got.title,
                    published or got.published, byline or got.byline)
    # 3. The entry's own full content.
    contents = [c for c in entry.get("content", []) if (c.get("value") or "").strip()]
    if contents:
        best = max(contents, key=lambda c: len(c.get("value") or ""))
        value = best.get("value") or ""
        text = fragment_text(value) if "html" in (best.get("type") or "html") else _tidy(value)
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
        warn = (f"full text not in the feed and {link} not in the inputs: the entry's summary was used",) if link else ()
        return Item(doc_id, where, "feed", summary, inp, link, title, published, byline, warn)
    if local is not None:
        return ItemError(doc_id, where, "missing", f"{where}: linked page {local} does not exist", inp)
    if link:
        return ItemError(doc_id, where, "missing",
                         f"{where}: {link} is not in the inputs and the entry has no full text "
                         "(drift never downloads; add the page, a WARC holding it, or a full-content feed)", inp)
    return ItemError(doc_id, where, "empty", f"{where}: entry has no text and no link", inp)


def _local_target(link: str, base: Path) -> Path | None:
    if link.lower().startswith("file://"):
        return Path(_file_url_path(link))
    if _is_url(link) or link.startswith(("//", "#", "mailto:")):
        return None
    return (base / unquote(link.split("#")[0].split("?")[0])).resolve()


# -- WARC --------------------------------------------------------------------------------------


def _gzip_problem(path: str) -> str | None:
    """Why a gzip file is damaged (truncated, corrupt), or None when every member is whole."""
    try:
        with gzip.open(path, "rb") as fh:
            while fh.read(1 << 20):
                pass
    except EOFError:
        return "the compressed stream ends early (the file is truncated)"
    except (OSError, zlib.error) as exc:
        return f"corrupt compressed data ({exc})"
    return None


def read_warc(path: str, inp: str) -> Iterator[Item | ItemError]:
    """Every HTML / plain-text response (or resource) record with status 200.

    A truncated or corrupt archive yields the records that are whole, then one error for the
    archive saying where it breaks.
    """
    from warcio.archiveiterator import ArchiveIterator

    stem = _stem(path)
    try:
        with open(path, "rb") as fh:
            magic = fh.read(2)
    except OSError as exc:
        yield ItemError(stem, path, "unreadable", f"{path}: cannot read ({exc.strerror or exc})", inp)
        return
    if not magic:
        yield ItemError(stem, path, "empty", f"{path}: empty (no records)", inp)
        return
    damaged = _gzip_problem(path) if magic == b"\x1f\x8b" else None
    records = 0
    end = 0  # byte offset where the last whole record ends
    last_uri = None
    chatter = io.StringIO()  # warcio prints warnings on damaged input to stderr: keep them as the reason
    try:
        with open(path, "rb") as fh:
            archive = ArchiveIterator(fh)
            n = 0
            while True:
                with contextlib.redirect_stderr(chatter):
                    rec = next(archive, None)
                    if rec is None:
                        break
                    n += 1
                    if rec.format != "warc" or not (rec.rec_headers.protocol or "").startswith("WARC/"):
                        raise ValueError(f"record {n} is not a WARC record (an ARC file, or not an archive at all)")
                    last_uri = rec.rec_headers.get_header("WARC-Target-URI")
                    item = None
                    if rec.rec_type in ("response", "resource"):
                        item = _warc_record(rec, f"{path}#{n}", inp)
                    else:
                        rec.content_stream().read()
                    if getattr(rec.raw_stream, "limit", 0):
                        raise ValueError(
                            f"record {n} ({last_uri or 'no URI'}) is cut short: {rec.raw_stream.limit} of its bytes are missing")
                    end = archive.get_record_offset() + archive.get_record_length()  # (reads to the record's end)
                    noise, _ = chatter.getvalue(), (chatter.seek(0), chatter.truncate())
                    if "not followed by newline" in noise:  # (other notices, e.g. spaces in a URI, are benign)
                        raise ValueError(f"record {n} ({last_uri or 'no URI'}) is not followed by a record boundary "
                                         "(its Content-Length is wrong, or the file is damaged)")
                    records += 1
                if item is not None:
                    yield item
    except Exception as exc:  # noqa: BLE001 - warcio raises many kinds on damaged input
        yield ItemError(stem, path, "bad_warc",
                        f"{path}: truncated or damaged WARC after byte {end}: {exc}; the {records} whole record(s) before it were read", inp)
        return
    if damaged is not None:
        yield ItemError(stem, path, "bad_warc",
                        f"{path}: truncated WARC: {damaged}; the {records} whole record(s) before byte {end} were read", inp)
    elif records == 0:
        yield ItemError(stem, path, "empty", f"{path}: no WARC records", inp)


def _warc_record(rec, where: str, inp: str) -> Item | ItemError | None:
    uri = rec.rec_headers.get_header("WARC-Target-URI") or where
    if rec.rec_type == "response" and rec.http_headers is not None:
        status = rec.http_headers.get_statuscode()
        ctype = (rec.http_headers.get_header("Content-Type") or "").lower()
        if status != "200":
            rec.content_stream().read()
            return None
    else:
        ctype = (rec.rec_headers.get_header("Content-Type") or "").lower()
    body = rec.content_stream().read(MAX_BYTES + 1)
    rest = rec.content_stream().read()  # drain, so the iterator can go on
    if len(body) > MAX_BYTES or rest:
        return ItemError(uri, where, "too_large", f"{where} ({uri}): over the {MAX_BYTES // 1048576} MiB limit per document", inp)
    if "html" in ctype or (not ctype and body.lstrip()[:15].lower().startswith((b"<!doctype", b"<html"))):
        try:
            _check_html_bytes(body, uri)
            page = extract_page(body, uri)
        except InputError as exc:
            code = "no_article_text" if "no article text" in str(exc) else _error_code(str(exc))
            return ItemError(uri, where, code, f"{where} ({uri}): {exc}", inp)
        return Item(uri, where, "warc", page.text, inp, page.url or uri, page.title, page.published, page.byline)
    if ctype.startswith("text/plain"):
        try:
            text = decode(body, f"{where} ({uri})")
        except InputError as exc:
            return ItemError(uri, where, _error_code(str(exc)), str(exc), inp)
        return Item(uri, where, "warc", text, inp, uri)
    return None  # images, scripts, style sheets: not articles


# --------------------------------------------------------------------------------------
# Everything
# --------------------------------------------------------------------------------------


def count_files(inputs: Sequence[str]) -> int:
    return sum(1 for _ in expand(inputs))


def read_all(
    inputs: Sequence[str],
    known_url: Callable[[str], bool] = lambda u: False,
    on_file: Callable[[str], None] | None = None,
) -> Iterator[Item | ItemError | Skip]:
    """Every document of ``inputs``, feeds last (their links may name pages of the other inputs).

    ``known_url(url)``: whether the store already holds a document with that URL.
    """
    files = list(expand(inputs))
    urls: set[str] = set()
    read_paths: set[str] = set()

    def emit(x):
        if isinstance(x, Item) and x.url:
            urls.add(x.url)
        return x

    for kind, path, inp in sorted(files, key=lambda f: f[0] == "feed"):
        if kind == "url":
            yield ItemError(path, path, "missing",
                            f"{path}: a URL, not a file; drift never downloads (save the page or a WARC and give that)", inp)
        elif kind == "missing":
            yield ItemError(_stem(path), path, "not_found", f"{path}: no such file or directory", inp)
        elif kind == "text":
            read_paths.add(str(Path(path).resolve()))
            yield emit(read_text_file(path, inp))
        elif kind == "html":
            read_paths.add(str(Path(path).resolve()))
            yield emit(read_html_file(path, inp))
        elif kind == "jsonl":
            for x in read_jsonl(path, inp):
                yield emit(x)
        elif kind == "warc":
            for x in read_warc(path, inp):
                yield emit(x)
        elif kind == "feed":

            def claim(p: str) -> bool:
                if p in read_paths:
                    return False
                read_paths.add(p)
                return True

            for x in read_feed(path, inp, urls.__contains__, claim, known_url):
                yield emit(x)
        if on_file is not None:
            on_file(path)
