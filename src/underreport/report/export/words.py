"""Every word a person reads in the export workbook, in English and Indonesian.

Sheet names, column headers, summary and About labels, chart titles and the
values shown as words (severity, yes/no, worker findings, match bases) are
registered as `labels("export", ...)` so the language test can walk them.
"""

from __future__ import annotations

from underreport.model import quality
from underreport.model.findings import CATALOGUE
from underreport.model.i18n import labels
from underreport.model.quality import CATALOGUE as QUALITY

L = labels(
    "export",
    {
        # sheets
        "sheet.summary": ("Summary", "Ringkasan"),
        "sheet.employers": ("Flagged employers", "Pemberi Kerja"),
        "sheet.workers": ("Workers", "Pekerja"),
        "sheet.quality": ("Data quality", "Kualitas Data"),
        "sheet.about": ("About", "Tentang"),
        # employer and worker columns
        "col.rank": ("Rank", "Peringkat"),
        "col.npp": ("NPP", "NPP"),
        "col.employer": ("Employer", "Pemberi kerja"),
        "col.registered": ("Registered employer", "Pemberi kerja terdaftar"),
        "col.payroll_workers": ("Payroll workers", "Pekerja di daftar gaji"),
        "col.enrolled": ("Enrolled workers", "Peserta terdaftar"),
        "col.unregistered": ("Unregistered workers", "Pekerja tidak terdaftar"),
        "col.underreported": ("Wage under-reported", "Upah dilaporkan kurang"),
        "col.coverage": ("Coverage", "Cakupan"),
        "col.wage_gap": ("Monthly wage gap", "Selisih upah per bulan"),
        "col.monthly_gap": ("Monthly contribution gap", "Selisih iuran per bulan"),
        "col.severity": ("Severity", "Tingkat"),
        "col.findings": ("Findings", "Temuan"),
        "col.reasons": ("Reasons", "Alasan"),
        "col.nik": ("NIK", "NIK"),
        "col.nik_pseudonym": ("NIK pseudonym", "Pseudonim NIK"),
        "col.worker": ("Worker", "Nama pekerja"),
        "col.finding": ("Finding", "Temuan"),
        "col.match_tier": ("Match tier", "Tingkat pencocokan"),
        "col.match_basis": ("Matched by", "Dicocokkan menurut"),
        "col.match_reason": ("Why matched", "Alasan pencocokan"),
        "col.payroll_wage": ("Wage paid", "Upah dibayar"),
        "col.reported_wage": ("Wage reported", "Upah dilaporkan"),
        "col.worker_gap": ("Monthly contribution gap", "Selisih iuran per bulan"),
        "col.file": ("File", "Berkas"),
        "col.sheet": ("Sheet", "Lembar"),
        "col.row": ("Row", "Baris"),
        "col.column": ("Column", "Kolom"),
        "col.code": ("Code", "Kode"),
        "col.issue": ("Issue", "Masalah"),
        "col.message": ("Message", "Pesan"),
        "col.item": ("Item", "Uraian"),
        "col.value": ("Value", "Nilai"),
        # values shown as words
        "yes": ("Yes", "Ya"),
        "no": ("No", "Tidak"),
        "severity.high": ("High", "Tinggi"),
        "severity.medium": ("Medium", "Sedang"),
        "severity.low": ("Low", "Rendah"),
        "severity.error": ("Error", "Galat"),
        "severity.warning": ("Warning", "Peringatan"),
        "severity.info": ("Note", "Catatan"),
        "finding.UNREGISTERED": ("Not registered", "Tidak terdaftar"),
        "finding.UNREGISTERED_INACTIVE": ("Enrolment not active", "Kepesertaan tidak aktif"),
        "finding.WAGE_UNDERREPORTED": ("Wage under-reported", "Upah dilaporkan kurang"),
        "finding.PROGRAM_MISSING": ("Programme missing", "Program tidak lengkap"),
        "basis.nik": ("NIK", "NIK"),
        "basis.nik_damaged": ("NIK damaged by a spreadsheet", "NIK rusak oleh spreadsheet"),
        "basis.nik_near": ("NIK one digit off", "NIK berbeda satu angka"),
        "basis.name": ("Name", "Nama"),
        "basis.employer": ("Employer not enrolled", "Pemberi kerja tidak terdaftar"),
        # summary
        "sum.period": ("Period", "Periode"),
        "sum.employers": ("Employers inspected", "Pemberi kerja diperiksa"),
        "sum.flagged": ("Flagged employers", "Pemberi kerja bertanda"),
        "sum.payroll_workers": ("Payroll workers", "Pekerja di daftar gaji"),
        "sum.enrolled_workers": ("Enrolled workers", "Pekerja terdaftar"),
        "sum.unregistered": ("Unregistered workers", "Pekerja tidak terdaftar"),
        "sum.underreported": (
            "Workers with wages under-reported",
            "Pekerja dengan upah dilaporkan kurang",
        ),
        "sum.unregistered_employers": (
            "Unregistered employers (PWBD)",
            "Pemberi kerja belum terdaftar (PWBD)",
        ),
        "sum.not_on_payroll": (
            "Enrolled, not on the payroll",
            "Terdaftar, tidak ada di daftar gaji",
        ),
        "sum.not_reconcilable": (
            "Not reconcilable (no usable NIK)",
            "Tidak dapat dicocokkan (tanpa NIK yang sah)",
        ),
        "sum.monthly_gap": ("Monthly contribution gap", "Selisih iuran per bulan"),
        "sum.rules_version": ("Rules version", "Versi aturan"),
        "sum.jkk": ("JKK assumption", "Asumsi JKK"),
        "sum.tool_version": ("Tool version", "Versi underreport"),
        "sum.generated": ("Generated (UTC)", "Dibuat (UTC)"),
        "chart.top": (
            "Top {n} employers: monthly contribution gap",
            "{n} pemberi kerja teratas: selisih iuran per bulan",
        ),
        # about
        "about.command": ("Command", "Perintah"),
        "about.option": ("Option {name}", "Opsi {name}"),
        "about.path": ("Input {i}: file", "Masukan {i}: berkas"),
        "about.sheet": ("Input {i}: sheet", "Masukan {i}: lembar"),
        "about.kind": ("Input {i}: kind", "Masukan {i}: jenis"),
        "about.sha256": ("Input {i}: SHA-256", "Masukan {i}: SHA-256"),
        "about.rows_read": ("Input {i}: rows read", "Masukan {i}: baris dibaca"),
        "about.rows_skipped": ("Input {i}: rows skipped", "Masukan {i}: baris dilewati"),
        "kind.payroll": ("payroll", "daftar gaji"),
        "kind.enrollment": ("enrolment", "kepesertaan"),
        "kind.employers": ("employer reference", "referensi pemberi kerja"),
        "kind.declarations": ("declarations", "laporan WLKP"),
        "page": ("Page", "Halaman"),
    },
)


def word(prefix: str, value: object, lang: str) -> object:
    """`value` as the label `prefix.value` when there is one, else unchanged (a code, a name)."""
    key = f"{prefix}.{value}"
    return L(key, lang) if value is not None and key in L else value


def finding_title(code: str | None, lang: str) -> str | None:
    """A worker finding or an employer finding code as its title in the language."""
    if code is None:
        return None
    if f"finding.{code}" in L:
        return L(f"finding.{code}", lang)
    entry = CATALOGUE.get(code)
    return entry.title.get(lang) if entry else code


def quality_title(code: str, lang: str) -> str:
    """A data-quality code's title in the language (the code itself when not catalogued)."""
    return quality.title(code, lang) if code in QUALITY else code
