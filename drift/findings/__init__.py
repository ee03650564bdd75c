"""Typed findings: WHAT changed meaning between an original passage and its copy, and WHERE.

``find_changes(original, copy)`` takes one aligned pair (one or a few sentences on each
side) and returns :class:`drift.types.Finding` objects of these kinds:

``number``       numeric values (digits, small number words, percentages, units, ordinals,
                 ages) changed, dropped or added; "more than" hedges dropped or flipped.
``date``         weekdays, month/day, years, decades, clock times, "last week"-style phrases.
``name``         proper nouns found by capitalisation cues (or an optional NER hook)
                 replaced by a different name, dropped or added.
``spelling``     the same name in another romanisation / exonym / house style
                 (Kyiv/Kiev, Zelenskyy/Zelensky, U.S./United States).
``negation``     polarity flips ("did" -> "did not") and a small lexicon of antonym flips
                 (increase/decrease, inspire/stifle, approve/reject ...).
``quote``        words inside quotation marks that did not survive verbatim.
``attribution``  who said/reported it: the source changed, vanished or was added.
``role``         the same names in exchanged roles ("to Ukraine by Poland" -> "to Poland
                 by Ukraine"); a name replaced in a role says so too ("destination changed");
                 two noun phrases exchanged around the same verb or preposition ("the Pope
                 blessed those present" -> "those present blessed the Pope"); a preposition
                 of direction turned around ("to Ukraine" -> "from Ukraine").
``certainty``    how sure the claim is: an expectation, hedge or modal of another strength
                 appeared or vanished ("expected to reinforce" -> "sent to reinforce"); a
                 probability or intention made a plain future ("plans to" -> "will"); a
                 hypothetical "would" made a "will" where nothing reports it.
``claim``        a word traded for another step of its scale: legal status ("charged" ->
                 "convicted"), harm ("injured" -> "killed"), damage, amount ("dozens" ->
                 "hundreds"), frequency ("often" -> "always").
``omission`` / ``addition``  a run of >= 4 words carrying content present on one side only.

Everything is rule-based (stdlib + rapidfuzz), so thousands of pairs per second are
checked; the few rules that need word classes (:mod:`.wordclass`, the spaCy tagger) ask
for them only once the tokens alone have found a candidate. Offsets are Python string indices: for every finding
``original[s:e] == finding.original`` and ``copy[s:e] == finding.copy``; a span is
``None`` (and the text "") only where the thing exists on one side only.

The backbone is the word diff (:mod:`.diff`), a token-level ``difflib`` alignment on
case-folded, typography-normalised tokens with bounded work; every detector uses its
opcodes to decide which mention on one side corresponds to which on the other ("same
opcode" = "same position").

One module per kind: :mod:`.numbers`, :mod:`.dates`, :mod:`.names` (names and spelling),
:mod:`.roles`, :mod:`.negation`, :mod:`.scales`, :mod:`.certainty`, :mod:`.quotes`, :mod:`.attribution`, :mod:`.omissions`; shared pieces in
:mod:`.tokens`, :mod:`.name_tokens` (which tokens are names), :mod:`.lexicon`, :mod:`.ctx` and :mod:`.diff`.
"""

from __future__ import annotations

from ..types import SEVERITY_RANK, Finding
from .attribution import find_attribution_changes
from .certainty import find_certainty_changes
from .ctx import _Ctx, overlaps
from .dates import find_date_changes
from .diff import word_diff
from .name_tokens import set_name_finder
from .names import find_name_changes
from .negation import NEGATION_ADDED, NEGATION_REMOVED, _negation_cues, find_negation_changes
from .numbers import find_number_changes
from .omissions import RUN_NEGATION, find_list_items, find_omissions_additions
from .quotes import find_quote_changes
from .scales import find_scale_changes
from .roles import find_role_changes
from .spelling import is_spelling_variant, romanisation_key
from .tokens import normalise_token, tokenize

