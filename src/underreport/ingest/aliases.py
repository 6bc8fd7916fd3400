"""Header spellings for each canonical field.

Headers are compared after `normalise_header`: case, spaces, dots,
underscores and most punctuation are ignored, so `No. KTP`, `NO KTP` and
`no_ktp` are one spelling. Users add spellings through the config file.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Literal

Kind = Literal["payroll", "enrollment", "employers", "declarations", "notices"]

_DROP = re.compile(r"[\s._\-/:()\[\]'\"`,]+")


def normalise_header(text: object) -> str:
    return _DROP.sub("", str(text)).lower() if text is not None else ""


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
        "namapegawai",
        "namapekerja",
        "namatenagakerja",
        "namapeserta",
        "namalengkap",
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
        "staffid",
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
        "gaji",
        "basicsalary",
        "basesalary",
        "basepay",
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
        "gajiperhari",
        "dailywage",
        "upahhariankerja",
    ),
}

_ENROLLMENT: dict[str, tuple[str, ...]] = {
    "kpj": ("kpj", "nokpj", "nomorkpj", "nopeserta", "nomorpeserta", "nokartu", "nomorkartu"),
    "birth_date": ("tgllahir", "tanggallahir", "tgllhr", "birthdate", "dateofbirth", "dob"),
    "reported_wage": (
        "upah",
        "upahdilaporkan",
        "upahlapor",
        "upahterakhir",
        "upahbulanan",
        "upahtk",
        "gaji",
        "reportedwage",
        "wage",
        "upahyangdilaporkan",
    ),
    "programs": ("program", "programs", "programkepesertaan", "jenisprogram", "programbpjs"),
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


def classify(name: str, group: str | None, aliases: Mapping[str, str]) -> str | None:
    """Canonical field for a header, or None when the column is not needed.

    Two-row headers put allowance parts under a group heading; those parts
    become `fixed_allowance_part` and are only summed when no total exists,
    so the fixed allowance is never counted twice.
    """
    n = normalise_header(name)
    g = normalise_header(group) if group else ""
    if "tidaktetap" in n or "tidaktetap" in g:
        return None
    if n in aliases and not (g in _FIXED_GROUPS and n != g):
        return aliases[n]
    if (n.startswith("upah") or n.startswith("wage")) and ("+" in n or "tetap" in n):
        return "contribution_wage"
    if g in _FIXED_GROUPS or (any(n.startswith(p) for p in _FIXED_GROUPS) and n not in aliases):
        if n.startswith("total") or n.startswith("jumlah"):
            return "fixed_allowance"
        return "fixed_allowance_part"
    return aliases.get(n)
