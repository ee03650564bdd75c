"""The meaning judge: one aligned pair of passages in, a label, severity, drift score and
typed findings out.

Embedding cosine alone cannot tell harmless rewording from falsification, so two sources of
evidence meet here:
- the typed findings (numbers, dates, names, negation, quotes, attribution, omissions,
  garble) say what kind of change it is and point at its span;
- the learned pair model (`drift.pairmodel`, a cross-encoder trained on human MQM error
  spans and synthetic meaning changes) says how far the meaning moved (the drift score),
  how likely an editor must act (P(major)), and where, token by token.

A typed major finding stands only where the model sees a major error on its span or in the
pair; otherwise it is demoted to minor (kept, never deleted). A tagged span with no typed
finding becomes a `meaning` or `garble` finding of its own. The drift score is a linear
ranker over the model's outputs and the share of words changed, calibrated on held-out
development rows (`models/calibrate_judge.py` -> `drift/data/judge.json`); a major verdict
never scores below a faithful paraphrase, and only a major one reaches the line
(`drift.calibration.Calibration.final`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from typing import Sequence

from .boilerplate.titles import site_suffix
from .boilerplate.vocab import _TERMINAL_RE  # the chrome rules' sentence ending: one definition
from .cache import Store, default_store, key_of
from .calibration import FACT_KINDS, Calibration, confirm_kind, load_calibration
from .findings import FINDINGS_NAME, NEGATION_ADDED, NEGATION_REMOVED, find_changes, word_diff
from .findings.certainty import aspect_only
from .findings.numbers import same_figure
from .findings.spelling import is_abbreviation
from .findings.ctx import overlaps
from .garble import GARBLE_NAME, detect_garble
from .types import Finding, Judgement

JUDGE_NAME = "drift-judge@29"  # @29: a short replaced stretch (at most 3 words a side) with a fact finding in it is explained whole ("conceded defeat" -> "claimed victory": the reversal explains "claimed" too); @28: a copy whose every changed word lies inside a typed fact finding is close (closeness 1.0: "fell to its lowest" -> "rose to its highest" keeps 6 of 8 words, both reversals explain the rest); @27: the model's tag on a figure only written another way ("11" -> "eleven") is no finding; @26: the perfect aspect guard reads past forms and inflections through the findings' one table (lexicon.base_forms, _past_word: a regular past needs 5 letters, as in the tense rule) and no longer fails on an auxiliary at the end; @25: the perfect aspect guard of @22 swaps "has"/"had" only as auxiliaries (before a participle or "been"; "had a car" -> "has a car" is a tense change); @24: the model's tag on a word the copy only wrote out or abbreviated ("Sept." -> "September", "U.S." -> "US") is no finding; @23: a pair major on P(major) alone shows its lead finding as major (the one the model is surest of); @22: a copy that only moved a verb between the simple past and a perfect ("became" -> "had become") is never major on P(major) alone; @21: the drift score follows the ranker inside two bounds (a major pair at least at the paraphrase bound `minor`, plus `major_boost`; only majors at or above `line`) instead of putting every major pair above every other; @20: a pair is never major on P(major) alone when nothing locates a change (no finding besides spelling); @19: the site-suffix finding says no "(page chrome)": its kind says so; @18: a copy's closeness counts names it only respelt (Zelenskyy/Zelensky) as kept words; @17: a headline's site suffix ("… | News about the war", "… - Xinhuanet") is page chrome: judged apart, a finding of severity none; @16: words dropped from the end of a headline are a minor omission (republishers cut headlines); @15: a clause said at more length in place (one word for three: "expired" -> "arrangement came to an end") is no clause added; @14: the pair model reads the original as the copy's transit damage left it (drift.transit: apostrophes, ligatures); @13: the same words in the same order are never major on P(major) alone; @11: list items dropped or added are confirmed like facts; @12: garble in a close copy stands on the rules, as facts do

# Typographic variants that never change meaning.
_TYPO = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-", "…": "...", "\u00a0": " "})
_SPACE = re.compile(r"\s+")
_WORD = re.compile(r"\w+")


def normalise(text: str) -> str:
    """Text up to typography and whitespace (the `verbatim` equivalence)."""
    t = unicodedata.normalize("NFKC", text).translate(_TYPO)
    return _SPACE.sub(" ", t).strip()


# Findings that only concern house style or spelling.
STYLE_KINDS = frozenset({"spelling"})
# Kinds whose minor findings still make a pair `drift` (a fact moved, not just wording).
DRIFT_KINDS = frozenset({"number", "name", "negation", "quote", "omission", "addition", "attribution", "meaning", "role",
                         "claim"})
STRONG_TAG = 0.7  # a tag this sure becomes a finding even where the pair score says paraphrase
@dataclass(frozen=True)
class JudgeConfig:
    """Settings that change verdicts; all are recorded in the report signature."""

    use_tokens: bool = True  # the learned pair model (token tags, score); off only in rule-level tests
    use_lm: bool = False  # language-model surprisal for garble (SmolLM2)
    use_nlp: bool = True  # part-of-speech patterns for garble (spaCy)

    def signature(self, params: "Calibration") -> str:
        return (
            f"judge:{JUDGE_NAME}|{FINDINGS_NAME}|{GARBLE_NAME}|model:{params.model if self.use_tokens else 'none'}"
            f"|lm:{int(self.use_lm)}|pos:{int(self.use_nlp)}|calib:{params.version}"
            f"|rank:{','.join(f'{f}={w:g}' for f, w in params.rank)}|major_p:{params.major_p}|minor:{params.minor}|confirm:{params.confirm}/{params.confirm_fact}/{params.confirm_garble}/{params.confirm_quote}"
            f"|close:{params.close}/{params.confirm_close}/{params.confirm_close_fact}|line:{params.line}|boost:{params.major_boost}"
        )


# Words whose addition, removal or exchange alone never makes a paraphrase.
_FUNCTION = frozenset(
    "a an the that this these those of to in on at for with by from as and or but is are was were be been "
    "has have had it its their his her do does did not can cannot can't n't ll s".split()
)


NEAR_VERBATIM = 0.85  # share of the shorter side's words kept in order: the copy is an edit of the original's wording
CLAUSE_WORDS = 3  # content words that make an added or dropped run a clause, not a word


def _words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


@dataclass(frozen=True)
class WordOverlap:
    """How much of the original's wording a copy keeps, from one bounded word diff."""

    kept: float  # share of the shorter side's words kept in the same order (kept_wording)
    changed: float  # share of all words not kept in order: 1 - difflib's ratio
    same: bool  # the same words in the same order (only punctuation, case or spacing differ)


