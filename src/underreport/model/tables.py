"""The canonical tables that flow between the stages, declared once.

Readers map a file's headers onto `INPUT_FIELDS`; the config file's
`[aliases]` is checked against the same names, so a field known to the
readers and one accepted in the config cannot differ.
"""

from __future__ import annotations

from typing import Literal

InputKind = Literal["payroll", "enrollment", "employers", "declarations", "notices"]

_COMMON = ("employer_id", "employer_name", "npwp", "nik", "worker_name")

INPUT_FIELDS: dict[str, tuple[str, ...]] = {
    "payroll": (*_COMMON, "employee_no", "period", "base_wage", "fixed_allowance",
                "fixed_allowance_part", "contribution_wage", "work_status", "daily_wage"),
    "enrollment": (*_COMMON, "kpj", "birth_date", "reported_wage", "programs", "jkk", "jkm",
                   "jht", "jp", "active", "enrolled_on", "inactive_on", "period"),
    "employers": (*_COMMON, "size", "risk_class", "province", "regency", "industry"),
    "declarations": (*_COMMON, "nib", "headcount", "headcount_male", "headcount_female",
                     "wage_bill", "period"),
}  # fmt: skip
"""Canonical fields a header can be mapped to, per kind of input file."""
