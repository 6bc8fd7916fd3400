"""Rich rendering of `underreport validate`: mappings, counts, issues by code."""

from __future__ import annotations

import re
from collections import Counter

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from underreport.model.errors import one_line
from underreport.model.i18n import labels
from underreport.model.quality import title
from underreport.validate import ValidationReport

LIST_LIMIT = 50
L = labels(
    "validation-text",
    {
        "error": ("error", "galat"),
        "sheet": ("sheet {name!r}", "lembar {name!r}"),
        "row": ("row {n}", "baris {n}"),
        "column": ("column {name!r}", "kolom {name!r}"),
        "read": ("What was read", "Yang dibaca"),
        "col_file": ("File", "Berkas"),
        "col_sheet": ("Sheet", "Lembar"),
        "col_kind": ("Kind", "Jenis"),
        "col_rows_read": ("Rows read", "Baris dibaca"),
        "col_skipped": ("Skipped", "Dilewati"),
        "col_columns": ("Columns understood", "Kolom yang dikenali"),
        "payroll": ("payroll", "daftar upah"),
        "enrollment": ("enrollment", "kepesertaan"),
        "by_code": ("Data-quality issues by code", "Masalah mutu data menurut kode"),
        "col_code": ("Code", "Kode"),
        "col_severity": ("Severity", "Tingkat"),
        "col_count": ("Count", "Jumlah"),
        "col_means": ("What it means", "Artinya"),
        "warning": ("warning", "peringatan"),
        "info": ("info", "info"),
        "every": ("Every issue", "Semua masalah"),
        "col_row": ("Row", "Baris"),
        "col_column": ("Column", "Kolom"),
        "col_message": ("Message", "Pesan"),
        "many": (
            "{n} issues: see them all with --format json",
            "{n} masalah: lihat semuanya dengan --format json",
        ),
        "unreadable": ("files that cannot be read", "ada berkas yang tidak dapat dibaca"),
        "errors": ("{n} errors in the data", "{n} galat dalam data"),
        "no_errors": ("no errors", "tidak ada galat"),
        "result": ("Result: {verdict}.", "Hasil: {verdict}."),
        "title_line": ("title: {label} (row {row})", "judul: {label} (baris {row})"),
        "heading": ("header {label}", "judul kolom {label}"),
        "config file": ("config file", "berkas konfigurasi"),
    },
)
_SOURCES = (
    ("title_line", re.compile(r"^title: (?P<label>.*) \(row (?P<row>\d+)\)$", re.S)),
    ("heading", re.compile(r"^header (?P<label>.*)$", re.S)),
)


def _source(text: str, lang: str) -> str:
    """Where a field was found, as `ingest` says it (`title: NPP (row 3)`), in `lang`."""
    if lang == "en":
        return text
    if text in L:
        return L(text, lang)
    for key, pattern in _SOURCES:
        if found := pattern.match(text):
            return L(key, lang, **found.groupdict())
    return text


def unreadable(report: ValidationReport, err: Console, lang: str = "en") -> None:
    """One `error:` line per file that cannot be read, on stderr as every command's errors.

    The reading error itself is the reader's and stays as it was written.
    """
    for u in report.unreadable:
        where = ", ".join(
            x
            for x in (u.path, u.sheet and L("sheet", lang, name=u.sheet),
                      u.row and L("row", lang, n=u.row),
                      u.column and L("column", lang, name=u.column))
            if x
        )  # fmt: skip
        line = one_line(f"{where}: {u.message}")
        err.print(f"[bold red]{L('error', lang)}:[/] {escape(line)}", soft_wrap=True)


def render(report: ValidationReport, console: Console, err: Console, lang: str = "en") -> None:
    """What was read on `console`; files that cannot be read on `err`, and nothing else
    when no file could be read."""
    unreadable(report, err, lang)
    if not report.inputs and not report.data_quality:
        return
    sheets = Table(title=L("read", lang))
    for key in ("file", "sheet", "kind", "rows_read", "skipped", "columns"):
        sheets.add_column(L(f"col_{key}", lang), overflow="fold")
    for f in report.inputs:
        # a header cell's own line breaks would read as separate mappings
        mapping = "\n".join(f"{' '.join(_source(header, lang).split())} → {field}"
                             for field, header in f.columns.items())  # fmt: skip
        # file, sheet and header text are the user's: `[Rp]` is no Rich markup
        sheets.add_row(escape(f.path), escape(f.sheet or "-"), L(f.kind, lang), str(f.rows_read),
                       str(f.rows_skipped), escape(mapping))  # fmt: skip
    console.print(sheets)
    # by code and severity: NIK_PRECISION_LOSS is an error or a warning by cell
    counts = Counter((i.code, i.severity) for i in report.data_quality)
    if counts:
        by_code = Table(title=L("by_code", lang))
        for key in ("code", "severity", "count", "means"):
            by_code.add_column(L(f"col_{key}", lang))
        for (code, level), n in counts.most_common():
            by_code.add_row(code, L(level, lang), str(n), title(code, lang))
        console.print(by_code)
    if 0 < len(report.data_quality) <= LIST_LIMIT:
        rows = Table(title=L("every", lang))
        for key in ("file", "sheet", "row", "column", "code", "message"):
            rows.add_column(L(f"col_{key}", lang), overflow="fold")
        for i in report.data_quality:
            rows.add_row(escape(i.file or "-"), escape(i.sheet or "-"), str(i.row or "-"),
                         escape(i.column or "-"), i.code, escape(i.message))  # fmt: skip
        console.print(rows)
    elif report.data_quality:
        console.print(L("many", lang, n=len(report.data_quality)))
    verdict = (
        L("unreadable", lang) if report.unreadable
        else L("errors", lang, n=report.errors) if report.errors
        else L("no_errors", lang)
    )  # fmt: skip
    console.print(L("result", lang, verdict=verdict))
