"""Link payroll workers to enrolments: exact NIK first, then the probable cascade.

Tier 1 is the exact NIK within the employer. What it leaves, on both sides,
goes to `cascade`; its pairs are applied with their tier and reason so
every probable match stays visible. Payroll rows without a NIK that keys
them (none, not 16 digits, or scientific text) take part too, and what is
still unmatched gets its verdict from `verdicts`: every worker leaves here
with a tier, a basis and a reason, or as not reconcilable with the reason.
"""

from __future__ import annotations

import polars as pl

from underreport.reconcile.cascade import cascade
from underreport.reconcile.verdicts import verdicts
from underreport.reconcile.workers import KEYED_NIK

PAY_COLUMNS = (
    "employer_id", "nik", "employer_name", "worker_name", "contribution_wage", "base_wage",
    "fixed_allowance", "payroll_rows", "nik_damaged", "work_status", "_file", "_sheet", "_row",
)  # fmt: skip
BASIS = {1: "nik", 2: "nik_damaged", 3: "nik_near", 4: "name"}
"""`match_basis` of a match at each tier."""


def link(
    workers: pl.DataFrame,
    unreconcilable: pl.DataFrame,
    enrolled: pl.DataFrame,
    strict: bool,
    lang: str = "en",
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Workers with `match_nik`, `match_tier`, `match_basis`, `match_reason`; and the unjudged.

    `workers` holds the keyed NIKs (`workers.payroll_workers`), `unreconcilable`
    the rest (`workers.unreconcilable`). A worker without a match has a null
    `match_nik`; the unjudged rows keep their `match_reason`. Reasons are in `lang`.
    """
    keys = ["employer_id", "nik"]
    marked = workers.lazy().join(
        enrolled.lazy().select(*keys, pl.lit(True).alias("_exact")), on=keys, how="left"
    ).with_columns(pl.col("_exact").fill_null(False))  # fmt: skip
    born = "birth_date" in workers.columns and "birth_date" in unreconcilable.columns
    columns = (*PAY_COLUMNS, "birth_date") if born else PAY_COLUMNS
    left_plan = pl.concat(
        [
            marked.filter(~pl.col("_exact")).select(columns),
            unreconcilable.lazy().select(columns),
        ],
        how="vertical_relaxed",
    ).with_row_index("pay_id")
    employers = pl.concat(
        [workers.lazy().select("employer_id"), unreconcilable.lazy().select("employer_id")]
    )
    spare_plan = (
        enrolled.lazy()
        .join(employers.unique(), on="employer_id", how="semi")
        .join(workers.lazy().select(keys), on=keys, how="anti")
        .with_row_index("enr_id")
    )
    exact, left, spare = pl.collect_all(
        [marked.filter(pl.col("_exact")).select(PAY_COLUMNS), left_plan, spare_plan]
    )
    left = left.with_columns(pl.col("pay_id").cast(pl.Int64))
    pairs = cascade(
        left.select(
            "employer_id", "pay_id", "nik", pl.col("nik_damaged").fill_null(False), "worker_name",
            pl.col("birth_date") if born else pl.lit(None, pl.Date).alias("birth_date"),
        ),
        spare.select(
            "employer_id", pl.col("enr_id").cast(pl.Int64), "nik",
            (pl.col("nik_damaged").fill_null(False) if "nik_damaged" in spare.columns
             else pl.lit(False).alias("nik_damaged")),
            pl.col("enrolled_name").alias("worker_name"),
            "birth_date",
        ),
        strict=strict, lang=lang,
    )  # fmt: skip
    judged = verdicts(
        left.join(pairs.select("pay_id"), on="pay_id", how="anti"), enrolled, strict, lang
    ).vstack(
        pairs.select(
            "pay_id", "match_tier",
            pl.col("match_tier").replace_strict(BASIS, return_dtype=pl.String).alias("match_basis"),
            "match_reason",
        )
    )  # fmt: skip
    linked = (
        left.join(judged, on="pay_id", how="left")
        .join(pairs.select("pay_id", "enr_id"), on="pay_id", how="left")
        .join(
            spare.select(pl.col("enr_id").cast(pl.Int64), pl.col("nik").alias("match_nik")),
            on="enr_id",
            how="left",
        )
    )
    out = pl.concat(
        [
            exact.with_columns(
                pl.col("nik").alias("match_nik"),
                pl.lit(1, pl.Int8).alias("match_tier"),
                pl.lit("nik").alias("match_basis"),
                pl.lit(None, pl.String).alias("match_reason"),
            ),
            linked.filter(pl.col("match_basis").is_not_null())
            .with_columns(pl.when(KEYED_NIK).then(pl.coalesce("match_nik", "nik"))
                          .otherwise(pl.col("match_nik")).alias("match_nik"))
            .select(*PAY_COLUMNS, "match_nik", "match_tier", "match_basis", "match_reason"),
        ],
        how="vertical_relaxed",
    )  # fmt: skip
    unlinked = linked.filter(pl.col("match_basis").is_null()).select(*PAY_COLUMNS, "match_reason")
    return out, unlinked
