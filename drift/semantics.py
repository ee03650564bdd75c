"""Token-level meaning match between two passages (BERTScore-style, IDF-weighted).

Sentence cosine averages everything away; what an editor needs is how much of the
original's content found no counterpart in the copy (and the reverse). Each word piece's
contextual MiniLM vector is matched to its most similar piece on the other side; the
unmatched share (1 - best similarity), weighted by IDF so that "the" counts for little and
"incursion" for a lot, is summed, not averaged: a long sentence that loses a clause loses
more meaning than a short one that swaps a word.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

_PUNCT = frozenset(".,;:!?\"'“”‘’()[]-–—…/")


def models_dir() -> Path:
    env = os.environ.get("DRIFT_MODELS_DIR")
    return Path(env) if env else Path(__file__).resolve().parents[1] / "models"


@lru_cache(maxsize=1)
def load_idf() -> tuple[dict[str, float], float]:
    path = models_dir() / "idf.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    return data["idf"], float(data["default"])


@dataclass(frozen=True)
class TokenMatch:
    """Unmatched content mass on each side, and the worst-matched pieces' character spans."""

    missing_original: float  # IDF mass of original content with no counterpart in the copy
    missing_copy: float  # IDF mass of copy content with no counterpart in the original
    recall: float  # IDF-weighted mean best similarity of original pieces (BERTScore R)
    precision: float  # the same for copy pieces (BERTScore P)
    unmatched_original: tuple[tuple[int, int], ...]
    unmatched_copy: tuple[tuple[int, int], ...]


def _weights(tokens: list[str]) -> np.ndarray:
    idf, default = load_idf()
    return np.array([0.0 if t in _PUNCT else idf.get(t, default) for t in tokens], dtype=np.float32)


def match_tokens(original, copy, threshold: float = 0.5) -> TokenMatch:
    """Match two passages' token states.

    Args:
        original, copy: (tokens, char offsets, states (t, d)) as from
            `MiniLMEncoder.token_states`, including the [CLS]/[SEP] pieces.
        threshold: best similarity below which a piece is listed as unmatched.
    """
    to, oo, ho = original
    tc, oc, hc = copy
    to, oo, ho = to[1:-1], oo[1:-1], ho[1:-1]
    tc, oc, hc = tc[1:-1], oc[1:-1], hc[1:-1]
    if len(to) == 0 or len(tc) == 0:
        wo, wc = _weights(list(to)), _weights(list(tc))
        return TokenMatch(float(wo.sum()), float(wc.sum()), 0.0, 0.0, tuple(map(tuple, oo)), tuple(map(tuple, oc)))
    ho = ho / np.maximum(np.linalg.norm(ho, axis=1, keepdims=True), 1e-9)
    hc = hc / np.maximum(np.linalg.norm(hc, axis=1, keepdims=True), 1e-9)
    sim = ho @ hc.T
    best_o = np.clip(sim.max(axis=1), 0.0, 1.0)
    best_c = np.clip(sim.max(axis=0), 0.0, 1.0)
    wo, wc = _weights(list(to)), _weights(list(tc))
    recall = float((wo * best_o).sum() / wo.sum()) if wo.sum() else 1.0
    precision = float((wc * best_c).sum() / wc.sum()) if wc.sum() else 1.0
    return TokenMatch(
        float((wo * (1.0 - best_o)).sum()),
        float((wc * (1.0 - best_c)).sum()),
        recall,
        precision,
        tuple(tuple(oo[k]) for k in np.flatnonzero((best_o < threshold) & (wo > 0))),
        tuple(tuple(oc[k]) for k in np.flatnonzero((best_c < threshold) & (wc > 0))),
    )
