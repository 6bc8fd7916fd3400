"""Office layouts as formats.md describes them: each table found, mapped and counted by hand.

Every fixture is written here cell by cell. Wages, counts and programmes in
the assertions are worked out by hand from the cells, never by the code.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path

import polars as pl
import pytest
from conftest import write_xlsx
from openpyxl.utils import column_index_from_string

from underreport import load, reconcile
from underreport.ingest import parse
from underreport.ingest.load import find, load_kind
from underreport.model.result import InputFile


def table_columns(meta: InputFile) -> dict[str, str]:
    """The fields read from the table's own headers (title-block sources are tested apart)."""
    return {k: v for k, v in meta.columns.items() if not v.startswith("title:")}


def _row(cells: Mapping[str, object]) -> list[object]:
    """One sheet row from {column letter: value}; other cells stay empty."""
    at = {column_index_from_string(k): v for k, v in cells.items()}
    return [at.get(c) for c in range(1, max(at) + 1)] if at else []


def _header_row(path: Path, kind: str) -> list[int]:
    """Spreadsheet row of each table's (first) header row."""
    return [f.table.first_row + f.layout.header_index for f in find([path], kind).found]  # type: ignore[arg-type]


def _skipped(issues: pl.DataFrame) -> list[tuple[int, str]]:
    rows = issues.filter(pl.col("code") == "ROW_SKIPPED")
    return [
        (r, m.split("(", 1)[1].rstrip(")"))
        for r, m in zip(rows["row"], rows["message"], strict=True)
    ]


def _by_name(data: pl.DataFrame) -> dict[str, dict[str, object]]:
    return {r["worker_name"]: r for r in data.iter_rows(named=True)}


# --- Formulir 2 "Laporan Rincian Iuran Pekerja" ---------------------------------------------

SITI, BUDI, RINA = "3201014501900001", "3201011203850002", "3201012007920003"
F2_TOP = {
    "B": "No", "D": "Nomor\nPeserta",
    "G": "Nomor Induk\nKependudukan (NIK)/Paspor\n(bagi TK Asing)",
    "K": "Nama Pekerja", "O": "Tanggal\nLahir", "Q": "Upah\n(Rp)", "T": "Rapel\n(Rp)",
    "V": "Total\n(Upah + Rapel)\n(Rp)", "Y": "Iuran JKK\n(Rp)\n(.....%)**",
    "AA": "Iuran JKM\n(Rp)\n(0.3%)", "AC": "Iuran JHT (Rp)", "AG": "Iuran JP (Rp)",
    "AK": "Jumlah Iuran\n(Rp)",
}  # fmt: skip
F2_SUB = {"AC": "Pemberi Kerja\n(3.7%)", "AE": "Pekerja\n(2%)",
          "AG": "Pemberi Kerja\n(2%)", "AI": "Pekerja\n(1%)"}  # fmt: skip
F2_LEGEND = dict(zip(
    ["B", "D", "G", "K", "O", "Q", "T", "V", "Y", "AA", "AC", "AE", "AG", "AI", "AK"],
    ["a", "b", "c", "d", "e", "f", "g", "h = f + g", "i", "j", "k", "l", "m", "n",
     "o = i+j+k+l+m+n"], strict=True,
))  # fmt: skip
# Each field merged over its narrow columns, on every row of the table.
F2_SPANS = ["B:C", "D:F", "G:J", "K:N", "O:P", "Q:S", "T:U", "V:X", "Y:Z", "AA:AB", "AC:AD",
            "AE:AF", "AG:AH", "AI:AJ", "AK:AM"]  # fmt: skip


def _f2_worker(
    no: int, kpj: str, nik: str, name: str, born: dt.date, *amounts: str | None
) -> list[object]:
    cols = ["Q", "T", "V", "Y", "AA", "AC", "AE", "AG", "AI", "AK"]
    return _row({"B": no, "D": kpj, "G": nik, "K": name, "O": born,
                 **dict(zip(cols, amounts, strict=True))})  # fmt: skip


