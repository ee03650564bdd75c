"""Word sequences that fluent English does not have, from a table of word-class bigrams.

A word class is a closed-class word with its tag (`FUNCTION_WORDS`: "the|DT", "of|IN",
"could|MD", ...) and the tagger's fine tag (Penn) for any other token: "The minister said so ."
-> `the|DT NN VBD so|RB .`. `drift/data/tag_bigrams.tsv` counts each pair of neighbouring
classes in 371,000 tokens of fluent edited English (GUM news, OneStopEnglish, MQM reference
translations: training documents only; `models/build_tag_bigrams.py`, data card
`models/tag_bigrams.card.md`). A pair is looked up at four levels: both function words as
words, one or the other as its tag, both as tags ("should will" is too rare as words to judge;
as MD MD it is never seen where 45 are expected).

`new_pairs` lists the pairs of neighbouring copy tokens that are NEW: not both inside one
unchanged stretch of the word alignment, not a class pair the original has anywhere, not two
punctuation marks, not inside a hyphenated word, not a gapped clause ("and he the pen"). Each
carries what the changed stretch it touches looks like (`stretch_kind`): the original's words in
another order (scramble), one or two words slipped in (insert), one or two function words left
out (delete), a phrase the original has elsewhere put in (moved: judged as anything else), or
anything else. `not_english` then compares the observed count `O` with the
count expected if the classes were independent, `E = c(left) * c(right) / N`:

* any new pair of function words / punctuation (at least one a word) that is rare as words or
  as tags (`STRICT`: O <= 1, (O + 0.5) / E <= 0.5 %, E >= 50): "the the", "a of", "a the";
* a pair inside a scramble, an insertion or a deletion, judged more loosely (`LOOSE`), since the
  stretch already looks like MT damage: "resume the would talks", "is will ready".

`stretch_evidence` weighs all the new pairs of one such stretch together, against the pairs of
the original they replaced (`JOINT`): two pairs that are each merely unlikely, at one place
where the copy only added, dropped or reordered the original's words, are rarely English.
A stretch is a deletion also when several places where function words were left out merge
into one ("would have massive consequences and" -> "would massive consequences").

The limits were set on fluent human text (MQM second translations, OneStopEnglish level
rewrites, MQM MT rows without any error) and the perturbation suite's garble:
`bench/garble_dev.py table`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Sequence

from .tokens import CALENDAR, SUBJECT_PRONOUNS

# Closed-class words that get their own class. Not "'s" (possessive or "is": the tag tells),
# not words whose class the tag already says well ("n't": RB).
FUNCTION_WORDS = frozenset(
    """
    the a an this that these those some any no every each all both either neither another such
    my your his her its our their
    i you he she it we they me him us them who whom whose which what
    of in on at by with for from to into onto about over under after before between through during
    without within against among across along around behind near since until upon via than as like
    and or but nor so yet because although though while whereas if whether unless
    be is are was were been being am has have had having do does did
    will would can could may might must shall should not
    there here very also only just more most
    """.split()
)

COORDINATORS = frozenset({"and", "or", "but", "nor", "while", "whereas", ","})
BOS, EOS = "<s>", "</s>"
# (most seen in the fluent text, largest observed/expected ratio, least expected count) at which
# a new pair of classes is not English. Strict for any new pair of function words or punctuation
# ("the of", "is will", "its ."); looser where the changed stretch itself looks like MT damage:
# the original's words in another order (scramble), one or two words slipped in (insert), one or
# two function words left out (delete). Set on the fluent sets of `bench/garble_dev.py table`.
STRICT = (1, 0.005, 50.0)
LOOSE = {"scramble": (10, 0.1, 5.0), "insert": (2, 0.03, 10.0), "delete": (2, 0.03, 10.0)}
# Two or more new pairs that are each merely unlikely (observed / expected at most the ratio,
# where at least `min_expected` were expected) at the places where function words were left
# out of one copy: MT damage, though no single pair is impossible. (Scrambles: tried, at 0.3 it
# fires on fluent reorderings such as "this last week in Dorset" -> "this in Dorset last week".)
SEVERAL = {"delete": (0.25, 50.0)}
# The copy's new pairs at one scramble / insertion / deletion, taken together, at most this
# log ratio below the original's pairs there (`stretch_evidence`; ratios read at levels where at
# least 5 were expected): insertion -3 (5 % of what fluent English gives), deletion -3.5 (3 %),
# scramble -5 (0.7 %: every pair of a scramble is new, and fluent reorderings give several pairs
# near 0.1, "this last week in Dorset" -> "this in Dorset last week" scores -4.9). Set on the
# fluent sets of `bench/garble_dev.py table` (MQM ref.B, OneStopEnglish rewrites, MQM MT rows
# without errors); a lone deletion at -2 fired on fluent MT ("a lawsuit on Thursday" -> "a
# lawsuit Thursday", "is the data" -> "is data").
JOINT = {"scramble": -5.0, "insert": -3.0, "delete": -3.5}
JOINT_MIN_EXPECTED = 5.0
# The copy's words over a window are exactly the original's in another order
# (`permutation_windows`), and not as one block moved past another (a fluent edit: "last week
# in Dorset" -> "in Dorset last week", "Meghan and Harry" -> "Harry and Meghan", 3-4
# `breakpoints`): with at least REORDER[0] breakpoints and the window's new pairs together at
# most REORDER[1] below the original's (`window_score`), or with at least REORDER_ANY
# breakpoints whatever the pairs, the words are shuffled. Set on the fluent sets of
# `bench/garble_dev.py table`: 1 of 1,161 MQM ref.B rows, 1 of 7,278 OneStopEnglish rewrites,
# 0 of 5,823 MQM MT rows without errors.
WINDOW_MAX = 12  # tokens of the original a reordering window may span
REORDER = (4, -0.5)
REORDER_ANY = 6
# Fixed phrases that work as one adverb: "and of course" is not "and of".
FIXED_ADVERBS = frozenset({("of", "course"), ("in", "fact"), ("at", "least"), ("at", "all"), ("for", "example"),
                           ("for", "instance"), ("as", "well"), ("at", "once"), ("in", "particular"), ("so", "far")})
NAME_TAGS = frozenset({"NNP", "NNPS"})  # "Serie A", "The Hague": a name's words are names, not function words


def word_class(text: str, tag: str | None) -> str:
    """"the|DT" for a function word (the word and its tag), the tag for any other token."""
    tag = tag or "X"
    w = text.lower().replace("’", "'")
    if w in FUNCTION_WORDS and (tag not in NAME_TAGS or text.islower()):
        return f"{w}|{tag}"  # (a lower-case "the", "him", "will" tagged as a name is the tagger lost in broken words)
    return tag


def _levels(c: str) -> tuple[str, str]:
    """(fine, coarse) class: ("the", "DT") for "the|DT", (tag, tag) otherwise."""
    w, _, t = c.partition("|")
    return (w, t) if t else (c, c)


class BigramTable:
    """Counts of neighbouring classes at two levels: function words as words, or as their tags.

    A pair is judged at the most specific level whose expected count is large enough: "the of"
    as words (never seen, ~470 expected), "should will" (too rare as words to judge) as MD MD.
    """

    def __init__(self, counts: dict[tuple[str, str], int]) -> None:
        self.counts: dict[tuple[str, str], int] = {}
        self.left: dict[str, int] = {}
        self.right: dict[str, int] = {}
        self.total = 0
        for (a, b), n in counts.items():
            fa, ca = _levels(a)
            fb, cb = _levels(b)
            for x, y in {(fa, fb), (fa, "~" + cb), ("~" + ca, fb), ("~" + ca, "~" + cb)}:
                self.counts[(x, y)] = self.counts.get((x, y), 0) + n
            for x in {fa, "~" + ca}:
                self.left[x] = self.left.get(x, 0) + n
            for y in {fb, "~" + cb}:
                self.right[y] = self.right.get(y, 0) + n
            self.total += n

    def expected(self, x: str, y: str) -> float:
        return self.left.get(x, 0) * self.right.get(y, 0) / max(1, self.total)

    def levels(self, a: str, b: str) -> tuple[tuple[int, float], ...]:
        """(observed, expected) for the pair: words as words, then one or both as their tags."""
        fa, ca = _levels(a)
        fb, cb = _levels(b)
        return tuple((self.counts.get(xy, 0), self.expected(*xy))
                     for xy in ((fa, fb), (fa, "~" + cb), ("~" + ca, fb), ("~" + ca, "~" + cb)))


def is_rare(levels: Sequence[tuple[int, float]], limits: tuple[float, float, float]) -> bool:
    """At some level the pair was expected at least `min_expected` times and seen at most
    `max_count` times, under `ratio` of what was expected."""
    max_count, ratio, min_expected = limits
    return any(e >= min_expected and o <= max_count and (o + 0.5) / e <= ratio for o, e in levels)


@lru_cache(maxsize=1)
def raw_counts() -> dict[tuple[str, str], int]:
    """The class-pair counts of `drift/data/tag_bigrams.tsv`, read once per process."""
    counts: dict[tuple[str, str], int] = {}
    text = resources.files("drift").joinpath("data/tag_bigrams.tsv").read_text(encoding="utf-8")
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        a, b, n = line.split("\t")
        counts[(a, b)] = int(n)
    return counts


@lru_cache(maxsize=1)
def load_table() -> BigramTable:
    return BigramTable(raw_counts())


def classes(toks: Sequence) -> list[str]:
    """BOS, one class per token (objects with `.text` and `.tag`), EOS. Both words of a fixed
    adverbial phrase ("of course") are adverbs."""
    out = [word_class(t.text, t.tag) for t in toks]
    low = [t.text.lower() for t in toks]
    for k in range(len(low) - 1):
        if (low[k], low[k + 1]) in FIXED_ADVERBS:
            out[k] = out[k + 1] = "RB"
    return [BOS] + out + [EOS]


@dataclass(frozen=True, slots=True)
class NewPair:
    """Two neighbouring copy tokens the original does not have side by side."""

    first: int  # copy token indices
    last: int
    a: str  # classes
    b: str
    kinds: frozenset[str]  # what the changed stretch it touches looks like: scramble / insert / delete / other
    levels: tuple[tuple[int, float], ...]  # (observed, expected) from the most to the least specific level


def changed_stretches(ops, gap: int = 2) -> list[tuple[int, int, int, int]]:
    """Non-equal opcodes, merged when at most `gap` unchanged tokens separate them (a scramble
    leaves short unchanged runs inside: the aligner keeps whatever it can)."""
    out: list[list[int]] = []
    pending_equal = None
    for op, i1, i2, j1, j2 in ops:
        if op == "equal":
            pending_equal = (i2 - i1)
            continue
        if out and pending_equal is not None and pending_equal <= gap:
            out[-1][1], out[-1][3] = i2, j2
        else:
            out.append([i1, i2, j1, j2])
        pending_equal = 0
    return [tuple(r) for r in out]


def stretch_kind(orig: Sequence, copy: Sequence, r: tuple[int, int, int, int]) -> str:
    i1, i2, j1, j2 = r
    ow, cw = [t.norm for t in orig[i1:i2]], [t.norm for t in copy[j1:j2]]
    if len(cw) >= 3 and sorted(ow) == sorted(cw) and ow != cw:
        return "scramble"  # the original's words, in another order
    if not ow and 1 <= len(cw) <= 2:
        return "insert"
    if not cw and 1 <= len(ow) <= 2 and all(w in FUNCTION_WORDS for w in ow):
        return "delete"
    # several places merged into one stretch: the original's words with a few words slipped in,
    # or with a few function words left out ("would have massive consequences and severe" ->
    # "would massive consequences severe")
    if cw and ow and 1 <= len(cw) - len(ow) <= 2 and _without(cw, ow) is not None:
        return "insert"
    if cw and ow and 1 <= len(ow) - len(cw) <= 3:
        gone = _without(ow, cw)
        if gone is not None and all(w in FUNCTION_WORDS for w in gone):
            return "delete"
    return "other"


def stretch_kinds(orig: Sequence, copy: Sequence, ops) -> list[tuple[tuple[int, int, int, int], str]]:
    """Each changed stretch with its `stretch_kind`, where words the copy put in at a clause's
    edge (`_clause_edge`) that the original has, taken out, at another place are a phrase moved
    (kind "moved"), not words slipped in: "The president will travel to Japan next month." ->
    "Next month the president will visit Japan." (a fronted time, no comma), "The team won 3-1
    on Saturday." -> "On Saturday the team won 3-1."."""
    removed = [False] * len(orig)
    for op, i1, i2, _, _ in ops:
        if op != "equal":
            removed[i1:i2] = [True] * (i2 - i1)
    norms = [t.norm for t in orig]
    out = []
    for r in changed_stretches(ops):
        kind = stretch_kind(orig, copy, r)
        if kind == "insert":
            i1, i2, j1, j2 = r
            ow, cw = norms[i1:i2], [t.norm for t in copy[j1:j2]]
            put = cw if not ow else _without(cw, ow)
            n = len(put or ())
            if n and _clause_edge(copy, j1, j2) and not all(w in FUNCTION_WORDS for w in put) and any(
                    norms[i : i + n] == put and all(removed[i : i + n]) for i in range(len(norms) - n + 1) if not i1 <= i < i2):
                kind = "moved"
        out.append((r, kind))
    return out


