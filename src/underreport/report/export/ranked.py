"""Export any ranked table (screening, coverage) the way `write_export` does the ranking.

Same guarantees: format by extension, atomic, formulas defused, manifest
included, and a native bar chart in the workbook.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl
from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference

from underreport.model.errors import UsageError
from underreport.report.export.atomic import staged
from underreport.report.export.manifest import Manifest, utc_naive
from underreport.report.export.sheet import write_table
from underreport.report.export.tabular import write_csv, write_json, write_parquet
from underreport.report.export.xlsx import ABOUT_SHEET, _about_rows, _save_deterministic

SUPPORTED = (".xlsx", ".csv", ".json", ".parquet")


@dataclass(frozen=True)
class Chart:
    label: str
    value: str
    title: str
    number_format: str = "#,##0.00"


def write_ranked(
    out: Path, frame: pl.DataFrame, manifest: Manifest, *, sheet: str, chart: Chart | None = None
) -> Path:
    ext = out.suffix.lower()
    if ext not in SUPPORTED:
        raise UsageError(f"cannot export to {out.name}: use one of {', '.join(SUPPORTED)}")
    flat = frame.with_columns(
        pl.col(c).list.join(" | ") for c, t in frame.schema.items() if t == pl.List(pl.String)
    )
    with staged() as staging:
        tmp = staging.path_for(out)
        if ext == ".xlsx":
            _xlsx(tmp, flat, manifest, sheet, chart)
        elif ext == ".csv":
            write_csv(tmp, flat)
        elif ext == ".parquet":
            write_parquet(tmp, frame, manifest)
        else:
            doc = {"manifest": manifest.as_dict(), sheet: frame.to_dicts()}
            write_json(tmp, json.dumps(doc, indent=2, ensure_ascii=False, default=str))
    return out


def _xlsx(
    path: Path, frame: pl.DataFrame, manifest: Manifest, name: str, chart: Chart | None
) -> None:
    wb = Workbook()
    ws: Any = wb.active
    ws.title = name[:31]
    write_table(ws, frame.columns, [[(v, "auto") for v in row] for row in frame.rows()])
    write_table(wb.create_sheet(ABOUT_SHEET), ("Item", "Value"), _about_rows(manifest))
    if chart is not None and frame.height:
        n = min(frame.height, 15)
        bar = BarChart()
        bar.type, bar.title, bar.legend = "bar", chart.title, None
        col = frame.columns.index(chart.value) + 1
        bar.add_data(Reference(ws, min_col=col, min_row=1, max_row=n + 1), titles_from_data=True)
        label = frame.columns.index(chart.label) + 1
        bar.set_categories(Reference(ws, min_col=label, min_row=2, max_row=n + 1))
        bar.x_axis.scaling.orientation = "maxMin"
        bar.x_axis.delete = bar.y_axis.delete = False
        bar.y_axis.numFmt = chart.number_format
        bar.width, bar.height = 20.0, 10.0
        ws.add_chart(bar, f"{chr(65 + min(frame.width + 1, 25))}2")
    moment = utc_naive(manifest.generated_at)
    wb.properties.created = wb.properties.modified = moment
    _save_deterministic(wb, path, moment)
