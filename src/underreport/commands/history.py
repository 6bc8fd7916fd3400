"""`underreport history`: the runs in a case register and one employer's trajectory."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from underreport.cli import DebugOpt, _console, app, run
from underreport.commands.core import ShortFormat
from underreport.fmt import idr


@app.command(
    epilog="""[bold]Examples[/bold]

  underreport history --db cases.sqlite

  underreport history --db cases.sqlite --employer 03103314 --format json
"""
)
def history(
    db: Annotated[Path, typer.Option(help="The case register written by check/--history.")],
    employer: Annotated[str | None, typer.Option(help="One employer's trajectory (NPP).")] = None,
    fmt: Annotated[ShortFormat, typer.Option("--format", "-f")] = ShortFormat.table,
    debug: DebugOpt = False,
) -> None:
    """Show the runs recorded in a case register, or how one employer's case developed."""
    import json

    from underreport import history as register

    if employer is None:
        rows = run(debug, lambda: register.runs(db))
        if fmt is ShortFormat.json:
            typer.echo(json.dumps([r.model_dump(mode="json") for r in rows], indent=2))
            return
        _show(f"Runs in {db}",
              ("Run", "Time", "Period", "Flagged", "Gap a month", "New", "Resolved", "Escalated"),
              [(r.run_id, r.run_time.isoformat(timespec="minutes"), r.period,
                r.flagged_employers, idr(r.total_gap_idr), r.new_cases, r.resolved_cases,
                r.escalated_cases) for r in rows])  # fmt: skip
        return
    path = run(debug, lambda: register.trajectory(db, employer))
    if fmt is ShortFormat.json:
        typer.echo(json.dumps([r.model_dump(mode="json") for r in path], indent=2))
        return
    if not path:
        _console().print(f"Employer {employer} was never flagged in {db}.")
        return
    _show(f"Employer {employer} in {db}",
          ("Run", "Time", "Period", "State", "Gap a month", "Severity", "Runs flagged", "Office"),
          [(p.run_id, p.run_time.isoformat(timespec="minutes"), p.period, p.state,
            idr(p.monthly_contribution_gap_idr), p.severity or "-", p.flagged_runs or "-",
            f"{p.office_level} {p.office}" if p.office_level else "-") for p in path])  # fmt: skip


def _show(title: str, headers: tuple[str, ...], rows: list[tuple[object, ...]]) -> None:
    table = Table(title=title)
    for header in headers:
        table.add_column(header)
    for row in rows:
        table.add_row(*(str(cell) for cell in row))
    _console().print(table)
