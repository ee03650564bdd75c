"""Broken language ("garble") in a machine-retranslated copy, with the broken span.

`detect_garble(original, copy, lm=None, nlp=None)` compares one passage of the original with
its copy and returns `Finding`s of kind ``"garble"`` whose spans index the two strings;
`garble_score` gives the same evidence as one number for ranking.

Only what is NEW in the copy counts: a pattern whose words all sit in one unchanged stretch
of the word alignment, or that fires on the same words in the original, is not the copy's
fault. The word alignment is the bounded word diff (`drift.findings.diff.opcodes`) over lower-cased word tokens.

Signals:

* rules on the copy's words (no model): doubled words ("the the"), doubled punctuation
  ("increase. ."), a sentence that stops on a determiner or conjunction ("... and the."),
  a possessive followed by "to" or an auxiliary ("protect their to improve"), an echoed
  noun ("on their way that way");
* rules on part-of-speech tags (`nlp`: a spaCy pipeline with a tagger, `drift.nlp.load_spacy()`):
  a possessive followed by a verb, a capitalised -ing/-ed verb in mid-sentence ("ahead of him
  Bringing Ukraine"), two modal verbs in one clause ("that could address ... program could
  increase"), a sentence whose verb lost its tense ("The army pushing hard.");
* word-class pairs (`drift.garble_tags`, with the tagger): two NEW neighbouring copy words
  whose classes (a function word as itself, any other word as its tag) fluent English almost
  never puts together: any such pair of function words or punctuation ("the of", "is will",
  "its ."), and, judged more loosely, a pair inside a stretch that looks like MT damage: the
  original's words in another order, a word or two slipped in, a function word or two left out;
* the language model (`lm`: `drift.lm.load_language_model()`), on the copy's CHANGED words
  only. Measured on MQM zh-en and on synthetic corruptions, a changed word's surprisal on its
  own separates broken from fluent rewording too weakly to raise a finding (word-level AUROC
  0.59 against annotated fluency errors), so the LM never reports alone. It settles the weak
  rules instead: a double modal, a tenseless sentence or a capitalised word the tagger called
  a noun is kept (at its rule's severity) only when the copy's words there are >= 1 nat more
  surprising than the original's average word; a local swap of two words ("officials the
  said") is reported when the copy's order costs >= 4 nats more than the original's order of
  the same words. The LM runs only when such a candidate exists, so the full mode costs little
  more than the tagger mode. `garble_score` always uses it (region surprisal excess).

Severity: ``major`` for structural breakage (possessive + verb, capitalised verb inside a
clause, two modals in one clause, a sentence that stops on "the"/"and", a tenseless
sentence, a doubled function word, a word-class pair English does not have); ``minor`` for
local glitches that leave the sentence readable (another doubled word, doubled punctuation,
echoed noun, swapped words). Weak rules without an LM are minor or dropped.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field, replace
from typing import Sequence

import numpy as np

from .types import SEVERITY_RANK, Finding

GARBLE_NAME = "drift-garble@4"  # @3: word-class pairs English does not have, a doubled function word is major; @4: several function words left out
KIND = "garble"
LM_SUPPORT = 1.0  # nats above the original's mean word surprisal that confirm a weak rule
SWAP_SUPPORT = 4.0  # nats by which the copy's word order must be less expected than the original's

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
# verb particles ("was taken in in the church" is English).
DOUBLED_MAJOR = NEVER_DOUBLED - {"in", "on", "by", "about", "over", "as", "into", "onto"}
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
SUBJECT_PRONOUNS = frozenset({"i", "you", "he", "she", "it", "we", "they"})
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


# --------------------------------------------------------------------------------------
# rules
# --------------------------------------------------------------------------------------
def _is_sentence_start(toks: Sequence[Tok], k: int) -> bool:
    """True at a place where a capital letter is normal: text start, after . ! ? : quotes, brackets, dashes."""
    if k == 0:
        return True
    prev = toks[k - 1]
    if prev.text in SENT_END or prev.text in OPENERS:
        return True
    # "U.S." or "Jan." can end a sentence too; be lenient after any token ending in "."
    return prev.text.endswith(".")


def _is_title(tok: Tok) -> bool:
    t = tok.text
    return len(t) > 1 and t[0].isupper() and t[1:].islower() and t.isalpha()


def _run_rules(toks: Sequence[Tok], text: str, tagged: bool) -> list[Candidate]:
    out: list[Candidate] = []
    n = len(toks)
    norms = [t.norm for t in toks]
    for k in range(n):
        w = norms[k]
        nxt = norms[k + 1] if k + 1 < n else None
        # --- doubled word -------------------------------------------------------------
        if (
            nxt is not None
            and w == nxt
            and toks[k + 1].start - toks[k].end <= 2
            and (w in NEVER_DOUBLED or (w.isalpha() and len(w) > 1 and w not in DOUBLING_OK and n > 4))
            and text[toks[k].end : toks[k + 1].start].strip() == ""
            # same spelling, or "The the" at a sentence start; not "first FIRST Global"
            and (toks[k].text == toks[k + 1].text or (toks[k].text.istitle() and toks[k + 1].text.islower()))
        ):
            # a doubled function word ("the the", "of of", "can can") breaks the sentence; "Cooper Cooper" a typo
            out.append(Candidate(k, k + 1, "doubled-word", "major" if w in DOUBLED_MAJOR else "minor",
                                 f'doubled word "{toks[k].text} {toks[k + 1].text}"'))
        # --- doubled punctuation ----------------------------------------------------------
        if (
            nxt is not None
            and w in {".", ",", ";", ":", "!", "?"}
            and nxt in {".", ",", ";", ":"}
            and not (w in {"!", "?"} and nxt == ".")  # "?." is a common quote-end artefact; leave it
            and not (w == "." and nxt == "," and k > 0 and _abbrev_before(toks, k))
        ):
            out.append(Candidate(k, k + 1, "doubled-punct", "minor", f'doubled punctuation "{text[toks[k].start:toks[k + 1].end]}"'))
        # --- possessive followed by "to" / an auxiliary / a verb ---------------------------
        if w in POSSESSIVES and nxt is not None:
            nt = toks[k + 1].tag
            if nxt in AUX_AFTER_POSSESSIVE or (tagged and nt in {"VB", "VBD", "VBP", "VBZ", "TO"} and nxt not in NOUNLIKE_AUX):
                last = min(k + 2, n - 1) if k + 2 < n and norms[k + 2].isalpha() else k + 1
                out.append(Candidate(k, last, "possessive-verb", "major", f'possessive "{toks[k].text}" followed by "{toks[k + 1].text}"'))
        # --- sentence stops on a determiner / conjunction ----------------------------------
        if w in DANGLING_END and k > 0 and (nxt is None or nxt in SENT_END) and norms[k - 1] not in SENT_END:
            # "... than." / "... of." after a quote or a list marker are rare but legal: need a word before
            if toks[k - 1].norm.isalnum() or toks[k - 1].norm in {",", ")"}:
                last = k + 1 if nxt is not None else k
                out.append(Candidate(k, last, "dangling-end", "major", f'sentence ends on "{toks[k].text}"'))
        # --- echoed noun: "on their way that way" -----------------------------------------
        if (
            k + 2 < n
            and w.isalpha()
            and len(w) >= 3
            and w == norms[k + 2]
            and w not in NEVER_DOUBLED
            and norms[k + 1].isalpha()
            and norms[k + 1] not in ECHO_OK_MIDDLE
            and norms[k + 1] in {"that", "this", "the", "a", "an", "their", "its", "his", "her", "our", "some", "any"}
            and (not tagged or (toks[k].tag or "").startswith("NN"))
        ):
            out.append(Candidate(k, k + 2, "echo", "minor", f'echoed word "{text[toks[k].start:toks[k + 2].end]}"'))
        # --- subject pronoun straight before an article: "denied he the father" -------------
        if w in {"he", "she", "they", "we"} and nxt in {"the", "a", "an"} and k + 2 < n and norms[k + 2].isalpha() \
                and (k == 0 or norms[k - 1] not in {"and", "or", "but", "while", "whereas", ","}):  # not gapping: "and he the pen"
            out.append(Candidate(k, k + 1, "pronoun-article", "major",
                                 f'"{toks[k].text} {toks[k + 1].text}": a verb is missing'))
        if not tagged:
            continue
        tag = toks[k].tag or ""
        # --- modal straight before a past form: "may seen", "can detected" ----------------
        if tag == "MD" and w in MODALS and nxt is not None and toks[k + 1].tag in {"VBN", "VBD"} \
                and nxt not in {"better"} and toks[k + 1].norm.isalpha():
            out.append(Candidate(k, k + 1, "modal-participle", "major",
                                 f'modal "{toks[k].text}" followed by "{toks[k + 1].text}": a verb is missing'))
        # --- capitalised verb mid-sentence ("ahead of him Bringing Ukraine") --------------
        # Only verb forms that show it (-ing, -ed): a tagger calls names verbs too ("Rathbun").
        # Not inside a run of capitalised words (a title or a name: "Saving Private Ryan"),
        # not in a hyphenated name ("Make-A-Wish").
        if (
            _is_title(toks[k])
            and toks[k].norm.endswith(("ing", "ed"))
            and len(toks[k].norm) > 4
            and not _is_sentence_start(toks, k)
            and not _is_title(toks[k - 1])
            and not toks[k - 1].text[:1].isupper()
            and not text[toks[k].end : toks[k].end + 1] == "-"
            and not _in_short_quote(toks, k)
        ):
            first = k - 1 if toks[k - 1].norm.isalpha() else k
            msg = f'capitalised "{toks[k].text}" in mid-sentence'
            if tag in VERB_TAGS:
                out.append(Candidate(first, k, "capitalised-verb", "major", msg))
            elif tag in {"NN", "JJ"}:  # the tagger gave up on it ("a yellow Bringing card")
                out.append(Candidate(first, k, "capitalised-verb", "major", msg, needs_lm=True, coordinated=True))
    # --- two modals in one clause; a sentence without a finite verb --------------------------
    if tagged:
        out.extend(_double_modal(toks))
        out.extend(_verbless(toks))
    return out


def _segments(toks: Sequence[Tok]) -> list[tuple[int, int]]:
    """Sentence-like stretches [a, b] of token indices, split after . ! ? (b includes the stop)."""
    segs, a = [], 0
    for k, t in enumerate(toks):
        if t.text in SENT_END and (k + 1 == len(toks) or toks[k + 1].text not in SENT_END):
            segs.append((a, k))
            a = k + 1
    if a < len(toks):
        segs.append((a, len(toks) - 1))
    return segs


def _has_finite(toks: Sequence[Tok], a: int, b: int) -> bool:
    for k in range(a, b + 1):
        tag = toks[k].tag or ""
        if tag in FINITE_TAGS or (tag == "VB" and (k == a or toks[k - 1].norm in {"to", "not", "n't"} or toks[k - 1].tag == "MD")):
            return True
        if tag == "VBD":
            return True
    return False


def _verbless(toks: Sequence[Tok]) -> list[Candidate]:
    """A full stop after five or more words with no finite verb ("The troops near the border.").

    Kept only when the original's words at the aligned place do have one (checked by the caller).
    """
    out = []
    for a, b in _segments(toks):
        words = [t for t in toks[a : b + 1] if t.norm[:1].isalnum()]
        if toks[b].text != "." or len(words) < 5:
            continue
        if any(t.text in {":", "|", "\"", "“", "”", "(", ")"} or t.text in {"'", "‘", "’"} for t in toks[a : b + 1]):
            continue  # labels, quotations, asides: fragments are normal there
        if _has_finite(toks, a, b) or any(toks[k].tag == "VBN" for k in range(a, b + 1)):
            continue  # (a VBN may be a past tense the tagger misread: "Peter the Great embarked")
        if toks[a].tag not in {"DT", "NN", "NNS", "NNP", "NNPS", "PRP", "PRP$", "JJ", "CD"}:
            continue  # "Supervised by ...", "In 1696, ...": credits and scene-setters
        # Only a verb that lost its tense right after its subject ("The army pushing hard."):
        # a noun-phrase sentence ("Heavy fighting near the front line.", "The scene of the
        # founding ceremony ...") is a caption style, not breakage.
        nonfinite = [k for k in range(a + 1, b + 1) if toks[k].tag == "VBG" and toks[k - 1].tag in {"NN", "NNS", "NNP", "NNPS", "PRP"}]
        if nonfinite:
            out.append(Candidate(a, b, "verbless", "major", "sentence without a finite verb", needs_lm=True))
    return out


ABBREVIATIONS = frozenset(
    "etc al approx vs inc jr sr co corp ltd llc plc gen gov sen rep lt col capt sgt dept univ est "
    "no nos vol fig ed eds mr mrs ms dr prof st mt ft ave blvd calif wash mass ariz conn fla ill".split()
)
QUOTES = frozenset({'"', "“", "”", "«", "»", "``", "''"})


def _in_short_quote(toks: Sequence[Tok], k: int, width: int = 8) -> bool:
    """Is token k inside quotation marks that close within `width` tokens (a title: "The Chance of Winning")?"""
    left = next((i for i in range(k - 1, max(-1, k - width - 1), -1) if toks[i].text in QUOTES), None)
    right = next((i for i in range(k + 1, min(len(toks), k + width + 1)) if toks[i].text in QUOTES), None)
    return left is not None and right is not None


def _abbrev_before(toks: Sequence[Tok], k: int) -> bool:
    """Is the "." at k the end of an abbreviation ("Inc.", "Jr.", "U.S.")?"""
    prev = toks[k - 1]
    if prev.end != toks[k].start:
        return False  # "Gansu . ," is not an abbreviation
    return prev.norm.rstrip(".") in ABBREVIATIONS or (prev.text[:1].isupper() and (len(prev.text) <= 4 or "." in prev.text))


def _double_modal(toks: Sequence[Tok]) -> list[Candidate]:
    """A second modal verb in the clause of a first one: "that could address ... could increase".

    With "and"/"or" between them it may be a new clause ("... exports and prices could rise"):
    then only the language model can tell, so the candidate is marked for it.
    """
    out = []
    last_md = None
    coord = False
    for k, t in enumerate(toks):
        if t.norm in CLAUSE_BREAK_WORDS or t.text in CLAUSE_BREAK_PUNCT or t.text in SENT_END:
            last_md = None
            continue
        if t.norm in SUBJECT_PRONOUNS or (t.tag in {"WDT", "WP", "WRB", "IN"} and t.norm not in PREPOSITIONS):
            last_md = None
            continue
        if t.norm in {"and", "or"}:
            coord = True
        if t.tag == "MD" and t.norm in MODALS:
            if last_md is not None and k - last_md >= 3:
                end = k  # the second modal's verb group: up to the next break or the end
                while end + 1 < len(toks) and toks[end + 1].text not in SENT_END and toks[end + 1].text not in CLAUSE_BREAK_PUNCT and toks[end + 1].norm not in CLAUSE_BREAK_WORDS and end - k < 4:
                    end += 1
                out.append(Candidate(k, end, "double-modal", "major",
                                     f'two modal verbs in one clause ("{toks[last_md].text} ... {t.text}")',
                                     needs_lm=True, coordinated=coord))
            last_md = k
            coord = False
    return out


def _swaps(orig: Sequence[Tok], copy: Sequence[Tok]) -> list[Candidate]:
    """Two neighbouring words of the original in the opposite order ("officials the said").

    English allows many swaps ("also said" / "said also"), so only the LM can judge: the
    candidate carries the original's position and the LM compares the two orders.
    """
    if len(orig) < 2 or len(copy) < 2:
        return []
    where: dict[tuple[str, str], int] = {}
    for i in range(len(orig) - 1):
        where.setdefault((orig[i].norm, orig[i + 1].norm), i)
    out = []
    for j in range(len(copy) - 1):
        x, y = copy[j].norm, copy[j + 1].norm
        if x == y or not (x[:1].isalnum() and y[:1].isalnum()) or (x, y) in where:
            continue
        i = where.get((y, x))
        # a local swap only: the neighbours on both sides are the original's neighbours
        if (
            i is not None
            and (j == 0) == (i == 0)
            and (j == 0 or copy[j - 1].norm == orig[i - 1].norm)
            and (j + 2 >= len(copy)) == (i + 2 >= len(orig))
            and (j + 2 >= len(copy) or copy[j + 2].norm == orig[i + 2].norm)
        ):
            out.append(Candidate(j, j + 1, "word-order", "minor",
                                 f'word order "{copy[j].text} {copy[j + 1].text}" (original "{orig[i].text} {orig[i + 1].text}")',
                                 needs_lm=True, coordinated=True, orig_at=i))
    return out


def _bigram_candidates(orig: Sequence[Tok], copy: Sequence[Tok], ops, block_of: Sequence[int]) -> list[Candidate]:
    """New neighbouring words whose classes fluent English (almost) never puts together (`drift.garble_tags`)."""
    from .garble_tags import new_pairs, not_english, unlikely_together

    what = {"scramble": "the original's words in an order English does not have",
            "insert": "a word slipped in where English has none",
            "delete": "a function word is missing",
            "pair": "not English"}
    several = {"delete": "function words missing"}
    out = []
    pairs = new_pairs(orig, copy, ops, block_of)
    for p in pairs:
        why = not_english(p)
        if why is not None:
            words = " ".join(t.text for t in copy[p.first : p.last + 1])
            out.append(Candidate(p.first, p.last, f"tag-{why}", "major", f'"{words}": {what[why]}'))
    for p, why in unlikely_together(pairs):
        words = " ".join(t.text for t in copy[p.first : p.last + 1])
        out.append(Candidate(p.first, p.last, f"tags-{why}", "major", f'"{words}": {several[why]}'))
    return out


# --------------------------------------------------------------------------------------
# alignment and LM evidence
# --------------------------------------------------------------------------------------
def _align(orig: Sequence[Tok], copy: Sequence[Tok]):
    from .findings.diff import opcodes  # difflib's opcodes, with bounded work on repetitive text

    ops = opcodes([t.norm for t in orig], [t.norm for t in copy])
    block_of = [-1] * len(copy)
    for b, (op, i1, i2, j1, j2) in enumerate(ops):
        if op == "equal":
            for j in range(j1, j2):
                block_of[j] = b
    return ops, block_of


def _inherited(an: Analysis, c: Candidate) -> bool:
    """All the candidate's copy tokens lie in one unchanged stretch: the original has them too."""
    b = an.block_of[c.first]
    return b >= 0 and all(an.block_of[j] == b for j in range(c.first, c.last + 1))


