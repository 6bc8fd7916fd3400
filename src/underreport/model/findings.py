"""The catalogue of employer findings: the codes behind every reasons sentence.

Codes are part of the public contract (each employer's `findings` in the
JSON), so they are stable; the README lists them. Each entry has a title and
a message template in English and Indonesian, and says how it sets the
employer's severity. The order of `CATALOGUE` is the order an employer's
reasons and findings are listed in.

Templates are `str.format` text rendered column by column (reconcile/texts.py):
`{x}` the value, `{x:idr}` rupiah (`Rp 1.234.567`), `{x:month}` a month
(`March 2025`), `{x:months}` / `{x:list}` a list joined by commas, and
`{x:one|many}` the word for the count `x` (only the word: the figure is
written as `{x}`). A placeholder named in `clauses` is the clauses whose
column is set, joined by commas: optional parts of a sentence.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from underreport.model.i18n import Text

Kind = Literal["finding", "note"]
SeverityRule = Literal["high", "coverage", "gap", "none"]
"""How a finding sets its employer's severity.

`high`: always high. `coverage`: high below `high_coverage_below` of the
employer's workers covered, medium below `medium_coverage_below`. `gap`: high
at `high_gap_idr` a month or more, medium at `medium_gap_idr`. `none`: no
effect. The employer takes the highest its findings give, else `low`.
"""


@dataclass(frozen=True)
class Clause:
    """Part of a sentence shown when column `when` is set (non-null, non-zero, non-empty).

    `!column` shows it when the column is not set.
    """

    when: str
    text: Text


@dataclass(frozen=True)
class Finding:
    code: str
    kind: Kind
    severity: SeverityRule
    title: Text
    message: Text
    trigger: str
    """What raises it, in the README's words."""
    workers: str | None = None
    """What the finding's `workers` counts; None: it carries no count."""
    amount: str | None = None
    """What the finding's `amount_idr` is; None: it carries no amount."""
    clauses: dict[str, tuple[Clause, ...]] = field(default_factory=dict)


def _t(en: str, id_: str) -> Text:
    return Text(en, id_)


_WITHOUT_NIK = Clause(
    "unregistered_without_nik",
    _t(
        " ({unregistered_without_nik} {unregistered_without_nik:worker|workers} without a "
        "usable NIK among them)",
        " ({unregistered_without_nik} pekerja di antaranya tanpa NIK yang dapat dipakai)",
    ),
)

