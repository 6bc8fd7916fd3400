"""Whole workflows on enrolment files none of the team wrote, each answer worked by hand."""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

import openpyxl
import xlwt
from typer.testing import CliRunner

from underreport.cli import app

runner = CliRunner()

PAYROLL = (
    "NPP;NIK;Nama Karyawan;Periode;Gaji Pokok\n"
    "55012345;3273010101800001;Andi Wijaya;2025-03;5.000.000\n"
    "55012345;3273010505600002;Bambang Harjo;2025-03;4.000.000\n"
    "55012345;3273014202900003;Citra Dewi;2025-03;4.500.000\n"
    "55012345;3273010303950004;Dedi Kurniawan;2025-03;3.000.000\n"
)


def run(*args: str) -> Any:
    result = runner.invoke(app, [*args, "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _erp_formulir2(path: Path) -> None:
    """An ERP's (xlwt) Formulir 2 drawn 3 columns in and 6 rows down, `NPP*)` label with its
    footnote, month and year in separate cells, a two-row grouped header and a legend row.
    Bambang (born 1960) is past the 2025 pension age of 59: his JP zeros owe nothing."""
    wb = xlwt.Workbook()
    ws = wb.add_sheet("Formulir 2")
    r0, c0 = 6, 3
    ws.write(r0, c0, "LAPORAN RINCIAN IURAN PEKERJA")
    ws.write(r0, c0 + 12, "Formulir 2")
    for col, label, value in ((0, "NPP*)", "55012345"),
                              (3, "Nama Pemberi Kerja/Wadah/Mitra", "PT SINAR ABADI"),
                              (8, "Periode Laporan", 3)):  # fmt: skip
        ws.write(r0 + 2, c0 + col, label)
        ws.write(r0 + 3, c0 + col, value)
    ws.write(r0 + 3, c0 + 9, 2025)
    ws.write(r0 + 4, c0 + 8, "bulan")
    ws.write(r0 + 4, c0 + 9, "tahun")
    top = ["No", "Nomor Peserta", "Nomor Induk Kependudukan (NIK)/Paspor\n(bagi TK Asing)",
           "Nama Pekerja", "Tanggal Lahir", "Upah (Rp)", "Rapel (Rp)",
           "Total (Upah + Rapel) (Rp)", "Iuran JKK (Rp)\n(.....%)**", "Iuran JKM (Rp)\n(0.3%)",
           "Iuran JHT (Rp)", "", "Iuran JP (Rp)", "", "Jumlah Iuran (Rp)"]  # fmt: skip
    sub = [""] * 10 + ["Pemberi Kerja\n(3.7%)", "Pekerja\n(2%)", "Pemberi Kerja\n(2%)",
                       "Pekerja\n(1%)", ""]  # fmt: skip
    legend = [*"abcdefg", "h=f+g", *"ijklmn", "o=i+j+k+l+m+n"]
    for row, cells in ((12, top), (13, sub), (14, legend)):
        for j, v in enumerate(cells):
            ws.write(row, c0 + j, v)
    people = [("3273010101800001", "Andi Wijaya", 1980, "5,000,000.00", "100,000.00"),
              ("3273010505600002", "Bambang Harjo", 1960, "4,000,000.00", "0.00"),
              ("3273014202900003", "Citra Dewi", 1990, "4,500,000.00", "0.00")]  # fmt: skip
    dates = xlwt.easyxf(num_format_str="DD/MM/YYYY")
    for i, (nik, name, born, wage, jp) in enumerate(people, 1):
        r = 14 + i
        cells = [i, f"2501111000{i}", nik, name, None, wage, "0.00", wage,
                 "1.00", "1.00", "1.00", "1.00", jp, jp, "1.00"]  # fmt: skip
        for j, v in enumerate(cells):
            if v is not None:
                ws.write(r, c0 + j, v)
        ws.write(r, c0 + 4, datetime.date(born, 1, i), dates)
    for r, text in ((18, "Total Seluruhnya"),
                    (19, "Kompensasi Kekurangan atau Kelebihan Iuran Bulan Lalu"), (20, "Denda"),
                    (22, "*) diisi oleh BPJS Ketenagakerjaan"),
                    (23, "**) diisi sesuai tingkat risiko")):  # fmt: skip
        ws.write(r, c0, text)
    ws.write(18, c0 + 5, "13,500,000.00")
    ws.write(24, c0 + 10, "Bandung, 10 April 2025")
    wb.save(str(path))


def _office_reference(path: Path) -> None:
    """`--employers` as an office keeps it: xlsx, size in Indonesian, risk class as a rate."""
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["NPP", "Nama Perusahaan", "NPWP", "Skala Usaha", "Kelas Risiko"])
    ws.append(["55012345", "PT SINAR ABADI", "01.234.567.8-901.000", "Menengah", "0,54%"])
    wb.save(path)


def test_erp_formulir2_xls_with_a_pensioner_and_a_worker_without_jp(tmp_path: Path) -> None:
    """Hand answer (JKK 0.54 %): Dedi unregistered, 3.000.000 x 9.54 % = 286.200; Citra lacks
    JP, 4.500.000 x 3 % = 135.000; Bambang (64) owes no JP; gap 421.200. `explain` names
    Citra's finding as the workers export does, and its workers add up to the gap."""
    form, ref, pay = tmp_path / "form2.xls", tmp_path / "ref.xlsx", tmp_path / "gaji.csv"
    _erp_formulir2(form)
    _office_reference(ref)
    pay.write_text(PAYROLL)
    common = ["-p", str(pay), "-e", str(form), "--employers", str(ref)]
    doc = run("reconcile", *common)
    [emp] = doc["employers"]
    assert (emp["employer_name"], emp["enrolled_workers"], emp["unregistered_workers"]) == (
        "PT SINAR ABADI", 3, 1)  # fmt: skip
    assert (emp["program_missing_workers"], emp["missing_programs"]) == (1, ["JP"])
    assert emp["monthly_contribution_gap_idr"] == 421_200
    skipped = {q["row"]: q["message"] for q in doc["data_quality"] if q["code"] == "ROW_SKIPPED"}
    assert "legend" in skipped[15] and "totals" in skipped[19]
    story = run("explain", "55012345", *common)
    got = {w["worker_name"]: (w["finding"], w["contribution_gap_idr"]) for w in story["workers"]}
    assert got == {
        "Dedi Kurniawan": ("UNREGISTERED", 286_200),
        "Citra Dewi": ("PROGRAM_MISSING", 135_000),
        "Andi Wijaya": (None, 0),
        "Bambang Harjo": (None, 0),
    }
    check = runner.invoke(app, ["check", "--fail-on", "medium", *common])
    assert check.exit_code == 1, check.output
    text = runner.invoke(app, ["explain", "55012345", *common])
    assert "lacks JP" in " ".join(text.output.replace("│", " ").split())


MEMBERS = (
    "NPP;NAMA PERUSAHAAN;KPJ;NIK;NAMA TENAGA KERJA;TGL LAHIR;UPAH;PROGRAM;STATUS KEPESERTAAN;"
    "TGL KEPESERTAAN\n"
    "77001122;PT MAJU JAYA;12345678901;3578010101850001;Eka Putra;01-01-1985;3.000.000;"
    "JKK, JKM, JHT, JP;{old};01-01-2020\n"
    "77001122;PT MAJU JAYA;12345678902;3578010101850001;Eka Putra;01-01-1985;4.800.000;"
    "JKK, JKM, JHT, JP;AKTIF;01-06-2024\n"
    "77001122;PT MAJU JAYA;12345678903;;Fajar Nugroho;02-02-1988;4.000.000;JKK, JKM, JHT, JP;"
    "AKTIF;01-01-2022\n"
)


def test_a_worker_enrolled_twice_counts_the_active_wage_and_says_so_when_both_are_active(
    tmp_path: Path,
) -> None:
    """Eka: an old NON AKTIF record at 3.000.000 and an AKTIF one at 4.800.000; paid
    5.000.000 -> 200.000 under-reported, 200.000 x 9.24 % = 18.480. Fajar has a KPJ but no
    NIK in the export: matched by name (tier 4), not unregistered. With both of Eka's
    records AKTIF the highest wage is still taken, and a warning now says so."""
    pay = tmp_path / "gaji.csv"
    pay.write_text(
        "NPP;NIK;Nama Karyawan;Periode;Gaji Pokok\n"
        "77001122;3578010101850001;Eka Putra;2025-03;5.000.000\n"
        "77001122;3578010202880002;Fajar Nugroho;2025-03;4.000.000\n"
    )
    # a run in parts (--chunk-rows 1) says it too: the check is per employer, whole in a part
    cases = [(o, w, parts) for o, w in (("NON AKTIF", False), ("AKTIF", True))
             for parts in ([], ["--chunk-rows", "1"])]  # fmt: skip
    for old, warned, parts in cases:
        enr = tmp_path / f"kepesertaan_{warned}.csv"
        enr.write_text(MEMBERS.format(old=old))
        doc = run("reconcile", "-p", str(pay), "-e", str(enr), *parts)
        [emp] = doc["employers"]
        assert (emp["enrolled_workers"], emp["unregistered_workers"]) == (2, 0)
        assert (emp["underreported_wage_workers"], emp["wage_gap_idr"]) == (1, 200_000)
        assert emp["monthly_contribution_gap_idr"] == 18_480
        assert emp["probable_by_tier"] == {"4": 1}
        twice = [q for q in doc["data_quality"] if q["code"] == "ENROLLED_TWICE"]
        assert bool(twice) is warned
        if warned:
            assert twice[0]["row"] == 2 and "Rp 3.000.000, Rp 4.800.000" in twice[0]["message"]
            assert "3578010101850001" not in twice[0]["message"]


def test_strict_on_a_form_with_damaged_niks_says_a_name_would_have_matched(
    tmp_path: Path,
) -> None:
    """The form's NIKs: Kurnia's a number cell that lost its last digit (...0017 -> ...0010),
    Lina's scientific text. Without --strict both are matched by name: no finding. With it,
    both are unregistered ((4.000.000 + 4.200.000) x 9.24 % = 757.680) as strict promises,
    and each reason now says a like-named enrolment was left unmatched."""
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Formulir 2"
    for line in ("LAPORAN RINCIAN IURAN PEKERJA", "NPP : 99001234", "Periode Laporan : Mei 2025"):
        ws.append([line])
    ws.append(["No", "Nomor Peserta", "NIK", "Nama Pekerja", "Upah (Rp)", "Rapel (Rp)",
               "Iuran JKK (Rp)", "Iuran JKM (Rp)", "Iuran JHT (Rp)", "Iuran JP (Rp)"])  # fmt: skip
    ones = ["1"] * 4
    ws.append([1, "40000000001", 3201011212800010, "Kurnia Adi", "4,000,000.00", "0", *ones])
    ws.append([2, "40000000002", "3,20101E+15", "Lina Marlina", "4,200,000.00", "0", *ones])
    ws.append([3, "40000000003", "3201011212820023", "Maman Suparman", "4,400,000.00", "0", *ones])
    ws.append(["Total Seluruhnya"])
    wb.save(tmp_path / "form.xlsx")
    pay = tmp_path / "gaji.csv"
    pay.write_text(
        "NPP;NIK;Nama Karyawan;Periode;Gaji Pokok\n"
        "99001234;3201011212800017;Kurnia Adi;2025-05;4.000.000\n"
        "99001234;3201015505850002;Lina Marlina;2025-05;4.200.000\n"
        "99001234;3201011212820023;Maman Suparman;2025-05;4.400.000\n"
    )
    common = ["-p", str(pay), "-e", str(tmp_path / "form.xlsx")]
    assert run("reconcile", *common)["employers"] == []
    [emp] = run("reconcile", *common, "--strict")["employers"]
    assert (emp["unregistered_workers"], emp["monthly_contribution_gap_idr"]) == (2, 757_680)
    story = run("explain", "99001234", *common, "--strict")
    why = {w["worker_name"]: w["match_reason"] for w in story["workers"]}
    assert all("--strict" in (why[n] or "") for n in ("Kurnia Adi", "Lina Marlina"))
    assert why["Maman Suparman"] is None


def test_a_worker_enrolled_under_another_unit_of_the_company_is_said(tmp_path: Path) -> None:
    """Qori is paid by NPP 11110001 and enrolled under 11110002, a unit with the same NPWP.
    Each NPP is its own registration, so she stays unregistered here (4.000.000 x 9.24 % =
    369.600), but her reason now names the other NPP instead of saying nothing."""
    enr = tmp_path / "kepesertaan.csv"
    enr.write_text(
        "NPP;NAMA PERUSAHAAN;NPWP;KPJ;NIK;NAMA TENAGA KERJA;UPAH;PROGRAM;STATUS KEPESERTAAN\n"
        "11110001;PT DUTA LESTARI;01.234.567.8-901.000;50000000001;3374010101800001;Putu Arya;"
        "5.000.000;JKK, JKM, JHT, JP;AKTIF\n"
        "11110002;PT DUTA LESTARI CABANG SEMARANG;01.234.567.8-901.000;50000000002;"
        "3374010202810002;Qori Amalia;4.000.000;JKK, JKM, JHT, JP;AKTIF\n"
    )
    pay = tmp_path / "gaji.csv"
    pay.write_text(
        "NPP;NIK;Nama Karyawan;Periode;Gaji Pokok\n"
        "11110001;3374010101800001;Putu Arya;2025-03;5.000.000\n"
        "11110001;3374010202810002;Qori Amalia;2025-03;4.000.000\n"
    )
    common = ["-p", str(pay), "-e", str(enr)]
    [emp] = run("reconcile", *common)["employers"]
    assert (emp["unregistered_workers"], emp["monthly_contribution_gap_idr"]) == (1, 369_600)
    story = run("explain", "11110001", *common)
    why = {w["worker_name"]: w["match_reason"] for w in story["workers"]}
    assert "active under NPP 11110002" in why["Qori Amalia"]
    assert why["Putu Arya"] is None


def test_reference_province_by_name_and_a_pensioner_by_the_age_then_in_force(
    tmp_path: Path,
) -> None:
    """Medium firm, `Provinsi` written `Jawa Timur` (was read as no region: `defaults_used`
    said `region`). Rudi (born 1 Feb 1966) and Slamet (15 Apr 1966) reached 58 in 2024, when
    58 was the pension age: no JP owed. Umar (15 Jun 1967) is 57: lacks JP, 4.000.000 x 3 %
    = 120.000. Wages above the 2025 UMP of Jawa Timur (2.305.985)."""
    enr = tmp_path / "kepesertaan.csv"
    people = [("3515010102660001", "Rudi Hartono", "01-02-1966"),
              ("3515011504660002", "Slamet Riyadi", "15-04-1966"),
              ("3515011506670003", "Umar Bakri", "15-06-1967")]  # fmt: skip
    enr.write_text(
        "NPP;NIK;NAMA TENAGA KERJA;TGL LAHIR;UPAH;PROGRAM;STATUS KEPESERTAAN\n"
        + "".join(f"66001100;{n};{m};{d};4.000.000;JKK, JKM, JHT;AKTIF\n" for n, m, d in people)
    )
    pay = tmp_path / "gaji.csv"
    pay.write_text(
        "NPP;NIK;Nama Karyawan;Periode;Gaji Pokok\n"
        + "".join(f"66001100;{n};{name};2025-03;4.000.000\n" for n, name, _ in people)
    )
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["NPP", "Nama Perusahaan", "Skala Usaha", "Kelas Risiko", "Provinsi"])
    ws.append(["66001100", "PT TIGA SERANGKAI", "Sedang", "II", "Jawa Timur"])
    wb.save(tmp_path / "ref.xlsx")
    ref = tmp_path / "ref.xlsx"
    doc = run("reconcile", "-p", str(pay), "-e", str(enr), "--employers", str(ref))
    [emp] = doc["employers"]
    assert (emp["program_missing_workers"], emp["monthly_contribution_gap_idr"]) == (1, 120_000)
    assert emp["defaults_used"] == []
    assert emp["minimum_wage_basis"] == "UMP Jawa Timur 2025"


