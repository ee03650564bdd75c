"""Help reads like a normal command line, and every usage error is one line (issue 13)."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from drift.cli import app

from .conftest import SEEDS

runner = CliRunner()
SEED_O = str(SEEDS / "000_120bd2b153926def.txt")
SEED_C = str(SEEDS / "001_5661abd0d4910d65.txt")

COMMANDS = ["compare", "score", "trace", "audit", "report"]
USAGE = {
    "compare": "Usage: drift compare [OPTIONS] ORIGINAL COPY",
    "score": "Usage: drift score [OPTIONS] PAIRS",
    "trace": "Usage: drift trace [OPTIONS] INPUTS...",
    "audit": "Usage: drift audit [OPTIONS] INPUTS...",
    "report": "Usage: drift report [OPTIONS]",
}


@pytest.mark.parametrize("command", COMMANDS)
def test_help_has_click_style_metavars(command):
    res = runner.invoke(app, [command, "--help"], terminal_width=100)
    assert res.exit_code == 0, res.output
    out = res.stdout
    first = out.splitlines()[0].split(" ")
    assert " ".join(first[:1] + ["drift"] + first[2:]) == USAGE[command]  # CliRunner calls the program "root"
    # no typer-isms: <bool>, <str>, <list[str]>, {original}, boxed panels
    assert not re.search(r"<(bool|str|int|path|list\[[a-z]+\])>", out), out
    assert not re.search(r"\{[a-z_]+\}", out), out
    assert not any(ch in out for ch in "╭╰│─"), out
    assert "--help" in out and "Show this message and exit." in out


def test_compare_help_lists_formats_and_arguments():
    out = runner.invoke(app, ["compare", "--help"], terminal_width=100).stdout
    assert "-f, --format [terminal|json|html|markdown]" in out
    assert "-o, --output PATH" in out
    assert re.search(r"^  -q, --quiet +Print", out, re.M)  # a flag: no metavar after it
    assert re.search(r"^  ORIGINAL +The original", out, re.M)
    assert re.search(r"^  COPY +The copy", out, re.M)


@pytest.mark.parametrize(
    "args, says",
    [
        (["compare", SEED_O, SEED_C, "--format", "pdf"], "'pdf' is not one of 'terminal', 'json', 'html', 'markdown'"),
        (["compare", SEED_O], "Missing argument 'COPY'"),
        (["compare", SEED_O, SEED_C, "--bogus"], "No such option: --bogus"),
        (["bogus"], "No such command 'bogus'"),
        (["score", "x.jsonl", "--batch-size", "0"], "--batch-size"),
        (["trace", "x", "--format", "html"], "'html' is not one of 'terminal', 'json'"),
        (["report", "--format", "pdf"], "'pdf' is not one of"),
        (["audit", "x", "--engine", "spark"], "'spark' is not one of 'local', 'ray'"),
    ],
)
def test_usage_errors_are_one_line(args, says):
    res = runner.invoke(app, args)
    assert res.exit_code == 2, res.output
    assert res.stdout == ""
    lines = res.stderr.splitlines()
    assert len(lines) == 1, res.stderr
    assert lines[0].startswith("drift: error: ") and says in lines[0]
    assert "Value error" not in lines[0] and "╭" not in lines[0]
    assert lines[0].endswith("--help)")


def test_usage_error_is_one_line_from_the_installed_entry_point():
    res = subprocess.run(
        [sys.executable, "-m", "drift", "compare", SEED_O, SEED_C, "--format", "pdf"],
        capture_output=True, text=True,
    )
    assert res.returncode == 2 and res.stdout == ""
    assert res.stderr.count("\n") == 1 and "'markdown'" in res.stderr


def test_no_arguments_prints_the_help():
    res = runner.invoke(app, [])
    assert res.exit_code == 2
    assert "[OPTIONS] COMMAND [ARGS]..." in res.stderr
    for command in COMMANDS:
        assert command in res.stderr


def test_readme_says_how_to_get_drift_on_path():
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    two = readme[readme.index("## Two commands") : readme.index("## Usage")]
    assert "make demo   #" in two and "make test   #" in two  # the two commands stay as they are
    assert ". .venv/bin/activate" in two and ".venv/bin/drift" in two
