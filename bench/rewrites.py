#!/usr/bin/env python3
"""False alarms on real human rewrites: OneStopEnglish, each Guardian article rewritten by
professional editors at three levels (`adv` ≈ the original, `int`, `ele` simplified).

For every topic, drift's compare pipeline runs in-process (segment, embed, align, judge with
the real models) on adv → int (and adv → ele with --ele), and the aligned 1:1 pairs are
counted: the share labelled major (drift or garbled, severity major), the share labelled drift
minor, and the kinds of the findings behind the majors. An editor's rewrite CAN change a fact
(a number rounded, a qualifier dropped), so a major here is not by itself a false alarm: the
flagged pairs are for reading (--dump FILE writes them as JSONL).

Topics held out from the pair model's training (`models/build_pair_data.py: ose_heldout`) are
reported first; the other topics were only sources of synthetic perturbations, never pairs,
and are reported separately (--all-topics).

usage: python bench/rewrites.py [--limit N] [--ele] [--all-topics] [--dump FILE] [--cache DIR]
  --limit N     the first N topics of each group (sorted by name)
  --cache DIR   keep sentence vectors and pair-model predictions there between runs (the
                rules are always re-run); default: a temporary directory
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import re
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT.parent / "shared" / "eval" / "onestopenglish" / "docs.jsonl"
sys.path.insert(0, str(ROOT / "models"))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


class CachedPredictions:
    """The pair model behind a pickle of its predictions by (original, copy)."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.known = pickle.loads(path.read_bytes()) if path and path.exists() else {}
        self._model = None

    def predict(self, pairs):
        todo = [p for p in dict.fromkeys(pairs) if p not in self.known]
        if todo:
            if self._model is None:
                from drift.pairmodel import load_pair_model

                self._model = load_pair_model()
            self.known.update(zip(todo, self._model.predict(todo)))
            if self.path:
                self.path.write_bytes(pickle.dumps(self.known))
        return [self.known[p] for p in pairs]


def load_docs() -> dict[str, dict[str, str]]:
    by_topic: dict[str, dict[str, str]] = {}
    for line in open(DOCS, encoding="utf-8"):
        d = json.loads(line)
        by_topic.setdefault(d["topic"], {})[d["level"]] = d["text"].lstrip("\ufeff")
    return by_topic


def is_major(j) -> bool:
    return j.label in ("drift", "garbled") and j.severity == "major"


def run_group(name, topics, docs, levels, embedder, judge, dump) -> None:
    from drift.compare import build_document, finish_comparison, prepare_comparison

    for lo, hi in levels:
        t0 = time.perf_counter()
        pending = []
        for t in topics:
            o = build_document(f"{t}-{lo}", docs[t][lo])
            c = build_document(f"{t}-{hi}", docs[t][hi])
            pending.append((t, prepare_comparison(o, c, embedder, judge)))
        items = [it for _, p in pending for it in p.items]
        judged = judge.judge_many(items)
        k = 0
        pairs = []  # (topic, original, copy, judgement) of 1:1 units
        for t, p in pending:
            rep = finish_comparison(p, judged[k : k + len(p.items)])
            k += len(p.items)
            for v in rep.verdicts:
                a = v.alignment
                if len(a.original) == 1 and len(a.copy) == 1:
                    pairs.append((t, p.original.sentences[a.original[0]].text, p.copy.sentences[a.copy[0]].text, v.judgement))
        n = len(pairs)
        changed = [x for x in pairs if x[3].label != "verbatim"]
        major = [x for x in pairs if is_major(x[3])]
        minor = [x for x in pairs if x[3].label == "drift" and x[3].severity == "minor"]
        labels = Counter(x[3].label for x in pairs)
        kinds = Counter()
        for x in major:
            got = {f.kind for f in x[3].findings if f.severity == "major"}
            for kind in got or {"(model: P(major))"}:
                kinds[kind] += 1
        pct = lambda m: f"{100 * m / max(n, 1):.1f} %"
        print(f"\n{name}: {len(topics)} topics, {lo} → {hi} ({time.perf_counter() - t0:.0f} s)")
        print(f"  aligned 1:1 pairs      {n}  (changed, not verbatim: {len(changed)})")
        print(f"  flagged major          {len(major)}  ({pct(len(major))} of pairs; {100 * len(major) / max(len(changed), 1):.1f} % of changed)")
        print(f"  drift minor            {len(minor)}  ({pct(len(minor))})")
        print(f"  labels                 {dict(sorted(labels.items()))}")
        print(f"  major findings' kinds  {dict(kinds.most_common())}  (a pair counts once per kind)")
        if dump is not None:
            for t, o, c, j in major:
                dump.write(json.dumps({
                    "group": name, "levels": f"{lo}-{hi}", "topic": t, "original": o, "copy": c,
                    "label": j.label, "p_major": j.features.get("p_major"),
                    "findings": [[f.kind, f.severity, f.message] for f in j.findings if f.severity != "none"],
                }, ensure_ascii=False) + "\n")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--limit", type=int, default=0, help="the first N topics of each group")
    ap.add_argument("--ele", action="store_true", help="also adv → ele")
    ap.add_argument("--all-topics", action="store_true", help="also the topics used for synthetic perturbations")
    ap.add_argument("--dump", type=Path, help="write the flagged-major pairs here (JSONL)")
    ap.add_argument("--cache", type=Path, help="keep vectors and pair-model predictions here between runs")
    args = ap.parse_args()

    from build_pair_data import ose_heldout

    from drift.cache import Store
    from drift.calibration import load_calibration
    from drift.embed import CachedEmbedder
    from drift.judge import JUDGE_NAME, Judge, JudgeConfig

    tmp = None
    if args.cache is None:
        tmp = tempfile.TemporaryDirectory()
        cache = Path(tmp.name)
    else:
        cache = args.cache
        cache.mkdir(parents=True, exist_ok=True)
    embedder = CachedEmbedder(Store(cache / "vectors.sqlite", "embeddings"))
    # predictions hold for one model and one way of reading its input (drift.transit: the
    # judge's version names it): a cache of another is not read
    tag = re.sub(r"[^\w.@-]", "_", f"{load_calibration().model}-{JUDGE_NAME}")
    judge = Judge(JudgeConfig(), None, pair_model=CachedPredictions(cache / f"predictions-{tag}.pkl"))
    print(f"signature: {judge.signature()}")

    docs = load_docs()
    topics = sorted(t for t, d in docs.items() if {"adv", "int", "ele"} <= d.keys())
    held = [t for t in topics if ose_heldout(t)]
    rest = [t for t in topics if not ose_heldout(t)]
    if args.limit:
        held, rest = held[: args.limit], rest[: args.limit]
    levels = [("adv", "int")] + ([("adv", "ele")] if args.ele else [])
    dump = open(args.dump, "w", encoding="utf-8") if args.dump else None
    try:
        run_group("held-out topics", held, docs, levels, embedder, judge, dump)
        if args.all_topics:
            run_group("perturbation-source topics (never pairs)", rest, docs, levels, embedder, judge, dump)
    finally:
        if dump:
            dump.close()
        if tmp:
            tmp.cleanup()


if __name__ == "__main__":
    main()
