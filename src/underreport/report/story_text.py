"""Rich rendering of `underreport explain`: one employer, worker by worker."""

from __future__ import annotations

from rich.console import Console
from rich.panel import Panel
from rich.table import Table

from underreport.fmt import idr, month_label
from underreport.model.result import EmployerStory, WorkerLine

_FINDING = {
    "UNREGISTERED": "not enrolled",
    "UNREGISTERED_INACTIVE": "enrolment non-active",
    "WAGE_UNDERREPORTED": "wage under-reported",
    "ENROLLED_NOT_ON_PAYROLL": "not on payroll",
}


def _finding(w: WorkerLine) -> str:
    """The finding, or the programmes missing where that is all (its gap is shown beside)."""
    if w.finding and w.finding != "PROGRAM_MISSING":
        return _FINDING.get(w.finding, w.finding)
    return f"lacks {', '.join(w.missing_programs)}" if w.missing_programs else ""


def _table(title: str, lines: list[WorkerLine]) -> Table:
    t = Table(title=title)
    for name, justify in (("NIK", "left"), ("Name", "left"), ("Contribution wage", "right"),
                          ("Enrolment", "left"), ("Reported wage", "right"), ("Match", "left"),
                          ("Finding", "left"), ("Monthly gap", "right")):  # fmt: skip
        t.add_column(name, justify=justify)  # type: ignore[arg-type]
    for w in lines:
        tier = (
            "-"
            if w.match_tier is None
            else f"judged by {w.match_basis}"
            if w.enrolment == "not enrolled"
            else "exact"
            if w.match_tier == 1
            else f"tier {w.match_tier}"
        )
        t.add_row(w.nik or "-", w.worker_name or "-", idr(w.contribution_wage_idr), w.enrolment,
                  idr(w.reported_wage_idr), tier, _finding(w),
                  idr(w.contribution_gap_idr) if w.contribution_gap_idr else "")  # fmt: skip
    return t


def render(story: EmployerStory, console: Console, lang: str = "en") -> None:
    """`lang` is taken for the lang helper's translation; the text is English until it lands."""
    head = f"{story.employer_name or ''} (NPP {story.employer_id}), {month_label(story.period)}"
    f = story.finding
    body = "\n".join(f"• {r}" for r in f.reasons) if f else "No finding for this employer."
    if f:
        body = f"Rank {f.rank}, severity {f.severity}\n" + body
    console.print(Panel(body, title=head, expand=False))
    rates = {w.jkk_rate for w in story.workers if w.jkk_rate is not None}
    if rates:
        default = any(w.jkk_rate_is_default for w in story.workers)
        console.print(
            "Rules applied: JKK "
            + ", ".join(f"{r:.2%}" for r in sorted(rates))
            + (" (class I: risk class unknown)" if default else "")
            + f"; the other rates and the JP ceiling in force in {month_label(story.period)}: "
            f"underreport rules --year {story.period[:4]}"
        )
    console.print(_table("Workers on the payroll", story.workers))
    if story.months:
        t = Table(title="Month by month (arrears)")
        for name in ("Month", "NIK", "Name", "Paid", "Covered", "Reported", "Owed", "JKK",
                     "Gap"):  # fmt: skip
            t.add_column(name)
        for m in story.months:
            t.add_row(m.period, m.nik or "-", m.worker_name or "-", idr(m.contribution_wage_idr),
                      "yes" if m.covered else "no", idr(m.reported_wage_idr),
                      " ".join(m.owed_programs), f"{m.jkk_rate:.2%}",
                      idr(m.contribution_gap_idr) if m.contribution_gap_idr else "")  # fmt: skip
        console.print(t)
    if story.enrolled_not_on_payroll:
        console.print(_table("Enrolled, not on the payroll", story.enrolled_not_on_payroll))
