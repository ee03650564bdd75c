"""Every JSON document drift writes carries a signature (README; issue 13): compare, score
(each line), trace, audit's run summary and report."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from drift.audit.run import run_audit
from drift.cli import app

from .conftest import SEEDS
from .test_audit import HASH, write_corpus

runner = CliRunner()
SEED_O = str(SEEDS / "000_120bd2b153926def.txt")
SEED_C = str(SEEDS / "001_5661abd0d4910d65.txt")


def _signed(doc: dict) -> str:
    sig = doc.get("signature")
    assert isinstance(sig, str) and sig.startswith("drift "), doc.keys()
    return sig


def test_report_json_is_signed_with_its_comparisons_signature(tmp_path):
    write_corpus(tmp_path / "in", originals=2, copies=1)
    db = tmp_path / "a.sqlite"
    run_audit([str(tmp_path / "in")], db, spec=HASH, jobs=1)
    data = json.loads(runner.invoke(app, ["report", "--db", str(db), "-f", "json"]).stdout)
    sig = _signed(data)
    per_copy = {c["signature"] for c in data["copies"] if c["compared"]}
    assert data["signatures"] == sorted(per_copy) and len(per_copy) == 1 and sig == per_copy.pop()


def test_report_signature_with_none_or_several():
    from drift.audit.summary import report_signature

    assert report_signature([]).endswith("|comparisons:none")
    assert report_signature(["drift 1|a", "drift 2|b"]).endswith("|comparisons:2 signatures")
    assert report_signature(["drift 1|a"]) == "drift 1|a"


@pytest.mark.slow
def test_compare_score_and_trace_json_are_signed(tmp_path):
    compare = json.loads(runner.invoke(app, ["compare", SEED_O, SEED_C, "-f", "json"]).stdout)
    sig = _signed(compare)
    pairs = tmp_path / "p.jsonl"
    pairs.write_text(json.dumps({"id": 1, "original": "Kyiv was hit.", "copy": "Kiev was hit."}) + "\n")
    lines = [json.loads(x) for x in runner.invoke(app, ["score", str(pairs)]).stdout.splitlines()]
    assert lines and all(_signed(x) for x in lines)
    trace = json.loads(runner.invoke(app, ["trace", SEED_O, SEED_C, "-f", "json", "--compare"]).stdout)
    _signed(trace)
    assert sig.split("|")[0] == trace["signature"].split("|")[0] == lines[0]["signature"].split("|")[0]
