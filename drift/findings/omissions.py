"""Omissions and additions: a run of content words present on one side only."""

from __future__ import annotations

import re

from ..types import Finding
from .ctx import _Ctx
from .lexicon import _TITLES, _content_words, _stem
from .name_tokens import _caps_keys
from .spelling import _name_key, is_spelling_variant
from .negation import _negation_cues
from .numbers import _Num, _numbers, _same_value
from .tokens import _Side

_MIN_RUN = 4
# Rules of the findings made here (Finding.rule). A run that carries a negation cue is
# RUN_NEGATION whatever else it carries: drift.findings._without_clause_negations reads it to
# leave out a "negation removed/added" over a cue inside the run.
RUN_DROPPED, RUN_ADDED, RUN_REPLACED, RUN_NEGATION = "run.dropped", "run.added", "run.replaced", "run.negation"
LIST_ITEM_DROPPED, LIST_ITEM_ADDED = "list_item.dropped", "list_item.added"


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
            rule = RUN_DROPPED if which == "o" else RUN_ADDED
            if strict:
                msg, rule = "words replaced by unrelated words", RUN_REPLACED
            if "a negation" in reasons:
                rule = RUN_NEGATION
            msg += (
                f" (carries {', '.join(reasons)})" if reasons else ""
            )
            reported = True
            if which == "o":
                out.append(ctx.finding(kind, sev, span, ctx.c.span(j1, j2) if j1 < j2 else None, msg, rule=rule))
            else:
                out.append(ctx.finding(kind, sev, ctx.o.span(i1, i2) if i1 < i2 else None, span, msg, rule=rule))
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


_LIST_SEP = frozenset({",", "and", "or"})
_QUOTES = frozenset("'\"‘’“”")  # a quote mark or a plural possessive's apostrophe between an item and its separator
LIST_ITEM_WORDS = 6  # words of a list item, at most
# Sentence adverbs and connectives: between commas or after "and" they link clauses, they are
# no item of a list ("and therefore the economy declines"; "It is so small, though, that").
_CONNECTIVES = frozenset("""therefore thus hence though although however also then still yet instead meanwhile
    moreover furthermore indeed nevertheless nonetheless consequently accordingly besides otherwise
    likewise similarly finally first firstly second secondly third thirdly lastly later afterwards
    perhaps maybe probably certainly surely clearly apparently obviously""".split())
_CLAUSE_END = frozenset(".;:?!")
CLOSE_SHARE = 0.85  # of the shorter side's tokens standing in the other's order: one is an edit of the other


def find_list_items(ctx: _Ctx, taken: list[tuple[int, int]] = ()) -> list[Finding]:
    """Where one side is the other with pieces left out, an item of a list that only one side
    has: dropped ("hate speech, violence, or fake news" -> "hate speech, or violence"; "girls
    and women" -> "women") or added, two words at least ("global leaders' attention" ->
    "global leaders' and business leaders' attention").
    What the sentence covers changed, whatever the item's words. Names, numbers and runs
    already reported (``taken``: original spans) are the other rules'. The item's neighbour
    in the list must stand on the other side too, so a list rewritten as a whole is no item
    dropped or added."""
    out: list[Finding] = []
    for which in ("o", "c"):
        side, other = (ctx.o, ctx.c) if which == "o" else (ctx.c, ctx.o)
        if not side.norms or not other.norms:
            return []
        if ctx.kept / len(other.norms) < CLOSE_SHARE:
            continue  # the other side is not this one with pieces left out
        for tag, i1, i2, j1, j2 in ctx.ops:
            (a, b), (x1, x2) = ((i1, i2), (j1, j2)) if which == "o" else ((j1, j2), (i1, i2))
            if tag == "equal" or any(other.is_word(x) and other.norms[x] not in _LIST_SEP for x in range(x1, x2)):
                continue  # words replaced, not only left out
            item = _list_item(side, other, a, b)
            if item is None or which == "c" and sum(side.is_word(k) for k in range(*item)) < 2:
                continue  # one added word is a translator's doublet as often as a claim ("questioned and investigated")
            span = side.span(*item)
            if which == "o":
                if not any(s < span[1] and span[0] < e for s, e in taken):
                    out.append(ctx.finding("omission", "major", span, None, "list item dropped: " + side.text[span[0]:span[1]],
                                           rule=LIST_ITEM_DROPPED))
            else:
                out.append(ctx.finding("addition", "major", None, span, "list item added: " + side.text[span[0]:span[1]],
                                       rule=LIST_ITEM_ADDED))
    return out


