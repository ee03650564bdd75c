"""Small word lists shared by the detectors (function words, titles, abbreviations, say-verbs)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Iterable


_FUNCTION_WORDS = frozenset(
    """a an the and or but nor so yet for of in on at to from by with without about against
    between into through during before after above below up down out off over under again
    further then once here there when where why how all any both each few more most other
    some such only own same than too very can will just don should now is are was were be
    been being have has had having do does did doing would could might must shall may i me
    my myself we our ours you your he him his she her it its they them their what which who
    whom this that these those am as until while because if also it's 's s t one ones
    there's that's via per upon onto within across along among amid around near well even
    still already""".split()
)


# Capitalised words that are not names when they open a sentence (or a title-case headline).
_NOT_NAMES = _FUNCTION_WORDS | frozenset(
    """meanwhile however although though since after before when while if as because despite
    during later earlier several many most some another other nearly more still even yet so
    then now today yesterday tomorrow tonight until instead once both each every all no not
    only just such according read watch follow top last next first new photo video posted
    updated copyright skip clear close recommended related advertisement subscribe share
    local breaking live opinion analysis editorial news update celsius fahrenheit centigrade""".split()
)


_TITLES = frozenset(
    """president prime minister gov governor mayor gen general maj major col colonel lt
    lieutenant sgt sergeant adm admiral sen senator rep representative mr mrs ms dr prof
    king queen prince princess pope chancellor secretary spokesman spokeswoman spokesperson
    chief commander ambassador judge justice lord sir dame premier vice deputy foreign
    defense defence interior minister's capt captain cmdr""".split()
)


# Abbreviations whose trailing "." does not end a sentence.
_ABBREVIATIONS = frozenset(
    """mr mrs ms dr st gov gen maj col lt sgt sen rep adm capt cmdr prof jr sr no vs etc
    jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat
    sun ft mt inc corp co ltd""".split()
)


_CONNECTORS = frozenset("of for de del da di von van der den al bin ibn la le du".split())


def _content_words(norms: Iterable[str]) -> list[str]:
    return [w for w in norms if w[0].isalnum() and w not in _FUNCTION_WORDS]


@lru_cache(maxsize=1 << 16)
def _stem(w: str) -> str:
    """A very light stem used only to decide whether a word re-appears elsewhere."""
    w = w.replace("'", "")
    if len(w) > 5 and w.endswith(("ied", "ies")):
        return w[:-3] + "y"
    for suf in ("ing", "ed", "es", "s"):
        if w.endswith(suf) and len(w) - len(suf) >= 4:
            return w[: -len(suf)]
    return w


_SENT_END = frozenset({".", "!", "?", ":", ";", "|", "...", "\n"})
_OPENERS = frozenset({'"', "'", "(", "[", "-"})


def _sentence_starts(text: str, toks, norms) -> set[int]:
    """Token indices that open a sentence (where a capital letter says nothing)."""
    starts: set[int] = set()
    expect = True
    for i, (t, s, e) in enumerate(toks):
        if i > 0 and "\n" in text[toks[i - 1][2] : s]:
            expect = True
        n = norms[i]
        if expect:
            if n in _OPENERS:
                continue  # an opening quote/bracket before the first word
            starts.add(i)
            expect = False
        if n in _SENT_END:
            if n == "." and i > 0:
                prev = norms[i - 1]
                # "Gov." "Sept." "C." (initial) do not end a sentence
                if prev in _ABBREVIATIONS or (len(prev) == 1 and prev.isalpha()):
                    continue
            expect = True
    return starts


_SAY_VERBS = frozenset(
    """said says say told tells wrote writes reported claimed claims warned warns added adds stated
    states announced announces noted notes insisted insists argued argues confirmed confirms denied
    denies alleged alleges declared declares tweeted explained acknowledged admitted asserted hinted
    testified admits asserts conceded concedes confessed confesses""".split()
)


