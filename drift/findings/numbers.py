"""Numbers: values (digits, number words, percentages, units, ordinals, ages) changed, dropped or added; "more than" hedges dropped or flipped."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from ..types import Finding
from .ctx import _Ctx
from .tokens import _Side

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
    "hour": "h", "hours": "h", "day": "d", "days": "d", "week": "wk", "weeks": "wk", "times": "x",
    "month": "mo", "months": "mo", "year": "yr", "years": "yr",
    "dollar": "usd", "dollars": "usd", "euro": "eur", "euros": "eur", "yen": "jpy",
    "yuan": "cny", "ruble": "rub", "rubles": "rub", "roubles": "rub", "hryvnia": "uah", "hryvnias": "uah",
}
# units that are a count of years: "two decades" and "20 years" are one figure
_YEARS_OF = {"decade": 10, "decades": 10, "century": 100, "centuries": 100}
_ONE_SPAN = frozenset(w for w in _YEARS_OF if not w.endswith("s"))  # "a decade", "a century"
_MULTIPLIERS = {w: float(v) for v, ws in ((2, "double doubled doubles doubling twice twofold"),
                                          (3, "triple tripled triples tripling treble trebled thrice threefold"),
                                          (4, "quadruple quadrupled quadruples quadrupling fourfold"),
                                          (0.5, "halve halved halves halving")) for w in ws.split()}
# temperature scales after "degrees" or "°", or glued to the figure ("40C")
_DEGREES = {"c": "degC", "celsius": "degC", "centigrade": "degC", "f": "degF", "fahrenheit": "degF"}
_ONE_SPAN_BEFORE = frozenset({"a", "an"})  # ("the past decade" is the dates' relative date)
_CURRENCY = {"$": "usd", "us$": "usd", "€": "eur", "£": "gbp", "¥": "jpy", "rmb": "cny", "hk$": "hkd",
             **{code: code for code in ("usd", "eur", "gbp", "jpy", "cny", "hkd")}}


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
        if t in _ONE_SPAN and i > 0 and norms[i - 1] in _ONE_SPAN_BEFORE:
            # "a decade", "a century": one span of years ("a decade" is "10 years"); weak as a
            # dropped figure, like "one"
            out.append(_Num(float(_YEARS_OF[t]), "yr", "num", i - 1, i + 1, True, _hedge_before(side, i - 1)))
            i += 1
            continue
        if t in _MULTIPLIERS:
            # "doubled", "twice", "tripled", "halved": a factor (unit "x", as in "10x"); weak
            # as a dropped figure ("a double room" left out says nothing of a count)
            out.append(_Num(_MULTIPLIERS[t], "x", "num", i, i + 1, True, _hedge_before(side, i)))
            i += 1
            continue
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
        elif (m := _GLUED.fullmatch(t)) and (m.group(1) or m.group(3)) and side.is_word(i):
            # a currency, scale or unit glued to the figure: RMB20, 50K, 6km, 10x
            value = _parse_number(m.group(2))
            if value is not None:
                suffix = m.group(3) or ""
                value *= _SCALES.get({"k": "thousand"}.get(suffix, suffix), 1)
                unit = (_CURRENCY.get(m.group(1) or "") or _DEGREES.get(suffix)
                        or (_UNITS.get(suffix, suffix) if suffix not in ("k", "bn") else None))
            else:
                value, kind = t, "code"
        elif (m := _COUNT_LETTERS.fullmatch(t)) and side.is_word(i):
            # 3D, 5G: "three-dimensional" is the same count of the same thing (a letter is no unit: 3D is not 3 days)
            value, unit = float(m.group(1)), "letter " + m.group(2)
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
            if norms[j] in _YEARS_OF and isinstance(value, float) and kind == "num":  # "two decades" is "20 years" ("the second decade" is no count)
                value *= _YEARS_OF[norms[j]]
                unit = "yr"
                j += 1
            elif norms[j] in _UNITS or norms[j] == "°":
                # "40 degrees Celsius", "40°C", "40 °F": a temperature; "40 degrees" alone on no scale
                unit = _UNITS.get(norms[j], "deg")
                j += 1
                if unit == "deg" and j < n and norms[j] in _DEGREES:
                    unit = _DEGREES[norms[j]]
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


_COUNT_LETTERS = re.compile(r"(\d)([a-z])")  # one digit, one letter: 3D, 4K, 5G
_GLUED = re.compile(r"(rmb|usd|eur|gbp|jpy|cny|hkd|us\$|hk\$|\$|€|£|¥)?(\d+(?:[.,]\d+)*)(k|bn|km|kg|cm|mm|x|c|f)?")
_HAS_DIGIT = re.compile(r"\d").search
_HAS_LETTER = re.compile(r"[^\W\d_]").search


_KNOWN_UNITS = frozenset(_UNITS.values()) | frozenset(_DEGREES.values())


def _same_value(a: object, b: object) -> bool:
    if isinstance(a, float) and isinstance(b, float):
        return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))
    return a == b


def same_figure(a: str, b: str) -> bool:
    """Two short texts that are each one number, of the same value and unit, only written
    differently: "11" / "eleven", "1,200" / "1200", "5 per cent" / "5%"."""
    found = []
    for side in (_Side(a), _Side(b)):
        nums = _numbers(side)
        if len(nums) != 1 or (nums[0].i1, nums[0].i2) != (0, len(side.norms)):
            return False  # not one number, or more than the number
        found.append(nums[0])
    x, y = found
    return x.unit == y.unit and x.kind == y.kind and _same_value(x.value, y.value)


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
        # a code with letters (COVID-19, F-16, CCTV-2) changes only into another code; a
        # range or score ("10-15", "3:0") may become a plain number
        if {a.unit, b.unit} == {"x", "percent"}:
            return False  # "doubled" is "grew 100%", "halved" "fell 50%": another way to say it
        return a.kind == b.kind or ({a.kind, b.kind} == {"num", "code"} and not any(
            m.kind == "code" and _HAS_LETTER(str(m.value)) for m in (a, b)))

    # first pass on (value, unit); second pass on value alone catches unit changes
    matched, changed, only_o, only_c = _pair_mentions(ctx, lo, lc, key, lambda a, b: False)
    m2, changed, only_o, only_c = _pair_mentions(
        ctx, only_o, only_c, lambda m: (m.kind, key(m)[1]), compatible
    )
    for a, b in matched + m2:
        os_, cs = ctx.o.span(a.i1, a.i2), ctx.c.span(b.i1, b.i2)
        if a.unit != b.unit and a.unit and b.unit and a.unit in _KNOWN_UNITS and b.unit in _KNOWN_UNITS and not (
                "deg" in (a.unit, b.unit) and a.unit[:3] == b.unit[:3] == "deg"):  # "40 degrees" is either scale
            out.append(ctx.finding("number", "major", os_, cs, f"unit changed: {_txt(ctx.o, a)} → {_txt(ctx.c, b)}",
                                      rule="number.unit_changed"))
            continue
        # "some"/"about"/"around" come and go freely; a bound ("more than") does not
        ha = a.hedge if a.hedge and a.hedge[0] != "~" else None
        hb = b.hedge if b.hedge and b.hedge[0] != "~" else None
        if (ha and ha[0]) != (hb and hb[0]):
            if ha and hb:  # "more than 7,000" became "fewer than 7,000"
                msg = f"bound flipped: {ha[1]} {_txt(ctx.o, a)} → {hb[1]} {_txt(ctx.c, b)}"
                out.append(ctx.finding("number", "major", os_, cs, msg, rule="number.bound_flipped"))
            elif ha:
                out.append(ctx.finding("number", "minor", os_, cs, f"'{ha[1]}' dropped before {_txt(ctx.o, a)}",
                                          rule="number.bound_dropped"))
            else:
                out.append(ctx.finding("number", "minor", os_, cs, f"'{hb[1]}' added before {_txt(ctx.c, b)}",
                                          rule="number.bound_added"))
    for a, b in changed:
        out.append(
            ctx.finding(
                "number", "major", ctx.o.span(a.i1, a.i2), ctx.c.span(b.i1, b.i2),
                f"number changed: {_txt(ctx.o, a)} → {_txt(ctx.c, b)}", rule="number.changed",
            )
        )
    for a in only_o:
        vague = _vague_instead(ctx, a)
        if vague is not None:
            j, word = vague
            msg = f"figure changed: {_txt(ctx.o, a)} → {ctx.c.toks[j][0]}"
            out.append(ctx.finding("number", "major", ctx.o.span(a.i1, a.i2), ctx.c.span(j, j + 1), msg, rule="number.vague_wrong"))
        elif not a.weak:
            msg = f"number dropped: {_txt(ctx.o, a)}"
            out.append(ctx.finding("number", "minor", ctx.o.span(a.i1, a.i2), None, msg, rule="number.dropped"))
    for b in only_c:
        if not b.weak:
            out.append(ctx.finding("number", "minor", None, ctx.c.span(b.i1, b.i2), f"number added: {_txt(ctx.c, b)}",
                                      rule="number.added"))
    return out


# Words that stand for an amount, with the figures they can stand for: [low, high). A figure
# the copy replaced in place by one of them that cannot stand for it ("12 people" -> "dozens
# of people", "two of the hostages" -> "all of the hostages") is a changed figure; one that
# can ("36" -> "dozens", "300" -> "hundreds") only lost its precision (a figure dropped).
_VAGUE_AMOUNTS = {"dozens": (13.0, 200.0), "hundreds": (100.0, 2e3), "thousands": (1e3, 2e6), "millions": (1e6, 2e9),
                  "billions": (1e9, float("inf"))}
_TOTALS = frozenset({"all", "every", "none", "entire"})  # the whole, or nothing: never a part's figure


def _vague_instead(ctx: _Ctx, a: _Num) -> tuple[int, str] | None:
    """(copy token, word) where the copy replaced the figure ``a`` in place (its diff hunk) by
    an amount word that cannot stand for it; None otherwise."""
    if a.kind != "num" or not isinstance(a.value, float) or a.unit not in (None, "age"):
        return None
    ks = ctx.ops_of("o", a.i1, a.i2)
    if len(ks) != 1:
        return None
    tag, _, _, j1, j2 = ctx.ops[next(iter(ks))]
    if tag != "replace" or j2 - j1 > 3:
        return None
    for j in range(j1, j2):
        w = ctx.c.norms[j]
        if w in _TOTALS and w not in ctx.o.norms:
            return j, w
        lo_hi = _VAGUE_AMOUNTS.get(w)
        if lo_hi is not None and not lo_hi[0] <= a.value < lo_hi[1] and w not in ctx.o.norms:
            return j, w
    return None


def _txt(side: _Side, m) -> str:
    s, e = side.span(m.i1, m.i2)
    return side.text[s:e]
