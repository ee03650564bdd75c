"""What long commands show while they work, on standard error: live progress bars (one line
per stage, with counts, rate and time) on a terminal, nothing in a file, a pipe or with -q;
and the language model's first-run notice. The library reports through the
`drift.progress.Progress` calls; this module is the only one that draws them.

Only the standard library and typer at module level; rich loads when bars are drawn.
"""

from __future__ import annotations

import os
import sys

import typer

__all__ = ["RichProgress", "PlainNotes", "Quiet", "reporter", "prepare_lm"]


class RichProgress:
    """Progress bars on standard error: one line per stage with counts, rate, elapsed time and ETA."""

    def __init__(self, no_color: bool = False, file=None) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, Progress, ProgressColumn, SpinnerColumn, TextColumn, TimeElapsedColumn
        from rich.text import Text

        class Count(ProgressColumn):
            def render(self, task) -> Text:
                done = int(task.completed)
                if task.fields.get("counting"):  # no total known in advance: the count so far
                    return Text(f"{done:,}" if done else "", style="progress.download")
                return Text(f"{done:,}/{int(task.total or 0):,}", style="progress.download")

        class Rate(ProgressColumn):
            def render(self, task) -> Text:
                speed = task.finished_speed or task.speed
                return Text("" if speed is None else f"{speed:,.1f}/s", style="progress.data.speed")

        class Eta(ProgressColumn):
            def render(self, task) -> Text:
                left = task.time_remaining
                if task.total is None or task.finished or left is None:
                    return Text("")
                m, s = divmod(int(left + 0.5), 60)
                return Text(f"eta {m}:{s:02d}", style="progress.remaining")

        kw = {"file": file} if file is not None else {"stderr": True}
        self.console = Console(**kw, no_color=no_color or bool(os.environ.get("NO_COLOR")), highlight=False)
        self.progress = Progress(
            SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), Count(), Rate(), TimeElapsedColumn(), Eta(),
            console=self.console, transient=False,
            redirect_stdout=False,  # standard output is the command's result (a file, a pipe): never captured
        )
        self.task = None
        self.progress.start()

    def stage(self, name: str, total: int | None) -> None:
        self._finish()
        self.task = self.progress.add_task(name, total=total, counting=total is None)

    def advance(self, n: int = 1) -> None:
        if self.task is not None:
            self.progress.advance(self.task, n)

    def note(self, message: str) -> None:
        from .sanitize import one_line

        self.progress.console.print(f"drift: {one_line(message, 500)}", markup=False, soft_wrap=True)

    def _finish(self) -> None:
        if self.task is not None:
            t = next(t for t in self.progress.tasks if t.id == self.task)
            self.progress.update(self.task, total=t.completed if t.total is None else t.total,
                                 completed=t.completed if t.total is None else t.total)

    def close(self) -> None:
        self._finish()
        self.progress.stop()


class PlainNotes:
    """No bars (not a terminal, or --no-progress): notes still go to standard error, one line each."""

    def stage(self, name: str, total: int | None) -> None:
        pass

    def advance(self, n: int = 1) -> None:
        pass

    def note(self, message: str) -> None:
        from .sanitize import one_line

        typer.echo(f"drift: {one_line(message, 500)}", err=True)

    def close(self) -> None:
        pass


class Quiet(PlainNotes):
    """-q: nothing at all."""

    def note(self, message: str) -> None:
        pass


def reporter(*, quiet: bool = False, bars: bool = True, no_color: bool = False):
    """The progress object for a command: bars only when standard error is a terminal (never
    cursor sequences into a file or a pipe), nothing with -q. Close it when the work ends."""
    if quiet:
        return Quiet()
    stream = sys.stderr
    if bars and stream is not None and stream.isatty() and os.environ.get("TERM") != "dumb":
        return RichProgress(no_color=no_color)
    return PlainNotes()


def prepare_lm(quiet: bool = False, no_color: bool = False) -> None:
    """Build the language model's cache before the work starts, saying so on standard error
    (first run only: the build takes ~30 s and would otherwise be a silent wait): a line and a
    spinner with the elapsed time on a terminal, two plain lines otherwise, nothing with -q."""
    from .lm import ensure_cache

    bars = reporter(quiet=quiet, no_color=no_color)
    try:
        ensure_cache(bars)
    finally:
        bars.close()
