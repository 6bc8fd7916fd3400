"""The acceptance corpus checks itself: each file holds, at the rows the answers name,
what those answers assume. Read back with openpyxl, xlrd, lxml and csv, never with
underreport, so a wrong answer cannot hide behind a reader that agrees with it."""

from __future__ import annotations

from pathlib import Path

import pytest
from office.payrolls import FIXED_PARTS
from office.read import rows
from test_office_corpus import CASES, FILES, KARYA_WORKERS

TOTALS = ("total", "jumlah", "denda", "kompensasi")


@pytest.mark.parametrize(("name", "file"), FILES, ids=[f for _, f in FILES])
def test_skipped_and_worker_rows_are_where_the_answer_says(
    name: str, file: str, tmp_path: Path
) -> None:
    case = CASES[name]
    case.build(tmp_path)
    want = case.skips[file]
    sheets = rows(tmp_path / file)
    grid = sheets[want.sheet or next(iter(sheets))]
    names = {n.upper() for n in case.workers}
    for r in sorted(want.workers):
        text = " ".join(grid.get(r, [])[:3]).lower()  # the HR sheet's summary shares rows
        assert text and not any(t in text for t in TOTALS), (r, text)
    for r in sorted(want.rows):
        cells = grid.get(r, [])
        assert cells and not names & {c.upper() for c in cells}, (r, cells)
    if want.kind == "payroll":
        on_rows = {c.upper() for r in want.workers for c in grid.get(r, [])}
        assert names <= on_rows, names - on_rows
    first_worker = min(want.workers)
    assert not any(
        names & {c.upper() for c in grid.get(r, [])} for r in grid if r < first_worker
    ), "a named worker above the first worker row"


def test_register_wage_column_is_the_hand_worked_contribution_wage(tmp_path: Path) -> None:
    """`Upah (Gaji Pokok + Tj. Tetap)` (column R) of each named worker is the wage the answer
    gives, and the eleven `Tunjangan Tetap` parts sit between `Gaji Pokok` and the total."""
    CASES["register_vs_formulir2_xls"].build(tmp_path)
    grid = rows(tmp_path / "payroll_register_mar25.xlsx")["Payroll"]
    assert grid[5][: len(FIXED_PARTS)] == list(FIXED_PARTS)
    by_name = {r[2]: r for r in (grid[i] for i in range(6, 12))}
    for worker, want in KARYA_WORKERS.items():
        row = by_name[worker]
        assert int(row[4 + len(FIXED_PARTS) + 2]) == want.contribution_wage, worker
    assert set(rows(tmp_path / "payroll_register_mar25.xlsx")) == {"Payroll", "Lembur", "Potongan"}


def test_xls_form_starts_on_row_three(tmp_path: Path) -> None:
    """The BIFF8 form leaves rows 1-2 empty, so a reader that trims them misnumbers rows."""
    CASES["register_vs_formulir2_xls"].build(tmp_path)
    grid = rows(tmp_path / "LAP_RINCIAN_IURAN_032025.xls")["Formulir 2"]
    assert min(r for r, cells in grid.items() if cells) == 3
    assert grid[17][0] == "Total Seluruhnya" and grid[7][0] == "NN140549"
    assert grid[12][:3] == ["a", "b", "c"]


def test_scientific_csv_carries_one_text_for_three_people(tmp_path: Path) -> None:
    CASES["scientific_niks_csv"].build(tmp_path)
    grid = rows(tmp_path / "gaji_maret.csv")[""]
    assert [grid[r][1] for r in (5, 6, 7)] == ["3,17504E+15"] * 3
    assert len({grid[r][2] for r in (5, 6, 7)}) == 3


def test_resaved_niks_are_number_cells(tmp_path: Path) -> None:
    import openpyxl

    CASES["resaved_niks"].build(tmp_path)
    ws = openpyxl.load_workbook(tmp_path / "gaji_resave.xlsx")["Maret 2025"]
    assert [ws[f"B{r}"].value for r in (7, 8)] == [3273014503900010, 3273022010880010]
    assert ws["B9"].value == "'3273031707920003" and ws["B9"].data_type == "s"
