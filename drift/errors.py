"""Typed errors. The library raises these; only the CLI turns them into exit codes."""

from __future__ import annotations


class DriftError(Exception):
    """Base class for every error drift raises on purpose."""

    exit_code = 1


class UsageError(DriftError):
    """The command line asked for something that cannot be done."""

    exit_code = 2


class InputError(DriftError):
    """An input is missing, unreadable, binary, not UTF-8, empty or too large."""

    exit_code = 3


class ModelError(DriftError):
    """A model or optional dependency could not be loaded."""

    exit_code = 4
