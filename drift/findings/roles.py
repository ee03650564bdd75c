"""Roles: names that stayed but changed what they are in the sentence ("delivered to Ukraine
by Poland" -> "delivered to Poland by Ukraine", "from Warsaw to Kyiv" -> "from Kyiv to
Warsaw"), and a new name put in a role whose old name still stands elsewhere in the copy
("more to Ukraine before he leaves" -> "more to the United States ... Ukraine out of"):
the role's preposition is the same word in the same place of both sides (the diff keeps
it), the name after it is not. A name replaced by another name that vanished is the name
detector's (it words its message the same way: "destination changed: Ukraine -> the
United States").

Past names: two noun phrases that exchanged places around the verb or preposition that
gives them their roles ("Scientists lowered projections" -> "Projections lowered
scientists", found on the tokens, confirmed with the tagger's word classes), and a
preposition of direction turned around while its object stays ("sent to Ukraine" -> "sent
from Ukraine": "direction changed: to Ukraine -> from Ukraine")."""

from __future__ import annotations

from ..types import Finding
from .ctx import _Ctx, overlaps
from .names import role_before, spells_out
from .spelling import is_spelling_variant
from .tokens import _Side
from .wordclass import ADJECTIVES, VERBS, noun_phrase, tags


def _runs(side: _Side) -> list[tuple[str, int, int, int]]:
    """(phrase key, first token, start, end) of each multi-word name run (side.names filled)."""
    out: list[tuple[str, int, int, int]] = []
    last_run = None
    for x in side.names:
        if x.weak or x.title:
            continue
        if out and x.run == last_run:
            key, first, start, _ = out[-1]
            out[-1] = (f"{key} {x.key}", first, start, x.end)
        else:
            out.append((x.key, x.i, x.start, x.end))
        last_run = x.run
    return out


def find_role_changes(ctx: _Ctx) -> list[Finding]:
    """One name per role on each side, both names on both sides, the roles exchanged."""
    runs_o, runs_c = _runs(ctx.o), _runs(ctx.c)
    keys_o, keys_c = {r[0] for r in runs_o}, {r[0] for r in runs_c}

    def by_role(side: _Side, runs) -> dict[str, list]:
        out: dict[str, list] = {}
        for key, first, start, end in runs:
            role = role_before(side, first)
            if role is not None:
                out.setdefault(role[0], []).append((key, (start, end), role[1]))
        return out

    ro, rc = by_role(ctx.o, runs_o), by_role(ctx.c, runs_c)
    role_o = {k: r for r, v in ro.items() for k, _, _ in v}
    role_c = {k: r for r, v in rc.items() for k, _, _ in v}
    out: list[Finding] = _replaced_in_place(ctx, runs_o, runs_c, keys_o, keys_c)
    for role in sorted(ro.keys() & rc.keys()):
        if len(ro[role]) != 1 or len(rc[role]) != 1:
            continue
        (ko, so, ao), (kc, sc, ac) = ro[role][0], rc[role][0]
        # an exchange: each name took the other's role ("from Poland to Ukraine" -> "from
        # Ukraine to Poland"), not a name that had no role in the original
        if ko != kc and ko in keys_c and kc in keys_o and role_o.get(kc) is not None and role_o.get(kc) == role_c.get(ko):
            otxt, ctxt = ctx.o.text[so[0] : so[1]], ctx.c.text[sc[0] : sc[1]]
            out.append(ctx.finding("role", "major", so, sc, f"{role} changed: {ao}{otxt} → {ac}{ctxt}", rule="role.exchanged"))
    spans = {f.original_span for f in out}  # a swap the roles above already say in words
    out += [f for f, names in _swapped(ctx) if not (spans & names)]
    out += [f for f in _exchanged(ctx) if not overlaps(f.original_span, [f.original_span for f in out])]
    out += _direction_flips(ctx)
    out += _gender_swaps(ctx)
    return out


