"""`drift audit` and `drift report`: the command line of drift.audit (registered by drift.cli).

Only typer and the standard library are imported at module level; the store, the models,
rich and the input libraries load inside the commands.

`drift audit` exit codes: 0 no major finding · 1 a copy among the inputs has a major
finding · 2 usage error · 3 some item failed (unreadable input, a comparison that could
not run; reported per item, everything else still done) · 4 model or dependency error.
"""

from __future__ import annotations

import json
import os
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

MARKER = ".drift-report.json"  # written into every directory `drift report` makes


class Engine(str, Enum):
    local = "local"
    ray = "ray"


class SummaryFormat(str, Enum):
    terminal = "terminal"
    json = "json"


class ReportFormat(str, Enum):
    html = "html"
    json = "json"


def _summary_lines(db: Path, result) -> list[str]:
    from .render.layout import plural

    s = result.stats
    lines = [
        f"audit run {result.run_id} -> {db}",
        f"  documents: {s['documents_new']} new, {s['documents_known']} already stored, {s.get('documents', 0)} in the database"
        + (f", {plural(s['skipped'], 'feed entry', 'feed entries')} pointing at pages already read" if s["skipped"] else ""),
        f"  families: {s['families']} with copies ({'traced again' if s['traced'] else 'unchanged, not traced again'})",
        f"  comparisons: {s['comparisons_new']} new, {s['comparisons_known']} already stored, "
        f"{plural(s['copies'], 'copy', 'copies')} in all"
        + (f" ({plural(s['jobs'], 'worker')})" if "jobs" in s else ""),
        f"  copies with a major finding: {s.get('major_copies', 0)}",
    ]
    n_fail = len(result.failures)
    lines.append(f"  failed items: {n_fail}" + (" (listed above; see `drift report`)" if n_fail else ""))
    lines.append(f"  {s.get('seconds', 0):.1f} s")
    return lines


def profile_lines(stats: dict) -> list[str]:
    """`--profile`: seconds, items and items per second of every stage the run went through."""
    rows = stats.get("profile") or []
    total = float(stats.get("seconds") or 0.0) or sum(r[1] for r in rows) or 1.0
    out = [f"{'stage':<28} {'seconds':>8} {'share':>6} {'items':>8}  {'per second':>10}"]
    for stage, secs, items, unit in rows:
        rate = f"{items / secs:,.1f}" if secs > 0 and items else "-"
        out.append(f"{stage:<28} {secs:>8.2f} {100 * secs / total:>5.0f}% {items:>8,}  {rate:>10} {unit}")
    out.append(f"{'total':<28} {total:>8.2f}")
    return out


def _check_report_dir(out: Path, protected: list[Path]) -> None:
    """Refuse a directory drift report did not make, or one holding the inputs or the database."""
    target = Path(os.path.realpath(out))
    for p in protected:
        try:
            rp = Path(os.path.realpath(p))
        except (OSError, ValueError):
            continue
        if rp == target or target in rp.parents:
            raise _usage(f"-o {out} contains {p} (an input or the database); choose an empty or new directory")
        if rp.is_dir() and rp in target.parents:
            raise _usage(f"-o {out} is inside the input directory {p}: the next audit would read the reports; choose another directory")
    if target.exists():
        if not target.is_dir():
            raise _usage(f"-o {out} exists and is not a directory; give a new or empty directory")
        entries = [e for e in target.iterdir()]
        if entries and not (target / MARKER).is_file():
            raise _usage(
                f"-o {out} is a non-empty directory that drift report did not make; refusing to write into it "
                "(choose a new or empty directory)"
            )


def _stdout(text: str) -> None:
    """Standard output, or one clear error when it is closed or full (``>&-``, ``> /dev/full``)."""
    from .errors import InputError

    stream = sys.stdout
    if stream is None:
        raise InputError("standard output is closed; give -o FILE, or leave standard output open", code="output")
    try:
        stream.write(text)
        stream.flush()
    except (OSError, ValueError) as exc:  # ValueError: writing to a closed file
        raise InputError(f"cannot write standard output ({getattr(exc, 'strerror', None) or exc})", code="output") from None


def _usage(msg: str):
    from .errors import UsageError

    return UsageError(msg)


def _slug(doc_id: str) -> str:
    import hashlib
    import re

    base = re.sub(r"[^A-Za-z0-9._-]+", "-", doc_id.split("://", 1)[-1]).strip("-.")[:60] or "copy"
    return f"{base}-{hashlib.sha1(doc_id.encode('utf-8', 'surrogatepass')).hexdigest()[:8]}.html"


