"""Attribution: who said or reported it; the source changed, vanished or was added."""

from __future__ import annotations

import re
from typing import NamedTuple

from ..types import Finding
from .ctx import _Ctx
from .lexicon import _FUNCTION_WORDS, _SAY_VERBS, _TITLES, _stem
from .names import capital_of, spells_out
from .spelling import _name_key, is_spelling_variant, romanisation_key
from .tokens import _Side

# How a reporting verb frames what the source said. "said", "told", "added" report it; the
# words-to-watch of news style guides (AP, Wikipedia's MOS:WTW) do more: "claimed", "alleged",
# "insisted", "asserted" cast doubt on it, "admitted", "conceded", "confessed" make it a
# concession of fault. A copy that moves a statement from one framing to another changes what
# the reader is told about the source, so that is a `claim` finding (major). Verbs of neither
# list ("noted", "explained", "stressed": a translator's ordinary choices) frame nothing.
_FRAMING = {
    **dict.fromkeys("claimed claims alleged alleges insisted insists asserted asserts".split(), "casts doubt on the source"),
    **dict.fromkeys("admitted admits conceded concedes confessed confesses".split(), "makes the statement a concession"),
    # a warning (or a statement) reported as a threat: the source now means to do harm
    **dict.fromkeys("threatened threatens".split(), "makes the statement a threat"),
}
_NEUTRAL_VERBS = frozenset("said says told tells stated states added adds reported wrote writes warned warns".split())
_PRONOUNS = frozenset("he she they it i we you".split())
_CLAUSE_STOP = frozenset(
    "that and but which who whom because while when as if where after before than so what whether".split()
)
_SUBJ_SKIP = frozenset("also later earlier reportedly previously separately then has have had was is".split())
_PASSIVE_AUX = frozenset("was were is are be been being".split())
_WIRES = re.compile(r"\((AP|Reuters|AFP|dpa|DPA|Xinhua|TASS|Tass|UPI|Bloomberg|ANSA|EFE|PA)\)")


class _Source(NamedTuple):
    key: frozenset  # content-word keys; {"*"} for a bare pronoun
    verb: str
    i1: int  # token range of source phrase + verb
    i2: int
    label: str  # the source words as written


def _source_key(side: _Side, i1: int, i2: int) -> frozenset:
    words = [side.norms[i] for i in range(i1, i2) if side.is_word(i)]
    content = [side.norms[i] for i in range(i1, i2) if side.is_word(i) and (
        _caps(side, i) or (side.norms[i] not in _FUNCTION_WORDS and side.norms[i] not in _TITLES))]
    if words and words[0] in _PRONOUNS and not any(_caps(side, i) or side.cap[i] for i in range(i1 + 1, i2)):
        return frozenset({"*"})  # "we always say", "we like to say": the pronoun is the source
    if not content:  # "he said": a pronoun matches any source
        return frozenset({"*"}) if any(w in _PRONOUNS for w in words) else frozenset()
    return frozenset(romanisation_key(_stem(_name_key(w))) or w for w in content)


def _sources(side: _Side) -> list[_Source]:
    out: list[_Source] = []
    norms, n = side.norms, len(side.norms)

    def forward(i: int, limit: int = 9) -> int:
        j = i
        while j < n and j - i < limit and side.is_word(j) and norms[j] not in _CLAUSE_STOP - {"who"}:
            if norms[j] == "and" and j > i and not side.is_word(j - 1):
                break
            j += 1
        return j

    for i, t in enumerate(norms):
        if t == "according" and i + 1 < n and norms[i + 1] == "to":
            j = forward(i + 2)
            if j > i + 2 and _names_a_source(side, i + 2, j):
                label = side.text[slice(*side.span(i + 2, j))]
                out.append(_Source(_source_key(side, i + 2, j), "according to", i, j, label))
        elif t in ("citing", "quoting"):
            j = forward(i + 1)
            if j > i + 1:
                out.append(_Source(_source_key(side, i + 1, j), t, i, j, side.text[slice(*side.span(i + 1, j))]))
        elif t in _SAY_VERBS and side.toks[i][0].islower() and (i == 0 or norms[i - 1] not in _PASSIVE_AUX):
            # (a passive "cases were reported" names no source)
            # subject before the verb, stopping at punctuation or a clause word
            k = i
            while k > 0 and norms[k - 1] in _SUBJ_SKIP:
                k -= 1
            s = k
            while s > 0 and k - s < 7 and side.is_word(s - 1) and (norms[s - 1] not in _CLAUSE_STOP or _caps(side, s - 1)):
                s -= 1  # (the WHO said: an acronym, not a clause word)
            if s < k:
                if (norms[s] == "who" and not _caps(side, s)) or (s > 0 and norms[s - 1] == "who"):
                    continue
                out.append(_Source(_source_key(side, s, k), t, s, i + 1, side.text[slice(*side.span(s, k))]))
            else:  # inverted: "..., said Mayor Ihor Terekhov." (must end at punctuation)
                j = forward(i + 1, 7)
                # ... and name someone: a capitalised word or a title, not the clause a moved
                # phrase left behind ("Zelenskyy, speaking in Kyiv, said the aid would come")
                looks_like_source = any(side.cap[x] or norms[x] in _TITLES or norms[x] in _PRONOUNS for x in range(i + 1, j))
                if j > i + 1 and (j >= n or not side.is_word(j)) and looks_like_source:
                    out.append(_Source(_source_key(side, i + 1, j), t, i, j, side.text[slice(*side.span(i + 1, j))]))
    return [s for s in out if s.key]


