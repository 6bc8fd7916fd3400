"""`--help` of every command shows its text as written, its defaults and readable value names."""

from __future__ import annotations

import re
from typing import Any

import pytest
import typer
from typer.core import TyperGroup
from typer.main import get_command
from typer.testing import CliRunner

from underreport.cli import app
from underreport.model.options import RunOptions, unset

runner = CliRunner()
GROUP = get_command(app)
assert isinstance(GROUP, TyperGroup)
COMMANDS = sorted(GROUP.commands)
BOX = re.compile(r"[│╭╮╰╯─]")
OPTION_ROW = re.compile(r"^│\s+(\*\s+)?-")


def _help(args: list[str]) -> str:
    res = runner.invoke(app, [*args, "--help"], env={"COLUMNS": "200"}, terminal_width=200)
    assert res.exit_code == 0, res.output
    return res.stdout


def _flat(text: str) -> str:
    return " ".join(BOX.sub(" ", text).split())


def _rows(text: str) -> dict[str, str]:
    """Each option's row (its continuation lines included), by its first name, flattened."""
    rows: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in text.splitlines():
        if OPTION_ROW.match(line):
            name = line.split()[2 if line.split()[1] == "*" else 1].split(",")[0]
            current = rows.setdefault(name, [])
        elif not line.startswith("│"):
            current = None
        if current is not None:
            current.append(line)
    return {name: _flat("\n".join(lines)) for name, lines in rows.items()}


def _written(command: Any) -> list[str]:
    """The command's docstring and its parameters' help as the source gives them."""
    return [t for t in (command.help, *(getattr(p, "help", None) for p in command.params)) if t]


def _default(param: Any) -> Any:
    """What applies when the option is not given: a shared option's is `RunOptions`'."""
    if param.name in RunOptions.model_fields:
        return RunOptions.model_fields[param.name].default
    return param.default


def test_the_group_and_every_command_are_walked() -> None:
    assert {"reconcile", "check", "explain", "screen", "validate"} <= set(COMMANDS)


@pytest.mark.parametrize("name", COMMANDS)
def test_bracketed_text_is_shown_as_written(name: str) -> None:
    shown = _flat(_help([name]))
    brackets = [
        b for text in _written(GROUP.commands[name]) for b in re.findall(r"\[+[^][]+\]+", text)
    ]
    for bracket in brackets:
        assert " ".join(bracket.split()) in shown, f"{name}: {bracket} lost"
    assert "()" not in shown
    assert not re.search(r" \.(\s|$)", shown), f"{name}: a word vanished before a full stop"


def test_screen_keeps_the_config_section_and_reconcile_its_defaults() -> None:
    """The two losses the issue reported, by name."""
    assert "Weights live in the config file ([screen.weights])" in _flat(_help(["screen"]))
    rows = _rows(_help(["reconcile"]))
    assert "before it counts. [default: 0.01]" in rows["--tolerance"]
    assert "Per file: [[inputs.sheets]]." in rows["--sheet"]


@pytest.mark.parametrize("name", COMMANDS)
def test_every_option_with_a_default_shows_it(name: str) -> None:
    rows = _rows(_help([name]))
    command = GROUP.commands[name]
    for param in command.params:
        if param.param_type_name != "option" or param.hidden:
            continue
        default = _default(param)
        if unset(default) or callable(default):
            continue
        row = rows[param.opts[0]]
        value = getattr(default, "value", default)
        assert f"[default: {value}]" in row, f"{name} {param.opts[0]}: {row}"


@pytest.mark.parametrize("name", [None, *COMMANDS])
def test_value_names_are_readable(name: str | None) -> None:
    command: Any = GROUP if name is None else GROUP.commands[name]
    ctx = typer.Context(command, info_name=name)
    text = _help([name] if name else [])
    for param in command.get_params(ctx):
        metavar = param.metavar or ""
        assert not re.search(r"[\[<]|list", metavar), f"{name} {param.opts}: {metavar}"
        if getattr(param, "is_flag", False):
            assert metavar == "", f"{name} {param.opts[0]} is a flag and takes no value"
    assert not re.search(r"<(list|path|str|int|float|bool|%)", text), text
    rows = _rows(text)
    if name == "reconcile":
        assert rows["--payroll"].startswith("--payroll -p PATH ")
        assert rows["--period"].startswith("--period YYYY-MM ")
        assert rows["--as-of"].startswith("--as-of YYYY-MM-DD ")
        assert rows["--top"].startswith("--top N ")
        assert rows["--tolerance"].startswith("--tolerance FLOAT ")
        assert rows["--format"].startswith("--format -f table|json|csv ")
        assert rows["--strict"].startswith("--strict Exact NIK")


def test_shell_completion_is_on() -> None:
    top = _help([])
    assert "--install-completion" in top and "--show-completion" in top
    env = {"_UNDERREPORT_COMPLETE": "complete_bash", "COMP_WORDS": "underreport rec",
           "COMP_CWORD": "1"}  # fmt: skip
    res = runner.invoke(app, [], env=env, prog_name="underreport")
    assert res.stdout.split() == ["reconcile"]
    env["COMP_WORDS"], env["COMP_CWORD"] = "underreport reconcile --format ", "3"
    res = runner.invoke(app, [], env=env, prog_name="underreport")
    assert res.stdout.split() == ["table", "json", "csv"]


def test_the_group_help_keeps_its_own_markup() -> None:
    """Escaping is for commands and options: the top help's bold `Example` stays a heading."""
    top = _help([])
    assert "Example" in top and "[bold]" not in top
