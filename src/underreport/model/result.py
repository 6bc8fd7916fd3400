"""The result contract: what `reconcile()` returns and `--format json` prints.

Every renderer (Rich table, JSON, CSV, exports) reads this one model, so the
figures an inspector sees and the figures a script parses cannot drift apart.
Fields are part of the public contract (`schema_version`); add, never rename.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = 1

Severity = Literal["high", "medium", "low"]
InputKind = Literal["payroll", "enrollment"]


class Frozen(BaseModel):
    """Base of every model that crosses a boundary: immutable, unknown fields refused."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class InputFile(Frozen):
    path: str
    sheet: str | None = Field(description="Sheet name for workbooks; null for CSV and Parquet.")
    kind: InputKind
    sha256: str
    rows_read: int = Field(description="Data rows kept.")
    rows_skipped: int = Field(description="Rows left out: totals, blank and signature lines.")
    columns: dict[str, str] = Field(
        default_factory=dict, description="Canonical field -> header it was read from."
    )


class Summary(Frozen):
    employers: int
    flagged_employers: int
    payroll_workers: int
    enrolled_workers: int
    unregistered_workers: int
    underreported_wage_workers: int
    unregistered_employers: int
    monthly_contribution_gap_idr: int
    enrolled_not_on_payroll: int = 0
    not_reconcilable_workers: int = 0
    probable_matches: int = 0
    declared_only_employers: int = 0
    program_missing_workers: int = 0
    below_minimum_wage_workers: int = 0
    arrears_principal_idr: int = 0
    late_fine_idr: int = 0
    arrears_total_idr: int = 0


class FindingRef(Frozen):
    """One catalogued finding of an employer (codes: model/findings.py, README)."""

    code: str
    workers: int | None = Field(None, description="Workers it concerns; null if no count.")
    amount_idr: int | None = Field(None, description="Rupiah it states; null if no amount.")


class EmployerFinding(Frozen):
    rank: int
    employer_id: str
    employer_name: str | None
    registered: bool
    payroll_workers: int
    enrolled_workers: int
    unregistered_workers: int
    underreported_wage_workers: int
    wage_gap_idr: int
    monthly_contribution_gap_idr: int
    coverage_ratio: float | None = Field(
        description="Payroll workers with an active enrolment / payroll workers judged "
        "(all but the not reconcilable)."
    )
    severity: Severity
    reasons: list[str]
    enrolled_not_on_payroll: int = 0
    not_reconcilable_workers: int = 0
    months_affected: int = Field(0, description="Months with contributions due and not paid.")
    arrears_principal_idr: int = 0
    late_fine_idr: int = Field(0, description="2 % a month (rules) from each due date to as_of.")
    arrears_total_idr: int = 0
    missing_programs: list[str] = Field(default_factory=list)
    program_missing_workers: int = 0
    below_minimum_wage_workers: int = Field(
        0, description="Active enrolments reported below the applicable UMK/UMP."
    )
    below_minimum_paid_workers: int = Field(
        0, description="Payroll workers paid a contribution wage below the UMK/UMP."
    )
    minimum_wage_basis: str | None = None
    probable_matches: int = Field(
        0, description="Workers linked by a damaged NIK, a one-digit typo or by name (tiers 2-4)."
    )
    linked_by: Literal["npp", "npwp", "name"] = Field(
        "npp",
        description="How the payroll employer was found in the enrolment export: `name` only "
        "for a payroll that gives no NPP, when exactly one enrolment employer has its name.",
    )
    probable_employer_id: str | None = Field(
        None, description="An enrolled NPP with the same normalised name: offered, not applied."
    )
    probable_by_tier: dict[str, int] = Field(
        default_factory=dict, description="Probable matches per tier: '2', '3', '4'."
    )
    declared_workers: int | None = Field(
        None, description="Headcount the employer declared to the ministry (WLKP), if given."
    )
    headcount_gap: int = Field(0, description="Declared workers - active enrolments (no payroll).")
    wage_bill_gap_idr: int = Field(0, description="Declared wage bill - reported wages.")
    estimate_basis: Literal["payroll", "declaration"] = Field(
        "payroll",
        description="`declaration`: no payroll seen, the gap is estimated from headcount.",
    )
    defaults_used: list[str] = Field(
        default_factory=list,
        description="Figures that fell back to a default: risk_class, size, region.",
    )
    case_status: Literal["new", "persisting", "worsened", "improved"] | None = Field(
        None,
        description="Against the previous run in the case register (--history only); null "
        "also when the run's month is older than the latest the register holds for the "
        "employer (the case is left as it was).",
    )
    flagged_runs: int | None = Field(
        None,
        description="Runs that flagged the open case, this one included; re-runs of a month "
        "count here, not in `flagged_months`.",
    )
    flagged_months: int | None = Field(
        None,
        description="Distinct payroll months the open case was flagged in (--history); "
        "escalation counts these.",
    )
    office_level: Literal["regency", "province", "national"] | None = None
    findings: list[FindingRef] = Field(
        default_factory=list,
        description="The catalogued findings behind `reasons`, one per sentence, in its order.",
    )


