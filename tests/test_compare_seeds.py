"""The compare pipeline end to end on the seed pairs, scored against the hand-made gold
with shared/tools/evaluate.py (the project's acceptance gate)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from drift.compare import build_document, compare_documents
from drift.render.jsonout import report_dict

from .conftest import SEED_PAIRS, SEEDS, shared_path

SCHEMA = json.loads((Path(__file__).parent / "data" / "compare.schema.json").read_text())
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def reports(embedder, tmp_path_factory):
    out = {}
    d = tmp_path_factory.mktemp("reports")
    for o, c, gold in SEED_PAIRS:
        ot = (SEEDS / f"{o}.txt").read_text(encoding="utf-8")
        ct = (SEEDS / f"{c}.txt").read_text(encoding="utf-8")
        rep = compare_documents(build_document(f"seeds/{o}.txt", ot), build_document(f"seeds/{c}.txt", ct), embedder)
        data = report_dict(rep)
        path = d / f"{gold}.json"
        path.write_text(json.dumps(data, ensure_ascii=False))
        out[gold] = (rep, data, path, o, c)
    return out


def _evaluate(gold: str, o: str, c: str, report_path: Path) -> dict:
    tool = shared_path("tools", "evaluate.py")
    res = subprocess.run(
        [sys.executable, str(tool), str(shared_path("gold", f"{gold}.json")),
         str(SEEDS / f"{o}.txt"), str(SEEDS / f"{c}.txt"), str(report_path), "--json"],
        capture_output=True, text=True, check=True,
    )
    return json.loads(res.stdout)


@pytest.mark.parametrize("gold", [g for _, _, g in SEED_PAIRS])
def test_report_matches_contract(reports, gold):
    rep, data, *_ = reports[gold]
    jsonschema.validate(data, SCHEMA)
    for side in ("original", "copy"):
        text = getattr(rep, side).text
        for s in data[side]["sentences"]:
            assert text[s["start"] : s["end"]] == s["text"]
    # every non-boilerplate sentence lands in exactly one alignment
    for side in ("original", "copy"):
        body = [s["id"] for s in data[side]["sentences"] if not s["boilerplate"]]
        used = sorted(i for a in data["alignments"] for i in a[side])
        assert used == body
    # every finding's spans point at its text
    for a in data["alignments"]:
        for f in a["findings"]:
            if f["original_span"]:
                x, y = f["original_span"]
                assert rep.original.text[x:y] == f["original"]
            if f["copy_span"]:
                x, y = f["copy_span"]
                assert rep.copy.text[x:y] == f["copy"]


@pytest.mark.parametrize("gold", [g for _, _, g in SEED_PAIRS])
def test_structure_against_gold(reports, gold):
    _, _, path, o, c = reports[gold]
    m = _evaluate(gold, o, c, path)
    print(gold, {k: v for k, v in m.items() if not isinstance(v, list)})
    assert m["link_f1"] >= 0.95
    assert m["boilerplate_recall"] >= 0.90
    assert m["body_marked_boilerplate"] <= 0.02
    assert m["coarse_accuracy"] >= 0.70