def write_formulir_2(path: Path) -> Path:
    rows: list[list[object]] = [
        _row({"B": "LAPORAN RINCIAN IURAN PEKERJA", "AK": "Formulir 2"}),
        _row({"B": "NPP : 12345678"}),
        _row({"B": "Nama Pemberi Kerja : PT Contoh Makmur"}),
        _row({"B": "Periode : Maret 2025"}),
        [],
        _row(F2_TOP),  # row 6
        _row(F2_SUB),  # row 7
        _row(F2_LEGEND),  # row 8
        # Upah, Rapel, Total, JKK 0.54%, JKM 0.3%, JHT 3.7% / 2%, JP 2% / 1%, Jumlah
        _f2_worker(1, "12345678901", SITI, "Siti Aminah", dt.date(1990, 1, 5), "4,500,000.00",
                   "0.00", "4,500,000.00", "24,300.00", "13,500.00", "166,500.00", "90,000.00",
                   "90,000.00", "45,000.00", "429,300.00"),
        _f2_worker(2, "12345678902", BUDI, "Budi Santoso", dt.date(1985, 3, 12), "3,000,000.00",
                   "500,000.00", "3,500,000.00", "18,900.00", "10,500.00", "129,500.00",
                   "70,000.00", "0.00", "0.00", "228,900.00"),
        _f2_worker(3, "12345678903", RINA, "Rina Wati", dt.date(1992, 7, 20), "5,200,000.00",
                   "0.00", "5,200,000.00", "28,080.00", "15,600.00", "192,400.00", "104,000.00",
                   None, None, "340,080.00"),
        _row({"B": "Total Seluruhnya", "Q": "12,700,000.00", "AK": "998,280.00"}),  # row 12
        _row({"B": "Kompensasi Kekurangan atau Kelebihan Iuran Bulan Lalu", "AK": "0.00"}),
        _row({"B": "Denda", "AK": "0.00"}),
        _row({"B": "Keterangan : * Lampirkan daftar tenaga kerja baru"}),
        _row({"B": "** Diisi sesuai tingkat risiko lingkungan kerja"}),
        [],
        _row({"AC": "Jakarta, 10 April 2025"}),  # row 18
        _row({"AC": "Pimpinan Perusahaan"}),
        _row({"AC": "(Nama jelas dan cap perusahaan)"}),
    ]  # fmt: skip
    merges = ["B1:AJ1", "B6:C7", "D6:F7", "G6:J7", "K6:N7", "O6:P7", "Q6:S7", "T6:U7", "V6:X7",
              "Y6:Z7", "AA6:AB7", "AC6:AF6", "AG6:AJ6", "AK6:AM7", "AC7:AD7", "AE7:AF7",
              "AG7:AH7", "AI7:AJ7", "B12:P12"]  # fmt: skip
    for r in range(8, 12):
        merges += [f"{a}{r}:{b}{r}" for a, b in (s.split(":") for s in F2_SPANS)]
    return write_xlsx(path, {"Formulir 2": rows}, {"Formulir 2": merges})


def test_formulir_2_reads_workers_wages_and_programmes_from_contribution_columns(
    tmp_path: Path,
) -> None:
    path = write_formulir_2(tmp_path / "formulir2.xlsx")
    data, meta, issues = load_kind([path], "enrollment")
    assert _header_row(path, "enrollment") == [6]
    columns = meta[0].columns
    assert columns["kpj"] == "Nomor\nPeserta"
    assert columns["nik"].startswith("Nomor Induk\nKependudukan (NIK)")
    assert columns["reported_wage"] == "Upah\n(Rp)"  # not Total (Upah + Rapel), not Rapel
    assert columns["birth_date"] == "Tanggal\nLahir"
    assert columns["jkk"] == "Iuran JKK\n(Rp)\n(.....%)**"
    assert (
        columns["jht"] == "Iuran JHT (Rp) / Pemberi Kerja\n(3.7%) + Iuran JHT (Rp) / Pekerja\n(2%)"
    )
    assert columns["jp"] == "Iuran JP (Rp) / Pemberi Kerja\n(2%) + Iuran JP (Rp) / Pekerja\n(1%)"
    # "Pemberi Kerja" in the header is the employer's share; the name comes from the title
    assert columns["employer_name"].startswith("title: Nama Pemberi Kerja")
    assert (meta[0].rows_read, meta[0].rows_skipped) == (3, 10)
    assert _skipped(issues) == [
        (8, "column legend row"), (12, "totals row"), (13, "form footer"), (14, "form footer"),
        (15, "form footer"), (16, "form footer"), (18, "signature line"), (19, "signature line"),
        (20, "signature line"),
    ]  # fmt: skip
    workers = _by_name(data)
    assert [workers[n]["nik"] for n in ("Siti Aminah", "Budi Santoso", "Rina Wati")] == [
        SITI, BUDI, RINA,
    ]  # fmt: skip
    assert workers["Siti Aminah"]["kpj"] == "12345678901"
    assert workers["Budi Santoso"]["reported_wage"] == 3_000_000  # Upah, the Rapel left out
    assert workers["Rina Wati"]["reported_wage"] == 5_200_000
    assert workers["Siti Aminah"]["birth_date"] == dt.date(1990, 1, 5)
    assert workers["Siti Aminah"]["programs"] == ["JKK", "JKM", "JHT", "JP"]
    assert workers["Budi Santoso"]["programs"] == ["JKK", "JKM", "JHT"]  # JP 0.00
    assert workers["Rina Wati"]["programs"] == ["JKK", "JKM", "JHT"]  # JP blank
    assert set(data["employer_id"]) == {"12345678"}
    assert data["active"].to_list() == [True, True, True]


# --- SIPP bill "Rincian Iuran Tenaga Kerja" and the clerks' recap ---------------------------

DEWI, AGUS = "3578016608880004", "3578011511900005"


