"""The screening result: employers ranked by explainable red flags, no payroll needed."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import Field

from underreport.model.result import SCHEMA_VERSION, DataQualityIssue, Frozen, InputFile

FlagCode = Literal[
    "MINIMUM_WAGE_PATTERN", "STAGNANT_WAGES", "PROGRAM_MISSING", "HEADCOUNT_GAP",
    "ENROLMENT_DROP", "ENROLLED_AFTER_NOTICE",
]  # fmt: skip


YearBasis = Literal["year", "as_of", "file", "today"]
"""Where the minimum-wage year came from: `--year`, `--as-of`, the file's own month, today."""


class Flag(Frozen):
    code: FlagCode
    weight: float
    strength: float = Field(description="0-1: how strongly the signal shows (usually a share).")
    score: float = Field(description="weight x strength: this flag's part of the total.")
    reason: str


class ScreenedEmployer(Frozen):
    rank: int
    employer_id: str
    employer_name: str | None
    active_workers: int
    declared_workers: int | None
    previous_active_workers: int | None
    score: float
    flags: list[Flag]


class ScreenResult(Frozen):
    schema_version: int = SCHEMA_VERSION
    kind: Literal["screen"] = "screen"
    year: int = Field(description="Year whose minimum wages the export was judged against.")
    as_of: date | None = Field(
        None, description="The export's as-of date: --as-of, else the file's month end, else today."
    )
    year_basis: YearBasis = Field(
        "as_of", description="Where `year` came from: year (--year), as_of, file or today."
    )
    tool_version: str
    rules_version: str
    generated_at: datetime
    weights: dict[str, float]
    inputs: list[InputFile]
    employers_screened: int
    employers: list[ScreenedEmployer] = Field(description="Employers with a score, highest first.")
    data_quality: list[DataQualityIssue]
