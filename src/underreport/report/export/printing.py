"""Page set-up that makes a worksheet print as a document, not a strip of a spreadsheet.

Every workbook the tool writes goes through `printable`: A4 landscape, one
page wide (as many pages tall as it needs), the header rows repeated on every
page, page numbers in the footer. Row heights for wrapped text are set by the
writer that knows the text (`row_height`), because neither Excel nor
LibreOffice grows a row for wrapped text in a file they did not lay out.
"""

from __future__ import annotations

from openpyxl.styles import Font
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.worksheet import Worksheet

LINE_POINTS = 15.0
"""Height of one line of 11-point text, in points."""
FONT = "Calibri"
"""The body font, named on every styled cell: a font with no name is drawn in the viewer's
default (a serif in LibreOffice), wider than the widths and heights reckoned here."""

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

    Wraps word by word as the spreadsheet does, measuring each character by
    the font's own widths against the width of a digit (the unit of a
    column's width). Erring on the tall side leaves a little white space;
    erring on the short side would print one line over the next.
    """
    lines = 1
    for text, width in zip(texts, widths, strict=True):
        room = max((float(width) - 1.0) * FILL, 1.0)
        needed = sum(_wrapped_lines(part, room) for part in str(text).split("\n"))
        lines = max(lines, needed)
    return lines * LINE_POINTS


def text_width(text: str) -> float:
    """`text`'s width in digit widths (Calibri/Carlito 11 point, as spreadsheets default)."""
    return sum(_WIDTHS.get(c, 1.0) for c in text)


# Advance widths of Calibri, the workbook's font (Carlito has the same metrics), in 1/2048 em,
# divided by a digit's (1038): the column width's unit. LibreOffice without Carlito draws
# DejaVu Sans instead; `FILL` left enough room for that on sample_data's workbooks.
_EM = {
    " ": 463, "a": 981, "b": 1076, "c": 866, "d": 1076, "e": 1019, "f": 625, "g": 964,
    "h": 1076, "i": 470, "j": 490, "k": 931, "l": 470, "m": 1636, "n": 1076, "o": 1080,
    "p": 1076, "q": 1076, "r": 714, "s": 801, "t": 686, "u": 1076, "v": 925, "w": 1464,
    "x": 887, "y": 927, "z": 809, "A": 1185, "B": 1114, "C": 1092, "D": 1260, "E": 1000,
    "F": 941, "G": 1292, "H": 1276, "I": 516, "J": 653, "K": 1064, "L": 861, "M": 1751,
    "N": 1322, "O": 1356, "P": 1058, "Q": 1378, "R": 1112, "S": 941, "T": 998, "U": 1314,
    "V": 1162, "W": 1822, "X": 1063, "Y": 998, "Z": 959, ".": 517, ",": 511, ":": 548,
    ";": 548, "(": 621, ")": 621, "-": 627, "/": 792, "'": 452, '"': 821, "%": 1463,
    "&": 1403, "[": 627, "]": 627, "•": 1000, "_": 1024,
}  # fmt: skip
_WIDTHS = {c: units / 1038 for c, units in _EM.items()}


_SPACE = _WIDTHS[" "]


def _wrapped_lines(text: str, room: float) -> int:
    """Lines `text` takes in `room` digit widths, broken at spaces (a long word is cut)."""
    lines, used = 1, 0.0
    for word in text.split(" "):
        size = text_width(word)
        if used and used + _SPACE + size > room:
            lines, used = lines + 1, 0.0
        if used:
            used += _SPACE
        while size > room:  # a word longer than the column is cut
            lines, size = lines + 1, size - room
        used += size
    return lines


def font(
    *, bold: bool = False, italic: bool = False, size: float = 11, color: str | None = None
) -> Font:
    """A cell font in the workbook's typeface."""
    return Font(name=FONT, size=size, bold=bold, italic=italic, color=color)
