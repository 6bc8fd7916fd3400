"""Acceptance corpus for issue 12: office files as real offices make them.

Each case pairs a payroll file of one layout family (`shared/formats.md`) with the
enrolment it is checked against, and states its answer, worked out by hand from the
figures below: per employer the counts, per named worker the contribution wage
(base + fixed allowance parts; variable allowances, overtime and deductions left
out), the reported wage, the match tier and the finding; per file the rows and
sheets that `validate` must list as skipped. Only public interfaces are used:
`load`, `reconcile` and the CLI.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from conftest import ENROLMENT_HEADER, write_csv
from office import forms, payrolls
from office.forms import Enrolled
from office.payrolls import HrRow, OfficeRow, RecapRow, RegisterRow
from typer.testing import CliRunner

from underreport import ReconcileOptions, Reconciliation, load, reconcile
from underreport.cli import app

runner = CliRunner()
D = dt.date


@dataclass(frozen=True)
class Counts:
    registered: bool
    payroll_workers: int
    unregistered_workers: int
    underreported_wage_workers: int
    not_reconcilable_workers: int
    enrolled_not_on_payroll: int


@dataclass(frozen=True)
class Named:
    """One payroll worker as the reconciliation must see them."""

    contribution_wage: int
    tier: int | None
    finding: str | None
    reported_wage: int | None


@dataclass(frozen=True)
class Skips:
    """What `validate` must list for one file: skipped rows (at least these, with a reason),
    the worker rows (never skipped), rows read, and the sheets skipped (exactly these)."""

    kind: str
    rows: frozenset[int]
    workers: frozenset[int]
    sheets: frozenset[str] = frozenset()
    sheet: str | None = None
    exits: frozenset[int] = frozenset({0})
    """`validate`'s exit: 0, as no cell is an error, unless a damaged NIK may stay one."""


def _rows(first: int, last: int) -> frozenset[int]:
    return frozenset(range(first, last + 1))


@dataclass
class Case:
    period: str
    build: Callable[[Path], tuple[list[Path], list[Path]]]
    employers: dict[str, Counts]
    workers: dict[str, Named]
    skips: dict[str, Skips] = field(default_factory=dict)
    """File name -> what validate lists for it."""


# 1. HR system sheet (NPP - UNIT KERJA line, table from column B, department rows, a
#    summary table to the right, NO. KTP with apostrophes, Oracle dates) against
#    BPJS Formulir 2 as .xlsx (labels over values, text amounts, legend row).
SINAR = "PT SINAR BAHARI TEKNIK"
SINAR_ENROLLED = [
    Enrolled("3173011203850001", "SUTRISNO HADI", D(1985, 3, 12), 6_000_000),
    Enrolled("3173015708900002", "RATNA DEWI LESTARI", D(1990, 8, 17), 5_400_000),
    Enrolled("3174022501880003", "AGUS SETIAWAN", D(1988, 1, 25), 5_400_000),
    Enrolled("3171064406920004", "MAYA ANGGRAINI", D(1992, 6, 4), 5_500_000),
    Enrolled("3175031109870005", "BUDI SANTOSO", D(1987, 9, 11), 5_400_000),
]


def sinar_form(out: Path) -> Path:
    return forms.formulir2(
        out / "formulir2_maret_2025.xlsx", npp=80182795, employer=SINAR,
        unit="KANTOR PUSAT", month=3, year=2025, workers=SINAR_ENROLLED,
    )  # fmt: skip


def sinar_hr(out: Path) -> Path:
    return payrolls.hr_sheet(
        out / "daftar_gaji_hr.xlsx",
        title=["DAFTAR GAJI PEGAWAI", "PERIODE MARET 2025", "KANTOR CABANG : JAKARTA TIMUR",
               "NPP - UNIT KERJA : 80182795 - 000", f"NAMA PERUSAHAAN : {SINAR}"],
        departments=[
            ("DEPARTEMEN PRODUKSI", [
                HrRow("P-0311", "SUTRISNO HADI", "'3173011203850001", "20-NOV-03", "OPERATOR",
                      4_500_000, 1_500_000, 750_000),
                HrRow("P-0412", "RATNA DEWI LESTARI", "'3173015708900002", "03-JAN-11",
                      "QC", 4_200_000, 1_200_000, 500_000),
            ]),
            ("DEPARTEMEN ADMINISTRASI", [
                HrRow("A-0107", "AGUS SETIAWAN", "3174022501880003", "15-MAR-09", "STAF",
                      5_500_000, 1_750_000, 400_000),
                HrRow("A-0215", "MAYA ANGGRAINI", "3171064406920004", "01-AUG-16", "STAF",
                      4_000_000, 1_500_000, 0),
                HrRow("A-0320", "DEDI KURNIAWAN", "3172051410910005", "12-FEB-19", "KURIR",
                      4_800_000, 900_000, 300_000),
            ]),
        ],
    )  # fmt: skip


