"""Per-employer figures, severity and the sentences an inspector reads out."""

from __future__ import annotations

from typing import Any

import polars as pl

from underreport.config import SeverityThresholds
from underreport.fmt import idr, month_label, plural
from underreport.report.model import EmployerFinding, Severity

DEFAULTS_ALL = ["risk_class", "size", "region"]
PROGRAM_ORDER = {"JKK": 0, "JKM": 1, "JHT": 2, "JP": 3}


def _declaration_reasons(row: dict[str, Any], jkk: str) -> list[str]:
    out = []
    if not row["registered"]:
        out.append("No enrolment at all under this NPP, though the employer declares workers.")
    if row["headcount_gap"]:
        out.append(
            f"Declares {row['declared_workers']} workers (WLKP) but only "
            f"{row['enrolled_workers']} are actively enrolled: {row['headcount_gap']} missing."
        )
    if row["wage_bill_gap_idr"]:
        out.append(
            f"Declares a wage bill of {idr(row['declared_wage_bill'])} a month but reports "
            f"{idr(row['reported_wage_bill'])} to BPJS."
        )
    if row["monthly_contribution_gap_idr"] > 0:
        basis = "average reported wage" if row["average_wage"] else "minimum wage"
        out.append(
            f"Estimated contributions not paid: {idr(row['monthly_contribution_gap_idr'])} "
            f"a month, an estimate from the declared headcount at the employer's {basis} "
            f"(no payroll seen; {jkk})."
        )
    return out


def ordered(programs: list[str]) -> list[str]:
    return sorted(programs, key=lambda p: PROGRAM_ORDER.get(p, 9))