def test_sipp_bill_with_jkp_columns(tmp_path: Path) -> None:
    header = ["No", "Nomor Referensi", "NIK", "Nomor Pegawai", "Nama", "Tgl Lahir",
              "Tgl Kepesertaan", "Upah", "Rapel", "JKK", "JKM", "JHT Pemberi Kerja",
              "JHT Tenaga Kerja", "JP Pemberi Kerja", "JP Tenaga Kerja", "JKP Pemberi Kerja",
              "JKP Pemerintah", "Total Iuran"]  # fmt: skip
    rows: list[list[object]] = [
        ["RINCIAN IURAN TENAGA KERJA"],
        ["NPP : 23456789"],
        ["Periode : Maret 2025"],
        header,  # row 4
        [1, "23000000001", DEWI, "P-07", "Dewi Lestari", "26-08-1988", "02-01-2020",
         "6,000,000.00", "0.00", "14,400.00", "18,000.00", "222,000.00", "120,000.00",
         "120,000.00", "60,000.00", "0.00", "13,800.00", "554,400.00"],
        # JP shares a dash: not paid. JKP paid by the government says nothing of JP.
        [2, "23000000002", AGUS, "P-11", "Agus Salim", "15-11-1990", "15-06-2021",
         "4,800,000.00", "0.00", "11,520.00", "14,400.00", "177,600.00", "96,000.00", "-", "-",
         "0.00", "11,040.00", "299,520.00"],
        [None, None, None, None, "Jumlah Seluruhnya", None, None, "10,800,000.00", None, None,
         None, None, None, None, None, None, None, "853,920.00"],
    ]  # fmt: skip
    path = write_xlsx(tmp_path / "sipp.xlsx", {"Rincian": rows})
    data, meta, issues = load_kind([path], "enrollment")
    assert _header_row(path, "enrollment") == [4]
    assert table_columns(meta[0]) == {
        "kpj": "Nomor Referensi", "nik": "NIK", "worker_name": "Nama", "birth_date": "Tgl Lahir",
        "enrolled_on": "Tgl Kepesertaan", "reported_wage": "Upah", "jkk": "JKK", "jkm": "JKM",
        "jht": "JHT Pemberi Kerja + JHT Tenaga Kerja", "jp": "JP Pemberi Kerja + JP Tenaga Kerja",
    }  # fmt: skip
    assert (meta[0].rows_read, meta[0].rows_skipped) == (2, 1)
    assert _skipped(issues) == [(7, "totals row")]
    w = _by_name(data)
    assert w["Dewi Lestari"]["nik"] == DEWI and w["Dewi Lestari"]["kpj"] == "23000000001"
    assert w["Dewi Lestari"]["reported_wage"] == 6_000_000
    assert w["Dewi Lestari"]["enrolled_on"] == dt.date(2020, 1, 2)
    assert w["Agus Salim"]["birth_date"] == dt.date(1990, 11, 15)
    assert w["Dewi Lestari"]["programs"] == ["JKK", "JKM", "JHT", "JP"]
    assert w["Agus Salim"]["programs"] == ["JKK", "JKM", "JHT"]


def test_clerks_recap_repeats_jht_and_jp_under_employer_and_worker_groups(tmp_path: Path) -> None:
    top = _row({"C": "No", "D": "NIK", "E": "Nama", "F": "Upah", "G": "Pemberi Kerja",
                "K": "Tenaga Kerja", "M": "Jumlah"})  # fmt: skip
    sub = _row({"G": "JKK", "H": "JKM", "I": "JHT", "J": "JP", "K": "JHT", "L": "JP"})
    nik = ["3174054403870006", "3174051009930007", "3174052512890008"]
    rows: list[list[object]] = [
        [],
        _row({"C": "REKAP IURAN BPJS KETENAGAKERJAAN"}),
        _row({"C": "NPP", "D": ": 34567891"}),
        _row({"C": "Periode : Maret 2025"}),
        top,  # row 5
        sub,
        _row({"C": 1, "D": nik[0], "E": "Wulan Sari", "F": "3,500,000", "G": "8,400",
              "H": "10,500", "I": "129,500", "J": "70,000", "K": "70,000", "L": "35,000",
              "M": "323,400"}),
        # JP zero in both shares: JP not paid.
        _row({"C": 2, "D": nik[1], "E": "Yusuf Hamid", "F": "2,800,000", "G": "6,720",
              "H": "8,400", "I": "103,600", "J": "0", "K": "56,000", "L": "0", "M": "174,720"}),
        # Employer's JP share blank, worker's paid: JP is paid (either share counts).
        _row({"C": 3, "D": nik[2], "E": "Fajar Nugroho", "F": "3,000,000", "G": "7,200",
              "H": "9,000", "I": "111,000", "K": "60,000", "L": "30,000", "M": "217,200"}),
        _row({"C": "JUMLAH", "F": "9,300,000", "M": "715,320"}),
    ]  # fmt: skip
    path = write_xlsx(tmp_path / "rekap.xlsx", {"Rekap": rows}, {"Rekap": ["G5:J5", "K5:L5"]})
    data, meta, issues = load_kind([path], "enrollment")
    assert _header_row(path, "enrollment") == [5]
    cols = meta[0].columns
    assert cols["jht"] == "Pemberi Kerja / JHT + Tenaga Kerja / JHT"
    assert cols["jp"] == "Pemberi Kerja / JP + Tenaga Kerja / JP"
    assert cols["reported_wage"] == "Upah" and "employer_name" not in cols
    assert (meta[0].rows_read, meta[0].rows_skipped) == (3, 1)
    assert _skipped(issues) == [(10, "totals row")]
    w = _by_name(data)
    assert w["Wulan Sari"]["reported_wage"] == 3_500_000 and w["Wulan Sari"]["nik"] == nik[0]
    assert w["Wulan Sari"]["programs"] == ["JKK", "JKM", "JHT", "JP"]
    assert w["Yusuf Hamid"]["programs"] == ["JKK", "JKM", "JHT"]
    assert w["Fajar Nugroho"]["programs"] == ["JKK", "JKM", "JHT", "JP"]
    assert set(data["employer_id"]) == {"34567891"}


# --- Formulir Jamsostek 2a ------------------------------------------------------------------

HENDRA, LINA = "3175022002800006", "3175026507910007"


