"""Progress of long work: the library reports stages and advancing counts through a callback
object (drift.progress), the command line draws bars on standard error only when it is a
terminal, and nothing at all with -q."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
import threading

import pytest
from typer.testing import CliRunner

from drift.audit import ModelSpec, run_audit
from drift.cli import app
from drift.cli_progress import PlainNotes, Quiet, RichProgress, reporter
from drift.embed import HashEmbedder
from drift.progress import Recorder
from drift.trace import read_inputs, trace

from .conftest import SEEDS
from .test_audit import write_corpus

HASH = ModelSpec(embedder="hash", tokens=False, nlp=False)
runner = CliRunner()


def _jsonl(path, n: int) -> None:
    """n documents in ONE file: reading must count documents, not files."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    with open(path, "w", encoding="utf-8") as fh:
        for k in range(n):
            fh.write(json.dumps({"id": f"d{k}", "text": texts[k % len(texts)]}) + "\n")


def _advancing(rec: Recorder) -> None:
    """Every stage with a total reaches it exactly, by positive steps."""
    for name, total, steps in rec.stages:
        assert all(s > 0 for s in steps), (name, steps)
        if total is not None:
            assert sum(steps) == total, (name, total, steps)


def test_reading_counts_documents_not_files(tmp_path):
    src = tmp_path / "feed.jsonl"
    _jsonl(src, 7)
    rec = Recorder()
    items = read_inputs([str(src)], rec)
    assert len(items) == 7 and rec.done("reading") == 7
    _advancing(rec)


def test_trace_reports_every_stage_with_advancing_counts(tmp_path):
    write_corpus(tmp_path / "in", originals=2, copies=2)
    rec = Recorder()
    items = read_inputs([str(tmp_path / "in")], rec)
    result = trace(items, HashEmbedder(), progress=rec)
    names = [name for name, _, _ in rec.stages]
    assert rec.done("reading") == len(items) == 6
    assert rec.done("segmenting") == 6
    assert any(n.startswith("embedding") for n in names)
    checked = [total for name, total, _ in rec.stages if name.startswith("checking")]
    assert checked and checked[0] >= len(result.links) > 0
    _advancing(rec)


def test_audit_reports_documents_read_and_the_trace_stages(tmp_path):
    src = tmp_path / "feed.jsonl"
    _jsonl(src, 5)
    rec = Recorder()
    r = run_audit([str(src)], tmp_path / "a.sqlite", spec=HASH, jobs=1, progress=rec)
    assert r.stats["documents_new"] == 5
    assert rec.done("reading documents") == 5  # (was: 1, the file)
    names = [name for name, _, _ in rec.stages]
    assert any(n.startswith("segmenting") for n in names) and any(n.startswith("checking") for n in names)
    _advancing(rec)


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize("quiet, tty, kind", [
    (False, True, RichProgress), (False, False, PlainNotes), (True, True, Quiet), (True, False, Quiet),
])
def test_bars_only_on_a_terminal_and_never_with_quiet(monkeypatch, quiet, tty, kind):
    monkeypatch.setattr(sys, "stderr", _Tty() if tty else io.StringIO())
    monkeypatch.delenv("TERM", raising=False)
    r = reporter(quiet=quiet)
    try:
        assert type(r) is kind
    finally:
        r.close()


def test_bars_show_counts_and_rate():
    out = _Tty()
    bars = RichProgress(no_color=True, file=out)
    bars.stage("segmenting 40 documents", 40)
    for _ in range(40):
        bars.advance()
    bars.stage("reading documents", None)
    bars.advance(12)
    bars.close()
    text = out.getvalue()
    assert "segmenting 40 documents" in text and "40/40" in text and "/s" in text
    assert "reading documents" in text and "12" in text and "12/" not in text  # no total: the count alone


def test_trace_cli_prints_no_bars_into_a_pipe_and_nothing_with_quiet(tmp_path):
    src = tmp_path / "feed.jsonl"
    _jsonl(src, 3)
    with open(src, "a", encoding="utf-8") as fh:
        fh.write(json.dumps({"id": "empty", "text": ""}) + "\n")  # one per-document line
    r = runner.invoke(app, ["trace", str(src), "--format", "json"])
    assert r.exit_code == 3 and "\x1b" not in r.stderr
    assert [ln for ln in r.stderr.splitlines() if ln.strip()] == [ln for ln in r.stderr.splitlines() if "empty" in ln]
    q = runner.invoke(app, ["trace", str(src), "--format", "json", "-q"])
    assert q.exit_code == 3 and q.stderr == ""
    assert json.loads(q.stdout)["stats"]["documents"] == 4


