"""Shared fixtures: an isolated embedding cache, one real model per session, shared/ paths."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEEDS = ROOT / "seeds"

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


@pytest.fixture(autouse=True, scope="session")
def _isolated_cache(tmp_path_factory):
    # Tests never read or write the user's caches, and never write into the repository: the
    # result cache and the derived model files (the language model's dequantised weights,
    # built in ~30 s by the few tests that use it) live in the session's temporary folder.
    # A DRIFT_MODEL_CACHE set outside the repository is kept (CI may keep one between runs).
    os.environ["DRIFT_CACHE_DIR"] = str(tmp_path_factory.mktemp("drift-cache"))
    models = os.environ.get("DRIFT_MODEL_CACHE")
    if not models or Path(models).resolve().is_relative_to(ROOT):
        os.environ["DRIFT_MODEL_CACHE"] = str(tmp_path_factory.mktemp("drift-models"))


@pytest.fixture(scope="session")
def encoder():
    """The real MiniLM encoder, loaded once for the whole session."""
    from drift.embed import load_encoder

    return load_encoder()


@pytest.fixture(scope="session")
def embedder(encoder, tmp_path_factory):
    from drift.embed import CachedEmbedder, EmbeddingCache

    cache = EmbeddingCache(tmp_path_factory.mktemp("emb") / "e.sqlite")
    return CachedEmbedder(cache, encoder_factory=lambda: encoder)


def shared_path(*parts: str) -> Path:
    p = SHARED.joinpath(*parts)
    if not p.exists():
        pytest.skip(f"{p} not available (shared/ is beside the repository in CI)")
    return p


def project_script(rel: str):
    """A project script (models/, bench/) loaded as a module; skipped where only the wheel is
    installed."""
    import importlib.util

    path = ROOT / rel
    if not path.is_file():
        pytest.skip(f"{rel} is not beside the package (installed wheel)")
    spec = importlib.util.spec_from_file_location(path.stem, path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


SEED_PAIRS = [
    ("000_120bd2b153926def", "001_5661abd0d4910d65", "000-vs-001"),
    ("003_8c60dce76ff90822", "002_81a412d12f6b9c31", "003-vs-002"),
]


@pytest.fixture(scope="session")
def nlp():
    """The tagger the judge uses, loaded once for the session (skipped where it is missing)."""
    from drift.errors import ModelError
    from drift.nlp import load_spacy

    try:
        return load_spacy()
    except ModelError as exc:
        pytest.skip(str(exc))
