"""The command line: exit codes, one-line errors, formats."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

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


SEED_UNRELATED = str(SEEDS / "004_aa3b60ca1cb5b10d.txt")  # same war, another story


@pytest.mark.slow
def test_compare_unrelated_story_says_unrelated_with_exit_5(tmp_path):
    res = runner.invoke(app, ["compare", SEED_O, SEED_UNRELATED, "--format", "json"])
    assert res.exit_code == 5, res.output
    s = json.loads(res.stdout)["summary"]
    assert s["verdict"] == "unrelated" and s["linked_share"] < 0.25 and s["exit_code"] == 5
    res = runner.invoke(app, ["compare", SEED_O, SEED_UNRELATED], env={"NO_COLOR": "1", "COLUMNS": "100"})
    assert res.exit_code == 5 and "UNRELATED" in res.stdout and "not a copy" in res.stdout
    assert "faithful" not in res.stdout.lower()


@pytest.mark.slow
@pytest.mark.parametrize("swap", [False, True])
def test_compare_says_when_the_arguments_are_swapped(swap):
    args = [SEED_C, SEED_O] if swap else [SEED_O, SEED_C]
    res = runner.invoke(app, ["compare", *args, "--format", "json"])
    s = json.loads(res.stdout)["summary"]
    assert s["verdict"] != "unrelated" and s["linked_share"] >= 0.5
    assert s["direction"]["swapped"] is swap
    quiet = runner.invoke(app, ["compare", *args, "-q"])
    assert ("direction=swapped" in quiet.stdout) is swap
    assert quiet.exit_code == res.exit_code == s["exit_code"] in (0, 1)


@pytest.mark.slow
def test_trace_compare_exits_like_compare(tmp_path):
    for name in ("000_120bd2b153926def", "001_5661abd0d4910d65"):
        (tmp_path / f"{name}.txt").write_text((SEEDS / f"{name}.txt").read_text())
    res = runner.invoke(app, ["trace", str(tmp_path), "--compare", "--format", "json"])
    data = json.loads(res.stdout)
    compared = [d["compare"] for d in data["documents"] if "compare" in d]
    assert compared and all("signature" in data for _ in compared)
    alone = runner.invoke(app, ["compare", SEED_O, SEED_C, "--format", "json"])
    assert compared[0]["drift_index"] == json.loads(alone.stdout)["summary"]["drift_index"]
    assert res.exit_code == compared[0]["exit_code"] == alone.exit_code in (0, 1)


@pytest.mark.slow
def test_json_outputs_escape_c1_and_bidi_controls(tmp_path):
    o, c = tmp_path / "o.txt", tmp_path / "c.txt"
    o.write_text("Officials said 500 missiles were sent to Kyiv.\n")
    c.write_text("Officials said 50 missiles\x9b[2J were sent to Kyiv.\u202e\n")
    res = runner.invoke(app, ["compare", str(o), str(c), "--format", "json"])
    assert "\x9b" not in res.stdout and "\u202e" not in res.stdout and "\\u009b" in res.stdout
    assert "\x9b[2J" in json.loads(res.stdout)["copy"]["sentences"][0]["text"]
    pairs = tmp_path / "p.jsonl"
    pairs.write_text(json.dumps({"id": "a\x9b", "original": "Ten died.", "copy": "Ten died.\u202e"}) + "\n" + "not json\n")
    res = runner.invoke(app, ["score", str(pairs)])
    assert "\x9b" not in res.stdout and "\u202e" not in res.stdout
    lines = [json.loads(x) for x in res.stdout.splitlines()]
    assert lines[0]["id"] == "a\x9b" and all(x["signature"].startswith("drift ") for x in lines)


@pytest.mark.slow
def test_every_command_gives_the_seed_pair_the_same_drift_index(tmp_path):
    """One judge configuration: compare, trace --compare and audit agree to the last digit."""
    for name in ("000_120bd2b153926def", "001_5661abd0d4910d65"):
        (tmp_path / f"{name}.txt").write_text((SEEDS / f"{name}.txt").read_text())
    alone = json.loads(runner.invoke(app, ["compare", SEED_O, SEED_C, "--format", "json"]).stdout)["summary"]
    traced = json.loads(runner.invoke(app, ["trace", str(tmp_path), "--compare", "--format", "json"]).stdout)
    in_trace = [d["compare"] for d in traced["documents"] if "compare" in d]
    db = tmp_path / "a.sqlite"
    run = json.loads(runner.invoke(app, ["audit", str(tmp_path), "--db", str(db), "-q", "-f", "json"]).stdout)
    assert run["schema"] == "drift/audit-run@1" and run["signature"].startswith("drift ")
    report = json.loads(runner.invoke(app, ["report", "--db", str(db), "--format", "json"]).stdout)
    audited = [c for c in report["copies"] if c.get("compared")]
    assert len(in_trace) == len(audited) == 1
    assert alone["drift_index"] == in_trace[0]["drift_index"] == audited[0]["drift_index"]
    assert alone["verdict"] == in_trace[0]["verdict"] == audited[0]["verdict"]


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full on this system")
@pytest.mark.parametrize("argv", [
    ["compare", "seeds/000_120bd2b153926def.txt", "seeds/001_5661abd0d4910d65.txt", "--format", "json"],
    ["score", "tests/data/full_stdout_pairs.jsonl"],
    ["trace", "seeds", "--format", "json"],
])
def test_full_standard_output_is_one_line_and_exit_3(argv, tmp_path):
    """`> /dev/full`: one line on standard error naming the problem, exit 3, never 70."""
    root = Path(__file__).resolve().parents[1]
    env = dict(os.environ, DRIFT_CACHE_DIR=str(tmp_path / "cache"))
    with open("/dev/full", "w") as full:
        proc = subprocess.run([sys.executable, "-m", "drift", *argv], cwd=root, stdout=full, stderr=subprocess.PIPE,
                              text=True, env=env, timeout=600)
    lines = [l for l in proc.stderr.splitlines() if l.strip()]
    assert proc.returncode == 3, proc.stderr
    assert len(lines) == 1 and "standard output" in lines[0], proc.stderr
