"""Cell-cleaning expressions against table cases seen in real payroll and BPJS files."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

import polars as pl
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from underreport.ingest import parse

INDONESIAN_MONTHS = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
]


def apply(fn: Callable[[pl.Expr], pl.Expr], *values: str | None) -> list[Any]:
    df = pl.DataFrame({"x": list(values)}, schema={"x": pl.String})
    out = df.select(fn(pl.col("x")))
    assert out.columns == ["x"]
    return out["x"].to_list()


def one(fn: Callable[[pl.Expr], pl.Expr], value: str | None) -> Any:
    return apply(fn, value)[0]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("4500000", 4_500_000.0),
        ("4.500.000", 4_500_000.0),
        ("Rp 4.500.000", 4_500_000.0),
        ("Rp4.500.000,00", 4_500_000.0),
        ("Rp. 4.500.000", 4_500_000.0),
        ("4500000,00", 4_500_000.0),
        ("4,500,000.00", 4_500_000.0),
        ("Rp 10.042.300,-", 10_042_300.0),
        ("2.057.495,17", 2_057_495.17),
        ("4500000.5", 4_500_000.5),
        ("4500000.0", 4_500_000.0),
        ("4500000.25", 4_500_000.25),
        ("IDR 4,500,000", 4_500_000.0),
        ("(1.000)", -1_000.0),
        ("-1.000", -1_000.0),
        ("Rp -1.000", -1_000.0),
        ("4.5E+06", 4_500_000.0),
        ("4.5e6", 4_500_000.0),
        ("  4.500.000  ", 4_500_000.0),
        ("\u00a04.500.000\u00a0", 4_500_000.0),
        ("Rp\u00a05.067.381", 5_067_381.0),
        ("4.500", 4_500.0),
        ("4.500,-", 4_500.0),
        ("Rp. 2.057.495,17", 2_057_495.17),
        ("2.057.495,17,-", 2_057_495.17),
        ("1.000.000,5", 1_000_000.5),
        ("4500,000", 4_500.0),
        ("-Rp 1.000", -1_000.0),
        ("(Rp 1.500.000)", -1_500_000.0),
        ("rp 4.500.000", 4_500_000.0),
        ("4,500", 4_500.0),
        ("1,5", 1.5),
        ("0", 0.0),
        ("0.500", 0.5),
        ("1234.567", 1234.567),
        ("", None),
        ("   ", None),
        ("-", None),
        ("Rp", None),
        ("n/a", None),
        ("nan", None),
        ("inf", None),
        ("1.2.3", None),
        ("12,34,56", None),
        ("TOTAL", None),
        (None, None),
    ],
)
def test_money(raw: str | None, expected: float | None) -> None:
    got = one(parse.money, raw)
    if expected is None:
        assert got is None
    else:
        assert got == pytest.approx(expected, abs=1e-9)


def _dots(n: int, sep: str) -> str:
    return f"{n:,}".replace(",", sep)


MONEY_STYLES: list[Callable[[int], str]] = [
    str,
    lambda n: _dots(n, "."),
    lambda n: f"Rp {_dots(n, '.')}",
    lambda n: f"Rp{_dots(n, '.')},00",
    lambda n: f"{n},00",
    lambda n: f"{n:,}.00",
    lambda n: f"{n}.0",
]


@given(st.integers(min_value=0, max_value=10**10))
def test_money_round_trips_every_style(n: int) -> None:
    values = [style(n) for style in MONEY_STYLES]
    assert apply(parse.money, *values) == [float(n)] * len(values)


@pytest.mark.parametrize(
    ("raw", "expected", "scientific", "valid"),
    [
        ("3201234567890123", "3201234567890123", False, True),
        ("'3201234567890123", "3201234567890123", False, True),
        ("3201 2345 6789 0123", "3201234567890123", False, True),
        ("32.01.23.456789.0123", "3201234567890123", False, True),
        ("3201-2345-6789-0123", "3201234567890123", False, True),
        ("3201234567890123.0", "3201234567890123", False, True),
        (" 3201234567890123\u00a0", "3201234567890123", False, True),
        ("3.20123456789012E+15", "3201234567890120", True, True),
        ("3,20123456789012E+15", "3201234567890120", True, True),
        ("3.20123E+15", "3201230000000000", True, True),
        ("320123456789012", "320123456789012", False, False),
        ("032012345678901234", "032012345678901234", False, False),
        ("32012345678901ab", "32012345678901AB", False, False),
        ("-", None, False, False),
        ("", None, False, False),
        (None, None, False, False),
    ],
)
def test_nik(raw: str | None, expected: str | None, scientific: bool, valid: bool) -> None:
    assert one(parse.nik, raw) == expected
    assert one(parse.nik_is_scientific, raw) is scientific
    assert one(lambda e: parse.nik_valid(parse.nik(e)), raw) is valid


_NIK_PIECES = st.text(alphabet="0123456789", min_size=16, max_size=16)


@given(
    _NIK_PIECES,
    st.lists(st.tuples(st.integers(0, 16), st.sampled_from([" ", ".", "-", "  "])), max_size=5),
    st.booleans(),
)
def test_nik_strips_separators(digits: str, inserts: list[tuple[int, str]], quote: bool) -> None:
    text = digits
    for pos, sep in sorted(inserts, reverse=True):
        text = text[:pos] + sep + text[pos:]
    if quote:
        text = "'" + text
    # "320123456789012.0" is how a float shows 15 digits: read as that, never as 16.
    assume(not re.fullmatch(r"'?\d+\.00?", re.sub(r"\s+", "", text)))
    assert one(parse.nik, text) == digits
    assert one(lambda e: parse.nik_valid(parse.nik(e)), text) is True


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("12345678", "12345678"),
        ("1234567", "01234567"),
        ("1234567.0", "01234567"),
        ("'01234567", "01234567"),
        (" 0123 4567 ", "01234567"),
        ("01.234.567", "01234567"),
        ("12-345-678", "12345678"),
        ("123456789", "123456789"),
        ("jj012345", "JJ012345"),
        ("", None),
        (None, None),
    ],
)
def test_npp(raw: str | None, expected: str | None) -> None:
    assert one(parse.npp, raw) == expected


D = dt.date


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("22-03-2024", D(2024, 3, 22)),
        ("22/03/2024", D(2024, 3, 22)),
        ("22.03.2024", D(2024, 3, 22)),
        ("1/2/1985", D(1985, 2, 1)),
        ("2024-03-22", D(2024, 3, 22)),
        ("2024/03/22", D(2024, 3, 22)),
        ("2024-03-22 00:00:00", D(2024, 3, 22)),
        ("2024-03-22T08:30:00.000", D(2024, 3, 22)),
        ("22/03/2024 13:45", D(2024, 3, 22)),
        ("45000", D(2023, 3, 15)),
        ("45000.75", D(2023, 3, 15)),
        ("45000.0", D(2023, 3, 15)),
        ("1", D(1899, 12, 31)),
        ("22 Maret 2024", D(2024, 3, 22)),
        ("22 MARET 2024", D(2024, 3, 22)),
        ("22-Mar-2024", D(2024, 3, 22)),
        ("22-Mar-24", D(2024, 3, 22)),
        ("01-Jan-85", D(1985, 1, 1)),
        ("1 Agt 2024", D(2024, 8, 1)),
        ("1 Agu 2024", D(2024, 8, 1)),
        ("1 Agustus 2024", D(2024, 8, 1)),
        ("5 Mei 2023", D(2023, 5, 5)),
        ("5 May 2023", D(2023, 5, 5)),
        ("17 Agustus 1945", D(1945, 8, 17)),
        ("3 Des 2024", D(2024, 12, 3)),
        ("3 Okt 2024", D(2024, 10, 3)),
        ("3 Nopember 2024", D(2024, 11, 3)),
        ("14 Pebruari 1990", D(1990, 2, 14)),
        ("29 Feb 2024", D(2024, 2, 29)),
        ("Jumat, 22 Maret 2024", D(2024, 3, 22)),
        ("March 22, 2024", D(2024, 3, 22)),
        ("  22  Maret   2024 ", D(2024, 3, 22)),
        ("31/02/2024", None),
        ("29 Feb 2023", None),
        ("2024-13-01", None),
        ("32-01-2024", None),
        ("22 Foo 2024", None),
        ("0", None),
        ("80001", None),
        ("tgl lahir", None),
        ("", None),
        (None, None),
    ],
)
def test_date(raw: str | None, expected: dt.date | None) -> None:
    assert one(parse.date, raw) == expected


@given(st.dates(min_value=D(1900, 1, 1), max_value=D(2099, 12, 31)))
def test_date_round_trips(d: dt.date) -> None:
    texts = [
        d.strftime("%d-%m-%Y"),
        d.strftime("%d/%m/%Y"),
        d.isoformat(),
        f"{d.day} {INDONESIAN_MONTHS[d.month - 1]} {d.year}",
    ]
    assert apply(parse.date, *texts) == [d] * len(texts)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2025-03", "2025-03"),
        ("2025/03", "2025-03"),
        ("2025-3", "2025-03"),
        ("03/2025", "2025-03"),
        ("03-2025", "2025-03"),
        ("3/2025", "2025-03"),
        ("202503", "2025-03"),
        ("Maret 2025", "2025-03"),
        ("MARET 2025", "2025-03"),
        ("maret 2025", "2025-03"),
        ("Mar 2025", "2025-03"),
        ("Mar-25", "2025-03"),
        ("Agt 2025", "2025-08"),
        ("Agu 2025", "2025-08"),
        ("March 2025", "2025-03"),
        ("Des. 2024", "2024-12"),
        ("22/03/2025", "2025-03"),
        ("2025-03-22 00:00:00", "2025-03"),
        ("22 Maret 2025", "2025-03"),
        ("Mar 22, 2024", "2024-03"),
        ("45000", "2023-03"),
        ("Periode Maret 2025", "2025-03"),
        ("PERIODE PAYROLL: Maret 2025", "2025-03"),
        ("Periode : Desember 2024", "2024-12"),
        ("2025-13", None),
        ("13/2025", None),
        ("202513", None),
        ("2025", None),
        ("Gaji Pokok", None),
        ("Semarang 2025", None),
        ("", None),
        (None, None),
    ],
)
def test_period(raw: str | None, expected: str | None) -> None:
    assert one(parse.period, raw) == expected


@given(st.integers(1900, 2099), st.integers(1, 12), st.sampled_from([str, str.upper, str.lower]))
def test_period_of_indonesian_month(year: int, month: int, case: Callable[[str], str]) -> None:
    text = f"{case(INDONESIAN_MONTHS[month - 1])} {year}"
    assert one(parse.period, text) == f"{year}-{month:02d}"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        *[(v, True) for v in ["AKTIF", "Aktif", " aktif ", "ACTIVE", "1", "Y", "YA", "TRUE"]],
        *[
            (v, False)
            for v in [
                "NON AKTIF",
                "Non Aktif",
                "NONAKTIF",
                "NON-AKTIF",
                "NON  AKTIF",
                "TIDAK AKTIF",
                "INACTIVE",
                "NOT ACTIVE",
                "KELUAR",
                "0",
                "N",
                "TIDAK",
                "FALSE",
            ]
        ],
        ("MENINGGAL?", None),
        ("", None),
        (None, None),
    ],
)
def test_active(raw: str | None, expected: bool | None) -> None:
    assert one(parse.active, raw) is expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        *[(v, True) for v in ["Y", "y", "YA", "Ya", "YES", "1", "TRUE", "X", "v", "✓", "ADA"]],
        *[(v, False) for v in ["N", "T", "TIDAK", "NO", "0", "FALSE", "-", "", " ", None]],
        ("mungkin", None),
    ],
)
def test_yes_no(raw: str | None, expected: bool | None) -> None:
    assert one(parse.yes_no, raw) is expected


FOUR = ["JKK", "JKM", "JHT", "JP"]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("JKK, JKM, JHT, JP", FOUR),
        ("JKK+JKM", ["JKK", "JKM"]),
        ("jkk/jkm/jht", ["JKK", "JKM", "JHT"]),
        ("JKK;JKM;JHT;JP", FOUR),
        ("JP, JHT, JKM, JKK", FOUR),
        ("JKK JKM JHT JP JKP", [*FOUR, "JKP"]),
        ("JHT JHT JKK", ["JKK", "JHT"]),
        ("4 PROGRAM", FOUR),
        ("4 Program", FOUR),
        ("3 PROGRAM", ["JKK", "JKM", "JHT"]),
        ("2 PROGRAM", ["JKK", "JKM"]),
        ("JHT, JKK, JKM, JP (4 Program)", FOUR),
        ("JPK", []),
        ("-", []),
        ("", []),
        (None, None),
    ],
)
def test_programs(raw: str | None, expected: list[str] | None) -> None:
    assert one(parse.programs, raw) == expected


def test_months_table() -> None:
    for number, name in enumerate(INDONESIAN_MONTHS, start=1):
        assert parse.MONTHS[name.lower()] == number
    assert parse.MONTHS["agt"] == parse.MONTHS["agu"] == parse.MONTHS["august"] == 8
    assert all(key == key.lower() for key in parse.MONTHS)


def test_scalar_helpers() -> None:
    assert parse.period_of_text("Periode : Maret 2025") == "2025-03"
    assert parse.period_of_text("DAFTAR GAJI KARYAWAN") is None
    assert parse.date_of_text("22 Maret 2024") == D(2024, 3, 22)
    assert parse.date_of_text("31/02/2024") is None


def test_expressions_work_lazily_and_keep_names() -> None:
    lf = pl.LazyFrame({"gaji": ["Rp 4.500.000", None], "tgl": ["1 Agt 2024", "x"]})
    out = lf.select(parse.money(pl.col("gaji")), parse.date(pl.col("tgl"))).collect()
    assert out.columns == ["gaji", "tgl"]
    assert out.to_dicts() == [
        {"gaji": 4_500_000.0, "tgl": D(2024, 8, 1)},
        {"gaji": None, "tgl": None},
    ]
