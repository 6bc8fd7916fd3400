"""The ranking on a terminal: every column that fits, figures whole, names wrapped.

A terminal is 80, 100 or 160 columns; NPPs and rupiah are never cut (a cut
gap reads as a smaller one). Room is found by abbreviating headers (a legend
under the table says what they stand for), wrapping names over two lines,
then leaving out the least needed columns, named under the table. Widths are
worked out here rather than left to Rich, which squeezes whichever column it
may wrap, down to nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from rich import box
from rich.cells import cell_len
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from underreport.model import i18n
from underreport.model.i18n import labels
from underreport.model.result import EmployerFinding, ReconcileResult

L = labels(
    "table",
    {
        "none": ("No employer is flagged.", "Tidak ada pemberi kerja yang ditandai."),
        "title": ("Top {shown} of {flagged} flagged employers",
                  "{shown} teratas dari {flagged} pemberi kerja yang ditandai"),
        "left_out": ("Left out at this width: {columns} (see --format json).",
                     "Tidak muat di lebar ini: {columns} (lihat --format json)."),
        "rank": ("#", "#"),
        "npp": ("NPP", "NPP"),
        "employer": ("Employer", "Pemberi kerja"),
        "payroll": ("Payroll", "Daftar gaji"),
        "payroll_short": ("Pay.", "Gaji"),
        "enrolled": ("Enrolled", "Terdaftar"),
        "enrolled_short": ("Enr.", "Terd."),
        "unregistered": ("Unregistered", "Tak didaftarkan"),
        "unregistered_short": ("Unreg.", "PDS TK"),
        "underreported": ("Under-reported", "Upah kurang"),
        "underreported_short": ("Under", "PDS upah"),
        "coverage": ("Coverage", "Cakupan"),
        "coverage_short": ("Cov.", "Cak."),
        "gap": ("Monthly gap", "Selisih iuran/bln"),
        "gap_short": ("Gap/mo", "Selisih/bln"),
        "severity": ("Severity", "Tingkat"),
        "severity_short": ("Sev.", "Tkt."),
        "high": ("high", "tinggi"),
        "medium": ("medium", "sedang"),
        "low": ("low", "rendah"),
    },
)  # fmt: skip

SEVERITY_STYLE = {"high": "bold red", "medium": "yellow", "low": "green"}
NAME_MIN = 20
"""Narrowest the employer's name is wrapped to before a column is left out."""
NAME_FLOOR = 8
"""The name's width when `NAME_MIN` does not fit even with every column that may go gone."""
NAME_LINES = 2
"""Lines a wrapped name may take; a longer name is shortened with `…` on the last."""
ALWAYS = 9


@dataclass(frozen=True)
class Column:
    key: str
    justify: Literal["left", "right"]
    cell: Callable[[EmployerFinding, str], str]
    keep: int
    """Columns with the lowest `keep` are left out first; `ALWAYS` never."""

    def header(self, short: bool, lang: str) -> str:
        key = f"{self.key}_short"
        return L(key if short and key in L else self.key, lang)


def _coverage(e: EmployerFinding, lang: str) -> str:
    return i18n.percent(e.coverage_ratio, lang, digits=0)


COLUMNS = (
    Column("rank", "right", lambda e, _: str(e.rank), ALWAYS),
    Column("npp", "left", lambda e, _: e.employer_id, ALWAYS),
    Column("employer", "left", lambda e, _: e.employer_name or "-", ALWAYS),
    Column("payroll", "right", lambda e, _: str(e.payroll_workers), 3),
    Column("enrolled", "right", lambda e, _: str(e.enrolled_workers), 2),
    Column("unregistered", "right", lambda e, _: str(e.unregistered_workers), 6),
    Column("underreported", "right", lambda e, _: str(e.underreported_wage_workers), 5),
    Column("coverage", "right", _coverage, 4),
    Column("gap", "right", lambda e, lang: i18n.money(e.monthly_contribution_gap_idr), ALWAYS),
    Column("severity", "left", lambda e, lang: L(e.severity, lang), ALWAYS),
)  # fmt: skip
NAME = COLUMNS[2]


