"""Title blocks as offices write them: where a sheet's NPP, employer and period come from.

The parser is tested on grids first (each line with its answer written by
hand), then end to end through `load_kind` and `underreport.load` on
workbooks and CSVs built here.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from conftest import ENROLMENT_HEADER, enrolment_line, write_csv, write_xlsx

import underreport
from underreport.ingest import parse
from underreport.ingest.load import ENROLLMENT_COLUMNS, load_kind
from underreport.ingest.title import read_block
from underreport.model.errors import InputError

NIK_A, NIK_B, NIK_C = "3201234567890123", "3273015505900002", "3578014101950003"
Grid = list[list[object]]


def block(rows: Grid, first_row: int = 1) -> dict[str, tuple[str, int | None, str]]:
    """Field -> (value, row, source) read from `rows`, cells given as text like calamine's."""
    grid = [[None if c is None else str(c) for c in r] for r in rows]
    return {f: (t.value, t.row, t.source) for f, t in read_block(grid, first_row).items()}


def npp_in(rows: Grid) -> str | None:
    found = block(rows).get("employer_id")
    return parse.npp_of_text(found[0]) if found else None


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        ([["NPP - UNIT KERJA : 80182795 - 000"]], "80182795"),
        ([["NPP : 80182795-001"]], "80182795"),
        ([["No. NPP: 12.345.678"]], "12345678"),
        ([["NPP : NN140549"]], "NN140549"),
        ([["NPP : nn140549 - 000"]], "NN140549"),
        ([["NPP : 03103314"]], "03103314"),
        ([["No. NPP", ": 01234567"]], "01234567"),
        ([[None, "NPP", ":", "80182795 - 000"]], "80182795"),
        ([["NPP 80182795"]], "80182795"),
        ([["No. NPP 80182795 - 000"]], "80182795"),
        ([["NPP BPJS Ketenagakerjaan : 66234590"]], "66234590"),
        ([["BPJS Ketenagakerjaan Reg. No.: 66234590"]], "66234590"),
        ([["BPJS TK Reg No : 66234590"]], "66234590"),
        ([["BPJS Employer No.", "66234590"]], "66234590"),
        ([["Registration No. : 66234590"]], "66234590"),
        ([["Nomor Pendaftaran Perusahaan : 66234590"]], "66234590"),
    ],
)
def test_npp_lines(rows: Grid, expected: str) -> None:
    assert npp_in(rows) == expected


@pytest.mark.parametrize(
    "rows",
    [
        [["Nama Unit Kerja / Kesatuan : 80001111"]],
        [["KANTOR CABANG : 80001111"]],
        [["BPJS Kesehatan No. : 0001234567890"]],
        [["Company Reg. No.: AHU-0012345"]],
        [["NPWP : 01.234.567.8-901.000"]],
        [["NPP : belum terdaftar"]],
        [["DAFTAR GAJI PEGAWAI 2025"]],
    ],
)
def test_lines_that_are_not_the_npp(rows: Grid) -> None:
    assert npp_in(rows) is None


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        ([["Pay Period: April 2025"]], "2025-04"),
        ([["Payroll Period : 04/2025"]], "2025-04"),
        ([["Period: Apr-2025"]], "2025-04"),
        ([["PERIODE MARET 2025"]], "2025-03"),
        ([["PERIODE PAYROLL: Maret 2025"]], "2025-03"),
        ([["Periode Gaji", ": Juni 2025"]], "2025-06"),
        ([["Bulan : Maret"], ["Tahun : 2025"]], "2025-03"),
        ([["Bulan", ": Nopember", None, "Tahun", ": 2024"]], "2024-11"),
        ([["DAFTAR GAJI KARYAWAN BULAN AGUSTUS 2025"]], "2025-08"),
        ([["REKAP GAJI PEGAWAI DESEMBER 2024"]], "2024-12"),
    ],
)
def test_period_lines(rows: Grid, expected: str) -> None:
    assert block(rows)["period"][0] == expected


@pytest.mark.parametrize(
    "rows",
    [
        [["Jakarta, 28 Maret 2025"]],
        [["Tanggal Cetak : 05 April 2025"]],
        [["Dicetak: 05/04/2025 10:30"]],
        [["DAFTAR GAJI PEGAWAI"]],
        [["Tahun : 2025"]],
    ],
)
def test_dates_and_headings_are_not_periods(rows: Grid) -> None:
    assert "period" not in block(rows)


