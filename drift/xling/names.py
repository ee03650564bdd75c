"""Proper names across languages and scripts.

``name_key`` turns a name in Latin or Cyrillic script into a consonant skeleton that
different romanisations share (Zelenskyy / Selenskyj / Зеленський / Зеленского all give
"slnsk..."; Kyiv / Kiew / Київ / Киев give "kv"); ``data/names.tsv`` joins what a key
cannot (Chinese forms, Russland, Moskau) and says which form is Russian-style.

The names of the original are its capitalised words that do not start a sentence and are
not titles, nationalities, months or other capitalised common words. A name with no
counterpart in the copy is a finding: major when the copy has, near the same place, a name
of its own that matches nothing in the original (the name was changed), minor otherwise
(translated, or dropped). In a Chinese copy a name without a table entry and without a
Latin form is "not checked".
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

from ..types import Finding

__all__ = ["name_findings", "name_key", "russian_style"]

_DATA = Path(__file__).resolve().parent / "data" / "names.tsv"

_CYR = dict(zip(
    "абвгґдеёжзиіїйклмнопрстуфхцчшщъыьэюяє",
    ["a", "b", "v", "g", "g", "d", "e", "e", "zh", "z", "i", "i", "i", "i", "k", "l", "m", "n", "o", "p",
     "r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "yu", "ya", "ye"],
))
# Romanisations differ in how they write one sound, and transliteration through another
# language shifts voiced/voiceless pairs: the key keeps one letter per class.
_SUBS = (("shch", "s"), ("tsch", "c"), ("sch", "s"), ("tch", "c"), ("ch", "c"), ("sh", "s"), ("zh", "s"),
         ("kh", "k"), ("ts", "s"), ("tz", "s"), ("cz", "c"), ("ph", "f"), ("ck", "k"), ("w", "f"), ("v", "f"),
         ("q", "k"), ("x", "ks"), ("z", "s"), ("g", "k"), ("h", "k"), ("j", "i"), ("y", "i"), ("b", "p"),
         ("d", "t"))
_SOFT_C = re.compile(r"c(?=[eiy])")
_VOWELS = frozenset("aeiou'’")


def _latin(word: str) -> str:
    w = word.lower().replace("дж", "j")
    w = "".join(_CYR.get(ch, ch) for ch in w)
    w = unicodedata.normalize("NFKD", w)
    return "".join(ch for ch in w if not unicodedata.combining(ch) and ch.isalpha())


@lru_cache(maxsize=8192)
def name_key(word: str) -> str:
    """Consonant skeleton of a Latin or Cyrillic name (first letter kept)."""
    w = _latin(word)
    if not w:
        return ""
    w = _SOFT_C.sub("s", w)  # Cyril, Francis
    for a, b in _SUBS:
        w = w.replace(a, b)
    w = w.replace("c", "k")
    out = [w[0]]
    for ch in w[1:]:
        if ch in _VOWELS or ch == out[-1]:
            continue
        out.append(ch)
    return "".join(out)


def _distance(a: str, b: str) -> int:
    from rapidfuzz.distance import Levenshtein

    return Levenshtein.distance(a, b)


def _same(a: str, b: str) -> bool:
    """Do two keys name the same thing (allowing a case ending of up to two consonants)?"""
    if not a or not b:
        return False
    if a == b:
        return True
    short, long_ = sorted((a, b), key=len)
    if len(short) >= 3 and long_.startswith(short) and len(long_) - len(short) <= 2:
        return True
    return len(short) >= 4 and _distance(short, long_[: len(short) + 1]) <= 1


@lru_cache(maxsize=1)
def _table() -> tuple[dict[str, list[tuple[str, str, str]]], dict[tuple[str, str], str]]:
    """id -> [(lang, form, style)], and (lang, form) -> style."""
    by_id: dict[str, list[tuple[str, str, str]]] = {}
    style: dict[tuple[str, str], str] = {}
    for line in _DATA.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        parts = (line.split("\t") + ["", "", "", ""])[:4]
        nid, lang, form, st = (p.strip() for p in parts)
        by_id.setdefault(nid, []).append((lang, form, st))
        style[(lang, form)] = st
    return by_id, style


def _table_forms(text: str, lang: str) -> list[tuple[str, str, str, tuple[int, int]]]:
    """(id, form, style, span) of the table's forms of ``lang`` found in ``text``."""
    by_id, _ = _table()
    out = []
    for nid, rows in by_id.items():
        for lg, form, st in rows:
            if lg != lang:
                continue
            for m in re.finditer(re.escape(form), text, flags=0 if _cjk(form) else re.IGNORECASE):
                i = m.start()
                if i > 0 and text[i - 1].isalpha() and not _cjk(form):
                    continue
                end = m.end()
                while end < len(text) and text[end].isalpha() and not _cjk(form) and end - m.end() < 6:
                    end += 1
                if end < len(text) and text[end].isalpha() and not _cjk(form):
                    continue
                out.append((nid, form, st, (i, end)))
    # Where forms overlap ("Zelensky" inside "Zelenskyy"), the longest one is the word's.
    out.sort(key=lambda x: (x[3][0], -len(x[1])))
    kept: list = []
    for row in out:
        if kept and row[3][0] < kept[-1][3][1]:
            continue
        kept.append(row)
    return kept


