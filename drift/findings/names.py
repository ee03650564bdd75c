"""Names: proper nouns replaced, dropped or added; the same name in another spelling
(drift.findings.spelling: romanisation, exonym or house style, Kyiv/Kiev) or damaged in transit
(drift.transit.lost_characters) is a `spelling` finding."""

from __future__ import annotations

import bisect
import re
from collections import Counter
from functools import lru_cache
from pathlib import Path
from typing import Iterable

from ..transit import DAMAGED_WORD, lost_characters
from ..types import Finding
from .ctx import _Ctx, overlaps
from .name_tokens import _caps_keys, _is_acronym, _is_cap, _Name, _name_tokens, _phrases
from .spelling import _exonyms, _name_key, is_spelling_variant
from .tokens import _Side

_NEAREST = 8  # spelling-variant candidates weighed on each side of a name's expected position


def find_name_changes(ctx: _Ctx) -> list[Finding]:
    """Names replaced (major), dropped/added (minor); spelling variants (kind ``spelling``)."""
    out: list[Finding] = []
    caps_mid = set()
    for side in (ctx.o, ctx.c):
        for i, (raw, _, _) in enumerate(side.toks):
            if side.cap[i] and i not in side.starts:
                caps_mid.add(_name_key(raw))
    no = ctx.o.names = _name_tokens(ctx, ctx.o, caps_mid)
    nc = ctx.c.names = _name_tokens(ctx, ctx.c, caps_mid)
    o_keys, c_keys = _caps_keys(ctx.o), _caps_keys(ctx.c)

    def present(key: str, keys: set[str]) -> bool:
        return key in keys or all(p in keys for p in key.split("-"))

    open_o = {k for k, x in enumerate(no) if not present(x.key, c_keys)}
    open_c = {k for k, x in enumerate(nc) if not present(x.key, o_keys)}

    def dist(ko: int, kc: int) -> float:
        a, b = no[ko], nc[kc]
        same_op = bool(ctx.ops_of("o", a.i, a.i + 1) & ctx.ops_of("c", b.i, b.i + 1))
        return (0 if same_op else 1) + abs(a.i / max(1, len(ctx.o.toks)) - b.i / max(1, len(ctx.c.toks)))

    def variant(ospan, cspan, sev, rule) -> None:
        otxt, ctxt = ctx.o.text[ospan[0] : ospan[1]], ctx.c.text[cspan[0] : cspan[1]]
        msg = f"{otxt} spelled {ctxt}" if sev == "minor" else f"{otxt} written as {ctxt}"
        out.append(ctx.finding("spelling", sev, ospan, cspan, msg, rule=rule))

    # A name is the other side's respelt only where the other side does not still say its
    # counterpart as often: "The US will send arms to Ukraine" -> "The US will send arms to
    # the United States" puts a new name in, it respells nothing (`unexplained`).
    said_o, said_c = Counter(x.key for x in no), Counter(x.key for x in nc)
    if not open_o and not open_c and said_o == said_c:
        return out

    def unexplained(names: list[_Name], ks: Iterable[int], open_: set[int], here: Counter, there: Counter) -> bool:
        return bool(set(ks) & open_) or any(here[names[k].key] > there[names[k].key] for k in ks)

    # 1. exonym table, phrase level (U.S. <-> United States, Britain <-> UK)
    table = _exonyms()
    ph_o, ph_c = _phrases(no), _phrases(nc)
    for key, a, b in ph_o:
        if key in table and set(range(a, b + 1)) & open_o:
            cands = [(k2, a2, b2) for k2, a2, b2 in ph_c if k2 in table[key]
                     and unexplained(nc, range(a2, b2 + 1), open_c, said_c, said_o)]
            if cands:
                k2, a2, b2 = min(cands, key=lambda c: dist(a, c[1]))
                open_o.difference_update(range(a, b + 1))
                open_c.difference_update(range(a2, b2 + 1))
                variant((no[a].start, no[b].end), (nc[a2].start, nc[b2].end), table[key][k2], "spelling.exonym")
    for key, a, b in ph_c:
        if key in table and set(range(a, b + 1)) & open_c:
            cands = [(k2, a2, b2) for k2, a2, b2 in ph_o if k2 in table[key]
                     and unexplained(no, range(a2, b2 + 1), open_o, said_o, said_c)]
            if cands:
                k2, a2, b2 = min(cands, key=lambda c: dist(c[1], a))
                open_c.difference_update(range(a, b + 1))
                open_o.difference_update(range(a2, b2 + 1))
                variant((no[a2].start, no[b2].end), (nc[a].start, nc[b].end), table[key][k2], "spelling.exonym")

    # 2. general romanisation rule and demonyms, token level (Kyiv/Kiev, Russia/Russian)
    def spell(ko: int, kc: int, how: str) -> None:
        a, b = no[ko], nc[kc]
        sev = "none" if how == "demonym" else "minor"
        if how == "table":
            sev = table[a.key].get(b.key, "minor")
        variant((a.start, a.end), (b.start, b.end), sev, "spelling.variant")

    # Candidates by distinct key (a long text repeats its names); past _NEAREST of them, only
    # the ones nearest in position are weighed, so the work stays linear on repetitive text.
    keys_o: dict[str, list[int]] = {}
    keys_c: dict[str, list[int]] = {}
    for k, x in enumerate(no):
        keys_o.setdefault(x.key, []).append(k)
    for k, x in enumerate(nc):
        keys_c.setdefault(x.key, []).append(k)

    def candidates(key: str, keys: dict[str, list[int]], target: float, is_o: bool) -> list[tuple[int, str]]:
        out_ = []
        for k2, idxs in keys.items():
            how = is_spelling_variant(key, k2) if is_o else is_spelling_variant(k2, key)
            if how and how != "same":
                if len(idxs) > 2 * _NEAREST:
                    at = bisect.bisect_left(idxs, target)
                    idxs = idxs[max(0, at - _NEAREST) : at + _NEAREST]
                out_.extend((i, how) for i in idxs)
        return sorted(out_)

    for ko in sorted(open_o):
        cands = [c for c in candidates(no[ko].key, keys_c, ko * len(nc) / max(1, len(no)), True)
                 if unexplained(nc, (c[0],), open_c, said_c, said_o)]
        if not cands:
            continue
        # prefer a counterpart that is itself unexplained; else any occurrence (Kyiv x2 -> Kiev)
        pool = [c for c in cands if c[0] in open_c] or cands
        kc, how = min(pool, key=lambda c: dist(ko, c[0]))
        open_o.discard(ko)
        open_c.discard(kc)
        spell(ko, kc, how)
    for kc in sorted(open_c):
        cands = [c for c in candidates(nc[kc].key, keys_o, kc * len(no) / max(1, len(nc)), False)
                 if unexplained(no, (c[0],), open_o, said_o, said_c)]
        if not cands:
            continue
        ko, how = min(cands, key=lambda c: dist(c[0], kc))
        open_c.discard(kc)
        spell(ko, kc, how)

    # 3. an acronym on one side spelled out on the other (CIIE = China International Import Expo)
    for this, other, this_open, other_open, is_o in ((no, nc, open_o, open_c, True), (nc, no, open_c, open_o, False)):
        for k in sorted(this_open):
            tok = this[k]
            if not _is_acronym((ctx.o if is_o else ctx.c).toks[tok.i][0]) or len(tok.key) < 2:
                continue
            hit = _expansion(tok.key, other)
            if hit is None:
                continue
            a, b = hit
            this_open.discard(k)
            other_open.difference_update(range(a, b + 1))
            here, there = (tok.start, tok.end), (other[a].start, other[b].end)
            variant(*((here, there) if is_o else (there, here)), "none", "spelling.acronym")

    # 4. two sentence-initial capitalised words swapped one for one ("Orbán is" ->
    # "Murray is" without the cue): possibly a name, possibly not -- minor.
    for ko in sorted(k for k in open_o if no[k].weak):
        tag, i1, i2, j1, j2 = ctx.ops[ctx.o_op[no[ko].i]]
        if tag == "replace" and i2 - i1 == 1 and j2 - j1 == 1:
            kc = next((k for k in open_c if nc[k].weak and nc[k].i == j1), None)
            if kc is not None:
                open_o.discard(ko)
                open_c.discard(kc)
                a, b = no[ko], nc[kc]
                msg = f"first word changed: {ctx.o.text[a.start:a.end]} → {ctx.c.text[b.start:b.end]}"
                out.append(ctx.finding("name", "minor", (a.start, a.end), (b.start, b.end), msg, rule="name.first_word"))

    # 4b. a capital for its country or the reverse ("pressure from Washington" -> "pressure
    # from the United States"): the same actor named less or more precisely, minor
    # (either of them may also stand elsewhere on the other side: "China ... China" ->
    # "China ... Beijing")
    capitals = _capitals()
    less_o = _said_less(ctx, "o", no, said_o, said_c, out)
    less_c = _said_less(ctx, "c", nc, said_c, said_o, out)
    for this, that, ph_this, ph_that, open_this, open_that, is_o in (
            (no, nc, ph_o, ph_c, open_o, open_c, True), (nc, no, ph_c, ph_o, open_c, open_o, False)):
        less_this, less_that = (less_o, less_c) if is_o else (less_c, less_o)
        for key, a, b in ph_this:
            country = capitals.get(key)
            if country is None or not set(range(a, b + 1)) <= open_this | less_this:
                continue
            forms = {country} | set(table.get(country, ()))
            cands = [(a2, b2) for k2, a2, b2 in ph_that if k2 in forms and set(range(a2, b2 + 1)) <= open_that | less_that]
            if not cands:
                continue
            a2, b2 = min(cands, key=lambda c: dist(a, c[0]) if is_o else dist(c[0], a))
            open_this.difference_update(range(a, b + 1))
            open_that.difference_update(range(a2, b2 + 1))
            less_this.difference_update(range(a, b + 1))
            less_that.difference_update(range(a2, b2 + 1))
            here, there = (this[a].start, this[b].end), (that[a2].start, that[b2].end)
            ospan, cspan = (here, there) if is_o else (there, here)
            otxt, ctxt = ctx.o.text[ospan[0]:ospan[1]], ctx.c.text[cspan[0]:cspan[1]]
            what = "capital for its country" if is_o else "country for its capital"
            out.append(ctx.finding("name", "minor", ospan, cspan, f"{what}: {otxt} → {ctxt}", rule="name.capital"))

    # A capitalised word whose lower-case form stands on the other side is a change of case
    # (garble capitalises common words: "the Bridge destroyed was"), not a name added or dropped.
    lower_o, lower_c = _lower_words(ctx.o), _lower_words(ctx.c)
    open_o -= {k for k in open_o if no[k].key in lower_c and not no[k].title}
    open_c -= {k for k in open_c if nc[k].key in lower_o and not nc[k].title}

    # 5. what is left: different names in the same place (major), or names on one side. A
    # name the other side still says elsewhere, but fewer times, and not here ("the Tabata
    # protocol ... says Tabata" -> "the Lumbuenamo protocol ... says Tabata") is open for a
    # pairing in its place; alone it is no finding (a pronoun may stand for it).
    extra_o = {k for k in less_o - open_o if no[k].key not in lower_c}  # (what 4b paired is out of less_o)
    extra_c = {k for k in less_c - open_c if nc[k].key not in lower_o}
    groups_o = sorted(_groups(no, {k for k in open_o if not no[k].weak}) + _groups(no, {k for k in extra_o if not no[k].weak}))
    groups_c = sorted(_groups(nc, {k for k in open_c if not nc[k].weak}) + _groups(nc, {k for k in extra_c if not nc[k].weak}))
    used_c = set()
    for g in groups_o:
        # Same hunk = same place, but only in a hunk small enough for the pairing to mean
        # something; in a long rewritten stretch the names are reported one by one.
        ops = {k for k in ctx.ops_of("o", no[g[0]].i, no[g[-1]].i + 1) if _hunk_words(ctx, k) <= 8}
        if set(g) <= extra_o:  # a name still said elsewhere: replaced only in a word-for-word swap
            ops = {k for k in ops if _hunk_words(ctx, k) <= EXTRA_HUNK}
        partner = None
        for gi, h in enumerate(groups_c):
            # a name the original also says, in place of one the copy never says, may be the
            # same thing's other name ("the Holy See ... The Vatican Diaries" -> "the Vatican
            # ... The Vatican Diaries"): a name said more often in the copy takes the place only
            # of one the copy still says elsewhere; and forms of one name are no change
            extra = set(g) <= extra_o or set(h) <= extra_c
            if (gi not in used_c and ops & ctx.ops_of("c", nc[h[0]].i, nc[h[-1]].i + 1)
                    and (not set(h) <= extra_c or set(g) <= extra_o)
                    and not (extra and _forms_of_one(" ".join(no[k].key for k in g), " ".join(nc[k].key for k in h), table))):
                partner = gi
                break
        ospan = (no[g[0]].start, no[g[-1]].end)
        otxt = ctx.o.text[ospan[0] : ospan[1]]
        if partner is None and set(g) <= extra_o:
            continue
        qualified = _compass_qualifier(no, g, nc)
        if partner is None and qualified is not None:
            # "South Sudan" -> "Sudan": the compass word made it another place
            cspan = (nc[qualified].start, nc[qualified].end)
            whole = (ospan[0], no[g[-1] + 1].end)
            msg = f"name changed: {ctx.o.text[whole[0]:whole[1]]} → {ctx.c.text[cspan[0]:cspan[1]]}"
            out.append(ctx.finding("name", "major", whole, cspan, msg, rule="name.compass"))
            continue
        if partner is not None:
            used_c.add(partner)
            h = groups_c[partner]
            cspan = (nc[h[0]].start, nc[h[-1]].end)
            if _lost_in_transit(ctx.o.text, ospan, ctx.c.text, cspan):
                variant(ospan, cspan, "minor", "spelling.transit")  # "Raúl" -> "Ral", "UN’s" -> "UNs": the same name, damaged
                continue
            titles_only = all(no[k].title for k in g) and all(nc[k].title for k in h)
            ctxt = ctx.c.text[cspan[0] : cspan[1]]
            role = role_before(ctx.o, no[g[0]].i), role_before(ctx.c, nc[h[0]].i)
            if role[0] is not None and role[1] is not None and role[0][0] == role[1][0] and not titles_only:
                # "to Ukraine" -> "to the United States": say what the name is in the sentence
                msg = f"{role[0][0]} changed: {role[0][1]}{otxt} → {role[1][1]}{ctxt}"
            else:
                msg = f"name changed: {otxt} → {ctxt}"
            out.append(ctx.finding("name", "minor" if titles_only else "major", ospan, cspan, msg, rule="name.changed"))
        elif not all(no[k].title for k in g) and any(
            lost_characters(otxt, m.group()) for m in DAMAGED_WORD.finditer(ctx.c.text)
        ):
            continue  # "Ásfríður" -> "sfrur": still there, its letters outside ASCII lost
        elif not all(no[k].title for k in g) and _list_member(ctx.o.text, ospan, ctx.c.text):
            # "China, Kenya, Mexico" -> "China, Mexico": who is included changed
            out.append(ctx.finding("name", "major", ospan, None, f"dropped from a list of names: {otxt}",
                                   rule="name.list_dropped"))
        else:
            title = all(no[k].title for k in g)
            out.append(ctx.finding("name", "minor", ospan, None, f"{'title' if title else 'name'} dropped: {otxt}",
                                   rule="name.title_dropped" if title else "name.dropped"))
    for gi, h in enumerate(groups_c):
        if gi in used_c or set(h) <= extra_c:
            continue
        qualified = _compass_qualifier(nc, h, no)
        if qualified is not None:
            # "Sudan" -> "South Sudan", "Korea" -> "North Korea": another place
            ospan = (no[qualified].start, no[qualified].end)
            whole = (nc[h[0]].start, nc[h[-1] + 1].end)
            msg = f"name changed: {ctx.o.text[ospan[0]:ospan[1]]} → {ctx.c.text[whole[0]:whole[1]]}"
            out.append(ctx.finding("name", "major", ospan, whole, msg, rule="name.compass"))
            continue
        cspan = (nc[h[0]].start, nc[h[-1]].end)
        title = all(nc[k].title for k in h)
        out.append(ctx.finding("name", "minor", None, cspan, f"{'title' if title else 'name'} added: {ctx.c.text[cspan[0]:cspan[1]]}",
                               rule="name.title_added" if title else "name.added"))
    return out