_CLAUSE_MARKS = frozenset({",", ";", ":", "(", ")", "—", "–", ".", "!", "?", '"', "“", "”"})


def _clause_edge(copy: Sequence, j1: int, j2: int) -> bool:
    """Does the stretch [j1, j2) open or close a clause (the text's edge or a punctuation mark
    beside it)? English fronts and ends adverbials there; a phrase moved into the middle of a
    clause ("the bridge next week would reopen", "India widespread have suggested") breaks it."""
    return j1 == 0 or copy[j1 - 1].text in _CLAUSE_MARKS or j2 >= len(copy) or copy[j2].text in _CLAUSE_MARKS


def _without(longer: Sequence[str], shorter: Sequence[str]) -> list[str] | None:
    """The words of `longer` that are not in `shorter` when `shorter` is `longer` with some words
    taken out (same order), else None."""
    out, k = [], 0
    for w in longer:
        if k < len(shorter) and w == shorter[k]:
            k += 1
        else:
            out.append(w)
    return out if k == len(shorter) else None


def new_pairs(orig: Sequence, copy: Sequence, ops, block_of: Sequence[int]) -> list[NewPair]:
    """Every pair of neighbouring copy tokens that is new: not both in one unchanged stretch,
    not a class pair the original has anywhere, not part of a hyphenated word ("the on-site")."""
    if not copy:
        return []
    table = load_table()
    oc, cc = classes(orig), classes(copy)
    have = set(zip(oc, oc[1:]))
    dated = {t.norm for k, t in enumerate(orig) if t.norm in CALENDAR and k > 0 and orig[k - 1].norm == "on"}
    stretches = stretch_kinds(orig, copy, ops)
    out = []
    for j in range(len(copy) - 1):
        if block_of[j] >= 0 and block_of[j] == block_of[j + 1]:
            continue
        t1, t2 = copy[j], copy[j + 1]
        if t1.text in "-–/" or t2.text in "-–/":
            continue
        if j + 2 < len(copy) and copy[j + 2].text == "-" and copy[j + 2].start == t2.end:
            continue  # "the on-site": the word is the start of a hyphenated one
        a, b = cc[j + 1], cc[j + 2]
        if (a, b) in have or (_is_punct(a) and _is_punct(b)):
            continue  # (two punctuation marks: the doubled-punctuation rule's, minor)
        if t2.norm in dated:
            continue  # "(on) Thursday": news English drops it before a day or month (AP style)
        if t1.norm in SUBJECT_PRONOUNS and j > 0 and copy[j - 1].norm in COORDINATORS:
            continue  # gapping: "she gave him the book and he the pen" leaves the verb out
        kinds = frozenset(k for (i1, i2, j1, j2), k in stretches if j1 - 1 <= j < j2 or (j1 == j2 and j + 1 == j1))
        out.append(NewPair(j, j + 1, a, b, kinds or frozenset({"other"}), table.levels(a, b)))
    return out


