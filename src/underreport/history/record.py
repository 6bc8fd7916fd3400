"""`record_run()`: compare one run with the open cases and write it, all in one transaction."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path, PurePath

from underreport.history.db import connect, migrate, prepare_for_writing, write_transaction
from underreport.history.models import CaseStatus, RunOutcome
from underreport.history.plan import Plan, Thresholds, make_plan, validate
from underreport.model.result import EmployerFinding, ReconcileResult


def _insert_run(
    conn: sqlite3.Connection,
    result: ReconcileResult,
    plan: Plan,
    *,
    present: int,
    t: Thresholds,
    run_time: datetime,
) -> int:
    cur = conn.execute(
        "INSERT INTO runs (run_time, period, rules_version, tool_version, result_schema,"
        " generated_at, escalate_after, escalate_by, national_after, change_threshold,"
        " employers_present, flagged_employers, total_gap_idr, new_cases, resolved_cases,"
        " escalated_cases) VALUES (?, ?, ?, ?, ?, ?, ?, 'months', ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            run_time.isoformat(),
            plan.month,
            result.rules_version,
            result.tool_version,
            result.schema_version,
            result.generated_at.isoformat(),
            t.province_after,
            t.national_after,
            t.change_threshold,
            present,
            len(result.employers),
            sum(f.monthly_contribution_gap_idr for f in result.employers),
            sum(s.case_status == "new" for s in plan.statuses.values()),
            len(plan.resolved),
            len(plan.escalated),
        ),
    )
    run_id = cur.lastrowid
    assert run_id is not None
    conn.executemany(
        "INSERT INTO run_months (run_id, month) VALUES (?, ?)",
        [(run_id, m) for m in sorted({plan.month, *result.periods})],
    )
    conn.executemany(
        "INSERT INTO run_inputs (run_id, kind, file, sheet, sha256) VALUES (?, ?, ?, ?, ?)",
        [(run_id, i.kind, PurePath(i.path).name, i.sheet, i.sha256) for i in result.inputs],
    )
    return run_id


FINDING_COLUMNS = (
    "run_id, employer_id, rank, severity, registered, payroll_headcount, enrolled_headcount,"
    " unregistered_count, underreported_wage_count, wage_gap_idr, monthly_gap_idr,"
    " coverage_ratio, case_status, flagged_runs, flagged_months, first_flagged, office_level,"
    " office, previous_gap_idr"
)


def _finding_row(run_id: int, f: EmployerFinding, s: CaseStatus) -> tuple[object, ...]:
    return (
        run_id,
        f.employer_id,
        f.rank,
        f.severity,
        int(f.registered),
        f.payroll_workers,
        f.enrolled_workers,
        f.unregistered_workers,
        f.underreported_wage_workers,
        f.wage_gap_idr,
        f.monthly_contribution_gap_idr,
        f.coverage_ratio,
        s.case_status,
        s.flagged_runs,
        s.flagged_months,
        s.first_flagged.isoformat(),
        s.office_level,
        s.office,
        s.previous_gap_idr,
    )


def _write_findings(
    conn: sqlite3.Connection, run_id: int, result: ReconcileResult, plan: Plan
) -> None:
    conn.executemany(
        f"INSERT INTO findings ({FINDING_COLUMNS}) VALUES ({', '.join('?' * 19)})",
        [_finding_row(run_id, f, plan.statuses[f.employer_id]) for f in result.employers],
    )
    conn.executemany(
        "INSERT INTO employers (employer_id, employer_name, region, last_month)"
        " VALUES (?, ?, ?, ?) ON CONFLICT (employer_id) DO UPDATE SET"
        " employer_name = coalesce(excluded.employer_name, employer_name),"
        " region = coalesce(excluded.region, region),"
        " last_month = max(coalesce(last_month, ''), excluded.last_month)",
        [
            (f.employer_id, f.employer_name, plan.regions[f.employer_id], plan.month)
            for f in result.employers
        ],
    )
    counted = [f for f in result.employers if f.employer_id not in set(plan.earlier)]
    conn.executemany(
        "INSERT INTO cases (employer_id, first_flagged, flagged_runs, flagged_months,"
        " office_level, last_gap_idr, last_run_id) VALUES (?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (employer_id) DO UPDATE SET first_flagged = excluded.first_flagged,"
        " flagged_runs = excluded.flagged_runs, flagged_months = excluded.flagged_months,"
        " office_level = excluded.office_level, last_gap_idr = excluded.last_gap_idr,"
        " last_run_id = excluded.last_run_id",
        [
            (
                f.employer_id,
                plan.statuses[f.employer_id].first_flagged.isoformat(),
                plan.statuses[f.employer_id].flagged_runs,
                plan.statuses[f.employer_id].flagged_months,
                plan.statuses[f.employer_id].office_level,
                f.monthly_contribution_gap_idr,
                run_id,
            )
            for f in counted
        ],
    )


def _write_changes(conn: sqlite3.Connection, run_id: int, plan: Plan) -> None:
    conn.executemany(
        "INSERT INTO resolutions (run_id, employer_id, last_gap_idr, flagged_runs,"
        " flagged_months) VALUES (?, ?, ?, ?, ?)",
        [
            (run_id, r.employer_id, r.last_gap_idr, r.flagged_runs, r.flagged_months)
            for r in plan.resolved
        ],
    )
    conn.executemany(
        "DELETE FROM cases WHERE employer_id = ?", [(r.employer_id,) for r in plan.resolved]
    )
    conn.executemany(
        "INSERT INTO escalations VALUES (?, ?, ?, ?)",
        [(run_id, e.employer_id, e.from_level, e.to_level) for e in plan.escalated],
    )
    conn.executemany(
        "INSERT INTO sightings VALUES (?, ?)", [(run_id, eid) for eid in plan.sightings]
    )
    conn.executemany(
        "UPDATE employers SET last_month = max(coalesce(last_month, ''), ?) WHERE employer_id = ?",
        [(plan.month, e) for e in [*plan.sightings, *(r.employer_id for r in plan.resolved)]],
    )


def record_run(
    db: Path,
    result: ReconcileResult,
    *,
    present_employers: set[str],
    regions: dict[str, str] | None = None,
    province_after: int = 3,
    national_after: int = 6,
    change_threshold: float = 0.10,
    timeout: float = 30.0,
    run_time: datetime | None = None,
) -> RunOutcome:
    """Record one run in the register at `db` (created if missing) and say what changed.

    Each flagged employer is compared with its open case, i.e. the streak it was on
    when last seen: `new` when there is none, `worsened`/`improved` when the monthly
    contribution gap moved by more than `change_threshold` (relative), else
    `persisting`. An open case whose employer is present in this run
    (`present_employers`) but not flagged is resolved; one whose employer is absent
    stays open untouched, so a missing file neither closes nor resets a case.
    Cases sit at the regency office, move to the province once flagged in
    `province_after` distinct payroll months and to the national office after
    `national_after`; how a run's month compares with the register's is in `plan.make_plan`.

    The whole run is one `BEGIN IMMEDIATE` transaction: a concurrent writer waits up
    to `timeout` seconds and then gets `RegisterBusyError`; a crash leaves the
    register as it was.
    """
    t = Thresholds(province_after, national_after, change_threshold)
    validate(result, t)
    when = run_time if run_time is not None else datetime.now(UTC)
    present = set(present_employers) | {f.employer_id for f in result.employers}
    path = Path(db)  # accept str at run time too
    with connect(path, timeout=timeout, create=True) as conn:
        prepare_for_writing(conn, path, timeout)
        with write_transaction(conn):
            migrate(conn, path, datetime.now(UTC).isoformat())
            previous = conn.execute("SELECT max(id) FROM runs").fetchone()[0]
            plan = make_plan(conn, result, present, regions, t, when)
            run_id = _insert_run(conn, result, plan, present=len(present), t=t, run_time=when)
            _write_findings(conn, run_id, result, plan)
            _write_changes(conn, run_id, plan)
    return RunOutcome(
        run_id=run_id,
        previous_run_id=previous,
        month=plan.month,
        statuses=plan.statuses,
        resolved=plan.resolved,
        escalated=plan.escalated,
        earlier=plan.earlier,
    )
