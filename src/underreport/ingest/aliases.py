"""Header spellings for each canonical field.

Headers are compared after `normalise_header`: case, spaces, line breaks,
dots, underscores and most punctuation are ignored, so `No. KTP`, `NO KTP`
and `no_ktp` are one spelling, and so are units and rates that BPJS forms
print in their headers (`Upah (Rp)`, `Iuran JKK 0.54%`, `(.....%)**`). Users
add spellings through the config file.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Literal

from underreport.ingest.parse import MONTH_RE

Kind = Literal["payroll", "enrollment", "employers", "declarations", "notices"]

HEADER_PUNCTUATION = r"[\s._\-/:()\[\]'\"`,*]+"
_DROP = re.compile(HEADER_PUNCTUATION)
_UNITS = re.compile(
    r"\(\s*(?:rp|idr)\.?\s*\)"  # (Rp) (Rp.) (IDR)
    r"|\(?\s*(?:\d+(?:[.,]\d+)?|[.…]+)\s*%\s*\)?\**",  # (0.3%) 0.54% (.....%)**
    re.IGNORECASE,
)


def normalise_header(text: object) -> str:
    """Header text reduced to the letters and digits that name the column."""
    if text is None:
        return ""
    return _DROP.sub("", _UNITS.sub(" ", str(text))).lower()


_COMMON: dict[str, tuple[str, ...]] = {
    "employer_id": (
        "npp",
        "nonpp",
        "nomornpp",
        "nppperusahaan",
        "nopendaftaranperusahaan",
        "nomorpendaftaranperusahaan",
        "employerid",
        "employerregistration",
        "registrationnumber",
    ),
    "employer_name": (
        "namaperusahaan",
        "perusahaan",
        "namapemberikerja",
        "pemberikerja",
        "namabadanusaha",
        "badanusaha",
        "employer",
        "employername",
        "company",
        "companyname",
    ),
    "npwp": ("npwp", "nonpwp", "nomornpwp", "npwpperusahaan", "taxid"),
    "nik": (
        "nik",
        "noktp",
        "nomorktp",
        "ktp",
        "nikktp",
        "nomorindukkependudukan",
        "nomorindukkependudukannik",
        "noindukkependudukan",
        "noindukkependudukannik",
        "nomorktpnik",
        "noktpnik",
        "niknoktp",
        "nikpaspor",
        "noktppaspor",
        "nikpeserta",
        "niktenagakerja",
        "nationalid",
        "idnumber",
        "noidentitas",
        "nomoridentitas",
    ),
    "worker_name": (
        "nama",
        "namakaryawan",
        "namakaryawanti",
        "namakaryawanwati",
        "namalengkapkaryawan",
        "namapegawaikaryawan",
        "namakaryawanpegawai",
        "namapegawai",
        "namapekerja",
        "namatenagakerja",
        "namapeserta",
        "namalengkap",
        "namasesuaiktp",
        "namalengkapsesuaiktp",
        "namasesuaiidentitas",
        "namatk",
        "name",
        "employeename",
        "workername",
        "fullname",
    ),
}

_PAYROLL: dict[str, tuple[str, ...]] = {
    "employee_no": (
        "nokaryawan",
        "nomorkaryawan",
        "idkaryawan",
        "nip",
        "nopegawai",
        "nomorpegawai",
        "nomorindukkaryawan",
        "noindukkaryawan",
        "employeeid",
        "employeeno",
        "employeenumber",
        "employeecode",
        "empno",
        "empid",
        "staffid",
        "staffno",
        "nostaff",
        "nomorstaff",
        "staffnumber",
        "kodekaryawan",
    ),
    "period": (
        "periode",
        "period",
        "bulan",
        "periodegaji",
        "periodepayroll",
        "bulangaji",
        "masaupah",
        "month",
        "payrollperiod",
        "bulantahun",
    ),
    "base_wage": (
        "gajipokok",
        "gapok",
        "upahpokok",
        "upahpokoksebulan",
        "gajipokoksebulan",
        "gajidasar",
        "upahdasar",
        "upah",
        "upahbulanan",
        "upahsebulan",
        "gajibulanan",
        "gajisebulan",
        "gaji",
        "basicsalary",
        "basesalary",
        "basepay",
        "basicpay",
        "basicwage",
        "basic",
        "monthlysalary",
        "monthlybasicsalary",
        "basewage",
        "salary",
    ),
    "fixed_allowance": (
        "tunjangantetap",
        "tunjtetap",
        "tjtetap",
        "tt",
        "totaltunjangantetap",
        "totaltunjtetap",
        "totaltjtetap",
        "jumlahtunjangantetap",
        "fixedallowance",
        "fixedallowances",
        "totalfixedallowance",
    ),
    # Individually named allowances the config file says are fixed (`Tunjangan Jabatan`):
    # summed like the parts under a `Tunjangan Tetap` heading.
    "fixed_allowance_part": (),
    "contribution_wage": (
        "upahgajipokok+tunjangantetap",
        "upahgajipokok+tjtetap",
        "upahgapok+tt",
        "upahgajipokok+tunjtetap",
        "gajipokok+tunjangantetap",
        "gapok+tt",
        "contributionwage",
    ),
    "work_status": (
        "statuskerja",
        "jenispekerja",
        "sistemupah",
        "statuspekerja",
        "tipepekerja",
        "workstatus",
        "paybasis",
        "statuskaryawan",
        "jeniskaryawan",
    ),
    "daily_wage": (
        "upahharian",
        "gajiharian",
        "upahperhari",
        "upahhari",
        "gajihari",
        "gajiperhari",
        "dailywage",
        "upahhariankerja",
    ),
}

_ENROLLMENT: dict[str, tuple[str, ...]] = {
    "kpj": (
        "kpj",
        "nokpj",
        "nomorkpj",
        "nopeserta",
        "nomorpeserta",
        "nokartu",
        "nomorkartu",
        "nomorreferensi",
        "nomorkartupeserta",
        "nokartupeserta",
        "noreferensi",
    ),
    "birth_date": (
        "tgllahir",
        "tanggallahir",
        "tgllhr",
        "birthdate",
        "dateofbirth",
        "dob",
        "tgllahirtglblnthn",
        "tanggallahirtglblnthn",
    ),
    "reported_wage": (
        "upah",
        "upahdilaporkan",
        "upahlapor",
        "upahterakhir",
        "upahbulanan",
        "upahtk",
        "dataupah",
        "gaji",
        "reportedwage",
        "wage",
        "upahyangdilaporkan",
        "upahterlapor",
        "upahsebulan",
        "gajidilaporkan",
    ),
    "programs": (
        "program",
        "programs",
        "programkepesertaan",
        "jenisprogram",
        "programbpjs",
        "programyangdiikuti",
    ),
    "jkk": ("jkk", "programjkk", "jaminankecelakaankerja"),
    "jkm": ("jkm", "programjkm", "jaminankematian"),
    "jht": ("jht", "programjht", "jaminanharitua"),
    "jp": ("jp", "programjp", "jaminanpensiun"),
    "active": (
        "status",
        "statuskepesertaan",
        "statuspeserta",
        "statusaktif",
        "statustk",
        "active",
    ),
    "enrolled_on": (
        "tglkepesertaan",
        "tanggalkepesertaan",
        "tgldaftar",
        "tanggaldaftar",
        "tmt",
        "tmtkepesertaan",
        "tanggalmulaikepesertaan",
        "tglmulaikepesertaan",
        "tglterdaftar",
        "enrolmentdate",
        "enrollmentdate",
        "enrolledon",
    ),
    "inactive_on": ("tglnonaktif", "tanggalnonaktif", "tglkeluar", "tanggalkeluar", "tmtnonaktif"),
    # The month a contribution form or bill covers; membership exports have none.
    "period": (
        "periode",
        "period",
        "periodelaporan",
        "periodeiuran",
        "bulaniuran",
        "masaiuran",
        "bulantahun",
    ),
}


_EMPLOYERS: dict[str, tuple[str, ...]] = {
    "size": ("skala", "skalausaha", "ukuran", "ukuranperusahaan", "size", "enterprisesize",
             "kategoriusaha", "skalaperusahaan"),
    "risk_class": ("kelasrisiko", "tingkatrisiko", "risiko", "riskclass", "jkkclass", "kelasjkk",
                   "tarifjkk", "jkkrate"),
    "province": ("provinsi", "kodeprovinsi", "province", "provincecode", "prov", "kdprov"),
    "regency": ("kabkota", "kabupatenkota", "kodekabkota", "kodekabupaten", "kabupaten", "kota",
                "regency", "regencycode", "kdkab", "wilayah", "kodewilayah"),
    "industry": ("industri", "sektor", "bidangusaha", "kbli", "industry", "sector", "jenisusaha"),
    "address": ("alamat", "alamatperusahaan", "alamatpemberikerja", "alamatkantor", "address",
                "companyaddress"),
}  # fmt: skip
_DECLARATIONS: dict[str, tuple[str, ...]] = {
    "nib": ("nib", "nomorindukberusaha"),
    "headcount": ("jumlahtenagakerja", "jumlahtk", "jumlahpekerja", "jumlahkaryawan",
                  "totaltenagakerja", "totalpekerja", "headcount", "workers", "employees",
                  "jumlahpegawai"),
    "headcount_male": ("tklakilaki", "lakilaki", "pria", "male", "jumlahtklakilaki"),
    "headcount_female": ("tkperempuan", "perempuan", "wanita", "female", "jumlahtkperempuan"),
    "wage_bill": ("totalupah", "jumlahupah", "totalgaji", "wagebill", "totalwages",
                  "upahbulanan", "totalupahsebulan"),
    "period": ("periode", "period", "tanggallapor", "tgllapor", "reportdate", "tahunlapor",
               "bulan", "tanggalpelaporan"),
}  # fmt: skip
_NOTICES: dict[str, tuple[str, ...]] = {
    "notice_date": ("tanggal", "tgl", "tanggalpemeriksaan", "tglpemeriksaan", "tanggalsurat",
                    "tglsurat", "tanggalteguran", "tglteguran", "noticedate", "inspectiondate",
                    "date"),
}  # fmt: skip
_KINDS = {"payroll": _PAYROLL, "enrollment": _ENROLLMENT, "employers": _EMPLOYERS,
          "declarations": _DECLARATIONS, "notices": _NOTICES}  # fmt: skip


def alias_map(kind: Kind, extra: Mapping[str, Iterable[str]] | None = None) -> dict[str, str]:
    """Normalised spelling -> canonical field for one input kind."""
    table = {**_COMMON, **_KINDS[kind]}
    out: dict[str, str] = {}
    for source in (table, extra or {}):
        for field, spellings in source.items():
            for s in spellings:
                out[normalise_header(s)] = field
    return out


def fields(kind: Kind) -> tuple[str, ...]:
    return tuple({**_COMMON, **_KINDS[kind]})


_FIXED_GROUPS = ("tunjangantetap", "tunjtetap", "tjtetap")
_DEDUCTION_GROUPS = ("potongan", "pemotongan", "deduction")
_SHARE = r"(?:pemberikerja|pekerja|tenagakerja|perusahaan|karyawan|pemerintah|employer|employee)"
_PROGRAMME = re.compile(rf"^(?:iuran|program)?(jkk|jkm|jht|jp|jkp){_SHARE}?$")
"""A contribution column: `Iuran JKK`, `JHT Pemberi Kerja`, `JP Tenaga Kerja`, `JKP Pemerintah`."""
_ID_OR_PASSPORT = re.compile(
    r"^(?:nik|ktp|noktp|nomorktp|noindukkependudukan|noidentitas|nomoridentitas)"
    r"(?:nik|ktp)?(?:no|nomor)?(?:paspor|passport)"
)
"""The national ID column of a form that takes a foreign worker's passport in its place."""
_NOTE = re.compile(r"\([^()]*\)")
_PER_MONTH = re.compile(r"(?:per|se)?(?:bulan|bln)$")
MONTH_SUFFIX = re.compile(rf"(?:{MONTH_RE})\d{{2,4}}$")