# Who or what can be a source after "according to": people, bodies and documents that say or
# record things. "According to the requirements", "according to the plan", "according to
# different populations" mean "in accordance with": nobody is quoted.
_SOURCE_NOUNS = frozenset(
    """data figures statistics estimate estimates report reports reporting survey surveys study studies
    research poll polls source sources official officials police authorities authority experts expert
    analysts analyst witnesses witness residents media documents document records statement statements
    ministry government agency spokesman spokeswoman spokesperson prosecutors investigators scientists
    researchers researcher people insiders observers organizers organisers company companies
    newspaper paper website news reporter reporters journalist journalists doctors officers staff
    representatives spokespeople diplomats lawyers lawyer aides aide leaders leader members
    minister president chairman director head commission committee bureau department office council
    association institute center centre administration board court army military party union
    federation organization organisation group television radio broadcaster outlet outlets press channel
    insider notice notices announcement announcements bulletin record register result
    results findings analysis analyses edition forecast forecasts assessment review investigation census
    ranking rankings estimation estimations calculation calculations information"""
    .split()
)
_ANY_PRONOUN = _PRONOUNS | frozenset("him her them us me".split())  # "according to him"
_LEAD_SKIP = frozenset("the a an its their his her our your some one two several many most other".split())


def _names_a_source(side: _Side, i1: int, i2: int) -> bool:
    """Whether the words [i1, i2) after "according to" name a source: a capitalised word, a
    pronoun, a title or a source noun ("data", "officials", "commission") among the words
    before the first function word, determiners aside ("local media", "the city's health
    commission", "Alipay data"; not "the requirements of the CPC", "different populations")."""
    norms = side.norms
    k = i1
    while k < i2 and norms[k] in _LEAD_SKIP:
        k += 1
    while k < i2 and side.is_word(k) and norms[k] not in _FUNCTION_WORDS:
        w = norms[k].removesuffix("'s").removesuffix("’s")
        if side.cap[k] or w in _PRONOUNS or w in _TITLES or w in _SOURCE_NOUNS or _stem(w) in _SOURCE_NOUNS:
            return True
        k += 1
    return k < i2 and norms[k] in _ANY_PRONOUN


def _caps(side: _Side, i: int) -> bool:
    tok = side.toks[i][0]
    return len(tok) >= 2 and tok.isupper()


def _word_keys(side: _Side) -> set[str]:
    """Every word of a side in the form source keys take."""
    return {romanisation_key(_stem(_name_key(w))) or w for i, w in enumerate(side.norms) if side.is_word(i)}


def _same_source(a: _Source, b: _Source) -> bool:
    if "*" in a.key or "*" in b.key:
        return True
    inter = len(a.key & b.key)
    if inter / min(len(a.key), len(b.key)) >= 0.5:
        return True
    if any(spells_out(w, y.label) for x, y in ((a, b), (b, a)) for w in x.label.split()):
        return True  # "DPA reported" / "Deutsche Presse-Agentur reported"
    if capital_of(a.label, b.label) or capital_of(b.label, a.label):
        return True  # "Moscow said" / "Russia said": the government by its capital
    # spelling variants of the same person or place (Zelenskyy said / Zelensky said; Kyiv
    # said / Kiev said), on the keys or, where the keys' stems part them, on the words as written
    written_a, written_b = ([_name_key(w) for w in s.label.split()] for s in (a, b))
    return any(is_spelling_variant(x, y) in ("rule", "table")
               for xs, ys in ((a.key, b.key), (written_a, written_b)) for x in xs for y in ys if len(x) > 3)


