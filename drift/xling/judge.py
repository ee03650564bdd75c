"""The judge of a cross-language pair: typed findings (``xling.findings``) and the
cross-lingual embedding similarity decide label, severity and drift score.

Never used on an English pair, and never the English judge on a cross-language pair: its
token-level checks and learned pair model compare English words with English words.
"""

from __future__ import annotations

import math
from typing import Sequence

from ..calibration import load_calibration
from ..types import Finding, Judgement
from .findings import NOT_CHECKED, XLING_FINDINGS_NAME, cross_findings, shorter_findings

__all__ = ["XlingJudge"]

# Drift score: a logistic curve over the cosine of the unit (the cross-lingual encoders put
# faithful translations at 0.45-0.8), fitted by eye on xling_dev, placed on the English
# judge's scale (drift.calibration.Calibration.final): a major pair at or above its major
# floor, a minor finding at least at its drift threshold, a pair with no finding under it, and
# only a major pair at or above its line.
_MID, _SLOPE = 0.35, 12.0
_STYLE_KINDS = frozenset({"spelling"})


class XlingJudge:
    """Same interface as ``drift.judge.Judge`` (``judge_many``, ``judge``, ``signature``)."""

    def __init__(self, original_language: str, copy_language: str) -> None:
        self.original_language = original_language
        self.copy_language = copy_language

    def signature(self) -> str:
        from ..lang import LANGID_NAME
        from ..segment.lang import SEGMENT_LANG_NAME

        return (
            f"judge:xling@1({self.original_language}->{self.copy_language};{XLING_FINDINGS_NAME};"
            f"embedding+typed findings;not checked: {','.join(NOT_CHECKED)})|langid:{LANGID_NAME}"
            f"|seg-lang:{SEGMENT_LANG_NAME}|line:{load_calibration().line}"
        )

    def judge(self, original: str, copy: str, cosine: float) -> Judgement:
        return self.judge_many([(original, copy, cosine)])[0]

    def judge_many(self, items: Sequence[tuple[str, str, float | None]]) -> list[Judgement]:
        """Judge the aligned units of one document pair: ``items`` are all of them, as
        ``drift.compare`` hands them over (``drift.audit`` too: each cross-language pair has
        its own judge), since a unit's length is told against the document's other units."""
        shorter = shorter_findings([(o, c) for o, c, _ in items])
        return [self._decide(o, c, 0.5 if s is None else float(s), more)
                for (o, c, s), more in zip(items, shorter)]

    def _decide(self, original: str, copy: str, cosine: float, more: Sequence[Finding] = ()) -> Judgement:
        if " ".join(original.split()) == " ".join(copy.split()):
            # Two documents in one language other than English can share a sentence verbatim.
            return Judgement("verbatim", "none", 0.0, (), {"cross_language": False})
        findings = cross_findings(original, copy, self.original_language, self.copy_language) + list(more)
        base = 1.0 / (1.0 + math.exp(_SLOPE * (cosine - _MID)))
        label, severity = self._label(findings)
        drift = load_calibration().placed(base, severity)
        features = {"cross_language": True, "cosine": round(cosine, 4),
                    "not_checked": list(NOT_CHECKED)}
        return Judgement(label, severity, drift, tuple(findings), features)

    @staticmethod
    def _label(findings: Sequence[Finding]) -> tuple[str, str]:
        real = [f for f in findings if f.severity != "none"]
        if not real:
            return "paraphrase", "none"
        if all(f.kind in _STYLE_KINDS for f in real):
            return "style", "none" if all(f.severity == "none" for f in real) else "minor"
        worst = "major" if any(f.severity == "major" for f in real) else "minor"
        return "drift", worst
