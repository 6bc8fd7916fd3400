"""`underreport history`: the runs in a case register and one employer's trajectory."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from underreport.cli import DebugOpt, _console, app, run
from underreport.commands.core import ShortFormat
from underreport.commands.language import LangOpt, chosen
from underreport.fmt import idr
from underreport.model.i18n import labels

L = labels(
    "history-command",
    {
        "runs": ("Runs in {db}", "Proses dalam {db}"),
        "employer": ("Employer {npp} in {db}", "Pemberi kerja {npp} dalam {db}"),
        "never": ("Employer {npp} was never flagged in {db}.",
                  "Pemberi kerja {npp} tidak pernah ditandai dalam {db}."),
        "run": ("Run", "Proses"),
        "time": ("Time", "Waktu"),
        "period": ("Period", "Periode"),
        "flagged": ("Flagged", "Ditandai"),
        "gap": ("Gap a month", "Selisih sebulan"),
        "new_cases": ("New", "Baru"),
        "resolved_cases": ("Resolved", "Selesai"),
        "escalated": ("Escalated", "Dinaikkan"),
        "state": ("State", "Keadaan"),
        "severity": ("Severity", "Tingkat"),
        "runs_flagged": ("Runs flagged", "Proses ditandai"),
        "office": ("Office", "Kantor"),
        "new": ("new", "baru"),
        "persisting": ("persisting", "berlanjut"),
        "worsened": ("worsened", "memburuk"),
        "improved": ("improved", "membaik"),
        "resolved": ("resolved", "selesai"),
        "clear": ("clear", "bersih"),
        "not_seen": ("not_seen", "tidak terlihat"),
        "high": ("high", "tinggi"),
        "medium": ("medium", "sedang"),
        "low": ("low", "rendah"),
        "regency": ("regency", "kabupaten/kota"),
        "province": ("province", "provinsi"),
        "national": ("national", "nasional"),
    },
)  # fmt: skip


def _said(value: str | None, lang: str) -> str:
    """A state, severity or office level in `lang`; `-` when there is none."""
    if not value:
        return "-"
    return L(value, lang) if value in L else value


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
    lang: LangOpt = None,
    debug: DebugOpt = False,
) -> None:
    """Show the runs recorded in a case register, or how one employer's case developed."""
    import json

    from underreport import history as register

    spoken = chosen(lang)
    if employer is None:
        rows = run(debug, lambda: register.runs(db))
        if fmt is ShortFormat.json:
            typer.echo(json.dumps([r.model_dump(mode="json") for r in rows], indent=2))
            return
        _show(L("runs", spoken, db=db),
              [L(k, spoken) for k in ("run", "time", "period", "flagged", "gap", "new_cases",
                                      "resolved_cases", "escalated")],
              [(r.run_id, r.run_time.isoformat(timespec="minutes"), r.period,
                r.flagged_employers, idr(r.total_gap_idr), r.new_cases, r.resolved_cases,
                r.escalated_cases) for r in rows])  # fmt: skip
        return
    path = run(debug, lambda: register.trajectory(db, employer))
    if fmt is ShortFormat.json:
        typer.echo(json.dumps([r.model_dump(mode="json") for r in path], indent=2))
        return
    if not path:
        _console().print(L("never", spoken, npp=employer, db=db))
        return
    _show(L("employer", spoken, npp=employer, db=db),
          [L(k, spoken) for k in ("run", "time", "period", "state", "gap", "severity",
                                  "runs_flagged", "office")],
          [(p.run_id, p.run_time.isoformat(timespec="minutes"), p.period, _said(p.state, spoken),
            idr(p.monthly_contribution_gap_idr), _said(p.severity, spoken),
            p.flagged_runs or "-",
            f"{_said(p.office_level, spoken)} {p.office}" if p.office_level else "-")
           for p in path])  # fmt: skip


def _show(title: str, headers: list[str], rows: list[tuple[object, ...]]) -> None:
    table = Table(title=title)
    for header in headers:
        table.add_column(header)
    for row in rows:
        table.add_row(*(str(cell) for cell in row))
    _console().print(table)
