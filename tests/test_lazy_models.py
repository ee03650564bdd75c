"""Models load lazily, once, and only when needed: a fully cached `compare` imports neither
torch nor spaCy; the tagger loads in the background beside the encoders (drift.nlp.preload)
and a failure there is raised where the tagger is needed."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from drift.embed import CachedEmbedder, EmbeddingCache, HashEmbedder
from drift.errors import ModelError

ORIGINAL = "The council approved the budget on Monday. It will cost 40 million dollars. Work starts in May."
COPY = "The council approved the budget on Tuesday. It will cost 14 million dollars. Work starts in May."

RUN = """
import sys, threading, drift.cli
try:
    drift.cli.app(["compare", sys.argv[1], sys.argv[2], "--format", "json", "-o", sys.argv[3]], standalone_mode=False)
except SystemExit:
    pass
print("torch" in sys.modules, "spacy" in sys.modules, any(t.name == "drift-spacy-preload" for t in threading.enumerate()))
"""


@pytest.mark.slow
def test_a_fully_cached_compare_loads_no_model(tmp_path):
    (tmp_path / "o.txt").write_text(ORIGINAL)
    (tmp_path / "c.txt").write_text(COPY)
    env = dict(os.environ, DRIFT_CACHE_DIR=str(tmp_path / "cache"))
    args = [sys.executable, "-c", RUN, str(tmp_path / "o.txt"), str(tmp_path / "c.txt")]
    cold = subprocess.run(args + [str(tmp_path / "a.json")], env=env, capture_output=True, text=True, check=True)
    warm = subprocess.run(args + [str(tmp_path / "b.json")], env=env, capture_output=True, text=True, check=True)
    assert cold.stdout.split()[:2] == ["True", "True"], cold.stderr
    assert warm.stdout.split() == ["False", "False", "False"], warm.stderr
    assert (tmp_path / "a.json").read_text() == (tmp_path / "b.json").read_text()


def test_will_encode_only_what_is_not_cached(tmp_path):
    e = CachedEmbedder(EmbeddingCache(tmp_path / "c.sqlite"), encoder_factory=HashEmbedder)
    assert e.will_encode(["a b", "c d"]) and not e.will_encode([])
    e.encode(["a b"])
    assert e.will_encode(["a b", "c d"]) and not e.will_encode(["a b", "a b"])


@pytest.fixture
def fresh_nlp(monkeypatch):
    from drift import nlp

    monkeypatch.setattr(nlp, "_PRELOADING", [])
    nlp._load_spacy.cache_clear()
    yield nlp
    for t in nlp._PRELOADING:
        t.join()
    nlp._load_spacy.cache_clear()


@pytest.mark.slow
def test_preload_loads_the_tagger_once_in_the_background(fresh_nlp):
    from drift import threads

    fresh_nlp.preload()
    fresh_nlp.preload()  # a second call while it loads starts nothing
    assert len(fresh_nlp._PRELOADING) == 1
    loader = fresh_nlp._PRELOADING[0]
    got = fresh_nlp.load_spacy()  # waits for the loader instead of loading again
    loader.join()
    assert got is fresh_nlp.load_spacy() and fresh_nlp._load_spacy.cache_info().misses == 1
    assert threads._BUSY[0] == 0, "the loader no longer counts as busy"
    assert [t.tag_ for t in got("The council met.")][:2] == ["DT", "NN"]


def test_a_failed_preload_is_raised_where_the_tagger_is_needed(fresh_nlp, monkeypatch):
    monkeypatch.setattr(fresh_nlp, "SPACY_MODEL", "no_such_spacy_model_xyz")
    fresh_nlp.preload()
    fresh_nlp._PRELOADING[0].join()
    with pytest.raises(ModelError, match="no_such_spacy_model_xyz"):
        fresh_nlp.load_spacy()
