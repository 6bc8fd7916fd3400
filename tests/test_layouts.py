"""Office layouts as formats.md describes them: each table found, mapped and counted by hand.

Every fixture is written here cell by cell. Wages, counts and programmes in
the assertions are worked out by hand from the cells, never by the code.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path

import polars as pl
from conftest import write_xlsx
from openpyxl.utils import column_index_from_string

from underreport.ingest.load import find, load_kind


def _row(cells: Mapping[str, object]) -> list[object]:
    """One sheet row from {column letter: value}; other cells stay empty."""
    at = {column_index_from_string(k): v for k, v in cells.items()}
    return [at.get(c) for c in range(1, max(at) + 1)] if at else []


def _header_row(path: Path, kind: str) -> list[int]:
    """Spreadsheet row of each table's (first) header row."""
    return [f.table.first_row + f.layout.header_index for f in find([path], kind)]  # type: ignore[arg-type]


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
    assert "employer_name" not in columns  # "Pemberi Kerja" here is the employer's share
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
    assert meta[0].columns == {
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
    assert meta[0].columns == {
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
