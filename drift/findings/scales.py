"""A word traded for another step of its scale: "charged" -> "convicted", "injured" ->
"killed", "talks" -> "agreement", "dozens" -> "hundreds", "often" -> "always". Both directions change the claim (a
conviction reported as a charge is as wrong as the reverse), so both are major `claim`
findings that say which scale moved."""

from __future__ import annotations

from collections import Counter

from ..types import Finding
from .ctx import _Ctx, overlaps

# Ordered steps of scales on which news states its facts; words of one step are
# interchangeable ("arrested" / "detained"), words of different steps are not. Single words,
# lower case, as the tokeniser gives them.
SCALES: dict[str, tuple[tuple[str, ...], ...]] = {
    "legal status": (
        ("suspected", "alleged"),
        ("accused",),
        ("arrested", "detained", "arrest", "arrests", "detention"),
        ("charged", "indicted", "prosecuted", "indictment"),
        ("convicted", "sentenced", "jailed", "imprisoned", "conviction", "convictions", "guilty"),
    ),
    "harm": (("injured", "wounded", "hurt", "injury", "injuries"),
             ("killed", "dead", "died", "death", "deaths", "fatalities", "killing", "killings"),
             ("murdered", "murder", "murders", "assassinated", "massacred")),  # a killing called a crime
    "damage": (("damaged",), ("destroyed",)),
    "amount": (("several", "some"), ("dozens", "scores"), ("hundreds",), ("thousands",), ("millions",), ("billions",)),
    "decision": (("considering", "considered", "discussing", "discussed", "talks", "negotiating", "negotiations"),
                 ("proposed", "proposal", "offered", "offer"),
                 ("agreed", "approved", "agreement", "deal", "decided", "signed", "adopted"),
                 ("enacted", "implemented")),
    "unrest": (("protest", "protests", "protesters", "demonstration", "demonstrations", "demonstrators"),
               ("riot", "riots", "rioters", "rioting")),
    "military action": (("raid", "raids", "incursion", "incursions", "skirmish", "skirmishes", "clash", "clashes"),
                        ("invasion", "war")),
    "censure": (("criticized", "criticised", "criticism", "criticizes", "criticises"),
                ("condemned", "condemnation", "condemns", "denounced", "denounces")),
    "frequency": (("never",), ("rarely", "seldom"), ("sometimes", "occasionally"), ("often", "frequently"),
                  ("usually",), ("always",)),
    # who the people were: fighters reported as civilians (or the reverse) is the classic
    # loaded change of conflict reporting
    "combatant status": (("civilians", "civilian", "noncombatants"),
                         ("troops", "soldiers", "militants", "fighters", "combatants", "insurgents", "gunmen")),
    # a figure or a report estimated, or established
    "verification": (("estimated", "rumoured", "rumored", "unconfirmed", "unverified"), ("confirmed", "verified")),
    # what was asked of someone, or imposed ("ordered" and "required" stand between and are
    # left out: one word of many languages is read both ways)
    "coercion": (("asked", "urged", "encouraged", "advised"), ("forced", "compelled", "coerced")),
    # a limit, or an end
    # how far a figure moved: "rose slightly" and "rose sharply" report different markets
    "degree": (("slightly", "slight", "marginally", "marginal", "modestly", "modest"),
               ("moderately", "moderate"),
               ("sharply", "sharp", "steeply", "steep", "dramatically", "dramatic", "substantially", "substantial",
                "considerably", "considerable", "significantly")),
    # a patient's condition as a hospital reports it
    "condition": (("stable", "satisfactory"), ("critical",)),
    "restriction": (("limited", "restricted", "curbed", "reduced", "slowed"),
                    ("banned", "prohibited", "outlawed", "eliminated", "abolished", "halted")),
}
_STEP = {w: (scale, k) for scale, steps in SCALES.items() for k, words in enumerate(steps) for w in words}
SCALE_HUNK = 4  # tokens a side, at most: a word replaced in place ("arrested on suspicion of" -> "charged with"), not a reworded stretch


def find_scale_changes(ctx: _Ctx, taken: list[tuple[int, int]] = ()) -> list[Finding]:
    """In a short replace hunk, an original word and a copy word on one scale at different
    steps, the original's step said fewer times in the copy and the copy's step more times
    than in the original (else a word of the step moved or was said otherwise: "died or was
    harmed" -> "injured or killed"; while a step said twice and changed once is a change:
    "an offer ... the deal" -> "a deal ... the deal"). ``taken``: original spans other
    findings already explain."""
    out: list[Finding] = []
    steps_o = Counter(_STEP[w] for w in ctx.o.norms if w in _STEP)
    steps_c = Counter(_STEP[w] for w in ctx.c.norms if w in _STEP)
    for tag, i1, i2, j1, j2 in ctx.ops:
        if tag != "replace" or i2 - i1 > SCALE_HUNK or j2 - j1 > SCALE_HUNK:
            continue
        for i in range(i1, i2):
            a = _STEP.get(ctx.o.norms[i])
            if a is None or steps_c[a] >= steps_o[a] or _counts(ctx.o.norms, i):
                continue  # its step still stands in the copy as often ("died or was harmed" -> "injured or killed")
            j = next((j for j in range(j1, j2) if (b := _STEP.get(ctx.c.norms[j])) is not None
                      and b[0] == a[0] and b[1] != a[1] and steps_o[b] < steps_c[b] and not _counts(ctx.c.norms, j)), None)
            if j is None:
                continue
            ospan = ctx.o.span(i, i + 1)
            if overlaps(ospan, taken):
                break
            out.append(ctx.finding("claim", "major", ospan, ctx.c.span(j, j + 1),
                                   f"{a[0]} changed: {ctx.o.toks[i][0]} → {ctx.c.toks[j][0]}", rule="claim.scale_step"))
            break
    return out


_NUMBER_WORDS = frozenset({"dozen", "hundred", "thousand", "million", "billion", "hundreds", "thousands", "millions"})


def _counts(norms: list[str], i: int) -> bool:
    """The word counts a number after it ("several hundred", "some thousands", "some 250"):
    part of a number phrase, which the number rules read, not a step of the amount scale."""
    return i + 1 < len(norms) and (norms[i + 1] in _NUMBER_WORDS or norms[i + 1][:1].isdigit())
