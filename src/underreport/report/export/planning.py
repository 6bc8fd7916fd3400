"""`screen` and `coverage` as people read them: words, tables and workbook layouts.

The terminal tables (commands/planning.py) and the workbooks (`ranked.Book`)
take their words from one `labels("planning", ...)`, so both are in the
chosen language. Regions are named (`Jawa Barat`, `Kota Bandung`) rather
than coded; percentages and rupiah stay numbers with a number format.
"""

from __future__ import annotations

from datetime import date

import polars as pl

from underreport.coverage import CoverageResult, CoverageRow
from underreport.model.i18n import Lang, day, labels, month, percent
from underreport.report.export.ranked import Book, Chart, Column
from underreport.report.export.sheet import AXIS_PERCENT, Cell
from underreport.rules.regions import region_name
from underreport.screen.flags import FLAGS
from underreport.screen.model import ScreenResult

P = labels(
    "planning",
    {
        "screen.sheet": ("Screening", "Penyaringan"),
        "screen.summary": ("Summary", "Ringkasan"),
        "screen.title": (
            "Whom to inspect next: {flagged} of {screened} employers raise a flag",
            "Siapa diperiksa berikutnya: {flagged} dari {screened} pemberi kerja bertanda",
        ),
        "screen.year": ("Minimum wages of", "Upah minimum tahun"),
        "screen.year.year": ("{year} (set by --year)", "{year} (ditetapkan dengan --year)"),
        "screen.year.as_of": (
            "{year} (as-of date {date}, --as-of)",
            "{year} (tanggal data {date}, --as-of)",
        ),
        "screen.year.file": (
            "{year} (as-of date {date} from the file)",
            "{year} (tanggal data {date} dari berkas)",
        ),
        "screen.year.today": (
            "{year} (the file gives no date: today, {date})",
            "{year} (berkas tidak memuat tanggal: hari ini, {date})",
        ),
        "screen.line": ("Minimum wages of {why}", "Upah minimum tahun {why}"),
        "screen.screened": ("Employers screened", "Pemberi kerja disaring"),
        "screen.flagged": ("Employers with a flag", "Pemberi kerja bertanda"),
        "screen.top": ("Highest score", "Skor tertinggi"),
        "screen.chart": ("Screening score, highest first", "Skor penyaringan, tertinggi dahulu"),
        "col.rank": ("Rank", "Peringkat"),
        "col.npp": ("NPP", "NPP"),
        "col.employer": ("Employer", "Pemberi kerja"),
        "col.active": ("Active workers", "Pekerja aktif"),
        "col.declared": ("Declared (WLKP)", "Dilaporkan (WLKP)"),
        "col.previous": ("Active before", "Aktif sebelumnya"),
        "col.score": ("Score", "Skor"),
        "col.flags": ("Red flags", "Tanda bahaya"),
        "col.why": ("Why", "Alasan"),
        "coverage.sheet": ("Coverage", "Cakupan"),
        "coverage.summary": ("Summary", "Ringkasan"),
        "coverage.title": (
            "Coverage by {by}, {period} (lowest first)",
            "Cakupan menurut {by}, {period} (terendah dahulu)",
        ),
        "coverage.chart": ("Coverage by {by}", "Cakupan menurut {by}"),
        "by.province": ("province", "provinsi"),
        "by.regency": ("regency or city", "kabupaten/kota"),
        "by.employer-size": ("employer size", "skala usaha"),
        "by.industry": ("industry", "sektor usaha"),
        "sum.by": ("Grouped by", "Dikelompokkan menurut"),
        "sum.period": ("Period", "Periode"),
        "sum.groups": ("Groups", "Kelompok"),
        "sum.known": ("Workers known to exist", "Pekerja yang diketahui ada"),
        "sum.covered": ("Workers covered", "Pekerja terlindungi"),
        "sum.coverage": ("Coverage", "Cakupan"),
        "sum.lowest": ("Lowest coverage", "Cakupan terendah"),
        "sum.gap": ("Monthly contribution gap", "Selisih iuran per bulan"),
        "sum.note": ("Note", "Catatan"),
        "sum.nik_note": (
            "Groups marked (NIK) are placed by where most of the employer's workers' NIKs "
            "were issued, for want of employer reference data.",
            "Kelompok bertanda (NIK) ditempatkan menurut wilayah terbitnya NIK sebagian besar "
            "pekerja, karena data referensi pemberi kerja tidak ada.",
        ),
        "col.group": ("Group", "Kelompok"),
        "col.basis": ("Placed by", "Dasar"),
        "col.employers": ("Employers", "Pemberi kerja"),
        "col.known": ("Known workers", "Pekerja diketahui"),
        "col.covered": ("Covered", "Terlindungi"),
        "col.coverage": ("Coverage", "Cakupan"),
        "col.change": ("Change", "Perubahan"),
        "col.gap": ("Monthly contribution gap", "Selisih iuran per bulan"),
        "group.all": ("All", "Semua"),
        "group.unknown": ("Unknown", "Tidak diketahui"),
        "basis.reference": ("employer reference", "referensi pemberi kerja"),
        "basis.NIK": ("workers' NIKs", "NIK pekerja"),
        "basis.unknown": ("unknown", "tidak diketahui"),
        "basis.all": ("all", "semua"),
    },
)
REGIONAL = ("province", "regency")


