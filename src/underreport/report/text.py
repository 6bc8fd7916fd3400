"""The Rich rendering of a reconciliation: summary, ranking, data quality."""

from __future__ import annotations

from collections import Counter

from rich.console import Console, Group
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table

from underreport.fmt import idr, month_label
from underreport.model.quality import CATALOGUE
from underreport.model.result import ReconcileResult

_SEVERITY_STYLE = {"high": "bold red", "medium": "yellow", "low": "green"}


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
    table = Table(
        title=f"Top {min(top, len(result.employers))} of {flagged} flagged employers",
        show_lines=False,
    )
    for name, justify, wrap in (
        ("#", "right", False),
        ("NPP", "left", False),
        ("Employer", "left", True),
        ("Payroll", "right", False),
        ("Enrolled", "right", False),
        ("Unreg.", "right", False),
        ("Under-rep.", "right", False),
        ("Coverage", "right", False),
        ("Monthly gap", "right", False),
        ("Severity", "left", False),
    ):
        table.add_column(
            name,
            justify=justify,  # type: ignore[arg-type]
            no_wrap=not wrap,
            min_width=None if wrap else len(name),
        )
    for e in result.employers[:top]:
        table.add_row(
            str(e.rank),
            escape(e.employer_id),
            escape(e.employer_name or "-"),
            str(e.payroll_workers),
            str(e.enrolled_workers),
            str(e.unregistered_workers),
            str(e.underreported_wage_workers),
            "-" if e.coverage_ratio is None else f"{e.coverage_ratio:.0%}",
            idr(e.monthly_contribution_gap_idr),
            f"[{_SEVERITY_STYLE[e.severity]}]{e.severity}[/]",
        )
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
