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


def _evaluate(gold: str, o: str, c: str, report_path: Path, gold_path: Path | None = None) -> dict:
    tool = shared_path("tools", "evaluate.py")
    res = subprocess.run(
        [sys.executable, str(tool), str(gold_path or shared_path("gold", f"{gold}.json")),
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
    # drift's extension: every finding names the rule that made it (the schema checks its form)
    assert all(f["rule"] for a in data["alignments"] for f in a["findings"])
    # every finding's spans point at its text
    for a in data["alignments"]:
        for f in a["findings"]:
            if f["original_span"]:
                x, y = f["original_span"]
                assert rep.original.text[x:y] == f["original"]
            if f["copy_span"]:
                x, y = f["copy_span"]
                assert rep.copy.text[x:y] == f["copy"]


def _gold_without_lone_periods(gold: str, tmp: Path) -> Path:
    """The gold with lone-period "sentences" joined to the sentence before them.

    evaluate.py places every gold sentence with text.find; a gold sentence "." (the stray
    period of "...could increase. ." in 003-vs-002) is therefore placed on the FIRST period
    of the copy, inside another sentence, which costs one wrong and one missing link for any
    segmentation (link F1 at most 15/16 = 0.938). Joining it to its neighbour changes no
    label and lets the link score measure the aligner.
    """
    data = json.loads(shared_path("gold", f"{gold}.json").read_text())
    for item in data["items"]:
        for side in ("original", "copy"):
            out = []
            for sent in item[side]:
                if out and sent.strip() == ".":
                    out[-1] = f"{out[-1]} {sent}"
                else:
                    out.append(sent)
            item[side] = out
    path = tmp / f"{gold}.fixed.json"
    path.write_text(json.dumps(data, ensure_ascii=False))
    return path


@pytest.mark.parametrize("gold", [g for _, _, g in SEED_PAIRS])
def test_structure_against_gold(reports, gold, tmp_path):
    _, _, path, o, c = reports[gold]
    m = _evaluate(gold, o, c, path)
    print(gold, {k: v for k, v in m.items() if not isinstance(v, list)})
    # As shipped, 003-vs-002's gold caps link F1 at 0.938 (see _gold_without_lone_periods).
    assert m["link_f1"] >= (0.93 if gold == "003-vs-002" else 0.95)
    assert m["boilerplate_recall"] >= 0.90
    assert m["body_marked_boilerplate"] <= 0.02
    assert m["coarse_accuracy"] >= 0.70
    fixed = _evaluate(gold, o, c, path, _gold_without_lone_periods(gold, tmp_path))
    assert fixed["link_f1"] >= 0.95


@pytest.mark.parametrize("gold", [g for _, _, g in SEED_PAIRS])
def test_meaning_against_gold(reports, gold):
    _, _, path, o, c = reports[gold]
    m = _evaluate(gold, o, c, path)
    assert m["major_recall"] >= 0.90, m["missed_major"]
    assert m["false_alarm_rate"] <= 0.10, m["false_alarms"]


# The three broken sentences of the seed copies, and the words that show the break.
GARBLED = [
    ("000-vs-001", "protect their to improve energy infrastructure", "their to"),
    ("000-vs-001", "ahead of him Bringing Ukraine out of office", "Bringing"),
    ("003-vs-002", "could increase. .", "increase. ."),
]


@pytest.mark.parametrize("gold, sentence, broken", GARBLED)
def test_garbled_sentences_point_at_the_break(reports, gold, sentence, broken):
    rep, data, *_ = reports[gold]
    copy_text = rep.copy.text
    at = copy_text.index(broken, copy_text.index(sentence))
    hits = [
        a for a in data["alignments"]
        if any(sentence in rep.copy.sentences[i].text for i in a["copy"])
    ]
    assert len(hits) == 1 and hits[0]["label"] == "garbled"
    garbles = [f for f in hits[0]["findings"] if f["kind"] == "garble"]
    assert any(f["copy_span"][0] <= at + len(broken) and at <= f["copy_span"][1] for f in garbles), garbles


def test_a_fact_moved_to_a_neighbouring_sentence_is_no_change(reports):
    # 001 says "Tuesday" in the next sentence but one rather than in the second: kept
    rep, data, *_ = reports["000-vs-001"]
    moved = [(a["original"], a["copy"], f) for a in data["alignments"] for f in a["findings"] if f["rule"] == "date.moved"]
    assert {f["original"] or f["copy"] for *_, f in moved} == {"Tuesday"} and len(moved) == 2, moved
    assert all(f["severity"] == "none" for *_, f in moved)
    dropped = next(f for *_, f in moved if f["original"])
    assert rep.original.text[slice(*dropped["original_span"])] == "Tuesday"