def _programme(n: str, g: str, aliases: Mapping[str, str]) -> str | None:
    """The programme a contribution column pays for, or "" when it is a column of JKP.

    `Iuran JHT` over `Pemberi Kerja` / `Pekerja` is one programme in two
    shares; so is `JHT` under a `Pemberi Kerja` or `Tenaga Kerja` group. JKP
    costs the employer nothing extra, so its columns say nothing of cover.
    """
    for text in (g, n):
        if m := _PROGRAMME.match(text):
            code = m.group(1)
            return aliases.get(code, "") if code != "jkp" else ""
    return None


_ALLOWANCE = re.compile(r"^(?:tunjangan|tunj|tj)|allowances?$")
_VARIABLE = re.compile(
    r"tidaktetap|tdktetap|nontetap|variab|makan|transport|hadir|lembur|overtime|insentif"
    r"|incentive|bonus|harian|thr|hariraya|meal"
)


def uncounted_allowance(name: str, group: str | None, aliases: Mapping[str, str]) -> bool:
    """An allowance the header neither calls fixed nor variable (`Tunjangan Jabatan`).

    Whether it belongs in the contribution wage depends on how it is paid
    (every month, or by attendance), which the header does not say: the
    reader leaves it out and says so rather than guess.
    """
    n = normalise_header(name)
    g = normalise_header(group) if group else ""
    return (
        bool(_ALLOWANCE.search(n))
        and not _VARIABLE.search(n + g)
        and not g.startswith(_DEDUCTION_GROUPS)
        and classify(name, group, aliases) is None
    )


