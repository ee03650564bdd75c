"""The command line: exit codes, one-line errors, formats."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from drift.cli import app

from .conftest import SEEDS

runner = CliRunner()
SEED_O = str(SEEDS / "000_120bd2b153926def.txt")
SEED_C = str(SEEDS / "001_5661abd0d4910d65.txt")


def _bad(tmp_path, kind):
    p = tmp_path / f"{kind}.txt"
    if kind == "missing":
        return str(p)
    if kind == "directory":
        return str(tmp_path)
    data = {
        "empty": b"",
        "whitespace": b"  \n\n \t",
        "binary": bytes(range(256)) * 4,
        "invalid_utf8": b"Kyiv \xff\xfe said \xc3\x28 today.",
    }[kind]
    p.write_bytes(data)
    return str(p)


@pytest.mark.parametrize("kind", ["missing", "directory", "empty", "whitespace", "binary", "invalid_utf8"])
@pytest.mark.parametrize("side", ["original", "copy"])
def test_bad_input_exits_3_with_one_line(tmp_path, kind, side):
    bad = _bad(tmp_path, kind)
    args = ["compare", bad, SEED_C] if side == "original" else ["compare", SEED_O, bad]
    res = runner.invoke(app, args)
    assert res.exit_code == 3, res.output
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("drift: error: ")
    assert "Traceback" not in res.output


def test_usage_errors_exit_2():
    assert runner.invoke(app, ["compare", SEED_O]).exit_code == 2
    assert runner.invoke(app, ["compare", SEED_O, SEED_C, "--format", "yaml"]).exit_code == 2
    res = runner.invoke(app, ["compare", "-", "-"])
    assert res.exit_code == 2 and "standard input" in res.stderr


def test_refuses_to_overwrite_an_input(tmp_path):
    o = tmp_path / "o.txt"
    o.write_text("Kyiv was hit overnight.")
    before = o.read_text()
    res = runner.invoke(app, ["compare", str(o), SEED_C, "--format", "json", "-o", str(o)])
    assert res.exit_code == 2 and o.read_text() == before


def test_version_and_help_are_fast_and_light():
    res = subprocess.run([sys.executable, "-m", "drift", "--version"], capture_output=True, text=True)
    assert res.returncode == 0 and res.stdout.startswith("drift ")
    res = subprocess.run([sys.executable, "-m", "drift", "--help"], capture_output=True, text=True)
    assert res.returncode == 0 and "compare" in res.stdout and "Exit codes" in res.stdout


@pytest.mark.slow
def test_compare_seed_json_and_exit_code(tmp_path):
    out = tmp_path / "r.json"
    res = runner.invoke(app, ["compare", SEED_O, SEED_C, "--format", "json", "-o", str(out), "--no-lm"])
    data = json.loads(out.read_text())
    assert data["schema"] == "drift/compare@1"
    majors = any(a["severity"] == "major" for a in data["alignments"])
    assert res.exit_code == (1 if majors else 0)


@pytest.mark.slow
def test_compare_stdin_and_identical_texts_exit_0(tmp_path):
    text = "Russia struck Kyiv overnight. Four people were killed, officials said."
    p = tmp_path / "a.txt"
    p.write_text(text)
    res = runner.invoke(app, ["compare", "-", str(p), "--format", "json", "--no-lm"], input=text)
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert data["original"]["source"] == "<stdin>"
    assert {a["label"] for a in data["alignments"]} == {"verbatim"}
    assert data["summary"]["drift_index"] == 0.0


@pytest.mark.slow
def test_terminal_report_strips_control_sequences(tmp_path):
    o = tmp_path / "o.txt"
    c = tmp_path / "c.txt"
    o.write_text("Officials said 500 missiles were sent.")
    c.write_text("Officials said 50 missiles were sent.\x1b[2J\x1b]0;pwned\x07 [bold]x[/bold]")
    res = runner.invoke(app, ["compare", str(o), str(c), "--all", "--no-lm"], env={"NO_COLOR": "1", "COLUMNS": "100"})
    assert "\x1b" not in res.stdout and "\x07" not in res.stdout
    assert "[bold]x[/bold]" in res.stdout  # article text is never parsed as markup
