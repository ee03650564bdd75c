"""Typed findings: WHAT changed meaning between an original passage and its copy, and WHERE.

``find_changes(original, copy)`` takes one aligned pair (one or a few sentences on each
side) and returns :class:`drift.types.Finding` objects of these kinds:

``number``       numeric values (digits, small number words, percentages, units, ordinals,
                 ages) changed, dropped or added; "more than" hedges dropped or flipped.
``date``         weekdays, month/day, years, decades, clock times, "last week"-style phrases.
``name``         proper nouns found by capitalisation cues (or an optional NER hook)
                 replaced by a different name, dropped or added.
``spelling``     the same name in another romanisation / exonym / house style
                 (Kyiv/Kiev, Zelenskyy/Zelensky, U.S./United States).
``negation``     polarity flips ("did" -> "did not") and a small lexicon of antonym flips
                 (increase/decrease, inspire/stifle, approve/reject ...).
``quote``        words inside quotation marks that did not survive verbatim.
``attribution``  who said/reported it: the source changed, vanished or was added.
``omission`` / ``addition``  a run of >= 4 words carrying content present on one side only.

Everything is rule-based (stdlib + rapidfuzz), so thousands of pairs per second are
checked. Offsets are Python string indices: for every finding
``original[s:e] == finding.original`` and ``copy[s:e] == finding.copy``; a span is
``None`` (and the text "") only where the thing exists on one side only.

The backbone is :func:`word_diff`, a token-level ``difflib`` alignment on case-folded,
typography-normalised tokens; every detector uses its opcodes to decide which mention on
one side corresponds to which on the other ("same opcode" = "same position").
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections import Counter
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable, NamedTuple

from rapidfuzz.distance import Levenshtein

from drift.types import SEVERITY_RANK, Finding

FINDINGS_NAME = "drift-findings@1"

__all__ = [
    "FINDINGS_NAME",
    "KINDS",
    "find_changes",
    "tokenize",
    "word_diff",
    "normalise_token",
    "romanisation_key",
    "is_spelling_variant",
    "set_name_finder",
]

KINDS = (
    "number",
    "date",
    "name",
    "spelling",
    "negation",
    "quote",
    "attribution",
    "omission",
    "addition",
)

_EXONYMS_PATH = Path(__file__).with_name("data") / "exonyms.tsv"

# --------------------------------------------------------------------------------------
# Tokens and the word diff
# --------------------------------------------------------------------------------------

_TOKEN_RE = re.compile(
    r"""
      (?:[A-Za-z]\.){2,}(?![A-Za-z])            # U.S.  U.K.  a.m.  p.m.
    | \d+(?:[.,:]\d+)*(?:[A-Za-z]+)?(?:-\w+)*   # 10,000  99.99  9:19  24th  1990s  40-year-old
    | \w+(?:['’\-]\w+)*                         # Russia’s  can't  pre-emptive  F-16
    | \.\.\.                                    # ASCII ellipsis (one token, like …)
    | [^\w\s]                                   # any other single symbol
    """,
    re.X,
)

# Typography that never changes meaning: curly vs straight quotes and apostrophes,
# en/em dashes vs hyphen, … vs ..., non-breaking space.
_TYPO = str.maketrans(
    {
        "‘": "'", "’": "'", "‚": "'", "‛": "'", "′": "'", "`": "'",
        "“": '"', "”": '"', "„": '"', "‟": '"', "«": '"', "»": '"', "″": '"',
        "‹": "'", "›": "'",
        "–": "-", "—": "-", "‒": "-", "―": "-", "−": "-", "‐": "-", "‑": "-",
        "…": "...", "\u00a0": " ",
    }
)


def tokenize(text: str) -> list[tuple[str, int, int]]:
    """Word, number and punctuation tokens of ``text`` as ``(token, start, end)``."""
    return [(m.group(), m.start(), m.end()) for m in _TOKEN_RE.finditer(text)]


@lru_cache(maxsize=1 << 16)
def normalise_token(token: str) -> str:
    """The form tokens are compared in: typography-normalised and case-folded."""
    return token.translate(_TYPO).casefold()


@lru_cache(maxsize=1 << 16)
def _strip_accents(s: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKD", s) if not unicodedata.combining(ch))


class _Side:
    """One text with its tokens, their normalised forms and cached per-token facts."""

    __slots__ = ("text", "toks", "norms", "cap", "starts", "date_tokens", "names", "nums", "caps", "neg")

    def __init__(self, text: str) -> None:
        self.text = text
        self.toks = tokenize(text)
        self.norms = [normalise_token(t) for t, _, _ in self.toks]
        self.cap = [t[0].isupper() and t[0].isalpha() for t, _, _ in self.toks]  # capitalised word?
        self.starts = _sentence_starts(text, self.toks, self.norms)
        self.date_tokens: set[int] = set()
        self.names: list[_Name] = []
        self.nums: list[_Num] | None = None  # filled by _numbers() after _dates() ran
        self.caps: set[str] | None = None  # keys of capitalised tokens (_caps_keys)
        self.neg: list[int] | None = None  # negation cue indices (_negation_cues)

    def span(self, i1: int, i2: int) -> tuple[int, int]:
        """Character span of tokens [i1, i2); an empty range anchors after token i1-1."""
        if i1 < i2:
            return (self.toks[i1][1], self.toks[i2 - 1][2])
        pos = self.toks[i1 - 1][2] if i1 > 0 else 0
        return (pos, pos)

    def is_word(self, i: int) -> bool:
        return self.toks[i][0][0].isalnum()


class _Ctx:
    """Both sides plus their token alignment (difflib opcodes)."""

    def __init__(self, original: str, copy: str) -> None:
        self.o = _Side(original)
        self.c = _Side(copy)
        sm = difflib.SequenceMatcher(None, self.o.norms, self.c.norms, autojunk=False)
        self.ops = sm.get_opcodes()
        self.o_op = [0] * len(self.o.toks)
        self.c_op = [0] * len(self.c.toks)
        for k, (_, i1, i2, j1, j2) in enumerate(self.ops):
            for i in range(i1, i2):
                self.o_op[i] = k
            for j in range(j1, j2):
                self.c_op[j] = k

    def finding(self, kind, severity, ospan, cspan, message) -> Finding:
        # Empty spans become None so that "exists on one side only" is explicit.
        if ospan is not None and ospan[0] >= ospan[1]:
            ospan = None
        if cspan is not None and cspan[0] >= cspan[1]:
            cspan = None
        return Finding(
            kind,
            severity,
            self.o.text[ospan[0] : ospan[1]] if ospan else "",
            self.c.text[cspan[0] : cspan[1]] if cspan else "",
            ospan,
            cspan,
            message,
        )

    def ops_of(self, side: str, i1: int, i2: int) -> set[int]:
        """Opcode indices covering tokens [i1, i2) of one side (or the anchor for empty)."""
        table = self.o_op if side == "o" else self.c_op
        if not table:
            return {0}
        if i1 >= i2:
            return {table[min(i1, len(table) - 1)]}
        return set(table[i1:i2])

    def counterpart(self, side: str, i1: int, i2: int) -> tuple[int, int]:
        """Token range on the other side that the diff aligns with tokens [i1, i2)."""
        ks = sorted(self.ops_of(side, i1, i2))
        if side == "o":
            return (self.ops[ks[0]][3], self.ops[ks[-1]][4])
        return (self.ops[ks[0]][1], self.ops[ks[-1]][2])


def word_diff(original: str, copy: str) -> list[tuple[str, tuple[int, int], tuple[int, int]]]:
    """difflib opcodes over normalised tokens, mapped to character spans in each text.

    Empty token ranges (the missing side of an insert/delete) become an empty span
    anchored just after the preceding token.
    """
    ctx = _Ctx(original, copy)
    return [(tag, ctx.o.span(i1, i2), ctx.c.span(j1, j2)) for tag, i1, i2, j1, j2 in ctx.ops]


# --------------------------------------------------------------------------------------
# Small word lists
# --------------------------------------------------------------------------------------

_FUNCTION_WORDS = frozenset(
    """a an the and or but nor so yet for of in on at to from by with without about against
    between into through during before after above below up down out off over under again
    further then once here there when where why how all any both each few more most other
    some such only own same than too very can will just don should now is are was were be
    been being have has had having do does did doing would could might must shall may i me
    my myself we our ours you your he him his she her it its they them their what which who
    whom this that these those am as until while because if also it's 's s t one ones
    there's that's via per upon onto within across along among amid around near well even
    still already""".split()
)

# Capitalised words that are not names when they open a sentence (or a title-case headline).
_NOT_NAMES = _FUNCTION_WORDS | frozenset(
    """meanwhile however although though since after before when while if as because despite
    during later earlier several many most some another other nearly more still even yet so
    then now today yesterday tomorrow tonight until instead once both each every all no not
    only just such according read watch follow top last next first new photo video posted
    updated copyright skip clear close recommended related advertisement subscribe share
    local breaking live opinion analysis editorial news update""".split()
)

_TITLES = frozenset(
    """president prime minister gov governor mayor gen general maj major col colonel lt
    lieutenant sgt sergeant adm admiral sen senator rep representative mr mrs ms dr prof
    king queen prince princess pope chancellor secretary spokesman spokeswoman spokesperson
    chief commander ambassador judge justice lord sir dame premier vice deputy foreign
    defense defence interior minister's capt captain cmdr""".split()
)

# Abbreviations whose trailing "." does not end a sentence.
_ABBREVIATIONS = frozenset(
    """mr mrs ms dr st gov gen maj col lt sgt sen rep adm capt cmdr prof jr sr no vs etc
    jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat
    sun ft mt inc corp co ltd""".split()
)

_CONNECTORS = frozenset("of for de del da di von van der den al bin ibn la le du".split())

def _content_words(norms: Iterable[str]) -> list[str]:
    return [w for w in norms if w[0].isalnum() and w not in _FUNCTION_WORDS]


@lru_cache(maxsize=1 << 16)
def _stem(w: str) -> str:
    """A very light stem used only to decide whether a word re-appears elsewhere."""
    w = w.replace("'", "")
    if len(w) > 5 and w.endswith(("ied", "ies")):
        return w[:-3] + "y"
    for suf in ("ing", "ed", "es", "s"):
        if w.endswith(suf) and len(w) - len(suf) >= 4:
            return w[: -len(suf)]
    return w


_SENT_END = frozenset({".", "!", "?", ":", ";", "|", "...", "\n"})
_OPENERS = frozenset({'"', "'", "(", "[", "-"})


def _sentence_starts(text: str, toks, norms) -> set[int]:
    """Token indices that open a sentence (where a capital letter says nothing)."""
    starts: set[int] = set()
    expect = True
    for i, (t, s, e) in enumerate(toks):
        if i > 0 and "\n" in text[toks[i - 1][2] : s]:
            expect = True
        n = norms[i]
        if expect:
            if n in _OPENERS:
                continue  # an opening quote/bracket before the first word
            starts.add(i)
            expect = False
        if n in _SENT_END:
            if n == "." and i > 0:
                prev = norms[i - 1]
                # "Gov." "Sept." "C." (initial) do not end a sentence
                if prev in _ABBREVIATIONS or (len(prev) == 1 and prev.isalpha()):
                    continue
            expect = True
    return starts


# --------------------------------------------------------------------------------------
# Numbers
# --------------------------------------------------------------------------------------

_NUM_WORDS = {
    w: i
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen "
        "fourteen fifteen sixteen seventeen eighteen nineteen".split()
    )
}
_NUM_WORDS.update(
    {w: 10 * (i + 2) for i, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split())}
)
_NUM_WORDS["dozen"] = 12
_ORD_WORDS = {
    w: i + 1
    for i, w in enumerate("first second third fourth fifth sixth seventh eighth ninth tenth".split())
}
_SCALES = {"hundred": 100, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "bn": 1e9}
_UNITS = {
    "%": "percent", "percent": "percent", "pct": "percent",
    "km": "km", "kilometer": "km", "kilometers": "km", "kilometre": "km", "kilometres": "km",
    "mile": "mi", "miles": "mi", "mi": "mi",
    "meter": "m", "meters": "m", "metre": "m", "metres": "m",
    "kg": "kg", "kilogram": "kg", "kilograms": "kg",
    "ton": "t", "tons": "t", "tonne": "t", "tonnes": "t",
    "degree": "deg", "degrees": "deg",
    "second": "s", "seconds": "s", "minute": "min", "minutes": "min",
    "hour": "h", "hours": "h", "day": "d", "days": "d", "week": "wk", "weeks": "wk",
    "month": "mo", "months": "mo", "year": "yr", "years": "yr",
    "dollar": "usd", "dollars": "usd", "euro": "eur", "euros": "eur", "yen": "jpy",
    "ruble": "rub", "rubles": "rub", "roubles": "rub", "hryvnia": "uah", "hryvnias": "uah",
}
_CURRENCY = {"$": "usd", "us$": "usd", "€": "eur", "£": "gbp", "¥": "jpy"}
# Words before a number that make it approximate (ignored) or a bound (flag if dropped).
_HEDGES = {
    ("more", "than"): "gt", ("at", "least"): "gt", ("upwards", "of"): "gt", ("just", "over"): "gt",
    ("over",): "gt", ("above",): "gt", ("exceeding",): "gt",
    ("less", "than"): "lt", ("fewer", "than"): "lt", ("up", "to"): "lt", ("at", "most"): "lt",
    ("under",): "lt", ("below",): "lt", ("just", "under"): "lt", ("as", "many", "as"): "lt",
    ("about",): "~", ("around",): "~", ("some",): "~", ("roughly",): "~", ("approximately",): "~",
    ("nearly",): "~", ("almost",): "~", ("estimated",): "~", ("close", "to"): "~", ("circa",): "~",
}
_NUMBER_TOKEN = re.compile(r"(\d+(?:[.,]\d+)*)(st|nd|rd|th)?(?:-(.+))?")
_PLAIN_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


