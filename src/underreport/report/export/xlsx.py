"""The inspector's workbook: Ringkasan, Pemberi Kerja (per office), Pekerja, Kualitas Data, About.

Only plain openpyxl features (cells, number formats, fonts, freeze panes,
autofilter, one bar chart), so Excel and LibreOffice open it without a repair
prompt. The file is deterministic: document properties and zip entry times
both come from the manifest, so two runs on the same inputs at the same
manifest time give identical bytes.
"""

from __future__ import annotations

import io
import json
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zipfile import ZIP_DEFLATED, ZipFile, ZipInfo

import polars as pl
from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.chart.data_source import AxDataSource, StrRef
from openpyxl.writer.excel import ExcelWriter

from underreport.model.result import ReconcileResult
from underreport.report.export.frames import office_mask, offices
from underreport.report.export.manifest import Manifest, utc_naive
from underreport.report.export.sheet import Cell, Kind, sheet_title, write_table

EMPLOYER_COLUMNS: tuple[tuple[str, Kind, str], ...] = (
    ("Rank", "int", "rank"),
    ("NPP", "id", "employer_id"),
    ("Employer", "text", "employer_name"),
    ("Registered", "bool", "registered"),
    ("Payroll workers", "int", "payroll_workers"),
    ("Enrolled", "int", "enrolled_workers"),
    ("Unregistered", "int", "unregistered_workers"),
    ("Under-reported", "int", "underreported_wage_workers"),
    ("Coverage", "pct", "coverage_ratio"),
    ("Wage gap", "money", "wage_gap_idr"),
    ("Monthly gap", "money", "monthly_contribution_gap_idr"),
    ("Severity", "text", "severity"),
    ("Reasons", "wrap", "reasons"),
)
WORKER_COLUMNS: tuple[tuple[str, Kind, str], ...] = (
    ("Rank", "int", "employer_rank"),
    ("NPP", "id", "employer_id"),
    ("Employer", "text", "employer_name"),
    ("NIK", "id", "nik"),
    ("Worker", "text", "worker_name"),
    ("Finding", "text", "finding"),
    ("Match tier", "int", "match_tier"),
    ("Match basis", "text", "match_basis"),
    ("Match reason", "wrap", "match_reason"),
    ("Payroll wage", "money", "contribution_wage_idr"),
    ("Reported wage", "money", "reported_wage_idr"),
    ("Wage gap", "money", "wage_gap_idr"),
    ("Monthly gap", "money", "contribution_gap_idr"),
    ("File", "text", "file"),
    ("Sheet", "text", "sheet"),
    ("Row", "int", "row"),
)
QUALITY_HEADERS = ("File", "Sheet", "Row", "Column", "Code", "Severity", "Message")
SUMMARY_SHEET, EMPLOYER_SHEET, WORKER_SHEET = "Ringkasan", "Pemberi Kerja", "Pekerja"
QUALITY_SHEET, ABOUT_SHEET = "Kualitas Data", "About"
CHART_TOP = 10


def write_xlsx(
    path: Path,
    result: ReconcileResult,
    employers: pl.DataFrame,
    workers: pl.DataFrame,
    manifest: Manifest,
    by_office: dict[str, str] | None = None,
) -> None:
    wb = Workbook()
    taken = {n.lower() for n in (SUMMARY_SHEET, EMPLOYER_SHEET, WORKER_SHEET, QUALITY_SHEET)}
    taken.add(ABOUT_SHEET.lower())
    summary = wb.active
    summary.title = SUMMARY_SHEET
    write_table(summary, ("Item", "Value"), _summary_rows(result))
    flagged = wb.create_sheet(EMPLOYER_SHEET)
    _frame_sheet(flagged, employers, EMPLOYER_COLUMNS)
    if by_office is not None:
        for office in offices(employers["employer_id"].to_list(), by_office):
            ws = wb.create_sheet(sheet_title(office, taken))
            _frame_sheet(ws, employers.filter(office_mask(employers, office, by_office)),
                         EMPLOYER_COLUMNS)  # fmt: skip
    _frame_sheet(wb.create_sheet(WORKER_SHEET), workers, _worker_columns(workers))
    write_table(wb.create_sheet(QUALITY_SHEET), QUALITY_HEADERS, _quality_rows(result))
    write_table(wb.create_sheet(ABOUT_SHEET), ("Item", "Value"), _about_rows(manifest))
    if employers.height:
        _add_chart(summary, flagged, min(CHART_TOP, employers.height))
    moment = utc_naive(manifest.generated_at)
    wb.properties.created = moment
    wb.properties.modified = moment
    wb.properties.creator = f"underreport {manifest.tool_version}"
    wb.properties.lastModifiedBy = None
    wb.properties.title = f"underreport {result.period}"
    _save_deterministic(wb, path, moment)


def _frame_sheet(ws: Any, frame: pl.DataFrame, columns: tuple[tuple[str, Kind, str], ...]) -> None:
    rows: list[list[Cell]] = []
    for rec in frame.iter_rows(named=True):
        row: list[Cell] = []
        for _, kind, key in columns:
            value = rec[key]
            if isinstance(value, list):
                value = "\n".join(str(v) for v in value)
            row.append((value, kind))
        rows.append(row)
    write_table(ws, [h for h, _, _ in columns], rows)