FINDINGS_NAME = "drift-findings@44"  # @44: "(is) due to" + a bare verb is arranged, like "scheduled to" ("expected to meet" -> "due to meet" no certainty change; "due to rain" is a cause); opposites resigned / sacked or fired, stepped down / dismissed, called off / went ahead, landed / crashed; a claim-scale step read in a replaced stretch of up to 4 tokens a side ("arrested on suspicion of" -> "charged with"); @43: a word flips and a name changes where the other side still says it elsewhere but fewer times ("some of the light ... all the colours" -> "all of the light ... all the colours", "the Tabata protocol ... says Tabata" -> "the Lumbuenamo protocol ... says Tabata"); such a name with no name in its place is no finding (a pronoun may stand for it); one part of a hyphenated compound flipped ("south-central" -> "north-central", "long-term" -> "short-term"); "guilty" is the conviction step of legal status ("accused" -> "found guilty"); @42: a factor is a figure ("doubled" -> "tripled", "twice" -> "three times"; "doubled" -> "grew 100%" no change); laid off / hired; a gendered pronoun replaced one for one by one of the other gender ("she would resign" -> "he would resign") is a major role finding, "person changed"; @41: a time glued to am/pm or with a dot ("3pm", "3.30 pm") is a time ("3 p.m." -> "3am" a time changed); opposites reunited / separated, peaceful / violent, withdrawn / launched, agreed / rejected, except / including, discharged / admitted, promoted / relegated, mild / severe, elected / defeated; "refused to" + a verb and "declined to comment" are negations without "not" ("declined to $5 billion" is a fall); an opposite inside a figure changed ("the first woman" -> "the second woman") is the number rule's change only; @40: a name the copy adds is no respelling of one it still says as often ("The UK ... to Estonia" -> "The UK ... to Britain" is a destination changed); a capital for its country ("Washington" -> "the United States") is a minor name finding, and the same source; a place respelt is the same source (Kyiv/Kiev said); an opposite inside a changed name ("South Korea" -> "North Korea") is the name's change only; claim scales for degree (rose slightly / sharply) and a patient's condition (stable / critical); opposites news reports (loss / profit, surplus / deficit, survived / lost or died, eased / rose, gained / fell, suspended / resumed, vetoed / signed, rejected / upheld, declared / lifted, denied / confirmed, against / for, closed / reopened); a figure replaced by an amount word that cannot stand for it ("12" -> "dozens", "two of" -> "all of") is a changed figure; "some 250" is an approximation, no step of the amount scale; "a decade" is "10 years"; temperatures carry their scale ("40C" = "40 degrees Celsius" = "40°C", not "40F"); @39: "is estimated to be" is a belief like "is believed to be"; "not just ... (also)" keeps polarity like "not only"; @38: "has yet to" is a negation ("hasn't ... yet"), "likely" on its own a hedge like "probably", "two decades" is "20 years"; @37: an expectation or hedge that went or came with its whole run of words (", which is expected to report losses this year," dropped) is told by the omission or addition, no certainty finding; a hedge dropped on its own ("reportedly") stays; @36: an expectation cue ("aims to", "going to") against a verb or noun of wanting or trying on the other side ("wants to", "would like to", "intention to", "strategy to") is the same intention said otherwise, no expectation dropped or added; @35: direction words (increase/decrease, start/remove) flip only inside a replaced stretch of at most 6 tokens a side: a longer one pairs words of different clauses ("starting on the 26th ... will be removed" -> "to remove Spain ... on the 26th", "his drop back to Earth" -> "the jump"); @34: "plan(s)/aim(s)/hope(s) to" as a noun (after an article, a possessive or a hyphenated adjective) against no cue at all is another word for an intention ("a long-term strategy to become" -> "a long-term plan to become", "implemented a plan to acquire" -> "set out to build"), no expectation added or dropped; @33: in a reworded copy (under 80 % of the tokens kept in order) a negation cue that negates a word the other side never says is a rewording, minor ("went well beyond what was needed" -> "were not necessary", "can't help but ask" -> "have to ask"); a bare "cant", "dont" that is the tail of a word split by a lost ligature ("signi cant") is no negation; @32: "according to" names a source only when someone says it (a name, a pronoun, a title or a source noun such as data, officials, media, commission, report before the first function word): "according to the requirements of ...", "according to the actual circumstances" mean "in accordance with"; @31: a negation cue dropped or added together with an implicit negative of the same hunk is two negatives that cancel, minor ("can't avoid going out" -> "have to go out", "without a doubt" -> "sure enough"); @30: a capitalised verb form inside a sentence, with no name before it and no new capitalised word after it, is no name (machine translation's stray "Bringing", title-case headline words "Unveiled", "Opening"); @29: WordNet antonyms through irregular past forms (began -> ended, bought -> sold, won -> lost); @28: a name after an article is no sign that another took its place ("the Russian Navy" and "Peter the Great" both follow "the": a clause moved, no roles swapped); @27: a name and its acronym exchanged ("Queens Park Rangers ... QPR" -> "QPR ... Queens Park Rangers") is no role swap; @26: claim scales of combatant status (troops -> civilians), verification (estimated -> confirmed), coercion (urged -> forced) and restriction (limited -> banned); a step counts as changed when the copy says it fewer times (not only when it is gone: "an offer ... the deal" -> "a deal ... the deal"); a reporting verb turned into "threatened" is a framing change; @25: every finding names the rule that made it (Finding.rule, the JSON key "rule"); list items and negations inside dropped clauses are told by rule, not by message (verdicts unchanged); @24: a quoted word only in another form, one for one (social "distancing" -> "distance", "undervalued" -> "undervaluation of the"), is a minor quote finding; @23: a verb form opening a sentence (WordNet verb + -ing/-ed, not a WordNet proper name: "Getting Indians to save") is no name by the capital after it; Macao/Macau (ao/au) and Northwestern/Northwest (compass adjective/noun) are spellings; a compass word that makes another place (Sudan -> South Sudan) is a name change; @21: a phrase between commas is a list item only where the series goes on to an "and"/"or" (else an aside: "The ban, under the treaty, takes"), a connective is no item ("and therefore"); @20: a negation cue inside an omission or addition that carries it is no flip (the omission says it); @19: a name with characters lost in transit (UN’s -> UNs, Raúl -> Ral) is a spelling, a negation cue that rewords an implicit negative of the same hunk (reject -> not, rather than -> and not) is minor; @18: a currency code glued to a figure with separators is one token (RMB30,000), currency codes before a figure are units, not names; @17: list items dropped or added in a copy that keeps the wording (find_list_items); @16: harm takes a third step (killed -> murdered), censure (criticized -> condemned), clashes on the military-action scale; @15: a currency, scale or unit glued to a figure (RMB20, 50K, 6km), a code with letters (COVID-19) never becomes a number; @14: acronyms of hyphenated names and of sources (DPA, the WHO), pronoun-led sources, a name said longer is no role change, 3D = three-dimensional; @13: claim scales of decisions (talks -> agreement), unrest (protesters -> rioters) and military action (incursion -> invasion); @12: a reporting verb that frames the statement otherwise (said -> claimed, said -> admitted) is a claim finding; @2: quote and role findings say the change in words; @3: certainty; @4: roles swapped; @5: WordNet antonyms, negation cancelled by an antonym; @6: will <-> past tense flips; @7: noun phrases exchanged, direction flipped, would <-> will, plans to -> will; @8: a name dropped from a list of names is major; @9: reordered sources are no source changed

