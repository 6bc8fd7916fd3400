"""Payroll files of a third probe round, drawn as other payroll systems and clerks draw them.

Each answer is worked out by hand and written as literals.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
from conftest import ENROLMENT_HEADER, write_csv
from typer.testing import CliRunner

from underreport.cli import app

runner = CliRunner()

N1, N2, N3, N4 = "3273051205880001", "3273050301900002", "3273056107950003", "3273051010850004"


def _enrolment(path: Path) -> Path:
    """BUDI enrolled at 5.000.000 and SITI at 3.000.000 under 11111111; RINA under 22222222."""
    rows = [
        ("11111111", N1, "BUDI SANTOSO", "5.000.000"),
        ("11111111", N2, "SITI AMINAH", "3.000.000"),
        ("22222222", N4, "RINA MARLINA", "4.000.000"),
    ]
    return write_csv(
        path,
        [ENROLMENT_HEADER]
        + [
            f"{npp};PT PESERTA;2101{i:07d};{nik};{name};01-01-1985;{wage};JKK, JKM, JHT, JP;"
            "AKTIF;01-02-2020"
            for i, (npp, nik, name, wage) in enumerate(rows)
        ],
    )


def _reconcile(pay: Path, enr: Path) -> dict[str, Any]:
    res = runner.invoke(app, ["reconcile", "-p", str(pay), "-e", str(enr), "--format", "json"])
    assert res.exit_code == 0, res.output
    doc: dict[str, Any] = json.loads(res.stdout)
    return doc


def _counts(doc: dict[str, Any]) -> dict[str, tuple[bool, int, int, int, int]]:
    return {
        e["employer_id"]: (
            e["registered"],
            e["payroll_workers"],
            e["unregistered_workers"],
            e["underreported_wage_workers"],
            e["not_reconcilable_workers"],
        )
        for e in doc["employers"]
    }


def _three_workers(ws: Any) -> None:
    """BUDI 4.000.000 + 1.000.000, SITI 3.500.000 + 500.000, ANDI 3.000.000 (not enrolled)."""
    ws.append(["No", "NIK", "Nama", "Gaji Pokok", "Tunjangan Tetap"])
    ws.append([1, N1, "BUDI SANTOSO", 4000000, 1000000])
    ws.append([2, N2, "SITI AMINAH", 3500000, 500000])
    ws.append([3, N3, "ANDI WIJAYA", 3000000, 0])


def test_npp_only_in_the_file_name(tmp_path: Path) -> None:
    """`NPP 11111111 gaji maret 2025.xlsx`: the sheet names the company but no NPP.

    Read by name alone, `PT MAJU` matched no enrolment and was ranked as an
    unregistered employer (PWBD) with 3 uncovered workers, though the file
    name says its NPP. Linked by it: SITI is paid 4.000.000 against 3.000.000
    enrolled, ANDI has no enrolment, BUDI is covered at 5.000.000.
    A name without the word NPP gives no NPP.
    """
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    for line in ("DAFTAR GAJI KARYAWAN", "Nama Perusahaan : PT MAJU", "Periode : Maret 2025"):
        ws.append([line])
    ws.append([])
    _three_workers(ws)
    pay = tmp_path / "NPP 11111111 gaji maret 2025.xlsx"
    wb.save(pay)
    doc = _reconcile(pay, _enrolment(tmp_path / "enr.csv"))
    assert _counts(doc) == {"11111111": (True, 3, 1, 1, 0)}
    assert doc["employers"][0]["wage_gap_idr"] == 3000000 + 1000000
    res = runner.invoke(app, ["validate", str(pay), "--format", "json"])
    columns = json.loads(res.stdout)["inputs"][0]["columns"]
    assert columns["employer_id"] == "file name 'NPP 11111111 gaji maret 2025.xlsx'"


def test_a_number_in_the_file_name_without_npp_is_no_npp(tmp_path: Path) -> None:
    """`gaji 11111111 maret 2025.xlsx` may be anything: the employer stays `PT MAJU` by name."""
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    for line in ("Nama Perusahaan : PT MAJU", "Periode : Maret 2025"):
        ws.append([line])
    _three_workers(ws)
    pay = tmp_path / "gaji 11111111 maret 2025.xlsx"
    wb.save(pay)
    doc = _reconcile(pay, _enrolment(tmp_path / "enr.csv"))
    assert "11111111" not in _counts(doc)


def _titled(ws: Any) -> None:
    for line in ("DAFTAR GAJI KARYAWAN", "NPP : 11111111", "Periode : Maret 2025"):
        ws.append([line])
    ws.append([])
    _three_workers(ws)


def test_hidden_sheet_is_left_out_and_said_and_hidden_rows_are_read(tmp_path: Path) -> None:
    """A hidden sheet `lama` (a copy kept by the payroll system, RINA at 4.000.000) is not
    what the inspector sees: read, RINA counted as a 4th, unregistered worker of 11111111.
    ANDI's row is hidden by a filter but still paid: it is read (1 unregistered)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    _titled(ws)
    ws.row_dimensions[ws.max_row].hidden = True
    old = wb.create_sheet("lama")
    for line in ("NPP : 11111111", "Periode : Maret 2025"):
        old.append([line])
    old.append(["No", "NIK", "Nama", "Gaji Pokok", "Tunjangan Tetap"])
    old.append([1, N4, "RINA MARLINA", 4000000, 0])
    old.sheet_state = "hidden"
    pay = tmp_path / "gaji.xlsx"
    wb.save(pay)
    enr = _enrolment(tmp_path / "enr.csv")
    assert _counts(_reconcile(pay, enr)) == {"11111111": (True, 3, 1, 1, 0)}
    res = runner.invoke(app, ["validate", str(pay), "--format", "json"])
    skipped = [q for q in json.loads(res.stdout)["data_quality"] if q["code"] == "SHEET_SKIPPED"]
    assert [(q["sheet"], "hidden" in q["message"]) for q in skipped] == [("lama", True)]
    res = runner.invoke(
        app, ["reconcile", "-p", str(pay), "-e", str(enr), "--sheet", "lama", "--format", "json"]
    )
    assert _counts(json.loads(res.stdout)) == {"11111111": (True, 1, 1, 0, 0)}


