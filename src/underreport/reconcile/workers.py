"""Worker-level matching of one period's payroll against the enrolment export.

Workers are matched within an employer (NPP) on the normalised NIK. A NIK
shown in scientific text (`nik_damaged`) lost digits: it keys nobody, so
rows carrying one are never merged on it. A payroll worker without a usable
NIK is judged by name within the employer (see `link` and `verdicts`).
"""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl

from underreport.ingest.clean import by_value
from underreport.names import normalise_person_expr
from underreport.reconcile.pricing import price
from underreport.rules import PeriodRules

VALID_NIK = pl.col("nik").str.contains(r"^\d{16}$").fill_null(False)
KEYED_NIK = VALID_NIK & ~pl.col("nik_damaged").fill_null(False)
"""A NIK that can be a join key: 16 digits, not expanded from scientific text."""


NAME_PREFIX = "NAME:"
"""Opens the employer key of a payroll that gives no NPP (see `EMPLOYER_KEY`)."""


def _name_key(name: pl.Expr) -> pl.Expr:
    return (
        pl.lit(NAME_PREFIX) + name.str.to_uppercase().str.replace_all(r"[^A-Z0-9]", "")
    ).name.keep()


EMPLOYER_KEY = pl.coalesce(pl.col("employer_id"), _name_key(pl.col("employer_name"))).alias(
    "employer_id"
)
"""The NPP, else a key made of the employer's name (for payroll sheets without NPP)."""


def with_employer_key(frame: pl.DataFrame) -> pl.DataFrame:
    """`EMPLOYER_KEY` applied, normalising each distinct name once.

    Almost every row carries its NPP; cleaning a million names that the
    coalesce then throws away cost more than the group-bys that follow.
    """
    has_npp = pl.col("employer_id").is_not_null()
    if frame.select(has_npp.all()).item():
        return frame
    key = by_value(frame, "employer_name", _name_key, clean=has_npp, kept=pl.col("employer_id"))
    return frame.with_columns(key.alias("employer_id"))


def _worker(rows: pl.LazyFrame, *keys: str | pl.Expr) -> pl.LazyFrame:
    """One row per worker; a payroll birth date, where the files give one, is kept for
    the name tiers."""
    born = "birth_date" in rows.collect_schema().names()
    return rows.group_by(*keys).agg(
        *([pl.col("birth_date").drop_nulls().first()] if born else []),
        pl.col("employer_name").drop_nulls().first(),
        pl.col("worker_name").drop_nulls().first(),
        pl.col("contribution_wage").max(),
        pl.col("base_wage").max(),
        pl.col("fixed_allowance").max(),
        pl.len().alias("payroll_rows"),
        pl.col("nik_damaged").any(),
        pl.col("work_status").drop_nulls().first(),
        pl.col("_file").first(),
        pl.col("_sheet").first(),
        pl.col("_row").first(),
    )


def payroll_workers(payroll: pl.LazyFrame, period: str) -> pl.LazyFrame:
    """One row per (employer, NIK) on the period's payroll; duplicates collapsed.

    Only NIKs that can key a worker (`KEYED_NIK`). `payroll` carries
    `EMPLOYER_KEY` already (see `with_employer_key`).
    """
    rows = payroll.filter((pl.col("period") == period) & KEYED_NIK)
    return _worker(rows, "employer_id", "nik")


def unreconcilable(payroll: pl.LazyFrame, period: str) -> pl.LazyFrame:
    """The period's payroll workers without a NIK that can key them, one row each.

    Rows sharing a scientific-text NIK are one worker only when their names
    agree too (a person listed twice); three names under `3,20123E+15` are
    three workers. Every other row is a worker of its own.
    """
    rows = payroll.filter((pl.col("period") == period) & ~KEYED_NIK)
    damaged = rows.filter(VALID_NIK).with_columns(
        normalise_person_expr(pl.col("worker_name")).alias("_person")
    )
    return pl.concat(
        [
            _worker(damaged, "employer_id", "nik", "_person").drop("_person"),
            rows.filter(~VALID_NIK).with_columns(pl.lit(1, pl.UInt32).alias("payroll_rows")),
        ],
        how="diagonal_relaxed",
    )


def covered_in(period: str) -> pl.Expr:
    """An enrolment record covers a month it had begun by and had not ended before."""
    year, month = int(period[:4]), int(period[5:])
    start = date(year, month, 1)
    end = date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
    begun = pl.col("enrolled_on").is_null() | (pl.col("enrolled_on") <= end)
    still = pl.col("active") | (pl.col("inactive_on") > start).fill_null(False)
    return begun & still


