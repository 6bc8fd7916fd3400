"""Reconcile loaded payroll and enrolment into a ranked, explained result."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import TypedDict

import polars as pl

from underreport import __version__
from underreport.engine import in_memory
from underreport.fmt import idr, month_label
from underreport.ingest.checks import cross_row_issues, empty_issues, enrolment_twice
from underreport.ingest.issue_lang import in_language
from underreport.ingest.load import Loaded
from underreport.model.config import ReconcileOptions
from underreport.model.errors import InputError, RulesError, UsageError, no_rows
from underreport.model.findings import JKK_ASSUMPTION, JP_CEILING
from underreport.model.result import DataQualityIssue, EmployerFinding, ReconcileResult, Summary
from underreport.model.tables import ISSUE_SCHEMA
from underreport.reconcile import attributes, declared
from underreport.reconcile import employers as emp
from underreport.reconcile import workers as wk
from underreport.reconcile.employer_link import apply_links, employer_links, link_employers
from underreport.reconcile.link import link
from underreport.rules import MinimumWages, RuleBook, load_minimum_wages, load_rules


@dataclass
class Reconciliation:
    """The result contract plus the worker-level detail behind it."""

    result: ReconcileResult
    workers: pl.DataFrame
    not_on_payroll: pl.DataFrame
    unreconcilable: pl.DataFrame
    months: pl.DataFrame
    """Every worker-month priced (one month unless a range was asked for)."""
    present_employers: frozenset[str] = frozenset()
    """Employers with payroll rows in the period, for the case register."""
    ranked: pl.DataFrame | None = None
    """The findings as ranked rows, when they were not made into `result.employers`."""
    issues: pl.DataFrame | pl.LazyFrame = field(default_factory=empty_issues)
    """Every data-quality issue in file order (`result.data_quality` lists the first
    `max_issues`); a run in parts keeps them on disk, as a scan, until written."""
    spill: object | None = None
    """What keeps the files behind a lazy `issues` (a temporary folder) while this lives."""

    def findings(self, limit: int | None = None) -> list[EmployerFinding]:
        """The first `limit` findings as objects: made from the ranked rows when kept as rows."""
        if self.ranked is None:
            return self.result.employers[:limit]
        return emp.findings(self.ranked if limit is None else self.ranked.head(limit))

    def with_findings(self) -> Reconciliation:
        """This reconciliation with every finding made into `result.employers`."""
        if self.ranked is None:
            return self
        result = self.result.model_copy(update={"employers": self.findings()})
        return dataclasses.replace(self, result=result, ranked=None)

    def take_ranked(self) -> tuple[pl.DataFrame, Reconciliation]:
        """The ranked rows, and this reconciliation without them (for a merge)."""
        if self.ranked is None:
            raise ValueError("this reconciliation made its findings; reconcile(findings=False)")
        return self.ranked, dataclasses.replace(self, ranked=None)

    def in_language(self, lang: str) -> Reconciliation:
        """This reconciliation with its data-quality messages in `lang` (the reasons already are,
        and so are the match reasons: `model.matches` says why they are made in the language).

        Every issue (`--issues`) is rewritten lazily; the few listed in the result now.
        """
        if lang == "en":
            return self
        listed = pl.DataFrame(
            [i.model_dump() for i in self.result.data_quality], schema=ISSUE_SCHEMA
        )
        spoken = [DataQualityIssue(**r) for r in in_language(listed, lang).iter_rows(named=True)]
        result = self.result.model_copy(update={"data_quality": spoken})
        return dataclasses.replace(self, result=result, issues=in_language(self.issues, lang))

    def without_detail(self) -> Reconciliation:
        """The result alone, with empty worker-level frames: what a large run keeps per part."""
        return Reconciliation(
            self.result, self.workers.clear(), self.not_on_payroll.clear(),
            self.unreconcilable.clear(), self.months.clear(), self.present_employers, self.ranked,
            self.issues, self.spill,
        )  # fmt: skip


class Quality(TypedDict):
    data_quality: list[DataQualityIssue]
    data_quality_counts: dict[str, int]
    data_quality_total: int
    data_quality_limit: int | None
    data_quality_truncated: bool


def quality(issues: pl.DataFrame | pl.LazyFrame, limit: int | None) -> Quality:
    """The result's data-quality fields: counts per code of every issue, the first `limit` listed.

    A run with a million issues lists a thousand and counts the rest: a
    million issue objects and their JSON would cost more than the run. Issues
    kept on disk are counted and their first ones taken by the streaming
    engine, which never holds them all.
    """
    lazy = issues.lazy()
    counts = lazy.group_by("code").len().sort("code").collect(engine="streaming")
    listed = (lazy if limit is None else lazy.head(limit)).collect(engine="streaming")
    total = int(counts["len"].sum())
    return Quality(
        data_quality=[DataQualityIssue(**r) for r in listed.iter_rows(named=True)],
        data_quality_counts=dict(zip(counts["code"], counts["len"], strict=True)),
        data_quality_total=total,
        data_quality_limit=limit,
        data_quality_truncated=listed.height < total,
    )


def choose_periods(payroll: pl.DataFrame, opts: ReconcileOptions) -> tuple[list[str], bool]:
    """Months to reconcile, oldest first; the last is the one the ranking describes."""
    if opts.periods:
        return sorted(opts.periods), opts.period is not None
    present = sorted(p for p in payroll["period"].unique().to_list() if p)
    if not present:
        raise InputError("the payroll files hold no row with a payroll period")
    if opts.period is None:
        return (present if opts.all_periods else present[-1:]), False
    first, _, last = opts.period.partition("..")
    chosen = [p for p in present if first <= p <= (last or first)]
    if not chosen:
        raise UsageError(
            f"--period {opts.period}: no payroll rows for that month "
            f"(present: {', '.join(present)})"
        )
    return chosen, True


def pension_ages(book: RuleBook, year: int) -> dict[int, int]:
    """The pension age of this year and the three before (the age rises every three years)."""
    out = {}
    for y in range(year - 3, year + 1):
        try:
            out[y] = book.pension_age(y)
        except RulesError:
            continue
    return out


def months_late(period: str, as_of: date) -> int:
    """Started months between the due date (the 15th of the next month) and `as_of`."""
    year, month = int(period[:4]), int(period[5:])
    due = date(year + month // 12, month % 12 + 1, 15)
    if as_of <= due:
        return 0
    return (as_of.year - due.year) * 12 + as_of.month - due.month + (as_of.day > due.day)


def _enrolment_names(employers: pl.DataFrame, enrollment: pl.DataFrame) -> pl.DataFrame:
    """The enrolment's employer name where the payroll gives an NPP and no name.

    A payroll export with an NPP column and no company name would otherwise
    rank an employer the inspector cannot recognise.
    """
    if employers.filter(pl.col("employer_name").is_null()).height == 0:
        return employers
    names = (
        enrollment.lazy()
        .group_by("employer_id")
        .agg(pl.col("employer_name").drop_nulls().first().alias("_enrolled_name"))
        .collect()
    )
    return (
        employers.join(names, on="employer_id", how="left")
        .with_columns(pl.coalesce("employer_name", "_enrolled_name").alias("employer_name"))
        .drop("_enrolled_name")
    )


@in_memory()
def reconcile(
    loaded: Loaded,
    options: ReconcileOptions | None = None,
    *,
    links: pl.DataFrame | None = None,
    cross_rows: bool = True,
    findings: bool = True,
    books: tuple[RuleBook, MinimumWages] | None = None,
) -> Reconciliation:
    """Reconcile one loaded set.

    A part of a larger run (`reconcile.chunked`) passes the employer `links`
    decided for the whole run, and leaves the cross-row checks, which look
    across parts, to the caller. It also asks for no `findings`: it keeps
    the part's `ranked` rows, to rank with the other parts' at the end. `books`
    are the rule book and minimum wages when the caller has read them already.
    """
    opts = options or ReconcileOptions()
    # A part of a larger run may hold only employers that declared and pay nobody.
    if loaded.payroll.height == 0 and opts.periods is None:
        raise no_rows("payroll", [f.path for f in loaded.inputs if f.kind == "payroll"])
    periods, given = choose_periods(loaded.payroll, opts)
    period, monthly = periods[-1], len(periods) > 1
    as_of = opts.as_of or date.today()
    # A cluster's client reads the rules once and sends them: a worker may not see the file.
    book, wages = books or (load_rules(opts.rules_file), load_minimum_wages(opts.umk_file))
    reference = attributes.reference_table(loaded.employers, opts.risk_classes)
    if links is None:
        payroll_df, links = link_employers(loaded.payroll, loaded.enrollment, loaded.employers)
    else:
        payroll_df = apply_links(loaded.payroll, links)
    payroll, enrollment = payroll_df.lazy(), loaded.enrollment.lazy()

    priced: list[pl.DataFrame] = []
    lateness = []
    for p in periods:
        rules = book.at(p)
        attrs = attributes.for_period(reference, book, rules, wages, p)
        nik_minimum = attributes.nik_province_minimum(wages, int(p[:4]))
        enrolled_p, workers_p, unrec_p = pl.collect_all([
            wk.enrolment_by_worker(enrollment, p if monthly else None, month=p),
            wk.payroll_workers(payroll, p),
            wk.unreconcilable(payroll, p),
        ])  # fmt: skip
        linked, unrec_left = link(workers_p, unrec_p, enrolled_p, opts.strict, opts.lang)
        priced.append(
            wk.match(
                linked.lazy(),
                enrolled_p.lazy(),
                attrs,
                nik_minimum,
                rules,
                p,
                opts.wage_tolerance,
                pension_ages(book, int(p[:4])),
            ).collect()
        )
        lateness.append((p, months_late(p, as_of), rules.late_fine_monthly))
    late = pl.DataFrame(lateness, schema={"period": pl.String, "months_late": pl.Int32,
                                          "fine_rate": pl.Float64}, orient="row")  # fmt: skip
    matched_df = priced[-1]
    matched = matched_df.lazy()
    unrec = unrec_left.lazy()
    enrolled = enrolled_p.lazy()
    inspected = matched.select("employer_id").unique()
    gone = wk.enrolled_not_on_payroll(enrolled, matched, inspected)
    months_df = pl.concat(priced, how="diagonal_relaxed") if monthly else matched_df
    per_employer = emp.aggregate(matched, unrec, enrolled, gone, months_df.lazy(), late)
    unrec_df, gone_df, employers_df = pl.collect_all([unrec, gone, per_employer])
    declared_only = 0
    if loaded.declarations is not None and loaded.declarations.height:
        only = declared.declaration_only(
            loaded.declarations, enrolled, employers_df.select("employer_id"), attrs, rules
        ).collect()
        declared_only = only.height
        employers_df = pl.concat(
            [
                employers_df.join(
                    loaded.declarations.select("employer_id", "declared_workers"),
                    on="employer_id",
                    how="left",
                ),
                only,
            ],
            how="diagonal_relaxed",
        )
    employers_df = employers_df.join(employer_links(links), on="employer_id", how="left")
    employers_df = _enrolment_names(employers_df, loaded.enrollment)
    ceiling = JP_CEILING.get(opts.lang).format(
        amount=idr(rules.jp_ceiling), since=month_label(book.ceiling_since(period), opts.lang)
    )
    rows = emp.ranked(
        emp.complete(employers_df), period, opts.severity, len(periods), ceiling, opts.lang
    )
    issues = loaded.issues.lazy()
    if cross_rows:
        in_periods = loaded.payroll.filter(pl.col("period").is_in(periods))
        issues = pl.concat(
            [issues, cross_row_issues(in_periods).lazy(), enrolment_twice(loaded.enrollment).lazy()]
        )
    found = issues.collect()
    if cross_rows:  # a whole run; the parts of a larger one are put in the language merged
        found = in_language(found, opts.lang)

    def total(column: str) -> int:
        return int(rows.get_column(column).sum())

    principal, fines = total("arrears_principal_idr"), total("late_fine_idr")
    named = employers_df.filter(pl.col("employer_id").is_not_null())
    summary = Summary(
        employers=named.height - declared_only,
        declared_only_employers=declared_only,
        flagged_employers=rows.height,
        payroll_workers=int(employers_df["payroll_workers"].sum()),
        enrolled_workers=int(employers_df["enrolled_workers"].sum()),
        unregistered_workers=int(employers_df["unregistered_workers"].sum()),
        underreported_wage_workers=int(employers_df["underreported_wage_workers"].sum()),
        unregistered_employers=int((~named["registered"]).sum()),
        monthly_contribution_gap_idr=total("monthly_contribution_gap_idr"),
        enrolled_not_on_payroll=gone_df.height,
        not_reconcilable_workers=unrec_df.height,
        probable_matches=int(
            (matched_df["match_tier"].is_in([2, 3, 4]) & matched_df["enrolled_any"]).sum()
        ),
        program_missing_workers=total("program_missing_workers"),
        below_minimum_wage_workers=total("below_minimum_wage_workers"),
        arrears_principal_idr=principal,
        late_fine_idr=fines,
        arrears_total_idr=principal + fines,
    )
    result = ReconcileResult(
        period=period,
        period_chosen="given" if given else "latest",
        periods=periods,
        as_of=as_of,
        rules_version=book.version,
        tool_version=__version__,
        generated_at=datetime.now(UTC).replace(microsecond=0),
        jkk_assumption=JKK_ASSUMPTION.get(opts.lang),
        inputs=loaded.inputs,
        summary=summary,
        employers=emp.findings(rows) if findings else [],
        **quality(found, opts.max_issues),
    )
    present = frozenset(matched_df["employer_id"].to_list()) | frozenset(
        unrec_df["employer_id"].drop_nulls().to_list()
    )
    ranked = None if findings else rows
    return Reconciliation(
        result, matched_df, gone_df, unrec_df, months_df, present, ranked, found
    )  # fmt: skip