def _write_atomic(path: Path, text: str) -> None:
    """One file of the report directory, through an exclusively created temporary file in the
    same folder renamed over it: a symbolic or hard link planted at ``path`` is replaced,
    never written through."""
    from .io import write_text_atomic

    if path.exists() and not path.is_symlink() and not path.is_file():
        raise _usage(f"{shown_path(path)} exists and is not a file; refusing to replace it (choose a new directory)")
    write_text_atomic(path, text)


def _real_dir(path: Path, out: Path) -> None:
    """``path`` is (or is made) a directory of its own inside ``out``, not a link to elsewhere."""
    if path.is_symlink():
        raise _usage(f"-o {shown_path(out)}: {path.name} is a symbolic link; refusing to write through it "
                     "(remove it or choose a new directory)")
    path.mkdir(exist_ok=True)


def shown_path(p) -> str:
    from .io import shown

    return shown(str(p))


def write_report_dir(store, data: dict, out: Path) -> tuple[int, int]:
    """index.html and one report per compared copy into ``out``; (reports written, failed)."""
    from .audit import stored_report
    from .render.html import render_html
    from .render.index import render_index, report_context

    if out.is_symlink() and not out.exists():
        raise _usage(f"-o {shown_path(out)} is a symbolic link to nothing; choose a directory")
    out.mkdir(parents=True, exist_ok=True)
    marker = out / MARKER
    previous: list[str] = []
    if marker.is_file():
        try:
            previous = list(json.loads(marker.read_text(encoding="utf-8")).get("files", []))
        except (ValueError, OSError):
            previous = []
    # The marker first: a run killed half-way still leaves a directory drift may write into again.
    _write_atomic(marker, json.dumps({"made_by": "drift report", "database": data["database"], "files": previous}))
    _real_dir(out / "copies", out)
    links: dict[str, str] = {}
    written: list[str] = []
    failed = 0
    for e in data["copies"]:
        if not e["compared"]:
            continue
        rel = f"copies/{_slug(e['id'])}"
        try:
            html = render_html(stored_report(store, e["comparison"]), report_context(e, "../index.html"))
        except Exception as exc:  # noqa: BLE001 - one bad report must not lose the index
            failed += 1
            e["report_error"] = f"{type(exc).__name__}: {exc}"
            continue
        _write_atomic(out / rel, html)
        links[e["id"]] = rel
        e["report"] = rel
        written.append(rel)
    _write_atomic(out / "index.html", render_index(data, links))
    written.append("index.html")
    for rel in set(previous) - set(written):  # stale reports of an earlier `drift report` (only files it made)
        p = out / rel
        if p.is_file() and (p.parent == out or p.parent == out / "copies"):
            p.unlink()
    _write_atomic(marker, json.dumps({"made_by": "drift report", "database": data["database"], "files": written}))
    return len(written) - 1, failed


