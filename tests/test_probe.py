"""Files a new user brought, drawn the way other payroll systems and clerks draw them.

Each fixture varies a layout family of `shared/formats.md` in a way the other
tests do not (title wording, header spelling, where the table starts, what a
form holds for a foreign worker); each answer is worked out by hand and
written as literals.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import openpyxl
from conftest import ENROLMENT_HEADER, write_csv, write_xlsx
from typer.testing import CliRunner

from underreport.cli import app

runner = CliRunner()


def _nik(region: str, day: int, month: int, year: int, serial: int) -> str:
    return f"{region}{day:02d}{month:02d}{year % 100:02d}{serial:04d}"


def _reconcile(pay: Path, enr: Path, *extra: str) -> dict[str, Any]:
    res = runner.invoke(
        app, ["reconcile", "-p", str(pay), "-e", str(enr), "--format", "json", *extra]
    )
    assert res.exit_code == 0, res.output
    doc: dict[str, Any] = json.loads(res.stdout)
    return doc


def _employer(doc: dict[str, Any], npp: str) -> dict[str, Any]:
    found = [e for e in doc["employers"] if e["employer_id"] == npp]
    assert len(found) == 1, [e["employer_id"] for e in doc["employers"]]
    return found[0]


def _workers(npp: str, pay: Path, enr: Path, *extra: str) -> dict[str, dict[str, Any]]:
    res = runner.invoke(
        app, ["explain", npp, "-p", str(pay), "-e", str(enr), "--format", "json", *extra]
    )
    assert res.exit_code == 0, res.output
    return {w["worker_name"]: w for w in json.loads(res.stdout)["workers"]}


def _counts(e: dict[str, Any]) -> tuple[int, int, int, int, int]:
    return (
        e["payroll_workers"],
        e["enrolled_workers"],
        e["unregistered_workers"],
        e["underreported_wage_workers"],
        e["not_reconcilable_workers"],
    )


def _membership(path: Path, npp: str, rows: list[tuple[str, str, str]]) -> Path:
    """A BPJS membership CSV: (NIK, name, reported wage as `4.500.000`) per active worker."""
    lines = [ENROLMENT_HEADER] + [
        f"{npp};PT PESERTA;2101{i:07d};{nik};{name};01-01-1985;{wage};JKK, JKM, JHT, JP;"
        "AKTIF;01-02-2020"
        for i, (nik, name, wage) in enumerate(rows)
    ]
    return write_csv(path, lines)


# --- header spellings and title wording of a clerk's payroll --------------------------------

A1, A2, A3 = _nik("327305", 12, 5, 88, 1), _nik("327305", 3, 1, 90, 2), _nik("327305", 61, 7, 95, 3)


def test_clerk_spellings_two_row_header_at_c7_and_rp_text(tmp_path: Path) -> None:
    """`Nama Karyawan/ti`, `No. Induk Kependudukan`, `Gaji Dasar` under a title that says
    `No. Pendaftaran Perusahaan` and `Periode Gaji : 01 Maret 2025 s/d 31 Maret 2025`.

    Before: exit 2, no header row found. By hand: Andi 4.500.000 + 500.000 + 250.000 =
    5.250.000 (enrolled at that); Budi 4.000.000 + 300.000 = 4.300.000 (enrolled at
    3.500.000: under by 800.000); Citra 3.800.000 + 200.000 = 4.000.000, not enrolled.
    """
    blank = [None, None]
    sheet = [
        [],
        [*blank, "DAFTAR PEMBAYARAN GAJI KARYAWAN"],
        [*blank, "Nama Perusahaan : PT Sumber Rejeki Abadi"],
        [*blank, "No. Pendaftaran Perusahaan : 31200457"],
        [*blank, "Periode Gaji : 01 Maret 2025 s/d 31 Maret 2025"],
        [],
        [*blank, "No", "Nama Karyawan/ti", "No. Induk Kependudukan", None, "Gaji Dasar",
         "TUNJANGAN TETAP", None, "TUNJANGAN TIDAK TETAP", None, "Jumlah Diterima"],
        [*blank, None, None, None, None, None, "Tunj. Jabatan", "Tunj. Keluarga", "Uang Makan",
         "Uang Transport", None],
        [*blank, 1, "Andi Saputra", A1, None, "Rp. 4.500.000,-", "Rp. 500.000,-", "Rp. 250.000,-",
         "Rp. 400.000,-", "Rp. 300.000,-", "Rp. 5.950.000,-"],
        [*blank, 2, "Budi Hartono", A2, None, "Rp. 4.000.000,-", "-", "Rp. 300.000,-",
         "Rp. 400.000,-", "Rp. 300.000,-", "Rp. 5.000.000,-"],
        [*blank, 3, "Citra Lestari", A3, None, "Rp. 3.800.000,-", "Rp. 200.000,-", "-",
         "Rp. 400.000,-", "Rp. 300.000,-", "Rp. 4.700.000,-"],
        [*blank, "JUMLAH", None, None, None, "Rp. 12.300.000,-"],
        [], [], [],
        [*blank, "Catatan: gaji dibayarkan setiap tanggal 28 melalui transfer bank"],
    ]  # fmt: skip
    merges = ["C7:C8", "D7:D8", "E7:E8", "G7:G8", "H7:I7", "J7:K7", "L7:L8"]
    pay = write_xlsx(tmp_path / "gaji.xlsx", {"Gaji": sheet}, {"Gaji": merges})
    enr = _membership(
        tmp_path / "peserta.csv",
        "31200457",
        [(A1, "ANDI SAPUTRA", "5.250.000"), (A2, "BUDI HARTONO", "3.500.000")],
    )
    doc = _reconcile(pay, enr)
    e = _employer(doc, "31200457")
    assert doc["period"] == "2025-03"
    assert _counts(e) == (3, 2, 1, 1, 0)
    assert e["wage_gap_idr"] == 4_000_000 + 800_000
    w = _workers("31200457", pay, enr)
    assert w["Budi Hartono"]["contribution_wage_idr"] == 4_300_000
    assert w["Andi Saputra"]["contribution_wage_idr"] == 5_250_000


# --- a Formulir 2 that pays for a foreign worker under a passport number ---------------------

B1, B2 = _nik("327305", 4, 4, 91, 11), _nik("327305", 55, 6, 93, 12)
B3 = _nik("327305", 1, 2, 89, 13)
B5 = _nik("327305", 7, 7, 94, 15)


def _form2_with_passport(path: Path) -> Path:
    """Formulir 2 on narrow merged columns; the NIK header allows a passport for TK Asing."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Form 2"

    def cell(ref: str, value: object) -> None:
        ws[ref.split(":")[0]] = value
        if ":" in ref:
            ws.merge_cells(ref)

    cell("A1:AF1", "LAPORAN RINCIAN IURAN PEKERJA")
    cell("AH1:AI1", "Formulir 2")
    for ref, label in (
        ("A3:E3", "NPP"),
        ("G3:P3", "Nama Pemberi Kerja/Wadah/Mitra"),
        ("R3:Y3", "Nama Unit Kerja / Kesatuan"),
        ("AA3:AF3", "Periode Laporan"),
    ):
        cell(ref, label)
    for ref, value in (
        ("A4:E4", "NN140549"),
        ("G4:P4", "PT Karya Logam Nusantara"),
        ("R4:Y4", "Kantor Pusat"),
        ("AA4:AC4", 3),
        ("AD4:AF4", 2025),
        ("AA5:AC5", "bulan"),
        ("AD5:AF5", "tahun"),
    ):
        cell(ref, value)
    spans = [
        "A:B",
        "C:E",
        "F:H",
        "I:L",
        "M:N",
        "O:P",
        "Q:R",
        "S:T",
        "U:V",
        "W:X",
        "Y:Z",
        "AA:AB",
        "AC:AD",
        "AE:AF",
        "AG:AH",
    ]
    tops = [
        "No",
        "No. Peserta",
        "NIK / No. Paspor\n(TK Asing)",
        "Nama Pekerja",
        "Tanggal\nLahir",
        "Upah\n(Rp)",
        "Rapel\n(Rp)",
        "Total Upah\n(Rp)",
        "Iuran JKK\n(Rp)\n(0.54%)",
        "Iuran JKM\n(Rp)\n(0.3%)",
        "Iuran JHT (Rp)",
        None,
        "Iuran JP (Rp)",
        None,
        "Jumlah Iuran\n(Rp)",
    ]
    for (a, b), top in zip((s.split(":") for s in spans), tops, strict=True):
        if top in ("Iuran JHT (Rp)", "Iuran JP (Rp)"):
            continue
        if top is not None:
            cell(f"{a}7:{b}8", top)
    cell("Y7:AB7", "Iuran JHT (Rp)")
    cell("AC7:AF7", "Iuran JP (Rp)")
    for ref, sub in (
        ("Y8:Z8", "Pemberi Kerja\n(3.7%)"),
        ("AA8:AB8", "Pekerja\n(2%)"),
        ("AC8:AD8", "Pemberi Kerja\n(2%)"),
        ("AE8:AF8", "Pekerja\n(1%)"),
    ):
        cell(ref, sub)
    for (a, _), letter in zip((s.split(":") for s in spans), "abcdefghijklmno", strict=True):
        ws[f"{a}9"] = letter
    rows = [
        ("2501234561", B1, "FAJAR NUGROHO", dt.date(1991, 4, 4), 3_500_000),
        ("2501234562", B2, "GITA PERMATA", dt.date(1993, 6, 15), 2_800_000),
        ("2501234564", "A12345678", "JOHN SMITH", dt.date(1980, 1, 1), 10_000_000),
        ("2501234565", B5, "KURNIAWAN", dt.date(1994, 7, 7), 3_000_000),
    ]  # fmt: skip
    for i, (kpj, nik, name, born, wage) in enumerate(rows, start=1):
        r = 9 + i
        shares = [wage * rate for rate in (0.0054, 0.003, 0.037, 0.02, 0.02, 0.01)]
        values = [i, kpj, nik, name, born, f"{wage:,.2f}", "0.00", f"{wage:,.2f}",
                  *(f"{v:,.2f}" for v in shares), f"{sum(shares):,.2f}"]  # fmt: skip
        for (a, b), v in zip((s.split(":") for s in spans), values, strict=True):
            cell(f"{a}{r}:{b}{r}", v)
    cell("A14:N14", "Total Seluruhnya")
    cell("A15:N15", "Kompensasi Kekurangan atau Kelebihan Iuran Bulan Lalu")
    cell("A16:N16", "Denda")
    ws["Y19"] = "Bekasi, 10 April 2025"
    wb.save(path)
    return path


