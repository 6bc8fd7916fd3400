"""Rich rendering of `underreport validate`: mappings, counts, issues by code."""

from __future__ import annotations

from collections import Counter

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from underreport.model.errors import one_line
from underreport.model.quality import CATALOGUE
from underreport.validate import ValidationReport

LIST_LIMIT = 50


def unreadable(report: ValidationReport, err: Console) -> None:
    """One `error:` line per file that cannot be read, on stderr as every command's errors."""
    for u in report.unreadable:
        where = ", ".join(
            x
            for x in (u.path, u.sheet and f"sheet {u.sheet!r}", u.row and f"row {u.row}",
                      u.column and f"column {u.column!r}")
            if x
        )  # fmt: skip
        line = one_line(f"{where}: {u.message}")
        err.print(f"[bold red]error:[/] {escape(line)}", soft_wrap=True)


def render(report: ValidationReport, console: Console, err: Console) -> None:
    """What was read on `console`; files that cannot be read on `err`, and nothing else
    when no file could be read."""
    unreadable(report, err)
    if not report.inputs and not report.data_quality:
        return
    sheets = Table(title="What was read")
    for name in ("File", "Sheet", "Kind", "Rows read", "Skipped", "Columns understood"):
        sheets.add_column(name, overflow="fold")
    for f in report.inputs:
        # a header cell's own line breaks would read as separate mappings
        mapping = "\n".join(f"{' '.join(header.split())} → {field}"
                             for field, header in f.columns.items())  # fmt: skip
        # file, sheet and header text are the user's: `[Rp]` is no Rich markup
        sheets.add_row(escape(f.path), escape(f.sheet or "-"), f.kind, str(f.rows_read),
                       str(f.rows_skipped), escape(mapping))  # fmt: skip
    console.print(sheets)
    # by code and severity: NIK_PRECISION_LOSS is an error or a warning by cell
    counts = Counter((i.code, i.severity) for i in report.data_quality)
    if counts:
        by_code = Table(title="Data-quality issues by code")
        for name in ("Code", "Severity", "Count", "What it means"):
            by_code.add_column(name)
        for (code, level), n in counts.most_common():
            by_code.add_row(code, level, str(n), CATALOGUE[code].title)
        console.print(by_code)
    if 0 < len(report.data_quality) <= LIST_LIMIT:
        rows = Table(title="Every issue")
        for name in ("File", "Sheet", "Row", "Column", "Code", "Message"):
            rows.add_column(name, overflow="fold")
        for i in report.data_quality:
            rows.add_row(escape(i.file or "-"), escape(i.sheet or "-"), str(i.row or "-"),
                         escape(i.column or "-"), i.code, escape(i.message))  # fmt: skip
        console.print(rows)
    elif report.data_quality:
        console.print(f"{len(report.data_quality)} issues: see them all with --format json")
    verdict = (
        "files that cannot be read" if report.unreadable
        else f"{report.errors} errors in the data" if report.errors
        else "no errors"
    )  # fmt: skip
    console.print(f"Result: {verdict}.")