def word_overlap(original: str, copy: str) -> WordOverlap:
    """`WordOverlap` of a pair (case-folded words; the bounded diff: linear past its budget)."""
    from .findings.diff import matching_blocks

    a, b = _words(original), _words(copy)
    if a == b:
        return WordOverlap(1.0 if a else 0.0, 0.0, True)
    matched = sum(size for _, _, size in matching_blocks(a, b)) if a and b else 0
    return WordOverlap(matched / min(len(a), len(b)) if a and b else 0.0, 1.0 - 2.0 * matched / (len(a) + len(b)), False)


def kept_wording(original: str, copy: str) -> float:
    """Share of the shorter side's words that the other keeps in the same order: 1.0 when
    the copy only adds or drops runs of words, low when it rewords."""
    return word_overlap(original, copy).kept


def closeness(original: str, copy: str, findings: Sequence[Finding], kept: float) -> float:
    """How close a copy is for confirming its findings: ``kept`` (kept_wording), counting the
    names the copy only respelt as kept, or, where a role finding says two phrases changed
    places, the share of the shorter side's words the other still has in any order. An
    exchange keeps every word but not their order, and a copy that only swapped two phrases
    is as close as one that swapped two numbers. A copy whose every changed word lies inside a
    typed finding is a clean substitution however short the sentence ("Unemployment fell to
    its lowest level" -> "Unemployment rose to its highest level" keeps 6 of 8 words, and the
    two reversals explain the other two): as close as can be (1.0). Only fact findings on a few
    words explain (a name changed may be a transliteration: a copy of other names stays loose;
    a certainty finding may span a reworded clause)."""
    if kept < 1.0 and _explained(original, copy, findings):
        return 1.0
    respelt = sorted((f for f in findings if f.kind == "spelling" and f.original_span and f.copy), key=lambda f: f.original_span)
    if respelt:  # a name respelt (Zelenskyy/Zelensky, Koreans/Korean) is a word kept
        text, at = [], 0
        for f in respelt:
            if f.original_span[0] >= at:
                text += [original[at:f.original_span[0]], f.copy]
                at = f.original_span[1]
        kept = max(kept, kept_wording("".join(text) + original[at:], copy))
    if not any(f.kind == "role" for f in findings):
        return kept
    from collections import Counter

    a, b = Counter(_words(original)), Counter(_words(copy))
    shorter = min(sum(a.values()), sum(b.values()))
    return max(kept, sum((a & b).values()) / shorter) if shorter else kept


