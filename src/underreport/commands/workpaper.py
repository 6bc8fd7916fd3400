"""`underreport workpaper`: the inspection working paper (KKP) of one employer."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from underreport import __version__
from underreport.cli import DebugOpt, _console, app, run
from underreport.commands.language import SAID
from underreport.commands.shared import Given, Run, reconcile_run, shared
from underreport.model.i18n import Lang

if TYPE_CHECKING:
    from underreport.model.result import EmployerStory
    from underreport.report.workpaper import Paper

EmployerArg = Annotated[
    str,
    typer.Argument(
        help="The employer's NPP, or its name: a unique fuzzy match of the run's employer "
        "names is used and said; several close names are listed instead.",
        metavar="NPP_OR_NAME",
    ),
]


def reference_row(done: Run, employer_id: str) -> dict[str, Any] | None:
    """The employer's row of the employers reference (--employers), when it has one."""
    import polars as pl

    ref = done.loaded.employers
    if ref is None:
        return None
    rows = ref.filter(pl.col("employer_id") == employer_id).head(1).to_dicts()
    return rows[0] if rows else None


def story_for(done: Run, query: str, show_nik: bool) -> EmployerStory:
    """The story of the employer `query` names (an NPP or a name), saying on stderr which
    employer a name was taken to mean."""
    from underreport.reconcile.explain import explain, find_employer

    match = find_employer(done.rec, query)
    said = match.said(query, done.lang)
    if said:
        _console(stderr=True).print(said, markup=False)
    return explain(done.rec, match.employer_id, show_nik)


def paper_for(
    done: Run, story: EmployerStory, *, show_nik: bool, inspector: str | None = None
) -> Paper:
    """The working paper of `story`'s employer from the run that told it, in the run's language."""
    from underreport.report.workpaper import build
    from underreport.rules import load_rules

    return build(
        story, done.result, load_rules(done.options.rules_file),
        reference=reference_row(done, story.employer_id), lang=done.lang,
        inspector=inspector, show_nik=show_nik, tool_version=__version__, today=date.today(),
    )  # fmt: skip


@app.command(
    epilog="""[bold]Examples[/bold]

  underreport workpaper 99678004 --out kkp.xlsx -p sample_data/payroll -e sample_data/enrollment

  underreport workpaper "Duta Jaya" --out kkp.html --lang id --inspector "Rina W" -p gaji/ -e bpjs/
"""
)
@shared
def workpaper(
    employer: EmployerArg,
    given: Given,
    out: Annotated[Path, typer.Option(help="File to write: .xlsx or .html.", metavar="FILE")],
    show_nik: Annotated[bool, typer.Option("--show-nik", help="Write NIKs in full.")] = False,
    inspector: Annotated[
        str | None,
        typer.Option(help='Inspector\'s name under "Disusun oleh"; blank to fill by hand.'),
    ] = None,
    debug: DebugOpt = False,
) -> None:
    """Write the inspection working paper (Kertas Kerja Pemeriksaan) of one employer.

    Identity block, A. the workers not registered or under-reported (NIKs masked), B. the
    contributions owed (principal, late fine, total; JP ceiling and JKK rate used), C. the
    legal basis from the rules' sources, and signature blocks. Written atomically.
    """
    from underreport.report.workpaper import check_target, write_workpaper

    err = _console(stderr=True)

    def job() -> tuple[Path, Lang]:
        check_target(out)
        done = reconcile_run(given, record=False, show_progress=True)
        story = story_for(done, employer, show_nik)
        paper = paper_for(done, story, show_nik=show_nik, inspector=inspector)
        return write_workpaper(paper, out), done.lang

    written, lang = run(debug, job)
    err.print(SAID("wrote", lang, paths=written), markup=False)