def test_a_month_without_a_year_is_kept_as_written_not_guessed() -> None:
    assert block([["Bulan : Maret"]])["period"] == ("Maret", 1, "title: Bulan (row 1)")


def test_a_pay_period_over_two_months_is_kept_as_written_not_guessed() -> None:
    found = block([["Periode : 26 Februari 2025 - 25 Maret 2025"]])
    assert found["period"] == ("26 Februari 2025 - 25 Maret 2025", 1, "title: Periode (row 1)")
    assert block([["Periode : 01 Maret 2025 - 31 Maret 2025"]])["period"][0] == "2025-03"


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        ([["Company: PT X Indonesia"]], "PT X Indonesia"),
        ([["NAMA PERUSAHAAN : PT SINAR ABADI"]], "PT SINAR ABADI"),
        ([["Nama Pemberi Kerja/Wadah/Mitra", ": CV Cahaya Timur"]], "CV Cahaya Timur"),
        ([["PT MAJU BERSAMA"], ["PERIODE PAYROLL: Maret 2025"]], "PT MAJU BERSAMA"),
        ([["Sinar Jaya, PT"]], "Sinar Jaya, PT"),
    ],
)
def test_employer_name_lines(rows: Grid, expected: str) -> None:
    assert block(rows)["employer_name"][0] == expected


def test_two_labelled_values_typed_in_one_cell() -> None:
    found = block([["Nama Perusahaan : PT Maju   Periode : Maret 2025   NPP : 80182795 (Jakarta)"]])
    assert found == {
        "employer_id": ("80182795", 1, "title: NPP (row 1)"),
        "employer_name": ("PT Maju", 1, "title: Nama Perusahaan (row 1)"),
        "period": ("2025-03", 1, "title: Periode (row 1)"),
    }


def test_hr_system_block_at_column_b_with_sources_and_rows() -> None:
    rows: Grid = [
        [None, "DAFTAR GAJI PEGAWAI"],
        [None, "PERIODE MARET 2025"],
        [None, "KANTOR CABANG : JAKARTA SUDIRMAN"],
        [None, "NPP - UNIT KERJA : 80182795 - 000"],
        [None, "NAMA PERUSAHAAN : PT SINAR ABADI"],
    ]
    assert block(rows, first_row=3) == {
        "employer_id": ("80182795 - 000", 6, "title: NPP - UNIT KERJA (row 6)"),
        "employer_name": ("PT SINAR ABADI", 7, "title: NAMA PERUSAHAAN (row 7)"),
        "period": ("2025-03", 4, "title: PERIODE MARET 2025 (row 4)"),
    }


def _formulir_top(npp: object, month: object, year: object, name: str = "PT CAHAYA") -> Grid:
    """Formulir 2's block: labels over narrow merged columns, values in the row below."""
    return [
        ["LAPORAN RINCIAN IURAN PEKERJA", *[None] * 12, "Formulir 2"],
        [],
        ["NPP", None, None, "Nama Pemberi Kerja/Wadah/Mitra", None, None, None,
         "Nama Unit Kerja / Kesatuan", None, None, "Periode Laporan"],
        [npp, None, None, name, None, None, None, "KANTOR PUSAT 001", None, None, month, None,
         year],
        [*[None] * 10, "bulan", None, "tahun"],
    ]  # fmt: skip


def test_formulir_2_labels_above_values_month_and_year_apart() -> None:
    assert block(_formulir_top("NN140549", "03", "2025")) == {
        "employer_id": ("NN140549", 4, "title: NPP (row 4)"),
        "employer_name": ("PT CAHAYA", 4, "title: Nama Pemberi Kerja/Wadah/Mitra (row 4)"),
        "period": ("2025-03", 4, "title: Periode Laporan (row 4)"),
    }


def test_formulir_2_month_as_a_name_and_npp_that_lost_its_leading_zero() -> None:
    found = block(_formulir_top(3103314, "Desember", 2024))
    assert parse.npp_of_text(found["employer_id"][0]) == "03103314"
    assert found["period"][0] == "2024-12"


def test_two_different_npps_or_periods_are_kept_as_a_conflict() -> None:
    grid = [
        ["NPP : 11111111"],
        ["NPP : 22222222"],
        ["Periode : Maret 2025"],
        ["Bulan : April 2025"],
    ]
    found = read_block(grid, 1)
    assert found["employer_id"].conflict == (("22222222", 2),)
    assert found["period"].value == "2025-03"
    assert found["period"].conflict == (("2025-04", 4),)