EXPLAINING_KINDS = FACT_KINDS - {"certainty"}  # (a certainty finding may span a reworded clause)
EXPLAINING_WORDS = 3  # words a side, at most, of a finding that explains a substitution


def _explained(original: str, copy: str, findings: Sequence[Finding]) -> bool:
    """Every word the copy changed (either side of each word-diff hunk) lies inside the span of
    a typed fact finding on its side (EXPLAINING_KINDS: the precise rules, on a few words), one
    of them major, or in a hunk of at most EXPLAINING_WORDS words a side that a word-for-word
    fact finding touches (a negation cue gone or come is none)."""
    facts = [f for f in findings if f.kind in EXPLAINING_KINDS
             and max(len(_WORD.findall(f.original)), len(_WORD.findall(f.copy))) <= EXPLAINING_WORDS]
    if not any(f.severity == "major" for f in facts):
        return False

    def spans(fs) -> tuple[list, list]:  # each side's spans of the findings fs
        return [f.original_span for f in fs if f.original_span], [f.copy_span for f in fs if f.copy_span]

    inside = spans(facts)
    # a word-for-word change (an opposite, a step, a figure) explains the short stretch it
    # stands in; a negation cue gone or come does not (the stretch may say it otherwise:
    # "like no other" -> "different from any other")
    swaps = spans([f for f in facts if f.rule not in (NEGATION_ADDED, NEGATION_REMOVED)])
    for op, sa, sb in word_diff(original, copy):
        if op == "equal":
            continue
        words = [[m.span() for m in _WORD.finditer(text, a, b)] for text, (a, b) in ((original, sa), (copy, sb))]
        if all(any(x <= s and e <= y for x, y in side) for ws, side in zip(words, inside) for s, e in ws):
            continue
        if max(map(len, words)) <= EXPLAINING_WORDS and any(
                s < y and x < e for ws, side in zip(words, swaps) for s, e in ws for x, y in side):
            continue  # a short replaced stretch with a swap in it ("conceded defeat" -> "claimed victory")
        return False
    return True


def rank_features(pred, overlap: WordOverlap) -> dict[str, float]:
    """The ranker's inputs for one pair: the pair model's severity score, the sums over the
    copy's tokens of P(major meaning error) and P(broken), the highest P(dropped) on the
    original's tokens, and the share of words not kept in order (``overlap.changed``).
    P(major) is left out: it decides the verdict (``major_p``), the ranker orders severity."""
    return {
        "score": pred.score,
        "major_mass": float(sum(t[3] for t in pred.copy_tokens)),
        "fluency_mass": float(sum(t[4] for t in pred.copy_tokens)),
        "max_dropped": max((t[2] for t in pred.original_tokens), default=0.0),
        "changed": overlap.changed,
    }


