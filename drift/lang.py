"""Language identification for documents and, where a document mixes languages, sentences.

``detect_language(text)`` returns an ISO 639-1 code (``"en"``, ``"de"``, ``"zh"`` ...) or
None when the text is too short or too uncertain to say. English is recognised first by a
cheap test in pure Python (Latin script and the commonest English function words), so the
English-only path imports nothing new; anything else goes to py3langid (a naive Bayes
model over byte n-grams that ships inside its wheel, ~1.5 s to load, then ~0.3 ms a
sentence). ``SUPPORTED`` are the languages whose copies drift checks fact by fact;
another identified language is still aligned (by multilingual embeddings) but its
findings are "not checked". ``script_profile`` says which writing systems a text uses,
and whether any of it is written right to left.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from functools import lru_cache

__all__ = [
    "LANGID_NAME",
    "SUPPORTED",
    "LanguageGuess",
    "ScriptProfile",
    "detect_language",
    "guess_language",
    "language_name",
    "language_notes",
    "language_note",
    "mark_sentence_languages",
    "script_profile",
    "sentence_languages",
]

#: Recorded in signatures; bump the suffix when the decision rules change.
LANGID_NAME = "py3langid-0.4.0+en-fast@1"

SUPPORTED = ("en", "de", "fr", "es", "it", "pt", "ru", "uk", "cs", "zh")
_NAMES = {
    "en": "English", "de": "German", "fr": "French", "es": "Spanish", "it": "Italian",
    "pt": "Portuguese", "ru": "Russian", "uk": "Ukrainian", "cs": "Czech", "zh": "Chinese",
    "ar": "Arabic", "he": "Hebrew", "fa": "Persian", "ur": "Urdu", "ja": "Japanese", "ko": "Korean",
    "pl": "Polish", "sk": "Slovak", "bg": "Bulgarian", "nl": "Dutch", "tr": "Turkish",
}
# py3langid labels folded into the language drift treats them as.
_FOLD = {"wuu": "zh", "yue": "zh", "gan": "zh", "hak": "zh", "nan": "zh", "cmn": "zh"}

_MIN_LETTERS = 12  # fewer letters: no guess
_MIN_CONFIDENCE = 0.80  # below: the language is unknown (None)

# The English fast path: these words make up ~25 % of running English news text and are
# rare (or absent) in the other Latin-script languages drift reads.
_EN_WORDS = frozenset(
    "the of and to in is was that for on with as by at from has have are were it its "
    "be been said says this which who will would their they he she not but".split()
)
_WORD_RE = re.compile(r"[^\W\d_]+")
# The commonest function words of the other Latin-script languages (none of them English
# words): a German text quoting an English sentence is not English.
_OTHER_WORDS = frozenset(
    "der das und ist nicht eine mit von zu den dem des sich auf für auch wird "
    "le les et est une du dans pour qui pas sur au aux "
    "el los las y una del por con para su al "
    "il della che è per sono nel alla dei delle "
    "os da do em uma não com dos das na no "
    "je se na že ve jako pro jsou by".split()
)


def language_name(code: str | None) -> str:
    return _NAMES.get(code or "", code or "unknown")


@dataclass(frozen=True, slots=True)
class LanguageGuess:
    """A language (None: unknown) with the identifier's confidence in [0, 1]."""

    code: str | None
    confidence: float

    @property
    def supported(self) -> bool:
        return self.code in SUPPORTED


@dataclass(frozen=True, slots=True)
class ScriptProfile:
    """Share of the letters of a text in each writing system, largest first (a Han, kana or
    Hangul character counts as three letters)."""

    shares: tuple[tuple[str, float], ...]

    @property
    def main(self) -> str | None:
        return self.shares[0][0] if self.shares else None

    @property
    def rtl(self) -> bool:
        """Does a right-to-left script make up a tenth of the letters or more?"""
        return any(s in _RTL_SCRIPTS and share >= 0.10 for s, share in self.shares)

    @property
    def mixed(self) -> bool:
        """Two scripts with at least a fifth of the letters each (not Latin names in CJK)."""
        return len([1 for _, share in self.shares if share >= 0.20]) >= 2