def test_jamsostek_2a_with_rates_in_headers_and_no_jp_column(tmp_path: Path) -> None:
    rows: list[list[object]] = [
        ["FORMULIR JAMSOSTEK 2a"],
        ["RINCIAN IURAN TENAGA KERJA"],
        ["NPP", ": 45678912"],
        ["Bulan : April 2025"],
        [],
        ["No", "Nama Tenaga Kerja", "Nomor KPJ", "N I K", "Tgl.Lahir (tgl/bln/thn)",
         "Data Upah (Rp.)", "Iuran JKK 0.54%", "Iuran JKM 0.3%", "Iuran JHT 5.7%",
         "Jumlah Iuran"],  # row 6
        ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)", "(8)", "(9)", "(10)"],
        [1, "Hendra Gunawan", "11111111111", HENDRA, "20/02/1980", "4,500,000", "24,300",
         "13,500", "256,500", "294,300"],
        [2, "Lina Marlina", "11111111112", f"'{LINA}", "25/07/1991", "3,750,000", "20,250",
         "11,250", "213,750", "245,250"],
        [None, "JUMLAH SELURUHNYA", None, None, None, "8,250,000", "44,550", "24,750",
         "470,250", "539,550"],
    ]  # fmt: skip
    path = write_xlsx(tmp_path / "2a.xlsx", {"2a": rows})
    data, meta, issues = load_kind([path], "enrollment")
    assert _header_row(path, "enrollment") == [6]
    assert table_columns(meta[0]) == {
        "worker_name": "Nama Tenaga Kerja", "kpj": "Nomor KPJ", "nik": "N I K",
        "birth_date": "Tgl.Lahir (tgl/bln/thn)", "reported_wage": "Data Upah (Rp.)",
        "jkk": "Iuran JKK 0.54%", "jkm": "Iuran JKM 0.3%", "jht": "Iuran JHT 5.7%",
    }  # fmt: skip
    assert (meta[0].rows_read, meta[0].rows_skipped) == (2, 2)
    assert _skipped(issues) == [(7, "column legend row"), (10, "totals row")]
    w = _by_name(data)
    assert w["Hendra Gunawan"]["reported_wage"] == 4_500_000
    assert w["Hendra Gunawan"]["birth_date"] == dt.date(1980, 2, 20)
    assert w["Lina Marlina"]["nik"] == LINA  # the leading apostrophe dropped
    assert w["Lina Marlina"]["reported_wage"] == 3_750_000
    # No JP column at all: JP is not paid for anyone on this form.
    assert data["programs"].to_list() == [["JKK", "JKM", "JHT"], ["JKK", "JKM", "JHT"]]


# --- Payroll registers ----------------------------------------------------------------------

PARTS = ["Tj. Hidup", "Tj. Perumahan", "Tj. Jabatan", "Tj. Fungsional", "Tj. Koordinator",
         "Tj. Transport", "Tj. Komunikasi", "Tj. Keahlian", "Honorarium", "Tj. Pjs",
         "Tj. Lain-lain"]  # fmt: skip
ANTON, BETI, CAHYO = "3201010101800001", "3201014202850002", "3201010303900003"


def write_register(path: Path) -> Path:
    """A payroll application's register: 11 fixed-allowance parts, total, deductions with %."""
    top: list[object] = ["No", "NIK", "Nama Karyawan", "Gaji Pokok", "Tunjangan Tetap",
                         *[None] * 10, "Total Tunjangan Tetap", "Upah (Gaji Pokok + Tj. Tetap)",
                         "Tunjangan Tidak Tetap", None, "Total Salary", "Potongan", None, None,
                         "Gaji Bersih"]  # fmt: skip
    sub: list[object] = [None] * 4 + PARTS + [None, None, "Uang Makan", "Lembur", None,
                                              "BPJS TK (JHT 2% + JP 1%)", "BPJS Kesehatan 1%",
                                              "PPh 21", None]  # fmt: skip

    def worker(
        no: int,
        nik: str,
        name: str,
        base: int,
        parts: dict[int, int],
        var: tuple[int, int],
        cut: tuple[int, int, int],
    ) -> list[object]:
        fixed = sum(parts.values())
        gross = base + fixed + sum(var)
        return [no, nik, name, base, *[parts.get(i, 0) for i in range(11)], fixed, base + fixed,
                *var, gross, *cut, gross - sum(cut)]  # fmt: skip

    rows: list[list[object]] = [
        ["PT SENTOSA MAKMUR"],
        ["PERIODE PAYROLL: Maret 2025"],
        ["NPP : 12345678"],
        [],
        top,  # row 5
        sub,
        # Gaji Pokok 4,000,000 + Perumahan 500,000 + Jabatan 250,000 = 4,750,000
        worker(1, ANTON, "Anton Wibowo", 4_000_000, {1: 500_000, 2: 250_000},
               (300_000, 150_000), (142_500, 47_500, 60_000)),
        # 3,000,000 + Hidup 200,000 + Transport 150,000 + Lain-lain 50,000 = 3,400,000
        worker(2, BETI, "Beti Kurnia", 3_000_000, {0: 200_000, 5: 150_000, 10: 50_000},
               (300_000, 0), (102_000, 34_000, 0)),
        # 6,000,000 + Jabatan 1,000,000 + Fungsional 500,000 + Honorarium 250,000 = 7,750,000
        worker(3, CAHYO, "Cahyo Pratama", 6_000_000, {2: 1_000_000, 3: 500_000, 8: 250_000},
               (0, 400_000), (232_500, 77_500, 150_000)),
    ]  # fmt: skip
    merges = ["E5:O5", "R5:S5", "U5:W5"] + [f"{c}5:{c}6" for c in "ABCDPQTX"]
    return write_xlsx(path, {"Gaji": rows}, {"Gaji": merges})