# Pronouns that say a person's gender. Machine translation from a language whose spoken or
# written pronoun does not ("他"/"她" sound alike) swaps them: "the minister said she would
# resign" -> "he would resign" is another person, or the same one misgendered; MQM raters
# mark it a major accuracy error.
_GENDER = {"he": "m", "him": "m", "his": "m", "himself": "m", "she": "f", "her": "f", "hers": "f", "herself": "f"}


def _gender_swaps(ctx: _Ctx) -> list[Finding]:
    """A gendered pronoun replaced one for one by one of the other gender."""
    out: list[Finding] = []
    for tag, i1, i2, j1, j2 in ctx.ops:
        if tag != "replace" or i2 - i1 != 1 or j2 - j1 != 1:
            continue
        a, b = _GENDER.get(ctx.o.norms[i1]), _GENDER.get(ctx.c.norms[j1])
        if a and b and a != b:
            o, c = ctx.o.toks[i1][0], ctx.c.toks[j1][0]
            out.append(ctx.finding("role", "major", ctx.o.span(i1, i2), ctx.c.span(j1, j2),
                                   f"person changed: {o} → {c} (a pronoun of the other gender)", rule="role.gender"))
    return out


def _named(key: str, keys: set[str]) -> bool:
    """Is the name ``key`` among ``keys``, alone or inside a longer run ("bringing ukraine")?"""
    return any(f" {key} " in f" {k} " for k in keys)


def _preposition(side: _Side, first: int) -> int:
    """Token index of the role preposition before the name starting at token ``first``."""
    k = first - 1
    return k - 1 if k >= 1 and side.norms[k] == "the" else k


def _replaced_in_place(ctx: _Ctx, runs_o, runs_c, keys_o: set[str], keys_c: set[str]) -> list[Finding]:
    """A role's name replaced by a new name while the old one stays elsewhere in the copy:
    the preposition before both names is one token the diff keeps in place ("equal")."""
    out: list[Finding] = []
    by_prep_c = {}
    for key, first, start, end in runs_c:
        role = role_before(ctx.c, first)
        if role is not None:
            by_prep_c[_preposition(ctx.c, first)] = (key, start, end, role)
    for key, first, start, end in runs_o:
        role = role_before(ctx.o, first)
        if role is None:
            continue
        i = _preposition(ctx.o, first)
        tag, i1, _, j1, _ = ctx.ops[ctx.o_op[i]]
        if tag != "equal":
            continue
        j = j1 + (i - i1)
        hit = by_prep_c.get(j)
        if hit is None:
            continue
        kc, cs, ce, crole = hit
        if kc == key or crole[0] != role[0] or not _named(key, keys_c) or _named(kc, keys_o):
            continue  # same name; another role; the name detector's case; an exchange (below)
        if _named(key, {kc}) or _named(kc, {key}):
            continue  # the same name said longer or shorter ("Genoa" -> "Genoa CFC")
        otxt, ctxt = ctx.o.text[start:end], ctx.c.text[cs:ce]
        if is_spelling_variant(otxt, ctxt):
            continue
        out.append(ctx.finding("role", "major", (start, end), (cs, ce), f"{role[0]} changed: {role[1]}{otxt} \u2192 {crole[1]}{ctxt}",
                                  rule="role.replaced"))
    return out


# Words that only join the two items of a coordination: "Greece and France" -> "France and
# Greece" keeps the meaning, "Greece beat France" -> "France beat Greece" does not.
_JOIN = frozenset(["and", "or", "nor", "&", "/", "as", "well", "both", "either", "neither", "plus"])
_ARTICLES = frozenset({"the", "a", "an"})


