"""Command line: parse, call the library, render, map typed errors to exit codes.

Exit codes: 0 no major finding · 1 major findings · 2 usage error ·
3 unreadable or empty input · 4 model or dependency error · 5 unrelated (not a copy).
"""

from __future__ import annotations

import errno
import os
import signal
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from . import __version__
from .cli_helpers import check_output, console, fail, open_lines, write
from .cli_style import DriftGroup, install
from .errors import DriftError, ExitCode, UsageError


class Format(str, Enum):
    terminal = "terminal"
    json = "json"
    html = "html"
    markdown = "markdown"


app = typer.Typer(
    cls=DriftGroup,
    rich_markup_mode=None,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    help="Provenance and translation-drift checker for syndicated news.\n\n"
    "Exit codes: 0 no major finding, 1 major findings, 2 usage error, "
    "3 unreadable or empty input, 4 model or dependency error, 5 unrelated (not a copy of each other).",
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"drift {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        Optional[bool], typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = None,
) -> None:
    """drift: which sentences of a copy kept, changed, garbled, added or dropped the original's meaning."""
    # `drift ... | head` must not end in a BrokenPipeError traceback.
    if hasattr(signal, "SIGPIPE"):
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)


@app.command()
def compare(
    original: Annotated[str, typer.Argument(help="The original text file (UTF-8), or - for standard input.")],
    copy: Annotated[str, typer.Argument(help="The copy to check against it (UTF-8), or - for standard input.")],
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.terminal,
    show_all: Annotated[bool, typer.Option("--all", help="List every aligned pair, verbatim ones too.")] = False,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write the report to this file.")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print one summary line only.")] = False,
    no_color: Annotated[bool, typer.Option("--no-color", help="No colour (NO_COLOR is honoured too).")] = False,
    lm: Annotated[
        bool, typer.Option("--lm/--no-lm", help="Also use the small language model to find garbled language (slower; off by default, as in every command).")
    ] = False,
) -> None:
    """Align ORIGINAL and COPY sentence by sentence and judge every change of meaning."""
    from .compare import build_document, compare_documents, exit_status
    from .embed import CachedEmbedder
    from .ingest import read_document
    from .io import display_name
    from .judge import JudgeConfig, cached_judge

    try:
        _check_format_flags(fmt, quiet=quiet, show_all=show_all, no_color=no_color)
        if original == "-" and copy == "-":
            raise UsageError("only one of ORIGINAL and COPY can be standard input (-)")
        if output is not None:
            check_output(output, [original, copy])
        o_text, _ = read_document(original)
        c_text, _ = read_document(copy)
        if lm:
            from .cli_progress import prepare_lm

            prepare_lm(quiet)
        report = compare_documents(
            build_document(display_name(original), o_text),
            build_document(display_name(copy), c_text),
            CachedEmbedder(),
            cached_judge(JudgeConfig(use_lm=lm)),
        )
        if fmt is Format.json:
            from .render.jsonout import render_json

            write(render_json(report), output, [original, copy])
        elif fmt is Format.html:
            from .render.html import render_html

            write(render_html(report), output, [original, copy])
        elif fmt is Format.markdown:
            from .render.markdown import render_markdown

            write(render_markdown(report, show_all=show_all), output, [original, copy])
        else:
            from .render.terminal import print_report

            if output is not None:
                from rich.console import Console

                check_output(output, [original, copy])
                try:
                    with open(output, "w", encoding="utf-8") as fh:
                        print_report(report, Console(file=fh, width=120, no_color=True), show_all=show_all, quiet=quiet)
                except OSError as exc:
                    raise UsageError(f"cannot write --output {output}: {exc.strerror or exc}") from None
            else:
                print_report(report, console(no_color=no_color), show_all=show_all, quiet=quiet)
    except DriftError as exc:
        fail(exc)
    raise typer.Exit(exit_status(report))


#: The formats each flag of `compare` changes; given with any other format it is a usage error.
FLAG_FORMATS = {
    "-q/--quiet": (Format.terminal,),
    "--all": (Format.terminal, Format.markdown),
    "--no-color": (Format.terminal,),
}


def _check_format_flags(fmt: Format, *, quiet: bool, show_all: bool, no_color: bool) -> None:
    """A flag that does nothing for the chosen format is refused, never silently ignored."""
    given = {"-q/--quiet": quiet, "--all": show_all, "--no-color": no_color}
    for flag, on in given.items():
        if on and fmt not in FLAG_FORMATS[flag]:
            where = " and ".join(f.value for f in FLAG_FORMATS[flag])
            extra = " (json and html always list every row)" if flag == "--all" else ""
            raise UsageError(f"{flag} applies to --format {where} only, not {fmt.value}{extra}; drop one of them")
    if quiet and show_all:
        raise UsageError("-q/--quiet prints one line, so --all has nothing to list; drop one of them")


