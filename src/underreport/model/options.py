"""The options `reconcile`, `check`, `export` and `explain` share, declared once.

Each field of `RunOptions` carries, in its `Flag`, how it is spelt on the
command line, its help, and where `underreport.toml` holds it. The command
line layer builds every command's options from these fields, so the four
commands cannot drift apart; `fill` gives the config file's values unless the
command line gives one. Nothing here knows Typer: the floor below the CLI
declares, the CLI renders.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, ValidationError
from pydantic.fields import FieldInfo

from underreport.model.config import PERIODS, ReconcileOptions, Settings, resolve
from underreport.model.errors import UsageError
from underreport.model.i18n import Lang, default_lang

_DEFAULTS = ReconcileOptions.model_fields


@dataclass(frozen=True)
class Flag:
    """A shared option on the command line, and where the config file may give it instead."""

    names: tuple[str, ...]
    help: str
    config: tuple[str, ...] = ()
    """Dotted keys of `Settings`, first set one wins; a key under `reconcile.` is also
    where the value goes in `ReconcileOptions`."""
    shown_default: str | None = None
    """What applies when neither gives a value, when the field's default cannot say it."""
    min: float | None = None
    max: float | None = None
    """Bounds on the command line (the config file's are `ReconcileOptions`')."""
    commands: tuple[str, ...] = ()
    """Only these commands take it (`--max-issues`: reconcile and check); all four when empty."""
    env: str | None = None
    """An environment variable that gives it when the command line does not (before the file)."""
    metavar: str | None = None
    """What the value looks like in `--help` (`YYYY-MM`) when its type cannot say it."""


class RunOptions(BaseModel):
    """Inputs and reconcile options of one run: the config file's, overridden by the CLI's."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    payroll: Annotated[
        list[Path],
        Flag(("--payroll", "-p"), "Payroll file or folder (repeatable).", ("inputs.payroll",)),
    ] = []
    enrollment: Annotated[
        list[Path],
        Flag(
            ("--enrollment", "--enrolment", "-e"),
            "BPJS membership export, file or folder (repeatable).",
            ("inputs.enrollment",),
        ),
    ] = []
    employers: Annotated[
        list[Path],
        Flag(
            ("--employers",),
            "Employer reference data (NPP, size, JKK risk class, region, industry).",
            ("inputs.employers",),
        ),
    ] = []
    declarations: Annotated[
        list[Path],
        Flag(
            ("--declarations",),
            "Headcount declarations (WLKP): NPP, declared workers, optional wage bill.",
            ("inputs.declarations",),
        ),
    ] = []
    umk: Annotated[
        Path | None,
        Flag(
            ("--umk",),
            "Regency/city minimum wages: regency code or name, year, amount.",
            ("inputs.umk", "reconcile.umk_file"),
        ),
    ] = None
    sheet: Annotated[
        list[str],
        Flag(
            ("--sheet",),
            "Read only sheets with this name (glob, case-insensitive; repeatable) in workbooks "
            "that have one; the others are listed as left out. Per file: [[inputs.sheets]].",
            metavar="GLOB",
        ),
    ] = []
    period: Annotated[
        str | None,
        Flag(
            ("--period",),
            "Payroll month to reconcile, YYYY-MM, or months YYYY-MM..YYYY-MM.",
            ("reconcile.period",),
            shown_default="the latest month present",
            metavar="YYYY-MM",
        ),
    ] = None
    all_periods: Annotated[
        bool,
        Flag(
            ("--all-periods",),
            "Reconcile every month present: arrears over months.",
            ("reconcile.all_periods",),
        ),
    ] = False
    tolerance: Annotated[
        float,
        Flag(
            ("--tolerance",),
            "Share by which a reported wage may fall short before it counts.",
            ("reconcile.wage_tolerance",),
            min=0.0,
            max=0.5,
        ),
    ] = _DEFAULTS["wage_tolerance"].default
    rules: Annotated[
        Path | None,
        Flag(
            ("--rules",),
            "Rules file that overrides or extends the shipped rules.",
            ("reconcile.rules_file",),
        ),
    ] = None
    strict: Annotated[
        bool,
        Flag(("--strict",), "Exact NIK matches only: no probable matches.", ("reconcile.strict",)),
    ] = False
    as_of: Annotated[
        date | None,
        Flag(
            ("--as-of",),
            "Late fines run to this date, YYYY-MM-DD.",
            ("reconcile.as_of",),
            shown_default="today",
        ),
    ] = None
    partition_by: Annotated[
        Literal["province"] | None,
        Flag(
            ("--partition-by",),
            "Deprecated and ignored: the result was always the single run's. To spread a "
            "run over machines, use --cluster.",
            ("reconcile.partition_by",),
        ),
    ] = None
    chunk_rows: Annotated[
        int,
        Flag(
            ("--chunk-rows",),
            "Reconcile inputs of more rows (payroll + enrolment) in parts of about this many, "
            "by employer, to bound memory; 0 never splits.",
            ("reconcile.chunk_rows",),
            min=0,
        ),
    ] = _DEFAULTS["chunk_rows"].default
    max_issues: Annotated[
        int,
        Flag(
            ("--max-issues",),
            "Data-quality issues listed in the JSON document; all are counted per code.",
            ("reconcile.max_issues",),
            min=0,
            commands=("reconcile", "check"),
        ),
    ] = _DEFAULTS["max_issues"].default
    issues: Annotated[
        Path | None,
        Flag(
            ("--issues",),
            "Write every data-quality issue to this file: .csv, .parquet or .json.",
            commands=("reconcile", "check"),
        ),
    ] = None
    cluster: Annotated[
        str | None,
        Flag(
            ("--cluster",),
            "Run on a Dask cluster: its scheduler (tcp://host:8786), or local:N to start N worker "
            "processes here. Needs the cluster extra.",
            ("distributed.address",),
            commands=("reconcile", "check"),
            env="UNDERREPORT_CLUSTER",
            metavar="ADDRESS",
        ),
    ] = None
    lang: Annotated[
        Lang | None,
        Flag(
            ("--lang",),
            "Language of the output: id (Indonesian) or en (English).",
            ("output.lang",),
            shown_default="id when the locale is id_*, else en",
        ),
    ] = None
    config: Annotated[
        Path | None,
        Flag(("--config", "-c"), "underreport.toml with inputs, aliases and tolerances."),
    ] = None
    quiet: Annotated[
        bool, Flag(("--quiet", "-q"), "No progress bar on stderr (it shows only on a terminal).")
    ] = False

    def reconcile_options(self, settings: Settings) -> ReconcileOptions:
        """The config file's [reconcile] with the values these options hold for it."""
        update = {
            key.removeprefix("reconcile."): getattr(self, name)
            for name, flag in flags().items()
            for key in flag.config
            if key.startswith("reconcile.")
        }
        update["lang"] = self.language
        return _valid(settings.reconcile.model_copy(update=update))

    @property
    def language(self) -> Lang:
        """`--lang`, else `[output] lang`, else the locale's."""
        return self.lang or default_lang()