def escalate_clauses(original: str, copy: str, findings: Sequence[Finding], kept: float | None = None) -> list[Finding]:
    """In a copy that keeps the original's wording, a whole clause appearing or vanishing is
    not rewording but a fact added or removed: such omission/addition findings become major."""
    out = list(findings)
    if not any(f.kind in ("omission", "addition") and f.severity != "major" for f in out):
        return out
    if (kept_wording(original, copy) if kept is None else kept) < NEAR_VERBATIM:
        return out
    for k, f in enumerate(out):
        if f.kind in ("omission", "addition") and f.severity != "major":
            words = [w for w in _WORD.findall(f.original if f.kind == "omission" else f.copy) if w.lower() not in _FUNCTION]
            other = [w for w in _WORD.findall(f.copy if f.kind == "omission" else f.original) if w.lower() not in _FUNCTION]
            if len(other) * 3 >= len(words):
                continue  # reworded in place, at least one word for three ("with the highest appreciation" -> "most appreciated", "expired" -> "came to an end"), not dropped or added
            if len(words) >= CLAUSE_WORDS:
                what = "dropped from" if f.kind == "omission" else "added to"
                out[k] = replace(f, severity="major", message=f"clause {what} an otherwise unchanged sentence",
                                 rule="clause.dropped" if f.kind == "omission" else "clause.added")
    return out


HEADLINE_WORDS = 20  # an unpunctuated line this short is a headline (or a dek)


def is_headline(text: str) -> bool:
    """A line without sentence-final punctuation, of at most HEADLINE_WORDS words."""
    return bool(text.strip()) and not _TERMINAL_RE.search(text.rstrip()) and len(_WORD.findall(text)) <= HEADLINE_WORDS


def headline_cut(original: str, copy: str, findings: Sequence[Finding]) -> list[Finding]:
    """Republishers cut headlines from the end ("… 'beyond borders' as North Korea joins in"
    -> "… 'beyond borders'"), and the body still carries what the tail said: words dropped
    from the end of a headline, none put in their place, are a minor omission. Anything else
    in a headline (a name, number or negation changed, words put in, words dropped from its
    start or middle) is judged as everywhere."""
    if not (is_headline(original) and is_headline(copy)):
        return list(findings)
    out = []
    for f in findings:
        if (f.kind == "omission" and f.severity == "major" and f.original_span
                and not _WORD.search(original, f.original_span[1])
                and all(w.lower() in _FUNCTION for w in _WORD.findall(f.copy))):
            f = replace(f, severity="minor", message=f.message + " (a headline cut short)")
        out.append(f)
    return out


def site_suffixes(original: str, copy: str) -> tuple[int, int, list[Finding]]:
    """Where a headline pair's site suffixes begin on each side ("… 'beyond borders' | News
    about the Russia-Ukraine war": page chrome, `drift.boilerplate.titles`), and a finding of
    severity none where the two differ. Both sides must be headlines; otherwise nothing is cut."""
    cut_o, cut_c = site_suffix(original), site_suffix(copy)
    if (cut_o, cut_c) == (len(original), len(copy)) or not (is_headline(original[:cut_o]) and is_headline(copy[:cut_c])):
        return len(original), len(copy), []
    tail_o, tail_c = original[cut_o:].strip(), copy[cut_c:].strip()
    name_o, name_c = (" ".join(_WORD.findall(t.lower())) for t in (tail_o, tail_c))
    if name_o == name_c:
        return cut_o, cut_c, []
    span_o = (len(original) - len(original[cut_o:].lstrip()), len(original.rstrip())) if tail_o else None
    span_c = (len(copy) - len(copy[cut_c:].lstrip()), len(copy.rstrip())) if tail_c else None
    bare_o, bare_c = (re.sub(r"^[|\-–—\s]+", "", t) for t in (tail_o, tail_c))
    if tail_o and tail_c:
        msg = f"site name in the headline: {bare_o} \u2192 {bare_c}"
    elif tail_c:
        msg = f"site name added to the headline: {bare_c}"
    else:
        msg = f"site name dropped from the headline: {bare_o}"
    return cut_o, cut_c, [Finding("chrome", "none", tail_o, tail_c, span_o, span_c, msg, "chrome.site_suffix")]


def all_findings(original: str, copy: str, lm=None, nlp=None, kept: float | None = None) -> list[Finding]:
    """Typed findings, clause escalation and garble, in reading order of the copy."""
    findings = headline_cut(original, copy, escalate_clauses(original, copy, find_changes(original, copy), kept))
    garble = detect_garble(original, copy, lm=lm, nlp=nlp)
    broken = [f.copy_span for f in garble if f.copy_span]
    # a capitalised word that garble explains ("him Bringing Ukraine") is not a name added
    findings = [f for f in findings if not (f.kind == "name" and not f.original and f.copy_span
                                            and any(a <= f.copy_span[0] and f.copy_span[1] <= b for a, b in broken))]
    findings += garble
    findings.sort(key=lambda f: (f.copy_span or f.original_span or (0, 0))[0])
    return findings


