"""The files `screen` and `coverage` read, beside a sample set, with red flags planted.

An office planning its inspections holds more than payrolls and the BPJS export:
the employer register (`employers/`), the headcounts employers declare to the
ministry (WLKP, `declarations/`), last year's BPJS export (`previous/`) and its
own inspection notices (`notices/`). These are written from the same world as
the payrolls and enrolments, and honestly (declared headcount is the real one,
wages rose with the minimum wage), except for the flags planted here, in these
files only, so the payroll and enrolment files and `answer.json` are untouched:

- ENROLMENT_DROP and HEADCOUNT_GAP (an employer known only to BPJS): last
  year's export held twice the workers active now, and the declaration still
  counts them all;
- STAGNANT_WAGES (another such employer): every wage exactly as last year's,
  while the minimum rose;
- PROGRAM_MISSING: a medium-sized employer (employer register) that enrols
  without JP, when the world has one;
- ENROLLED_AFTER_NOTICE: a notice dated the day before the employer's densest
  60 days of enrolments, when those hold at least 30 % of its active workers.

MINIMUM_WAGE_PATTERN is not planted: it would need other wages in the enrolment
export. `planning.json` says what was planted and which employers were made
to raise no flag at all.
"""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from openpyxl import Workbook
from pydantic import BaseModel, Field

from . import names
from .enrollment import CSV_HEADER, Membership, memberships
from .formats import indonesian_date, save_workbook
from .world import Employer

REFERENCE = "employers/referensi_pemberi_kerja.xlsx"
DECLARATIONS = "declarations/wlkp_{year}.xlsx"
PREVIOUS = "previous/kepesertaan_bpjstk_{period}.csv"
NOTICES = "notices/surat_pemeriksaan.csv"
ANSWER = "planning.json"
OWN_FILES = ("employers/*.xlsx", "declarations/*.xlsx", "previous/*.csv", "notices/*.csv", ANSWER)
RAISE = 1.065
"""Wages a year earlier were this much lower: a rise with the minimum wage, so not stagnant."""
NOTICE_DAYS, NOTICE_SHARE = 60, 0.3
"""`[screen] notice_days` and `notice_share` defaults: the burst a planted notice must show."""

# The first city (kode 71) of each province, or its capital regency where it has no city.
REGENCY = {
    11: ("1171", "Kota Banda Aceh"), 12: ("1271", "Kota Sibolga"), 13: ("1371", "Kota Padang"),
    14: ("1471", "Kota Pekanbaru"), 15: ("1571", "Kota Jambi"), 16: ("1671", "Kota Palembang"),
    17: ("1771", "Kota Bengkulu"), 18: ("1871", "Kota Bandar Lampung"),
    19: ("1971", "Kota Pangkal Pinang"), 21: ("2171", "Kota Batam"),
    31: ("3171", "Kota Jakarta Selatan"), 32: ("3273", "Kota Bandung"),
    33: ("3374", "Kota Semarang"), 34: ("3471", "Kota Yogyakarta"),
    35: ("3578", "Kota Surabaya"), 36: ("3671", "Kota Tangerang"), 51: ("5171", "Kota Denpasar"),
    52: ("5271", "Kota Mataram"), 53: ("5371", "Kota Kupang"), 61: ("6171", "Kota Pontianak"),
    62: ("6271", "Kota Palangka Raya"), 63: ("6371", "Kota Banjarmasin"),
    64: ("6471", "Kota Balikpapan"), 65: ("6571", "Kota Tarakan"), 71: ("7171", "Kota Manado"),
    72: ("7271", "Kota Palu"), 73: ("7371", "Kota Makassar"), 74: ("7471", "Kota Kendari"),
    75: ("7571", "Kota Gorontalo"), 76: ("7604", "Kabupaten Mamuju"), 81: ("8171", "Kota Ambon"),
    82: ("8271", "Kota Ternate"),
}  # fmt: skip
# Name word -> (industry as a register writes it, JKK risk class as written there).
INDUSTRY = {
    "Logistik": ("Pergudangan (KBLI 52)", "III"),
    "Tekstil": ("Tekstil (KBLI 13)", "III"),
    "Konstruksi": ("Konstruksi (KBLI 41)", "V"),
    "Plastindo": ("Plastik (KBLI 22)", "III"),
    "Farma": ("Farmasi (KBLI 21)", "II"),
    "Elektrik": ("Instalasi Listrik (KBLI 43)", "IV"),
    "Garmen": ("Pakaian Jadi (KBLI 14)", "II"),
    "Pangan": ("Makanan (KBLI 10)", "II"),
    "Kimia": ("Bahan Kimia (KBLI 20)", "IV"),
    "Teknik": ("Jasa Teknik (KBLI 71)", "II"),
    "Digital": ("Teknologi Informasi (KBLI 62)", "I"),
    "Agro": ("Perkebunan (KBLI 01)", "III"),
    "Transportasi": ("Angkutan Darat (KBLI 49)", "IV"),
    "Furnitur": ("Furnitur (KBLI 31)", "III"),
    "Printing": ("Percetakan (KBLI 18)", "II"),
    "Kemasan": ("Kemasan (KBLI 17)", "III"),
    "Boga": ("Jasa Boga (KBLI 56)", "I"),
}
TRADE = ("Perdagangan (KBLI 46)", "I")
STREETS = (
    "Jl. Sudirman",
    "Jl. Ahmad Yani",
    "Jl. Diponegoro",
    "Jl. Gatot Subroto",
    "Jl. Industri Raya",
    "Jl. Merdeka",
    "Jl. Pahlawan",
    "Kawasan Industri Blok C",
)


