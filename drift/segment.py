"""Rule-based sentence segmentation for scraped news English.

``split_sentences(text)`` returns ``[start, end)`` character spans into the
text exactly as given: nothing is normalised, so every sentence points back to
the raw article (offsets are Python string indices, see ``spec/contracts.md``).

The segmenter works in three layers, from hard to soft evidence:

1. **Blocks.** A blank line (two line breaks with only spaces between them)
   always ends a sentence.
2. **Lines.** Scraped pages put each headline, caption, timestamp and menu
   entry on its own line, usually without final punctuation.  A single line
   break inside a block is a boundary when the line before it has no final
   punctuation and the next line starts like a new unit (see
   ``_newline_breaks``).  Blocks that look hard-wrapped (e-mail style prose
   at a fixed width) are the exception: there a line break is just a space.
3. **Punctuation.** Inside the resulting runs, clusters of ``. ! ? …`` (plus
   closing quotes/brackets) are candidate boundaries; ``_boundary_after``
   decides with abbreviation lists, initials, list markers, ellipsis rules and
   the shape of the next word, in the spirit of the pragmatic_segmenter /
   pySBD "golden rules".  CJK full stops (。！？) always end a sentence.

A final pass attaches punctuation-only fragments (``could increase. .``) to a
neighbour on the same line, so no span is just ``.``, unless the whole line is
punctuation (``___``, ``* * *``).  Another cuts any span longer than
``MAX_SENTENCE_CHARS`` at a space (text without punctuation, a scraped table):
no real sentence is that long, and every later stage assumes sentence-sized pieces.

Everything is linear in the length of the text: the regular expressions are
written so they cannot backtrack catastrophically, and the per-candidate work
looks at a bounded window around the candidate.
"""

from __future__ import annotations

import re
import unicodedata

from .segment_lang import LanguageRules, rules_for

__all__ = ["MAX_SENTENCE_CHARS", "SEGMENTER_NAME", "split_sentences"]

#: Recorded in reports; bump the suffix whenever the segmentation changes.
SEGMENTER_NAME = "drift-rules@2"

#: Longer spans are cut at the last space before this many characters (the longest sentence
#: in the evaluation data has 1 120). Without it a 20 MB line without punctuation was one
#: "sentence", and the word diff of two such sentences never finished.
MAX_SENTENCE_CHARS = 2_000

# --------------------------------------------------------------------------
# Character classes
# --------------------------------------------------------------------------

# Line breaks as str.splitlines() knows them ("\r\n" is handled as one break).
_LINEBREAK_CHARS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
# Whitespace that is not a line break.
_HSPACE = r"[^\S\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]"