class _Num(NamedTuple):
    value: object  # float for quantities, str for codes such as "F-16" or ranges "10-15"
    unit: str | None
    kind: str  # "num" | "ord" | "code"
    i1: int
    i2: int
    weak: bool  # "one"/"first": too common as pronoun/adverb to report when dropped
    hedge: tuple[str, str] | None  # (class, words): "gt"/"lt" bounds, "~" approximations


def _parse_number(s: str) -> float | None:
    """'10,000' -> 10000, '99,99' -> 99.99 (decimal comma), '1.234,5' -> 1234.5."""
    if "," in s and "." in s:
        if s.rfind(",") > s.rfind("."):
            s = s.replace(".", "").replace(",", ".")
        else:
            s = s.replace(",", "")
    elif "," in s:
        groups = s.split(",")
        if len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:]):
            s = s.replace(",", "")
        elif len(groups) == 2:
            s = s.replace(",", ".")
        else:
            return None
    elif s.count(".") > 1:
        groups = s.split(".")
        if len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:]):
            s = s.replace(".", "")
        else:
            return None
    try:
        value = float(s)
    except ValueError:
        return None
    # A 400-digit number is inf, like every other one: compared as a string (a code) instead.
    return value if value not in (float("inf"), float("-inf")) else None


def _hedge_before(side: _Side, i: int) -> tuple[str, str] | None:
    """(class, words) of a hedge right before token i: ("gt", "more than"), ("~", "about")."""
    for n in (3, 2, 1):
        if i - n < 0:
            continue
        key = tuple(side.norms[i - n : i])
        if key in _HEDGES:
            return (_HEDGES[key], " ".join(key))
    return None


def _numbers(side: _Side) -> list[_Num]:
    """Numeric mentions of one side (cached), skipping tokens already read as dates."""
    if side.nums is None:
        side.nums = _scan_numbers(side)
    return side.nums


def _scan_numbers(side: _Side) -> list[_Num]:
    # one mention = [currency] number [scale] [unit]; hedges are read just before it
    out: list[_Num] = []
    norms, n = side.norms, len(side.norms)
    i = 0
    while i < n:
        if i in side.date_tokens:
            i += 1
            continue
        t = norms[i]
        if t[0].isalpha() and not _maybe_number_word(t):
            i += 1
            continue  # fast path: ordinary words
        value: object = None
        unit = None
        kind = "num"
        weak = False
        j = i + 1
        m = _NUMBER_TOKEN.fullmatch(t)
        if m:
            value = _parse_number(m.group(1))
            if m.group(2):
                kind = "ord"
            rest = m.group(3)
            if rest:
                if _PLAIN_NUMBER.fullmatch(rest):  # a range "10-15"
                    value, kind = f"{m.group(1)}-{rest}", "code"
                elif rest.startswith("year-old"):
                    unit = "age"
                else:
                    unit = _UNITS.get(rest.split("-")[0], rest.split("-")[0])
            if value is None:
                value, kind = t, "code"
        elif t in _NUM_WORDS or t.split("-")[0] in _NUM_WORDS:
            head, _, rest = t.partition("-")
            value = float(_NUM_WORDS[head])
            if rest in _NUM_WORDS and _NUM_WORDS[rest] < 10:  # twenty-one
                value += _NUM_WORDS[rest]
            elif rest:
                unit = "age" if rest.startswith("year-old") else _UNITS.get(rest.split("-")[0], rest.split("-")[0])
            weak = t == "one"
        elif t in _ORD_WORDS:
            value, kind, weak = float(_ORD_WORDS[t]), "ord", True
        elif _HAS_DIGIT(t) and side.is_word(i):
            value, kind = t, "code"  # F-16, G7, MH17, Covid-19
        if value is None:
            i += 1
            continue
        # scale words ("1.2 million") and units ("1 percent", "800 kilometers")
        if isinstance(value, float) and j < n and norms[j] in _SCALES:
            value *= _SCALES[norms[j]]
            weak = False
            j += 1
        if unit is None and j < n:
            if norms[j] in _UNITS:
                unit = _UNITS[norms[j]]
                j += 1
            elif norms[j] == "per" and j + 1 < n and norms[j + 1] == "cent":
                unit, j = "percent", j + 2
            elif norms[j] == "percentage" and j + 1 < n and norms[j + 1] == "points":
                unit, j = "pp", j + 2
        start = i
        if i > 0 and norms[i - 1] in _CURRENCY:
            unit = _CURRENCY[norms[i - 1]]
            start = i - 1
            if i > 1 and norms[i - 2] == "us" and norms[i - 1] == "$":
                start = i - 2
        out.append(_Num(value, unit, kind, start, j, weak, _hedge_before(side, start)))
        i = j
    return out


