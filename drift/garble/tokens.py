"""Tokens, candidates and the word lists the garble rules share (see `drift.garble`)."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

# --------------------------------------------------------------------------------------
# word lists
# --------------------------------------------------------------------------------------
POSSESSIVES = frozenset({"their", "its", "our", "my", "your"})
MODALS = frozenset({"can", "could", "may", "might", "must", "shall", "should", "will", "would"})
# Words that cannot follow "their"/"its"/...: "protect their to improve". Not "will", "might",
# "can", "may", "must": those are nouns too ("their will", "all its might").
AUX_AFTER_POSSESSIVE = frozenset(
    {"to", "the", "a", "an", "is", "are", "was", "were", "has", "have", "had", "been", "be", "does", "did",
     "could", "would", "should", "shall"}
)
NOUNLIKE_AUX = frozenset({"will", "might", "can", "may", "must", "own", "do", "say", "best", "fill", "cut", "share"})
# Doubling these is never grammatical ("the the", "of of"). Left out on purpose: "that that",
# "had had", "is is", "her her" ("gave her her book"), "very very", "no no".
NEVER_DOUBLED = frozenset(
    {
        "the", "a", "an", "of", "to", "and", "or", "nor", "for", "with", "from", "at", "by", "on",
        "in", "into", "onto", "about", "as", "than", "their", "its", "our", "my", "your", "his",
        "this", "these", "those", "will", "would", "could", "should", "can", "may", "might",
        "must", "shall", "are", "was", "were", "has", "have", "been", "be", "not", "but",
        "which", "who", "whom", "whose", "said", "says", "also", "he", "she", "they", "we", "it",
    }
)
# Doubling these breaks the sentence (major): NEVER_DOUBLED less the prepositions that are also
# verb particles ("was taken in in the church" is English). Those are major only where the first
# cannot be a particle: not after a verb, a particle or an object pronoun ("commentator on on
# television", but "put it on on top").
PARTICLE_PREPOSITIONS = frozenset({"in", "on", "by", "about", "over", "into", "onto"})
DOUBLED_MAJOR = NEVER_DOUBLED - PARTICLE_PREPOSITIONS
# A day or month needs no preposition in news English: "filed a lawsuit (on) Thursday".
CALENDAR = frozenset("""monday tuesday wednesday thursday friday saturday sunday january february march april may
june july august september october november december""".split())
SUBJECT_PRONOUNS = frozenset({"i", "you", "he", "she", "it", "we", "they"})
# "that that" is English before a verb ("I know that that is true"), not before a subject or an
# article ("he said that that he ...", "the fact that that the ...").
THAT_THAT_BEFORE = SUBJECT_PRONOUNS | {"the", "a", "an"}
# Doubles that English allows: "that that", "had had", "gave her her book", "very very", "no no".
DOUBLING_OK = frozenset(
    {"that", "had", "her", "is", "was", "very", "so", "no", "yes", "bye", "ha", "well", "now", "really",
     "pretty", "far", "many", "much", "more", "too", "knock", "tut", "blah", "go", "run", "bang", "ho",
     "hip", "chop", "night", "ok", "okay", "oh", "wow", "boo", "do"}
)
# A sentence cannot stop on these ("... the.", "... and.").
# Prepositions are left out: English strands them ("what they came from.").
DANGLING_END = frozenset(
    {"the", "a", "an", "their", "its", "our", "my", "your", "and", "or", "nor", "but", "because",
     "whose", "than", "into", "onto", "although", "whether"}
)
# X-Y-X idioms that are fine: "day by day", "face to face", "more and more", "again and again".
ECHO_OK_MIDDLE = frozenset(
    {"by", "to", "after", "and", "or", "for", "upon", "on", "in", "over", "versus", "vs", "against",
     "of", "from", "than", "at", "with", "is", "was", "-", "–", "—", "/", ",", "&", "x", "into", "the"}
)
CLAUSE_BREAK_WORDS = frozenset(
    {"that", "which", "who", "whom", "whose", "when", "where", "while", "if", "whether", "because",
     "as", "than", "since", "although", "though", "unless", "until", "so", "but", "or", "nor",
     "said", "says", "say", "warned", "told", "before", "after", "once", "what", "how", "why"}
)
CLAUSE_BREAK_PUNCT = frozenset(list(",;:()[]{}\"“”‘’«»—–-") + ["--", "'"])
PREPOSITIONS = frozenset({"of", "in", "on", "at", "by", "with", "for", "from", "to", "about", "into", "over", "under", "near", "against"})
SENT_END = frozenset({".", "!", "?", "…"})
OPENERS = frozenset(list(":\"“‘'([{«—–-") + ["--", "..."])
VERB_TAGS = frozenset({"VB", "VBD", "VBG", "VBN", "VBP", "VBZ"})
FINITE_TAGS = frozenset({"VBD", "VBP", "VBZ", "MD"})

_TOKEN_RE = re.compile(
    r"(?:[A-Za-z]\.){2,}"  # U.S.  a.m.
    r"|\w+(?:[-'’]\w+)*"  # words, hyphenated words, don't, Korea’s
    r"|\.\.\.|--"  # ellipsis, double dash
    r"|[^\w\s]",  # any other single symbol
    re.UNICODE,
)


@dataclass(slots=True)
class Tok:
    text: str
    start: int
    end: int
    norm: str
    tag: str | None = None  # Penn tag when a tagger ran


@dataclass(slots=True)
class Candidate:
    first: int  # copy token index range [first, last]
    last: int
    rule: str
    severity: str
    message: str
    needs_lm: bool = False  # a weak rule: major only if the LM agrees
    coordinated: bool = False  # dropped unless the LM agrees (else: minor without LM support)
    orig_at: int = -1  # (word order) index of the swapped pair in the original


@dataclass(slots=True)
class Region:
    """One non-equal opcode of the word alignment."""

    i1: int
    i2: int
    j1: int
    j2: int
    copy_mean: float = math.nan
    copy_max: float = math.nan
    orig_mean: float = math.nan
    orig_max: float = math.nan
    excess: float = math.nan  # copy mean surprisal minus the original's at the aligned place
    lift: float = math.nan  # copy mean surprisal minus the original's mean word surprisal


@dataclass(slots=True)
class Analysis:
    orig: list[Tok]
    copy: list[Tok]
    ops: list[tuple[str, int, int, int, int]]
    block_of: list[int]  # per copy token: id of its equal block, -1 if changed
    regions: list[Region] = field(default_factory=list)
    candidates: list[Candidate] = field(default_factory=list)
    word_surprisal: list[float] = field(default_factory=list)  # per copy token (LM), NaN if none
    orig_baseline: float = math.nan  # mean word surprisal of the original (words after the first)
    orig_word_surprisal: list[float] = field(default_factory=list)  # per original token (LM)


def _norm(s: str) -> str:
    return s.lower().replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')


def tokenize(text: str) -> list[Tok]:
    """Word and punctuation tokens with offsets (no tagger)."""
    return [Tok(m.group(), m.start(), m.end(), _norm(m.group())) for m in _TOKEN_RE.finditer(text)]


def _spacy_tokens(doc) -> list[Tok]:
    return [Tok(t.text, t.idx, t.idx + len(t.text), _norm(t.text), t.tag_) for t in doc if not t.is_space]


