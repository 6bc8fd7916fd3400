"""Loading messy sheets: header search, title blocks, two-row headers, skipped rows."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from conftest import ENROLMENT_HEADER, enrolment_line, write_csv, write_xlsx

from underreport.ingest import parse
from underreport.ingest.load import load_kind
from underreport.model.errors import InputError

NIK_A, NIK_B, NIK_C = "3201234567890123", "3273015505900002", "3578014101950003"


def _payroll(
    tmp: Path, rows: list[list[object]], merges: list[str] | None = None, name: str = "Maret"
) -> tuple[pl.DataFrame, list, pl.DataFrame]:
    path = write_xlsx(tmp / "gaji.xlsx", {name: rows}, {name: merges or []})
    data, meta, issues = load_kind([path], "payroll")
    return data, meta, issues


def test_title_block_fills_employer_and_period_and_header_is_found(tmp: Path) -> None:
    rows: list[list[object]] = [
        [],
        [None, "DAFTAR GAJI KARYAWAN"],
        [None, "Nama Perusahaan : PT Sinar Abadi"],
        [None, "No. NPP", ": 01234567"],
        [None, "Bulan : Maret 2025"],
        [],
        [None, "No", "Nama Pegawai", "No. KTP", "Jabatan", "Gapok", "Tunj. Tetap", "Lembur"],
        [None, 1, "Budi", int(NIK_A), "Staf", 4500000, "Rp 500.000", 200000],
        [None, 2, "Ani", f"'{NIK_B}", "Staf", "Rp4.000.000,00", None, 0],
        [None, None, "TOTAL", None, None, 8500000, 500000],
        [],
        [None, None, "Mengetahui,"],
        [None, None, "Direktur"],
    ]
    data, meta, issues = _payroll(tmp, rows)
    assert data["employer_id"].to_list() == ["01234567", "01234567"]
    assert data["employer_name"].unique().to_list() == ["PT Sinar Abadi"]
    assert data["period"].unique().to_list() == ["2025-03"]
    assert data["nik"].to_list() == [NIK_A, NIK_B]
    assert data["contribution_wage"].to_list() == [5_000_000, 4_000_000]
    assert data["_row"].to_list() == [8, 9]
    assert (meta[0].rows_read, meta[0].rows_skipped) == (2, 4)
    skipped = issues.filter(pl.col("code") == "ROW_SKIPPED")
    assert skipped["row"].to_list() == [10, 12, 13]


def test_two_row_header_counts_fixed_allowance_once_and_checks_computed_wage(tmp: Path) -> None:
    rows: list[list[object]] = [
        ["PT MAJU BERSAMA"],
        ["PERIODE PAYROLL: Februari 2025"],
        ["NPP : 87654321"],
        [
            "No",
            "NIK",
            "Nama",
            "Gaji Pokok",
            "Tunjangan Tetap",
            None,
            None,
            "Total Tunjangan Tetap",
            "Tunjangan Tidak Tetap",
            None,
            "Upah (Gaji Pokok + Tj. Tetap)",
        ],
        [
            None,
            None,
            None,
            None,
            "Tj. Tetap Perumahan",
            "Tj. Tetap Transport",
            "Tj. Tetap Komunikasi",
            None,
            "Uang Makan",
            "Lembur",
            None,
        ],
        [1, NIK_A, "Budi", 4000000, 300000, 200000, 100000, 600000, 400000, 50000, 4600000],
        [2, NIK_B, "Ani", 3000000, 100000, 100000, 0, 200000, 400000, 0, 3300000],
    ]
    merges = ["A4:A5", "B4:B5", "C4:C5", "D4:D5", "E4:G4", "H4:H5", "I4:J4", "K4:K5"]
    data, meta, issues = _payroll(tmp, rows, merges)
    assert data["employer_name"].to_list()[0] == "PT MAJU BERSAMA"
    assert data["period"].to_list()[0] == "2025-02"
    assert data["fixed_allowance"].to_list() == [600_000, 200_000]
    assert data["contribution_wage"].to_list() == [4_600_000, 3_300_000]
    mismatch = issues.filter(pl.col("code") == "WAGE_MISMATCH")
    assert mismatch["row"].to_list() == [7]
    assert "Upah (Gaji Pokok + Tj. Tetap) (K)" in mismatch["column"].to_list()
    assert meta[0].rows_read == 2


def test_allowance_parts_are_summed_when_no_total_column(tmp: Path) -> None:
    rows: list[list[object]] = [
        ["Periode : 03/2025", None, None, None, None],
        ["NPP : 11112222"],
        ["NIK", "Nama", "Upah Pokok", "Tunjangan Tetap", None, "Tunjangan Tidak Tetap"],
        [None, None, None, "Perumahan", "Jabatan", "Transport"],
        [NIK_A, "Budi", "3.000.000", "250.000", "750.000", "999.000"],
    ]
    data, _, _ = _payroll(tmp, rows, ["D3:E3"])
    assert data["fixed_allowance"].to_list() == [1_000_000]
    assert data["contribution_wage"].to_list() == [4_000_000]


def test_employee_number_without_nik_loads_and_is_flagged(tmp: Path) -> None:
    rows: list[list[object]] = [
        ["Periode : Maret 2025"],
        ["NPP : 11112222"],
        ["No Karyawan", "Nama", "Gaji Pokok"],
        ["K-001", "Budi", 4000000],
        ["K-002", "Ani", 4100000],
    ]
    data, _, issues = _payroll(tmp, rows)
    assert data.height == 2 and data["nik"].null_count() == 2
    assert issues.filter(pl.col("code") == "NIK_MISSING").height == 2


def test_payroll_without_any_period_is_an_input_error(tmp: Path) -> None:
    rows: list[list[object]] = [
        ["NPP : 11112222"],
        ["NIK", "Nama", "Gaji Pokok"],
        [NIK_A, "Budi", 4000000],
    ]
    with pytest.raises(InputError) as err:
        _payroll(tmp, rows)
    assert "period" in str(err.value) and "gaji.xlsx" in str(err.value)


def test_csv_semicolon_bom_and_windows_1252(tmp: Path) -> None:
    lines = [
        ENROLMENT_HEADER,
        enrolment_line("12345678", NIK_A, "José Ñoño", "Rp 4.500.000"),
        enrolment_line("12345678", NIK_B, "Ani", "4.000.000,00", "NON AKTIF"),
    ]
    for enc in ("utf-8-sig", "cp1252", "utf-8"):
        path = write_csv(tmp / f"bpjs_{enc}.csv", lines, enc)
        data, meta, _ = load_kind([path], "enrollment")
        assert data["worker_name"].to_list()[0] == "José Ñoño"
        assert data["reported_wage"].to_list() == [4_500_000, 4_000_000]
        assert data["active"].to_list() == [True, False]
        assert data["programs"].to_list()[0] == ["JKK", "JKM", "JHT", "JP"]
        assert data["_row"].to_list() == [2, 3]
        assert meta[0].rows_read == 2


def test_comma_csv_with_programme_flag_columns(tmp: Path) -> None:
    lines = [
        "npp,nik,nama,upah,jkk,jkm,jht,jp,status",
        f'12345678,{NIK_A},Budi,"4,500,000.00",Y,Y,Tidak,N,Aktif',
        f"12345678,{NIK_B},Ani,4500000,Ya,Ya,Ya,Ya,Non Aktif",
    ]
    data, _, _ = load_kind([write_csv(tmp / "e.csv", lines, "utf-8")], "enrollment")
    assert data["programs"].to_list() == [["JKK", "JKM"], ["JKK", "JKM", "JHT", "JP"]]
    assert data["reported_wage"].to_list() == [4_500_000, 4_500_000]


def test_csv_without_nik_column_names_what_is_missing(tmp: Path) -> None:
    path = write_csv(tmp / "e.csv", ["NPP;NAMA;UPAH", "12345678;Budi;4500000"])
    with pytest.raises(InputError) as err:
        load_kind([path], "enrollment")
    assert "NIK" in str(err.value) and "e.csv" in str(err.value)


def test_several_sheets_each_with_its_own_title_block(tmp: Path) -> None:
    def sheet(npp: str, nik: str) -> list[list[object]]:
        return [
            [f"NPP : {npp}"],
            ["Periode : Maret 2025"],
            ["NIK", "Nama", "Gaji Pokok"],
            [nik, "X", 4000000],
        ]

    path = write_xlsx(
        tmp / "g.xlsx", {"A": sheet("11111111", NIK_A), "B": sheet("22222222", NIK_B)}
    )
    data, meta, _ = load_kind([path], "payroll")
    assert dict(zip(data["employer_id"], data["nik"], strict=True)) == {
        "11111111": NIK_A,
        "22222222": NIK_B,
    }
    assert [m.sheet for m in meta] == ["A", "B"]


def test_parquet_typed_columns(tmp: Path) -> None:
    path = tmp / "p.parquet"
    pl.DataFrame(
        {
            "NPP": ["12345678"],
            "NIK": [int(NIK_A)],
            "Nama": ["Budi"],
            "Periode": ["2025-03"],
            "Gaji Pokok": [4_000_000],
            "Tunjangan Tetap": [0.0],
        }
    ).write_parquet(path)
    data, meta, _ = load_kind([path], "payroll")
    assert data["nik"].to_list() == [NIK_A]
    assert data["contribution_wage"].to_list() == [4_000_000]
    assert meta[0].rows_read == 1


@pytest.mark.parametrize(
    "content, message",
    [(b"", "empty"), (b"PK\x03\x04garbage", "workbook")],
)
def test_unreadable_files(tmp: Path, content: bytes, message: str) -> None:
    path = tmp / "bad.xlsx"
    path.write_bytes(content)
    with pytest.raises(InputError) as err:
        load_kind([path], "payroll")
    assert message in str(err.value)


_NIK_CELLS = [
    "3201234567890123", "'3201234567890123", "3201 2345 6789 0123", "32.01.23.456789.0123",
    "3201234567890123.0", "3.20123456789012E+15", "3,20123E+15", "320123456789012",
    "32012345678901ab", "-", "", "3273015505900002", " 3578014101950003 ",
]  # fmt: skip


@pytest.mark.parametrize("tail", [0, 1, 5])
def test_plain_niks_skip_cleaning_yet_load_as_the_cleaner_reads_them(tmp: Path, tail: int) -> None:
    """Plain 16-digit NIKs take a shortcut past the cleaning regexes; the rest do not."""
    cells = [NIK_A, NIK_B, *_NIK_CELLS[: len(_NIK_CELLS) - tail]]
    rows: list[list[object]] = [["NPP", "Nama", "NIK", "Periode", "Gaji Pokok"]]
    rows += [["01234567", f"Pekerja {i}", c, "2025-03", 5_000_000] for i, c in enumerate(cells)]
    path = write_xlsx(tmp / "gaji.xlsx", {"Maret": rows}, {"Maret": []})
    data, _, _ = load_kind([path], "payroll")
    by_name = dict(zip(data["worker_name"], zip(data["nik"], data["nik_damaged"], strict=True),
                       strict=True))  # fmt: skip
    expected = pl.DataFrame({"x": cells}).select(
        parse.nik(pl.col("x")).alias("nik"), parse.nik_is_scientific(pl.col("x")).alias("sci")
    )
    for i, (nik, sci) in enumerate(expected.iter_rows()):
        assert by_name[f"Pekerja {i}"] == (nik, sci)


def test_plain_amounts_are_cast_and_the_rest_parsed_alike(tmp: Path) -> None:
    """Plain whole numbers skip the money parser; every form loads as the parser reads it."""
    amounts = ["4500000", "0", "Rp 4.500.000", "4.500.000,00", "4500000.0", "007", "-", "12,5"]
    lines = ["NPP,NIK,Nama,Periode,Gaji Pokok"]
    lines += [
        f'01234567,{NIK_A[:-2]}{i:02d},Pekerja {i},2025-03,"{a}"' for i, a in enumerate(amounts)
    ]
    data, _, _ = load_kind([write_csv(tmp / "gaji.csv", lines)], "payroll")
    got = dict(zip(data["worker_name"], data["base_wage"], strict=True))
    expected = pl.DataFrame({"x": amounts}).select(parse.money(pl.col("x"))).to_series()
    for i, value in enumerate(expected.to_list()):
        if f"Pekerja {i}" in got:
            assert got[f"Pekerja {i}"] == value, amounts[i]
    assert len(got) >= 7 and got["Pekerja 0"] == got["Pekerja 2"] == 4_500_000
