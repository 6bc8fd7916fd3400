"""`underreport history`: the runs in a case register and one employer's trajectory."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer
from rich import box
from rich.table import Table

from underreport.cli import DebugOpt, _console, app, run
from underreport.commands.core import ShortFormat
from underreport.commands.language import LangOpt, chosen
from underreport.history.models import EmployerRunRow
from underreport.history.plan import UNKNOWN
from underreport.model.i18n import labels, money
from underreport.report.text import for_output
from underreport.rules.regions import region_name

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
        "flagged_for": ("Months (runs) flagged", "Bulan (proses) ditandai"),
        "office": ("Office", "Kantor"),
        "unknown": ("region unknown", "wilayah tidak diketahui"),
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
              [(r.run_id, _when(r.run_time), r.period, r.flagged_employers,
                money(r.total_gap_idr), r.new_cases, r.resolved_cases, r.escalated_cases)
               for r in rows])  # fmt: skip
        return
    path = run(debug, lambda: register.trajectory(db, employer))
    if fmt is ShortFormat.json:
        typer.echo(json.dumps([r.model_dump(mode="json") for r in path], indent=2))
        return
    if not path:
        _console().print(L("never", spoken, npp=employer, db=db))
        return
    _show(L("employer", spoken, npp=employer, db=db),
          [L(k, spoken) for k in ("run", "period", "state", "gap", "severity", "flagged_for",
                                  "office")],
          [(p.run_id, p.period, _said(p.state, spoken), money(p.monthly_contribution_gap_idr),
            _said(p.severity, spoken),
            f"{p.flagged_months or '-'} ({p.flagged_runs})" if p.flagged_runs else "-",
            _office(p, spoken))
           for p in path])  # fmt: skip


def _when(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M")


def _office(p: EmployerRunRow, lang: str) -> str:
    """`provinsi Jawa Barat`: the level and the region's name, not its code."""
    if not p.office_level:
        return "-"
    if p.office_level == "national" or not p.office:
        return _said(p.office_level, lang)
    where = L("unknown", lang) if p.office == UNKNOWN else region_name(p.office)
    return f"{_said(p.office_level, lang)} {where}"


def _show(title: str, headers: list[str], rows: list[tuple[object, ...]]) -> None:
    """Figures, dates and codes whole on one line; words wrap (written whole to a file)."""
    table = Table(title=title, box=box.SIMPLE_HEAD, pad_edge=False, collapse_padding=True)
    for i, header in enumerate(headers):
        cells = [str(row[i]) for row in rows]
        figure = all(re.fullmatch(r"-|\d+|-?Rp [\d.]+|[\d-]+ \(\d+\)|\d{4}-\d\d", c)
                     for c in cells)  # fmt: skip
        # A figure's column is as wide as its widest figure (its header wraps instead);
        # a text column at least as wide as its longest word, so words are not split.
        widest = max((len(c) if figure else min(len(w), 16) for c in cells
                      for w in (c.split() or [""])), default=1)  # fmt: skip
        table.add_column(header, min_width=widest, overflow="fold",
                         justify="right" if figure else "left")  # fmt: skip
    for row in rows:
        table.add_row(*(str(cell) for cell in row))
    for_output(_console()).print(table)
