"""Embeddings: the lean encoder equals sentence-transformers; the cache re-encodes nothing."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from drift.embed import CachedEmbedder, EmbeddingCache, HashEmbedder, text_key


class CountingEncoder:
    name = "counting"

    def __init__(self):
        self.calls = []
        self.inner = HashEmbedder()

    def encode(self, texts):
        self.calls.append(list(texts))
        return self.inner.encode(texts)


def test_cache_second_run_encodes_nothing(tmp_path):
    enc = CountingEncoder()
    texts = ["Kyiv was hit.", "Kharkiv too.", "Kyiv was hit."]
    first = CachedEmbedder(EmbeddingCache(tmp_path / "c.sqlite"), encoder_factory=lambda: enc)
    a = first.encode(texts)
    assert enc.calls == [["Kyiv was hit.", "Kharkiv too."]]  # duplicates encoded once
    # a new process would open a new cache object on the same file
    second = CachedEmbedder(EmbeddingCache(tmp_path / "c.sqlite"), encoder_factory=lambda: pytest.fail("loaded"))
    b = second.encode(texts)
    assert np.array_equal(a, b) and second.encoded == 0


def test_unwritable_cache_still_works(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    cache = EmbeddingCache(blocker / "sub" / "c.sqlite")  # parent is a file: cannot create
    assert not cache.persistent
    e = CachedEmbedder(cache, encoder_factory=HashEmbedder)
    assert e.encode(["a b"]).shape == (1, 256)


def test_key_depends_on_model_and_text():
    assert text_key("m1", "x") != text_key("m2", "x") != text_key("m1", "y")


def test_help_does_not_import_torch():
    code = "import sys, drift.cli; drift.cli.app(['--help'], standalone_mode=False); " \
           "print('torch' in sys.modules, 'sentence_transformers' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip().splitlines()[-1] == "False False"


@pytest.mark.slow
def test_lean_encoder_matches_sentence_transformers(encoder):
    from drift.embed import SentenceTransformersEncoder

    texts = ["Ukrainian President Volodymyr Zelenskyy said Tuesday that troops are pushing the war.",
             "close", "46º", "“There is only one conclusion — this war is internationalized.”"]
    ours = encoder.encode(texts)
    ref = SentenceTransformersEncoder().encode(texts)
    assert ours.shape == (4, 384)
    assert np.allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-5)
    assert (ours * ref).sum(1).min() > 0.9999