@lru_cache(maxsize=1 << 16)
def _maybe_number_word(t: str) -> bool:
    return t in _NUM_WORDS or t in _ORD_WORDS or t.split("-")[0] in _NUM_WORDS or _HAS_DIGIT(t) is not None


_HAS_DIGIT = re.compile(r"\d").search


def _same_value(a: object, b: object) -> bool:
    if isinstance(a, float) and isinstance(b, float):
        return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))
    return a == b


def _pair_mentions(ctx: _Ctx, left: list, right: list, key, compatible):
    """Match mentions across sides: equal keys anywhere, then leftovers by diff position.

    Returns (matched pairs, changed pairs, left-only, right-only). ``compatible(a, b)``
    says whether two unequal mentions may be read as "one changed into the other".
    """
    matched, changed = [], []
    rest_r = list(right)
    rest_l = []
    for a in left:
        for b in rest_r:
            if key(a) == key(b):
                matched.append((a, b))
                rest_r.remove(b)
                break
        else:
            rest_l.append(a)
    # leftovers sharing an opcode ("10,000" replaced by "5,000" in the same place)
    still_l = []
    for a in rest_l:
        ops = ctx.ops_of("o", a.i1, a.i2)
        for b in rest_r:
            if ops & ctx.ops_of("c", b.i1, b.i2) and compatible(a, b):
                changed.append((a, b))
                rest_r.remove(b)
                break
        else:
            still_l.append(a)
    # any remaining mentions on both sides: a value vanished and another appeared
    only_l = []
    for a in still_l:
        for b in rest_r:
            if compatible(a, b) and not (a.weak or b.weak):
                changed.append((a, b))
                rest_r.remove(b)
                break
        else:
            only_l.append(a)
    return matched, changed, only_l, rest_r


def find_number_changes(ctx: _Ctx) -> list[Finding]:
    """Numeric values changed (major), dropped/added (minor), bound hedges changed."""
    out: list[Finding] = []
    lo, lc = _numbers(ctx.o), _numbers(ctx.c)
    if not lo and not lc:
        return out

    def key(m: _Num):
        return (m.kind, round(m.value, 9) if isinstance(m.value, float) else m.value, m.unit)

    def compatible(a: _Num, b: _Num) -> bool:
        return a.kind == b.kind or {a.kind, b.kind} == {"num", "code"}

    # first pass on (value, unit); second pass on value alone catches unit changes
    matched, changed, only_o, only_c = _pair_mentions(ctx, lo, lc, key, lambda a, b: False)
    m2, changed, only_o, only_c = _pair_mentions(
        ctx, only_o, only_c, lambda m: (m.kind, key(m)[1]), compatible
    )
    for a, b in matched + m2:
        os_, cs = ctx.o.span(a.i1, a.i2), ctx.c.span(b.i1, b.i2)
        if a.unit != b.unit and a.unit and b.unit and a.unit in _UNITS.values() and b.unit in _UNITS.values():
            out.append(ctx.finding("number", "major", os_, cs, f"unit changed: {_txt(ctx.o, a)} → {_txt(ctx.c, b)}"))
            continue
        # "some"/"about"/"around" come and go freely; a bound ("more than") does not
        ha = a.hedge if a.hedge and a.hedge[0] != "~" else None
        hb = b.hedge if b.hedge and b.hedge[0] != "~" else None
        if (ha and ha[0]) != (hb and hb[0]):
            if ha and hb:  # "more than 7,000" became "fewer than 7,000"
                msg = f"bound flipped: {ha[1]} {_txt(ctx.o, a)} → {hb[1]} {_txt(ctx.c, b)}"
                out.append(ctx.finding("number", "major", os_, cs, msg))
            elif ha:
                out.append(ctx.finding("number", "minor", os_, cs, f"'{ha[1]}' dropped before {_txt(ctx.o, a)}"))
            else:
                out.append(ctx.finding("number", "minor", os_, cs, f"'{hb[1]}' added before {_txt(ctx.c, b)}"))
    for a, b in changed:
        out.append(
            ctx.finding(
                "number", "major", ctx.o.span(a.i1, a.i2), ctx.c.span(b.i1, b.i2),
                f"number changed: {_txt(ctx.o, a)} → {_txt(ctx.c, b)}",
            )
        )
    for a in only_o:
        if not a.weak:
            msg = f"number dropped: {_txt(ctx.o, a)}"
            out.append(ctx.finding("number", "minor", ctx.o.span(a.i1, a.i2), None, msg))
    for b in only_c:
        if not b.weak:
            out.append(ctx.finding("number", "minor", None, ctx.c.span(b.i1, b.i2), f"number added: {_txt(ctx.c, b)}"))
    return out


def _txt(side: _Side, m) -> str:
    s, e = side.span(m.i1, m.i2)
    return side.text[s:e]


# --------------------------------------------------------------------------------------
# Dates and times
# --------------------------------------------------------------------------------------

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
        # --- clock times: 3 a.m., 9:19 am, 10:26
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
                        f"date changed: {_date_text(ctx.o, a)} → {_date_text(ctx.c, b)}")
        )
    for a, b in loose:
        out.append(
            ctx.finding("date", "minor", ctx.o.span(a.i1, a.i2), ctx.c.span(b.i1, b.i2),
                        f"date expressed differently: {_date_text(ctx.o, a)} → {_date_text(ctx.c, b)}")
        )
    for a in only_o:
        out.append(ctx.finding("date", "minor", ctx.o.span(a.i1, a.i2), None, f"date dropped: {_date_text(ctx.o, a)}"))
    for b in only_c:
        out.append(ctx.finding("date", "minor", None, ctx.c.span(b.i1, b.i2), f"date added: {_date_text(ctx.c, b)}"))
    return out


# --------------------------------------------------------------------------------------
# Names and spelling variants
# --------------------------------------------------------------------------------------

_NameFinder = Callable[[str], Iterable[tuple[int, int]]]
_NAME_FINDER: _NameFinder | None = None


def set_name_finder(fn: _NameFinder | None) -> None:
    """Plug in an NER function ``text -> [(start, end), ...]`` (e.g. spaCy PERSON/GPE/ORG).

    When set, names are the word tokens inside its spans (plus all-caps acronyms) instead
    of the capitalisation heuristic. ``None`` restores the heuristic.
    """
    global _NAME_FINDER
    _NAME_FINDER = fn


class _Name(NamedTuple):
    i: int  # token index
    start: int  # char span with any possessive 's stripped
    end: int
    key: str  # case/diacritic/dot-insensitive form
    run: int  # tokens of one multi-word name share a run id
    title: bool
    weak: bool = False  # sentence-initial capital with no other cue: spelling checks only


_POSSESSIVE = re.compile(r"(?:['’]s|['’])$")


@lru_cache(maxsize=1 << 16)
def _name_key(token: str) -> str:
    t = _POSSESSIVE.sub("", token) if len(token) > 2 else token
    return _strip_accents(t.translate(_TYPO)).casefold().replace(".", "")


def _is_cap(tok: str) -> bool:
    return tok[:1].isalpha() and tok[:1].isupper()


def _is_acronym(tok: str) -> bool:
    letters = [ch for ch in tok if ch.isalpha()]
    return len(letters) >= 2 and all(ch.isupper() for ch in letters)


def _name_tokens(ctx: _Ctx, side: _Side, caps_mid: set[str]) -> list[_Name]:
    toks, norms, n = side.toks, side.norms, len(side.toks)
    flags = [False] * n
    weak = [False] * n
    ner_spans = list(_NAME_FINDER(side.text)) if _NAME_FINDER else None
    for i, (raw, s, e) in enumerate(toks):
        if not side.cap[i] or i in side.date_tokens:
            continue
        key = _name_key(raw)
        acronym = _is_acronym(raw)
        if ner_spans is not None:
            flags[i] = acronym or any(a < e and s < b for a, b in ner_spans)
            continue
        if key in _NOT_NAMES and not acronym:
            continue
        if i in side.starts and not acronym:
            # A capital at a sentence start proves nothing: accept the word only when
            # another cue says it is a name (next word capitalised, possessive, a
            # reporting verb follows, or it is capitalised mid-sentence somewhere).
            nxt = toks[i + 1][0] if i + 1 < n else ""
            cues = (
                (_is_cap(nxt) and _name_key(nxt) not in _NOT_NAMES)
                or _POSSESSIVE.search(raw) is not None
                or (i + 1 < n and norms[i + 1] in _SAY_VERBS)
                or key in caps_mid
                or (i + 1 < n and norms[i + 1] in _AUX_AFTER_NAME and _bare_singular(key))
            )
            if not cues:
                weak[i] = True  # may still be matched as a spelling variant
                continue
        flags[i] = True
    names: list[_Name] = []
    run = -1
    prev_i = -10
    for i in range(n):
        if not (flags[i] or weak[i]):
            continue
        raw, s, e = toks[i]
        joined = False
        if names and names[-1].i == prev_i and not weak[i] and not _POSSESSIVE.search(toks[prev_i][0]):
            gap = i - prev_i
            if gap == 1:
                joined = True
            elif gap == 2:
                mid = norms[i - 1]
                joined = mid in _CONNECTORS or (
                    mid == "." and (norms[prev_i] in _ABBREVIATIONS or len(norms[prev_i]) == 1)
                )
        if not joined:
            run += 1
        m = _POSSESSIVE.search(raw) if len(raw) > 2 else None
        end = s + m.start() if m else e
        names.append(_Name(i, s, end, _name_key(raw), run, _name_key(raw) in _TITLES, weak[i]))
        prev_i = i
    return names


