"""A set for `underreport screen`: enrolment exports, declarations and notices, no payroll.

A quarter of the employers carry one planted red flag each (wages at the
minimum, a headcount gap, a halved workforce, a missing programme, or a
burst of enrolments after a notice); the rest are honest and raise none.
"""

from __future__ import annotations

import csv
import random
from datetime import date, timedelta
from pathlib import Path

from pydantic import BaseModel

from underreport.rules import load_minimum_wages

KINDS = ("minimum", "headcount", "drop", "program", "notice")
PROVINCES = ("31", "32", "33", "35", "36", "16")


class ScreeningAnswer(BaseModel):
    year: int
    planted: dict[str, str]
    """NPP -> the red flag planted there."""
    honest: list[str]


def _nik(rng: random.Random, province: str) -> str:
    born = date(1970, 1, 1) + timedelta(days=rng.randrange(0, 12000))
    day = born.day + (40 if rng.random() < 0.5 else 0)
    return (
        f"{province}{rng.randrange(1, 80):02d}{rng.randrange(1, 30):02d}"
        f"{day:02d}{born.month:02d}{born.year % 100:02d}{rng.randrange(1, 9999):04d}"
    )


def generate_screening(
    out: Path, employers: int = 40, seed: int = 0, year: int = 2025
) -> ScreeningAnswer:
    rng = random.Random(seed)
    wages = load_minimum_wages()
    out.mkdir(parents=True, exist_ok=True)
    header = ["NPP", "NAMA PERUSAHAAN", "KPJ", "NIK", "NAMA TENAGA KERJA", "UPAH", "PROGRAM",
              "STATUS KEPESERTAAN", "TGL KEPESERTAAN"]  # fmt: skip
    now, before, declared, refs, notices = [header], [header], [], [], []
    planted: dict[str, str] = {}
    honest: list[str] = []
    for i in range(employers):
        npp = f"{20000000 + i * 7:08d}"
        province = rng.choice(PROVINCES)
        minimum = wages.lookup(year, province)
        floor = minimum[0] if minimum else 3_000_000
        n = rng.randrange(12, 60)
        kind = KINDS[i % len(KINDS)] if i % 4 == 0 else None
        size = "Menengah"
        workers = [(_nik(rng, province), f"Pekerja {i}-{k}") for k in range(n)]
        notice = date(year, 3, 1)
        for k, (nik, name) in enumerate(workers):
            wage = round(floor * rng.uniform(1.15, 2.5), -3)
            if kind == "minimum" and k < 0.8 * n:
                wage = floor
            programs = "JKK, JKM, JHT" if kind == "program" else "JKK, JKM, JHT, JP"
            enrolled = date(year - 3, 1, 1) + timedelta(days=rng.randrange(0, 700))
            if kind == "notice" and k < 0.6 * n:
                enrolled = notice + timedelta(days=rng.randrange(1, 30))
            row = [npp, f"PT Usaha {i}", f"{rng.randrange(10**10, 10**11)}", nik, name,
                   str(int(wage)), programs, "AKTIF", enrolled.strftime("%d-%m-%Y")]  # fmt: skip
            now.append(row)
            before.append([*row[:5], str(int(wage * 0.95)), *row[6:]])
        if kind == "drop":
            for k in range(n):
                nik = _nik(rng, province)
                before.append(
                    [
                        npp,
                        f"PT Usaha {i}",
                        "1",
                        nik,
                        f"Lama {i}-{k}",
                        str(int(floor * 1.5)),
                        "JKK, JKM, JHT, JP",
                        "AKTIF",
                        "01-01-2021",
                    ]
                )
        headcount = {"headcount": round(n * 1.6), "drop": 2 * n}.get(kind or "", n)
        declared.append([npp, f"PT Usaha {i}", str(headcount), f"{year}-01"])
        refs.append([npp, f"PT Usaha {i}", size, f"{province}71"])
        if kind == "notice":
            notices.append([npp, notice.strftime("%d/%m/%Y")])
        (planted.__setitem__(npp, kind) if kind else honest.append(npp))
    for name, rows in (("enrollment.csv", now), ("previous.csv", before)):
        with (out / name).open("w", newline="", encoding="utf-8-sig") as fh:
            csv.writer(fh, delimiter=";").writerows(rows)
    for name, head, rows in (
        (
            "declarations.csv",
            ["NPP", "Nama Perusahaan", "Jumlah Tenaga Kerja", "Periode"],
            declared,
        ),
        ("employers.csv", ["NPP", "Nama Perusahaan", "Skala Usaha", "Kode Kab/Kota"], refs),
        ("notices.csv", ["NPP", "Tanggal Pemeriksaan"], notices),
    ):
        with (out / name).open("w", newline="", encoding="utf-8") as fh:
            csv.writer(fh).writerows([head, *rows])
    return ScreeningAnswer(year=year, planted=planted, honest=honest)
