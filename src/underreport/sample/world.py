"""The planted world: employers, their workers, and what each enrolment says."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from underreport.names import normalise_person, score_normalised

from . import names
from .model import PlantedEmployer

HONEST = ("honest_exact", "honest_below", "honest_above", "honest_reenrolled")
ACTIVE = (*HONEST, "under", "leaver_active", "extra_active", "not_reconcilable")
ENROLLED = (*ACTIVE, "nonaktif", "leaver_nonaktif", "extra_nonaktif")
PAYROLL_KINDS = ("xlsx", "csv", "xlsx2_mismatch", "xlsx2_nonik")
ENROL_KINDS = ("csv", "cp1252", "xlsx")
VARIED = 100
OFFICE_ENROL_KINDS = ("form2", "html2a")  # BPJS Formulir 2; Jamsostek 2a as HTML named .xls
OFFICE_PAYROLL_KIND = "register"  # a payroll application's register with deductions


@dataclass
class Worker:
    person: names.Person
    nik: str
    employee_no: str
    position: str
    status: str
    base: int
    fixed: int
    meal: int
    transport: int
    overtime: int
    reported: int
    kpj: str
    enrolled_on: date
    in_latest: bool
    in_earlier: bool
    damage: str | None = None  # how the latest payroll writes the NIK (see `damage.py`)
    shown_nik: str = ""  # the damaged NIK's 16 digits as written ("" for an empty cell)

    @property
    def contribution(self) -> int:
        return self.base + self.fixed

    @property
    def variable(self) -> int:
        return self.meal + self.transport


@dataclass
class Employer:
    npp: str
    name: str
    province: int
    registered: bool
    payroll_kind: str | None  # None: only in the enrolment (not on any payroll)
    enrol_kind: str | None  # None: PWBD
    has_earlier: bool = False
    has_fixed_col: bool = True
    programs: tuple[str, ...] = ("JKK", "JKM", "JHT", "JP")
    workers: list[Worker] = field(default_factory=list)

    @property
    def no_nik(self) -> bool:
        return self.payroll_kind == "xlsx2_nonik"

    def payroll(self, latest: bool) -> list[Worker]:
        return [w for w in self.workers if (w.in_latest if latest else w.in_earlier)]

    def planted(self) -> PlantedEmployer:
        on = self.payroll(latest=True)
        by_name, unjudged = _judged_by_name(on) if self.no_nik else (0, 0)
        return PlantedEmployer(
            employer_id=self.npp,
            employer_name=self.name,
            registered=self.registered,
            payroll_workers=len(on),
            unregistered_workers=sum(w.status not in ACTIVE for w in on) + by_name,
            underreported_wage_workers=sum(w.status == "under" for w in on),
            not_reconcilable_workers=unjudged,
            enrolled_not_on_payroll=sum(w.status == "leaver_active" for w in self.workers),
        )


MATCH_SCORE, LIKE_SCORE = 90.0, 85.0
"""Name scores of the matcher: the only pair at 90 or more links; 85 is a like name."""


def _judged_by_name(on: list[Worker]) -> tuple[int, int]:
    """(unregistered, not reconcilable) among payroll workers without a NIK, all enrolled.

    Each is matched by name when its name reaches MATCH_SCORE with exactly one
    enrolment of the employer, and that enrolment's with no other payroll name.
    Otherwise it is not reconcilable when some enrolment's name is like its own
    (LIKE_SCORE), and unregistered when none is.
    """
    pay = [normalise_person(w.person.name) for w in on]
    enrol = [normalise_person(w.person.plain.upper()) for w in on]
    score = [[score_normalised(a, b) for b in enrol] for a in pay]
    unregistered = unjudged = 0
    for row in score:
        mine = [j for j, s in enumerate(row) if s >= MATCH_SCORE]
        if len(mine) == 1 and sum(r[mine[0]] >= MATCH_SCORE for r in score) == 1:
            continue
        if max(row, default=0.0) >= LIKE_SCORE:
            unjudged += 1
        else:
            unregistered += 1
    return unregistered, unjudged


def _spread(
    rng: random.Random, n: int, must: tuple[str, ...], weights: dict[str, float]
) -> list[str]:
    """`n` kinds: every kind in `must` once (as far as n allows), the rest by weight, shuffled."""
    kinds = list(must[:n])
    kinds += rng.choices(list(weights), weights=list(weights.values()), k=n - len(kinds))
    rng.shuffle(kinds)
    return kinds


def _wages(rng: random.Random, employer: Employer) -> tuple[int, int, int, int, int]:
    ump = names.UMP_2025[employer.province]
    low = max(2_000_000, -(-ump // 1000) * 1000)
    base = min(15_000_000, max(low, int(round(low * rng.lognormvariate(0.2, 0.35), -3))))
    if rng.random() < 0.3 and base < 15_000_000:
        base += rng.randint(1, 999)
    fixed = 0
    if employer.has_fixed_col and rng.random() < 0.8:
        fixed = rng.randint(1, 60) * 50_000 + (rng.randint(1, 999) if rng.random() < 0.2 else 0)
        fixed = min(fixed, 3_000_000)
    meal = rng.randint(0, 24) * 25_000
    transport = rng.randint(0, 20) * 25_000
    overtime = 0 if rng.random() < 0.5 else rng.randint(1, 40) * 25_000
    return base, fixed, meal, transport, overtime


def _reported(rng: random.Random, status: str, contribution: int, ump: int) -> int:
    if status == "honest_below":
        if rng.random() < 0.7:
            floor = contribution // 1000 * 1000
            return floor if floor < contribution else contribution - 1000
        return contribution - contribution // 250  # 0.4 % below: still within 1 %
    if status == "honest_above":
        return contribution + rng.randint(1, 50) * 1000
    if status == "under":
        if ump <= contribution * 0.9 and rng.random() < 0.5:
            return ump
        return int(contribution * rng.uniform(0.6, 0.9)) // 1000 * 1000
    if status in ("nonaktif", "leaver_nonaktif", "extra_nonaktif"):
        return int(contribution * rng.uniform(0.7, 1.0)) // 1000 * 1000
    return contribution


def _statuses(rng: random.Random, employer: Employer, n: int) -> list[str]:
    if employer.payroll_kind is None:
        return ["extra_active"] * n + ["extra_nonaktif"] * rng.randint(0, 2)
    if employer.no_nik:
        return ["not_reconcilable"] * n
    if not employer.registered:
        leavers = rng.randint(1 if employer.has_earlier else 0, 2)
        return ["unenrolled"] * n + ["leaver_unenrolled"] * leavers
    planted = employer.has_earlier or employer.payroll_kind == "xlsx2_mismatch"
    clean = rng.random() < 0.15 and not planted
    missing = 0 if clean else rng.randint(0, max(1, n // 8))
    nonaktif = 0 if clean else rng.randint(0, max(1, n // 12))
    under = 0 if clean else rng.randint(1 if planted else 0, max(1, n // 6))
    honest = n - missing - nonaktif - under
    kinds = ["missing"] * missing + ["nonaktif"] * nonaktif + ["under"] * under
    kinds += rng.choices(HONEST, weights=(5, 2, 2, 1), k=honest)
    rng.shuffle(kinds)
    leavers = 0 if clean else rng.randint(1 if planted else 0, 2)
    return kinds + ["leaver_active"] * leavers + ["leaver_nonaktif"] * rng.randint(0, 1)


def _populate(
    rng: random.Random, employer: Employer, period_start: date, taken: dict[str, set[str]]
) -> None:
    n = rng.randint(3, 40) if employer.payroll_kind is None else rng.randint(5, 60)
    statuses = _statuses(rng, employer, n)
    if employer.payroll_kind is not None and n < 20 and rng.random() < 0.3:
        employer.programs = ("JKK", "JKM", "JHT")
    accent_at = -1
    if employer.enrol_kind == "cp1252":
        accent_at = next((i for i, s in enumerate(statuses) if s in ENROLLED), -1)
    ump = names.UMP_2025[employer.province]
    prefix = rng.choice(("EMP", "K-", "", "NIP."))
    for i, status in enumerate(statuses):
        who = names.person(rng, accented=i == accent_at)
        base, fixed, meal, transport, overtime = _wages(rng, employer)
        contribution = base + fixed
        start = date(2012, 1, 1) + timedelta(days=rng.randint(0, 4700))
        enrolled_on = min(start, period_start - timedelta(days=rng.randint(20, 400)))
        leaver = status.startswith("leaver")
        employer.workers.append(
            Worker(
                person=who,
                nik=names.nik(rng, who, employer.province, taken["nik"]),
                employee_no=f"{prefix}{rng.randint(2010, 2024)}{i + 1:04d}",
                position=rng.choice(names.POSITIONS),
                status=status,
                base=base,
                fixed=fixed,
                meal=meal,
                transport=transport,
                overtime=overtime,
                reported=_reported(rng, status, contribution, ump),
                kpj=names.digits(rng, 11, taken["kpj"]),
                enrolled_on=enrolled_on,
                in_latest=employer.payroll_kind is not None and not leaver,
                # new hires (not yet enrolled) were not on last month's payroll
                in_earlier=employer.has_earlier and status != "missing",
            )
        )


def build(rng: random.Random, employers: int, period_start: date) -> list[Employer]:
    """Employers on the payroll first (in generation order), then enrolment-only ones."""
    taken: dict[str, set[str]] = {"nik": set(), "kpj": set(), "npp": set(), "co": set()}
    # variety first; beyond VARIED employers the volume goes to CSV (fast to write and read)
    weights = {"xlsx": 0.38, "csv": 0.52, "xlsx2_mismatch": 0.05, "xlsx2_nonik": 0.05}
    bulk = {"xlsx": 0.06, "csv": 0.92, "xlsx2_mismatch": 0.01, "xlsx2_nonik": 0.01}
    varied = min(employers, VARIED)
    kinds: list[str | None] = list(_spread(rng, varied, PAYROLL_KINDS, weights))
    kinds += _spread(rng, employers - varied, (), bulk)
    extra = max(2, employers // 8)
    kinds += [None] * extra
    pwbd_slots = [i for i, k in enumerate(kinds) if k in ("xlsx", "csv")]
    n_pwbd = max(0, min(len(pwbd_slots) - 1, max(1, round(employers / 6))))
    pwbd = set(rng.sample(pwbd_slots, n_pwbd))
    enrol_n = len(kinds) - len(pwbd)
    varied = min(enrol_n, VARIED)
    enrol_kinds = _spread(rng, varied, ENROL_KINDS, {"csv": 0.75, "xlsx": 0.15, "cp1252": 0.1})
    enrol_kinds += _spread(rng, enrol_n - varied, (), {"csv": 0.94, "xlsx": 0.03, "cp1252": 0.03})
    enrol = iter(enrol_kinds)
    result: list[Employer] = []
    for i, kind in enumerate(kinds):
        registered = i not in pwbd
        result.append(
            Employer(
                npp=names.digits(rng, 8, taken["npp"], leading_zero=rng.random() < 0.25),
                name=names.company(rng, taken["co"]),
                province=rng.choice(list(names.UMP_2025)),
                registered=registered,
                payroll_kind=kind,
                enrol_kind=next(enrol) if registered else None,
                has_earlier=kind in ("xlsx", "csv") and rng.random() < 0.3,
                has_fixed_col=kind != "xlsx" or rng.random() < 0.85,
            )
        )
    for kind in ("xlsx", "csv"):  # an older period must exist in both kinds of payroll
        same = [e for e in result if e.payroll_kind == kind]
        if same and not any(e.has_earlier for e in same):
            same[0].has_earlier = True
    for employer in result:
        _populate(rng, employer, period_start, taken)
    return result


def office_layouts(world: list[Employer]) -> None:
    """Give the office layouts (`sample/forms.py`) to the first employers that can carry them.

    Chosen without a random draw, so every worker and wage stays what the seed made it.
    A form holds an employer's active enrolments only, which changes no planted count: an
    inactive enrolment covers nobody. The register takes a one-period `.xlsx` employer,
    and only where another one is left for the hand-kept workbooks.
    """
    forms = [e for e in world if e.payroll_kind is not None and e.registered
             and e.enrol_kind == "csv" and not e.no_nik]  # fmt: skip
    for employer, kind in zip(forms, OFFICE_ENROL_KINDS, strict=False):
        employer.enrol_kind = kind
    simple = [e for e in world if e.payroll_kind == "xlsx"]
    single = sorted((e for e in simple if not e.has_earlier), key=lambda e: not e.has_fixed_col)
    if len(simple) > 1 and single:  # one with fixed allowances, for the register's parts
        single[0].payroll_kind = OFFICE_PAYROLL_KIND
