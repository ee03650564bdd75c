#!/usr/bin/env python3
"""Build drift's table of singular nouns and their determiners (`drift/data/noun_determiners.tsv`).

For every singular common noun (spaCy fine tag NN) that heads its noun phrase in fluent edited
English, count how often the phrase has a determiner ("the plane", "their small plane",
"Korea's economy", "two-year plan") and how often it is bare ("by plane", "in case", "went
home"); `drift.garble.articles` (which also defines head, premodifier and determiner) reads the
table to tell a noun that nearly always takes a determiner, so that a copy dropping it before
the same noun as the original is evidence of MT-style garble.

Text: exactly the fluent training text of the word-class bigram table
(`models/build_tag_bigrams.py`: GUM news, OneStopEnglish training topics, MQM ref.A of train
segments); see the data card `models/noun_determiners.card.md`. Nouns seen fewer than
`--min-count` times are left out (they are never judged: `articles.MIN_SEEN`).

usage: .venv/bin/python models/build_noun_determiners.py [--out drift/data/noun_determiners.tsv]   (~30 s here)
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from build_tag_bigrams import Tagged, texts  # noqa: E402

from drift.garble.articles import MIN_SEEN, NOUN_TAGS, is_singular_head, phrase_start  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=Path, default=HERE.parent / "drift" / "data" / "noun_determiners.tsv")
    ap.add_argument("--min-count", type=int, default=MIN_SEEN)
    args = ap.parse_args()
    from drift.nlp import load_spacy

    nlp = load_spacy()
    det: Counter = Counter()
    bare: Counter = Counter()
    seen: Counter = Counter()  # any common noun, singular or plural
    of_after: Counter = Counter()
    heads = 0
    for name, ts in texts().items():
        n0 = heads
        for doc in nlp.pipe(ts, batch_size=64):
            toks = [Tagged(t.text, t.tag_) for t in doc if not t.is_space]
            for k in range(len(toks)):
                if toks[k].tag in NOUN_TAGS:
                    seen[toks[k].text.lower()] += 1
                    if k + 1 < len(toks) and toks[k + 1].text.lower() == "of":
                        of_after[toks[k].text.lower()] += 1
                if is_singular_head(toks, k):
                    w = toks[k].text.lower()
                    (det if phrase_start(toks, k)[1] >= 0 else bare)[w] += 1
                    heads += 1
        print(f"{name}: {len(ts)} paragraphs, {heads - n0} singular head nouns", file=sys.stderr)
    keep = sorted(w for w in seen if seen[w] >= args.min_count and w[:1].isalpha())  # ("%" is tagged NN)
    with open(args.out, "w", encoding="utf-8") as fh:
        fh.write("# common nouns (NN, NNS) seen >= %d times: word, as a singular head with a determiner, as a singular "
                 "head bare, times seen, times followed by 'of': models/build_noun_determiners.py (%d heads)\n" % (args.min_count, heads))
        for w in keep:
            fh.write(f"{w}\t{det[w]}\t{bare[w]}\t{seen[w]}\t{of_after[w]}\n")
    print(f"{len(keep)} nouns of {len(seen)}, {heads} singular heads -> {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
