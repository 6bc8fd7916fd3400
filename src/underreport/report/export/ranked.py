"""Export any ranked table (screening, coverage) the way `write_export` does the ranking.

Same guarantees: format by extension, atomic, formulas defused, manifest
included. CSV, JSON and Parquet keep the table's contract column names; the
workbook is a document: a two-column summary with its chart beside it, the
table under human headers in the chosen language, and the About sheet, every
sheet printing one page wide (`printing.printable`).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl
from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.chart.data_source import AxDataSource, StrRef

from underreport.model.errors import UsageError
from underreport.model.i18n import Lang
from underreport.report.export.atomic import staged
from underreport.report.export.manifest import Manifest, utc_naive
from underreport.report.export.printing import printable
from underreport.report.export.sheet import Cell, Kind, write_pairs, write_table
from underreport.report.export.tabular import write_csv, write_json, write_parquet
from underreport.report.export.words import L
from underreport.report.export.xlsx import (
    CHART_CM,
    FOOTER,
    SUMMARY_WIDTHS,
    _save_deterministic,
    about_sheet,
)

SUPPORTED = (".xlsx", ".csv", ".json", ".parquet")


@dataclass(frozen=True)
class Column:
    """One column of the workbook's table: the frame's column, its header, kind and width."""

    key: str
    header: str
    kind: Kind
    width: float


@dataclass(frozen=True)
class Chart:
    label: str
    value: str
    title: str
    number_format: str = "#,##0.00"
    maximum: float | None = None
    """The value axis's end (1.0 for a share); None lets the application choose."""
    rows: int = 15


@dataclass(frozen=True)
class Book:
    """What the workbook shows beyond the table: its sheet names, summary, chart and language."""

    sheet: str
    columns: Sequence[Column]
    summary: Sequence[tuple[str, Cell]] = ()
    summary_sheet: str = ""
    chart: Chart | None = None
    lang: Lang = "en"


def write_ranked(
    out: Path,
    frame: pl.DataFrame,
    manifest: Manifest,
    *,
    sheet: str,
    book: Book | None = None,
) -> Path:
    """Write `frame` to `out`; `book` lays out the workbook (`sheet` names the JSON's list)."""
    ext = out.suffix.lower()
    if ext not in SUPPORTED:
        raise UsageError(f"cannot export to {out.name}: use one of {', '.join(SUPPORTED)}")
    flat = frame.with_columns(
        pl.col(c).list.join(" | ") for c, t in frame.schema.items() if t == pl.List(pl.String)
    )
    with staged() as staging:
        tmp = staging.path_for(out)
        if ext == ".xlsx":
            _xlsx(tmp, frame, manifest, book or _plain(sheet, frame))
        elif ext == ".csv":
            write_csv(tmp, flat)
        elif ext == ".parquet":
            write_parquet(tmp, frame, manifest)
        else:
            doc = {"manifest": manifest.as_dict(), sheet: frame.to_dicts()}
            write_json(tmp, json.dumps(doc, indent=2, ensure_ascii=False, default=str))
    return out


def _plain(sheet: str, frame: pl.DataFrame) -> Book:
    return Book(sheet, [Column(c, c, "auto", 16) for c in frame.columns])


def _xlsx(path: Path, frame: pl.DataFrame, manifest: Manifest, book: Book) -> None:
    wb = Workbook()
    first: Any = wb.active
    summary = None
    if book.summary:
        summary, table = first, wb.create_sheet(book.sheet[:31])
        summary.title = book.summary_sheet[:31]
        headers = (L("col.item", book.lang), L("col.value", book.lang))
        rows: list[list[Cell]] = [[(label, "text"), cell] for label, cell in book.summary]
        write_pairs(summary, headers, rows, SUMMARY_WIDTHS)
    else:
        table = first
        table.title = book.sheet[:31]
    write_table(table, [c.header for c in book.columns], _cells(frame, book.columns),
                widths=[c.width for c in book.columns])  # fmt: skip
    about_sheet(wb.create_sheet(L("sheet.about", book.lang)), manifest, book.lang)
    if book.chart is not None and summary is not None and frame.height:
        _chart(summary, table, frame, book)
    for ws in wb.worksheets:
        printable(ws, footer=FOOTER)
    moment = utc_naive(manifest.generated_at)
    wb.properties.created = wb.properties.modified = moment
    _save_deterministic(wb, path, moment)


def _cells(frame: pl.DataFrame, columns: Sequence[Column]) -> list[list[Cell]]:
    out: list[list[Cell]] = []
    for rec in frame.select(c.key for c in columns).iter_rows():
        row: list[Cell] = []
        for value, col in zip(rec, columns, strict=True):
            shown = "\n".join(str(v) for v in value) if isinstance(value, list) else value
            row.append((shown, col.kind))
        out.append(row)
    return out


def _chart(where: Any, table: Any, frame: pl.DataFrame, book: Book) -> None:
    """A bar per row of the table (the first `chart.rows`), beside the summary."""
    chart = book.chart
    assert chart is not None
    keys = [c.key for c in book.columns]
    n = min(frame.height, chart.rows)
    bar = BarChart()
    bar.type, bar.title, bar.legend = "bar", chart.title, None
    col = keys.index(chart.value) + 1
    bar.add_data(Reference(table, min_col=col, min_row=1, max_row=n + 1), titles_from_data=True)
    label = Reference(table, min_col=keys.index(chart.label) + 1, min_row=2, max_row=n + 1)
    bar.series[0].cat = AxDataSource(strRef=StrRef(f=str(label)))
    bar.x_axis.scaling.orientation = "maxMin"
    bar.x_axis.delete = bar.y_axis.delete = False
    bar.y_axis.numFmt = chart.number_format
    bar.y_axis.scaling.min = 0
    if chart.maximum is not None:
        bar.y_axis.scaling.max = chart.maximum
        bar.y_axis.majorUnit = chart.maximum / 4
    bar.y_axis.majorGridlines = None
    bar.width, bar.height = CHART_CM
    where.add_chart(bar, "D1")