class PlanningAnswer(BaseModel):
    """What `screen` must raise on the planning files (`planning.json`)."""

    year: int = Field(description="Minimum-wage year the export is screened in.")
    previous_period: str = Field(description="Month of the earlier enrolment export (YYYY-MM).")
    planted: dict[str, list[str]] = Field(
        description="NPP -> the screening flags planted on it: screen must raise each."
    )
    clean: list[str] = Field(
        description="Enrolled employers made to raise no flag: declared as many as are "
        "enrolled, wages risen, all programmes, none at the minimum wage, no notice burst."
    )
    declared_only: list[str] = Field(
        description="Employers that declare workers (WLKP) and are on no payroll and in no "
        "enrolment: known to coverage through their declaration alone."
    )
    files: list[str]


@dataclass
class _Firm:
    """One employer as the office's own registers know it."""

    npp: str
    name: str
    province: int
    npwp: str
    size: str
    industry: str
    risk: str
    address: str
    declared: tuple[int, int, int]
    """(men, women, wage bill) declared to the ministry."""


def _npwp(rng: random.Random) -> str:
    d = f"{rng.randrange(10**14, 10**15)}"
    return f"{d[:2]}.{d[2:5]}.{d[5:8]}.{d[8]}-{d[9:12]}.{d[12:]}"


def _industry(name: str) -> tuple[str, str]:
    return next((INDUSTRY[w] for w in name.split() if w in INDUSTRY), TRADE)


def _active(employer: Employer) -> list[Membership]:
    return [m for m in memberships(employer) if m[2]]


def _firm(rng: random.Random, e: Employer, size: str, declared: tuple[int, int, int]) -> _Firm:
    industry, risk = _industry(e.name)
    place = REGENCY[e.province][1]
    street = f"{rng.choice(STREETS)} No. {rng.randint(1, 250)}, {place}"
    return _Firm(e.npp, e.name, e.province, _npwp(rng), size, industry, risk, street, declared)


def _declared(workers: list[tuple[bool, int]]) -> tuple[int, int, int]:
    """(female, wage) per worker -> (men, women, wage bill)."""
    women = sum(f for f, _ in workers)
    return len(workers) - women, women, sum(w for _, w in workers)


def _size(e: Employer, workers: int) -> str:
    if "JP" not in e.programs:
        return "Kecil"  # JP is required from medium size up: a small firm without it is honest
    return "Besar" if workers >= 50 else "Menengah" if workers >= 20 else "Kecil"


def _burst(active: list[Membership]) -> tuple[date, int] | None:
    """The notice date before the densest `NOTICE_DAYS` of enrolments, if dense enough."""
    days = sorted(m[3] for m in active)
    best: tuple[date, int] | None = None
    for first in days:
        notice = first - timedelta(days=1)
        n = sum(notice < d <= notice + timedelta(days=NOTICE_DAYS) for d in days)
        if best is None or n > best[1]:
            best = (notice, n)
    if best is None or best[1] < 2 or best[1] < NOTICE_SHARE * len(days):
        return None
    return best


