"""Machine-readable renderings of the result: JSON contract and CSV ranking."""

from __future__ import annotations

import csv
import io
from typing import TextIO

from underreport.model.result import Frozen, ReconcileResult
from underreport.report.export.cells import defuse

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


def write_json(result: ReconcileResult, out: TextIO) -> None:
    """The same text as `to_json`, written list item by list item.

    A national run lists hundreds of thousands of employers: the document
    as one string, and its encoded copy, would double the memory the
    result already holds.
    """
    lists = ("employers", "data_quality")
    head = result.model_copy(update={k: [] for k in lists}).model_dump_json(indent=2)
    rest = head
    for name in lists:
        marker = f'\n  "{name}": []'
        before, found, rest = rest.partition(marker)
        if not found:  # pragma: no cover - the contract always has both lists
            raise ValueError(f"no {name} list in the result")
        out.write(before)
        items: list[Frozen] = getattr(result, name)
        if not items:
            out.write(marker)
            continue
        out.write(f'\n  "{name}": [')
        for i, item in enumerate(items):
            text = item.model_dump_json(indent=2).replace("\n", "\n    ")
            out.write(("," if i else "") + "\n    " + text)
        out.write("\n  ]")
    out.write(rest)


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