def classify(name: str, group: str | None, aliases: Mapping[str, str]) -> str | None:
    """Canonical field for a header, or None when the column is not needed.

    Two-row headers put allowance parts under a group heading; those parts
    become `fixed_allowance_part` and are only summed when no total exists,
    so the fixed allowance is never counted twice. Parts of a deductions
    group (`Potongan` over `BPJS TK (JHT 2% + JP 1%)`) are never wages, and
    contribution amounts map to their programme (see `_programme`).
    """
    n = normalise_header(name)
    g = normalise_header(group) if group else ""
    if "tidaktetap" in n or "tidaktetap" in g or g.startswith(_DEDUCTION_GROUPS):
        return None
    if (programme := _programme(n, g, aliases)) is not None:
        return programme or None
    if g and n != g and (g + n) in aliases:  # `TUNJANGAN` over `Tetap`, `UPAH` over `Pokok`
        return aliases[g + n]
    if n in aliases and not (g in _FIXED_GROUPS and n != g):
        return aliases[n]
    if (n.startswith("upah") or n.startswith("wage")) and ("+" in n or "tetap" in n):
        return "contribution_wage"
    if g in _FIXED_GROUPS or (any(n.startswith(p) for p in _FIXED_GROUPS) and n not in aliases):
        if n.startswith("total") or n.startswith("jumlah"):
            return "fixed_allowance"
        return "fixed_allowance_part"
    if n.startswith("nomorindukkependudukan") or _ID_OR_PASSPORT.match(n):
        return aliases.get("nik")  # "… (NIK)/Paspor (bagi TK Asing)", "NIK / No. Paspor (TK Asing)"
    if (bare := MONTH_SUFFIX.sub("", n)) != n and bare in aliases:  # "GAJI\nMARET 2025"
        return aliases[bare]
    if n not in aliases and (plain := normalise_header(_NOTE.sub(" ", str(name)))) != n:
        return aliases.get(plain)  # "NIK (16 digit)": a note in brackets says how, not what
    if n not in aliases and (monthly := _PER_MONTH.sub("", n)) != n:
        return aliases.get(monthly)  # "Gaji Pokok/Bulan", "Upah Pokok per Bulan"
    return aliases.get(n)
