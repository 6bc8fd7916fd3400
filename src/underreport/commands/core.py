"""The commands themselves, each a few lines over the library."""

from __future__ import annotations

import re
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from underreport.cli import DebugOpt, Format, _console, app, run
from underreport.commands.language import SAID, LangOpt, chosen
from underreport.commands.shared import ConfigOpt, Given, SheetOpt, reconcile_run, shared
from underreport.model.config import MONTH
from underreport.model.errors import UsageError
from underreport.model.i18n import Lang
from underreport.model.result import ReconcileResult

if TYPE_CHECKING:
    import polars as pl

    from underreport.model.i18n import Lang
    from underreport.sample import SampleAnswer


@app.command(
    epilog="""[bold]Examples[/bold]

  underreport reconcile --payroll sample_data/payroll --enrollment sample_data/enrollment

  underreport reconcile -p gaji.xlsx -e bpjs.csv --period 2025-03 --format json > out.json

  underreport reconcile -p payroll/ -e enrolment/ --format csv > ranking.csv
"""
)
@shared
def reconcile(
    given: Given,
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.table,
    top: Annotated[int, typer.Option(help="Employers shown in the table.", min=1)] = 20,
    history: Annotated[
        Path | None, typer.Option(help="Record this run in a case register (SQLite).")
    ] = None,
    debug: DebugOpt = False,
) -> None:
    """Reconcile payroll against BPJS enrolment; rank employers by the contributions they owe.

    Finds unregistered workers (PDS tenaga kerja), wages reported below what is paid
    (PDS upah) and unregistered employers (PWBD), and explains each flag.
    """
    from underreport.report import formats, text

    def job() -> tuple[ReconcileResult, pl.DataFrame | None, Lang]:
        shown = fmt is Format.table or sys.stdout.isatty()
        done = reconcile_run(given, history=history, show_progress=shown, detail=False,
                             findings=fmt is Format.csv)  # fmt: skip
        if fmt is Format.table and not done.result.employers:
            top_rows = done.rec.findings(top)
            return done.result.model_copy(update={"employers": top_rows}), None, done.lang
        return done.result, done.rec.ranked, done.lang

    result, ranked, lang = run(debug, job)
    if fmt is Format.json:
        formats.write_json(result, sys.stdout, ranked)
        sys.stdout.write("\n")
    elif fmt is Format.csv:
        typer.echo(formats.to_csv(result), nl=False)
    else:
        text.render(result, text.for_output(_console()), top, lang=lang)


@app.command(
    epilog="""[bold]Example[/bold]

  underreport sample --out demo --employers 40 --seed 7
  underreport reconcile --payroll demo/payroll --enrollment demo/enrollment
"""
)
def sample(
    out: Annotated[Path, typer.Option(help="Folder to write the sample set into.")],
    employers: Annotated[int, typer.Option(help="Employers on the payroll.", min=1)] = 12,
    seed: Annotated[int, typer.Option(help="Random seed: the same seed gives the same files.")] = 0,
    period: Annotated[str, typer.Option(help="Latest payroll month, YYYY-MM.")] = "2025-03",
    damage: Annotated[
        float,
        typer.Option(
            help="Share of enrolled workers whose payroll NIK is damaged (0-1).", min=0, max=1
        ),
    ] = 0.0,
    debug: DebugOpt = False,
) -> None:
    """Write a realistic, messy sample set with a known answer (answer.json).

    Beside payroll/ and enrollment/: employers/, declarations/, previous/ and notices/
    for screen and coverage, with red flags planted (planning.json).
    """
    from underreport.sample import generate

    def job() -> SampleAnswer:
        if not re.fullmatch(MONTH, period):
            raise UsageError(f"--period {period!r}: use YYYY-MM (2025-03)")
        if out.exists() and not out.is_dir():
            raise UsageError(f"--out {out}: is a file; give a folder for the sample set")
        try:
            return generate(out, employers=employers, seed=seed, period=period, damage=damage)
        except OSError as exc:
            where = exc.filename or out
            raise UsageError(f"--out {out}: cannot write {where}: {exc.strerror or exc}") from None

    answer = run(debug, job)
    flagged = sum(
        1
        for e in answer.employers
        if not e.registered or e.unregistered_workers or e.underreported_wage_workers
    )
    _console().print(
        f"Wrote {len(answer.files)} files for {len(answer.employers)} employers to {out} "
        f"({flagged} with planted findings; the answer is in {out / 'answer.json'}), and for "
        f"screen and coverage an employer register, declarations, last year's export and "
        f"notices (what screen must flag: {out / 'planning.json'})."
    )


class Kind(StrEnum):
    payroll = "payroll"
    enrollment = "enrollment"


class ShortFormat(StrEnum):
    table = "table"
    json = "json"


