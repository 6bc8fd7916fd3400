"""Employers known only from their headcount declaration (WLKP), and declarations that lie.

Without a payroll the gap is an estimate: missing workers at the employer's
average reported wage (the minimum wage where none is reported), and any
further shortfall of the declared wage bill at the same effective rate.
Findings built this way say so (`estimate_basis`).
"""

from __future__ import annotations

import polars as pl

from underreport.rules import PeriodRules, contribution_expr

HEADCOUNT_SLACK = 0.05
"""A declared headcount may exceed enrolments by this share (at least one worker)."""


def declaration_only(
    declarations: pl.DataFrame,
    enrolled: pl.LazyFrame,
    inspected: pl.DataFrame,
    attrs: pl.DataFrame,
    rules: PeriodRules,
) -> pl.LazyFrame:
    """Employer rows, shaped like the payroll aggregate, for declared-only employers."""
    active = (
        enrolled.filter(pl.col("active"))
        .group_by("employer_id")
        .agg(
            pl.len().alias("enrolled_workers"),
            pl.col("reported_wage").sum().alias("reported_wage_bill"),
            pl.col("reported_wage").mean().alias("average_wage"),
        )
    )
    any_enrolment = (
        enrolled.select("employer_id").unique().with_columns(pl.lit(True).alias("registered"))
    )
    declared = declarations.lazy().join(inspected.lazy(), on="employer_id", how="anti")
    rows = (
        declared.join(active, on="employer_id", how="left")
        .join(any_enrolment, on="employer_id", how="left")
        .join(attrs.lazy(), on="employer_id", how="left")
        .with_columns(
            pl.col("enrolled_workers").fill_null(0).cast(pl.Int64),
            pl.col("reported_wage_bill").fill_null(0.0),
            pl.col("registered").fill_null(False),
            pl.col("jkk_rate").fill_null(rules.jkk_rate(1)),
            pl.coalesce("average_wage", "min_wage").alias("estimate_wage"),
        )
    )
    gap_workers = pl.col("declared_workers") - pl.col("enrolled_workers")
    slack = pl.max_horizontal(pl.lit(1), (pl.col("declared_workers") * HEADCOUNT_SLACK).ceil())
    headcount_gap = pl.when(gap_workers > slack).then(gap_workers).otherwise(0).cast(pl.Int64)
    bill_gap = pl.col("declared_wage_bill") - pl.col("reported_wage_bill")
    bill_gap = pl.when(bill_gap > pl.col("declared_wage_bill") * 0.01).then(bill_gap).otherwise(0.0)
    per_worker = contribution_expr(pl.col("estimate_wage"), rules, pl.col("jkk_rate"))
    rate = per_worker / pl.col("estimate_wage")
    missing_wages = pl.col("headcount_gap") * pl.col("estimate_wage")
    extra = pl.max_horizontal(pl.col("wage_bill_gap_idr").fill_null(0.0) - missing_wages, 0.0)
    return rows.with_columns(
        headcount_gap.alias("headcount_gap"),
        bill_gap.alias("wage_bill_gap_idr"),
    ).with_columns(
        (pl.col("headcount_gap") * per_worker + extra * rate)
        .fill_null(0.0)
        .alias("monthly_contribution_gap_idr"),
        (missing_wages + extra).fill_null(0.0).alias("wage_gap_idr"),
        pl.lit("declaration").alias("estimate_basis"),
        (pl.col("enrolled_workers") / pl.col("declared_workers"))
        .clip(0, 1)
        .alias("coverage_ratio"),
    )


def understating(declarations: pl.DataFrame, payroll_workers: pl.DataFrame) -> pl.DataFrame:
    """Employers whose declaration counts fewer workers than their own payroll."""
    return (
        payroll_workers.join(declarations.select("employer_id", "declared_workers"),
                             on="employer_id", how="inner")
        .filter(pl.col("declared_workers") < pl.col("payroll_workers"))
        .select("employer_id", "declared_workers")
    )  # fmt: skip
