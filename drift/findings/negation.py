"""Negation and antonym flips ("did" -> "did not", increase/decrease), and changed roles or directions ("to Ukraine" -> "to the United States")."""

from __future__ import annotations

from collections import Counter
from functools import lru_cache

from ..types import Finding
from .ctx import _Ctx, overlaps
from .lexicon import _verb_table, base_forms
from .tokens import _Side

_NEG_WORDS = frozenset(
    "not no never without none neither nor nobody nothing nowhere cannot lack lacks lacked lacking".split()
)
# "isn't" typed without its apostrophe is still a negation (a spelling slip, not a flip).
_BARE_NT = frozenset(
    "isnt arent wasnt werent dont doesnt didnt cant couldnt wont wouldnt shouldnt hasnt havent hadnt "
    "mustnt neednt aint".split()
)


# "refuse to" + a verb, "decline to" + a verb of saying or giving (not "declined to 5%": a fall)
_REFUSE = frozenset("refuse refuses refused refusing".split())
_DECLINE = frozenset("decline declines declined declining".split())
_DECLINE_WHAT = frozenset("comment say discuss elaborate answer confirm deny give name specify disclose reveal identify "
                          "respond speak explain provide release sign attend testify".split())
_CORRELATIVE = frozenset({"also", "but"})  # "not just X ... (but) also Y": X is still said
# "has yet to", "is yet to": not (yet) done, a negation without "not"
_YET_BEFORE = frozenset("has have had is are was were 's remain remains remained".split())


def _negation_cues(side: _Side) -> list[int]:
    """Token indices of polarity cues: not, n't, no, never, without, fail(ed) to, lack ..."""
    if side.neg is not None:
        return side.neg
    out = side.neg = []
    norms = side.norms
    for i, t in enumerate(norms):
        nxt = norms[i + 1] if i + 1 < len(norms) else ""
        if t in _NEG_WORDS:
            if t == "not" and (nxt == "only" or (nxt in ("just", "merely") and not _CORRELATIVE.isdisjoint(norms[i + 2:]))):
                continue  # "not only ... but also", "not just ... (it is) also" keep polarity; "is not just a test" does not
            if t == "no" and side.toks[i][0] == "No" and nxt == ".":
                continue  # "No. 1"
            out.append(i)
        elif t.endswith("n't") or t in _BARE_NT:
            out.append(i)
        elif t in ("fail", "fails", "failed", "failing") and nxt == "to":
            out.append(i)
        elif nxt == "to" and i + 2 < len(norms) and (
                (t in _REFUSE and norms[i + 2] in _verb_table()[0]) or (t in _DECLINE and norms[i + 2] in _DECLINE_WHAT)):
            out.append(i)  # "refused to pay" is "did not pay", "declined to comment" "did not comment"
        elif t == "yet" and nxt == "to" and i > 0 and norms[i - 1] in _YET_BEFORE:
            out.append(i)  # "has yet to start" is "has not started yet"
    return out


_LOST_LIGATURES = ("fi", "fl", "ff", "ffi", "ffl")


def _ligature_split(side: _Side, i: int, other: _Side) -> bool:
    """A bare "cant", "dont" ... that is the tail of a word whose ligature a PDF extraction
    lost, leaving a space: "signi cant" is "significant" (the other side's word), no "can't"."""
    if side.norms[i] not in _BARE_NT or i == 0 or side.toks[i][1] - side.toks[i - 1][2] > 1:
        return False
    head = side.norms[i - 1]
    return head.isalpha() and any(head + lig + side.norms[i] in other.norms for lig in _LOST_LIGATURES)


# Direction lexicon: word -> {axis: +1/-1}. A flip is the same axis with opposite signs in
# the same diff hunk. Kept small and generic: quantity, support, permission, existence,
# seeking, quality, outcome, and a few polar adjectives/prepositions.
_AXES: dict[str, dict[str, int]] = {}