def register(app: typer.Typer) -> None:
    @app.command()
    def audit(
        inputs: Annotated[
            list[str],
            typer.Argument(help="Files or directories: .txt, .html pages, .jsonl, RSS/Atom feeds (.xml/.rss/.atom), WARC (.warc/.warc.gz)."),
        ],
        db: Annotated[Path, typer.Option("--db", help="The audit database (SQLite, created if missing).")] = Path("audit.sqlite"),
        jobs: Annotated[
            Optional[int], typer.Option("--jobs", "-j", min=1, max=64, help="Comparison worker processes (default: 1, more only for 50+ pairs on a machine with idle cores).")
        ] = None,
        engine: Annotated[Engine, typer.Option("--engine", help="local (default) or ray (needs Ray Data installed).")] = Engine.local,
        lm: Annotated[bool, typer.Option("--lm/--no-lm", help="Also use the small language model for garble (much slower).")] = False,
        fmt: Annotated[SummaryFormat, typer.Option("--format", "-f", help="Summary format on standard output.")] = SummaryFormat.terminal,
        progress: Annotated[bool, typer.Option("--progress/--no-progress", help="Progress bars on standard error.")] = True,
        quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress and no per-item lines; the summary only.")] = False,
        no_color: Annotated[bool, typer.Option("--no-color", help="No colour (NO_COLOR is honoured too).")] = False,
        profile: Annotated[bool, typer.Option("--profile", help="Also print time and items per stage (standard error).")] = False,
        ray_address: Annotated[
            Optional[str], typer.Option("--ray-address", help="--engine ray: the cluster to join (default: RAY_ADDRESS, else a local instance).")
        ] = None,
    ) -> None:
        """Ingest a syndication feed, trace families of copies, compare every copy with its original; store it all in --db.

        Re-running on the same inputs does nothing new; adding inputs processes only what is new; a killed run resumes where it stopped.

        Exit code 3 if any item failed (each is reported with its reason, and the rest is done), else 1 if a copy has a major finding, else 0.
        """
        from .cli_helpers import fail as _fail
        from .errors import DriftError

        reporter = None
        try:
            if not inputs:
                raise _usage("give at least one file or directory")
            target = Path(os.path.realpath(db))  # (realpath: a loop of links is not an error here)
            for inp in inputs:
                if "://" not in inp and Path(os.path.realpath(inp)) == target:
                    raise _usage(f"--db {db} is also an input; give the database another path")
            from .audit import ModelSpec, run_audit

            from .cli_progress import prepare_lm, reporter as make_reporter

            spec = ModelSpec(lm=lm)
            if lm:
                prepare_lm(quiet)  # before the workers start: they would each build it
            reporter = make_reporter(quiet=quiet, bars=progress, no_color=no_color)
            try:
                result = run_audit(inputs, db, spec=spec, jobs=jobs, engine=engine.value, progress=reporter,
                                   ray_address=ray_address)
            finally:
                reporter.close()
        except DriftError as exc:
            _fail(exc)
        try:
            if fmt is SummaryFormat.json:
                from .audit.models import compare_signature
                from .schema import audit_run_to_dict, dumps

                _stdout(dumps(audit_run_to_dict(result, str(db), compare_signature(spec)), indent=1) + "\n")
            else:
                _stdout("\n".join(_summary_lines(db, result)) + "\n")
        except DriftError as exc:
            _fail(exc)
        if profile:
            typer.echo("\n".join(profile_lines(result.stats)), err=True)
        raise typer.Exit(result.exit_code)

    @app.command()
    def report(
        db: Annotated[Path, typer.Option("--db", help="The audit database written by `drift audit`.")] = Path("audit.sqlite"),
        output: Annotated[
            Optional[Path],
            typer.Option("--output", "-o", help="html: the directory to write (new, empty, or made by drift report). json: a file (default: standard output)."),
        ] = None,
        fmt: Annotated[ReportFormat, typer.Option("--format", "-f", help="html (an index plus one report per copy) or json.")] = ReportFormat.html,
        max_findings: Annotated[int, typer.Option("--max-findings", min=0, help="Findings listed per copy (json and index).")] = 20,
    ) -> None:
        """Write an audit's report: -o DIR gets index.html and one side-by-side report per copy.

        The index lists the families, the copies ranked by drift index (filters by verdict and source) and counts per source. --format json gives the same data.
        """
        from .cli_helpers import check_output as _check_output, fail as _fail
        from .errors import DriftError

        failed = 0
        try:
            from .audit import AuditStore, report_data
            from .audit.store import store_errors

            with store_errors(db):
                store = AuditStore(db, create=False)
                try:
                    data = report_data(store, max_findings=max_findings)
                    if fmt is ReportFormat.json:
                        from .schema import dumps

                        text = dumps(data, indent=1) + "\n"
                        if output is None:
                            _stdout(text)
                        else:
                            from .io import write_text_atomic

                            _check_output(output, [str(db)])
                            write_text_atomic(output, text)
                    else:
                        if output is None:
                            raise _usage("--output DIR is required for --format html (e.g. -o audit-report/)")
                        sources = [Path(p) for r in store.db.execute("SELECT inputs FROM runs")
                                   for p in json.loads(r[0]) if "://" not in p]
                        _check_report_dir(output, [db, *sources])
                        n, failed = write_report_dir(store, data, output)
                        _stdout(f"wrote {output / 'index.html'} and {n} copy report{'s' if n != 1 else ''}\n")
                        if failed:
                            from .errors import InputError

                            raise InputError(f"{failed} of {n + failed} copy reports could not be rendered "
                                             "(the index lists why)", code="render")
                finally:
                    store.close()
        except DriftError as exc:
            _fail(exc)
        except OSError as exc:
            from .errors import InputError

            _fail(InputError(f"cannot write the report: {exc.strerror or exc}", code="output"))
