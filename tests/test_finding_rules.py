"""Every finding names the rule that made it (Finding.rule), and code that tells findings
apart reads kinds and rules, never the messages (those are for editors and get reworded)."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from drift.findings import _without_clause_negations, find_changes
from drift.types import Finding

RULE = re.compile(r"[a-z_]+\.[a-z0-9_+-]+")

# One pair for each family of rules (and the one that reads another rule's findings).
PAIRS = [
    ("Police said 300 people were arrested on Monday.", "Police said 30 people were arrested on Tuesday."),
    ("The minister did not sign the treaty.", "The minister signed the treaty."),
    ("The minister signed the treaty.", "The minister did not sign the treaty."),
    ("Three people were injured in the blast.", "Three people were killed in the blast."),
    ("Merkel met Macron in Paris, Reuters reported.", "Scholz met Macron in Kiev, AFP reported."),
    ('He said the plan was "a disaster for everyone".', 'He said the plan was "a success for everyone".'),
    ("The ban covers hate speech, violence, or fake news online.", "The ban covers hate speech, or violence online."),
    ("We need more for tourists to do in the evening and there isn’t enough for them to do after dark, he said.",
     "We need more for tourists to do in the evening, he said."),
    ("The company is expected to announce job cuts next week.", "The company will announce job cuts next week."),
    ("Aid was sent to Ukraine by Poland.", "Aid was sent to Poland by Ukraine."),
]


@pytest.mark.parametrize("original, copy", PAIRS)
def test_every_finding_names_its_rule(original, copy):
    found = find_changes(original, copy)
    assert found
    for f in found:
        assert RULE.fullmatch(f.rule), f
        family = f.rule.split(".")[0]
        assert family == f.kind or family in ("run", "list_item", "claim", "spelling"), f


@pytest.mark.parametrize("original, copy, rule", [
    ("We need more for tourists to do in the evening and there isn’t enough for them to do after dark, he said.",
     "We need more for tourists to do in the evening, he said.", "run.negation"),
    ("We need more for tourists to do in the evening, he said.",
     "We need more for tourists to do in the evening and there isn’t enough for them to do after dark, he said.",
     "run.negation"),
    ("The ban covers hate speech, violence, or fake news online.", "The ban covers hate speech, or violence online.",
     "list_item.dropped"),
    ("The minister did not sign the treaty.", "The minister signed the treaty.", "negation.removed"),
    ("The minister signed the treaty.", "The minister did not sign the treaty.", "negation.added"),
])
def test_the_rules_the_pipeline_reads_are_set_where_they_are_made(original, copy, rule):
    assert [f.rule for f in find_changes(original, copy)] == [rule]


def test_the_rule_is_provenance_not_identity():
    a = Finding("number", "major", "300", "30", (12, 15), (12, 14), "number changed: 300 → 30", "number.changed")
    b = replace(a, rule="number.other")
    assert a == b and hash(a) == hash(b) and list(dict.fromkeys([a, b])) == [a]
    assert a.shift(5, 7).rule == "number.changed" and a.shift(5, 7).original_span == (17, 20)


# A run of words (an omission here, an addition in the copy) and a negation cue at the end of
# its span; which of the two decides is told by the rules alone, whatever the messages say.
RUN_O, RUN_C, CUE_O, CUE_C = (10, 40), (10, 40), (30, 36), (30, 36)


def _pair(run_kind: str, run_rule: str, run_msg: str, neg_rule: str, neg_msg: str) -> list[Finding]:
    o = run_kind == "omission"
    run = Finding(run_kind, "major", "x", "", RUN_O if o else None, None if o else RUN_C, run_msg, run_rule)
    neg = Finding("negation", "major", "n", "m", CUE_O if o else (29, 30), (29, 30) if o else CUE_C, neg_msg, neg_rule)
    return [run, neg]


@pytest.mark.parametrize("run_kind, run_rule, run_msg, neg_rule, neg_msg, negation_kept", [
    # as made today
    ("omission", "run.negation", "words dropped (carries a negation)", "negation.removed", "negation removed: 'n't'", False),
    ("addition", "run.negation", "words added (carries a negation)", "negation.added", "negation added: 'not'", False),
    # reworded messages: the same decisions
    ("omission", "run.negation", "a clause went, with its 'not'", "negation.removed", "the 'not' went", False),
    ("addition", "run.negation", "a clause came, with its 'not'", "negation.added", "a 'not' came", False),
    # messages that read like the others' while the rules say otherwise: nothing left out
    ("omission", "run.dropped", "words dropped (carries a negation)", "negation.removed", "negation removed: 'n't'", True),
    ("omission", "run.negation", "words dropped (carries a negation)", "negation.antonym", "negation removed: 'n't'", True),
    ("addition", "run.negation", "words added (carries a negation)", "negation.removed", "negation added: 'not'", True),
])
def test_a_negation_inside_a_run_that_carries_it_is_told_by_rule(run_kind, run_rule, run_msg, neg_rule, neg_msg,
                                                                 negation_kept):
    findings = _pair(run_kind, run_rule, run_msg, neg_rule, neg_msg)
    kept = _without_clause_negations(findings)
    assert findings[0] in kept
    assert (findings[1] in kept) == negation_kept