_RTL_SCRIPTS = frozenset({"Arabic", "Hebrew", "Syriac", "Thaana"})
_SYLLABIC = frozenset({"Han", "Kana", "Hangul"})
_SCRIPT_RANGES = (  # (first, last, script) for the blocks that matter here
    (0x0041, 0x024F, "Latin"), (0x0370, 0x03FF, "Greek"), (0x0400, 0x052F, "Cyrillic"),
    (0x0590, 0x05FF, "Hebrew"), (0x0600, 0x06FF, "Arabic"), (0x0700, 0x074F, "Syriac"),
    (0x0750, 0x077F, "Arabic"), (0x0780, 0x07BF, "Thaana"), (0x0900, 0x0DFF, "Indic"),
    (0x0E00, 0x0E7F, "Thai"), (0x1100, 0x11FF, "Hangul"), (0x1E00, 0x1EFF, "Latin"),
    (0x3040, 0x30FF, "Kana"), (0x3400, 0x4DBF, "Han"), (0x4E00, 0x9FFF, "Han"),
    (0xAC00, 0xD7AF, "Hangul"), (0xF900, 0xFAFF, "Han"), (0xFB1D, 0xFB4F, "Hebrew"),
    (0xFB50, 0xFDFF, "Arabic"), (0xFE70, 0xFEFF, "Arabic"), (0x20000, 0x2FA1F, "Han"),
)


def _script(ch: str) -> str:
    cp = ord(ch)
    for lo, hi, name in _SCRIPT_RANGES:
        if lo <= cp <= hi:
            return name
    return "Other"


def script_profile(text: str, limit: int = 20_000) -> ScriptProfile:
    """Writing systems of the letters in (the first ``limit`` characters of) ``text``."""
    counts: dict[str, int] = {}
    for ch in text[:limit]:
        if ch.isalpha():
            if ch < "\u0250":  # Latin fast path
                counts["Latin"] = counts.get("Latin", 0) + 1
            else:
                s = _script(ch)
                # A Han, kana or Hangul character carries about a word: weigh it like three letters.
                counts[s] = counts.get(s, 0) + (3 if s in _SYLLABIC else 1)
    total = sum(counts.values())
    if not total:
        return ScriptProfile(())
    shares = sorted(((s, n / total) for s, n in counts.items()), key=lambda x: -x[1])
    return ScriptProfile(tuple((s, round(v, 4)) for s, v in shares))


def _looks_english(text: str) -> bool:
    """Latin script and English function words: English without loading any model."""
    words = _WORD_RE.findall(text[:20_000])
    if len(words) < 4:
        return False
    ascii_words = sum(1 for w in words if w.isascii())
    if ascii_words < 0.9 * len(words):
        return False
    lower = [w.lower() for w in words]
    common = sum(1 for w in lower if w in _EN_WORDS)
    other = sum(1 for w in lower if w in _OTHER_WORDS)
    return common >= max(2, 0.12 * len(words)) and other * 4 < common


_LOCK = threading.Lock()


@lru_cache(maxsize=1)
def _identifier():
    """py3langid's model (loaded once per process)."""
    from .errors import ModelError

    with _LOCK:
        try:
            from py3langid.langid import LanguageIdentifier
        except ImportError as exc:
            raise ModelError(
                "language identification needs py3langid: run `pip install py3langid==0.4.0`"
            ) from exc
        ptc, pc, classes, nextmove, row, output = _langid_model()
        return LanguageIdentifier(ptc, pc, classes, nextmove, output, norm_probs=True, tk_row=row)


def _langid_model():
    """py3langid's model arrays. The wheel ships them LZMA-compressed (0.5-1.5 s to unpack);
    the unpacked .npz is kept as a derived model file in DRIFT_MODEL_CACHE (0.05 s)."""
    import os

    import numpy as np
    from py3langid.langid import MODEL_DIR, MODEL_FILE
    from py3langid.modelio import _to_array, load_model

    from .cache import model_cache_dir

    path = model_cache_dir() / "py3langid-0.4.0-model.npz"
    if path.is_file():
        try:
            with np.load(path, allow_pickle=False) as d:
                return (d["ptc"], d["pc"], d["classes"].tolist(), _to_array(d["nextmove"]),
                        _to_array(d["nextmove_row"]), d["out_feat"].tolist())
        except Exception:  # noqa: BLE001 - a damaged cache file is rebuilt
            pass
    ptc, pc, classes, nextmove, row, output = load_model(MODEL_DIR / MODEL_FILE)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.stem}.{os.getpid()}.tmp.npz")
        np.savez(tmp, ptc=ptc, pc=pc, classes=np.array(classes), nextmove=np.asarray(nextmove),
                 nextmove_row=np.asarray(row), out_feat=np.asarray(output, dtype=np.int32))
        tmp.replace(path)
    except OSError:
        pass
    return ptc, pc, classes, nextmove, row, output