def year_line(result: ScreenResult, lang: Lang) -> str:
    """`2025 (as-of date 31 March 2025 from the file)`: which minimum wages, and why that year."""
    when = result.as_of or date(result.year, 12, 31)
    return P(f"screen.year.{result.year_basis}", lang, year=result.year, date=day(when, lang))


def group_name(group: str, by: str, lang: Lang) -> str:
    """A coverage group as a person reads it: a region's name, `All`, `Unknown`."""
    if f"group.{group}" in P:
        return P(f"group.{group}", lang)
    return region_name(group) if by in REGIONAL else group


def screen_book(result: ScreenResult, lang: Lang) -> tuple[pl.DataFrame, Book]:
    """The screening table (contract names) and its workbook layout."""
    frame = pl.DataFrame(
        [{"rank": e.rank, "employer_id": e.employer_id, "employer_name": e.employer_name,
          "active_workers": e.active_workers, "declared_workers": e.declared_workers,
          "previous_active_workers": e.previous_active_workers, "score": e.score,
          "flags": [f.code for f in e.flags],
          "flag_titles": [FLAGS(f"title.{f.code}", lang) for f in e.flags],
          "reasons": [f.reason for f in e.flags]} for e in result.employers],
        schema={"rank": pl.Int64, "employer_id": pl.String, "employer_name": pl.String,
                "active_workers": pl.Int64, "declared_workers": pl.Int64,
                "previous_active_workers": pl.Int64, "score": pl.Float64,
                "flags": pl.List(pl.String), "flag_titles": pl.List(pl.String),
                "reasons": pl.List(pl.String)},
    )  # fmt: skip
    columns = [
        Column("rank", P("col.rank", lang), "int", 7),
        Column("employer_id", P("col.npp", lang), "id", 10),
        Column("employer_name", P("col.employer", lang), "text", 24),
        Column("active_workers", P("col.active", lang), "int", 9),
        Column("declared_workers", P("col.declared", lang), "int", 10),
        Column("previous_active_workers", P("col.previous", lang), "int", 10),
        Column("score", P("col.score", lang), "score", 7),
        Column("flag_titles", P("col.flags", lang), "wrap", 22),
        Column("reasons", P("col.why", lang), "wrap", 60),
    ]
    top = result.employers[0].score if result.employers else None
    summary: list[tuple[str, Cell]] = [
        (P("screen.year", lang), (year_line(result, lang), "wrap")),
        (P("screen.screened", lang), (result.employers_screened, "int")),
        (P("screen.flagged", lang), (len(result.employers), "int")),
        (P("screen.top", lang), (top, "score")),
    ]
    chart = Chart("employer_name", "score", P("screen.chart", lang), "0.00")
    book = Book(P("screen.sheet", lang), columns, summary, P("screen.summary", lang), chart, lang)
    return frame, book


def coverage_book(result: CoverageResult, lang: Lang) -> tuple[pl.DataFrame, Book]:
    """The coverage table (contract names, plus the group's name) and its workbook layout."""
    rows = [*result.groups, result.overall]
    frame = pl.DataFrame([g.model_dump() for g in rows]).with_columns(
        pl.Series("group_name", [group_name(g.group, result.by, lang) for g in rows]),
        pl.Series("basis_name", [P(f"basis.{g.basis}", lang) for g in rows]),
        (pl.col("change") * 100).alias("change_points"),
    )
    columns = [
        Column("group_name", P("col.group", lang), "text", 30),
        Column("basis_name", P("col.basis", lang), "text", 18),
        Column("employers", P("col.employers", lang), "int", 11),
        Column("known_workers", P("col.known", lang), "int", 11),
        Column("covered_workers", P("col.covered", lang), "int", 11),
        Column("coverage_ratio", P("col.coverage", lang), "pct", 10),
        Column("change_points", P("col.change", lang), "points", 10),
        Column("monthly_contribution_gap_idr", P("col.gap", lang), "money", 16),
    ]
    overall = result.overall
    lowest = result.groups[0] if result.groups else None
    summary: list[tuple[str, Cell]] = [
        (P("sum.by", lang), (P(f"by.{result.by}", lang), "text")),
        (P("sum.period", lang), (_month(result.period, lang), "text")),
        (P("sum.groups", lang), (len(result.groups), "int")),
        (P("sum.known", lang), (overall.known_workers, "int")),
        (P("sum.covered", lang), (overall.covered_workers, "int")),
        (P("sum.coverage", lang), (overall.coverage_ratio, "pct")),
        (P("sum.lowest", lang), (_lowest(lowest, result.by, lang), "wrap")),
        (P("sum.gap", lang), (overall.monthly_contribution_gap_idr, "money")),
    ]
    if any(g.basis == "NIK" for g in result.groups):
        summary.append((P("sum.note", lang), (P("sum.nik_note", lang), "wrap")))
    by = P(f"by.{result.by}", lang)
    chart = Chart("group_name", "coverage_ratio", P("coverage.chart", lang, by=by), AXIS_PERCENT,
                  maximum=1.0, rows=max(len(result.groups), 1))  # fmt: skip
    sheet, summary_sheet = P("coverage.sheet", lang), P("coverage.summary", lang)
    return frame, Book(sheet, columns, summary, summary_sheet, chart, lang)


def _lowest(row: CoverageRow | None, by: str, lang: Lang) -> str:
    if row is None:
        return "-"
    return f"{group_name(row.group, by, lang)}: {percent(row.coverage_ratio, lang)}"


def _month(period: str, lang: Lang) -> str:
    try:
        return month(period, lang)
    except ValueError:
        return period
