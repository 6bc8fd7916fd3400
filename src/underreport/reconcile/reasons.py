"""Each flagged employer's findings, severity and the sentences an inspector reads out.

The catalogue (`model/findings.py`) says what each code means and how it
is worded; here is when each code is raised and the figures it carries, as
expressions over the ranked rows, so a national ranking renders its
sentences column by column. Each sentence says what was found and how sure
it is; figures that rest on defaults or estimates say so, and the rules
used are cited.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from underreport.model.config import SeverityThresholds
from underreport.model.findings import CATALOGUE, JKK_CLASS, JKK_UNKNOWN, SIZES, VARIANTS
from underreport.reconcile.texts import is_set, render

PROGRAM_ORDER = {"JKK": 0, "JKM": 1, "JHT": 2, "JP": 3}
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV", 5: "V"}

COLUMNS: dict[str, pl.DataType] = {
    "declared_wage_bill": pl.Float64(),
    "reported_wage_bill": pl.Float64(),
    "min_wage": pl.Float64(),
    "min_wage_basis": pl.String(),
    "average_wage": pl.Float64(),
    "size": pl.String(),
    "risk_class": pl.Int64(),
}
"""Columns the templates read that only some sources carry (null where absent)."""

FINDING = pl.Struct({"code": pl.String(), "workers": pl.Int64(), "amount_idr": pl.Int64()})


@dataclass(frozen=True)
class Rule:
    """When a code is raised, and its figures (None: the code carries none)."""

    when: pl.Expr
    workers: pl.Expr | None = None
    amount: pl.Expr | None = None
    declaration: bool = False
    """Worded by its `CODE/declaration` variant for an employer seen only in a declaration."""


def _count(column: str) -> Rule:
    return Rule(_PAYROLL & is_set(column), pl.col(column))


_DECLARATION = (pl.col("estimate_basis") == "declaration").fill_null(False)
_PAYROLL = ~_DECLARATION


def rules(period: str, months: int) -> dict[str, Rule]:
    """Every catalogued code's rule, for a run of `months` months ending in `period`."""
    linked = pl.col("linked_by")
    declared, payroll = pl.col("declared_workers"), pl.col("payroll_workers")
    forms = pl.col("form_periods")
    out = {
        "LINKED_BY_NAME": Rule(_PAYROLL & (linked == "name")),
        "NAME_AMBIGUOUS": Rule(
            _PAYROLL & (linked != "name") & is_set("link_note") & ~is_set("probable_employer_id")
        ),
        "FORMS_OTHER_MONTHS": Rule(
            _PAYROLL & (forms.list.len() > 0) & ~forms.list.contains(pl.lit(period))
        ),
        "UNREGISTERED_EMPLOYER": Rule(
            ~pl.col("registered"),
            pl.when(_DECLARATION).then(declared).otherwise(payroll),
            declaration=True,
        ),
        "UNREGISTERED_WORKER": Rule(
            _PAYROLL & pl.col("registered") & is_set("unregistered_workers"),
            pl.col("unregistered_workers"),
        ),
        "HEADCOUNT_GAP": Rule(_DECLARATION & is_set("headcount_gap"), pl.col("headcount_gap")),
        "WAGE_BILL_GAP": Rule(
            _DECLARATION & is_set("wage_bill_gap_idr"), amount=pl.col("wage_bill_gap_idr")
        ),
        "WAGE_UNDERREPORTED": Rule(
            _PAYROLL & is_set("underreported_wage_workers"),
            pl.col("underreported_wage_workers"),
            pl.col("underreported_amount"),
        ),
        "CONTRIBUTION_GAP": Rule(
            pl.col("monthly_contribution_gap_idr") > 0,
            amount=pl.col("monthly_contribution_gap_idr"),
            declaration=True,
        ),
        "PROGRAM_MISSING": _count("program_missing_workers"),
        "BELOW_MINIMUM_WAGE": _count("below_minimum_wage_workers"),
        "BELOW_MINIMUM_PAID": _count("below_minimum_paid_workers"),
        "BELOW_MINIMUM_INDICATED": _count("below_minimum_indicated"),
        "ARREARS": Rule(
            _PAYROLL & pl.lit(months > 1) & (pl.col("arrears_principal_idr") > 0),
            amount=pl.col("arrears_principal_idr"),
        ),
        "PROBABLE_MATCH": Rule(
            _PAYROLL & (is_set("tier2") | is_set("tier3") | is_set("tier4")),
            pl.col("tier2") + pl.col("tier3") + pl.col("tier4"),
        ),
        "LINKED_BY_NPWP": Rule(_PAYROLL & (linked == "npwp")),
        "PROBABLE_EMPLOYER": Rule(_PAYROLL & is_set("probable_employer_id")),
        "UNDER_DECLARED": Rule(
            _PAYROLL
            & (pl.col("estimate_basis") == "payroll")
            & (declared < payroll).fill_null(False),
            payroll - declared,
        ),
        "ENROLLED_NOT_ON_PAYROLL": _count("enrolled_not_on_payroll"),
        "NOT_RECONCILABLE": _count("not_reconcilable_workers"),
    }
    return {code: out[code] for code in CATALOGUE}


