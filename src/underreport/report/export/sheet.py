"""Writing one table onto an openpyxl worksheet the way an inspector expects it.

Bold frozen header, autofilter over the used range, fixed or fitted widths
with wrapped text and row heights set, rupiah and percent formats, real
dates, identifiers (NPP, NIK) as text, and every text cell defused against
formula injection.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any, Literal

from openpyxl.styles import Alignment, Border, PatternFill, Side
from openpyxl.utils import get_column_letter

from underreport.report.export.cells import defuse
from underreport.report.export.manifest import utc_naive
from underreport.report.export.printing import font, row_height, text_width

Kind = Literal[
    "text", "id", "wrap", "int", "money", "pct", "points", "score", "bool", "date", "auto"
]
Cell = tuple[object, Kind]

RUPIAH = '"Rp" #,##0" "'
PERCENT = '0.0%" "'
COUNT = '#,##0" "'
"""Numbers end a space short of their column's edge, never touching the text after them."""
BOLD = 1.15
"""Bold header text is this much wider than the body text `text_width` measures."""
AXIS_RUPIAH = '"Rp" #,##0'
AXIS_PERCENT = "0%"
POINTS = '+0.0" pt ";-0.0" pt ";0.0" pt "'
"""A change of a share in percentage points (the value is already times 100)."""
DATE = "yyyy-mm-dd"
DATETIME = "yyyy-mm-dd hh:mm:ss"
MAX_WIDTH = 60
EXCEL_TEXT_LIMIT = 32_767

_BOLD = font(bold=True)
_WRAP = Alignment(horizontal="left", wrap_text=True, vertical="top")
_TOP = Alignment(wrap_text=True, vertical="top")
_LEFT = ("text", "id", "wrap", "auto")
_HEADER_ALIGN = Alignment(horizontal="left", wrap_text=True, vertical="bottom")
_HEADER_FILL = PatternFill("solid", start_color="DDE4EE", end_color="DDE4EE")
_HEADER_BORDER = Border(bottom=Side(style="thin", color="5A6B82"))
_HAIR = Side(style="thin", color="D0D5DD")
_GRID = Border(left=_HAIR, right=_HAIR, top=_HAIR, bottom=_HAIR)
"""Light lines between cells keep a wrapped text off its neighbour's on paper."""
# Control characters XML 1.0 cannot carry; openpyxl refuses them outright.
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_BAD_TITLE = re.compile(r"[\[\]:*?/\\\x00-\x1f]")


def clean_text(value: object) -> str:
    """Text as it can live in a cell: no XML-illegal characters, within Excel's limit, defused."""
    return defuse(_ILLEGAL.sub("", str(value)))[:EXCEL_TEXT_LIMIT]


def write_table(
    ws: Any,
    headers: Sequence[str],
    rows: Sequence[Sequence[Cell]],
    *,
    widths: Sequence[float] | None = None,
    filters: bool = True,
) -> None:
    """Headers in row 1, the rows below; every row as tall as its wrapped text needs.

    `widths` (characters) fixes each column's width: text longer than its
    column wraps inside it, so the sheet stays one page wide when printed.
    Without them, columns are fitted to their content up to `MAX_WIDTH`.
    """
    fitted = [float(len(h)) for h in headers]
    shown: list[list[str]] = []
    for r, row in enumerate(rows, start=2):
        texts = []
        for c, (value, kind) in enumerate(row, start=1):
            text = _put(ws.cell(row=r, column=c), value, kind)
            fitted[c - 1] = max(fitted[c - 1], _longest_line(text) + 2)
            texts.append(text if _wraps(value, kind) else "")  # a number never wraps
        shown.append(texts)
    final = [min(w, MAX_WIDTH) for w in fitted] if widths is None else list(widths)
    # A header word is never cut: `Peringkat` does not print as `Perin-gkat`.
    final = [max(w, max(map(text_width, str(h).split()), default=0) * BOLD + 2)
             for w, h in zip(final, headers, strict=True)]  # fmt: skip
    for c, header in enumerate(headers, start=1):
        cell = ws.cell(row=1, column=c, value=clean_text(header))
        cell.data_type = "s"
        cell.font = _BOLD
        cell.fill = _HEADER_FILL
        cell.alignment = _HEADER_ALIGN
        cell.border = _HEADER_BORDER
        ws.column_dimensions[get_column_letter(c)].width = final[c - 1]
    ws.row_dimensions[1].height = row_height(list(headers), final)
    for r, texts in enumerate(shown, start=2):
        ws.row_dimensions[r].height = row_height(texts, final)
    ws.freeze_panes = "A2"
    if filters:
        last = get_column_letter(max(len(headers), 1))
        ws.auto_filter.ref = f"A1:{last}{len(rows) + 1}"


def write_pairs(
    ws: Any, headers: Sequence[str], rows: Sequence[Sequence[Cell]], widths: Sequence[float]
) -> None:
    """A label and its value per row (summary, About): values read down one left edge."""
    write_table(ws, headers, rows, widths=widths, filters=False)
    for (cell,) in ws.iter_rows(min_row=2, min_col=2, max_col=2):
        cell.alignment = _WRAP


def _wraps(value: object, kind: Kind) -> bool:
    return (_guess(value) if kind == "auto" else kind) in ("text", "id", "wrap")


def _longest_line(text: str) -> int:
    return max((len(line) for line in text.split("\n")), default=0)


def _put(cell: Any, value: object, kind: Kind) -> str:
    """Write one value, aligned to the top and wrapped; return the text it shows (for sizes)."""
    cell.border = _GRID
    cell.alignment = _WRAP if kind in _LEFT else _TOP
    if value is None:
        if kind == "id":
            cell.number_format = "@"
        return ""
    if kind == "auto":
        kind = _guess(value)
        cell.alignment = _WRAP if kind in _LEFT else _TOP
    if kind in ("text", "id", "wrap"):
        text = clean_text(value)
        cell.value = text
        cell.data_type = "s"
        if kind == "id":
            cell.number_format = "@"
        return text
    if kind == "bool":
        cell.value = bool(value)
        return "FALSE"
    if kind == "date" and isinstance(value, date):
        moment = utc_naive(value) if isinstance(value, datetime) else value
        cell.value = moment
        cell.number_format = DATETIME if isinstance(moment, datetime) else DATE
        return str(cell.number_format)
    if not isinstance(value, int | float):
        return _put(cell, value, "text")
    if kind == "pct":
        cell.value = float(value)
        cell.number_format = PERCENT
        return f"{value:.1%}"
    if kind == "money":
        cell.value = round(value)
        cell.number_format = RUPIAH
        return f"Rp {round(value):,}"
    if kind == "points":
        cell.value = float(value)
        cell.number_format = POINTS
        return f"{value:+.1f} pt"
    cell.value = value
    if kind == "score":
        cell.number_format = '0.00" "'
    elif isinstance(value, int):
        cell.number_format = COUNT
    return str(value)


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
