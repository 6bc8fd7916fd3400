"""The inspector's workbook: summary, flagged employers (per office), workers, data quality, about.

Every sheet prints as a document (`printing.printable`): A4 landscape, one
page wide, the header row on every page, text wrapped in fixed column widths
with the row heights set, the summary's labels beside their values and its
chart beside them. Every word is in the chosen language (`words.L`). Only
plain openpyxl features (cells, number formats, fonts, fills, freeze panes,
autofilter, one bar chart), so Excel and LibreOffice open it without a
repair prompt. The file is deterministic: document properties and zip entry times
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

from underreport.model.i18n import Lang, month
from underreport.model.result import ReconcileResult
from underreport.report.export.frames import office_mask, offices
from underreport.report.export.manifest import Manifest, utc_naive
from underreport.report.export.printing import printable
from underreport.report.export.sheet import (
    AXIS_RUPIAH,
    Cell,
    Kind,
    sheet_title,
    write_pairs,
    write_table,
)
from underreport.report.export.words import L, finding_title, quality_title, word

Column = tuple[str, Kind, str, float]
"""(label key, kind, frame column, width in characters)."""

EMPLOYER_COLUMNS: tuple[Column, ...] = (
    ("col.rank", "int", "rank", 11),
    ("col.npp", "id", "employer_id", 10),
    ("col.employer", "text", "employer_name", 22),
    ("col.payroll_workers", "int", "payroll_workers", 9),
    ("col.enrolled", "int", "enrolled_workers", 9),
    ("col.unregistered", "int", "unregistered_workers", 10),
    ("col.underreported", "int", "underreported_wage_workers", 10),
    ("col.coverage", "pct", "coverage_ratio", 9),
    ("col.monthly_gap", "money", "monthly_contribution_gap_idr", 13),
    ("col.wage_gap", "money", "wage_gap_idr", 13),
    ("col.severity", "text", "severity", 9),
    ("col.findings", "wrap", "findings", 20),
    ("col.reasons", "wrap", "reasons", 44),
)
WORKER_COLUMNS: tuple[Column, ...] = (
    ("col.rank", "int", "employer_rank", 11),
    ("col.npp", "id", "employer_id", 10),
    ("col.employer", "text", "employer_name", 18),
    ("col.nik", "id", "nik", 18),
    ("col.worker", "text", "worker_name", 18),
    ("col.finding", "text", "finding", 14),
    ("col.match_tier", "int", "match_tier", 9),
    ("col.match_basis", "text", "match_basis", 12),
    ("col.match_reason", "wrap", "match_reason", 24),
    ("col.payroll_wage", "money", "contribution_wage_idr", 12),
    ("col.reported_wage", "money", "reported_wage_idr", 12),
    ("col.wage_gap", "money", "wage_gap_idr", 12),
    ("col.worker_gap", "money", "contribution_gap_idr", 12),
    ("col.file", "wrap", "source", 22),
)
QUALITY_COLUMNS: tuple[tuple[str, float], ...] = (
    ("col.file", 22), ("col.sheet", 12), ("col.row", 7), ("col.column", 14), ("col.code", 18),
    ("col.issue", 22), ("col.severity", 11), ("col.message", 66),
)  # fmt: skip
SUMMARY_WIDTHS = (40.0, 30.0)
FOOTER = "&A"
"""The sheet's name at the foot of each page (the page number is on the right)."""
CHART_TOP = 10
CHART_CM = (14.0, 9.0)
"""Width and height of the summary's chart: beside the two summary columns on one A4 page."""