def jkk_note(ceiling: str = "", lang: str = "en") -> pl.Expr:
    """How JKK was priced (its risk class, or a lower bound) and, if given, the JP ceiling."""
    roman = pl.col("risk_class").replace_strict(ROMAN, default=None, return_dtype=pl.String)
    note = (
        pl.when(pl.col("risk_class").is_null())
        .then(pl.lit(JKK_UNKNOWN.get(lang)))
        .otherwise(render(JKK_CLASS.get(lang), lang, {"roman": roman}))
    )
    return pl.concat_str(note, pl.lit(f"; {ceiling}")) if ceiling else note


def ordered(programs: pl.Expr) -> pl.Expr:
    """Programmes in the order the law lists them: JKK, JKM, JHT, JP."""
    rank = pl.element().replace_strict(PROGRAM_ORDER, default=9, return_dtype=pl.Int32)
    return programs.list.eval(pl.element().sort_by(rank, maintain_order=True))


def _whole(e: pl.Expr | None) -> pl.Expr:
    return pl.lit(None, pl.Int64) if e is None else e.cast(pl.Float64).round().cast(pl.Int64)


def catalogued(
    rows: pl.DataFrame, period: str, months: int = 1, ceiling: str = "", lang: str = "en"
) -> pl.DataFrame:
    """The findings of the rows, one per row and code: the table the reasons are made of.

    Columns `row` (the row's index in `rows`), `employer_id`, `code`,
    `workers` and `amount_idr` (null where the code carries no such figure)
    and `reason`, its sentence. Sorted by row, each row's codes in the
    catalogue's order. Each code renders its sentence only on the rows that
    have it: all templates over all rows would cost ten times as much.
    """
    values = {
        "period": pl.lit(period),
        "jkk": jkk_note(ceiling, lang),
        "missing_programs": ordered(pl.col("missing_programs")),
    }
    if lang != "en":
        words = {code: t.get(lang) for code, t in SIZES.items()}
        values["size"] = pl.col("size").replace(words)
    indexed = rows.lazy().with_row_index("row")
    parts = []
    for code, rule in rules(period, months).items():
        entry = CATALOGUE[code]
        text = render(entry.message.get(lang), lang, values, entry.clauses)
        if rule.declaration:
            variant = render(VARIANTS[f"{code}/declaration"].get(lang), lang, values, entry.clauses)
            text = pl.when(_DECLARATION).then(variant).otherwise(text)
        parts.append(
            indexed.filter(rule.when).select(
                "row",
                "employer_id",
                pl.lit(code).alias("code"),
                _whole(rule.workers).alias("workers"),
                _whole(rule.amount).alias("amount_idr"),
                text.alias("reason"),
            )
        )
    return pl.concat(parts).sort("row", maintain_order=True).collect()


def per_row(rows: pl.DataFrame, found: pl.DataFrame) -> pl.DataFrame:
    """`rows` with `reasons` and `findings` lists made from their `catalogued` table."""
    lists = found.group_by("row").agg(
        pl.struct("code", "workers", "amount_idr").alias("findings"),
        pl.col("reason").alias("reasons"),
    )
    return (
        rows.with_row_index("row")
        .join(lists, on="row", how="left", maintain_order="left")
        .with_columns(
            pl.col("findings").fill_null(pl.lit([], pl.List(FINDING))),
            pl.col("reasons").fill_null(pl.lit([], pl.List(pl.String))),
        )
        .drop("row")
    )


def severity(t: SeverityThresholds) -> pl.Expr:
    """The highest severity any of the row's findings gives (see `SeverityRule`), else low."""
    coverage, gap = pl.col("coverage_ratio"), pl.col("monthly_contribution_gap_idr")
    by_rule = {
        "coverage": (coverage < t.high_coverage_below, coverage < t.medium_coverage_below),
        "gap": (gap >= t.high_gap_idr, gap >= t.medium_gap_idr),
    }
    high, medium = [pl.lit(False)], [pl.lit(False)]
    kinds = {f.severity for f in CATALOGUE.values()}
    for kind in sorted(kinds & by_rule.keys()):
        high.append(by_rule[kind][0].fill_null(False))
        medium.append(by_rule[kind][1].fill_null(False))
    each = rules("", 1)
    high += [each[c].when for c, f in CATALOGUE.items() if f.severity == "high"]
    return (
        pl.when(pl.any_horizontal(high))
        .then(pl.lit("high"))
        .when(pl.any_horizontal(medium))
        .then(pl.lit("medium"))
        .otherwise(pl.lit("low"))
    )