def test_register_with_a_dozen_allowance_parts_and_a_deductions_group(tmp_path: Path) -> None:
    path = write_register(tmp_path / "register.xlsx")
    data, meta, issues = load_kind([path], "payroll")
    assert _header_row(path, "payroll") == [5]
    assert table_columns(meta[0]) == {
        "nik": "NIK", "worker_name": "Nama Karyawan", "base_wage": "Gaji Pokok",
        "fixed_allowance": "Total Tunjangan Tetap",
        "fixed_allowance_part": " + ".join(f"Tunjangan Tetap / {p}" for p in PARTS),
        "contribution_wage": "Upah (Gaji Pokok + Tj. Tetap)",
    }  # fmt: skip
    assert (meta[0].rows_read, meta[0].rows_skipped) == (3, 0)
    w = _by_name(data)
    assert w["Anton Wibowo"]["fixed_allowance"] == 750_000
    assert w["Anton Wibowo"]["contribution_wage"] == 4_750_000
    assert w["Beti Kurnia"]["contribution_wage"] == 3_400_000
    assert w["Cahyo Pratama"]["fixed_allowance"] == 1_750_000
    assert w["Cahyo Pratama"]["contribution_wage"] == 7_750_000
    assert issues.filter(pl.col("code") == "WAGE_MISMATCH").height == 0
    assert set(data["period"]) == {"2025-03"} and set(data["employer_id"]) == {"12345678"}


def test_deduction_sub_headers_with_digits_do_not_hide_allowance_parts(tmp_path: Path) -> None:
    """No total column: the fixed allowance is the sum of its parts, deductions never wages."""
    rows: list[list[object]] = [
        ["DAFTAR GAJI KARYAWAN"],
        ["NPP : 22334455"],
        ["Periode : Maret 2025"],
        ["No", "Nama", "NIK", "Gaji Pokok", "Tunjangan Tetap", None, "Tunjangan Tidak Tetap",
         "Potongan", None, None, "Gaji Bersih"],  # row 4
        [None, None, None, None, "Perumahan", "Jabatan", "Makan", "BPJS TK (JHT 2% + JP 1%)",
         "BPJS Kesehatan 1%", "PPh 21", None],
        [1, "Anton Wibowo", ANTON, 4_000_000, 500_000, 250_000, 300_000, 142_500, 47_500, 0,
         4_860_000],
        [2, "Beti Kurnia", BETI, 3_100_000, 0, 400_000, 300_000, 105_000, 35_000, 0,
         3_660_000],
        [None, "Sub Total", None, 7_100_000, 500_000, 650_000, 600_000, 247_500, 82_500, 0,
         8_520_000],
        [],
        # Signed to the right of the table, beyond its last heading.
        _row({"M": "Mengetahui,"}),
        _row({"M": "Direktur"}),
    ]  # fmt: skip
    merges = ["E4:F4", "H4:J4"] + [f"{c}4:{c}5" for c in "ABCDGK"]
    path = write_xlsx(tmp_path / "gaji.xlsx", {"Maret": rows}, {"Maret": merges})
    data, meta, issues = load_kind([path], "payroll")
    assert _header_row(path, "payroll") == [4]
    assert table_columns(meta[0]) == {
        "worker_name": "Nama", "nik": "NIK", "base_wage": "Gaji Pokok",
        "fixed_allowance_part": "Tunjangan Tetap / Perumahan + Tunjangan Tetap / Jabatan",
    }  # fmt: skip
    # 4,000,000 + 500,000 + 250,000 and 3,100,000 + 0 + 400,000, by hand
    assert data["contribution_wage"].to_list() == [4_750_000, 3_500_000]
    assert (meta[0].rows_read, meta[0].rows_skipped) == (2, 4)
    assert _skipped(issues) == [(8, "totals row"), (10, "signature line"), (11, "signature line")]


