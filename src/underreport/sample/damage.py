"""Damaged NIKs on the payroll side, each with a well-defined probable match.

`plant()` picks a share of the payroll workers who are actively enrolled (honest or
under-reported, in files that carry a NIK column) and marks how their latest payroll
row writes the NIK, the kinds spread evenly:

- ``precision``: stored as a number, Excel kept 15 digits and the last became 0;
- ``scientific``: shown as text like ``3.20123456789012E+15`` (12 to 15 visible digits):
  it identifies nobody, so the worker is matched by name (tier 4) like an empty NIK;
- ``typo``: one digit changed (never the province, the first two);
- ``swap``: two adjacent, different digits swapped (never touching the first two);
- ``missing``: the NIK cell is empty.

The enrolment keeps the true NIK and the name agrees. A damage is only planted when it
is unambiguous inside the employer: the written and the true NIK are far from every
other NIK there (more than two digits apart and not within 100,000 of each other, which
covers every Excel rounding and one-edit relation), no other worker of the employer has
the same normalised name, and an empty or scientific NIK is only given to a worker whose
name scores below 85 against every other name in the employer (tier 4 needs the only
match >= 90).

Decisions use their own `random.Random`, so `damage == 0` leaves the main stream and the
files exactly as before.
"""

from __future__ import annotations

import random
from typing import Any

from underreport.names import normalise_person, score_normalised

from .formats import nik_cell
from .names import NIK_PROVINCES
from .world import HONEST, Employer, Worker

KINDS = ("precision", "scientific", "typo", "swap", "missing")
TIER = {"precision": 2, "scientific": 4, "typo": 3, "swap": 3, "missing": 4}
NAME_MARGIN = 85.0  # below the matcher's fuzzy threshold (90) for an empty NIK
_FIRST = 2  # typos and swaps leave the province code (digits 1-2) alone
_TRIES = 12


def eligible(world: list[Employer]) -> list[tuple[Employer, Worker]]:
    """Latest-payroll workers with an active enrolment, in files that show a NIK."""
    return [
        (e, w)
        for e in world
        if e.payroll_kind is not None and e.registered and not e.no_nik
        for w in e.workers
        if w.in_latest and (w.status in HONEST or w.status == "under")
    ]


def _near(a: str, b: str) -> bool:
    """Could a matcher confuse NIKs `a` and `b` (one edit, a swap, or Excel rounding)?"""
    return sum(x != y for x, y in zip(a, b, strict=True)) <= 2 or abs(int(a) - int(b)) < 100_000


def scientific_text(shown: str) -> str:
    """`3201234567890120` as Excel shows it in scientific notation: `3.20123456789012E+15`."""
    mantissa = shown[:15].rstrip("0")
    return f"{mantissa[0]}.{mantissa[1:]}E+15"


def nik_codes(value: str) -> list[str]:
    """Data-quality codes a 16-digit NIK raises (province, and digits 7-12 as DDMMYY)."""
    codes = []
    if int(value[:2]) not in NIK_PROVINCES:
        codes.append("NIK_BAD_PROVINCE")
    day, month = int(value[6:8]), int(value[8:10])
    if not (1 <= day <= 31 or 41 <= day <= 71) or not 1 <= month <= 12:
        codes.append("NIK_BAD_BIRTHDATE")
    return codes


def expected_codes(worker: Worker, number_cell: bool = False) -> list[str]:
    """Codes `validate` raises at the damaged cell; `number_cell` if it was written as a number.

    A 16-digit number ending in 0 may have lost its last digit: a warning.
    """
    kind = worker.damage
    if kind == "scientific":
        return ["NIK_PRECISION_LOSS"]
    if kind == "missing":
        return ["NIK_MISSING"]
    lost = ["NIK_PRECISION_LOSS"] if number_cell and worker.shown_nik.endswith("0") else []
    if kind in ("typo", "swap"):
        return nik_codes(worker.shown_nik) + lost
    return lost


