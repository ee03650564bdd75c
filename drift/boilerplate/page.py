"""Page passes: which lines are chrome by where they sit, and the run of all passes.

Over the units of one page, in order: the line rules with the caption-above-a-credit check,
repetition (a line seen before), teaser cards, sidebars (from a sidebar heading until the
article resumes), the top and bottom bands around the body, and the strong rules on single
sentences inside body lines. ``_mark`` gives one chrome flag per sentence span.
"""

from __future__ import annotations

import re

from .lines import _LINE_RULES, _SENTENCE_RULES, _is_credit_only, _is_sidebar_heading
from .units import _Analysis, _build_units, _key, _normalise_space, _Span, _Unit
from .vocab import _ATTRIBUTION_RE, _DATE_END_RE, _TERMINAL_RE

#: How many prose paragraphs in a row prove the article resumed after a sidebar.
_RESUME_RUN = 3
#: Top/bottom band lines up to this many words (without final punctuation) are chrome.
_BAND_SHORT_WORDS = 4
_BOTTOM_SHORT_WORDS = 10


def _apply_line_rules(units: list[_Unit]) -> None:
    for unit in units:
        for name, rule in _LINE_RULES:
            if rule(unit):
                unit.mark(name)
                break
    # A caption split from its credit: the line just before a credit-only line,
    # if it reads like a caption: no final full stop, or ending in a date, or
    # (directly above the credit) a description without attribution.  A body
    # paragraph may precede an uncaptioned image, and body sentences nearly
    # always carry "said"/"reported".
    for k in range(1, len(units)):
        if _is_credit_only(units[k].text):
            prev = units[k - 1]
            if not prev.chrome and prev.n_words <= 60 and (
                not prev.terminal
                or _DATE_END_RE.search(prev.text)
                or (
                    prev.block == units[k].block
                    and prev.n_words <= 40
                    and not _ATTRIBUTION_RE.search(prev.text)
                )
            ):
                prev.mark("caption")


def _apply_repetition(units: list[_Unit]) -> None:
    """Second and later copies of a line are chrome (repeated headline, "close" twice)."""
    seen: set[str] = set()
    for unit in units:
        if not unit.words:
            continue
        k = _key(unit.text)
        if k in seen:
            unit.mark("repeat")
        else:
            seen.add(k)


def _first_anchor(units: list[_Unit]) -> int | None:
    for k, unit in enumerate(units):
        if not unit.chrome and unit.prose:
            return k
    return None


def _apply_teaser_cards(units: list[_Unit], first_anchor: int) -> None:
    """Tight blocks "teaser headline / one paragraph / UI labels" in a page that
    otherwise separates paragraphs with blank lines."""
    anchors = [u for u in units if not u.chrome and u.prose]
    block_size: dict[int, int] = {}
    for u in units:
        block_size[u.block] = block_size.get(u.block, 0) + 1
    if not anchors or sum(block_size[u.block] == 1 for u in anchors) < 0.6 * len(anchors):
        return  # single-newline layout: blocks carry no meaning
    k = first_anchor + 1
    while k < len(units):
        b = units[k].block
        j = k
        while j < len(units) and units[j].block == b:
            j += 1
        block = units[k:j]
        if 3 <= len(block) <= 6 and _is_card(block):
            for u in block:
                u.mark("teaser")
        k = j


def _is_card(block: list[_Unit]) -> bool:
    head, rest = block[0], block[1:]
    if head.chrome or head.terminal or head.n_words < 3:
        return False
    paragraphs = [u for u in rest if not u.chrome]
    tail = rest[len(paragraphs):]
    # One UI line after a paragraph may be an ad slot inside the article; a
    # teaser card ends in two or more labels, or in its own timestamp.
    return (
        len(paragraphs) == 1
        and paragraphs[0] is rest[0]
        and paragraphs[0].prose
        and (len(tail) >= 2 or (len(tail) == 1 and tail[0].reason == "timestamp"))
        and all(u.chrome for u in tail)
    )