__all__ = [
    "FINDINGS_NAME",
    "KINDS",
    "find_changes",
    "tokenize",
    "word_diff",
    "normalise_token",
    "romanisation_key",
    "is_spelling_variant",
    "set_name_finder",
]

KINDS = (
    "number",
    "date",
    "name",
    "spelling",
    "negation",
    "quote",
    "attribution",
    "omission",
    "addition",
    "role",
    "certainty",
    "claim",
)


def find_changes(original: str, copy: str) -> list[Finding]:
    """Typed meaning changes between an aligned original passage and its copy (one or a few sentences each)."""
    if original == copy:
        return []
    ctx = _Ctx(original, copy)
    findings: list[Finding] = []
    findings += find_date_changes(ctx)  # first: marks date tokens so numbers skip them
    findings += find_number_changes(ctx)
    findings += find_name_changes(ctx)  # fills side.names, used by roles and omissions below
    roles = find_role_changes(ctx)
    findings = _without_role_names(findings, roles) + roles
    named = [f for f in findings if (f.rule in ("name.changed", "name.compass") or f.kind == "number")
             and f.original_span and f.copy_span]
    # an opposite inside a name or a figure changed ("South Korea" -> "North Korea", "the
    # first woman" -> "the second woman") is the name's or the figure's change
    findings += [f for f in find_negation_changes(ctx) if not any(
        f.original_span and f.copy_span and _inside(f.original_span, n.original_span) and _inside(f.copy_span, n.copy_span)
        for n in named)]
    claims = find_scale_changes(ctx, [f.original_span for f in findings if f.kind in ("negation", "number") and f.original_span])
    claimed = {f.original_span for f in claims}
    findings = [f for f in findings if not (f.kind == "name" and f.original_span in claimed)] + claims  # "Dozens" is no name
    findings += find_quote_changes(ctx)
    findings += find_attribution_changes(ctx)
    findings += find_certainty_changes(ctx)
    unbalanced = len(_negation_cues(ctx.o)) != len(_negation_cues(ctx.c))
    # an item left out of or added to a list says more than "words dropped/added" over the same words
    items = find_list_items(ctx, [f.original_span for f in findings if f.kind != "name" and f.original_span and f.copy_span is None])
    findings += [f for f in find_omissions_additions(ctx, unbalanced)
                 if not (f.kind == "omission" and overlaps(f.original_span, [x.original_span for x in items])
                         or f.kind == "addition" and overlaps(f.copy_span, [x.copy_span for x in items]))] + items
    findings = _without_clause_negations(findings)
    findings = _without_clause_certainty(findings)
    # no duplicates; reading order of the original (copy-only findings where the diff
    # puts them), then of the copy
    unique = list(dict.fromkeys(findings))
    unique.sort(key=lambda f: (_original_position(ctx, f), f.copy_span or (-1, -1), -SEVERITY_RANK[f.severity], f.kind))
    return unique