def _at_minimum(active: list[Membership], ump: int) -> bool:
    return any(wage <= ump + 2 for _, wage, _, _ in active)


def write_planning(
    out: Path, world: list[Employer], period: str, rng: random.Random
) -> PlanningAnswer:
    """Write the four planning folders and `planning.json` into `out`; return the answer."""
    year = int(period[:4])
    earlier = f"{year - 1}-{period[5:]}"
    cut = date(year - 1, int(period[5:]), 28)
    taken = {w.nik for e in world for w in e.workers}
    kpjs = {w.kpj for e in world for w in e.workers}
    enrolled_only = [e for e in world if e.payroll_kind is None and len(_active(e)) >= 3]
    drop = enrolled_only[0] if enrolled_only else None
    stagnant = enrolled_only[1] if len(enrolled_only) > 1 else None
    planted: dict[str, list[str]] = {}
    if drop:
        planted[drop.npp] = ["ENROLMENT_DROP", "HEADCOUNT_GAP"]
    if stagnant:
        planted[stagnant.npp] = ["STAGNANT_WAGES"]

    firms: list[_Firm] = []
    notices: list[tuple[str, str, date]] = []
    for e in world:
        active = _active(e)
        if e.payroll_kind is not None:
            people = [(w.person.female, w.contribution) for w in e.payroll(latest=True)]
        else:
            people = [(w.person.female, wage) for w, wage, _, _ in active]
        if e is drop:
            people = people * 2  # the declaration still counts those no longer enrolled
        firms.append(_firm(rng, e, _size(e, len(people)), _declared(people)))
    lacking = [f for f, e in zip(firms, world, strict=True)
               if "JP" not in e.programs and e.registered and _active(e)]  # fmt: skip
    if lacking:
        lacking[0].size = "Menengah"
        planted.setdefault(lacking[0].npp, []).append("PROGRAM_MISSING")
    for e in world:
        burst = _burst(_active(e)) if e.npp not in planted and e.registered else None
        if burst is not None:
            notices.append((e.npp, e.name, burst[0]))
            planted[e.npp] = ["ENROLLED_AFTER_NOTICE"]
            break
    clean = [
        e.npp
        for e, f in zip(world, firms, strict=True)
        if e.registered and e.npp not in planted and _active(e)
        and f.declared[0] + f.declared[1] <= len(_active(e))
        and not _at_minimum(_active(e), names.UMP_2025[e.province])
    ]  # fmt: skip
    # Two clean employers were inspected after their last enrolment: a notice, no burst.
    late = date(year, int(period[5:]), 1) - timedelta(days=15)
    for npp in clean[:2]:
        notices.append((npp, next(e.name for e in world if e.npp == npp), late))
    taken_npp = {e.npp for e in world}
    lone = _Firm(names.digits(rng, 8, taken_npp), "PT Wira Karya Bangunan", 32, _npwp(rng),
                 "Menengah", *INDUSTRY["Konstruksi"], f"Jl. Soekarno-Hatta No. 12, "
                 f"{REGENCY[32][1]}", (21, 4, 25 * 3_400_000))  # fmt: skip
    firms.append(lone)

    files = [
        _reference(out, firms),
        _declarations(out, firms, year, rng),
        _previous(out, world, earlier, cut, (drop, stagnant), (taken, kpjs), rng),
        _notices(out, notices, rng),
    ]
    answer = PlanningAnswer(
        year=year, previous_period=earlier, planted=planted, clean=clean,
        declared_only=[lone.npp], files=files,
    )  # fmt: skip
    (out / ANSWER).write_text(answer.model_dump_json(indent=2) + "\n", encoding="utf-8")
    return answer


