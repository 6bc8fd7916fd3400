"""Arrears over six months, checked against an independent reference computation.

A generated set (payroll 2024-11 .. 2025-04 for 15 employers, one BPJS
enrolment CSV, one employer reference workbook) crosses a year boundary (the
pension age goes from 58 to 59 on 1 January 2025) and the March JP-ceiling
change (10,042,300 -> 10,547,400). The reference below is plain Python, one
worker-month at a time, reading rates, ceilings, ages and required programmes
straight from rules.toml with `tomllib`: it imports nothing from
`underreport.rules` or `underreport.reconcile`. The tool runs once on the files
and must agree with it employer by employer.

What is planted (employer NPP: size, JKK class, regency):
  00110001 large  I   3273  honest: correct enrolment, one wage 0.83 % short
                            (inside the 1 % tolerance), one over-reported
  00110002 large  II  3171  enrolled part-way (20 Jan 2025, 1 Mar 2025), one
                            woman never enrolled (PDS TK)
  00110003 medium III 3578  enrolment gone non-active part-way (1 Feb, 15 Feb
                            2025), NON AKTIF without a date, one re-enrolled
                            after a gap under a second record at a new wage
  00110004 medium II  3374  enrolled without JP (PDS program), one of them
                            also under-reported
  00110005 small  I   3201  small firm without JP (fine), one without JHT,
                            reported wages below the minimum wage
  00110006 micro  IV  1671  micro firm owes only JKK+JKM; one unregistered,
                            one under-reported below the Sumsel UMP
  00110007 large  V   3172  the JP ceiling: paid 10,500,000 and 10,600,000,
                            reported 500,000 lower; 15,000,000 honest;
                            12,000,000 reported at exactly the old ceiling
  00110008 medium III 3273  pension age, clear cases: 61-62 and 64 (no JP),
                            57-58 (JP owed all six months)
  00110009 medium I   3273  pension age, the contested case (see below)
  00110010 large  IV  6471  hired in February 2025, left after December 2024
  00110011 small  II  1671  honest small firm (JKK, JKM, JHT)
  00110012 micro  I   3578  not registered at all (PWBD)
  00110013 medium V   3171  pay rise in January 2025 not reported (10 %), and
                            one of 0.83 % (inside the tolerance)
  00110014 large  III 3201  reported at the 2025 UMP while paid more (PDS
                            upah); one paid and reported below the 2025 UMP
  00110015 small  IV  3374  enrolled 15 Dec 2024 (covers December), enrolled
                            "AKTIF" from 1 May 2025 (covers no month here)

Pension age, the case chosen: domain.md says JP stops at the pension age
(58 for 2022-2024, 59 for 2025-2027). The reference reads that as "age
reached": a worker is past it from the month in which he reaches the age in
force in that year, and stays past it (PP 45/2015 art. 15: he has reached
pension age; a later rise of the threshold does not put him back under it).
The age counts as reached in the month of the birthday (all planted birthdays
are on or before the 28th, so "end of month" and "the 28th" agree).
 - born 05-03-1967 (00110008): 57 in 2024 (< 58), 58 in 2025 (< 59): JP owed
   every month, both readings agree.
 - born 10-02-1966 (00110009): reached 58 on 10-02-2024, while 58 was the
   pension age, so no JP in any month of the span. Read year by year instead
   (age >= the current year's pension age), he is past it in Nov-Dec 2024
   (58 >= 58), back under it in January 2025 (58 < 59) and past it again
   from February 2025 (59): once reached, JP stays stopped when the threshold rises.
 - born 15-07-1966 (00110009): reached 58 on 15-07-2024; year by year he
   owes JP again for all of January-April 2025 (58 < 59).

One worker-month by hand (00110007, worker paid 9,000,000 + 1,500,000 =
10,500,000 and reported at 10,000,000; March 2025; class V, JKK 1.74 %):
  under-reported: 10,000,000 < 10,500,000 x 0.99 = 10,395,000, so priced at
  the contribution wage 10,500,000.
  owed: JKK 10,500,000 x 1.74 % = 182,700; JKM x 0.30 % = 31,500;
        JHT x 5.7 % = 598,500; JP 3 % x min(10,500,000, 10,547,400) = 315,000
        -> 1,127,700
  paid: JKK 10,000,000 x 1.74 % = 174,000; JKM 30,000; JHT 570,000;
        JP 3 % x min(10,000,000, 10,547,400) = 300,000 -> 1,074,000
  gap 53,700. Due 15 April 2025; as of 20 June 2025 the started months are
  15 Apr-15 May, 15 May-15 Jun and 15-20 Jun: 3 months late.
  fine 53,700 x 2 % x 3 = 3,222.
  (February 2025, ceiling 10,042,300: JKK+JKM+JHT 500,000 x 7.74 % = 38,700,
  JP 3 % x (10,042,300 - 10,000,000) = 1,269: gap 39,969, 4 months late.)
"""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from conftest import write_csv, write_xlsx