def test_form2_passport_worker_is_enrolled_and_matched_by_name(tmp_path: Path) -> None:
    """A passport in the form's NIK column still enrols its worker, matched by name.

    Before: the form's row with `A12345678` was dropped from the enrolment, so John
    Smith (no NIK on the payroll) was called unregistered, "no enrolment of this
    employer has this name", and the form's active enrolments were counted as 3.
    The payroll also writes its NPP as `Kode Perusahaan BPJS` and its month as
    `Bulan Maret Tahun 2025` (both unread before: no NPP, then exit 2 for no period).
    By hand: Fajar 3.000.000 + 500.000 (form 3.500.000); Gita 3.200.000 + 500.000 =
    3.700.000 (form 2.800.000: under by 900.000); Hendra 3.000.000, not on the form;
    John 9.000.000 + 1.000.000 (form 10.000.000); Kurniawan on the form only.
    """
    pay = write_xlsx(
        tmp_path / "gaji.xlsx",
        {"Maret": [
            ["PT KARYA LOGAM NUSANTARA"],
            ["Kode Perusahaan BPJS : NN140549"],
            ["Bulan Maret Tahun 2025"],
            [],
            ["No", "Nomor KTP/NIK", "Nama Pegawai", "Bagian", "Upah Pokok Sebulan",
             "Tunjangan Tetap", "Lembur", "Take Home Pay"],
            ["DEPARTEMEN PRODUKSI"],
            [1, B1, "Fajar Nugroho", "Produksi", 3_000_000, 500_000, 250_000, 3_750_000],
            [2, B2, "Gita Permata", "Produksi", 3_200_000, 500_000, 250_000, 3_950_000],
            [3, B3, "Hendra Wijaya", "Produksi", 3_000_000, 0, 250_000, 3_250_000],
            [None, None, "Subtotal Produksi", None, 9_200_000],
            ["DEPARTEMEN GUDANG"],
            [1, None, "John Smith", "Gudang", 9_000_000, 1_000_000, 250_000, 10_250_000],
            ["GRAND TOTAL", None, None, None, 18_200_000],
        ]},
        {"Maret": ["A6:H6", "A11:H11"]},
    )  # fmt: skip
    enr = _form2_with_passport(tmp_path / "form2.xlsx")
    doc = _reconcile(pay, enr)
    e = _employer(doc, "NN140549")
    assert e["registered"] and e["linked_by"] == "npp"
    assert _counts(e) == (4, 4, 1, 1, 0)
    assert e["enrolled_not_on_payroll"] == 1
    assert e["wage_gap_idr"] == 3_000_000 + 900_000
    w = _workers("NN140549", pay, enr)
    john = w["John Smith"]
    assert (john["finding"], john["match_tier"], john["match_basis"]) == (None, 4, "name")
    assert john["reported_wage_idr"] == 10_000_000
    assert w["Hendra Wijaya"]["finding"] == "UNREGISTERED"
    passport = [q for q in doc["data_quality"] if q["code"] == "NIK_NOT_DIGITS"]
    assert [(q["sheet"], q["row"], q["severity"]) for q in passport] == [("Form 2", 12, "warning")]
    assert "passport" in passport[0]["message"] and "A12345678" not in passport[0]["message"]
    res = runner.invoke(app, ["validate", str(enr)])
    assert res.exit_code == 0, res.output
    inputs = {i["sheet"]: i["columns"] for i in doc["inputs"]}
    assert inputs["Maret"]["employer_id"] == "title: Kode Perusahaan BPJS (row 2)"
    assert inputs["Maret"]["period"] == "title: Bulan Maret Tahun 2025 (row 3)"