SINAR_COUNTS = {"80182795": Counts(True, 5, 1, 1, 0, 1)}  # DEDI unregistered, AGUS under, BUDI gone
SINAR_WORKERS = {
    "SUTRISNO HADI": Named(6_000_000, 1, None, 6_000_000),
    "RATNA DEWI LESTARI": Named(5_400_000, 1, None, 5_400_000),  # NIK '3173... (apostrophe)
    "AGUS SETIAWAN": Named(7_250_000, 1, "WAGE_UNDERREPORTED", 5_400_000),
    "DEDI KURNIAWAN": Named(5_700_000, 1, "UNREGISTERED", None),
}
SINAR_SKIPS = {
    "daftar_gaji_hr.xlsx": Skips("payroll", frozenset({8, 11, 15}), _rows(9, 10) | _rows(12, 14)),
    "formulir2_maret_2025.xlsx": Skips("enrollment", frozenset({16, 17, 18}), _rows(11, 15)),
}


def case_hr(out: Path) -> tuple[list[Path], list[Path]]:
    return [sinar_hr(out)], [sinar_form(out)]


# 2. Payroll register (company alone in row 1, no NPP, employee numbers and no NIK, eleven
#    Tunjangan Tetap parts, Lembur and Potongan sheets) against Formulir 2 as BIFF8 .xls
#    starting on row 3, whose JP columns are zeros for two of its four workers. The
#    company is linked by its name,
#    the one enrolled employer of that name among two; workers by name, tier 4.
KARYA = "PT KARYA MANDIRI SEJAHTERA"
KARYA_ENROLLED = [
    Enrolled("3275014207930001", "SITI NURHALIZA", D(1993, 7, 2), 4_800_000, jp=False),
    Enrolled("3275021511890002", "ANDI PRATAMA", D(1989, 11, 15), 5_200_000, jp=False),
    Enrolled("3276030304950003", "RUDI HARTONO", D(1995, 4, 3), 4_600_000),
    Enrolled("3271045612870004", "DEWI KARTIKA SARI", D(1987, 12, 16), 5_000_000),
]
_V = (440_000, 330_000, 250_000)  # Tj. Makan, Tj. Transport Harian, Insentif: not in the wage
KARYA_REGISTER = [
    RegisterRow("KMS-001", "Siti Nurhaliza", "Admin", 3_500_000,
                (300_000, 250_000, 200_000, 100_000, 0, 150_000, 100_000, 100_000, 0, 0, 100_000),
                _V, (4, 0)),
    RegisterRow("KMS-002", "Andi Pratama", "Supervisor", 3_800_000,
                (400_000, 300_000, 500_000, 200_000, 150_000, 150_000, 100_000, 150_000, 0, 0,
                 150_000), _V, (10, 2)),
    RegisterRow("KMS-003", "Rudi Hartono", "Teknisi", 3_400_000,
                (300_000, 250_000, 150_000, 100_000, 0, 150_000, 100_000, 50_000, 0, 0, 100_000),
                _V, (6, 1)),
    RegisterRow("KMS-004", "Dewi Kartika Sari", "Keuangan", 3_700_000,
                (300_000, 250_000, 250_000, 100_000, 0, 150_000, 100_000, 50_000, 0, 0, 100_000),
                _V),
    RegisterRow("KMS-005", "Yoga Permana", "Gudang", 3_300_000,
                (250_000, 200_000, 150_000, 100_000, 0, 100_000, 100_000, 0, 0, 0, 100_000),
                _V, (12, 3)),
    RegisterRow("KMS-006", "Linda Kusumawati", "Admin", 3_600_000,
                (300_000, 200_000, 150_000, 100_000, 0, 150_000, 100_000, 50_000, 0, 0, 100_000),
                _V),
]  # fmt: skip


def karya_form(out: Path) -> Path:
    return forms.formulir2(
        out / "LAP_RINCIAN_IURAN_032025.xls", npp="NN140549", employer=KARYA,
        unit="KANTOR PUSAT BEKASI", month=3, year=2025, workers=KARYA_ENROLLED, top=3,
        jkk_label="(0.54%)**", jkk_rate=0.0054, month_as_number=True,
        nik_header="Nomor Induk Kependudukan (NIK) /\nPaspor (bagi TK Asing)",
    )  # fmt: skip