# "Orbán is ..." : a singular count noun needs a determiner ("The man is"), a name does not.
_AUX_AFTER_NAME = frozenset("is was has had will would can could did does may might must should".split())
_MASS_SUFFIXES = ("tion", "sion", "ism", "ity", "ness", "ment", "ance", "ence", "ing", "ship", "age", "ure", "ery")


def _bare_singular(key: str) -> bool:
    return not (key.endswith("s") and not key.endswith("ss")) and not key.endswith(_MASS_SUFFIXES)


def _caps_keys(side: _Side) -> set[str]:
    if side.caps is not None:
        return side.caps
    keys = side.caps = set()
    for (raw, _, _), cap in zip(side.toks, side.cap):
        if cap:
            k = _name_key(raw)
            keys.add(k)
            keys.update(k.split("-"))
    return keys


@lru_cache(maxsize=1 << 16)
def romanisation_key(word: str) -> str:
    """Spelling-insensitive key: Zelenskyy/Zelensky/Zelenskiy, Ihor/Igor, Kharkiv/Kharkov ...

    Lowercase, strip diacritics, then collapse the usual transliteration choices:
    kh->h, h->g (Ukrainian г), ck->k, ph->f, w->v, q->k, y/j->i, double letters->single,
    and drop a trailing -i/-y/-iy/-yy ending.
    """
    s = re.sub(r"[^a-z]", "", _strip_accents(word).casefold())
    for a, b in (("sch", "sh"), ("kh", "h"), ("ck", "k"), ("ph", "f"), ("w", "v"), ("q", "k"), ("x", "ks")):
        s = s.replace(a, b)
    s = s.replace("j", "i").replace("y", "i")
    s = re.sub(r"(?<![csztg])h", "g", s)
    s = re.sub(r"(.)\1+", r"\1", s)
    s = re.sub(r"(?<=[^aeiou])re$", "er", s).replace("our", "or")  # Centre/Center, Harbour/Harbor
    if len(s) > 4 and s.endswith("i"):
        s = s[:-1]
    return s


def _skeleton(key: str) -> str:
    return re.sub(r"(.)\1+", r"\1", key[:1] + re.sub(r"[aeiou]", "", key[1:]))


_PLACE_ENDINGS = ("", "e", "a", "ia", "ain")  # Russia, Ukraine, Korea, Britain ...
_PEOPLE_ENDINGS = ("n", "an", "ian", "ean", "ese", "i", "ish", "ic", "ans", "ns")  # -n, -ian, -ese, -ish


def _demonym_related(a: str, b: str) -> bool:
    """Russia/Russian, Ukraine/Ukrainian, Korea/Korean, China/Chinese, Britain/British.

    A shared stem of 4+ letters, one side ending like a place, the other like its people
    (never two places: Niger/Nigeria, Austria/Australia stay different).
    """
    p = 0
    while p < min(len(a), len(b)) and a[p] == b[p]:
        p += 1
    if p < 4:
        return False
    ra, rb = a[p:], b[p:]
    return (ra in _PLACE_ENDINGS and rb in _PEOPLE_ENDINGS) or (rb in _PLACE_ENDINGS and ra in _PEOPLE_ENDINGS)


@lru_cache(maxsize=1 << 16)
def is_spelling_variant(a: str, b: str) -> str | None:
    """'table', 'rule' or 'demonym' when ``a`` and ``b`` name the same thing, else None.

    The rule: equal romanisation keys, or equal consonant skeletons with at most a few
    edits that touch only the vowels i/e/o (Kyiv/Kiev, Kharkiv/Kharkov, Lviv/Lvov) --
    strict enough that Iran/Iraq, Mali/Mila, Israel/India stay different names.
    """
    ka, kb = _name_key(a), _name_key(b)
    if ka == kb:
        return "same"
    if len(ka) > 3 and len(kb) > 3 and ka.rstrip("s") == kb.rstrip("s"):
        return "demonym"  # Koreans / Korean
    if kb in _exonyms().get(ka, {}):
        return "table"
    ra, rb = romanisation_key(ka), romanisation_key(kb)
    if len(ra) >= 3 and ra == rb:
        return "rule"
    if len(ra) >= 3 and len(rb) >= 3 and _skeleton(ra) == _skeleton(rb):
        ops = Levenshtein.editops(ra, rb)
        budget = max(1, min(len(ra), len(rb)) // 4)
        touched = {ra[op.src_pos] for op in ops if op.tag != "insert" and op.src_pos < len(ra)}
        touched |= {rb[op.dest_pos] for op in ops if op.tag != "delete" and op.dest_pos < len(rb)}
        if len(ops) <= budget and touched <= set("ieo"):
            return "rule"
    if _demonym_related(ka, kb):
        return "demonym"
    if len(ra) >= 5 and len(rb) >= 5 and ra[0] == rb[0]:
        ops = Levenshtein.editops(ra, rb)
        if len(ops) == 1 and ops[0].tag in ("insert", "delete"):
            ch = ra[ops[0].src_pos] if ops[0].tag == "delete" else rb[ops[0].dest_pos]
            if ch == "h":
                return "rule"  # a digraph's h: Kronshtadt/Kronstadt, Ashkelon/Askelon
            if min(len(ka), len(kb)) >= 6:
                return "rule"  # one letter lost or added in a long name: Lempart/Lempat
    return None


@lru_cache(maxsize=1)
def _exonyms() -> dict[str, dict[str, str]]:
    """key -> {variant key: severity}, read from drift/data/exonyms.tsv (symmetric)."""
    table: dict[str, dict[str, str]] = {}
    try:
        lines = _EXONYMS_PATH.read_text(encoding="utf-8").splitlines()
    except OSError:
        return table
    for line in lines:
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) < 2:
            continue
        a, b = (" ".join(_name_key(w) for w in c.split()) for c in cols[:2])
        sev = cols[2].strip() if len(cols) > 2 and cols[2].strip() in ("none", "minor") else "minor"
        table.setdefault(a, {})[b] = sev
        table.setdefault(b, {})[a] = sev
    return table


def _phrases(names: list[_Name], max_len: int = 4):
    """Contiguous sub-runs of each multi-word name: (key, first, last) with name indices."""
    out = []
    for a in range(len(names)):
        for b in range(a, min(a + max_len, len(names))):
            if names[b].run != names[a].run:
                break
            out.append((" ".join(x.key for x in names[a : b + 1]), a, b))
    return out


