"""Page set-up that makes a worksheet print as a document, not a strip of a spreadsheet.

Every workbook the tool writes goes through `printable`: A4 landscape, one
page wide (as many pages tall as it needs), the header rows repeated on every
page, page numbers in the footer. Row heights for wrapped text are set by the
writer that knows the text (`row_height`), because neither Excel nor
LibreOffice grows a row for wrapped text in a file they did not lay out.
"""

from __future__ import annotations

import math

from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.worksheet import Worksheet

LINE_POINTS = 15.0
"""Height of one line of 11-point text, in points."""


def printable(
    ws: Worksheet, *, header_rows: int = 1, landscape: bool = True, footer: str = ""
) -> None:
    """Set `ws` to print one page wide on A4, its first `header_rows` repeated on each page."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins = PageMargins(left=0.4, right=0.4, top=0.5, bottom=0.6)
    if header_rows:
        ws.print_title_rows = f"1:{header_rows}"
    ws.oddFooter.left.text = footer
    ws.oddFooter.right.text = "&P / &N"


def row_height(texts: list[str], widths: list[float]) -> float:
    """Points a row needs so each text wraps within its column (`widths` in characters)."""
    lines = 1
    for text, width in zip(texts, widths, strict=True):
        chars = max(int(width) - 1, 1)
        needed = sum(max(1, math.ceil(len(part) / chars)) for part in str(text).split("\n"))
        lines = max(lines, needed)
    return lines * LINE_POINTS