def case_register(out: Path) -> tuple[list[Path], list[Path]]:
    pay = payrolls.register(
        out / "payroll_register_mar25.xlsx", company="PT. Karya Mandiri Sejahtera",
        period_line="PERIODE PAYROLL: Maret 2025", rows=KARYA_REGISTER,
    )  # fmt: skip
    return [pay], [karya_form(out), sinar_form(out)]


KARYA_COUNTS = {"NN140549": Counts(True, 6, 2, 1, 0, 0)}
KARYA_WORKERS = {
    "Siti Nurhaliza": Named(4_800_000, 4, None, 4_800_000),
    "Andi Pratama": Named(5_900_000, 4, "WAGE_UNDERREPORTED", 5_200_000),
    "Yoga Permana": Named(4_300_000, 4, "UNREGISTERED", None),
    "Linda Kusumawati": Named(4_750_000, 4, "UNREGISTERED", None),
}
KARYA_SKIPS = {
    "payroll_register_mar25.xlsx": Skips(
        "payroll", frozenset({12}), _rows(6, 11), frozenset({"Lembur", "Potongan"}), "Payroll"
    ),
    "LAP_RINCIAN_IURAN_032025.xls": Skips("enrollment", frozenset({17, 18, 19}), _rows(13, 16)),
}


# 3. Office payroll sheet with a Potongan group whose sub-headers hold digits and % beside
#    the Tunjangan Tetap group, against the SIPP bill (JKP columns, Nomor Pegawai).
MAJU = "CV MAJU BERSAMA ABADI"
MAJU_ENROLLED = [
    Enrolled("3374011005860001", "HERU WIBOWO", D(1986, 5, 10), 3_500_000),
    Enrolled("3374025203910002", "SRI WAHYUNI", D(1991, 3, 12), 3_200_000),
    Enrolled("3374032808840003", "BAMBANG SUSILO", D(1984, 8, 28), 2_500_000),
    Enrolled("3374046109940004", "FITRI HANDAYANI", D(1994, 9, 21), 3_000_000),
]


def case_office(out: Path, payroll: str = "gaji_karyawan.xlsx") -> tuple[list[Path], list[Path]]:
    pay = payrolls.office_sheet(
        out / payroll, top=3 if payroll.endswith(".xls") else 1,
        title=["DAFTAR GAJI KARYAWAN", MAJU, "NPP: 17039402", "Bulan : Maret 2025"],
        rows=[
            OfficeRow("3374011005860001", "HERU WIBOWO", "Kepala Toko", 3_000_000,
                      (300_000, 200_000), (500_000, 250_000), 0),
            OfficeRow("3374025203910002", "SRI WAHYUNI", "Kasir", 2_800_000,
                      (250_000, 150_000), (500_000, 250_000), 0),
            OfficeRow("3374032808840003", "BAMBANG SUSILO", "Gudang", 2_400_000,
                      (0, 700_000), (500_000, 250_000), 0),
            OfficeRow("3374046109940004", "FITRI HANDAYANI", "Kasir", 2_700_000,
                      (150_000, 150_000), (500_000, 250_000), 0),
            OfficeRow("3374051507970005", "JOKO SUSANTO", "Sopir", 2_600_000,
                      (0, 0), (500_000, 400_000), 0),
        ],
    )  # fmt: skip
    enr = forms.sipp(
        out / "rincian_iuran_sipp.xlsx",
        title=["RINCIAN IURAN TENAGA KERJA", "NPP : 17039402", f"Nama Perusahaan : {MAJU}",
               "Periode Iuran : Maret 2025"],
        workers=MAJU_ENROLLED, staff_numbers=["MB-01", "MB-02", "MB-03", "MB-04"], top=2,
    )  # fmt: skip
    return [pay], [enr]


MAJU_COUNTS = {"17039402": Counts(True, 5, 1, 1, 0, 0)}
MAJU_WORKERS = {
    "HERU WIBOWO": Named(3_500_000, 1, None, 3_500_000),
    # 2,400,000 + 0 (Tj. Jabatan) is below the 2,500,000 reported: under-reported only
    # when Tj. Keluarga, the second part of the group, is counted too
    "BAMBANG SUSILO": Named(3_100_000, 1, "WAGE_UNDERREPORTED", 2_500_000),
    "JOKO SUSANTO": Named(2_600_000, 1, "UNREGISTERED", None),
}
MAJU_SKIPS = {
    "gaji_karyawan.xlsx": Skips("payroll", frozenset({13}), _rows(8, 12)),
    "rincian_iuran_sipp.xlsx": Skips("enrollment", frozenset({12}), _rows(8, 11)),
}