@app.command(
    epilog="""[bold]Examples[/bold]

  underreport validate sample_data/payroll sample_data/enrollment

  underreport validate gaji.xlsx --kind payroll --format json > issues.json
"""
)
def validate(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders to check.")],
    kind: Annotated[
        Kind | None,
        typer.Option(
            help="Read every file as this kind. Default: guessed per file from its columns."
        ),
    ] = None,
    fmt: Annotated[ShortFormat, typer.Option("--format", "-f")] = ShortFormat.table,
    config: ConfigOpt = None,
    sheet: SheetOpt = None,
    lang: LangOpt = None,
    debug: DebugOpt = False,
) -> None:
    """Check files as reconcile would read them, and report every problem at once.

    Shows which header became which field, rows read and skipped, and every
    data-quality issue with its file, sheet, row and column. Exit 0 when nothing
    is of severity error, 1 when the data has errors, 2 when a file cannot be read
    (each named on stderr) or a side holds only headers, as reconcile would stop.
    """
    from underreport.model.config import load_settings
    from underreport.pipeline import choice
    from underreport.report import validation_text
    from underreport.validate import ValidationReport
    from underreport.validate import validate as core

    def job() -> tuple[ValidationReport, Lang]:
        settings, _ = load_settings(config)
        aliases = settings.aliases.model_dump()
        spoken = chosen(lang, settings)
        sheets = choice(settings, sheet or ())
        return core(paths, kind.value if kind else None, sheets, aliases, spoken), spoken

    report, spoken = run(debug, job)
    if fmt is ShortFormat.json:
        typer.echo(report.model_dump_json(indent=2))
        validation_text.unreadable(report, _console(stderr=True), spoken)
    else:
        validation_text.render(report, _console(), _console(stderr=True), spoken)
    raise typer.Exit(report.exit_code)


@app.command(
    epilog="""[bold]Examples[/bold]

  underreport explain 03103314 -p sample_data/payroll -e sample_data/enrollment

  underreport explain "Global Makmur" -p gaji/ -e bpjs/ --out story.txt --lang id

  underreport explain 03103314 -p gaji.xlsx -e bpjs.csv --format json --show-nik
"""
)
@shared
def explain(
    npp: Annotated[
        str,
        typer.Argument(
            help="The employer's NPP (as in the ranking), or its name: a unique fuzzy match of "
            "the run's employer names is used and said; several close names are listed instead.",
            metavar="NPP_OR_NAME",
        ),
    ],
    given: Given,
    show_nik: Annotated[bool, typer.Option("--show-nik", help="Show NIKs in full.")] = False,
    fmt: Annotated[ShortFormat, typer.Option("--format", "-f")] = ShortFormat.table,
    out: Annotated[
        Path | None,
        typer.Option(
            help="Write the story to FILE instead (atomically): .json, .txt or .md (the text as "
            "shown), .xlsx or .html (the working paper, as `underreport workpaper` writes it).",
            metavar="FILE",
        ),
    ] = None,
    debug: DebugOpt = False,
) -> None:
    """The worker-level story of one employer: what an inspector prints before a visit."""
    from underreport.commands.workpaper import paper_for, story_for
    from underreport.model.result import EmployerStory
    from underreport.report import story_text
    from underreport.report.workpaper.story import check_story_target, write_story

    err = _console(stderr=True)

    def job() -> tuple[EmployerStory, Lang, Path | None]:
        if out is not None:
            check_story_target(out)
        shown = out is not None or fmt is ShortFormat.table or sys.stdout.isatty()
        done = reconcile_run(given, record=False, show_progress=shown)
        story = story_for(done, npp, show_nik)
        if out is None:
            return story, done.lang, None
        paper = lambda: paper_for(done, story, show_nik=show_nik)  # noqa: E731
        return story, done.lang, write_story(story, out, done.lang, paper)

    story, lang, written = run(debug, job)
    if written is not None:
        err.print(SAID("wrote", lang, paths=written), markup=False)
    elif fmt is ShortFormat.json:
        typer.echo(story.model_dump_json(indent=2))
    else:
        story_text.render(story, _console(), lang=lang)


@app.command(
    "rules",
    epilog="""[bold]Examples[/bold]

  underreport rules --year 2025

  underreport rules --year 2025 --format json --rules my_overrides.toml
""",
)
def rules_command(
    year: Annotated[int | None, typer.Option(help="Only the rules in force in this year.")] = None,
    fmt: Annotated[ShortFormat, typer.Option("--format", "-f")] = ShortFormat.table,
    rules: Annotated[
        Path | None, typer.Option(help="Rules file that overrides or extends the shipped rules.")
    ] = None,
    lang: LangOpt = None,
    debug: DebugOpt = False,
) -> None:
    """Show the contribution rules in force (rates, JP ceiling, fines), each with its source.

    Figures the sources disagree on are marked uncertain; correct them with --rules FILE.
    """
    import json

    from underreport.report import rules_text
    from underreport.rules import load_rules

    said = chosen(lang)
    description = run(debug, lambda: load_rules(rules).describe(year, said))
    if fmt is ShortFormat.json:
        typer.echo(json.dumps(description, indent=2, ensure_ascii=False))
    else:
        rules_text.render(description, _console(), said)