def test_enrolment_rows_without_usable_nik_keep_their_employer_registered(tmp_path: Path) -> None:
    """An employer whose only enrolment rows carry passports is registered, not PWBD.

    Before: those rows were dropped, the employer had no enrolment left and was
    ranked as unregistered with both its workers. By hand: Yuki is enrolled under a
    passport at 6.000.000 and paid 6.000.000; Li is enrolled under none at 5.000.000
    and paid 5.500.000: under by 500.000.
    """
    pay = write_xlsx(
        tmp_path / "gaji.xlsx",
        {"Gaji": [["NPP : 44556677"], ["Periode : Maret 2025"],
                  ["No", "NIK", "Nama", "Gaji Pokok"],
                  [1, "TZ1234567", "Yuki Tanaka", 6_000_000], [2, None, "Li Wei", 5_500_000]]},
    )  # fmt: skip
    lines = [
        ENROLMENT_HEADER,
        "44556677;PT ASING;21010000001;TZ1234567;YUKI TANAKA;01-01-1980;6.000.000;"
        "JKK, JKM, JHT;AKTIF;01-01-2020",
        "44556677;PT ASING;21010000002;;LI WEI;02-02-1982;5.000.000;JKK, JKM, JHT;AKTIF;01-01-2020",
    ]
    enr = write_csv(tmp_path / "peserta.csv", lines)
    doc = _reconcile(pay, enr)
    e = _employer(doc, "44556677")
    assert e["registered"]
    assert doc["summary"]["unregistered_employers"] == 0
    assert _counts(e) == (2, 2, 0, 1, 0)
    assert e["wage_gap_idr"] == 500_000


# --- allowances under a bare `TUNJANGAN` heading, or named one by one ------------------------

I1, I2 = _nik("127103", 1, 2, 83, 71), _nik("127103", 42, 3, 94, 72)
I3 = _nik("127103", 3, 4, 77, 73)


def _peserta_i(tmp_path: Path) -> Path:
    return _membership(
        tmp_path / "peserta.csv",
        "81234567",
        [(I1, "HASAN BASRI", "3.800.000"), (I2, "IKA NATALIA", "3.500.000"),
         (I3, "JOKO SUSILO", "4.500.000")],
    )  # fmt: skip


def test_tunjangan_heading_over_tetap_and_tidak_tetap(tmp_path: Path) -> None:
    """`TUNJANGAN` over `Tetap` | `Tidak Tetap`: the `Tetap` part is the fixed allowance.

    Before: neither sub-header was read, the fixed allowance was dropped and every
    worker was cleared (0 under-reported). By hand: Hasan 3.800.000 + 400.000 (enrolled
    at 3.800.000: under by 400.000); Ika 3.500.000 + 0 (at 3.500.000); Joko 4.500.000 +
    600.000 (at 4.500.000: under by 600.000); the 300.000 `Tidak Tetap` is not counted.
    """
    pay = write_xlsx(
        tmp_path / "gaji.xlsx",
        {"Gaji": [
            ["PT SUMATERA AGRO LESTARI"], ["NPP : 81234567"], ["Periode : Maret 2025"], [],
            ["No", "NIK", "Nama", "Gaji Pokok", "TUNJANGAN", None, "Total"],
            [None, None, None, None, "Tetap", "Tidak Tetap", None],
            [1, I1, "Hasan Basri", 3_800_000, 400_000, 300_000, 4_500_000],
            [2, I2, "Ika Natalia", 3_500_000, 0, 300_000, 3_800_000],
            [3, I3, "Joko Susilo", 4_500_000, 600_000, 0, 5_100_000],
        ]},
        {"Gaji": ["A5:A6", "B5:B6", "C5:C6", "D5:D6", "E5:F5", "G5:G6"]},
    )  # fmt: skip
    enr = _peserta_i(tmp_path)
    e = _employer(_reconcile(pay, enr), "81234567")
    assert _counts(e) == (3, 3, 0, 2, 0)
    assert e["wage_gap_idr"] == 1_000_000
    assert _workers("81234567", pay, enr)["Hasan Basri"]["contribution_wage_idr"] == 4_200_000


def _allowances_one_by_one(tmp_path: Path) -> Path:
    return write_xlsx(
        tmp_path / "gaji.xlsx",
        {"Gaji": [
            ["PT SUMATERA AGRO LESTARI"], ["NPP : 81234567"], ["Periode : Maret 2025"], [],
            ["No", "NIK", "Nama", "Gaji Pokok", "Tunjangan Jabatan", "Tunjangan Keluarga",
             "Uang Makan", "Total"],
            [1, I1, "Hasan Basri", 3_800_000, 400_000, 0, 300_000, 4_500_000],
            [2, I2, "Ika Natalia", 3_500_000, 0, 0, 300_000, 3_800_000],
            [3, I3, "Joko Susilo", 4_500_000, 400_000, 200_000, 0, 5_100_000],
        ]},
    )  # fmt: skip


def test_allowances_named_one_by_one_are_said_to_be_left_out(tmp_path: Path) -> None:
    """Whether `Tunjangan Jabatan` is fixed depends on how it is paid: said, not guessed.

    Before: both columns were dropped without a word. Now each is a warning at its
    header cell; `Uang Makan` (paid by attendance) is not listed.
    """
    pay, enr = _allowances_one_by_one(tmp_path), _peserta_i(tmp_path)
    doc = _reconcile(pay, enr)
    left = [q for q in doc["data_quality"] if q["code"] == "ALLOWANCE_NOT_COUNTED"]
    assert [(q["row"], q["column"], q["severity"]) for q in left] == [
        (5, "Tunjangan Jabatan (E)", "warning"),
        (5, "Tunjangan Keluarga (F)", "warning"),
    ]
    assert "fixed_allowance_part" in left[0]["message"]
    assert doc["summary"]["underreported_wage_workers"] == 0
    res = runner.invoke(app, ["validate", str(pay)])
    assert "ALLOWANCE_NOT_COUNTED" in res.output


def test_config_names_individual_fixed_allowances(tmp_path: Path) -> None:
    """`[aliases.payroll] fixed_allowance_part` sums the columns it names, and the warning goes.

    By hand: Hasan 3.800.000 + 400.000 (under by 400.000); Ika 3.500.000; Joko
    4.500.000 + 400.000 + 200.000 (under by 600.000).
    """
    pay, enr = _allowances_one_by_one(tmp_path), _peserta_i(tmp_path)
    config = tmp_path / "underreport.toml"
    config.write_text(
        '[aliases.payroll]\nfixed_allowance_part = ["Tunjangan Jabatan", "Tunjangan Keluarga"]\n'
    )
    doc = _reconcile(pay, enr, "--config", str(config))
    e = _employer(doc, "81234567")
    assert _counts(e) == (3, 3, 0, 2, 0)
    assert e["wage_gap_idr"] == 1_000_000
    assert not [q for q in doc["data_quality"] if q["code"] == "ALLOWANCE_NOT_COUNTED"]


# --- an English export with its own words ------------------------------------------------------


def test_english_export_basic_pay_and_employer_code(tmp_path: Path) -> None:
    """`Basic Pay`, `Emp. No` and `BPJS TK Employer Code:` are read.

    Before: exit 2, no base wage column. By hand: Vina 8.000.000 + 2.000.000 (enrolled
    at 8.000.000: under by 2.000.000); Xena 4.000.000 + 500.000, not enrolled.
    """
    v, x = _nik("317102", 46, 6, 86, 41), _nik("317102", 48, 8, 99, 43)
    pay = write_xlsx(
        tmp_path / "payroll.xlsx",
        {"Payroll": [
            ["Company: PT Global Niaga Prima"], ["BPJS TK Employer Code: 56789012"],
            ["Payroll Month: March 2025"], [],
            ["Emp. No", "Full Name", "NIK (KTP)", "Department", "Basic Pay", "Fixed Allowances",
             "Overtime", "Gross Pay"],
            ["E-0101", "Vina Panduwinata", v, "Finance", 8_000_000, 2_000_000, 350_000, 10_350_000],
            ["E-0107", "Xena Putri", x, "Sales", 4_000_000, 500_000, 350_000, 4_850_000],
            ["Grand Total", None, None, None, 12_000_000],
        ]},
    )  # fmt: skip
    enr = _membership(tmp_path / "peserta.csv", "56789012", [(v, "VINA PANDUWINATA", "8.000.000")])
    doc = _reconcile(pay, enr)
    e = _employer(doc, "56789012")
    assert e["linked_by"] == "npp"
    assert _counts(e) == (2, 1, 1, 1, 0)
    assert e["wage_gap_idr"] == 4_500_000 + 2_000_000
    columns = doc["inputs"][0]["columns"]
    assert (columns["base_wage"], columns["employee_no"]) == ("Basic Pay", "Emp. No")


