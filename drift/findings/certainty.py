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
then reported done, or the reverse, and that is major. A probability or intention traded for
a plain future in place ("plans to" -> "will", "likely to" -> "going to"; a schedule such as
"set to" stays minor) is major, and so is a "would" traded for a "will" (or the reverse)
where nothing reports or conditions it ("the plan would cost" -> "the plan will cost"; not
"said they would", "says that it would", "if ..., it would"). Like every typed finding, a
major one stands only where the judge's calibration confirms it. `aspect_only` tells the
judge when a copy only moved verbs between the simple past and a perfect ("became" -> "had
become"): the same past event, which the pair model's P(major) alone does not make major.
"""

from __future__ import annotations

from ..types import Finding
from .ctx import _Ctx
from .lexicon import _FUNCTION_WORDS, IRREGULAR_PARTICIPLES, IRREGULAR_PAST, _verb_table, base_forms, load_nouns
from .numbers import _maybe_number_word
from .tokens import _Side

# Expectation, intention and report phrases: the event has not (or not surely) happened.
# "likely": a probability, belief or appearance (how sure the reporter is); "intend": what
# someone means to do; "sched": what is arranged or about to happen (as sure as "will").
_EXPECT_CLASSES = {
    "likely": ("expected to", "expects to", "likely to", "unlikely to", "is believed to", "are believed to",
               "was believed to", "believed to", "said to be", "appears to", "appeared to", "seems to", "seemed to",
               "is thought to", "are thought to", "estimated to"),
    "intend": ("plans to", "planned to", "plan to", "planning to", "intends to", "intended to", "intend to",
               "aims to", "aimed to", "hopes to", "hoped to", "hoping to"),
    "sched": ("set to", "poised to", "about to", "scheduled to", "slated to", "going to", "due to be"),
}
_EXPECT = tuple((tuple(p.split()), k) for k, ps in _EXPECT_CLASSES.items() for p in ps)
# Hedging words: the claim is reported, not established.
_HEDGE = frozenset(
    "reportedly allegedly apparently possibly probably perhaps seemingly purportedly supposedly "
    "alleged suspected presumably maybe likely".split()
)
# Modal verbs by strength: a change between classes changes how sure the claim is.
_MODAL = {"will": "sure", "would": "sure", "shall": "sure", "'ll": "sure", "must": "sure",
          "can": "possible", "could": "possible", "may": "possible", "might": "possible", "should": "possible"}


# Before a noun, not a subject: "a long-term plan to", "its plans to", "the company's aim to".
_NOUN_BEFORE = frozenset("a an the this that these those its their his her our your my whose new".split())


def _noun_use(norms: list[str], i: int) -> bool:
    """Whether "plan(s)/aim(s)/hope(s) to" at token ``i`` is a noun with its infinitive (after
    an article, a possessive or a hyphenated adjective: "a long-term plan to become"), which
    names an intention as "strategy to" or "goal to" do, not a subject's verb. Still a cue
    against another ("their plans to live" -> "they plan to live", or "will live")."""
    if norms[i] not in ("plan", "plans", "aim", "aims", "hope", "hopes") or i == 0:
        return False
    before = norms[i - 1]
    return before in _NOUN_BEFORE or before.endswith(("'s", "s'")) or ("-" in before and before[0].isalpha())


def _estimated_figure(norms: list[str], i: int, phrase: tuple[str, ...]) -> bool:
    """"estimated to be 7km deep": an approximate figure ("about 7km"), which the number
    rule reads, not a belief about an event."""
    k = i + len(phrase)
    return phrase == ("estimated", "to") and k + 1 < len(norms) and norms[k] == "be" and _maybe_number_word(norms[k + 1])


_BE = frozenset("is are was were be been being 's 're".split())


def _due_to_verb(norms: list[str], i: int) -> bool:
    """"(is) due to" + a bare verb: arranged, as "scheduled to" ("are due to meet"), not the
    cause of "due to rain" or "is due to staff shortages": a word the noun table counts as a
    noun is a verb only with a function word after it ("due to land at 6 pm")."""
    if not (0 < i and i + 2 < len(norms) and norms[i] == "due" and norms[i + 1] == "to" and norms[i - 1] in _BE):
        return False
    w = norms[i + 2]
    after = norms[i + 3] if i + 3 < len(norms) else ""
    return w in _verb_table()[0] and (w not in load_nouns() or after in _FUNCTION_WORDS)


def _cues(side: _Side, i1: int, i2: int) -> list[tuple[str, str, int, int]]:
    """(class, cue words, first token, end token) of the cues starting inside tokens [i1, i2)."""
    norms = side.norms
    out = []
    i = i1
    while i < i2:
        hit = None
        for phrase, sub in _EXPECT:
            if tuple(norms[i : i + len(phrase)]) == phrase and not _estimated_figure(norms, i, phrase):
                hit = ("expect:" + sub, " ".join(phrase), i, i + len(phrase))
                break
        if hit is None and _due_to_verb(norms, i):
            hit = ("expect:sched", "due to", i, i + 2)
        if hit is None and norms[i] in _HEDGE:
            hit = ("hedge", norms[i], i, i + 1)
        if hit is None and norms[i] in _MODAL:
            hit = ("modal:" + _MODAL[norms[i]], norms[i], i, i + 1)
        if hit is None and norms[i].endswith("'ve") and norms[i][:-3] in _MODAL:  # "could've"
            hit = ("modal:" + _MODAL[norms[i][:-3]], norms[i][:-3], i, i + 1)
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
        # a plan named as a noun against no cue at all: another word for the intention
        # ("a long-term strategy to become" -> "a long-term plan to become"), nothing changed
        co, cc = ([x for x in co if cc or not _noun_use(o.norms, x[2])],
                  [x for x in cc if co or not _noun_use(c.norms, x[2])])
        # a cue word the diff kept on both sides ("expected to" -> "sent to": "to" is equal)
        # was read whole above; cues only inside equal runs are unchanged
        classes_o = {k for k, *_ in co}
        classes_c = {k for k, *_ in cc}
        coarse_o, coarse_c = {_coarse(k) for k in classes_o}, {_coarse(k) for k in classes_c}
        gone = (coarse_o ^ coarse_c) & {"expect", "hedge"}
        if "expect" in gone and (_intends(o, (i1, i2)) if "expect" in coarse_c else _intends(c, (j1, j2))):
            gone.discard("expect")  # "aims to double" -> "wants to double": the intention said otherwise
        # an expectation or hedge whose other side has no cue at all: expected -> done
        strong = bool(gone) and not (classes_o and classes_c)
        # a probability or intention traded for a plain future: "plans to" -> "will",
        # "likely to" -> "going to"
        # a cue replaced, not a reworded stretch: one word a side at most beside the cues
        short = _bare(o, i1, i2, co) <= 1 and _bare(c, j1, j2, cc) <= 1
        traded = short and (_traded(co, cc) or _traded(cc, co))
        strong = strong or traded
        mo = {k for k in classes_o if k.startswith("modal:")}
        mc = {k for k in classes_c if k.startswith("modal:")}
        tense = False
        if mo and mc:
            strong = strong or mo != mc  # "may" -> "will"
            # "would" -> "will" where nothing reported it: a hypothetical made a plan
            strong = strong or (max(i2 - i1, j2 - j1) <= WOULD_HUNK and _would_will(ctx, co, cc))
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
        elif not gone and not traded:
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
            msg, rule = f"tense changed: {otxt} → {ctxt}", "certainty.tense"
        elif strong:
            sev = "major"
            if otxt and ctxt:
                msg, rule = f"certainty changed: {otxt} → {ctxt}", "certainty.changed"
            else:
                what = "hedge" if "hedge" in gone else "expectation"
                msg = f"{what} dropped: {otxt}" if otxt else f"{what} added: {ctxt}"
                rule = f"certainty.{what}_{'dropped' if otxt else 'added'}"
        else:
            sev = "minor"
            msg = f"modality changed: {otxt or '(nothing)'} → {ctxt or '(nothing)'}"
            rule = "certainty.modality"
        out.append(ctx.finding("certainty", sev, ospan, cspan, msg, rule=rule))
    return out


# Verbs of wanting or trying before an infinitive: not cues of their own (an intention reworded
# as "would like to" is a translator's choice), but where the other side names an intention
# ("aims to", "plans to"), they name it too.
_INTENDS = frozenset({("want", "to"), ("wants", "to"), ("wanted", "to"), ("seek", "to"), ("seeks", "to"), ("sought", "to"),
            ("seeking", "to"), ("wish", "to"), ("wishes", "to"), ("wished", "to"), ("like", "to"), ("strive", "to"),
            ("strives", "to"), ("striving", "to"), ("try", "to"), ("tries", "to"), ("trying", "to"),
            ("determined", "to"), ("committed", "to"), ("intention", "to"), ("goal", "to"), ("strategy", "to"),
            ("bid", "to"), ("effort", "to"), ("efforts", "to"), ("ambition", "to")})


def _intends(side: _Side, span: tuple[int, int]) -> bool:
    """Whether tokens [span) of ``side`` (the side with no expectation cue), or the token
    either side, hold a verb or noun of intention before an infinitive ("wants to", "a
    strategy to")."""
    a, b = span
    norms = side.norms
    return any(tuple(norms[i:i + 2]) in _INTENDS for i in range(max(a - 1, 0), min(b + 1, len(norms) - 1)))


def _coarse(k: str) -> str:
    return "expect" if k.startswith("expect:") else k


_UNSURE = frozenset({"expect:likely", "expect:intend", "hedge", "modal:possible"})


def _traded(a, b) -> bool:
    """Is a probability or intention on side ``a`` ("plans to", "likely to") a plain future
    on side ``b`` ("will", "going to"), with no other hedge left there?"""
    kinds = {k for k, *_ in a}
    if not kinds & {"expect:likely", "expect:intend"} or _future(a) or _going(a):
        return False
    # "going to" is a plan as much as a forecast: only a probability made it certain
    sure = _future(b) or (_going(b) and "expect:likely" in kinds)
    return sure and not any(k in _UNSURE for k, *_ in b)


def _bare(side: _Side, i1: int, i2: int, cues) -> int:
    """Words of tokens [i1, i2) outside the cues."""
    inside = {i for *_, a, b in cues for i in range(a, b)}
    return sum(1 for i in range(i1, i2) if i not in inside and side.is_word(i))


def _going(cues) -> bool:
    return any(w == "going to" for _, w, *_ in cues)


# Words that make a "would" hypothetical or conditional on both sides alike ("if it were
# empty, it would look like this" -> "... it will look like this" is a translator's licence).
_CONDITION = frozenset("if unless whether wish suppose supposing imagine lest".split())


def _would_will(ctx, co, cc) -> bool:
    """"would" on one side where the other has a future "will": the hypothetical ("the plan
    would cost $5bn") became a plan ("will cost"), or the reverse. Not in reported speech (a
    past verb before it in its sentence: "said they would build" -> "will build") nor in a
    condition ("if ..., it would"), on either side."""
    def one(side, cues):
        ws = [a for k, w, a, _ in cues if w == "would"]
        return ws[0] if ws else None

    wo, wc = one(ctx.o, co), one(ctx.c, cc)
    if (wo is None) == (wc is None):
        return False
    if not (_future(cc) if wo is not None else _future(co)):
        return False
    if any(w == "would" for _, w, *_ in (cc if wo is not None else co)):
        return False
    from .wordclass import tags

    for side, cues in ((ctx.o, co), (ctx.c, cc)):
        at = next(a for k, w, a, _ in cues if k == "modal:sure")
        start = max([i for i in side.starts if i <= at], default=0)
        end = min([i for i in side.starts if i > at], default=len(side.toks))
        if any(side.norms[i] in _CONDITION for i in range(start, end)):
            return False
        t = tags(side)
        if t is None or any("VBD" in t[i] or _reported(side, t, i) for i in range(start, at)):
            return False  # a past verb, or a verb's "that" clause, before it: reported ("says that it would")
    return True


def _reported(side: _Side, t, i: int) -> bool:
    """Is token i the "that" of a verb's clause ("says that", "believes that"; not a noun's
    "no doubt that", "the same effect that")?"""
    return side.norms[i] == "that" and "IN" in t[i] and i > 0 and any(x.startswith("VB") for x in t[i - 1])


def _verb_change(side: _Side, i1: int, i2: int) -> bool:
    """Does the changed run hold a word other than a modal: "are pushing" -> "would push"."""
    return any(side.is_word(i) and side.norms[i] not in _MODAL for i in range(i1, i2))


_FUTURE = frozenset(("will", "shall", "'ll"))
TENSE_HUNK = 3
WOULD_HUNK = 2  # "would" -> "will", "would have" -> "will have"
# Irregular past forms of common verbs (regular ones end in -ed); past participles that are
# also the past form ("made", "said") count, as "has made" is as done as "made".
_PAST = frozenset(IRREGULAR_PAST)


def _future(cues) -> bool:
    return any(k == "modal:sure" and w in _FUTURE for k, w, *_ in cues)


def _past_word(w: str) -> bool:
    """A past form: irregular ("began", "made") or regular ("added")."""
    return w in _PAST or (w.endswith("ed") and len(w) > 4 and w.isalpha())


def _past(side: _Side, i1: int, i2: int) -> bool:
    """A past verb form in tokens [i1, i2) and no modal: "added", "began", "had"."""
    words = side.norms[i1:i2]
    if any(w in _MODAL for w in words):
        return False
    return any(_past_word(w) for w in words)



# The perfect's auxiliary: "had become" is "became" told from a later point, the same event.
_PERFECT = frozenset(("has", "have", "had"))
_ARTICLES = frozenset(("the", "a", "an"))
_WAS = frozenset(("was", "were"))


def aspect_only(original: str, copy: str) -> bool:
    """Does the copy say what the original says with verbs only moved between the simple past
    and a perfect ("the river became" -> "the river had become", "has said" -> "said", "has
    grown" -> "had grown"), articles aside? Both tell the same past event: translators and
    editors trade them freely, and the tense rule reads them as the same time."""
    def words(text: str) -> list[str]:
        side = _Side(text)
        return [w for k, w in enumerate(side.norms) if side.is_word(k) and w not in _ARTICLES]

    o, c = words(original), words(copy)

    def participle(w: str) -> bool:  # "grown", "said", "added", "been"
        return w == "been" or _past_word(w) or w in IRREGULAR_PARTICIPLES

    def one_verb(past: str, part: str) -> bool:  # "became" and "become", "said" and "said"
        return _past_word(past) and (participle(part) or IRREGULAR_PAST.get(past) == part) \
            and bool(set(base_forms(past, comparatives=False)) & set(base_forms(part, comparatives=False)))

    i = j = 0
    changed = False
    while i < len(o) and j < len(c):
        if o[i] == c[j]:
            i, j = i + 1, j + 1
        elif o[i] in _PERFECT and c[j] in _PERFECT and i + 1 < len(o) and o[i + 1:i + 2] == c[j + 1:j + 2] \
                and participle(o[i + 1]):
            i, j, changed = i + 1, j + 1, True  # "has grown" -> "had grown", not "had a car" -> "has a car"
        elif o[i] in _WAS and c[j] in _PERFECT and c[j + 1:j + 2] == ["been"]:
            i, j, changed = i + 1, j + 2, True  # "was elected" -> "has been elected"
        elif c[j] in _WAS and o[i] in _PERFECT and o[i + 1:i + 2] == ["been"]:
            i, j, changed = i + 2, j + 1, True
        elif c[j] in _PERFECT and j + 1 < len(c) and one_verb(o[i], c[j + 1]):
            i, j, changed = i + 1, j + 2, True  # "became" -> "had become"
        elif o[i] in _PERFECT and i + 1 < len(o) and one_verb(c[j], o[i + 1]):
            i, j, changed = i + 2, j + 1, True  # "has said" -> "said"
        else:
            return False
    return changed and i == len(o) and j == len(c)
