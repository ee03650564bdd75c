"""Certainty: how sure the sentence is that something happened. A copy that turns "expected
to reinforce" into "sent to reinforce", drops "reportedly", or makes "may" a "will" states
as fact what the original only expected, reported or thought possible (or the reverse).

The cues are general English (expectation and intention phrases, hedging adverbs, modal
verbs), read where the word diff changed something: a cue present on one side of a changed
run and absent from the other. Modals of the same strength ("will"/"would", "can"/"could"/
"may"/"might") are interchangeable in reported speech and not reported. An expectation or
hedge that vanishes with no cue left in its place ("expected to reinforce" -> "sent to
reinforce"), or appears where there was none, or a modal of the other strength ("may" ->
"will"), is major: the claim's status changed. An expectation traded for a modal ("will
resume" -> "are set to resume") and a modal that appears or vanishes beside a changed verb
("are pushing" -> "would push") are minor, unless a future "will" trades places with a past
form in a short run ("will add" -> "added", "started" -> "will start"): what was announced is
then reported done, or the reverse, and that is major. Like every typed finding, a major one stands only where the judge's calibration
confirms it.
"""

from __future__ import annotations

from ..types import Finding
from .ctx import _Ctx
from .tokens import _Side

# Expectation, intention and report phrases: the event has not (or not surely) happened.
_EXPECT = tuple(tuple(p.split()) for p in (
    "expected to", "expects to", "set to", "plans to", "planned to", "plan to", "planning to",
    "intends to", "intended to", "intend to", "aims to", "aimed to", "likely to", "unlikely to",
    "poised to", "about to", "scheduled to", "slated to", "hopes to", "hoped to", "hoping to",
    "going to", "due to be", "is believed to", "are believed to", "was believed to", "believed to",
    "said to be", "appears to", "appeared to", "seems to", "seemed to", "is thought to", "are thought to",
))
# Hedging words: the claim is reported, not established.
_HEDGE = frozenset(
    "reportedly allegedly apparently possibly probably perhaps seemingly purportedly supposedly "
    "alleged suspected presumably maybe".split()
)
# Modal verbs by strength: a change between classes changes how sure the claim is.
_MODAL = {"will": "sure", "would": "sure", "shall": "sure", "'ll": "sure", "must": "sure",
          "can": "possible", "could": "possible", "may": "possible", "might": "possible", "should": "possible"}


def _cues(side: _Side, i1: int, i2: int) -> list[tuple[str, str, int, int]]:
    """(class, cue words, first token, end token) of the cues starting inside tokens [i1, i2)."""
    norms = side.norms
    out = []
    i = i1
    while i < i2:
        hit = None
        for phrase in _EXPECT:
            if tuple(norms[i : i + len(phrase)]) == phrase:
                hit = ("expect", " ".join(phrase), i, i + len(phrase))
                break
        if hit is None and norms[i] in _HEDGE:
            hit = ("hedge", norms[i], i, i + 1)
        if hit is None and norms[i] in _MODAL:
            hit = ("modal:" + _MODAL[norms[i]], norms[i], i, i + 1)
        if hit:
            out.append(hit)
            i = hit[3]
        else:
            i += 1
    return out


def find_certainty_changes(ctx: _Ctx) -> list[Finding]:
    out: list[Finding] = []
    o, c = ctx.o, ctx.c
    for tag, i1, i2, j1, j2 in ctx.ops:
        if tag == "equal":
            continue
        co, cc = _cues(o, i1, i2), _cues(c, j1, j2)
        # a cue word the diff kept on both sides ("expected to" -> "sent to": "to" is equal)
        # was read whole above; cues only inside equal runs are unchanged
        classes_o = {k for k, *_ in co}
        classes_c = {k for k, *_ in cc}
        gone = (classes_o ^ classes_c) & {"expect", "hedge"}
        # an expectation or hedge whose other side has no cue at all: expected -> done
        strong = bool(gone) and not (classes_o and classes_c)
        mo = {k for k in classes_o if k.startswith("modal:")}
        mc = {k for k in classes_c if k.startswith("modal:")}
        tense = False
        if mo and mc:
            strong = strong or mo != mc  # "may" -> "will"
            if not strong and not gone:
                continue
        elif not gone and (mo or mc):
            if not (_verb_change(o, i1, i2) and _verb_change(c, j1, j2)):
                continue  # a modal beside no changed verb on both sides
            # "will add" -> "added", "started" -> "will start": what was announced is now
            # reported done, or the reverse; the claim's status changed
            # (a verb phrase replaced, not a reworded stretch: at most TENSE_HUNK tokens a side)
            tense = max(i2 - i1, j2 - j1) <= TENSE_HUNK and (_future(co) and _past(c, j1, j2) or _future(cc) and _past(o, i1, i2))
            strong = tense
        elif not gone:
            continue
        # a cue running past the changed run ("expected" -> "sent", "to" kept) widens both
        # sides alike, to the cue's end and the verb it governs: "expected to reinforce" ->
        # "sent to reinforce"
        k = max(max([i2] + [e for *_, e in co]) - i2, max([j2] + [e for *_, e in cc]) - j2)
        k = k + 1 if k else 0
        oa, ob = i1, min(len(o.toks), i2 + k)
        ca, cb = j1, min(len(c.toks), j2 + k)
        ospan = o.span(oa, ob) if oa < ob else None
        cspan = c.span(ca, cb) if ca < cb else None
        otxt = o.text[ospan[0] : ospan[1]] if ospan else ""
        ctxt = c.text[cspan[0] : cspan[1]] if cspan else ""
        if tense:
            sev = "major"
            msg = f"tense changed: {otxt} → {ctxt}"
        elif strong:
            sev = "major"
            if otxt and ctxt:
                msg = f"certainty changed: {otxt} → {ctxt}"
            else:
                what = "hedge" if "hedge" in gone else "expectation"
                msg = f"{what} dropped: {otxt}" if otxt else f"{what} added: {ctxt}"
        else:
            sev = "minor"
            msg = f"modality changed: {otxt or '(nothing)'} → {ctxt or '(nothing)'}"
        out.append(ctx.finding("certainty", sev, ospan, cspan, msg))
    return out


def _verb_change(side: _Side, i1: int, i2: int) -> bool:
    """Does the changed run hold a word other than a modal: "are pushing" -> "would push"."""
    return any(side.is_word(i) and side.norms[i] not in _MODAL for i in range(i1, i2))


_FUTURE = frozenset(("will", "shall", "'ll"))
TENSE_HUNK = 3
# Irregular past forms of common verbs (regular ones end in -ed); past participles that are
# also the past form ("made", "said") count, as "has made" is as done as "made".
_PAST = frozenset(
    "was were had did said made went came took gave got began became brought bought built chose drew drove "
    "fell felt fought found flew forgot grew held hit kept knew led left lost met paid put ran rose saw sent "
    "set shot sold spoke spent stood struck thought told understood won wrote".split()
)


def _future(cues) -> bool:
    return any(k == "modal:sure" and w in _FUTURE for k, w, *_ in cues)


def _past(side: _Side, i1: int, i2: int) -> bool:
    """A past verb form in tokens [i1, i2) and no modal: "added", "began", "had"."""
    words = side.norms[i1:i2]
    if any(w in _MODAL for w in words):
        return False
    return any(w in _PAST or (w.endswith("ed") and len(w) > 4 and w.isalpha()) for w in words)

