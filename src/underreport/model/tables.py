"""The canonical tables that flow between the stages, declared once.

Readers map a file's headers onto `INPUT_FIELDS`; the config file's
`[aliases]` is checked against the same names, so a field known to the
readers and one accepted in the config cannot differ.

Each table between two stages is a `Table`: its columns and Polars dtypes,
which never hold a null, which are internal. Stages take their empty frames
from here; tests check each stage's frame with `conform` (see
docs/architecture.md, "Table contracts").
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

import polars as pl

InputKind = Literal["payroll", "enrollment", "employers", "declarations", "notices"]

_COMMON = ("employer_id", "employer_name", "npwp", "nik", "worker_name")

INPUT_FIELDS: dict[str, tuple[str, ...]] = {
    "payroll": (*_COMMON, "employee_no", "period", "base_wage", "fixed_allowance",
                "fixed_allowance_part", "contribution_wage", "work_status", "daily_wage"),
    "enrollment": (*_COMMON, "kpj", "birth_date", "reported_wage", "programs", "jkk", "jkm",
                   "jht", "jp", "active", "enrolled_on", "inactive_on", "period"),
    "employers": (*_COMMON, "size", "risk_class", "province", "regency", "industry", "address"),
    "declarations": (*_COMMON, "nib", "headcount", "headcount_male", "headcount_female",
                     "wage_bill", "period"),
}  # fmt: skip
"""Canonical fields a header can be mapped to, per kind of input file."""


class ContractError(ValueError):
    """A frame that is not the shape its table contract declares: a bug, never a user's file."""


@dataclass(frozen=True)
class Table:
    """One canonical table between two stages: its columns, their dtypes, which hold no null.

    Plain Polars dtypes rather than a schema library (patito, pandera): the
    same mapping builds a stage's empty frame in the run (`empty`), and a
    check of names, dtypes and nulls is a look at `frame.schema` and one
    `null_count` per column, done in tests at the stage boundaries, never
    in a run. Patito would add a runtime dependency to the bottom floor and
    a Pydantic class per table whose value validation nothing here uses;
    the worker table's per-programme columns (`owes_JKK`, ...) are made in a
    loop, which a class body does not express.
    """

    name: str
    columns: Mapping[str, pl.DataType]
    not_null: frozenset[str] = frozenset()
    """Columns the producing code guarantees never hold a null."""
    internal: frozenset[str] = frozenset()
    """Columns for the code, not a user: provenance (`_file`, `_sheet`, `_row`), ranking keys."""

    @property
    def schema(self) -> pl.Schema:
        return pl.Schema(self.columns)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(self.columns)

    @property
    def nullable(self) -> frozenset[str]:
        return frozenset(self.columns) - self.not_null

    def empty(self) -> pl.DataFrame:
        """No rows, every column: what a stage hands on when it has nothing."""
        return pl.DataFrame(schema=self.schema)


def problems(frame: pl.DataFrame | pl.LazyFrame, table: Table, *, extra: bool = False) -> list[str]:
    """What keeps `frame` from being `table`: missing, mistyped and undeclared columns, and
    nulls where none may be (a DataFrame only: a LazyFrame is checked by its schema)."""
    schema = frame.collect_schema()
    out = [f"{table.name}: column {c!r} is missing" for c in table.columns if c not in schema]
    out += [
        f"{table.name}: column {c!r} is {schema[c]}, the contract says {dtype}"
        for c, dtype in table.columns.items()
        if c in schema and schema[c] != dtype
    ]
    if not extra:
        out += [f"{table.name}: column {c!r} is not in the contract" for c in schema
                if c not in table.columns]  # fmt: skip
    checked = [c for c in table.not_null if c in schema]
    if isinstance(frame, pl.DataFrame) and checked:
        nulls = frame.select(pl.col(c).null_count() for c in sorted(checked)).row(0, named=True)
        out += [f"{table.name}: column {c!r} holds {n} null(s)" for c, n in nulls.items() if n]
    return out


def conform(frame: pl.DataFrame | pl.LazyFrame, table: Table, *, extra: bool = False) -> None:
    """Raise `ContractError` naming the table and every column at fault (see `problems`).

    `extra` lets a frame carry columns the contract does not declare.
    """
    found = problems(frame, table, extra=extra)
    if found:
        raise ContractError("; ".join(found))