EXTRA_HUNK = 2  # words a side of the swap in which a name still said elsewhere counts as replaced


def _forms_of_one(a: str, b: str, table: dict) -> bool:
    """Two name keys that may be forms of one name: a respelling or demonym ("Russia" /
    "Russian"), also through the exonym table ("UK" -> "Britain" -> "British"), or one stem
    ("Spanish" / "Spaniards", "Industrial" / "Industry")."""
    return (a[:4] == b[:4] or bool(is_spelling_variant(a, b))
            or any(is_spelling_variant(x, b) for x in table.get(a, ())) or any(is_spelling_variant(a, y) for y in table.get(b, ())))


def _said_less(ctx: _Ctx, side: str, names: list[_Name], here: Counter, there: Counter, found: list[Finding]) -> set[int]:
    """Names of one side that the other side says fewer times, standing in a changed stretch,
    with no finding on them yet; no hyphenated name and none of its parts."""
    table = ctx.o_op if side == "o" else ctx.c_op
    spans = [f.original_span if side == "o" else f.copy_span for f in found]
    # a hyphenated name and its parts said apart ("Asia-Pacific" / "Asia - Pacific") are one name
    parts = {p for key in list(here) + list(there) if "-" in key for p in key.split("-")}
    return {k for k, x in enumerate(names) if here[x.key] > there[x.key]
            and "-" not in x.key and x.key not in parts
            and ctx.ops[table[x.i]][0] != "equal" and not overlaps((x.start, x.end), spans)}