def find_name_changes(ctx: _Ctx) -> list[Finding]:
    """Names replaced (major), dropped/added (minor); spelling variants (kind ``spelling``)."""
    out: list[Finding] = []
    caps_mid = set()
    for side in (ctx.o, ctx.c):
        for i, (raw, _, _) in enumerate(side.toks):
            if side.cap[i] and i not in side.starts:
                caps_mid.add(_name_key(raw))
    no = ctx.o.names = _name_tokens(ctx, ctx.o, caps_mid)
    nc = ctx.c.names = _name_tokens(ctx, ctx.c, caps_mid)
    o_keys, c_keys = _caps_keys(ctx.o), _caps_keys(ctx.c)

    def present(key: str, keys: set[str]) -> bool:
        return key in keys or all(p in keys for p in key.split("-"))

    open_o = {k for k, x in enumerate(no) if not present(x.key, c_keys)}
    open_c = {k for k, x in enumerate(nc) if not present(x.key, o_keys)}
    if not open_o and not open_c:
        return out

    def dist(ko: int, kc: int) -> float:
        a, b = no[ko], nc[kc]
        same_op = bool(ctx.ops_of("o", a.i, a.i + 1) & ctx.ops_of("c", b.i, b.i + 1))
        return (0 if same_op else 1) + abs(a.i / max(1, len(ctx.o.toks)) - b.i / max(1, len(ctx.c.toks)))

    def variant(ospan, cspan, sev) -> None:
        otxt, ctxt = ctx.o.text[ospan[0] : ospan[1]], ctx.c.text[cspan[0] : cspan[1]]
        msg = f"{otxt} spelled {ctxt}" if sev == "minor" else f"{otxt} written as {ctxt}"
        out.append(ctx.finding("spelling", sev, ospan, cspan, msg))

    # 1. exonym table, phrase level (U.S. <-> United States, Britain <-> UK)
    table = _exonyms()
    ph_o, ph_c = _phrases(no), _phrases(nc)
    for key, a, b in ph_o:
        if key in table and set(range(a, b + 1)) & open_o:
            cands = [(k2, a2, b2) for k2, a2, b2 in ph_c if k2 in table[key]]
            if cands:
                k2, a2, b2 = min(cands, key=lambda c: dist(a, c[1]))
                open_o.difference_update(range(a, b + 1))
                open_c.difference_update(range(a2, b2 + 1))
                variant((no[a].start, no[b].end), (nc[a2].start, nc[b2].end), table[key][k2])
    for key, a, b in ph_c:
        if key in table and set(range(a, b + 1)) & open_c:
            cands = [(k2, a2, b2) for k2, a2, b2 in ph_o if k2 in table[key]]
            if cands:
                k2, a2, b2 = min(cands, key=lambda c: dist(c[1], a))
                open_c.difference_update(range(a, b + 1))
                open_o.difference_update(range(a2, b2 + 1))
                variant((no[a2].start, no[b2].end), (nc[a].start, nc[b].end), table[key][k2])

    # 2. general romanisation rule and demonyms, token level (Kyiv/Kiev, Russia/Russian)
    def spell(ko: int, kc: int, how: str) -> None:
        a, b = no[ko], nc[kc]
        sev = "none" if how == "demonym" else "minor"
        if how == "table":
            sev = table[a.key].get(b.key, "minor")
        variant((a.start, a.end), (b.start, b.end), sev)

    for ko in sorted(open_o):
        cands = [(kc, is_spelling_variant(no[ko].key, nc[kc].key)) for kc in range(len(nc))]
        cands = [(kc, how) for kc, how in cands if how and how != "same"]
        if not cands:
            continue
        # prefer a counterpart that is itself unexplained; else any occurrence (Kyiv x2 -> Kiev)
        pool = [c for c in cands if c[0] in open_c] or cands
        kc, how = min(pool, key=lambda c: dist(ko, c[0]))
        open_o.discard(ko)
        open_c.discard(kc)
        spell(ko, kc, how)
    for kc in sorted(open_c):
        cands = [(ko, is_spelling_variant(no[ko].key, nc[kc].key)) for ko in range(len(no))]
        cands = [(ko, how) for ko, how in cands if how and how != "same"]
        if not cands:
            continue
        ko, how = min(cands, key=lambda c: dist(c[0], kc))
        open_c.discard(kc)
        spell(ko, kc, how)

    # 3. an acronym on one side spelled out on the other (CIIE = China International Import Expo)
    for this, other, this_open, other_open, is_o in ((no, nc, open_o, open_c, True), (nc, no, open_c, open_o, False)):
        for k in sorted(this_open):
            tok = this[k]
            if not _is_acronym((ctx.o if is_o else ctx.c).toks[tok.i][0]) or len(tok.key) < 2:
                continue
            hit = _expansion(tok.key, other)
            if hit is None:
                continue
            a, b = hit
            this_open.discard(k)
            other_open.difference_update(range(a, b + 1))
            here, there = (tok.start, tok.end), (other[a].start, other[b].end)
            variant(*((here, there) if is_o else (there, here)), "none")

    # 4. two sentence-initial capitalised words swapped one for one ("Orbán is" ->
    # "Murray is" without the cue): possibly a name, possibly not -- minor.
    for ko in sorted(k for k in open_o if no[k].weak):
        tag, i1, i2, j1, j2 = ctx.ops[ctx.o_op[no[ko].i]]
        if tag == "replace" and i2 - i1 == 1 and j2 - j1 == 1:
            kc = next((k for k in open_c if nc[k].weak and nc[k].i == j1), None)
            if kc is not None:
                open_o.discard(ko)
                open_c.discard(kc)
                a, b = no[ko], nc[kc]
                msg = f"first word changed: {ctx.o.text[a.start:a.end]} → {ctx.c.text[b.start:b.end]}"
                out.append(ctx.finding("name", "minor", (a.start, a.end), (b.start, b.end), msg))

    # 5. what is left: different names in the same place (major), or names on one side
    groups_o = _groups(no, {k for k in open_o if not no[k].weak})
    groups_c = _groups(nc, {k for k in open_c if not nc[k].weak})
    used_c = set()
    for g in groups_o:
        # Same hunk = same place, but only in a hunk small enough for the pairing to mean
        # something; in a long rewritten stretch the names are reported one by one.
        ops = {k for k in ctx.ops_of("o", no[g[0]].i, no[g[-1]].i + 1) if _hunk_words(ctx, k) <= 8}
        partner = None
        for gi, h in enumerate(groups_c):
            if gi not in used_c and ops & ctx.ops_of("c", nc[h[0]].i, nc[h[-1]].i + 1):
                partner = gi
                break
        ospan = (no[g[0]].start, no[g[-1]].end)
        otxt = ctx.o.text[ospan[0] : ospan[1]]
        if partner is not None:
            used_c.add(partner)
            h = groups_c[partner]
            cspan = (nc[h[0]].start, nc[h[-1]].end)
            titles_only = all(no[k].title for k in g) and all(nc[k].title for k in h)
            out.append(ctx.finding("name", "minor" if titles_only else "major", ospan, cspan,
                                   f"name changed: {otxt} → {ctx.c.text[cspan[0]:cspan[1]]}"))
        else:
            what = "title dropped" if all(no[k].title for k in g) else "name dropped"
            out.append(ctx.finding("name", "minor", ospan, None, f"{what}: {otxt}"))
    for gi, h in enumerate(groups_c):
        if gi in used_c:
            continue
        cspan = (nc[h[0]].start, nc[h[-1]].end)
        what = "title added" if all(nc[k].title for k in h) else "name added"
        out.append(ctx.finding("name", "minor", None, cspan, f"{what}: {ctx.c.text[cspan[0]:cspan[1]]}"))
    return out


def _expansion(acronym: str, names: list[_Name]) -> tuple[int, int] | None:
    """Name indices [a, b] of a run whose initials spell ``acronym`` (connectors skipped)."""
    letters = acronym.replace("-", "")
    for a in range(len(names)):
        initials = ""
        for b in range(a, len(names)):
            if names[b].run != names[a].run:
                break
            initials += names[b].key[:1]
            if initials == letters:
                return (a, b)
            if not letters.startswith(initials):
                break
    return None


def _hunk_words(ctx: _Ctx, k: int) -> int:
    """Words on the longer side of opcode k."""
    _, i1, i2, j1, j2 = ctx.ops[k]
    return max(sum(1 for i in range(i1, i2) if ctx.o.is_word(i)), sum(1 for j in range(j1, j2) if ctx.c.is_word(j)))


def _groups(names: list[_Name], open_set: set[int]) -> list[list[int]]:
    """Unresolved name tokens grouped back into contiguous pieces of the same run."""
    groups: list[list[int]] = []
    for k in sorted(open_set):
        if groups and groups[-1][-1] == k - 1 and names[k - 1].run == names[k].run:
            groups[-1].append(k)
        else:
            groups.append([k])
    return groups


# --------------------------------------------------------------------------------------
# Negation and antonym flips
# --------------------------------------------------------------------------------------

_NEG_WORDS = frozenset(
    "not no never without none neither nor nobody nothing nowhere cannot lack lacks lacked lacking".split()
)


def _negation_cues(side: _Side) -> list[int]:
    """Token indices of polarity cues: not, n't, no, never, without, fail(ed) to, lack ..."""
    if side.neg is not None:
        return side.neg
    out = side.neg = []
    norms = side.norms
    for i, t in enumerate(norms):
        nxt = norms[i + 1] if i + 1 < len(norms) else ""
        if t in _NEG_WORDS:
            if t == "not" and nxt == "only":
                continue  # "not only ... but also" keeps polarity
            if t == "no" and side.toks[i][0] == "No" and nxt == ".":
                continue  # "No. 1"
            out.append(i)
        elif t.endswith("n't"):
            out.append(i)
        elif t in ("fail", "fails", "failed", "failing") and nxt == "to":
            out.append(i)
    return out


# Direction lexicon: word -> {axis: +1/-1}. A flip is the same axis with opposite signs in
# the same diff hunk. Kept small and generic: quantity, support, permission, existence,
# seeking, quality, outcome, and a few polar adjectives/prepositions.
_AXES: dict[str, dict[str, int]] = {}


def _axis(name: str, plus: str, minus: str) -> None:
    for w in plus.split():
        _AXES.setdefault(w.replace("_", " "), {})[name] = 1
    for w in minus.split():
        _AXES.setdefault(w.replace("_", " "), {})[name] = -1


_axis("amount",
      "increase raise boost rise rose risen grow grew grown expand surge soar climb jump strengthen bolster "
      "intensify escalate heighten enhance accelerate step_up ramp_up swell widen deepen maximize double triple",
      "decrease reduce lower cut fall fell fallen drop decline shrink shrank plunge slump sink sank tumble "
      "weaken diminish dwindle slow decelerate de-escalate narrow minimize halve curb scale_back cut_back contract")
