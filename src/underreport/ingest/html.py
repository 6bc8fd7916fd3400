"""HTML tables saved with an `.xls` name, read as the spreadsheet Excel would show.

ERP systems (the Jamsostek 2a family among them) write `<table>` HTML into
`x.xls`; Excel opens it with a warning, calamine refuses it. lxml.html
parses it: libxml2's HTML parser is C-fast, well kept, and repairs the
unclosed cells and stray tags these exports are full of, where a strict
XML parser stops. pandas.read_html would drop row numbers and merged-cell
positions, which every message here needs.

Excel stores the page's body from A1 down: a `<tr>` per row, each cell in
the column its `colspan`/`rowspan` puts it in, and a row per line of text
outside the tables (a heading, a paragraph, a `<br>`-separated line). Row
numbers here are those rows. The lines above a table join the top of its
grid, so a title block written as `<p>NPP : 12345678</p>` is read as one.
A table of one or two cells a row above another is taken for its title block
too (see `_title_block`). Blank lines are not counted, nor are nested tables expanded (their text
stays in their cell): where a file has those, rows may differ from Excel's.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import polars as pl

from underreport.ingest.sheets import TOP_ROWS, Cell, RawTable, frame_body
from underreport.ingest.sheets import decode as decode_text
from underreport.model.errors import InputError

_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_SPACE = re.compile(r"[ \t\r\n\f\xa0]+")
_BREAK = "\u2028"
_MAX_SPAN = 1000
"""Excel caps spans too; a broken `colspan="99999"` must not build a huge grid."""
_BLOCKS = frozenset((
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "dt", "dd", "pre", "center",
    "blockquote", "address", "caption", "form", "section", "header", "footer", "article",
    "ul", "ol", "dl", "hr",
))  # fmt: skip
_HIDDEN = frozenset(("head", "title", "script", "style", "noscript", "template"))


def decode(raw: bytes) -> str:
    """Text of the page: its `<meta charset>`, else UTF-8, else Windows-1252."""
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return raw.decode("utf-16", errors="replace")
    m = None if raw.startswith(b"\xef\xbb\xbf") else _CHARSET.search(raw[:4096])
    if m:
        try:
            return raw.decode(m.group(1).decode("ascii"), errors="replace")
        except LookupError:
            pass
    return decode_text(raw)[0]


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


def grid(table: Any, spans: list[tuple[int, int, int]] | None = None) -> list[list[Cell]]:
    """The table's cells placed where colspan and rowspan put them; spanned cells stay empty.

    `spans`, when given, receives each one-column cell spanning rows, as
    (column, first grid row, last grid row).
    """
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
            if spans is not None and cols == 1 and span_rows > 1:
                spans.append((c, r, r + span_rows - 1))
            for dr in range(span_rows):
                for dc in range(cols):
                    taken.add((r + dr, c + dc))
            height = max(height, r + span_rows)
            c += cols
    width = max((c for _, c in taken), default=-1) + 1
    return [[cells.get((r, c)) for c in range(width)] for r in range(height)]


def _caption(table: Any) -> list[str]:
    """A `<caption>`'s lines: Excel shows them above the table, so they join its title block."""
    lines: list[str] = []
    for cap in table.findall("caption"):
        lines += (_text(cap) or "").split("\n")
    return [line for line in lines if line]


def flow(root: Any) -> list[str | Any]:
    """The body in reading order: each line of text outside tables, and each outermost table."""
    out: list[str | Any] = []
    line: list[str] = []

    def flush() -> None:
        text = _SPACE.sub(" ", "".join(line)).strip()
        line.clear()
        if text:
            out.append(text)

    def walk(el: Any) -> None:
        tag = el.tag.lower() if isinstance(el.tag, str) else None
        if tag == "table":
            flush()
            out.append(el)
            return
        if tag is None or tag in _HIDDEN:
            return
        block = tag in _BLOCKS
        if block:
            flush()
        line.append(el.text or "")
        for child in el:
            walk(child)
            line.append(child.tail or "")
        if block or tag == "br":
            flush()

    walk(root)
    flush()
    return out


def _title_block(table: list[list[Cell]]) -> bool:
    """A small table of one or two cells a row (`NPP` | `: 51007788`): a title block.

    ERP exports often draw the title in a `<table>` of its own above the data;
    when it comes before the first table with data, its lines join the next
    table's top, as headings above a table do (a recap after it stays a sheet
    of its own, listed as left out).
    """
    filled = [sum(c is not None for c in r) for r in table]
    return 0 < len(table) <= 10 and max(filled, default=0) <= 2 and any(filled)


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
    row, n = 1, 0
    found = False
    above: list[str] = []
    pieces = flow(doc)
    last_table = max((i for i, p in enumerate(pieces) if not isinstance(p, str)), default=-1)
    for i, piece in enumerate(pieces):
        if isinstance(piece, str):
            above.append(piece)
            continue
        n += 1
        above += _caption(piece)
        spans: list[tuple[int, int, int]] = []
        table = grid(piece, spans)
        if not found and i < last_table and _title_block(table):
            above += [" ".join(c for c in r if c) for r in table if any(r)]
            continue
        width = max(len(table[0]) if table else 0, 1)
        cells = [[text, *[None] * (width - 1)] for text in above]
        cells += [r + [None] * (width - len(r)) for r in table]
        above_lines, above = above, []
        first_row, row = row, row + len(cells)
        if not any(c is not None for r in cells for c in r):
            continue
        found = True
        frame = pl.DataFrame(
            {f"c{j}": [r[j] for r in cells] for j in range(width)},
            schema={f"c{j}": pl.String for j in range(width)},
        )
        lines = first_row + len(above_lines)
        merged = [(c, lines + a, lines + b) for c, a, b in spans]

        def merges(merged: list[tuple[int, int, int]] = merged) -> list[tuple[int, int, int]]:
            return merged

        yield RawTable(
            path,
            f"table {n}",
            cells[:TOP_ROWS],
            first_row,
            0,
            frame_body(frame, first_row),
            _merges=merges,
        )
    if not found:
        raise InputError("HTML file holds no table with data", file=str(path))