_DOTS = ".…"  # … counts as three dots
_STRONG = "!?‼⁇⁈⁉؟۔।॥።"  # always final (unless a lowercase word follows)
_CJK_STOPS = "。！？｡"  # final even without a following space
_TERMINALS = _DOTS + _STRONG + _CJK_STOPS
# Invisible format characters (zero-width space/joiners, direction marks, BOM)
# are not whitespace, but they are transparent around punctuation.
_INVISIBLE = (
    "\u200b\u200c\u200d\u200e\u200f\u2060\ufeff"
    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
# Closing quotes and brackets that belong to the sentence they follow.  "“" is
# here because scraped text often uses it by mistake as a closing quote.
_CLOSERS = "\"'”’»›)]}」』〉》】）〕“" + _INVISIBLE
# Opening quotes/brackets that may precede the first word of a sentence.
_OPENERS = "\"'“‘«‹([{「『（¿¡" + _INVISIBLE
# List bullets that start a new item even in the middle of a line.
_BULLETS = "•⁃▪◦‣"

_ESC_TERMINALS = re.escape(_TERMINALS)
_ESC_CLOSERS = re.escape(_CLOSERS)

# One or more line breaks with only spaces between them; _blocks decides
# whether it is a paragraph break.
_LINEBREAKS_RE = re.compile(rf"[{_LINEBREAK_CHARS}](?:{_HSPACE}*[{_LINEBREAK_CHARS}])*")
_HSPACE_RE = re.compile(_HSPACE)
# The text of one line (line-break characters excluded).
_LINE_RE = re.compile(rf"[^{_LINEBREAK_CHARS}]+")
_HAS_LINEBREAK_RE = re.compile(rf"[{_LINEBREAK_CHARS}]")
_NON_SPACE_RE = re.compile(r"\S")
# A candidate sentence end: a cluster of final punctuation, optionally spaced
# (". . ."), plus closing quotes.  It is returned when whitespace or the end of
# the run follows, unless a lowercase ASCII word follows on the same line
# (that never ends a sentence; filtering it here keeps the Python loop short).
# It is also returned when a non-space character follows, because CJK stops
# need no space; the caller drops the other such clusters ("3.5", "U.S.A",
# "apnews.com").
# Linear time: the pattern starts with a character class (so the engine scans
# quickly), the lookbehinds stop a match from starting inside a run of dots,
# and the atomic group and possessive quantifiers never backtrack, so a
# megabyte of "." or ". . ." is a single match.
_CLUSTER_RE = re.compile(
    rf"(?P<marks>[{_ESC_TERMINALS}]"
    rf"(?<![{_ESC_TERMINALS}][{_ESC_TERMINALS}])"
    rf"(?<![{_ESC_TERMINALS}][ \u00a0][{_ESC_TERMINALS}])"
    rf"(?>[{_ESC_TERMINALS}]*(?:[ \u00a0][{_ESC_TERMINALS}]+)*))"
    rf"[{_ESC_CLOSERS}]*+(?:(?=\s|\Z)(?!{_HSPACE}*+[a-z])|(?=\S))"
)
_CJK_STOP_RE = re.compile(f"[{_CJK_STOPS}]")
# Anything that may split a run: final punctuation or a bullet.
_MARK_RE = re.compile(f"[{_ESC_TERMINALS}{re.escape(_BULLETS)}]")
# A run of letters (the first word after a candidate boundary).
_WORD_RE = re.compile(r"[^\W\d_]+")
# Letters and digits: a span without any is "punctuation only".
_ALNUM_RE = re.compile(r"[^\W_]")
# Dotted abbreviations with the final dot removed: U.S, a.m, e.g, D.C, Ph.D.
_DOTTED_RE = re.compile(r"(?:[^\W\d_]{1,2}\.)+[^\W\d_]{1,2}")
# A list marker token with its dot removed: "1", "12", "a", "B".
_MARKER_TOKEN_RE = re.compile(r"\d{1,3}|[^\W\d_]")
# Numbered/lettered list items inside one run: "1.", "2)", "3.)", "a.".
_LIST_ITEM_RE = re.compile(r"(?<!\S)(\d{1,2}|[a-z])(\.\)|\)|\.)(?=\s)")
_FIRST_LIST_ITEM_RE = re.compile(r"(1|a)(\.\)|\)|\.)(?=\s)")
_BULLET_RE = re.compile(rf"[{re.escape(_BULLETS)}](?<=\s.)")  # after a space

# --------------------------------------------------------------------------
# Word lists.  Kept in code (not a data file) so they ship with the module.
# --------------------------------------------------------------------------

# Prepositive titles: "Maj. Gen. Pat Ryder", "St. Michael's".  Never final.
_TITLES = frozenset(
    """Mr Mrs Ms Mx Messrs Mmes Mme Mlle Dr Drs Prof Profs Rev Revs Hon Rt Pres
    Gov Govs Lt Col Cols Gen Gens Maj Capt Cpt Cmdr Cdr Comdr Adm Brig Sgt Sgts
    Cpl Pvt Spc Ens Sen Sens Rep Reps Supt Det Insp Atty Amb Asst Assoc Sec
    Fr Msgr Ald St Ste Sts Mt Ft""".split()
)
# Month abbreviations (AP style "Oct. 28"): not final before a number.
_MONTHS = frozenset("Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec".split())
# Abbreviations that are not final before a number: "No. 5", "p. 55", "N°. 1".
_NUMBER_PREFIXES = frozenset(
    """no nos nr num p pp pg vol vols fig figs art arts sec secs ch chap para pt
    pts ex n° nº rm apt ste ext op tel""".split()
)
# Never final, whatever follows: "vs. Russia", "e.g. Kyiv".
_NEVER_FINAL = frozenset("vs cf viz e.g i.e approx".split())
# Postpositive/general abbreviations: final only when a typical sentence
# starter follows ("Pitt, Briggs & Co. It closed" vs "Apple Inc. CEO").
_POSTPOSITIVE = frozenset(
    """inc corp ltd co cos jr sr bros plc llc llp esq etc al dept depts univ
    assn ave blvd rd hwy pkwy sq est govt intl natl mfg ed eds hrs yrs mos wks
    lb lbs oz ft yd mi dr st""".split()
)
# AP-style US state abbreviations (capitalised only: "ill." is a word).
_STATES = frozenset(
    """Ala Ariz Ark Calif Colo Conn Del Fla Ga Ill Ind Kan Kans Ky La Md Mass
    Mich Minn Miss Mo Mont Neb Nebr Nev Okla Ore Oreg Pa Penn Tenn Tex Vt Va
    Wash Wis Wisc Wyo""".split()
)
# Words after "a.m."/"p.m." that continue the time, not a new sentence.
_TIME_ZONE_WORDS = frozenset(
    """ET EST EDT CT CST CDT MT MST MDT PT PST PDT GMT BST CET CEST UTC Eastern
    Central Mountain Pacific Atlantic Local""".split()
)
# Capitalised words that typically *start* a sentence (pragmatic_segmenter's
# list, extended for news).  Used where an abbreviation may or may not end the
# sentence: "the U.S. How about you?" ends, "the U.S. Government" does not.
_STARTERS = frozenset(
    """A An The This That These Those There Then Thus Here He She It They We I
    You His Her Its Their Our My Your Him Them Us In On At By For From With
    Without After Before During Since Until Till When Where While Why What Who
    Whom Whose Which How However Meanwhile Moreover Furthermore Also And But Or
    Nor So Yet If As Although Though Because Unless Whether Many Much More Most
    Some Several Few All Both Each Every Either Neither No Not None Nothing
    Nearly About Almost Only Just Still Even Now Today Tonight Yesterday
    Tomorrow Later Earlier Last Next First Second Third Finally Instead Despite
    According Asked Being Did Do Does Is Are Was Were Has Have Had Will Would
    Can Could Should Shall May Might Must Such Other Another Under Over Among
    Once Please Let Yes Officials Authorities Image Photo One Two Three Four
    Five Six Seven Eight Nine Ten Overall Similarly Separately Elsewhere""".split()
)
# Lowercase words that cannot end a line of prose: a line ending in one of
# them continues on the next line even if that line starts with a capital.
_CONNECTORS = frozenset(
    "the a an of and or nor to that than whose its their our my your".split()
)
# Prepositions that lead into a lowercase next line ("coverage at\nhttps://...").
_PREPOSITIONS = frozenset(
    """at in on by for with from into onto about as via over under after before
    between through per like including""".split()
)
# Line-final characters that mean "the sentence goes on".
_CONTINUATION_CHARS = ",;&/+=(-–—"

_MAX_TOKEN = 64  # how far back to look for the word before a period


# --------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------


def split_sentences(text: str, language: str | None = None) -> list[tuple[int, int]]:
    """Split ``text`` into sentences.

    Args:
        text: the document exactly as read (any Unicode; never modified).
        language: ISO 639-1 code of the text's language, if known. English, None and
            languages without rules of their own use the general rules; German, Czech,
            Russian, Ukrainian, French, Spanish, Italian and Portuguese add their
            abbreviations and ordinal numbers (``drift.segment_lang``).

    Returns:
        Sentence spans ``[start, end)`` into ``text``, in order and
        non-overlapping.  Each span is non-empty and stripped of surrounding
        whitespace, and together the spans cover every non-whitespace
        character of ``text`` exactly once.  Empty or blank text gives ``[]``.
    """
    if not isinstance(text, str):
        raise TypeError(f"split_sentences expects str, got {type(text).__name__}")
    rules = rules_for(language)
    spans: list[tuple[int, int]] = []
    for block_start, block_end in _blocks(text):
        lines = _lines(text, block_start, block_end)
        if not lines:
            continue
        wrapped = _looks_hard_wrapped(text, lines)
        for run_start, run_end in _runs(text, lines, wrapped):
            _split_run(text, run_start, run_end, not wrapped, spans, rules)
    return _cut_long(text, _attach_punctuation_only(text, spans))


# --------------------------------------------------------------------------
# Layer 1 and 2: blocks, lines and runs
# --------------------------------------------------------------------------


def _blocks(text: str):
    """Yield [start, end) of paragraphs, i.e. text between blank lines."""
    start = 0
    for match in _LINEBREAKS_RE.finditer(text):
        breaks = match.group()
        if len(breaks) > 1:
            breaks = _HSPACE_RE.sub("", breaks)
        # Two line breaks make a blank line, except "\r\n" which is one; the
        # Unicode paragraph separator is a paragraph break on its own.
        if (len(breaks) > 1 and breaks != "\r\n") or "\u2029" in breaks:
            yield start, match.start()
            start = match.end()
    yield start, len(text)


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink [start, end) to exclude surrounding whitespace (may become empty)."""
    piece = text[start:end]
    stripped_left = piece.lstrip()
    start += len(piece) - len(stripped_left)
    end = start + len(stripped_left.rstrip())
    return start, end


def _lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Stripped, non-empty lines of one block."""
    lines = []
    for match in _LINE_RE.finditer(text, start, end):
        line_start, line_end = _strip(text, match.start(), match.end())
        if line_start < line_end:
            lines.append((line_start, line_end))
    return lines


def _ends_with_terminal(text: str, start: int, end: int) -> bool:
    """True if text[start:end] ends with final punctuation (closers allowed)."""
    i = end
    while i > start and end - i < 8 and text[i - 1] in _CLOSERS:
        i -= 1
    return i > start and text[i - 1] in _TERMINALS


def _first_letter_is_lower(text: str, start: int, end: int) -> bool:
    i = start
    while i < end and i - start < 8 and text[i] in _OPENERS:
        i += 1
    return i < end and text[i].islower()


def _looks_hard_wrapped(text: str, lines: list[tuple[int, int]]) -> bool:
    """Guess whether a block is prose wrapped at a fixed width.

    Wrapped prose has non-final lines of similar length, most of them cut
    mid-sentence, and many continuing with a lowercase word.  A scraped list
    of headlines also has similar lengths but its lines start with capitals,
    so it is not mistaken for wrapped prose.
    """
    if len(lines) < 3:
        return False
    body = lines[:-1]
    lengths = [end - start for start, end in body]
    if min(lengths) < 35 or max(lengths) > 110 or max(lengths) - min(lengths) > 40:
        return False
    cut_mid_sentence = sum(
        not _ends_with_terminal(text, start, end) for start, end in body
    )
    lowercase_next = sum(
        _first_letter_is_lower(text, start, end) for start, end in lines[1:]
    )
    return cut_mid_sentence * 2 >= len(body) and lowercase_next * 3 >= len(body)


def _newline_breaks(text: str, prev: tuple[int, int], nxt: tuple[int, int]) -> bool | None:
    """Decide whether the line break between two lines ends a sentence.

    Returns None when the previous line ends with final punctuation: the
    punctuation rules then decide (knowing that a line break follows).
    """
    prev_start, prev_end = prev
    if _ends_with_terminal(text, prev_start, prev_end):
        return None
    if text[prev_end - 1] in _CONTINUATION_CHARS:
        return False  # "KYIV –", "the cat," ... the sentence goes on
    window_start = max(prev_start, prev_end - 40)
    words = text[window_start:prev_end].split()
    last_word = words[-1] if len(words) > 1 or window_start == prev_start else ""
    if last_word in _CONNECTORS:
        return False  # "the president of the" / "United States said"
    if _first_letter_is_lower(text, *nxt):
        # Usually the sentence goes on ("He said\nthat it was fine."), but a
        # short unpunctuated line is a UI string of its own ("close\nclose",
        # "Keep reading\nlist of 4 items"), unless a preposition leads into it.
        return (
            last_word not in _PREPOSITIONS
            and _is_short(text, *nxt)
            and not _ends_with_terminal(text, *nxt)
        )
    # Headline, caption, timestamp, menu entry: the next line is a new unit.
    return True


def _is_short(text: str, start: int, end: int) -> bool:
    """At most four words (a menu entry or button label)."""
    return end - start <= 40 and len(text[start:end].split(None, 4)) <= 4


def _runs(text: str, lines: list[tuple[int, int]], wrapped: bool):
    """Group the lines of a block into runs that punctuation rules then split."""
    run_start = lines[0][0]
    for prev, nxt in zip(lines, lines[1:]):
        if not wrapped and _newline_breaks(text, prev, nxt):
            yield run_start, prev[1]
            run_start = nxt[0]
    yield run_start, lines[-1][1]


# --------------------------------------------------------------------------
# Layer 3: punctuation inside a run
# --------------------------------------------------------------------------


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


# --------------------------------------------------------------------------
# Final pass
# --------------------------------------------------------------------------


def _attach_punctuation_only(
    text: str, spans: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """Merge spans with no letter or digit into a neighbour on the same line.

    "could increase. ." must not yield a sentence ".", but a line that is only
    punctuation ("___", "* * *") stays a sentence of its own.
    """
    result: list[tuple[int, int]] = []
    pending: tuple[int, int] | None = None  # punctuation waiting for a right neighbour
    for start, end in spans:
        has_alnum = _ALNUM_RE.search(text, start, end) is not None
        if pending is not None:
            if _has_linebreak(text, pending[1], start):
                result.append(pending)  # a line of its own: keep it
            else:
                start = pending[0]  # prepend to this span
            pending = None
        if has_alnum:
            result.append((start, end))
        elif result and not _has_linebreak(text, result[-1][1], start):
            result[-1] = (result[-1][0], end)  # "could increase. ." -> append
        else:
            pending = (start, end)
    if pending is not None:
        result.append(pending)
    return result


_LAST_SPACE_RE = re.compile(r"\s(?=\S*\Z)")


def _cut_long(text: str, spans: list[tuple[int, int]], limit: int = MAX_SENTENCE_CHARS) -> list[tuple[int, int]]:
    """Cut spans longer than ``limit`` into pieces of at most ``limit`` characters.

    A piece ends at the last whitespace in the second half of its window, else (no space:
    CJK without stops, a base64 blob) right at the limit, stepping back over combining
    marks so that a letter keeps its accents. Pieces stay stripped and cover the same text.
    """
    if all(end - start <= limit for start, end in spans):
        return spans
    out: list[tuple[int, int]] = []
    for start, end in spans:
        while end - start > limit:
            window_end = start + limit
            space = _LAST_SPACE_RE.search(text, start + limit // 2, window_end)
            if space is not None:
                cut = space.start()
            else:
                cut = window_end
                while cut > start + limit // 2 and unicodedata.combining(text[cut]):
                    cut -= 1
            piece_end = cut
            while text[piece_end - 1].isspace():  # stops at start, which is not a space
                piece_end -= 1
            out.append((start, piece_end))
            start = _NON_SPACE_RE.search(text, cut, end).start()
        out.append((start, end))
    return out