def _axis(name: str, plus: str, minus: str) -> None:
    for w in plus.split():
        _AXES.setdefault(w.replace("_", " "), {})[name] = 1
    for w in minus.split():
        _AXES.setdefault(w.replace("_", " "), {})[name] = -1


_axis("amount",
      "increase raise boost rise rose risen grow grew grown expand surge soar climb jump strengthen bolster "
      "intensify escalate heighten enhance accelerate step_up ramp_up swell widen deepen maximize double triple gain",
      "decrease reduce lower cut fall fell fallen drop decline shrink shrank plunge slump sink sank tumble "
      "weaken diminish dwindle slow decelerate de-escalate narrow minimize halve curb scale_back cut_back contract "
      "ease slip dip")
_axis("support",
      "encourage promote inspire foster spur stimulate facilitate support favor favour endorse champion advocate",
      "discourage stifle hinder hamper impede obstruct undermine limit restrict restrain suppress inhibit oppose "
      "resist fight_against combat counter thwart")
_axis("permission",
      "allow permit approve authorize authorise accept legalize legalise grant sign ratify uphold upheld",
      "ban forbid prohibit reject refuse deny veto outlaw disallow overturn overrule quash")
_axis("existence",
      "add restore install build create establish introduce reinstate preserve maintain retain start begin launch resume "
      "go_ahead went_ahead goes_ahead proceed",
      "remove eliminate abolish destroy dismantle scrap demolish end stop halt cease terminate cancel suspend withdraw withdrew withdrawn "
      "call_off called_off calls_off")
_axis("seek", "seek pursue secure ensure guarantee embrace welcome attract", "avoid prevent shun evade")
_axis("quality",
      "better best good superior preferred prefer improve positive strong stronger strongest success succeed "
      "benefit advantage rich wealthy high higher highest",
      "worse worst bad inferior worsen negative weak weaker weakest failure harm disadvantage poor low lowest")
_axis("outcome", "win won victory gain profit surplus survive elect", "lose lost loss defeat deficit")
_axis("rank", "promote", "relegate demote")
_axis("employment", "hire recruit", "fire sack lay_off laid_off")
_axis("severity", "mild minor", "severe serious")
_axis("life", "survive survivor survivors alive", "die died dead perish")
_axis("truth", "true legal guilty", "false illegal innocent")
_axis("relation", "ally allies friend friends", "enemy enemies foe foes")
_axis("share", "majority maximum most more", "minority minimum least less fewer")
_axis("order", "before", "after")
_axis("imposition", "impose declare extend", "lift")  # a curfew, a ban, an emergency
_axis("assertion", "confirm admit acknowledge", "deny")
_axis("stance", "for", "against")  # voted for / against
_axis("open", "open reopen", "close shut")
_axis("union", "unite reunite join merge", "separate split divide")
_axis("violence", "peaceful nonviolent", "violent")
_axis("ns", "north northern", "south southern")
_axis("ew", "east eastern", "west western")
_axis("agree", "agree include import accept", "disagree exclude export reject except")
_axis("hospital", "admit admitted", "discharge")
# a departure of one's own accord, or a removal ("resigned" / "was sacked")
_axis("departure", "resign resigned quit step_down stepped_down steps_down", "fire sack dismiss oust")
_axis("flight", "land landed", "crash crashed")  # a plane that landed, or crashed


# WordNet's direct antonyms (drift/data/antonyms.tsv, built by models/build_antonyms.py from
# Princeton WordNet 3.0): a broader, general table for one-word substitutions, where the
# hand-made axes above are the curated core. Only short hunks are read against it (a word or
# two replaced, not a reworded stretch where two antonyms can stand for different things).
WORDNET_HUNK = 3  # tokens a side, at most
AXIS_HUNK = 6  # tokens a side, at most, of a replaced stretch whose direction words can flip

# Rules of a negation cue on one side only (drift.findings._without_clause_negations reads them)
NEGATION_REMOVED = "negation.removed"
NEGATION_ADDED = "negation.added"

