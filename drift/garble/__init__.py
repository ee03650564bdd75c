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
* word-class pairs (`drift.garble.tags`, with the tagger): two NEW neighbouring copy words
  whose classes (a function word as itself, any other word as its tag) fluent English almost
  never puts together: any such pair of function words or punctuation ("the of", "is will",
  "its ."), and, judged more loosely, a pair inside a stretch that looks like MT damage: the
  original's words in another order, a word or two slipped in, a function word or two left out;
  and all the new pairs of one such stretch together, against the original's pairs at the same
  place, when no single pair is rare enough on its own ("the such plane", "citizens him have");
* the original's words shuffled (`drift.garble.tags.permutation_windows`): over a window the
  copy has exactly the original's words in another order, and not as one block moved past
  another (fluent edits do that: "last week in Dorset" -> "in Dorset last week", "Meghan and
  Harry" -> "Harry and Meghan"), with the window's new word-class pairs together less English
  than the original's, or so many breaks in the order that no edit explains them
  ("his family eventually settled with" -> "his eventually with family and settled");
  two words of one phrase reversed with everything around them kept, where English has only
  the original's order: a compound's two common nouns ("the sound barrier" -> "the barrier
  sound") or a copula and its adjective ("Tehran was serious" -> "Tehran serious was"). A
  date or a time written in another order ("July 25 08H00" -> "08H00 July 25") is style;
* words slipped in (`drift.garble.phrases`): between two words the original has side by side
  inside a noun phrase (determiner to head noun) or a verb group (auxiliary or "to" to its
  verb), a word that phrase cannot hold ("the Bond its series", "can to share", "may be their
  seen"); a capitalised closed-class word or -ing/-ed form slipped into a sentence ("the
  bridge Thus would reopen"); a word other than an adverb slipped into a pair English does not
  split ("on such top of", "in specified case of");
* "be" or "have" left out after a modal or "to", so the modal stands before a word that is no
  bare verb ("they'll less demanding", "may slightly improved"); "a" before a vowel or "an"
  before a consonant, new in the copy ("a other", "an survey");
* function words left out at several places of one sentence (`drift.garble.articles`): where the
  copy only dropped the original's function words, each place is weighed by its junction's
  word-class pairs and by the words either side (a determiner before a noun that nearly always
  takes one, from a noun table counted in fluent English; "of" after a noun that needs it; "to"
  before a bare verb; a preposition between two nouns; one word of a fixed pair): "went to market with array of goods". One such place alone is not
  reported (MT and headlines drop single articles: "a lawsuit Thursday");
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
from dataclasses import replace
from typing import Sequence

import numpy as np

from ..transit import apostrophes_lost
from ..types import SEVERITY_RANK, Finding
from .rules import _bigram_candidates, _has_finite, _run_rules, _swaps
from .tokens import Analysis, Candidate, Region, Tok, _spacy_tokens, tokenize  # noqa: F401  (tokenize: public)

GARBLE_NAME = "drift-garble@20"  # @20: a phrase the original has elsewhere, put in at another place, is moved, not slipped in ("... to Japan next month." -> "Next month the president ..."); @19: the original's words with their apostrophes and quotation marks lost ("“It’s a" -> "Its a") are a slip, not garble; @18: the items of a list in another order are no shuffle ("Lidl and Morrisons" -> "Morrisons and Lidl"); @17: a capitalised word inside a longer quotation whose words are mostly capitalised is a title ("the Proposed Transfer of ..."); @16: two words of one phrase reversed, all else kept ("the barrier sound", "Tehran serious was"); a pronoun slipped in after "to" as the original tagged it ("to him drain"); a date or a time in another order is no shuffle ("July 25 08H00" -> "08H00 July 25"); @15: a garble span that is the original's words with apostrophes lost ("it’s the" -> "its the") is minor; @14: "(on) Thursday" dropped before a day or month is news style, no missing word; @13: a word slipped into a pair English does not split ("on (such) top of"); @11, @12: a preposition left out between two nouns, or one word of a fixed pair ("due (to)"), backs its place; @10: "be"/"have" left out after a modal, "a"/"an" that does not fit; @9: a word slipped into a noun phrase or a verb group, a capitalised closed-class word slipped in; @8: the original's words shuffled over a window; @3: word-class pairs English does not have, a doubled function word is major; @4: several function words left out; @5: the new pairs of one damaged stretch together; @6, @7: several function words dropped in one sentence (noun table)
KIND = "garble"
LM_SUPPORT = 1.0  # nats above the original's mean word surprisal that confirm a weak rule
SWAP_SUPPORT = 4.0  # nats by which the copy's word order must be less expected than the original's

# --------------------------------------------------------------------------------------
# alignment and LM evidence
# --------------------------------------------------------------------------------------
def _align(orig: Sequence[Tok], copy: Sequence[Tok]):
    from ..findings.diff import opcodes  # difflib's opcodes, with bounded work on repetitive text

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


def pretagged(nlp, pairs: Sequence[tuple[str, str]]):
    """The pipeline with every text `detect_garble` will tag for these (original, copy) pairs
    already tagged, in one batch (`drift.nlp.Pretagged`); a pair past POS_MAX_CHARS is not
    tagged at all, so neither of its sides is."""
    from ..nlp import Pretagged

    return Pretagged(nlp, [t for o, c in pairs if max(len(o), len(c)) <= POS_MAX_CHARS for t in (o, c)])


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
        if o_text and apostrophes_lost(o_text, copy[cs:ce]):
            # "it’s the" -> "its the": the original's words with their apostrophes lost (a
            # pipeline dropping ’, or a typo), a spelling slip rather than broken language
            sev = "minor"
            msg += f" (apostrophe lost: {o_text} → {copy[cs:ce]})"
        rule = "garble." + "+".join(dict.fromkeys(c.rule for c in g))  # the rules merged here (Finding.rule)
        out.append(Finding(KIND, sev, o_text, copy[cs:ce], o_span, (cs, ce), msg, rule))
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