from underreport import ReconcileOptions, load, reconcile
from underreport.reconcile import Reconciliation

RULES = Path(__file__).resolve().parents[1] / "src/underreport/rules/data/rules.toml"
AS_OF = date(2025, 6, 20)
PERIODS = ["2024-11", "2024-12", "2025-01", "2025-02", "2025-03", "2025-04"]
LATEST = PERIODS[-1]
MONTH_NAMES = {11: "November", 12: "Desember", 1: "Januari", 2: "Februari", 3: "Maret", 4: "April"}
TOLERANCE = 0.01  # ReconcileOptions.wage_tolerance default: 1 % short is not a finding
MIN_WAGE_SLACK = 2  # published minimum wages differ by a rupiah between sources
# UMP (Rp/month) from domain.md, by province code and year.
UMP = {
    ("16", 2024): 3_456_874, ("16", 2025): 3_681_571,
    ("31", 2024): 5_067_381, ("31", 2025): 5_396_761,
    ("32", 2024): 2_057_495, ("32", 2025): 2_191_232,
    ("33", 2024): 2_036_947, ("33", 2025): 2_169_349,
    ("35", 2024): 2_165_244, ("35", 2025): 2_305_985,
    ("64", 2024): 3_360_858, ("64", 2025): 3_579_314,
}  # fmt: skip
SIZES = {"Besar": "large", "Menengah": "medium", "Kecil": "small", "Mikro": "micro"}
ALL4 = "JKK, JKM, JHT, JP"
NO_JP = "JKK, JKM, JHT"


# --- the generated set ---------------------------------------------------------------------


@dataclass(frozen=True)
class Record:
    """One line of the enrolment export."""

    wage: int
    programs: str = ALL4
    status: str = "AKTIF"
    enrolled_on: date = date(2020, 1, 6)
    inactive_on: date | None = None


@dataclass(frozen=True)
class Worker:
    name: str
    born: date
    base: int
    allowance: int = 0
    woman: bool = False
    records: tuple[Record, ...] = ()
    months: tuple[str, ...] = tuple(PERIODS)  # months on the payroll
    raise_from: str | None = None  # from this month the base pay is `raised_base`
    raised_base: int = 0
    nik: str = ""

    def pay(self, period: str) -> tuple[int, int]:
        if self.raise_from and period >= self.raise_from:
            return self.raised_base, self.allowance
        return self.base, self.allowance


@dataclass(frozen=True)
class Employer:
    npp: str
    name: str
    size: str  # as written in the reference file
    risk: str  # roman numeral
    regency: str
    workers: list[Worker] = field(default_factory=list)


def honest(name: str, born: date, wage: int, programs: str = ALL4, **kw: Any) -> Worker:
    return Worker(name, born, wage, records=(Record(wage, programs),), **kw)


def _d(y: int, m: int, d: int) -> date:
    return date(y, m, d)


