"""The bulk generator plants exactly the answer it reports, and reconcile finds it.

The recount reads the written files with plain Polars (no underreport loader), so a
loader bug cannot hide a generator bug or the other way round.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from underreport import load, reconcile
from underreport.ingest.checks import PROVINCES
from underreport.sample.bulk import (
    ENROLLMENT_COLUMNS,
    PAYROLL_COLUMNS,
    BulkAnswer,
    generate_bulk,
    rupiah_text,
)

ROWS = 5000
COUNTS = ["payroll_workers", "unregistered_workers", "underreported_wage_workers"]


@pytest.fixture(scope="module")
def bulk(tmp_path_factory: pytest.TempPathFactory) -> BulkAnswer:
    out = tmp_path_factory.mktemp("bulk")
    return generate_bulk(out, ROWS, seed=3, formats=("parquet", "csv", "xlsx"), money_text=True)


def recount(payroll: pl.DataFrame, enrollment: pl.DataFrame, period: str) -> pl.DataFrame:
    """Per-employer counts straight from the files' columns."""
    active = pl.col("STATUS KEPESERTAAN") == "AKTIF"
    by_worker = enrollment.group_by("NPP", "NIK").agg(
        active.any().alias("active"), pl.col("UPAH").filter(active).max().alias("upah")
    )
    on = payroll.filter(pl.col("Periode") == period).join(by_worker, on=["NPP", "NIK"], how="left")
    cw = pl.col("Gaji Pokok") + pl.col("Tunjangan Tetap")
    is_active = pl.col("active").fill_null(False)
    counts = on.group_by("NPP").agg(
        pl.len().cast(pl.Int64).alias("payroll_workers"),
        (~is_active).sum().cast(pl.Int64).alias("unregistered_workers"),
        (is_active & (pl.col("upah") < 0.99 * cw))
        .sum()
        .cast(pl.Int64)
        .alias("underreported_wage_workers"),
    )
    enrolled = enrollment["NPP"].unique().implode()
    return counts.rename({"NPP": "employer_id"}).with_columns(
        pl.col("employer_id").is_in(enrolled).alias("registered")
    )


def test_deterministic_per_seed(bulk: BulkAnswer, tmp_path: Path) -> None:
    again = generate_bulk(tmp_path / "again", ROWS, seed=3)
    other = generate_bulk(tmp_path / "other", ROWS, seed=4)
    assert again.employers.equals(bulk.employers)
    for a, b in zip(again.files["parquet"], bulk.files["parquet"], strict=True):
        assert pl.read_parquet(a).equals(pl.read_parquet(b))
    assert not other.employers.equals(bulk.employers)
    assert pl.read_parquet(bulk.files["parquet"][0].parent / "answer.parquet").equals(
        bulk.employers
    )


def test_files_look_like_users_files(bulk: BulkAnswer) -> None:
    pay_path, enr_path = bulk.files["parquet"]
    pay, enr = pl.read_parquet(pay_path), pl.read_parquet(enr_path)
    assert tuple(pay.columns) == PAYROLL_COLUMNS
    assert tuple(enr.columns) == ENROLLMENT_COLUMNS
    assert pay.height == bulk.payroll_rows and enr.height == bulk.enrollment_rows
    for frame in (pay, enr):
        assert frame["NIK"].str.contains(r"^\d{16}$").all()
        assert frame["NIK"].str.slice(0, 2).is_in(sorted(PROVINCES)).all()
        assert frame["NPP"].str.contains(r"^\d{8}$").all()
    now = pay.filter(pl.col("Periode") == bulk.period)
    assert now.height == ROWS == bulk.period_rows
    assert now["NIK"].n_unique() == ROWS  # one row per worker, no NIK at two employers
    assert pay["Gaji Pokok"].dtype == pl.Int64 and enr["UPAH"].dtype == pl.Int64
    assert set(enr["STATUS KEPESERTAAN"].unique()) == {"AKTIF", "NON AKTIF"}
    assert not set(enr["NPP"]).issubset(set(pay["NPP"]))  # enrolment-only employers
    e = bulk.employers
    total = int(e["payroll_workers"].sum())
    assert 0.05 < int(e["unregistered_workers"].sum()) / total < 0.14
    assert 0.03 < int(e["underreported_wage_workers"].sum()) / total < 0.07
    assert 15 < total / e.height < 40
    assert (~e["registered"]).sum() > 0 and e["enrolled_not_on_payroll"].sum() > 0


@pytest.mark.parametrize("fmt", ["parquet", "csv"])
def test_answer_matches_a_recount_of_the_files(bulk: BulkAnswer, fmt: str) -> None:
    pay_path, enr_path = bulk.files[fmt]
    if fmt == "csv":
        pay = pl.read_csv(pay_path, infer_schema=False).with_columns(
            pl.col("Gaji Pokok", "Tunjangan Tetap").cast(pl.Int64)
        )
        enr = pl.read_csv(enr_path, separator=";", infer_schema=False).with_columns(
            pl.col("UPAH").cast(pl.Int64)
        )
    else:
        pay, enr = pl.read_parquet(pay_path), pl.read_parquet(enr_path)
    got = recount(pay, enr, bulk.period).sort("employer_id")
    want = bulk.employers.select(got.columns).sort("employer_id")
    assert_frame_equal(got, want)


def test_xlsx_and_money_text_hold_the_same_values(bulk: BulkAnswer) -> None:
    for side in (0, 1):
        parquet = pl.read_parquet(bulk.files["parquet"][side])
        xlsx = pl.read_excel(bulk.files["xlsx"][side], engine="calamine")
        assert_frame_equal(xlsx.with_columns(pl.col(pl.Datetime).cast(pl.Date)), parquet)
    text = pl.read_parquet(bulk.money_text_files["parquet"][1])
    plain = pl.read_parquet(bulk.files["parquet"][1])
    assert text["UPAH"].str.contains(r"^Rp [1-9]\d{0,2}(\.\d{3})*,00$").all()
    back = (
        text["UPAH"]
        .str.slice(3)
        .str.replace(",00", "", literal=True)
        .str.replace_all(".", "", literal=True)
    )
    assert back.cast(pl.Int64).equals(plain["UPAH"])


def test_rupiah_text() -> None:
    values = pl.Series("x", [0, 999, 1000, 4_500_000, 10_042_300, 123_456_789])
    assert pl.select(rupiah_text(pl.lit(values))).to_series().to_list() == [
        "Rp 0,00",
        "Rp 999,00",
        "Rp 1.000,00",
        "Rp 4.500.000,00",
        "Rp 10.042.300,00",
        "Rp 123.456.789,00",
    ]


@pytest.mark.parametrize("stem", ["", "_text"])
def test_reconcile_finds_exactly_the_answer(bulk: BulkAnswer, stem: str) -> None:
    files = bulk.files if not stem else bulk.money_text_files
    pay, enr = files["parquet"]
    rec = reconcile(load([pay], [enr]))
    assert rec.result.period == bulk.period
    assert rec.result.data_quality == []
    cols = ["employer_id", *COUNTS, "registered", "enrolled_workers", "enrolled_not_on_payroll"]
    got = pl.DataFrame(
        [e.model_dump(include=set(cols)) for e in rec.result.employers],
        schema={c: bulk.employers.schema[c] for c in cols},
    )
    want = bulk.flagged().select(cols)
    assert_frame_equal(got.sort("employer_id"), want.sort("employer_id"))