def test_one_npp_written_twice_is_no_conflict() -> None:
    grid = [["NPP : 80182795"], ["NPP - UNIT KERJA : 80182795 - 000"], ["PERIODE MARET 2025"],
            ["Bulan : Maret"], ["Tahun : 2025"]]  # fmt: skip
    found = read_block(grid, 1)
    assert found["employer_id"].conflict == () and found["period"].conflict == ()


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Payroll Apr-2025", "2025-04"),
        ("Gaji Maret 2025", "2025-03"),
        ("gaji_maret_2025", "2025-03"),
        ("payroll_2025_04", "2025-04"),
        ("Slip Des-24", "2024-12"),
        ("2025-03", "2025-03"),
        ("03-2025", "2025-03"),
        ("MAR25", None),
        ("Sheet1", None),
        ("Summary 2025", None),
        ("rekap_15-03-2025", None),
        ("Gaji 15 Maret 2025", None),
        ("gaji_maret_2025_april_2025", None),
        ("market2025", None),
        ("v1-2025", None),
    ],
)
def test_period_of_a_sheet_or_file_name(name: str, expected: str | None) -> None:
    assert parse.period_of_name(name) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("80182795 - 000", "80182795"),
        ("NN140549-001", "NN140549"),
        ("12.345.678-001", "12345678"),
        ("12-345-678", "12345678"),
        ("1234567", "01234567"),
    ],
)
def test_npp_column_drops_the_unit_suffix(raw: str, expected: str) -> None:
    got = pl.DataFrame({"x": [raw]}).select(parse.npp(pl.col("x"))).item()
    assert got == expected


@pytest.mark.parametrize("text", ["03", "3", "12"])
def test_a_bare_month_number_is_not_an_excel_serial_period(text: str) -> None:
    assert parse.period_of_text(text) is None


# ---- end to end -------------------------------------------------------------------------


def _rows_of(data: pl.DataFrame, *cols: str) -> list[tuple[object, ...]]:
    return list(data.select(cols).iter_rows())


def test_hr_system_payroll_end_to_end(tmp: Path) -> None:
    rows: Grid = [
        [None, "DAFTAR GAJI PEGAWAI"],
        [None, "PERIODE MARET 2025"],
        [None, "KANTOR CABANG : JAKARTA SUDIRMAN"],
        [None, "NPP - UNIT KERJA : 80182795 - 000"],
        [None, "NAMA PERUSAHAAN : PT SINAR ABADI"],
        [],
        [None, "NO", "NIP", "NAMA", "NO. KTP", "GAJI POKOK"],
        [None, 1, "8801", "Budi", NIK_A, 4500000],
        [None, 2, "8802", "Ani", NIK_B, 4000000],
    ]
    path = write_xlsx(tmp / "gaji.xlsx", {"Data": rows}, {"Data": ["B1:F1", "B2:F2"]})
    data, meta, _ = load_kind([path], "payroll")
    assert _rows_of(data, "employer_id", "employer_name", "period", "_row") == [
        ("80182795", "PT SINAR ABADI", "2025-03", 8),
        ("80182795", "PT SINAR ABADI", "2025-03", 9),
    ]
    assert meta[0].columns["employer_id"] == "title: NPP - UNIT KERJA (row 4)"
    assert meta[0].columns["period"] == "title: PERIODE MARET 2025 (row 2)"
    assert meta[0].columns["employer_name"] == "title: NAMA PERUSAHAAN (row 5)"
    assert meta[0].columns["nik"] == "NO. KTP"


def test_english_export_end_to_end(tmp: Path) -> None:
    rows: Grid = [
        ["Company: PT X Indonesia"],
        ["BPJS Ketenagakerjaan Reg. No.: 66234590"],
        ["Pay Period: April 2025"],
        [],
        ["Employee ID", "Employee Name", "ID Number", "Basic Salary", "Fixed Allowance"],
        ["E-01", "Budi", NIK_A, 5000000, 250000],
        ["Grand Total", None, None, 5000000, 250000],
    ]
    data, meta, _ = load_kind([write_xlsx(tmp / "export.xlsx", {"Payroll": rows})], "payroll")
    assert _rows_of(data, "employer_id", "employer_name", "period", "contribution_wage") == [
        ("66234590", "PT X Indonesia", "2025-04", 5_250_000.0)
    ]
    assert meta[0].columns["employer_id"] == "title: BPJS Ketenagakerjaan Reg. No. (row 2)"