def test_employer_heading_rows_inside_one_sheet_are_said_not_guessed(tmp_path: Path) -> None:
    """`PT MAJU - NPP 11111111` over three workers, `PT JAYA - NPP 22222222` over one, in one
    table: the tool does not link rows to a heading above them; the 4 workers are counted as
    not reconcilable and each heading row (sheet rows 5 and 9) is left out saying it names
    an NPP, not as a row with 'no worker identifier'."""
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["DAFTAR GAJI KARYAWAN"])
    ws.append(["Periode : Maret 2025"])
    ws.append([])
    ws.append(["No", "NIK", "Nama", "Gaji Pokok", "Tunjangan Tetap"])
    ws.append(["PT MAJU - NPP 11111111"])
    ws.append([1, N1, "BUDI SANTOSO", 4000000, 1000000])
    ws.append([2, N2, "SITI AMINAH", 3500000, 500000])
    ws.append([3, N3, "ANDI WIJAYA", 3000000, 0])
    ws.append(["PT JAYA - NPP 22222222"])
    ws.append([1, N4, "RINA MARLINA", 4500000, 500000])
    pay = tmp_path / "gaji.xlsx"
    wb.save(pay)
    doc = _reconcile(pay, _enrolment(tmp_path / "enr.csv"))
    assert (doc["summary"]["payroll_workers"], doc["summary"]["not_reconcilable_workers"]) == (4, 4)
    assert _counts(doc) == {}
    headings = [q["row"] for q in doc["data_quality"] if "naming an employer's NPP" in q["message"]]
    assert headings == [5, 9]
    missing = [q["row"] for q in doc["data_quality"] if q["code"] == "EMPLOYER_MISSING"]
    assert missing == [6, 7, 8, 10]


