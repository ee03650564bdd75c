"""Roles: names that stayed but changed what they are in the sentence ("delivered to Ukraine
by Poland" -> "delivered to Poland by Ukraine", "from Warsaw to Kyiv" -> "from Kyiv to
Warsaw"). A name replaced by another name is the name detector's (it words its message the
same way: "destination changed: Ukraine -> the United States")."""

from __future__ import annotations

from ..types import Finding
from .ctx import _Ctx
from .names import role_before
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
    out: list[Finding] = []
    for role in sorted(ro.keys() & rc.keys()):
        if len(ro[role]) != 1 or len(rc[role]) != 1:
            continue
        (ko, so, ao), (kc, sc, ac) = ro[role][0], rc[role][0]
        if ko != kc and ko in keys_c and kc in keys_o:
            otxt, ctxt = ctx.o.text[so[0] : so[1]], ctx.c.text[sc[0] : sc[1]]
            out.append(ctx.finding("role", "major", so, sc, f"{role} changed: {ao}{otxt} → {ac}{ctxt}"))
    return out
