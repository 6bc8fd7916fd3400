"""Writing one table onto an openpyxl worksheet the way an inspector expects it.

Bold frozen header, autofilter over the used range, fitted widths, rupiah and
percent formats, real dates, identifiers (NPP, NIK) as text, and every text
cell defused against formula injection.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any, Literal

from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from underreport.report.export.cells import defuse
from underreport.report.export.manifest import utc_naive

Kind = Literal["text", "id", "wrap", "int", "money", "pct", "bool", "date", "auto"]
Cell = tuple[object, Kind]

RUPIAH = '"Rp" #,##0'
PERCENT = "0.0%"
DATE = "yyyy-mm-dd"
DATETIME = "yyyy-mm-dd hh:mm:ss"
MAX_WIDTH = 60
EXCEL_TEXT_LIMIT = 32_767

_BOLD = Font(bold=True)
_WRAP = Alignment(wrap_text=True, vertical="top")
# Control characters XML 1.0 cannot carry; openpyxl refuses them outright.
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_BAD_TITLE = re.compile(r"[\[\]:*?/\\\x00-\x1f]")


def clean_text(value: object) -> str:
    """Text as it can live in a cell: no XML-illegal characters, within Excel's limit, defused."""
    return defuse(_ILLEGAL.sub("", str(value)))[:EXCEL_TEXT_LIMIT]


def write_table(ws: Any, headers: Sequence[str], rows: Sequence[Sequence[Cell]]) -> None:
    widths = [len(h) for h in headers]
    for c, header in enumerate(headers, start=1):
        cell = ws.cell(row=1, column=c, value=clean_text(header))
        cell.data_type = "s"
        cell.font = _BOLD
    for r, row in enumerate(rows, start=2):
        for c, (value, kind) in enumerate(row, start=1):
            shown = _put(ws.cell(row=r, column=c), value, kind)
            widths[c - 1] = max(widths[c - 1], shown)
    for c, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(c)].width = min(width + 2, MAX_WIDTH)
    last = get_column_letter(max(len(headers), 1))
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{last}{len(rows) + 1}"


def _put(cell: Any, value: object, kind: Kind) -> int:
    """Write one value; return how many characters it shows (for the column width)."""
    if value is None:
        if kind == "id":
            cell.number_format = "@"
        return 0
    if kind == "auto":
        kind = _guess(value)
    if kind in ("text", "id", "wrap"):
        text = clean_text(value)
        cell.value = text
        cell.data_type = "s"
        if kind == "id":
            cell.number_format = "@"
        if kind == "wrap":
            cell.alignment = _WRAP
        return max((len(line) for line in text.split("\n")), default=0)
    if kind == "bool":
        cell.value = bool(value)
        return 5
    if kind == "date" and isinstance(value, date):
        moment = utc_naive(value) if isinstance(value, datetime) else value
        cell.value = moment
        cell.number_format = DATETIME if isinstance(moment, datetime) else DATE
        return len(cell.number_format)
    if not isinstance(value, int | float):
        return _put(cell, value, "text")
    if kind == "pct":
        cell.value = float(value)
        cell.number_format = PERCENT
        return 7
    if kind == "money":
        cell.value = round(value)
        cell.number_format = RUPIAH
        return len(f"Rp {round(value):,}")
    cell.value = value
    return len(str(value))


def _guess(value: object) -> Kind:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int | float):
        return "int"
    if isinstance(value, date):
        return "date"
    return "text"


def sheet_title(name: str, taken: set[str]) -> str:
    """An Excel-legal, unique sheet name (≤31 chars, none of []:*?/\\, no edge apostrophes).

    Excel compares sheet names case-insensitively and reserves "History".
    """
    title = re.sub(r"\s+", " ", _BAD_TITLE.sub(" ", name)).strip().strip("'").strip()
    base = (title or "Kantor")[:31]
    if base.lower() == "history":
        base = "History office"
    candidate, n = base, 2
    while candidate.lower() in taken:
        suffix = f" ({n})"
        candidate, n = base[: 31 - len(suffix)].rstrip() + suffix, n + 1
    taken.add(candidate.lower())
    return candidate