def _variant(a: str, b: str) -> bool:
    """Two words that differ only in spelling, transliteration or abbreviation."""
    from .findings import is_spelling_variant

    a, b = a.lower(), b.lower()
    if len(a) >= 3 and len(b) >= 3 and (a.startswith(b) or b.startswith(a)):
        return True  # Sept / September, Gov / Governor
    return is_spelling_variant(a, b) not in (None, "demonym")


def only_style_changes(original: str, copy: str, findings: Sequence[Finding]) -> bool:
    """True when every changed word is a spelling or abbreviation variant of its counterpart,
    inside a style finding's span, or a function word: spelling, transliteration, dates
    written differently, "met with" → "met"."""
    covered_o = [f.original_span for f in findings if f.original_span]
    covered_c = [f.copy_span for f in findings if f.copy_span]

    def content(text: str, span: tuple[int, int], covered) -> list[str]:
        return [
            m.group()
            for m in _WORD.finditer(text, span[0], span[1])
            if m.group().lower() not in _FUNCTION and not any(a <= m.start() and m.end() <= b for a, b in covered)
        ]

    for op, sa, sb in word_diff(original, copy):
        if op == "equal":
            continue
        left, right = content(original, sa, covered_o), content(copy, sb, covered_c)
        if len(left) != len(right) or not all(_variant(a, b) for a, b in zip(left, right)):
            return False
    return True