def _swapped(ctx: _Ctx) -> list[tuple[Finding, set]]:
    """Two names that changed places ("Republicans blamed Democrats" -> "Democrats blamed
    Republicans"): each once on both sides, in the other order in the copy, each standing
    where the other stood (the same word before or after it). Not when only a coordination
    joins them ("Greece and France" -> "France and Greece"), nor when a clause moved.
    Each finding comes with the original's spans of both names."""

    def names(side: _Side) -> dict[str, tuple[int, int, int, int]]:
        seen: dict[str, list] = {}
        last_run = None
        for x in side.names:
            if x.title:
                continue
            if seen and x.run == last_run and x.i == seen[list(seen)[-1]][-1][1]:
                k = list(seen)[-1]
                a, _, s0, _ = seen.pop(k)[-1]
                seen.setdefault(f"{k} {x.key}", []).append((a, x.i + 1, s0, x.end))
            else:
                seen.setdefault(x.key, []).append((x.i, x.i + 1, x.start, x.end))
            last_run = x.run
        return {k: v[0] for k, v in seen.items() if len(v) == 1}

    def joined(side: _Side, a: int, b: int) -> bool:
        """Only a coordination between them, or a list of names ("Paris, Rome and Berlin")."""
        named = {x.i for x in side.names}
        return all(side.norms[i] in _JOIN or not side.is_word(i) or i in named for i in range(a, b)) and (
            all(i not in named for i in range(a, b)) or any(side.norms[i] in _JOIN or side.norms[i] == "," for i in range(a, b)))

    def around(side: _Side, span) -> tuple[str | None, str | None]:
        return (side.norms[span[0] - 1] if span[0] > 0 else None, side.norms[span[1]] if span[1] < len(side.norms) else None)

    def took_place(a_o, b_c) -> bool:
        """The copy's name stands where the original's stood: the same word before or after,
        an article aside ("the Russian Navy" and "Peter the Great" both follow a "the")."""
        (p1, n1), (p2, n2) = around(ctx.o, a_o), around(ctx.c, b_c)
        return (p1 is not None and p1 not in _ARTICLES and p1 == p2) or (n1 is not None and n1 == n2)

    no, nc = names(ctx.o), names(ctx.c)
    both = sorted(no.keys() & nc.keys(), key=lambda k: no[k][0])
    out: list[tuple[Finding, set]] = []
    done: set[str] = set()
    for x, ka in enumerate(both):
        for kb in both[x + 1 :]:
            if ka in done or kb in done or ka in kb or kb in ka:
                continue
            if _one_name(ctx.o.text[no[ka][2] : no[ka][3]], ctx.o.text[no[kb][2] : no[kb][3]]):
                continue  # one name written two ways ("U.S." <-> "United States", "QPR" <-> "Queens Park Rangers")
            (oa, ob) = no[ka], no[kb]  # ka before kb in the original
            (ca, cb) = nc[ka], nc[kb]
            if ca[0] < cb[0]:
                continue  # same order in the copy
            if joined(ctx.o, oa[1], ob[0]) or joined(ctx.c, cb[1], ca[0]):
                continue
            if not (took_place(oa, cb) and took_place(ob, ca)):
                continue  # a clause moved ("in Paris said Berlin would" -> "Berlin will ..., in Paris said")
            done |= {ka, kb}
            otxt, ctxt = ctx.o.text[oa[2] : oa[3]], ctx.o.text[ob[2] : ob[3]]
            found = ctx.finding("role", "major", (oa[2], oa[3]), (cb[2], cb[3]), f"roles swapped: {otxt} ↔ {ctxt}",
                                  rule="role.names_swapped")
            out.append((found, {(oa[2], oa[3]), (ob[2], ob[3])}))
    return out


def _one_name(a: str, b: str) -> bool:
    """Two ways of writing one name: a spelling variant ("U.S." / "United States") or an
    acronym and its words ("QPR" / "Queens Park Rangers"): exchanged, nothing changed roles."""
    return bool(is_spelling_variant(a, b)) or spells_out(a, b) or spells_out(b, a)


