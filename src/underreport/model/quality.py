"""The catalogue of data-quality codes.

Codes are part of the public contract: scripts filter on them, so they are
stable. Each has a severity, a title and a message template filled from the
row that raised it, in English and Indonesian. `error` means the row cannot
be used as intended, `warning` that it is used with doubt, `info` that
nothing is wrong with the figures but the user should know.

Issues are written in English where they are found (`ingest`), a million at
a time; `ingest.issue_lang` rewrites them in Indonesian from the same
templates when a run speaks it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from underreport.model.i18n import Text

Level = Literal["error", "warning", "info"]


@dataclass(frozen=True)
class Code:
    code: str
    severity: Level
    heading: Text
    """The title in both languages (`title` is the English one)."""
    message: Text
    """The message template in both languages (`template` is the English one)."""

    @property
    def title(self) -> str:
        return self.heading.en

    @property
    def template(self) -> str:
        return self.message.en


def _c(code: str, severity: Level, title: tuple[str, str], message: tuple[str, str]) -> Code:
    return Code(code, severity, Text(*title), Text(*message))


CATALOGUE: dict[str, Code] = {
    c.code: c
    for c in (
        _c(
            "NIK_MISSING", "warning",
            ("No NIK", "Tanpa NIK"),
            ("no NIK: the worker is judged by name within the employer (unregistered only "
             "when no enrolment of the employer has a like name)",
             "tanpa NIK: pekerja dinilai menurut nama dalam pemberi kerja (dianggap belum "
             "terdaftar hanya bila tidak ada kepesertaan pemberi kerja itu dengan nama serupa)"),
        ),
        _c(
            "NIK_INVALID_LENGTH", "error",
            ("NIK is not 16 digits", "NIK tidak 16 angka"),
            ("NIK {value} has {length} digits, not 16: not used as a match key",
             "NIK {value} berisi {length} angka, bukan 16: tidak dipakai untuk pencocokan"),
        ),
        _c(
            "NIK_NOT_DIGITS", "error",
            ("NIK has letters or symbols", "NIK berisi huruf atau simbol"),
            ("NIK {value} is not made of digits: not used as a match key",
             "NIK {value} bukan deretan angka: tidak dipakai untuk pencocokan"),
        ),
        _c(
            "NIK_BAD_PROVINCE", "warning",
            ("NIK province code unknown", "Kode provinsi NIK tidak dikenal"),
            ("NIK {value} starts with {province}, which is not a province code",
             "NIK {value} diawali {province}, yang bukan kode provinsi"),
        ),
        _c(
            "NIK_BAD_BIRTHDATE", "warning",
            ("NIK birth date impossible", "Tanggal lahir dalam NIK mustahil"),
            ("NIK {value}: digits 7-12 are not a birth date "
             "(day 1-31, or 41-71 for women; month 1-12)",
             "NIK {value}: angka ke-7 sampai ke-12 bukan tanggal lahir "
             "(tanggal 1-31, atau 41-71 untuk perempuan; bulan 1-12)"),
        ),
        _c(
            "NIK_PRECISION_LOSS", "error",
            ("NIK damaged by a spreadsheet", "NIK rusak oleh lembar kerja"),
            ("NIK {value} was stored as a number and lost its last digits: not trusted as a key",
             "NIK {value} disimpan sebagai bilangan dan kehilangan angka terakhirnya: tidak "
             "dipercaya untuk pencocokan"),
        ),
        _c(
            "DUPLICATE_WORKER", "warning",
            ("Worker listed twice", "Pekerja tercantum dua kali"),
            ("NIK {value} appears {count} times on the {period} payroll of {employer}; "
             "counted once",
             "NIK {value} tercantum {count} kali dalam daftar upah {period} milik {employer}; "
             "dihitung sekali"),
        ),
        _c(
            "ENROLLED_TWICE", "warning",
            ("Worker enrolled twice as active", "Pekerja terdaftar aktif dua kali"),
            ("NIK {value} has {count} active enrolments at {employer} with different wages "
             "({wages}): the highest is taken as the reported wage, so its gap is a lower bound",
             "NIK {value} memiliki {count} kepesertaan aktif pada {employer} dengan upah "
             "berbeda ({wages}): yang tertinggi dipakai sebagai upah yang dilaporkan, jadi "
             "selisihnya batas bawah"),
        ),
        _c(
            "WORKER_AT_SEVERAL_EMPLOYERS", "info",
            ("Worker at several employers", "Pekerja pada beberapa pemberi kerja"),
            ("NIK {value} is on the payroll of {count} employers in {period}",
             "NIK {value} tercantum dalam daftar upah {count} pemberi kerja pada {period}"),
        ),
        _c(
            "WAGE_MISSING", "error",
            ("Wage missing", "Upah kosong"),
            ("no wage: the worker is counted but no contribution can be computed",
             "tanpa upah: pekerja dihitung tetapi iurannya tidak dapat dihitung"),
        ),
        _c(
            "WAGE_NOT_A_NUMBER", "error",
            ("Wage is not a number", "Upah bukan angka"),
            ("wage {value!r} is not a number", "upah {value!r} bukan angka"),
        ),
        _c(
            "WAGE_IMPLAUSIBLE", "warning",
            ("Wage implausible", "Upah tidak wajar"),
            ("wage {value} is outside plausible monthly wages",
             "upah {value} di luar kisaran upah bulanan yang wajar"),
        ),
        _c(
            "WAGE_MISMATCH", "warning",
            ("Computed wage disagrees", "Upah hasil hitungan berbeda"),
            ("contribution wage {value} differs from base wage + fixed allowance ({expected})",
             "upah dasar iuran {value} berbeda dari gaji pokok + tunjangan tetap ({expected})"),
        ),
        _c(
            "DATE_UNPARSEABLE", "warning",
            ("Date not understood", "Tanggal tidak dipahami"),
            ("date {value!r} is not a date this tool understands",
             "tanggal {value!r} bukan tanggal yang dipahami alat ini"),
        ),
        _c(
            "PERIOD_MISSING", "error",
            ("Period missing", "Periode kosong"),
            ("no payroll period in the row, the table or the title block",
             "tidak ada periode penggajian pada baris, tabel, maupun judul lembar"),
        ),
        _c(
            "PERIOD_UNPARSEABLE", "error",
            ("Period not understood", "Periode tidak dipahami"),
            ("period {value!r} is not a month this tool understands",
             "periode {value!r} bukan bulan yang dipahami alat ini"),
        ),
        _c(
            "EMPLOYER_MISSING", "warning",
            ("No employer", "Tanpa pemberi kerja"),
            ("no NPP and no employer name in the row, the table or its title block: the worker "
             "is counted as not reconcilable (a cell merged down a column holds its value in "
             "the first row only)",
             "tidak ada NPP maupun nama pemberi kerja pada baris, tabel, atau judul lembar: "
             "pekerja dihitung sebagai tidak dapat diperiksa (sel yang digabung ke bawah hanya "
             "menyimpan nilainya di baris pertama)"),
        ),
        _c(
            "STATUS_UNKNOWN", "warning",
            ("Enrolment status not understood", "Status kepesertaan tidak dipahami"),
            ("status {value!r} is neither active nor non-active: treated as active unless the "
             "row gives a non-active date, so nobody is accused on a guess",
             "status {value!r} bukan aktif maupun nonaktif: dianggap aktif kecuali baris itu "
             "mencantumkan tanggal nonaktif, agar tidak ada yang dituduh berdasarkan dugaan"),
        ),
        _c(
            "ALLOWANCE_NOT_COUNTED", "warning",
            ("Allowance left out of the contribution wage",
             "Tunjangan tidak dihitung dalam upah dasar iuran"),
            ("allowance column {header!r} is not counted in the contribution wage: its header "
             "does not say it is fixed (tetap) and the sheet has no fixed-allowance column; if it "
             "is paid every month whatever the attendance, name it under "
             "[aliases.payroll] fixed_allowance_part in the config file",
             "kolom tunjangan {header!r} tidak dihitung dalam upah dasar iuran: judul kolomnya "
             "tidak menyebut tetap dan lembar ini tidak memiliki kolom tunjangan tetap; bila "
             "dibayar setiap bulan tanpa memandang kehadiran, sebutkan di "
             "[aliases.payroll] fixed_allowance_part dalam berkas konfigurasi"),
        ),
        _c(
            "FORMULA_NOT_COMPUTED", "warning",
            ("Formulas without a saved value", "Rumus tanpa nilai tersimpan"),
            ("{count} formula cells of the sheet have no saved value (the program that wrote "
             "the file does not compute formulas): they read as empty, so a wage there is "
             "missing; open and save the file in Excel or LibreOffice to compute them",
             "{count} sel rumus pada lembar ini tidak memiliki nilai tersimpan (program yang "
             "menulis berkas tidak menghitung rumus): terbaca kosong, jadi upah di sana hilang; "
             "buka dan simpan berkas di Excel atau LibreOffice agar rumusnya dihitung"),
        ),
        _c("ROW_SKIPPED", "info", ("Row left out", "Baris dilewati"),
           ("row left out ({reason})", "baris dilewati ({reason})")),
        _c("SHEET_SKIPPED", "info", ("Sheet left out", "Lembar dilewati"),
           ("sheet left out: {reason}", "lembar dilewati: {reason}")),
        _c(
            "CONFIG_NOT_USED", "info",
            ("Config value not used", "Nilai konfigurasi tidak dipakai"),
            ("the config file's [[inputs.files]] {reason}; the sheet's value is used",
             "[[inputs.files]] dalam berkas konfigurasi: {reason}; nilai dari lembar yang "
             "dipakai"),
        ),
        _c("FILE_SKIPPED", "info", ("File left out", "Berkas dilewati"),
           ("file left out: {reason}", "berkas dilewati: {reason}")),
    )
}  # fmt: skip
VARIANTS: dict[str, Code] = {
    "NIK_PRECISION_LOSS/number": _c(
        "NIK_PRECISION_LOSS", "warning",
        ("NIK damaged by a spreadsheet", "NIK rusak oleh lembar kerja"),
        ("NIK {value} was stored as a number: its last digit may have been lost (a re-save "
         "rounds or drops it); still used as a key, check it against the ID card",
         "NIK {value} disimpan sebagai bilangan: angka terakhirnya mungkin hilang (penyimpanan "
         "ulang membulatkan atau membuangnya); tetap dipakai untuk pencocokan, periksa dengan "
         "KTP"),
    ),
    "NIK_NOT_DIGITS/passport": _c(
        "NIK_NOT_DIGITS", "warning",
        ("NIK has letters or symbols", "NIK berisi huruf atau simbol"),
        ("NIK {value} looks like a passport number (a foreign worker, as BPJS forms allow): "
         "not a NIK, so the worker is matched by name",
         "NIK {value} tampak seperti nomor paspor (pekerja asing, sebagaimana formulir BPJS "
         "membolehkan): bukan NIK, jadi pekerja dicocokkan menurut nama"),
    ),
}  # fmt: skip
"""A code raised at another severity, with its own wording, under a `CODE/variant` key.