def _apply_sidebars(units: list[_Unit], first_anchor: int) -> None:
    """From a sidebar heading on, everything is chrome until the article resumes."""
    k = first_anchor + 1
    while k < len(units):
        if not _is_sidebar_heading(units[k].text):
            k += 1
            continue
        end = _sidebar_end(units, k + 1)
        for u in units[k:end]:
            u.mark("sidebar")
        k = end


def _sidebar_end(units: list[_Unit], start: int) -> int:
    """Index where body resumes: the first of _RESUME_RUN consecutive plain paragraphs."""
    run = 0
    for j in range(start, len(units)):
        u = units[j]
        if not u.chrome and u.prose and not u.truncated:
            run += 1
            if run >= _RESUME_RUN:
                return j - run + 1
        else:
            run = 0
    return len(units)


def _apply_bands(units: list[_Unit]) -> None:
    """Short title-like lines before the body and unpunctuated lines after it."""
    body = [k for k, u in enumerate(units) if not u.chrome and u.prose]
    if not body:
        return  # no paragraph at all: too little context to judge position
    first, last = body[0], body[-1]

    top = [k for k in range(first) if not units[k].chrome]
    if top:
        # The headline is the longest line up there, or the first line of some
        # length (a long dek may follow a Title-Case headline); both are kept.
        protected = {max(top, key=lambda k: (units[k].n_words, -k))}
        protected.update([k for k in top if units[k].n_words >= 5][:1])
        seen: list[str] = []
        for k in top:
            u = units[k]
            if k not in protected and _is_title_fragment(u):
                u.mark("top band")
                continue
            if u.n_words < 4:
                continue
            key = _key(u.text)
            if any(key in s or s in key for s in seen):
                u.mark("repeat")  # headline again, with or without a site suffix
            elif len(seen) < 20:
                seen.append(key)

    for k in range(last + 1, len(units)):
        u = units[k]
        if u.chrome:
            continue
        if (not u.terminal and u.n_words <= _BOTTOM_SHORT_WORDS) or _is_title_fragment(u):
            u.mark("bottom band")


def _is_title_fragment(u: _Unit) -> bool:
    """Section labels, author names, site names, show names: a few words, no
    sentence ending, or a short line in which every content word is capitalised."""
    if u.n_words == 0:
        return True
    if _TERMINAL_RE.search(u.text) and not _looks_like_initials(u.text):
        return False
    if u.n_words <= _BAND_SHORT_WORDS:
        return True
    content = [w for w in u.words if len(w) > 3 or w[0].isupper()]
    return u.n_words <= 8 and all(w[0].isupper() for w in content)


def _looks_like_initials(s: str) -> bool:
    """ "Mike R." ends with a full stop but is a name, not a sentence."""
    return bool(re.search(r"\b[A-Z]\.$", s)) and len(s.split()) <= 3


def _apply_sentence_rules(
    units: list[_Unit], text: str, clean: list[_Span | None], out: list[bool]
) -> None:
    """Strong rules on single sentences inside lines that are otherwise body
    ("... he said. Copyright 2024 AP.", a credit glued after a sentence)."""
    for unit in units:
        if unit.chrome or len(unit.spans) < 2:
            continue  # whole-line decisions already cover single-sentence lines
        for i in unit.spans:
            sp = clean[i]
            if sp is None:
                continue
            s = _normalise_space(text[sp[0]:sp[1]])
            if any(rule(s) for _, rule in _SENTENCE_RULES):
                out[i] = True


def _analyse(text: str, spans: list[object]) -> _Analysis:
    """Build the units and run the line, repetition, sidebar and band passes."""
    units, unit_of, clean = _build_units(text, spans)
    _apply_line_rules(units)
    _apply_repetition(units)
    first = _first_anchor(units)
    if first is not None:
        _apply_teaser_cards(units, first)
        _apply_sidebars(units, first)
    _apply_bands(units)
    return units, unit_of, clean


def _mark(text: str, spans: list[object]) -> list[bool]:
    out = [False] * len(spans)
    if not spans or not text:
        return out
    units, unit_of, clean = _analyse(text, spans)
    for i, k in enumerate(unit_of):
        if k is not None and units[k].chrome:
            out[i] = True
    _apply_sentence_rules(units, text, clean, out)
    return out