_axis("support",
      "encourage promote inspire foster spur stimulate facilitate support favor favour endorse champion advocate",
      "discourage stifle hinder hamper impede obstruct undermine limit restrict restrain suppress inhibit oppose "
      "resist fight_against combat counter thwart")
_axis("permission",
      "allow permit approve authorize authorise accept legalize legalise grant",
      "ban forbid prohibit reject refuse deny veto outlaw disallow")
_axis("existence",
      "add restore install build create establish introduce reinstate preserve maintain retain start begin launch",
      "remove eliminate abolish destroy dismantle scrap demolish end stop halt cease terminate cancel")
_axis("seek", "seek pursue secure ensure guarantee embrace welcome attract", "avoid prevent shun evade")
_axis("quality",
      "better best good superior preferred prefer improve positive strong stronger strongest success succeed "
      "benefit advantage rich wealthy high higher highest",
      "worse worst bad inferior worsen negative weak weaker weakest failure harm disadvantage poor low lowest")
_axis("outcome", "win won victory gain", "lose lost loss defeat")
_axis("truth", "true legal guilty", "false illegal innocent")
_axis("relation", "ally allies friend friends", "enemy enemies foe foes")
_axis("share", "majority maximum most more", "minority minimum least less fewer")
_axis("order", "before", "after")
_axis("ns", "north northern", "south southern")
_axis("ew", "east eastern", "west western")
_axis("agree", "agree include import", "disagree exclude export")


@lru_cache(maxsize=1 << 16)
def _lemma(w: str) -> str:
    if w in _AXES:
        return w
    for suf, rep in (("ies", "y"), ("ied", "y"), ("ing", ""), ("ing", "e"), ("ed", ""), ("ed", "e"),
                     ("es", ""), ("s", ""), ("d", "")):
        if w.endswith(suf) and len(w) - len(suf) >= 3:
            cand = w[: -len(suf)] + rep
            if cand in _AXES:
                return cand
            if len(cand) > 3 and cand[-1] == cand[-2] and cand[:-1] in _AXES:
                return cand[:-1]  # preferred -> prefer, stopped -> stop
    return w


def _polar_words(side: _Side, i1: int, i2: int) -> list[tuple[str, int, int]]:
    """(lemma, token start, token end) of lexicon words in tokens [i1, i2), bigrams too."""
    out = []
    norms = side.norms
    for i in range(i1, i2):
        if i + 1 < len(norms) and norms[i + 1] == "than":
            continue  # "more than 7,000": a number hedge, judged by find_number_changes
        if i + 1 < i2:
            big = f"{_lemma(norms[i])} {norms[i + 1]}"
            if big in _AXES:
                out.append((big, i, i + 2))
                continue
        lem = _lemma(norms[i])
        if lem in _AXES:
            out.append((lem, i, i + 1))
    return out


def find_negation_changes(ctx: _Ctx) -> list[Finding]:
    """Polarity flips: a negation cue on one side only, or an antonym swap in one hunk."""
    out: list[Finding] = []
    co, cc = _negation_cues(ctx.o), _negation_cues(ctx.c)
    # Equal totals = polarity kept even when the cue moved ("did not specify" ->
    # "was not specified", "can't" -> "cannot"). Otherwise report the hunks that differ.
    per_op_o = Counter(ctx.o_op[i] for i in co)
    per_op_c = Counter(ctx.c_op[j] for j in cc)
    unbalanced_ops = set()
    if len(co) != len(cc):
        for k, (tag, i1, i2, j1, j2) in enumerate(ctx.ops):
            if tag == "equal" or per_op_o[k] == per_op_c[k]:
                continue
            unbalanced_ops.add(k)
            # A bare insertion/deletion ("did" -> "did not") is shown with the word
            # before it on both sides, so that neither span is empty.
            lead = 1 if (i1 == i2 or j1 == j2) and i1 > 0 and j1 > 0 else 0
            if per_op_o[k] > per_op_c[k]:
                cue = next(i for i in co if ctx.o_op[i] == k)
                ospan = ctx.o.span(cue - lead if cue == i1 else cue, cue + 1)
                out.append(ctx.finding("negation", "major", ospan, ctx.c.span(j1 - lead, j2),
                                       f"negation removed: '{ctx.o.toks[cue][0]}'"))
            else:
                cue = next(j for j in cc if ctx.c_op[j] == k)
                cspan = ctx.c.span(cue - lead if cue == j1 else cue, cue + 1)
                out.append(ctx.finding("negation", "major", ctx.o.span(i1 - lead, i2), cspan,
                                       f"negation added: '{ctx.c.toks[cue][0]}'"))
    # antonym flips inside one replace hunk (inspire -> stifle, boosting -> decreasing)
    for k, (tag, i1, i2, j1, j2) in enumerate(ctx.ops):
        if tag != "replace" or k in unbalanced_ops:
            continue
        po, pc = _polar_words(ctx.o, i1, i2), _polar_words(ctx.c, j1, j2)
        if not po or not pc:
            continue
        lem_o = {w for w, _, _ in po}
        lem_c = {w for w, _, _ in pc}
        done = False
        for wo, a1, a2 in po:
            if wo in lem_c:
                continue
            for wc, b1, b2 in pc:
                if wc in lem_o:
                    continue
                flips = [ax for ax, sg in _AXES[wo].items() if _AXES[wc].get(ax) == -sg]
                if flips:
                    out.append(ctx.finding("negation", "major", ctx.o.span(a1, a2), ctx.c.span(b1, b2),
                                           f"meaning reversed: {ctx.o.text[slice(*ctx.o.span(a1, a2))]} → "
                                           f"{ctx.c.text[slice(*ctx.c.span(b1, b2))]}"))
                    done = True
                    break
            if done:
                break
    return out


# --------------------------------------------------------------------------------------
# Quotes
# --------------------------------------------------------------------------------------

_DQ_OPEN = frozenset("“„«")
_DQ_CLOSE = frozenset("”»")
_DQ_ANY = frozenset('"') | _DQ_OPEN | _DQ_CLOSE
_SQ_ANY = frozenset("'‘’‹›")
_OPEN_CONTEXT = frozenset(" \t\n([{—–-/")


def _quote_spans(text: str) -> list[tuple[int, int]]:
    """Content spans [start, end) of quoted passages (marks excluded).

    Opening vs closing is decided from the neighbouring characters, so mismatched
    pairs (“...") still pair up. A single quote between letters (Russia’s) or after a
    plural s with nothing open (countries') is an apostrophe, not a quote.
    """
    spans: list[tuple[int, int]] = []
    dq_open: int | None = None
    sq_open: int | None = None
    n = len(text)
    for i, ch in enumerate(text):
        if ch not in _DQ_ANY and ch not in _SQ_ANY:
            continue
        prev = text[i - 1] if i > 0 else " "
        nxt = text[i + 1] if i + 1 < n else " "
        can_open = (prev in _OPEN_CONTEXT or prev in _DQ_ANY) and not nxt.isspace()
        can_close = not prev.isspace() and (nxt.isspace() or not nxt.isalnum())
        if ch in _DQ_ANY:
            if dq_open is None:
                if ch in _DQ_OPEN or (ch == '"' and can_open):
                    dq_open = i
            elif ch in _DQ_CLOSE or can_close:
                if i > dq_open + 1:
                    spans.append((dq_open + 1, i))
                dq_open = None
                sq_open = None
            elif ch in _DQ_OPEN or can_open:
                dq_open = i  # an unclosed quote before this one: restart here
        else:
            if prev.isalnum() and nxt.isalnum():
                continue  # Russia’s, can’t
            if sq_open is None:
                if ch in "‘‹'" and can_open and nxt.isalpha():
                    sq_open = i
                elif ch == "’" and can_open and nxt.isalpha() and prev in _OPEN_CONTEXT:
                    sq_open = i
            elif can_close and ch in "’›'":
                if i > sq_open + 1:
                    spans.append((sq_open + 1, i))
                sq_open = None
    spans.sort()
    return spans


def _tok_range(side: _Side, span: tuple[int, int]) -> tuple[int, int]:
    s, e = span
    idx = [i for i, (_, a, b) in enumerate(side.toks) if a >= s and b <= e]
    return (idx[0], idx[-1] + 1) if idx else (0, 0)


