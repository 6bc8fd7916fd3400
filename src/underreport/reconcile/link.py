"""Link payroll workers to enrolments: exact NIK first, then the probable cascade.

Tier 1 is the exact NIK within the employer. What it leaves, on both sides,
goes to `cascade`; its pairs are applied with their tier and reason so
every probable match stays visible. Payroll rows without a usable NIK take
part too: a name-only match makes them reconcilable, never silently.
"""

from __future__ import annotations

import polars as pl

from underreport.reconcile.cascade import cascade

PAY_COLUMNS = (
    "employer_id", "nik", "employer_name", "worker_name", "contribution_wage", "base_wage",
    "fixed_allowance", "payroll_rows", "nik_damaged", "work_status", "_file", "_sheet", "_row",
)  # fmt: skip


def link(
    workers: pl.DataFrame, unreconcilable: pl.DataFrame, enrolled: pl.DataFrame, strict: bool
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Workers with `match_nik`, `match_tier`, `match_reason`; and the rows still unlinked."""
    keys = ["employer_id", "nik"]
    # A NIK shown in scientific notation lost digits: never an exact key, only tier 2.
    damaged = pl.col("nik_damaged").fill_null(False)
    marked = (
        workers.lazy()
        .join(enrolled.lazy().select(*keys, pl.lit(True).alias("_exact")), on=keys, how="left")
        .with_columns((pl.col("_exact").fill_null(False) & ~damaged).alias("_exact"))
    )
    unrec = unreconcilable.lazy().with_columns(pl.lit(1, pl.UInt32).alias("payroll_rows"))
    left_plan = pl.concat(
        [marked.filter(~pl.col("_exact")).select(PAY_COLUMNS), unrec.select(PAY_COLUMNS)],
        how="vertical_relaxed",
    ).with_row_index("pay_id")
    employers = pl.concat([workers.lazy().select("employer_id"), unrec.select("employer_id")])
    spare_plan = (
        enrolled.lazy()
        .join(employers.unique(), on="employer_id", how="semi")
        .join(workers.lazy().select(keys), on=keys, how="anti")
        .with_row_index("enr_id")
    )
    exact, left, spare = pl.collect_all(
        [marked.filter(pl.col("_exact")).select(PAY_COLUMNS), left_plan, spare_plan]
    )
    pairs = cascade(
        left.select(
            "employer_id", pl.col("pay_id").cast(pl.Int64), "nik",
            pl.col("nik_damaged").fill_null(False), "worker_name",
            pl.lit(None, pl.Date).alias("birth_date"),
        ),
        spare.select(
            "employer_id", pl.col("enr_id").cast(pl.Int64), "nik",
            pl.lit(False).alias("nik_damaged"), pl.col("enrolled_name").alias("worker_name"),
            "birth_date",
        ),
        strict=strict,
    )  # fmt: skip
    linked = (
        left.lazy()
        .with_columns(pl.col("pay_id").cast(pl.Int64))
        .join(pairs.lazy().drop("employer_id"), on="pay_id", how="left")
        .join(
            spare.lazy().select(pl.col("enr_id").cast(pl.Int64), pl.col("nik").alias("match_nik")),
            on="enr_id",
            how="left",
        )
    )
    valid = pl.col("nik").str.contains(r"^\d{16}$").fill_null(False) & ~damaged
    out, still = pl.collect_all([
        pl.concat(
            [
                exact.lazy().with_columns(
                    pl.col("nik").alias("match_nik"),
                    pl.lit(1, pl.Int8).alias("match_tier"),
                    pl.lit(None, pl.String).alias("match_reason"),
                ),
                linked.filter(pl.col("match_tier").is_not_null() | valid)
                .with_columns(pl.coalesce("match_nik", "nik").alias("match_nik"))
                .select(*PAY_COLUMNS, "match_nik", "match_tier", "match_reason"),
            ],
            how="vertical_relaxed",
        ),
        linked.filter(pl.col("match_tier").is_null() & ~valid).select(PAY_COLUMNS),
    ])  # fmt: skip
    unlinked = pl.concat([unreconcilable, workers.filter(damaged)], how="diagonal_relaxed").join(
        still.select("_file", "_sheet", "_row"), on=["_file", "_sheet", "_row"], how="semi",
        nulls_equal=True,
    )  # fmt: skip
    return out, unlinked
