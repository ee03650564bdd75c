"""The judge's calibration: how the pair model's outputs and the typed findings become one
drift score and a verdict (`drift/data/judge.json`, fitted by `models/calibrate_judge.py`),
and the groups of typed findings each with its own bar of model support."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache

from .cache import key_of
from .types import Finding

# Typed findings fall in four groups by how precise their rules are; the model needs less
# evidence to confirm a more precise one (Calibration.confirm_for, one threshold a group):
# - fact: numbers, dates, negation, roles (names that changed places or roles), certainty
#   (an expectation, hedge, modal strength or tense that changed), claims (a word traded for
#   another step of its scale: charged -> convicted);
# - garble: broken language by part-of-speech patterns and word-class pairs;
# - quote: quoted words (an English copy must keep them verbatim);
# - other: names, omissions, additions, attribution.
FACT_KINDS = frozenset({"number", "date", "negation", "role", "certainty", "claim"})
GROUPS = ("fact", "garble", "quote", "other")


def kind_group(kind: str) -> str:
    return "fact" if kind in FACT_KINDS else kind if kind in ("garble", "quote") else "other"


# What the drift score ranks on (Calibration.rank): all grow with the change.
RANK_FEATURES = ("score", "major_mass", "fluency_mass", "max_dropped", "changed")


def confirm_kind(f: Finding) -> str:
    """The kind whose threshold confirms ``f``: an item dropped from or added to a list in a
    copy that keeps the original's wording is a fact of what the sentence covers, a rule as
    precise as a changed number (on all MQM pairs it fires on 1 of 1,110 human
    re-translations), so it is confirmed like one."""
    from .findings.omissions import LIST_ITEM_ADDED, LIST_ITEM_DROPPED

    return "claim" if f.rule in (LIST_ITEM_DROPPED, LIST_ITEM_ADDED) else f.kind


@dataclass(frozen=True)
class Calibration:
    """How the pair model's outputs become one drift score and a verdict (drift/data/judge.json).

    ``s = clip(sum of rank weight * feature, 0, 1)`` ranks pairs by how far the meaning moved:
    a linear ranker over `rank_features` (the pair score, the copy's mass of tokens tagged a
    major meaning error and of tokens tagged broken, the strongest dropped-content signal on
    the original, the share of words changed, and a constant), fitted with non-negative
    weights on the calibration rows, so every signal of change can only raise the score. A
    pair is major when P(major) >= ``major_p`` or a typed major finding is confirmed by the
    model (P(major) on its span >= the threshold of its kind group). The drift score is the
    ranker's ``s`` with two guarantees that tie it to the verdict: a major pair scores
    ``max(s + major_boost, minor)``, so it never scores below a faithful paraphrase (a pair
    with ``s < minor`` and no typed change), and any other pair scores under ``line``, so
    ``drift >= line`` is always major. Inside those bounds the score follows the ranker, not
    the verdict: a major change the model finds slight (one changed figure in a kept
    sentence) scores under a heavily reworded minor one, as MQM raters weigh them. Putting
    every major pair above every other instead (``line + (1 - line) * s``) ranked the
    held-out MQM copies worse (Pearson 0.38 against 0.47, Kendall tau 0.351 against 0.367).
    A pair is at least minor drift when ``s >= minor``.
    """

    version: str
    rank: tuple[tuple[str, float], ...]  # (feature of RANK_FEATURES or "bias", weight)
    major_p: float
    minor: float
    confirm: float
    line: float = 0.9
    model: str = "none"
    confirm_fact: float | None = None  # the confirm threshold for FACT_KINDS (None: confirm)
    confirm_garble: float | None = None  # ... for garble findings
    confirm_quote: float | None = None  # ... for quote findings
    # In a close copy (kept_wording >= close) a typed finding is a clean substitution inside
    # otherwise unchanged wording, and the rules are precise there: one threshold, usually
    # lower, for every group. None: close copies are confirmed like any other.
    close: float | None = None
    confirm_close: float | None = None
    confirm_close_fact: float | None = None  # ... for FACT_KINDS in a close copy (None: confirm_close)
    major_boost: float = 0.0  # what a major verdict adds to the ranker's s

    def confirm_for(self, kind: str, kept: float = 0.0) -> float:
        if self.close is not None and self.confirm_close is not None and kept >= self.close:
            if kind_group(kind) == "fact" and self.confirm_close_fact is not None:
                return self.confirm_close_fact
            if kind_group(kind) == "garble" and self.confirm_close_fact is not None:
                # broken words where the rest of the sentence is kept ("of of", "the Bond its
                # series") are seen by the word rules as exactly as a changed number; the
                # model rarely tags them itself
                return self.confirm_close_fact
            return self.confirm_close
        got = {"fact": self.confirm_fact, "garble": self.confirm_garble, "quote": self.confirm_quote}.get(kind_group(kind))
        return self.confirm if got is None else got

    @property
    def major_threshold(self) -> float:
        """The drift score at or above which a pair is always major."""
        return self.line

    @property
    def major_floor(self) -> float:
        """The lowest drift score of a major pair: above every faithful paraphrase."""
        return self.minor

    @property
    def drift_threshold(self) -> float:
        """The drift score at or above which the ranker alone calls a pair drift."""
        return self.minor

    def rank_score(self, features: dict[str, float]) -> float:
        return min(1.0, max(0.0, sum(w * (1.0 if f == "bias" else features[f]) for f, w in self.rank)))

    def final(self, s: float, major: bool) -> float:
        if major:
            floor = round(self.minor, 4)
            if floor < self.minor:  # four decimals, rounded up: a major pair never under the bound
                floor = round(floor + 1e-4, 4)
            return min(1.0, max(round(s + self.major_boost, 4), floor))
        return round(min(s, self.line - 1e-4), 4)

    def placed(self, s: float, severity: str) -> float:
        """`final` for a verdict that ``s`` did not decide (a cross-language pair's findings
        decide it): a minor verdict scores at least the drift threshold and one with no finding
        under it, where an English pair's label puts them."""
        drift = self.final(s, severity == "major")
        if severity == "minor":
            return max(drift, self.drift_threshold)
        if severity == "none":
            return min(drift, round(self.drift_threshold - 1e-4, 4))
        return drift


def data_dir():
    from pathlib import Path

    return Path(__file__).resolve().parent / "data"


@lru_cache(maxsize=1)
def load_calibration() -> Calibration:
    from .errors import ModelError

    path = data_dir() / "judge.json"
    try:
        raw = path.read_bytes()
        data = json.loads(raw)
        version = f"{data['version']}#{key_of(raw.decode('utf-8'))[:8]}"
        rank = tuple((str(f), float(w)) for f, w in data["rank"].items())
        cal = Calibration(version, rank, data["major_p"], data["minor"], data["confirm"],
                          data.get("line", Calibration.line), data.get("model", "none"), data.get("confirm_fact"),
                          data.get("confirm_garble"), data.get("confirm_quote"), data.get("close"),
                          data.get("confirm_close"), data.get("confirm_close_fact"), data.get("major_boost", 0.0))
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise ModelError(f"the judge calibration {path} is missing or broken ({exc!r}): reinstall drift") from exc
    unknown = [f for f, _ in rank if f != "bias" and f not in RANK_FEATURES]
    if unknown:
        raise ModelError(f"the judge calibration {path} ranks on unknown features {unknown}: reinstall drift")
    return cal
