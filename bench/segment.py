"""Benchmark drift.segment: accuracy on the shared evaluation sets and speed.

Usage: python bench/segment.py   (from the repository root)

Prints boundary P/R/F1 on GUM news, the pySBD golden-rule pass count, the
seed gold-sentence match rate, boundary F1 per language on xling_dev, and the time to
segment 1 MB of text.
"""

from __future__ import annotations

import json
import re
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from drift.segment import SEGMENTER_NAME, split_sentences  # noqa: E402

SHARED = REPO / ".." / "shared"
MEGABYTE = 1_000_000


def read_jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def gum() -> None:
    path = SHARED / "eval" / "gum_news_sbd" / "docs.jsonl"
    if not path.exists():
        print(f"GUM: {path} missing")
        return
    true_pos = false_pos = false_neg = 0
    for doc in read_jsonl(path):
        gold = {end for _, end in doc["spans"]}
        predicted = {end for _, end in split_sentences(doc["text"])}
        true_pos += len(gold & predicted)
        false_pos += len(predicted - gold)
        false_neg += len(gold - predicted)
    precision = true_pos / (true_pos + false_pos)
    recall = true_pos / (true_pos + false_neg)
    f1 = 2 * precision * recall / (precision + recall)
    print(f"GUM news boundary  P={precision:.4f} R={recall:.4f} F1={f1:.4f}")


def golden_rules() -> None:
    path = SHARED / "eval" / "pysbd_golden_rules_en" / "rules.jsonl"
    if not path.exists():
        print(f"golden rules: {path} missing")
        return
    rules = read_jsonl(path)
    failed = []
    for rule in rules:
        text = rule["text"]
        got = [text[s:e].strip() for s, e in split_sentences(text)]
        if got != [s.strip() for s in rule["expected"]]:
            failed.append(rule["rule"])
    print(f"pySBD golden rules {len(rules) - len(failed)}/{len(rules)}  failing: {failed or 'none'}")


def seed_gold() -> None:
    gold_dir = SHARED / "gold"
    if not gold_dir.exists():
        print(f"seed gold: {gold_dir} missing")
        return
    total = matched = 0
    for pair in ("000-vs-001", "003-vs-002"):
        gold = json.loads((gold_dir / f"{pair}.json").read_text(encoding="utf-8"))
        for side in ("original", "copy"):
            text = (REPO / "seeds" / gold[side]).read_text(encoding="utf-8")
            ours = {text[s:e] for s, e in split_sentences(text)}
            for item in gold["items"]:
                for sentence in item[side]:
                    if re.search(r"[^\W_]", sentence):
                        total += 1
                        matched += sentence in ours
    print(f"seed gold sentences {matched}/{total} exact")


def xling_dev() -> None:
    """Boundary F1 per language against the gold segments of xling_dev (WMT22 news, human
    translations): a segment end is a boundary; a few gold segments hold two sentences or
    end without punctuation, so 1.0 is out of reach."""
    path = SHARED / "eval" / "xling_dev" / "docs.jsonl"
    if not path.exists():
        print(f"xling_dev: {path} missing")
        return
    stats: dict[str, list[int]] = {}
    for d in read_jsonl(path):
        gold = {e for _, e in d["spans"][:-1]}
        pred = {e for _, e in split_sentences(d["text"], d["lang"])[:-1]}
        st = stats.setdefault(d["lang"], [0, 0, 0])
        st[0] += len(gold & pred)
        st[1] += len(pred - gold)
        st[2] += len(gold - pred)
    print("xling_dev boundary F1 " + "  ".join(
        f"{lang} {2 * tp / (2 * tp + fp + fn):.3f}" for lang, (tp, fp, fn) in stats.items()))


def timed(text: str) -> float:
    best = float("inf")
    for _ in range(3):
        started = time.process_time()
        split_sentences(text)
        best = min(best, time.process_time() - started)
    return best


def speed() -> None:
    seeds = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted((REPO / "seeds").glob("*.txt")))
    news = (seeds + "\n\n") * (MEGABYTE // (len(seeds) + 2) + 1)
    inputs = {
        "1 MB news (seeds repeated)": news,
        "1 MB 'a'": "a" * MEGABYTE,
        "1 MB '.'": "." * MEGABYTE,
        "1 MB '. '": ". " * (MEGABYTE // 2),
        "1 MB 'Word. ' (166k sentences)": "Word. " * (MEGABYTE // 6),
    }
    for name, text in inputs.items():
        print(f"{name:32s} {timed(text) * 1000:7.0f} ms CPU")


if __name__ == "__main__":
    print(SEGMENTER_NAME)
    gum()
    golden_rules()
    seed_gold()
    xling_dev()
    speed()