def _framing_change(a: str, b: str) -> str:
    """What a change of reporting verb does to the statement ("" when nothing): only a move
    between a plain report and a framing, or between two framings, counts."""
    fa, fb = _FRAMING.get(a), _FRAMING.get(b)
    if fa == fb or (fa is None and a not in _NEUTRAL_VERBS) or (fb is None and b not in _NEUTRAL_VERBS):
        return ""
    return fb or f"no longer {fa.replace('casts', 'casting').replace('makes', 'making')}"


def _framing_changes(ctx: _Ctx) -> list[Finding]:
    """A reporting verb replaced in place by one that frames the statement otherwise ("the
    minister said" -> "the minister admitted"): the words around it are the copy's own, so the
    source is the same one."""
    out: list[Finding] = []
    for tag, i1, i2, j1, j2 in ctx.ops:
        if tag != "replace" or i2 - i1 != 1 or j2 - j1 != 1:
            continue
        a, b = ctx.o.norms[i1], ctx.c.norms[j1]
        if not (_reports(ctx.o, i1) and _reports(ctx.c, j1)):
            continue
        framing = _framing_change(a, b)
        if framing:
            out.append(ctx.finding("claim", "major", ctx.o.span(i1, i2), ctx.c.span(j1, j2),
                                   f"reporting verb changed: {ctx.o.toks[i1][0]} → {ctx.c.toks[j1][0]} ({framing})",
                                   rule="claim.reporting_verb"))
    return out


def _reports(side: _Side, i: int) -> bool:
    """Token i is a reporting verb in use: lower case, not passive ("was admitted to hospital")."""
    return ((side.norms[i] in _SAY_VERBS or side.norms[i] in _FRAMING) and side.toks[i][0].islower()
            and (i == 0 or side.norms[i - 1] not in _PASSIVE_AUX))


def find_attribution_changes(ctx: _Ctx) -> list[Finding]:
    """Who said it: sources (reporting-verb subjects, "according to", "citing", wire credits)."""
    out: list[Finding] = []
    wo = [(m.group(1).upper(), m.span(1)) for m in _WIRES.finditer(ctx.o.text)]
    wc = [(m.group(1).upper(), m.span(1)) for m in _WIRES.finditer(ctx.c.text)]
    for name, sp in wo:
        if name not in {w for w, _ in wc}:
            out.append(ctx.finding("attribution", "minor", sp, None, f"wire credit ({name}) dropped",
                                   rule="attribution.wire_dropped"))
    for name, sp in wc:
        if name not in {w for w, _ in wo}:
            out.append(ctx.finding("attribution", "minor", None, sp, f"wire credit ({name}) added",
                                   rule="attribution.wire_added"))
    out += _framing_changes(ctx)
    so, sc = _sources(ctx.o), _sources(ctx.c)
    if not so and not sc:
        return out
    # A source whose words all stand on the other side moved there (a clause moved inside its
    # sentence, "Zelenskyy, speaking in Kyiv, said" -> "Zelenskyy said ..., speaking in Kyiv"):
    # not a source dropped or added.
    words_o, words_c = _word_keys(ctx.o), _word_keys(ctx.c)
    moved_o = {id(a) for a in so if "*" not in a.key and a.key <= words_c}
    moved_c = {id(b) for b in sc if "*" not in b.key and b.key <= words_o}
    pairs, rest_c = [], list(sc)
    rest_o = []
    for a in so:
        for b in rest_c:
            if _same_source(a, b):
                pairs.append((a, b))
                rest_c.remove(b)
                break
        else:
            rest_o.append(a)
    for a in rest_o:
        partner = next((b for b in rest_c if ctx.ops_of("o", a.i1, a.i2) & ctx.ops_of("c", b.i1, b.i2)), None)
        if partner is None and len(rest_c) == 1 and len(rest_o) == 1:
            partner = rest_c[0]
        if partner is not None:
            rest_c.remove(partner)
            if id(a) in moved_o and id(partner) in moved_c:
                continue  # both sources' words stand on both sides: reordered ("France and Greece" -> "Greece and France")
            out.append(ctx.finding("attribution", "major", ctx.o.span(a.i1, a.i2), ctx.c.span(partner.i1, partner.i2),
                                   f"source changed: {a.label} → {partner.label}", rule="attribution.changed"))
        elif id(a) not in moved_o:
            msg = f"attribution dropped: {a.label}"
            out.append(ctx.finding("attribution", "minor", ctx.o.span(a.i1, a.i2), None, msg, rule="attribution.dropped"))
    for b in rest_c:
        if id(b) in moved_c:
            continue
        cited = any(p[1].verb in ("citing", "quoting") for p in pairs)
        msg = f"now attributed to {b.label}" + (" (citing the original source)" if cited else "")
        out.append(ctx.finding("attribution", "minor", None, ctx.c.span(b.i1, b.i2), msg, rule="attribution.added"))
    return out