def _cjk(s: str) -> bool:
    return any("\u3400" <= ch <= "\u9fff" for ch in s)


def russian_style(text: str, lang: str) -> list[tuple[str, tuple[int, int]]]:
    """Russian-style forms in ``text`` (language ``lang``): (form, span)."""
    return [(text[span[0]:span[1]], span) for _, form, st, span in _table_forms(text, lang) if st == "russian"]


# Capitalised English words that are not names (or are translated, not transliterated).
_NOT_NAMES = frozenset(
    """I A The This That These Those It He She We They His Her Its Their Our My You Mr Mrs Ms Dr Sir Lady Lord
    President Prime Minister Ministers Chancellor King Queen Prince Princess Pope Saint St Secretary General Governor
    Mayor Senator Congressman Judge Justice Chief Officer Director Professor Captain Colonel Major Sergeant Chairman
    Government Parliament Congress Senate House Church Army Navy Police Court Council Committee Ministry Department
    Office Party Union Nations United States Kingdom Republic Federation Foundation Agency Service Company Group
    Christmas Easter New Year Years Day Eve Covid COVID Omicron Delta National International Federal Royal
    American British Russian Ukrainian Chinese German French European Western Eastern Northern Southern English
    Czech Irish Indian Iranian Israeli Palestinian Japanese Korean Spanish Italian Polish Dutch African Asian
    Muslim Christian Catholic Jewish Democrat Democrats Democratic Republican Republicans Conservative Labour
    January February March April May June July August September October November December
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday North South East West Central Global World Street
    Road Square Airport Station University College School Hospital Museum Centre Center Bank Stock Exchange
    Premier League Cup Championship Games Olympic Olympics Twitter Facebook Instagram Internet Age But And Or If
    When While After Before In On At For From With By As Of To Yes No Not So Also However According Meanwhile
    Mt Mount Lake River Fort Port Cape Bay Island Islands Valley Mountain Mountains Sea Ocean Gulf Coast Park
    Service Weather Bureau Institute Association Organization Organisation Authority Commission Administration
    Force Forces Guard Health Security Defence Defense Affairs Foreign Interior Education Trade Energy Finance
    Treasury News Times Post Daily Media Network Club Team Festival Award Prize Act Bill Law Treaty Agreement
    Summit Conference Assembly Board Society Movement Front Alliance Coalition Fund God Lord Jesus Forest
    Wood Woods Hill Hills Falls Springs Beach Canyon Desert Street Avenue Bridge Tower Palace Hall""".split()
)
# Demonyms and adjectives of place ("Libyan", "Chinese") are translated, not transliterated.
_DEMONYM = re.compile(r"(?:ian|yan|ean|ese|ish|ic)$")
# Adjectives that open an organisation's name in Russian, Ukrainian and Czech ("Национальная
# служба", "Národní"): capitalised, but no names.
_ADJ_ENDINGS = ("ая", "яя", "ое", "ее", "ые", "ых", "ного", "ной", "ному", "ні", "ній", "ná", "ní", "ých", "ého", "ém")
_CAP_RE = re.compile(r"(?<![\w'’-])[^\W\d_][\w'’-]*")
_SENT_START_RE = re.compile(r"(?:^|[.!?。！？:;]\s*[\"“„«'‘(]?|[\"“„«(]\s*)$")


def _names(text: str) -> list[tuple[str, tuple[int, int]]]:
    """Capitalised words of ``text`` that look like names (not at a sentence start)."""
    out = []
    for m in _CAP_RE.finditer(text):
        w = re.sub(r"['’]s$", "", m.group()).rstrip("'’-")
        if not w[:1].isupper() or len(w) < 2 or w in _NOT_NAMES or w.isupper() and len(w) <= 4:
            continue
        if _DEMONYM.search(w) or w.lower().endswith(_ADJ_ENDINGS):
            continue
        if _SENT_START_RE.search(text[max(0, m.start() - 4) : m.start()]):
            continue
        out.append((w, (m.start(), m.start() + len(w))))
    return out