class Judge:
    """Judges aligned pairs; models load lazily, once per process, and only if needed."""

    def __init__(
        self, config: JudgeConfig = JudgeConfig(), cache: Store | None = None,
        calibration: Calibration | None = None, pair_model=None,
    ) -> None:
        self.config = config
        self.cache = cache
        self.calibration = calibration or load_calibration()
        self._pair_model = pair_model

    def signature(self) -> str:
        return self.config.signature(self.calibration)

    # -- models ------------------------------------------------------------------------
    def _model(self):
        if self._pair_model is None:
            from .pairmodel import load_pair_model

            self._pair_model = load_pair_model()
        return self._pair_model

    def _lm(self):
        if not self.config.use_lm:
            return None
        from .lm import load_language_model

        return load_language_model()

    def preload(self) -> None:
        """Start loading, in the background, what judging will need besides the pair model
        (the tagger, `drift.nlp.preload`); a caller about to run an encoder calls it first."""
        if self.config.use_nlp:
            from .nlp import preload

            preload()

    def _nlp(self):
        if not self.config.use_nlp:
            return None
        from .nlp import load_spacy

        return load_spacy()

    # -- judging -----------------------------------------------------------------------
    def judge_many(self, items: Sequence[tuple[str, str, float | None]]) -> list[Judgement]:
        """Judge (original, copy, cosine) pairs, reusing cached judgements (keyed by signature
        and texts). With the pair model the cosine is reported, not judged on: it is attached
        to each verdict afterwards (None leaves it out), so one pair seen with another cosine
        is not judged again. Rule-level judging (no model) scores by the cosine: there it is
        part of the key."""
        if not items:
            return []
        sig = self.signature()
        judged_on = not self.config.use_tokens  # rule-level judging scores by the cosine
        keys = [key_of(sig, o, c, "none" if s is None else f"{s:.4f}") if judged_on else key_of(sig, o, c)
                for o, c, s in items]
        found = self.cache.get_many(list(dict.fromkeys(keys))) if self.cache is not None else {}
        todo = list(dict.fromkeys(k for k in keys if k not in found))
        if todo:
            by_key = {k: (o, c, s if judged_on else None) for k, (o, c, s) in zip(keys, items)}
            fresh = self._judge_batch([by_key[k] for k in todo])
            new = {k: judgement_to_json(j) for k, j in zip(todo, fresh)}
            if self.cache is not None:
                self.cache.put_many(new)
            found.update(new)
        return [_with_cosine(judgement_from_json(found[k]), s) for k, (_, _, s) in zip(keys, items)]

    def judge(self, original: str, copy: str, cosine: float | None = None) -> Judgement:
        return self.judge_many([(original, copy, cosine)])[0]

    def _judge_batch(self, items: Sequence[tuple[str, str, float | None]]) -> list[Judgement]:
        out: list[Judgement | None] = [None] * len(items)
        work = []
        chrome: dict[int, list[Finding]] = {}
        items = list(items)
        for k, (o, c, s) in enumerate(items):
            cut_o, cut_c, found = site_suffixes(o, c)  # judged without the site's name after a headline
            items[k] = (o[:cut_o], c[:cut_c], s)
            if normalise(o[:cut_o]) == normalise(c[:cut_c]):
                out[k] = Judgement("style", "none", 0.0, tuple(found)) if found else Judgement("verbatim", "none", 0.0)
                continue
            chrome[k] = found
            work.append(k)
        if not work:
            return out  # type: ignore[return-value]
        self.preload()  # the tagger loads beside the pair model's forward pass
        preds = (
            self._model().predict([(items[k][0], items[k][1]) for k in work])
            if self.config.use_tokens else [None] * len(work)
        )
        lm, nlp = self._lm(), self._nlp()
        if nlp is not None:
            from .garble import pretagged

            nlp = pretagged(nlp, [items[k][:2] for k in work])
        for k, pred in zip(work, preds):
            o, c, s = items[k]
            j = self._decide(o, c, s, pred, lm, nlp)
            if chrome[k]:
                found = sorted(j.findings + tuple(chrome[k]), key=lambda f: (f.copy_span or f.original_span or (0, 0))[0])
                j = replace(j, findings=tuple(found))
            out[k] = j
        return out  # type: ignore[return-value]

    def _decide(self, original: str, copy: str, cosine: float | None, pred, lm, nlp) -> Judgement:
        cal = self.calibration
        overlap = word_overlap(original, copy)  # once per pair: escalation, confirmation, ranking
        kept = overlap.kept
        findings = all_findings(original, copy, lm, nlp, kept)
        feats: dict = {}  # the reported cosine is attached by judge_many (_with_cosine)
        if pred is None:  # rule-level judging (tests): findings alone, cosine as the score
            s = min(1.0, max(0.0, 2.0 * (1.0 - (1.0 if cosine is None else float(cosine)))))
            major = any(f.severity == "major" and f.kind not in STYLE_KINDS for f in findings)
        else:
            s = cal.rank_score(rank_features(pred, overlap))
            feats.update(model_score=pred.score, p_major=pred.p_major)
            # the same words in the same order (punctuation, case or spacing moved), or only a verb
            # moved between the simple past and a perfect ("became" -> "had become", the same
            # event): the model's P(major) alone never makes it major; a typed finding still can
            model_major = pred.p_major >= cal.major_p and not overlap.same and not aspect_only(original, copy)
            findings = confirm_findings(findings, pred, model_major, cal, closeness(original, copy, findings, kept))
            major = model_major or any(f.severity == "major" and f.kind not in STYLE_KINDS for f in findings)
            if not major and overlap.same and all(
                f.kind in STYLE_KINDS or f.severity == "none" for f in findings
            ):
                s = min(s, cal.minor / 2)  # the same words in the same order: punctuation or spacing moved, not meaning
            findings += model_findings(original, copy, findings, pred, s, major, cal)
            findings.sort(key=lambda f: (f.copy_span or f.original_span or (0, 0))[0])
            if major and all(f.kind in STYLE_KINDS for f in findings):
                # P(major) alone, with no rule and no tag of the model pointing at a change
                # ("stated" -> "said", quotes and apostrophes lost): nothing an editor could check
                major = False
            elif major:
                findings = lead_finding(findings, pred)
        drift = cal.final(s, major)
        label, severity = self._label(original, copy, s, major, findings)
        return Judgement(label, severity, drift, tuple(findings), feats)

    def _label(self, original: str, copy: str, s: float, major: bool, findings: Sequence[Finding]) -> tuple[str, str]:
        cal = self.calibration
        garble = [f for f in findings if f.kind == "garble"]
        meaning = [f for f in findings if f.kind not in STYLE_KINDS and f.kind != "garble" and f.severity != "none"]
        if any(f.severity == "major" for f in garble) or (major and garble and not any(f.severity == "major" for f in meaning)):
            return "garbled", "major" if major else "minor"
        if major:
            return "drift", "major"
        if garble and any(f.severity == "minor" for f in garble) and not meaning:
            return "garbled", "minor"
        if any(f.kind in DRIFT_KINDS or _value_changed(f) for f in meaning) or s >= cal.minor:
            return "drift", "minor"
        if all(f.kind in STYLE_KINDS or f.kind == "date" for f in findings) and only_style_changes(
            original, copy, findings
        ):
            return "style", "minor" if any(f.kind in STYLE_KINDS and f.severity == "minor" for f in findings) else "none"
        return "paraphrase", "none"