def test_period_from_the_sheet_name_only(tmp: Path) -> None:
    rows: Grid = [["NPP : NN140549 - 000"], ["NIK", "Nama", "Gaji Pokok"], [NIK_A, "Budi", 4000000]]
    path = write_xlsx(tmp / "gaji.xlsx", {"Payroll Apr-2025": rows})
    data, meta, _ = load_kind([path], "payroll")
    assert _rows_of(data, "employer_id", "period") == [("NN140549", "2025-04")]
    assert meta[0].columns["period"] == "sheet name 'Payroll Apr-2025'"
    assert meta[0].columns["employer_id"] == "title: NPP (row 1)"


def test_period_from_the_file_name_only_xlsx_and_csv(tmp: Path) -> None:
    rows: Grid = [["NPP : 03103314"], ["NIK", "Nama", "Gaji Pokok"], [NIK_A, "Budi", 4000000]]
    xlsx = write_xlsx(tmp / "gaji_maret_2025.xlsx", {"Sheet1": rows})
    data, meta, _ = load_kind([xlsx], "payroll")
    assert _rows_of(data, "employer_id", "period") == [("03103314", "2025-03")]
    assert meta[0].columns["period"] == "file name 'gaji_maret_2025.xlsx'"
    csv = write_csv(tmp / "payroll_2025_04.csv", ["NPP;NIK;Nama;Gaji Pokok",
                                                  f"80182795;{NIK_B};Ani;4100000"])  # fmt: skip
    data, meta, _ = load_kind([csv], "payroll")
    assert _rows_of(data, "employer_id", "period") == [("80182795", "2025-04")]
    assert meta[0].columns["period"] == "file name 'payroll_2025_04.csv'"
    assert meta[0].columns["employer_id"] == "NPP"


def test_the_sheet_name_beats_the_file_name_and_the_title_beats_both(tmp: Path) -> None:
    table: Grid = [["NIK", "Nama", "Gaji Pokok"], [NIK_A, "Budi", 4000000]]
    path = write_xlsx(
        tmp / "gaji_januari_2025.xlsx",
        {"Gaji Februari 2025": [["NPP : 11112222"], *table],
         "Gaji Juni 2025": [["NPP : 11112222"], ["Periode : Mei 2025"], *table]},
    )  # fmt: skip
    data, meta, _ = load_kind([path], "payroll")
    assert data["period"].to_list() == ["2025-02", "2025-05"]
    assert [m.columns["period"] for m in meta] == [
        "sheet name 'Gaji Februari 2025'",
        "title: Periode (row 2)",
    ]


def test_a_period_column_beats_the_sheet_name(tmp: Path) -> None:
    rows: Grid = [
        ["NPP", "NIK", "Nama", "Periode", "Gaji Pokok"],
        ["11112222", NIK_A, "Budi", "03/2025", 4000000],
    ]
    data, meta, _ = load_kind([write_xlsx(tmp / "g.xlsx", {"Gaji April 2025": rows})], "payroll")
    assert data["period"].to_list() == ["2025-03"]
    assert meta[0].columns["period"] == "Periode"


def test_no_period_anywhere_names_the_ways_to_give_one(tmp: Path) -> None:
    rows: Grid = [["NPP : 11112222"], ["NIK", "Nama", "Gaji Pokok"], [NIK_A, "Budi", 4000000]]
    with pytest.raises(InputError) as err:
        load_kind([write_xlsx(tmp / "gaji.xlsx", {"Data": rows})], "payroll")
    text = str(err.value)
    assert "gaji.xlsx" in text and "sheet or file name" in text and "[[inputs.files]]" in text


def test_a_month_without_a_year_is_an_input_error_at_its_row(tmp: Path) -> None:
    rows: Grid = [["NPP : 11112222"], ["Bulan : Maret"], ["NIK", "Nama", "Gaji Pokok"],
                  [NIK_A, "Budi", 4000000]]  # fmt: skip
    with pytest.raises(InputError) as err:
        load_kind([write_xlsx(tmp / "gaji.xlsx", {"Data": rows})], "payroll")
    assert err.value.row == 2 and "'Maret'" in str(err.value)


def test_two_npps_in_one_title_block_is_an_input_error_naming_both_rows(tmp: Path) -> None:
    rows: Grid = [
        ["NPP : 11111111"],
        ["Periode : Maret 2025"],
        ["NPP - UNIT KERJA : 22222222 - 000"],
        ["NIK", "Nama", "Gaji Pokok"],
        [NIK_A, "Budi", 4000000],
    ]
    with pytest.raises(InputError) as err:
        load_kind([write_xlsx(tmp / "gaji.xlsx", {"Data": rows})], "payroll")
    text = str(err.value)
    assert "'11111111' (row 1)" in text and "'22222222 - 000' (row 3)" in text
    assert "gaji.xlsx" in text and "[[inputs.files]]" in text


