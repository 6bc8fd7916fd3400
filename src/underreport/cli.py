"""The `underreport` command: a thin layer over the library.

Each command parses options, calls one core function and renders its
result. Every `UnderreportError` becomes one line on stderr and its exit
code; `--debug` shows the traceback instead.
"""

from __future__ import annotations

import functools
import os
import re
import signal
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn, TypeVar

import typer
from pydantic import ValidationError
from rich.console import Console
from rich.markup import escape
from typer.exceptions import TyperException

from underreport import __version__, pipeline
from underreport.model.config import PERIODS, ReconcileOptions, Settings, load_settings, resolve
from underreport.model.errors import UnderreportError, UsageError, one_line

if TYPE_CHECKING:
    from underreport.ingest.load import Loaded
    from underreport.model.result import ReconcileResult
    from underreport.reconcile import Reconciliation

T = TypeVar("T")
app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    rich_markup_mode="rich",
    help="""Find employers that under-report workers and wages to BPJS Ketenagakerjaan.

Loads payroll sheets (what employers pay) and BPJS membership exports (what is
enrolled), reconciles them worker by worker, and ranks employers by the
contributions they are estimated to owe.

[bold]Example[/bold]

  underreport reconcile --payroll sample_data/payroll --enrollment sample_data/enrollment
""",
)


def _console(stderr: bool = False) -> Console:
    return Console(stderr=stderr, no_color="NO_COLOR" in os.environ, highlight=False)


class Format(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


def _fail(exc: BaseException, debug: bool) -> NoReturn:
    if debug:
        raise exc
    err = _console(stderr=True)
    if isinstance(exc, UnderreportError):
        err.print(f"[bold red]error:[/] {escape(one_line(str(exc)))}", markup=True, soft_wrap=True)
        raise typer.Exit(exc.exit_code)
    first_line = (str(exc).strip().splitlines() or [""])[0][:300]
    err.print(
        f"[bold red]internal error:[/] {type(exc).__name__}: {escape(first_line)} "
        "(this is a bug; run again with --debug for the traceback)",
        markup=True,
        soft_wrap=True,
    )
    raise typer.Exit(3)


def run(debug: bool, fn: Callable[[], T]) -> T:
    """Call the core, turning errors into one line and an exit code."""
    try:
        return fn()
    except KeyboardInterrupt:
        _console(stderr=True).print("interrupted")
        raise typer.Exit(130) from None
    except (typer.Exit, typer.Abort, TyperException):
        raise
    except Exception as exc:
        _fail(exc, debug)


def guarded(command: Callable[..., T]) -> Callable[..., T]:
    """The whole command, rendering included, inside `run()`.

    Left to Typer, an exception while printing a result exits 1, which a
    cron job reads as "employers flagged"; a bug must exit 3, and Ctrl-C 130.
    """
    if getattr(command, "guarded", False):
        return command

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> T:
        return run(bool(kwargs.get("debug", False)), lambda: command(*args, **kwargs))

    wrapper.guarded = True  # type: ignore[attr-defined]
    return wrapper


@contextmanager
def progress(enabled: bool) -> Iterator[Callable[[str], None] | None]:
    """A spinner with the current file on a terminal; nothing when piped."""
    err = _console(stderr=True)
    if not enabled or not err.is_terminal:
        yield None
        return
    with err.status("Loading…") as status:
        yield lambda text: status.update(text)


def version_callback(value: bool) -> None:
    if value:
        _console().print(f"underreport {__version__}")
        raise typer.Exit()


@app.callback()
def main_callback(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=version_callback, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    """Find employers that under-report to BPJS Ketenagakerjaan."""


PayrollOpt = Annotated[
    list[Path] | None,
    typer.Option(
        "--payroll", "-p", help="Payroll file or folder (repeatable).", show_default=False
    ),
]
EnrollmentOpt = Annotated[
    list[Path] | None,
    typer.Option(
        "--enrollment",
        "--enrolment",
        "-e",
        help="BPJS membership export, file or folder (repeatable).",
        show_default=False,
    ),
]
DebugOpt = Annotated[bool, typer.Option("--debug", help="Show tracebacks for errors.")]
ConfigOpt = Annotated[
    Path | None,
    typer.Option("--config", "-c", help="underreport.toml with inputs, aliases and tolerances."),
]
PeriodOpt = Annotated[
    str | None,
    typer.Option(help="Payroll month to reconcile, YYYY-MM. Default: the latest month present."),
]
ToleranceOpt = Annotated[
    float | None,
    typer.Option(
        help="Share by which a reported wage may fall short before it counts [default: 0.01].",
        min=0.0,
        max=0.5,
    ),
]
RulesOpt = Annotated[
    Path | None, typer.Option(help="Rules file that overrides or extends the shipped rules.")
]
EmployersOpt = Annotated[
    list[Path] | None,
    typer.Option(
        "--employers",
        help="Employer reference data (NPP, size, JKK risk class, region, industry).",
        show_default=False,
    ),
]
DeclarationsOpt = Annotated[
    list[Path] | None,
    typer.Option(
        "--declarations",
        help="Headcount declarations (WLKP): NPP, declared workers, optional wage bill.",
        show_default=False,
    ),
]
UmkOpt = Annotated[
    Path | None,
    typer.Option("--umk", help="Regency/city minimum wages: regency code or name, year, amount."),
]
AllPeriodsOpt = Annotated[
    bool, typer.Option("--all-periods", help="Reconcile every month present: arrears over months.")
]
AsOfOpt = Annotated[
    datetime | None,
    typer.Option(
        "--as-of", formats=["%Y-%m-%d"], help="Late fines run to this date [default: today]."
    ),
]


class Partition(StrEnum):
    province = "province"


PartitionOpt = Annotated[
    Partition | None,
    typer.Option(
        "--partition-by", help="'province': reconcile province by province and merge the rankings."
    ),
]
ChunkOpt = Annotated[
    int | None,
    typer.Option(
        "--chunk-rows",
        min=0,
        help="Reconcile inputs of more rows (payroll + enrolment) in parts of about this many, "
        "by employer, to bound memory (default "
        f"{ReconcileOptions.model_fields['chunk_rows'].default}; 0 never splits).",
    ),
]
SheetOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--sheet",
        help="Read only sheets with this name (glob, case-insensitive; repeatable) in workbooks "
        "that have one; the others are listed as left out. Per file: [[inputs.sheets]].",
        show_default=False,
    ),
]
StrictOpt = Annotated[
    bool, typer.Option("--strict", help="Exact NIK matches only: no probable matches.")
]
MaxIssuesOpt = Annotated[
    int | None,
    typer.Option(
        "--max-issues",
        min=0,
        help="Data-quality issues listed in the JSON document; all are counted per code "
        f"[default: {ReconcileOptions.model_fields['max_issues'].default}].",
    ),
]
IssuesOpt = Annotated[
    Path | None,
    typer.Option(
        "--issues",
        help="Write every data-quality issue to this file: .csv, .parquet or .json.",
    ),
]


