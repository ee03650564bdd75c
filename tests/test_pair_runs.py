"""models/pair_runs.py: the figures that compare trained pair models (seed studies)."""

from __future__ import annotations

import json

import pytest

from tests.conftest import project_script


@pytest.fixture(scope="module")
def runs():
    return project_script("models/pair_runs.py")


def _row(mqm, score, major, p_major, human=False, source="news"):
    return {"source": source, "group": "g", "mqm": mqm, "human": human, "target_major": major,
            "p_score": score, "p_major": p_major, "max_tag_major": 0.0}


def test_figures_follow_the_predictions(runs):
    rows = [_row(0.0, 0.1, 0, 0.2, human=True), _row(1.0, 0.2, 0, 0.3), _row(5.0, 0.6, 1, 0.8),
            _row(10.0, 0.9, 1, 0.9), _row(None, 0.5, -1, 0.99, source="synth:number")]
    f = runs.figures(rows)
    assert f["tau"] == pytest.approx(1.0) and f["auroc"] == pytest.approx(1.0)
    assert f["human_median_p_major"] == pytest.approx(0.2)  # the one human row
    flipped = runs.figures([{**r, "p_score": 1 - r["p_score"], "p_major": 1 - r["p_major"]} for r in rows])
    assert flipped["tau"] == pytest.approx(-1.0) and flipped["auroc"] == pytest.approx(0.0)


def test_cli_reads_each_seed_and_summarises(runs, tmp_path, capsys):
    rows = [_row(0.0, 0.1, 0, 0.2, human=True), _row(2.0, 0.4, 0, 0.5), _row(9.0, 0.8, 1, 0.9)]
    for seed in ("a", "b"):
        d = tmp_path / seed
        d.mkdir()
        for split in ("calib", "test"):
            (d / f"pred_{split}.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    runs.main([f"top3={tmp_path / 'a'},{tmp_path / 'b'}"])
    out = capsys.readouterr().out
    assert out.count("mean ± sd over 2 seeds") == 2 and "tau 1.0000 ±0.0000" in out


def test_cli_needs_name_equals_dirs(runs):
    with pytest.raises(SystemExit):
        runs.main(["no-name-here"])


@pytest.fixture(scope="module")
def bench():
    return project_script("bench/judge.py")


def test_bench_mt_flags_count_rater_majors_and_clean_copies(bench):
    """bench/judge.py sections 2 and 2b: how often the major verdict falls on MT copies raters
    marked with a major accuracy error and on error-free ones; human re-translations and MT
    copies with only minor errors count in neither."""
    gold = [{"is_human_translation": True, "n_accuracy_major": 1, "mqm": 5.0},
            {"is_human_translation": False, "n_accuracy_major": 1, "mqm": 5.0},
            {"is_human_translation": False, "n_accuracy_major": 2, "mqm": 10.0},
            {"is_human_translation": False, "n_accuracy_major": 0, "mqm": 0.0},
            {"is_human_translation": False, "n_accuracy_major": 0, "mqm": 1.0}]
    major = {"label": "drift", "severity": "major"}
    calm = {"label": "paraphrase", "severity": "none"}
    out = [major, major, {"label": "garbled", "severity": "minor"}, major, major]
    assert bench.mt_flags(gold, out) == "MT copies with a major accuracy error flagged major 1/2, with no error 1/1"
    assert bench.mt_flags(gold, [calm] * 5).endswith("flagged major 0/2, with no error 0/1")