def _orig_token_range(an: Analysis, first: int, last: int) -> tuple[int, int] | None:
    """Original token indices [lo, hi) the copy tokens [first, last] map to (neighbours for insertions)."""
    lo, hi = None, None
    for op, i1, i2, j1, j2 in an.ops:
        if j2 <= first and not (j1 == j2 == first):
            continue
        if j1 > last:
            break
        if op == "equal":
            a = i1 + max(first, j1) - j1
            b = i1 + min(last + 1, j2) - j1
        elif i2 > i1:
            a, b = i1, i2
        else:  # insertion: anchor on the original tokens either side
            a, b = max(i1 - 1, 0), min(i1 + 1, len(an.orig))
        if b > a:
            lo = a if lo is None else min(lo, a)
            hi = b if hi is None else max(hi, b)
    return (lo, hi) if lo is not None else None


def _char_surprisal(text_toks, offsets, surprisal, toks: Sequence[Tok]) -> list[list[float]]:
    """LM token surprisals gathered per word token (by character overlap)."""
    per: list[list[float]] = [[] for _ in toks]
    if not toks:
        return per
    starts = np.array([t.start for t in toks])
    for (s, e), v in zip(offsets, surprisal):
        k = int(np.searchsorted(starts, s, side="right")) - 1
        k = max(k, 0)
        # the LM token may start in whitespace before the word; move to the word it overlaps
        while k + 1 < len(toks) and toks[k].end <= s:
            k += 1
        if toks[k].start < e and s < toks[k].end:
            per[k].append(float(v))
    return per


