"""Enrolment files as other branch offices and ERPs draw them, each with its answer by hand."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from underreport.cli import app

runner = CliRunner()

PAYROLL = (
    "NPP;NIK;Nama Karyawan;Periode;Gaji Pokok;Tunjangan Tetap\n"
    "44120001;3171010101850001;Budi Santoso;2025-03;4.500.000;0\n"
    "44120001;3171014202900002;Siti Aminah;2025-03;5.000.000;0\n"
    "44120001;3171010303880003;Joko Prasetyo;2025-03;4.000.000;0\n"
)
HEAD = (
    "<thead><tr><th>No</th><th>Nomor KPJ</th><th>N I K</th><th>Nama Tenaga Kerja</th>"
    "<th>Tgl.Lahir (tgl/bln/thn)</th><th>Data Upah (Rp.)</th>{extra}</tr></thead>"
)
FORM_2A = f"""<html><head><meta charset="utf-8"></head><body>
<table border="1">
<caption>RINCIAN IURAN TENAGA KERJA<br>NPP : 44120001<br>Bulan : Maret 2025</caption>
{HEAD.format(extra="<th>Iuran JKK 0.54%</th><th>Iuran JKM 0.30%</th><th>Iuran JHT 5.70%</th>")}
<tbody>
<tr><td>1</td><td>19023456781</td><td>3171010101850001</td><td>Budi Santoso</td>
<td>01/01/1985</td><td>4,500,000</td><td>24,300</td><td>13,500</td><td>256,500</td></tr>
<tr><td>2</td><td>19023456782</td><td>3171014202900002</td><td>Siti Aminah</td>
<td>02/02/1990</td><td>5,000,000</td><td>27,000</td><td>15,000</td><td>285,000</td></tr>
<tr><td>&nbsp;</td><td>&nbsp;</td><td>&nbsp;</td><td>JUMLAH SELURUHNYA</td><td>&nbsp;</td>
<td>9,500,000</td><td>51,300</td><td>28,500</td><td>541,500</td></tr>
</tbody></table>
<p>DAFTAR TENAGA KERJA KELUAR</p>
<table border="1">{HEAD.format(extra="<th>Tgl Keluar</th>")}
<tbody><tr><td>1</td><td>19023456783</td><td>3171010303880003</td><td>Joko Prasetyo</td>
<td>03/03/1988</td><td>4,000,000</td><td>28/02/2025</td></tr></tbody></table>
</body></html>"""


def run(*args: str) -> Any:
    result = runner.invoke(app, [*args, "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_2a_caption_is_the_title_block_and_the_leavers_list_is_no_enrolment(
    tmp_path: Path,
) -> None:
    """The NPP sits in a `<caption>`: without it the employer looked unregistered (PWBD).

    Hand answer: Budi and Siti are on the March form; Joko is only on the
    leavers' list, which names no NPP and is left out with why: he is the one
    unregistered worker, 4.000.000 x (0.24 + 0.3 + 5.7 + 3) % = 369.600.
    """
    (tmp_path / "gaji.csv").write_text(PAYROLL)
    (tmp_path / "jamsostek2a.xls").write_text(FORM_2A)
    doc = run(
        "reconcile", "-p", str(tmp_path / "gaji.csv"), "-e", str(tmp_path / "jamsostek2a.xls")
    )
    [emp] = doc["employers"]
    assert (emp["employer_id"], emp["registered"]) == ("44120001", True)
    assert (emp["payroll_workers"], emp["enrolled_workers"], emp["unregistered_workers"]) == (
        3,
        2,
        1,
    )
    assert emp["monthly_contribution_gap_idr"] == 369_600
    [form] = [i for i in doc["inputs"] if i["kind"] == "enrollment"]
    assert (form["sheet"], form["columns"]["employer_id"]) == ("table 1", "title: NPP (row 2)")
    assert form["columns"]["period"] == "title: Bulan (row 3)"
    [left] = [q for q in doc["data_quality"] if q["code"] == "SHEET_SKIPPED"]
    assert left["sheet"] == "table 2" and "no NPP" in left["message"]


def test_an_enrolment_file_naming_no_employer_stops(tmp_path: Path) -> None:
    """Its rows could cover nobody: every worker would be reported unregistered."""
    enr = tmp_path / "peserta.csv"
    enr.write_text("NIK;Nama Peserta;Upah\n3171010101850001;Budi Santoso;4.500.000\n")
    (tmp_path / "gaji.csv").write_text(PAYROLL)
    result = runner.invoke(app, ["reconcile", "-p", str(tmp_path / "gaji.csv"), "-e", str(enr)])
    assert result.exit_code == 2
    assert "peserta.csv" in result.output and "no NPP" in result.output


def test_membership_export_na_status_with_a_leaving_date_is_not_active(tmp_path: Path) -> None:
    """`NA` is no status the tool knows; its TGL NON AKTIF (28-02-2025) says it ended.

    Hand answer for NN140549 (unit suffix `-000` dropped): Budi, Siti active
    (`4 PROGRAM`), Rudi `Non Aktif` -> 1 unregistered; Siti paid 5.500.000,
    reported 5.000.000 -> 1 under-reported. For 80182795: Dewi active, Agus
    `NA` with a leaving date -> 1 unregistered, 3.000.000 x 9.24 % = 277.200.
    """
    enr = tmp_path / "kepesertaan.csv"
    enr.write_text(
        "DATA TENAGA KERJA KANTOR CABANG SALEMBA PER 31-03-2025;;;;;;;;;;\n"
        "KODE KANTOR;NPP;NAMA PERUSAHAAN;NO KPJ;NIK;NAMA PESERTA;TGL LAHIR;UPAH TERAKHIR;"
        "PROGRAM;STATUS;TGL NON AKTIF\n"
        "J07;NN140549-000;PT ANGIN TIMUR;25012345678;3171.0101.0185.0001;Budi Santoso;01-JAN-85;"
        "Rp. 4.500.000,00;JKK-JKM-JHT-JP;Aktif;\n"
        "J07;NN140549-000;PT ANGIN TIMUR;25012345679;3171.0142.0290.0002;Siti Aminah;"
        "1990-02-02 00:00:00;Rp. 5.000.000,00;4 PROGRAM;Aktif;\n"
        "J07;NN140549-000;PT ANGIN TIMUR;25012345681;3171.0104.0487.0004;Rudi Hartono;04-APR-87;"
        "Rp. 4.000.000,00;JKK-JKM-JHT-JP;Non Aktif;15-01-2025\n"
        "J07;80182795-001;CV LAUT BIRU;25012345682;3171.0105.0586.0005;Agus Salim;05-MAY-86;"
        "Rp. 3.000.000,00;JKK-JKM-JHT;NA;28-02-2025\n"
        "J07;80182795-001;CV LAUT BIRU;25012345683;3171.0146.0691.0006;Dewi Lestari;"
        "1991-06-06 00:00:00;Rp. 3.500.000,00;JKK-JKM-JHT;Aktif;\n"
    )
    pay = tmp_path / "gaji.csv"
    pay.write_text(
        "NPP;NIK;Nama Karyawan;Periode;Gaji Pokok;Tunjangan Tetap\n"
        "NN140549;3171010101850001;Budi Santoso;2025-03;4.500.000;0\n"
        "NN140549;3171014202900002;Siti Aminah;2025-03;5.000.000;500.000\n"
        "NN140549;3171010404870004;Rudi Hartono;2025-03;4.000.000;0\n"
        "80182795;3171010505860005;Agus Salim;2025-03;3.000.000;0\n"
        "80182795;3171014606910006;Dewi Lestari;2025-03;3.500.000;0\n"
    )
    doc = run("reconcile", "-p", str(pay), "-e", str(enr))
    got = {
        e["employer_id"]: (
            e["payroll_workers"], e["enrolled_workers"], e["unregistered_workers"],
            e["underreported_wage_workers"],
        )
        for e in doc["employers"]
    }  # fmt: skip
    assert got == {"NN140549": (3, 2, 1, 1), "80182795": (2, 1, 1, 0)}
    laut = next(e for e in doc["employers"] if e["employer_id"] == "80182795")
    assert laut["monthly_contribution_gap_idr"] == 277_200
    [status] = [q for q in doc["data_quality"] if q["code"] == "STATUS_UNKNOWN"]
    assert status["row"] == 6 and "non-active date" in status["message"]


def test_two_sheet_export_aktif_and_non_aktif_without_a_status_column(tmp_path: Path) -> None:
    """The `Non Aktif` sheet's members are not covered, though no column says so.

    Hand answer: Budi and Siti on `Aktif`, Joko only on `Non Aktif` -> 2
    enrolled, 1 unregistered (4.000.000 x 9.24 % = 369.600). Before, Joko was
    read as active and the employer came out clean.
    """
    import openpyxl

    wb = openpyxl.Workbook()
    head = ["NPP", "NO KPJ", "NIK", "NAMA PESERTA", "TGL LAHIR", "UPAH", "PROGRAM"]
    aktif = wb.active
    assert aktif is not None
    aktif.title = "Aktif"
    aktif.append(head)
    aktif.append(
        [
            "55667788",
            "1",
            "3171010101850001",
            "Budi Santoso",
            "01-01-1985",
            4500000,
            "JKK, JKM, JHT, JP",
        ]
    )
    aktif.append(
        [
            "55667788",
            "2",
            "3171014202900002",
            "Siti Aminah",
            "02-02-1990",
            5000000,
            "JKK, JKM, JHT, JP",
        ]
    )
    ended = wb.create_sheet("Non Aktif")
    ended.append(head)
    ended.append(
        [
            "55667788",
            "3",
            "3171010303880003",
            "Joko Prasetyo",
            "03-03-1988",
            4000000,
            "JKK, JKM, JHT, JP",
        ]
    )
    wb.save(tmp_path / "peserta.xlsx")
    (tmp_path / "gaji.csv").write_text(PAYROLL.replace("44120001", "55667788"))
    doc = run("reconcile", "-p", str(tmp_path / "gaji.csv"), "-e", str(tmp_path / "peserta.xlsx"))
    [emp] = doc["employers"]
    assert (emp["payroll_workers"], emp["enrolled_workers"], emp["unregistered_workers"]) == (
        3,
        2,
        1,
    )
    assert emp["monthly_contribution_gap_idr"] == 369_600
    sheets = {
        i["sheet"]: i["columns"].get("active") for i in doc["inputs"] if i["kind"] == "enrollment"
    }
    assert sheets == {"Aktif": None, "Non Aktif": "sheet name 'Non Aktif'"}


def test_a_title_naming_active_and_non_active_members_decides_nothing(tmp_path: Path) -> None:
    """`PESERTA AKTIF DAN NON AKTIF` above a table without status: every row stays active."""
    enr = tmp_path / "peserta.csv"
    enr.write_text(
        "DAFTAR PESERTA AKTIF DAN NON AKTIF;;;\n"
        "NPP;NIK;NAMA PESERTA;UPAH\n"
        "55667788;3171010101850001;Budi Santoso;4.500.000\n"
        "55667788;3171014202900002;Siti Aminah;5.000.000\n"
        "55667788;3171010303880003;Joko Prasetyo;4.000.000\n"
    )
    (tmp_path / "gaji.csv").write_text(PAYROLL.replace("44120001", "55667788"))
    doc = run("reconcile", "-p", str(tmp_path / "gaji.csv"), "-e", str(enr))
    assert doc["employers"] == []
    assert doc["summary"]["enrolled_workers"] == 3


def _formulir2_over_two_pages(path: Path) -> None:
    """`NPP :` and `Periode Laporan : Maret 2025` inline, the header printed again on page 2."""
    import datetime

    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Formulir 2"
    ws.append(["LAPORAN RINCIAN IURAN PEKERJA"])
    ws.append(["NPP : 33019876"])
    ws.append(["Periode Laporan : Maret 2025"])
    head = ["No", "Nomor Peserta", "NIK", "Nama Pekerja", "Tanggal Lahir", "Upah (Rp)",
            "Rapel (Rp)", "Iuran JKK (Rp) (0.54%)", "Iuran JKM (Rp) (0.3%)", "Iuran JHT (Rp)",
            "Iuran JP (Rp)"]  # fmt: skip
    people = [
        ("3171010101850001", "Budi Santoso", "4,500,000.00", "0.00", "135,000.00"),
        ("3171014202900002", "Siti Aminah", "5,000,000.00", "250,000.00", "150,000.00"),
        ("3171010303880003", "Joko Prasetyo", "4,000,000.00", "0.00", "0.00"),
    ]
    ws.append(head)  # row 4
    for i, (nik, name, wage, rapel, jp) in enumerate(people, 1):
        if i == 3:
            ws.append(["Halaman 1 dari 2"])  # row 7
            ws.append(head)  # row 8
        ws.append([i, f"2501111000{i}", nik, name, datetime.date(1985, 1, i), wage, rapel,
                   "1.00", "1.00", "1.00", jp])  # fmt: skip
    ws.append(["Total Seluruhnya"])  # row 10
    wb.save(path)


def test_formulir2_over_two_pages_keeps_every_worker_and_says_why_rows_left(tmp_path: Path) -> None:
    """Hand answer: 3 enrolled (Budi, Siti, Joko); Agus unregistered; Siti paid 5.500.000,
    reported 5.000.000 (her rapel is no wage) -> under-reported. Row 8 is the header again."""
    form = tmp_path / "formulir2.xlsx"
    _formulir2_over_two_pages(form)
    pay = tmp_path / "gaji.csv"
    pay.write_text(
        "NPP;NIK;Nama Karyawan;Periode;Gaji Pokok\n"
        "33019876;3171010101850001;Budi Santoso;2025-03;4.500.000\n"
        "33019876;3171014202900002;Siti Aminah;2025-03;5.500.000\n"
        "33019876;3171010303880003;Joko Prasetyo;2025-03;4.000.000\n"
        "33019876;3171010505860005;Agus Salim;2025-03;3.000.000\n"
    )
    doc = run("reconcile", "-p", str(pay), "-e", str(form))
    [emp] = doc["employers"]
    assert (emp["enrolled_workers"], emp["unregistered_workers"]) == (3, 1)
    assert (emp["underreported_wage_workers"], emp["wage_gap_idr"]) == (1, 3_500_000)
    skipped = {q["row"]: q["message"] for q in doc["data_quality"] if q["code"] == "ROW_SKIPPED"}
    assert "header again" in skipped[8]
    assert "totals" in skipped[10] and 7 in skipped


def test_validate_shows_config_hints_in_brackets(tmp_path: Path) -> None:
    """Rich read `[[inputs.files]]` in a message as markup and printed `[]`."""
    (tmp_path / "jamsostek2a.xls").write_text(FORM_2A)
    result = runner.invoke(app, ["validate", str(tmp_path / "jamsostek2a.xls")])
    assert result.exit_code == 0, result.output
    flat = " ".join(result.output.replace("│", " ").split())
    assert "[[inputs.files]]" in flat.replace(" ", "")


def test_workers_export_lists_a_programme_missing_worker_the_gap_counts(tmp_path: Path) -> None:
    """SIPP bill with amounts as numbers; Dodi's JP shares are 0 in a medium firm.

    Hand answer for 66234590: Eko unregistered (3.500.000 x 9.24 % = 323.400),
    Rina reported 6.000.000 of 6.500.000 (500.000 x 9.24 % = 46.200), Dodi
    lacks JP (3.000.000 x 3 % = 90.000): 459.600, and the export's rows add up to it.
    """
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Rincian"
    ws.append(["RINCIAN IURAN TENAGA KERJA"])
    ws.append(["NPP", "", "66234590"])
    ws.append(["Nama Perusahaan", "", "PT BINA CIPTA"])
    ws.append(["Periode", "", "03-2025"])
    ws.append(["No", "Nomor Referensi", "NIK", "Nama", "Upah", "Rapel", "JKK", "JKM",
               "JHT Pemberi Kerja", "JHT Tenaga Kerja", "JP Pemberi Kerja", "JP Tenaga Kerja",
               "JKP Pemerintah"])  # fmt: skip
    ws.append([1, "21000000001", "3273014107920001", "Rina Marlina", 6000000, 0, 14400, 18000,
               222000, 120000, 120000, 60000, 13800])  # fmt: skip
    ws.append([2, "21000000002", "3273010808930002", "Dodi Kurnia", 3000000, 0, 7200, 9000,
               111000, 60000, 0, 0, 6900])  # fmt: skip
    ws.append(["", "", "", "Jumlah Seluruhnya", 9000000, 0, 21600, 27000, 333000, 180000,
               120000, 60000, 20700])  # fmt: skip
    wb.save(tmp_path / "sipp.xlsx")
    pay = tmp_path / "gaji.csv"
    pay.write_text(
        "NPP;NIK;Nama Karyawan;Periode;Gaji Pokok;Tunjangan Tetap\n"
        "66234590;3273014107920001;Rina Marlina;2025-03;6.000.000;500.000\n"
        "66234590;3273010808930002;Dodi Kurnia;2025-03;3.000.000;0\n"
        "66234590;3273011212940003;Eko Saputra;2025-03;3.500.000;0\n"
    )
    ref = tmp_path / "emp.csv"
    ref.write_text("NPP;Skala Usaha\n66234590;menengah\n")
    out = tmp_path / "pekerja.csv"
    common = ["-p", str(pay), "-e", str(tmp_path / "sipp.xlsx"), "--employers", str(ref)]
    result = runner.invoke(app, ["export", "--level", "workers", "--out", str(out), *common])
    assert result.exit_code == 0, result.output
    import csv

    rows = list(csv.DictReader(out.read_text(encoding="utf-8-sig").splitlines()))
    got = {r["worker_name"]: (r["finding"], int(r["contribution_gap_idr"])) for r in rows}
    assert got == {
        "Eko Saputra": ("UNREGISTERED", 323_400),
        "Rina Marlina": ("WAGE_UNDERREPORTED", 46_200),
        "Dodi Kurnia": ("PROGRAM_MISSING", 90_000),
    }
    [emp] = run("reconcile", *common)["employers"]
    assert emp["monthly_contribution_gap_idr"] == 459_600
    story = runner.invoke(app, ["explain", "66234590", *common])
    assert story.exit_code == 0 and "lacks" in story.output
    # the payroll names no employer: the bill's title does, in the export and in explain
    assert {r["employer_name"] for r in rows} == {"PT BINA CIPTA"}
    assert "PT BINA CIPTA (NPP 66234590)" in story.output


def _monthly_form(path: Path, period_line: str, people: list[tuple[str, str, str]]) -> None:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["RINCIAN IURAN PEKERJA"])
    ws.append(["NPP : 33019876"])
    ws.append([period_line])
    ws.append(["No", "NIK", "Nama Pekerja", "Upah (Rp)", "Iuran JKK (Rp)", "Iuran JKM (Rp)",
               "Iuran JHT (Rp)", "Iuran JP (Rp)"])  # fmt: skip
    for i, (nik, name, wage) in enumerate(people, 1):
        ws.append([i, nik, name, wage, "1.00", "1.00", "1.00", "1.00"])
    wb.save(path)


def test_one_form_a_month_over_two_months(tmp_path: Path) -> None:
    """Agus is on the February form (its month written `BULAN FEBRUARI TAHUN 2025`), not on
    March's: unregistered in March only. Before, February's month went unread, the form
    counted as a membership export covering every month, and Agus was never flagged.

    Hand answer: one month affected, 3.000.000 x 9.24 % = 277.200 principal.
    """
    budi = ("3171010101850001", "Budi Santoso", "4,500,000.00")
    agus = ("3171010505860005", "Agus Salim", "3,000,000.00")
    enr = tmp_path / "forms"
    enr.mkdir()
    _monthly_form(enr / "feb.xlsx", "PERIODE LAPORAN BULAN FEBRUARI TAHUN 2025", [budi, agus])
    _monthly_form(enr / "mar.xlsx", "Periode Laporan : Maret 2025", [budi])
    pay = tmp_path / "gaji.csv"
    pay.write_text(
        "NPP;NIK;Nama Karyawan;Periode;Gaji Pokok\n"
        + "".join(
            f"33019876;{nik};{name};{month};{wage.replace(',', '.')[:-3]}\n"
            for month in ("2025-02", "2025-03")
            for nik, name, wage in (budi, agus)
        )
    )
    for how in (["--all-periods"], ["--period", "2025-02..2025-03"]):
        doc = run("reconcile", "-p", str(pay), "-e", str(enr), *how, "--as-of", "2025-04-01")
        assert doc["periods"] == ["2025-02", "2025-03"]
        [emp] = doc["employers"]
        assert (emp["unregistered_workers"], emp["months_affected"]) == (1, 1)
        assert emp["arrears_principal_idr"] == 277_200
    feb = run("reconcile", "-p", str(pay), "-e", str(enr), "--period", "2025-02")
    assert feb["employers"] == [] and feb["summary"]["enrolled_workers"] == 2


def test_status_with_its_reason_after_it(tmp_path: Path) -> None:
    """`NON AKTIF - PHK` and `Meninggal` end cover; `Aktif (Iuran Tertunggak)` keeps it.

    Before, all three were 'not understood' and read as active. Hand answer:
    Budi active, Siti's membership ended (PHK), Joko died -> of Budi, Siti and
    Joko on the payroll, 1 enrolled and 2 unregistered (both 'enrolled but non-active').
    """
    enr = tmp_path / "peserta.csv"
    enr.write_text(
        "NPP;NIK;NAMA PESERTA;UPAH;STATUS KEPESERTAAN\n"
        "44120001;3171010101850001;Budi Santoso;4.500.000;Aktif (Iuran Tertunggak)\n"
        "44120001;3171014202900002;Siti Aminah;5.000.000;NON AKTIF - PHK\n"
        "44120001;3171010303880003;Joko Prasetyo;4.000.000;Meninggal\n"
    )
    (tmp_path / "gaji.csv").write_text(PAYROLL)
    doc = run("reconcile", "-p", str(tmp_path / "gaji.csv"), "-e", str(enr))
    [emp] = doc["employers"]
    assert (emp["enrolled_workers"], emp["unregistered_workers"]) == (1, 2)
    assert "2 enrolled but non-active" in emp["reasons"][0]
    assert not [q for q in doc["data_quality"] if q["code"] == "STATUS_UNKNOWN"]


def test_a_leavers_list_with_its_own_npp_ends_cover(tmp_path: Path) -> None:
    """`DAFTAR TENAGA KERJA KELUAR` in its own Windows-1252 HTML `.xls`, NPP and month above.

    Hand answer: Joko is on it (left 28/02/2025) and on no form: enrolled but
    non-active, so unregistered; the list says so in `inputs[].columns.active`.
    """
    main, rest = FORM_2A.split("<p>DAFTAR TENAGA KERJA KELUAR</p>")
    enr = tmp_path / "bpjs"
    enr.mkdir()
    (enr / "2a_maret.xls").write_text(main + "</body></html>")
    (enr / "2a_keluar.xls").write_bytes(
        (
            '<html><head><meta charset="windows-1252"></head><body>'
            "<p>DAFTAR TENAGA KERJA KELUAR</p><p>NPP : 44120001</p><p>Bulan : Maret 2025</p>" + rest
        ).encode("cp1252")
    )
    (tmp_path / "gaji.csv").write_text(PAYROLL)
    doc = run("reconcile", "-p", str(tmp_path / "gaji.csv"), "-e", str(enr))
    [emp] = doc["employers"]
    assert (emp["enrolled_workers"], emp["unregistered_workers"]) == (2, 1)
    assert "1 enrolled but non-active" in emp["reasons"][0]
    [leavers] = [i for i in doc["inputs"] if i["path"].endswith("2a_keluar.xls")]
    assert leavers["columns"]["active"] == "title: DAFTAR TENAGA KERJA KELUAR (row 1)"


def test_a_form_worker_with_a_blank_nik_cell_is_matched_by_name(tmp_path: Path) -> None:
    """Siti's NIK cell on the 2a form is `&nbsp;`; Rahmat's is 8 digits and he is not paid.

    Before, enrolment rows without a 16-digit NIK were dropped: Siti, on the
    form in hand, was reported unregistered. Hand answer: Budi exact, Siti by
    name (tier 4, probable), Joko unregistered; Rahmat enrolled, not on the
    payroll, listed without his name in the NIK column.
    """
    rahmat = (
        "<tr><td>3</td><td>19023456784</td><td>31710101</td><td>Rahmat Hidayat</td>"
        "<td>01/01/1980</td><td>4,000,000</td><td>1</td><td>1</td><td>1</td></tr></tbody>"
    )
    form = (
        FORM_2A.split("<p>DAFTAR TENAGA KERJA KELUAR</p>")[0]
        .replace("<td>3171014202900002</td>", "<td>&nbsp;</td>")
        .replace("</tbody>", rahmat, 1)
    )
    (tmp_path / "2a.xls").write_text(form + "</body></html>")
    (tmp_path / "gaji.csv").write_text(PAYROLL)
    common = ["-p", str(tmp_path / "gaji.csv"), "-e", str(tmp_path / "2a.xls")]
    doc = run("reconcile", *common)
    [emp] = doc["employers"]
    assert (emp["enrolled_workers"], emp["unregistered_workers"]) == (3, 1)
    assert (emp["probable_matches"], emp["enrolled_not_on_payroll"]) == (1, 1)
    story = run("explain", "44120001", *common)
    tiers = {w["worker_name"]: (w["enrolment"], w["match_tier"]) for w in story["workers"]}
    assert tiers == {
        "Budi Santoso": ("active", 1),
        "Siti Aminah": ("active", 4),
        "Joko Prasetyo": ("not enrolled", 1),
    }
    [gone] = story["enrolled_not_on_payroll"]
    assert gone["worker_name"] == "Rahmat Hidayat" and "AYAT" not in (gone["nik"] or "")


def _form_titled(path: Path, *lines: str) -> Path:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["RINCIAN IURAN PEKERJA"])
    for line in lines:
        ws.append([line])
    ws.append(["No", "NIK", "Nama Pekerja", "Upah (Rp)", "Iuran JHT (Rp)"])
    ws.append([1, "3171010101850001", "Budi Santoso", "4,500,000.00", "256,500.00"])
    wb.save(path)
    return path


def test_form_titles_as_other_offices_word_them(tmp_path: Path) -> None:
    """`No. Pendaftaran Perusahaan (NPP)`, `Bulan Iuran : 03 / 2025`, `Masa Iuran : Maret 2025`."""
    from underreport.ingest.load import load

    a = _form_titled(tmp_path / "a.xlsx", "No. Pendaftaran Perusahaan (NPP) : NN140549",
                     "Bulan Iuran : 03 / 2025")  # fmt: skip
    b = _form_titled(tmp_path / "b.xlsx", "NPP : NN140549", "Masa Iuran : Maret 2025")
    for path in (a, b):
        got = load([], [path]).enrollment.select("employer_id", "period").row(0)
        assert got == ("NN140549", "2025-03"), path.name


def test_a_form_month_that_cannot_be_read_stops(tmp_path: Path) -> None:
    """Read as a membership export instead, `Periode : Triwulan I` would cover every month."""
    form = _form_titled(tmp_path / "f.xlsx", "NPP : NN140549", "Periode : Triwulan I")
    result = runner.invoke(app, ["validate", str(form)])
    assert result.exit_code == 2
    assert "row 3" in result.output and "Triwulan I" in result.output


def test_a_note_about_leavers_in_a_form_title_ends_nobody(tmp_path: Path) -> None:
    """`(TIDAK TERMASUK TK KELUAR)` says leavers are left out, not that the list is of leavers."""
    from underreport.ingest.load import load

    form = _form_titled(tmp_path / "f.xlsx", "(TIDAK TERMASUK TK KELUAR)", "NPP : NN140549",
                        "Periode : Maret 2025")  # fmt: skip
    loaded = load([], [form])
    assert loaded.enrollment["active"].to_list() == [True]
    assert "active" not in loaded.inputs[0].columns
