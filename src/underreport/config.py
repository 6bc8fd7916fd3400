"""Options of a reconciliation, as one Pydantic model.

The CLI and (later) a config file fill the same model, so a command's
parameter list does not grow with every tolerance.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field


class SeverityThresholds(BaseModel):
    """When an employer's case is `high` or `medium` (else `low`)."""

    model_config = ConfigDict(extra="forbid")
    high_coverage_below: float = Field(0.5, ge=0, le=1)
    high_gap_idr: float = Field(10_000_000, ge=0)
    medium_coverage_below: float = Field(0.9, ge=0, le=1)
    medium_gap_idr: float = Field(1_000_000, ge=0)


class ReconcileOptions(BaseModel):
    model_config = ConfigDict(extra="forbid")
    period: str | None = Field(None, pattern=r"^\d{4}-(0[1-9]|1[0-2])$")
    wage_tolerance: float = Field(
        0.01, ge=0, lt=1, description="Reported wage may fall this share short before it counts."
    )
    severity: SeverityThresholds = Field(default_factory=SeverityThresholds)
    rules_file: Path | None = None