@app.command()
def score(
    pairs: Annotated[str, typer.Argument(help="JSONL file of {id, original, copy} objects, or - for standard input.")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="Output format (jsonl only).")] = "jsonl",
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write the results to this file.")] = None,
    batch_size: Annotated[int, typer.Option("--batch-size", min=1, max=4096, help="Pairs judged per batch.")] = 64,
    lm: Annotated[
        bool, typer.Option("--lm/--no-lm", help="Also use the language model for garble (slower).")
    ] = False,
) -> None:
    """Judge already-aligned sentence pairs: JSONL in, one JSONL result per line out.

    A bad line gives an {"id", "error"} line and the run goes on; the exit code is 3 if
    any line was bad, else 1 if any pair has a major finding, else 0.
    """
    from .embed import CachedEmbedder
    from .io import shown
    from .judge import JudgeConfig, cached_judge
    from .schema import dumps
    from .score import score_lines

    try:
        if fmt != "jsonl":
            raise UsageError(f"--format must be jsonl for score, got {fmt!r}")
        if output is not None:
            check_output(output, [pairs])
        stream = open_lines(pairs)
        try:
            out = open(output, "w", encoding="utf-8") if output is not None else sys.stdout
        except OSError as exc:
            raise UsageError(f"cannot write --output {output}: {exc.strerror or exc}") from None
        bad = major = False
        if lm:
            from .cli_progress import prepare_lm

            prepare_lm()
        from .cli_progress import reporter

        # A bar on standard error while the results go to a file or a pipe (on a terminal they are the progress).
        bars = reporter(bars=output is not None or not (sys.stdout and sys.stdout.isatty()))
        try:
            bars.stage("scoring pairs", None)
            for obj in score_lines(stream, CachedEmbedder(), cached_judge(JudgeConfig(use_lm=lm)), batch_size=batch_size,
                                   source="standard input" if pairs == "-" else shown(pairs)):
                bad |= "error" in obj
                major |= obj.get("severity") == "major"
                out.write(dumps(obj) + "\n")
                bars.advance()
            out.flush()
        except OSError as exc:
            if output is not None:
                raise UsageError(f"cannot write --output {output}: {exc.strerror or exc}") from None
            raise OSError(exc.errno, exc.strerror) from None  # standard output: one line and exit 3 in run()
        finally:
            bars.close()
            if output is not None:
                try:
                    out.close()
                except OSError:
                    pass
    except DriftError as exc:
        fail(exc)
    raise typer.Exit(ExitCode.INPUT if bad else ExitCode.MAJOR if major else ExitCode.OK)


# Commands in their own modules (each imports only typer and the standard library at top level).
from . import cli_audit, cli_trace  # noqa: E402

cli_trace.register(app)
cli_audit.register(app)
install(app)  # plain help, one-line usage errors (drift.cli_style)


def run() -> None:
    """Console-script entry point."""
    try:
        try:
            app(standalone_mode=True)
        finally:
            if sys.stdout is not None and not sys.stdout.closed:
                sys.stdout.flush()  # a full or broken standard output fails here, not at exit
    except KeyboardInterrupt:
        typer.echo("drift: interrupted", err=True)
        sys.exit(130)
    except MemoryError:
        typer.echo("drift: error: out of memory; split the input or raise the machine's memory", err=True)
        sys.exit(ExitCode.INPUT)
    except OSError as exc:
        if exc.errno not in (errno.ENOSPC, errno.EPIPE, errno.EBADF, errno.EIO, errno.EFBIG):
            _internal(exc)
        _silence_stdout()
        typer.echo(f"drift: error: cannot write standard output ({exc.strerror or exc}); give -o FILE", err=True)
        sys.exit(ExitCode.INPUT)
    except Exception as exc:  # noqa: BLE001 - the last line of defence: never a traceback
        _internal(exc)


def _silence_stdout() -> None:
    """Point the broken standard output at /dev/null, so the interpreter's own flush at exit is quiet."""
    try:
        fd = os.open(os.devnull, os.O_WRONLY)
        os.dup2(fd, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


def _internal(exc: BaseException) -> None:
    if os.environ.get("DRIFT_DEBUG"):
        raise exc
    typer.echo(f"drift: internal error: {type(exc).__name__}: {exc} (set DRIFT_DEBUG=1 for details)", err=True)
    sys.exit(ExitCode.INTERNAL)