def test_hr_system_sheet_at_column_b_with_departments_and_a_summary_table(tmp_path: Path) -> None:
    """`NIK` holds staff numbers beside `NO. KTP`; a summary table shares the workers' rows."""
    andi, maya = "3273011212850008", "3273015808900009"
    header = _row({"B": "No", "C": "NIK", "D": "NO. KTP", "E": "Nama", "F": "Tgl Masuk",
                   "G": "GAJI\nMARET 2025", "H": "Tunj. Tetap", "I": "Lembur",
                   "K": "Departemen", "L": "Jumlah Karyawan", "M": "Total Gaji"})  # fmt: skip
    rows: list[list[object]] = [
        _row({"B": "DAFTAR GAJI PEGAWAI"}),
        _row({"B": "Periode : Maret 2025"}),
        _row({"B": "NPP : 45678901"}),
        [],
        header,  # row 5
        _row({"B": "DEPARTEMEN PRODUKSI"}),
        _row({"B": 1, "C": "100234", "D": andi, "E": "Andi Wijaya", "F": "20-NOV-03",
              "G": 5_000_000, "H": 1_000_000, "I": 200_000,
              "K": "Produksi", "L": 2, "M": 10_500_000}),
        _row({"B": 2, "C": "100235", "D": f"'{maya}", "E": "Maya Sari", "F": "01-FEB-15",
              "G": 4_000_000, "H": 500_000, "K": "Keuangan", "L": 1, "M": 4_200_000}),
        _row({"B": "DEPARTEMEN KEUANGAN"}),
        # No KTP: known by the staff number, on the summary's TOTAL row.
        _row({"B": 1, "C": "100236", "E": "Joko Susilo", "F": "05-JAN-98", "G": 3_700_000,
              "H": 500_000, "K": "TOTAL", "L": 3, "M": 14_700_000}),
        _row({"B": "TOTAL", "G": 12_700_000, "H": 2_000_000, "I": 200_000}),
    ]  # fmt: skip
    merges = ["B6:I6", "B9:I9"]
    path = write_xlsx(tmp_path / "hr.xlsx", {"Gaji": rows}, {"Gaji": merges})
    data, meta, issues = load_kind([path], "payroll")
    assert _header_row(path, "payroll") == [5]
    assert table_columns(meta[0]) == {
        "employee_no": "NIK", "nik": "NO. KTP", "worker_name": "Nama",
        "base_wage": "GAJI\nMARET 2025", "fixed_allowance": "Tunj. Tetap",
    }  # fmt: skip
    assert (meta[0].rows_read, meta[0].rows_skipped) == (3, 3)
    assert _skipped(issues) == [(6, "section heading"), (9, "section heading"), (11, "totals row")]
    w = _by_name(data)
    assert (w["Andi Wijaya"]["nik"], w["Andi Wijaya"]["employee_no"]) == (andi, "100234")
    assert w["Maya Sari"]["nik"] == maya
    assert w["Andi Wijaya"]["contribution_wage"] == 6_000_000
    assert w["Maya Sari"]["contribution_wage"] == 4_500_000
    assert (w["Joko Susilo"]["nik"], w["Joko Susilo"]["employee_no"]) == (None, "100236")
    assert w["Joko Susilo"]["contribution_wage"] == 4_200_000
    missing = issues.filter(pl.col("code") == "NIK_MISSING")
    assert missing["row"].to_list() == [10]


def test_recap_with_sections_subtotals_and_line_breaks(tmp_path: Path) -> None:
    nik = ["3302014107880001", "3302010212910002", "3302016603950003"]
    rows: list[list[object]] = [
        ["REKAP GAJI KARYAWAN"],
        ["NPP : 56789012"],
        ["Periode : Maret 2025"],
        ["NO", "NAMA\nKARYAWAN", "NO.\nSTAFF", "NIK\n(KTP)", "GAJI POKOK\nMARET 2025",
         "TUNJANGAN\nTETAP", "TOTAL\nGAJI"],  # row 4
        ["A. KARYAWAN BULANAN (2 Karyawan)"],
        [1, "Bambang Irawan", "S-01", nik[0], 3_500_000, 400_000, 3_900_000],
        [2, "Citra Dewi", "S-02", nik[1], 3_200_000, 300_000, 3_500_000],
        ["TOTAL A. KARYAWAN BULANAN", None, None, None, 6_700_000, 700_000, 7_400_000],
        ["B. KARYAWAN HARIAN (1 Karyawan)"],
        [1, "Dedi Kurniawan", "S-03", nik[2], 2_900_000, 0, 2_900_000],
        ["TOTAL B. KARYAWAN HARIAN", None, None, None, 2_900_000, 0, 2_900_000],
        ["TOTAL KESELURUHAN", None, None, None, 9_600_000, 700_000, 10_300_000],
        ["Grand Total", None, None, None, 9_600_000, 700_000, 10_300_000],
    ]  # fmt: skip
    path = write_xlsx(tmp_path / "rekap.xlsx", {"Rekap": rows},
                      {"Rekap": ["A5:G5", "A9:G9"]})  # fmt: skip
    data, meta, issues = load_kind([path], "payroll")
    assert _header_row(path, "payroll") == [4]
    assert table_columns(meta[0]) == {
        "worker_name": "NAMA\nKARYAWAN", "employee_no": "NO.\nSTAFF", "nik": "NIK\n(KTP)",
        "base_wage": "GAJI POKOK\nMARET 2025", "fixed_allowance": "TUNJANGAN\nTETAP",
    }  # fmt: skip
    assert (meta[0].rows_read, meta[0].rows_skipped) == (3, 6)
    assert _skipped(issues) == [
        (5, "section heading"), (8, "totals row"), (9, "section heading"), (11, "totals row"),
        (12, "totals row"), (13, "totals row"),
    ]  # fmt: skip
    w = _by_name(data)
    assert (w["Bambang Irawan"]["nik"], w["Bambang Irawan"]["employee_no"]) == (nik[0], "S-01")
    assert w["Bambang Irawan"]["contribution_wage"] == 3_900_000
    assert w["Dedi Kurniawan"]["contribution_wage"] == 2_900_000


def test_english_export(tmp_path: Path) -> None:
    rudi = "3171012304870004"
    rows: list[list[object]] = [
        ["Company: PT Global Teknik"],
        ["NPP : 67890123"],
        ["Periode : April 2025"],
        [],
        [None, "Employee ID", "Employee Name", "ID Number", "Gross Salary", "Basic Salary",
         "Fixed Allowance"],  # row 5
        [None, "E-1001", "Rudi Hartono", f"'{rudi}", 9_800_000, 7_500_000, 1_500_000],
        [None, "E-1002", "Sari Puspita", "3171015106920005", 6_300_000, 5_000_000, 800_000],
        [None, "Grand Total", None, None, 16_100_000, 12_500_000, 2_300_000],
    ]  # fmt: skip
    path = write_xlsx(tmp_path / "export.xlsx", {"Payroll": rows})
    data, meta, issues = load_kind([path], "payroll")
    assert _header_row(path, "payroll") == [5]
    assert table_columns(meta[0]) == {
        "employee_no": "Employee ID", "worker_name": "Employee Name", "nik": "ID Number",
        "base_wage": "Basic Salary", "fixed_allowance": "Fixed Allowance",
    }  # fmt: skip
    assert (meta[0].rows_read, meta[0].rows_skipped) == (2, 1)
    assert _skipped(issues) == [(8, "totals row")]
    w = _by_name(data)
    assert w["Rudi Hartono"]["nik"] == rudi
    assert w["Rudi Hartono"]["contribution_wage"] == 9_000_000  # not the gross 9,800,000
    assert w["Sari Puspita"]["contribution_wage"] == 5_800_000
    assert set(data["period"]) == {"2025-04"}