def case_office_xls(out: Path) -> tuple[list[Path], list[Path]]:
    """The same office sheet saved as BIFF8 .xls with two empty rows above the title."""
    return case_office(out, "GAJI_MARET_2025.xls")


MAJU_XLS_SKIPS = {"GAJI_MARET_2025.xls": Skips("payroll", frozenset({15}), _rows(10, 14))}


# 4. Recap with sections (line breaks in headers, section rows, subtotals, TOTAL
#    KESELURUHAN, #,##0 money) against the clerk's SIPP recap (JHT and JP twice).
SRIWIJAYA = "PT SRIWIJAYA AGRO LESTARI"
SRIWIJAYA_ENROLLED = [
    Enrolled("1671010107800001", "M. ARIFIN", D(1980, 7, 1), 4_200_000),
    Enrolled("1671024502850002", "NURUL HIDAYAH", D(1985, 2, 5), 3_800_000),
    Enrolled("1671031212900003", "IWAN SAPUTRA", D(1990, 12, 12), 3_700_000),
    Enrolled("1671046003930004", "RINA MARLINA", D(1993, 3, 20), 3_700_000),
    Enrolled("1671052207960005", "FAJAR NUGROHO", D(1996, 7, 22), 3_700_000),
    Enrolled("1671060811880006", "HENDRA GUNAWAN", D(1988, 11, 8), 3_681_571),
]


def case_recap(out: Path) -> tuple[list[Path], list[Path]]:
    pay = payrolls.recap(
        out / "rekap_gaji.xlsx",
        title=["REKAPITULASI GAJI KARYAWAN", SRIWIJAYA, "NPP : 16002231", "BULAN MARET 2025"],
        base_header="GAJI\nMARET 2025",
        sections=[
            ("A. KARYAWAN BULANAN", "TOTAL A. KARYAWAN BULANAN", [
                RecapRow("M. ARIFIN", "1671010107800001", "Mandor", 3_700_000, 500_000, 300_000),
                RecapRow("NURUL HIDAYAH", "1671024502850002", "Admin", 3_400_000, 400_000,
                         300_000),
                RecapRow("IWAN SAPUTRA", "1671031212900003", "Operator", 3_300_000, 400_000,
                         300_000),
                RecapRow("HENDRA GUNAWAN", "1671060811880006", "Operator", 3_600_000, 500_000,
                         300_000),
            ]),
            ("B. KARYAWAN HARIAN", "TOTAL B. KARYAWAN HARIAN", [
                RecapRow("RINA MARLINA", "1671046003930004", "Sortir", 3_700_000, 0, 150_000),
                RecapRow("FAJAR NUGROHO", "1671052207960005", "Sortir", 3_700_000, 0, 150_000),
                RecapRow("SLAMET RIYADI", "1671071506990007", "Muat", 3_700_000, 0, 150_000),
            ]),
        ],
    )  # fmt: skip
    enr = forms.sipp_recap(
        out / "rekap_iuran_bpjstk.xlsx",
        title=["REKAP IURAN BPJS KETENAGAKERJAAN", SRIWIJAYA, "NPP : 16002231",
               "Bulan : Maret 2025"],
        workers=SRIWIJAYA_ENROLLED, left=2,
    )  # fmt: skip
    return [pay], [enr]


SRIWIJAYA_COUNTS = {"16002231": Counts(True, 7, 1, 1, 0, 0)}
SRIWIJAYA_WORKERS = {
    "M. ARIFIN": Named(4_200_000, 1, None, 4_200_000),
    "HENDRA GUNAWAN": Named(4_100_000, 1, "WAGE_UNDERREPORTED", 3_681_571),
    "RINA MARLINA": Named(3_700_000, 1, None, 3_700_000),
    "SLAMET RIYADI": Named(3_700_000, 1, "UNREGISTERED", None),
}
SRIWIJAYA_SKIPS = {
    "rekap_gaji.xlsx": Skips(
        "payroll", frozenset({7, 12, 13, 17, 18}), _rows(8, 11) | _rows(14, 16)
    ),
    "rekap_iuran_bpjstk.xlsx": Skips("enrollment", frozenset({14}), _rows(8, 13)),
}


# 5. English export (Company:, Reg. No.:, Pay Period: April 2025, Grand Total) against
#    Formulir Jamsostek 2a written as an HTML table into a file named .xls.
NUSANTARA = "PT NUSANTARA LOGISTIK INDONESIA"
NUSANTARA_ENROLLED = [
    Enrolled("3578011904870001", "WAHYU HIDAYAT", D(1987, 4, 19), 5_200_000),
    Enrolled("3578026107920002", "LESTARI PUSPITASARI", D(1992, 7, 21), 4_800_000),
    Enrolled("3578031010890003", "ARIS MUNANDAR", D(1989, 10, 10), 4_500_000),
    Enrolled("3578045503950004", "YULIANA PRATIWI", D(1995, 3, 15), 4_600_000),
]


