"""Worker tables stacked in one sheet, each under its own header row.

Clerks put monthly staff and daily workers on one sheet: `A. KARYAWAN
BULANAN` with `Gaji Pokok | Tunjangan Tetap`, then `B. KARYAWAN HARIAN`
with `Upah Harian | Hari Kerja`. Read under the first header, the daily
wage would land in `Gaji Pokok` and the days worked in `Tunjangan Tetap`.
So a row of header words inside the body starts a table of its own, read
under its own header and the sheet's title block; a header repeated on a
printed page becomes a table of the same layout, which changes nothing.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

import polars as pl

from underreport.ingest.aliases import MONTH_SUFFIX, Kind, normalise_header
from underreport.ingest.layout import KEY_FIELDS, Layout, detect
from underreport.ingest.sheets import Cell, RawTable
from underreport.ingest.title import TitleValue, period_of_parts
from underreport.model.errors import InputError

_DATA_FIELDS = ("nik", "kpj", "employee_no", "base_wage", "contribution_wage", "reported_wage")
_HEAD_ROWS = 8
"""Rows read from the body to find a stacked table's header (and its sub-header)."""


def _key_words(aliases: Mapping[str, str]) -> list[str]:
    return [spelling for spelling, f in aliases.items() if f in KEY_FIELDS and spelling]


def _header_rows(table: RawTable, layout: Layout, aliases: Mapping[str, str]) -> list[int]:
    """Grid rows of the body whose cells name a worker key (`NIK`, `Nama`): candidate headers."""
    body = table.body(layout.skip)
    cells = [c for c in body.collect_schema().names() if c.startswith("c")]
    if table.typed or not cells:
        return []
    words = _key_words(aliases)
    named = pl.any_horizontal(
        pl.col(c).cast(pl.String).str.to_lowercase().str.replace_all(r"[^a-z0-9]", "").is_in(words)
        for c in cells
    )
    # A row with a number under an ID or wage heading is data, never a header: testing
    # that first spares the header-word test on nearly every row of a large sheet.
    numeric = [
        pl.col(f"c{cs[0]}").cast(pl.String).str.contains(r"^'?\d[\d.,]*$")
        for f, cs in layout.columns.items()
        if f in _DATA_FIELDS
    ]
    data = pl.any_horizontal(numeric).fill_null(False) if numeric else pl.lit(False)
    rest = body.filter(~data).collect()
    rows = rest.filter(named.fill_null(False)).get_column("_row")
    return [r - table.first_row for r in rows.to_list()]


def _from(table: RawTable, start: int, head: list[list[Cell]]) -> RawTable:
    """The part of `table` from grid row `start` on; `head` holds its first rows."""

    def body(skip: int) -> pl.LazyFrame:
        return table.body(start + skip)

    numbers = table._numbers
    return dataclasses.replace(
        table,
        top=head,
        first_row=table.first_row + start,
        _body=body,
        _numbers=(lambda skip, col: numbers(start + skip, col)) if numbers else None,
    )


def _until(table: RawTable, end: int) -> RawTable:
    """`table` without its grid rows from `end` on."""
    last = table.first_row + end

    def body(skip: int) -> pl.LazyFrame:
        return table.body(skip).filter(pl.col("_row") < last)

    numbers = table._numbers
    return dataclasses.replace(
        table,
        _body=body,
        _numbers=(lambda skip, col: numbers(skip, col).head(max(end - skip, 0)))
        if numbers
        else None,
    )


def split(
    table: RawTable, layout: Layout, kind: Kind, aliases: Mapping[str, str]
) -> list[tuple[RawTable, Layout]]:
    """The sheet's worker tables, top to bottom, each with its own layout.

    A candidate row starts a table only when it reads as a header (two
    fields, one a worker key) that maps the columns differently: the same
    header repeated on a printed page stays one table. Each table keeps the
    sheet's title values (NPP, month, employer) before any of its own.
    """
    starts: list[tuple[int, RawTable, Layout]] = []
    last = layout
    for start in _header_rows(table, layout, aliases):
        if start < layout.skip or (starts and start < starts[-1][0] + starts[-1][2].skip):
            continue
        head = [list(r) for r in table.body(start).head(_HEAD_ROWS).drop("_row").collect().rows()]
        part = _from(table, start, head)
        try:
            found = detect(part, kind, aliases)
        except InputError:
            continue
        if found.header_index != 0 or found.columns == last.columns:
            continue
        last = dataclasses.replace(found, title={**found.title, **layout.title})
        starts.append((start, part, last))
    if not starts:
        return [(table, layout)]
    out = [(_until(table, starts[0][0]), layout)]
    for (start, part, found), nxt in zip(starts, [*starts[1:], None], strict=True):
        out.append((part if nxt is None else _until(part, nxt[0] - start), found))
    return out


def by_month(
    table: RawTable, layout: Layout, aliases: Mapping[str, str]
) -> list[tuple[RawTable, Layout]]:
    """A yearly recap with a wage column per month (`GAJI JANUARI 2025` … `GAJI MARET 2025`).

    Read under one header, every month would take the first month's column.
    Each month is read as a table of its own, its period from the column's
    heading; a sheet with a period column, or with one month, is left as it is.
    """
    if "period" in layout.columns:
        return [(table, layout)]
    months: dict[str, dict[str, int]] = {}  # period -> field -> grid column
    for j, text in layout.headers.items():
        name = text.split(" / ")[-1]
        n = normalise_header(name)
        if not (m := MONTH_SUFFIX.search(n)) or not (f := aliases.get(n[: m.start()])):
            continue
        if (period := period_of_parts([name])) is not None:
            months.setdefault(period, {})[f] = j
    if len(months) < 2:
        return [(table, layout)]
    out = []
    for period, fields in sorted(months.items()):
        heading = " ".join(layout.headers[next(iter(fields.values()))].split())
        columns = {**layout.columns, **{f: [j] for f, j in fields.items()}}
        title = {**layout.title, "period": TitleValue(period, None, f"header {heading!r}")}
        out.append((table, dataclasses.replace(layout, columns=columns, title=title)))
    return out
