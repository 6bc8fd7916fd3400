"""Reconcile loaded payroll and enrolment into a ranked, explained result."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import polars as pl

from underreport import __version__
from underreport.config import ReconcileOptions
from underreport.errors import InputError, UsageError
from underreport.ingest.checks import cross_row_issues
from underreport.ingest.load import Loaded
from underreport.reconcile import employers as emp
from underreport.reconcile import workers as wk
from underreport.report.model import DataQualityIssue, ReconcileResult, Summary
from underreport.rules import load_rules

JKK_NOTE = (
    "JKK at the employer's risk class where given, else at class I, the lowest rate: "
    "those figures are lower bounds"
)


@dataclass
class Reconciliation:
    """The result contract plus the worker-level detail behind it."""

    result: ReconcileResult
    workers: pl.DataFrame
    not_on_payroll: pl.DataFrame
    unreconcilable: pl.DataFrame


def choose_period(payroll: pl.DataFrame, wanted: str | None) -> tuple[str, bool]:
    present = sorted(p for p in payroll["period"].unique().to_list() if p)
    if not present:
        raise InputError("the payroll files hold no row with a payroll period")
    if wanted is None:
        return present[-1], False
    if wanted not in present:
        raise UsageError(
            f"--period {wanted}: no payroll rows for that month (present: {', '.join(present)})"
        )
    return wanted, True


def reconcile(loaded: Loaded, options: ReconcileOptions | None = None) -> Reconciliation:
    opts = options or ReconcileOptions()
    if loaded.payroll.height == 0:
        raise InputError("the payroll files hold no data rows")
    period, given = choose_period(loaded.payroll, opts.period)
    book = load_rules(opts.rules_file)
    rules = book.at(period)
    payroll, enrollment = loaded.payroll.lazy(), loaded.enrollment.lazy()

    workers = wk.payroll_workers(payroll, period)
    unrec = wk.unreconcilable(payroll, period)
    enrolled = wk.enrolment_by_worker(enrollment)
    matched = wk.match(workers, enrolled, rules, opts.wage_tolerance, opts.risk_classes)
    inspected = matched.select("employer_id").unique()
    gone = wk.enrolled_not_on_payroll(enrolled, workers, inspected)
    per_employer = emp.aggregate(matched, unrec, enrolled, gone)
    matched_df, unrec_df, gone_df, employers_df = pl.collect_all(
        [matched, unrec, gone, per_employer]
    )
    ranking = emp.findings(employers_df, period, opts.severity, opts.risk_classes)
    issues = pl.concat(
        [loaded.issues, cross_row_issues(loaded.payroll.filter(pl.col("period") == period))]
    )
    summary = Summary(
        employers=employers_df.height,
        flagged_employers=len(ranking),
        payroll_workers=int(employers_df["payroll_workers"].sum()),
        enrolled_workers=int(employers_df["enrolled_workers"].sum()),
        unregistered_workers=int(employers_df["unregistered_workers"].sum()),
        underreported_wage_workers=int(employers_df["underreported_wage_workers"].sum()),
        unregistered_employers=int((~employers_df["registered"]).sum()),
        monthly_contribution_gap_idr=sum(e.monthly_contribution_gap_idr for e in ranking),
        enrolled_not_on_payroll=gone_df.height,
        not_reconcilable_workers=unrec_df.height,
    )
    result = ReconcileResult(
        period=period,
        period_chosen="given" if given else "latest",
        rules_version=book.version,
        tool_version=__version__,
        generated_at=datetime.now(UTC).replace(microsecond=0),
        jkk_assumption=JKK_NOTE,
        inputs=loaded.inputs,
        summary=summary,
        employers=ranking,
        data_quality=[DataQualityIssue(**r) for r in issues.iter_rows(named=True)],
    )
    return Reconciliation(result, matched_df, gone_df, unrec_df)
