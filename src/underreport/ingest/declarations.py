"""Headcount declarations (the WLKP employment report): workers and wages per employer.

An employer is named by NPP, or by NPWP or NIB when the employer reference
data maps them to an NPP. Declared headcount is the total column, else the
sum of the men and women columns.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import polars as pl

from underreport.ingest import parse, simple

SCHEMA: dict[str, pl.DataType] = {
    "employer_id": pl.String(), "employer_name": pl.String(), "npwp": pl.String(),
    "nib": pl.String(), "declared_workers": pl.Int64(), "declared_wage_bill": pl.Float64(),
    "declared_period": pl.String(), "_file": pl.String(), "_sheet": pl.String(),
    "_row": pl.Int64(),
}  # fmt: skip


def load_declarations(paths: Sequence[Path], employers: pl.DataFrame | None = None) -> pl.DataFrame:
    def select(col: simple.Column) -> list[pl.Expr]:
        men, women = parse.money(col("headcount_male")), parse.money(col("headcount_female"))
        return [
            parse.npp(col("employer_id")).alias("employer_id"),
            col("employer_name").alias("employer_name"),
            col("npwp").str.replace_all(r"\D", "").alias("npwp"),
            col("nib").str.replace_all(r"\D", "").alias("nib"),
            pl.coalesce(parse.money(col("headcount")),
                        pl.when(men.is_not_null() | women.is_not_null())
                        .then(men.fill_null(0) + women.fill_null(0)))
            .cast(pl.Int64).alias("declared_workers"),
            parse.money(col("wage_bill")).alias("declared_wage_bill"),
            parse.period(col("period")).alias("declared_period"),
        ]  # fmt: skip

    frames = simple.read(paths, "declarations", select)
    if not frames:
        return pl.DataFrame(schema=SCHEMA)
    out = pl.concat(frames, how="vertical_relaxed").filter(pl.col("declared_workers").is_not_null())
    if employers is not None and employers.height:
        by_npwp = employers.select(pl.col("npwp"), pl.col("employer_id").alias("_by_npwp"))
        out = out.join(by_npwp.filter(pl.col("npwp").is_not_null()), on="npwp", how="left")
        out = out.with_columns(pl.coalesce("employer_id", "_by_npwp").alias("employer_id"))
    out = out.filter(pl.col("employer_id").is_not_null())
    # The latest declaration of each employer counts.
    return (
        out.sort("declared_period", nulls_last=False)
        .unique("employer_id", keep="last", maintain_order=True)
        .select([pl.col(c).cast(t) for c, t in SCHEMA.items()])
    )