def _series_goes_on(side: _Side, comma: int) -> bool:
    """Whether the series continues after ``comma`` to an "and"/"or" within one more item
    ("violence, [fake news], or hate speech"; "A, [B], C and D"), before the clause ends: a
    phrase between two commas with no coordinator after them is an aside ("It is, though,
    small"; "Reid, so often at odds with Boehner, also said"), not a list item."""
    for k in range(comma + 1, min(len(side.norms), comma + 2 + LIST_ITEM_WORDS)):
        w = side.norms[k]
        if w in ("and", "or"):
            return True
        if w in _CLAUSE_END:
            return False
    return False


def _list_item(side: _Side, other: _Side, a: int, b: int) -> tuple[int, int] | None:
    """Token range of the list item that tokens [a, b) of ``side`` hold (separators trimmed),
    if they are one: 1 to LIST_ITEM_WORDS words with a content word, not a name or a number,
    with "and"/"or" beside it or commas on both sides, a neighbour across the separator that
    ``other`` has, and content words ``other`` lacks."""
    n = len(side.norms)
    while a < b and side.norms[a] in _LIST_SEP:
        a += 1
    while b > a and side.norms[b - 1] in _LIST_SEP:
        b -= 1
    words = [side.norms[i] for i in range(a, b) if side.is_word(i)]
    content = _content_words(words)
    if not words or len(words) > LIST_ITEM_WORDS or not content:
        return None
    if all(side.cap[i] for i in range(a, b) if side.is_word(i)) or any(ch.isdigit() for w in words for ch in w):
        return None  # a name or a number: their own rules
    if any(side.norms[i] in _LIST_SEP for i in range(a, b)):
        return None
    if all(w in _CONNECTIVES for w in content):
        return None  # a connective, not an item ("and therefore", ", though,")
    left = a - 1 if a > 0 and side.norms[a - 1] in _LIST_SEP else None
    right = b if b < n and side.norms[b] in _LIST_SEP else None
    conj = {side.norms[x] for x in (left, right) if x is not None} & {"and", "or"}
    if not conj and (left is None or right is None):
        return None  # a comma on one side only makes no list ("In Washington, Sullivan met"; "..., including 22")
    if not conj and not _series_goes_on(side, right):
        return None  # commas on both sides and no "and"/"or" after: an aside, not a list ("Bolivia, under the deal, was")
    other_words = {w for j, w in enumerate(other.norms) if other.is_word(j)}
    neighbours = []  # the words across the separators ("speech , or [fake news]": speech)
    if left is not None:
        k = left
        while k >= 0 and (side.norms[k] in _LIST_SEP or side.norms[k] in _QUOTES):
            k -= 1
        if k >= 0 and side.is_word(k):
            neighbours.append(side.norms[k])
    if right is not None:
        k = right
        while k < n and (side.norms[k] in _LIST_SEP or side.norms[k] in _QUOTES):
            k += 1
        if k < n and side.is_word(k):
            neighbours.append(side.norms[k])
    if not any(w not in _LIST_SEP and w not in ("the", "a", "an") and w in other_words for w in neighbours):
        return None
    stems = {_stem(w) for w in other_words}
    if all(_stem(w) in stems for w in content):
        return None  # the item's words stand on the other side: a repeated word left out ("break off ... or break off")
    return a, b
