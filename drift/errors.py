"""Typed errors. The library raises these; only the CLI turns them into exit codes."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """Every command's exit codes (the README's table)."""

    OK = 0  # no major finding
    MAJOR = 1  # major findings: an editor must correct the copy
    USAGE = 2
    INPUT = 3  # unreadable or empty input; score/trace/audit: some item was bad
    MODEL = 4
    UNRELATED = 5  # not a copy: too little of either text aligns with the other
    INTERNAL = 70  # a bug in drift (EX_SOFTWARE); DRIFT_DEBUG=1 shows the traceback


class DriftError(Exception):
    """Base class for every error drift raises on purpose."""

    exit_code = 1


class UsageError(DriftError):
    """The command line asked for something that cannot be done."""

    exit_code = 2


class InputError(DriftError):
    """An input is missing, unreadable, binary, not UTF-8, empty or too large.

    ``code`` is a stable machine-readable reason (not_found, not_a_file, unreadable,
    too_large, binary, encoding, empty) for batch records; the message is for people.
    """

    exit_code = 3

    def __init__(self, message: str, code: str = "unreadable") -> None:
        super().__init__(message)
        self.code = code


class ModelError(DriftError):
    """A model or optional dependency could not be loaded."""

    exit_code = 4