def flag(field: FieldInfo) -> Flag:
    return next(m for m in field.metadata if isinstance(m, Flag))


def flags() -> dict[str, Flag]:
    """Every shared option's `Flag`, by field name, in the order the help lists them."""
    return {name: flag(field) for name, field in RunOptions.model_fields.items()}


def unset(value: object) -> bool:
    """What the command line passes for an option it was not given."""
    return value is None or value is False or value == [] or value == ()


def fill(given: Mapping[str, Any], settings: Settings, base: Path) -> RunOptions:
    """The command line's values (`given`, by field name), else the config file's, else defaults.

    A flag such as `--strict` can only switch on: its absence leaves the file's value.
    """
    period = given.get("period")
    if period is not None and not re.fullmatch(PERIODS, period):
        raise UsageError(f"--period {period!r}: use YYYY-MM (2025-03) or a range 2024-01..2025-03")
    values: dict[str, Any] = {}
    for name, f in flags().items():
        value = given.get(name)
        if unset(value):
            found = (v for key in f.config if not unset(v := _from(settings, key, base)))
            value = next(found, None)
        if not unset(value):
            values[name] = value
    try:
        return RunOptions.model_validate(values)
    except ValidationError as exc:
        raise UsageError(f"invalid option: {_problems(exc)}") from None


def _from(settings: Settings, key: str, base: Path) -> Any:
    value: Any = settings
    for part in key.split("."):
        value = getattr(value, part)
    if key.startswith("inputs.") and value is not None:  # paths and globs, from the file's folder
        if isinstance(value, str):
            return resolve([value], base)[0]
        return resolve(value, base)
    return value


def _valid(options: ReconcileOptions) -> ReconcileOptions:
    try:
        return ReconcileOptions.model_validate(options.model_dump())
    except ValidationError as exc:
        raise UsageError(f"invalid option: {_problems(exc)}") from None


def _problems(exc: ValidationError) -> str:
    return "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors())