_EXTEND = 3  # characters past a name's span that may belong to it on one side ("’s", " 2")


def _lost_in_transit(otext: str, ospan: tuple[int, int], ctext: str, cspan: tuple[int, int]) -> bool:
    """A name and its counterpart that are one name with characters lost (lost_characters),
    either side possibly running a few characters past its span to a word's end ("UN’s")."""
    def ends(text: str, span: tuple[int, int]) -> list[int]:
        out = [span[1]]
        for e in range(span[1] + 1, min(len(text), span[1] + _EXTEND) + 1):
            if e == len(text) or not (text[e].isalnum() or text[e] in "'’"):
                out.append(e)
        return out

    return any(lost_characters(otext[ospan[0]:eo], ctext[cspan[0]:ec]) or lost_characters(ctext[cspan[0]:ec], otext[ospan[0]:eo])
               for eo in ends(otext, ospan) for ec in ends(ctext, cspan))


_SEP = r"(,|,?\s+and\b|,?\s+or\b)"
_LIST_BEFORE = re.compile(rf"\b([A-Z][\w.'’-]*){_SEP}\s+(?:the\s+)?$")
_LIST_AFTER = re.compile(rf"^\s*{_SEP}\s+(?:the\s+)?([A-Z][\w.'’-]*)(\s*{_SEP})?")
_NOT_LIST_WORDS = frozenset({"i", "and", "or", "but", "the", "a", "an", "he", "she", "it", "they", "we", "in", "on", "at"})


