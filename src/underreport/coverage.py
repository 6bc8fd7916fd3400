"""Coverage by region, size or industry: active enrolled workers / workers known to exist.

Workers known to exist come from the payroll where there is one (workers
with a usable NIK), else from the employer's declared headcount. Regions
come from the employer reference data; without it, the province or regency
where most of the employer's workers' NIKs were issued stands in, marked
as a fallback.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

import polars as pl
from pydantic import BaseModel, ConfigDict, Field

from underreport import __version__
from underreport.ingest.load import Loaded
from underreport.model.result import SCHEMA_VERSION
from underreport.reconcile import Reconciliation

By = Literal["province", "regency", "employer-size", "industry"]
UNKNOWN = "unknown"


class CoverageRow(BaseModel):
    model_config = ConfigDict(frozen=True)
    group: str
    basis: str = Field(description="`reference`; `NIK` when taken from workers' NIKs; `unknown`.")
    employers: int
    known_workers: int
    covered_workers: int
    coverage_ratio: float | None
    monthly_contribution_gap_idr: int
    change: float | None = Field(
        None, description="Coverage now minus coverage in the previous run (--history)."
    )


class CoverageResult(BaseModel):
    model_config = ConfigDict(frozen=True)
    schema_version: int = SCHEMA_VERSION
    kind: Literal["coverage"] = "coverage"
    by: By
    period: str
    tool_version: str
    generated_at: datetime
    overall: CoverageRow
    groups: list[CoverageRow] = Field(description="Lowest coverage first.")


def _employers(rec: Reconciliation, loaded: Loaded) -> pl.DataFrame:
    """Per employer: known and covered workers, the gap, and the NIK region fallback."""
    payroll = rec.workers.group_by("employer_id").agg(
        pl.len().alias("known_workers"),
        (~pl.col("unregistered")).sum().alias("covered_workers"),
        pl.col("nik").str.slice(0, 2).mode().first().alias("nik_province"),
        pl.col("nik").str.slice(0, 4).mode().first().alias("nik_regency"),
    )
    gaps = pl.DataFrame(
        [(e.employer_id, e.monthly_contribution_gap_idr, e.declared_workers, e.enrolled_workers,
          e.estimate_basis) for e in rec.result.employers],
        schema={"employer_id": pl.String, "gap": pl.Int64, "declared": pl.Int64,
                "enrolled": pl.Int64, "basis": pl.String}, orient="row",
    )  # fmt: skip
    declared_only = gaps.filter(pl.col("basis") == "declaration").select(
        "employer_id",
        pl.col("declared").alias("known_workers"),
        pl.min_horizontal("enrolled", "declared").alias("covered_workers"),
    )
    rows = pl.concat([payroll, declared_only], how="diagonal_relaxed")
    return rows.join(gaps.select("employer_id", "gap"), on="employer_id", how="left").with_columns(
        pl.col("gap").fill_null(0)
    )


def _basis(group: str) -> str:
    return "NIK" if group.endswith("(NIK)") else UNKNOWN if group == UNKNOWN else "reference"


def coverage(rec: Reconciliation, loaded: Loaded, by: By = "province") -> CoverageResult:
    rows = _employers(rec, loaded)
    ref = loaded.employers
    column = {"province": "province", "regency": "regency", "employer-size": "size",
              "industry": "industry"}[by]  # fmt: skip
    if ref is not None and ref.height:
        rows = rows.join(ref.select("employer_id", column), on="employer_id", how="left")
    else:
        rows = rows.with_columns(pl.lit(None, pl.String).alias(column))
    fallback = {"province": "nik_province", "regency": "nik_regency"}.get(by)
    key = pl.col(column)
    if fallback:
        key = pl.coalesce(key, pl.col(fallback) + pl.lit(" (NIK)"))
    grouped = (
        rows.with_columns(key.fill_null(UNKNOWN).alias("group"))
        .group_by("group")
        .agg(
            pl.len().alias("employers"),
            pl.col("known_workers").sum(),
            pl.col("covered_workers").sum(),
            pl.col("gap").sum().alias("monthly_contribution_gap_idr"),
        )
        .with_columns(
            (pl.col("covered_workers") / pl.col("known_workers")).round(4).alias("coverage_ratio")
        )
        .sort("coverage_ratio", "group", nulls_last=True)
    )
    groups = [CoverageRow(basis=_basis(r["group"]), **r) for r in grouped.iter_rows(named=True)]
    known, covered = int(rows["known_workers"].sum()), int(rows["covered_workers"].sum())
    overall = CoverageRow(
        group="all", basis="all", employers=rows.height, known_workers=known,
        covered_workers=covered, coverage_ratio=round(covered / known, 4) if known else None,
        monthly_contribution_gap_idr=int(rows["gap"].sum()),
    )  # fmt: skip
    return CoverageResult(
        by=by, period=rec.result.period, tool_version=__version__,
        generated_at=datetime.now(UTC).replace(microsecond=0), overall=overall, groups=groups,
    )  # fmt: skip


def with_change(result: CoverageResult, db: Path) -> CoverageResult:
    """Record this run's groups in the case register and add the change since the last one."""
    from underreport.history.coverage import record_coverage

    rows = [*result.groups, result.overall]
    before = record_coverage(
        db, result.by, result.period, [(g.group, g.known_workers, g.covered_workers) for g in rows]
    )

    def changed(g: CoverageRow) -> CoverageRow:
        if g.group not in before or g.coverage_ratio is None:
            return g
        return g.model_copy(update={"change": round(g.coverage_ratio - before[g.group], 4)})

    return result.model_copy(
        update={"groups": [changed(g) for g in result.groups], "overall": changed(result.overall)}
    )