def _value_changed(f: Finding) -> bool:
    """A date or a certainty that is on both sides but different ("next year" -> "last year",
    "will add" -> "added"): the pair drifted even where the finding was demoted to minor (a
    dropped "Tuesday" or a date reformatted is not this)."""
    return f.kind in ("date", "certainty") and bool(f.original) and bool(f.copy) and f.severity != "none"


def _support(f: Finding, pred) -> float:
    """The model's evidence that a finding is a major change: the higher of P(major) on its
    copy span and P(dropped) on its original span (a removed "not" has no copy span)."""
    got = 0.0
    if f.copy_span and f.copy_span[1] > f.copy_span[0]:
        got = pred.copy_support(*f.copy_span)
    if f.original_span and f.original_span[1] > f.original_span[0]:
        got = max(got, pred.original_support(*f.original_span))
    return got


def lead_finding(findings: Sequence[Finding], pred) -> list[Finding]:
    """In a pair major on the model's P(major) alone (no finding major), the finding the model
    is surest of (`_support`: its P(major) on the span) becomes major: the verdict always
    shows the editor where to look. Spelling, chrome and findings of severity none are never
    the lead."""
    out = list(findings)
    if any(f.severity == "major" and f.kind not in STYLE_KINDS for f in out):
        return out
    cands = [k for k, f in enumerate(out) if f.kind not in STYLE_KINDS and f.severity == "minor"]
    if cands:
        k = max(cands, key=lambda k: _support(out[k], pred))
        out[k] = replace(out[k], severity="major")
    return out


def _seen(f: Finding, pred) -> bool:
    """Whether the model read the finding's spans at all (a long pair is cut at MAX_LEN
    tokens): what it did not read it cannot contradict."""
    def covered(span, tokens):
        return span is None or span[1] <= span[0] or bool(tokens) and span[1] <= max(t[1] for t in tokens)

    return covered(f.copy_span, pred.copy_tokens) and covered(f.original_span, pred.original_tokens)


def confirm_findings(findings: Sequence[Finding], pred, model_major: bool, cal: Calibration,
                     kept: float = 0.0) -> list[Finding]:
    """A typed major finding stands where the model sees a major error on its span, or the
    pair as a whole is major, or the model never read its span; otherwise it is demoted to
    minor, its message saying why. ``kept`` is the pair's kept_wording: in a close copy the
    calibration may trust the rules with less support."""
    out = []
    for f in findings:
        if f.severity == "major" and f.kind not in STYLE_KINDS:
            if not model_major and _seen(f, pred) and _support(f, pred) < cal.confirm_for(confirm_kind(f), kept):
                f = replace(f, severity="minor", message=f.message + " (the meaning model finds it minor)")
        out.append(f)
    return out


