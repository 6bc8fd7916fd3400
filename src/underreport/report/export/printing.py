"""Page set-up that makes a worksheet print as a document, not a strip of a spreadsheet.

Every workbook the tool writes goes through `printable`: A4 landscape, one
page wide (as many pages tall as it needs), the header rows repeated on every
page, page numbers in the footer. Row heights for wrapped text are set by the
writer that knows the text (`row_height`), because neither Excel nor
LibreOffice grows a row for wrapped text in a file they did not lay out.
"""

from __future__ import annotations

from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.worksheet import Worksheet

LINE_POINTS = 15.0
"""Height of one line of 11-point text, in points."""
FILL = 0.92
"""Share of a column's width a wrapped line is assumed to fill: a margin for the estimate."""


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
    """Points a row needs so each text wraps within its column (`widths` in characters).

    Wraps word by word as the spreadsheet does, measuring each character
    against the width of a digit (the unit of a column's width): capitals
    are wider, lower case and spaces narrower. Erring on the tall side
    leaves a little white space; erring on the short side would print one
    line over the next.
    """
    lines = 1
    for text, width in zip(texts, widths, strict=True):
        room = max((float(width) - 1.0) * FILL, 1.0)
        needed = sum(_wrapped_lines(part, room) for part in str(text).split("\n"))
        lines = max(lines, needed)
    return lines * LINE_POINTS


def text_width(text: str) -> float:
    """`text`'s width in digit widths (Calibri/Carlito 11 point, as spreadsheets default)."""
    return sum(_char_width(c) for c in text)


def _char_width(c: str) -> float:
    """Measured on LibreOffice's rendering of Carlito, rounded up."""
    if c == " ":
        return 0.42
    if c in "mwMW@%":
        return 1.35
    if c.isupper():
        return 1.12
    if c.isdigit():
        return 1.0
    if c in "iljtfr.,:;'|!()[]/\\-":
        return 0.5
    return 0.82 if c.isalpha() else 1.0


def _wrapped_lines(text: str, room: float) -> int:
    """Lines `text` takes in `room` digit widths, broken at spaces (a long word is cut)."""
    lines, used = 1, 0.0
    for word in text.split(" "):
        size = text_width(word)
        if used and used + 0.42 + size > room:
            lines, used = lines + 1, 0.0
        if used:
            used += 0.42
        while size > room:  # a word longer than the column is cut
            lines, size = lines + 1, size - room
        used += size
    return lines