# --- Oracle dates, apostrophes, Y/N programme flags -----------------------------------------


def test_oracle_dates_and_apostrophe_ids_in_an_hr_export(tmp_path: Path) -> None:
    assert parse.date_of_text("20-NOV-03") == dt.date(2003, 11, 20)
    assert parse.date_of_text("05-JAN-98") == dt.date(1998, 1, 5)
    nik = ["3578012011030001", "3578014501980002"]
    rows: list[list[object]] = [
        ["NPP : 78901234"],
        ["Periode : Maret 2025"],
        ["NIK", "NAMA", "TGL LAHIR", "TGL KEPESERTAAN", "UPAH", "JKK", "JKM", "JHT", "JP"],
        [f"'{nik[0]}", "Rahmat Hidayat", "20-NOV-03", "01-AUG-22", "3.900.000", "Y", "Y", "Y",
         "N"],
        [f"'{nik[1]}", "Putri Ayu", "05-JAN-98", "15-MAR-19", "4.250.000", "Y", "Y", "Y", "Y"],
    ]  # fmt: skip
    path = write_xlsx(tmp_path / "peserta.xlsx", {"Peserta": rows})
    data, meta, _ = load_kind([path], "enrollment")
    assert (meta[0].rows_read, meta[0].rows_skipped) == (2, 0)
    w = _by_name(data)
    assert w["Rahmat Hidayat"]["nik"] == nik[0] and w["Putri Ayu"]["nik"] == nik[1]
    assert w["Rahmat Hidayat"]["birth_date"] == dt.date(2003, 11, 20)
    assert w["Rahmat Hidayat"]["enrolled_on"] == dt.date(2022, 8, 1)
    assert w["Putri Ayu"]["enrolled_on"] == dt.date(2019, 3, 15)
    assert w["Rahmat Hidayat"]["reported_wage"] == 3_900_000
    assert w["Rahmat Hidayat"]["programs"] == ["JKK", "JKM", "JHT"]  # Y/N flags still read
    assert w["Putri Ayu"]["programs"] == ["JKK", "JKM", "JHT", "JP"]


# --- End to end: a Formulir 2 against a payroll register ------------------------------------

EKO = "3201010101950004"


def test_formulir_2_against_a_register_for_a_medium_employer(tmp_path: Path) -> None:
    """Planted by hand: Eko unregistered, Budi paid 3,500,000 and reported at 3,000,000,
    Budi and Rina without JP at a medium employer (JP required)."""
    enrolment = write_formulir_2(tmp_path / "formulir2.xlsx")

    def worker(no: int, nik: str, name: str, base: int, housing: int, job: int) -> list[object]:
        fixed = housing + job
        total = base + fixed + 300_000
        cut = round(0.03 * (base + fixed)) + round(0.01 * (base + fixed))
        return [no, nik, name, base, housing, job, fixed, 300_000, cut, total - cut]

    rows: list[list[object]] = [
        ["PT CONTOH MAKMUR"],
        ["PERIODE PAYROLL: Maret 2025"],
        ["NPP : 12345678"],
        ["No", "NIK", "Nama", "Gaji Pokok", "Tunjangan Tetap", None, "Total Tunjangan Tetap",
         "Tunjangan Tidak Tetap", "Potongan", "Gaji Bersih"],
        [None, None, None, None, "Perumahan", "Jabatan", None, "Uang Makan",
         "BPJS TK (JHT 2% + JP 1%)", None],
        worker(1, SITI, "Siti Aminah", 4_000_000, 300_000, 200_000),  # 4,500,000 = reported
        worker(2, BUDI, "Budi Santoso", 3_200_000, 200_000, 100_000),  # 3,500,000 > 3,000,000
        worker(3, RINA, "Rina Wati", 4_800_000, 250_000, 150_000),  # 5,200,000 = reported
        worker(4, EKO, "Eko Prasetyo", 3_500_000, 0, 0),  # not on the form
        [None, "TOTAL", None, 15_500_000],
    ]  # fmt: skip
    merges = ["E4:F4"] + [f"{c}4:{c}5" for c in "ABCDGHIJ"]
    payroll = write_xlsx(tmp_path / "gaji.xlsx", {"Gaji": rows}, {"Gaji": merges})
    reference = write_xlsx(
        tmp_path / "perusahaan.xlsx",
        {"Perusahaan": [["NPP", "Nama Perusahaan", "Skala Usaha"],
                        ["12345678", "PT Contoh Makmur", "menengah"]]},
    )  # fmt: skip
    loaded = load([payroll], [enrolment], employers=[reference])
    result = reconcile(loaded).result
    assert result.period == "2025-03"
    (employer,) = result.employers
    assert employer.employer_id == "12345678" and employer.registered
    got = (employer.payroll_workers, employer.enrolled_workers, employer.unregistered_workers,
           employer.underreported_wage_workers, employer.program_missing_workers,
           employer.enrolled_not_on_payroll)  # fmt: skip
    assert got == (4, 3, 1, 1, 2, 0)
    assert employer.missing_programs == ["JP"]
    assert employer.wage_gap_idr == 500_000 + 3_500_000


