"""Web archives (warcio): every HTML or plain-text response (or resource) record with status 200.

``.warc``, per-record gzipped ``.warc.gz`` and whole-file gzipped archives are read the same
way: the gzip layer is undone as a stream first, so every record is seen, and memory stays
within one record. A truncated or corrupt archive yields the records that are whole, then one
error saying where it breaks; a record without a target URI is named by its position.
"""

from __future__ import annotations

import contextlib
import io
import zlib
from typing import Iterator

from ..errors import InputError
from ..io import MAX_BYTES, decode, open_regular, shown
from .html import check_html_bytes, extract_page, looks_like_html
from .items import Item, ItemError


class Gunzip(io.RawIOBase):
    """gzip undone as a stream, member after member (per-record and whole-file gzip alike).

    Unlike `gzip.GzipFile`, a truncated stream gives every byte that could be decompressed
    and then ends, with ``problem`` saying why; memory stays within one chunk."""

    def __init__(self, raw, chunk: int = 1 << 16) -> None:
        self.raw = raw
        self.chunk = chunk
        self.dec = zlib.decompressobj(wbits=31)
        self.buf = b""
        self.problem: str | None = None
        self.done = False

    def readable(self) -> bool:
        return True

    def readinto(self, b) -> int:
        while not self.buf and not self.done:
            data = self.dec.unused_data or self.raw.read(self.chunk)
            if self.dec.unused_data:
                self.dec = zlib.decompressobj(wbits=31)  # the next gzip member
            if not data:
                self.done = True
                if not self.dec.eof and self.problem is None:
                    self.problem = "the compressed stream ends early (the file is truncated)"
                break
            try:
                self.buf = self.dec.decompress(data)
            except zlib.error as exc:
                self.problem = f"corrupt compressed data ({exc})"
                self.done = True
                break
        n = min(len(b), len(self.buf))
        b[:n] = self.buf[:n]
        self.buf = self.buf[n:]
        return n


def read_warc(path: str, inp: str, stem: str) -> Iterator[Item | ItemError]:
    from warcio.archiveiterator import ArchiveIterator

    label = shown(path)
    try:
        fh = open_regular(path, label=label)
    except InputError as exc:
        yield ItemError(stem, path, exc.code, str(exc), inp)
        return
    with fh:
        magic = fh.read(2)
        fh.seek(0)
        if not magic:
            yield ItemError(stem, path, "empty", f"{label}: empty (no records)", inp)
            return
        gz = Gunzip(fh) if magic == b"\x1f\x8b" else None
        stream = io.BufferedReader(gz, 1 << 16) if gz is not None else fh
        yield from _records(stream, path, label, inp, stem, ArchiveIterator, gz)


def _records(stream, path: str, label: str, inp: str, stem: str, ArchiveIterator, gz: Gunzip | None) -> Iterator[Item | ItemError]:
    records = 0
    end = 0  # byte offset (uncompressed) where the last whole record ends
    last_uri = None
    chatter = io.StringIO()  # warcio prints warnings on damaged input to stderr: keep them as the reason
    n = 0
    try:
        archive = ArchiveIterator(stream, no_record_parse=False)
        load = archive.loader.load_http_headers
        # warcio fails on a response record without WARC-Target-URI ('NoneType' has no startswith)
        # and the rest of the archive would be lost: parse its HTTP headers as for any web page.
        archive.loader.load_http_headers = lambda rt, uri, st, ln: load(rt, "http://" if uri is None else uri, st, ln)
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
                        f"record {n} ({shown(last_uri or 'no URI')}) is cut short: {rec.raw_stream.limit} of its bytes are missing")
                end = archive.get_record_offset() + archive.get_record_length()  # (reads to the record's end)
                noise, _ = chatter.getvalue(), (chatter.seek(0), chatter.truncate())
                if "not followed by newline" in noise:  # (other notices, e.g. spaces in a URI, are benign)
                    raise ValueError(f"record {n} ({shown(last_uri or 'no URI')}) is not followed by a record boundary "
                                     "(its Content-Length is wrong, or the file is damaged)")
                records += 1
            if item is not None:
                yield item
    except Exception as exc:  # noqa: BLE001 - warcio raises many kinds on damaged input
        msg = shown(str(exc).split("\n")[0])[:300]
        why = f"; {gz.problem}" if gz is not None and gz.problem else ""
        yield ItemError(stem, path, "bad_warc", f"{label}: truncated or damaged WARC after byte {end}: {msg}{why}; "
                        f"the {records} whole record(s) before it were read", inp)
        return
    if gz is not None and gz.problem:
        yield ItemError(stem, path, "bad_warc",
                        f"{label}: truncated WARC: {gz.problem}; the {records} whole record(s) before byte {end} were read", inp)
        return
    if records == 0:
        yield ItemError(stem, path, "empty", f"{label}: no WARC records", inp)


def _warc_record(rec, where: str, inp: str) -> Item | ItemError | None:
    uri = rec.rec_headers.get_header("WARC-Target-URI") or None
    name = uri or where
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
    label = f"{shown(where)} ({shown(name)[:300]})" if uri else shown(where)
    if len(body) > MAX_BYTES or rest:
        return ItemError(name, where, "too_large", f"{label}: over the {MAX_BYTES // 1048576} MiB limit per document", inp)
    if "html" in ctype or (not ctype and looks_like_html(body[:2048])):
        try:
            check_html_bytes(body, label)
            page = extract_page(body, uri)
        except InputError as exc:
            return ItemError(name, where, exc.code, f"{label}: {exc}", inp)
        return Item(name, where, "warc", page.text, inp, page.url or uri, page.title, page.published, page.byline)
    if ctype.startswith("text/plain"):
        try:
            text = decode(body, label)
        except InputError as exc:
            return ItemError(name, where, exc.code, str(exc), inp)
        return Item(name, where, "warc", text, inp, uri)
    return None  # images, scripts, style sheets: not articles
