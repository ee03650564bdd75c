"""models/pair_runs.py: the figures that compare trained pair models (seed studies)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def runs():
    path = ROOT / "models" / "pair_runs.py"
    if not path.is_file():
        pytest.skip("models/ is not beside the package (installed wheel)")
    spec = importlib.util.spec_from_file_location("pair_runs", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


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
