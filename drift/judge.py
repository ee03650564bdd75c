"""The meaning judge: one aligned pair of passages in, a label, severity, drift score and
typed findings out.

Embedding cosine alone cannot tell harmless rewording from falsification, so:
- the typed findings (numbers, dates, names, negation, quotes, attribution, omissions,
  garble) decide the label and severity first, each pointing at its span;
- the drift score in [0, 1] is a small logistic model over all signals together (sentence
  cosine, IDF-weighted unmatched token mass in each direction, findings, garble), fitted by
  `models/fit_judge.py` on development data only and stored in `models/judge.json`.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Sequence

from .cache import Store, default_store, key_of
from .findings import FINDINGS_NAME, find_changes
from .garble import GARBLE_NAME, detect_garble
from .types import SEVERITY_RANK, Finding, Judgement

JUDGE_NAME = "drift-judge@5"

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
DRIFT_KINDS = frozenset({"number", "name", "negation", "quote", "omission", "addition", "attribution"})
# Chosen by segment-grouped cross-validation on the MQM development pairs
# (models/fit_judge.py): cosine, the copy-side unmatched mass and minor-finding counts
# added noise there. They still shape the label (through the findings) and are reported.
FEATURES = ("bias", "log_missing_original", "major_findings", "garble")


@dataclass(frozen=True)
class JudgeConfig:
    """Settings that change verdicts; all are recorded in the report signature."""

    use_tokens: bool = True  # token-level matching (needs the MiniLM encoder)
    use_lm: bool = False  # language-model surprisal for garble (SmolLM2)
    use_nlp: bool = True  # part-of-speech patterns for garble (spaCy)

    def signature(self, params: "ScoreModel") -> str:
        return (
            f"judge:{JUDGE_NAME}|{FINDINGS_NAME}|{GARBLE_NAME}|tokens:{int(self.use_tokens)}"
            f"|lm:{int(self.use_lm)}|pos:{int(self.use_nlp)}|score:{params.version}"
            f"|t_drift:{params.drift_threshold}|t_major:{params.major_threshold}"
        )


@dataclass(frozen=True)
class ScoreModel:
    """Logistic weights over FEATURES, and the score thresholds for labels."""

    version: str
    weights: tuple[float, ...]
    drift_threshold: float
    major_threshold: float

    def score(self, x: Sequence[float]) -> float:
        z = sum(w * v for w, v in zip(self.weights, x))
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


@lru_cache(maxsize=1)
def load_score_model() -> ScoreModel:
    from .semantics import models_dir

    raw = (models_dir() / "judge.json").read_bytes()
    data = json.loads(raw)
    if tuple(data["features"]) != FEATURES:
        raise ValueError(f"models/judge.json was fitted for features {data['features']}, expected {FEATURES}")
    # The signature names the exact parameters, so a refit never reads stale cached verdicts.
    version = f"{data['version']}#{key_of(raw.decode('utf-8'))[:8]}"
    return ScoreModel(version, tuple(data["weights"]), data["drift_threshold"], data["major_threshold"])


def features(cosine: float, missing_original: float, missing_copy: float, findings: Sequence[Finding]) -> list[float]:
    meaning = [f for f in findings if f.kind not in STYLE_KINDS and f.kind != "garble"]
    garble = sum(SEVERITY_RANK[f.severity] for f in findings if f.kind == "garble")
    return [
        1.0,
        math.log1p(max(0.0, missing_original)),
        math.log1p(sum(f.severity == "major" for f in meaning)),
        math.log1p(garble),
    ]


# Words whose addition, removal or exchange alone never makes a paraphrase.
_FUNCTION = frozenset(
    "a an the that this these those of to in on at for with by from as and or but is are was were be been "
    "has have had it its their his her do does did not can cannot can't n't ll s".split()
)


NEAR_VERBATIM = 0.85  # share of the shorter side's words kept in order: the copy is an edit of the original's wording
CLAUSE_WORDS = 3  # content words that make an added or dropped run a clause, not a word


def kept_wording(original: str, copy: str) -> float:
    """Share of the shorter side's words that the other keeps in the same order: 1.0 when
    the copy only adds or drops runs of words, low when it rewords."""
    import difflib

    a = [w.lower() for w in _WORD.findall(original)]
    b = [w.lower() for w in _WORD.findall(copy)]
    if not a or not b:
        return 0.0
    kept = sum(m.size for m in difflib.SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks())
    return kept / min(len(a), len(b))


def escalate_clauses(original: str, copy: str, findings: Sequence[Finding]) -> list[Finding]:
    """In a copy that keeps the original's wording, a whole clause appearing or vanishing is
    not rewording but a fact added or removed: such omission/addition findings become major."""
    out = list(findings)
    if not any(f.kind in ("omission", "addition") and f.severity != "major" for f in out):
        return out
    if kept_wording(original, copy) < NEAR_VERBATIM:
        return out
    for k, f in enumerate(out):
        if f.kind in ("omission", "addition") and f.severity != "major":
            words = [w for w in _WORD.findall(f.original or f.copy) if w.lower() not in _FUNCTION]
            if len(words) >= CLAUSE_WORDS:
                what = "dropped from" if f.kind == "omission" else "added to"
                out[k] = Finding(f.kind, "major", f.original, f.copy, f.original_span, f.copy_span,
                                 f"clause {what} an otherwise unchanged sentence")
    return out


def all_findings(original: str, copy: str, lm=None, nlp=None) -> list[Finding]:
    """Typed findings, clause escalation and garble, in reading order of the copy."""
    findings = escalate_clauses(original, copy, find_changes(original, copy))
    findings += detect_garble(original, copy, lm=lm, nlp=nlp)
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
    from .findings import word_diff

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
        self, config: JudgeConfig = JudgeConfig(), cache: Store | None = None, encoder=None, model: ScoreModel | None = None
    ) -> None:
        self.config = config
        self.cache = cache
        self._encoder = encoder
        self.model = model or load_score_model()

    def signature(self) -> str:
        return self.config.signature(self.model)

    # -- models ------------------------------------------------------------------------
    def _token_encoder(self):
        if self._encoder is None:
            from .embed import load_encoder

            self._encoder = load_encoder("drift")
        return self._encoder

    def _lm(self):
        if not self.config.use_lm:
            return None
        from .lm import load_language_model

        return load_language_model()

    def _nlp(self):
        if not self.config.use_nlp:
            return None
        from .nlp import load_spacy

        return load_spacy()

    # -- judging -----------------------------------------------------------------------
    def judge_many(self, items: Sequence[tuple[str, str, float | None]]) -> list[Judgement]:
        """Judge (original, copy, cosine) pairs, reusing cached judgements (keyed by signature,
        texts and cosine). A cosine of None is computed from the token states the judge runs
        anyway (their mean is the sentence embedding), so callers need no second model pass."""
        if not items:
            return []
        sig = self.signature()
        keys = [key_of(sig, o, c, "auto" if s is None else f"{s:.4f}") for o, c, s in items]
        found = self.cache.get_many(list(dict.fromkeys(keys))) if self.cache is not None else {}
        todo = list(dict.fromkeys(k for k in keys if k not in found))
        if todo:
            by_key = {k: it for k, it in zip(keys, items)}
            fresh = self._judge_batch([by_key[k] for k in todo])
            new = {k: judgement_to_json(j) for k, j in zip(todo, fresh)}
            if self.cache is not None:
                self.cache.put_many(new)
            found.update(new)
        return [judgement_from_json(found[k]) for k in keys]

    def judge(self, original: str, copy: str, cosine: float) -> Judgement:
        return self.judge_many([(original, copy, cosine)])[0]

    def _judge_batch(self, items: Sequence[tuple[str, str, float | None]]) -> list[Judgement]:
        out: list[Judgement | None] = [None] * len(items)
        work = []
        for k, (o, c, s) in enumerate(items):
            if normalise(o) == normalise(c):
                out[k] = Judgement("verbatim", "none", 0.0, (), {"cosine": 1.0 if s is None else round(float(s), 4)})
            else:
                work.append(k)
        matches = self._token_matches([items[k] for k in work]) if work else []
        lm, nlp = (self._lm(), self._nlp()) if work else (None, None)
        for k, (match, cos) in zip(work, matches):
            o, c, s = items[k]
            out[k] = self._decide(o, c, cos if s is None else s, match, lm, nlp)
        return out  # type: ignore[return-value]

    def _token_matches(self, items) -> list[tuple]:
        """(TokenMatch or None, cosine of the pooled token states or None) per pair."""
        if not self.config.use_tokens:
            if any(s is None for _, _, s in items):
                raise ValueError("a cosine must be given when the judge runs without token states")
            return [(None, None)] * len(items)
        import numpy as np

        from .semantics import match_tokens

        texts = list(dict.fromkeys(t for o, c, _ in items for t in (o, c)))
        states = dict(zip(texts, self._token_encoder().token_states(texts)))

        def pooled(t):  # mean over every token, [CLS]/[SEP] included: the sentence embedding
            v = states[t][2].mean(axis=0)
            return v / max(float(np.linalg.norm(v)), 1e-9)

        return [(match_tokens(states[o], states[c]), float(np.clip(pooled(o) @ pooled(c), -1.0, 1.0))) for o, c, _ in items]

    def _decide(self, original: str, copy: str, cosine: float, match, lm, nlp) -> Judgement:
        findings = all_findings(original, copy, lm, nlp)
        miss_o = match.missing_original if match else 0.0
        miss_c = match.missing_copy if match else 0.0
        x = features(cosine, miss_o, miss_c, findings)
        drift = round(self.model.score(x), 4)
        label, severity = self._label(original, copy, drift, findings)
        feats = {
            "cosine": round(float(cosine), 4),
            "missing_original": round(miss_o, 3),
            "missing_copy": round(miss_c, 3),
        }
        if match:
            feats["token_recall"] = round(match.recall, 4)
            feats["token_precision"] = round(match.precision, 4)
        return Judgement(label, severity, drift, tuple(findings), feats)

    def _label(self, original: str, copy: str, drift: float, findings: Sequence[Finding]) -> tuple[str, str]:
        worst = max((SEVERITY_RANK[f.severity] for f in findings), default=0)
        sev = {0: "none", 1: "minor", 2: "major"}
        if any(f.kind == "garble" for f in findings):
            return "garbled", sev[max(worst, 1)]
        meaning = [f for f in findings if f.kind not in STYLE_KINDS and f.severity != "none"]
        if any(f.severity == "major" for f in meaning) or drift >= self.model.major_threshold:
            return "drift", "major"
        if any(f.kind in DRIFT_KINDS for f in meaning) or drift >= self.model.drift_threshold:
            return "drift", "minor"
        if all(f.kind in STYLE_KINDS or f.kind == "date" for f in findings) and only_style_changes(
            original, copy, findings
        ):
            return "style", "minor" if any(f.kind in STYLE_KINDS and f.severity == "minor" for f in findings) else "none"
        return "paraphrase", "none"


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
