"""`--help` as written: brackets kept, readable value names, for every command at once.

Typer reads help text as Rich markup, so `[screen.weights]` or a `[default:
0.01]` written in a help string vanished ("config file ()"). Each command's
docstring and every parameter's help are escaped here, when Click builds the
command, so no module has to remember; epilogs stay markup, for their
`[bold]Examples[/bold]`. Value names read `PATH`, `YYYY-MM` or `N` rather than
Typer's `<list[Path]>`, and a flag shows none (`--strict`, not `--strict <bool>`).
"""

from __future__ import annotations

import typing
from datetime import date, datetime
from enum import Enum
from pathlib import Path
from typing import Any

from rich.markup import escape
from typer.core import TyperArgument, TyperCommand, TyperGroup

BY_NAME = {
    "--period": "YYYY-MM",
    "--year": "YYYY",
    "--delimiter": "CHAR",
    "--employer": "NPP",
}
"""Value names the type cannot tell (a month is a `str`), for options of any command."""
BY_TYPE: dict[Any, str] = {Path: "PATH", int: "N", float: "FLOAT", str: "TEXT", date: "YYYY-MM-DD"}
DATE_PARTS = {"%Y": "YYYY", "%m": "MM", "%d": "DD"}


def literal(text: str | None) -> str | None:
    """`text` shown as written; text already escaped is not escaped twice."""
    return None if text is None else escape(text.replace("\\[", "["))


def metavar(param: Any) -> str:
    """What a parameter's value looks like: `PATH`, `YYYY-MM-DD`, `table|json`; `""` for a flag."""
    if getattr(param, "is_flag", False):
        return ""
    named = next((BY_NAME[o] for o in param.opts if o in BY_NAME), None)
    if named:
        return named
    desc = param.type_descriptor
    if desc.choices is not None:
        return "|".join(str(c.value if isinstance(c, Enum) else c) for c in desc.choices)
    formats = desc.parameter_info.formats
    if desc.is_datetime and formats:
        shown = str(formats[0])
        for code, part in DATE_PARTS.items():
            shown = shown.replace(code, part)
        return shown
    base = _element(desc.annotation)
    if desc.is_path:
        return "PATH"
    return BY_TYPE.get(base, "VALUE" if base is not datetime else "YYYY-MM-DD")


def _element(annotation: Any) -> Any:
    """`X` of `X | None`, `list[X]` and `list[X] | None`."""
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    if typing.get_origin(annotation) is list or (args and len(args) == 1):
        return _element(args[0])
    return annotation


class _Argument(TyperArgument):
    """An argument shown by its value name alone (`PATH...`), without a type column."""

    def display_type_rich(self, ctx: Any) -> str | None:
        return None

    def _usage_display_name(self) -> str:
        """`{PATH}...` on the usage line, not Typer's `{PATH...}...` for a value name with dots."""
        name = (self.metavar or self.display_name_raw).removesuffix("...")
        name = f"{{{name}}}" if self.required else f"[{name}]"
        return name + ("..." if self.nargs != 1 else "")


def readable(params: list[Any]) -> list[Any]:
    """`params` with their help escaped and value names set, once each."""
    for p in params:
        if getattr(p, "readable", False):
            continue
        p.help = literal(getattr(p, "help", None))
        if p.metavar is None and hasattr(p, "type_descriptor"):
            p.metavar = metavar(p)
            if isinstance(p, TyperArgument):
                p.metavar = (p.name or "").upper() if p.metavar == "TEXT" else p.metavar
                p.metavar += "..." if p.nargs != 1 else ""
        if isinstance(p, TyperArgument):  # a value name the command gave is shown alone too
            p.__class__ = _Argument
        p.readable = True
    return params


class Command(TyperCommand):
    """A command whose help shows its docstring and its options' help as written."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.help = literal(self.help)
        self.short_help = literal(self.short_help)

    def get_params(self, ctx: Any) -> list[Any]:
        return readable(super().get_params(ctx))


class Group(TyperGroup):
    """The top command: its own help is markup (its example is bold); its options readable."""

    def get_params(self, ctx: Any) -> list[Any]:
        return readable(super().get_params(ctx))