def _on_a_terminal(args: list[str]) -> tuple[int, str, str]:
    """Run drift with standard error on a pseudo-terminal: (exit code, stdout, what the terminal got)."""
    env = dict(os.environ, COLUMNS="120", TERM="xterm")
    master, slave = os.openpty()
    chunks: list[bytes] = []

    def drain() -> None:  # read as it comes: a full pty buffer would block the bars
        while True:
            try:
                b = os.read(master, 65536)
            except OSError:
                return
            if not b:
                return
            chunks.append(b)

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    try:
        proc = subprocess.run([sys.executable, "-m", "drift", *args], stdout=subprocess.PIPE, stderr=slave, env=env,
                              timeout=300)
    finally:
        os.close(slave)
        reader.join(10)
        os.close(master)
    err = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", b"".join(chunks).decode("utf-8", "replace"))  # colours and cursor moves
    return proc.returncode, proc.stdout.decode("utf-8"), err


needs_pty = pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")


@needs_pty
@pytest.mark.parametrize("quiet", [False, True])
def test_trace_cli_draws_bars_on_a_terminal(tmp_path, quiet):
    """A real terminal on standard error: the stages appear with their counts; -q draws nothing."""
    src = tmp_path / "feed.jsonl"
    _jsonl(src, 5)
    code, out, err = _on_a_terminal(["trace", str(src), "--format", "json"] + (["-q"] if quiet else []))
    assert code == 0 and json.loads(out)["stats"]["documents"] == 5
    if quiet:
        assert err == ""
    else:
        for stage in ("reading documents", "segmenting 5 documents", "5/5", "checking"):
            assert stage in err, (stage, err[-2000:])


@needs_pty
def test_score_counts_pairs_on_a_terminal(tmp_path):
    src = tmp_path / "pairs.jsonl"
    src.write_text("".join(json.dumps({"id": k, "original": f"The vote was on day {k}.", "copy": f"The vote was on day {k + 1}."})
                           + "\n" for k in range(3)), encoding="utf-8")
    code, out, err = _on_a_terminal(["score", str(src)])
    assert len(out.splitlines()) == 3 and "scoring pairs" in err and re.search(r"scoring pairs ━+ 3 ", err), err[-1500:]


@pytest.mark.parametrize("quiet", [False, True])
def test_compare_lm_says_it_is_building_the_model_cache(monkeypatch, quiet):
    """The first `compare --lm` says what it is doing on standard error before the silent
    build (not with -q); the library hands the line to the CLI through a callback."""
    import drift.lm as lm_mod
    from drift.errors import ModelError

    def fake_ensure(progress=None, root=None, path=None):
        progress.note("first use of the language model: building its cache in /x (once per machine; about 30 s)")
        progress.stage("building the language model's cache", None)
        raise ModelError("stop here")  # (no need to build anything for this test)

    monkeypatch.setattr(lm_mod, "ensure_cache", fake_ensure)
    s0, s1 = sorted(SEEDS.glob("*.txt"))[:2]
    r = runner.invoke(app, ["compare", str(s0), str(s1), "--lm"] + (["-q"] if quiet else []))
    assert r.exit_code == 4
    lines = [ln for ln in r.stderr.splitlines() if ln.strip()]
    if quiet:
        assert lines == ["drift: error: stop here"]
    else:
        assert lines[0].startswith("drift: first use of the language model: building its cache") and len(lines) == 2


def test_lm_build_on_a_terminal_is_a_line_and_a_spinner(monkeypatch):
    """On a terminal the first build shows its line and a live stage with the elapsed time."""
    import drift.lm as lm_mod
    from drift.cli_progress import prepare_lm

    def fake_ensure(progress=None, root=None, path=None):
        progress.note("first use of the language model: building its cache in /x")
        progress.stage("building the language model's cache", None)
        progress.note("language-model cache built in 31 s (98 MB)")

    tty = _Tty()
    monkeypatch.setattr(sys, "stderr", tty)
    monkeypatch.delenv("TERM", raising=False)
    monkeypatch.setattr(lm_mod, "ensure_cache", fake_ensure)
    prepare_lm(no_color=True)
    out = tty.getvalue()
    assert "drift: first use of the language model" in out and "building the language model's cache" in out
    assert "0:00:0" in out and "built in 31 s" in out
