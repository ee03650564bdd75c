"""The language model's weights in memory and on disk: GGUF tensors read under transformers'
Llama names, quantised matrices kept as their GGUF blocks (`Quantised`, dequantised in torch
bit for bit as `gguf` does), the fused layout drift runs (q|k|v and gate|up as one matrix
each) and the safetensors form the cache stores.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from ..errors import ModelError


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
# The fused layout (drift's forward pass) and back (transformers' names)
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
