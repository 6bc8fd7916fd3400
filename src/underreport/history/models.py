"""What the register returns: plain frozen models, no database types."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import Field

from underreport.model.result import Frozen, InputKind, Severity

OfficeLevel = Literal["regency", "province", "national"]
CaseState = Literal["new", "persisting", "worsened", "improved"]
LEVELS: tuple[OfficeLevel, ...] = ("regency", "province", "national")


class CaseStatus(Frozen):
    employer_id: str
    case_status: CaseState
    flagged_runs: int = Field(description="Consecutive runs flagged, this one included.")
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


class Escalated(Frozen):
    employer_id: str
    from_level: OfficeLevel
    to_level: OfficeLevel


class RunOutcome(Frozen):
    run_id: int
    previous_run_id: int | None
    statuses: dict[str, CaseStatus]
    resolved: list[Resolved]
    escalated: list[Escalated]


class RunInput(Frozen):
    kind: InputKind
    file: str = Field(description="File name only, never the directory.")
    sheet: str | None
    sha256: str


class RunSummary(Frozen):
    run_id: int
    run_time: datetime
    period: str
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
    state: CaseState | Literal["resolved", "clear", "not_seen"] = Field(
        description="Case status when flagged; 'resolved' when the open case closed in this "
        "run; 'clear' when present and not flagged; 'not_seen' when absent from the inputs."
    )
    monthly_contribution_gap_idr: int | None
    severity: Severity | None
    flagged_runs: int | None
    office_level: OfficeLevel | None
    office: str | None
