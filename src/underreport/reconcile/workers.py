"""Worker-level matching of one period's payroll against the enrolment export.

Workers are matched within an employer (NPP) on the normalised NIK. A
payroll worker without a usable NIK is never called unregistered: it is
counted as not reconcilable, because accusing an employer on a typo is
worse than missing one case.
"""

from __future__ import annotations

import polars as pl

from underreport.rules import PeriodRules, contribution_expr

VALID_NIK = pl.col("nik").str.contains(r"^\d{16}$").fill_null(False)
EMPLOYER_KEY = pl.coalesce(
    pl.col("employer_id"),
    pl.lit("NAME:") + pl.col("employer_name").str.to_uppercase().str.replace_all(r"[^A-Z0-9]", ""),
).alias("employer_id")


def payroll_workers(payroll: pl.LazyFrame, period: str) -> pl.LazyFrame:
    """One row per (employer, NIK) on the period's payroll; duplicates collapsed."""
    rows = payroll.filter(pl.col("period") == period).with_columns(EMPLOYER_KEY)
    return (
        rows.filter(VALID_NIK)
        .group_by("employer_id", "nik")
        .agg(
            pl.col("employer_name").drop_nulls().first(),
            pl.col("worker_name").drop_nulls().first(),
            pl.col("contribution_wage").max(),
            pl.col("base_wage").max(),
            pl.col("fixed_allowance").max(),
            pl.len().alias("payroll_rows"),
            pl.col("_file").first(),
            pl.col("_sheet").first(),
            pl.col("_row").first(),
        )
    )


def unreconcilable(payroll: pl.LazyFrame, period: str) -> pl.LazyFrame:
    return payroll.filter((pl.col("period") == period) & ~VALID_NIK).with_columns(EMPLOYER_KEY)


def enrolment_by_worker(enrollment: pl.LazyFrame) -> pl.LazyFrame:
    """One row per (employer, NIK): active if any record is; the wage of the active record."""
    return (
        enrollment.filter(VALID_NIK & pl.col("employer_id").is_not_null())
        .group_by("employer_id", "nik")
        .agg(
            pl.col("active").any().alias("active"),
            pl.col("reported_wage").filter(pl.col("active")).max().alias("reported_wage"),
            pl.col("worker_name").drop_nulls().first().alias("enrolled_name"),
            pl.col("kpj").drop_nulls().first(),
            pl.col("programs").drop_nulls().first(),
            pl.col("enrolled_on").min(),
        )
    )


def match(
    workers: pl.LazyFrame,
    enrolled: pl.LazyFrame,
    rules: PeriodRules,
    tolerance: float,
    risk_classes: dict[str, int] | None = None,
) -> pl.LazyFrame:
    """Classify each payroll worker and price what is missing.

    JKK uses the employer's risk class where known, else class I: the
    lowest rate, so an unknown class never overstates what is owed.
    """
    cw, rw = pl.col("contribution_wage"), pl.col("reported_wage")
    classes = pl.LazyFrame(
        {"employer_id": list(risk_classes or {}),
         "jkk_rate": [rules.jkk_rate(c) for c in (risk_classes or {}).values()]},
        schema={"employer_id": pl.String, "jkk_rate": pl.Float64},
    )  # fmt: skip
    jkk = pl.col("jkk_rate")
    registered = (
        enrolled.select("employer_id")
        .unique()
        .with_columns(pl.lit(True).alias("employer_registered"))
    )
    active = pl.col("active").fill_null(False)
    under = active & (rw < cw * (1 - tolerance))
    return (
        workers.join(enrolled, on=["employer_id", "nik"], how="left")
        .join(registered, on="employer_id", how="left")
        .join(classes, on="employer_id", how="left")
        .with_columns(
            pl.col("jkk_rate").fill_null(rules.jkk_rate(1)),
            pl.when(pl.col("active").is_not_null()).then(pl.lit(1, pl.Int8)).alias("match_tier"),
            pl.col("employer_registered").fill_null(False),
            (~active).alias("unregistered"),
            pl.col("active").is_not_null().alias("enrolled_any"),
            under.fill_null(False).alias("underreported"),
        )
        .with_columns(
            pl.when(pl.col("unregistered"))
            .then(cw)
            .when(pl.col("underreported"))
            .then(cw - rw)
            .otherwise(0.0)
            .fill_null(0.0)
            .alias("wage_gap"),
            pl.when(pl.col("unregistered"))
            .then(contribution_expr(cw, rules, jkk))
            .when(pl.col("underreported"))
            .then(contribution_expr(cw, rules, jkk) - contribution_expr(rw, rules, jkk))
            .otherwise(0.0)
            .fill_null(0.0)
            .alias("contribution_gap"),
            pl.when(pl.col("unregistered") & pl.col("enrolled_any"))
            .then(pl.lit("UNREGISTERED_INACTIVE"))
            .when(pl.col("unregistered"))
            .then(pl.lit("UNREGISTERED"))
            .when(pl.col("underreported"))
            .then(pl.lit("WAGE_UNDERREPORTED"))
            .otherwise(pl.lit(None, pl.String))
            .alias("finding"),
        )
    )


def enrolled_not_on_payroll(
    enrolled: pl.LazyFrame, workers: pl.LazyFrame, employers: pl.LazyFrame
) -> pl.LazyFrame:
    """Active enrolments of inspected employers with no payroll row that period."""
    return (
        enrolled.filter(pl.col("active"))
        .join(employers, on="employer_id", how="semi")
        .join(workers, on=["employer_id", "nik"], how="anti")
    )
