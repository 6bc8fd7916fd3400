"""Read a corpus file back as rows of text, numbered as the spreadsheet shows them.

Independent of underreport's readers (openpyxl, xlrd, lxml, csv), so the fixture
checks prove the files hold what the answers assume even while the tool cannot
read them.
"""

from __future__ import annotations

import csv
from pathlib import Path

Rows = dict[str, dict[int, list[str]]]
"""Sheet name ('' for CSV and HTML) -> row number -> non-empty cell texts, left to right."""


def rows(path: Path) -> Rows:
    head = path.read_bytes()[:64].lstrip().lower()
    if head.startswith(b"<html"):
        return {"": _html(path)}
    if path.suffix == ".csv":
        with path.open(encoding="utf-8-sig", newline="") as fh:
            lines = csv.reader(fh, delimiter=";")
            return {"": {i: [c for c in r if c] for i, r in enumerate(lines, start=1)}}
    if path.suffix == ".xls":
        import xlrd

        book = xlrd.open_workbook(str(path))
        return {
            s.name: {
                r + 1: [str(v) for v in s.row_values(r) if v not in ("", None)]
                for r in range(s.nrows)
            }
            for s in book.sheets()
        }
    import openpyxl

    wb = openpyxl.load_workbook(path)
    return {
        ws.title: {
            r[0].row: [str(c.value) for c in r if c.value is not None] for r in ws.iter_rows() if r
        }
        for ws in wb.worksheets
    }


def _html(path: Path) -> dict[int, list[str]]:
    from lxml import html

    doc = html.fromstring(path.read_bytes())
    return {
        i: [t for c in tr.xpath("./td|./th") if (t := c.text_content().strip())]
        for i, tr in enumerate(doc.xpath("//tr"), start=1)
    }