def _lm_regions(an: Analysis, original: str, copy: str, lm) -> None:
    regions = [Region(i1, i2, j1, j2) for op, i1, i2, j1, j2 in an.ops if op != "equal" and j2 > j1]
    an.regions = regions
    if not regions or lm is None:
        return
    # Surprisal at a word depends only on what precedes it: stop a little after the last change.
    jl = min(max([r.j2 for r in regions] + [c.last + 1 for c in an.candidates]) + 2, len(an.copy))
    il = min(max([r.i2 for r in regions] + [c.orig_at + 2 for c in an.candidates]) + 2, len(an.orig))
    c_text = copy[: an.copy[jl - 1].end] if jl else ""
    o_text = original[: an.orig[il - 1].end] if il else ""
    rows = lm.token_surprisals([c_text, o_text])
    c_per = _char_surprisal(*rows[0], an.copy[:jl])
    o_per = _char_surprisal(*rows[1], an.orig[:il]) if o_text else []
    c_word = [sum(v) if v else math.nan for v in c_per]
    o_word = [sum(v) if v else math.nan for v in o_per]
    ob = [v for v in o_word[1:] if not math.isnan(v)]
    an.orig_baseline = float(np.mean(ob)) if ob else math.nan
    for r in regions:
        cw = [c_word[j] for j in range(r.j1, min(r.j2 + 1, jl)) if not math.isnan(c_word[j])]
        if r.i2 > r.i1:
            ow = [o_word[i] for i in range(r.i1, min(r.i2 + 1, il)) if not math.isnan(o_word[i])]
        else:  # insertion: the original's word that follows the insertion point is what competes
            ow = [o_word[i] for i in range(r.i1, min(r.i1 + 1, il)) if not math.isnan(o_word[i])]
        if cw:
            r.copy_mean, r.copy_max = float(np.mean(cw)), float(np.max(cw))
        if ow:
            r.orig_mean, r.orig_max = float(np.mean(ow)), float(np.max(ow))
        if cw and ow:
            r.excess = r.copy_mean - r.orig_mean
        if cw:
            r.lift = r.copy_mean - an.orig_baseline
    an.word_surprisal = c_word
    an.orig_word_surprisal = o_word