def _reference(out: Path, firms: list[_Firm]) -> str:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Pemberi Kerja")
    ws.append(["DATA PEMBERI KERJA WILAYAH"])
    ws.append([])
    ws.append(["No", "NPP", "Nama Perusahaan", "NPWP", "Skala Usaha", "Kelas Risiko",
               "Provinsi", "Kab/Kota", "Bidang Usaha", "Alamat"])  # fmt: skip
    for i, f in enumerate(firms, start=1):
        ws.append([i, f.npp, f.name, f.npwp, f.size, f"Kelas {f.risk}", f"{f.province}",
                   REGENCY[f.province][0], f.industry, f.address])  # fmt: skip
    (out / REFERENCE).parent.mkdir(parents=True, exist_ok=True)
    save_workbook(wb, out / REFERENCE)
    return REFERENCE


def _declarations(out: Path, firms: list[_Firm], year: int, rng: random.Random) -> str:
    """WLKP report: some employers known by NPWP only (the register maps it to the NPP)."""
    rel = DECLARATIONS.format(year=year)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("WLKP")
    ws.append(["REKAP WAJIB LAPOR KETENAGAKERJAAN DI PERUSAHAAN (WLKP)"])
    ws.append([f"Tahun Laporan {year}"])
    ws.append([])
    ws.append(["No", "NPP", "NPWP", "Nama Perusahaan", "TK Laki-laki", "TK Perempuan",
               "Jumlah Tenaga Kerja", "Total Upah", "Tanggal Lapor"])  # fmt: skip
    for i, f in enumerate(firms, start=1):
        men, women, bill = f.declared
        npp = "" if i % 4 == 0 else f.npp
        filed = date(year, 1, 1) + timedelta(days=rng.randint(5, 40))
        ws.append([i, npp, f.npwp, f.name.upper(), men, women, men + women, bill,
                   indonesian_date(filed)])  # fmt: skip
    (out / rel).parent.mkdir(parents=True, exist_ok=True)
    save_workbook(wb, out / rel)
    return rel


def _previous(
    out: Path,
    world: list[Employer],
    period: str,
    cut: date,
    planted: tuple[Employer | None, Employer | None],
    taken: tuple[set[str], set[str]],
    rng: random.Random,
) -> str:
    """Last year's export: those enrolled by then, at last year's wages."""
    drop, stagnant = planted
    niks, kpjs = taken
    rel = PREVIOUS.format(period=period)
    rows: list[list[str]] = []
    for e in (e for e in world if e.registered and e.enrol_kind is not None):
        programs = ", ".join(e.programs)
        then_active = 0
        for w, wage, active, since in memberships(e):
            if since > cut:
                continue
            then_active += active
            then = wage if e is stagnant else int(round(wage / RAISE, -3))
            status = "AKTIF" if active else "NON AKTIF"
            rows.append([e.npp, e.name.upper(), w.kpj, w.nik, w.person.plain.upper(),
                         w.person.birth.strftime("%d-%m-%Y"), str(then), programs, status,
                         since.strftime("%d-%m-%Y")])  # fmt: skip
        if e is drop:  # twice the workers active now, the others gone from the export since
            for _ in range(2 * len(_active(e)) - then_active):
                who = names.person(rng)
                nik = names.nik(rng, who, e.province, niks)
                since = cut - timedelta(days=rng.randint(200, 2000))
                rows.append([e.npp, e.name.upper(), names.digits(rng, 11, kpjs), nik,
                             who.plain.upper(), who.birth.strftime("%d-%m-%Y"),
                             str(int(names.UMP_2025[e.province] * 1.2) // 1000 * 1000), programs,
                             "AKTIF", since.strftime("%d-%m-%Y")])  # fmt: skip
    (out / rel).parent.mkdir(parents=True, exist_ok=True)
    with (out / rel).open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";", lineterminator="\r\n")
        writer.writerows([CSV_HEADER, *rows])
    return rel


def _notices(out: Path, notices: list[tuple[str, str, date]], rng: random.Random) -> str:
    (out / NOTICES).parent.mkdir(parents=True, exist_ok=True)
    with (out / NOTICES).open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(["No", "NPP", "Nama Perusahaan", "Nomor Surat", "Tanggal Pemeriksaan"])
        for i, (npp, name, day) in enumerate(sorted(notices, key=lambda n: n[2]), start=1):
            number = f"{rng.randint(100, 999)}/PK.02/{day.month:02d}/{day.year}"
            writer.writerow([i, npp, name, number, day.strftime("%d/%m/%Y")])
    return NOTICES