def _table(
    name: str, columns: Mapping[str, pl.DataType], not_null: Iterable[str] = (), *,
    internal: Iterable[str] = (),
) -> Table:  # fmt: skip
    table = Table(name, dict(columns), frozenset(not_null), frozenset(internal))
    unknown = (table.not_null | table.internal) - set(table.columns)
    if unknown:
        raise ContractError(f"{name}: {sorted(unknown)} are not columns of the table")
    return table


S, F, B, D, I64 = pl.String(), pl.Float64(), pl.Boolean(), pl.Date(), pl.Int64()
"""Short names for the dtypes the contracts use (money: Float64 rupiah until ranked)."""
TEXTS = pl.List(pl.String())
PRICED_PROGRAMS = ("JKK", "JKM", "JHT", "JP")
"""The programmes priced per worker: `reconcile.attributes.ALL_PROGRAMS` (all but JKP)."""

PROVENANCE: dict[str, pl.DataType] = {"_file": S, "_sheet": S, "_row": I64}
"""Where a row was read: file, sheet (null for CSV and Parquet), the row as the sheet shows it."""
_WHERE = ("_file", "_row")

PAYROLL_ROWS = _table(
    "payroll rows",
    {"employer_id": S, "employer_name": S, "npwp": S, "nik": S, "employee_no": S,
     "worker_name": S, "period": S, "base_wage": F, "fixed_allowance": F,
     "contribution_wage": F, "nik_damaged": B, "work_status": S, **PROVENANCE},
    ("fixed_allowance", "nik_damaged", *_WHERE),
    internal=PROVENANCE,
)  # fmt: skip
"""One cleaned payroll line (`ingest.load`): money in rupiah, `period` as YYYY-MM,
`nik_damaged` for a NIK read from scientific text."""

ENROLMENT_ROWS = _table(
    "enrolment rows",
    {"employer_id": S, "employer_name": S, "npwp": S, "kpj": S, "nik": S, "worker_name": S,
     "birth_date": D, "reported_wage": F, "programs": TEXTS, "active": B, "enrolled_on": D,
     "inactive_on": D, "nik_damaged": B, "period": S, **PROVENANCE},
    ("active", "nik_damaged", *_WHERE),
    internal=PROVENANCE,
)  # fmt: skip
"""One cleaned enrolment record (`ingest.load`); `period` is set for a contribution form's
month, null for a membership export."""

DATA_QUALITY_ISSUES = _table(
    "data-quality issues",
    {"file": S, "sheet": S, "row": I64, "column": S, "code": S, "message": S, "severity": S},
    ("file", "code", "message", "severity"),
)
"""Every doubt about the input, a code of `model.quality` each (`ingest.checks`)."""
ISSUE_SCHEMA = DATA_QUALITY_ISSUES.schema

ENROLLED_WORKERS = _table(
    "enrolled workers",
    {"employer_id": S, "nik": S, "active": B, "reported_wage": F, "enrolled_name": S,
     "enrolled_employer": S, "kpj": S, "programs": S, "enrolled_on": D, "birth_date": D,
     "form_periods": TEXTS, "nik_damaged": B},
    ("employer_id", "nik", "active", "form_periods", "nik_damaged"),
)  # fmt: skip
"""One row per (employer, NIK) of the enrolment in a month (`workers.enrolment_by_worker`);
`programs` joined as text (`JKK,JKM,JHT,JP`), a NIK that keys nobody as `nik~name`. Its
active rows with no payroll line are `Reconciliation.not_on_payroll`."""

_PAY_WORKER: dict[str, pl.DataType] = {
    "employer_id": S, "nik": S, "employer_name": S, "worker_name": S, "contribution_wage": F,
    "base_wage": F, "fixed_allowance": F, "payroll_rows": pl.UInt32(), "nik_damaged": B,
    "work_status": S, **PROVENANCE,
}  # fmt: skip
_PAY_NOT_NULL = ("payroll_rows", "nik_damaged", *_WHERE)