def _worker_columns(workers: pl.DataFrame) -> tuple[tuple[str, Kind, str], ...]:
    if "nik_pseudonym" in workers.columns:
        return tuple(
            ("NIK pseudonym", "id", "nik_pseudonym") if key == "nik" else (h, k, key)
            for h, k, key in WORKER_COLUMNS
        )
    return WORKER_COLUMNS


def _period_cell(period: str) -> Cell:
    try:
        return (date(int(period[:4]), int(period[5:7]), 1), "date")
    except ValueError:
        return (period, "text")


def _summary_rows(result: ReconcileResult) -> list[list[Cell]]:
    s = result.summary
    items: list[tuple[str, Cell]] = [
        ("Period", _period_cell(result.period)),
        ("Employers inspected", (s.employers, "int")),
        ("Flagged employers", (s.flagged_employers, "int")),
        ("Payroll workers", (s.payroll_workers, "int")),
        ("Enrolled workers", (s.enrolled_workers, "int")),
        ("Unregistered workers", (s.unregistered_workers, "int")),
        ("Under-reported wage workers", (s.underreported_wage_workers, "int")),
        ("Unregistered employers (PWBD)", (s.unregistered_employers, "int")),
        ("Enrolled, not on payroll", (s.enrolled_not_on_payroll, "int")),
        ("Not reconcilable (no usable NIK)", (s.not_reconcilable_workers, "int")),
        ("Monthly contribution gap", (s.monthly_contribution_gap_idr, "money")),
        ("Rules version", (result.rules_version, "text")),
        ("JKK assumption", (result.jkk_assumption, "wrap")),
        ("Tool version", (result.tool_version, "text")),
        ("Generated (UTC)", (result.generated_at, "date")),
    ]
    return [[(label, "text"), cell] for label, cell in items]


def _quality_rows(result: ReconcileResult) -> list[list[Cell]]:
    return [
        [
            (q.file, "text"),
            (q.sheet, "text"),
            (q.row, "int"),
            (q.column, "text"),
            (q.code, "text"),
            (q.severity, "text"),
            (q.message, "text"),
        ]
        for q in result.data_quality
    ]


def _about_rows(manifest: Manifest) -> list[list[Cell]]:
    items: list[tuple[str, Cell]] = [
        ("Tool version", (manifest.tool_version, "text")),
        ("Rules version", (manifest.rules_version, "text")),
        ("Command", (manifest.command, "text")),
        ("Generated (UTC)", (manifest.generated_at, "date")),
    ]
    for key in sorted(manifest.options):
        items.append((f"Option {key}", _option_cell(manifest.options[key])))
    for i, f in enumerate(manifest.inputs, start=1):
        items += [
            (f"Input {i} path", (f.path, "text")),
            (f"Input {i} sheet", (f.sheet, "text")),
            (f"Input {i} kind", (f.kind, "text")),
            (f"Input {i} sha256", (f.sha256, "id")),
            (f"Input {i} rows read", (f.rows_read, "int")),
            (f"Input {i} rows skipped", (f.rows_skipped, "int")),
        ]
    return [[(label, "text"), cell] for label, cell in items]


def _option_cell(value: object) -> Cell:
    if value is None or isinstance(value, bool | int | float | str | date | datetime):
        return (value, "auto")
    return (json.dumps(value, ensure_ascii=False, sort_keys=True, default=str), "text")


def _add_chart(summary: Any, flagged: Any, n: int) -> None:
    gap_col = 1 + [key for _, _, key in EMPLOYER_COLUMNS].index("monthly_contribution_gap_idr")
    name_col = 1 + [key for _, _, key in EMPLOYER_COLUMNS].index("employer_name")
    chart = BarChart()
    chart.type = "bar"
    chart.title = f"Top {n} employers: monthly contribution gap"
    chart.add_data(Reference(flagged, min_col=gap_col, min_row=1, max_row=n + 1),
                   titles_from_data=True)  # fmt: skip
    names = Reference(flagged, min_col=name_col, min_row=2, max_row=n + 1)
    chart.series[0].cat = AxDataSource(strRef=StrRef(f=str(names)))  # names are text
    chart.legend = None
    chart.x_axis.scaling.orientation = "maxMin"  # rank 1 at the top
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.y_axis.numFmt = '"Rp" #,##0'
    chart.width, chart.height = 20.0, 10.0
    summary.add_chart(chart, "D2")


def _save_deterministic(wb: Workbook, path: Path, moment: datetime) -> None:
    """Save through openpyxl's writer (which keeps our `modified`), then fix zip times."""
    buf = io.BytesIO()
    archive = ZipFile(buf, "w", ZIP_DEFLATED, allowZip64=True)
    ExcelWriter(wb, archive).save()  # closes the archive
    stamp = max(moment, datetime(1980, 1, 1)).timetuple()[:6]
    with ZipFile(io.BytesIO(buf.getvalue())) as src, ZipFile(path, "w", ZIP_DEFLATED) as dst:
        for info in src.infolist():
            entry = ZipInfo(info.filename, date_time=stamp)
            entry.compress_type = ZIP_DEFLATED
            entry.create_system = 0
            entry.external_attr = 0
            dst.writestr(entry, src.read(info.filename))