# Irregular past forms of common verbs and the verb each inflects (regular ones end in -ed).
IRREGULAR_PAST = {
    "was": "be", "were": "be", "had": "have", "did": "do", "said": "say", "made": "make", "went": "go",
    "came": "come", "took": "take", "gave": "give", "got": "get", "began": "begin", "became": "become",
    "brought": "bring", "bought": "buy", "built": "build", "chose": "choose", "drew": "draw",
    "drove": "drive", "fell": "fall", "felt": "feel", "fought": "fight", "found": "find", "flew": "fly",
    "forgot": "forget", "grew": "grow", "held": "hold", "hit": "hit", "kept": "keep", "knew": "know",
    "led": "lead", "left": "leave", "lost": "lose", "met": "meet", "paid": "pay", "put": "put",
    "ran": "run", "rose": "rise", "saw": "see", "sent": "send", "set": "set", "shot": "shoot",
    "sold": "sell", "spoke": "speak", "spent": "spend", "stood": "stand", "struck": "strike",
    "thought": "think", "told": "tell", "understood": "understand", "won": "win", "wrote": "write",
}
# Their past participles where they differ from the past form ("has begun", "had fallen").
IRREGULAR_PARTICIPLES = {
    "begun": "begin", "fallen": "fall", "risen": "rise", "given": "give", "taken": "take", "gone": "go",
    "forgotten": "forget", "grown": "grow", "known": "know", "chosen": "choose", "drawn": "draw",
    "driven": "drive", "flown": "fly", "spoken": "speak", "written": "write", "done": "do",
}


_SUFFIXES = (("ies", "y"), ("ied", "y"), ("ing", ""), ("ing", "e"), ("ed", ""), ("ed", "e"),
             ("es", ""), ("s", ""), ("d", ""))
_COMPARATIVES = (("ier", "y"), ("iest", "y"), ("er", ""), ("er", "e"), ("est", ""), ("est", "e"))


@lru_cache(maxsize=1 << 16)
def base_forms(w: str, comparatives: bool = True, min_stem: int = 2) -> tuple[str, ...]:
    """The word and what it can be an inflection of, in order: stopped -> stop, larger ->
    large, began -> begin, lost -> lose (the one inflection table of the findings)."""
    out = [w]
    irregular = IRREGULAR_PAST.get(w) or IRREGULAR_PARTICIPLES.get(w)
    if irregular:
        out.append(irregular)
    for suf, rep in _SUFFIXES + (_COMPARATIVES if comparatives else ()):
        if w.endswith(suf) and len(w) - len(suf) >= min_stem:
            cand = w[: -len(suf)] + rep
            out.append(cand)
            if len(cand) > 3 and cand[-1] == cand[-2]:
                out.append(cand[:-1])  # stopped -> stop, bigger -> big
    return tuple(dict.fromkeys(out))


_VERB_FORMS_PATH = Path(__file__).resolve().parent.parent / "data" / "verb_forms.tsv"


@lru_cache(maxsize=1)
def _verb_table() -> tuple[frozenset[str], frozenset[str]]:
    """(WordNet verb lemmas, first words of WordNet's proper names that end in -ing/-ed),
    from drift/data/verb_forms.tsv (models/build_verb_forms.py), both lower case."""
    verbs, names = set(), set()
    try:
        lines = _VERB_FORMS_PATH.read_text(encoding="utf-8").splitlines()
    except OSError:
        return frozenset(), frozenset()
    for line in lines:
        word, _, what = line.partition("\t")
        (verbs if what == "v" else names).add(word.lower())
    return frozenset(verbs), frozenset(names)


@lru_cache(maxsize=1 << 12)
def verb_form(key: str) -> bool:
    """Is ``key`` (a name key, lower case) the -ing or -ed form of an English verb and not
    the first word of a proper name that ends like one? "getting", "encouraging", "backed"
    are; "beijing", "reading" (the town), "united" (States) and "ewing" are not."""
    verbs, names = _verb_table()
    if key in names or not key.isalpha():
        return False
    if key.endswith("ing") and len(key) >= 5:
        base = key[:-3]
    elif key.endswith("ed") and len(key) >= 6:
        base = key[:-2]
        if key.endswith("ied") and base[:-1] + "y" in verbs:
            return True  # carried -> carry
    else:
        return False
    cands = {base, base + "e"}
    if len(base) > 2 and base[-1] == base[-2]:
        cands.add(base[:-1])  # getting -> get, banned -> ban
    return bool(cands & verbs)


@lru_cache(maxsize=1)
def load_nouns() -> dict[str, tuple[int, int, int, int]]:
    """noun -> (times determined, times bare as a singular head, times seen, times followed by
    "of") in fluent text (drift/data/noun_determiners.tsv, models/build_noun_determiners.py):
    what the garble rules weigh dropped articles with, and what tells "due to rain" (a noun)
    from "due to meet" (a verb)."""
    out: dict[str, tuple[int, int, int, int]] = {}
    text = (Path(__file__).resolve().parent.parent / "data" / "noun_determiners.tsv").read_text(encoding="utf-8")
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        w, det, bare, seen, of = line.split("\t")
        out[w] = (int(det), int(bare), int(seen), int(of))
    return out
