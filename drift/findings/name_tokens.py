"""Which tokens of one side are names: capitalised words with a cue (mid-sentence, a name or
a possessive or a reporting verb after a sentence-initial capital), all-caps acronyms, or the
spans of a plugged-in NER function (`set_name_finder`); joined into runs ("Jake Sullivan",
"Bank of England"). drift.findings.names compares the two sides' names."""

from __future__ import annotations

import re
from typing import Callable, Iterable, NamedTuple

from .ctx import _Ctx
from .lexicon import _ABBREVIATIONS, _CONNECTORS, _NOT_NAMES, _SAY_VERBS, _TITLES, verb_form
from .numbers import _CURRENCY
from .spelling import _POSSESSIVE, _name_key
from .tokens import _Side

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


def _is_cap(tok: str) -> bool:
    return tok[:1].isalpha() and tok[:1].isupper()


def _is_acronym(tok: str) -> bool:
    letters = [ch for ch in tok if ch.isalpha()]
    return len(letters) >= 2 and all(ch.isupper() for ch in letters)


_FIGURE = re.compile(r"\d[.,]\d")


def _other(ctx: _Ctx, side: _Side) -> _Side:
    return ctx.c if side is ctx.o else ctx.o


def _name_tokens(ctx: _Ctx, side: _Side, caps_mid: set[str]) -> list[_Name]:
    toks, norms, n = side.toks, side.norms, len(side.toks)
    flags = [False] * n
    weak = [False] * n
    ner_spans = list(_NAME_FINDER(side.text)) if _NAME_FINDER else None
    for i, (raw, s, e) in enumerate(toks):
        if not side.cap[i] or i in side.date_tokens or _FIGURE.search(raw) or (
                norms[i] in _CURRENCY and i + 1 < n and norms[i + 1][:1].isdigit()) or (i > 0 and norms[i - 1] == "°"):
            continue  # a figure with a currency code ("RMB30,000", "RMB 30000") or a scale ("40 °C") is the number rules'
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
            verb = verb_form(key)
            cues = (
                # a verb form opening a clause takes a name as its object ("Getting Indians
                # to save"): the capital after it says nothing about the verb itself
                (_is_cap(nxt) and _name_key(nxt) not in _NOT_NAMES and not verb)
                or _POSSESSIVE.search(raw) is not None
                or (i + 1 < n and norms[i + 1] in _SAY_VERBS)
                or key in caps_mid
                or (i + 1 < n and norms[i + 1] in _AUX_AFTER_NAME and _bare_singular(key))
            )
            if not cues:
                weak[i] = not verb  # may still be matched as a spelling variant
                continue
        elif not acronym and verb_form(key) and not (i > 0 and side.cap[i - 1]) and (
                i + 1 == n or not side.cap[i + 1] or norms[i + 1] in _other(ctx, side).norms):
            # a capitalised verb form inside a sentence, no name before it and none new after
            # it ("Breaking Bad"), is machine translation's stray capital ("ahead of him
            # Bringing Ukraine out of office"), not a name: matched as a spelling variant only
            weak[i] = True
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


def _phrases(names: list[_Name], max_len: int = 4):
    """Contiguous sub-runs of each multi-word name: (key, first, last) with name indices."""
    out = []
    for a in range(len(names)):
        for b in range(a, min(a + max_len, len(names))):
            if names[b].run != names[a].run:
                break
            out.append((" ".join(x.key for x in names[a : b + 1]), a, b))
    return out