def _is_function(c: str) -> bool:
    return "|" in c


def _is_punct(c: str) -> bool:
    return not c[:1].isalpha()


def not_english(p: NewPair) -> str | None:
    """Why the new pair is not English ("scramble", "insert", "delete", "pair"), or None."""
    for kind in ("scramble", "insert", "delete"):
        if kind in p.kinds and is_rare(p.levels, LOOSE[kind]):
            return kind
    # both as words or both as tags: "that from" is rare as DT from, common as that IN
    # function words or punctuation on both sides
    fa, fb = _is_function(p.a), _is_function(p.b)
    if (fa or fb) and (fa or _is_punct(p.a)) and (fb or _is_punct(p.b)) and is_rare((p.levels[0], p.levels[3]), STRICT):
        return "pair"
    return None


def _clipped_ratio(levels: Sequence[tuple[int, float]], min_expected: float) -> float:
    """The pair's smallest observed / expected over the levels where enough were expected, at most 1."""
    return min(1.0, _ratio(levels, min_expected))


def stretch_evidence(orig: Sequence, copy: Sequence, ops, pairs: Sequence[NewPair]) -> list[tuple[int, int, str, float]]:
    """How much less English each damaged-looking stretch of the copy is than the original at
    the same place: the log observed / expected ratios (at most 1) of the copy's NEW pairs
    touching the stretch, less those of the original's pairs it replaced (`JOINT`). One
    unlikely pair may be English, two together at one place rarely are ("the Such plane",
    "citizens him killed", "as as good"); a pair that was already odd in the original is no
    evidence. Returns (first, last copy token, kind, score) for scramble / insert / delete
    stretches."""
    import math

    min_expected = JOINT_MIN_EXPECTED
    oc = classes(orig)
    table = load_table()
    out = []
    for r, kind in stretch_kinds(orig, copy, ops):
        if kind in ("other", "moved"):
            continue
        i1, i2, j1, j2 = r
        new = [p for p in pairs if j1 - 1 <= p.first < j2]
        if not new:
            continue
        score = sum(math.log(_clipped_ratio(p.levels, min_expected)) for p in new)
        score -= sum(math.log(_clipped_ratio(table.levels(oc[i + 1], oc[i + 2]), min_expected))
                     for i in range(i1 - 1, i2))
        first, last = min(p.first for p in new), max(p.last for p in new)
        out.append((first, last, kind, score))
    return out