# --------------------------------------------------------------------------------------
# public
# --------------------------------------------------------------------------------------
def analyse(original: str, copy: str, lm=None, nlp=None, lm_always: bool = False) -> Analysis:
    """Tokens, alignment, rule candidates and (when needed) LM evidence for one pair.

    The LM runs only when a candidate needs its confirmation, or when `lm_always` is set
    (`garble_score` uses the changed regions' surprisal even when no rule fired).
    """
    if nlp is not None:
        docs = list(nlp.pipe([original, copy]))
        orig, cop = _spacy_tokens(docs[0]), _spacy_tokens(docs[1])
    else:
        orig, cop = tokenize(original), tokenize(copy)
    ops, block_of = _align(orig, cop)
    an = Analysis(orig, cop, ops, block_of)
    tagged = nlp is not None
    cands = [c for c in _run_rules(cop, copy, tagged) + _swaps(orig, cop) if not _inherited(an, c)]
    if tagged:
        cands += _bigram_candidates(orig, cop, ops, block_of)
    if cands:
        # the same rule on the same words in the original is not new either
        seen = {(c.rule, " ".join(t.norm for t in orig[c.first : c.last + 1])) for c in _run_rules(orig, original, tagged)}
        cands = [c for c in cands if (c.rule, " ".join(t.norm for t in cop[c.first : c.last + 1])) not in seen]
    # a verbless copy sentence counts only if the original's aligned words had a finite verb;
    # a capitalised word that the original has too is a name
    orig_words = {t.text for t in orig}
    kept = []
    for c in cands:
        if c.rule == "capitalised-verb" and cop[c.last].text in orig_words:
            continue
        if c.rule == "verbless":
            rng = _orig_token_range(an, c.first, c.last)
            if rng is None or not tagged or not _has_finite(orig, rng[0], rng[1] - 1):
                continue
        kept.append(c)
    an.candidates = kept
    if lm is not None and (lm_always or any(c.needs_lm for c in kept)):
        _lm_regions(an, original, copy, lm)
    return an