@dataclass(frozen=True)
class Layout:
    columns: list[Column]
    short: bool
    name_width: int

    def left_out(self) -> list[Column]:
        return [c for c in COLUMNS if c not in self.columns]


def layout(rows: list[EmployerFinding], width: int, lang: str) -> Layout:
    """The first way the table fits `width`.

    Full headers, then abbreviated ones, each with names on one line, else
    wrapped at `2 * NAME_MIN` or wider; then the least needed columns left out,
    names wrapped at `NAME_MIN` or wider. Each column costs its widest cell and
    2 characters (a padding and a blank rule).
    """
    names = [NAME.header(False, lang), *(NAME.cell(e, lang) for e in rows)]
    longest = max(cell_len(name) for name in names)

    def fits(short: bool, columns: list[Column], name: int) -> Layout | None:
        def width_of(c: Column) -> int:
            cells = [cell_len(c.cell(e, lang)) for e in rows]
            return max([cell_len(c.header(short, lang)), *cells])

        fixed = sum(width_of(c) for c in columns if c is not NAME) + 2 * (len(columns) - 1)
        room = width - fixed
        return Layout(columns, short, min(longest, room)) if room >= name else None

    every = list(COLUMNS)
    wrapped = min(longest, NAME_MIN * NAME_LINES)
    attempts = [fits(s, every, n) for s in (False, True) for n in (longest, wrapped)]
    chosen = next((a for a in attempts if a is not None), None)
    shown = list(every)
    for dropped in sorted((c for c in COLUMNS if c.keep < ALWAYS), key=lambda c: c.keep):
        if chosen is not None:
            break
        shown.remove(dropped)
        chosen = fits(True, shown, min(longest, NAME_MIN))
    narrowest = min(longest, NAME_FLOOR)
    return chosen or fits(True, shown, narrowest) or Layout(shown, True, narrowest)


def _name(name: str, width: int, console: Console) -> Text:
    """The name wrapped to `width`, over `NAME_LINES` lines at most, `…` where it is cut."""
    lines = list(Text(name).wrap(console, width, overflow="fold"))
    if len(lines) > NAME_LINES:
        lines = lines[:NAME_LINES]
        last = lines[-1]
        last.rstrip()
        last.truncate(width - 1)
        last.append("…")
    return Text("\n").join(lines)


def ranking(result: ReconcileResult, console: Console, top: int, lang: str) -> Table | Text:
    rows = result.employers[:top]
    if not rows:
        return Text(L("none", lang), style="bold green")
    plan = layout(rows, console.width, lang)
    notes = []
    if plan.short:
        notes.append(
            " · ".join(
                f"{c.header(True, lang)} = {c.header(False, lang)}"
                for c in plan.columns
                if c.header(True, lang) != c.header(False, lang)
            )
        )
    if plan.left_out():
        names = ", ".join(c.header(False, lang) for c in plan.left_out())
        notes.append(L("left_out", lang, columns=names))
    table = Table(
        title=escape(L("title", lang, shown=len(rows), flagged=result.summary.flagged_employers)),
        caption=escape("\n".join(notes)) or None, caption_justify="left",
        box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, collapse_padding=True,
        header_style="bold",
    )  # fmt: skip
    for c in plan.columns:
        name = c is NAME
        table.add_column(
            c.header(plan.short, lang), justify=c.justify, no_wrap=True,
            width=plan.name_width if name else None,
        )  # fmt: skip
    for e in rows:
        cells: list[Text] = []
        for c in plan.columns:
            if c is NAME:
                cells.append(_name(c.cell(e, lang), plan.name_width, console))
            elif c.key == "severity":
                cells.append(Text(c.cell(e, lang), style=SEVERITY_STYLE[e.severity]))
            else:
                cells.append(Text(c.cell(e, lang)))
        table.add_row(*cells)
    return table