def _ratio(levels: Sequence[tuple[int, float]], min_expected: float) -> float:
    r = [(o + 0.5) / e for o, e in levels if e >= min_expected]
    return min(r) if r else 1.0


def unlikely_together(pairs: Sequence[NewPair]) -> list[tuple[NewPair, str]]:
    """The pairs of a copy that are unlikely together (`SEVERAL`), with the kind of damage."""
    out = []
    for kind, (ratio, min_expected) in SEVERAL.items():
        hits = [p for p in pairs if kind in p.kinds and _ratio(p.levels, min_expected) <= ratio]
        if len(hits) >= 2:
            out += [(p, kind) for p in hits]
    return out


def permutation_windows(orig: Sequence, copy: Sequence, ops) -> list[tuple[int, int, int, int]]:
    """(i1, i2, j1, j2) for each shortest run of the alignment's changes, from one change to a
    later one at most `WINDOW_MAX` tokens on, over which the copy has exactly the original's
    words (at least 3) in another order: the aligner splits a reordering into a deletion here
    and an insertion there ("a jar before it was released" -> "a jar it was before released")."""
    changed = [o for o in ops if o[0] != "equal"]
    out: list[tuple[int, int, int, int]] = []
    for a, first in enumerate(changed):
        if out and first[1] < out[-1][1]:
            continue  # inside the window found last
        bag: dict[str, int] = {}
        for last in changed[a:]:
            if last[2] - first[1] > WINDOW_MAX:
                break
            _, i1, i2, j1, j2 = last
            for t in orig[i1:i2]:
                bag[t.norm] = bag.get(t.norm, 0) + 1
            for t in copy[j1:j2]:
                bag[t.norm] = bag.get(t.norm, 0) - 1
            if not any(bag.values()):
                w = (first[1], last[2], first[3], last[4])
                if sum(t.norm[:1].isalnum() for t in orig[w[0]:w[1]]) >= 3:
                    out.append(w)
                break
    return out


