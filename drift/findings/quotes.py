"""Quotes: words inside quotation marks that did not survive verbatim."""

from __future__ import annotations

import bisect
import os
import re

from ..types import Finding
from .ctx import _Ctx
from .diff import matching_blocks, opcodes, ratio
from .lexicon import _content_words
from .tokens import _Side

MAX_QUOTE_PAIRS = 400  # past this many (original quote, copy quote) pairs, only pairs the diff lines up are scored
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


def _tok_ranges(side: _Side, spans: list[tuple[int, int]]) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """(span, tokens lying wholly inside it) for each span; tokens are ordered and disjoint,
    so those tokens are one contiguous run, found by bisection."""
    starts = [a for _, a, _ in side.toks]
    ends = [b for _, _, b in side.toks]
    out = []
    for s, e in spans:
        lo, hi = bisect.bisect_left(starts, s), bisect.bisect_right(ends, e)
        out.append(((s, e), (lo, hi) if lo < hi else (0, 0)))
    return out


def find_quote_changes(ctx: _Ctx) -> list[Finding]:
    """Quoted words must survive verbatim; compare each quote with its counterpart."""
    out: list[Finding] = []
    qo = _tok_ranges(ctx.o, _quote_spans(ctx.o.text))
    qc = _tok_ranges(ctx.c, _quote_spans(ctx.c.text))
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
        candidates = range(len(qc))
        if len(qo) * len(qc) > MAX_QUOTE_PAIRS:  # many quotes: each is scored against its neighbours in order only
            mid = round(a * len(qc) / len(qo))
            candidates = range(max(0, mid - 1), min(len(qc), mid + 2))
        for b in candidates:
            j1, j2 = qc[b][1]
            near = j1 < k2 + 1 and k1 - 1 < j2
            r = ratio(wa, ctx.c.norms[j1:j2])
            if near:
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
            out.append(ctx.finding("quote", "minor", sp, ctx.c.span(*where), "quotation marks dropped",
                                   rule="quote.marks_dropped"))
        else:
            out.append(ctx.finding("quote", "minor", sp, None, "quote dropped", rule="quote.dropped"))
    for b, (sp, (j1, j2)) in enumerate(qc):
        if b in used_b:
            continue
        where = _find_unquoted(ctx.c.norms[j1:j2], ctx.o)
        if where:
            out.append(ctx.finding("quote", "minor", ctx.o.span(*where), sp, "words now presented as a quote",
                                   rule="quote.marks_added"))
        else:
            out.append(ctx.finding("quote", "minor", None, sp, "quote added", rule="quote.added"))
    return out


def _find_unquoted(words: list[str], other: _Side) -> tuple[int, int] | None:
    """Token range in ``other`` holding most of ``words`` in order, if any."""
    if not words:
        return None
    blocks = matching_blocks(words, other.norms)
    if not blocks or sum(size for _, _, size in blocks) < 0.8 * len(words):
        return None
    return (blocks[0][1], blocks[-1][1] + blocks[-1][2])


def _compare_quote(ctx: _Ctx, ro: tuple[int, int], rc: tuple[int, int]) -> list[Finding]:
    out: list[Finding] = []
    (i1, i2), (j1, j2) = ro, rc
    wo, wc = ctx.o.norms[i1:i2], ctx.c.norms[j1:j2]
    ops = opcodes(wo, wc)
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
                out.append(ctx.finding("quote", "minor", None, cspan, "quote boundary moved", rule="quote.boundary"))
                continue
            if tag == "delete" and _outside_matches(so, ctx.c, j1, j2, at_end=a2 == len(wo)):
                out.append(ctx.finding("quote", "minor", ospan, None, "quote boundary moved", rule="quote.boundary"))
                continue
        if not changed:
            if [w for w in so if w[0].isalnum()] == [w for w in sc if w[0].isalnum()]:
                msg, rule = "punctuation inside quote changed", "quote.punctuation"
            else:
                msg, rule = "quoted function words changed", "quote.function_words"
            out.append(ctx.finding("quote", "minor", ospan, cspan, f"{msg}: {_words(ctx.o.text, ospan)} \u2192 {_words(ctx.c.text, cspan)}",
                                   rule=rule))
            continue
        if _same_words_in_other_forms(_content_words(so), _content_words(sc)) and _only_linking_words(so, sc):
            # the same words in another grammatical form (social "distancing" -> "distance",
            # "undervalued" -> "undervaluation of"): a translator's or editor's wording, minor
            out.append(ctx.finding("quote", "minor", ospan, cspan, f"quoted word in another form: {_words(ctx.o.text, ospan)} \u2192 {_words(ctx.c.text, cspan)}",
                                   rule="quote.word_form"))
            continue
        # In a short quote the quoted word IS the claim (stop “watching”); in a long one a
        # single retranslated word usually keeps the statement (military -> army).
        co, cc = set(_content_words(so)), set(_content_words(sc))
        share = max(len(co - cc), len(cc - co)) / n_content
        sev = "major" if n_words <= 6 or share >= 0.25 else "minor"
        out.append(ctx.finding("quote", sev, ospan, cspan, f"quote wording changed: {_words(ctx.o.text, ospan)} \u2192 {_words(ctx.c.text, cspan)}",
                               rule="quote.wording"))
    return out


# Endings that make another form of the same word (transactions / transaction, distancing /
# distance, undervalued / undervaluation, snobbish / snobby); not ones that make another word
# ("football" / "foot", "careful" / "careless", "credit" / "credibility") or a person of an act
# ("prosecutor" / "prosecution", "assistant" / "assistance": no -er, -or, -ant, -ent).
_FORM_ENDINGS = frozenset(
    "s es e ed d ing ion ions ation ations ly y ies ied ish ory ive al ity ness ment ments ance ence".split()
) | {""}


def _same_words_in_other_forms(wo: list[str], wc: list[str]) -> bool:
    """Are the content words ``wo`` and ``wc``, in order and one for one, the same words in
    another form (a shared stem of at least 4 letters followed by a form ending on each side),
    at least one of them differing?"""
    if not wo or len(wo) != len(wc) or wo == wc:
        return False
    for a, b in zip(wo, wc):
        if a == b:
            continue
        stem = len(os.path.commonprefix([a, b]))
        if stem < 4 or a[stem:] not in _FORM_ENDINGS or b[stem:] not in _FORM_ENDINGS:
            return False
    return True


# Function words that only link the same words in another construction ("undervalued" ->
# "undervaluation of the"); a modal, pronoun or negation changed with them ("who would
# believe" -> "who believes") is more than a form.
_LINKING_WORDS = frozenset("the a an of to in for on at by with from 's ' -".split())


def _only_linking_words(so: list[str], sc: list[str]) -> bool:
    """Are the words of both hunks other than content words and punctuation only linking words?"""
    content = set(_content_words(so)) | set(_content_words(sc))
    return all(w in _LINKING_WORDS for w in so + sc if w[0].isalnum() and w not in content)


def _words(text: str, span: tuple[int, int]) -> str:
    """The words of ``span`` on one line, "(nothing)" where the span is empty, cut past 60 characters."""
    words = " ".join(text[span[0] : span[1]].split())
    if not words:
        return "(nothing)"
    return words if len(words) <= 60 else words[:59].rstrip() + "\u2026"


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
