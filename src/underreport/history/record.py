"""`record_run()`: compare one run with the open cases and write it, all in one transaction."""

from __future__ import annotations

import math
import re
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path, PurePath

from underreport.history.db import connect, migrate, prepare_for_writing, write_transaction
from underreport.history.models import (
    LEVELS,
    CaseState,
    CaseStatus,
    Escalated,
    OfficeLevel,
    Resolved,
    RunOutcome,
)
from underreport.model.errors import UsageError
from underreport.model.result import EmployerFinding, ReconcileResult

_REGENCY = re.compile(r"\d{4}")
UNKNOWN = "unknown"


@dataclass(frozen=True)
class _OpenCase:
    first_flagged: datetime
    flagged_runs: int
    office_level: OfficeLevel
    last_gap_idr: int


@dataclass(frozen=True)
class _Plan:
    """Everything one run writes, worked out before the first write."""

    statuses: dict[str, CaseStatus]
    resolved: list[Resolved]
    escalated: list[Escalated]
    regions: dict[str, str | None]
    sightings: list[str]


def classify(previous_gap: int, gap: int, threshold: float) -> CaseState:
    """`worsened`/`improved` when the gap moved by more than `threshold` of the previous gap."""
    if previous_gap == 0:
        return "worsened" if gap > 0 else "persisting"
    change = (gap - previous_gap) / previous_gap
    if change > threshold:
        return "worsened"
    if change < -threshold:
        return "improved"
    return "persisting"


def level_for(flagged_runs: int, escalate_after: int) -> OfficeLevel:
    if flagged_runs >= 2 * escalate_after:
        return "national"
    if flagged_runs >= escalate_after:
        return "province"
    return "regency"


def office_for(level: OfficeLevel, region: str | None) -> str:
    if level == "national":
        return "national"
    if region is None:
        return UNKNOWN
    return region if level == "regency" else region[:2]


def normalise_region(employer_id: str, code: str) -> str:
    """`'32.73'` or `' 3273 '` -> `'3273'`; anything else is a usage error."""
    cleaned = code.replace(".", "").strip()
    if not _REGENCY.fullmatch(cleaned):
        raise UsageError(
            f"region for employer {employer_id} must be a 4-digit regency code "
            f"(e.g. 3273), got {code!r}"
        )
    return cleaned


def _validate(result: ReconcileResult, escalate_after: int, change_threshold: float) -> None:
    if escalate_after < 1:
        raise UsageError(f"escalate_after must be at least 1, got {escalate_after}")
    if not math.isfinite(change_threshold) or change_threshold < 0:
        raise UsageError(f"change_threshold must be a non-negative number, got {change_threshold}")
    seen: set[str] = set()
    for f in result.employers:
        if f.employer_id in seen:
            raise UsageError(f"employer {f.employer_id} appears twice in the result")
        seen.add(f.employer_id)


def _open_cases(conn: sqlite3.Connection) -> dict[str, _OpenCase]:
    rows = conn.execute(
        "SELECT employer_id, first_flagged, flagged_runs, office_level, last_gap_idr FROM cases"
    ).fetchall()
    return {r[0]: _OpenCase(datetime.fromisoformat(r[1]), int(r[2]), r[3], int(r[4])) for r in rows}


def _plan(
    conn: sqlite3.Connection,
    result: ReconcileResult,
    present: set[str],
    regions: dict[str, str] | None,
    escalate_after: int,
    change_threshold: float,
    run_time: datetime,
) -> _Plan:
    open_cases = _open_cases(conn)
    known = dict(conn.execute("SELECT employer_id, region FROM employers").fetchall())
    flagged = {f.employer_id for f in result.employers}
    statuses: dict[str, CaseStatus] = {}
    escalated: list[Escalated] = []
    region_of: dict[str, str | None] = {}
    for f in result.employers:
        eid, gap = f.employer_id, f.monthly_contribution_gap_idr
        given = (regions or {}).get(eid)
        region = normalise_region(eid, given) if given is not None else known.get(eid)
        region_of[eid] = region
        case = open_cases.get(eid)
        before: OfficeLevel
        if case is None:
            state: CaseState = "new"
            runs_, first, before, prev_gap = 1, run_time, "regency", None
        else:
            state = classify(case.last_gap_idr, gap, change_threshold)
            runs_, first, before = case.flagged_runs + 1, case.first_flagged, case.office_level
            prev_gap = case.last_gap_idr
        # A case never steps down within a streak, even if escalate_after is raised later.
        level: OfficeLevel = max(level_for(runs_, escalate_after), before, key=LEVELS.index)
        if LEVELS.index(level) > LEVELS.index(before):
            escalated.append(Escalated(employer_id=eid, from_level=before, to_level=level))
        statuses[eid] = CaseStatus(
            employer_id=eid,
            case_status=state,
            flagged_runs=runs_,
            first_flagged=first,
            office_level=level,
            office=office_for(level, region),
            previous_gap_idr=prev_gap,
        )
    resolved = [
        Resolved(employer_id=eid, last_gap_idr=case.last_gap_idr, flagged_runs=case.flagged_runs)
        for eid, case in sorted(open_cases.items())
        if eid in present and eid not in flagged
    ]
    closing = {r.employer_id for r in resolved}
    sightings = sorted(e for e in present if e in known and e not in flagged and e not in closing)
    return _Plan(statuses, resolved, escalated, region_of, sightings)