def case_english(out: Path) -> tuple[list[Path], list[Path]]:
    pay = payrolls.table(
        out / "payroll_report_apr2025.xlsx", sheet="Payroll", top=2, left=2,
        title=[["PAYROLL REPORT"], ["Company: PT Nusantara Logistik Indonesia"],
               ["BPJS Ketenagakerjaan Reg. No.: 66234590"], ["Pay Period: April 2025"]],
        header=["Employee ID", "Employee Name", "ID Number", "Department", "Basic Salary",
                "Fixed Allowance", "Overtime", "Gross Salary"],
        rows=[
            ["EN-0101", "Wahyu Hidayat", "3578011904870001", "Operations", 4_400_000, 800_000,
             250_000, 5_450_000],
            ["EN-0102", "Lestari Puspitasari", "3578026107920002", "Finance", 4_000_000,
             800_000, 0, 4_800_000],
            ["EN-0103", "Aris Munandar", "3578031010890003", "Operations", 5_000_000,
             1_000_000, 400_000, 6_400_000],
            ["EN-0104", "Yuliana Pratiwi", "3578045503950004", "People", 3_900_000, 700_000,
             0, 4_600_000],
            ["EN-0105", "Reza Firmansyah", "3578052012980005", "Operations", 4_200_000,
             600_000, 300_000, 5_100_000],
            ["EN-0106", "Dian Permatasari", "3578066604000006", "Finance", 4_000_000, 500_000,
             0, 4_500_000],
        ],
        footer=[[None, "Grand Total", None, None, 25_500_000, 4_400_000, 950_000, 30_850_000]],
    )  # fmt: skip
    enr = forms.jamsostek_2a_html(
        out / "RINCIAN_IURAN_TK_042025.xls",
        title=["RINCIAN IURAN TENAGA KERJA", "NPP : 66234590",
               f"Nama Perusahaan : {NUSANTARA}", "Bulan Iuran : April 2025"],
        workers=NUSANTARA_ENROLLED,
    )  # fmt: skip
    return [pay], [enr]


NUSANTARA_COUNTS = {"66234590": Counts(True, 6, 2, 1, 0, 0)}
NUSANTARA_WORKERS = {
    "Wahyu Hidayat": Named(5_200_000, 1, None, 5_200_000),
    "Aris Munandar": Named(6_000_000, 1, "WAGE_UNDERREPORTED", 4_500_000),
    "Reza Firmansyah": Named(4_800_000, 1, "UNREGISTERED", None),
    "Dian Permatasari": Named(4_500_000, 1, "UNREGISTERED", None),
}
NUSANTARA_SKIPS = {
    "payroll_report_apr2025.xlsx": Skips("payroll", frozenset({14}), _rows(8, 13)),
    "RINCIAN_IURAN_TK_042025.xls": Skips("enrollment", frozenset({10}), _rows(6, 9)),
}


# 6 and 7. The period only in the sheet name, or only in the file name.
def _membership(path: Path, npp: str, employer: str, rows: list[tuple[str, str, str]]) -> Path:
    """BPJS's membership export (`;` CSV): rows of (NIK, name, wage); the birth date is
    the one the NIK carries (digits 7-12, women's day + 40)."""
    lines = [ENROLMENT_HEADER]
    for k, (nik, name, wage) in enumerate(rows, start=1):
        day, month, yy = int(nik[6:8]) % 40, nik[8:10], nik[10:12]
        born = f"{day:02d}-{month}-19{yy}"
        kpj = f"{25030500000 + k:011d}"
        lines.append(f"{npp};{employer};{kpj};{nik};{name};{born};{wage};JKK, JKM, JHT, JP;AKTIF;"
                     "01-02-2021")  # fmt: skip
    return write_csv(path, lines)


def case_sheet_name(out: Path) -> tuple[list[Path], list[Path]]:
    pay = payrolls.table(
        out / "gaji_cabang_surabaya.xlsx", sheet="Payroll Apr-2025",
        title=[["DAFTAR GAJI KARYAWAN"], ["NPP : 35190077"]],
        header=["No", "NIK", "Nama", "Gaji Pokok", "Tunjangan Tetap", "Total"],
        rows=[[1, "3578101203900001", "EKO PRASETYO", 4_500_000, 500_000, 5_000_000],
              [2, "3578114808910002", "INDAH PERMATA", 4_200_000, 400_000, 4_600_000],
              [3, "3578121101920003", "TAUFIK HIDAYAT", 4_100_000, 400_000, 4_500_000]],
        footer=[[None, None, "TOTAL", 12_800_000, 1_300_000, 14_100_000]],
    )  # fmt: skip
    enr = _membership(out / "kepesertaan.csv", "35190077", "PT ARTA BOGA SURYA", [
        ("3578101203900001", "EKO PRASETYO", "5.000.000"),
        ("3578114808910002", "INDAH PERMATA", "4.000.000"),
    ])  # fmt: skip
    return [pay], [enr]


