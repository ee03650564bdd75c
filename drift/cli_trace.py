"""`drift trace`: the command line of drift.trace (registered by drift.cli).

Only typer and the standard library are imported at module level; the pipeline, the model
and rich load inside the command.

Exit codes: 0 traced · 2 usage error · 3 some input document was bad (the rest is still
traced and reported) · 4 model or dependency error; with --compare, compare's rules for the
copies (drift.compare.batch_exit_status): 1 a copy has a major finding, 5 a pair is unrelated.
"""

from __future__ import annotations

import os
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer


class TraceFormat(str, Enum):
    terminal = "terminal"
    json = "json"


def _compare_copies(result, embedder, failed: dict | None = None, progress=None) -> dict:
    """`drift compare` of every copy against the document it derives from: {copy id: Report}.

    A pair compare refuses (over the alignment limit) is left out and put in ``failed``
    ({copy id: message}); the other pairs are still compared."""
    from .compare import compare_documents
    from .errors import InputError
    from .judge import JudgeConfig, cached_judge

    from .progress import NullProgress

    progress = progress or NullProgress()
    judge = cached_judge(JudgeConfig())  # the one judge configuration of every command
    docs = {d.id: d.document for d in result.traced}
    out = {}
    copies = [p for p in result.documents if p.derived_from is not None]
    progress.stage(f"comparing {len(copies):,} copies", len(copies))
    for p in copies:
        try:
            out[p.id] = compare_documents(docs[p.derived_from], docs[p.id], embedder, judge)
        except InputError as exc:
            if failed is None:
                raise
            failed[p.id] = str(exc)
        progress.advance()
    return out


def compare_summary(source_id: str, report) -> dict:
    from .schema import compare_summary as summary

    return summary(source_id, report)


def register(app: typer.Typer) -> None:
    @app.command()
    def trace(
        inputs: Annotated[
            list[str],
            typer.Argument(help="Text or HTML files, directories, .jsonl files ({id, text} per line), RSS/Atom feeds, WARC archives."),
        ],
        fmt: Annotated[TraceFormat, typer.Option("--format", "-f", help="Output format.")] = TraceFormat.terminal,
        output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write the result to this file.")] = None,
        compare: Annotated[
            bool, typer.Option("--compare", help="Also compare every copy with its source and summarise the drift.")
        ] = False,
        no_color: Annotated[bool, typer.Option("--no-color", help="No colour (NO_COLOR is honoured too).")] = False,
        quiet: Annotated[
            bool, typer.Option("--quiet", "-q", help="No progress bars and no per-document lines on standard error.")
        ] = False,
    ) -> None:
        """Group articles into families of copies, name each family's original, and say why.

        Exit code 3 when some input document was bad (empty, binary, not UTF-8, a duplicated
        id, a bad JSONL line): it is reported with an error and everything else is traced.
        """
        from .cli_helpers import check_output as _check_output, fail as _fail, write as _write
        from .errors import ExitCode
        from .errors import DriftError, UsageError
        from .sanitize import one_line

        try:
            if not inputs:
                raise UsageError("give at least one file, directory or .jsonl file")
            if no_color and fmt != TraceFormat.terminal:
                raise UsageError(f"--no-color applies to --format terminal only, not {fmt.value}; drop one of them")
            from .embed import CachedEmbedder
            from .trace import expand_inputs, read_inputs, result_dict, trace as run_trace

            if output is not None:
                _check_output(output, inputs + [p for _, p in expand_inputs(inputs)])

            from .cli_progress import reporter

            bars = reporter(quiet=quiet, no_color=no_color)
            try:
                items = read_inputs(inputs, bars)
                if not items:
                    raise UsageError("no documents found (directories are searched for .txt, .html, .jsonl, feed and WARC files)")
                embedder = CachedEmbedder()
                from .doccache import DocumentCache

                result = run_trace(items, embedder, documents=DocumentCache(), progress=bars)
                from .render.trace_terminal import error_groups

                for _code, why, ids in error_groups([p for p in result.documents if p.error is not None]):
                    what = one_line(ids[0]) if len(ids) == 1 else f"{len(ids)} documents ({one_line(', '.join(ids[:3]))}{', ...' if len(ids) > 3 else ''})"
                    bars.note(f"skipped {what}: {one_line(why)}")
                not_compared: dict[str, str] = {}
                reports = _compare_copies(result, embedder, not_compared, bars) if compare else {}
                for cid, why in not_compared.items():
                    bars.note(f"not compared {one_line(cid)}: {one_line(why)}")
            finally:
                bars.close()
            if fmt is TraceFormat.json:
                placed = result.by_id()
                summaries = {k: compare_summary(placed[k].derived_from, r) for k, r in reports.items()}
                from .schema import dumps

                text = dumps(result_dict(result, summaries or None), indent=1) + "\n"
                _write(text, output, [])
            else:
                from rich.console import Console

                from .render.trace_terminal import print_trace

                if output is not None:
                    with open(output, "w", encoding="utf-8") as fh:
                        print_trace(result, Console(file=fh, width=120, no_color=True), reports)
                else:
                    console = Console(no_color=no_color or bool(os.environ.get("NO_COLOR")), highlight=False)
                    print_trace(result, console, reports)
        except DriftError as exc:
            _fail(exc)
        from .compare import batch_exit_status, exit_status

        bad = result.has_errors or bool(compare and not_compared)
        raise typer.Exit(ExitCode.INPUT if bad else batch_exit_status(exit_status(r) for r in reports.values()))
