"""The workbooks print as documents: LibreOffice turns each into PDF pages a person can read.

How the test proves "one page wide": every sheet repeats its header row on
each printed page (`print_title_rows`). If a sheet were cut into vertical
strips, the pages holding the right-hand strip would show only the right-hand
headers and the others only the left-hand ones. So a page that shows both its
sheet's first and last column headers holds every column: the sheet is one
page wide. Each page's sheet is read from its footer (the sheet name, `&A`,
left; the page number right). The summary is checked line by line: each
label and its value on one line of one page, and the summary one page with
its chart (the chart's title printed on that page). A page with nothing but
its footer is a blank page, and there must be none.

Needs LibreOffice (`soffice`) and poppler (`pdftotext`); .ci/run installs
them (apt: libreoffice-calc, poppler-utils).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from underreport.cli import app
from underreport.sample.screening import generate_screening

pytestmark = pytest.mark.skipif(
    shutil.which("soffice") is None or shutil.which("pdftotext") is None,
    reason="LibreOffice (soffice) or poppler (pdftotext) is not on PATH: cannot print to PDF",
)

ROOT = Path(__file__).parents[1] / "sample_data"
SAMPLE = ["-p", str(ROOT / "payroll"), "-e", str(ROOT / "enrollment")]
FOOTER = re.compile(r"^(?P<sheet>\S.*?)\s{2,}(?P<page>\d+)\s*/\s*(?P<pages>\d+)\s*$")
runner = CliRunner()


def _pdf(xlsx: Path, tmp: Path) -> Path:
    subprocess.run(
        ["soffice", "--headless", f"-env:UserInstallation=file://{tmp / 'lo-profile'}",
         "--convert-to", "pdf", "--outdir", str(tmp), str(xlsx)],
        check=True, capture_output=True, timeout=240,
    )  # fmt: skip
    return tmp / f"{xlsx.stem}.pdf"


def _pages(pdf: Path) -> list[tuple[str, str]]:
    """(sheet name, page text) per page, the sheet read from the page's footer."""
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    out = []
    for page in text.split("\f"):
        lines = [line for line in page.splitlines() if line.strip()]
        if not lines:
            continue
        footer = FOOTER.match(lines[-1].strip())
        assert footer, f"no footer on a page of {pdf.name}: {lines[-1]!r}"
        out.append((footer["sheet"], "\n".join(lines[:-1])))
    return out


def _check(xlsx: Path, tmp: Path, summary: str) -> dict[str, int]:
    """Every assertion of the module docstring; returns the page count per sheet."""
    wb = openpyxl.load_workbook(xlsx)
    pages = _pages(_pdf(xlsx, tmp))
    counts = {ws.title: sum(1 for s, _ in pages if s == ws.title) for ws in wb.worksheets}
    assert sum(counts.values()) == len(pages), "a page names no sheet of the workbook"
    for ws in wb.worksheets:
        assert counts[ws.title] >= 1, f"{ws.title} printed nothing"
    _one_page_wide(wb, pages)
    sheet = wb[summary]
    assert counts[summary] == 1, f"{summary} took {counts[summary]} pages"
    (text,) = [t for s, t in pages if s == summary]
    for label, value in sheet.iter_rows(min_row=2, max_col=2):
        if value.value is None or not label.value:
            continue
        starts = re.compile(rf"^\s*{re.escape(str(label.value))}(\s{{2,}}|$)")
        line = next((ln for ln in text.splitlines() if starts.match(ln)), None)
        assert line is not None, f"{label.value!r} is not on the summary page"
        shown = _shown(value.value, value.number_format)
        assert shown in line, f"{label.value!r} and its value {shown!r} are apart: {line!r}"
    chart = sheet._charts[0].title.tx.rich.p[0].r[0].t
    assert chart.split()[0] in text, "the chart is not on the summary page"
    return counts


def _one_page_wide(wb: openpyxl.Workbook, pages: list[tuple[str, str]]) -> None:
    """Each page shows its sheet's first and last header: all columns, no vertical strips."""
    for ws in wb.worksheets:
        first = str(ws.cell(row=1, column=1).value).split()[0]
        last = str(ws.cell(row=1, column=ws.max_column).value).split()[0]
        for sheet, text in pages:
            if sheet == ws.title:
                assert text.strip(), f"a blank page in {ws.title}"
                assert first in text and last in text, f"{ws.title} is more than one page wide"