def _list_member(text: str, span: tuple[int, int], copy: str) -> bool:
    """The name at ``span`` is an item of a list of names ("China, Kenya, Mexico", "Russia and
    Ukraine") whose neighbouring item the copy still has: the list lost a member. A comma
    alone makes a list only with a separator on the other side too ("In Washington, Sullivan
    met ..." is no list)."""
    before = _LIST_BEFORE.search(text[max(0, span[0] - 60) : span[0]])
    after = _LIST_AFTER.match(text[span[1] : span[1] + 60])
    if before and before.group(1).lower() in _NOT_LIST_WORDS:
        before = None
    if after and after.group(2).lower() in _NOT_LIST_WORDS:
        after = None
    conj = (before and before.group(2) != ",") or (after and after.group(1) != ",")
    commas = (before and after) or (after and after.group(3))  # ", Kenya," or "Kenya, Mexico, and ..."
    if not (conj or commas):
        return False
    letters = lambda s: re.sub(r"[\W_]+", "", s).lower()  # noqa: E731
    if letters(text[span[0] : span[1]]) in letters(copy):
        return False  # still there, glued or spelled as one word ("equal-Japan", "Lin Dan" -> "Lindane")
    kept = [m.group(1) for m in (before,) if m] + [m.group(2) for m in (after,) if m]
    return any(re.search(rf"\b{re.escape(w)}\b", copy) for w in kept)


