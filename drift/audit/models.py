"""What every process (the main one, pool workers, Ray actors) builds for itself: the
embedder and the judge, from a small picklable `ModelSpec`, once per process."""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import UsageError

@dataclass(frozen=True)
class ModelSpec:
    """How to build the embedder and the judge; small and picklable, so workers build the same.

    ``embedder="minilm"``: all-MiniLM-L6-v2 through the on-disk cache (the CLI);
    ``"hash"``: the bag-of-words `HashEmbedder` (tests and logic benchmarks, no model).
    """

    embedder: str = "minilm"
    lm: bool = False
    tokens: bool = True
    nlp: bool = True

    def build(self):
        """(embedder, judge), built once per process."""
        got = _MODELS.get(self)
        if got is None:
            from ..embed import CachedEmbedder, HashEmbedder
            from ..judge import Judge, JudgeConfig, cached_judge

            config = JudgeConfig(use_tokens=self.tokens, use_lm=self.lm, use_nlp=self.nlp)
            if self.embedder == "minilm":
                got = (CachedEmbedder(), cached_judge(config))
            elif self.embedder == "hash":
                got = (HashEmbedder(), Judge(config))
            else:
                raise UsageError(f"unknown embedder {self.embedder!r}")
            _MODELS[self] = got
        return got

    def warm(self) -> None:
        """Load every model now (a worker pays its start-up cost before its first pair)."""
        embedder, judge = self.build()
        if self.embedder == "minilm" or self.tokens:
            from ..embed import load_encoder

            load_encoder()
        if self.nlp:
            from ..nlp import load_spacy

            load_spacy()
        if self.lm:
            judge._lm()


_MODELS: dict[ModelSpec, tuple] = {}


def compare_signature(spec: ModelSpec) -> str:
    from ..compare import CompareConfig, signature

    embedder, judge = spec.build()
    return signature(embedder.name, CompareConfig(), judge)


def trace_signature(spec: ModelSpec) -> str:
    from ..trace import SCHEMA, OriginWeights, TraceConfig

    embedder, _ = spec.build()
    return f"{SCHEMA}|embed:{embedder.name}|{TraceConfig().signature()}|{OriginWeights().signature()}"