# An exchange is looked for in windows of at most this many diff hunks and tokens a side.
EXCHANGE_OPS = 7
EXCHANGE_TOKENS = 40
# Word classes of the words between two exchanged phrases that give them their roles: a
# verb ("Scientists lowered projections" -> "Projections lowered scientists") or a
# preposition ("in Kathmandu, the capital of Nepal" -> "in Nepal, the capital of Kathmandu").
_LINKS = VERBS | {"IN", "TO", "RP"}


def _exchanged(ctx: _Ctx) -> list[Finding]:
    """Two noun phrases that changed places around the same words: the copy's run is the
    original's run A M B written B M A, where A and B are noun phrases (the tagger's word
    classes: a noun, pronoun or number and no clause-heading verb) and M, the words left in
    place between them, holds a verb or a preposition that gives them their roles ("the
    Pope blessed those present" -> "those present blessed the Pope"). Not a coordination
    reordered ("France and Greece" -> "Greece and France", a list's items), not two words of
    any class ("seen" <-> "bent"), not a phrase that moved alone (M would be empty)."""
    ops, o, c = ctx.ops, ctx.o, ctx.c
    changed = [k for k, op in enumerate(ops) if op[0] != "equal"]
    out: list[Finding] = []
    taken: list[tuple[int, int]] = []
    otags = ctags = None
    for x, p in enumerate(changed):
        for q in changed[x : x + EXCHANGE_OPS]:
            i1, i2, j1, j2 = ops[p][1], ops[q][2], ops[p][3], ops[q][4]
            n = i2 - i1
            if n != j2 - j1 or not 3 <= n <= EXCHANGE_TOKENS or any(i1 < b and a < i2 for a, b in taken):
                continue
            ow, cw = o.norms[i1:i2], c.norms[j1:j2]
            if ow == cw or sorted(ow) != sorted(cw):
                continue  # an exchange keeps every token
            for la, lb in _splits(ow, cw):
                a, b = (i1, i1 + la), (i2 - lb, i2)
                if not any(o.is_word(i) for i in range(a[1], b[0])):
                    continue
                if otags is None:
                    otags = tags(o)
                    if otags is None:
                        return out
                mid = range(a[1], b[0])
                if all(o.norms[i] in _JOIN or not o.is_word(i) for i in mid):
                    continue  # a coordination or a list reordered
                if not _links(o, otags, mid):
                    continue  # nothing between them that gives them roles
                # each a noun phrase where it stands on either side (the tagger reads a
                # sentence's first word "Rathbun" as a verb, the copy's "rathbun" as a noun)
                if ctags is None:
                    ctags = tags(c) or []
                ka, kb = j2 - la, j1  # where A and B stand in the copy
                if not ((noun_phrase(otags[a[0] : a[1]]) or noun_phrase(ctags[ka : ka + la]))
                        and (noun_phrase(otags[b[0] : b[1]]) or noun_phrase(ctags[kb : kb + lb]))):
                    continue
                sa, sb = o.span(*a), o.span(*b)
                if _one_name(_strip_the(o.text[sa[0]:sa[1]]), _strip_the(o.text[sb[0]:sb[1]])):
                    continue  # one name written two ways ("U.S." <-> "the United States")
                cb = c.span(j1, j1 + lb)  # the copy's phrase standing where A stood
                found = ctx.finding("role", "major", sa, cb,
                                    f"roles swapped: {o.text[sa[0]:sa[1]]} \u2194 {o.text[sb[0]:sb[1]]}",
                                    rule="role.phrases_swapped")
                out.append(found)
                taken.append((i1, i2))
                break
    return out


# "A is B" -> "B is A" says the same identity (or metaphor) the other way round.
_BE = frozenset("be is are was were been being am 's 're".split())


def _strip_the(text: str) -> str:
    return text[4:] if text[:4].lower() == "the " else text


