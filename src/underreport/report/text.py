"""The Rich rendering of a reconciliation: summary, ranking, the first reasons, data quality.

Every word a person reads is a label in English and Indonesian (`labels("terminal")`
here, `labels("table")` for the ranking, whose layout is `report.ranking`'s).
"""

from __future__ import annotations

from collections import Counter

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from underreport.model import i18n
from underreport.model.i18n import labels
from underreport.model.quality import CATALOGUE, title
from underreport.model.result import ReconcileResult
from underreport.report.ranking import ranking

L = labels(
    "terminal",
    {
        "summary_title": ("underreport: summary", "underreport: ringkasan"),
        "period": ("Period", "Periode"),
        "period_value": ("{month} ({period}, {chosen})", "{month} ({period}, {chosen})"),
        "latest": ("latest in the payroll", "terakhir di daftar gaji"),
        "asked": ("as asked", "sesuai permintaan"),
        "employers": ("Employers inspected", "Pemberi kerja diperiksa"),
        "employers_value": (
            "{n} on the payroll, and {d} known by declaration only",
            "{n} di daftar gaji, dan {d} hanya dikenal dari laporan WLKP",
        ),
        "flagged": ("Flagged employers", "Pemberi kerja ditandai"),
        "flagged_value": ("{n} ({u} unregistered)", "{n} ({u} tidak terdaftar)"),
        "payroll_workers": ("Payroll workers", "Pekerja di daftar gaji"),
        "unregistered_workers": ("Unregistered workers", "Pekerja tidak didaftarkan"),
        "underreported": ("Under-reported wages", "Upah dilaporkan kurang"),
        "gap": ("Monthly contribution gap", "Selisih iuran per bulan"),
        "rules": ("Rules", "Aturan"),
        "why": ("Why #{rank}: NPP {npp}", "Mengapa #{rank}: NPP {npp}"),
        "dq_title": ("Data quality", "Kualitas data"),
        "dq_read": ("{read} data rows read, {skipped} rows left out (totals, blank, signature "
                    "lines) from {files} sheets/files",
                    "{read} baris data dibaca, {skipped} baris dilewati (jumlah, kosong, baris "
                    "tanda tangan) dari {files} lembar/berkas"),
        "dq_see_file": ("See every issue with its file, sheet, row and column: --issues FILE "
                        "(--format json lists the first {n})",
                        "Lihat setiap masalah dengan berkas, lembar, baris dan kolomnya: "
                        "--issues BERKAS (--format json memuat {n} yang pertama)"),
        "dq_see_json": ("See every issue with its file, sheet, row and column: --format json",
                        "Lihat setiap masalah dengan berkas, lembar, baris dan kolomnya: "
                        "--format json"),
        "level_error": ("error", "galat"),
        "level_warning": ("warning", "peringatan"),
        "level_info": ("info", "info"),
    },
)  # fmt: skip

WIDE = 10_000
"""Columns given to output that is not a terminal: Rich would otherwise cut it at 80."""


def for_output(console: Console) -> Console:
    """`console` on a terminal; redirected to a file or a pipe, one as wide as a line needs.

    A file has no width to fit: names, figures and reasons are written whole,
    one row a line, rather than cut or wrapped at Rich's default 80 columns.
    """
    if console.is_terminal:
        return console
    return Console(
        file=console.file, width=WIDE, no_color=console.no_color, highlight=False,
        color_system=None, soft_wrap=False,
    )  # fmt: skip


def render(result: ReconcileResult, console: Console, top: int = 20, lang: str = "en") -> None:
    console.print(_summary(result, lang))
    console.print(ranking(result, console, top, lang))
    console.print()
    if result.employers:
        first = result.employers[0]
        why = Text.assemble(
            (first.employer_name or "-", "bold"), *(f"\n• {r}" for r in first.reasons)
        )
        title = L("why", lang, rank=first.rank, npp=first.employer_id)
        console.print(Panel(why, title=Text(title), expand=False))
    console.print(_quality(result, lang))


def _summary(result: ReconcileResult, lang: str) -> Panel:
    s = result.summary
    chosen = L("latest" if result.period_chosen == "latest" else "asked", lang)
    rows = (
        ("period", L("period_value", lang, month=i18n.month(result.period, lang),
                     period=result.period, chosen=chosen)),
        ("employers", L("employers_value", lang, n=s.employers, d=s.declared_only_employers)
                      if s.declared_only_employers else str(s.employers)),
        ("flagged", L("flagged_value", lang, n=s.flagged_employers, u=s.unregistered_employers)),
        ("payroll_workers", str(s.payroll_workers)),
        ("unregistered_workers", str(s.unregistered_workers)),
        ("underreported", str(s.underreported_wage_workers)),
        ("gap", i18n.money(s.monthly_contribution_gap_idr, lang)),
        ("rules", f"{result.rules_version}; {result.jkk_assumption}"),
    )  # fmt: skip
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column()
    for key, value in rows:
        grid.add_row(L(key, lang), Text(value))
    return Panel(grid, title=L("summary_title", lang), expand=False)


def _quality(result: ReconcileResult, lang: str) -> Panel:
    counts = Counter((i.code, i.severity) for i in result.data_quality)
    if result.data_quality_truncated:
        # Only the first issues are at hand: every issue counted per code, at its usual level.
        every = result.data_quality_counts
        counts = Counter({(c, CATALOGUE[c].severity): n for c, n in every.items()})
    skipped = sum(f.rows_skipped for f in result.inputs)
    read = sum(f.rows_read for f in result.inputs)
    lines = [L("dq_read", lang, read=read, skipped=skipped, files=len(result.inputs))]
    lines += [
        f"{n:>6}  {code}: {title(code, lang)} ({L(f'level_{level}', lang)})"
        for (code, level), n in counts.most_common()
    ]
    if result.data_quality_truncated:
        lines.append(L("dq_see_file", lang, n=len(result.data_quality)))
    elif counts:
        lines.append(L("dq_see_json", lang))
    return Panel(Group(*(Text(line) for line in lines)), title=L("dq_title", lang), expand=False)
