"""Spelling variants of one name: another romanisation (Zelenskyy/Zelensky, Kharkiv/Kharkov),
an exonym or house style from drift/data/exonyms.tsv (Kyiv/Kiev), a demonym (Russia/Russian),
a compass noun and its adjective (Northwest/Northwestern); and the key a name is compared by."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from rapidfuzz.distance import Levenshtein

from .tokens import _TYPO, _strip_accents

_EXONYMS_PATH = Path(__file__).resolve().parent.parent / "data" / "exonyms.tsv"

_POSSESSIVE = re.compile(r"(?:['’]s|['’])$")


@lru_cache(maxsize=1 << 16)
def _name_key(token: str) -> str:
    t = _POSSESSIVE.sub("", token) if len(token) > 2 else token
    return _strip_accents(t.translate(_TYPO)).casefold().replace(".", "")


@lru_cache(maxsize=1 << 16)
def romanisation_key(word: str) -> str:
    """Spelling-insensitive key: Zelenskyy/Zelensky/Zelenskiy, Ihor/Igor, Kharkiv/Kharkov ...

    Lowercase, strip diacritics, then collapse the usual transliteration choices:
    kh->h, h->g (Ukrainian г), ck->k, ph->f, w->v, q->k, y/j->i, double letters->single,
    and drop a trailing -i/-y/-iy/-yy ending.
    """
    s = re.sub(r"[^a-z]", "", _strip_accents(word).casefold())
    for a, b in (("sch", "sh"), ("kh", "h"), ("ck", "k"), ("ph", "f"), ("w", "v"), ("q", "k"), ("x", "ks")):
        s = s.replace(a, b)
    s = s.replace("j", "i").replace("y", "i")
    s = re.sub(r"(?<![csztg])h", "g", s)
    s = re.sub(r"(.)\1+", r"\1", s)
    s = re.sub(r"(?<=[^aeiou])re$", "er", s).replace("our", "or")  # Centre/Center, Harbour/Harbor
    if len(s) > 4 and s.endswith("i"):
        s = s[:-1]
    return s


def _skeleton(key: str) -> str:
    return re.sub(r"(.)\1+", r"\1", key[:1] + re.sub(r"[aeiou]", "", key[1:]))


_PLACE_ENDINGS = ("", "e", "a", "ia", "ain")  # Russia, Ukraine, Korea, Britain ...
_PEOPLE_ENDINGS = ("n", "an", "ian", "ean", "ese", "i", "ish", "ic", "ans", "ns")  # -n, -ian, -ese, -ish


def _demonym_related(a: str, b: str) -> bool:
    """Russia/Russian, Ukraine/Ukrainian, Korea/Korean, China/Chinese, Britain/British.

    A shared stem of 4+ letters, one side ending like a place, the other like its people
    (never two places: Niger/Nigeria, Austria/Australia stay different).
    """
    p = 0
    while p < min(len(a), len(b)) and a[p] == b[p]:
        p += 1
    if p < 4:
        return False
    ra, rb = a[p:], b[p:]
    return (ra in _PLACE_ENDINGS and rb in _PEOPLE_ENDINGS) or (rb in _PLACE_ENDINGS and ra in _PEOPLE_ENDINGS)


@lru_cache(maxsize=1 << 16)
def is_spelling_variant(a: str, b: str) -> str | None:
    """'table', 'rule' or 'demonym' when ``a`` and ``b`` name the same thing, else None.

    The rule: equal romanisation keys, or equal consonant skeletons with at most a few
    edits that touch only the vowels i/e/o (Kyiv/Kiev, Kharkiv/Kharkov, Lviv/Lvov) --
    strict enough that Iran/Iraq, Mali/Mila, Israel/India stay different names.
    """
    ka, kb = _name_key(a), _name_key(b)
    if ka == kb:
        return "same"
    if len(ka) > 3 and len(kb) > 3 and ka.rstrip("s") == kb.rstrip("s"):
        return "demonym"  # Koreans / Korean
    if kb in _exonyms().get(ka, {}):
        return "table"
    ra, rb = romanisation_key(ka), romanisation_key(kb)
    if len(ra) >= 3 and ra == rb:
        return "rule"
    if min(len(ka), len(kb)) >= 5 and ka.replace("ao", "au") == kb.replace("ao", "au"):
        return "rule"  # Portuguese / Wade-Giles ao for English au, rest equal: Macao/Macau
    if _compass_related(ka, kb):
        return "rule"
    if len(ra) >= 3 and len(rb) >= 3 and _skeleton(ra) == _skeleton(rb):
        ops = Levenshtein.editops(ra, rb)
        budget = max(1, min(len(ra), len(rb)) // 4)
        touched = {ra[op.src_pos] for op in ops if op.tag != "insert" and op.src_pos < len(ra)}
        touched |= {rb[op.dest_pos] for op in ops if op.tag != "delete" and op.dest_pos < len(rb)}
        if len(ops) <= budget and touched <= set("ieo"):
            return "rule"
    if _demonym_related(ka, kb):
        return "demonym"
    if len(ra) >= 5 and len(rb) >= 5 and ra[0] == rb[0]:
        ops = Levenshtein.editops(ra, rb)
        if len(ops) == 1 and ops[0].tag in ("insert", "delete"):
            ch = ra[ops[0].src_pos] if ops[0].tag == "delete" else rb[ops[0].dest_pos]
            if ch == "h":
                return "rule"  # a digraph's h: Kronshtadt/Kronstadt, Ashkelon/Askelon
            if min(len(ka), len(kb)) >= 6:
                return "rule"  # one letter lost or added in a long name: Lempart/Lempat
    return None


_COMPASS = re.compile(r"(?:north|south)?(?:east|west)|north|south")


def _compass_related(a: str, b: str) -> bool:
    """The noun and the adjective of one compass point: Northwest/Northwestern, South/Southern."""
    short, long_ = sorted((a, b), key=len)
    return long_ == short + "ern" and _COMPASS.fullmatch(short) is not None


@lru_cache(maxsize=1)
def _exonyms() -> dict[str, dict[str, str]]:
    """key -> {variant key: severity}, read from drift/data/exonyms.tsv (symmetric)."""
    table: dict[str, dict[str, str]] = {}
    try:
        lines = _EXONYMS_PATH.read_text(encoding="utf-8").splitlines()
    except OSError:
        return table
    for line in lines:
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) < 2:
            continue
        a, b = (" ".join(_name_key(w) for w in c.split()) for c in cols[:2])
        sev = cols[2].strip() if len(cols) > 2 and cols[2].strip() in ("none", "minor") else "minor"
        table.setdefault(a, {})[b] = sev
        table.setdefault(b, {})[a] = sev
    return table


def is_abbreviation(short: str, full: str) -> bool:
    """Is ``short`` the wire-style abbreviation of the word ``full`` ("Sept." / "September",
    "Gov." / "Governor", "Calif." / "California", "Mt." / "Mount") or the same letters with
    dots ("U.S." / "US")? One word each; an abbreviation ends with a dot, starts with the full
    word's first letter and keeps its letters in order; the full word has no dot ("Ms." is no
    abbreviation of "Mrs.")."""
    s, f = short.strip(), full.strip()
    ls, lf = s.replace(".", ""), f.replace(".", "")
    if not ls.isalpha() or not lf.isalpha():
        return False
    if ls == lf:
        return s != f
    if not s.endswith(".") or "." in f or len(ls) >= len(lf) or ls[0].casefold() != lf[0].casefold():
        return False
    rest = iter(lf.casefold())
    return all(ch in rest for ch in ls.casefold())