def prepare(
    config: Path | None,
    payroll: list[Path],
    enrollment: list[Path],
    *,
    period: str | None = None,
    tolerance: float | None = None,
    rules: Path | None = None,
    strict: bool = False,
    employers: list[Path] | None = None,
    declarations: list[Path] | None = None,
    umk: Path | None = None,
    all_periods: bool = False,
    as_of: datetime | None = None,
    partition_by: Partition | None = None,
    chunk_rows: int | None = None,
    sheets: list[str] | None = None,
    max_issues: int | None = None,
) -> tuple[Settings, pipeline.Inputs, ReconcileOptions]:
    """Settings from the config file, overridden by what the command line gives."""
    if period is not None and not re.fullmatch(PERIODS, period):
        raise UsageError(f"--period {period!r}: use YYYY-MM (2025-03) or a range 2024-01..2025-03")
    settings, base = load_settings(config)
    inputs = pipeline.inputs(
        settings, base, payroll, enrollment, employers or [], declarations or [],
        sheets=sheets or (),
    )  # fmt: skip
    umk_file = umk or (resolve([settings.inputs.umk], base)[0] if settings.inputs.umk else None)
    given = {
        "period": period, "wage_tolerance": tolerance, "rules_file": rules, "umk_file": umk_file,
        "as_of": as_of.date() if as_of else None, "all_periods": all_periods or None,
        "partition_by": partition_by.value if partition_by else None, "chunk_rows": chunk_rows,
        "max_issues": max_issues,
    }  # fmt: skip
    opts = settings.reconcile.model_copy(
        update={k: v for k, v in given.items() if v is not None}
        | ({"strict": True} if strict else {})
    )
    try:
        return settings, inputs, ReconcileOptions.model_validate(opts.model_dump())
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()
        )
        raise UsageError(f"invalid option: {problems}") from None


@dataclass(frozen=True)
class Run:
    """One reconciliation as the commands need it: inputs, detail and the (annotated) result."""

    settings: Settings
    options: ReconcileOptions
    loaded: Loaded
    rec: Reconciliation
    result: ReconcileResult
    register: Path | None


def reconcile_run(
    config: Path | None,
    payroll: list[Path] | None,
    enrollment: list[Path] | None,
    *,
    history: Path | None = None,
    record: bool = True,
    show_progress: bool = False,
    detail: bool = True,
    findings: bool = True,
    **given: Any,
) -> Run:
    """prepare -> load and reconcile -> record in the case register (CLI or [output] history).

    `record=False` for commands that only read a reconciliation (explain, coverage):
    they must not add a run to the register the nightly check relies on.
    `detail=False` for commands whose output is the result contract alone: a
    run in parts then keeps no worker-level rows. `findings=False` for outputs
    written from the ranked rows (`rec.ranked`): no finding object is made,
    unless the case register needs them.
    """
    settings, paths, opts = prepare(config, payroll or [], enrollment or [], **given)
    with progress(show_progress) as report:
        loaded, rec = pipeline.run(paths, opts, settings, report, detail=detail, findings=findings)
    result, register = rec.result, (history or settings.output.history) if record else None
    if register is not None:
        from underreport.cases import remember

        rec = rec.with_findings()
        result = remember(register, rec, loaded)
    return Run(settings, opts, loaded, rec, result, register)


def main() -> None:
    """The console script.

    A reader that closes the pipe early (`| head`) ends the command as it ends
    `cat`, by SIGPIPE (status 141), not with exit 1, which a nightly check
    reads as "an employer is flagged". Set here, not on import, so a program
    that imports the library keeps its own signal handling and environment.
    """
    if hasattr(signal, "SIGPIPE"):
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    # Polars reads its streaming morsel size once, at the first query. Smaller ones
    # bound the memory of streaming a national input; a setting of the user's own wins.
    # Set for the command alone: importing the library changes no environment variable.
    os.environ.setdefault("POLARS_IDEAL_MORSEL_SIZE", "20000")
    app(prog_name="underreport")


from underreport import commands as _commands  # noqa: E402,F401  registers the commands

for _info in app.registered_commands:
    if _info.callback is not None:
        _info.callback = guarded(_info.callback)

if __name__ == "__main__":  # pragma: no cover
    main()