def test_wage_formulas_without_saved_values_are_said(tmp_path: Path) -> None:
    """openpyxl (and other writers) save `=SUM(...)` in the Gaji Pokok cells D7:D9 without a
    computed value; calamine reads them empty. The three workers stay counted (ANDI is still
    unregistered), but the wage gap cannot be known: validate and reconcile say why, at D7."""
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    for line in ("DAFTAR GAJI KARYAWAN", "NPP : 11111111", "Periode : Maret 2025"):
        ws.append([line])
    ws.append([])
    ws.append([])
    ws.append(["No", "NIK", "Nama", "Gaji Pokok"])
    ws.append([1, N1, "BUDI SANTOSO", "=SUM(4000000,1000000)"])
    ws.append([2, N2, "SITI AMINAH", "=ROUND(4000000.4,0)"])
    ws.append([3, N3, "ANDI WIJAYA", "=3000000"])
    pay = tmp_path / "gaji.xlsx"
    wb.save(pay)
    doc = _reconcile(pay, _enrolment(tmp_path / "enr.csv"))
    assert _counts(doc) == {"11111111": (True, 3, 1, 0, 0)}
    said = [q for q in doc["data_quality"] if q["code"] == "FORMULA_NOT_COMPUTED"]
    assert [(q["row"], q["column"], q["severity"]) for q in said] == [(7, "D", "warning")]
    assert said[0]["message"].startswith("3 formula cells")
    res = runner.invoke(app, ["validate", str(pay), "--format", "json"])
    codes = [q["code"] for q in json.loads(res.stdout)["data_quality"]]
    assert "FORMULA_NOT_COMPUTED" in codes


def test_formulas_with_saved_values_raise_nothing(tmp_path: Path) -> None:
    """A formula cell Excel saved with its value (`<v>5000000</v>`) is read as that value."""
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    _titled(ws)
    pay = tmp_path / "gaji.xlsx"
    wb.save(pay)

    with zipfile.ZipFile(pay) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    sheet = "xl/worksheets/sheet1.xml"
    parts[sheet] = parts[sheet].replace(
        b'<c r="D6" t="n"><v>4000000</v></c>', b'<c r="D6"><f>2000000*2</f><v>4000000</v></c>'
    )
    assert b"<f>2000000*2</f>" in parts[sheet]
    with zipfile.ZipFile(pay, "w") as z:
        for n, data in parts.items():
            z.writestr(n, data)
    doc = _reconcile(pay, _enrolment(tmp_path / "enr.csv"))
    assert _counts(doc) == {"11111111": (True, 3, 1, 1, 0)}
    assert not [q for q in doc["data_quality"] if q["code"] == "FORMULA_NOT_COMPUTED"]


def test_totals_row_without_the_word_total_but_a_headcount(tmp_path: Path) -> None:
    """Under the workers: `3 | | 3 orang | 10.500.000 | 1.500.000`, no TOTAL or JUMLAH.
    Read as a worker `3 orang` it was a 4th, unregistered worker paid 12.000.000; it is the
    totals row (sheet row 9) and is left out saying so."""
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    _titled(ws)
    ws.append([3, None, "3 orang", 10500000, 1500000])
    pay = tmp_path / "gaji.xlsx"
    wb.save(pay)
    doc = _reconcile(pay, _enrolment(tmp_path / "enr.csv"))
    assert _counts(doc) == {"11111111": (True, 3, 1, 1, 0)}
    assert doc["employers"][0]["wage_gap_idr"] == 3000000 + 1000000
    skipped = [(q["row"], q["message"]) for q in doc["data_quality"] if q["code"] == "ROW_SKIPPED"]
    assert skipped == [(9, "row left out (totals row: a headcount in the name column)")]
