"""Screen judges an export against the minimum wages of the export's own year, and says why."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from underreport.cli import app
from underreport.screen import screen

runner = CliRunner()
HEADER = ["NPP", "NAMA PERUSAHAAN", "KPJ", "NIK", "NAMA TENAGA KERJA", "UPAH", "PROGRAM",
          "STATUS KEPESERTAAN", "TGL KEPESERTAAN"]  # fmt: skip


def _export(path: Path, period: str | None) -> Path:
    """Five workers of one Jakarta employer, all enrolled in June 2024."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Peserta"
    ws.append(["DATA KEPESERTAAN BPJS KETENAGAKERJAAN"])
    if period:
        ws.append(["Periode", period])
    ws.append([])
    ws.append(HEADER)
    for i in range(5):
        nik = f"31730101019000{i + 1:02d}"
        ws.append(["12345678", "PT Contoh Jaya", f"1234567890{i}", nik, f"Pekerja {i}",
                   "5400000", "JKK, JKM, JHT, JP", "AKTIF", "15-06-2024"])  # fmt: skip
    wb.save(path)
    return path


def test_a_march_2025_export_with_2024_enrolments_is_judged_by_2025(tmp_path: Path) -> None:
    result = screen([_export(tmp_path / "maret.xlsx", "Maret 2025")])
    assert (result.year, result.as_of, result.year_basis) == (2025, date(2025, 3, 31), "file")


def test_as_of_wins_over_the_file_and_year_over_both(tmp_path: Path) -> None:
    export = [_export(tmp_path / "maret.xlsx", "Maret 2025")]
    given = screen(export, as_of=date(2024, 12, 31))
    assert (given.year, given.year_basis) == (2024, "as_of")
    forced = screen(export, as_of=date(2024, 12, 31), year=2023)
    assert (forced.year, forced.year_basis) == (2023, "year")


def test_a_file_without_a_date_is_judged_by_today(tmp_path: Path) -> None:
    result = screen([_export(tmp_path / "plain.xlsx", None)], today=date(2026, 2, 3))
    assert (result.year, result.as_of, result.year_basis) == (2026, date(2026, 2, 3), "today")


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", "Minimum wages of 2025 (as-of date 31 March 2025 from the file)"),
        ("id", "Upah minimum tahun 2025 (tanggal data 31 Maret 2025 dari berkas)"),
    ],
)
def test_the_table_says_which_year_and_why(tmp_path: Path, lang: str, said: str) -> None:
    export = _export(tmp_path / "maret.xlsx", "Maret 2025")
    res = runner.invoke(app, ["screen", "-e", str(export), "--lang", lang], env={"COLUMNS": "200"})
    assert res.exit_code == 0, res.output
    assert said in " ".join(res.stdout.split())


def test_as_of_on_the_command_line(tmp_path: Path) -> None:
    export = _export(tmp_path / "maret.xlsx", "Maret 2025")
    res = runner.invoke(app, ["screen", "-e", str(export), "--as-of", "2024-12-31", "-f", "json"])
    assert res.exit_code == 0, res.output
    assert '"year": 2024' in res.stdout and '"year_basis": "as_of"' in res.stdout