def write_xlsx(
    path: Path,
    result: ReconcileResult,
    employers: pl.DataFrame,
    workers: pl.DataFrame,
    manifest: Manifest,
    by_office: dict[str, str] | None = None,
    lang: Lang = "en",
) -> None:
    names = {k: L(f"sheet.{k}", lang) for k in ("summary", "employers", "workers", "quality",
                                                  "about")}  # fmt: skip
    taken = {n.lower() for n in names.values()}
    wb = Workbook()
    summary = wb.active
    summary.title = names["summary"]
    write_pairs(summary, (L("col.item", lang), L("col.value", lang)),
                _summary_rows(result, lang), SUMMARY_WIDTHS)  # fmt: skip
    flagged = wb.create_sheet(names["employers"])
    shown = _employer_rows(employers, result, lang)
    _frame_sheet(flagged, shown, EMPLOYER_COLUMNS, lang)
    if by_office is not None:
        for office in offices(employers["employer_id"].to_list(), by_office):
            ws = wb.create_sheet(sheet_title(office, taken))
            _frame_sheet(ws, shown.filter(office_mask(shown, office, by_office)),
                         EMPLOYER_COLUMNS, lang)  # fmt: skip
    _frame_sheet(wb.create_sheet(names["workers"]), _worker_rows(workers, lang),
                 _worker_columns(workers), lang)  # fmt: skip
    write_table(wb.create_sheet(names["quality"]), [L(k, lang) for k, _ in QUALITY_COLUMNS],
                _quality_rows(result, lang), widths=[w for _, w in QUALITY_COLUMNS])  # fmt: skip
    about_sheet(wb.create_sheet(names["about"]), manifest, lang)
    if employers.height:
        _add_chart(summary, flagged, min(CHART_TOP, employers.height), lang)
    for ws in wb.worksheets:
        printable(ws, footer=FOOTER)
    moment = utc_naive(manifest.generated_at)
    wb.properties.created = moment
    wb.properties.modified = moment
    wb.properties.creator = f"underreport {manifest.tool_version}"
    wb.properties.lastModifiedBy = None
    wb.properties.title = f"underreport {result.period}"
    _save_deterministic(wb, path, moment)


def about_sheet(ws: Any, manifest: Manifest, lang: Lang) -> None:
    write_pairs(ws, (L("col.item", lang), L("col.value", lang)), _about_rows(manifest, lang),
                (34, 80))  # fmt: skip


def _frame_sheet(ws: Any, frame: pl.DataFrame, columns: tuple[Column, ...], lang: Lang) -> None:
    rows: list[list[Cell]] = []
    for rec in frame.iter_rows(named=True):
        row: list[Cell] = []
        for _, kind, key, _ in columns:
            value = rec[key]
            if isinstance(value, list):
                value = "\n".join(str(v) for v in value)
            row.append((value, kind))
        rows.append(row)
    write_table(ws, [L(k, lang) for k, _, _, _ in columns], rows,
                widths=[w for _, _, _, w in columns])  # fmt: skip


def _employer_rows(employers: pl.DataFrame, result: ReconcileResult, lang: Lang) -> pl.DataFrame:
    """The employer frame with words in the language: severity, and each finding's title."""
    titles = {e.employer_id: [finding_title(f.code, lang) or f.code for f in e.findings]
              for e in result.employers}  # fmt: skip
    return employers.with_columns(
        pl.Series("severity", [word("severity", v, lang) for v in employers["severity"]],
                  dtype=pl.String),
        pl.Series("findings", [titles.get(i, []) for i in employers["employer_id"]],
                  dtype=pl.List(pl.String)),
    )  # fmt: skip


def _worker_rows(workers: pl.DataFrame, lang: Lang) -> pl.DataFrame:
    """Findings and match bases as words, file, sheet and row as one source line."""
    row = L("col.row", lang).lower()
    return workers.with_columns(
        pl.Series("finding", [finding_title(v, lang) for v in workers["finding"]],
                  dtype=pl.String),
        pl.Series("match_basis", [word("basis", v, lang) for v in workers["match_basis"]],
                  dtype=pl.String),
        pl.concat_str(
            pl.col("file").str.replace(r"^.*[/\\]", ""),
            pl.col("sheet"),
            pl.lit(f"{row} ") + pl.col("row").cast(pl.String),
            separator=" · ",
            ignore_nulls=True,
        ).alias("source"),
    )  # fmt: skip


def _worker_columns(workers: pl.DataFrame) -> tuple[Column, ...]:
    pseudonymised = "nik_pseudonym" in workers.columns
    out: list[Column] = []
    for label, kind, key, width in WORKER_COLUMNS:
        if key == "nik" and pseudonymised:
            out.append(("col.nik_pseudonym", "id", "nik_pseudonym", width))
        elif key in workers.columns or key == "source":
            out.append((label, kind, key, width))
    return tuple(out)


def _period_cell(period: str, lang: Lang) -> Cell:
    try:
        return (month(period, lang), "text")
    except ValueError:
        return (period, "text")