def find_quote_changes(ctx: _Ctx) -> list[Finding]:
    """Quoted words must survive verbatim; compare each quote with its counterpart."""
    out: list[Finding] = []
    qo = [(sp, _tok_range(ctx.o, sp)) for sp in _quote_spans(ctx.o.text)]
    qc = [(sp, _tok_range(ctx.c, sp)) for sp in _quote_spans(ctx.c.text)]
    qo = [q for q in qo if q[1][0] < q[1][1]]
    qc = [q for q in qc if q[1][0] < q[1][1]]
    if not qo and not qc:
        return out
    # pair quotes by word overlap, best first
    scored = []
    for a, (_, (i1, i2)) in enumerate(qo):
        wa = ctx.o.norms[i1:i2]
        # where the diff puts this quote (with the tokens around it) in the copy
        k1, k2 = ctx.counterpart("o", max(0, i1 - 1), min(len(ctx.o.toks), i2 + 1))
        for b, (_, (j1, j2)) in enumerate(qc):
            r = difflib.SequenceMatcher(None, wa, ctx.c.norms[j1:j2], autojunk=False).ratio()
            if j1 < k2 + 1 and k1 - 1 < j2:
                r = max(r, 0.3)  # same position: the same quote, however reworded
            if r >= 0.3:
                scored.append((r, a, b))
    pairs, used_a, used_b = [], set(), set()
    for r, a, b in sorted(scored, reverse=True):
        if a not in used_a and b not in used_b:
            pairs.append((a, b))
            used_a.add(a)
            used_b.add(b)
    for a, b in sorted(pairs):
        out.extend(_compare_quote(ctx, qo[a][1], qc[b][1]))
    for a, (sp, (i1, i2)) in enumerate(qo):
        if a in used_a:
            continue
        where = _find_unquoted(ctx.o.norms[i1:i2], ctx.c)
        if where:
            out.append(ctx.finding("quote", "minor", sp, ctx.c.span(*where), "quotation marks dropped"))
        else:
            out.append(ctx.finding("quote", "minor", sp, None, "quote dropped"))
    for b, (sp, (j1, j2)) in enumerate(qc):
        if b in used_b:
            continue
        where = _find_unquoted(ctx.c.norms[j1:j2], ctx.o)
        if where:
            out.append(ctx.finding("quote", "minor", ctx.o.span(*where), sp, "words now presented as a quote"))
        else:
            out.append(ctx.finding("quote", "minor", None, sp, "quote added"))
    return out


def _find_unquoted(words: list[str], other: _Side) -> tuple[int, int] | None:
    """Token range in ``other`` holding most of ``words`` in order, if any."""
    if not words:
        return None
    sm = difflib.SequenceMatcher(None, words, other.norms, autojunk=False)
    blocks = [b for b in sm.get_matching_blocks() if b.size]
    if not blocks or sum(b.size for b in blocks) < 0.8 * len(words):
        return None
    return (blocks[0].b, blocks[-1].b + blocks[-1].size)


def _compare_quote(ctx: _Ctx, ro: tuple[int, int], rc: tuple[int, int]) -> list[Finding]:
    out: list[Finding] = []
    (i1, i2), (j1, j2) = ro, rc
    wo, wc = ctx.o.norms[i1:i2], ctx.c.norms[j1:j2]
    ops = difflib.SequenceMatcher(None, wo, wc, autojunk=False).get_opcodes()
    n_words = sum(1 for w in wo if w[0].isalnum())
    n_content = max(1, len(_content_words(wo)))
    for tag, a1, a2, b1, b2 in ops:
        if tag == "equal":
            continue
        so, sc = wo[a1:a2], wc[b1:b2]
        if _squash(so) == _squash(sc):
            continue  # Vice Admiral / Vice-Admiral, pre-emptive / preemptive
        ospan = ctx.o.span(i1 + a1, i1 + a2)
        cspan = ctx.c.span(j1 + b1, j1 + b2)
        changed = set(_content_words(so)) ^ set(_content_words(sc))
        # A boundary move: words added at a quote edge that stood just outside the
        # counterpart quote ("...beyond the borders" of Ukraine -> "...of Ukraine,")
        if tag in ("insert", "delete") and (a1 == 0 or a2 == len(wo)) and (b1 == 0 or b2 == len(wc)):
            if tag == "insert" and _outside_matches(sc, ctx.o, i1, i2, at_end=b2 == len(wc)):
                out.append(ctx.finding("quote", "minor", None, cspan, "quote boundary moved"))
                continue
            if tag == "delete" and _outside_matches(so, ctx.c, j1, j2, at_end=a2 == len(wo)):
                out.append(ctx.finding("quote", "minor", ospan, None, "quote boundary moved"))
                continue
        if not changed:
            if [w for w in so if w[0].isalnum()] == [w for w in sc if w[0].isalnum()]:
                msg = "punctuation inside quote changed"
            else:
                msg = "quoted function words changed"
            out.append(ctx.finding("quote", "minor", ospan, cspan, msg))
            continue
        # In a short quote the quoted word IS the claim (stop “watching”); in a long one a
        # single retranslated word usually keeps the statement (military -> army).
        co, cc = set(_content_words(so)), set(_content_words(sc))
        share = max(len(co - cc), len(cc - co)) / n_content
        sev = "major" if n_words <= 6 or share >= 0.25 else "minor"
        out.append(ctx.finding("quote", sev, ospan, cspan, "quoted words changed"))
    return out


def _squash(words: list[str]) -> str:
    return re.sub(r"\W", "", "".join(words))


def _outside_matches(words: list[str], other: _Side, q1: int, q2: int, at_end: bool) -> bool:
    """Do ``words`` (punctuation ignored) stand right outside quote [q1, q2) in ``other``?"""
    ww = [w for w in words if w[0].isalnum()]
    if not ww:
        return True
    if at_end:
        nearby = [w for w in other.norms[q2 : q2 + len(words) + 3] if w[0].isalnum()]
        return nearby[: len(ww)] == ww
    nearby = [w for w in other.norms[max(0, q1 - len(words) - 3) : q1] if w[0].isalnum()]
    return nearby[-len(ww) :] == ww


# --------------------------------------------------------------------------------------
# Attribution
# --------------------------------------------------------------------------------------

_SAY_VERBS = frozenset(
    """said says say told tells wrote writes reported claimed claims warned warns added adds stated
    states announced announces noted notes insisted insists argued argues confirmed confirms denied
    denies alleged alleges declared declares tweeted explained acknowledged admitted asserted hinted
    testified""".split()
)
_DOUBT_VERBS = frozenset("claimed claims alleged alleges insisted insists".split())
_PRONOUNS = frozenset("he she they it i we you".split())
_CLAUSE_STOP = frozenset(
    "that and but which who whom because while when as if where after before than so what whether".split()
)
_SUBJ_SKIP = frozenset("also later earlier reportedly previously separately then has have had was is".split())
_PASSIVE_AUX = frozenset("was were is are be been being".split())
_WIRES = re.compile(r"\((AP|Reuters|AFP|dpa|DPA|Xinhua|TASS|Tass|UPI|Bloomberg|ANSA|EFE|PA)\)")


class _Source(NamedTuple):
    key: frozenset  # content-word keys; {"*"} for a bare pronoun
    verb: str
    i1: int  # token range of source phrase + verb
    i2: int
    label: str  # the source words as written


def _source_key(side: _Side, i1: int, i2: int) -> frozenset:
    words = [side.norms[i] for i in range(i1, i2) if side.is_word(i)]
    content = [w for w in words if w not in _FUNCTION_WORDS and w not in _TITLES]
    if not content:  # "he said": a pronoun matches any source
        return frozenset({"*"}) if any(w in _PRONOUNS for w in words) else frozenset()
    return frozenset(romanisation_key(_stem(_name_key(w))) or w for w in content)


def _sources(side: _Side) -> list[_Source]:
    out: list[_Source] = []
    norms, n = side.norms, len(side.norms)

    def forward(i: int, limit: int = 9) -> int:
        j = i
        while j < n and j - i < limit and side.is_word(j) and norms[j] not in _CLAUSE_STOP - {"who"}:
            if norms[j] == "and" and j > i and not side.is_word(j - 1):
                break
            j += 1
        return j

    for i, t in enumerate(norms):
        if t == "according" and i + 1 < n and norms[i + 1] == "to":
            j = forward(i + 2)
            if j > i + 2:
                label = side.text[slice(*side.span(i + 2, j))]
                out.append(_Source(_source_key(side, i + 2, j), "according to", i, j, label))
        elif t in ("citing", "quoting"):
            j = forward(i + 1)
            if j > i + 1:
                out.append(_Source(_source_key(side, i + 1, j), t, i, j, side.text[slice(*side.span(i + 1, j))]))
        elif t in _SAY_VERBS and side.toks[i][0].islower() and (i == 0 or norms[i - 1] not in _PASSIVE_AUX):
            # (a passive "cases were reported" names no source)
            # subject before the verb, stopping at punctuation or a clause word
            k = i
            while k > 0 and norms[k - 1] in _SUBJ_SKIP:
                k -= 1
            s = k
            while s > 0 and k - s < 7 and side.is_word(s - 1) and norms[s - 1] not in _CLAUSE_STOP:
                s -= 1
            if s < k:
                if norms[s] == "who" or (s > 0 and norms[s - 1] == "who"):
                    continue
                out.append(_Source(_source_key(side, s, k), t, s, i + 1, side.text[slice(*side.span(s, k))]))
            else:  # inverted: "..., said Mayor Ihor Terekhov." (must end at punctuation)
                j = forward(i + 1, 7)
                if j > i + 1 and (j >= n or not side.is_word(j)):
                    out.append(_Source(_source_key(side, i + 1, j), t, i, j, side.text[slice(*side.span(i + 1, j))]))
    return [s for s in out if s.key]


