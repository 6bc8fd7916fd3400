"""`screen` and `coverage`: planning inspections before any payroll is in hand."""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import polars as pl
import typer
from rich.table import Table

from underreport import __version__
from underreport.cli import DebugOpt, _console, app, run
from underreport.commands.core import ShortFormat
from underreport.commands.shared import (
    ConfigOpt,
    DeclarationsOpt,
    EmployersOpt,
    EnrollmentOpt,
    PayrollOpt,
    PeriodOpt,
    SheetOpt,
    UmkOpt,
    reconcile_run,
)
from underreport.coverage import CoverageResult
from underreport.fmt import idr
from underreport.model.result import InputFile
from underreport.report.export import Manifest
from underreport.screen.model import ScreenResult

OutOpt = Annotated[
    Path | None, typer.Option("--out", help="Also write the ranking: .xlsx, .csv, .json, .parquet.")
]


def _manifest(command: str, options: dict[str, object], inputs: list[InputFile]) -> Manifest:
    return Manifest(
        tool_version=__version__, rules_version="", command=command, options=options,
        inputs=inputs, generated_at=datetime.now(UTC).replace(microsecond=0),
    )  # fmt: skip


@app.command(
    epilog="""[bold]Examples[/bold]

  underreport screen -e bpjs_export.csv --declarations wlkp.xlsx --top 25

  underreport screen -e export_2025.csv --previous export_2024.csv --employers ref.xlsx \\
      --notices pemeriksaan.csv --format json
"""
)
def screen(
    enrollment: EnrollmentOpt = None,
    declarations: DeclarationsOpt = None,
    previous: Annotated[
        list[Path] | None,
        typer.Option(help="An earlier enrolment export, to see drops and frozen wages."),
    ] = None,
    employers: EmployersOpt = None,
    notices: Annotated[
        list[Path] | None,
        typer.Option(help="Past inspections or notices: NPP and date (optional)."),
    ] = None,
    umk: UmkOpt = None,
    year: Annotated[
        int | None, typer.Option(help="Minimum-wage year \\[default: the export's latest]")
    ] = None,
    top: Annotated[int, typer.Option(help="Employers shown in the table.", min=1)] = 20,
    fmt: Annotated[ShortFormat, typer.Option("--format", "-f")] = ShortFormat.table,
    out: OutOpt = None,
    config: ConfigOpt = None,
    debug: DebugOpt = False,
) -> None:
    """Rank employers for inspection from the enrolment export alone, by explainable red flags.

    Flags: wages at the minimum wage or below, wages frozen while the minimum rose,
    missing programmes, headcount gap against declarations, a sharp drop in
    enrolments, and enrolments just after a notice. Weights live in the config file
    ([screen.weights]); every flag that counted is listed.
    """
    from underreport.model.config import load_settings
    from underreport.screen import screen as core

    def job() -> ScreenResult:
        settings, base = load_settings(config)
        from underreport import pipeline

        paths = pipeline.inputs(
            settings,
            base,
            [],
            enrollment or [],
            employers or [],
            declarations or [],
            need_payroll=False,
        )
        return core(paths.enrollment, declarations=paths.declarations, previous=previous or [],
                    employers=paths.employers, notices=notices or [], umk=umk, year=year,
                    config=settings.screen)  # fmt: skip

    result = run(debug, job)
    if out is not None:
        from underreport.report.export.ranked import Chart, write_ranked

        rows = pl.DataFrame([
            {"rank": e.rank, "employer_id": e.employer_id, "employer_name": e.employer_name,
             "active_workers": e.active_workers, "declared_workers": e.declared_workers,
             "score": e.score, "flags": [f.code for f in e.flags],
             "reasons": [f.reason for f in e.flags]} for e in result.employers
        ])  # fmt: skip
        manifest = _manifest("screen", {"year": result.year}, result.inputs)
        chart = Chart("employer_id", "score", "Screening score")
        run(debug, lambda: write_ranked(out, rows, manifest, sheet="Screening", chart=chart))
    if fmt is ShortFormat.json:
        typer.echo(result.model_dump_json(indent=2))
        return
    t = Table(
        title=f"Whom to inspect next: {len(result.employers)} of {result.employers_screened} "
        f"employers raise a flag ({result.year} minimum wages)"
    )
    for col in ("#", "NPP", "Employer", "Active", "Declared", "Score", "Why"):
        t.add_column(col, overflow="fold")
    for e in result.employers[:top]:
        why = "\n".join(f"• {f.reason} [{f.code} {f.weight:g}x{f.strength:.2f}]" for f in e.flags)
        t.add_row(str(e.rank), e.employer_id, e.employer_name or "-", str(e.active_workers),
                  "-" if e.declared_workers is None else str(e.declared_workers),
                  f"{e.score:.2f}", why)  # fmt: skip
    _console().print(t)


