#!/usr/bin/env python3
"""Rebuild models/idf.json: inverse document frequency of MiniLM word pieces.

Counts, for every word piece of the all-MiniLM-L6-v2 tokenizer, how many sentences of a
news-English reference corpus contain it: OneStopEnglish (Guardian articles, CC BY-SA 4.0)
and GUM news (CC BY). Sentences are the "documents" because drift weighs tokens inside
one sentence pair. Deterministic: same corpus, same file.

usage: python models/build_idf.py [SHARED_EVAL_DIR]
"""

from __future__ import annotations

import collections
import json
import math
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from drift.embed import model_path  # noqa: E402
from drift.segment import split_sentences  # noqa: E402


def main() -> None:
    from tokenizers import Tokenizer

    eval_dir = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "eval"
    tok = Tokenizer.from_file(str(model_path() / "tokenizer.json"))
    tok.no_padding()
    tok.no_truncation()
    texts = [json.loads(l)["text"] for l in open(eval_dir / "onestopenglish" / "docs.jsonl", encoding="utf-8")]
    texts += [json.loads(l)["text"] for l in open(eval_dir / "gum_news_sbd" / "docs.jsonl", encoding="utf-8")]
    df: collections.Counter[str] = collections.Counter()
    n = 0
    for text in texts:
        for a, b in split_sentences(text):
            df.update(set(tok.encode(text[a:b].lower()).tokens))
            n += 1
    idf = {t: round(math.log((n + 1) / (c + 1)), 3) for t, c in sorted(df.items()) if c >= 2}
    out = {
        "source": "OneStopEnglish (CC BY-SA 4.0) + GUM news (CC BY) sentences, all-MiniLM-L6-v2 word pieces",
        "n_sentences": n,
        "default": round(math.log(n + 1), 3),
        "idf": idf,
    }
    (ROOT / "models" / "idf.json").write_text(json.dumps(out, ensure_ascii=False, separators=(",", ":")))
    print(f"{len(idf)} word pieces from {n} sentences -> models/idf.json")


if __name__ == "__main__":
    main()
