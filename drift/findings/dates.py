"""Dates and times: weekdays, month/day, years, decades, clock times, "last week"-style phrases."""

from __future__ import annotations

import re
from typing import NamedTuple

from ..types import Finding
from .ctx import _Ctx
from .numbers import _CURRENCY, _SCALES, _UNITS, _pair_mentions
from .tokens import _Side

_MONTHS = {
    m: i + 1
    for i, m in enumerate(
        "january february march april may june july august september october november december".split()
    )
}
_MONTH_ABBR = {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
               "sept": 9, "oct": 10, "nov": 11, "dec": 12}
_WEEKDAYS = {d: i for i, d in enumerate("monday tuesday wednesday thursday friday saturday sunday".split())}
_WEEKDAY_ABBR = {"mon": 0, "tue": 1, "tues": 1, "wed": 2, "thu": 3, "thur": 3, "thurs": 3,
                 "fri": 4, "sat": 5, "sun": 6}
_REL_HEAD = frozenset("last next this past coming previous".split())
_REL_TAIL = frozenset("week month year weekend night spring summer fall autumn winter decade century".split())
_REL_SINGLE = frozenset("yesterday today tomorrow tonight".split())
_AMPM = {"a.m.": 0, "am": 0, "p.m.": 12, "pm": 12}
_DATE_WORDS = frozenset(_MONTHS) | frozenset(_MONTH_ABBR) | frozenset(_WEEKDAYS) | frozenset(_WEEKDAY_ABBR) | (
    _REL_HEAD | _REL_SINGLE | {"noon", "midday", "midnight"}
)


class _Date(NamedTuple):
    family: str  # "md" (month/day or month) | "wd" | "yr" (year/decade) | "t" | "rel"
    key: tuple
    i1: int
    i2: int
    weak: bool = False


_DAY = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?")
_ISO_DATE = re.compile(r"((?:1[0-9]|20)\d\d)-(\d\d)-(\d\d)")
_DECADE = re.compile(r"(?:mid-|early-|late-)?((?:1[0-9]|20)\d0)s")
_YEAR = re.compile(r"(?:1[0-9]|20)\d\d")
_CLOCK = re.compile(r"(\d{1,2})(?::(\d\d))?")
_GLUED_CLOCK = re.compile(r"(\d{1,2})(?:[:.](\d\d))?(am|pm)")
_DOT_CLOCK = re.compile(r"(\d{1,2})\.(\d\d)")


def _day(tok: str) -> int | None:
    m = _DAY.fullmatch(tok)
    if m and 1 <= int(m.group(1)) <= 31:
        return int(m.group(1))
    return None