def _inside(span: tuple[int, int], outer: tuple[int, int]) -> bool:
    return outer[0] <= span[0] and span[1] <= outer[1]


def _without_role_names(findings: list[Finding], roles: list[Finding]) -> list[Finding]:
    """A name reported added or dropped where a role finding already says which name took
    its place ("name added: United States" under "destination changed: Ukraine -> the
    United States") is left out: the role finding says it in words."""
    if not roles:
        return findings
    o_spans = {f.original_span for f in roles}
    c_spans = {f.copy_span for f in roles}

    def covered(f: Finding) -> bool:
        if f.kind != "name":
            return False
        if f.original_span is None:
            return f.copy_span in c_spans
        if f.copy_span is None:
            return f.original_span in o_spans
        return False

    return [f for f in findings if not covered(f)]


# certainty findings of a cue on one side only (certainty.py: "expectation dropped: ...")
_CUE_GONE = frozenset({"certainty.expectation_dropped", "certainty.hedge_dropped"})
_CUE_NEW = frozenset({"certainty.expectation_added", "certainty.hedge_added"})
_EDGE = " \t\n,;:.()\"'“”‘’—–-"


def _told_by_runs(findings: list[Finding], counts, gone: frozenset, new: frozenset, within) -> list[Finding]:
    """Leaves out the findings of a cue on one side only (rules ``gone``: a cue of the
    original; ``new``: one of the copy) that lie inside a run of words the copy dropped or
    added: the omission or addition (those ``counts`` keeps) says what happened.
    ``within(span, text, run)``: whether the cue's span (its text) lies inside the run."""
    runs = {"o": [f.original_span for f in findings if f.kind == "omission" and f.original_span and counts(f)],
            "c": [f.copy_span for f in findings if f.kind == "addition" and f.copy_span and counts(f)]}
    if not runs["o"] and not runs["c"]:
        return findings

    def inside(f: Finding) -> bool:
        if f.rule in gone and f.original_span:
            side, span, text = "o", f.original_span, f.original
        elif f.rule in new and f.copy_span:
            side, span, text = "c", f.copy_span, f.copy
        else:
            return False
        return any(within(span, text, run) for run in runs[side])

    return [f for f in findings if not inside(f)]


def _without_clause_certainty(findings: list[Finding]) -> list[Finding]:
    """An expectation or hedge that went or came with its whole clause ("..., beyond the PE
    that we are expected to deliver" dropped) leaves nothing stated as fact in its place: the
    omission or addition of the run says what happened; the certainty finding inside it is
    left out. A hedge dropped on its own ("reportedly") is no run and stays."""

    def within(span, text, run) -> bool:
        s = span[0] + len(text) - len(text.lstrip(_EDGE))  # the comma before a relative clause is no word
        e = span[1] - (len(text) - len(text.rstrip(_EDGE)))
        return run[0] <= s and e <= run[1]

    return _told_by_runs(findings, lambda f: not (f.copy_span if f.kind == "omission" else f.original_span),
                         _CUE_GONE, _CUE_NEW, within)


def _without_clause_negations(findings: list[Finding]) -> list[Finding]:
    """A negation cue that went or came with its whole clause ("there isn't enough to do after
    dark" dropped) did not flip the sentence that is left: the omission or addition "carries a
    negation" and says so (rule RUN_NEGATION); the "negation removed/added" over a cue inside it
    is left out. Decided on kinds and rules, never on the messages."""
    return _told_by_runs(findings, lambda f: f.rule == RUN_NEGATION, frozenset({NEGATION_REMOVED}),
                         frozenset({NEGATION_ADDED}),
                         lambda span, _text, run: run[0] < span[1] <= run[1])  # the cue is the run's last word


def _original_position(ctx: _Ctx, f: Finding) -> int:
    if f.original_span:
        return f.original_span[0]
    if f.copy_span:
        for tag, i1, i2, j1, j2 in ctx.ops:
            if ctx.c.span(j1, j2)[1] >= f.copy_span[0] and j1 < j2:
                return ctx.o.span(i1, i2)[0]
        return len(ctx.o.text)
    return 0
