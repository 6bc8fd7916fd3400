"""How money, NIKs, dates and periods are spelled in users' files, and deterministic saving."""

from __future__ import annotations

import io
import random
import zipfile
from datetime import date, datetime
from pathlib import Path
from typing import Any

from .names import MONTHS

MONEY_STYLES = ("number", "dots", "rp", "rp_cents", "comma_cents", "english")
NIK_STYLES = ("text", "number", "spaces", "dots", "apostrophe")
FIXED_TIME = datetime(2025, 4, 1, 8, 0, 0)


def money(value: int, style: str, zero: str = "0") -> Any:
    """Spell an amount of rupiah; `zero` is how this sheet shows nothing ("0", "-", "blank")."""
    if value == 0 and zero != "0":
        return None if zero == "blank" else "-"
    dotted = f"{value:,}".replace(",", ".")
    spelled: dict[str, Any] = {
        "number": value,
        "dots": dotted,
        "rp": f"Rp {dotted}",
        "rp_cents": f"Rp{dotted},00",
        "comma_cents": f"{value},00",
        "english": f"{value:,}.00",
    }
    return spelled[style]


def nik_cell(value: str, style: str) -> Any:
    if style == "number":
        # exact as long as a float64 reader keeps it exact (NIKs from province 91 up are not)
        return int(value) if int(value) < 2**53 else value
    if style == "spaces":
        return f"{value[:4]} {value[4:8]} {value[8:12]} {value[12:]}"
    if style == "dots":
        return f"{value[:4]}.{value[4:8]}.{value[8:12]}.{value[12:]}"
    if style == "apostrophe":
        return f"'{value}"
    return value


def pick_nik_style(rng: random.Random, main: str) -> str:
    """Mostly the sheet's own style, now and then another (people paste from elsewhere)."""
    return rng.choice(NIK_STYLES) if rng.random() < 0.15 else main


def month_name(period: str) -> str:
    return MONTHS[int(period[5:7]) - 1]


def period_words(period: str) -> str:
    return f"{month_name(period)} {period[:4]}"


def previous_period(period: str) -> str:
    year, month = int(period[:4]), int(period[5:7])
    year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return f"{year:04d}-{month:02d}"


def indonesian_date(day: date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def save_workbook(wb: Any, path: Path) -> None:
    """Save with fixed document and zip timestamps so a seed gives identical bytes."""
    wb.properties.created = FIXED_TIME
    wb.properties.creator = "underreport sample"
    from openpyxl.writer.excel import ExcelWriter

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        wb.properties.modified = FIXED_TIME
        ExcelWriter(wb, archive).save()
    with (
        zipfile.ZipFile(buffer) as source,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            fixed = zipfile.ZipInfo(item.filename, date_time=FIXED_TIME.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(fixed, source.read(item.filename))


class Grid:
    """One sheet's cells as rows, with merges and the counts the answer records."""

    def __init__(self) -> None:
        self.rows: list[list[Any]] = []
        self.merges: list[str] = []
        self.header_end = 0  # 1-based row number of the last header row
        self.data_rows = 0
        self.damaged: list[tuple[Any, int]] = []  # (worker, row) of NIKs written damaged

    def add(self, *cells: Any) -> int:
        """Append a row and return its 1-based row number."""
        self.rows.append(list(cells))
        return len(self.rows)

    def merge(self, first_row: int, first_col: int, last_row: int, last_col: int) -> None:
        from openpyxl.utils import get_column_letter

        self.merges.append(
            f"{get_column_letter(first_col)}{first_row}:{get_column_letter(last_col)}{last_row}"
        )

    @property
    def skipped(self) -> int:
        """Rows below the header that are not data: blank, total and signature lines.

        Blank rows after the last filled row do not exist in the file, so they do not count.
        """
        last = max(i for i, row in enumerate(self.rows, start=1) if any(c is not None for c in row))
        return last - self.header_end - self.data_rows

    def write(self, wb: Any, title: str) -> None:
        from openpyxl.worksheet.cell_range import CellRange

        ws = wb.create_sheet(title)
        for row in self.rows:
            ws.append(row)
        for ref in self.merges:
            ws.merged_cells.add(CellRange(ref))
