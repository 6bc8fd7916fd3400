"""The shared options on the command line, built from `model.options.RunOptions`.

`@shared` puts every `RunOptions` field in a command's signature, where its
`given` parameter stands, and hands the command their values as one mapping;
`reconcile_run` fills the options model from the config file and that
mapping and runs. A new shared option is one field in `RunOptions`, and
`reconcile`, `check`, `export` and `explain` all take it with the same help.
"""

from __future__ import annotations

import functools
import inspect
import typing
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum, StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from underreport import pipeline
from underreport.cli import progress, warn
from underreport.model.config import ReconcileOptions, Settings, load_settings
from underreport.model.i18n import Lang
from underreport.model.options import RunOptions, fill, flags, unset
from underreport.report.issues import issues_target, write_issues

if TYPE_CHECKING:
    from underreport.ingest.load import Loaded
    from underreport.model.result import ReconcileResult
    from underreport.reconcile import Reconciliation

T = TypeVar("T")
DEPRECATED_PARTITION = (
    "--partition-by (reconcile.partition_by) is deprecated and does nothing: the result is the "
    "same without it. To spread a run over machines, use --cluster."
)
Given = Mapping[str, Any]
"""The shared options as the command line gave them, by `RunOptions` field name."""


def option(name: str) -> Any:
    """The `typer.Option` of one shared field: its names, help, shown default and bounds."""
    f = flags()[name]
    field = RunOptions.model_fields[name]
    default = field.default
    shown = f.shown_default or (None if unset(default) else str(default))
    extra: dict[str, Any] = {k: v for k, v in (("min", f.min), ("max", f.max)) if v is not None}
    if _base(field.annotation) is date:
        extra["formats"] = ["%Y-%m-%d"]
    # In the help, as Typer shows a default it knows (helptext keeps the brackets).
    text = f"{f.help} [default: {shown}]" if shown else f.help
    if f.env:
        extra["envvar"] = f.env
    if f.metavar:
        extra["metavar"] = f.metavar
    return typer.Option(*f.names, help=text, show_default=False, **extra)


def _base(annotation: Any) -> Any:
    """`X` of `X | None`."""
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    return args[0] if typing.get_origin(annotation) is not list and len(args) == 1 else annotation


def cli_type(name: str) -> Any:
    """The type Typer parses a shared field as; `None` (or `False`) when not given."""
    base = _base(RunOptions.model_fields[name].annotation)
    if base is bool:
        return bool
    if base is date:
        return datetime | None
    if typing.get_origin(base) is typing.Literal:
        values = [str(v) for v in typing.get_args(base)]
        enum: Any = StrEnum  # named at run time: mypy takes only a literal name
        return enum(name.title().replace("_", ""), {v: v for v in values}) | None
    return base | None


def parameters(command: str) -> list[inspect.Parameter]:
    """Every shared option `command` takes, as a keyword parameter Typer reads."""
    return [
        inspect.Parameter(
            name,
            inspect.Parameter.KEYWORD_ONLY,
            default=False if cli_type(name) is bool else None,
            annotation=Annotated[cli_type(name), option(name)],
        )
        for name, f in flags().items()
        if not f.commands or command in f.commands
    ]


def _plain(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime):
        return value.date()
    return value


def shared(command: Callable[..., T]) -> Callable[..., T]:
    """The command with the shared options where its `given: Given` parameter is."""
    hints = typing.get_type_hints(command, include_extras=True)
    own = inspect.signature(command).parameters.values()
    mine = parameters(command.__name__)
    params: list[inspect.Parameter] = []
    for p in own:
        if p.name == "given":
            params += mine
        else:
            params.append(p.replace(kind=inspect.Parameter.KEYWORD_ONLY, annotation=hints[p.name]))
    names = [p.name for p in mine]

    @functools.wraps(command)
    def wrapper(**kwargs: Any) -> T:
        given = {n: _plain(kwargs.pop(n, None)) for n in names}
        return command(**kwargs, given=given)

    wrapper.__signature__ = inspect.Signature(params)  # type: ignore[attr-defined]
    wrapper.__annotations__ = {p.name: p.annotation for p in params}
    return wrapper


PayrollOpt = Annotated[list[Path] | None, option("payroll")]
EnrollmentOpt = Annotated[list[Path] | None, option("enrollment")]
EmployersOpt = Annotated[list[Path] | None, option("employers")]
DeclarationsOpt = Annotated[list[Path] | None, option("declarations")]
UmkOpt = Annotated[Path | None, option("umk")]
PeriodOpt = Annotated[str | None, option("period")]
ConfigOpt = Annotated[Path | None, option("config")]
SheetOpt = Annotated[list[str] | None, option("sheet")]
"""For commands that take some of the shared options only (validate, screen, coverage)."""


@dataclass(frozen=True)
class Run:
    """One reconciliation as the commands need it: inputs, detail and the (annotated) result."""

    settings: Settings
    options: ReconcileOptions
    loaded: Loaded
    rec: Reconciliation
    result: ReconcileResult
    register: Path | None
    lang: Lang
    """`--lang`, else `[output] lang`, else the locale's."""


def reconcile_run(
    given: Given,
    *,
    history: Path | None = None,
    record: bool = True,
    show_progress: bool = False,
    detail: bool = True,
    findings: bool = True,
) -> Run:
    """Fill the options -> load and reconcile -> record in the case register (CLI or config).

    `record=False` for commands that only read a reconciliation (explain, coverage):
    they must not add a run to the register the nightly check relies on.
    `detail=False` for commands whose output is the result contract alone: a
    run in parts then keeps no worker-level rows. `findings=False` for outputs
    written from the ranked rows (`rec.ranked`): no finding object is made,
    unless the case register needs them.
    """
    settings, base = load_settings(given.get("config"))
    opts = fill(given, settings, base)
    if opts.issues is not None:
        issues_target(opts.issues)  # a file it cannot write stops the run before it starts
    paths = pipeline.inputs(
        settings, base, opts.payroll, opts.enrollment, opts.employers, opts.declarations,
        sheets=opts.sheet,
    )  # fmt: skip
    options = opts.reconcile_options(settings)
    if options.partition_by is not None:
        warn(DEPRECATED_PARTITION)
    with progress(show_progress and not opts.quiet) as report:
        loaded, rec = pipeline.run(
            paths, options, settings, report, detail=detail, findings=findings,
            cluster=opts.cluster if not detail else None,  # worker rows stay on the workers
        )  # fmt: skip
    if opts.issues is not None:
        write_issues(rec.issues, opts.issues)
    result, register = rec.result, (history or settings.output.history) if record else None
    if register is not None:
        from underreport.cases import remember

        rec = rec.with_findings()
        result = remember(register, rec, loaded, settings.history)
    return Run(settings, options, loaded, rec, result, register, opts.language)
