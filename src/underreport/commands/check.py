"""`underreport check`: the unattended nightly run, with exit codes a script can act on."""

from __future__ import annotations

import json
import logging
import sys
from collections import Counter
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import polars as pl
import typer

from underreport.cli import DebugOpt, app, run
from underreport.commands.language import SAID
from underreport.commands.shared import Given, reconcile_run, shared
from underreport.fmt import idr
from underreport.model.config import Level
from underreport.model.i18n import labels
from underreport.model.result import ReconcileResult

log = logging.getLogger("underreport")
RANK = {"low": 0, "medium": 1, "high": 2}
L = labels(
    "check-line",
    {
        "summary": (
            "underreport check {period}: {employers} employers, {flagged} flagged ({high} high, "
            "{medium} medium, {low} low), gap {gap} a month; {hits} at or above {level}",
            "underreport check {period}: {employers} pemberi kerja, {flagged} ditandai "
            "({high} tinggi, {medium} sedang, {low} rendah), selisih {gap} sebulan; {hits} pada "
            "tingkat {level} atau lebih",
        ),
        "high": ("high", "tinggi"),
        "medium": ("medium", "sedang"),
        "low": ("low", "rendah"),
    },
)


class CheckFormat(StrEnum):
    line = "line"
    json = "json"
    ndjson = "ndjson"


class FailOn(StrEnum):
    low = "low"
    medium = "medium"
    high = "high"


def by_severity(result: ReconcileResult, ranked: pl.DataFrame | None = None) -> dict[str, int]:
    """Flagged employers per severity: from the ranked rows when no finding object was made."""
    if ranked is not None and not result.employers:
        counts = ranked.get_column("severity").value_counts()
        found = dict(zip(counts["severity"], counts["count"], strict=True))
    else:
        found = Counter(e.severity for e in result.employers)
    return {s: int(found.get(s, 0)) for s in RANK}


def at_or_above(result: ReconcileResult, level: Level, ranked: pl.DataFrame | None = None) -> int:
    return sum(n for s, n in by_severity(result, ranked).items() if RANK[s] >= RANK[level])


def summary_line(
    result: ReconcileResult,
    level: Level,
    hits: int,
    ranked: pl.DataFrame | None = None,
    lang: str = "en",
) -> str:
    """The one line a nightly log keeps: the period's month stays `YYYY-MM` for grep."""
    by = by_severity(result, ranked)
    return L("summary", lang, period=result.period, employers=result.summary.employers,
             flagged=result.summary.flagged_employers, **by,
             gap=idr(result.summary.monthly_contribution_gap_idr), hits=hits,
             level=L(level, lang))  # fmt: skip


def ndjson(result: ReconcileResult) -> str:
    lines = [
        json.dumps({"type": "employer", **e.model_dump(mode="json")}) for e in result.employers
    ]
    doc = result.model_dump(mode="json", exclude={"employers", "data_quality"})
    lines.append(json.dumps({"type": "summary", **doc}))
    return "\n".join(lines)


@app.command(
    epilog="""[bold]Examples[/bold]

  underreport check --config underreport.toml --fail-on high

  underreport check -p payroll/ -e enrolment/ --history cases.sqlite --format json

[bold]Exit codes[/bold]: 0 no flagged employer at or above --fail-on; 1 at least one;
2 bad input, config or usage; 130 interrupted.
"""
)
@shared
def check(
    given: Given,
    fail_on: Annotated[
        FailOn | None,
        typer.Option(help="Lowest severity that makes the exit code 1 \\[default: high]."),
    ] = None,
    history: Annotated[
        Path | None, typer.Option(help="Case register (SQLite) that remembers earlier runs.")
    ] = None,
    fmt: Annotated[CheckFormat, typer.Option("--format", "-f")] = CheckFormat.line,
    debug: DebugOpt = False,
) -> None:
    """Run unattended: no prompts or colour, a one-line summary or JSON, meaningful exit codes.

    Logs go to stderr; standard output carries only the summary or the document.
    """
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")

    def job() -> tuple[ReconcileResult, pl.DataFrame | None, Level, str]:
        shown = fmt is CheckFormat.line or sys.stdout.isatty()
        done = reconcile_run(given, history=history, show_progress=shown, detail=False,
                             findings=fmt is CheckFormat.ndjson)  # fmt: skip
        read = {k: sum(f.rows_read for f in done.result.inputs if f.kind == k)
                for k in ("payroll", "enrollment")}  # fmt: skip
        log.info(SAID("read", done.lang, payroll=read["payroll"], enrollment=read["enrollment"]))
        if done.register is not None:
            log.info(SAID("recorded", done.lang, register=done.register))
        level = fail_on.value if fail_on else done.settings.check.fail_on
        return done.result, done.rec.ranked, level, done.lang

    result, ranked, level, lang = run(debug, job)
    hits = at_or_above(result, level, ranked)
    if fmt is CheckFormat.json:
        from underreport.report.formats import write_json

        write_json(result, sys.stdout, ranked)
        sys.stdout.write("\n")
    elif fmt is CheckFormat.ndjson:
        typer.echo(ndjson(result))
    else:
        typer.echo(summary_line(result, level, hits, ranked, lang))
    raise typer.Exit(1 if hits else 0)