NOT_RECONCILABLE = _table(
    "not reconcilable workers",
    {**_PAY_WORKER, "match_reason": S},
    _PAY_NOT_NULL,
    internal=PROVENANCE,
)
"""Payroll workers no tier could judge, with why (`link.link`; `Reconciliation.unreconcilable`)."""

MATCHED_WORKERS = _table(
    "matched workers",
    {**_PAY_WORKER, "match_nik": S, "match_tier": pl.Int8(), "match_basis": S, "match_reason": S},
    (*_PAY_NOT_NULL, "match_tier", "match_basis"),
    internal=PROVENANCE,
)
"""One row per payroll worker of a month with the enrolment it was linked to (`match_nik`,
null when none) and the tier, basis and reason of the link (`link.link`)."""

WORKER_FINDINGS = _table(
    "worker findings",
    {
        **MATCHED_WORKERS.columns,
        # the enrolment matched (`ENROLLED_WORKERS`; its `nik_damaged` gets the join's suffix)
        "active": B, "reported_wage": F, "enrolled_name": S, "enrolled_employer": S, "kpj": S,
        "programs": S, "enrolled_on": D, "birth_date": D, "form_periods": TEXTS,
        "nik_damaged_right": B,
        # the employer's facts in the month (`attributes.for_period`)
        "employer_registered": B, "jkk_rate": F, "risk_class": pl.Int8(), "required": TEXTS,
        "size": S, "min_wage": F, "min_wage_basis": S, "defaults_used": TEXTS,
        "nik_province": S, "nik_min_wage": F, "nik_min_wage_basis": S, "enrolled_any": B,
        # the price (`pricing.price`)
        "unregistered": B, "underreported": B, "past_pension_age": B,
        **{f"owes_{p}": B for p in PRICED_PROGRAMS}, **{f"pays_{p}": B for p in PRICED_PROGRAMS},
        "wage_gap": F, "contribution_gap": F, "missing_programs": TEXTS,
        "below_minimum_reported": B, "below_minimum_paid": B, "below_minimum_indicated": B,
        "finding": S, "program_missing": B, "period": S,
    },
    (
        *MATCHED_WORKERS.not_null, "employer_registered", "jkk_rate", "enrolled_any",
        "unregistered", "underreported", "past_pension_age",
        *[f"{what}_{p}" for what in ("owes", "pays") for p in PRICED_PROGRAMS],
        "wage_gap", "contribution_gap", "missing_programs", "below_minimum_reported",
        "below_minimum_paid", "below_minimum_indicated", "program_missing", "period",
    ),
    internal=PROVENANCE,
)  # fmt: skip
"""Each matched worker of a month priced (`workers.match`): `Reconciliation.workers` for the
month ranked, `Reconciliation.months` for every month reconciled. `finding` is
`UNREGISTERED`, `UNREGISTERED_INACTIVE`, `WAGE_UNDERREPORTED` or null."""

_COUNTS = (
    "reconcilable", "covered", "unregistered_workers", "inactive_workers",
    "underreported_wage_workers", "program_missing_workers", "tier2", "tier3", "tier4",
    "unregistered_without_nik", "below_minimum_wage_workers", "below_minimum_paid_workers",
    "below_minimum_indicated", "not_reconcilable_workers", "enrolled_workers",
    "enrolled_not_on_payroll", "months_affected", "payroll_workers",
)  # fmt: skip
_AMOUNTS = ("underreported_amount", "wage_gap_idr", "monthly_contribution_gap_idr",
            "arrears_principal_idr", "late_fine_idr")  # fmt: skip

EMPLOYER_FIGURES = _table(
    "employer figures",
    {"employer_id": S, "employer_name": S, "reconcilable": I64, "registered": B, "covered": I64,
     "unregistered_workers": I64, "inactive_workers": I64, "underreported_wage_workers": I64,
     "underreported_amount": F, "wage_gap_idr": F, "monthly_contribution_gap_idr": F,
     "program_missing_workers": I64, "tier2": I64, "tier3": I64, "tier4": I64,
     "unregistered_without_nik": I64, "below_minimum_wage_workers": I64,
     "below_minimum_paid_workers": I64, "below_minimum_indicated": I64,
     "missing_programs": TEXTS, "min_wage_basis": S, "min_wage": F, "defaults_used": TEXTS,
     "size": S, "risk_class": pl.Int8(), "not_reconcilable_workers": I64,
     "enrolled_workers": I64, "form_periods": TEXTS, "enrolled_not_on_payroll": I64,
     "months_affected": I64, "arrears_principal_idr": F, "late_fine_idr": F,
     "payroll_workers": I64, "coverage_ratio": F},
    (*_COUNTS, *_AMOUNTS, "registered", "missing_programs", "defaults_used", "form_periods"),
)  # fmt: skip
"""One row per employer on the payroll with every count behind its finding
(`employers.aggregate`); money still Float64 rupiah, `employer_id` null for rows naming
no employer."""

