"""Layer 3: punctuation inside a run. Clusters of final punctuation (plus closing quotes) are
candidate boundaries; ``_boundary_after`` decides with the abbreviation tables, initials, list
markers, ellipsis rules and the shape of the next word. Inline list items and bullets start
sentences of their own; CJK full stops always end one.
"""

from __future__ import annotations

import re

from .lang import LanguageRules
from .tables import (
    _BULLETS,
    _BULLET_RE,
    _CJK_STOP_RE,
    _CLUSTER_RE,
    _DOTTED_RE,
    _FIRST_LIST_ITEM_RE,
    _HAS_LINEBREAK_RE,
    _LIST_ITEM_RE,
    _MARKER_TOKEN_RE,
    _MARK_RE,
    _MAX_TOKEN,
    _MONTHS,
    _NEVER_FINAL,
    _NON_SPACE_RE,
    _NUMBER_PREFIXES,
    _OPENERS,
    _POSTPOSITIVE,
    _STARTERS,
    _STATES,
    _STRONG,
    _TIME_ZONE_WORDS,
    _TITLES,
    _WORD_RE,
)


def _split_run(
    text: str, run_start: int, run_end: int, newline_hint: bool, out: list,
    rules: LanguageRules | None = None,
) -> None:
    """Append the sentence spans of one stripped run to ``out``.

    ``newline_hint`` is False in hard-wrapped blocks, where a line break says
    nothing about sentence ends.
    """
    if _MARK_RE.search(text, run_start, run_end) is None and not _starts_list(
        text, run_start, run_end
    ):
        out.append((run_start, run_end))  # a headline, menu entry, "1 / 4"
        return
    forced = _list_item_breaks(text, run_start, run_end)
    forced_index = 0
    sentence_start = run_start  # first non-space char of the current sentence
    for match in _CLUSTER_RE.finditer(text, run_start, run_end):
        cluster_start, cluster_end = match.span()
        # List items and bullets found before this cluster start new sentences.
        while forced_index < len(forced) and forced[forced_index] <= cluster_start:
            sentence_start = _cut_before(text, sentence_start, forced[forced_index], out)
            forced_index += 1
        if cluster_end >= run_end:
            break  # the run ends here anyway
        if cluster_start <= sentence_start:
            continue  # nothing before the punctuation: not a sentence end
        if not text[cluster_end].isspace() and not _CJK_STOP_RE.search(
            text, cluster_start, cluster_end
        ):
            continue  # "3.5", "U.S.A", "apnews.com", "mean...see"
        cut = _boundary_after(text, match, sentence_start, run_end, newline_hint, rules)
        if cut is not None:
            out.append((sentence_start, cut))
            sentence_start = _NON_SPACE_RE.search(text, cut, run_end).start()
    for position in forced[forced_index:]:
        sentence_start = _cut_before(text, sentence_start, position, out)
    out.append((sentence_start, run_end))


def _cut_before(text: str, sentence_start: int, position: int, out: list) -> int:
    """End the current sentence just before ``position`` (a list item start)."""
    if position <= sentence_start:
        return sentence_start
    end = position
    while text[end - 1].isspace():  # stops at sentence_start, which is not a space
        end -= 1
    out.append((sentence_start, end))
    return position


def _list_item_breaks(text: str, run_start: int, run_end: int) -> list[int]:
    """Positions where an inline list item starts ("1) a 2) b", "• x • y").

    Numbered or lettered items are trusted only as a sequence that starts the
    run with "1"/"a" and counts up in the same style, so that "in 2. The"
    elsewhere in prose is not mistaken for an item.
    """
    breaks = [m.start() for m in _BULLET_RE.finditer(text, run_start, run_end)]
    first = _starts_list(text, run_start, run_end)
    if first is not None:
        label, style = first.groups()
        expected = _next_label(label)
        for match in _LIST_ITEM_RE.finditer(text, first.end(), run_end):
            if match.group(2) == style and match.group(1) == expected:
                breaks.append(match.start())
                expected = _next_label(expected)
    return sorted(set(breaks))


def _starts_list(text: str, run_start: int, run_end: int) -> re.Match | None:
    """The "1." / "a)" / "1.)" item marker opening the run (after a bullet), if any."""
    i = run_start
    while i < run_end and i - run_start < 4 and (text[i] in _BULLETS or text[i].isspace()):
        i += 1
    return _FIRST_LIST_ITEM_RE.match(text, i, run_end)


