"""The one codec (drift/schema.py): every JSON document to and from the frozen types."""

from __future__ import annotations

import dataclasses
import json

import pytest

from drift import schema
from drift.types import Direction, Finding, Judgement

from .test_render import small_report


@pytest.mark.parametrize(
    "extra",
    [
        {},
        {"linked_share": 0.1, "verdict": "unrelated"},
        {"linked_share": 0.9, "direction": Direction(True, -4.3, ("has the dated 'Kiev' (2x)",))},
    ],
)
def test_compare_report_round_trips(extra):
    r = dataclasses.replace(small_report(), **extra)
    d = json.loads(schema.dumps(schema.report_to_dict(r), indent=1))
    assert d["schema"] == "drift/compare@1" and d["signature"] == r.signature
    back = schema.report_from_dict(d, r.original.text, r.copy.text)
    assert back == r
    assert schema.report_to_dict(back) == d
    assert d["summary"]["exit_code"] == (5 if r.verdict == "unrelated" else 1)


def test_a_compare_document_from_before_the_extensions_still_reads():
    r = small_report()
    d = schema.report_to_dict(r)
    for k in ("linked_share", "direction", "exit_code"):
        del d["summary"][k]
    back = schema.report_from_dict(d, r.original.text, r.copy.text)
    assert back.linked_share is None and back.direction is None and back.verdicts == r.verdicts


def test_a_foreign_schema_is_refused():
    r = small_report()
    d = {**schema.report_to_dict(r), "schema": "drift/trace@1"}
    with pytest.raises(ValueError, match="compare@1"):
        schema.report_from_dict(d, r.original.text, r.copy.text)


def test_score_lines_carry_the_signature_and_read_back():
    f = Finding("number", "major", "500", "50", (3, 6), (3, 5), "number changed: 500 → 50")
    j = Judgement("drift", "major", 0.8, (f,), {"cosine": 0.91234})
    line = json.loads(schema.dumps(schema.score_line("p1", j, "sig|x")))
    assert line["signature"] == "sig|x" and line["similarity"] == 0.9123 and line["findings"][0]["copy_span"] == [3, 5]
    back = schema.score_from_dict(line)
    assert (back.label, back.severity, back.drift, back.findings) == (j.label, j.severity, j.drift, j.findings)
    err = schema.score_error("p2", "bad_json", "line 2: not JSON", "sig|x")
    assert err["signature"] == "sig|x" and schema.score_from_dict(err) is None


def test_judgement_cache_record_round_trips_with_null_spans():
    j = Judgement("drift", "minor", 0.3, (Finding("omission", "minor", "a b c d", "", (0, 7), None, "words dropped"),),
                  {"cosine": 0.5})
    back = schema.judgement_from_json(schema.judgement_to_json(j))
    assert back == j and back.features == j.features


# Finding.rule is provenance, not identity (== ignores it), so every round trip checks it by name.
RULED = (Finding("omission", "major", "fake news", "", (41, 50), None, "list item dropped: fake news", "list_item.dropped"),
         Finding("negation", "major", "not", "signed", (17, 20), (13, 19), "negation removed: 'not'", "negation.removed"),
         Finding("garble", "minor", "", "of of", None, (0, 5), 'doubled word "of of"', "garble.doubled-word+echo"))


def test_the_judgement_cache_record_keeps_each_findings_rule():
    back = schema.judgement_from_json(schema.judgement_to_json(Judgement("drift", "major", 0.7, RULED, {})))
    assert [f.rule for f in back.findings] == [f.rule for f in RULED]


def test_reports_and_score_lines_carry_each_findings_rule():
    j = Judgement("drift", "major", 0.7, RULED, {"cosine": 0.9})
    line = json.loads(schema.dumps(schema.score_line("p1", j, "sig")))
    assert [f["rule"] for f in line["findings"]] == [f.rule for f in RULED]
    assert [f.rule for f in schema.score_from_dict(line).findings] == [f.rule for f in RULED]
    r = small_report()
    v = dataclasses.replace(r.verdicts[0], judgement=dataclasses.replace(r.verdicts[0].judgement, findings=RULED))
    d = json.loads(schema.dumps(schema.report_to_dict(dataclasses.replace(r, verdicts=(v,) + r.verdicts[1:]))))
    assert [f["rule"] for f in d["alignments"][0]["findings"]] == [f.rule for f in RULED]
    back = schema.report_from_dict(d, r.original.text, r.copy.text)
    assert [f.rule for f in back.verdicts[0].judgement.findings] == [f.rule for f in RULED]


def test_a_finding_written_before_rules_existed_reads_with_no_rule():
    d = schema.finding_to_dict(RULED[0])
    del d["rule"]
    back = schema.finding_from_dict(d)
    assert back == RULED[0] and back.rule == ""


@pytest.mark.parametrize("ch", ["\x9b", "\x85", "\u202e", "\u2066", "\u200f", "\u2028", "\ufeff", "\x1b", "\x07"])
def test_json_escapes_raw_controls_and_bidi_overrides(ch):
    obj = {"text": f"Kyiv{ch}[2J said", "nested": [f"a{ch}"]}
    out = schema.dumps(obj)
    assert ch not in out and f"\\u{ord(ch):04x}" in out
    assert json.loads(out) == obj
    assert "Kyiv" in out and "é" in schema.dumps({"x": "café"})  # other text stays readable


def test_json_survives_a_lone_surrogate():
    out = schema.dumps({"t": "a\ud800b"})
    out.encode("utf-8")  # encodable
    assert json.loads(out) == {"t": "a\ud800b"}