# --- header rows: three of them, or a second table under the first ---------------------------

L1, L2, L3 = (
    _nik("647204", 2, 8, 95, 81),
    _nik("647204", 43, 9, 96, 82),
    _nik("647204", 4, 10, 80, 83),
)
L4 = _nik("647204", 5, 11, 85, 84)
TITLE_L = [["PT BORNEO TAMBANG JAYA"], ["NPP : 91234567"], ["Periode : Maret 2025"], []]


def _peserta_l(tmp_path: Path) -> Path:
    return _membership(
        tmp_path / "peserta.csv",
        "91234567",
        [(L1, "KEVIN SANJAYA", "4.000.000"), (L2, "LIA AMALIA", "3.800.000"),
         (L3, "MAMAN SUHERMAN", "3.600.000")],
    )  # fmt: skip


def test_three_row_header_sums_every_part_of_the_fixed_allowance(tmp_path: Path) -> None:
    """`PENERIMAAN` over `TUNJANGAN TETAP` over `Jabatan` | `Perumahan`.

    Before: the third row was taken for a data row, and only the `Jabatan` column was
    read as the whole fixed allowance (Kevin's 200.000 housing dropped). By hand:
    Kevin 4.000.000 + 300.000 + 200.000 (enrolled at 4.000.000: under by 500.000);
    Lia 3.800.000 + 300.000 (under by 300.000); Maman 3.600.000 (at 3.600.000).
    """
    pay = write_xlsx(
        tmp_path / "gaji.xlsx",
        {"Gaji": [
            *TITLE_L,
            ["No", "NIK", "Nama", "PENERIMAAN", None, None, None, "Total"],
            [None, None, None, "Gaji Pokok", "TUNJANGAN TETAP", None, "Lembur", None],
            [None, None, None, None, "Jabatan", "Perumahan", None, None],
            [1, L1, "Kevin Sanjaya", 4_000_000, 300_000, 200_000, 100_000, 4_600_000],
            [2, L2, "Lia Amalia", 3_800_000, 300_000, 0, 100_000, 4_200_000],
            [3, L3, "Maman Suherman", 3_600_000, 0, 0, 100_000, 3_700_000],
        ]},
        {"Gaji": ["A5:A7", "B5:B7", "C5:C7", "H5:H7", "D5:G5", "D6:D7", "E6:F6", "G6:G7"]},
    )  # fmt: skip
    enr = _peserta_l(tmp_path)
    doc = _reconcile(pay, enr)
    e = _employer(doc, "91234567")
    assert _counts(e) == (3, 3, 0, 2, 0)
    assert e["wage_gap_idr"] == 800_000
    assert doc["inputs"][0]["rows_skipped"] == 0
    assert _workers("91234567", pay, enr)["Kevin Sanjaya"]["contribution_wage_idr"] == 4_500_000


def test_daily_workers_table_under_the_monthly_one_is_read_under_its_own_header(
    tmp_path: Path,
) -> None:
    """`B. KARYAWAN HARIAN` with `Upah Harian | Hari Kerja` below the monthly staff.

    Before: its rows were read under the first header: the daily wage as `Gaji Pokok`
    and the days worked as `Tunjangan Tetap` (Nanang unregistered at Rp 140.025).
    By hand: Kevin 4.300.000 + 200.000 vs 4.000.000 (under by 500.000); Lia 3.800.000
    + 300.000 vs 3.800.000 (under by 300.000); Maman 150.000 x 25 = 3.750.000 vs
    3.600.000 (under by 150.000); Nanang 140.000 x 25 = 3.500.000, not enrolled.
    """
    pay = write_xlsx(
        tmp_path / "gaji.xlsx",
        {"Gaji": [
            *TITLE_L,
            ["A. KARYAWAN BULANAN"],
            ["No", "NIK", "Nama", "Gaji Pokok", "Tunjangan Tetap"],
            [1, L1, "Kevin Sanjaya", 4_300_000, 200_000],
            [2, L2, "Lia Amalia", 3_800_000, 300_000],
            ["TOTAL A", None, None, 8_100_000],
            [],
            ["B. KARYAWAN HARIAN"],
            ["No", "NIK", "Nama", "Upah Harian", "Hari Kerja", "Jumlah"],
            [1, L3, "Maman Suherman", 150_000, 24, 3_600_000],
            [2, L4, "Nanang Kosim", 140_000, 25, 3_500_000],
            ["TOTAL B", None, None, None, None, 7_100_000],
        ]},
    )  # fmt: skip
    enr = _peserta_l(tmp_path)
    doc = _reconcile(pay, enr)
    e = _employer(doc, "91234567")
    assert _counts(e) == (4, 3, 1, 3, 0)
    assert e["wage_gap_idr"] == 3_500_000 + 500_000 + 300_000 + 150_000
    w = _workers("91234567", pay, enr)
    assert w["Nanang Kosim"]["contribution_wage_idr"] == 3_500_000
    assert w["Maman Suherman"]["contribution_wage_idr"] == 3_750_000
    assert [(i["sheet"], i["rows_read"]) for i in doc["inputs"] if i["kind"] == "payroll"] == [
        ("Gaji", 2),
        ("Gaji", 2),
    ]
    rows = {(q["row"], q["message"]) for q in doc["data_quality"] if q["code"] == "ROW_SKIPPED"}
    assert (15, "row left out (totals row)") in rows


def test_header_repeated_on_a_printed_page_stays_one_table(tmp_path: Path) -> None:
    """The same header again after a page break is left out; the rows after it are read.

    By hand: Kevin 4.500.000 vs 4.000.000 (under by 500.000); Nanang 3.500.000, not
    enrolled; Lia 3.800.000 vs 3.800.000.
    """
    header = ["No", "NIK", "Nama", "Gaji Pokok", "Tunjangan Tetap"]
    pay = write_xlsx(
        tmp_path / "gaji.xlsx",
        {"Gaji": [
            *TITLE_L, header,
            [1, L1, "Kevin Sanjaya", 4_000_000, 500_000],
            [2, L2, "Lia Amalia", 3_800_000, 0],
            header,
            [3, L4, "Nanang Kosim", 3_500_000, 0],
        ]},
    )  # fmt: skip
    doc = _reconcile(pay, _peserta_l(tmp_path))
    e = _employer(doc, "91234567")
    assert _counts(e) == (3, 3, 1, 1, 0)
    assert e["wage_gap_idr"] == 3_500_000 + 500_000
    assert [i["rows_read"] for i in doc["inputs"] if i["kind"] == "payroll"] == [3]


# --- a small firm's sheet: `Upah` alone, paid from the 26th to the 25th ----------------------

