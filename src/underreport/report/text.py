"""The Rich rendering of a reconciliation: summary, ranking, data quality."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from rich.console import Console, Group
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from underreport.fmt import idr, month_label
from underreport.model.quality import CATALOGUE
from underreport.model.result import EmployerFinding, ReconcileResult

_SEVERITY_STYLE = {"high": "bold red", "medium": "yellow", "low": "green"}
_NAME_WIDTH = 16
"""The employer's name keeps this many characters; columns give way before it does."""


@dataclass(frozen=True)
class _Column:
    header: str
    justify: Literal["left", "right"]
    cell: Callable[[EmployerFinding], str]
    keep: int
    """Columns with the lowest `keep` are left out first on a narrow terminal."""


_COLUMNS = (
    _Column("#", "right", lambda e: str(e.rank), 9),
    _Column("NPP", "left", lambda e: escape(e.employer_id), 9),
    _Column("Employer", "left", lambda e: escape(e.employer_name or "-"), 9),
    _Column("Payroll", "right", lambda e: str(e.payroll_workers), 3),
    _Column("Enrolled", "right", lambda e: str(e.enrolled_workers), 1),
    _Column("Unreg.", "right", lambda e: str(e.unregistered_workers), 5),
    _Column("Under-rep.", "right", lambda e: str(e.underreported_wage_workers), 2),
    _Column("Coverage", "right",
            lambda e: "-" if e.coverage_ratio is None else f"{e.coverage_ratio:.0%}", 4),
    _Column("Monthly gap", "right", lambda e: idr(e.monthly_contribution_gap_idr), 9),
    _Column("Severity", "left", lambda e: f"[{_SEVERITY_STYLE[e.severity]}]{e.severity}[/]", 9),
)  # fmt: skip


def _fitting(width: int, rows: list[EmployerFinding]) -> tuple[list[_Column], dict[str, int]]:
    """The columns that fit `width`, least needed left out first, and each one's width.

    Figures and NPPs are never cut; the employer's name takes what is left, at least
    `_NAME_WIDTH`. Rich squeezes the one wrapping column to fit the rest: at 100
    columns the name was one character wide, over four lines a row.
    """
    widths = {
        c.header: max([len(c.header), *(len(Text.from_markup(c.cell(e)).plain) for e in rows)])
        for c in _COLUMNS
    }
    widths["Employer"] = _NAME_WIDTH
    shown = list(_COLUMNS)

    def needed(cols: list[_Column]) -> int:
        return 1 + sum(3 + widths[c.header] for c in cols)

    for c in sorted(_COLUMNS, key=lambda c: c.keep):
        if needed(shown) <= width or c.keep >= 9:
            break
        shown.remove(c)
    widths["Employer"] = max(_NAME_WIDTH, width - needed(shown) + _NAME_WIDTH)
    return shown, widths


def render(result: ReconcileResult, console: Console, top: int = 20) -> None:
    s = result.summary
    chosen = "latest in the payroll" if result.period_chosen == "latest" else "as asked"
    summary = Table.grid(padding=(0, 2))
    summary.add_column(style="bold")
    summary.add_column()
    for label, value in (
        ("Period", f"{month_label(result.period)} ({result.period}, {chosen})"),
        ("Employers inspected", str(s.employers)),
        ("Flagged employers", f"{s.flagged_employers} ({s.unregistered_employers} unregistered)"),
        ("Payroll workers", str(s.payroll_workers)),
        ("Unregistered workers", str(s.unregistered_workers)),
        ("Under-reported wages", str(s.underreported_wage_workers)),
        ("Monthly contribution gap", idr(s.monthly_contribution_gap_idr)),
        ("Rules", f"{result.rules_version}; {result.jkk_assumption}"),
    ):
        summary.add_row(label, value)
    console.print(Panel(summary, title="underreport: summary", expand=False))

    flagged = s.flagged_employers
    rows = result.employers[:top]
    shown, widths = _fitting(console.width, rows)
    left_out = [c.header for c in _COLUMNS if c not in shown]
    table = Table(
        title=f"Top {min(top, len(result.employers))} of {flagged} flagged employers",
        caption=f"Left out at this width: {', '.join(left_out)} (see --format json)"
        if left_out else None,
        show_lines=False,
    )  # fmt: skip
    for c in shown:
        name = c.header == "Employer"
        table.add_column(
            c.header, justify=c.justify, no_wrap=True, overflow="ellipsis",
            min_width=_NAME_WIDTH if name else widths[c.header],
            max_width=widths[c.header] if name else None,
        )  # fmt: skip
    for e in rows:
        table.add_row(*(c.cell(e) for c in shown))
    console.print(table)
    if result.employers:
        first = result.employers[0]
        console.print(
            Panel(
                escape("\n".join(f"• {r}" for r in first.reasons)),
                title=escape(f"Why #{first.rank} {first.employer_name or first.employer_id}"),
                expand=False,
            )
        )

    counts = Counter((i.code, i.severity) for i in result.data_quality)
    if result.data_quality_truncated:
        # Only the first issues are at hand: every issue counted per code, at its usual level.
        every = result.data_quality_counts
        counts = Counter({(c, CATALOGUE[c].severity): n for c, n in every.items()})
    skipped = sum(f.rows_skipped for f in result.inputs)
    read = sum(f.rows_read for f in result.inputs)
    lines = [
        f"{read} data rows read, {skipped} rows left out (totals, blank, signature lines) "
        f"from {len(result.inputs)} sheets/files"
    ]
    lines += [
        f"{n:>6}  {code}: {CATALOGUE[code].title} ({level})"
        for (code, level), n in counts.most_common()
    ]
    if result.data_quality_truncated:
        lines.append(
            f"See every issue with its file, sheet, row and column: --issues FILE "
            f"(--format json lists the first {len(result.data_quality)})"
        )
    elif counts:
        lines.append("See every issue with its file, sheet, row and column: --format json")
    console.print(Panel(Group(*lines), title="Data quality", expand=False))
