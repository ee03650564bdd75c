"""Sentence-end rules for languages other than English (used by ``drift.segment``).

English needs none of this (``split_sentences(text)`` and ``language="en"`` are the same
code path). The other languages add two things to the English rules:

* abbreviations that never end a sentence before a word or a number ("ca. 85", "zzgl.
  MwSt.", "sv. Petra", "т.е.", "Sr. García");
* ordinal numbers written with a period (German, Czech, and the other languages that do
  it): "am 24. Dezember", "im 17. Jahrhundert", "v 43. minutě" do not end a sentence when
  a month or a noun that usually follows an ordinal comes next.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

__all__ = ["SEGMENT_LANG_NAME", "LanguageRules", "rules_for"]

#: Recorded in cross-language report signatures; bump when a rule or word list changes.
SEGMENT_LANG_NAME = "drift-lang-rules@1"


def _words(text: str) -> frozenset[str]:
    return frozenset(text.lower().split())


_COMMON = "ca dr prof nr tel vs"  # shared by many languages
_ABBREVIATIONS = {
    "de": "bzw zzgl inkl exkl evtl ggf usw vgl sog z.b u.a d.h o.ä s.o u.ä ggü mio mrd tsd jh jhd abs "
    "str hr fr st bd kap ff min max gebr",
    "cs": "sv tzv mj atd tj např popř resp r tis mil mld kč hod min odst č st p pí ing mgr judr mudr "
    "prof doc gen plk kpt",
    "ru": "г гг т.е т.д т.п т.к им ул пр д кв млн млрд тыс руб долл коп ст см напр др проф акад "
    "ген полк кап тов г-н г-жа",
    "uk": "р рр т.д т.ін т.п ім вул пр д кв млн млрд тис грн дол коп ст див напр ін проф акад "
    "ген полк кап пан",
    "fr": "m mm mme mlle env av apr cf etc p.ex boul bd st ste",
    "es": "sr sra srta dña dn d ud uds ee.uu av avda etc p.ej aprox núm pág",
    "it": "sig sigg sig.ra dott dott.ssa ing avv on prof ecc pag n",
    "pt": "sr sra srta dr dra av etc pág núm aprox ex",
}
_MONTHS = {
    "de": "januar jänner februar märz april mai juni juli august september oktober november dezember "
    "jan feb mär apr jun jul aug sep sept okt nov dez",
    "cs": "ledna února března dubna května června července srpna září října listopadu prosince "
    "leden únor březen duben květen červen červenec srpen říjen listopad prosinec",
}
_ORDINAL_NOUNS = {
    "de": "jahrhundert jahrhunderts jahrestag geburtstag minute minuten platz runde spieltag woche tag "
    "mal stock stelle etage klasse auflage ausgabe sitzung todestag",
    "cs": "století výročí minutě minuta místo kolo den týden patro ročník",
}


@dataclass(frozen=True)
class LanguageRules:
    abbreviations: frozenset[str]
    ordinal_next: frozenset[str]  # months and nouns after an ordinal "24."

    def period_is_final(self, token: str, next_word: str) -> bool | None:
        """False when the period after ``token`` is not a sentence end in this language;
        None to leave the decision to the general rules."""
        low = token.lower()
        if low in self.abbreviations:
            return False
        if self.ordinal_next and low.isdigit() and len(low) <= 3 and next_word.lower() in self.ordinal_next:
            return False
        return None


@lru_cache(maxsize=None)
def rules_for(language: str | None) -> LanguageRules | None:
    """The extra rules of a language; None for English, an unknown or unsupported one."""
    if not language or language == "en" or language not in _ABBREVIATIONS:
        return None
    return LanguageRules(
        _words(_COMMON + " " + _ABBREVIATIONS[language]),
        _words(_MONTHS.get(language, "") + " " + _ORDINAL_NOUNS.get(language, "")),
    )
