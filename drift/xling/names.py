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

import collections
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
# An "h" after d, t, g, b or r only marks the letter before it (Dhabi / Даби, Thani / Тані,
# Thomas / Томас); "qu" is /kw/ (Queens / Квінз).
_SUBS = (("shch", "s"), ("tsch", "c"), ("sch", "s"), ("tch", "c"), ("ch", "c"), ("sh", "s"), ("zh", "s"),
         ("kh", "k"), ("ts", "s"), ("tz", "s"), ("cz", "c"), ("ph", "f"), ("th", "t"), ("dh", "d"), ("gh", "g"),
         ("bh", "b"), ("rh", "r"), ("ck", "k"), ("qu", "kw"), ("w", "f"), ("v", "f"),
         ("q", "k"), ("x", "ks"), ("z", "s"), ("g", "k"), ("h", "k"), ("j", "i"), ("y", "i"), ("b", "p"),
         ("d", "t"))
_SOFT_C = re.compile(r"c(?=[eiy])")
_CYR_VOWELS = frozenset("аеёиоуыэюяєії")
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
    if word[:1] in "уУ" and word[1:2].lower() in _CYR_VOWELS:
        w = "w" + w[1:]  # English W is Cyrillic У before a vowel (Wales / Уэльс, Wasps / Уоспс)
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
    if a[0] != b[0] and a[0] in _VOWELS and b[0] in _VOWELS:
        # Initial vowels are spelt apart across scripts (Andrew / Эндрю, Elon / Ілон): the
        # rest must then agree without the one-letter slack.
        short, long_ = sorted((a[1:], b[1:]), key=len)
        return len(short) >= 2 and long_.startswith(short) and len(long_) - len(short) <= 2
    short, long_ = sorted((a, b), key=len)
    if len(short) >= 3 and long_.startswith(short) and len(long_) - len(short) <= 2:
        return True
    # One letter of slack, but not the first ("Ethereum" is not "kterému").
    return len(short) >= 4 and a[0] == b[0] and _distance(short, long_[: len(short) + 1]) <= 1


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
                # Cyrillic and Czech adjectives inflect at length (Європ-ейського, Polsk-ého).
                tail = 9 if len(form) >= 5 else 6
                while end < len(text) and text[end].isalpha() and not _cjk(form) and end - m.end() < tail:
                    end += 1
                if end < len(text) and text[end].isalpha() and not _cjk(form):
                    continue
                out.append((nid, form, st, (i, end)))
    # Where forms overlap ("Zelensky" inside "Zelenskyy"), the longest one is the word's; one
    # form may name two entries (英国: Britain, and England as Chinese usage has it).
    out.sort(key=lambda x: (x[3][0], -len(x[1])))
    kept: list = []
    for row in out:
        if kept and row[3][0] < kept[-1][3][1] and (row[1], row[3]) != (kept[-1][1], kept[-1][3]):
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
    Wood Woods Hill Hills Falls Springs Beach Canyon Desert Street Avenue Bridge Tower Palace Hall
    Isle Isles Highlands Lowlands Peninsula Soviet Commons Lords Operation Programme Program
    One Two Three Four Five Six Seven Eight Nine Ten Eleven Twelve Twenty Hundred Thousand
    First Second Third Fourth Fifth Sixth Seventh Eighth Ninth Tenth""".split()
)
# Nouns that head an organisation's, a programme's, an event's or a sea's name, which
# translators translate with the words around them ("Commons Foreign Affairs Committee" -> "Комітет
# закордонних справ Палати громад"). Added 2026-12 after reading the names missed on xling_dev.
_ORG_NOUNS = frozenset(
    """Government Parliament Congress Senate Church Army Navy Police Court Council Committee Ministry
    Department Office Party Union Nations Federation Foundation Agency Service Group Bureau Institute
    Association Organization Organisation Authority Commission Administration Force Forces Guard Fund
    Programme Program Operation Mission Initiative Project Agreement Accord Convention Treaty Charter
    Declaration Protocol Cabinet Command Corps Division Unit Brigade Regiment Fleet Commons Lords War
    Revolution Empire Board Society Movement Front Alliance Coalition Assembly Conference Summit
    Exchange Market Cooperation Security Affairs World Royal
    Sea Ocean Gulf Coast Island Islands Isles Channel Peninsula Strait Straits Bay Basin Mountain
    Mountains Valley Desert""".split()
)
_TITLE_SMALL = frozenset("the and for with from into over under of a an in on at to by".split())
_QUOTED_RE = re.compile(r"[\"“«„]([^\"“”«»„]{3,80})[\"”»“]")
_LETTER_HYPHEN = re.compile(r"^[^\W\d_]-")
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
        if _LETTER_HYPHEN.match(w):
            continue  # "T-shirt", "X-ray", "U-turn"
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
    # The apostrophe is a letter of Ukrainian words (Б'ют, п'ять), not a break.
    return [(m.group(), m.span()) for m in re.finditer(r"[^\W\d_]+(?:['’ʼ][^\W\d_]+)*", text)]


def _translated_spans(text: str) -> list[tuple[int, int]]:
    """Where ``text`` (English) has a name that translators translate rather than
    transliterate: a run of capitalised words with an organisation's or a sea's noun ("World
    Food Programme", "Commons Foreign Affairs Committee", "Department of Chemical Engineering",
    "Black Sea"), and a quoted title in Title Case ("Interview with the Vampire")."""
    out = []
    run: list[re.Match] = []
    for m in list(_CAP_RE.finditer(text)) + [None]:
        word = m and re.sub(r"['’]s$", "", m.group())
        gap = text[run[-1].end() : m.start()] if run and m is not None else ""
        joined = gap in (" ", "-") or gap in (" of ", " of the ") and any(_singular(r.group()) in _ORG_NOUNS for r in run)
        if m is not None and word[:1].isupper() and (not run or joined):
            run.append(m)
            continue
        if len(run) >= 2 and any(_singular(r.group()) in _ORG_NOUNS for r in run):
            out.append((run[0].start(), run[-1].end()))
        run = [m] if m is not None and word[:1].isupper() else []
    for q in _QUOTED_RE.finditer(text):
        if _title_case(q.group(1)) or len(q.group(1).split()) <= 6 and _title_words(q.group(1)):
            out.append(q.span(1))
    return out


def _parts(word: str) -> list[tuple[str, int]]:
    """The hyphen-separated parts of ``word`` with their offsets."""
    out, off = [], 0
    for part in word.split("-"):
        if part:
            out.append((part, off))
        off += len(part) + 1
    return out


def _singular(word: str) -> str:
    word = re.sub(r"['’]s$", "", word)
    return word[:-1] if word.endswith("s") and word[:-1] in _ORG_NOUNS else word


def _title_words(text: str) -> bool:
    """Every word of three letters or more capitalised (a short quoted title)."""
    words = [w for w in re.findall(r"[^\W\d_]+", text) if len(w) >= 3 and w.lower() not in _TITLE_SMALL]
    return len(words) >= 2 and all(w[0].isupper() for w in words)


def name_findings(original: str, copy: str, lo: str, lc: str) -> list[Finding]:
    out: list[Finding] = []
    o_table = [(nid, span) for nid, _, _, span in _table_forms(original, lo)]
    c_table = [(nid, span) for nid, _, _, span in _table_forms(copy, lc)]
    o_ids = {nid for nid, _ in o_table}
    # A known name is found as often as the copy names it ("Russia ... Russia's economy" ->
    # "Росії ... Новак" has lost one).
    c_left = collections.Counter(nid for nid, _ in c_table)
    copy_keys = [(name_key(w), w, span) for w, span in _tokens(copy)]
    if lc in _NAME_CAPITALS:
        # A key of one or two letters ("Tadhg" -> "tk") matches only a capitalised word
        # there, not any short word ("такі").
        copy_keys = [(k, w, span) for k, w, span in copy_keys if len(k) >= 3 or w[:1].isupper()]
    orig_keys = [(name_key(w), w, span) for w, span in _tokens(original)]
    translated = _translated_spans(original) if lo == "en" else []
    lost: list[tuple[str, tuple[int, int], bool]] = []
    # In a Title Case headline every word is capitalised: its lost "names" are minor at most.
    headline = _title_case(original)
    candidates = _names(original)
    seen = {span[0] for _, span in candidates}
    # Known names count wherever they stand (a sentence may start with one).
    candidates += [(original[s[0]:s[1]], s) for nid, s in o_table if s[0] not in seen]
    for w, span in sorted(candidates, key=lambda x: x[1]):
        nid = next((n for n, s in o_table if s[0] <= span[0] < s[1]), None)
        if nid is not None and c_left[nid] > 0:
            c_left[nid] -= 1
            continue
        if any(_same(name_key(part), k) for part in w.split("-") if part for k, _, _ in copy_keys):
            continue  # (a hyphenated name matches by any of its parts)
        if lc == "zh" and nid is None:
            out.append(Finding("name", "none", w, "", span, None, f"not checked: {w} (no Chinese form known)",
                               "xling.name_unchecked"))
            continue
        lost.append((w, span, any(a <= span[0] < b for a, b in translated)))
    # Names of the copy that match nothing in the original: where a name was changed.
    if lc in ("zh",):
        fresh = [(form, span) for nid, form, _, span in _table_forms(copy, lc) if nid not in o_ids]
    else:
        # A hyphenated name counts by its capitalised parts ("Jung-wookem": Jung is known;
        # "Новак-і-Б'ют": Б'ют is known, Новак is new).
        fresh = [
            (part, (span[0] + off, span[0] + off + len(part))) for w, span in _names(copy)
            for part, off in _parts(w) if part[:1].isupper() and len(part) >= 2
            and not any(_same(name_key(part), k) for k, _, _ in orig_keys)
            and not any(s[0] <= span[0] < s[1] for nid, s in c_table if nid in o_ids)
        ]
    for w, span, in_translated in lost:
        rel = span[0] / max(len(original), 1)
        cand = sorted(fresh, key=lambda x: abs(x[1][0] / max(len(copy), 1) - rel))
        # The copy's new name nearest in relative position (word order differs between
        # languages, so any place will do when it is the only one).
        if cand and (len(cand) == 1 or abs(cand[0][1][0] / max(len(copy), 1) - rel) <= 0.35):
            cw, cs = cand[0]
            fresh.remove(cand[0])
            # Major only where a capital marks a name (not German nouns) and the two names
            # share nothing: otherwise a translated or inflected name is the likelier story.
            # ... and where it is a clean swap: one name lost, one new name in its place,
            # and not a word of a name translators translate (an organisation, a title).
            strong = (lc in _NAME_CAPITALS or _cjk(cw)) and name_key(w)[:1] != name_key(cw)[:1] and \
                _distance(name_key(w), name_key(cw)) >= 2 and len(lost) == 1 and len(cand) == 1 and not headline \
                and not in_translated
            out.append(Finding("name", "major" if strong else "minor", w, cw, span, cs,
                               f"name changed: {w} -> {cw}" if strong else f"name {w} not found; {cw} instead?",
                               "xling.name_changed" if strong else "xling.name_replaced"))
        else:
            out.append(Finding("name", "minor", w, "", span, None, f"name {w} not found in the copy (translated or dropped?)",
                               "xling.name_dropped"))
    for form, span in russian_style(copy, lc):
        if not russian_style(original, lo):
            out.append(Finding("spelling", "minor", "", form, None, span, f"Russian-style spelling {form}",
                               "xling.russian_spelling"))
    return out