RANKED_EMPLOYERS = _table(
    "ranked employer findings",
    {"employer_id": S, "employer_name": S, "registered": B, "payroll_workers": I64,
     "enrolled_workers": I64, "unregistered_workers": I64, "underreported_wage_workers": I64,
     "wage_gap_idr": I64, "monthly_contribution_gap_idr": I64, "coverage_ratio": F,
     "enrolled_not_on_payroll": I64, "not_reconcilable_workers": I64, "months_affected": I64,
     "arrears_principal_idr": I64, "late_fine_idr": I64, "program_missing_workers": I64,
     "below_minimum_wage_workers": I64, "below_minimum_paid_workers": I64,
     "probable_matches": I64, "linked_by": S, "probable_employer_id": S,
     "declared_workers": I64, "headcount_gap": I64, "wage_bill_gap_idr": I64,
     "estimate_basis": S, "defaults_used": TEXTS, "tier2": I64, "tier3": I64, "tier4": I64,
     "severity": S, "reasons": TEXTS, "arrears_total_idr": I64, "missing_programs": TEXTS,
     "minimum_wage_basis": S,
     "findings": pl.List(pl.Struct({"code": S, "workers": I64, "amount_idr": I64}))},
    ("employer_id", "registered", "payroll_workers", "enrolled_workers", "unregistered_workers",
     "underreported_wage_workers", "wage_gap_idr", "monthly_contribution_gap_idr",
     "enrolled_not_on_payroll", "not_reconcilable_workers", "months_affected",
     "arrears_principal_idr", "late_fine_idr", "program_missing_workers",
     "below_minimum_wage_workers", "below_minimum_paid_workers", "probable_matches",
     "linked_by", "headcount_gap", "wage_bill_gap_idr", "estimate_basis", "defaults_used",
     "tier2", "tier3", "tier4", "severity", "reasons", "arrears_total_idr",
     "missing_programs", "findings"),
    internal=("tier2", "tier3", "tier4"),
)  # fmt: skip
"""The flagged employers in rank order, one row each with the fields of its
`result.EmployerFinding` (`employers.ranked`); money in whole rupiah. The tiers become
`probable_by_tier`."""

FINDING_ONLY_FIELDS: dict[str, str] = {
    "rank": "the row's place in `RANKED_EMPLOYERS` (`employers.findings`)",
    "probable_by_tier": "`tier2`, `tier3`, `tier4` of the row",
    "case_status": "the case register, against the previous run (--history)",
    "flagged_runs": "the case register (--history)",
    "flagged_months": "the case register (--history)",
    "office_level": "the case register's office escalation (--history)",
}
"""`EmployerFinding` fields that are not columns of `RANKED_EMPLOYERS`, and where they come
from: every other field is a column, so the JSON contract and the table cannot drift."""

EMPLOYER_FINDINGS = _table(
    "employer findings",
    {"employer_id": S, "code": S, "workers": I64, "amount_idr": I64},
    ("employer_id", "code"),
)
"""The long table: one row per finding of an employer, a code of the finding catalogue,
with the workers it concerns and its amount in whole rupiah (null where a finding has none)."""

TABLES: tuple[Table, ...] = (
    PAYROLL_ROWS, ENROLMENT_ROWS, DATA_QUALITY_ISSUES, ENROLLED_WORKERS, MATCHED_WORKERS,
    NOT_RECONCILABLE, WORKER_FINDINGS, EMPLOYER_FIGURES, RANKED_EMPLOYERS, EMPLOYER_FINDINGS,
)  # fmt: skip
"""Every contract, in the order the stages make them."""