def model_findings(original: str, copy: str, findings: Sequence[Finding], pred, s: float, major: bool,
                   cal: Calibration) -> list[Finding]:
    """Spans the model tagged that no typed finding explains: `meaning`/`garble` findings on the
    copy, `omission` findings for original content it marks as dropped. A tag inside a run of
    words the copy kept as they were is not one (what changed is elsewhere, and the typed
    findings or other tags point there), nor one on a word only written out or abbreviated
    ("Sept." -> "September"). In a pair the score calls a paraphrase only tags of
    at least STRONG_TAG count, and no omissions."""
    quiet = not major and s < cal.minor  # a pair the score calls a paraphrase: only confident tags
    diff = word_diff(original, copy)
    ops = [(op, sa, sb) for op, sa, sb in diff if op != "equal"]
    unchanged = [sb for op, _, sb in diff if op == "equal"]  # the original's own words, in its order
    have_c = [f.copy_span for f in findings if f.copy_span]
    have_o = [f.original_span for f in findings if f.original_span]
    out = []
    major_pair = major
    for t in pred.tags:
        if quiet and t.p_error < STRONG_TAG:
            continue
        span = _word_span(copy, t.start, t.end)
        kept_as_is = any(a <= span[0] and span[1] <= b for a, b in unchanged)
        if kept_as_is or overlaps(span, have_c) or not copy[span[0]:span[1]].strip():
            continue
        fluency = t.cls in (3, 4)
        o_span = _counterpart(ops, span)
        sev = "major" if (major_pair and t.p_major >= cal.confirm) else "minor"
        o_text = original[o_span[0]:o_span[1]] if o_span else ""
        c_text = copy[span[0]:span[1]]
        if o_text and (is_abbreviation(o_text, c_text) or is_abbreviation(c_text, o_text)
                       or same_figure(o_text, _hunk_text(copy, ops, span))):
            continue  # "Sept." written out as "September", "U.S." as "US", "a decade" as "ten years": the same
        if fluency:
            msg = "broken language here (meaning model)"
        elif o_text:
            msg = f"meaning changed: {o_text} → {c_text}"
        else:
            msg = f"changes the meaning: {c_text}"
        out.append(Finding("garble" if fluency else "meaning", sev, o_text, c_text, o_span, span, msg,
                           "model.fluency" if fluency else "model.meaning"))
        have_c.append(span)
    for a, b, q in ([] if quiet else pred.dropped):
        span = _word_span(original, a, b)
        text = original[span[0]:span[1]]
        if overlaps(span, have_o) or len(_WORD.findall(text)) < 2 or all(w.lower() in _FUNCTION for w in _WORD.findall(text)):
            continue
        sev = "major" if (major_pair and q >= cal.confirm) else "minor"
        out.append(Finding("omission", sev, text, "", span, None, "content dropped (meaning model)", "model.dropped"))
        have_o.append(span)
    return out


def _hunk_text(copy: str, ops, span) -> str:
    """The copy's words of the word-diff hunks a tagged span touches ("ten" -> "ten years")."""
    hit = [sb for _, _, sb in ops if sb[0] < span[1] and span[0] < sb[1]]
    return copy[min(h[0] for h in hit):max(h[1] for h in hit)] if hit else copy[span[0]:span[1]]


def _word_span(text: str, a: int, b: int) -> tuple[int, int]:
    """[a, b) widened to whole words."""
    while a > 0 and (text[a - 1].isalnum() or text[a - 1] in "'’-"):
        a -= 1
    while b < len(text) and (text[b].isalnum() or text[b] in "'’-"):
        b += 1
    return a, b


def _counterpart(ops, span) -> tuple[int, int] | None:
    """The original's text that the word diff pairs with a changed copy span."""
    hit = [sa for op, sa, sb in ops if sb[0] < span[1] and span[0] < sb[1] or (sb[0] == sb[1] and span[0] <= sb[0] <= span[1])]
    hit = [h for h in hit if h[1] > h[0]]
    if not hit:
        return None
    return min(h[0] for h in hit), max(h[1] for h in hit)


def _with_cosine(j: Judgement, cosine: float | None) -> Judgement:
    """The verdict with the pair's reported cosine first among its features."""
    if cosine is None:
        return j
    return replace(j, features={"cosine": round(float(cosine), 4), **{k: v for k, v in j.features.items() if k != "cosine"}})


def judgement_to_json(j: Judgement) -> bytes:
    """The verdict cache's record (the codec lives in drift.schema)."""
    from .schema import judgement_to_json as encode

    return encode(j)


def judgement_from_json(data: bytes) -> Judgement:
    from .schema import judgement_from_json as decode

    return decode(data)


def cached_judge(config: JudgeConfig = JudgeConfig()) -> Judge:
    """A judge whose verdicts persist in the drift cache (a warm run loads no model)."""
    return Judge(config, default_store("judgements"))