class By(StrEnum):
    province = "province"
    regency = "regency"
    employer_size = "employer-size"
    industry = "industry"


@app.command(
    epilog="""[bold]Examples[/bold]

  underreport coverage -p payroll/ -e bpjs.csv --declarations wlkp.xlsx --by province

  underreport coverage -p payroll/ -e bpjs.csv --employers ref.xlsx --by industry --out cov.xlsx
"""
)
def coverage(
    payroll: PayrollOpt = None,
    enrollment: EnrollmentOpt = None,
    declarations: DeclarationsOpt = None,
    employers: EmployersOpt = None,
    by: Annotated[By, typer.Option(help="Group by region, size or industry.")] = By.province,
    history: Annotated[
        Path | None,
        typer.Option(help="Case register: record these figures and show the change since."),
    ] = None,
    period: PeriodOpt = None,
    fmt: Annotated[ShortFormat, typer.Option("--format", "-f")] = ShortFormat.table,
    out: OutOpt = None,
    config: ConfigOpt = None,
    sheet: SheetOpt = None,
    debug: DebugOpt = False,
) -> None:
    """Coverage: active enrolled workers / workers known to exist, by region, size or industry.

    Workers known to exist come from the payroll, else from declared headcounts.
    Without employer reference data, regions come from the workers' NIKs (marked).
    """
    from underreport.coverage import coverage as core
    from underreport.coverage import with_change

    def job() -> CoverageResult:
        given = {"config": config, "payroll": payroll, "enrollment": enrollment,
                 "period": period, "employers": employers, "declarations": declarations,
                 "sheet": sheet}  # fmt: skip
        done = reconcile_run(given, record=False)
        result = core(done.rec, done.loaded, by.value)
        register = history or done.settings.output.history
        return with_change(result, register) if register is not None else result

    result = run(debug, job)
    if out is not None:
        from underreport.report.export.ranked import Chart, write_ranked

        rows = pl.DataFrame([g.model_dump() for g in [*result.groups, result.overall]])
        run(debug, lambda: write_ranked(out, rows, _manifest("coverage", {"by": by.value}, []),
                                        sheet="Coverage",
                                        chart=Chart("group", "coverage_ratio", "Coverage",
                                                    "0%")))  # fmt: skip
    if fmt is ShortFormat.json:
        typer.echo(result.model_dump_json(indent=2))
        return
    t = Table(title=f"Coverage by {result.by}, {result.period} (lowest first)")
    for col in ("Group", "Employers", "Known workers", "Covered", "Coverage", "Change",
                "Monthly gap"):  # fmt: skip
        t.add_column(col, justify="left" if col == "Group" else "right")
    for g in [*result.groups, result.overall]:
        cov = "-" if g.coverage_ratio is None else f"{g.coverage_ratio:.1%}"
        change = "-" if g.change is None else f"{g.change * 100:+.1f} pt"
        t.add_row(
            g.group, str(g.employers), str(g.known_workers), str(g.covered_workers), cov, change,
            idr(g.monthly_contribution_gap_idr), style="bold" if g.group == "all" else None,
        )  # fmt: skip
    _console().print(t)