def _dates(side: _Side) -> list[_Date]:
    """Date/time mentions; marks their tokens so numbers do not read them again."""
    out: list[_Date] = []
    toks, norms, n = side.toks, side.norms, len(side.norms)
    used = side.date_tokens
    for i in range(n):
        t = norms[i]
        if i in used or (t[0].isalpha() and t not in _DATE_WORDS and not t.startswith(("mid-", "early-", "late-"))):
            continue  # fast path: ordinary words
        if not t[0].isalnum():
            continue
        raw = toks[i][0]
        cap = raw[:1].isupper()
        nxt = norms[i + 1] if i + 1 < n else ""
        # --- month [.] [day] or day month
        month = None
        if cap and t in _MONTHS:
            month = _MONTHS[t]
            if t in ("may", "march") and (i in side.starts or nxt == "") and not _day(nxt):
                month = None  # "May I", "March on"
        elif cap and t in _MONTH_ABBR and (nxt == "." or _day(nxt)):
            month = _MONTH_ABBR[t]
        if month:
            j = i + 1
            if j < n and norms[j] == ".":
                j += 1
            day = _day(norms[j]) if j < n else None
            if day:
                out.append(_Date("md", (month, day), i, j + 1))
                used.update(range(i, j + 1))
                continue
            if i >= 1 and _day(norms[i - 1]) and i - 1 not in used:  # "12 September"
                out.append(_Date("md", (month, _day(norms[i - 1])), i - 1, i + 1))
                used.update((i - 1, i))
                continue
            out.append(_Date("md", (month, None), i, i + 1))
            used.add(i)
            continue
        # --- weekdays
        if cap and (t in _WEEKDAYS or (t in _WEEKDAY_ABBR and nxt == ".")):
            out.append(_Date("wd", (_WEEKDAYS.get(t, _WEEKDAY_ABBR.get(t)),), i, i + 1))
            used.add(i)
            continue
        # --- ISO dates 2024-11-02
        m = _ISO_DATE.fullmatch(t)
        if m:
            out.append(_Date("yr", (int(m.group(1)), int(m.group(1))), i, i + 1))
            out.append(_Date("md", (int(m.group(2)), int(m.group(3))), i, i + 1))
            used.add(i)
            continue
        # --- decades (1990s, mid-1990s) and years
        m = _DECADE.fullmatch(t)
        if m:
            y = int(m.group(1))
            out.append(_Date("yr", (y, y + 9), i, i + 1))
            used.add(i)
            continue
        if _YEAR.fullmatch(t):
            prev = norms[i - 1] if i else ""
            if nxt not in _UNITS and nxt not in _SCALES and prev not in _CURRENCY and nxt != "per":
                y = int(t)
                out.append(_Date("yr", (y, y), i, i + 1))
                used.add(i)
                continue
        # --- clock times: 3 a.m., 9:19 am, 10:26; glued or with a dot before am/pm: 3pm, 3.30pm, 3.30 pm
        m = _GLUED_CLOCK.fullmatch(t) or (_DOT_CLOCK.fullmatch(t) if nxt in _AMPM else None)
        if m:
            h, mi = int(m.group(1)), int(m.group(2) or 0)
            ampm = m.group(3) if m.re is _GLUED_CLOCK else nxt
            if 1 <= h <= 12 and mi < 60:
                j = i + 1 if m.re is _GLUED_CLOCK else i + 2
                out.append(_Date("t", ((h % 12 + _AMPM[ampm]) * 60 + mi,), i, j))
                used.update(range(i, j))
                continue
        m = _CLOCK.fullmatch(t)
        if m and (nxt in _AMPM or m.group(2)):
            h, mi = int(m.group(1)), int(m.group(2) or 0)
            if h <= 24 and mi < 60:
                j = i + 1
                if nxt in _AMPM:
                    h = h % 12 + _AMPM[nxt]
                    j += 1
                out.append(_Date("t", (h * 60 + mi,), i, j))
                used.update(range(i, j))
                continue
        if t in ("noon", "midday", "midnight"):
            out.append(_Date("t", (720 if t != "midnight" else 0,), i, i + 1))
            used.add(i)
            continue
        # --- relative: last week, this year, yesterday
        if t in _REL_HEAD and nxt in _REL_TAIL:
            out.append(_Date("rel", (t, nxt), i, i + 2, weak=t == "this"))
            used.update((i, i + 1))
            continue
        if t in _REL_SINGLE:
            out.append(_Date("rel", (t,), i, i + 1, weak=t == "today"))
            used.add(i)
    return out


def _date_text(side: _Side, d: _Date) -> str:
    s, e = side.span(d.i1, d.i2)
    return side.text[s:e]


def find_date_changes(ctx: _Ctx) -> list[Finding]:
    """Dates compared as values: "Sept. 12" = "September 12"; Tuesday -> Wednesday is major."""
    out: list[Finding] = []
    do, dc = _dates(ctx.o), _dates(ctx.c)
    if not do and not dc:
        return out

    def compatible(a: _Date, b: _Date) -> bool:
        return a.family == b.family

    _, changed, only_o, only_c = _pair_mentions(ctx, do, dc, lambda d: (d.family, d.key), compatible)
    # different kinds of date in the same place ("on Tuesday" -> "yesterday"): minor
    loose = []
    for a in list(only_o):
        for b in only_c:
            if ctx.ops_of("o", a.i1, a.i2) & ctx.ops_of("c", b.i1, b.i2):
                loose.append((a, b))
                only_o.remove(a)
                only_c.remove(b)
                break
    for a, b in changed:
        sev = "major"
        if a.family == "yr" and a.key[0] <= b.key[1] and b.key[0] <= a.key[1]:
            sev = "minor"  # 2003 vs the 2000s: overlapping, less precise
        if a.family == "md" and a.key[0] == b.key[0] and None in (a.key[1], b.key[1]):
            sev = "minor"  # "October" vs "Oct. 28": day dropped/added
        if a.family == "rel" and (a.weak or b.weak):
            sev = "minor"
        out.append(
            ctx.finding("date", sev, ctx.o.span(a.i1, a.i2), ctx.c.span(b.i1, b.i2),
                        f"date changed: {_date_text(ctx.o, a)} → {_date_text(ctx.c, b)}", rule="date.changed")
        )
    for a, b in loose:
        out.append(
            ctx.finding("date", "minor", ctx.o.span(a.i1, a.i2), ctx.c.span(b.i1, b.i2),
                        f"date expressed differently: {_date_text(ctx.o, a)} → {_date_text(ctx.c, b)}",
                        rule="date.reworded")
        )
    for a in only_o:
        out.append(ctx.finding("date", "minor", ctx.o.span(a.i1, a.i2), None, f"date dropped: {_date_text(ctx.o, a)}",
                                  rule="date.dropped"))
    for b in only_c:
        out.append(ctx.finding("date", "minor", None, ctx.c.span(b.i1, b.i2), f"date added: {_date_text(ctx.c, b)}",
                                  rule="date.added"))
    return out
