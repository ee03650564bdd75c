"""Determiners left out before nouns that fluent English nearly always gives one.

A singular common noun that heads its noun phrase ("the small plane", "an array of") is
*determined* when the words before it, past its premodifiers (adjectives, other nouns,
participles, adverbs), stop on a determiner, a possessive pronoun, a possessive 's or a
number, and *bare* otherwise ("in case", "by plane", "went home").
`drift/data/noun_determiners.tsv` counts, for the singular head nouns of the same fluent
English as the word-class bigrams (`models/build_noun_determiners.py`, data card
`models/noun_determiners.card.md`), how often each was determined and how often bare.

`dropped_determiners` lists the places where the ORIGINAL had a determiner before a noun that
the copy keeps, aligned, with none, when fluent English gives that noun a determiner nearly
always (`NEEDS_DETERMINER`). One such place is English often enough (MT and headlines drop
single articles: "is the data" -> "is data"); several in one sentence are not.
"""

from __future__ import annotations

from typing import Sequence

from ..findings.lexicon import load_nouns  # the one reader of the noun table (shared with the certainty rule)
from .tokens import CALENDAR

SINGULAR_NOUN = "NN"
NOUN_TAGS = frozenset({"NN", "NNS"})
NAME_TAGS = frozenset({"NNP", "NNPS"})
# Tags that can stand between a determiner and its head noun: "the very small rural plane".
PREMODIFIER_TAGS = frozenset({"JJ", "JJR", "JJS", "NN", "NNP", "NNPS", "VBN", "VBG", "RB", "RBR", "RBS", "HYPH", "AFX"})
# Tags that determine the noun phrase: "the", "their", "Korea's", "two".
DETERMINER_TAGS = frozenset({"DT", "PRP$", "WP$", "POS", "CD", "PDT", "WDT"})
# After the head noun, these say it is not the head: "plane crash", "plane's", "plane-maker".
NOT_HEAD_AFTER = frozenset({"NN", "NNS", "NNP", "NNPS", "POS", "HYPH", "AFX"})
# A noun is taken to need a determiner when, in the fluent text, it was seen as a singular head
# at least `MIN_SEEN` times and determined in at least `MIN_SHARE` of them (add-one smoothed).
MIN_SEEN = 5
MIN_SHARE = 0.8
# A noun is taken to need "of" after it ("tonnes of", "part of", "an array of") when it was seen
# at least `MIN_SEEN` times and followed by "of" in at least `OF_SHARE` of them (smoothed).
OF_SHARE = 0.5
# "a"/"an" before a noun says it is counted: a copy that drops it before a singular noun leaves
# a bare count noun ("with an array of" -> "with array of") unless the table shows the noun bare
# often (`often_bare`).
INDEFINITE = frozenset({"a", "an"})
# Other function words whose loss leaves a gap English does not have, judged from the words
# either side in the copy: "to" before a bare verb ("failed to stop" -> "failed stop"), "the"
# before a superlative and its noun ("the highest peak" -> "highest peak"), a form of
# "be" or "have" between a subject and what it introduced ("people are expected" -> "people
# expected", "benefits are clear" -> "benefits clear").
BASE_VERB = "VB"
AUXILIARIES = frozenset({"is", "are", "was", "were", "has", "have", "had"})
SUBJECT_TAGS = frozenset({"NN", "NNS", "NNP", "NNPS"})
SUBJECTS = frozenset({"i", "he", "she", "we", "they"})  # not "you", "it": objects too ("show you are" -> "show you")
AFTER_AUX_TAGS = frozenset({"JJ", "JJR", "DT"})  # not VBN: "cases (that were) discharged" is English
# "and" / "or" between two names or two nouns ("France and Greece" -> "France Greece").
COORDINATION = frozenset({"and", "or"})
NOT_PREPOSITIONS = frozenset({"that", "if", "whether", "because", "as", "than", "while", "although", "though"})  # complementisers tagged IN
# Word pairs that work as one connective or preposition: neither word stands for the pair alone.
FIXED_PAIRS = frozenset({
    ("due", "to"), ("according", "to"), ("prior", "to"), ("thanks", "to"), ("owing", "to"), ("next", "to"),
    ("because", "of"), ("instead", "of"), ("out", "of"), ("ahead", "of"), ("regardless", "of"), ("spite", "of"),
    ("as", "opposed"), ("such", "as"), ("rather", "than"), ("in", "order"), ("as", "well"), ("apart", "from"),
})
NOMINAL = {"NN": "N", "NNS": "N", "NNP": "P", "NNPS": "P"}


def _tag(t) -> str:
    return getattr(t, "tag", None) or getattr(t, "tag_", None) or ""


def is_singular_head(toks: Sequence, k: int) -> bool:
    """Token k is a singular common noun that ends its noun phrase."""
    if _tag(toks[k]) != SINGULAR_NOUN or not toks[k].text[:1].isalpha():
        return False
    return k + 1 >= len(toks) or _tag(toks[k + 1]) not in NOT_HEAD_AFTER