CATALOGUE: dict[str, Finding] = {
    f.code: f
    for f in (
        Finding(
            "LINKED_BY_NAME", "note", "none",
            _t("Employer linked by name", "Pemberi kerja dikaitkan menurut nama"),
            _t("Linked to the enrolment employer {link_note} by its name; the payroll gives "
               "no NPP. Check the NPP before acting.",
               "Dikaitkan dengan pemberi kerja {link_note} dalam data kepesertaan menurut "
               "namanya; daftar upah tidak mencantumkan NPP. Periksa NPP sebelum bertindak."),
            "a payroll without NPP whose employer name matches exactly one enrolment employer",
        ),
        Finding(
            "NAME_AMBIGUOUS", "note", "none",
            _t("Employer name fits several NPPs", "Nama pemberi kerja cocok dengan beberapa NPP"),
            _t("The payroll gives no NPP, and several enrolment employers have this name: "
               "{link_note}. Not linked to any: check which one it is before acting.",
               "Daftar upah tidak mencantumkan NPP, dan beberapa pemberi kerja dalam data "
               "kepesertaan bernama sama: {link_note}. Tidak dikaitkan dengan satu pun: "
               "periksa yang mana sebelum bertindak."),
            "a payroll without NPP whose employer name matches several enrolment employers",
        ),
        Finding(
            "FORMS_OTHER_MONTHS", "note", "none",
            _t("Contribution forms of other months", "Formulir iuran untuk bulan lain"),
            _t("The BPJS contribution forms of this employer cover {form_periods:months}, not "
               "{period:month}: the employer is registered, but no form shows a worker "
               "enrolled in {period:month}.",
               "Formulir iuran BPJS pemberi kerja ini mencakup {form_periods:months}, bukan "
               "{period:month}: pemberi kerja terdaftar, tetapi tidak ada formulir yang "
               "menunjukkan pekerja terdaftar pada {period:month}."),
            "the employer's enrolment forms are dated, and none is of the run's month",
        ),
        Finding(
            "UNREGISTERED_EMPLOYER", "finding", "high",
            _t("Employer not registered (PWBD)", "Perusahaan Wajib Belum Daftar (PWBD)"),
            _t("No enrolment at all under employer {employer_id}: the employer appears "
               "unregistered (PWBD); all {payroll_workers} {payroll_workers:worker|workers} on "
               "the {period:month} payroll are uncovered{without_nik}.",
               "Tidak ada kepesertaan sama sekali atas pemberi kerja {employer_id}: pemberi "
               "kerja tampaknya Perusahaan Wajib Belum Daftar (PWBD); seluruh "
               "{payroll_workers} pekerja dalam daftar upah {period:month} belum terlindungi"
               "{without_nik}."),
            "no enrolment at all under the employer's NPP",
            workers="payroll workers, all uncovered (declared workers when no payroll is seen)",
            clauses={"without_nik": (_WITHOUT_NIK,)},
        ),
        Finding(
            "UNREGISTERED_WORKER", "finding", "coverage",
            _t("Workers not registered", "Pekerja belum didaftarkan"),
            _t("{unregistered_workers} of {reconcilable} workers on the {period:month} payroll "
               "have no active enrolment{inactive}{by_name}.",
               "{unregistered_workers} dari {reconcilable} pekerja dalam daftar upah "
               "{period:month} belum didaftarkan sebagai peserta aktif{inactive}{by_name}."),
            "payroll workers of a registered employer without an active enrolment",
            workers="workers without an active enrolment",
            clauses={
                "inactive": (Clause("inactive_workers", _t(
                    " ({inactive_workers} enrolled but non-active)",
                    " ({inactive_workers} terdaftar tetapi tidak aktif)")),),
                "by_name": (Clause("unregistered_without_nik", _t(
                    "; {unregistered_without_nik} of them "
                    "{unregistered_without_nik:has|have} no usable NIK and no enrolment of "
                    "this employer has their name",
                    "; {unregistered_without_nik} di antaranya tanpa NIK yang dapat dipakai "
                    "dan namanya tidak ada pada kepesertaan pemberi kerja ini")),),
            },
        ),
        Finding(
            "HEADCOUNT_GAP", "finding", "coverage",
            _t("Declared workers not enrolled", "Pekerja yang dilaporkan belum didaftarkan"),
            _t("Declares {declared_workers} workers (WLKP) but only {enrolled_workers} are "
               "actively enrolled: {headcount_gap} missing.",
               "Melaporkan {declared_workers} pekerja (WLKP) tetapi hanya {enrolled_workers} "
               "terdaftar aktif: kurang {headcount_gap}."),
            "no payroll seen, and the declared headcount exceeds active enrolments by more "
            "than 5 % (at least one worker)",
            workers="declared workers not actively enrolled",
        ),
        Finding(
            "WAGE_BILL_GAP", "finding", "none",
            _t("Declared wage bill not reported", "Total upah yang dilaporkan tidak sesuai"),
            _t("Declares a wage bill of {declared_wage_bill:idr} a month but reports "
               "{reported_wage_bill:idr} to BPJS.",
               "Melaporkan total upah {declared_wage_bill:idr} sebulan tetapi hanya melaporkan "
               "{reported_wage_bill:idr} kepada BPJS."),
            "no payroll seen, and the declared wage bill exceeds reported wages by more "
            "than 1 %",
            amount="declared wage bill - reported wages, a month",
        ),
        Finding(
            "WAGE_UNDERREPORTED", "finding", "none",
            _t("Wage reported below the wage paid", "Upah dilaporkan lebih rendah"),
            _t("{underreported_wage_workers} {underreported_wage_workers:worker is|workers are} "
               "enrolled with a wage below what the payroll pays: {underreported_amount:idr} a "
               "month unreported in total.",
               "{underreported_wage_workers} pekerja didaftarkan dengan upah lebih rendah dari "
               "yang dibayarkan menurut daftar upah: total {underreported_amount:idr} sebulan "
               "tidak dilaporkan."),
            "enrolled workers whose reported wage is below the payroll's contribution wage "
            "(beyond the tolerance)",
            workers="workers enrolled at a lower wage",
            amount="wages paid and not reported, a month",
        ),
        Finding(
            "CONTRIBUTION_GAP", "finding", "gap",
            _t("Contributions not paid", "Iuran tidak dibayar"),
            _t("Estimated contributions not paid: {monthly_contribution_gap_idr:idr} a month "
               "({jkk}).",
               "Perkiraan iuran yang tidak dibayar: {monthly_contribution_gap_idr:idr} sebulan "
               "({jkk})."),
            "an estimated monthly contribution gap above zero",
            amount="contributions not paid, a month",
            clauses={"basis": (
                Clause("average_wage", _t("average reported wage",
                                          "rata-rata upah yang dilaporkan")),
                Clause("!average_wage", _t("minimum wage", "upah minimum")),
            )},
        ),
        Finding(
            "PROGRAM_MISSING", "finding", "none",
            _t("Programme missing", "Program belum diikuti"),
            _t("{program_missing_workers} "
               "{program_missing_workers:enrolled worker lacks|enrolled workers lack} "
               "{missing_programs:list}, required of {size} (Perpres 109/2013).",
               "{program_missing_workers} peserta belum diikutkan program "
               "{missing_programs:list}, yang wajib bagi {size} (Perpres 109/2013)."),
            "enrolled workers without a programme the employer's size requires",
            workers="enrolled workers lacking a programme",
            clauses={"size": (
                Clause("size", _t("a {size} enterprise", "usaha {size}")),
                Clause("!size", _t("every employer", "setiap pemberi kerja")),
            )},
        ),
        Finding(
            "BELOW_MINIMUM_WAGE", "finding", "none",
            _t("Wage reported below the minimum wage", "Upah dilaporkan di bawah upah minimum"),
            _t("{below_minimum_wage_workers} {below_minimum_wage_workers:worker is|workers are} "
               "reported below the minimum wage ({min_wage_basis}: {min_wage:idr}).",
               "{below_minimum_wage_workers} pekerja dilaporkan dengan upah di bawah upah "
               "minimum ({min_wage_basis}: {min_wage:idr})."),
            "active enrolments reported below the applicable UMK/UMP",
            workers="enrolments reported below the minimum wage",
        ),
        Finding(
            "BELOW_MINIMUM_PAID", "finding", "none",
            _t("Wage paid below the minimum wage", "Upah dibayar di bawah upah minimum"),
            _t("{below_minimum_paid_workers} {below_minimum_paid_workers:worker is|workers are} "
               "paid below the minimum wage ({min_wage_basis}: {min_wage:idr}) on the payroll.",
               "{below_minimum_paid_workers} pekerja dibayar di bawah upah minimum "
               "({min_wage_basis}: {min_wage:idr}) menurut daftar upah."),
            "payroll workers paid a contribution wage below the applicable UMK/UMP",
            workers="payroll workers paid below the minimum wage",
        ),
        Finding(
            "BELOW_MINIMUM_INDICATED", "note", "none",
            _t("Below the minimum wage of the NIK's province",
               "Di bawah upah minimum provinsi asal NIK"),
            _t("{below_minimum_indicated} {below_minimum_indicated:worker is|workers are} below "
               "the minimum wage of the province that issued their NIK: only an indication, as "
               "the employer's region is unknown (give it with --employers).",
               "{below_minimum_indicated} pekerja di bawah upah minimum provinsi yang "
               "menerbitkan NIK-nya: hanya indikasi, karena wilayah pemberi kerja tidak "
               "diketahui (berikan dengan --employers)."),
            "workers below the minimum wage of their NIK's province, the employer's region "
            "being unknown",
            workers="workers below that minimum wage",
        ),
        Finding(
            "ARREARS", "finding", "none",
            _t("Arrears over several months", "Tunggakan iuran beberapa bulan"),
            _t("Arrears over {months_affected} {months_affected:month|months}: "
               "{arrears_principal_idr:idr}, plus {late_fine_idr:idr} late fine (2 % a month).",
               "Tunggakan selama {months_affected} bulan: {arrears_principal_idr:idr}, ditambah "
               "denda keterlambatan {late_fine_idr:idr} (2% per bulan)."),
            "a run over several months with contributions due and not paid",
            amount="arrears principal (the late fine is the employer's late_fine_idr)",
        ),
        Finding(
            "PROBABLE_MATCH", "note", "none",
            _t("Probable matches, not exact", "Kemungkinan cocok, belum pasti"),
            _t("Probable matches, not exact: {tiers}. Check them before acting on this "
               "employer.",
               "Kemungkinan cocok, belum pasti: {tiers}. Periksa sebelum menindak pemberi "
               "kerja ini."),
            "workers matched by a NIK damaged by Excel, a NIK one digit off or by name",
            workers="workers matched at tiers 2-4",
            clauses={"tiers": (
                Clause("tier2", _t("{tier2} {tier2:worker|workers} by a NIK damaged by Excel",
                                   "{tier2} pekerja menurut NIK yang rusak oleh Excel")),
                Clause("tier3", _t("{tier3} {tier3:worker|workers} by a NIK one digit off",
                                   "{tier3} pekerja menurut NIK yang berbeda satu angka")),
                Clause("tier4", _t("{tier4} {tier4:worker|workers} by name only",
                                   "{tier4} pekerja hanya menurut nama")),
            )},
        ),
        Finding(
            "LINKED_BY_NPWP", "note", "none",
            _t("Employer found by its NPWP", "Pemberi kerja ditemukan menurut NPWP"),
            _t("Found in the enrolment export under NPP {employer_id} by its NPWP (the payroll "
               "gave {payroll_employer_id}).",
               "Ditemukan dalam data kepesertaan dengan NPP {employer_id} menurut NPWP-nya "
               "(daftar upah mencantumkan {payroll_employer_id})."),
            "the payroll's NPP is not enrolled, and its NPWP names an enrolled NPP",
        ),
        Finding(
            "PROBABLE_EMPLOYER", "note", "none",
            _t("Same name under another NPP", "Nama sama dengan NPP lain"),
            _t("The enrolment export has an employer of the same name under NPP "
               "{probable_employer_id}: probably the same employer. Not applied; check the NPP "
               "before acting.",
               "Data kepesertaan memuat pemberi kerja bernama sama dengan NPP "
               "{probable_employer_id}: kemungkinan pemberi kerja yang sama. Tidak diterapkan; "
               "periksa NPP sebelum bertindak."),
            "an enrolled NPP whose employer has the same normalised name",
        ),
        Finding(
            "UNDER_DECLARED", "finding", "none",
            _t("Declares fewer workers than it pays", "Melaporkan pekerja lebih sedikit"),
            _t("Declares {declared_workers} workers to the ministry (WLKP) but pays "
               "{payroll_workers} on its own {period:month} payroll: it under-declares too.",
               "Melaporkan {declared_workers} pekerja kepada Kementerian Ketenagakerjaan "
               "(WLKP) tetapi membayar {payroll_workers} pekerja dalam daftar upahnya sendiri "
               "bulan {period:month}: jumlah pekerja juga dilaporkan kurang."),
            "a declared headcount (WLKP) below the employer's own payroll",
            workers="payroll workers not declared",
        ),
        Finding(
            "ENROLLED_NOT_ON_PAYROLL", "note", "none",
            _t("Enrolled, not on the payroll", "Terdaftar, tidak ada dalam daftar upah"),
            _t("{enrolled_not_on_payroll} "
               "{enrolled_not_on_payroll:active enrolment does|active enrolments do} not appear "
               "on the {period:month} payroll (former workers or ghost entries); not counted in "
               "the gap.",
               "{enrolled_not_on_payroll} peserta aktif tidak ada dalam daftar upah "
               "{period:month} (mantan pekerja atau peserta fiktif); tidak dihitung dalam "
               "selisih."),
            "active enrolments of the employer that are not on its payroll",
            workers="active enrolments not on the payroll",
        ),
        Finding(
            "NOT_RECONCILABLE", "note", "none",
            _t("Workers not checked", "Pekerja tidak dapat diperiksa"),
            _t("{not_reconcilable_workers} "
               "{not_reconcilable_workers:payroll worker|payroll workers} could not be checked "
               "(no usable NIK and no name, or a name or a re-saved NIK that fits enrolments not "
               "told apart; see explain): not counted as unregistered.",
               "{not_reconcilable_workers} pekerja dalam daftar upah tidak dapat diperiksa "
               "(tanpa NIK yang dapat dipakai dan tanpa nama, atau nama atau NIK yang disimpan "
               "ulang cocok dengan beberapa peserta; lihat explain): tidak dihitung sebagai "
               "belum didaftarkan."),
            "payroll workers that could not be judged",
            workers="payroll workers not judged",
        ),
    )
}  # fmt: skip
VARIANTS: dict[str, Text] = {
    "UNREGISTERED_EMPLOYER/declaration": _t(
        "No enrolment at all under this NPP, though the employer declares workers.",
        "Tidak ada kepesertaan sama sekali atas NPP ini, padahal pemberi kerja melaporkan "
        "memiliki pekerja.",
    ),
    "CONTRIBUTION_GAP/declaration": _t(
        "Estimated contributions not paid: {monthly_contribution_gap_idr:idr} a month, an "
        "estimate from the declared headcount at the employer's {basis} (no payroll seen; "
        "{jkk}).",
        "Perkiraan iuran yang tidak dibayar: {monthly_contribution_gap_idr:idr} sebulan, "
        "diperkirakan dari jumlah pekerja yang dilaporkan dengan {basis} pemberi kerja "
        "(tanpa daftar upah; {jkk}).",
    ),
}
"""A code's sentence in another situation, under a `CODE/variant` key (no payroll seen)."""
JKK_CLASS = _t("JKK at risk class {roman}", "JKK kelas risiko {roman}")
JKK_UNKNOWN = _t(
    "JKK at class I, the lowest rate, as the risk class is unknown: a lower bound",
    "JKK kelas I, tarif terendah, karena kelas risiko tidak diketahui: batas bawah",
)
SIZES: dict[str, Text] = {
    "large": _t("large", "besar"),
    "medium": _t("medium", "menengah"),
    "small": _t("small", "kecil"),
    "micro": _t("micro", "mikro"),
}
"""The employer sizes (`size`, codes of the rules) as a sentence says them."""
JP_CEILING = _t(
    "JP on wages up to the ceiling {amount} from {since}",
    "JP atas upah sampai batas {amount} sejak {since}",
)
"""The JP ceiling a contribution gap was priced with, cited in its sentence."""
JKK_ASSUMPTION = _t(
    "JKK at the employer's risk class where given, else at class I, the lowest rate: "
    "those figures are lower bounds",
    "JKK menurut kelas risiko pemberi kerja bila diketahui, selain itu kelas I, tarif "
    "terendah: angka tersebut batas bawah",
)
"""The result's `jkk_assumption`."""
