"""Bad input says so once, in one line that names the fix (issue 13): an unknown embedding
backend, a text file given to `score`, JSONL records under another key, a FIFO, a `--db`
that cannot be read, `--engine ray` without Ray."""

from __future__ import annotations

import json
import os
import tomllib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from drift.cli import app

from .conftest import SEEDS

runner = CliRunner()
ROOT = Path(__file__).resolve().parents[1]
SEED_O = str(SEEDS / "000_120bd2b153926def.txt")
SEED_C = str(SEEDS / "001_5661abd0d4910d65.txt")


def _one_line(res, code: int) -> str:
    assert res.exit_code == code, res.output
    lines = [x for x in res.stderr.splitlines() if x.strip()]
    assert len(lines) == 1, res.stderr
    assert lines[0].startswith("drift: error: ") and "Traceback" not in res.output
    return lines[0]


@pytest.mark.parametrize("value", ["bogus", "Drift", "sentence_transformers", "minilm"])
@pytest.mark.parametrize("command", ["compare", "score", "trace"])
def test_unknown_embed_backend_is_refused(monkeypatch, tmp_path, value, command):
    monkeypatch.setenv("DRIFT_EMBED_BACKEND", value)
    pairs = tmp_path / "p.jsonl"
    pairs.write_text(json.dumps({"id": 1, "original": "Kyiv was hit.", "copy": "Kiev was hit."}) + "\n")
    args = {"compare": ["compare", SEED_O, SEED_C], "score": ["score", str(pairs)], "trace": ["trace", SEED_O, SEED_C]}[command]
    line = _one_line(runner.invoke(app, args), 2)
    assert repr(value) in line and "sentence-transformers" in line


@pytest.mark.parametrize("value", ["", "drift"])
def test_known_embed_backend_is_accepted(monkeypatch, value):
    from drift.embed import embed_backend

    monkeypatch.setenv("DRIFT_EMBED_BACKEND", value)
    assert embed_backend() == "drift"


@pytest.mark.parametrize(
    "content",
    ["hello world\nthis is text\n" * 50, "id,original,copy\n1,a,b\n", "1\toriginal\tcopy\n", "\n\n  plain words first\n{\"id\": 1}\n"],
)
def test_score_of_a_file_that_is_not_jsonl_says_so_once(tmp_path, content):
    f = tmp_path / "pairs.txt"
    f.write_text(content)
    res = runner.invoke(app, ["score", str(f)])
    line = _one_line(res, 3)
    assert "not JSONL" in line and str(f) in line and '"original"' in line
    assert res.stdout == ""


def test_score_keeps_per_line_errors_inside_jsonl(tmp_path):
    f = tmp_path / "pairs.jsonl"
    f.write_text('{"id": 1, "original": "Kyiv was hit.", "copy": "Kiev was hit."}\nnot json\n{"id": 3}\n')
    res = runner.invoke(app, ["score", str(f)])
    assert res.exit_code == 3
    out = [json.loads(x) for x in res.stdout.splitlines()]
    assert [("error" in o) for o in out] == [False, True, True]
    assert all(o["signature"].startswith("drift ") for o in out)  # every line carries the signature


def _records(tmp_path, n: int, key: str = "body") -> Path:
    f = tmp_path / "docs.jsonl"
    f.write_text("".join(json.dumps({"id": f"d{k}", key: f"Story {k} is here. It has two sentences."}) + "\n" for k in range(n)))
    return f


@pytest.mark.parametrize("n", [3, 120])
def test_trace_records_under_another_key_are_one_line_and_a_count(tmp_path, n):
    res = runner.invoke(app, ["trace", str(_records(tmp_path, n))], env={"COLUMNS": "300"})
    assert res.exit_code == 3
    errors = [x for x in res.stdout.splitlines() if x.startswith("error ")]
    assert len(errors) == 1, res.stdout
    assert f"error {n} documents  [bad_record] 'text' is missing (the record has 'id', 'body')" in errors[0]
    assert '"text"' in errors[0] and "d0, d1, d2" in errors[0]


def test_trace_json_keeps_every_error(tmp_path):
    res = runner.invoke(app, ["trace", str(_records(tmp_path, 5)), "--format", "json"])
    data = json.loads(res.stdout)
    assert [d["error"]["code"] for d in data["documents"]] == ["bad_record"] * 5
    assert data["signature"].startswith("drift ")


def test_error_groups_keep_distinct_faults_apart():
    from types import SimpleNamespace as NS

    from drift.render.trace_terminal import error_groups

    def doc(i, src, code, msg):
        return NS(id=i, source=src, error=NS(code=code, message=msg))

    errs = [doc("a", "f.jsonl:1", "bad_record", "f.jsonl:1: 'text' is missing"),
            doc("b", "f.jsonl:2", "bad_record", "f.jsonl:2: 'text' is missing"),
            doc("c", "c.txt", "empty", "c.txt: empty")]
    assert error_groups(errs) == [("bad_record", "'text' is missing", ["a", "b"]), ("empty", "c.txt: empty", ["c"])]
    assert error_groups(errs[2:]) == [("empty", "c.txt: empty", ["c"])]


@pytest.mark.parametrize("side", ["original", "copy"])
def test_a_fifo_gets_a_hint_to_use_standard_input(tmp_path, side):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    args = ["compare", str(fifo), SEED_C] if side == "original" else ["compare", SEED_O, str(fifo)]
    line = _one_line(runner.invoke(app, args), 3)
    assert "FIFO" in line and "give -" in line and f"- < {fifo}" in line


@pytest.mark.parametrize(
    "make, says",
    [
        (None, "no such audit database"),
        (lambda p: p.write_text("just some text\n"), "is not a SQLite database"),
        (lambda p: p.write_bytes(b""), "is an empty file"),
        (lambda p: p.mkdir(), "is a directory"),
    ],
    ids=["missing", "text", "empty", "directory"],
)
@pytest.mark.parametrize("fmt", ["json", "html"])
def test_report_of_an_unreadable_db_exits_3(tmp_path, make, says, fmt):
    db = tmp_path / "audit.sqlite"
    if make:
        make(db)
    args = ["report", "--db", str(db), "-f", fmt] + (["-o", str(tmp_path / "out")] if fmt == "html" else [])
    line = _one_line(runner.invoke(app, args), 3)
    assert says in line and "give a new file" not in line
    assert not (tmp_path / "out").exists()


def test_engine_ray_suggests_the_projects_extra_with_its_pin(tmp_path):
    pytest.importorskip("typer")
    try:
        import ray  # noqa: F401

        pytest.skip("Ray is installed here")
    except ImportError:
        pass
    pin = next(r for r in tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["optional-dependencies"]["ray"])
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(Path(SEED_O).read_text())
    line = _one_line(runner.invoke(app, ["audit", str(tmp_path / "in"), "--db", str(tmp_path / "a.sqlite"), "--engine", "ray"]), 4)
    assert "pip install -e '.[ray]'" in line and "drift[ray]" in line and pin in line
    assert "pip install 'ray[data]'" not in line


def test_ray_requirement_matches_pyproject():
    from drift.audit.engine_ray import RAY_PIN, ray_requirement

    pin = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["optional-dependencies"]["ray"]
    assert pin == [RAY_PIN] and ray_requirement() == RAY_PIN