def guess_language(text: str, min_confidence: float = _MIN_CONFIDENCE) -> LanguageGuess:
    """The language of ``text`` and how sure the guess is (code None: too short or unsure)."""
    letters = sum(1 for ch in text[:2000] if ch.isalpha())
    if letters < _MIN_LETTERS and not any("\u3400" <= ch <= "\u9fff" for ch in text[:200]):
        return LanguageGuess(None, 0.0)
    if _looks_english(text):
        return LanguageGuess("en", 1.0)
    ranked = _identifier().rank(text[:5000])
    merged: dict[str, float] = {}
    for code, p in ranked[:8]:
        code = _FOLD.get(code, code)
        merged[code] = merged.get(code, 0.0) + float(p)
    code, p = max(merged.items(), key=lambda kv: kv[1])
    if p < min_confidence:
        return LanguageGuess(None, round(p, 4))
    return LanguageGuess(code, round(p, 4))


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the text's language, or None when it cannot be told."""
    return guess_language(text).code


def sentence_languages(doc_language: str | None, sentences: list[str]) -> list[str | None]:
    """Per-sentence language where a sentence plainly differs from its document's.

    Returns one entry per sentence: a code for a sentence (of 40 letters or more) in
    another language than ``doc_language`` with confidence >= 0.95, else None (the
    document's language). In an English document only sentences in another script are
    looked at, so English never loads the identifier.
    """
    out: list[str | None] = []
    for s in sentences:
        if sum(1 for ch in s if ch.isalpha()) < 40:
            out.append(None)
            continue
        if doc_language == "en" and (_looks_english(s) or script_profile(s).main == "Latin"):
            out.append(None)  # English documents: only a sentence in another script is checked
            continue
        g = guess_language(s, 0.95)
        out.append(g.code if g.code and g.code != doc_language else None)
    return out


def mark_sentence_languages(doc_language: str | None, sentences):
    """The sentences (``drift.types.Sentence``) with ``language`` set on those that plainly
    differ from the document's language (see ``sentence_languages``)."""
    from dataclasses import replace

    langs = sentence_languages(doc_language, [s.text for s in sentences])
    if not any(langs):
        return tuple(sentences)
    return tuple(replace(s, language=code) if code else s for s, code in zip(sentences, langs))


def language_note(code: str | None) -> str:
    """" (German)" for a document in another language than English; "" otherwise (reports)."""
    return f" ({language_name(code)})" if code and code != "en" else ""


def language_notes(original, copy) -> list[str]:
    """What a report must say about the languages of its two documents (``Document``s):
    a cross-language comparison and what it does not check, a language not identified or
    not supported, right-to-left text, mixed scripts. Empty for two English documents."""
    notes: list[str] = []
    lo, lc = original.language, copy.language
    if (lo or "en") != (lc or "en"):
        notes.append(
            f"cross-language comparison ({language_name(lo)} -> {language_name(lc)}): sentences aligned by "
            "multilingual embeddings; numbers, dates, names, negation and quotes compared across languages, "
            "a sentence much shorter than the rest of the translation flagged as possibly incomplete; "
            "garbled language, attribution and which clause was omitted not checked"
        )
    for doc in (original, copy):
        code = doc.language
        profile = script_profile(doc.text)
        if code is None and profile.main not in (None, "Latin"):
            # (Latin-script text without a language is compared as English, as always.)
            notes.append(f"{doc.source}: the language could not be identified; compared as English")
        elif code is not None and code not in SUPPORTED:
            notes.append(
                f"{doc.source}: {language_name(code)} is not among the languages drift checks fact by fact "
                f"({', '.join(SUPPORTED)}); aligned by multilingual embeddings, only numbers and quotes compared"
            )
        if profile.rtl:
            notes.append(f"{doc.source}: right-to-left text ({profile.main}); offsets are in logical (reading) order")
        if profile.mixed:
            scripts = ", ".join(s for s, share in profile.shares if share >= 0.2)
            notes.append(f"{doc.source}: mixes scripts ({scripts}); sentences in another language are marked")
    return notes