# Deictic pairs are the speaker's vantage point, not the claim ("come here" / "go there" tell
# the same event from two places; translators pick either): never a reversal on their own.
_DEICTIC = frozenset("come comes coming came go goes going went gone bring brings bringing brought take takes "
                     "taking took taken here there".split())


@lru_cache(maxsize=1)
def _wordnet_antonyms() -> dict[str, frozenset[str]]:
    from pathlib import Path

    path = Path(__file__).resolve().parents[1] / "data" / "antonyms.tsv"
    table: dict[str, set[str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        a, b, _ = line.split("\t")
        table.setdefault(a, set()).add(b)
        table.setdefault(b, set()).add(a)
    return {w: frozenset(v) for w, v in table.items()}


def wordnet_antonyms(a: str, b: str) -> bool:
    """Whether two words are WordNet antonyms (or inflections of a pair: larger / smaller)."""
    table = _wordnet_antonyms()
    fb = set(base_forms(b))
    return any(table.get(x, frozenset()) & fb for x in base_forms(a))


@lru_cache(maxsize=1 << 16)
def _lemma(w: str) -> str:
    """The axes' entry the word inflects (preferred -> prefer, stopped -> stop), or the word."""
    return next((b for b in base_forms(w, comparatives=False, min_stem=3) if b in _AXES), w)


def _opposed(a: str, b: str) -> bool:
    """Two axes entries at opposite ends of one axis (increase / decrease)."""
    return any(_AXES.get(b, {}).get(ax) == -sg for ax, sg in _AXES.get(a, {}).items())


def _polar_words(side: _Side, i1: int, i2: int) -> list[tuple[str, int, int]]:
    """(lemma, token start, token end) of lexicon words in tokens [i1, i2), bigrams too."""
    out = []
    norms = side.norms
    for i in range(i1, i2):
        if i + 1 < len(norms) and norms[i + 1] == "than":
            continue  # "more than 7,000": a number hedge, judged by find_number_changes
        if i + 1 < i2:
            big = f"{_lemma(norms[i])} {norms[i + 1]}"
            if big in _AXES:
                out.append((big, i, i + 2))
                continue
        lem = _lemma(norms[i])
        if lem in _AXES:
            out.append((lem, i, i + 1))
    return out


def find_negation_changes(ctx: _Ctx) -> list[Finding]:
    """Polarity flips: a negation cue on one side only, or an antonym swap in one hunk."""
    out: list[Finding] = []
    co = [i for i in _negation_cues(ctx.o) if not _ligature_split(ctx.o, i, ctx.c)]
    cc = [j for j in _negation_cues(ctx.c) if not _ligature_split(ctx.c, j, ctx.o)]
    # Equal totals = polarity kept even when the cue moved ("did not specify" ->
    # "was not specified", "can't" -> "cannot"). Otherwise report the hunks that differ.
    per_op_o = Counter(ctx.o_op[i] for i in co)
    per_op_c = Counter(ctx.c_op[j] for j in cc)
    unbalanced_ops = set()
    if len(co) != len(cc):
        # in a copy that keeps the original's wording around one short change, a cue negating
        # another word is a flip with a synonym ("came of age" -> "did not grow up", "is
        # compromised" -> "will not be impaired"), no rewording
        reworded = _reworded_copy(ctx)
        for k, (tag, i1, i2, j1, j2) in enumerate(ctx.ops):
            if tag == "equal" or per_op_o[k] == per_op_c[k]:
                continue
            unbalanced_ops.add(k)
            if _cancelled(ctx, tag, i1, i2, j1, j2):
                continue  # "not difficult" -> "easy": the negation and the antonym cancel out
            # A bare insertion/deletion ("did" -> "did not") is shown with the word
            # before it on both sides, so that neither span is empty.
            lead = 1 if (i1 == i2 or j1 == j2) and i1 > 0 and j1 > 0 else 0
            if per_op_o[k] > per_op_c[k]:
                cue = next(i for i in co if ctx.o_op[i] == k)
                ospan = ctx.o.span(cue - lead if cue == i1 else cue, cue + 1)
                why = _reworded(tag, (ctx.o, i1, i2), (ctx.c, j1, j2), cue, "copy") or (
                    _other_word(ctx.o, cue, ctx.c, "copy") if reworded else "")
                out.append(ctx.finding("negation", "minor" if why else "major", ospan, ctx.c.span(j1 - lead, j2),
                                       f"negation removed: '{ctx.o.toks[cue][0]}'{why}", rule=NEGATION_REMOVED))
            else:
                cue = next(j for j in cc if ctx.c_op[j] == k)
                cspan = ctx.c.span(cue - lead if cue == j1 else cue, cue + 1)
                why = _reworded(tag, (ctx.c, j1, j2), (ctx.o, i1, i2), cue, "original") or (
                    _other_word(ctx.c, cue, ctx.o, "original") if reworded else "")
                out.append(ctx.finding("negation", "minor" if why else "major", ctx.o.span(i1 - lead, i2), cspan,
                                       f"negation added: '{ctx.c.toks[cue][0]}'{why}", rule=NEGATION_ADDED))
    # antonym flips inside one replace hunk (inspire -> stifle, boosting -> decreasing); a
    # longer replaced stretch pairs words of different clauses ("starting on the 26th ...
    # will be removed" -> "to remove Spain ... from 0:00 on the 26th"), no flip
    for k, (tag, i1, i2, j1, j2) in enumerate(ctx.ops):
        if tag != "replace" or k in unbalanced_ops or max(i2 - i1, j2 - j1) > AXIS_HUNK:
            continue
        po, pc = _polar_words(ctx.o, i1, i2), _polar_words(ctx.c, j1, j2)
        if not po or not pc:
            continue
        lem_o = {w for w, _, _ in po}
        lem_c = {w for w, _, _ in pc}
        done = False
        for wo, a1, a2 in po:
            if wo in lem_c:
                continue
            for wc, b1, b2 in pc:
                if wc in lem_o:
                    continue
                if _opposed(wo, wc):
                    out.append(ctx.finding("negation", "major", ctx.o.span(a1, a2), ctx.c.span(b1, b2),
                                           f"meaning reversed: {ctx.o.text[slice(*ctx.o.span(a1, a2))]} → "
                                           f"{ctx.c.text[slice(*ctx.c.span(b1, b2))]}", rule="negation.antonym"))
                    done = True
                    break
            if done:
                break
    out += _wordnet_flips(ctx, unbalanced_ops, out)
    return out


def _cancelled(ctx: _Ctx, tag: str, i1: int, i2: int, j1: int, j2: int) -> bool:
    """A negation gained or lost together with an antonym in the same short hunk: "did not
    win" -> "lost", "is not difficult" -> "is easy" keep the claim's polarity."""
    if tag != "replace" or i2 - i1 > WORDNET_HUNK + 1 or j2 - j1 > WORDNET_HUNK + 1:
        return False
    for i in range(i1, i2):
        for j in range(j1, j2):
            a, b = ctx.o.norms[i], ctx.c.norms[j]
            if a.isalpha() and b.isalpha() and a != b and (_opposed(_lemma(a), _lemma(b)) or wordnet_antonyms(a, b)):
                return True
    return False


# Words that carry a negation without a negation cue (Klima's "affective" words, the
# inherently negative predicates and prepositions of the negation literature): "decided to
# reject the plan" says what "decided not to adopt the plan" says. A copy that puts a "not"
# where the original had one of these, in the same hunk, usually rewords the negation rather
# than reversing it. Disclosed: chosen after reading drift's false alarms on human rewrites
# (OneStopEnglish); the words are the textbook list, none is taken from those sentences alone.
_IMPLICIT_NEGATIVE = frozenset(
    "reject refuse decline deny fail avoid prevent escape forgo omit exclude ban forbid prohibit "
    "doubt lack absent devoid void null unable impossible unlikely hardly barely scarcely seldom rarely "
    "neglect ignore abandon".split()
)
_IMPLICIT_BIGRAMS = frozenset({("far", "from"), ("rather", "than"), ("instead", "of"), ("free", "of")})


def _base_words(side: _Side) -> set[str]:
    """Every word of ``side`` and what it can be an inflection of (`base_forms`)."""
    return {b for w in side.norms for b in base_forms(w)}


def _reworded(tag: str, cued: tuple[_Side, int, int], other: tuple[_Side, int, int], cue: int, other_name: str) -> str:
    """Why a negation cue on one side only of a replace hunk keeps the claim, as a message tail
    ("" when nothing says so): the other side says it with an implicit negative ("not" ->
    "reject"), or the cue's side pairs it with one, two negatives that cancel ("can't avoid"
    -> "have to")."""
    if tag != "replace":
        return ""
    (cs, c1, c2), (os_, o1, o2) = cued, other
    said = _implicit_negative(os_, o1, o2, cs)
    if said:
        return f" (the {other_name} says it with '{said}')"
    double = _implicit_negative(cs, c1, c2, os_, skip=cue)
    return f" (with '{double}': two negatives that cancel)" if double else ""


def _implicit_negative(side: _Side, i1: int, i2: int, other: _Side, skip: int | None = None) -> str | None:
    """The word in tokens [i1, i2) of ``side`` (token ``skip`` aside: the negation cue itself)
    that carries a negation implicitly (see _IMPLICIT_NEGATIVE; or "far from", "rather than",
    "instead of") and that the other side does not have, or None."""
    others = _base_words(other)
    norms = side.norms
    for i in range(i1, i2):
        if i == skip:
            continue
        w = norms[i]
        if i + 1 < len(norms) and (w, norms[i + 1]) in _IMPLICIT_BIGRAMS and w not in others:
            return f"{side.toks[i][0]} {side.toks[i + 1][0]}"
        forms = base_forms(w, comparatives=False, min_stem=3)
        if any(f in _IMPLICIT_NEGATIVE for f in forms) and not any(f in others for f in forms):
            return side.toks[i][0]
    return None


# Words between a negation cue and what it negates: auxiliaries, articles, degree and time
# adverbs ("not be able to", "no longer any", "never even").
_SCOPE_SKIP = frozenset(
    "a an the to be been being is are was were am have has had do does did will would shall should can could "
    "may might must any anything longer more even yet only just always ever all so very too quite much "
    "really necessarily also still one single of at in for".split()
)
SCOPE_WORDS = 5  # tokens after the cue searched for the word it negates


def _negated_word(side: _Side, cue: int) -> int | None:
    """Token index of the first content word after the negation cue at ``cue`` (within
    SCOPE_WORDS tokens, auxiliaries, articles and degree adverbs skipped): the predicate or
    noun the cue negates ("did not attend" -> attend, "no longer anything like" -> like,
    "without a trace" -> trace); None where a clause boundary or nothing comes first."""
    norms = side.norms
    start = cue + 2 if norms[cue] in ("fail", "fails", "failed", "failing") else cue + 1
    for i in range(start, min(len(norms), start + SCOPE_WORDS)):
        w = norms[i]
        if not w.isalpha():
            return None  # a comma, a full stop: the scope ends before any content word
        if w not in _SCOPE_SKIP and w not in _NEG_WORDS and not w.endswith("n't"):
            return i
    return None


KEPT_AROUND = 0.8  # share of the shorter side's tokens kept in order: the copy is an edit of the original's wording


def _reworded_copy(ctx: _Ctx) -> bool:
    """Whether the copy rewords the original: under KEPT_AROUND of the shorter side's tokens
    kept in order, and at least three of them not (a short sentence with one phrase changed
    is an edit, however small its kept share)."""
    shorter = min(len(ctx.o.norms), len(ctx.c.norms))
    return shorter - ctx.kept >= 3 and ctx.kept < KEPT_AROUND * shorter


def _other_word(cued: _Side, cue: int, other: _Side, other_name: str) -> str:
    """A negation cue that negates a word the other side never says ("went well beyond what
    was needed" -> "were not necessary", "decided to stick with him" -> "decided not to change
    presidents") states the claim in the negative with other words: a rewording to check,
    not a flip of the same claim ("did not attend" -> "attended"). Asked only of a reworded
    copy (KEPT_AROUND). The message tail ("" when the negated word, by its base forms, is on
    the other side, or none is found)."""
    i = _negated_word(cued, cue)
    if i is None:
        return ""
    others = _base_words(other)
    if any(f in others for f in base_forms(cued.norms[i])):
        return ""
    return f" (it negates '{cued.toks[i][0]}', which the {other_name} does not say: reworded or cut, not the same claim flipped)"


def _replaceable(word: str, own: Counter, other: Counter) -> bool:
    """A word that can take part in a WordNet flip: alphabetic (or a hyphenated compound:
    "12-year-old"), not a negation cue (polarity is counted above), not deictic, and said
    fewer times on the other side than on its own (else it moved, not flipped: "the small pole
    ... the large pole" -> "the large pole ... the small pole"; while a word said twice and
    flipped once is a flip: "the last thing ... last week" -> "the first thing ... last week")."""
    return ((word.isalpha() or ("-" in word and word.replace("-", "").isalnum())) and word not in _NEG_WORDS and word not in _DEICTIC
            and other[word] < own[word])


def _flipped_part(a: str, b: str) -> bool:
    """Two hyphenated compounds alike but for one part, that part flipped ("south-central" ->
    "north-central", "late-night" -> "early-night", "decades-old" -> "decades-new")."""
    pa, pb = a.split("-"), b.split("-")
    if len(pa) < 2 or len(pa) != len(pb):
        return False
    diff = [(x, y) for x, y in zip(pa, pb) if x != y]
    if len(diff) != 1:
        return False
    x, y = diff[0]
    return x.isalpha() and y.isalpha() and (wordnet_antonyms(x, y) or _opposed(_lemma(x), _lemma(y)))


def _wordnet_flips(ctx: _Ctx, skip: set[int], found: list[Finding]) -> list[Finding]:
    """A word replaced by its WordNet antonym in a short replace hunk ("the first" -> "the
    last", "up" -> "down"), or one part of a hyphenated compound by its opposite ("long-term"
    -> "short-term"), where the axes found nothing and negation did not move (in "not
    difficult" -> "easy" the two flips cancel)."""
    out: list[Finding] = []
    taken = [f.original_span for f in found if f.original_span]
    count_o, count_c = Counter(ctx.o.norms), Counter(ctx.c.norms)
    for k, (tag, i1, i2, j1, j2) in enumerate(ctx.ops):
        if tag != "replace" or k in skip or i2 - i1 > WORDNET_HUNK or j2 - j1 > WORDNET_HUNK:
            continue
        ospan = ctx.o.span(i1, i2)
        if overlaps(ospan, taken):
            continue
        hit = next(((i, j) for i in range(i1, i2) for j in range(j1, j2)
                    if _replaceable(ctx.o.norms[i], count_o, count_c) and _replaceable(ctx.c.norms[j], count_c, count_o)
                    and (wordnet_antonyms(ctx.o.norms[i], ctx.c.norms[j]) or _flipped_part(ctx.o.norms[i], ctx.c.norms[j]))), None)
        if hit:
            i, j = hit
            out.append(ctx.finding("negation", "major", ctx.o.span(i, i + 1), ctx.c.span(j, j + 1),
                                   f"meaning reversed: {ctx.o.toks[i][0]} → {ctx.c.toks[j][0]}", rule="negation.wordnet_antonym"))
    return out
