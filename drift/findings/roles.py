"""Roles: names that stayed but changed what they are in the sentence ("delivered to Ukraine
by Poland" -> "delivered to Poland by Ukraine", "from Warsaw to Kyiv" -> "from Kyiv to
Warsaw"), and a new name put in a role whose old name still stands elsewhere in the copy
("more to Ukraine before he leaves" -> "more to the United States ... Ukraine out of"):
the role's preposition is the same word in the same place of both sides (the diff keeps
it), the name after it is not. A name replaced by another name that vanished is the name
detector's (it words its message the same way: "destination changed: Ukraine -> the
United States")."""

from __future__ import annotations

from ..types import Finding
from .ctx import _Ctx
from .names import is_spelling_variant, role_before
from .tokens import _Side


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
    out: list[Finding] = _replaced_in_place(ctx, runs_o, runs_c, keys_o, keys_c)
    for role in sorted(ro.keys() & rc.keys()):
        if len(ro[role]) != 1 or len(rc[role]) != 1:
            continue
        (ko, so, ao), (kc, sc, ac) = ro[role][0], rc[role][0]
        if ko != kc and ko in keys_c and kc in keys_o:
            otxt, ctxt = ctx.o.text[so[0] : so[1]], ctx.c.text[sc[0] : sc[1]]
            out.append(ctx.finding("role", "major", so, sc, f"{role} changed: {ao}{otxt} → {ac}{ctxt}"))
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
        otxt, ctxt = ctx.o.text[start:end], ctx.c.text[cs:ce]
        if is_spelling_variant(otxt, ctxt):
            continue
        out.append(ctx.finding("role", "major", (start, end), (cs, ce), f"{role[0]} changed: {role[1]}{otxt} \u2192 {crole[1]}{ctxt}"))
    return out
