"""Per-employer figures, severity and the ranked findings."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import polars as pl

from underreport.model.config import SeverityThresholds
from underreport.model.result import EmployerFinding, FindingRef
from underreport.reconcile import reasons as rs

DEFAULTS_ALL = ["risk_class", "size", "region"]


def money_sum(e: pl.Expr) -> pl.Expr:
    """A sum of rupiah amounts that does not depend on the order of the rows.

    Float sums differ in the last bits with the order rows arrive in, which
    the engine's threads (or a run in parts) choose; summing whole sen as
    integers is exact, so every run ranks and rounds alike.
    """
    return (e * 100).round().cast(pl.Int64).sum() / 100


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
            money_sum(pl.col("contribution_gap")).alias("arrears_principal_idr"),
            money_sum(pl.col("contribution_gap") * pl.col("fine_rate") * pl.col("months_late"))
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
        money_sum(pl.col("wage_gap").filter(pl.col("underreported"))).alias("underreported_amount"),
        money_sum(pl.col("wage_gap")).alias("wage_gap_idr"),
        money_sum(pl.col("contribution_gap")).alias("monthly_contribution_gap_idr"),
        pl.col("program_missing").sum().alias("program_missing_workers"),
        *[
            ((pl.col("match_tier") == t) & pl.col("enrolled_any")).sum().alias(f"tier{t}")
            for t in (2, 3, 4)
        ],
        (pl.col("unregistered") & pl.col("match_basis").is_in(["name", "employer"]))
        .sum()
        .alias("unregistered_without_nik"),
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
    any_enrolment = enrolled.group_by("employer_id").agg(
        pl.lit(True).alias("has_enrolment"),
        pl.col("enrolled_employer").drop_nulls().first(),
        pl.col("form_periods").list.explode(keep_nulls=False, empty_as_null=False).unique().sort(),
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
        "unregistered_without_nik",
    ]
    return (
        per.join(nr, on="employer_id", how="full", coalesce=True)
        .join(active, on="employer_id", how="left")
        .join(any_enrolment, on="employer_id", how="left")
        .join(gone, on="employer_id", how="left")
        .join(arrears, on="employer_id", how="left")
        .with_columns(
            # the payroll's name first; a form's title names the employer when it does not
            pl.coalesce("employer_name", "nr_name", "enrolled_employer").alias("employer_name"),
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
            pl.col("form_periods").fill_null(pl.lit([], pl.List(pl.String))),
        )
        .with_columns(
            (pl.col("reconcilable") + pl.col("not_reconcilable_workers")).alias("payroll_workers"),
            pl.when(pl.col("reconcilable") > 0)
            .then(pl.col("covered") / pl.col("reconcilable"))
            .otherwise(None)
            .alias("coverage_ratio"),
        )
        .drop("nr_name", "has_enrolment", "enrolled_employer")
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
    "link_note": (pl.String(), None),
}
_ZERO_COUNTS = (
    "reconcilable", "covered", "unregistered_workers", "inactive_workers",
    "underreported_wage_workers", "not_reconcilable_workers", "enrolled_not_on_payroll",
    "program_missing_workers", "below_minimum_wage_workers", "below_minimum_paid_workers",
    "below_minimum_indicated", "months_affected", "payroll_workers", "tier2", "tier3", "tier4",
    "unregistered_without_nik",
)  # fmt: skip


def complete(employers: pl.DataFrame) -> pl.DataFrame:
    """Every column findings() reads, with neutral values where a source lacks it."""
    out = employers.with_columns(
        pl.lit(v, t).alias(c) for c, (t, v) in _DEFAULTS.items() if c not in employers.columns
    )
    if "form_periods" not in out.columns:
        out = out.with_columns(pl.lit([], pl.List(pl.String)).alias("form_periods"))
    return out.with_columns(
        *[pl.col(c).fill_null(0) for c in _ZERO_COUNTS if c in out.columns],
        *[pl.col(c).fill_null(0.0) for c in ("underreported_amount", "arrears_principal_idr",
                                              "late_fine_idr") if c in out.columns],
        pl.col("headcount_gap").fill_null(0),
        pl.col("wage_bill_gap_idr").fill_null(0.0),
        pl.col("estimate_basis").fill_null("payroll"),
        pl.col("defaults_used").fill_null(pl.lit(DEFAULTS_ALL)),
        pl.col("missing_programs").fill_null(pl.lit([], pl.List(pl.String))),
        pl.col("form_periods").fill_null(pl.lit([], pl.List(pl.String))),
    )  # fmt: skip


RANK_KEY = ["monthly_contribution_gap_idr", "unregistered_workers", "employer_id"]
"""Rank order: on the whole rupiah shown, so equal figures rank by NPP in every run."""
RANK_DESCENDING = [True, True, False]
_MONEY = ("wage_gap_idr", "monthly_contribution_gap_idr", "arrears_principal_idr",
          "late_fine_idr", "wage_bill_gap_idr")  # fmt: skip
_COMPUTED = {"rank", "severity", "reasons", "arrears_total_idr", "missing_programs",
             "minimum_wage_basis", "probable_by_tier", "findings"}  # fmt: skip
_TIERS = ("tier2", "tier3", "tier4")


def ranked(
    employers: pl.DataFrame,
    period: str,
    t: SeverityThresholds,
    months: int = 1,
    ceiling: str = "",
    lang: str = "en",
) -> pl.DataFrame:
    """The flagged employers in rank order, one row each with every field of its finding.

    A run in parts keeps these rows per part and ranks them together at the
    end (`rank_together`): rows cost a fraction of finding objects, and each
    object is then made once.
    """
    # Rows that name no employer at all (neither NPP nor name) are counted as not
    # reconcilable, never ranked as an employer, least of all an unregistered one.
    flagged = employers.filter(pl.col("employer_id").is_not_null()).filter(
        (pl.col("unregistered_workers") > 0)
        | (pl.col("underreported_wage_workers") > 0)
        | (pl.col("program_missing_workers") > 0)
        | (pl.col("below_minimum_wage_workers") > 0)
        | (pl.col("arrears_principal_idr") > 0)
        | (pl.col("headcount_gap") > 0)
        | (pl.col("wage_bill_gap_idr") > 0)
        | (pl.col("declared_workers") < pl.col("payroll_workers")).fill_null(False)
        | (~pl.col("registered") & (pl.col("estimate_basis") == "payroll"))
    )
    rows = flagged.with_columns(
        *[pl.col(c).round().cast(pl.Int64) for c in _MONEY],
        pl.col("coverage_ratio").round(4),
        pl.col("linked_by").fill_null("npp"),
        (pl.col("tier2") + pl.col("tier3") + pl.col("tier4")).alias("probable_matches"),
    ).sort(RANK_KEY, descending=RANK_DESCENDING)
    rows = rows.with_columns(
        pl.lit(None, dtype).alias(c) for c, dtype in rs.COLUMNS.items() if c not in rows.columns
    )
    rows = rs.per_row(rows, rs.catalogued(rows, period, months, ceiling, lang))
    fields = [c for c in EmployerFinding.model_fields if c in rows.columns and c not in _COMPUTED]
    return rows.select(
        *fields,
        *_TIERS,
        rs.severity(t).alias("severity"),
        "reasons",
        "findings",
        (pl.col("arrears_principal_idr") + pl.col("late_fine_idr")).alias("arrears_total_idr"),
        rs.ordered(pl.col("missing_programs")).alias("missing_programs"),
        pl.col("min_wage_basis").alias("minimum_wage_basis"),
    )


def employer_findings(rows: pl.DataFrame) -> pl.DataFrame:
    """The long table of findings: one row per employer and code, from ranked rows.

    Columns `employer_id`, `code`, `workers` and `amount_idr` (null where the
    code carries no such figure), employers in rank order, codes in the
    catalogue's order.
    """
    return (
        rows.select("employer_id", "findings")
        .explode("findings")
        .drop_nulls("findings")
        .unnest("findings")
    )


def rank_together(parts: Sequence[pl.DataFrame | Path]) -> list[EmployerFinding]:
    """The findings of parts that share no employer, ranked as one run ranks them.

    `parts` holds each part's ranked rows, or the Parquet file they were
    written to. Only the ranking keys of all parts are sorted together; each
    part's rows are then read, made into findings at their national rank,
    and let go, so a national ranking never holds every row beside its
    finding objects.
    """

    def rows_of(part: pl.DataFrame | Path, columns: list[str] | None = None) -> pl.DataFrame:
        if isinstance(part, pl.DataFrame):
            return part if columns is None else part.select(columns)
        return pl.read_parquet(part, columns=columns)

    keys = pl.concat(
        [rows_of(part, RANK_KEY).with_columns(pl.lit(i, pl.UInt32).alias("_part"))
         .with_row_index("_row") for i, part in enumerate(parts)]
    ) if parts else pl.DataFrame()  # fmt: skip
    if keys.is_empty():
        return []
    ranks = keys.sort(RANK_KEY, descending=RANK_DESCENDING).with_row_index("_rank", offset=1)
    out: list[EmployerFinding | None] = [None] * keys.height
    for i, part in enumerate(parts):
        mine = ranks.filter(pl.col("_part") == i).sort("_row").get_column("_rank").to_list()
        for finding in findings(rows_of(part), mine):
            out[finding.rank - 1] = finding
    return [f for f in out if f is not None]


def rank_rows(parts: Sequence[pl.DataFrame | Path]) -> pl.DataFrame:
    """The ranked rows of parts that share no employer, in one national order.

    What `rank_together` ranks, kept as rows: a document written from the
    table needs no finding object at all.
    """
    frames = [p.lazy() if isinstance(p, pl.DataFrame) else pl.scan_parquet(p) for p in parts]
    if not frames:
        return pl.DataFrame()
    # Sorted by the streaming engine, which holds less while it reads and sorts the parts
    # (320,000 employers with their sentences, 315 MB: a peak of 0.90 -> 0.81 GB).
    return (
        pl.concat(frames, how="vertical_relaxed")
        .sort(RANK_KEY, descending=RANK_DESCENDING, maintain_order=True)
        .collect(engine="streaming")
    )


def findings(rows: pl.DataFrame, ranks: Sequence[int] | None = None) -> list[EmployerFinding]:
    """The finding of each ranked row (see `ranked`): numbered in order, or by `ranks`."""
    out: list[EmployerFinding] = []
    numbers = ranks if ranks is not None else range(1, rows.height + 1)
    refs = _refs(rows) if "findings" in rows.columns else [[] for _ in range(rows.height)]
    plain = rows.drop("findings", strict=False).iter_rows(named=True)
    for rank, row, found in zip(numbers, plain, refs, strict=True):
        tiers = {t[-1]: n for t in _TIERS if (n := row.pop(t))}
        finding = EmployerFinding(**row, rank=rank, probable_by_tier=tiers, findings=found)
        # Each object's set of fields given (2.2 KB) is the same set: a national
        # ranking holds one, not hundreds of thousands (30M rows: 1.5 GB).
        if out and finding.__pydantic_fields_set__ == out[0].__pydantic_fields_set__:
            object.__setattr__(finding, "__pydantic_fields_set__", out[0].__pydantic_fields_set__)
        out.append(finding)
    return out


def _refs(rows: pl.DataFrame) -> list[list[FindingRef]]:
    """Each row's findings as objects, one shared object per distinct finding.

    The table is typed already, so the objects are made without validation:
    a list of structs read row by row and validated costs four times the
    rest of the finding.
    """
    long = (
        rows.select(pl.int_range(pl.len()).alias("row"), "findings")
        .explode("findings")
        .drop_nulls("findings")
        .unnest("findings")
    )
    out: list[list[FindingRef]] = [[] for _ in range(rows.height)]
    made: dict[tuple[str, int | None, int | None], FindingRef] = {}
    for row, *key in long.iter_rows():
        ref = made.get(k := (key[0], key[1], key[2]))
        if ref is None:
            ref = made[k] = FindingRef.model_construct(code=k[0], workers=k[1], amount_idr=k[2])
        out[row].append(ref)
    return out
