"""`generate()`: write a messy sample set with a known answer."""

from __future__ import annotations

import random
import re
from datetime import date
from pathlib import Path

from openpyxl import Workbook

from underreport.model.config import MONTH

from . import damage as damaging
from . import enrollment, forms, payroll, planning
from .formats import Grid, month_name, previous_period, save_workbook
from .model import DamagedNik, SampleAnswer, WageMismatchRow
from .world import OFFICE_PAYROLL_KIND, Employer, Worker, build, office_layouts

CSV_EMPLOYERS_PER_FILE = 150
REGISTER = "payroll/register_gaji.xlsx"
FORMULIR2 = "enrollment/formulir2_rincian_iuran.xlsx"
JAMSOSTEK_2A = "enrollment/rincian_iuran_2a.xls"
ENROL_EMPLOYERS_PER_FILE = 400
OWN_FILES = (
    "payroll/daftar_gaji_*.xlsx",
    "payroll/export_payroll_*.xlsx",
    "payroll/gaji_karyawan_*.csv",
    "enrollment/kepesertaan_*.csv",
    "enrollment/data_peserta.xlsx",
    REGISTER,
    FORMULIR2,
    JAMSOSTEK_2A,
    "answer.json",
    *planning.OWN_FILES,
)


def _split(items: list[Employer], parts: int) -> list[list[Employer]]:
    size = -(-len(items) // parts) if items else 1
    return [items[i : i + size] for i in range(0, len(items), size)]


def _damaged(
    rel: str, sheet: str, npp: str, worker: Worker, row: int, number: bool = False
) -> DamagedNik:
    kind = worker.damage
    assert kind is not None
    return DamagedNik(
        file=rel,
        sheet=sheet,
        row=row,
        employer_id=npp,
        kind=kind,
        expected_tier=damaging.TIER[kind],
        expected_codes=damaging.expected_codes(worker, number),
        true_nik=worker.nik,
        written=damaging.written(worker),
    )


def generate(
    out: Path,
    employers: int = 12,
    seed: int = 0,
    period: str = "2025-03",
    damage: float = 0.0,
    office_forms: bool = True,
    planning_files: bool = True,
) -> SampleAnswer:
    """Write `out/payroll/`, `out/enrollment/` and `out/answer.json`; return the answer.

    `planning_files` adds what `screen` and `coverage` read (`planning.py`: employer
    register, declarations, last year's export, notices, `planning.json`), drawn
    from their own random stream after everything else, so they change no other file.

    The same `employers`, `seed`, `period` and `damage` give byte-identical files.
    `damage` (0 to 1) is the share of actively enrolled payroll workers whose NIK the
    latest payroll writes damaged (see `damage.py`); the answer lists those rows.
    `office_forms` gives three employers the office layouts of `forms.py` (a BPJS
    Formulir 2, a Jamsostek 2a HTML table named `.xls`, a payroll register).
    """
    if not re.fullmatch(MONTH, period):
        raise ValueError(f"period must be YYYY-MM, got {period!r}")
    if employers < 1:
        raise ValueError("employers must be at least 1")
    if not 0.0 <= damage <= 1.0:
        raise ValueError(f"damage must be between 0 and 1, got {damage!r}")
    rng = random.Random(seed)
    world = build(rng, employers, date(int(period[:4]), int(period[5:]), 1))
    if office_forms:
        office_layouts(world)
    if damage > 0:  # its own stream: damage == 0 leaves every file as it was
        damaging.plant(world, damage, random.Random(seed ^ 0xD4))
    earlier = previous_period(period)
    for sub in ("payroll", "enrollment"):
        (out / sub).mkdir(parents=True, exist_ok=True)
    for pattern in OWN_FILES:  # a rerun with fewer employers must not leave stale files behind
        for stale in out.glob(pattern):
            stale.unlink()
    files: dict[str, dict[str, tuple[int, int]]] = {}
    mismatches: list[WageMismatchRow] = []
    damaged: list[DamagedNik] = []

    def note(rel: str, sheet: str, employer: Employer, grid: Grid) -> None:
        for w, row in grid.damaged:
            number = any(isinstance(c, int) and str(c) == w.shown_nik for c in grid.rows[row - 1])
            damaged.append(_damaged(rel, sheet, employer.npp, w, row, number))

    def of(kind: str) -> list[Employer]:
        return [e for e in world if e.payroll_kind is not None and e.payroll_kind.startswith(kind)]

    simple, exports = of("xlsx"), of("xlsx2")
    simple = [e for e in simple if e not in exports]
    for n, group in enumerate(payroll.chunks(simple, rng, 2, 5), start=1):
        rel = f"payroll/daftar_gaji_{n:02d}.xlsx"
        wb, used, sheets = Workbook(write_only=True), set[str](), {}
        for employer in group:
            order = [True, False] if employer.has_earlier else [True]
            if rng.random() < 0.5:
                order.reverse()
            for latest in order:
                suffix = (
                    month_name(period if latest else earlier)[:3] if employer.has_earlier else ""
                )
                grid = payroll.simple_sheet(rng, employer, period, latest)
                name = payroll.sheet_name(employer, used, suffix)
                grid.write(wb, name)
                note(rel, name, employer, grid)
                sheets[name] = (grid.data_rows, grid.skipped)
        save_workbook(wb, out / rel)
        files[rel] = sheets
    for n, group in enumerate(payroll.chunks(exports, rng, 2, 4), start=1):
        rel = f"payroll/export_payroll_{n:02d}.xlsx"
        wb, used, sheets = Workbook(write_only=True), set[str](), {}
        for employer in group:
            grid, row = payroll.export_sheet(rng, employer, period)
            name = payroll.sheet_name(employer, used)
            grid.write(wb, name)
            note(rel, name, employer, grid)
            sheets[name] = (grid.data_rows, grid.skipped)
            if row is not None:
                mismatches.append(WageMismatchRow(file=rel, sheet=name, row=row))
        save_workbook(wb, out / rel)
        files[rel] = sheets
    csv_payroll = of("csv")
    parts = max(2 if len(csv_payroll) >= 4 else 1, -(-len(csv_payroll) // CSV_EMPLOYERS_PER_FILE))
    for n, group in enumerate(_split(csv_payroll, parts), start=1):
        rel = f"payroll/gaji_karyawan_{n:02d}.csv"
        marks: list[tuple[Employer, Worker, int]] = []
        files[rel] = {"": (payroll.write_csv(rng, out / rel, group, period, marks), 0)}
        damaged.extend(_damaged(rel, "", e.npp, w, row) for e, w, row in marks)

    office = random.Random(seed ^ 0xF0)  # its own stream: the layouts draw little of their own
    for employer in of(OFFICE_PAYROLL_KIND):
        wb, grid = forms.register(office, employer, period)
        save_workbook(wb, out / REGISTER)
        note(REGISTER, "Register Gaji", employer, grid)
        files[REGISTER] = {"Register Gaji": (grid.data_rows, grid.skipped)}

    enrolled = [e for e in world if e.enrol_kind is not None]
    for employer in (e for e in enrolled if e.enrol_kind == "form2"):
        wb, grid = forms.formulir2(office, employer, period)
        save_workbook(wb, out / FORMULIR2)
        files[FORMULIR2] = {"Formulir 2": (grid.data_rows, grid.skipped)}
    for employer in (e for e in enrolled if e.enrol_kind == "html2a"):
        text, rows, skipped = forms.jamsostek_2a_html(employer, period)
        forms.write_html(out / JAMSOSTEK_2A, text)
        files[JAMSOSTEK_2A] = {"table 1": (rows, skipped)}  # each HTML <table> is a sheet
    plain = [e for e in enrolled if e.enrol_kind == "csv"]
    parts = max(1, -(-len(plain) // ENROL_EMPLOYERS_PER_FILE))
    for n, group in enumerate(_split(plain, parts), start=1):
        rel = f"enrollment/kepesertaan_bpjstk_{n:02d}.csv"
        files[rel] = {"": (enrollment.write_csv(out / rel, group, legacy=False), 0)}
    legacy = [e for e in enrolled if e.enrol_kind == "cp1252"]
    if legacy:
        rel = "enrollment/kepesertaan_cabang_ansi.csv"
        files[rel] = {"": (enrollment.write_csv(out / rel, legacy, legacy=True), 0)}
    flagged = [e for e in enrolled if e.enrol_kind == "xlsx"]
    if flagged:
        rel = "enrollment/data_peserta.xlsx"
        wb = Workbook(write_only=True)
        grid = enrollment.xlsx_grid(rng, flagged, date(int(period[:4]), int(period[5:]), 28))
        grid.write(wb, "Data Peserta")
        save_workbook(wb, out / rel)
        files[rel] = {"Data Peserta": (grid.data_rows, grid.skipped)}

    answer = SampleAnswer(
        period=period,
        earlier_period=earlier,
        employers=sorted(
            (e.planted() for e in world if e.payroll_kind is not None),
            key=lambda p: p.employer_id,
        ),
        files=files,
        wage_mismatch_rows=mismatches,
        damaged=sorted(damaged, key=lambda d: (d.file, d.sheet, d.row)),
    )
    # without damage, answer.json stays exactly as it was before the field existed
    text = answer.model_dump_json(indent=2, exclude=None if damaged else {"damaged"})
    (out / "answer.json").write_text(text + "\n", encoding="utf-8")
    if planning_files:
        planning.write_planning(out, world, period, random.Random(seed ^ 0x91A))
    return answer
