"""What one run changes in the register, worked out before anything is written.

Cases are counted in payroll months: a run counts for its latest month
(`run_month`), and how that month compares with the latest month the register
holds for an employer decides whether its case gains a month, only a run, or
nothing at all (`make_plan`).
"""

from __future__ import annotations

import math
import re
import sqlite3
from dataclasses import dataclass
from datetime import datetime

from underreport.history.models import (
    LEVELS,
    CaseState,
    CaseStatus,
    Escalated,
    OfficeLevel,
    Resolved,
)
from underreport.model.errors import UsageError
from underreport.model.result import ReconcileResult

_REGENCY = re.compile(r"\d{4}")
UNKNOWN = "unknown"


@dataclass(frozen=True)
class _OpenCase:
    first_flagged: datetime
    flagged_runs: int
    flagged_months: int
    office_level: OfficeLevel
    last_gap_idr: int


@dataclass(frozen=True)
class Thresholds:
    """When a case goes up: flagged months before the province and the national office."""

    province_after: int = 3
    national_after: int = 6
    change_threshold: float = 0.10


@dataclass(frozen=True)
class Plan:
    """Everything one run writes, worked out before the first write."""

    month: str
    statuses: dict[str, CaseStatus]
    resolved: list[Resolved]
    escalated: list[Escalated]
    regions: dict[str, str | None]
    sightings: list[str]
    earlier: list[str]


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


def level_for(months: int, t: Thresholds) -> OfficeLevel:
    if months >= t.national_after:
        return "national"
    if months >= t.province_after:
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


def validate(result: ReconcileResult, t: Thresholds) -> None:
    if t.province_after < 1:
        raise UsageError(f"province_after_months must be at least 1, got {t.province_after}")
    if t.national_after < t.province_after:
        raise UsageError(
            f"national_after_months ({t.national_after}) must be at least "
            f"province_after_months ({t.province_after})"
        )
    if not math.isfinite(t.change_threshold) or t.change_threshold < 0:
        raise UsageError(
            f"change_threshold must be a non-negative number, got {t.change_threshold}"
        )
    seen: set[str] = set()
    for f in result.employers:
        if f.employer_id in seen:
            raise UsageError(f"employer {f.employer_id} appears twice in the result")
        seen.add(f.employer_id)


def run_month(result: ReconcileResult) -> str:
    """The month a run counts for: its latest.

    A run over a range (`--all-periods`) describes each employer as of its latest
    month (headcount, coverage, gap a month); earlier months only add to the
    arrears, and the result does not say in which of them an employer was
    flagged. So a range counts as its latest month, never as all of them.
    """
    return max([result.period, *result.periods])


def _open_cases(conn: sqlite3.Connection) -> dict[str, _OpenCase]:
    rows = conn.execute(
        "SELECT employer_id, first_flagged, flagged_runs, flagged_months, office_level,"
        " last_gap_idr FROM cases"
    ).fetchall()
    return {
        r[0]: _OpenCase(datetime.fromisoformat(r[1]), int(r[2]), int(r[3]), r[4], int(r[5]))
        for r in rows
    }


def _status(
    eid: str,
    gap: int,
    case: _OpenCase | None,
    new_month: bool,
    region: str | None,
    t: Thresholds,
    run_time: datetime,
) -> tuple[CaseStatus, OfficeLevel]:
    """This run's status of a flagged employer, and the level it was at before."""
    before: OfficeLevel
    if case is None:
        state: CaseState = "new"
        runs_, months, first, before, prev_gap = 1, 1, run_time, "regency", None
    else:
        state = classify(case.last_gap_idr, gap, t.change_threshold)
        runs_, first, before = case.flagged_runs + 1, case.first_flagged, case.office_level
        months, prev_gap = case.flagged_months + int(new_month), case.last_gap_idr
    # A case never steps down within a streak, even if the thresholds are raised later.
    level: OfficeLevel = max(level_for(months, t), before, key=LEVELS.index)
    status = CaseStatus(
        employer_id=eid,
        case_status=state,
        flagged_runs=runs_,
        flagged_months=months,
        first_flagged=first,
        office_level=level,
        office=office_for(level, region),
        previous_gap_idr=prev_gap,
    )
    return status, before


def _as_it_stands(
    eid: str, case: _OpenCase | None, region: str | None, run_time: datetime
) -> CaseStatus:
    """An `earlier_month` finding: the open case unchanged, or none (zero runs, zero months)."""
    level: OfficeLevel = case.office_level if case else "regency"
    return CaseStatus(
        employer_id=eid,
        case_status="earlier_month",
        flagged_runs=case.flagged_runs if case else 0,
        flagged_months=case.flagged_months if case else 0,
        first_flagged=case.first_flagged if case else run_time,
        office_level=level,
        office=office_for(level, region),
        previous_gap_idr=case.last_gap_idr if case else None,
    )


def make_plan(
    conn: sqlite3.Connection,
    result: ReconcileResult,
    present: set[str],
    regions: dict[str, str] | None,
    t: Thresholds,
    run_time: datetime,
) -> Plan:
    """Compare the run with the register, by payroll month.

    Against the latest month the register holds for an employer, the run's month
    is newer (a flagged case gains a month, and may go up), the same (a re-run:
    the case's status and runs move, its months do not, so nothing escalates;
    present and not flagged still resolves it, the employer having put that
    month right), or older (nothing about the case changes: no month, no run,
    no resolution, no new case; the finding is kept as `earlier_month`).
    """
    month = run_month(result)
    open_cases = _open_cases(conn)
    known = {
        e: (region, last)
        for e, region, last in conn.execute("SELECT employer_id, region, last_month FROM employers")
    }
    flagged = {f.employer_id for f in result.employers}

    def behind(eid: str) -> bool:
        last = known.get(eid, (None, None))[1]
        return last is not None and month < last

    statuses: dict[str, CaseStatus] = {}
    escalated: list[Escalated] = []
    region_of: dict[str, str | None] = {}
    earlier: list[str] = []
    for f in result.employers:
        eid = f.employer_id
        given = (regions or {}).get(eid)
        region = normalise_region(eid, given) if given is not None else known.get(eid, (None,))[0]
        region_of[eid] = region
        case = open_cases.get(eid)
        if behind(eid):
            earlier.append(eid)
            statuses[eid] = _as_it_stands(eid, case, region, run_time)
            continue
        last = known.get(eid, (None, None))[1]
        new_month = last is None or month > last
        status, before = _status(
            eid, f.monthly_contribution_gap_idr, case, new_month, region, t, run_time
        )
        statuses[eid] = status
        if LEVELS.index(status.office_level) > LEVELS.index(before):
            escalated.append(
                Escalated(employer_id=eid, from_level=before, to_level=status.office_level)
            )
    resolved = [
        Resolved(
            employer_id=eid,
            last_gap_idr=case.last_gap_idr,
            flagged_runs=case.flagged_runs,
            flagged_months=case.flagged_months,
        )
        for eid, case in sorted(open_cases.items())
        if eid in present and eid not in flagged and not behind(eid)
    ]
    closing = {r.employer_id for r in resolved}
    sightings = sorted(e for e in present if e in known and e not in flagged and e not in closing)
    return Plan(month, statuses, resolved, escalated, region_of, sightings, earlier)
