"""The working paper as a workbook that prints as a document: one sheet, A4 landscape.

One page wide (`printing.printable`), section A's header row repeated on every page,
wrapped text with row heights set from the text, rupiah and dates as numbers with formats.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

from underreport.model.i18n import Lang
from underreport.report.export.printing import font, printable, row_height
from underreport.report.workpaper.paper import Line, Paper, Row

WIDTHS = [5.0, 20.0, 26.0, 22.0, 15.0, 15.0, 15.0, 16.0, 31.0]
"""No, NIK, name, finding, paid, reported, gap, owed a month, match: 165 characters, so
landscape A4 at fit-to-width prints near full size (portrait would shrink it to two thirds)."""
LAST = len(WIDTHS)
MONEY = '"Rp" #,##0'
FORMATS = {"money": MONEY, "count": "#,##0", "rate": "0.00%"}
DATES = {"id": "[$-421]d mmmm yyyy", "en": "[$-409]d mmmm yyyy"}
"""Long dates in the paper's language (LCID 421 Indonesian, 409 English), as Excel and
LibreOffice both read them."""
THIN = Side(style="thin", color="808080")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
LINE = Border(bottom=THIN)
HEAD_FILL = PatternFill("solid", fgColor="D9E1F2")
WRAP = Alignment(wrap_text=True, vertical="top")
NOTE = Alignment(wrap_text=True, vertical="top", horizontal="left", indent=1)


PAGE_POINTS = 0.95 * 516 / (784 / ((sum(WIDTHS) * 7 + 5 * len(WIDTHS)) * 0.75))
"""Rows' points that surely fit on one printed page: A4 landscape less the margins (516 x
784 points) at the fit-to-width scale of these columns in Excel (a character 7 pixels plus
5 a column, 0.75 points a pixel); LibreOffice draws characters wider, so shrinks more and
fits more rows. Title rows repeat on every page after them, so section A's header becomes
one only when A may run past the first page: else it would head B's and C's pages as well.
Section C (legal basis, response, signatures) always starts a page, and B does too after a
long A, so neither is cut in two, whichever program prints it."""


def _height(ws: Worksheet, last: int) -> float:
    return sum(ws.row_dimensions[r].height or 15.0 for r in range(1, last + 1))


class Sheet:
    """A cursor over the worksheet: each method writes the next rows."""

    def __init__(self, ws: Worksheet, lang: Lang) -> None:
        self.ws = ws
        self.row = 1
        self.lang = lang

    def span(self, first: int, last: int) -> float:
        return sum(WIDTHS[first - 1 : last])

    def text(self, text: str, *, first: int = 1, last: int = LAST, font: Font | None = None,
             align: Alignment = WRAP, height: bool = True) -> None:  # fmt: skip
        cell = self.ws.cell(self.row, first, text)
        cell.alignment = align
        if font is not None:
            cell.font = font
        if last > first:
            self.ws.merge_cells(start_row=self.row, start_column=first, end_row=self.row,
                                end_column=last)  # fmt: skip
        if height:
            size = font.size if font is not None and font.size else 11
            self.ws.row_dimensions[self.row].height = (
                row_height([text], [self.span(first, last) * 11 / size]) * size / 11
            )
        self.row += 1

    def gap(self, points: float = 8.0) -> None:
        self.ws.row_dimensions[self.row].height = points
        self.row += 1

    def underline(self, first: int, last: int) -> None:
        for col in range(first, last + 1):
            self.ws.cell(self.row, col).border = LINE

    def labelled(self, line: Line, label_to: int, value_to: int, note_to: int = 0) -> None:
        """Label, value (a number with its format, or text) and an optional note, one row."""
        ws, r = self.ws, self.row
        ws.cell(r, 1, line.label).alignment = WRAP
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=label_to)
        value = ws.cell(r, label_to + 1, line.value if line.value != "" else None)
        value.alignment = WRAP
        if isinstance(line.value, date):
            value.number_format = DATES.get(self.lang, DATES["en"])
        elif line.kind in FORMATS and isinstance(line.value, int | float):
            value.number_format = FORMATS[line.kind]
            value.alignment = Alignment(horizontal="right", vertical="top")
        if value_to > label_to + 1:
            ws.merge_cells(start_row=r, start_column=label_to + 1, end_row=r, end_column=value_to)
        self.underline(label_to + 1, value_to)
        texts = [line.label, line.shown(self.lang)]
        widths = [self.span(1, label_to), self.span(label_to + 1, value_to)]
        if note_to and line.note:
            ws.cell(r, value_to + 1, line.note).alignment = NOTE
            ws.merge_cells(start_row=r, start_column=value_to + 1, end_row=r, end_column=note_to)
            texts.append(line.note)
            widths.append(self.span(value_to + 1, note_to))
        ws.row_dimensions[r].height = row_height(texts, widths)
        self.row += 1

    def worker(self, row: Row, bold: bool = False) -> None:
        values = [row.no, row.nik, row.name, row.finding, row.paid, row.reported, row.gap,
                  row.owed, row.match]  # fmt: skip
        for col, v in enumerate(values, start=1):
            cell = self.ws.cell(self.row, col, v)
            cell.border = BOX
            cell.alignment = NOTE if col in (3, 4, 9) else WRAP
            if bold:
                cell.font = font(bold=True)
            if col == 1:
                cell.alignment = Alignment(horizontal="center", vertical="top")
            elif col == 2:
                cell.number_format = "@"
            elif 5 <= col <= 8:
                cell.number_format = MONEY
                cell.alignment = Alignment(horizontal="right", vertical="top", indent=1)
        texts = [str(v) if v is not None else "" for v in values[:4]] + ["", "", "", "", row.match]
        self.ws.row_dimensions[self.row].height = row_height(texts, WIDTHS)
        self.row += 1


def write_xlsx(paper: Paper, path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = paper.texts["sheet"]
    for i, width in enumerate(WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    s = Sheet(ws, paper.lang)
    center = Alignment(horizontal="center", vertical="center", wrap_text=True)
    s.text(paper.title.upper(), font=font(bold=True, size=14), align=center)
    s.text(paper.subtitle, align=center)
    s.gap()
    s.text(paper.texts["identity"], font=font(bold=True, size=12))
    for line in paper.identity:
        s.labelled(line, 3, LAST)
    s.gap()

    s.text(paper.a_title, font=font(bold=True, size=12))
    s.text(paper.a_note)
    header = s.row
    for col, text in enumerate(paper.a_header, start=1):
        cell = ws.cell(header, col, text)
        cell.font = font(bold=True)
        cell.fill = HEAD_FILL
        cell.border = BOX
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
    ws.row_dimensions[header].height = row_height(paper.a_header, WIDTHS)
    s.row += 1
    for row in paper.a_rows:
        s.worker(row)
    if paper.a_total is not None:
        s.worker(paper.a_total, bold=True)
    if paper.a_rounding:
        s.text(paper.a_rounding, font=font(italic=True, size=9))
    if not paper.a_rows:
        s.text(paper.texts["no_workers"])
    end_of_a = s.row - 1
    s.gap()

    long_a = _height(ws, end_of_a) > PAGE_POINTS
    if long_a:
        ws.row_breaks.append(Break(id=s.row - 1))
    s.text(paper.b_title, font=font(bold=True, size=12))
    for line in paper.b_lines:
        s.labelled(line, 4, 6, LAST)
    s.gap()

    ws.row_breaks.append(Break(id=s.row - 1))
    s.text(paper.c_title, font=font(bold=True, size=12))
    s.text(paper.texts["c_findings"], font=font(bold=True))
    for text in paper.c_findings:
        s.text(f"• {text}")
    s.text(paper.texts["c_basis"], font=font(bold=True))
    for i, text in enumerate(paper.c_basis, start=1):
        s.text(f"{i}. {text}")
    s.text(paper.texts["c_response"] + ":", font=font(bold=True))
    for _ in range(3):
        s.underline(1, LAST)
        s.gap(20)
    s.gap(14)
    _signatures(s, paper)
    s.gap()
    small = font(italic=True, size=9, color="555555")
    s.text(paper.made_by, font=small)
    s.text(paper.privacy, font=small)

    printable(ws, header_rows=0, landscape=True, footer=paper.footer)
    if long_a:
        ws.print_title_rows = f"{header}:{header}"
    ws.print_area = f"A1:{get_column_letter(LAST)}{s.row - 1}"
    wb.save(path)


def _signatures(s: Sheet, paper: Paper) -> None:
    """Two blocks side by side: "Disusun oleh" (A-D) and "Ditelaah oleh" (F-I)."""
    ws = s.ws
    blocks = [(1, 2, 4), (6, 7, 9)]
    for (first, _, last), sig in zip(blocks, paper.signatures, strict=True):
        ws.cell(s.row, first, sig.heading + ",").font = font(bold=True)
        ws.merge_cells(start_row=s.row, start_column=first, end_row=s.row, end_column=last)
    s.row += 1
    lines = {
        "sig_sign": ["" for _ in paper.signatures],
        "sig_name": [g.name for g in paper.signatures],
        "sig_position": [g.position for g in paper.signatures],
        "sig_date": [g.day for g in paper.signatures],
    }
    for key, values in lines.items():
        for (first, value_from, last), value in zip(blocks, values, strict=True):
            ws.cell(s.row, first, paper.texts[key]).alignment = Alignment(vertical="bottom")
            ws.merge_cells(start_row=s.row, start_column=first, end_row=s.row,
                           end_column=value_from)  # fmt: skip
            ws.cell(s.row, value_from + 1, value or None).alignment = Alignment(vertical="bottom")
            ws.merge_cells(start_row=s.row, start_column=value_from + 1, end_row=s.row,
                           end_column=last)  # fmt: skip
            for col in range(value_from + 1, last + 1):
                ws.cell(s.row, col).border = LINE
        ws.row_dimensions[s.row].height = 48 if key == "sig_sign" else 22
        s.row += 1
