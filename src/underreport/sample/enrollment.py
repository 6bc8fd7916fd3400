"""BPJS Ketenagakerjaan membership exports: `;` CSV (two encodings) and a flag-column workbook."""

from __future__ import annotations

import csv
import random
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from .formats import Grid, indonesian_date
from .world import ACTIVE, ENROLLED, Employer, Worker

CSV_HEADER = [
    "NPP",
    "NAMA PERUSAHAAN",
    "KPJ",
    "NIK",
    "NAMA TENAGA KERJA",
    "TGL LAHIR",
    "UPAH",
    "PROGRAM",
    "STATUS KEPESERTAAN",
    "TGL KEPESERTAAN",
]
PROGRAMS = ("JKK", "JKM", "JHT", "JP")
XLSX_HEADER = [*CSV_HEADER[:7], *PROGRAMS, *CSV_HEADER[8:]]

# (worker, reported wage, active, enrolled on)
Membership = tuple[Worker, int, bool, date]


def memberships(employer: Employer) -> list[Membership]:
    """Every enrolment row of an employer; a re-enrolled worker also keeps an old inactive row."""
    rows: list[Membership] = []
    for w in employer.workers:
        if w.status not in ENROLLED:
            continue
        if w.status == "honest_reenrolled":
            old = w.enrolled_on - timedelta(days=3 * 365)
            rows.append((w, int(w.reported * 0.7) // 1000 * 1000, False, old))
        rows.append((w, w.reported, w.status in ACTIVE, w.enrolled_on))
    rows.sort(key=lambda r: (r[0].kpj, r[3]))
    return rows


def write_csv(path: Path, employers: list[Employer], legacy: bool) -> int:
    """UTF-8 (BOM), `dd-mm-yyyy`; or (legacy) Windows-1252, `dd/mm/yyyy`, `4.500.000`."""
    day = "%d/%m/%Y" if legacy else "%d-%m-%Y"
    count = 0
    with path.open("w", encoding="cp1252" if legacy else "utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";", lineterminator="\r\n")
        writer.writerow(CSV_HEADER)
        for employer in employers:
            programs = ", ".join(employer.programs)
            for w, wage, active, since in memberships(employer):
                upah = f"{wage:,}".replace(",", ".") if legacy else str(wage)
                writer.writerow(
                    [
                        employer.npp,
                        employer.name.upper(),
                        w.kpj,
                        w.nik,
                        w.person.plain.upper(),
                        w.person.birth.strftime(day),
                        upah,
                        programs,
                        "AKTIF" if active else "NON AKTIF",
                        since.strftime(day),
                    ]
                )
                count += 1
    return count


def xlsx_grid(rng: random.Random, employers: list[Employer], printed: date) -> Grid:
    """One flag column per programme (Y/N or Ya/Tidak); ISO and Indonesian-month dates."""
    yes, no = rng.choice((("Y", "N"), ("Ya", "Tidak")))
    grid = Grid()
    grid.add("DAFTAR TENAGA KERJA BPJS KETENAGAKERJAAN")
    grid.add(f"Dicetak : {indonesian_date(printed)}")
    grid.add()
    grid.header_end = grid.add(*XLSX_HEADER)
    for employer in employers:
        flags = [yes if p in employer.programs else no for p in PROGRAMS]
        for w, wage, active, since in memberships(employer):
            birth: Any = datetime(w.person.birth.year, w.person.birth.month, w.person.birth.day)
            if rng.random() < 0.3:
                birth = w.person.birth.isoformat()
            grid.add(
                employer.npp, employer.name, w.kpj, w.nik, w.person.plain.upper(), birth, wage,
                *flags, "AKTIF" if active else "NON AKTIF", indonesian_date(since),
            )  # fmt: skip
            grid.data_rows += 1
    return grid
