"""Scoring: the Llama forward pass in plain torch (`SmolLM`: RMSNorm, rotary position
embeddings, grouped-query attention, SiLU-gated MLP, tied embeddings) over the fused weights,
tokenisation with the `tokenizers` library, and each token's surprisal.
"""

from __future__ import annotations

import math
from typing import Sequence

import numpy as np

from ..errors import ModelError
from .weights import dense, fuse_tensors

LM_NAME = "SmolLM2-135M-Instruct-Q4_1"
MAX_TOKENS = 512  # longer texts are cut (surprisals are returned for the first MAX_TOKENS tokens)
# The document separator of SmolLM2's pre-training data. The GGUF's own "bos" is
# <|im_start|> (id 1), which after instruction tuning predicts a chat role name rather than
# the start of prose, so the first token is conditioned on <|endoftext|> instead.
PREFIX_TOKEN = "<|endoftext|>"

SurprisalRow = tuple[list[str], list[tuple[int, int]], np.ndarray]


def scoring_threads(probe_every: float = 30.0) -> int:
    """Threads for one scoring call (`drift.threads.compute_threads`: all cores if they
    actually help right now, else one). ``DRIFT_LM_THREADS`` overrides."""
    from ..threads import compute_threads

    return compute_threads(probe_every, env="DRIFT_LM_THREADS")


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


def mean_surprisal(row: SurprisalRow) -> float:
    s = row[2]
    return float(s.mean()) if len(s) else math.nan