SHEET_NAME_COUNTS = {"35190077": Counts(True, 3, 1, 1, 0, 0)}
SHEET_NAME_WORKERS = {
    "EKO PRASETYO": Named(5_000_000, 1, None, 5_000_000),
    "INDAH PERMATA": Named(4_600_000, 1, "WAGE_UNDERREPORTED", 4_000_000),
    "TAUFIK HIDAYAT": Named(4_500_000, 1, "UNREGISTERED", None),
}


def case_file_name(out: Path) -> tuple[list[Path], list[Path]]:
    pay = payrolls.table(
        out / "gaji_maret_2025.xlsx", sheet="Sheet1",
        title=[["PT PRIANGAN JAYA MAKMUR"], ["NPP", "32150044"]],
        header=["No", "No. KTP", "Nama Karyawan", "Gapok", "Tunj. Tetap", "Jumlah"],
        rows=[[1, "3204011502880001", "ASEP SUNANDAR", 2_700_000, 300_000, 3_000_000],
              [2, "3204025706900002", "NENG SITI ROHMAH", 2_900_000, 300_000, 3_200_000],
              [3, "3204032403930003", "UJANG KOSASIH", 2_800_000, 300_000, 3_100_000]],
        footer=[[None, None, "JUMLAH", 8_400_000, 900_000, 9_300_000]],
    )  # fmt: skip
    enr = _membership(out / "kepesertaan.csv", "32150044", "PT PRIANGAN JAYA MAKMUR", [
        ("3204011502880001", "ASEP SUNANDAR", "3.000.000"),
        ("3204025706900002", "NENG SITI ROHMAH", "2.800.000"),
    ])  # fmt: skip
    return [pay], [enr]


FILE_NAME_COUNTS = {"32150044": Counts(True, 3, 1, 1, 0, 0)}
FILE_NAME_WORKERS = {
    "ASEP SUNANDAR": Named(3_000_000, 1, None, 3_000_000),
    "NENG SITI ROHMAH": Named(3_200_000, 1, "WAGE_UNDERREPORTED", 2_800_000),
    "UJANG KOSASIH": Named(3_100_000, 1, "UNREGISTERED", None),
}


# 8a. A `;` CSV from Indonesian Excel: three different workers share the scientific
#     text 3,17504E+15. They stay three workers, each matched by name (tier 4).
def case_scientific(out: Path) -> tuple[list[Path], list[Path]]:
    pay = write_csv(out / "gaji_maret.csv", [
        "DAFTAR GAJI KARYAWAN;;;;;",
        "NPP : 31740588;;;;;",
        "Periode : Maret 2025;;;;;",
        "No;NIK;Nama Karyawan;Gaji Pokok;Tunjangan Tetap;Total Gaji",
        "1;3,17504E+15;RIZKY ADITYA;5.500.000;500.000;6.000.000",
        "2;3,17504E+15;DIAN LESTARI;5.200.000;300.000;5.500.000",
        "3;3,17504E+15;HARYANTO;5.600.000;400.000;6.000.000",
        "4;3175062205890004;FERRY IRAWAN;5.400.000;0;5.400.000",
        ";;TOTAL;21.700.000;1.200.000;22.900.000",
    ])  # fmt: skip
    enr = _membership(out / "kepesertaan.csv", "31740588", "PT CAHAYA MURNI", [
        ("3175041003900011", "RIZKY ADITYA", "6.000.000"),
        ("3175044106920012", "DIAN LESTARI", "5.500.000"),
        ("3175042712850013", "HARYANTO", "5.397.000"),
        ("3175062205890004", "FERRY IRAWAN", "5.400.000"),
    ])  # fmt: skip
    return [pay], [enr]