def _links(side: _Side, t, mid: range) -> bool:
    """Do the words between two phrases give them roles: a verb or a preposition, or a noun
    with no coordinating word ("Smith, a former aide to Jones" -> "Jones, a former aide to
    Smith"; not a list's "Paris, Rome and Berlin")? A form of "be" alone does not: "the
    community are the crew" -> "the crew are the community" is the same identity."""
    if any(set(t[i]) & _LINKS and side.norms[i] not in _JOIN and side.norms[i] not in _BE for i in mid):
        return True
    return any(set(t[i]) & {"NN", "NNS", "NNP", "NNPS"} for i in mid) and not any(side.norms[i] in _JOIN for i in mid)


def _splits(ow: list[str], cw: list[str]):
    """(len A, len B) for every way to read ``ow`` as A M B and ``cw`` as B M A (M may be
    empty here; both A and B are not)."""
    n = len(ow)
    for la in range(1, n - 1):
        if ow[:la] != cw[n - la :]:
            continue
        for lb in range(1, n - la):
            if ow[n - lb :] == cw[:lb] and ow[la : n - lb] == cw[lb : n - la] and ow[:la] != ow[n - lb :]:
                yield la, lb


# Prepositions of direction: toward a place, or away from it.
_TOWARD = frozenset({("to",), ("into",), ("toward",), ("towards",), ("onto",)})
_AWAY = frozenset({("from",), ("out", "of"), ("away", "from"), ("off",)})
_OBJECT_START = frozenset({"DT", "PDT", "PRP$", "NN", "NNS", "NNP", "NNPS", "CD", "JJ", "PRP"})
_HEAD = frozenset({"NN", "NNS", "NNP", "NNPS", "PRP", "CD", "POS", "HYPH"})


def _object_end(t: list[tuple[str, ...]], i: int) -> int:
    """End token of the noun phrase starting at token i: its modifiers, then its nouns
    ("the United States", "the capital"; not "Ukraine last week")."""
    e, head = i, False
    while e < len(t) and e - i < 6:
        x = set(t[e])
        if head and not x & _HEAD:
            break
        if not x & (_OBJECT_START | _HEAD):
            break
        head = head or bool(x & (_HEAD - {"CD"}))
        e += 1
    return max(e, i + 1)


def _direction_flips(ctx: _Ctx) -> list[Finding]:
    """A preposition of direction turned around while its object stays ("sent to Ukraine"
    -> "sent from Ukraine", "into the city" -> "out of the city"): the diff replaces the
    preposition alone and keeps the word after it, which the tagger reads as the start of
    a noun phrase (not "to" before a verb), the preposition tagged as one on both sides."""
    o, c = ctx.o, ctx.c
    out: list[Finding] = []
    otags = ctags = None
    for k, (tag, i1, i2, j1, j2) in enumerate(ctx.ops):
        if tag != "replace" or k + 1 >= len(ctx.ops) or ctx.ops[k + 1][0] != "equal":
            continue
        ow, cw = tuple(o.norms[i1:i2]), tuple(c.norms[j1:j2])
        if not ((ow in _TOWARD and cw in _AWAY) or (ow in _AWAY and cw in _TOWARD)):
            continue
        if otags is None:
            otags, ctags = tags(o), tags(c)
            if otags is None or ctags is None:
                return out
        if "IN" not in otags[i2 - 1] or "IN" not in ctags[j2 - 1] or not set(otags[i2]) & _OBJECT_START:
            continue  # "to" before a verb; a particle; no noun phrase after it
        if i1 > 0 and (set(otags[i1 - 1]) & ADJECTIVES or o.norms[i1 - 1].startswith("differ")):
            continue  # the preposition an adjective takes ("different from" / "different to", "immune to")
        e = _object_end(otags, i2)
        obj = _text(o, i2, e)
        sa, sb = o.span(i1, e), c.span(j1, j2 + (e - i2))
        msg = f"direction changed: {_text(o, i1, i2)} {obj} \u2192 {_text(c, j1, j2)} {obj}"
        out.append(ctx.finding("role", "major", sa, sb, msg, rule="role.direction"))
    return out


def _text(side: _Side, i1: int, i2: int) -> str:
    a, b = side.span(i1, i2)
    return side.text[a:b]