def employers() -> list[Employer]:
    b = _d
    return [
        Employer("00110001", "PT Sinar Jaya Abadi", "Besar", "I", "3273", [
            honest("Agus Salim", b(1985, 4, 3), 6_500_000),
            Worker("Dewi Lestari", b(1992, 9, 21), 5_000_000, 1_000_000, woman=True,
                   records=(Record(5_950_000),)),  # 0.83 % short: inside the tolerance
            Worker("Hendra Wijaya", b(1979, 1, 30), 7_000_000,
                   records=(Record(7_500_000),)),  # reported above the payroll
            honest("Rina Marlina", b(1995, 6, 12), 4_200_000, woman=True),
        ]),
        Employer("00110002", "PT Graha Niaga", "Besar", "II", "3171", [
            Worker("Bambang Susilo", b(1988, 2, 14), 7_000_000, 500_000,
                   records=(Record(7_500_000, enrolled_on=b(2025, 1, 20)),)),
            Worker("Yusuf Hidayat", b(1991, 11, 5), 6_000_000,
                   records=(Record(6_000_000, enrolled_on=b(2025, 3, 1)),)),
            honest("Slamet Riyadi", b(1983, 7, 7), 8_000_000),
            Worker("Sri Wahyuni", b(1990, 12, 1), 5_500_000, woman=True),  # never enrolled
        ]),
        Employer("00110003", "CV Maju Bersama", "Menengah", "III", "3578", [
            Worker("Joko Purnomo", b(1987, 3, 19), 4_500_000, records=(
                Record(4_500_000, status="NON AKTIF", inactive_on=b(2025, 2, 1)),)),
            Worker("Wati Susanti", b(1993, 8, 8), 4_000_000, 300_000, woman=True, records=(
                Record(4_300_000, status="NON AKTIF", inactive_on=b(2025, 2, 15)),)),
            Worker("Eko Prasetyo", b(1980, 10, 10), 3_900_000, records=(
                Record(3_900_000, status="NON AKTIF"),)),  # non-active, no date: never covered
            Worker("Rudi Hartono", b(1986, 5, 25), 4_500_000, records=(
                Record(4_000_000, status="NON AKTIF", inactive_on=b(2024, 12, 20)),
                Record(4_500_000, enrolled_on=b(2025, 2, 1)),
            )),
            honest("Teguh Santoso", b(1975, 12, 2), 5_200_000),
        ]),
        Employer("00110004", "PT Tekstil Semarang", "Menengah", "II", "3374", [
            honest("Suparman", b(1984, 1, 9), 3_500_000, NO_JP),
            honest("Siti Aminah", b(1990, 4, 17), 3_200_000, NO_JP, woman=True),
            honest("Hadi Kusuma", b(1978, 9, 28), 4_800_000),
            Worker("Dodi Firmansyah", b(1994, 6, 6), 3_600_000, 400_000,
                   records=(Record(2_500_000, NO_JP),)),
        ]),
        Employer("00110005", "UD Sumber Rejeki", "Kecil", "I", "3201", [
            honest("Asep Saepudin", b(1989, 2, 2), 3_000_000, NO_JP),
            Worker("Nining Rahayu", b(1996, 3, 3), 2_400_000, woman=True,
                   records=(Record(1_900_000, NO_JP),)),
            honest("Ujang Suryana", b(1998, 5, 5), 2_000_000, NO_JP),  # paid below the UMP
            honest("Cecep Rohman", b(1991, 8, 18), 2_800_000, "JKK, JKM"),  # lacks JHT
        ]),
        Employer("00110006", "Warung Makan Pempek Ibu", "Mikro", "IV", "1671", [
            honest("Sari Dewi", b(1990, 1, 21), 3_800_000, "JKK, JKM", woman=True),
            Worker("Andi Saputra", b(1999, 9, 9), 3_700_000),  # never enrolled
            Worker("Fitri Handayani", b(1997, 7, 27), 4_000_000, woman=True,
                   records=(Record(3_000_000),)),
        ]),
        Employer("00110007", "PT Baja Konstruksi Nusantara", "Besar", "V", "3172", [
            Worker("Irfan Hakim", b(1982, 5, 14), 9_000_000, 1_500_000,
                   records=(Record(10_000_000),)),
            Worker("Lukman Hakim", b(1981, 6, 16), 9_100_000, 1_500_000,
                   records=(Record(10_100_000),)),
            honest("Robert Tanoto", b(1970, 11, 11), 15_000_000),
            Worker("Yanto Gunawan", b(1976, 4, 4), 10_000_000, 2_000_000,
                   records=(Record(10_042_300),)),
        ]),
        Employer("00110008", "PT Kimia Parahyangan", "Menengah", "III", "3273", [
            Worker("Darmawan", b(1963, 5, 12), 5_000_000),  # 61-62, never enrolled
            Worker("Sutrisno", b(1967, 3, 5), 5_000_000),  # 57 then 58, never enrolled
            honest("Sukardi", b(1960, 8, 8), 6_000_000, NO_JP),  # 64: rightly without JP
            honest("Nur Hidayah", b(1990, 10, 20), 4_500_000, woman=True),
        ]),
        Employer("00110009", "PT Logam Mulia Bandung", "Menengah", "I", "3273", [
            honest("Sudarsono", b(1966, 2, 10), 5_000_000, NO_JP),
            Worker("Karyono", b(1966, 7, 15), 5_000_000),  # never enrolled
            honest("Ahmad Fauzi", b(1993, 3, 23), 4_000_000),
        ]),
        Employer("00110010", "PT Batubara Kaltim", "Besar", "IV", "6471", [
            Worker("Rahmat Hidayat", b(1995, 2, 25), 6_000_000, 500_000,
                   months=("2025-02", "2025-03", "2025-04")),  # hired, never enrolled
            Worker("Samsul Bahri", b(1985, 12, 12), 5_500_000,
                   months=("2024-11", "2024-12")),  # left, never enrolled
            honest("Gita Permata", b(1992, 8, 2), 7_000_000, woman=True),
        ]),
        Employer("00110011", "CV Kopi Sriwijaya", "Kecil", "II", "1671", [
            honest("Hasan Basri", b(1987, 3, 13), 3_900_000, NO_JP),
            honest("Maya Sari", b(1994, 4, 24), 3_700_000, NO_JP, woman=True),
        ]),
        Employer("00110012", "Bengkel Las Jaya", "Mikro", "I", "3578", [
            Worker("Paijo", b(1983, 6, 1), 2_500_000),
            Worker("Tukiman", b(2000, 1, 15), 2_400_000),
        ]),
        Employer("00110013", "PT Mega Ekspedisi", "Menengah", "V", "3171", [
            Worker("Ferry Irawan", b(1989, 7, 19), 6_000_000, records=(Record(6_000_000),),
                   raise_from="2025-01", raised_base=6_600_000),
            Worker("Linda Kusuma", b(1991, 10, 1), 6_000_000, woman=True,
                   records=(Record(6_000_000),), raise_from="2025-01", raised_base=6_050_000),
        ]),
        Employer("00110014", "PT Garmen Bogor Sejahtera", "Besar", "III", "3201", [
            Worker("Dadang Kurnia", b(1984, 11, 30), 3_000_000, 500_000,
                   records=(Record(2_191_232),)),
            honest("Euis Komariah", b(1997, 12, 12), 2_100_000, woman=True),
            honest("Iwan Setiawan", b(1980, 2, 28), 4_000_000),
        ]),
        Employer("00110015", "UD Mebel Jepara Indah", "Kecil", "IV", "3374", [
            Worker("Sugeng Riyanto", b(1986, 8, 8), 3_000_000,
                   records=(Record(3_000_000, NO_JP, enrolled_on=b(2024, 12, 15)),)),
            Worker("Parjo Wiyono", b(1990, 9, 9), 2_800_000,
                   records=(Record(2_800_000, NO_JP, enrolled_on=b(2025, 5, 1)),)),
            honest("Tini Suhartini", b(1985, 5, 5), 3_100_000, NO_JP, woman=True),
        ]),
    ]  # fmt: skip