def test_validate_lists_every_skipped_row_of_a_form_with_its_reason(tmp_path: Path) -> None:
    from underreport.validate import validate

    report = validate([write_formulir_2(tmp_path / "formulir2.xlsx")])
    assert report.unreadable == [] and report.inputs[0].kind == "enrollment"
    skipped = [(i.row, i.message) for i in report.data_quality if i.code == "ROW_SKIPPED"]
    assert skipped[:3] == [
        (8, "row left out (column legend row)"),
        (12, "row left out (totals row)"),
        (13, "row left out (form footer)"),
    ]
    assert len(skipped) == 9


def test_a_first_data_row_of_plain_text_is_not_a_sub_header() -> None:
    from underreport.ingest.aliases import alias_map
    from underreport.ingest.layout import _is_sub_header

    aliases = alias_map("payroll")
    top = ["No", "Nama", "Jabatan", "Tunjangan Tetap", None]
    assert _is_sub_header(top, [None, None, None, "Perumahan", "Jabatan 10%"], aliases)
    # Text under `Nama`: a worker, even without any digit in the row.
    assert not _is_sub_header(top, [None, "Budi", "Staf", "Perumahan", "Jabatan"], aliases)
    # An amount or an ID anywhere: a data row.
    assert not _is_sub_header(top, [None, None, None, "Perumahan", "500.000"], aliases)
    assert not _is_sub_header(top, ["1", None, None, "Perumahan", "Jabatan"], aliases)


def test_a_units_row_under_the_header_keeps_the_headings(tmp_path: Path) -> None:
    rows: list[list[object]] = [
        ["NPP : 11223344"],
        ["Periode : Maret 2025"],
        ["NIK", "Nama", "Gaji Pokok", "Tunjangan Tetap", "Iuran JHT"],
        [None, None, "(Rp)", "(Rp)", "(2%)"],
        ["3201010101800001", "Anton Wibowo", 4_000_000, 250_000, 85_000],
    ]
    path = write_xlsx(tmp_path / "gaji.xlsx", {"Gaji": rows})
    data, meta, _ = load_kind([path], "payroll")
    assert table_columns(meta[0]) == {
        "nik": "NIK", "worker_name": "Nama", "base_wage": "Gaji Pokok",
        "fixed_allowance": "Tunjangan Tetap",
    }  # fmt: skip
    assert data["contribution_wage"].to_list() == [4_250_000]
    assert (meta[0].rows_read, meta[0].rows_skipped) == (1, 0)


def test_section_and_column_number_rows_are_not_read_through_an_employee_number(
    tmp_path: Path,
) -> None:
    """Their digits fill the employee-number column; they are still not workers."""
    rows: list[list[object]] = [
        ["NPP : 99887766"],
        ["Periode : Mei 2025"],
        ["No Karyawan", "Nama Pegawai", "Gapok", "Tunj. Tetap"],  # row 3
        [1, 2, 3, 4],
        ["I. STAF KANTOR (2 Karyawan)"],
        ["K-001", "Anton Wibowo", "4.000.000", "250.000"],
        ["K-002", "Beti Kurnia", "3.500.000", None],
        ["Jumlah", None, "7.500.000", "250.000"],
    ]
    path = write_xlsx(tmp_path / "gaji.xlsx", {"Mei": rows}, {"Mei": ["A5:D5"]})
    data, meta, issues = load_kind([path], "payroll")
    assert (meta[0].rows_read, meta[0].rows_skipped) == (2, 3)
    assert _skipped(issues) == [(4, "column legend row"), (5, "section heading"), (8, "totals row")]
    assert data["employee_no"].to_list() == ["K-001", "K-002"]
    assert data["contribution_wage"].to_list() == [4_250_000, 3_500_000]
    assert issues.filter(pl.col("code") == "WAGE_MISSING").height == 0


def test_header_normalisation_drops_units_rates_and_line_breaks() -> None:
    from underreport.ingest.aliases import normalise_header

    assert normalise_header("Iuran JKK\n(Rp)\n(.....%)**") == "iuranjkk"
    assert normalise_header("Iuran JKM (Rp) (0.3%)") == "iuranjkm"
    assert normalise_header("Iuran JKK 0.54%") == "iuranjkk"
    assert normalise_header("Data Upah (Rp.)") == "dataupah"
    assert normalise_header("Pemberi Kerja\n(3.7%)") == "pemberikerja"
    assert normalise_header("Upah (Gaji Pokok + Tj. Tetap)") == "upahgajipokok+tjtetap"
    assert normalise_header("PPh 21") == "pph21"


@pytest.mark.parametrize("heading", ["GAJI\nMARET 2025", "GAJI\nSEPT 2025", "Gaji Peb 2025"])
def test_a_month_after_a_heading_uses_every_month_spelling_the_parser_knows(heading: str) -> None:
    """`SEPT` and `Peb` are months to the period parser, so they are to the headers too."""
    from underreport.ingest.aliases import alias_map, classify

    assert classify(heading, None, alias_map("payroll")) == "base_wage"