A 16-digit NIK in a number cell ending in 0 may be whole or damaged: a
warning, where scientific text (`3,2E+15`) certainly identifies nobody.
"""
REASONS: dict[str, Text] = {
    t.en: t
    for t in (
        Text("summary heading", "judul rekapitulasi"),
        Text("below a summary heading: not a worker", "di bawah judul rekapitulasi: bukan pekerja"),
        Text("column legend row", "baris keterangan kolom"),
        Text("the header again, on a new page", "judul kolom terulang, di halaman baru"),
        Text("section heading", "judul bagian"),
        Text("totals row", "baris jumlah"),
        Text("totals row: a headcount in the name column",
             "baris jumlah: jumlah pekerja di kolom nama"),
        Text("form footer", "kaki formulir"),
        Text("signature line", "baris tanda tangan"),
        Text("a heading naming an employer's NPP inside the table: the rows under it are not "
             "linked to it (give an NPP column, or one sheet per employer)",
             "judul yang menyebut NPP pemberi kerja di dalam tabel: baris di bawahnya tidak "
             "dikaitkan dengannya (berikan kolom NPP, atau satu lembar per pemberi kerja)"),
        Text("no worker identifier or wage", "tanpa tanda pengenal pekerja maupun upah"),
        Text("the sheet is hidden in the workbook (Excel does not show it); name it with "
             "--sheet or the config file's include to read it",
             "lembar disembunyikan dalam buku kerja (Excel tidak menampilkannya); sebutkan "
             "dengan --sheet atau include dalam berkas konfigurasi untuk membacanya"),
    )
}  # fmt: skip
"""The fixed `{reason}` phrases of skipped rows and sheets (`ingest.clean`, `ingest.choice`).

Other reasons (a file's own read error) stay as they were written.
"""


def entry(code: str) -> Code:
    """The catalogue entry of a code or of a `CODE/variant` key."""
    return VARIANTS[code] if code in VARIANTS else CATALOGUE[code]


def message(code: str, **values: object) -> str:
    """The English message, as issues are written (`ingest.issue_lang` speaks Indonesian)."""
    return entry(code).message.en.format(**values)


def title(code: str, lang: str = "en") -> str:
    return entry(code).heading.get(lang)


def severity(code: str) -> Level:
    return entry(code).severity


def public(code: str) -> str:
    """The code scripts see: a variant's key without its `/variant`."""
    return entry(code).code
