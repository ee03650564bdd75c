#!/usr/bin/env python3
"""Build drift's table of word-class bigrams in fluent English (`drift/data/tag_bigrams.tsv`).

A word class is the lower-cased word for the closed-class words of `drift.garble.tags.FUNCTION_WORDS`
("the", "of", "is", "could", ...) and the spaCy fine tag (Penn) for every other token; "<s>" and
"</s>" mark the ends of a text. The table counts, for every pair of neighbouring classes, how
often it occurs in fluent edited English; `drift.garble.tags` flags a NEW pair in a copy that
this English almost never has ("the of", "is will", "to the of").

Text (training documents only; nothing the perturbation suite, the MQM development
subsample or the calibration rows are built from):
- GUM news (CC BY 4.0), every document;
- OneStopEnglish (CC BY-SA 4.0), all three levels of the topics that are neither held out
  (`build_pair_data.ose_heldout`) nor calibration topics;
- the English references (ref.A) of MQM zh-en news 2021 and TED 2021 (Apache-2.0), train
  segments only (not the 60 development segments, not the 10 % calibration segments). The
  second human translations (ref.B) are never read: they are the false-alarm test.

usage: .venv/bin/python models/build_tag_bigrams.py [--out drift/data/tag_bigrams.tsv]   (~3 min here)
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path
from typing import NamedTuple

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from build_pair_data import SHARED, h, ose_heldout  # noqa: E402

from drift.garble.tags import classes  # noqa: E402


class Tagged(NamedTuple):
    text: str
    tag: str


def texts() -> dict[str, list[str]]:
    out: dict[str, list[str]] = {"gum": [], "ose": [], "mqm": []}
    for line in open(SHARED / "gum_news_sbd/docs.jsonl", encoding="utf-8"):
        d = json.loads(line)
        out["gum"] += [p.strip() for p in d["text"].split("\n") if p.strip()]
    for line in open(SHARED / "onestopenglish/docs.jsonl", encoding="utf-8"):
        d = json.loads(line)
        if ose_heldout(d["topic"]) or h("osecal:" + d["topic"]) < 0.1:
            continue
        out["ose"] += [p.strip() for p in d["text"].lstrip("\ufeff").split("\n") if p.strip()]
    dev = {json.loads(l)["seg_id"] for l in open(SHARED / "mqm_zhen_news2021/pairs.subsample10.jsonl", encoding="utf-8")}
    seen = set()
    for name, src in (("mqm_zhen_news2021", "news"), ("mqm_zhen_ted2021", "ted")):
        for line in open(SHARED / name / "pairs.jsonl", encoding="utf-8"):
            r = json.loads(line)
            if (src == "news" and r["seg_id"] in dev) or h(f"{src}:{r['seg_id']}") < 0.10 or r["ref_en"] in seen:
                continue
            seen.add(r["ref_en"])
            out["mqm"].append(r["ref_en"])
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=Path, default=HERE.parent / "drift" / "data" / "tag_bigrams.tsv")
    args = ap.parse_args()
    from drift.nlp import load_spacy

    nlp = load_spacy()
    counts: Counter = Counter()
    tokens = 0
    for name, ts in texts().items():
        n0 = tokens
        for doc in nlp.pipe(ts, batch_size=64):
            cls = classes([Tagged(t.text, t.tag_) for t in doc if not t.is_space])
            tokens += len(cls) - 2
            counts.update(zip(cls, cls[1:]))
        print(f"{name}: {len(ts)} paragraphs, {tokens - n0} tokens", file=sys.stderr)
    with open(args.out, "w", encoding="utf-8") as fh:
        fh.write(f"# word-class bigrams of fluent English: models/build_tag_bigrams.py ({tokens} tokens)\n")
        for (a, b), n in sorted(counts.items()):
            fh.write(f"{a}\t{b}\t{n}\n")
    print(f"{len(counts)} bigrams, {tokens} tokens -> {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
