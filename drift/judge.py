"""The meaning judge: one aligned pair of passages in, a label, severity, drift score and
typed findings out.

Embedding cosine alone cannot tell harmless rewording from falsification, so the label
is decided by the typed findings (numbers, dates, names, negation, quotes, attribution,
omissions, garble) first and by similarity only after them.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from dataclasses import dataclass
from typing import Sequence

from .cache import Store, default_store, key_of
from .findings import FINDINGS_NAME, find_changes
from .types import SEVERITY_RANK, Finding, Judgement

JUDGE_NAME = "drift-judge@1"

# Typographic variants that never change meaning.
_TYPO = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-", "…": "...", "\u00a0": " "})
_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Text up to typography and whitespace (the `verbatim` equivalence)."""
    t = unicodedata.normalize("NFKC", text).translate(_TYPO)
    return _SPACE.sub(" ", t).strip()


# Kinds whose findings, when they are the only differences, make a pair `style`.
STYLE_KINDS = frozenset({"spelling"})
# Kinds that on their own make a pair `drift` even at minor severity.
DRIFT_KINDS = frozenset({"number", "date", "name", "negation", "quote", "omission", "addition", "attribution"})


@dataclass(frozen=True)
class JudgeConfig:
    """Thresholds; recorded in the report signature."""

    drift_cosine: float = 0.80  # below this, a pair with no typed finding is still `drift`
    paraphrase_cosine: float = 0.97  # at or above this with only style findings: `style`

    def signature(self) -> str:
        return f"judge:{JUDGE_NAME}|{FINDINGS_NAME}|dcos:{self.drift_cosine}|scos:{self.paraphrase_cosine}"


class Judge:
    """Judges aligned pairs. Holds no model by default; cheap to construct."""

    def __init__(self, config: JudgeConfig = JudgeConfig(), cache: Store | None = None) -> None:
        self.config = config
        self.cache = cache

    def signature(self) -> str:
        return self.config.signature()

    def judge_many(self, items: Sequence[tuple[str, str, float]]) -> list[Judgement]:
        """Judge pairs, reusing cached judgements (keyed by signature, texts and cosine)."""
        if self.cache is None:
            return [self.judge(o, c, s) for o, c, s in items]
        sig = self.signature()
        keys = [key_of(sig, o, c, f"{s:.4f}") for o, c, s in items]
        found = self.cache.get_many(list(dict.fromkeys(keys)))
        out, new = [], {}
        for k, (o, c, s) in zip(keys, items):
            if k in found:
                out.append(judgement_from_json(found[k]))
            else:
                jd = self.judge(o, c, s)
                new[k] = found[k] = judgement_to_json(jd)
                out.append(jd)
        self.cache.put_many(new)
        return out

    def judge(self, original: str, copy: str, cosine: float) -> Judgement:
        if normalise(original) == normalise(copy):
            return Judgement("verbatim", "none", 0.0, (), {"cosine": cosine})
        findings = tuple(find_changes(original, copy))
        worst = max((SEVERITY_RANK[f.severity] for f in findings), default=0)
        kinds = {f.kind for f in findings if f.severity != "none"}
        feats = {"cosine": round(float(cosine), 4), "n_findings": len(findings)}
        garble = [f for f in findings if f.kind == "garble"]
        if garble:
            label = "garbled"
        elif worst == 2 or kinds & DRIFT_KINDS or cosine < self.config.drift_cosine:
            label = "drift"
        elif kinds <= STYLE_KINDS and cosine >= self.config.paraphrase_cosine:
            label = "style"
        else:
            label = "paraphrase"
        if label in ("drift", "garbled"):
            severity = "major" if worst == 2 else "minor"
        else:
            severity = "minor" if worst >= 1 and label == "style" else "none"
        return Judgement(label, severity, _drift_score(cosine, findings), findings, feats)


def _drift_score(cosine: float, findings: Sequence[Finding]) -> float:
    """Provisional score in [0, 1]: semantic distance raised by the typed findings."""
    z = -4.0 + 12.0 * (1.0 - cosine)
    for f in findings:
        z += {"none": 0.0, "minor": 0.8, "major": 3.0}[f.severity] * (0.3 if f.kind in STYLE_KINDS else 1.0)
    return round(1.0 / (1.0 + math.exp(-z)), 4)


def judgement_to_json(j: Judgement) -> bytes:
    return json.dumps(
        {
            "label": j.label, "severity": j.severity, "drift": j.drift, "features": j.features,
            "findings": [
                [f.kind, f.severity, f.original, f.copy, f.original_span, f.copy_span, f.message] for f in j.findings
            ],
        },
        ensure_ascii=False,
    ).encode("utf-8", "surrogatepass")


def judgement_from_json(data: bytes) -> Judgement:
    d = json.loads(data.decode("utf-8", "surrogatepass"))
    findings = tuple(
        Finding(k, sev, o, c, tuple(os_) if os_ else None, tuple(cs) if cs else None, msg)
        for k, sev, o, c, os_, cs, msg in d["findings"]
    )
    return Judgement(d["label"], d["severity"], d["drift"], findings, d["features"])


def cached_judge(config: JudgeConfig = JudgeConfig()) -> Judge:
    """A judge whose verdicts persist in the drift cache (a warm run loads no model)."""
    return Judge(config, default_store("judgements"))
