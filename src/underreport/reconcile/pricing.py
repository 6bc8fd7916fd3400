"""What each payroll worker is owed, programme by programme, for one month.

owed = the programmes the employer's size requires (unknown size: all four
for an unregistered worker, as the law's default; for an enrolled one, the
programmes it has plus JKK and JKM, which every employer owes), less JP past
the pension age. paid = what the enrolment covers, at the reported wage.
The gap is owed at the contribution wage (or at the reported wage when that
wage is not a finding) minus paid, so missing programmes and under-reported
wages are priced once and never twice.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta

import polars as pl

from underreport.reconcile.attributes import ALL_PROGRAMS
from underreport.rules import PeriodRules, contribution_expr

PART_TIME = r"(?i)paruh|part|borongan|piece|lepas|freelance|magang|intern"
"""Part-time, piece-rate and casual workers are not held to the full monthly minimum."""
MIN_WAGE_SLACK = 2.0
"""Published minimum wages differ by a rupiah between sources."""


def with_nik_birth_day(frame: pl.LazyFrame, period_year: int) -> pl.LazyFrame:
    """`_nik_born`: the birth date in a 16-digit `nik` as the integer YYYYMMDD.

    Digits 7-12 are DDMMYY (women: day + 40); a 2-digit year is the latest
    not in the future. Days past the 28th count as the 28th, so every month
    is valid. The digits are taken arithmetically from the NIK as an integer,
    step by step, and kept an integer: slicing text and building a million
    dates cost more than the rest of pricing.
    """
    nik = pl.col("nik")
    day, month, yy = pl.col("_day"), pl.col("_month"), pl.col("_yy")
    number = pl.when(nik.str.len_bytes() == 16).then(nik.cast(pl.Int64, strict=False))
    return (
        frame.with_columns(number.alias("_nik_born"))
        .with_columns(
            (pl.col("_nik_born") // 10**8 % 100).cast(pl.Int32).alias("_day"),
            (pl.col("_nik_born") // 10**6 % 100).cast(pl.Int32).alias("_month"),
            (pl.col("_nik_born") // 10**4 % 100).cast(pl.Int32).alias("_yy"),
        )
        .with_columns(
            pl.when(day > 40).then(day - 40).otherwise(day).alias("_day"),
            pl.when(yy + 2000 <= period_year).then(yy + 2000).otherwise(yy + 1900).alias("_yy"),
        )
        .with_columns(
            pl.when(month.is_between(1, 12) & day.is_between(1, 31))
            .then(yy * 10_000 + month * 100 + day.clip(1, 28))
            .alias("_nik_born")
        )
        .drop("_day", "_month", "_yy")
    )


def born_by(day: date, age: int) -> date:
    """The last birth date of someone who is `age` or older on `day` (a birthday counts).

    Born on 29 February, one turns a year older on 1 March in other years.
    """
    year = day.year - age
    last = calendar.monthrange(year, day.month)[1]
    return date(year, day.month, min(day.day, last))


def pension_cutoff(period: str, pension_ages: dict[int, int]) -> date | None:
    """The latest birth date of a worker past the pension age by the end of `period`.

    Past it means having reached the age in force at the time, and so
    staying past: the age rises by a year every three years, and a worker who
    reached 58 while 58 was the age does not owe JP again when it becomes 59.
    Each such test is a birth date no later than a cut-off; the latest
    cut-off decides them all.
    """
    year, month = int(period[:4]), int(period[5:])
    month_end = date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
    cutoffs = [born_by(month_end, pension_ages[year])] if year in pension_ages else []
    cutoffs += [born_by(date(y, 12, 31), age) for y, age in pension_ages.items() if y < year]
    return max(cutoffs) if cutoffs else None


def past_pension_age(
    born: pl.Expr, nik_born: pl.Expr, period: str, pension_ages: dict[int, int]
) -> pl.Expr:
    """Past the pension age by the end of `period` (see `pension_cutoff`).

    From the birth date `born`, else from `nik_born`, the one in the NIK as
    YYYYMMDD (see `with_nik_birth_day`).
    """
    cut = pension_cutoff(period, pension_ages)
    if cut is None:
        return pl.lit(False)
    day = cut.year * 10_000 + cut.month * 100 + cut.day
    return pl.coalesce(born <= cut, nik_born <= day).fill_null(False)


def price(
    matched: pl.LazyFrame,
    rules: PeriodRules,
    period: str,
    tolerance: float,
    pension_ages: dict[int, int] | None = None,
) -> pl.LazyFrame:
    """Add owed/paid per programme, findings and the monthly gap to matched workers.

    Expects `contribution_wage`, `reported_wage`, `active`, `programs`,
    `birth_date`, `nik`, `jkk_rate`, `required` and `min_wage` columns;
    `pension_ages` maps recent years to the pension age then in force.
    """
    year = int(period[:4])
    cw, rw = pl.col("contribution_wage"), pl.col("reported_wage")
    active = pl.col("active").fill_null(False)
    past_pension = past_pension_age(
        pl.col("birth_date"), pl.col("_nik_born"), period, pension_ages or {year: rules.pension_age}
    )
    under = (active & (rw < cw * (1 - tolerance))).fill_null(False)
    known_size = pl.col("required").is_not_null()

    def has(p: str) -> pl.Expr:
        # Codes come joined as "JKK,JKM,JHT,JP"; none is part of another, so a literal
        # search (a byte scan) decides what a regex would, far faster on millions of rows.
        return pl.col("programs").str.contains(p, literal=True)

    def owes(p: str) -> pl.Expr:
        enrolled_in = has(p).fill_null(True)
        default = pl.when(active).then(enrolled_in | pl.lit(p in ("JKK", "JKM"))).otherwise(True)
        required = pl.when(known_size).then(pl.col("required").list.contains(p)).otherwise(default)
        return required & ~past_pension if p == "JP" else required

    def pays(p: str) -> pl.Expr:
        return active & has(p).fill_null(True) & pl.col(f"owes_{p}")

    base = pl.when(~active | pl.col("underreported")).then(cw).otherwise(pl.coalesce(rw, cw))
    jkk = pl.col("jkk_rate")

    def amount(p: str, wage: pl.Expr) -> pl.Expr:
        return contribution_expr(wage, rules, jkk, programs=(p,)).fill_null(0.0)

    owed = pl.sum_horizontal(
        pl.when(pl.col(f"owes_{p}")).then(amount(p, base)).otherwise(0.0) for p in ALL_PROGRAMS
    )
    paid = pl.sum_horizontal(
        pl.when(pl.col(f"pays_{p}")).then(amount(p, rw)).otherwise(0.0) for p in ALL_PROGRAMS
    )
    missing = pl.concat_list(
        pl.when(active & pl.col(f"owes_{p}") & ~pl.col(f"pays_{p}")).then(pl.lit(p))
        for p in ALL_PROGRAMS
    ).list.drop_nulls()
    region_min, nik_min = pl.col("min_wage"), pl.col("nik_min_wage")
    return (
        with_nik_birth_day(matched, year)
        .with_columns(
            pl.col("work_status").str.contains(PART_TIME).fill_null(False).alias("_part_time"),
            (~active).alias("unregistered"),
            under.alias("underreported"),
            past_pension.alias("past_pension_age"),
        )
        .with_columns(owes(p).alias(f"owes_{p}") for p in ALL_PROGRAMS)
        .with_columns(pays(p).alias(f"pays_{p}") for p in ALL_PROGRAMS)
        .with_columns(
            pl.when(pl.col("unregistered"))
            .then(cw)
            .when(pl.col("underreported"))
            .then(cw - rw)
            .otherwise(0.0)
            .fill_null(0.0)
            .alias("wage_gap"),
            pl.max_horizontal(owed - paid, pl.lit(0.0)).fill_null(0.0).alias("contribution_gap"),
            missing.alias("missing_programs"),
            (active & (rw < region_min - MIN_WAGE_SLACK) & ~pl.col("_part_time"))
            .fill_null(False)
            .alias("below_minimum_reported"),
            ((cw < region_min - MIN_WAGE_SLACK) & ~pl.col("_part_time"))
            .fill_null(False)
            .alias("below_minimum_paid"),
            (
                region_min.is_null()
                & (pl.min_horizontal(pl.when(active).then(rw), cw) < nik_min - MIN_WAGE_SLACK)
            )
            .fill_null(False)
            .alias("below_minimum_indicated"),
            pl.when(pl.col("unregistered") & pl.col("enrolled_any"))
            .then(pl.lit("UNREGISTERED_INACTIVE"))
            .when(pl.col("unregistered"))
            .then(pl.lit("UNREGISTERED"))
            .when(pl.col("underreported"))
            .then(pl.lit("WAGE_UNDERREPORTED"))
            .otherwise(pl.lit(None, pl.String))
            .alias("finding"),
        )
        .with_columns(
            (pl.col("missing_programs").list.len() > 0).alias("program_missing"),
            pl.lit(period).alias("period"),
        )
        .drop("_part_time", "_nik_born")
    )