def with_niks(firms: list[Employer]) -> list[Employer]:
    """NIK = regency (4) + district 01 + DDMMYY (women: day + 40) + a serial."""
    serial = 0
    out = []
    for e in firms:
        workers = []
        for w in e.workers:
            serial += 1
            day = w.born.day + (40 if w.woman else 0)
            nik = f"{e.regency}01{day:02d}{w.born.month:02d}{w.born.year % 100:02d}{serial:04d}"
            workers.append(Worker(**{**w.__dict__, "nik": nik}))
        out.append(Employer(e.npp, e.name, e.size, e.risk, e.regency, workers))
    return out


FIRMS = with_niks(employers())


def _dmy(d: date | None) -> str:
    return "" if d is None else d.strftime("%d-%m-%Y")


def write_inputs(folder: Path) -> tuple[list[Path], Path, Path]:
    payroll = []
    for e in FIRMS:
        sheets: dict[str, Sequence[Sequence[object]]] = {}
        for p in PERIODS:
            label = f"{MONTH_NAMES[int(p[5:])]} {p[:4]}"
            rows: list[list[object]] = [
                ["DAFTAR GAJI KARYAWAN"],
                [f"Nama Perusahaan : {e.name}"],
                [f"NPP : {e.npp}"],
                [f"Periode : {label}"],
                [],
                ["NIK", "Nama", "Gaji Pokok", "Tunjangan Tetap"],
            ]
            for w in e.workers:
                if p in w.months:
                    base, allowance = w.pay(p)
                    rows.append([w.nik, w.name, base, allowance])
            sheets[label.replace(" ", "")] = rows
        payroll.append(write_xlsx(folder / f"gaji_{e.npp}.xlsx", sheets))
    lines = ["NPP;NIK;NAMA;TGL LAHIR;UPAH;PROGRAM;STATUS;TGL KEPESERTAAN;TGL NONAKTIF"]
    for e in FIRMS:
        for w in e.workers:
            for r in w.records:
                lines.append(
                    f"{e.npp};{w.nik};{w.name.upper()};{_dmy(w.born)};{r.wage};{r.programs};"
                    f"{r.status};{_dmy(r.enrolled_on)};{_dmy(r.inactive_on)}"
                )
    enrolment = write_csv(folder / "kepesertaan.csv", lines)
    reference = write_xlsx(
        folder / "perusahaan.xlsx",
        {
            "Perusahaan": [
                ["NPP", "Nama Perusahaan", "Skala Usaha", "Kelas Risiko", "Kode Kab/Kota"],
                *[[e.npp, e.name, e.size, e.risk, e.regency] for e in FIRMS],
            ]
        },
    )
    return payroll, enrolment, reference


