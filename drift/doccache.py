"""Segmented documents cached by content hash: a re-run over a growing feed segments only the
new texts.

`compare.build_document` (language, sentences, page chrome) costs a few milliseconds per
article; over a 10 000-document feed that is minutes, every night, for texts that did not
change. The layout it computes (the document's language, every sentence's span, chrome mark
and own language) depends only on the text and on the code that computed it, so it is kept in
the drift cache (table ``documents``) under a key made of the text and a fingerprint of that
code (the source of the segmenter, the chrome rules and language identification): editing
any of them never reads a stale layout. The source label is not part of the key (it is put
back on the way out). A text over the sentence limit is not cached (its error names its source).
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Sequence

from .cache import Store, default_store, key_of
from .types import Document, Sentence

# Globs under drift/, so a module split into parts stays covered by every part.
_CODE = ("segment/*.py", "boilerplate/*.py", "lang.py", "compare.py", "io.py")


@lru_cache(maxsize=1)
def fingerprint() -> str:
    """Hash of the code that turns a text into a Document (and of the rules' names)."""
    from .boilerplate import BOILERPLATE_NAME
    from .lang import LANGID_NAME
    from .segment import SEGMENTER_NAME

    here = Path(__file__).resolve().parent
    parts = [SEGMENTER_NAME, BOILERPLATE_NAME, LANGID_NAME]
    for pattern in _CODE:
        for path in sorted(here.glob(pattern)) or [here / pattern]:
            try:
                parts.append(path.read_bytes().hex())
            except OSError:  # pragma: no cover - an installed package always has its modules
                parts.append(pattern)
    return key_of("documents", *parts)


def _encode(doc: Document) -> bytes:
    rows = [[s.start, s.end, int(s.boilerplate), s.language] if s.language else [s.start, s.end, int(s.boilerplate)]
            for s in doc.sentences]
    return json.dumps({"l": doc.language, "s": rows}, separators=(",", ":")).encode()


def _decode(source: str, text: str, blob: bytes) -> Document:
    d = json.loads(blob)
    sents = tuple(Sentence(k, text[r[0] : r[1]], r[0], r[1], bool(r[2]), r[3] if len(r) > 3 else None)
                  for k, r in enumerate(d["s"]))
    return Document(source, text, sents, d["l"])


class DocumentCache:
    """`build_document` through the cache; ``store=None``: the default cache file."""

    def __init__(self, store: Store | None = None) -> None:
        self.store = store if store is not None else default_store("documents")
        self.built = 0  # documents actually segmented (the rest came from the cache)

    def build_many(self, items: Sequence[tuple[str, str]], max_sentences: int | None = None) -> list:
        """A Document, or the `InputError` build_document raised, per (source, text)."""
        from .compare import build_document
        from .errors import InputError
        from .io import MAX_SENTENCES

        limit = MAX_SENTENCES if max_sentences is None else max_sentences
        fp = fingerprint()
        keys = [key_of(fp, str(limit), text) for _, text in items]
        found = self.store.get_many(list(dict.fromkeys(keys)))
        out: list = []
        new: dict[str, bytes] = {}
        for (source, text), k in zip(items, keys):
            blob = found.get(k) or new.get(k)
            if blob is not None:
                out.append(_decode(source, text, blob))
                continue
            try:
                doc = build_document(source, text, limit)
            except InputError as exc:
                out.append(exc)
                continue
            self.built += 1
            new[k] = _encode(doc)
            out.append(doc)
            if len(new) >= 500:
                self.store.put_many(new)
                found.update(new)
                new = {}
        self.store.put_many(new)
        return out