def _shown(value: object, number_format: str) -> str:
    """The start of a value as LibreOffice prints it (en-US grouping in this test's locale)."""
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:.1%}" if "%" in number_format else f"{value:.2f}"
    return str(value).split()[0][:12]


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("print")


def test_export_workbook_prints_one_page_wide(folder: Path) -> None:
    out = folder / "flagged.xlsx"
    res = runner.invoke(app, ["export", "--out", str(out), "--lang", "id", *SAMPLE])
    assert res.exit_code == 0, res.output
    counts = _check(out, folder, "Ringkasan")
    # 11 flagged employers printed on 31 pages before: now one summary page, the
    # employers at a few per page (their reasons are long), no sheet in strips.
    assert counts["Pemberi Kerja"] <= 4, counts
    assert sum(counts.values()) <= 16, counts


def test_coverage_workbook_prints_one_page_wide(folder: Path) -> None:
    out = folder / "coverage.xlsx"
    res = runner.invoke(app, ["coverage", "--out", str(out), "--lang", "id", *SAMPLE])
    assert res.exit_code == 0, res.output
    counts = _check(out, folder, "Ringkasan")
    assert counts == {"Ringkasan": 1, "Cakupan": 1, "Tentang": 1}
    table = openpyxl.load_workbook(out)["Cakupan"]
    groups = [row[0] for row in table.iter_rows(min_row=2, values_only=True)]
    assert "Banten (NIK)" in groups and "Semua" in groups  # names, not `36 (NIK)` or `all`


def test_screen_workbook_prints_one_page_wide(folder: Path) -> None:
    data = folder / "screening"
    generate_screening(data, employers=24, seed=3)
    out = folder / "screen.xlsx"
    res = runner.invoke(app, [
        "screen", "-e", str(data / "enrollment.csv"), "--declarations",
        str(data / "declarations.csv"), "--previous", str(data / "previous.csv"),
        "--employers", str(data / "employers.csv"), "--notices", str(data / "notices.csv"),
        "--as-of", "2025-03-31", "--lang", "id", "--out", str(out),
    ])  # fmt: skip
    assert res.exit_code == 0, res.output
    counts = _check(out, folder, "Ringkasan")
    assert counts["Penyaringan"] == 1, counts


def test_the_check_sees_a_sheet_printed_in_strips(folder: Path) -> None:
    """The same workbook without fit-to-width prints in strips, and the check says so."""
    out = folder / "strips.xlsx"
    res = runner.invoke(app, ["export", "--out", str(out), "--lang", "id", *SAMPLE])
    assert res.exit_code == 0, res.output
    wb = openpyxl.load_workbook(out)
    for ws in wb.worksheets:
        ws.sheet_properties.pageSetUpPr.fitToPage = False
    wb.save(out)
    with pytest.raises(AssertionError, match="is more than one page wide"):
        _one_page_wide(wb, _pages(_pdf(out, folder)))


def test_screen_and_coverage_of_the_sample_planning_files_print_one_page_wide(
    folder: Path,
) -> None:
    """sample_data's register, declarations, last year's export and notices, as the README runs
    them: region names and a declaration-only employer make the longest rows."""
    planning = ["--employers", str(ROOT / "employers"), "--declarations",
                str(ROOT / "declarations")]  # fmt: skip
    screen = folder / "sample-screen.xlsx"
    res = runner.invoke(app, [
        "screen", "-e", str(ROOT / "enrollment"), "--previous", str(ROOT / "previous"),
        "--notices", str(ROOT / "notices"), *planning, "--lang", "id", "--out", str(screen),
    ])  # fmt: skip
    assert res.exit_code == 0, res.output
    assert _check(screen, folder, "Ringkasan")["Penyaringan"] == 1
    coverage = folder / "sample-coverage.xlsx"
    res = runner.invoke(app, ["coverage", *SAMPLE, *planning, "--by", "regency", "--lang", "id",
                              "--out", str(coverage)])  # fmt: skip
    assert res.exit_code == 0, res.output
    assert _check(coverage, folder, "Ringkasan") == {"Ringkasan": 1, "Cakupan": 1, "Tentang": 1}
    groups = [r[0] for r in openpyxl.load_workbook(coverage)["Cakupan"].iter_rows(
        min_row=2, values_only=True)]  # fmt: skip
    assert "Kota Adm. Jakarta Pusat" in groups and "Kota Pangkal Pinang" in groups
