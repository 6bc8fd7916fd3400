"""What the register returns: plain frozen models, no database types."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import Field

from underreport.model.result import Frozen, InputKind, Severity

OfficeLevel = Literal["regency", "province", "national"]
CaseState = Literal["new", "persisting", "worsened", "improved"]
RunState = CaseState | Literal["earlier_month"]
"""`earlier_month`: flagged in a month older than the latest one the register holds for the
employer; recorded, the case left as it was."""
LEVELS: tuple[OfficeLevel, ...] = ("regency", "province", "national")


class CaseStatus(Frozen):
    employer_id: str
    case_status: RunState
    flagged_runs: int = Field(
        description="Runs that flagged the open case, this one included (re-runs of a month too)."
    )
    flagged_months: int = Field(
        description="Distinct payroll months the open case was flagged in; escalation counts "
        "these. 0 for an `earlier_month` finding with no open case."
    )
    first_flagged: datetime = Field(description="Run time at which the current streak began.")
    office_level: OfficeLevel
    office: str | None = Field(
        description="Regency code ('3273'), province code ('32') or 'national'; "
        "'unknown' when no region is known for the employer."
    )
    previous_gap_idr: int | None = Field(
        description="Monthly contribution gap at the previous flagged run of this streak."
    )


class Resolved(Frozen):
    employer_id: str
    last_gap_idr: int
    flagged_runs: int
    flagged_months: int


class Escalated(Frozen):
    employer_id: str
    from_level: OfficeLevel
    to_level: OfficeLevel


class RunOutcome(Frozen):
    run_id: int
    previous_run_id: int | None
    month: str = Field(description="The payroll month this run counts for: its latest.")
    statuses: dict[str, CaseStatus]
    resolved: list[Resolved]
    escalated: list[Escalated]
    earlier: list[str] = Field(
        default_factory=list,
        description="Employers flagged in a month older than their latest: recorded, not counted.",
    )


class RunInput(Frozen):
    kind: InputKind
    file: str = Field(description="File name only, never the directory.")
    sheet: str | None
    sha256: str


class RunSummary(Frozen):
    run_id: int
    run_time: datetime
    period: str
    months: list[str] = Field(description="Every payroll month reconciled; `period` is the latest.")
    rules_version: str
    tool_version: str
    employers_present: int
    flagged_employers: int
    total_gap_idr: int
    new_cases: int
    resolved_cases: int
    escalated_cases: int
    inputs: list[RunInput]


class EmployerRunRow(Frozen):
    """One run as seen from one employer, from its first flagged run on."""

    run_id: int
    run_time: datetime
    period: str
    flagged: bool
    state: RunState | Literal["resolved", "clear", "not_seen"] = Field(
        description="Case status when flagged ('earlier_month': a month older than the case's "
        "latest, not counted); 'resolved' when the open case closed in this run; 'clear' when "
        "present and not flagged; 'not_seen' when absent from the inputs."
    )
    monthly_contribution_gap_idr: int | None
    severity: Severity | None
    flagged_runs: int | None
    flagged_months: int | None = Field(
        description="Distinct months of the case so far; null when the run did not flag the "
        "employer, or in a version-1 register not yet upgraded by a run of this version."
    )
    office_level: OfficeLevel | None
    office: str | None