U1, U2 = _nik("337201", 45, 5, 85, 11), _nik("337201", 6, 6, 86, 12)


def _cut_off_payroll(tmp_path: Path) -> tuple[Path, Path]:
    pay = write_xlsx(
        tmp_path / "gaji.xlsx",
        {"Sheet1": [
            ["UD BATIK SEKAR JAGAD"], ["NPP : 33112233"],
            ["Periode : 26 Februari 2025 - 25 Maret 2025"], [],
            ["No", "Nama", "NIK", "Upah", "Uang Makan", "Total"],
            [1, "Sri Wahyuni", U1, 2_500_000, 300_000, 2_800_000],
            [2, "Tono Sudarsono", U2, 2_400_000, 300_000, 2_700_000],
        ]},
    )  # fmt: skip
    enr = _membership(tmp_path / "peserta.csv", "33112233", [(U1, "SRI WAHYUNI", "2.169.349")])
    return pay, enr


def test_pay_period_across_two_months_stops_instead_of_taking_the_first(tmp_path: Path) -> None:
    """Before: `26 Februari 2025 - 25 Maret 2025` was reconciled as February, silently."""
    pay, enr = _cut_off_payroll(tmp_path)
    res = runner.invoke(app, ["reconcile", "-p", str(pay), "-e", str(enr), "--format", "json"])
    assert res.exit_code == 2
    line = res.stderr.strip()
    assert "gaji.xlsx" in line and "row 3" in line and "two months" in line
    assert "2025-02" not in res.stdout


def test_config_names_the_month_a_cut_off_period_pays(tmp_path: Path) -> None:
    """The config file's month settles it (before: ignored, as the title held text).

    `Upah` alone is the monthly wage (before: exit 2, no base wage column). By hand:
    Sri 2.500.000 vs 2.169.349 (under by 330.651); Tono 2.400.000, not enrolled; the
    meal allowance is not counted.
    """
    pay, enr = _cut_off_payroll(tmp_path)
    config = tmp_path / "underreport.toml"
    config.write_text(f'[[inputs.files]]\npath = "{pay.as_posix()}"\nperiod = "2025-03"\n')
    doc = _reconcile(pay, enr, "--config", str(config))
    assert doc["period"] == "2025-03"
    e = _employer(doc, "33112233")
    assert _counts(e) == (2, 1, 1, 1, 0)
    assert e["wage_gap_idr"] == 2_400_000 + 330_651
    assert doc["inputs"][0]["columns"]["period"] == "config file"


# --- notes in header brackets; an HTML export whose title is a table of its own -------------

M1, M2, M3 = _nik("517102", 1, 3, 88, 1), _nik("517102", 42, 4, 92, 2), _nik("517102", 3, 5, 79, 3)
M_ROWS = [
    [1, M1, "I Made Wirawan", 3_500_000, 250_000],
    [2, M2, "Ni Luh Putu Sari", 3_300_000, 200_000],
    [3, M3, "I Ketut Arsana", 3_100_000, 0],
]


def _peserta_m(tmp_path: Path) -> Path:
    return _membership(
        tmp_path / "peserta.csv",
        "51007788",
        [(M1, "I MADE WIRAWAN", "3.500.000"), (M2, "NI LUH PUTU SARI", "3.300.000")],
    )


def _check_m(doc: dict[str, Any]) -> None:
    """By hand: Made 3.750.000 vs 3.500.000 (under by 250.000); Ni Luh 3.500.000 vs
    3.300.000 (under by 200.000); Ketut 3.100.000, not enrolled."""
    e = _employer(doc, "51007788")
    assert _counts(e) == (3, 2, 1, 2, 0)
    assert e["wage_gap_idr"] == 3_100_000 + 450_000


def test_notes_in_header_brackets_do_not_hide_the_field(tmp_path: Path) -> None:
    """`NIK (16 digit)`, `Nama Sesuai KTP`. Before: exit 2, no header row found."""
    pay = write_xlsx(
        tmp_path / "gaji.xlsx",
        {"Gaji Maret": [
            ["CV. BALI DEWATA TOUR"], ["No. NPP : 51007788"], ["Periode : Maret 2025"], [],
            ["No", "NIK (16 digit)", "Nama Sesuai KTP", "Gaji Pokok (Rp)", "Tunjangan Tetap (Rp)",
             "Service Charge"],
            *[[*r, 500_000] for r in M_ROWS],
        ]},
    )  # fmt: skip
    doc = _reconcile(pay, _peserta_m(tmp_path))
    _check_m(doc)
    assert doc["inputs"][0]["columns"]["nik"] == "NIK (16 digit)"


def test_html_title_drawn_as_a_table_of_its_own(tmp_path: Path) -> None:
    """Before: the title's `<table>` was a sheet without a header, and the data table
    stopped with exit 2 for want of a period."""
    cells = "".join("<tr>" + "".join(f"<td>{v}</td>" for v in r) + "</tr>" for r in M_ROWS)
    page = (
        "<html><body><table><tr><td>CV. BALI DEWATA TOUR</td></tr>"
        "<tr><td>NPP</td><td>: 51007788</td></tr><tr><td>Periode : Maret 2025</td></tr></table>"
        "<table border=1><tr><th>No</th><th>NIK</th><th>Nama</th><th>Gaji Pokok</th>"
        f"<th>Tunjangan Tetap</th></tr>{cells}</table></body></html>"
    )
    pay = tmp_path / "gaji.xls"
    pay.write_text(page, encoding="utf-8")
    doc = _reconcile(pay, _peserta_m(tmp_path))
    _check_m(doc)
    columns = doc["inputs"][0]["columns"]
    assert (columns["employer_id"], columns["period"]) == (
        "title: NPP (row 2)",
        "title: Periode (row 3)",
    )


# --- per-month wording in headers on both sides; a department row under a two-row header ----

P1, P2 = _nik("367101", 10, 1, 90, 5), _nik("367101", 51, 2, 91, 6)


def test_per_month_headers_and_a_department_row_after_a_two_row_header(tmp_path: Path) -> None:
    """`Gaji Pokok/Bulan`, `Nama Lengkap Karyawan`; enrolment `Upah Sebulan (Rp)`,
    `Nomor Kartu Peserta`. Before: exit 2 on each side (no base wage; no reported wage).

    The department row right under the two-row header stays a section heading, not a
    third header row. By hand: Rizal 4.000.000 + 300.000 + 200.000 = 4.500.000 (enrolled
    at 4.000.000: under by 500.000); Wulan 3.900.000 + 100.000 (at 4.000.000).
    """
    pay = write_xlsx(
        tmp_path / "gaji.xlsx",
        {"Gaji": [
            ["PT TANGERANG LOGISTIK"], ["NPP : 36550011"], ["Periode : Maret 2025"], [],
            ["No", "NIK", "Nama Lengkap Karyawan", "Gaji Pokok/Bulan", "Tunjangan Tetap", None],
            [None, None, None, None, "Tj. Jabatan", "Tj. Masa Kerja"],
            ["DEPARTEMEN : GUDANG"],
            [1, P1, "Rizal Ramli", 4_000_000, 300_000, 200_000],
            [2, P2, "Wulan Guritno", 3_900_000, 100_000, 0],
        ]},
        {"Gaji": ["A5:A6", "B5:B6", "C5:C6", "D5:D6", "E5:F5", "A7:F7"]},
    )  # fmt: skip
    enr = write_xlsx(
        tmp_path / "peserta.xlsx",
        {"Peserta": [
            ["NPP", "Nomor Kartu Peserta", "NIK", "Nama Peserta", "Upah Sebulan (Rp)",
             "Tanggal Mulai Kepesertaan", "Program Yang Diikuti", "Status Peserta"],
            ["36550011", "23000000001", P1, "RIZAL RAMLI", 4_000_000, "01-01-2020",
             "JKK, JKM, JHT, JP", "AKTIF"],
            ["36550011", "23000000002", P2, "WULAN GURITNO", 4_000_000, "01-01-2020",
             "JKK, JKM, JHT, JP", "AKTIF"],
        ]},
    )  # fmt: skip
    doc = _reconcile(pay, enr)
    e = _employer(doc, "36550011")
    assert _counts(e) == (2, 2, 0, 1, 0)
    assert e["wage_gap_idr"] == 500_000
    skipped = [(q["row"], q["message"]) for q in doc["data_quality"] if q["code"] == "ROW_SKIPPED"]
    assert skipped == [(7, "row left out (section heading)")]
    columns = {i["kind"]: i["columns"] for i in doc["inputs"]}
    assert columns["payroll"]["base_wage"] == "Gaji Pokok/Bulan"
    assert columns["enrollment"]["reported_wage"] == "Upah Sebulan (Rp)"
    assert columns["enrollment"]["kpj"] == "Nomor Kartu Peserta"


