"""A sheet as cells at spreadsheet positions, written as .xlsx (openpyxl) or BIFF8 .xls (xlwt).

Builders place values where an office's file has them (1-based row and column, as
the spreadsheet shows them), merge ranges and mark money formats; the same grid is
then saved in either format, so a layout is written once and tested in both.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl
from openpyxl.styles import Alignment

Value = str | int | float | dt.date | None
MONEY_FORMAT = "#,##0"


@dataclass
class Grid:
    """One sheet: values by (row, column), merged ranges, cells shown as `#,##0`."""

    name: str
    cells: dict[tuple[int, int], Value] = field(default_factory=dict)
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)
    money: set[tuple[int, int]] = field(default_factory=set)

    def put(self, row: int, col: int, value: Value, *, money: bool = False) -> None:
        if value is None:
            return
        self.cells[(row, col)] = value
        if money:
            self.money.add((row, col))

    def line(self, row: int, col: int, values: Sequence[Value], *, money: bool = False) -> None:
        """Values left to right from (row, col); numbers get `#,##0` when `money`."""
        for j, v in enumerate(values):
            self.put(row, col + j, v, money=money and isinstance(v, int | float))

    def merge(self, row: int, col: int, last_row: int, last_col: int) -> None:
        if (row, col) != (last_row, last_col):
            self.merges.append((row, col, last_row, last_col))

    def at(self, row: int, col: int) -> Value:
        return self.cells.get((row, col))


def save(path: Path, sheets: Sequence[Grid]) -> Path:
    """Write the sheets in the format the suffix names (.xlsx or .xls)."""
    if path.suffix.lower() == ".xls":
        _save_xls(path, sheets)
    else:
        _save_xlsx(path, sheets)
    return path


def _save_xlsx(path: Path, sheets: Sequence[Grid]) -> None:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for g in sheets:
        ws = wb.create_sheet(g.name)
        for (r, c), v in g.cells.items():
            cell = ws.cell(row=r, column=c, value=v)
            if (r, c) in g.money:
                cell.number_format = MONEY_FORMAT
            elif isinstance(v, dt.date):
                cell.number_format = "DD/MM/YYYY"
            if isinstance(v, str) and "\n" in v:
                cell.alignment = Alignment(wrap_text=True)
        for r1, c1, r2, c2 in g.merges:
            ws.merge_cells(start_row=r1, start_column=c1, end_row=r2, end_column=c2)
    wb.save(path)


def _save_xls(path: Path, sheets: Sequence[Grid]) -> None:
    import xlwt

    wb = xlwt.Workbook(encoding="utf-8")
    date_style = xlwt.easyxf(num_format_str="DD/MM/YYYY")
    money_style = xlwt.easyxf(num_format_str=MONEY_FORMAT)
    plain = xlwt.Style.default_style
    for g in sheets:
        ws = wb.add_sheet(g.name)
        merged: dict[tuple[int, int], tuple[int, int]] = {
            (r1, c1): (r2, c2) for r1, c1, r2, c2 in g.merges
        }
        for (r, c), v in sorted(g.cells.items()):
            style = date_style if isinstance(v, dt.date) else (
                money_style if (r, c) in g.money else plain
            )  # fmt: skip
            if (r, c) in merged:
                r2, c2 = merged.pop((r, c))
                ws.write_merge(r - 1, r2 - 1, c - 1, c2 - 1, v, style)
            else:
                ws.write(r - 1, c - 1, v, style)
        for (r1, c1), (r2, c2) in merged.items():  # merged ranges whose first cell is empty
            ws.merge(r1 - 1, r2 - 1, c1 - 1, c2 - 1)
    wb.save(str(path))