POS_MAX_CHARS = 5_000  # past this many characters a side, no part-of-speech tagging (seconds per hostile pair)


def detect_garble(original: str, copy: str, lm=None, nlp=None) -> list[Finding]:
    """Broken-language findings in `copy` (kind "garble"), spans into both texts."""
    if not copy or not copy.strip() or original == copy:
        return []
    if max(len(original), len(copy)) > POS_MAX_CHARS:
        nlp = None  # a passage this long is tagged by the word rules alone: bounded work per pair
    an = analyse(original, copy, lm, nlp)
    return _findings(an, original, copy, lm is not None)


def _confirmed(an: Analysis, have_lm: bool) -> list[Candidate]:
    """The candidates that stand, weak ones settled by the LM (or made minor / dropped without it)."""
    out = []
    for c in an.candidates:
        if c.needs_lm:
            support = _lm_support(an, c) if have_lm else None
            if support is not None and support >= LM_SUPPORT:
                pass  # confirmed: the rule's own severity stands
            elif c.coordinated:
                continue
            else:
                c = replace(c, severity="minor")
        out.append(c)
    return out


def _findings(an: Analysis, original: str, copy: str, have_lm: bool) -> list[Finding]:
    cands = _confirmed(an, have_lm)
    if not cands:
        return []
    # merge overlapping or touching candidates
    cands.sort(key=lambda c: (c.first, c.last))
    groups: list[list[Candidate]] = []
    for c in cands:
        if groups and c.first <= max(g.last for g in groups[-1]) + 1:
            groups[-1].append(c)
        else:
            groups.append([c])
    out = []
    for g in groups:
        first, last = min(c.first for c in g), max(c.last for c in g)
        sev = max((c.severity for c in g), key=SEVERITY_RANK.__getitem__)
        cs, ce = an.copy[first].start, an.copy[last].end
        rng = _orig_token_range(an, first, last)
        if rng is not None and an.orig:
            os_, oe = an.orig[rng[0]].start, an.orig[rng[1] - 1].end
            o_span: tuple[int, int] | None = (os_, oe)
            o_text = original[os_:oe]
        else:
            o_span, o_text = None, ""
        msg = "; ".join(dict.fromkeys(c.message for c in g))
        out.append(Finding(KIND, sev, o_text, copy[cs:ce], o_span, (cs, ce), msg))
    return out


