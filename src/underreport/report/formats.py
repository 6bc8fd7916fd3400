"""Machine-readable renderings of the result: JSON contract and CSV ranking."""

from __future__ import annotations

import csv
import io

from underreport.report.export.cells import defuse
from underreport.report.model import ReconcileResult

CSV_COLUMNS = (
    "rank",
    "employer_id",
    "employer_name",
    "registered",
    "payroll_workers",
    "enrolled_workers",
    "unregistered_workers",
    "underreported_wage_workers",
    "wage_gap_idr",
    "monthly_contribution_gap_idr",
    "coverage_ratio",
    "severity",
    "enrolled_not_on_payroll",
    "not_reconcilable_workers",
    "reasons",
)


def to_json(result: ReconcileResult) -> str:
    return result.model_dump_json(indent=2)


def to_csv(result: ReconcileResult, delimiter: str = ",") -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=delimiter, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for e in result.employers:
        row = e.model_dump()
        row["reasons"] = " | ".join(e.reasons)
        writer.writerow([_cell(row[c]) for c in CSV_COLUMNS])
    return buf.getvalue()


def _cell(value: object) -> object:
    if isinstance(value, str):
        return defuse(value)
    return "" if value is None else value