def _next_label(label: str) -> str:
    return str(int(label) + 1) if label.isdigit() else chr(ord(label) + 1)


def _has_linebreak(text: str, start: int, end: int) -> bool:
    return _HAS_LINEBREAK_RE.search(text, start, end) is not None


def _boundary_after(
    text: str, match: re.Match, sentence_start: int, run_end: int, newline_hint: bool,
    rules: LanguageRules | None = None,
) -> int | None:
    """Where the sentence ends at this punctuation cluster, or None if it goes on.

    ``match`` is a ``_CLUSTER_RE`` match with text before and after it in the
    run; the returned position is the end of the sentence.
    """
    cluster_start, cluster_end = match.span()
    marks = match.group("marks")
    if _CJK_STOP_RE.search(marks):
        # 。！？ end a sentence whatever follows; after them "“" and "‘" open the next
        # sentence (Chinese closes with ” and ’), so they are not taken along.
        end = cluster_end
        while end > match.end("marks") and text[end - 1] in "“‘":
            end -= 1
        return end
    next_start = _NON_SPACE_RE.search(text, cluster_end, run_end).start()
    # The first letter of the next sentence, past any opening quotes.
    word_start = next_start
    while word_start < run_end and word_start - next_start < 8 and text[word_start] in _OPENERS:
        word_start += 1
    if word_start >= run_end:
        return None  # only a stray quote/bracket follows: keep it attached
    first = text[word_start]
    # A line break here is evidence of a sentence end (checked cheaply: the
    # usual single space after a period is not one).
    newline = (
        newline_hint
        and (next_start - cluster_end > 1 or text[cluster_end] != " ")
        and _has_linebreak(text, cluster_end, next_start)
    )
    lower = first.islower()
    if lower and not newline:
        return None  # "Yahoo! in", "co. at", "great.' she said"
    if marks != ".":  # the common single period is handled below
        if any(ch in _STRONG for ch in marks):
            return cluster_end  # "Hello!? Is that you?", "Where to?\nnowhere"
        if lower:
            return None  # "and then...\nwe left"
        dots = marks.count(".") + 3 * marks.count("…")
        if dots == 3:
            # An ellipsis ("But instead … America is watching") continues the
            # sentence; at a line end it closes a truncated teaser.
            return cluster_end if newline else None
        if dots >= 4:
            # "compounds. . . . The practice": the period attached to the word
            # ends the sentence and the spaced ellipsis opens the next one.
            if marks[1] in " \u00a0" and not text[cluster_start - 1].isspace() and first.isupper():
                return cluster_start + 1
            return cluster_end  # "that.... She left", "period . . . . Next"
        return cluster_end  # ". ." (a stray dot after a period) or ".."
    word = _WORD_RE.match(text, word_start)
    following = _Next(word.group() if word else "", first, word_start > next_start, newline)
    if _period_is_final(text, cluster_start, sentence_start, following, rules):
        return cluster_end
    return None


class _Next:
    """What follows a period: the next word and how it looks."""

    __slots__ = ("word", "digit", "upper", "lower", "opener", "newline")

    def __init__(self, word: str, first: str, opener: bool, newline: bool):
        self.word = word
        self.digit = first.isdigit()
        self.upper = first.isupper()
        self.lower = first.islower()
        self.opener = opener  # an opening quote/bracket comes first
        self.newline = newline  # a meaningful line break comes first

    @property
    def starter(self) -> bool:
        """Does the next word look like the start of a sentence?"""
        return self.word in _STARTERS or self.opener or self.newline


def _token_before(text: str, end: int, limit: int) -> int:
    """Start of the whitespace-free token that ends at ``end`` (not before ``limit``)."""
    if text[end - 1].isspace():
        return end
    chunk = text[max(limit, end - _MAX_TOKEN):end]
    return end - len(chunk.rsplit(None, 1)[-1])