# --- a BIFF8 .xls from xlwt: two months, date cells for the month, NIKs as numbers ------------


def test_xls_two_months_number_niks_and_the_enrolment_names_the_employer(tmp_path: Path) -> None:
    """The payroll gives an NPP and no company name: the ranking takes the enrolment's.

    Before: the employer was listed without a name. By hand (March): Asep 3.500.000 +
    300.000 vs 3.500.000 (under by 300.000); Euis 3.400.000 vs 3.400.000; Ujang
    3.300.000 + 200.000 vs 3.300.000 (under by 200.000). Euis's NIK ends in 0 in a number
    cell: a warning on both months' rows, and still an exact match.
    """
    import xlwt

    people = [
        ("Asep Sunandar", _nik("320412", 1, 1, 85, 17), 3_500_000, 300_000),
        ("Euis Komariah", _nik("320412", 42, 2, 88, 20), 3_400_000, 0),
        ("Ujang Ronda", _nik("320412", 3, 3, 90, 5), 3_300_000, 200_000),
    ]
    book = xlwt.Workbook()
    ws = book.add_sheet("Feb-Mar")
    month_cell = xlwt.easyxf(num_format_str="MMM-YY")
    for j, h in enumerate(["NPP", "Bulan", "NIK", "Nama", "Gaji Pokok", "Tunjangan Tetap"]):
        ws.write(0, j, h)
    r = 1
    for month in (2, 3):
        for name, nik, base, fixed in people:
            ws.write(r, 0, "32040012")
            ws.write(r, 1, dt.date(2025, month, 1), month_cell)
            ws.write(r, 2, float(nik))
            ws.write(r, 3, name)
            ws.write(r, 4, base)
            ws.write(r, 5, fixed)
            r += 1
    pay = tmp_path / "gaji.xls"
    book.save(str(pay))
    enr = _membership(
        tmp_path / "peserta.csv",
        "32040012",
        [(nik, name.upper(), f"{base:,}".replace(",", ".")) for name, nik, base, _ in people],
    )
    doc = _reconcile(pay, enr)
    e = _employer(doc, "32040012")
    assert e["employer_name"] == "PT PESERTA"
    assert _counts(e) == (3, 3, 0, 2, 0)
    assert e["wage_gap_idr"] == 500_000
    lost = [
        (q["row"], q["severity"]) for q in doc["data_quality"] if q["code"] == "NIK_PRECISION_LOSS"
    ]
    assert lost == [(3, "warning"), (6, "warning")]
    euis = _workers("32040012", pay, enr)["Euis Komariah"]
    assert (euis["match_tier"], euis["finding"]) == (1, None)


# --- a Jamsostek 2a HTML file with its sister lists: leavers and wage changes ---------------


def test_leavers_list_beside_a_2a_form_does_not_cover_its_workers(tmp_path: Path) -> None:
    """`DAFTAR TENAGA KERJA KELUAR` (left 28/02/2025) under the March form's NPP and month.

    Before: the leaver's row counted as an active March enrolment, and the worker still
    on the payroll was cleared. By hand: Agung 4.500.000 and Bayu 4.300.000 are on the
    form at those wages; Cakra left in February and is paid 4.100.000 in March:
    unregistered (enrolled, not active). The wage-change list has no `Upah` column: left out.
    """
    a, b, c = (_nik("351507", d, d, 80 + d, d) for d in (1, 2, 3))
    form = "".join(
        f"<tr><td>{i}</td><td>1122334000{i}</td><td>{nik}</td><td>{name}</td><td>01/01/1980</td>"
        f"<td>{wage}</td><td>0</td><td>0</td><td>1</td><td>1</td></tr>"
        for i, (nik, name, wage) in enumerate(
            [(a, "AGUNG HERCULES", "4,500,000"), (b, "BAYU SKAK", "4,300,000")], 1
        )
    )
    page = (
        "<html><body><p>RINCIAN IURAN TENAGA KERJA</p><p>NPP : 35150077</p>"
        "<p>Bulan : Maret 2025</p><table border=1><tr><th>No</th><th>Nomor KPJ</th>"
        "<th>N I K</th><th>Nama Tenaga Kerja</th><th>Tgl.Lahir (tgl/bln/thn)</th>"
        "<th>Data Upah (Rp.)</th><th>Iuran JKK 0.24%</th><th>Iuran JKM 0.30%</th>"
        f"<th>Iuran JHT 5.7%</th><th>Iuran JP 3%</th></tr>{form}</table>"
        "<p>DAFTAR TENAGA KERJA KELUAR</p><p>NPP : 35150077</p><p>Bulan : Maret 2025</p>"
        "<table border=1><tr><th>No</th><th>Nomor KPJ</th><th>N I K</th><th>Nama Tenaga Kerja</th>"
        "<th>Tgl Keluar</th><th>Upah Terakhir</th></tr>"
        f"<tr><td>1</td><td>11223340003</td><td>{c}</td><td>CAKRA KHAN</td><td>28/02/2025</td>"
        "<td>4,100,000</td></tr></table>"
        "<p>DAFTAR MUTASI UPAH</p><table border=1><tr><th>No</th><th>N I K</th>"
        f"<th>Nama Tenaga Kerja</th><th>Upah Lama</th><th>Upah Baru</th></tr><tr><td>1</td><td>{b}"
        "</td><td>BAYU SKAK</td><td>4,000,000</td><td>4,300,000</td></tr></table></body></html>"
    )
    enr = tmp_path / "iuran_2a.xls"
    enr.write_text(page, encoding="utf-8")
    pay = write_xlsx(
        tmp_path / "gaji.xlsx",
        {"Gaji": [
            ["PT SIDOARJO SEPATU"], ["NPP : 35150077"], ["Periode : Maret 2025"], [],
            ["No", "NIK", "Nama", "Gaji Pokok"],
            [1, a, "Agung Hercules", 4_500_000], [2, b, "Bayu Skak", 4_300_000],
            [3, c, "Cakra Khan", 4_100_000],
        ]},
    )  # fmt: skip
    doc = _reconcile(pay, enr)
    e = _employer(doc, "35150077")
    assert _counts(e) == (3, 2, 1, 0, 0)
    assert e["wage_gap_idr"] == 4_100_000
    assert _workers("35150077", pay, enr)["Cakra Khan"]["finding"] == "UNREGISTERED_INACTIVE"
    left = [q["sheet"] for q in doc["data_quality"] if q["code"] == "SHEET_SKIPPED"]
    assert left == ["table 3"]


