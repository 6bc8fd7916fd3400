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
        t = Table(title=f"Runs in {db}")
        for col in ("Run", "Time", "Period", "Flagged", "Gap a month", "New", "Resolved",
                    "Escalated"):  # fmt: skip
            t.add_column(col)
        for r in rows:
            t.add_row(str(r.run_id), r.run_time.isoformat(timespec="minutes"), r.period,
                      str(r.flagged_employers), idr(r.total_gap_idr), str(r.new_cases),
                      str(r.resolved_cases), str(r.escalated_cases))  # fmt: skip
        _console().print(t)
        return
    path = run(debug, lambda: register.trajectory(db, employer))
    if fmt is ShortFormat.json:
        typer.echo(json.dumps([r.model_dump(mode="json") for r in path], indent=2))
        return
    t = Table(title=f"Employer {employer} in {db}")
    for col in ("Run", "Time", "Period", "State", "Gap a month", "Severity", "Runs flagged",
                "Office"):  # fmt: skip
        t.add_column(col)
    for step in path:
        office = f"{step.office_level} {step.office}" if step.office_level else "-"
        t.add_row(
            str(step.run_id), step.run_time.isoformat(timespec="minutes"), step.period,
            step.state, idr(step.monthly_contribution_gap_idr), step.severity or "-",
            str(step.flagged_runs or "-"), office,
        )  # fmt: skip
    _console().print(t if path else f"Employer {employer} was never flagged in {db}.")