def _abbreviation_kind(token: str) -> str | None:
    """Classify the word before a period; None for an ordinary word.

    ``token`` has its final period removed ("U.S" for "U.S.").
    """
    if token in _TITLES or (token.isupper() and token.title() in _TITLES):
        return "title"  # "Maj. Gen. Pat Ryder", "St. Michael's"
    if len(token) == 1 and token.isupper():
        return "initial"  # "Lolita C. Baldor"
    if token in _MONTHS or (token.isupper() and token.title() in _MONTHS):
        return "month"  # "Oct. 28"
    lower = token.lower()
    if lower in _NUMBER_PREFIXES:
        return "number"  # "No. 5", "p. 55", "N°. 1026"
    if lower in _NEVER_FINAL:
        return "never"  # "vs.", "e.g."
    if "." in token and _DOTTED_RE.fullmatch(token):
        return "time" if lower in ("a.m", "p.m") else "dotted"  # "U.S.", "D.C."
    if lower in _POSTPOSITIVE or token in _STATES or (len(token) == 1 and token.islower()):
        return "postpositive"  # "Inc.", "Jr.", "etc.", "Calif."
    return None  # ordinary word, number, URL, e-mail address


def _period_is_final(
    text: str, period: int, sentence_start: int, nxt: _Next, rules: LanguageRules | None = None
) -> bool:
    """Does the single period at ``period`` end the sentence?"""
    token_start = _token_before(text, period, sentence_start)
    token = text[token_start:period].lstrip(_OPENERS + _BULLETS)
    if not token:
        return True  # "could increase . Next"
    if rules is not None and rules.period_is_final(token, nxt.word) is False:
        return False  # "ca. 85", "am 24. Dezember", "sv. Petra"
    at_sentence_start = token_start - sentence_start < 8 and not text[
        sentence_start:token_start
    ].strip(_OPENERS + _BULLETS + " \t\n\r\u00a0")
    if at_sentence_start and _MARKER_TOKEN_RE.fullmatch(token):
        return False  # list item "1. The first item", "a. ..."; initial "J. K."
    kind = _abbreviation_kind(token)
    if token == "St" and _previous_word_is_name(text, token_start, sentence_start):
        kind = "postpositive"  # "on Main St. The fire" (street), not "St. Paul's"
    if nxt.lower:
        # Only reached after a line break: an ordinary word ending a line with
        # a period ends the sentence, an abbreviation ("U.S.\nofficials") not.
        return kind is None
    if kind is None:
        return True
    if kind in ("title", "never"):
        return False
    if kind == "initial":
        return _initial_is_final(text, token_start, sentence_start, nxt)
    if kind == "month":
        return not nxt.digit and nxt.starter
    if kind == "number":
        return not nxt.digit
    if kind == "time":
        return _time_is_final(text, token_start, sentence_start, nxt)
    # "dotted" and "postpositive": final before a typical sentence starter,
    # "the U.S. How about you?" / "& Co. It closed", but not "the U.S.
    # Government" / "Apple Inc. CEO".
    return nxt.starter


def _previous_word(text: str, token_start: int, sentence_start: int) -> str:
    """The word before the token at ``token_start`` in the current sentence."""
    before = text[max(sentence_start, token_start - _MAX_TOKEN):token_start].split()
    return before[-1] if before else ""


def _previous_word_is_name(text: str, token_start: int, sentence_start: int) -> bool:
    """Is the previous word capitalised or a number ("Main St.", "5th St.")?"""
    first = _previous_word(text, token_start, sentence_start)[:1]
    return first.isupper() or first.isdigit()


def _initial_is_final(text: str, token_start: int, sentence_start: int, nxt: _Next) -> bool:
    """A single capital letter: an initial ("Lolita C. Baldor") unless it ends
    a clause ("you and I. Did you see ...")."""
    if nxt.newline:
        return True
    if nxt.word not in _STARTERS:
        return False
    return _previous_word(text, token_start, sentence_start)[:1].islower()


def _time_is_final(text: str, token_start: int, sentence_start: int, nxt: _Next) -> bool:
    """"a.m."/"p.m." before a capital: final after a full clause ("He left the
    bank at 6 P.M. Mr. Smith ...") or before a sentence starter ("at 3 a.m.
    Nearly 20 houses"), not after a short opener ("At 5 a.m. Mr. Smith went")."""
    if not nxt.upper or nxt.word in _TIME_ZONE_WORDS:
        return False
    if nxt.starter:
        return True
    words_before = text[max(sentence_start, token_start - 120):token_start].split()
    return len(words_before) >= 5