def test_two_periods_in_one_title_block_is_an_input_error(tmp: Path) -> None:
    rows: Grid = [["DAFTAR GAJI APRIL 2025"], ["NPP : 11111111"], ["Periode : Maret 2025"],
                  ["NIK", "Nama", "Gaji Pokok"], [NIK_A, "Budi", 4000000]]  # fmt: skip
    with pytest.raises(InputError) as err:
        load_kind([write_xlsx(tmp / "gaji.xlsx", {"Data": rows})], "payroll")
    assert "'2025-03' (row 3)" in str(err.value) and "'2025-04' (row 1)" in str(err.value)


def test_lines_below_the_header_are_never_title_lines(tmp: Path) -> None:
    rows: Grid = [
        ["NPP : 11112222"],
        ["Periode : Maret 2025"],
        ["NIK", "Nama", "Gaji Pokok"],
        [NIK_A, "Budi", 4000000],
        [None, "NPP : 99999999"],
        [None, "Periode : April 2025"],
    ]
    data, _, _ = load_kind([write_xlsx(tmp / "gaji.xlsx", {"Data": rows})], "payroll")
    assert _rows_of(data, "employer_id", "period") == [("11112222", "2025-03")]


def _formulir(tmp: Path, npp: object = "NN140549", name: str = "f2.xlsx") -> Path:
    rows: Grid = [
        *_formulir_top(npp, "03", "2025"),
        [],
        ["No", "NIK", "Nama Pekerja", "Upah"],
        [1, NIK_A, "Budi", "4,500,000.00"],
        [2, NIK_B, "Ani", "5,000,000.00"],
    ]
    merges = ["A1:M1", "N1:O2", "A3:C3", "D3:G3", "H3:J3", "K3:N3", "A4:C4", "D4:G4", "H4:J4",
              "K4:L4", "M4:N4", "K5:L5", "M5:N5"]  # fmt: skip
    return write_xlsx(tmp / name, {"Formulir 2": rows}, {"Formulir 2": merges})


def test_formulir_2_enrolment_takes_npp_and_period_from_its_title(tmp: Path) -> None:
    data, meta, issues = load_kind([_formulir(tmp)], "enrollment")
    assert _rows_of(data, "employer_id", "employer_name", "period", "reported_wage", "_row") == [
        ("NN140549", "PT CAHAYA", "2025-03", 4_500_000.0, 8),
        ("NN140549", "PT CAHAYA", "2025-03", 5_000_000.0, 9),
    ]
    assert meta[0].columns["employer_id"] == "title: NPP (row 4)"
    assert meta[0].columns["period"] == "title: Periode Laporan (row 4)"
    assert issues.filter(pl.col("code") == "PERIOD_UNPARSEABLE").height == 0


def test_membership_export_has_no_period_even_when_its_file_name_has_one(tmp: Path) -> None:
    lines = [ENROLMENT_HEADER, enrolment_line("12345678", NIK_A, "Budi", "4500000")]
    data, meta, _ = load_kind([write_csv(tmp / "peserta_maret_2025.csv", lines)], "enrollment")
    assert data.columns == [*ENROLLMENT_COLUMNS, "_file", "_sheet", "_row"]
    assert data["period"].to_list() == [None]
    assert "period" not in meta[0].columns


def test_enrolment_period_column_is_parsed_and_a_bad_one_flagged(tmp: Path) -> None:
    lines = [
        "NPP;NIK;NAMA;UPAH;PERIODE",
        f"12345678;{NIK_A};Budi;4500000;Maret 2025",
        f"12345678;{NIK_B};Ani;4500000;03/2025",
        f"12345678;{NIK_C};Citra;4500000;triwulan 1",
    ]
    data, _, issues = load_kind([write_csv(tmp / "e.csv", lines)], "enrollment")
    assert data["period"].to_list() == ["2025-03", "2025-03", None]
    bad = issues.filter(pl.col("code") == "PERIOD_UNPARSEABLE")
    assert bad["row"].to_list() == [4]


