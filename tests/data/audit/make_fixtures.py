#!/usr/bin/env python3
"""Rebuild the `drift audit` fixtures from the five seeds (run from anywhere; deterministic).

feed/ holds one syndication feed in every input kind, each seed in one of them:

- txt/000_120bd2b153926def.txt        seed 000 (the wire original of 001), plain text
- partners.jsonl                      seed 001 (a machine-retranslated republication of 000) + URL, title, date
- wire.rss                            RSS 2.0: seed 002 as full content (content:encoded), and an entry
                                      linking the local page of seed 003 (pages/...html)
- pages/003_8c60dce76ff90822.html     seed 003 (the wire original of 002) as a saved web page
- pages/city-council-budget.html      a made-up page on another subject (a family of one)
- archive.warc.gz                     seed 004 (an unrelated outlet's story: alone) and a made-up page,
                                      plus a request record and an image response that are not articles

bad/ holds the broken inputs every audit must survive, one per kind of failure:

- broken.rss            malformed feed XML (a mismatched tag)
- truncated.warc.gz     a WARC cut short in the middle of its second record
- no-article.html       a page with navigation only, no article text
- missing-link.rss      a well-formed feed whose entry links a page that is not in the inputs

(The 50 MB text file is made by the test itself, in a temporary folder.)
"""

from __future__ import annotations

import gzip
import html
import io
import json
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEEDS = HERE.parents[2] / "seeds"


def seed(n: str) -> tuple[str, str]:
    p = next(SEEDS.glob(f"{n}_*.txt"))
    return p.stem, p.read_text(encoding="utf-8")


def paragraphs(text: str) -> list[str]:
    return [p.strip() for p in text.split("\n\n") if p.strip()]


def page(title: str, text: str, *, url: str, published: str, author: str, site: str) -> str:
    body = "\n".join(f"<p>{html.escape(p).replace(chr(10), '<br>')}</p>" for p in paragraphs(text))
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>{html.escape(title)} | {html.escape(site)}</title>
<meta property="og:title" content="{html.escape(title)}">
<meta name="author" content="{html.escape(author)}">
<meta property="article:published_time" content="{published}">
<link rel="canonical" href="{url}">
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a> <a href="/subscribe">Subscribe</a></nav>
<main><article>
<h1>{html.escape(title)}</h1>
{body}
</article></main>
<footer><p>&copy; 2024 {html.escape(site)}. All rights reserved.</p></footer>
</body></html>
"""


COUNCIL = """Riverton council approves a leaner budget after a long night of debate

The Riverton city council voted 7 to 2 on Wednesday night to approve a budget of 84 million dollars for next year, trimming road repairs to keep the public library open on Sundays.

Mayor Ellen Park said the compromise protected the services residents use most, while two councillors argued that the cuts to road maintenance would cost more later.

The budget adds four librarians and funds a pilot bus route to the hospital, but delays the resurfacing of Mill Street until 2026.

Residents who spoke at the meeting were divided, with several small business owners warning that the detour around Mill Street already costs them customers.

The council will review the bus pilot in six months and publish ridership figures on the city website.
"""

GARDEN = """Community garden opens on former parking lot

A community garden with forty raised beds opened on Saturday on the site of a former parking lot behind the Riverton station.

Volunteers spent three months removing asphalt and bringing in soil donated by a local nursery.

Plots are free for residents, and the waiting list already has more than sixty names, organisers said.
"""


def rss_item(*, title: str, link: str | None, guid: str, pub: str, content: str | None = None, creator: str = "") -> str:
    parts = [f"<item><title>{html.escape(title)}</title>", f"<guid isPermaLink=\"false\">{html.escape(guid)}</guid>",
             f"<pubDate>{pub}</pubDate>"]
    if link:
        parts.append(f"<link>{html.escape(link)}</link>")
    if creator:
        parts.append(f"<dc:creator>{html.escape(creator)}</dc:creator>")
    if content is not None:
        body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs(content))
        parts.append(f"<content:encoded><![CDATA[{body}]]></content:encoded>")
    parts.append("</item>")
    return "".join(parts)


def rss(items: list[str]) -> str:
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/">\n<channel><title>Partner wire</title>'
        "<link>https://partner.example/</link><description>Republished wire stories</description>\n"
        + "\n".join(items) + "\n</channel></rss>\n"
    )


def warc(records: list[tuple[str, str, bytes, str]]) -> bytes:
    """records: (uri, content type, body, status line)."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    w = WARCWriter(buf, gzip=True)
    w.write_record(w.create_warcinfo_record("fixture.warc.gz", {"software": "drift tests", "format": "WARC/1.1"}))
    for uri, ctype, body, status in records:
        req = w.create_warc_record(uri, "request", payload=io.BytesIO(b""),
                                   http_headers=StatusAndHeaders(f"GET {uri} HTTP/1.1", [("Host", "x")], is_http_request=True))
        w.write_record(req)
        hdrs = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
        w.write_record(w.create_warc_record(uri, "response", payload=io.BytesIO(body), http_headers=hdrs))
    return buf.getvalue()


