"""Per-employer figures, severity and the sentences an inspector reads out."""

from __future__ import annotations

from typing import Any

import polars as pl

from underreport.config import SeverityThresholds
from underreport.fmt import idr, month_label, plural
from underreport.report.model import EmployerFinding, Severity


def aggregate(
    workers: pl.LazyFrame,
    unreconcilable: pl.LazyFrame,
    enrolled: pl.LazyFrame,
    not_on_payroll: pl.LazyFrame,
) -> pl.LazyFrame:
    """One row per employer on the payroll with every count the report needs."""
    per = workers.group_by("employer_id").agg(
        pl.col("employer_name").drop_nulls().first(),
        pl.len().alias("reconcilable"),
        pl.col("employer_registered").any().alias("registered"),
        (~pl.col("unregistered")).sum().alias("covered"),
        pl.col("unregistered").sum().alias("unregistered_workers"),
        (pl.col("finding") == "UNREGISTERED_INACTIVE").sum().alias("inactive_workers"),
        pl.col("underreported").sum().alias("underreported_wage_workers"),
        pl.col("wage_gap").filter(pl.col("underreported")).sum().alias("underreported_amount"),
        pl.col("wage_gap").sum().alias("wage_gap_idr"),
        pl.col("contribution_gap").sum().alias("monthly_contribution_gap_idr"),
    )
    nr = unreconcilable.group_by("employer_id").agg(
        pl.col("employer_name").drop_nulls().first().alias("nr_name"),
        pl.len().alias("not_reconcilable_workers"),
    )
    active = (
        enrolled.filter(pl.col("active"))
        .group_by("employer_id")
        .agg(pl.len().alias("enrolled_workers"))
    )
    any_enrolment = (
        enrolled.select("employer_id").unique().with_columns(pl.lit(True).alias("has_enrolment"))
    )
    gone = not_on_payroll.group_by("employer_id").agg(pl.len().alias("enrolled_not_on_payroll"))
    counts = [
        "reconcilable",
        "covered",
        "unregistered_workers",
        "inactive_workers",
        "underreported_wage_workers",
        "not_reconcilable_workers",
        "enrolled_workers",
        "enrolled_not_on_payroll",
    ]
    return (
        per.join(nr, on="employer_id", how="full", coalesce=True)
        .join(active, on="employer_id", how="left")
        .join(any_enrolment, on="employer_id", how="left")
        .join(gone, on="employer_id", how="left")
        .with_columns(
            pl.coalesce("employer_name", "nr_name").alias("employer_name"),
            pl.col("has_enrolment").fill_null(False).alias("registered"),
            *[pl.col(c).fill_null(0).cast(pl.Int64) for c in counts],
            *[
                pl.col(c).fill_null(0.0)
                for c in ("wage_gap_idr", "monthly_contribution_gap_idr", "underreported_amount")
            ],
        )
        .with_columns(
            (pl.col("reconcilable") + pl.col("not_reconcilable_workers")).alias("payroll_workers"),
            pl.when(pl.col("reconcilable") > 0)
            .then(pl.col("covered") / pl.col("reconcilable"))
            .otherwise(None)
            .alias("coverage_ratio"),
        )
        .drop("nr_name", "has_enrolment")
    )


def severity(row: dict[str, Any], t: SeverityThresholds) -> Severity:
    cov, gap = row["coverage_ratio"], row["monthly_contribution_gap_idr"]
    if (
        not row["registered"]
        or (cov is not None and cov < t.high_coverage_below)
        or (gap >= t.high_gap_idr)
    ):
        return "high"
    if (cov is not None and cov < t.medium_coverage_below) or gap >= t.medium_gap_idr:
        return "medium"
    return "low"


ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV", 5: "V"}


def jkk_note(risk_class: int | None) -> str:
    if risk_class is None:
        return "JKK at class I, the lowest rate, as the risk class is unknown: a lower bound"
    return f"JKK at risk class {ROMAN[risk_class]}"


def reasons(row: dict[str, Any], period: str, jkk: str) -> list[str]:
    month = month_label(period)
    out: list[str] = []
    n, unreg = row["reconcilable"], row["unregistered_workers"]
    if not row["registered"]:
        out.append(
            f"No enrolment at all under employer {row['employer_id']}: the employer appears "
            f"unregistered (PWBD); all {plural(row['payroll_workers'], 'worker')} on the "
            f"{month} payroll are uncovered."
        )
    elif unreg:
        inactive = row["inactive_workers"]
        detail = f" ({inactive} enrolled but non-active)" if inactive else ""
        out.append(
            f"{unreg} of {n} workers on the {month} payroll have no active enrolment{detail}."
        )
    if row["underreported_wage_workers"]:
        k = row["underreported_wage_workers"]
        out.append(
            f"{plural(k, 'worker is', 'workers are')} enrolled with a wage below what the payroll "
            f"pays: {idr(row['underreported_amount'])} a month unreported in total."
        )
    if row["monthly_contribution_gap_idr"] > 0:
        out.append(
            f"Estimated contributions not paid: {idr(row['monthly_contribution_gap_idr'])} "
            f"a month ({jkk})."
        )
    if row["enrolled_not_on_payroll"]:
        out.append(
            plural(row["enrolled_not_on_payroll"], "active enrolment does", "active enrolments do")
            + f" not appear on the {month} payroll (former workers or ghost entries); "
            "not counted in the gap."
        )
    if row["not_reconcilable_workers"]:
        out.append(
            plural(row["not_reconcilable_workers"], "payroll worker has", "payroll workers have")
            + " no usable NIK and could not be checked; not counted as unregistered."
        )
    return out


def findings(
    employers: pl.DataFrame, period: str, t: SeverityThresholds, risk_classes: dict[str, int]
) -> list[EmployerFinding]:
    flagged = employers.filter(
        (pl.col("unregistered_workers") > 0)
        | (pl.col("underreported_wage_workers") > 0)
        | ~pl.col("registered")
    ).sort(
        ["monthly_contribution_gap_idr", "unregistered_workers", "employer_id"],
        descending=[True, True, False],
    )
    out = []
    for rank, row in enumerate(flagged.iter_rows(named=True), start=1):
        out.append(
            EmployerFinding(
                rank=rank,
                employer_id=row["employer_id"],
                employer_name=row["employer_name"],
                registered=row["registered"],
                payroll_workers=row["payroll_workers"],
                enrolled_workers=row["enrolled_workers"],
                unregistered_workers=row["unregistered_workers"],
                underreported_wage_workers=row["underreported_wage_workers"],
                wage_gap_idr=round(row["wage_gap_idr"]),
                monthly_contribution_gap_idr=round(row["monthly_contribution_gap_idr"]),
                coverage_ratio=None
                if row["coverage_ratio"] is None
                else round(row["coverage_ratio"], 4),
                severity=severity(row, t),
                reasons=reasons(row, period, jkk_note(risk_classes.get(row["employer_id"]))),
                enrolled_not_on_payroll=row["enrolled_not_on_payroll"],
                not_reconcilable_workers=row["not_reconcilable_workers"],
            )
        )
    return out
