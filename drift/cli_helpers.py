"""What every command of the command line shares: the one-line error, the console, writing
the output (never over an input, never through a planted link) and reading JSONL lines.
Commands live in drift.cli (compare, score), drift.cli_trace and drift.cli_audit; each
imports these from here."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Optional

import typer

from .errors import DriftError, UsageError

__all__ = ["fail", "console", "write", "check_output", "open_lines"]


def fail(exc: DriftError) -> None:
    typer.echo(f"drift: error: {exc}", err=True)
    raise typer.Exit(exc.exit_code)


def console(stderr: bool = False, no_color: bool = False):
    from rich.console import Console

    return Console(stderr=stderr, no_color=no_color or bool(os.environ.get("NO_COLOR")), highlight=False)


def write(text: str, output: Optional[Path], protected: list[str]) -> None:
    if output is None:
        sys.stdout.write(text)
        return
    check_output(output, protected)
    from .io import write_text_atomic

    try:
        write_text_atomic(output, text)  # (never through a hard or symbolic link planted at the path)
    except OSError as exc:
        raise UsageError(f"cannot write --output {output}: {exc.strerror or exc}") from None


def open_lines(source: str):
    """Lines of a UTF-8 text file or standard input, with input errors as InputError."""
    from .ingest import jsonl_lines

    return jsonl_lines(source)


def check_output(output: Path, protected: list[str]) -> None:
    from .io import same_file

    target = Path(os.path.realpath(output))
    for p in protected:
        if p != "-" and (Path(os.path.realpath(p)) == target or same_file(p, output)):  # a hard link too
            raise UsageError(f"--output {output} would overwrite the input {p}; choose another path")
    if target.is_dir():
        raise UsageError(f"--output {output} is a directory; give a file path")