def test_library_load_reads_both_sides_titles(tmp: Path) -> None:
    payroll: Grid = [
        ["PT CAHAYA"],
        ["NPP", ": NN140549 - 000"],
        ["NIK", "Nama", "Gaji Pokok"],
        [NIK_A, "Budi", 4500000],
    ]
    pay = write_xlsx(tmp / "gaji_maret_2025.xlsx", {"Sheet1": payroll})
    loaded = underreport.load([pay], [_formulir(tmp)])
    assert _rows_of(loaded.payroll, "employer_id", "employer_name", "period") == [
        ("NN140549", "PT CAHAYA", "2025-03")
    ]
    assert loaded.enrollment["period"].unique().to_list() == ["2025-03"]
    sources = {(m.kind, f): s for m in loaded.inputs for f, s in m.columns.items()}
    assert sources[("payroll", "period")] == "file name 'gaji_maret_2025.xlsx'"
    assert sources[("payroll", "employer_name")] == "title: 'PT CAHAYA' (row 1)"
    assert sources[("enrollment", "employer_id")] == "title: NPP (row 4)"


def test_formulir_2_as_xls_with_numbers_for_npp_month_and_year(tmp: Path) -> None:
    """BIFF8 keeps numbers as floats: `3103314.0`, `3.0`, `2025.0` must still read."""
    import xlwt

    rows: Grid = [
        *_formulir_top(3103314, 3, 2025, name="CV SUMBER AIR"),
        [],
        ["No", "NIK", "Nama Pekerja", "Upah"],
        [1, NIK_A, "Budi", "4,500,000.00"],
    ]
    book = xlwt.Workbook()
    sheet = book.add_sheet("Formulir 2")
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value is not None:
                sheet.write(r, c, value)
    path = tmp / "formulir2.xls"
    book.save(str(path))
    data, meta, _ = load_kind([path], "enrollment")
    assert _rows_of(data, "employer_id", "employer_name", "period", "_row") == [
        ("03103314", "CV SUMBER AIR", "2025-03", 8)
    ]
    assert meta[0].columns["period"] == "title: Periode Laporan (row 4)"


TITLE_VARIANTS = [
    (
        [["PT MAJU BERSAMA"], ["PERIODE PAYROLL: Februari 2025"], ["NPP", ":", "87654321"]],
        ("87654321", "PT MAJU BERSAMA", "2025-02"),
    ),
    (
        [["Company: PT X Indonesia", None, None, "Payroll Period : 11/2024"],
         ["BPJS TK Reg No", ": NN140549 - 000"]],
        ("NN140549", "PT X Indonesia", "2024-11"),
    ),
    (
        [["DAFTAR GAJI PEGAWAI"], ["Nama Pemberi Kerja/Wadah/Mitra : CV Cahaya Timur"],
         ["No. NPP: 01.234.567"], ["Bulan", ": Januari"], ["Tahun", ": 2026"]],
        ("01234567", "CV Cahaya Timur", "2026-01"),
    ),
    (
        [["NPP", None, "Nama Perusahaan", None, "Periode"],
         ["66234590", None, "PT Sinar", None, "Des-2024"]],
        ("66234590", "PT Sinar", "2024-12"),
    ),
]  # fmt: skip


@pytest.mark.parametrize(("title", "expected"), TITLE_VARIANTS)
@pytest.mark.parametrize(("pad_rows", "pad_cols"), [(0, 0), (2, 1)])
def test_title_variants_above_tables_in_different_places(
    tmp: Path, title: Grid, expected: tuple[str, str, str], pad_rows: int, pad_cols: int
) -> None:
    table: Grid = [["Nama", "NIK", "Gaji Pokok"], ["Budi", NIK_A, 4000000], ["Ani", NIK_B, 4100000]]
    rows = [[] for _ in range(pad_rows)] + [[None] * pad_cols + r for r in [*title, [], *table]]
    data, _, _ = load_kind([write_xlsx(tmp / "g.xlsx", {"Data": rows})], "payroll")
    assert _rows_of(data, "employer_id", "employer_name", "period") == [expected, expected]


def test_period_from_a_parquet_file_name(tmp: Path) -> None:
    path = tmp / "payroll_2025_04.parquet"
    pl.DataFrame(
        {"NPP": ["12345678"], "NIK": [NIK_A], "Nama": ["Budi"], "Gaji Pokok": [4_000_000]}
    ).write_parquet(path)
    data, meta, _ = load_kind([path], "payroll")
    assert _rows_of(data, "employer_id", "period", "contribution_wage") == [
        ("12345678", "2025-04", 4_000_000.0)
    ]
    assert meta[0].columns["period"] == "file name 'payroll_2025_04.parquet'"