# Languages that capitalise names but not common nouns.
_NAME_CAPITALS = frozenset({"en", "ru", "uk", "cs", "fr", "es", "it", "pt"})


def _title_case(text: str) -> bool:
    """A headline in Title Case: its capitals say nothing about names."""
    words = [w for w in re.findall(r"[^\W\d_]+", text) if len(w) > 3]
    return len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.6 * len(words)


def _tokens(text: str) -> list[tuple[str, tuple[int, int]]]:
    return [(m.group(), m.span()) for m in re.finditer(r"[^\W\d_]+", text)]


def name_findings(original: str, copy: str, lo: str, lc: str) -> list[Finding]:
    out: list[Finding] = []
    by_id, _ = _table()
    o_table = {nid: span for nid, _, _, span in _table_forms(original, lo)}
    c_table = {nid: span for nid, _, _, span in _table_forms(copy, lc)}
    copy_keys = [(name_key(w), w, span) for w, span in _tokens(copy)]
    orig_keys = [(name_key(w), w, span) for w, span in _tokens(original)]
    lost: list[tuple[str, tuple[int, int]]] = []
    # In a Title Case headline every word is capitalised: its lost "names" are minor at most.
    headline = _title_case(original)
    candidates = _names(original)
    seen = {span[0] for _, span in candidates}
    # Known names count wherever they stand (a sentence may start with one).
    candidates += [(original[s[0]:s[1]], s) for nid, s in o_table.items() if s[0] not in seen]
    for w, span in sorted(candidates, key=lambda x: x[1]):
        key = name_key(w)
        nid = next((n for n, s in o_table.items() if s[0] <= span[0] < s[1]), None)
        if nid is not None and nid in c_table:
            continue
        if any(_same(name_key(part), k) for part in w.split("-") if part for k, _, _ in copy_keys):
            continue  # (a hyphenated name matches by any of its parts)
        if lc == "zh" and nid is None:
            out.append(Finding("name", "none", w, "", span, None, f"not checked: {w} (no Chinese form known)"))
            continue
        lost.append((w, span))
    # Names of the copy that match nothing in the original: where a name was changed.
    if lc in ("zh",):
        fresh = [(form, span) for nid, form, _, span in _table_forms(copy, lc) if nid not in o_table]
    else:
        fresh = [
            (w, span) for w, span in _names(copy)
            if not any(_same(name_key(w), k) for k, _, _ in orig_keys)
            and not any(s[0] <= span[0] < s[1] for s in c_table.values() if _table_hit(copy, s, o_table, c_table))
        ]
    for w, span in lost:
        rel = span[0] / max(len(original), 1)
        cand = sorted(fresh, key=lambda x: abs(x[1][0] / max(len(copy), 1) - rel))
        # The copy's new name nearest in relative position (word order differs between
        # languages, so any place will do when it is the only one).
        if cand and (len(cand) == 1 or abs(cand[0][1][0] / max(len(copy), 1) - rel) <= 0.35):
            cw, cs = cand[0]
            fresh.remove(cand[0])
            # Major only where a capital marks a name (not German nouns) and the two names
            # share nothing: otherwise a translated or inflected name is the likelier story.
            # ... and where it is a clean swap: one name lost, one new name in its place.
            strong = (lc in _NAME_CAPITALS or _cjk(cw)) and name_key(w)[:1] != name_key(cw)[:1] and \
                _distance(name_key(w), name_key(cw)) >= 2 and len(lost) == 1 and len(cand) == 1 and not headline
            out.append(Finding("name", "major" if strong else "minor", w, cw, span, cs,
                               f"name changed: {w} -> {cw}" if strong else f"name {w} not found; {cw} instead?"))
        else:
            out.append(Finding("name", "minor", w, "", span, None, f"name {w} not found in the copy (translated or dropped?)"))
    for form, span in russian_style(copy, lc):
        if not russian_style(original, lo):
            out.append(Finding("spelling", "minor", "", form, None, span, f"Russian-style spelling {form}"))
    return out


def _table_hit(copy, span, o_table, c_table) -> bool:
    """Is the table form at ``span`` of the copy one the original also names?"""
    return any(s == span and nid in o_table for nid, s in c_table.items())