# --- the independent reference -------------------------------------------------------------


RULEBOOK = tomllib.loads(RULES.read_text(encoding="utf-8"))


def in_force(rule: str, period: str) -> dict[str, Any]:
    """The period entry of a rule that covers YYYY-MM `period` (to is inclusive)."""
    hits = [
        r for r in RULEBOOK[rule] if r["from"] <= period and ("to" not in r or period <= r["to"])
    ]
    assert len(hits) == 1, (rule, period, hits)
    entry: dict[str, Any] = hits[0]
    return entry


def month_end(period: str) -> date:
    y, m = int(period[:4]), int(period[5:])
    return date(y + m // 12, m % 12 + 1, 1) - timedelta(days=1)


def add_month(d: date) -> date:
    return date(d.year + d.month // 12, d.month % 12 + 1, d.day)


def late_months(period: str) -> int:
    """Started months from the 15th of the following month to AS_OF."""
    due = add_month(date(int(period[:4]), int(period[5:]), 15))
    n = 0
    while due < AS_OF:
        n += 1
        due = add_month(due)
    return n


def pension_reached(born: date) -> date | None:
    """The day the worker reaches the pension age in force in the year he reaches it."""
    for rule in RULEBOOK["pension_age"]:
        age = rule["age"]
        birthday = date(born.year + age, born.month, born.day)
        key = f"{birthday.year}-{birthday.month:02d}"
        if rule["from"] <= key and ("to" not in rule or key <= rule["to"]):
            return birthday
    return None


def contribution(program: str, wage: float, period: str, risk: str) -> float:
    rates = in_force("rates", period)["programs"]
    if program == "JKK":
        rate = float(rates["JKK"]["risk_classes"][risk])
    elif program == "JKM":
        rate = float(rates["JKM"]["employer"])
    elif program == "JHT":
        rate = float(rates["JHT"]["employer"] + rates["JHT"]["worker"])
    else:
        assert program == "JP"
        wage = min(wage, float(in_force("jp_ceiling", period)["amount"]))
        rate = float(rates["JP"]["employer"] + rates["JP"]["worker"])
    return wage * rate


def covers(r: Record, period: str) -> bool:
    start, end = date(int(period[:4]), int(period[5:]), 1), month_end(period)
    still = r.status == "AKTIF" or (r.inactive_on is not None and r.inactive_on > start)
    return r.enrolled_on <= end and still


def programs_of(text: str) -> set[str]:
    return {p.strip() for p in text.split(",")}


@dataclass
class WorkerMonth:
    npp: str
    nik: str
    period: str
    gap: float
    covered: bool
    program_missing: bool
    below_minimum: bool


def worker_month(e: Employer, w: Worker, period: str) -> WorkerMonth:
    base, allowance = w.pay(period)
    cw = float(base + allowance)
    size = SIZES[e.size]
    owed = set(in_force("required_programs", period)["sizes"][size])
    reached = pension_reached(w.born)
    if reached is not None and reached <= month_end(period):
        owed.discard("JP")
    live = [r for r in w.records if covers(r, period)]
    if not live:
        gap = sum(contribution(p, cw, period, e.risk) for p in owed)
        return WorkerMonth(e.npp, w.nik, period, gap, False, False, False)
    rw = float(max(r.wage for r in live))
    enrolled = set().union(*(programs_of(r.programs) for r in live))
    wage = cw if rw < cw * (1 - TOLERANCE) else rw
    owed_amount = sum(contribution(p, wage, period, e.risk) for p in owed)
    paid_amount = sum(contribution(p, rw, period, e.risk) for p in owed & enrolled)
    minimum = UMP[(e.regency[:2], int(period[:4]))]
    return WorkerMonth(
        e.npp,
        w.nik,
        period,
        max(owed_amount - paid_amount, 0.0),
        True,
        bool(owed - enrolled),
        rw < minimum - MIN_WAGE_SLACK,
    )


def reference_months() -> list[WorkerMonth]:
    return [
        worker_month(e, w, p) for e in FIRMS for w in e.workers for p in PERIODS if p in w.months
    ]


@dataclass
class Expected:
    months_affected: int
    principal: float
    fine: float
    worker_months: int
    program_missing_workers: int
    below_minimum_wage_workers: int


def reference_by_employer() -> dict[str, Expected]:
    rows = reference_months()
    fine_rule = in_force("late_fine", LATEST)
    # The fine here is on the whole gap: every programme must be subject to it.
    assert set(fine_rule["applies_to"]) == {"JKK", "JKM", "JHT", "JP"}
    for p in PERIODS:  # nothing special in force in the span for these employers
        assert not any(r["from"] <= p <= r["to"] for r in RULEBOOK["relief"])
    out = {}
    for e in FIRMS:
        mine = [r for r in rows if r.npp == e.npp]
        latest = [r for r in mine if r.period == LATEST]
        out[e.npp] = Expected(
            months_affected=len({r.period for r in mine if r.gap > 0}),
            principal=sum(r.gap for r in mine),
            fine=sum(
                r.gap * in_force("late_fine", r.period)["monthly"] * late_months(r.period)
                for r in mine
            ),
            worker_months=len(mine),
            program_missing_workers=sum(r.program_missing for r in latest),
            below_minimum_wage_workers=sum(r.below_minimum for r in latest),
        )
    return out


EXPECTED = reference_by_employer()


# --- the tool, run once --------------------------------------------------------------------


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Reconciliation:
    payroll, enrolment, reference = write_inputs(tmp_path_factory.mktemp("arrears"))
    loaded = load(payroll, [enrolment], employers=[reference])
    return reconcile(loaded, ReconcileOptions(all_periods=True, as_of=AS_OF))


def tool_figures(run: Reconciliation, npp: str) -> dict[str, float]:
    found = [e for e in run.result.employers if e.employer_id == npp]
    if not found:
        return dict.fromkeys(
            ("months_affected", "principal", "fine", "program_missing", "below_minimum"), 0
        )
    (e,) = found
    return {
        "months_affected": e.months_affected,
        "principal": e.arrears_principal_idr,
        "fine": e.late_fine_idr,
        "program_missing": e.program_missing_workers,
        "below_minimum": e.below_minimum_wage_workers,
    }


def test_reference_self_checks() -> None:
    # months late as of 2025-06-20, and the hand-worked worker-month above
    assert [late_months(p) for p in PERIODS] == [7, 6, 5, 4, 3, 2]
    assert late_months("2025-05") == 1 and late_months("2025-06") == 0
    firm = next(e for e in FIRMS if e.npp == "00110007")
    march = worker_month(firm, firm.workers[0], "2025-03")
    february = worker_month(firm, firm.workers[0], "2025-02")
    assert round(march.gap, 6) == 53_700
    assert round(march.gap * 0.02 * late_months("2025-03"), 6) == 3_222
    assert round(february.gap, 6) == 39_969
    # pension: 10-02-1966 reached 58 in 2024 (pension age 58); 05-03-1967 reaches neither
    assert pension_reached(date(1966, 2, 10)) == date(2024, 2, 10)
    assert pension_reached(date(1967, 3, 5)) == date(2026, 3, 5)  # 59 in 2026, age 59 then
    assert EXPECTED["00110001"].principal == 0 and EXPECTED["00110011"].principal == 0


def test_all_six_months_reconciled(run: Reconciliation) -> None:
    assert run.result.periods == PERIODS
    assert run.result.period == LATEST
    assert run.result.as_of == AS_OF


def test_honest_employers_are_not_flagged(run: Reconciliation) -> None:
    flagged = {e.employer_id for e in run.result.employers}
    assert {"00110001", "00110011"}.isdisjoint(flagged)
    assert flagged == {
        n for n, x in EXPECTED.items() if x != Expected(0, 0, 0, x.worker_months, 0, 0)
    }


def test_hand_worked_worker_month(run: Reconciliation) -> None:
    firm = next(e for e in FIRMS if e.npp == "00110007")
    row = run.months.filter(
        (pl.col("employer_id") == "00110007")
        & (pl.col("nik") == firm.workers[0].nik)
        & (pl.col("period") == "2025-03")
    )
    assert row["contribution_gap"].to_list() == [pytest.approx(53_700)]


def _params() -> list[Any]:
    return [e.npp for e in FIRMS]


@pytest.mark.parametrize("npp", _params())
def test_employer_matches_reference(run: Reconciliation, npp: str) -> None:
    want, got = EXPECTED[npp], tool_figures(run, npp)
    slack = max(1, want.worker_months)  # 1 rupiah per worker-month of rounding
    assert got["months_affected"] == want.months_affected
    assert abs(got["principal"] - want.principal) <= slack, (got["principal"], want.principal)
    assert abs(got["fine"] - want.fine) <= slack, (got["fine"], want.fine)
    assert got["program_missing"] == want.program_missing_workers
    assert got["below_minimum"] == want.below_minimum_wage_workers


def test_every_worker_month_matches_reference(run: Reconciliation) -> None:
    """The same, one worker-month at a time (the contested employer left out)."""
    ref = {(r.npp, r.nik, r.period): r.gap for r in reference_months()}
    tool = {
        (row["employer_id"], row["nik"], row["period"]): row["contribution_gap"]
        for row in run.months.iter_rows(named=True)
    }
    assert tool.keys() == ref.keys()
    off = {k: (tool[k], v) for k, v in ref.items() if abs(tool[k] - v) > 0.01}
    assert off == {}