def breakpoints(orig: Sequence, copy: Sequence, window: tuple[int, int, int, int]) -> int:
    """Neighbouring copy tokens of the window, and its two edges, that are not neighbours in the
    original's order: moving one block of words past another makes 3, a shuffle more."""
    i1, i2, j1, j2 = window
    free: dict[str, list[int]] = {}
    for i in range(i1, i2):
        free.setdefault(orig[i].norm, []).append(i)
    pos = [i1 - 1]
    for j in range(j1, j2):
        pos.append(free[copy[j].norm].pop(0))
    pos.append(i2)
    return sum(1 for x, y in zip(pos, pos[1:]) if y != x + 1)


def window_score(orig: Sequence, copy: Sequence, window: tuple[int, int, int, int], pairs: Sequence[NewPair]) -> float:
    """`stretch_evidence`'s score for one window: the copy's new pairs there, less the original's."""
    import math

    i1, i2, j1, j2 = window
    oc = classes(orig)
    table = load_table()
    score = sum(math.log(_clipped_ratio(p.levels, JOINT_MIN_EXPECTED)) for p in pairs if j1 - 1 <= p.first < j2)
    score -= sum(math.log(_clipped_ratio(table.levels(oc[i + 1], oc[i + 2]), JOINT_MIN_EXPECTED)) for i in range(i1 - 1, i2))
    return score
