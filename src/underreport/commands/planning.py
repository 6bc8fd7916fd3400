"""`screen` and `coverage`: planning inspections before any payroll is in hand."""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich import box
from rich.table import Table

from underreport import __version__
from underreport.cli import DebugOpt, _console, app, run
from underreport.commands.core import ShortFormat
from underreport.commands.language import SAID
from underreport.commands.shared import (
    ConfigOpt,
    DeclarationsOpt,
    EmployersOpt,
    EnrollmentOpt,
    PayrollOpt,
    PeriodOpt,
    SheetOpt,
    UmkOpt,
    option,
    reconcile_run,
)
from underreport.coverage import CoverageResult
from underreport.model.i18n import Lang, default_lang, money, percent
from underreport.model.result import InputFile
from underreport.report.export import Manifest
from underreport.report.export.planning import P, group_name, year_line
from underreport.report.text import for_output
from underreport.screen.model import ScreenResult

OutOpt = Annotated[
    Path | None, typer.Option("--out", help="Also write the ranking: .xlsx, .csv, .json, .parquet.")
]


LangOpt = Annotated[Lang | None, option("lang")]
AsOfOpt = Annotated[
    datetime | None,
    typer.Option(
        "--as-of",
        formats=["%Y-%m-%d"],
        metavar="YYYY-MM-DD",
        help="The export's date: its year's minimum wages apply. \\[default: the file's own "
        "month, else today]",
    ),
]


def _lang(given: Lang | None, configured: Lang | None) -> Lang:
    """`--lang`, else the config file's `[output] lang`, else the locale's."""
    return given or configured or default_lang()


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
        int | None,
        typer.Option(help="Minimum-wage year \\[default: the year of the export's date]"),
    ] = None,
    as_of: AsOfOpt = None,
    top: Annotated[int, typer.Option(help="Employers shown in the table.", min=1)] = 20,
    fmt: Annotated[ShortFormat, typer.Option("--format", "-f")] = ShortFormat.table,
    out: OutOpt = None,
    config: ConfigOpt = None,
    lang: LangOpt = None,
    debug: DebugOpt = False,
) -> None:
    """Rank employers for inspection from the enrolment export alone, by explainable red flags.

    Flags: wages at the minimum wage or below, wages frozen while the minimum rose,
    missing programmes, headcount gap against declarations, a sharp drop in
    enrolments, and enrolments just after a notice. Weights live in the config file
    ([screen.weights]); every flag that counted is listed. Wages are judged against
    the minimum wages of the export's year: --as-of, else the file's own month, else today.
    """
    from underreport.model.config import load_settings
    from underreport.screen import screen as core

    def job() -> tuple[ScreenResult, Lang]:
        settings, base = load_settings(config)
        chosen = _lang(lang, settings.output.lang)
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
        day_given = as_of.date() if as_of is not None else None
        found = core(paths.enrollment, declarations=paths.declarations, previous=previous or [],
                     employers=paths.employers, notices=notices or [], umk=umk, year=year,
                     as_of=day_given, config=settings.screen, lang=chosen)  # fmt: skip
        return found, chosen

    result, chosen = run(debug, job)
    if out is not None:
        from underreport.report.export.planning import screen_book
        from underreport.report.export.ranked import write_ranked

        rows, book = screen_book(result, chosen)
        options = {"year": result.year, "as_of": str(result.as_of), "lang": chosen}
        manifest = _manifest("screen", options, result.inputs)
        run(debug, lambda: write_ranked(out, rows, manifest, sheet="Screening", book=book))
        _console(stderr=True).print(SAID("wrote", chosen, paths=out), markup=False)
    if fmt is ShortFormat.json:
        typer.echo(result.model_dump_json(indent=2))
        return
    t = Table(
        title=P("screen.title", chosen, flagged=len(result.employers),
                screened=result.employers_screened),
        caption=P("screen.line", chosen, why=year_line(result, chosen)), box=box.SIMPLE_HEAD,
    )  # fmt: skip
    t.add_column("#", justify="right", no_wrap=True)
    t.add_column(P("col.npp", chosen), no_wrap=True)
    t.add_column(P("col.employer", chosen), min_width=10, ratio=1)
    for key in ("col.active", "col.declared", "col.score"):  # figures and headers never cut
        t.add_column(_two_lines(P(key, chosen)), justify="right", no_wrap=True)
    t.add_column(P("col.why", chosen), ratio=3, min_width=16, overflow="fold")
    for e in result.employers[:top]:
        why = "\n".join(f"• {f.reason} [{f.code} {f.weight:g}x{f.strength:.2f}]" for f in e.flags)
        t.add_row(str(e.rank), e.employer_id, e.employer_name or "-", str(e.active_workers),
                  "-" if e.declared_workers is None else str(e.declared_workers),
                  f"{e.score:.2f}", why)  # fmt: skip
    for_output(_console()).print(t)