def aggregate(
    workers: pl.LazyFrame,
    unreconcilable: pl.LazyFrame,
    enrolled: pl.LazyFrame,
    not_on_payroll: pl.LazyFrame,
    months: pl.LazyFrame,
    lateness: pl.DataFrame,
) -> pl.LazyFrame:
    """One row per employer on the payroll with every count the report needs.

    `workers` is the latest month; `months` every month reconciled (for
    arrears), `lateness` each month's months late and fine rate.
    """
    arrears = (
        months.join(lateness.lazy(), on="period", how="left")
        .group_by("employer_id")
        .agg(
            pl.col("period").filter(pl.col("contribution_gap") > 0).n_unique()
            .alias("months_affected"),
            pl.col("contribution_gap").sum().alias("arrears_principal_idr"),
            (pl.col("contribution_gap") * pl.col("fine_rate") * pl.col("months_late")).sum()
            .alias("late_fine_idr"),
        )
    )  # fmt: skip
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
        pl.col("program_missing").sum().alias("program_missing_workers"),
        *[(pl.col("match_tier") == t).sum().alias(f"tier{t}") for t in (2, 3, 4)],
        pl.col("below_minimum_reported").sum().alias("below_minimum_wage_workers"),
        pl.col("below_minimum_paid").sum().alias("below_minimum_paid_workers"),
        pl.col("below_minimum_indicated").sum().alias("below_minimum_indicated"),
        pl.col("missing_programs").explode().drop_nulls().unique().alias("missing_programs"),
        pl.col("min_wage_basis").drop_nulls().first(),
        pl.col("min_wage").drop_nulls().first(),
        pl.col("defaults_used").drop_nulls().first(),
        pl.col("size").drop_nulls().first(),
        pl.col("risk_class").drop_nulls().first(),
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
        "program_missing_workers",
        "below_minimum_wage_workers",
        "below_minimum_paid_workers",
        "below_minimum_indicated",
        "months_affected",
        "tier2",
        "tier3",
        "tier4",
    ]
    return (
        per.join(nr, on="employer_id", how="full", coalesce=True)
        .join(active, on="employer_id", how="left")
        .join(any_enrolment, on="employer_id", how="left")
        .join(gone, on="employer_id", how="left")
        .join(arrears, on="employer_id", how="left")
        .with_columns(
            pl.coalesce("employer_name", "nr_name").alias("employer_name"),
            pl.col("has_enrolment").fill_null(False).alias("registered"),
            *[pl.col(c).fill_null(0).cast(pl.Int64) for c in counts],
            *[
                pl.col(c).fill_null(0.0)
                for c in (
                    "wage_gap_idr",
                    "monthly_contribution_gap_idr",
                    "underreported_amount",
                    "arrears_principal_idr",
                    "late_fine_idr",
                )
            ],
            pl.col("defaults_used").fill_null(pl.lit(DEFAULTS_ALL)),
            pl.col("missing_programs").fill_null(pl.lit([], pl.List(pl.String))),
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


_DEFAULTS: dict[str, tuple[pl.DataType, object]] = {
    "declared_workers": (pl.Int64(), None),
    "headcount_gap": (pl.Int64(), 0),
    "wage_bill_gap_idr": (pl.Float64(), 0.0),
    "estimate_basis": (pl.String(), "payroll"),
    "average_wage": (pl.Float64(), None),
    "estimate_wage": (pl.Float64(), None),
    "linked_by": (pl.String(), None),
    "payroll_employer_id": (pl.String(), None),
    "probable_employer_id": (pl.String(), None),
}
_ZERO_COUNTS = (
    "reconcilable", "covered", "unregistered_workers", "inactive_workers",
    "underreported_wage_workers", "not_reconcilable_workers", "enrolled_not_on_payroll",
    "program_missing_workers", "below_minimum_wage_workers", "below_minimum_paid_workers",
    "below_minimum_indicated", "months_affected", "payroll_workers", "tier2", "tier3", "tier4",
)  # fmt: skip


def complete(employers: pl.DataFrame) -> pl.DataFrame:
    """Every column findings() reads, with neutral values where a source lacks it."""
    out = employers.with_columns(
        pl.lit(v, t).alias(c) for c, (t, v) in _DEFAULTS.items() if c not in employers.columns
    )
    return out.with_columns(
        *[pl.col(c).fill_null(0) for c in _ZERO_COUNTS if c in out.columns],
        *[pl.col(c).fill_null(0.0) for c in ("underreported_amount", "arrears_principal_idr",
                                              "late_fine_idr") if c in out.columns],
        pl.col("headcount_gap").fill_null(0),
        pl.col("wage_bill_gap_idr").fill_null(0.0),
        pl.col("estimate_basis").fill_null("payroll"),
        pl.col("defaults_used").fill_null(pl.lit(DEFAULTS_ALL)),
        pl.col("missing_programs").fill_null(pl.lit([], pl.List(pl.String))),
    )  # fmt: skip


def understates(row: dict[str, Any]) -> bool:
    declared = row["declared_workers"]
    return (
        row["estimate_basis"] == "payroll"
        and declared is not None
        and (declared < row["payroll_workers"])
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


def reasons(row: dict[str, Any], period: str, jkk: str, months: int = 1) -> list[str]:
    month = month_label(period)
    out: list[str] = []
    if row["estimate_basis"] == "declaration":
        return _declaration_reasons(row, jkk)
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
    if row["program_missing_workers"]:
        size = f"a {row['size']} enterprise" if row["size"] else "every employer"
        out.append(
            plural(row["program_missing_workers"], "enrolled worker lacks", "enrolled workers lack")
            + f" {', '.join(ordered(row['missing_programs']))}, required of "
            f"{size} (Perpres 109/2013)."
        )
    if row["below_minimum_wage_workers"]:
        out.append(
            f"{plural(row['below_minimum_wage_workers'], 'worker is', 'workers are')} reported "
            f"below the minimum wage ({row['min_wage_basis']}: {idr(row['min_wage'])})."
        )
    if row["below_minimum_paid_workers"]:
        out.append(
            f"{plural(row['below_minimum_paid_workers'], 'worker is', 'workers are')} paid below "
            f"the minimum wage ({row['min_wage_basis']}: {idr(row['min_wage'])}) on the payroll."
        )
    if row["below_minimum_indicated"]:
        out.append(
            f"{plural(row['below_minimum_indicated'], 'worker is', 'workers are')} below the "
            "minimum wage of the province that issued their NIK: only an indication, as the "
            "employer's region is unknown (give it with --employers)."
        )
    if months > 1 and row["arrears_principal_idr"] > 0:
        out.append(
            f"Arrears over {plural(row['months_affected'], 'month')}: "
            f"{idr(row['arrears_principal_idr'])}, plus {idr(row['late_fine_idr'])} late fine "
            "(2 % a month)."
        )
    probable = [
        (row["tier2"], "by a NIK damaged by Excel"),
        (row["tier3"], "by a NIK one digit off"),
        (row["tier4"], "by name only"),
    ]
    if any(n for n, _ in probable):
        parts = ", ".join(f"{plural(n, 'worker')} {how}" for n, how in probable if n)
        out.append(
            f"Probable matches, not exact: {parts}. Check them before acting on this employer."
        )
    if row["linked_by"] == "npwp":
        out.append(
            f"Found in the enrolment export under NPP {row['employer_id']} by its NPWP "
            f"(the payroll gave {row['payroll_employer_id']})."
        )
    if row["probable_employer_id"]:
        out.append(
            f"The enrolment export has an employer of the same name under NPP "
            f"{row['probable_employer_id']}: probably the same employer. Not applied; check the "
            "NPP before acting."
        )
    if understates(row):
        out.append(
            f"Declares {row['declared_workers']} workers to the ministry (WLKP) but pays "
            f"{row['payroll_workers']} on its own {month} payroll: it under-declares too."
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
    employers: pl.DataFrame,
    period: str,
    t: SeverityThresholds,
    months: int = 1,
    ceiling: str = "",
) -> list[EmployerFinding]:
    flagged = employers.filter(
        (pl.col("unregistered_workers") > 0)
        | (pl.col("underreported_wage_workers") > 0)
        | (pl.col("program_missing_workers") > 0)
        | (pl.col("below_minimum_wage_workers") > 0)
        | (pl.col("arrears_principal_idr") > 0)
        | (pl.col("headcount_gap") > 0)
        | (pl.col("wage_bill_gap_idr") > 0)
        | (pl.col("declared_workers") < pl.col("payroll_workers")).fill_null(False)
        | (~pl.col("registered") & (pl.col("estimate_basis") == "payroll"))
    ).sort(
        ["monthly_contribution_gap_idr", "unregistered_workers", "employer_id"],
        descending=[True, True, False],
    )
    out = []
    for rank, row in enumerate(flagged.iter_rows(named=True), start=1):
        principal, fine = round(row["arrears_principal_idr"]), round(row["late_fine_idr"])
        # Every field is computed here from validated inputs: skip re-validation (22k employers
        # at a million rows made it a second of the run).
        out.append(
            EmployerFinding.model_construct(
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
                reasons=reasons(
                    row,
                    period,
                    "; ".join(x for x in (jkk_note(row["risk_class"]), ceiling) if x),
                    months,
                ),
                enrolled_not_on_payroll=row["enrolled_not_on_payroll"],
                not_reconcilable_workers=row["not_reconcilable_workers"],
                months_affected=row["months_affected"],
                arrears_principal_idr=principal,
                late_fine_idr=fine,
                arrears_total_idr=principal + fine,
                missing_programs=ordered(row["missing_programs"]),
                program_missing_workers=row["program_missing_workers"],
                below_minimum_wage_workers=row["below_minimum_wage_workers"],
                below_minimum_paid_workers=row["below_minimum_paid_workers"],
                minimum_wage_basis=row["min_wage_basis"],
                defaults_used=row["defaults_used"],
                declared_workers=row["declared_workers"],
                headcount_gap=row["headcount_gap"],
                wage_bill_gap_idr=round(row["wage_bill_gap_idr"]),
                estimate_basis=row["estimate_basis"],
                probable_matches=row["tier2"] + row["tier3"] + row["tier4"],
                linked_by=row["linked_by"] or "npp",
                probable_employer_id=row["probable_employer_id"],
                probable_by_tier={str(t): row[f"tier{t}"] for t in (2, 3, 4) if row[f"tier{t}"]},
            )
        )
    return out