def _summary_rows(result: ReconcileResult, lang: Lang) -> list[list[Cell]]:
    s = result.summary
    items: list[tuple[str, Cell]] = [
        ("sum.period", _period_cell(result.period, lang)),
        ("sum.employers", (s.employers, "int")),
        ("sum.flagged", (s.flagged_employers, "int")),
        ("sum.payroll_workers", (s.payroll_workers, "int")),
        ("sum.enrolled_workers", (s.enrolled_workers, "int")),
        ("sum.unregistered", (s.unregistered_workers, "int")),
        ("sum.underreported", (s.underreported_wage_workers, "int")),
        ("sum.unregistered_employers", (s.unregistered_employers, "int")),
        ("sum.not_on_payroll", (s.enrolled_not_on_payroll, "int")),
        ("sum.not_reconcilable", (s.not_reconcilable_workers, "int")),
        ("sum.monthly_gap", (s.monthly_contribution_gap_idr, "money")),
        ("sum.rules_version", (result.rules_version, "text")),
        ("sum.jkk", (result.jkk_assumption, "wrap")),
        ("sum.tool_version", (result.tool_version, "text")),
        ("sum.generated", (result.generated_at, "date")),
    ]
    return [[(L(key, lang), "text"), cell] for key, cell in items]


def _quality_rows(result: ReconcileResult, lang: Lang) -> list[list[Cell]]:
    return [
        [
            (q.file, "wrap"),
            (q.sheet, "text"),
            (q.row, "int"),
            (q.column, "text"),
            (q.code, "text"),
            (quality_title(q.code, lang), "text"),
            (word("severity", q.severity, lang), "text"),
            (q.message, "wrap"),
        ]
        for q in result.data_quality
    ]


def _about_rows(manifest: Manifest, lang: Lang = "en") -> list[list[Cell]]:
    items: list[tuple[str, Cell]] = [
        (L("sum.tool_version", lang), (manifest.tool_version, "text")),
        (L("sum.rules_version", lang), (manifest.rules_version, "text")),
        (L("about.command", lang), (manifest.command, "text")),
        (L("sum.generated", lang), (manifest.generated_at, "date")),
    ]
    for key in sorted(manifest.options):
        value = manifest.options[key]
        if isinstance(value, bool):
            value = L("yes" if value else "no", lang)
        items.append((L("about.option", lang, name=key), _option_cell(value)))
    for i, f in enumerate(manifest.inputs, start=1):
        items += [
            (L("about.path", lang, i=i), (f.path, "wrap")),
            (L("about.sheet", lang, i=i), (f.sheet, "text")),
            (L("about.kind", lang, i=i), (word("kind", f.kind, lang), "text")),
            (L("about.sha256", lang, i=i), (f.sha256, "id")),
            (L("about.rows_read", lang, i=i), (f.rows_read, "int")),
            (L("about.rows_skipped", lang, i=i), (f.rows_skipped, "int")),
        ]
    return [[(label, "text"), cell] for label, cell in items]


def _option_cell(value: object) -> Cell:
    if value is None or isinstance(value, bool | int | float | str | date | datetime):
        return (value, "auto")
    return (json.dumps(value, ensure_ascii=False, sort_keys=True, default=str), "wrap")


def _add_chart(summary: Any, flagged: Any, n: int, lang: Lang) -> None:
    keys = [key for _, _, key, _ in EMPLOYER_COLUMNS]
    gap_col = 1 + keys.index("monthly_contribution_gap_idr")
    name_col = 1 + keys.index("employer_name")
    chart = BarChart()
    chart.type = "bar"
    chart.title = L("chart.top", lang, n=n)
    chart.add_data(Reference(flagged, min_col=gap_col, min_row=1, max_row=n + 1),
                   titles_from_data=True)  # fmt: skip
    names = Reference(flagged, min_col=name_col, min_row=2, max_row=n + 1)
    chart.series[0].cat = AxDataSource(strRef=StrRef(f=str(names)))  # names are text
    chart.legend = None
    chart.x_axis.scaling.orientation = "maxMin"  # rank 1 at the top
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.y_axis.numFmt = AXIS_RUPIAH
    chart.y_axis.majorGridlines = None
    chart.width, chart.height = CHART_CM
    summary.add_chart(chart, "D1")


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
