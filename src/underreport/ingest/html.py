"""HTML tables saved with an `.xls` name, read as the spreadsheet Excel would show.

ERP systems (the Jamsostek 2a family among them) write `<table>` HTML into
`x.xls`; Excel opens it with a warning, calamine refuses it. lxml.html
parses it: libxml2's HTML parser is C-fast, well kept, and repairs the
unclosed cells and stray tags these exports are full of, where a strict
XML parser stops. pandas.read_html would drop row numbers and merged-cell
positions, which every message here needs.

Excel lays the document's tables one under the other, a `<tr>` per row,
each cell in the column its `colspan`/`rowspan` puts it in; row numbers
here are those rows (text outside `<table>` is not counted).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import polars as pl

from underreport.errors import InputError
from underreport.ingest.sheets import TOP_ROWS, Cell, RawTable

_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_SPACE = re.compile(r"[ \t\r\n\f\xa0]+")
_BREAK = "\u2028"
_MAX_SPAN = 1000
"""Excel caps spans too; a broken `colspan="99999"` must not build a huge grid."""


def decode(raw: bytes) -> str:
    """Text of the page: its `<meta charset>`, else UTF-8, else Windows-1252."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", errors="replace")
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return raw.decode("utf-16", errors="replace")
    m = _CHARSET.search(raw[:4096])
    if m:
        try:
            return raw.decode(m.group(1).decode("ascii"), errors="replace")
        except LookupError:
            pass
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def _text(cell: Any) -> Cell:
    """A cell's text as Excel shows it: runs of spaces as one, `<br>` as a line break."""
    for br in cell.iter("br"):
        br.tail = _BREAK + (br.tail or "")
    text = _SPACE.sub(" ", cell.text_content())
    lines = [line.strip() for line in text.split(_BREAK)]
    joined = "\n".join(line for line in lines if line)
    return joined or None


def _span(cell: Any, name: str) -> int:
    try:
        value = int(str(cell.get(name, "1")).strip() or 1)
    except ValueError:
        return 1
    return min(max(value, 1), _MAX_SPAN)


def grid(table: Any) -> list[list[Cell]]:
    """The table's cells placed where colspan and rowspan put them; spanned cells stay empty."""
    rows = [tr for tr in table.iter("tr") if next(tr.iterancestors("table")) is table]
    taken: set[tuple[int, int]] = set()
    cells: dict[tuple[int, int], Cell] = {}
    height = len(rows)
    for r, tr in enumerate(rows):
        c = 0
        for cell in tr:
            if not isinstance(cell.tag, str) or cell.tag.lower() not in ("td", "th"):
                continue
            while (r, c) in taken:
                c += 1
            cols, span_rows = _span(cell, "colspan"), _span(cell, "rowspan")
            cells[(r, c)] = _text(cell)
            for dr in range(span_rows):
                for dc in range(cols):
                    taken.add((r + dr, c + dc))
            height = max(height, r + span_rows)
            c += cols
    width = max((c for _, c in taken), default=-1) + 1
    return [[cells.get((r, c)) for c in range(width)] for r in range(height)]


def read_html(path: Path) -> Iterator[RawTable]:
    """One `RawTable` per outermost `<table>`, named `table 1`, `table 2`, … in order."""
    import lxml.etree
    import lxml.html

    text = decode(path.read_bytes())
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)  # lxml refuses a str with an encoding line
    try:
        doc = lxml.html.document_fromstring(text)
    except (lxml.etree.ParserError, ValueError) as exc:
        raise InputError(f"cannot be read as an HTML table ({exc})", file=str(path)) from exc
    row = 1
    found = False
    for n, table in enumerate(doc.xpath("//table[not(ancestor::table)]"), start=1):
        cells = grid(table)
        first_row, row = row, row + len(cells)
        if not any(c is not None for r in cells for c in r):
            continue
        found = True
        width = len(cells[0])
        frame = pl.DataFrame(
            {f"c{j}": [r[j] for r in cells] for j in range(width)},
            schema={f"c{j}": pl.String for j in range(width)},
        )

        def body(skip: int, frame: pl.DataFrame = frame, first: int = first_row) -> pl.LazyFrame:
            return (
                frame.slice(skip)
                .lazy()
                .with_row_index("_row", offset=first + skip)
                .with_columns(pl.col("_row").cast(pl.Int64))
            )

        yield RawTable(path, f"table {n}", cells[:TOP_ROWS], first_row, 0, body)
    if not found:
        raise InputError("HTML file holds no table with data", file=str(path))