#: Prepositions that give a name its role in a sentence (kept small and unambiguous).
ROLE_PREPOSITIONS = {
    "to": "destination", "into": "destination", "toward": "destination", "towards": "destination",
    "from": "origin", "against": "target", "by": "agent",
}
_ARTICLES = frozenset({"the"})


_CAPITALS_PATH = Path(__file__).resolve().parent.parent / "data" / "capitals.tsv"


@lru_cache(maxsize=1)
def _capitals() -> dict[str, str]:
    """capital key -> its country's key, from drift/data/capitals.tsv."""
    out: dict[str, str] = {}
    for line in _CAPITALS_PATH.read_text(encoding="utf-8").splitlines():
        cols = line.split("\t")
        if line.startswith("#") or len(cols) < 2:
            continue
        capital, country = (" ".join(_name_key(w) for w in c.split()) for c in cols[:2])
        out[capital] = country
    return out


def capital_of(capital: str, country: str) -> bool:
    """``capital`` (as written) is the capital of ``country`` (as written, or a form of it the
    exonym table knows: "Washington" / "the US")."""
    key = lambda t: " ".join(_name_key(w) for w in t.split() if w.lower() != "the")  # noqa: E731
    target = _capitals().get(key(capital))
    return target is not None and (key(country) == target or key(country) in _exonyms().get(target, ()))


