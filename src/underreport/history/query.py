"""Reading the register back: the list of runs and one employer's trajectory."""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from underreport.history.db import check, connect, version
from underreport.history.models import EmployerRunRow, RunInput, RunSummary

READ_TIMEOUT = 30.0


def _snapshot(conn: sqlite3.Connection) -> None:
    """Read everything from one consistent snapshot, even while a writer commits."""
    conn.execute("BEGIN")


def runs(db: Path) -> list[RunSummary]:
    """Every recorded run, oldest first, with its counts and input checksums."""
    path = Path(db)
    with connect(path, timeout=READ_TIMEOUT, create=False) as conn:
        _snapshot(conn)
        if not check(conn, path):
            return []
        inputs: dict[int, list[RunInput]] = defaultdict(list)
        for run_id, kind, file, sheet, sha in conn.execute(
            "SELECT run_id, kind, file, sheet, sha256 FROM run_inputs ORDER BY rowid"
        ):
            inputs[run_id].append(RunInput(kind=kind, file=file, sheet=sheet, sha256=sha))
        months: dict[int, list[str]] = defaultdict(list)
        if version(conn) >= 2:  # version 1 kept one month a run: its period
            for run_id, month in conn.execute("SELECT run_id, month FROM run_months ORDER BY 1, 2"):
                months[run_id].append(month)
        rows = conn.execute(
            "SELECT id, run_time, period, rules_version, tool_version, employers_present,"
            " flagged_employers, total_gap_idr, new_cases, resolved_cases, escalated_cases"
            " FROM runs ORDER BY id"
        ).fetchall()
        conn.rollback()
    return [
        RunSummary(
            run_id=r[0],
            run_time=datetime.fromisoformat(r[1]),
            period=r[2],
            months=months.get(r[0]) or [r[2]],
            rules_version=r[3],
            tool_version=r[4],
            employers_present=r[5],
            flagged_employers=r[6],
            total_gap_idr=r[7],
            new_cases=r[8],
            resolved_cases=r[9],
            escalated_cases=r[10],
            inputs=inputs.get(r[0], []),
        )
        for r in rows
    ]


def trajectory(db: Path, employer_id: str) -> list[EmployerRunRow]:
    """One row per run from the employer's first flagged run on; empty if never flagged."""
    path = Path(db)
    with connect(path, timeout=READ_TIMEOUT, create=False) as conn:
        _snapshot(conn)
        if not check(conn, path):
            return []
        months = "f.flagged_months" if version(conn) >= 2 else "NULL"
        rows = conn.execute(
            "SELECT r.id, r.run_time, r.period, f.monthly_gap_idr, f.severity, f.case_status,"
            f" f.flagged_runs, {months}, f.office_level, f.office,"
            " s.run_id IS NOT NULL, x.run_id IS NOT NULL"
            " FROM runs r"
            " LEFT JOIN findings f ON f.run_id = r.id AND f.employer_id = :e"
            " LEFT JOIN resolutions x ON x.run_id = r.id AND x.employer_id = :e"
            " LEFT JOIN sightings s ON s.run_id = r.id AND s.employer_id = :e"
            " WHERE r.id >= (SELECT min(run_id) FROM findings WHERE employer_id = :e)"
            " ORDER BY r.id",
            {"e": employer_id},
        ).fetchall()
        conn.rollback()
    out = []
    for rid, when, period, gap, sev, status, n, n_months, level, office, seen, resolved in rows:
        flagged = status is not None
        state = status if flagged else "resolved" if resolved else "clear" if seen else "not_seen"
        out.append(
            EmployerRunRow(
                run_id=rid,
                run_time=datetime.fromisoformat(when),
                period=period,
                flagged=flagged,
                state=state,
                monthly_contribution_gap_idr=gap,
                severity=sev,
                flagged_runs=n,
                flagged_months=n_months,
                office_level=level,
                office=office,
            )
        )
    return out


def gaps_by_run(db: Path, employer_ids: Sequence[str]) -> dict[str, dict[int, int]]:
    """Each employer's monthly gap in every run that saw it, by run id, for a trend chart.

    A run that flagged it gives its gap; a run that saw it and did not flag it
    (a sighting, or the run that resolved its case) gives 0; a run that did not
    see it is absent, so a chart shows no point rather than a false zero.
    """
    path = Path(db)
    out: dict[str, dict[int, int]] = {e: {} for e in employer_ids}
    with connect(path, timeout=READ_TIMEOUT, create=False) as conn:
        _snapshot(conn)
        if not check(conn, path):
            return out
        for start in range(0, len(employer_ids), _CHUNK):
            ids = list(employer_ids[start : start + _CHUNK])
            marks = ",".join("?" * len(ids))
            rows = conn.execute(
                f"SELECT employer_id, run_id, monthly_gap_idr FROM findings"
                f" WHERE employer_id IN ({marks})"
                f" UNION ALL SELECT employer_id, run_id, 0 FROM sightings"
                f" WHERE employer_id IN ({marks})"
                f" UNION ALL SELECT employer_id, run_id, 0 FROM resolutions"
                f" WHERE employer_id IN ({marks})",
                ids * 3,
            ).fetchall()
            for employer, run_id, gap in rows:
                out[employer][run_id] = gap
        conn.rollback()
    return {e: dict(sorted(runs.items())) for e, runs in out.items()}


_CHUNK = 300
"""Employers per query: three lists of them stay far below SQLite's limit of parameters."""