# --- a recap by department drawn under the workers in the same columns ----------------------


def test_recap_under_the_workers_adds_no_phantom_workers(tmp_path: Path) -> None:
    """`REKAPITULASI PER BAGIAN` below the total: its counts fell under `Nama` and its
    wage bills under `Gaji Pokok`.

    Before: two phantom workers named `2` and `1`, unregistered, with Rp 12.000.000 of
    wages: an employer whose three workers are all enrolled at their wages was flagged.
    By hand: 3 workers, all enrolled at their wages: nothing to flag.
    """
    y, z, a = (_nik("627102", d, d, 80 + d, d) for d in (1, 2, 3))
    rows = [("Yohanes Surya", y, 4_000_000), ("Zulkifli Hasan", z, 4_100_000),
            ("Aryani Putri", a, 3_900_000)]  # fmt: skip
    pay = write_xlsx(
        tmp_path / "gaji.xlsx",
        {"Gaji": [
            ["PT KAHAYAN JAYA"], ["NPP : 62001100"], ["Periode : Maret 2025"], [],
            ["No", "NIK", "Nama", "Bagian", "Gaji Pokok"],
            *[[i, nik, name, "Produksi", wage] for i, (name, nik, wage) in enumerate(rows, 1)],
            ["TOTAL", None, None, None, 12_000_000], [],
            ["REKAPITULASI PER BAGIAN"],
            ["No", "Bagian", "Jumlah Karyawan", None, "Total Gaji Pokok"],
            [1, "Produksi", 2, None, 8_100_000], [2, "Umum", 1, None, 3_900_000],
        ]},
    )  # fmt: skip
    enr = _membership(
        tmp_path / "peserta.csv",
        "62001100",
        [(nik, name.upper(), f"{wage:,}".replace(",", ".")) for name, nik, wage in rows],
    )
    doc = _reconcile(pay, enr)
    assert doc["employers"] == []
    assert doc["summary"]["payroll_workers"] == 3
    assert doc["summary"]["unregistered_workers"] == 0
    reasons = {q["row"]: q["message"] for q in doc["data_quality"] if q["code"] == "ROW_SKIPPED"}
    assert reasons[11] == "row left out (summary heading)"
    assert reasons[13] == "row left out (below a summary heading: not a worker)"


# --- a yearly recap with a wage column per month ---------------------------------------------


def test_yearly_recap_reads_each_month_from_its_own_column(tmp_path: Path) -> None:
    """`GAJI JANUARI 2025` … `GAJI MARET 2025`: each month from its column.

    Before: exit 2 for want of a period, and with the month named in the config file
    the January column was read as March's wage. By hand (March): Bagus 3.500.000 vs
    3.000.000 (under by 500.000); Citra 3.200.000 vs 3.000.000 (under by 200.000). In
    January only Citra is under (3.000.000 paid to Bagus).
    """
    b, c = _nik("187102", 1, 1, 80, 1), _nik("187102", 42, 2, 81, 2)
    pay = write_xlsx(
        tmp_path / "rekap.xlsx",
        {"Rekap": [
            ["PT LAMPUNG KOPI"], ["NPP : 18002200"], ["REKAP GAJI TAHUN 2025"], [],
            ["No", "NIK", "Nama", "GAJI\nJANUARI 2025", "GAJI\nFEBRUARI 2025", "GAJI\nMARET 2025"],
            [1, b, "Bagus Prakoso", 3_000_000, 3_000_000, 3_500_000],
            [2, c, "Citra Kirana", 3_200_000, 3_200_000, 3_200_000],
            ["TOTAL", None, None, 6_200_000, 6_200_000, 6_700_000],
        ]},
    )  # fmt: skip
    enr = _membership(
        tmp_path / "peserta.csv",
        "18002200",
        [(b, "BAGUS PRAKOSO", "3.000.000"), (c, "CITRA KIRANA", "3.000.000")],
    )
    doc = _reconcile(pay, enr)
    assert doc["period"] == "2025-03"
    e = _employer(doc, "18002200")
    assert _counts(e) == (2, 2, 0, 2, 0)
    assert e["wage_gap_idr"] == 700_000
    assert [i["columns"]["period"] for i in doc["inputs"] if i["kind"] == "payroll"] == [
        "header 'GAJI JANUARI 2025'",
        "header 'GAJI FEBRUARI 2025'",
        "header 'GAJI MARET 2025'",
    ]
    skipped = [q["row"] for q in doc["data_quality"] if q["code"] == "ROW_SKIPPED"]
    assert skipped == [8]
    january = _reconcile(pay, enr, "--period", "2025-01")
    assert _counts(_employer(january, "18002200")) == (2, 2, 0, 1, 0)


def test_english_allowances_named_one_by_one_are_said_to_be_left_out(tmp_path: Path) -> None:
    """`Position Allowance`, `Housing Allowance` are listed; `Meal Allowance` and
    `Tunjangan Hari Raya` (paid by attendance, or once a year) are not."""
    pay = write_xlsx(
        tmp_path / "payroll.xlsx",
        {"Payroll": [
            ["Company: PT Global Niaga Prima"], ["BPJS TK Employer Code: 56789012"],
            ["Pay Period: March 2025"], [],
            ["Employee ID", "Employee Name", "ID Number", "Basic Salary", "Position Allowance",
             "Housing Allowance", "Meal Allowance", "Tunjangan Hari Raya"],
            ["E-1", "Vina", _nik("317102", 46, 6, 86, 41), 8_000_000, 1_000_000, 500_000,
             300_000, 0],
        ]},
    )  # fmt: skip
    res = runner.invoke(app, ["validate", str(pay), "--format", "json"])
    doc = json.loads(res.stdout)
    issues = doc["data_quality"]
    left = [q["column"] for q in issues if q["code"] == "ALLOWANCE_NOT_COUNTED"]
    assert left == ["Position Allowance (E)", "Housing Allowance (F)"]


# --- an NPP and company merged down over their workers; rows that name no employer ----------

ALFA_BETA = [("36110001", "PT ALFA", "Adi", 4_000_000), (None, None, "Beni", 4_100_000),
             (None, None, "Caca", 4_200_000), ("36110002", "PT BETA", "Dodi", 5_000_000),
             (None, None, "Edo", 5_100_000)]  # fmt: skip
ALFA_BETA_NIKS = [_nik("360301", d, d, 80 + d, d) for d in range(1, 6)]


def _alfa_beta(tmp_path: Path, merges: list[str]) -> tuple[Path, Path]:
    rows = [(*p, nik) for p, nik in zip(ALFA_BETA, ALFA_BETA_NIKS, strict=True)]
    pay = write_xlsx(
        tmp_path / "gaji.xlsx",
        {"Gabungan": [
            ["DAFTAR GAJI GABUNGAN"], ["Periode : Maret 2025"], [],
            ["NPP", "Perusahaan", "No", "NIK", "Nama", "Gaji Pokok"],
            *[[npp, firm, i, nik, name, wage]
              for i, (npp, firm, name, wage, nik) in enumerate(rows, 1)],
        ]},
        {"Gabungan": merges},
    )  # fmt: skip
    npps = ["36110001"] * 3 + ["36110002"] * 2
    lines = [ENROLMENT_HEADER] + [
        f"{npp};X;3601234567{i};{nik};{name.upper()};01-01-1980;{wage};JKK, JKM, JHT, JP;"
        "AKTIF;01-01-2019"
        for i, ((_, _, name, wage), nik, npp) in enumerate(
            zip(ALFA_BETA, ALFA_BETA_NIKS, npps, strict=True)
        )
    ]
    return pay, write_csv(tmp_path / "peserta.csv", lines)


