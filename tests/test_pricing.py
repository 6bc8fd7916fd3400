"""Pension-age cut-offs against completed years counted the plain way."""

from __future__ import annotations

from datetime import date

import polars as pl
from hypothesis import given
from hypothesis import strategies as st

from underreport.reconcile.pricing import past_pension_age, with_nik_birth_day

NO_NIK = pl.lit(None, pl.Int32)


def age(on: date, born: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def reached(born: date, period: str, ages: dict[int, int]) -> bool:
    year, month = int(period[:4]), int(period[5:])
    end = (date(year + month // 12, month % 12 + 1, 1).toordinal()) - 1
    checks = [age(date.fromordinal(end), born) >= ages[year]] if year in ages else []
    checks += [age(date(y, 12, 31), born) >= a for y, a in ages.items() if y < year]
    return any(checks)


LEAP_DAYS = st.sampled_from([date(1964, 2, 29), date(1966, 2, 28), date(1966, 3, 1)])


@given(
    st.lists(st.one_of(st.dates(date(1950, 1, 1), date(2010, 12, 31)), LEAP_DAYS), max_size=30),
    st.sampled_from(["2024-02", "2024-12", "2025-03", "2028-02", "2026-11"]),
    st.integers(55, 60),
)
def test_past_pension_age_matches_completed_years(born: list[date], period: str, base: int) -> None:
    year = int(period[:4])
    ages = {y: base + (year - y >= 2) * -1 for y in range(year - 3, year + 1)}
    frame = pl.DataFrame({"born": born}, schema={"born": pl.Date})
    got = frame.select(past_pension_age(pl.col("born"), NO_NIK, period, ages)).to_series().to_list()
    assert got == [reached(b, period, ages) for b in born]


def test_feb_29_birthday_counts_on_1_march_in_common_years() -> None:
    frame = pl.DataFrame({"born": [date(1968, 2, 29)]})
    past = past_pension_age(pl.col("born"), NO_NIK, "2026-02", {2026: 58})
    assert frame.select(past).item() is False
    assert (
        frame.select(past_pension_age(pl.col("born"), NO_NIK, "2026-03", {2026: 58})).item() is True
    )


def test_end_of_a_leap_february_reaches_those_born_on_28_february() -> None:
    frame = pl.DataFrame({"born": [date(1966, 2, 28), date(1966, 3, 1)]})
    past = past_pension_age(pl.col("born"), NO_NIK, "2024-02", {2024: 58})
    assert frame.select(past).to_series().to_list() == [True, False]


def nik_born(nik: str, period_year: int) -> int | None:
    """DDMMYY in digits 7-12, women's day + 40, the latest year not in the future."""
    if len(nik) != 16 or not nik.isdigit():
        return None
    day, month, yy = int(nik[6:8]), int(nik[8:10]), int(nik[10:12])
    day = day - 40 if day > 40 else day
    year = yy + 2000 if yy + 2000 <= period_year else yy + 1900
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return year * 10_000 + month * 100 + min(day, 28)


NIKS = st.one_of(
    st.text("0123456789", min_size=16, max_size=16),
    st.builds(
        lambda region, day, month, yy, tail: f"{region}{day:02d}{month:02d}{yy:02d}{tail}",
        st.text("0123456789", min_size=6, max_size=6),
        st.integers(0, 99),
        st.integers(0, 13),
        st.integers(0, 99),
        st.text("0123456789", min_size=4, max_size=4),
    ),
    st.text("0123456789", max_size=18),
    st.none(),
)


@given(st.lists(NIKS, max_size=40), st.integers(1990, 2060))
def test_birth_day_read_from_the_nik(niks: list[str | None], year: int) -> None:
    frame = pl.LazyFrame({"nik": niks}, schema={"nik": pl.String})
    got = with_nik_birth_day(frame, year).collect().get_column("_nik_born").to_list()
    assert got == [None if n is None else nik_born(n, year) for n in niks]
