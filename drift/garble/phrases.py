"""Words slipped into a phrase that English does not open there.

The original's tags say where its phrases run; a word the copy inserts inside one, where the
original's neighbouring words are kept on both sides, must be a word that phrase can hold:

* a noun phrase, between its determiner and its head noun ("the long queues", "its first
  ever flight"), holds premodifiers only: adjectives, nouns, numbers, participles, possessive
  's, an adverb before an adjective ("the very long queues"), "and" or a comma between two
  adjectives. A pronoun, a preposition, a verb with a tense, a wh-word or another determiner
  there is broken ("the Bond its series", "a out of second tree", "the him planet");
* a verb group, from its auxiliary to its verb ("can share", "may be seen", "to drain",
  "have also lowered"), holds adverbs, "not", a floating "all"/"both"/"each" and, in a
  question, the subject pronoun. A determiner, a preposition, "to", another verb with a tense
  there is broken ("can to share", "may be their seen", "to him drain", "to the devastate").

A function word's class is its usual tag in fluent English (`drift/data/tag_bigrams.tsv`),
not the tagger's guess inside broken words ("the him planet": "him" tagged as a name); any
other word's class is its tag in the copy.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Sequence

# Tags that may stand between a determiner and its head noun.
NP_INSIDE = frozenset({"JJ", "JJR", "JJS", "NN", "NNS", "NNP", "NNPS", "VBN", "VBG", "CD", "HYPH", "POS", "AFX"})
ADJECTIVE_LIKE = frozenset({"JJ", "JJR", "JJS", "VBN", "VBG", "CD", "RB", "RBR", "RBS"})  # what an adverb may modify inside a noun phrase
NOUN_TAGS = frozenset({"NN", "NNS", "NNP", "NNPS"})
DETERMINERS = frozenset({"DT", "PRP$", "WP$", "POS"})
# An auxiliary or "to" and the verb form it takes: "can share", "to drain", "is looking",
# "was seen", "has lowered".
MODAL_LIKE = frozenset({"MD", "TO"})
BE = frozenset({"be", "is", "are", "was", "were", "been", "being", "am", "'s", "'re", "'m"})
HAVE = frozenset({"have", "has", "had", "'ve", "'d"})
DO = frozenset({"do", "does", "did"})
VERB_AFTER = {"modal": frozenset({"VB"}), "be": frozenset({"VBG", "VBN"}), "have": frozenset({"VBN"})}
# What may stand inside a verb group: adverbs, "not", a floating quantifier; a subject pronoun
# in a question ("can you share").
VP_INSIDE_TAGS = frozenset({"RB", "RBR", "RBS", "JJR", "JJS", "PRP"})
FLOATING = frozenset({"all", "both", "each", "not", "n't"})
# After a noun inside a noun phrase only these are slipped in where English has none ("the Bond
# its series"); any other word may start a relative clause or a prepositional phrase there.
OBJECT_PRONOUNS = frozenset({"him", "them", "us", "me", "her", "its", "their", "his", "our", "my", "your"})
NOUN_ADVERBS = frozenset({"very", "then"})  # adverbs that also stand before a noun: "the very bottom", "the then president"
PREDETERMINERS = frozenset({"all", "both", "half"})  # "all (of the) pupils"
CONTEXT = 2  # unchanged tokens of the original kept on each side of the slipped-in words


def _tag(t) -> str:
    return getattr(t, "tag", None) or ""


@lru_cache(maxsize=1)
def usual_tags() -> dict[str, str]:
    """function word -> its most frequent tag in the fluent text of the bigram table."""
    from .tags import raw_counts

    counts: dict[tuple[str, str], int] = {}
    for (a, _), n in raw_counts().items():
        w, bar, tag = a.partition("|")
        if bar:
            counts[(w, tag)] = counts.get((w, tag), 0) + n
    best: dict[str, tuple[int, str]] = {}
    for (w, tag), n in counts.items():
        if n > best.get(w, (0, ""))[0]:
            best[w] = (n, tag)
    return {w: tag for w, (_, tag) in best.items()}


def word_tag(t) -> str:
    """A function word's usual tag, any other word's tag."""
    from .tags import FUNCTION_WORDS

    if t.norm in FUNCTION_WORDS:
        return usual_tags().get(t.norm, _tag(t))
    return _tag(t)


def _np_span(orig: Sequence, i: int) -> bool:
    """Original tokens i-1 and i stand inside one noun phrase, from its determiner (i-1 or
    before) to its head noun (i or after)."""
    k = i
    while k < len(orig) and _tag(orig[k]) in NP_INSIDE - {"POS"} and _tag(orig[k]) not in NOUN_TAGS:
        k += 1  # premodifiers up to the head
    if k >= len(orig) or _tag(orig[k]) not in NOUN_TAGS:
        return False
    s = i - 1
    while s >= 0 and _tag(orig[s]) in NP_INSIDE - {"POS"}:
        s -= 1
    return s >= 0 and _tag(orig[s]) in DETERMINERS and orig[s].norm[:1].isalpha()


def _verb_group(orig: Sequence, i: int) -> str | None:
    """Original tokens i-1 and i stand inside one verb group, from an auxiliary or "to" (i-1
    or before, past adverbs) to its verb (i or after): which kind, or None."""
    s = i - 1
    while s >= 0 and (_tag(orig[s]) in {"RB", "RBR", "RBS"} or orig[s].norm in FLOATING) and s > i - 4:
        s -= 1
    if s < 0:
        return None
    k = i
    while k < len(orig) and (_tag(orig[k]) in {"RB", "RBR", "RBS"} or orig[k].norm in FLOATING) and k < i + 3:
        k += 1
    if k >= len(orig):
        return None
    a, v = orig[s], _tag(orig[k])
    if _tag(a) in MODAL_LIKE or a.norm in DO and _tag(a).startswith("VB"):
        kind = "modal"
    elif a.norm in BE and _tag(a).startswith("VB"):
        kind = "be"
    elif a.norm in HAVE and _tag(a).startswith("VB"):
        kind = "have"
    else:
        return None
    return kind if v in VERB_AFTER[kind] else None


def slipped_in(orig: Sequence, copy: Sequence, ops) -> list[tuple[int, int, str]]:
    """(first, last copy token, what) for each word or two the copy slipped in, between two
    words the original has side by side inside a noun phrase or a verb group, that the phrase
    cannot hold."""
    if not copy or not any(_tag(t) for t in copy):
        return []
    out = []
    moved = {orig[i].norm for op, i1, i2, _, _ in ops if op in ("delete", "replace") for i in range(i1, i2)}
    for n, (op, i1, i2, j1, j2) in enumerate(ops):
        if op != "insert" or j2 - j1 > 2 or i1 == 0 or i1 >= len(orig) or j1 == 0 or j2 >= len(copy):
            continue
        before, after = ops[n - 1] if n > 0 else None, ops[n + 1] if n + 1 < len(ops) else None
        if not (before and after and before[0] == after[0] == "equal"
                and before[2] - before[1] >= CONTEXT and after[2] - after[1] >= CONTEXT):
            continue  # the original's words either side are kept
        if moved & {t.norm for t in copy[j1:j2]}:
            continue  # a word the copy moved here from elsewhere
        words = copy[j1:j2]
        if not all(t.norm[:1].isalpha() for t in words):
            continue  # punctuation slipped in: a quote, a bracket
        tags = [word_tag(t) for t in words]
        if any(tg.startswith("VB") or tg == "MD" for tg in tags):
            continue  # a new verb may take the original's as its complement ("will happen to fall")
        left = copy[j1 - 1]
        seq = [_tag(left)] + tags + [_tag(copy[j2])]
        if _np_span(orig, i1):
            if _tag(left) in NOUN_TAGS and not all(t.norm in OBJECT_PRONOUNS for t in words):
                continue  # after a noun a relative clause or a prepositional phrase may start ("the way (that) plants grow")
            if _tag(left) in {"VBG", "VBN"} or left.norm in PREDETERMINERS:
                continue  # a participle may be a verb taking an object ("beating (the) space"); "all (of the) factors"
            ok = all(
                tg in NP_INSIDE
                or (seq[k] in NOUN_TAGS and words[k].norm not in OBJECT_PRONOUNS)  # a new head: "the (sale of) Slave Labour row"
                or (tg in {"RB", "RBR", "RBS"} and (seq[k + 2] in ADJECTIVE_LIKE or words[k].norm in NOUN_ADVERBS))
                or (tg == "CC" and seq[k] in NP_INSIDE and seq[k + 2] in NP_INSIDE)  # "the exhibition and sales area"
                for k, tg in enumerate(tags)
            )
            if not ok:
                out.append((j1, j2 - 1, "noun phrase"))
            continue
        kind = _verb_group(orig, i1)
        if kind is not None:
            # no pronoun between "to" and its verb ("to him drain"): "to" as the original's tagger
            # read it, the copy's may call "to him" a preposition
            to = _tag(left) == "TO" or _tag(orig[i1 - 1]) == "TO"
            ok = all(tg in VP_INSIDE_TAGS - ({"PRP"} if to else set()) or t.norm in FLOATING
                     for t, tg in zip(words, tags))
            if not ok:
                out.append((j1, j2 - 1, "verb group"))
    return out


def auxiliary_dropped(orig: Sequence, copy: Sequence, ops) -> list[tuple[int, int]]:
    """(first, last copy token) where the copy left out the original's "be" or "have" after a
    modal or "to" (past adverbs), so the modal now stands before a word that is not a bare verb:
    "they'll be less demanding" -> "they'll less demanding", "may be slightly improved" ->
    "may slightly improved", "to be released" -> "to released"."""
    if not copy or not any(_tag(t) for t in copy):
        return []
    at: dict[int, int] = {}
    for op, i1, i2, j1, j2 in ops:
        if op == "equal":
            for d in range(i2 - i1):
                at[i1 + d] = j1 + d
    out = []
    for op, i1, i2, j1, j2 in ops:
        if op != "delete" or i2 - i1 != 1 or orig[i1].norm not in BE | HAVE or not _tag(orig[i1]).startswith("VB"):
            continue
        m = i1 - 1
        while m >= 0 and _tag(orig[m]) in {"RB", "RBR", "RBS"} and m > i1 - 3:
            m -= 1
        if m < 0 or _tag(orig[m]) not in MODAL_LIKE or m not in at:
            continue
        x = i2
        while x < len(orig) and _tag(orig[x]) in {"RB", "RBR", "RBS"} and x < i2 + 2:
            x += 1
        if x >= len(orig) or x not in at or not orig[x].norm[:1].isalnum() or _tag(orig[x]) in {"VB", "MD"}:
            continue
        if any(k not in at for k in range(m, x + 1) if k != i1):
            continue  # the words around are the original's, kept
        if _tag(copy[at[x]]) in {"VB", "VBP"}:
            continue  # "will be broadcast" -> "will broadcast": the participle is a bare verb too
        out.append((at[m], at[x]))
    return out


# Word pairs nothing but an adverb comes between ("due (largely) to", "on top of", "in case of",
# "make sure"). Not pairs English does open: "rather (more) than", "such (things) as", "because
# (all) of", "out (one) of", "as well (known) as", "in (good) order".
UNSPLIT_PAIRS = frozenset({
    ("due", "to"), ("according", "to"), ("prior", "to"), ("thanks", "to"), ("owing", "to"),
    ("instead", "of"), ("ahead", "of"), ("regardless", "of"), ("spite", "of"), ("as", "opposed"),
    ("on", "top"), ("top", "of"), ("in", "case"), ("case", "of"), ("in", "front"), ("front", "of"), ("make", "sure"),
})


def split_pairs(orig: Sequence, copy: Sequence, ops) -> list[tuple[int, int]]:
    """(first, last copy token) of a word or two other than adverbs slipped into a pair the
    original has side by side that English does not split (`UNSPLIT_PAIRS`): "on such top of",
    "in specified case of"."""
    moved = {orig[i].norm for op, i1, i2, _, _ in ops if op in ("delete", "replace") for i in range(i1, i2)}
    out = []
    for op, i1, i2, j1, j2 in ops:
        if op != "insert" or j2 - j1 > 2 or i1 == 0 or i1 >= len(orig) or j1 == 0 or j2 >= len(copy):
            continue
        if (orig[i1 - 1].norm, orig[i1].norm) not in UNSPLIT_PAIRS:
            continue
        if copy[j1 - 1].norm != orig[i1 - 1].norm or copy[j2].norm != orig[i1].norm:
            continue
        words = copy[j1:j2]
        if moved & {t.norm for t in words} or all(_tag(t) in {"RB", "RBR", "RBS"} for t in words):
            continue
        out.append((j1, j2 - 1))
    return out