def _two_lines(text: str) -> str:
    """A header broken at the space nearest its middle, for a column that must not wrap."""
    words = text.split(" ")
    if len(words) < 2:
        return text
    cut = min(range(1, len(words)), key=lambda i: abs(len(" ".join(words[:i])) - len(text) / 2))
    return " ".join(words[:cut]) + "\n" + " ".join(words[cut:])


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
    lang: LangOpt = None,
    debug: DebugOpt = False,
) -> None:
    """Coverage: active enrolled workers / workers known to exist, by region, size or industry.

    Workers known to exist come from the payroll, else from declared headcounts.
    Without employer reference data, regions come from the workers' NIKs (marked).
    """
    from underreport.coverage import coverage as core
    from underreport.coverage import with_change

    def job() -> tuple[CoverageResult, Lang]:
        given = {"config": config, "payroll": payroll, "enrollment": enrollment,
                 "period": period, "employers": employers, "declarations": declarations,
                 "sheet": sheet, "lang": lang}  # fmt: skip
        done = reconcile_run(given, record=False)
        result = core(done.rec, done.loaded, by.value)
        register = history or done.settings.output.history
        return (with_change(result, register) if register is not None else result), done.lang

    result, chosen = run(debug, job)
    if out is not None:
        from underreport.report.export.planning import coverage_book
        from underreport.report.export.ranked import write_ranked

        rows, book = coverage_book(result, chosen)
        manifest = _manifest("coverage", {"by": by.value, "lang": chosen}, [])
        run(debug, lambda: write_ranked(out, rows, manifest, sheet="Coverage", book=book))
        _console(stderr=True).print(SAID("wrote", chosen, paths=out), markup=False)
    if fmt is ShortFormat.json:
        typer.echo(result.model_dump_json(indent=2))
        return
    by_words = P(f"by.{result.by}", chosen)
    t = Table(title=P("coverage.title", chosen, by=by_words, period=result.period),
              box=box.SIMPLE_HEAD)  # fmt: skip
    table_rows = [*result.groups, result.overall]
    changed = any(g.change is not None for g in table_rows)  # only a register gives a change
    keys = ["col.group", "col.employers", "col.known", "col.covered", "col.coverage",
            *(["col.change"] if changed else []), "col.gap"]  # fmt: skip
    for key in keys:
        if key == "col.group":  # a region's name wraps at its spaces; figures are never cut
            t.add_column(P(key, chosen), min_width=14, ratio=1)
        else:
            t.add_column(_two_lines(P(key, chosen)), justify="right", no_wrap=True)
    for g in table_rows:
        change = "-" if g.change is None else f"{percent(g.change, chosen).rstrip('%')} pt"
        gap = money(g.monthly_contribution_gap_idr, chosen)
        cells = [group_name(g.group, result.by, chosen), str(g.employers), str(g.known_workers),
                 str(g.covered_workers), percent(g.coverage_ratio, chosen),
                 *([change] if changed else []), gap]  # fmt: skip
        t.add_row(*cells, style="bold" if g.group == "all" else None)
    for_output(_console()).print(t)