SCIENTIFIC_COUNTS = {"31740588": Counts(True, 4, 0, 1, 0, 0)}
SCIENTIFIC_WORKERS = {
    "RIZKY ADITYA": Named(6_000_000, 4, None, 6_000_000),
    "DIAN LESTARI": Named(5_500_000, 4, None, 5_500_000),
    "HARYANTO": Named(6_000_000, 4, "WAGE_UNDERREPORTED", 5_397_000),
    "FERRY IRAWAN": Named(5_400_000, 1, None, 5_400_000),
}
SCIENTIFIC_SKIPS = {
    "gaji_maret.csv": Skips("payroll", frozenset({9}), _rows(5, 8), exits=frozenset({0, 1}))
}


# 8b. A payroll re-saved with NIKs as numbers: 3273014503900005 rounded to ...0010 (one
#     candidate, names agree: tier 2); 3273022010880010 really ends in 0 (exact, tier 1,
#     with NIK_PRECISION_LOSS); a NIK kept as text by a leading apostrophe.
def case_resaved(out: Path) -> tuple[list[Path], list[Path]]:
    pay = payrolls.table(
        out / "gaji_resave.xlsx", sheet="Maret 2025",
        title=[["DAFTAR GAJI KARYAWAN"], ["PT PARAHYANGAN TEKSTIL"], ["NPP : 32730311"],
               ["Periode : Maret 2025"]],
        header=["No", "NIK", "Nama Karyawan", "Gaji Pokok", "Tunjangan Tetap",
                "Tunjangan Tidak Tetap", "Total Gaji"],
        rows=[[1, 3273014503900010, "SRI MULYANI", 3_000_000, 500_000, 200_000, 3_700_000],
              [2, 3273022010880010, "DENI RAMDANI", 3_500_000, 500_000, 200_000, 4_200_000],
              [3, "'3273031707920003", "ROBBY SUGARA", 3_000_000, 400_000, 200_000, 3_600_000],
              [4, "3273045909950004", "NURAENI", 2_900_000, 400_000, 200_000, 3_500_000]],
        footer=[[None, None, "TOTAL", 12_400_000, 1_800_000, 800_000, 15_000_000]],
    )  # fmt: skip
    enr = _membership(out / "kepesertaan.csv", "32730311", "PT PARAHYANGAN TEKSTIL", [
        ("3273014503900005", "SRI MULYANI", "3.500.000"),
        ("3273022010880010", "DENI RAMDANI", "3.600.000"),
        ("3273031707920003", "ROBBY SUGARA", "3.400.000"),
    ])  # fmt: skip
    return [pay], [enr]


RESAVED_COUNTS = {"32730311": Counts(True, 4, 1, 1, 0, 0)}
RESAVED_WORKERS = {
    "SRI MULYANI": Named(3_500_000, 2, None, 3_500_000),
    "DENI RAMDANI": Named(4_000_000, 1, "WAGE_UNDERREPORTED", 3_600_000),
    "ROBBY SUGARA": Named(3_400_000, 1, None, 3_400_000),
    "NURAENI": Named(3_300_000, 1, "UNREGISTERED", None),
}
RESAVED_SKIPS = {"gaji_resave.xlsx": Skips("payroll", frozenset({11}), _rows(7, 10))}


# 9. A folder of payrolls holding a note and an Excel lock file besides the workbook.
def case_folder(out: Path) -> tuple[list[Path], list[Path]]:
    folder = out / "payroll"
    folder.mkdir()
    sinar_hr(folder)
    (folder / "catatan.txt").write_text(
        "Gaji Maret 2025 dibayar tanggal 25 Maret.\r\nLembur menyusul bulan depan.\r\n",
        encoding="utf-8",
    )
    (folder / "~$daftar_gaji_hr.xlsx").write_bytes(
        b"\x0bHendro W.  " + b"\x00" * 40 + b"\x20" * 110
    )
    return [folder], [sinar_form(out)]