def _same_source(a: _Source, b: _Source) -> bool:
    if "*" in a.key or "*" in b.key:
        return True
    inter = len(a.key & b.key)
    if inter / min(len(a.key), len(b.key)) >= 0.5:
        return True
    # spelling variants of the same person (Zelenskyy said / Zelensky said)
    return any(is_spelling_variant(x, y) in ("rule", "table") for x in a.key for y in b.key if len(x) > 3)


def find_attribution_changes(ctx: _Ctx) -> list[Finding]:
    """Who said it: sources (reporting-verb subjects, "according to", "citing", wire credits)."""
    out: list[Finding] = []
    wo = [(m.group(1).upper(), m.span(1)) for m in _WIRES.finditer(ctx.o.text)]
    wc = [(m.group(1).upper(), m.span(1)) for m in _WIRES.finditer(ctx.c.text)]
    for name, sp in wo:
        if name not in {w for w, _ in wc}:
            out.append(ctx.finding("attribution", "minor", sp, None, f"wire credit ({name}) dropped"))
    for name, sp in wc:
        if name not in {w for w, _ in wo}:
            out.append(ctx.finding("attribution", "minor", None, sp, f"wire credit ({name}) added"))
    so, sc = _sources(ctx.o), _sources(ctx.c)
    if not so and not sc:
        return out
    pairs, rest_c = [], list(sc)
    rest_o = []
    for a in so:
        for b in rest_c:
            if _same_source(a, b):
                pairs.append((a, b))
                rest_c.remove(b)
                break
        else:
            rest_o.append(a)
    for a, b in pairs:
        if (a.verb in _DOUBT_VERBS) != (b.verb in _DOUBT_VERBS):
            out.append(ctx.finding("attribution", "minor", ctx.o.span(a.i1, a.i2), ctx.c.span(b.i1, b.i2),
                                   f"reporting verb changed: {a.verb} → {b.verb}"))
    for a in rest_o:
        partner = next((b for b in rest_c if ctx.ops_of("o", a.i1, a.i2) & ctx.ops_of("c", b.i1, b.i2)), None)
        if partner is None and len(rest_c) == 1 and len(rest_o) == 1:
            partner = rest_c[0]
        if partner is not None:
            rest_c.remove(partner)
            out.append(ctx.finding("attribution", "major", ctx.o.span(a.i1, a.i2), ctx.c.span(partner.i1, partner.i2),
                                   f"source changed: {a.label} → {partner.label}"))
        else:
            msg = f"attribution dropped: {a.label}"
            out.append(ctx.finding("attribution", "minor", ctx.o.span(a.i1, a.i2), None, msg))
    for b in rest_c:
        cited = any(p[1].verb in ("citing", "quoting") for p in pairs)
        msg = f"now attributed to {b.label}" + (" (citing the original source)" if cited else "")
        out.append(ctx.finding("attribution", "minor", None, ctx.c.span(b.i1, b.i2), msg))
    return out


# --------------------------------------------------------------------------------------
# Omissions and additions
# --------------------------------------------------------------------------------------

_MIN_RUN = 4


def find_omissions_additions(ctx: _Ctx, negation_unbalanced: bool) -> list[Finding]:
    """Runs of >= 4 words present on one side only (not moved, not reworded).

    A lopsided hunk (one side at least 4 words longer and twice as long) is a deletion
    or insertion. A hunk of similar length is rewording, unless its two sides share
    (almost) no content words AND one side carries a name or number that the other
    text lacks ("as North Korea joins in" -> "| News about the Russia-Ukraine war").
    """
    out: list[Finding] = []
    stems = {"o": {_stem(w) for w in ctx.o.norms}, "c": {_stem(w) for w in ctx.c.norms}}
    name_idx = {"o": {x.i for x in ctx.o.names if not x.weak}, "c": {x.i for x in ctx.c.names if not x.weak}}
    caps = {"o": _caps_keys(ctx.o), "c": _caps_keys(ctx.c)}
    vals = {"o": {m.value for m in _numbers(ctx.o)} | _years(ctx.o),
            "c": {m.value for m in _numbers(ctx.c)} | _years(ctx.c)}
    for tag, i1, i2, j1, j2 in ctx.ops:
        if tag == "equal":
            continue
        no = sum(1 for i in range(i1, i2) if ctx.o.is_word(i))
        nc = sum(1 for j in range(j1, j2) if ctx.c.is_word(j))
        if no - nc >= _MIN_RUN and nc <= no / 2:
            candidates = [("o", False)]
        elif nc - no >= _MIN_RUN and no <= nc / 2:
            candidates = [("c", False)]
        elif tag == "replace" and no >= _MIN_RUN and nc >= _MIN_RUN:
            candidates = [("o", True), ("c", True)]  # strict: unrelated sides only
        else:
            continue
        reported = False
        for which, strict in candidates:
            if strict and reported:
                continue  # the hunk was already reported as replaced by unrelated words
            side = ctx.o if which == "o" else ctx.c
            other = "c" if which == "o" else "o"
            r1, r2 = (i1, i2) if which == "o" else (j1, j2)
            while r1 < r2 and not side.is_word(r1):
                r1 += 1
            while r2 > r1 and not side.is_word(r2 - 1):
                r2 -= 1
            content = _content_words(side.norms[r1:r2])
            if len(content) < 2:
                continue
            # moved rather than dropped: most of its content words are still on the other side
            kept = sum(1 for w in content if _stem(w) in stems[other]) / len(content)
            if kept >= (0.25 if strict else 0.6):
                continue
            reasons = _carries(side, r1, r2, name_idx[which], caps[other], vals[other], negation_unbalanced)
            if strict and not ({"a number", "a name", "a year"} & set(reasons)):
                continue
            sev = "major" if reasons else "minor"
            span = side.span(r1, r2)
            kind = "omission" if which == "o" else "addition"
            msg = ("words dropped" if which == "o" else "words added")
            if strict:
                msg = "words replaced by unrelated words"
            msg += (
                f" (carries {', '.join(reasons)})" if reasons else ""
            )
            reported = True
            if which == "o":
                out.append(ctx.finding(kind, sev, span, ctx.c.span(j1, j2) if j1 < j2 else None, msg))
            else:
                out.append(ctx.finding(kind, sev, ctx.o.span(i1, i2) if i1 < i2 else None, span, msg))
    return out


def _carries(side: _Side, r1: int, r2: int, names_here, other_caps, other_vals, negation_unbalanced) -> list[str]:
    """Why a dropped/added run matters: a number, year, name or negation the other side lacks."""
    reasons = []
    for m in _numbers_in(side, r1, r2):
        if not m.weak and not any(_same_value(m.value, v) for v in other_vals):
            reasons.append("a number")
            break
    for i in range(r1, r2):
        if i in side.date_tokens and re.fullmatch(r"\d{4}s?", side.norms[i]):
            if int(side.norms[i][:4]) not in other_vals:
                reasons.append("a year")
                break
    for i in range(r1, r2):
        if i in names_here:
            key = _name_key(side.toks[i][0])
            if key not in _TITLES and not all(p in other_caps for p in key.split("-")) and not any(
                is_spelling_variant(key, k) for k in other_caps
            ):
                reasons.append("a name")
                break
    if negation_unbalanced and any(r1 <= i < r2 for i in _negation_cues(side)):
        reasons.append("a negation")
    return reasons


def _numbers_in(side: _Side, r1: int, r2: int) -> list[_Num]:
    return [m for m in _numbers(side) if r1 <= m.i1 < r2]


def _years(side: _Side) -> set:
    return {int(side.norms[i][:4]) for i in side.date_tokens if re.fullmatch(r"\d{4}s?", side.norms[i])}


# --------------------------------------------------------------------------------------
# Entry point
# --------------------------------------------------------------------------------------


def find_changes(original: str, copy: str) -> list[Finding]:
    """Typed meaning changes between an aligned original passage and its copy (one or a few sentences each)."""
    if original == copy:
        return []
    ctx = _Ctx(original, copy)
    findings: list[Finding] = []
    findings += find_date_changes(ctx)  # first: marks date tokens so numbers skip them
    findings += find_number_changes(ctx)
    findings += find_name_changes(ctx)  # fills side.names, used by omissions below
    findings += find_negation_changes(ctx)
    findings += find_quote_changes(ctx)
    findings += find_attribution_changes(ctx)
    unbalanced = len(_negation_cues(ctx.o)) != len(_negation_cues(ctx.c))
    findings += find_omissions_additions(ctx, unbalanced)
    # no duplicates; reading order of the original (copy-only findings where the diff
    # puts them), then of the copy
    unique = list(dict.fromkeys(findings))
    unique.sort(key=lambda f: (_original_position(ctx, f), f.copy_span or (-1, -1), -SEVERITY_RANK[f.severity], f.kind))
    return unique


def _original_position(ctx: _Ctx, f: Finding) -> int:
    if f.original_span:
        return f.original_span[0]
    if f.copy_span:
        for tag, i1, i2, j1, j2 in ctx.ops:
            if ctx.c.span(j1, j2)[1] >= f.copy_span[0] and j1 < j2:
                return ctx.o.span(i1, i2)[0]
        return len(ctx.o.text)
    return 0