def _swap_delta(an: Analysis, c: Candidate) -> float | None:
    """Surprisal of the swapped words and the next one, copy order minus original order (nats)."""
    i, j = c.orig_at, c.first
    cw, ow = an.word_surprisal, an.orig_word_surprisal
    if j + 2 >= len(cw) or i + 2 >= len(ow) or an.copy[j + 2].norm != an.orig[i + 2].norm:
        n = 2  # the next words differ: compare the pair alone
    else:
        n = 3
    a = [cw[j + d] for d in range(n) if j + d < len(cw)]
    b = [ow[i + d] for d in range(n) if i + d < len(ow)]
    if len(a) < n or len(b) < n or any(math.isnan(v) for v in a + b):
        return None
    return float(sum(a) - sum(b))


def _lm_support(an: Analysis, c: Candidate) -> float | None:
    """How much less expected the candidate's words are than the original's words on average (nats)."""
    if c.rule == "word-order":
        d = _swap_delta(an, c)
        return None if d is None else d - SWAP_SUPPORT + LM_SUPPORT  # on the same scale as the others
    if not an.word_surprisal or math.isnan(an.orig_baseline):
        return None
    vals = [
        an.word_surprisal[j]
        for j in range(c.first, min(c.last + 1, len(an.word_surprisal)))
        if an.copy[j].norm.isalnum() and not math.isnan(an.word_surprisal[j])
    ]
    if not vals:
        return None
    return float(np.mean(vals)) - an.orig_baseline


def garble_score(original: str, copy: str, lm=None, nlp=None) -> float:
    """A continuous broken-language score for ranking pairs (0 = nothing; higher = worse).

    4 for a major finding, 2 for a minor one, plus (with `lm`) up to 3 from how much more
    surprising the copy's changed words are than the original's:
    (sum of positive region excesses + half the largest + half the largest changed-word
    surprisal above the original's mean) / 4.
    """
    if not copy or not copy.strip() or original == copy:
        return 0.0
    an = analyse(original, copy, lm, nlp, lm_always=True)
    rule = 0.0
    for c in _confirmed(an, lm is not None):
        rule = max(rule, 4.0 if c.severity == "major" else 2.0)
    lm_part = 0.0
    excess = [r.excess for r in an.regions if not math.isnan(r.excess)]
    peaks = [r.copy_max for r in an.regions if not math.isnan(r.copy_max)]
    if peaks and not math.isnan(an.orig_baseline):  # no original words: nothing to compare with
        base = an.orig_baseline
        lm_part = sum(max(0.0, e) for e in excess) + 0.5 * max(excess + [0.0]) + 0.5 * max(0.0, max(peaks) - base)
        lm_part = min(lm_part / 4.0, 3.0)
    return rule + lm_part
