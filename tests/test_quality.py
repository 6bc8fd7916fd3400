"""Every data-quality code, raised by a real-looking cell and pointing at it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import write_csv, write_xlsx
from typer.testing import CliRunner

from underreport.cli import app
from underreport.model.quality import CATALOGUE
from underreport.validate import validate

GOOD = "3201234567890123"
TITLE = [["NPP : 12345678"], ["Periode : Maret 2025"]]
HEADER = ["No", "NIK", "Nama", "Gaji Pokok", "Upah (Gaji Pokok + Tj. Tetap)", "Periode"]


def _payroll_issue(tmp: Path, row: list[object], extra: list[list[object]] | None = None):  # type: ignore[no-untyped-def]
    path = write_xlsx(tmp / "gaji.xlsx", {"S": [*TITLE, HEADER, row, *(extra or [])]})
    return validate([path], "payroll")


PAYROLL_CASES = [
    ("NIK_MISSING", [1, None, "Budi", 4000000, None, "2025-03"], "NIK (B)"),
    ("NIK_INVALID_LENGTH", [1, "320123456789012", "Budi", 4000000, None, "2025-03"], "NIK (B)"),
    ("NIK_NOT_DIGITS", [1, "3201234567890I23", "Budi", 4000000, None, "2025-03"], "NIK (B)"),
    ("NIK_BAD_PROVINCE", [1, "9901234567890123", "Budi", 4000000, None, "2025-03"], "NIK (B)"),
    ("NIK_BAD_BIRTHDATE", [1, "3201239913900123", "Budi", 4000000, None, "2025-03"], "NIK (B)"),
    (
        "NIK_PRECISION_LOSS",
        [1, "3.20123456789012E+15", "Budi", 4000000, None, "2025-03"],
        "NIK (B)",
    ),
    ("WAGE_MISSING", [1, GOOD, "Budi", None, None, "2025-03"], "Gaji Pokok (D)"),
    ("WAGE_NOT_A_NUMBER", [1, GOOD, "Budi", "empat juta", None, "2025-03"], "Gaji Pokok (D)"),
    ("WAGE_IMPLAUSIBLE", [1, GOOD, "Budi", 45, None, "2025-03"], "Gaji Pokok (D)"),
    (
        "WAGE_MISMATCH",
        [1, GOOD, "Budi", 4000000, 4100000, "2025-03"],
        "Upah (Gaji Pokok + Tj. Tetap) (E)",
    ),
    ("PERIOD_UNPARSEABLE", [1, GOOD, "Budi", 4000000, None, "bulan lalu"], "Periode (F)"),
]


@pytest.mark.parametrize("code, row, column", PAYROLL_CASES, ids=[c[0] for c in PAYROLL_CASES])
def test_payroll_code_names_row_and_column(
    tmp_path: Path, code: str, row: list[object], column: str
) -> None:
    report = _payroll_issue(tmp_path, row)
    hits = [i for i in report.data_quality if i.code == code]
    assert len(hits) == 1, [i.code for i in report.data_quality]
    (hit,) = hits
    assert (Path(hit.file).name, hit.sheet, hit.row, hit.column) == ("gaji.xlsx", "S", 4, column)
    assert hit.severity == CATALOGUE[code].severity
    assert GOOD not in hit.message


def test_period_missing_on_a_row_of_a_table_with_periods(tmp_path: Path) -> None:
    report = _payroll_issue(
        tmp_path,
        [1, GOOD, "Budi", 4000000, None, "2025-03"],
        [[2, "3201234567890124", "Ani", 4000000, None, None]],
    )
    hits = [(i.code, i.row) for i in report.data_quality if i.code.startswith("PERIOD")]
    assert hits == []  # the title block's period fills the empty cell
    path = write_xlsx(
        tmp_path / "p.xlsx",
        {
            "S": [
                ["NPP : 1"],
                HEADER,
                [1, GOOD, "Budi", 4000000, None, "2025-03"],
                [2, "3201234567890124", "Ani", 4000000, None, None],
            ]
        },
    )
    hits = [
        (i.code, i.row)
        for i in validate([path], "payroll").data_quality
        if i.code.startswith("PERIOD")
    ]
    assert hits == [("PERIOD_MISSING", 4)]


def test_cross_row_codes(tmp_path: Path) -> None:
    rows = [
        *TITLE,
        HEADER,
        [1, GOOD, "Budi", 4000000, None, None],
        [2, GOOD, "Budi", 4000000, None, None],
        [3, "Sub Total", None, 8000000],
    ]
    a = write_xlsx(tmp_path / "a.xlsx", {"S": rows})
    b = write_xlsx(
        tmp_path / "b.xlsx",
        {"T": [["NPP : 99999999"], ["Periode : Maret 2025"], HEADER, [1, GOOD, "Budi", 4000000]]},
    )
    report = validate([a, b], "payroll")
    codes = {(i.code, Path(i.file).name, i.row) for i in report.data_quality}
    assert ("DUPLICATE_WORKER", "a.xlsx", 4) in codes
    assert ("WORKER_AT_SEVERAL_EMPLOYERS", "a.xlsx", 4) in codes
    assert ("ROW_SKIPPED", "a.xlsx", 6) in codes


def test_enrolment_codes(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "e.csv",
        [
            "NPP;NIK;NAMA;TGL LAHIR;UPAH;STATUS;TGL KEPESERTAAN",
            f"12345678;{GOOD};Budi;31-02-1990;4000000;AKTIF;01-01-2020",
            "12345678;3201234567890124;Ani;01-01-1990;;PENDING;kemarin",
        ],
    )
    report = validate([path], "enrollment")
    got = {(i.code, i.row, i.column) for i in report.data_quality}
    assert ("DATE_UNPARSEABLE", 2, "TGL LAHIR (D)") in got
    assert ("WAGE_MISSING", 3, "UPAH (E)") in got
    assert ("STATUS_UNKNOWN", 3, "STATUS (F)") in got
    assert ("DATE_UNPARSEABLE", 3, "TGL KEPESERTAAN (G)") in got


def test_files_and_sheets_left_out_are_info_entries(tmp_path: Path) -> None:
    folder = tmp_path / "payroll"
    folder.mkdir()
    rows = [*TITLE, HEADER, [1, GOOD, "Budi", 4000000]]
    write_xlsx(folder / "gaji.xlsx", {"S": rows, "Catatan": [["dikirim 3 April"]]})
    (folder / "catatan.txt").write_text("kirim ke pak budi")
    report = validate([folder], "payroll")
    got = {(i.code, Path(i.file).name, i.sheet, i.severity) for i in report.data_quality}
    assert ("FILE_SKIPPED", "catatan.txt", None, "info") in got
    assert ("SHEET_SKIPPED", "gaji.xlsx", "Catatan", "info") in got
    assert report.exit_code == 0


def test_allowance_not_counted_names_its_header_cell(tmp_path: Path) -> None:
    rows = [*TITLE, ["No", "NIK", "Nama", "Gaji Pokok", "Tunj. Jabatan", "Uang Makan"],
            [1, GOOD, "Budi", 4000000, 500000, 300000]]  # fmt: skip
    report = validate([write_xlsx(tmp_path / "gaji.xlsx", {"S": rows})], "payroll")
    hits = [i for i in report.data_quality if i.code == "ALLOWANCE_NOT_COUNTED"]
    assert [(h.sheet, h.row, h.column, h.severity) for h in hits] == [
        ("S", 3, "Tunj. Jabatan (E)", "warning")
    ]


def test_employer_missing_names_its_row(tmp_path: Path) -> None:
    rows = [["Periode : Maret 2025"], ["NPP", "NIK", "Nama", "Gaji Pokok"],
            ["12345678", GOOD, "Budi", 4000000],
            [None, "3273015505900002", "Ani", 4000000]]  # fmt: skip
    report = validate([write_xlsx(tmp_path / "gaji.xlsx", {"S": rows})], "payroll")
    hits = [i for i in report.data_quality if i.code == "EMPLOYER_MISSING"]
    assert [(h.row, h.column, h.severity) for h in hits] == [(4, "NPP (A)", "warning")]


def test_formula_not_computed_names_its_first_cell(tmp_path: Path) -> None:
    """openpyxl saves `=4000000+500000` with no value: the wage reads as empty, and is said."""
    rows = [*TITLE, ["No", "NIK", "Nama", "Gaji Pokok"], [1, GOOD, "Budi", "=4000000+500000"]]
    report = validate([write_xlsx(tmp_path / "gaji.xlsx", {"S": rows})], "payroll")
    hits = [i for i in report.data_quality if i.code == "FORMULA_NOT_COMPUTED"]
    assert [(h.sheet, h.row, h.column, h.severity) for h in hits] == [("S", 4, "D", "warning")]


def test_every_catalogued_code_is_exercised_here() -> None:
    source = Path(__file__).read_text()
    assert all(code in source for code in CATALOGUE), [c for c in CATALOGUE if c not in source]


def test_validate_cli_exit_codes(tmp_path: Path) -> None:
    runner = CliRunner()
    clean = write_xlsx(tmp_path / "ok.xlsx", {"S": [*TITLE, HEADER, [1, GOOD, "Budi", 4000000]]})
    bad = write_xlsx(tmp_path / "bad.xlsx", {"S": [*TITLE, HEADER, [1, "12", "Budi", 4000000]]})
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"not a zip")
    assert runner.invoke(app, ["validate", str(clean)]).exit_code == 0
    res = runner.invoke(app, ["validate", str(bad), "--format", "json"])
    assert res.exit_code == 1 and "NIK_INVALID_LENGTH" in res.stdout
    res = runner.invoke(app, ["validate", str(clean), str(broken)])
    assert res.exit_code == 2 and "broken.xlsx" in res.stderr and "ok.xlsx" in res.stdout


def test_config_not_used_is_an_info_entry_of_validate(tmp_path: Path) -> None:
    write_xlsx(tmp_path / "gaji.xlsx", {"S": [*TITLE, HEADER, [1, GOOD, "Budi", 4000000, None]]})
    config = tmp_path / "underreport.toml"
    config.write_text('[[inputs.files]]\npath = "gaji.xlsx"\nnpp = "87654321"\n')
    res = CliRunner().invoke(
        app, ["validate", str(tmp_path / "gaji.xlsx"), "--config", str(config), "--format", "json"]
    )
    assert res.exit_code == 0, res.output
    got = [(i["code"], i["row"], i["severity"]) for i in json.loads(res.stdout)["data_quality"]]
    assert ("CONFIG_NOT_USED", 1, "info") in got


def test_enrolled_twice_names_the_first_active_record(tmp_path: Path) -> None:
    """Row 3 and row 4 enrol the same NIK as active at different wages; row 2 is another NIK."""
    path = tmp_path / "kepesertaan.csv"
    path.write_text(
        "NPP;NIK;NAMA TENAGA KERJA;UPAH;STATUS KEPESERTAAN\n"
        "12345678;3273015505900002;Ani;4.000.000;AKTIF\n"
        f"12345678;{GOOD};Budi;3.000.000;AKTIF\n"
        f"12345678;{GOOD};Budi;4.500.000;AKTIF\n"
    )
    report = validate([path], "enrollment")
    hits = [i for i in report.data_quality if i.code == "ENROLLED_TWICE"]
    assert [(h.row, h.severity) for h in hits] == [(3, "warning")]
    assert "Rp 3.000.000, Rp 4.500.000" in hits[0].message