CASES: dict[str, Case] = {
    "hr_system_vs_formulir2_xlsx": Case("2025-03", case_hr, SINAR_COUNTS, SINAR_WORKERS,
                                        SINAR_SKIPS),
    "register_vs_formulir2_xls": Case("2025-03", case_register, KARYA_COUNTS, KARYA_WORKERS,
                                      KARYA_SKIPS),
    "office_potongan_vs_sipp": Case("2025-03", case_office, MAJU_COUNTS, MAJU_WORKERS,
                                    MAJU_SKIPS),
    "office_potongan_xls_vs_sipp": Case("2025-03", case_office_xls, MAJU_COUNTS, MAJU_WORKERS,
                                        MAJU_XLS_SKIPS),
    "recap_sections_vs_sipp_recap": Case("2025-03", case_recap, SRIWIJAYA_COUNTS,
                                         SRIWIJAYA_WORKERS, SRIWIJAYA_SKIPS),
    "english_vs_jamsostek_2a_html": Case("2025-04", case_english, NUSANTARA_COUNTS,
                                         NUSANTARA_WORKERS, NUSANTARA_SKIPS),
    "period_in_sheet_name": Case("2025-04", case_sheet_name, SHEET_NAME_COUNTS,
                                 SHEET_NAME_WORKERS,
                                 {"gaji_cabang_surabaya.xlsx": Skips("payroll", frozenset({8}),
                                                                     _rows(5, 7))}),
    "period_in_file_name": Case("2025-03", case_file_name, FILE_NAME_COUNTS, FILE_NAME_WORKERS,
                                {"gaji_maret_2025.xlsx": Skips("payroll", frozenset({8}),
                                                               _rows(5, 7))}),
    "scientific_niks_csv": Case("2025-03", case_scientific, SCIENTIFIC_COUNTS,
                                SCIENTIFIC_WORKERS, SCIENTIFIC_SKIPS),
    "resaved_niks": Case("2025-03", case_resaved, RESAVED_COUNTS, RESAVED_WORKERS,
                         RESAVED_SKIPS),
    "folder_with_note_and_lock_file": Case("2025-03", case_folder, SINAR_COUNTS, SINAR_WORKERS),
}  # fmt: skip


def _run(case: Case, out: Path, **kwargs: object) -> Reconciliation:
    out.mkdir(parents=True, exist_ok=True)
    pay, enr = case.build(out)
    return reconcile(load(pay, enr, **kwargs), ReconcileOptions(period=case.period))


@pytest.mark.parametrize("name", list(CASES))
def test_counts_per_employer_as_worked_out(name: str, tmp_path: Path) -> None:
    """Every payroll employer is reported with exactly its counts, and no other employer."""
    case = CASES[name]
    result = _run(case, tmp_path).result
    assert result.period == case.period
    got = {e.employer_id: e for e in result.employers}
    assert set(got) == set(case.employers), [(e.employer_id, e.registered) for e in got.values()]
    for npp, want in case.employers.items():
        e = got[npp]
        assert Counts(
            e.registered, e.payroll_workers, e.unregistered_workers,
            e.underreported_wage_workers, e.not_reconcilable_workers, e.enrolled_not_on_payroll,
        ) == want, npp  # fmt: skip


@pytest.mark.parametrize("name", list(CASES))
def test_named_workers_wage_tier_and_finding(name: str, tmp_path: Path) -> None:
    """The contribution wage is base + fixed allowances; the tier says how the match was made."""
    case = CASES[name]
    rec = _run(case, tmp_path)
    rows = {r["worker_name"]: r for r in rec.workers.iter_rows(named=True)}
    for worker, want in case.workers.items():
        assert worker in rows, (worker, sorted(n for n in rows if n))
        r = rows[worker]
        got = Named(
            round(r["contribution_wage"]), r["match_tier"], r["finding"],
            None if r["reported_wage"] is None else round(r["reported_wage"]),
        )  # fmt: skip
        assert got == want, worker


FILES = [(name, file) for name, case in CASES.items() for file in case.skips]


@pytest.mark.parametrize(("name", "file"), FILES, ids=[f for _, f in FILES])
def test_validate_lists_every_skipped_row_and_sheet(name: str, file: str, tmp_path: Path) -> None:
    """Totals, sections, departments and form footers are listed with a reason at the row the
    spreadsheet shows; no worker row is among them; non-worker sheets are listed as skipped."""
    case = CASES[name]
    case.build(tmp_path)
    want = case.skips[file]
    res = runner.invoke(app, ["validate", str(tmp_path / file), "--kind", want.kind,
                              "--format", "json"])  # fmt: skip
    assert res.exit_code in want.exits, res.output
    doc = json.loads(res.stdout)
    issues = [i for i in doc["data_quality"] if Path(i["file"]).name == file]
    skipped = {i["row"]: i for i in issues if i["code"] == "ROW_SKIPPED"}
    assert want.rows <= set(skipped), sorted(skipped)
    assert not want.workers & set(skipped), sorted(want.workers & set(skipped))
    assert all(i["message"] and i["severity"] == "info" for i in skipped.values())
    sheets = {i["sheet"]: i for i in issues if i["code"] == "SHEET_SKIPPED"}
    assert set(sheets) == want.sheets
    assert all(i["severity"] == "info" and i["message"] for i in sheets.values())
    read = {i["sheet"]: i["rows_read"] for i in doc["inputs"] if Path(i["path"]).name == file}
    assert read == {want.sheet if want.sheet else _only_sheet(read): len(want.workers)}


def _only_sheet(read: dict[str | None, int]) -> str | None:
    return next(iter(read)) if len(read) == 1 else "<one sheet expected>"