class ResolvedCase(Frozen):
    employer_id: str
    last_gap_idr: int
    flagged_runs: int
    flagged_months: int | None = None


class EscalatedCase(Frozen):
    employer_id: str
    from_level: str
    to_level: str


class DataQualityIssue(Frozen):
    file: str
    sheet: str | None
    row: int | None
    column: str | None
    code: str
    message: str
    severity: Literal["error", "warning", "info"] = "warning"


class ReconcileResult(Frozen):
    schema_version: int = SCHEMA_VERSION
    period: str
    period_chosen: Literal["given", "latest"] = "given"
    rules_version: str
    tool_version: str
    generated_at: datetime
    periods: list[str] = Field(default_factory=list, description="Every month reconciled.")
    as_of: date | None = Field(None, description="Late fines are counted up to this date.")
    jkk_assumption: str = Field(
        description="How the JKK rate was chosen; a lower bound when the class is unknown."
    )
    inputs: list[InputFile]
    summary: Summary
    employers: list[EmployerFinding]
    data_quality: list[DataQualityIssue] = Field(
        description="The first `data_quality_limit` issues, in the order of the files; "
        "every issue: --issues FILE."
    )
    data_quality_counts: dict[str, int] = Field(
        default_factory=dict, description="Issues per code, every issue counted."
    )
    data_quality_total: int = Field(0, description="Every data-quality issue found.")
    data_quality_limit: int | None = Field(
        None, description="Most issues listed in `data_quality` (--max-issues); null: no limit."
    )
    data_quality_truncated: bool = Field(
        False, description="True when `data_quality` lists fewer issues than were found."
    )
    resolved: list[ResolvedCase] | None = Field(
        None, description="Flagged in the previous run, not now, still in the inputs (--history)."
    )
    escalated: list[EscalatedCase] | None = Field(
        None, description="Cases whose office level rose in this run (--history)."
    )


class WorkerLine(Frozen):
    """One payroll worker as an inspector reads it before a visit (NIK masked by default)."""

    nik: str | None
    worker_name: str | None
    contribution_wage_idr: int | None
    enrolment: Literal["active", "non-active", "not enrolled", "no usable NIK", "not judged"] = (
        Field(description="`no usable NIK` / `not judged`: not reconcilable, see match_reason.")
    )
    reported_wage_idr: int | None
    match_tier: int | None = Field(
        description="1 exact NIK; 2 Excel-damaged NIK; 3 NIK one digit off; 4 name only. "
        "An unregistered worker carries the tier it was judged at: 1 by its NIK, 4 without one."
    )
    match_basis: Literal["nik", "nik_damaged", "nik_near", "name", "employer"] | None = Field(
        None,
        description="What the tier rests on: the NIK, a NIK damaged by a spreadsheet, a NIK one "
        "edit away, the name, or (no usable NIK) an employer without any enrolment. "
        "None: not reconcilable.",
    )
    match_reason: str | None = None
    finding: str | None
    contribution_gap_idr: int
    missing_programs: list[str] = Field(default_factory=list)
    jkk_rate: float | None = Field(None, description="JKK rate applied (risk class, discounts).")
    jkk_rate_is_default: bool = Field(
        True, description="True when the risk class was unknown and class I was used."
    )
    owed_programs: list[str] = Field(
        default_factory=list, description="Programmes priced as owed for this worker."
    )
    source: str = Field(description="file, sheet and row of the payroll line")


class WorkerMonth(Frozen):
    """One worker in one month of an arrears run: what was due and why."""

    period: str
    nik: str | None
    worker_name: str | None
    contribution_wage_idr: int | None
    covered: bool = Field(description="An enrolment covered this month (dates and status).")
    reported_wage_idr: int | None
    owed_programs: list[str]
    jkk_rate: float
    contribution_gap_idr: int


class EmployerStory(Frozen):
    """The worker-level story of one employer: what `underreport explain` prints."""

    schema_version: int = SCHEMA_VERSION
    period: str
    employer_id: str
    employer_name: str | None
    finding: EmployerFinding | None
    workers: list[WorkerLine]
    enrolled_not_on_payroll: list[WorkerLine]
    months: list[WorkerMonth] = Field(
        default_factory=list, description="Per worker-month, for runs over several months."
    )
