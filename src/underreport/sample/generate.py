"""`generate()`: write a messy sample set with a known answer."""

from __future__ import annotations

import random
import re
from datetime import date
from pathlib import Path

from openpyxl import Workbook

from . import enrollment, payroll
from .formats import month_name, previous_period, save_workbook
from .model import SampleAnswer, WageMismatchRow
from .world import Employer, build

CSV_EMPLOYERS_PER_FILE = 150
ENROL_EMPLOYERS_PER_FILE = 400
OWN_FILES = (
    "payroll/daftar_gaji_*.xlsx",
    "payroll/export_payroll_*.xlsx",
    "payroll/gaji_karyawan_*.csv",
    "enrollment/kepesertaan_*.csv",
    "enrollment/data_peserta.xlsx",
    "answer.json",
)


def _split(items: list[Employer], parts: int) -> list[list[Employer]]:
    size = -(-len(items) // parts) if items else 1
    return [items[i : i + size] for i in range(0, len(items), size)]


def generate(
    out: Path, employers: int = 12, seed: int = 0, period: str = "2025-03"
) -> SampleAnswer:
    """Write `out/payroll/`, `out/enrollment/` and `out/answer.json`; return the answer.

    The same `employers`, `seed` and `period` give byte-identical files.
    """
    if not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", period):
        raise ValueError(f"period must be YYYY-MM, got {period!r}")
    if employers < 1:
        raise ValueError("employers must be at least 1")
    rng = random.Random(seed)
    world = build(rng, employers, date(int(period[:4]), int(period[5:]), 1))
    earlier = previous_period(period)
    for sub in ("payroll", "enrollment"):
        (out / sub).mkdir(parents=True, exist_ok=True)
    for pattern in OWN_FILES:  # a rerun with fewer employers must not leave stale files behind
        for stale in out.glob(pattern):
            stale.unlink()
    files: dict[str, dict[str, tuple[int, int]]] = {}
    mismatches: list[WageMismatchRow] = []

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
            sheets[name] = (grid.data_rows, grid.skipped)
            if row is not None:
                mismatches.append(WageMismatchRow(file=rel, sheet=name, row=row))
        save_workbook(wb, out / rel)
        files[rel] = sheets
    csv_payroll = of("csv")
    parts = max(2 if len(csv_payroll) >= 4 else 1, -(-len(csv_payroll) // CSV_EMPLOYERS_PER_FILE))
    for n, group in enumerate(_split(csv_payroll, parts), start=1):
        rel = f"payroll/gaji_karyawan_{n:02d}.csv"
        files[rel] = {"": (payroll.write_csv(rng, out / rel, group, period), 0)}

    enrolled = [e for e in world if e.enrol_kind is not None]
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
    )
    (out / "answer.json").write_text(answer.model_dump_json(indent=2) + "\n", encoding="utf-8")
    return answer
