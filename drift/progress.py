"""Progress of long work, reported to whoever runs it: the library never prints.

A stage of `drift.trace.trace`, `drift.audit.run_audit` or the reading of inputs calls
``progress.stage(name, total)`` when it starts (``total`` None when not known in advance) and
``progress.advance(n)`` as it goes; ``note`` is a one-line remark (a skipped item). The
command line passes an object that draws live bars on standard error
(`drift.cli_progress`); everything else gets `NullProgress`.
"""

from __future__ import annotations

from typing import Protocol

__all__ = ["Progress", "NullProgress", "Recorder"]


class Progress(Protocol):
    def stage(self, name: str, total: int | None) -> None: ...
    def advance(self, n: int = 1) -> None: ...
    def note(self, message: str) -> None: ...


class NullProgress:
    """Reports nothing."""

    def stage(self, name: str, total: int | None) -> None:
        pass

    def advance(self, n: int = 1) -> None:
        pass

    def note(self, message: str) -> None:
        pass


class Recorder:
    """Keeps every call: [(stage name, total, [advances...])] and the notes (for tests and benches)."""

    def __init__(self) -> None:
        self.stages: list[tuple[str, int | None, list[int]]] = []
        self.notes: list[str] = []

    def stage(self, name: str, total: int | None) -> None:
        self.stages.append((name, total, []))

    def advance(self, n: int = 1) -> None:
        if not self.stages:
            raise AssertionError("advance() before any stage()")
        self.stages[-1][2].append(n)

    def note(self, message: str) -> None:
        self.notes.append(message)

    def done(self, name_start: str) -> int:
        """Units advanced in the stages whose name starts with ``name_start``."""
        return sum(sum(a) for name, _, a in self.stages if name.startswith(name_start))