def test_a_reference_value_not_understood_stops_instead_of_clearing_the_employer(
    tmp_path: Path,
) -> None:
    """`Menengah ke atas` was read as no size: the firm owed no JP and Umar's missing JP
    (a finding with a size read) vanished without a word. Now one line names the cell."""
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Referensi"
    ws.append(["NPP", "Nama Perusahaan", "Skala Usaha", "Kelas Risiko"])
    ws.append(["66001100", "PT TIGA SERANGKAI", "Menengah ke atas", "II"])
    wb.save(tmp_path / "ref.xlsx")
    pay = tmp_path / "gaji.csv"
    pay.write_text(PAYROLL)
    enr = tmp_path / "kepesertaan.csv"
    enr.write_text("NPP;NIK;NAMA TENAGA KERJA;UPAH;STATUS KEPESERTAAN\n"
                   "55012345;3273010101800001;Andi Wijaya;5.000.000;AKTIF\n")  # fmt: skip
    ref = str(tmp_path / "ref.xlsx")
    result = runner.invoke(app, ["reconcile", "-p", str(pay), "-e", str(enr), "--employers", ref])
    assert result.exit_code == 2
    line = " ".join(result.output.split())
    assert "ref.xlsx" in line and "Referensi" in line and "row 2" in line
    assert "'Menengah ke atas' is not a size" in line
