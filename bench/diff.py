"""Worst cases of the word diff and the typed findings inside drift's documented limits
(issue 15): one `score` pair side is up to 20 000 characters, a sentence up to 2 000.

    python bench/diff.py            # findings only (no model)
    python bench/diff.py --judge    # the whole judge too (loads MiniLM; LM off, as by default)

Prints seconds per pair; the goal is well under one second each.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from drift.findings import find_changes, word_diff  # noqa: E402


def _fill(unit: str, chars: int) -> str:
    return (unit * (chars // len(unit) + 1))[:chars].rstrip()


def _long_sentences(k: int, chars: int, seed: int) -> str:
    import random

    rng = random.Random(seed)
    words = "the council said on Tuesday that 500 new homes would be built in Kyiv and Kharkiv by 2026 officials".split()
    out = []
    for _ in range(k):
        s = " ".join(rng.choice(words) for _ in range(chars // 6))
        out.append(s[: chars - 1] + ".")
    return " ".join(out)


CASES = [
    ('"a" x 1 000 chars vs \'a\'', _fill('"a" ', 1000), _fill("'a' ", 1000)),
    ('"a" x 4 000 chars vs \'a\'', _fill('"a" ', 4000), _fill("'a' ", 4000)),
    ('"a" x 20 000 chars vs \'a\'', _fill('"a" ', 20000), _fill("'a' ", 20000)),
    ("Smith Jones x 20 000 vs Smyth Jones", _fill("Smith Jones ", 20000), _fill("Smyth Jones ", 20000)),
    ("a a a x 20 000 vs a b a", _fill("a ", 20000), _fill("a b ", 20000)),
    ("ten 2 000-char sentences, reworded", _long_sentences(10, 2000, 1), _long_sentences(10, 2000, 2)),
    ("one 2 000-char sentence, one word changed", _long_sentences(1, 2000, 3),
     _long_sentences(1, 2000, 3).replace(" 500 ", " 50 ", 1)),
]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--judge", action="store_true", help="also time the whole judge on each pair")
    args = ap.parse_args()
    judge = None
    if args.judge:
        from drift.judge import Judge, JudgeConfig

        judge = Judge(JudgeConfig())
        judge.judge_many([("Warm up the models.", "Warm the models up.", None)])
    print(f"{'case':44} {'diff s':>8} {'findings s':>10} {'n':>4}" + (f" {'judge s':>8}" if judge else ""))
    for name, o, c in CASES:
        t = time.perf_counter()
        word_diff(o, c)
        t_diff = time.perf_counter() - t
        t = time.perf_counter()
        found = find_changes(o, c)
        t_find = time.perf_counter() - t
        line = f"{name:44} {t_diff:8.3f} {t_find:10.3f} {len(found):4d}"
        if judge:
            t = time.perf_counter()
            judge.judge_many([(o, c, None)])
            line += f" {time.perf_counter() - t:8.3f}"
        print(line, flush=True)
    _throughput()


def _throughput() -> None:
    """find_changes on real MT output (WMT22 critical-error pairs): pairs per second."""
    import json

    path = Path(__file__).resolve().parents[2] / "shared" / "eval" / "wmt22_ced_pten"
    rows = [json.loads(line) for f in sorted(path.glob("*.jsonl")) for line in f.open(encoding="utf-8")]
    pairs = [(r["ref_en"], r["mt_en"]) for r in rows if r.get("ref_en") and r.get("mt_en")][:2000]
    if not pairs:
        return
    t = time.perf_counter()
    for o, c in pairs:
        find_changes(o, c)
    print(f"find_changes on {len(pairs)} WMT22 pairs: {len(pairs) / (time.perf_counter() - t):.0f} pairs/s")


if __name__ == "__main__":
    main()