def enrolment_by_worker(
    enrollment: pl.LazyFrame, period: str | None = None, month: str | None = None
) -> pl.LazyFrame:
    """One row per (employer, NIK): active if any record is; the wage of the active record.

    With a period (arrears over months), "active" means covered in that month
    by the enrolment and non-active dates; without one, the export's status.
    A record from a contribution form (its `period` set, YYYY-MM) covers that
    month only: in any other `month` (or `period`) it is an enrolment, not
    active. `form_periods` lists the months a worker's forms cover.
    """
    if period is not None:
        enrollment = enrollment.with_columns(covered_in(period).alias("active"))
    month = month or period
    names = enrollment.collect_schema().names()
    # Most exports hold no contribution form: their workers' form months are known empty.
    forms = "period" in names and bool(
        enrollment.select(pl.col("period").is_not_null().any()).collect().item()
    )
    if "period" in names:
        form = pl.col("period").is_not_null()
        this = (pl.col("period") == month) if month else pl.lit(True)
        if month and "inactive_on" in names:
            # A form's list of leavers (`DAFTAR TENAGA KERJA KELUAR`) names the month's form
            # too: a worker who left before the month began is not covered in it.
            start = date(int(month[:4]), int(month[5:]), 1)
            this = this & (pl.col("inactive_on").is_null() | (pl.col("inactive_on") > start))
        enrollment = enrollment.with_columns(
            pl.when(form).then(this & pl.col("active").fill_null(True))
            .otherwise(pl.col("active")).alias("active"),
            pl.col("period").cast(pl.String).alias("form_period"),
        )  # fmt: skip
    else:
        enrollment = enrollment.with_columns(pl.lit(None, pl.String).alias("form_period"))
    damaged = pl.col("nik_damaged").fill_null(False)
    if "nik_damaged" not in enrollment.collect_schema().names():
        enrollment = enrollment.with_columns(pl.lit(False).alias("nik_damaged"))
    # A NIK that keys nobody (scientific text, a foreign worker's passport, none): each
    # name under it is its own enrolment, under a key no 16-digit NIK can equal, so only
    # the name tiers can match it, and the employer stays registered. Names are
    # normalised on those rows alone: on every row they cost a national run seconds.
    keyed = VALID_NIK & ~damaged
    person = normalise_person_expr(pl.col("worker_name")).fill_null("")
    keyless = enrollment.filter(~keyed).with_columns(
        pl.format("{}~{}", pl.col("nik").fill_null(""), person).alias("nik")
    )
    return (
        pl.concat([enrollment.filter(keyed), keyless])
        .filter(pl.col("employer_id").is_not_null())
        # Programmes travel as "JKK,JKM,JHT,JP": a string groups many times faster than a list.
        .with_columns(pl.col("programs").list.join(","))
        .group_by("employer_id", "nik")
        .agg(
            pl.col("active").any().alias("active"),
            pl.col("reported_wage").filter(pl.col("active")).max().alias("reported_wage"),
            pl.col("worker_name").drop_nulls().first().alias("enrolled_name"),
            pl.col("employer_name").drop_nulls().first().alias("enrolled_employer"),
            pl.col("kpj").drop_nulls().first(),
            # The programmes of an active record, else of any: the greatest of the lists
            # marked 1 (active) or 0, a plain string maximum, several times cheaper per
            # worker than filtering each group twice.
            pl.when(pl.col("active")).then(pl.lit("1")).otherwise(pl.lit("0"))
            .add(pl.col("programs")).max().str.slice(1).alias("programs"),
            pl.col("enrolled_on").min(),
            pl.col("birth_date").drop_nulls().first(),
            *([pl.col("form_period").drop_nulls().unique().sort().alias("form_periods")]
              if forms else []),
            damaged.any().alias("nik_damaged"),
        )
        .with_columns(
            [] if forms else [pl.lit([], pl.List(pl.String)).alias("form_periods")]
        )
        .select(pl.exclude("nik_damaged"), "nik_damaged")
    )  # fmt: skip


def match(
    workers: pl.LazyFrame,
    enrolled: pl.LazyFrame,
    attrs: pl.DataFrame,
    nik_minimum: pl.DataFrame,
    rules: PeriodRules,
    period: str,
    tolerance: float,
    pension_ages: dict[int, int] | None = None,
) -> pl.LazyFrame:
    """Join each payroll worker to its enrolment and employer facts, then price it.

    JKK uses the employer's risk class where known, else class I: the
    lowest rate, so an unknown class never overstates what is owed.
    """
    registered = (
        enrolled.select("employer_id")
        .unique()
        .with_columns(pl.lit(True).alias("employer_registered"))
    )
    joined = (
        workers.join(
            enrolled.rename({"nik": "match_nik"}), on=["employer_id", "match_nik"], how="left"
        )
        .join(registered, on="employer_id", how="left")
        .join(attrs.lazy(), on="employer_id", how="left")
        .with_columns(pl.col("nik").str.slice(0, 2).alias("nik_province"))
        .join(nik_minimum.lazy(), on="nik_province", how="left")
        .with_columns(
            pl.col("employer_registered").fill_null(False),
            pl.col("jkk_rate").fill_null(rules.jkk_rate(1)),
            pl.col("active").is_not_null().alias("enrolled_any"),
        )
    )
    return price(joined, rules, period, tolerance, pension_ages)


def enrolled_not_on_payroll(
    enrolled: pl.LazyFrame, workers: pl.LazyFrame, employers: pl.LazyFrame
) -> pl.LazyFrame:
    """Active enrolments of inspected employers with no payroll row that period."""
    return (
        enrolled.filter(pl.col("active"))
        .join(employers, on="employer_id", how="semi")
        .join(
            workers.select("employer_id", pl.col("match_nik").alias("nik")),
            on=["employer_id", "nik"],
            how="anti",
        )
    )