def phrase_start(toks: Sequence, k: int) -> tuple[int, int]:
    """(first premodifier index, determiner index or -1) of the noun phrase headed at k."""
    s = k
    while s > 0 and _tag(toks[s - 1]) in PREMODIFIER_TAGS:
        s -= 1
    if s > 0 and _tag(toks[s - 1]) in DETERMINER_TAGS:
        return s, s - 1
    return s, -1


def needs_determiner(noun: str) -> bool:
    det, bare, _, _ = load_nouns().get(noun.lower(), (0, 0, 0, 0))
    return det + bare >= MIN_SEEN and (det + 1) / (det + bare + 2) >= MIN_SHARE


def often_bare(noun: str) -> bool:
    """Seen bare in at least a third of its uses as a singular head ("time", "information")."""
    det, bare, _, _ = load_nouns().get(noun.lower(), (0, 0, 0, 0))
    return det + bare >= MIN_SEEN and bare / (det + bare) >= 1 / 3


def needs_of(noun: str) -> bool:
    _, _, seen, of = load_nouns().get(noun.lower(), (0, 0, 0, 0))
    return seen >= MIN_SEEN and (of + 1) / (seen + 2) >= OF_SHARE


def _aligned(ops) -> dict[int, int]:
    """copy token index -> original token index, for the unchanged stretches of the alignment."""
    out = {}
    for op, i1, i2, j1, j2 in ops:
        if op == "equal":
            for d in range(j2 - j1):
                out[j1 + d] = i1 + d
    return out


def dropped_determiners(orig: Sequence, copy: Sequence, ops) -> list[tuple[int, int]]:
    """(first, last) copy tokens of each noun phrase whose determiner the copy left out: the
    head noun and its premodifiers are aligned with the original's, the original's phrase has a
    determiner, the copy's has none, and fluent English nearly always gives this noun one."""
    if not copy or not any(_tag(t) for t in copy):
        return []
    at = _aligned(ops)
    out = []
    for j in range(len(copy)):
        if not is_singular_head(copy, j) or j not in at or not copy[j].text.islower():
            continue  # (a capitalised noun is a name or a title: "Earth", "Parliament")
        s, d = phrase_start(copy, j)
        if d >= 0 or s not in at or at[j] - at[s] != j - s:
            continue
        i = at[j]
        if not is_singular_head(orig, i):
            continue
        os_, od = phrase_start(orig, i)
        if od < 0 or os_ != at[s] or od + 1 != os_:
            continue
        if s > 0 and at.get(s - 1) == od:
            continue  # the copy kept the determiner's token, retagged
        if needs_determiner(copy[j].text) or (orig[od].norm in INDEFINITE and not often_bare(copy[j].text)):
            out.append((s, j))
    return out


def dropped_small_words(orig: Sequence, copy: Sequence, ops) -> list[int]:
    """Copy tokens just before a gap where the original's "to" before a bare verb, "the" before a
    superlative, "be" / "have" between a subject and what followed, "and" between two names or
    two nouns, a preposition between two nouns ("a woman in charge" -> "a woman charge"), or
    one word of a fixed pair ("due to" -> "due") is gone (`BASE_VERB`, `AUXILIARIES`,
    `COORDINATION`, `NOT_PREPOSITIONS`, `FIXED_PAIRS`)."""
    out = []
    for op, i1, i2, j1, j2 in ops:
        if op != "delete" or i2 - i1 != 1 or not 0 < j1 < len(copy):
            continue
        w, before, after = orig[i1].norm, _tag(copy[j1 - 1]), _tag(copy[j1])
        if w == "to" and after == BASE_VERB and before != "TO":
            out.append(j1 - 1)
        elif w == "the" and after == "JJS" and j1 + 1 < len(copy) and _tag(copy[j1 + 1]) in NOUN_TAGS:
            out.append(j1 - 1)  # a superlative before its noun: "has the highest sites" -> "has highest sites"
        elif w in AUXILIARIES and (before in SUBJECT_TAGS or copy[j1 - 1].norm in SUBJECTS) and after in AFTER_AUX_TAGS:
            out.append(j1 - 1)
        elif w in COORDINATION and NOMINAL.get(before, "b") == NOMINAL.get(after, "a"):
            out.append(j1 - 1)
        elif ((i1 > 0 and (orig[i1 - 1].norm, w) in FIXED_PAIRS and copy[j1 - 1].norm == orig[i1 - 1].norm)
              or (i2 < len(orig) and (w, orig[i2].norm) in FIXED_PAIRS and copy[j1].norm == orig[i2].norm)):
            out.append(j1 - 1)  # half of a fixed pair: "due (to) complications", "(as) opposed to"
        elif (_tag(orig[i1]) == "IN" and w not in NOT_PREPOSITIONS and before in NOUN_TAGS and after in NOUN_TAGS | NAME_TAGS
              and copy[j1].norm not in CALENDAR):
            out.append(j1 - 1)  # a preposition between two nouns: "woman in charge" -> "woman charge"
    return out