def role_before(side: _Side, i: int) -> tuple[str, str] | None:
    """(role, article as written + space or "") when token i follows a role preposition
    ("to Ukraine", "to the United States"), else None."""
    k, article = i - 1, ""
    if k >= 0 and side.norms[k] in _ARTICLES:
        article = side.toks[k][0] + " "
        k -= 1
    if k >= 0 and side.norms[k] in ROLE_PREPOSITIONS:
        return ROLE_PREPOSITIONS[side.norms[k]], article
    return None


def _lower_words(side: _Side) -> set[str]:
    """Name keys of the words written in lower case (mid-sentence) on one side."""
    return {_name_key(t) for i, (t, _, _) in enumerate(side.toks) if side.is_word(i) and t[:1].islower()}


def spells_out(short: str, long: str) -> bool:
    """``short`` is an acronym (all capitals) of the capitalised words of ``long``
    ("WHO", "the World Health Organization"; "DPA", "Deutsche Presse-Agentur")."""
    short = short.strip()
    if " " in short or not _is_acronym(short):
        return False
    letters = short.replace(".", "").replace("-", "").casefold()
    words = [w for w in re.split(r"\s+", long) if _is_cap(w)]
    ways = [{w[0].casefold(), "".join(p[0] for p in w.split("-") if p[:1].isupper()).casefold()} for w in words]
    for start in range(len(ways)):
        spelled = {""}
        for options in ways[start:]:
            spelled = {x + o for x in spelled for o in options if o and letters.startswith(x + o)}
            if letters in spelled:
                return True
            if not spelled:
                break
    return False


def _expansion(acronym: str, names: list[_Name]) -> tuple[int, int] | None:
    """Name indices [a, b] of a run whose initials spell ``acronym`` (connectors skipped)."""
    letters = acronym.replace("-", "")
    for a in range(len(names)):
        spelled = {""}  # the initials so far: a hyphenated word gives one or each part's (Presse-Agentur: P or PA)
        for b in range(a, len(names)):
            if names[b].run != names[a].run:
                break
            parts = [p for p in names[b].key.split("-") if p]
            ways = {names[b].key[:1], "".join(p[0] for p in parts)}
            spelled = {x + w for x in spelled for w in ways if letters.startswith(x + w)}
            if letters in spelled:
                return (a, b)
            if not spelled:
                break
    return None


def _hunk_words(ctx: _Ctx, k: int) -> int:
    """Words on the longer side of opcode k."""
    _, i1, i2, j1, j2 = ctx.ops[k]
    return max(sum(1 for i in range(i1, i2) if ctx.o.is_word(i)), sum(1 for j in range(j1, j2) if ctx.c.is_word(j)))


_COMPASS_WORDS = frozenset(
    "north south east west northern southern eastern western northeast northwest southeast southwest".split()
)


def _compass_qualifier(names: list[_Name], g: list[int], other: list[_Name]) -> int | None:
    """When the unmatched group ``g`` is only compass words ("South") that with one more word
    make a whole name ("South Sudan") whose last word is a whole name on the other side
    ("Sudan"), the index in ``other`` of that bare name; else None ("Zhongnan Hospital" /
    "Central South Hospital" is no compass point added to a place)."""
    def alone(seq: list[_Name], a: int, b: int) -> bool:  # seq[a..b] is a whole name
        return (a == 0 or seq[a - 1].run != seq[a].run) and (b + 1 == len(seq) or seq[b + 1].run != seq[b].run)

    nxt = g[-1] + 1
    if nxt >= len(names) or names[nxt].run != names[g[0]].run or not alone(names, g[0], nxt):
        return None
    if not all(names[k].key in _COMPASS_WORDS for k in g):
        return None
    key = names[nxt].key
    if any(x.key == key and alone(names, k, k) for k, x in enumerate(names)):
        return None  # the bare name is on this side too ("the Atlantic ... the North Atlantic right whale")
    return next((k for k, x in enumerate(other) if x.key == key and alone(other, k, k)), None)


def _groups(names: list[_Name], open_set: set[int]) -> list[list[int]]:
    """Unresolved name tokens grouped back into contiguous pieces of the same run."""
    groups: list[list[int]] = []
    for k in sorted(open_set):
        if groups and groups[-1][-1] == k - 1 and names[k - 1].run == names[k].run:
            groups[-1].append(k)
        else:
            groups.append([k])
    return groups
