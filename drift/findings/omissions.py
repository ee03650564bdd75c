"""Omissions and additions: a run of content words present on one side only."""

from __future__ import annotations

import re

from ..types import Finding
from .ctx import _Ctx
from .lexicon import _TITLES, _content_words, _stem
from .names import _caps_keys, _name_key, is_spelling_variant
from .negation import _negation_cues
from .numbers import _Num, _numbers, _same_value
from .tokens import _Side

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
