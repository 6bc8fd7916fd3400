"""`underreport report`: the one-file HTML report an inspector hands over."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from underreport.cli import DebugOpt, _console, app, run
from underreport.commands.language import SAID
from underreport.commands.shared import Given, reconcile_run, shared
from underreport.model.errors import UsageError
from underreport.model.i18n import Lang

if TYPE_CHECKING:
    from underreport.report.html import Trends


@app.command(
    epilog="""[bold]Examples[/bold]

  underreport report --out laporan.html -p sample_data/payroll -e sample_data/enrollment

  underreport report --out report.html --lang en -p payroll/ -e bpjs/ --employers ref.xlsx

  underreport report --out laporan.html -p payroll/ -e bpjs/ --history cases.sqlite
"""
)
@shared
def report(
    out: Annotated[Path, typer.Option(help="HTML file to write (one file, opens offline).")],
    given: Given,
    history: Annotated[
        Path | None,
        typer.Option(
            help="Case register (SQLite) to read each flagged employer's trend from; "
            "the report only reads it, it records no run."
        ),
    ] = None,
    debug: DebugOpt = False,
) -> None:
    """Write a self-contained HTML report: summary, ranking with reasons, charts, trends.

    One file with inline CSS and SVG charts, no JavaScript and no network: it
    opens anywhere and prints on A4 landscape. Coverage by region needs
    --employers; trends need --history. Employer level only: no NIK, no
    worker name.
    """
    from underreport.report.html import write_html

    def job() -> tuple[Path, Lang]:
        if out.suffix.lower() not in {".html", ".htm"}:
            raise UsageError(f"--out {out}: the report is an HTML file; name it .html")
        if not out.resolve().parent.is_dir():
            raise UsageError(f"--out {out}: folder {out.parent} does not exist")
        if history is not None and not history.is_file():
            raise UsageError(
                f"--history {history}: no case register there (runs are recorded "
                "by underreport reconcile --history or check --history)"
            )
        done = reconcile_run(given, record=False, show_progress=True)
        register = history or done.settings.output.history
        trends = _trends(register, [e.employer_id for e in done.result.employers])
        covered = None
        if done.loaded.employers is not None and done.loaded.employers.height:
            from underreport.coverage import coverage

            covered = coverage(done.rec, done.loaded, "province")
        return write_html(out, done.result, done.lang, covered, trends), done.lang

    written, lang = run(debug, job)
    _console(stderr=True).print(SAID("wrote", lang, paths=written), markup=False)


def _trends(register: Path | None, employer_ids: list[str]) -> Trends | None:
    """The register's runs and each flagged employer's gaps, or None without a register."""
    if register is None:
        return None
    from underreport.history.query import gaps_by_run, runs
    from underreport.report.html import Trends

    return Trends(register.name, runs(register), gaps_by_run(register, employer_ids))
