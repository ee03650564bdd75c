"""Inputs as the command line names them: files of every kind, directories, standard input,
and what each command reads (`read_all` for batches, `read_document` for one document a side)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator, Sequence

from ..errors import InputError
from ..io import is_system_path, is_url, open_regular, read_text, shown, url_refusal
from .feed import Scope, file_url_path, read_feed
from .files import kind_of, read_text_file, sniff, stem
from .html import extract_page, looks_like_html, read_html_file, read_page
from .items import Item, ItemError, Skip, checked
from .jsonl import BadLine, jsonl_lines, parse_json_object
from .times import iso_time, time_warning


def _walk(root: str) -> Iterator[str]:
    """Files under a directory, sorted, hidden entries skipped; directory links are not
    followed (a link back up would loop)."""
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for f in sorted(filenames):
            if not f.startswith("."):
                yield os.path.join(dirpath, f)


def expand(inputs: Sequence[str]) -> Iterator[tuple[str, str, str]]:
    """(kind, path, input) for every file named by ``inputs``; kind 'missing' / 'url' for the rest.

    In a directory, only files whose suffix names a kind are taken; a file named on the
    command line with another suffix is sniffed."""
    for inp in inputs:
        if is_url(inp):
            yield ("url", inp, inp)
            continue
        p = file_url_path(inp) if inp.lower().startswith("file://") else inp
        if os.path.isdir(p):
            for q in _walk(p):
                kind = kind_of(q)
                if kind is not None and os.path.isfile(q):
                    yield (kind, q, inp)
        elif not os.path.lexists(p):
            yield ("missing", p, inp)
        else:
            yield (kind_of(p) or (sniff(p) if os.path.isfile(p) else "text"), p, inp)


def count_files(inputs: Sequence[str]) -> int:
    return sum(1 for _ in expand(inputs))


# --------------------------------------------------------------------------------------
# Text and JSONL
# --------------------------------------------------------------------------------------


def read_jsonl(path: str, inp: str) -> Iterator[Item | ItemError]:
    """One item per non-blank line, streamed (a limit per line, none on the file)."""
    st = stem(path)
    try:
        lines = jsonl_lines(path)
    except InputError as exc:
        yield ItemError(st, path, exc.code, str(exc), inp)
        return
    for lineno, line in enumerate(lines, 1):
        if isinstance(line, str) and not line.strip():
            continue
        where = f"{path}:{lineno}"
        try:
            obj = parse_json_object(line)
        except BadLine as exc:
            yield ItemError(f"{st}:{lineno}", where, exc.code, f"{shown(where)}: {exc}", inp)
            continue
        yield record_item(obj, f"{st}:{lineno}", where, inp)


def _text_field(obj: dict, key: str) -> str | None:
    v = obj.get(key)
    return v.strip() or None if isinstance(v, str) else None


def record_item(obj: dict, fallback_id: str, where: str, inp: str) -> Item | ItemError:
    """One JSONL object ``{"id", "text" | "html", "url"?, "title"?, "published"?, "byline" | "author"?}`` as an Item."""
    label = shown(where)
    doc_id = obj.get("id")
    if isinstance(doc_id, (int, float)) and not isinstance(doc_id, bool):
        doc_id = str(doc_id)
    url = _text_field(obj, "url")
    if not isinstance(doc_id, str) or not doc_id.strip():
        if url is None:
            return ItemError(fallback_id, where, "bad_record", f"{label}: needs a non-empty 'id' (or a 'url')", inp)
        doc_id = url
    title = _text_field(obj, "title")
    byline = _text_field(obj, "byline") or _text_field(obj, "author")
    warnings: list[str] = []
    published = iso_time(obj.get("published"))
    if obj.get("published") not in (None, "") and published is None:
        warnings.append(time_warning(obj.get("published")))
    body = obj.get("text")
    if body is None and isinstance(obj.get("html"), str):
        try:
            page = extract_page(obj["html"], url)
        except InputError as exc:
            return ItemError(doc_id, where, exc.code, f"{label}: {exc}", inp)
        body, title, published = page.text, title or page.title, published or page.published
        byline, url = byline or page.byline, url or page.url
    if not isinstance(body, str):
        keys = ", ".join(repr(k) for k in list(obj)[:8]) + (", ..." if len(obj) > 8 else "")
        why = "is not a string" if body is not None else f"is missing (the record has {keys})"
        return ItemError(doc_id, where, "bad_record", f"{label}: 'text' {why}; give the article under \"text\" (or its page under \"html\")", inp)
    if not body.strip():
        return ItemError(doc_id, where, "empty", f"{label}: empty (no text to compare)", inp)
    if "\x00" in body:
        return ItemError(doc_id, where, "binary", f"{label}: text contains NUL characters (binary data?)", inp)
    return Item(doc_id, where, "jsonl", body, inp, url, title, published, byline, tuple(warnings))


# --------------------------------------------------------------------------------------
# Everything
# --------------------------------------------------------------------------------------


def read_all(
    inputs: Sequence[str],
    known_url: Callable[[str], bool] = lambda u: False,
    on_file: Callable[[str], None] | None = None,
) -> Iterator[Item | ItemError | Skip]:
    """Every document of ``inputs``, feeds last (their links may name pages of the other inputs).

    ``known_url(url)``: whether the store already holds a document with that URL. Nothing
    raises for a bad document: it becomes an `ItemError` in its place.
    """
    from .warc import read_warc

    files = list(expand(inputs))
    scope = Scope(inputs)
    urls: set[str] = set()
    read_paths: set[str] = set()

    def emit(x):
        if isinstance(x, Item):
            x = checked(x)
            if isinstance(x, Item) and x.url:
                urls.add(x.url)
        return x

    def claim(p: str) -> bool:
        if p in read_paths:
            return False
        read_paths.add(p)
        return True

    for kind, path, inp in sorted(files, key=lambda f: f[0] == "feed"):
        if kind == "url":
            yield url_error(path, inp)
        elif kind == "missing":
            yield ItemError(stem(path), path, "not_found", f"{shown(path)}: no such file or directory", inp)
        elif kind == "text":
            read_paths.add(os.path.realpath(path))
            yield emit(read_text_file(path, inp))
        elif kind == "html":
            read_paths.add(os.path.realpath(path))
            yield emit(read_html_file(path, inp, stem(path)))
        elif kind == "jsonl":
            for x in read_jsonl(path, inp):
                yield emit(x)
        elif kind == "warc":
            for x in read_warc(path, inp, stem(path)):
                yield emit(x)
        elif kind == "feed":
            for x in read_feed(path, inp, stem(path), scope, urls.__contains__, claim, known_url):
                yield emit(x)
        if on_file is not None:
            on_file(path)


def url_error(url: str, inp: str) -> ItemError:
    err = url_refusal(url)
    return ItemError(url, url, "missing", str(err), inp)


# --------------------------------------------------------------------------------------
# One document a side (`drift compare`)
# --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DocumentMeta:
    """What is known about one document besides its text."""

    kind: str  # text | html
    title: str | None = None
    byline: str | None = None
    published: str | None = None  # ISO 8601
    url: str | None = None


def read_document(source: str, *, stdin=None) -> tuple[str, DocumentMeta]:
    """One document for `compare`: a text file, a saved HTML page (its article, extracted), or
    ``-`` (standard input; an HTML page there is extracted too).

    Raises:
        InputError: everything `drift.io.read_text` refuses, a URL, a page with no article
            text, or a file that holds many documents (JSONL, a feed, a WARC).
    """
    if source == "-":
        text = read_text("-", stdin=stdin)
        if looks_like_html(text[:2048]):
            try:
                page = extract_page(text)
            except InputError as exc:
                raise InputError(f"standard input: {exc}", code=exc.code) from None
            return page.text, DocumentMeta("html", page.title, page.byline, page.published, page.url)
        return text, DocumentMeta("text")
    if is_url(source):
        raise url_refusal(source)
    path = file_url_path(source) if source.lower().startswith("file://") else source
    kind = kind_of(path) or (sniff(path) if os.path.isfile(path) and not is_system_path(Path(path)) else "text")
    if kind == "html":
        page = read_page(path)
        return page.text, DocumentMeta("html", page.title, page.byline, page.published, page.url)
    if kind in ("jsonl", "feed", "warc"):
        open_regular(path, label=shown(source)).close()  # missing, a directory, a device: say that first
        what = {"jsonl": "a JSONL file", "feed": "an RSS/Atom feed", "warc": "a web archive (WARC)"}[kind]
        raise InputError(
            f"{shown(source)}: {what} holds many documents and compare takes one a side; "
            "use `drift trace` or `drift audit` for it, or give a text or HTML file",
            code="not_a_document",
        )
    return read_text(path), DocumentMeta("text")