def _insert_run(
    conn: sqlite3.Connection,
    result: ReconcileResult,
    plan: _Plan,
    *,
    present: int,
    escalate_after: int,
    change_threshold: float,
    run_time: datetime,
) -> int:
    cur = conn.execute(
        "INSERT INTO runs (run_time, period, rules_version, tool_version, result_schema,"
        " generated_at, escalate_after, change_threshold, employers_present,"
        " flagged_employers, total_gap_idr, new_cases, resolved_cases, escalated_cases)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            run_time.isoformat(),
            result.period,
            result.rules_version,
            result.tool_version,
            result.schema_version,
            result.generated_at.isoformat(),
            escalate_after,
            change_threshold,
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
        "INSERT INTO run_inputs (run_id, kind, file, sheet, sha256) VALUES (?, ?, ?, ?, ?)",
        [(run_id, i.kind, PurePath(i.path).name, i.sheet, i.sha256) for i in result.inputs],
    )
    return run_id


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
        s.first_flagged.isoformat(),
        s.office_level,
        s.office,
        s.previous_gap_idr,
    )


def _write_findings(
    conn: sqlite3.Connection, run_id: int, result: ReconcileResult, plan: _Plan
) -> None:
    conn.executemany(
        "INSERT INTO findings VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [_finding_row(run_id, f, plan.statuses[f.employer_id]) for f in result.employers],
    )
    conn.executemany(
        "INSERT INTO employers (employer_id, employer_name, region) VALUES (?, ?, ?)"
        " ON CONFLICT (employer_id) DO UPDATE SET"
        " employer_name = coalesce(excluded.employer_name, employer_name),"
        " region = coalesce(excluded.region, region)",
        [(f.employer_id, f.employer_name, plan.regions[f.employer_id]) for f in result.employers],
    )
    conn.executemany(
        "INSERT INTO cases (employer_id, first_flagged, flagged_runs, office_level,"
        " last_gap_idr, last_run_id) VALUES (?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (employer_id) DO UPDATE SET first_flagged = excluded.first_flagged,"
        " flagged_runs = excluded.flagged_runs, office_level = excluded.office_level,"
        " last_gap_idr = excluded.last_gap_idr, last_run_id = excluded.last_run_id",
        [
            (
                f.employer_id,
                plan.statuses[f.employer_id].first_flagged.isoformat(),
                plan.statuses[f.employer_id].flagged_runs,
                plan.statuses[f.employer_id].office_level,
                f.monthly_contribution_gap_idr,
                run_id,
            )
            for f in result.employers
        ],
    )


def _write_changes(conn: sqlite3.Connection, run_id: int, plan: _Plan) -> None:
    conn.executemany(
        "INSERT INTO resolutions VALUES (?, ?, ?, ?)",
        [(run_id, r.employer_id, r.last_gap_idr, r.flagged_runs) for r in plan.resolved],
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


def record_run(
    db: Path,
    result: ReconcileResult,
    *,
    present_employers: set[str],
    regions: dict[str, str] | None = None,
    escalate_after: int = 3,
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
    Cases sit at the regency office, move to the province after `escalate_after`
    flagged runs and to the national office after twice that.

    The whole run is one `BEGIN IMMEDIATE` transaction: a concurrent writer waits up
    to `timeout` seconds and then gets `RegisterBusyError`; a crash leaves the
    register as it was.
    """
    _validate(result, escalate_after, change_threshold)
    when = run_time if run_time is not None else datetime.now(UTC)
    present = set(present_employers) | {f.employer_id for f in result.employers}
    path = Path(db)  # accept str at run time too
    with connect(path, timeout=timeout, create=True) as conn:
        prepare_for_writing(conn, path, timeout)
        with write_transaction(conn):
            migrate(conn, path, datetime.now(UTC).isoformat())
            previous = conn.execute("SELECT max(id) FROM runs").fetchone()[0]
            plan = _plan(conn, result, present, regions, escalate_after, change_threshold, when)
            run_id = _insert_run(
                conn,
                result,
                plan,
                present=len(present),
                escalate_after=escalate_after,
                change_threshold=change_threshold,
                run_time=when,
            )
            _write_findings(conn, run_id, result, plan)
            _write_changes(conn, run_id, plan)
    return RunOutcome(
        run_id=run_id,
        previous_run_id=previous,
        statuses=plan.statuses,
        resolved=plan.resolved,
        escalated=plan.escalated,
    )
