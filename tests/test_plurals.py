"""Counts read as English (issue 13): "Audit of 1 document", "1 family of copies · 1 copy"."""

from __future__ import annotations

import io
import re
from types import SimpleNamespace as NS

import pytest
from rich.console import Console
from typer.testing import CliRunner

from drift.audit.run import run_audit
from drift.cli import app
from drift.render.trace_terminal import render_trace

from .test_audit import HASH, write_corpus

runner = CliRunner()


@pytest.mark.parametrize("originals, copies", [(1, 1), (2, 2)])
def test_audit_index_counts_agree_with_their_nouns(tmp_path, originals, copies):
    write_corpus(tmp_path / "in", originals=originals, copies=copies)
    db = tmp_path / "a.sqlite"
    run_audit([str(tmp_path / "in")], db, spec=HASH, jobs=1)
    out = tmp_path / "out"
    assert runner.invoke(app, ["report", "--db", str(db), "-o", str(out)]).exit_code == 0
    html = (out / "index.html").read_text()
    n_docs, n_copies = originals * (1 + copies), originals * copies
    assert f"<h1>Audit of {n_docs} documents</h1>" in html
    fam = "family" if originals == 1 else "families"
    cop = "copy" if n_copies == 1 else "copies"
    assert f"<b>{originals}</b>{fam} with copies" in html
    assert f"of {n_copies} {cop} compared" in html
    # no "1 copies", "1 documents", "1 families" anywhere in the page's text
    text = re.sub(r"<[^>]+>", " ", html)
    assert not re.search(r"\b1 (copies|documents|families|items)\b", text)


def _result(n_docs: int, family: list[str], errors: int = 0):
    docs = [NS(id=f"d{k}", source=f"d{k}.txt", derived_from=None, error=None, confidence=0.0, reasons=()) for k in range(n_docs)]
    for k in range(errors):
        docs.append(NS(id=f"e{k}", source=f"e{k}.txt", derived_from=None, error=NS(code="empty", message=f"e{k}.txt: empty"),
                       confidence=0.0, reasons=()))
    by = {d.id: d for d in docs}
    for m in family[1:]:
        by[m].derived_from = family[0]
    fams = [NS(id=0, members=tuple(family), original=family[0])] + [
        NS(id=k + 1, members=(d.id,), original=d.id) for k, d in enumerate(x for x in docs if x.id not in family and not x.error)
    ]
    return NS(documents=docs, families=fams, by_id=lambda: by)


@pytest.mark.parametrize(
    "n_docs, family, says",
    [(2, ["d0", "d1"], "2 documents · 1 family of copies · 1 copy"),
     (3, ["d0", "d1", "d2"], "3 documents · 1 family of copies · 2 copies"),
     (1, ["d0"], "1 document · 0 families of copies · 0 copies")],
)
def test_trace_summary_plurals(n_docs, family, says):
    con = Console(file=io.StringIO(), width=200, color_system=None)
    try:
        con.print(render_trace(_result(n_docs, family)))
    except AttributeError as exc:  # the renderer wants a field the stand-in lacks
        pytest.fail(f"stand-in result incomplete: {exc}")
    assert says in con.file.getvalue()


@pytest.mark.parametrize("copies, skipped, jobs", [(1, 1, 1), (2, 3, 2), (0, 0, 1)])
def test_audit_run_summary_counts_agree_with_their_nouns(copies, skipped, jobs):
    from pathlib import Path

    from drift.cli_audit import _summary_lines

    stats = {"documents_new": 2, "documents_known": 0, "documents": 2, "skipped": skipped, "families": 1,
             "traced": True, "comparisons_new": copies, "comparisons_known": 0, "copies": copies, "jobs": jobs,
             "major_copies": 0, "seconds": 1.0}
    text = "\n".join(_summary_lines(Path("a.sqlite"), NS(run_id=1, stats=stats, failures=[])))
    assert not re.search(r"\b1 (copies|workers|feed entries)\b", text), text
    assert f"{copies} {'copy' if copies == 1 else 'copies'} in all" in text
    if skipped:
        assert f"{skipped} {'feed entry' if skipped == 1 else 'feed entries'} pointing" in text