def main() -> None:
    feed = HERE / "feed"
    bad = HERE / "bad"
    for d in (feed / "txt", feed / "pages", bad):
        d.mkdir(parents=True, exist_ok=True)

    id0, t0 = seed("000")
    (feed / "txt" / f"{id0}.txt").write_text(t0, encoding="utf-8")

    id1, t1 = seed("001")
    rows = [
        {"id": id1, "url": "https://mirror-news.example/2024/10/29/zelensky-war-beyond-borders", "title":
         "Ukraine's Zelensky says war against Russia is being pushed 'beyond borders'", "published": "2024-10-29T18:40:00Z",
         "byline": "Mirror News staff", "text": t1},
        {"id": "garden-2024-10-30", "url": "https://riverton-local.example/garden", "title": "Community garden opens",
         "published": "2024-10-30", "text": GARDEN},
    ]
    (feed / "partners.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")

    id2, t2 = seed("002")
    id3, t3 = seed("003")
    title3 = "Ukraine’s Zelenskyy urges allies to act before North Korean troops reach the front"
    page3 = page(title3, t3.split("\n", 1)[1], url="https://wire.example/2024/11/02/zelenskyy-urges-allies",
                 published="2024-11-02T09:19:00-04:00", author="The Associated Press", site="Wire Example")
    (feed / "pages" / f"{id3}.html").write_text(page3, encoding="utf-8")
    (feed / "pages" / "city-council-budget.html").write_text(
        page("Riverton council approves a leaner budget after a long night of debate", COUNCIL.split("\n", 2)[2],
             url="https://riverton-local.example/council-budget", published="2024-10-31T08:00:00Z",
             author="Sam Ortiz", site="Riverton Local"), encoding="utf-8")
    (feed / "wire.rss").write_text(rss([
        rss_item(title="Zelenskyy urged allies to take action before North Korean troops reach the Ukrainian front",
                 link="https://global-digest.example/zelenskyy-allies", guid=id2, pub="Sat, 02 Nov 2024 16:05:00 GMT",
                 content=t2, creator="Global Digest"),
        rss_item(title=title3, link=f"pages/{id3}.html", guid="wire-2024-11-02-zelenskyy", pub="Sat, 02 Nov 2024 13:19:00 GMT"),
    ]), encoding="utf-8")

    id4, t4 = seed("004")
    title4 = "Zelensky says North Korea sending personnel to Russia as part of 'increasing alliance'"
    page4 = page(title4, t4, url="https://kyiv-independent.example/zelensky-north-korea-alliance",
                 published="2024-10-13T21:00:00Z", author="Kyiv Independent news desk", site="Kyiv Independent Example")
    (feed / "archive.warc.gz").write_bytes(warc([
        ("https://kyiv-independent.example/zelensky-north-korea-alliance", "text/html; charset=utf-8", page4.encode(), "200 OK"),
        ("https://riverton-local.example/logo.png", "image/png", b"\x89PNG\r\n\x1a\n" + bytes(64), "200 OK"),
        ("https://riverton-local.example/council-budget-old", "text/html", b"", "301 Moved Permanently"),
    ]))

    # -- bad inputs ---------------------------------------------------------------------
    good = rss([rss_item(title="Council budget", link="https://riverton-local.example/x", guid="b-1",
                         pub="Thu, 31 Oct 2024 08:00:00 GMT", content=COUNCIL)])
    (bad / "broken.rss").write_text(good.replace("</title><guid", "</titel><guid", 1), encoding="utf-8")
    (bad / "missing-link.rss").write_text(rss([
        rss_item(title="A story we never saved", link="https://elsewhere.example/story-42", guid="elsewhere-42",
                 pub="Fri, 01 Nov 2024 10:00:00 GMT"),
    ]), encoding="utf-8")
    whole = warc([
        ("https://riverton-local.example/garden-a", "text/html", page("Garden", GARDEN, url="https://riverton-local.example/garden-a",
                                                                       published="2024-10-30", author="A", site="R").encode(), "200 OK"),
        ("https://riverton-local.example/council-b", "text/html", page("Council", COUNCIL, url="https://riverton-local.example/council-b",
                                                                        published="2024-10-31", author="B", site="R").encode(), "200 OK"),
    ])
    (bad / "truncated.warc.gz").write_bytes(whole[: len(whole) - 400])
    (bad / "no-article.html").write_text(
        "<!DOCTYPE html><html><head><title>Page not found</title></head><body>"
        "<nav><a href='/'>Home</a> <a href='/world'>World</a></nav><footer>&copy; Example</footer></body></html>\n",
        encoding="utf-8",
    )


if __name__ == "__main__":
    main()
