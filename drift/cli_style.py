"""How the command line looks: plain help in click's usual style and usage errors as one line.

Typer's defaults draw boxed panels for errors and print ``<bool>``, ``<str>`` and
``{original} {copy}`` in help. ``DriftGroup`` and ``DriftCommand`` (set on every command
by :func:`install`) give instead::

    Usage: drift compare [OPTIONS] ORIGINAL COPY
    drift: error: Invalid value for '--format' / '-f': 'pdf' is not one of 'terminal', ... (drift compare --help)

Only typer (and the click it runs on) and the standard library are imported here.
"""

from __future__ import annotations

import re
import sys
from typing import Any

import typer
from typer.core import TyperArgument, TyperCommand, TyperGroup, TyperOption

try:  # typer >= 0.20 runs on its own copy of click: its exceptions are the ones raised
    from typer._click import exceptions as click_exc
    from typer._click.utils import echo
except ImportError:  # pragma: no cover - an older typer on plain click
    from click import exceptions as click_exc
    from click.utils import echo

__all__ = ["DriftGroup", "DriftCommand", "install", "one_line_usage_error"]

_VALUE_ERROR = re.compile(r"\bValue error, ")


def _option_metavar(p: TyperOption) -> str:
    """[a|b|c] for a choice, PATH, N, NUMBER or the option's name in capitals otherwise."""
    desc = p.type_descriptor
    if desc.is_choice and desc.choices:
        return "[" + "|".join(str(getattr(c, "value", c)) for c in desc.choices) + "]"
    if desc.is_path:
        return "PATH"
    base = desc.annotation
    if base is int:
        return "N"
    if base is float:
        return "NUMBER"
    return (p.name or "value").upper()


def _argument_name(p: TyperArgument) -> str:
    return (p.metavar or (p.name or "arg").upper()) + ("..." if p.nargs != 1 else "")


class DriftCommand(TyperCommand):
    """A typer command whose help reads like any click command's: ``ORIGINAL COPY`` in the
    usage line, ``-f, --format [terminal|json]``, no ``<bool>`` or ``<str>``."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for p in self.params:
            if isinstance(p, TyperOption) and not p.is_flag and not p.count and p.metavar is None:
                p.metavar = _option_metavar(p)
            elif isinstance(p, TyperArgument):
                p.display_type_rich = lambda ctx, _name=_argument_name(p): ""  # the name says it
                p.metavar = p.metavar or (p.name or "arg").upper()

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        pieces = [self.options_metavar] if self.options_metavar else []
        for p in self.get_params(ctx):
            if isinstance(p, TyperArgument):
                name = _argument_name(p)
                pieces.append(name if p.required else f"[{name}]")
        return pieces

    def main(self, *args: Any, **kwargs: Any) -> Any:  # a command run on its own (tests)
        return _run_main(super().main, *args, **kwargs)


class DriftGroup(TyperGroup):
    """The `drift` group: plain help; every usage error is one line on standard error."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        return _run_main(super().main, *args, **kwargs)


def one_line_usage_error(exc: Any) -> str:
    """``drift: error: MESSAGE (drift CMD --help)`` on one line."""
    msg = " ".join(_VALUE_ERROR.sub("", exc.format_message()).split())
    ctx = getattr(exc, "ctx", None)
    hint = ""
    if isinstance(exc, click_exc.UsageError) and ctx is not None:
        hint = f" (see {ctx.command_path} --help)"
    return f"drift: error: {msg}{hint}"


def _run_main(main, *args: Any, standalone_mode: bool = True, **kwargs: Any) -> Any:
    if not standalone_mode:
        return main(*args, standalone_mode=False, **kwargs)
    try:
        rv = main(*args, standalone_mode=False, **kwargs)
    except click_exc.NoArgsIsHelpError as exc:  # `drift` alone, `drift compare` alone: the help
        echo(exc.ctx.get_help(), err=True)
        sys.exit(click_exc.UsageError.exit_code)
    except click_exc.ClickException as exc:
        echo(one_line_usage_error(exc), err=True)
        sys.exit(exc.exit_code)
    except typer.Abort:
        echo("drift: interrupted", err=True)
        sys.exit(130)
    sys.exit(rv if isinstance(rv, int) else 0)


def install(app: typer.Typer) -> None:
    """Every command registered on ``app`` so far uses :class:`DriftCommand`."""
    for info in app.registered_commands:
        if info.cls is None or info.cls is TyperCommand:
            info.cls = DriftCommand
