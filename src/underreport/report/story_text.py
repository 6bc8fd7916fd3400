"""Rich rendering of `underreport explain`: one employer, worker by worker."""

from __future__ import annotations

from rich.console import Console
from rich.panel import Panel
from rich.table import Table

from underreport.fmt import idr, month_label
from underreport.model.i18n import labels, percent
from underreport.model.result import EmployerStory, WorkerLine

L = labels(
    "story-text",
    {
        "UNREGISTERED": ("not enrolled", "belum terdaftar"),
        "UNREGISTERED_INACTIVE": ("enrolment non-active", "kepesertaan nonaktif"),
        "WAGE_UNDERREPORTED": ("wage under-reported", "upah dilaporkan lebih rendah"),
        "ENROLLED_NOT_ON_PAYROLL": ("not on payroll", "tidak ada dalam daftar upah"),
        "lacks": ("lacks {programs}", "belum ikut {programs}"),
        "active": ("active", "aktif"),
        "non-active": ("non-active", "nonaktif"),
        "not enrolled": ("not enrolled", "belum terdaftar"),
        "no usable NIK": ("no usable NIK", "NIK tidak dapat dipakai"),
        "not judged": ("not judged", "tidak dinilai"),
        "nik": ("NIK", "NIK"),
        "nik_damaged": ("damaged NIK", "NIK rusak"),
        "nik_near": ("NIK one digit off", "NIK beda satu angka"),
        "name": ("name", "nama"),
        "employer": ("employer", "pemberi kerja"),
        "judged_by": ("judged by {basis}", "dinilai menurut {basis}"),
        "exact": ("exact", "pasti"),
        "tier": ("tier {tier}", "tingkat {tier}"),
        "col_nik": ("NIK", "NIK"),
        "col_name": ("Name", "Nama"),
        "col_contribution_wage": ("Contribution wage", "Upah dasar iuran"),
        "col_enrolment": ("Enrolment", "Kepesertaan"),
        "col_reported_wage": ("Reported wage", "Upah dilaporkan"),
        "col_match": ("Match", "Kecocokan"),
        "col_finding": ("Finding", "Temuan"),
        "col_monthly_gap": ("Monthly gap", "Selisih sebulan"),
        "no_finding": (
            "No finding for this employer.",
            "Tidak ada temuan untuk pemberi kerja ini.",
        ),
        "rank": ("Rank {rank}, severity {severity}", "Peringkat {rank}, tingkat {severity}"),
        "high": ("high", "tinggi"),
        "medium": ("medium", "sedang"),
        "low": ("low", "rendah"),
        "rules": (
            "Rules applied: JKK {rates}{default}; the other rates and the JP ceiling in force in "
            "{month}: underreport rules --year {year}",
            "Aturan yang dipakai: JKK {rates}{default}; tarif lain dan batas upah JP yang "
            "berlaku pada {month}: underreport rules --year {year}",
        ),
        "class_default": (
            " (class I: risk class unknown)",
            " (kelas I: kelas risiko tidak diketahui)",
        ),
        "workers": ("Workers on the payroll", "Pekerja dalam daftar upah"),
        "months": ("Month by month (arrears)", "Bulan demi bulan (tunggakan)"),
        "col_month": ("Month", "Bulan"),
        "col_paid": ("Paid", "Dibayar"),
        "col_covered": ("Covered", "Terlindungi"),
        "col_reported": ("Reported", "Dilaporkan"),
        "col_owed": ("Owed", "Terutang"),
        "col_jkk": ("JKK", "JKK"),
        "col_gap": ("Gap", "Selisih"),
        "yes": ("yes", "ya"),
        "no": ("no", "tidak"),
        "not_on_payroll": (
            "Enrolled, not on the payroll",
            "Terdaftar, tidak ada dalam daftar upah",
        ),
    },
)


def _finding(w: WorkerLine, lang: str) -> str:
    """The finding, or the programmes missing where that is all (its gap is shown beside)."""
    if w.finding and w.finding != "PROGRAM_MISSING":
        return L(w.finding, lang) if w.finding in L else w.finding
    return L("lacks", lang, programs=", ".join(w.missing_programs)) if w.missing_programs else ""


def _match(w: WorkerLine, lang: str) -> str:
    if w.match_tier is None:
        return "-"
    if w.enrolment == "not enrolled":
        return L("judged_by", lang, basis=L(w.match_basis, lang) if w.match_basis else "-")
    return L("exact", lang) if w.match_tier == 1 else L("tier", lang, tier=w.match_tier)


def _table(title: str, lines: list[WorkerLine], lang: str) -> Table:
    t = Table(title=title)
    for key, justify in (("nik", "left"), ("name", "left"), ("contribution_wage", "right"),
                         ("enrolment", "left"), ("reported_wage", "right"), ("match", "left"),
                         ("finding", "left"), ("monthly_gap", "right")):  # fmt: skip
        t.add_column(L(f"col_{key}", lang), justify=justify)  # type: ignore[arg-type]
    for w in lines:
        t.add_row(w.nik or "-", w.worker_name or "-", idr(w.contribution_wage_idr),
                  L(w.enrolment, lang), idr(w.reported_wage_idr), _match(w, lang),
                  _finding(w, lang),
                  idr(w.contribution_gap_idr) if w.contribution_gap_idr else "")  # fmt: skip
    return t


def render(story: EmployerStory, console: Console, lang: str = "en") -> None:
    month = month_label(story.period, lang)
    head = f"{story.employer_name or ''} (NPP {story.employer_id}), {month}"
    f = story.finding
    body = "\n".join(f"• {r}" for r in f.reasons) if f else L("no_finding", lang)
    if f:
        body = L("rank", lang, rank=f.rank, severity=L(f.severity, lang)) + "\n" + body
    console.print(Panel(body, title=head, expand=False))
    rates = {w.jkk_rate for w in story.workers if w.jkk_rate is not None}
    if rates:
        default = any(w.jkk_rate_is_default for w in story.workers)
        shown = ", ".join(percent(r, lang, 2) for r in sorted(rates))
        console.print(L("rules", lang, rates=shown, default=L("class_default", lang) if default
                        else "", month=month, year=story.period[:4]))  # fmt: skip
    console.print(_table(L("workers", lang), story.workers, lang))
    if story.months:
        t = Table(title=L("months", lang))
        for key in ("month", "nik", "name", "paid", "covered", "reported", "owed", "jkk", "gap"):
            t.add_column(L(f"col_{key}", lang))
        for m in story.months:
            t.add_row(m.period, m.nik or "-", m.worker_name or "-", idr(m.contribution_wage_idr),
                      L("yes" if m.covered else "no", lang), idr(m.reported_wage_idr),
                      " ".join(m.owed_programs), percent(m.jkk_rate, lang, 2),
                      idr(m.contribution_gap_idr) if m.contribution_gap_idr else "")  # fmt: skip
        console.print(t)
    if story.enrolled_not_on_payroll:
        console.print(_table(L("not_on_payroll", lang), story.enrolled_not_on_payroll, lang))