def cell(worker: Worker, style: str, xlsx: bool) -> Any:
    """The damaged NIK cell; `style` is how the row would have spelled a sound NIK."""
    shown = worker.shown_nik
    if worker.damage == "missing":
        return None if xlsx else ""
    if worker.damage == "precision":
        return int(shown) if xlsx and int(shown) < 2**53 else shown
    if worker.damage == "scientific":
        return scientific_text(shown)
    return nik_cell(shown, style)


def written(worker: Worker) -> str | None:
    """The damaged NIK as text, for the answer."""
    if worker.damage == "missing":
        return None
    if worker.damage == "scientific":
        return scientific_text(worker.shown_nik)
    return worker.shown_nik


def _candidate(rng: random.Random, kind: str, nik: str) -> str | None:
    """A damaged form of `nik` of this kind ("" for an empty cell), or None if it has none."""
    if kind == "missing":
        return ""
    if kind in ("precision", "scientific"):
        if nik.endswith("0"):  # nothing would be lost
            return None
        if kind == "scientific" and len(nik[:15].rstrip("0")) < 12:  # too few digits to key
            return None
        return nik[:15] + "0"
    for _ in range(_TRIES):
        if kind == "typo":
            i = rng.randrange(_FIRST, 16)
            digit = rng.choice([d for d in "0123456789" if d != nik[i]])
            # a last digit changed to or from 0 reads as Excel damage (tier 2), not a typo
            if i == 15 and "0" in (digit, nik[i]):
                continue
            return nik[:i] + digit + nik[i + 1 :]
        i = rng.randrange(_FIRST, 15)
        if nik[i] != nik[i + 1]:
            return nik[:i] + nik[i + 1] + nik[i] + nik[i + 2 :]
    return None


class _Planter:
    def __init__(self, world: list[Employer]) -> None:
        self.taken = {w.nik for e in world for w in e.workers}
        self.norm: dict[int, tuple[str, str]] = {
            id(w): (normalise_person(w.person.name), normalise_person(w.person.plain.upper()))
            for e in world
            for w in e.workers
        }

    def fits(self, employer: Employer, worker: Worker, kind: str, shown: str) -> bool:
        own_pay, own_enrol = self.norm[id(worker)]
        by_name = kind in ("missing", "scientific")  # no usable NIK: matched by name (tier 4)
        if score_normalised(own_pay, own_enrol) < (95.0 if by_name else 90.0):
            return False
        if shown and shown in self.taken:
            return False
        mine = [v for v in (shown, worker.nik) if v]
        for other in employer.workers:
            if other is worker:
                continue
            pay, enrol = self.norm[id(other)]
            if enrol == own_enrol:
                return False
            theirs = [other.nik] + ([other.shown_nik] if other.shown_nik else [])
            if any(_near(a, b) for a in mine for b in theirs):
                return False
            if by_name and any(
                score_normalised(a, b) >= NAME_MARGIN
                for a in (own_pay, own_enrol)
                for b in (pay, enrol)
            ):
                return False
        return True


def plant(world: list[Employer], share: float, rng: random.Random) -> list[Worker]:
    """Mark `share` of the eligible workers as damaged (kinds in turn); return them."""
    pool = eligible(world)
    target = round(share * len(pool))
    rng.shuffle(pool)
    planter = _Planter(world)
    start = rng.randrange(len(KINDS))
    chosen: list[Worker] = []
    for i in range(target):
        kind = KINDS[(start + i) % len(KINDS)]
        for j, (employer, worker) in enumerate(pool):
            shown = _candidate(rng, kind, worker.nik)
            if shown is None or not planter.fits(employer, worker, kind, shown):
                continue
            worker.damage, worker.shown_nik = kind, shown
            if shown:
                planter.taken.add(shown)
            chosen.append(worker)
            del pool[j]
            break
    return chosen