def test_npp_and_company_merged_down_over_their_workers(tmp_path: Path) -> None:
    """`NPP` and `Perusahaan` merged down over each company's rows, as Excel shows them.

    Before: exit 3 (the rows after each company's first had no employer, which became an
    employer without an id). By hand: all five workers are enrolled at their wages under
    their own company: nothing to flag, nobody unjudged.
    """
    pay, enr = _alfa_beta(tmp_path, ["A5:A7", "B5:B7", "A8:A9", "B8:B9"])
    for extra in ((), ("--chunk-rows", "1")):
        doc = _reconcile(pay, enr, *extra)
        assert doc["employers"] == []
        summary = doc["summary"]
        assert (summary["employers"], summary["payroll_workers"]) == (2, 5)
        assert (summary["not_reconcilable_workers"], summary["enrolled_not_on_payroll"]) == (0, 0)


def test_rows_without_any_employer_are_not_ranked_and_are_listed(tmp_path: Path) -> None:
    """The same sheet with the cells left empty, not merged: those rows name no employer.

    Before: exit 3. Now they are counted as not reconcilable, never as an (unregistered)
    employer, and each is an EMPLOYER_MISSING warning at its row.
    """
    pay, enr = _alfa_beta(tmp_path, [])
    doc = _reconcile(pay, enr)
    summary = doc["summary"]
    assert (summary["employers"], summary["unregistered_employers"]) == (2, 0)
    assert (summary["payroll_workers"], summary["not_reconcilable_workers"]) == (5, 3)
    assert all(e["employer_id"] for e in doc["employers"])
    missing = [q["row"] for q in doc["data_quality"] if q["code"] == "EMPLOYER_MISSING"]
    assert missing == [6, 7, 9]


def test_npp_merged_down_in_an_xls_written_by_xlwt(tmp_path: Path) -> None:
    """The same in BIFF8: by hand, all four workers enrolled at their wages, none unjudged."""
    import xlwt

    niks = ALFA_BETA_NIKS[:2] + ALFA_BETA_NIKS[3:]
    people = [p for i, p in enumerate(ALFA_BETA) if i != 2]
    book = xlwt.Workbook()
    ws = book.add_sheet("G")
    ws.write(0, 0, "Periode : Maret 2025")
    for j, h in enumerate(["NPP", "Perusahaan", "No", "NIK", "Nama", "Gaji Pokok"]):
        ws.write(2, j, h)
    for i, ((npp, firm, name, wage), nik) in enumerate(zip(people, niks, strict=True)):
        if npp:
            ws.write_merge(3 + i, 4 + i, 0, 0, npp)
            ws.write_merge(3 + i, 4 + i, 1, 1, firm)
        ws.write(3 + i, 2, i + 1)
        ws.write(3 + i, 3, nik)
        ws.write(3 + i, 4, name)
        ws.write(3 + i, 5, wage)
    pay = tmp_path / "gaji.xls"
    book.save(str(pay))
    npps = ["36110001", "36110001", "36110002", "36110002"]
    lines = [ENROLMENT_HEADER] + [
        f"{npp};X;1{i};{nik};{name.upper()};01-01-1980;{wage};JKK, JKM, JHT, JP;AKTIF;01-01-2019"
        for i, ((_, _, name, wage), nik, npp) in enumerate(zip(people, niks, npps, strict=True))
    ]
    doc = _reconcile(pay, write_csv(tmp_path / "peserta.csv", lines))
    assert doc["employers"] == []
    summary = doc["summary"]
    assert (summary["payroll_workers"], summary["not_reconcilable_workers"]) == (4, 0)
    assert summary["enrolled_not_on_payroll"] == 0


# --- a web export's CSV that tells Excel to keep IDs as text ----------------------------------


def test_csv_ids_written_as_excel_text_formulas(tmp_path: Path) -> None:
    """`="12340001"` and `="3273…"`: the export's way to keep leading zeros in Excel.

    Before: the NPP was read as `="12340001`, the enrolled employer was ranked first as
    unregistered (PWBD) with both its workers. By hand: Hari 4.000.000 vs 4.000.000;
    Ida 4.200.000 vs 4.000.000 (under by 200.000).
    """
    h, i = _nik("327305", 1, 1, 80, 1), _nik("327305", 42, 2, 81, 2)
    pay = write_csv(
        tmp_path / "export.csv",
        ["NPP;NIK;Nama;Periode;Gaji Pokok",
         f'="12340001";="{h}";Hari Mukti;Maret 2025;4000000',
         f'="12340001";="{i}";Ida Ayu;Maret 2025;4200000'],
    )  # fmt: skip
    enr = _membership(
        tmp_path / "peserta.csv",
        "12340001",
        [(h, "HARI MUKTI", "4.000.000"), (i, "IDA AYU", "4.000.000")],
    )
    doc = _reconcile(pay, enr)
    e = _employer(doc, "12340001")
    assert e["registered"] and doc["summary"]["unregistered_employers"] == 0
    assert _counts(e) == (2, 2, 0, 1, 0)
    assert e["wage_gap_idr"] == 200_000
    assert not [q for q in doc["data_quality"] if q["code"].startswith("NIK_")]


def test_npp_rowspan_in_an_html_export(tmp_path: Path) -> None:
    """`<td rowspan=2>` for the NPP and company: by hand, all four enrolled at their wages."""
    niks = ALFA_BETA_NIKS[:2] + ALFA_BETA_NIKS[3:]
    people = [p for i, p in enumerate(ALFA_BETA) if i != 2]
    body = ""
    for (npp, firm, name, wage), nik in zip(people, niks, strict=True):
        lead = f"<td rowspan=2>{npp}</td><td rowspan=2>{firm}</td>" if npp else ""
        body += f"<tr>{lead}<td>{nik}</td><td>{name}</td><td>{wage}</td></tr>"
    page = (
        "<html><body><p>Periode : Maret 2025</p><table border=1><tr><th>NPP</th>"
        f"<th>Perusahaan</th><th>NIK</th><th>Nama</th><th>Gaji Pokok</th></tr>{body}</table>"
        "</body></html>"
    )
    pay = tmp_path / "gaji.xls"
    pay.write_text(page, encoding="utf-8")
    npps = ["36110001", "36110001", "36110002", "36110002"]
    lines = [ENROLMENT_HEADER] + [
        f"{npp};X;1{i};{nik};{name.upper()};01-01-1980;{wage};JKK, JKM, JHT, JP;AKTIF;01-01-2019"
        for i, ((_, _, name, wage), nik, npp) in enumerate(zip(people, niks, npps, strict=True))
    ]
    doc = _reconcile(pay, write_csv(tmp_path / "peserta.csv", lines))
    assert doc["employers"] == []
    assert (doc["summary"]["payroll_workers"], doc["summary"]["not_reconcilable_workers"]) == (4, 0)
