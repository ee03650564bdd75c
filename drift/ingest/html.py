"""Saved web pages and HTML fragments: the article's text (trafilatura) with its title,
byline, publication date and time, and canonical URL. lxml and trafilatura load on first use."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..errors import InputError
from ..io import MAX_BYTES, foreign_format, read_bytes, shown
from .items import Item, ItemError
from .times import iso_time

MIN_ARTICLE_WORDS = 10  # an HTML page with fewer words of main text has no article
# Ask htmldate (inside trafilatura) for the full publication time, not only the day, and only
# from the page's metadata (meta tags, JSON-LD, <time>, the URL): its extensive search guesses
# from any year in the text ("since February 2022" made a 2024 page "2022-01-01"), and a wrong
# date outweighs the text's own evidence of which copy is the original.
_DATE_PARAMS = {"outputformat": "%Y-%m-%dT%H:%M:%S%z", "original_date": True, "extensive_search": False}


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


def tidy(text: str) -> str:
    lines = [re.sub(r"[ \t\u00a0]+", " ", ln).strip() for ln in text.split("\n")]
    out = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", out).strip() + "\n"


def fragment_text(fragment: str) -> str:
    """Plain text of an HTML fragment (a feed entry's content), one paragraph per block."""
    if "<" not in fragment:
        return tidy(fragment)
    import lxml.html
    from lxml import etree

    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (etree.ParserError, ValueError):
        return tidy(re.sub(r"<[^>]+>", " ", fragment))
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
    return tidy(root.text_content())


def looks_like_html(head: bytes | str) -> bool:
    """Whether the first bytes of a text are an HTML page (a doctype, or an <html> element near the start)."""
    if isinstance(head, str):
        head = head[:2048].encode("utf-8", "replace")
    low = head[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return low.startswith((b"<!doctype html", b"<html")) or (low.startswith(b"<") and b"<html" in low)


_CONFIG = None


def _config():
    """trafilatura's settings, once: its fallback extractors (readability, justext) run only
    when its own extraction finds under 100 characters, not 250 (a short wire item would pay
    them on every page: 17 ms against 4 ms a page, measured on 3 000 archived items)."""
    global _CONFIG
    if _CONFIG is None:
        from trafilatura.settings import use_config

        cfg = use_config()
        cfg.set("DEFAULT", "MIN_EXTRACTED_SIZE", "100")
        _CONFIG = cfg
    return _CONFIG


def extract_page(data: bytes | str, url: str | None = None) -> Page:
    """Main text and metadata of a saved web page (trafilatura); InputError when there is no article text."""
    import trafilatura

    try:
        doc = trafilatura.bare_extraction(
            data, url=url, with_metadata=True, include_comments=False, include_tables=False, deduplicate=False,
            date_extraction_params=_DATE_PARAMS, config=_config(),
        )
    except Exception as exc:  # noqa: BLE001 - a page must not stop the run, whatever lxml says
        raise InputError(f"HTML could not be parsed ({type(exc).__name__}: {shown(str(exc))[:200]})", code="bad_html") from None
    text = (getattr(doc, "text", None) or "") if doc is not None else ""
    if not text.strip():
        raise InputError("no article text found in the HTML page (trafilatura extracted nothing)", code="no_article_text")
    words = len(re.findall(r"\w+", text))
    if words < MIN_ARTICLE_WORDS or not any(len(ln.split()) >= 6 for ln in text.splitlines()):
        raise InputError(
            f"no article text found in the HTML page (only {words} word{'s' if words != 1 else ''} outside the markup, "
            "no sentence: navigation or an error page?)",
            code="no_article_text",
        )
    # trafilatura separates blocks with one newline; drift reads paragraphs as blank-line separated.
    text = re.sub(r"\n+", "\n\n", text.strip()) + "\n"
    title = (doc.title or "").strip() or None
    if title and not has_headline(text, title):
        text = title + "\n\n" + text  # the headline is part of what was republished
    return Page(
        text=text,
        title=title,
        published=iso_time(_iso_zone(doc.date)) if doc.date else None,
        byline=(doc.author or "").strip() or None,
        url=(doc.url or "").strip() or url,
    )


def _iso_zone(value: str) -> str:
    """htmldate's answer as ISO 8601: +0100 written +01:00; a midnight with no zone (a page that
    gives only the day) is that day alone."""
    v = value.strip()
    if v.endswith("T00:00:00"):  # htmldate found a day only: no time to claim
        return v[:-9]
    m = re.match(r"^(.*T\d\d:\d\d:\d\d)([+-]\d\d)(\d\d)$", v)
    return f"{m.group(1)}{m.group(2)}:{m.group(3)}" if m else v


def _norm_line(s: str) -> str:
    return " ".join(re.findall(r"\w+", s.lower()))


def has_headline(text: str, title: str, lines: int = 8) -> bool:
    """Whether one of the first lines of ``text`` is (or starts with) the headline ``title``."""
    t = _norm_line(title)
    if not t:
        return True
    head = [_norm_line(ln) for ln in text.splitlines() if ln.strip()][:lines]
    return any(ln == t or ln.startswith(t) or (len(ln) > 20 and t.startswith(ln)) for ln in head)


def check_html_bytes(data: bytes, label: str, suffix: str = "") -> None:
    foreign = foreign_format(data[:16], suffix)
    if foreign is not None:
        raise InputError(f"{label}: {foreign[0]}; drift reads text and HTML only: {foreign[1]}", code="unsupported")
    if b"\x00" in data[:8192] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(f"{label}: looks like a binary file (NUL bytes), expected an HTML page", code="binary")
    if not data.strip():
        raise InputError(f"{label}: empty (no text to compare)", code="empty")


def read_page(path: str, max_bytes: int = MAX_BYTES) -> Page:
    """A saved page on disk as a `Page`; InputError (naming the file) when it cannot be read or has no article."""
    label = shown(path)
    data = read_bytes(path, max_bytes=max_bytes, label=label)
    check_html_bytes(data, label)
    try:
        return extract_page(data)
    except InputError as exc:
        raise InputError(f"{label}: {exc}", code=exc.code) from None


def read_html_file(path: str, inp: str, doc_id: str) -> Item | ItemError:
    try:
        page = read_page(path)
    except InputError as exc:
        return ItemError(doc_id, path, exc.code, str(exc), inp)
    return Item(doc_id, path, "html", page.text, inp, page.url, page.title, page.published, page.byline)