def _gaps(longer: Sequence[str], shorter: Sequence[str]) -> int:
    """How many separate runs of `longer` are missing from `shorter` (in order), at least 1."""
    runs, k, gap = 0, 0, False
    for w in longer:
        if k < len(shorter) and w == shorter[k]:
            k, gap = k + 1, False
        elif not gap:
            runs, gap = runs + 1, True
    return max(runs, 1)


def dropped_of(orig: Sequence, copy: Sequence, ops) -> list[tuple[int, int]]:
    """(noun, next) copy tokens where the original's "of" after the same noun is gone and fluent
    English nearly always follows this noun with "of" ("tonnes of plastic" -> "tonnes plastic";
    the tagger calls "hundreds" a number)."""
    out = []
    for op, i1, i2, j1, j2 in ops:
        gone = orig[i1:i2]
        if (op != "delete" or not 0 < j1 < len(copy) or not gone or gone[0].norm != "of"
                or not all(_tag(t) in {"DT", "PRP$"} for t in gone[1:])):
            continue  # "of", or "of" with the determiner after it ("part of the land" -> "part land")
        noun, nxt = _tag(copy[j1 - 1]), _tag(copy[j1])
        if noun in NOUN_TAGS | {"CD"} and copy[j1 - 1].text[:1].isalpha() and needs_of(copy[j1 - 1].text):
            out.append((j1 - 1, j1))
        elif noun == "NNS" and nxt in {"NN", "NNS", "JJ"}:
            out.append((j1 - 1, j1))  # a plural rarely modifies a noun: "decades of turmoil" -> "decades turmoil"
        elif noun in NAME_TAGS and nxt in NAME_TAGS:
            out.append((j1 - 1, j1))  # "Department of Health" -> "Department Health"
    return out


# Where the copy only left function words out, how much less English each such place is
# (`tags.stretch_evidence`, log ratio; 0 where the junction is a pair the original has too), less
# `DROP_BONUS` where the words either side say what was dropped belonged there (a determiner
# before a noun that needs one, the "of" after a noun that needs it, "to" before a bare verb, a
# "be" before an adjective, "and" between two names). One place is English often enough (MT and
# headlines drop single articles); in one sentence, a place at most `PLACE_LIMIT` with at least
# one more at most `PLACE_WEAK` (its junction not much more common than the original's), or a
# backed place at most `PLACE_LIMIT` with any other, is broken English (major). Set on the fluent sets of `bench/garble_dev.py table`: at -1 / 0.5 fewer
# of the suite's drops are found (65.5 % against 71 %), at 0 / 0 MQM MT rows without errors
# rise by 0.4 points instead of 0.2, at -0.5 / 0 the suite gives 67 %.
DROP_BONUS = 3.0
PLACE_LIMIT = -0.5
PLACE_WEAK = 0.5
SENTENCE_END = frozenset({".", "!", "?", "…"})


def dropped_places(orig: Sequence, copy: Sequence, ops, evidence) -> list[tuple[int, int, float, bool]]:
    """(first, last copy token, score, table) for each place where the copy only left function
    words out: `evidence` is `tags.stretch_evidence`'s list; `table` says the noun table backs it."""
    from .tags import stretch_kinds

    scores = {(f, l): s for f, l, kind, s in evidence if kind == "delete"}
    backed = ({s - 1 for s, _ in dropped_determiners(orig, copy, ops)} | {n for n, _ in dropped_of(orig, copy, ops)}
              | set(dropped_small_words(orig, copy, ops)))
    out = []
    for (i1, i2, j1, j2), kind in stretch_kinds(orig, copy, ops):
        if kind != "delete":
            continue
        first, last = max(j1 - 1, 0), min(max(j2, j1 + 1), len(copy) - 1)
        score = min([s for (f, l), s in scores.items() if f <= last and l >= first] or [0.0])
        table = any(first <= b <= last for b in backed)
        # several places merged into one stretch count as many ("is the best part of the" ->
        # "is best part the")
        gaps = _gaps([t.norm for t in orig[i1:i2]], [t.norm for t in copy[j1:j2]])
        out += [(first, last, score - (DROP_BONUS if table else 0.0), table)] * gaps
    return out


def several_dropped(copy: Sequence, places) -> list[tuple[int, int, bool]]:
    """The places of `dropped_places` that stand together in one sentence of the copy: one at
    most `PLACE_LIMIT` with another at most `PLACE_WEAK`, or one backed by the words either
    side (`table`) with any other."""
    sent, k = [], 0
    for t in copy:
        sent.append(k)
        k += t.text in SENTENCE_END
    by: dict[int, list] = {}
    for p in places:
        by.setdefault(sent[p[0]], []).append(p)
    out = []
    for ps in by.values():
        strong = [p for p in ps if p[2] <= PLACE_LIMIT]
        if not strong or len(ps) < 2:
            continue
        keep = ps if any(p[3] for p in strong) else [p for p in ps if p[2] <= PLACE_WEAK]
        if len(keep) >= 2:
            out += [(f, l, t) for f, l, _, t in dict.fromkeys(keep)]
    return out
