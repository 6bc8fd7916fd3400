"""Payroll files as employers keep them: title blocks, varied headers, totals, signatures."""

from __future__ import annotations

import csv
import random
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from . import damage, names
from .formats import (
    MONEY_STYLES,
    NIK_STYLES,
    Grid,
    money,
    nik_cell,
    period_words,
    pick_nik_style,
    previous_period,
)
from .world import HONEST, Employer, Worker

HEADERS: dict[str, tuple[str, ...]] = {
    "no": ("No", "No.", "NO"),
    "nik": ("NIK", "No. KTP", "NIK KTP", "No KTP"),
    "name": ("Nama Karyawan", "Nama Pegawai", "Nama Pekerja", "Nama"),
    "position": ("Jabatan", "Posisi", "Bagian"),
    "base": ("Gaji Pokok", "Gapok", "Upah Pokok", "GAJI POKOK"),
    "fixed": ("Tunjangan Tetap", "Tunj. Tetap", "Tunj Tetap", "TT"),
    "variable": ("Tunjangan Tidak Tetap", "Tunj. Tidak Tetap", "Tunj. Tdk Tetap"),
    "overtime": ("Lembur", "Uang Lembur"),
    "total": ("Total Gaji", "Take Home Pay", "Total Penerimaan"),
}
MONEY_FIELDS = ("base", "fixed", "variable", "overtime", "total")
TITLE_NAME = (
    "Nama Perusahaan : {}",
    "Nama Perusahaan: {}",
    "NAMA PERUSAHAAN : {}",
    "Perusahaan : {}",
)
TITLE_NPP = ("NPP : {}", "No. NPP: {}", "NPP:{}", "NPP BPJS Ketenagakerjaan : {}")
TITLE_PERIOD = (
    "Periode : {}",
    "PERIODE : {}",
    "Bulan : {}",
    "PERIODE PAYROLL: {}",
    "Periode Gaji : {}",
)
HEADING = "DAFTAR GAJI KARYAWAN"
TOTAL_LABELS = ("TOTAL", "JUMLAH", "Sub Total", "Total")
CSV_HEADER = [
    "NPP",
    "Nama Perusahaan",
    "Periode",
    "NIK",
    "Nama Karyawan",
    "Jabatan",
    "Gaji Pokok",
    "Tunjangan Tetap",
    "Tunjangan Tidak Tetap",
    "Lembur",
    "Total Gaji",
]


def _amount(worker: Worker, field: str, shown: list[str]) -> int:
    parts = {
        "base": worker.base,
        "fixed": worker.fixed,
        "variable": worker.variable,
        "overtime": worker.overtime,
    }
    if field == "total":
        return sum(v for k, v in parts.items() if k in shown or k == "base")
    return parts[field]


def _title_line(rng: random.Random, template: str, value: str, split: bool) -> list[Any]:
    if template.startswith("PERIODE :"):
        value = value.upper()
    if split:
        return [template.split(":")[0].strip(), f": {value}"]
    return [template.format(value)]


def _signatures(rng: random.Random, grid: Grid, width: int, period: str) -> None:
    right = max(2, width - 2)
    if rng.random() < 0.5:
        city = rng.choice(names.CITIES)
        grid.add(*[None] * right, f"{city}, 28 {period_words(period)}")
    grid.add(None, "Mengetahui,", *[None] * (right - 2), "Dibuat oleh,")
    grid.add()
    grid.add()
    boss, hr = names.person(rng), names.person(rng)
    grid.add(None, boss.plain, *[None] * (right - 2), hr.plain)
    grid.add(None, "Direktur", *[None] * (right - 2), rng.choice(("HRD", "Manager HRD")))


def simple_sheet(rng: random.Random, employer: Employer, period: str, latest: bool) -> Grid:
    """A hand-kept sheet: title block, one header row, rows, total and signature lines."""
    workers = employer.payroll(latest)
    fields = ["no", "nik", "name", "position", "base", "fixed", "variable", "overtime", "total"]
    if rng.random() < 0.2:
        fields.remove("position")
    if rng.random() < 0.3:
        fields.remove("overtime")
    if not employer.has_fixed_col:
        fields.remove("fixed")
    if rng.random() < 0.5:
        rest = fields[1:]
        rng.shuffle(rest)
        fields = ["no", *rest]
    width = len(fields)
    style = rng.choice(MONEY_STYLES)
    zero = rng.choice(("0", "-", "blank"))
    nik_style = rng.choice(NIK_STYLES)
    grid = Grid()
    pad: list[Any] = [None] if rng.random() < 0.25 else []
    split = rng.random() < 0.15
    if rng.random() < 0.25:
        grid.add(employer.name)
        grid.merge(1, 1, 1, width)
    else:
        if rng.random() < 0.85:
            grid.add(*pad, HEADING)
        grid.add(*pad, *_title_line(rng, rng.choice(TITLE_NAME), employer.name, split))
    grid.add(*pad, *_title_line(rng, rng.choice(TITLE_NPP), employer.npp, split))
    words = period_words(period if latest else previous_period(period))
    grid.add(*pad, *_title_line(rng, rng.choice(TITLE_PERIOD), words, split))
    header_row = rng.randint(max(4, len(grid.rows) + 1), 9)
    while len(grid.rows) < header_row - 1:
        grid.add()
    grid.header_end = grid.add(*(rng.choice(HEADERS[f]) for f in fields))
    blank_at = rng.randint(1, len(workers) - 1) if len(workers) > 1 and rng.random() < 0.2 else -1
    for i, w in enumerate(workers):
        if i == blank_at:
            grid.add()
        row_style = pick_nik_style(rng, nik_style)
        damaged = latest and w.damage is not None
        cells: dict[str, Any] = {
            "no": i + 1,
            "nik": damage.cell(w, row_style, xlsx=True) if damaged else nik_cell(w.nik, row_style),
            "name": w.person.name,
            "position": w.position,
        }
        for f in MONEY_FIELDS:
            cells[f] = money(_amount(w, f, fields), style, zero)
        row = grid.add(*(cells[f] for f in fields))
        grid.data_rows += 1
        if damaged:
            grid.damaged.append((w, row))
    if rng.random() < 0.8:
        label_at = rng.choice([0, fields.index("name")])
        total = [rng.choice(TOTAL_LABELS) if i == label_at else None for i in range(width)]
        for f in MONEY_FIELDS:
            if f in fields:
                total[fields.index(f)] = money(sum(_amount(w, f, fields) for w in workers), style)
        grid.add(*total)
    for _ in range(rng.randint(0, 2)):
        grid.add()
    if rng.random() < 0.8:
        _signatures(rng, grid, width, period)
    return grid


def export_sheet(rng: random.Random, employer: Employer, period: str) -> tuple[Grid, int | None]:
    """A payroll application's export: two-row header with merged groups, computed Upah.

    Returns the grid and, for the planted case, the row whose Upah disagrees with its parts.
    """
    workers = employer.payroll(latest=True)
    ident = ["No Karyawan"] if employer.no_nik else ["No Karyawan", "NIK"]
    singles = ["No", *ident, "Nama", rng.choice(("Jabatan", "Departemen")), "Gaji Pokok"]
    fixed_parts = ["Tj. Tetap Perumahan", "Tj. Tetap Transport", "Tj. Tetap Komunikasi"]
    var_parts = ["Uang Makan", "Transport Harian"]
    tail = ["Lembur", "Upah (Gaji Pokok + Tj. Tetap)", "Take Home Pay"]
    width = len(singles) + len(fixed_parts) + 1 + len(var_parts) + len(tail)
    style = "number" if rng.random() < 0.7 else rng.choice(("dots", "english"))
    grid = Grid()
    grid.add(employer.name.upper())
    grid.merge(1, 1, 1, width)
    if rng.random() < 0.5:
        grid.add(HEADING)
    grid.add(f"NPP : {employer.npp}")
    grid.add(f"PERIODE PAYROLL: {period_words(period)}")
    top = rng.randint(max(4, len(grid.rows) + 1), 8)
    while len(grid.rows) < top - 1:
        grid.add()
    first = [*singles, "Tunjangan Tetap", None, None, "Total Tunjangan Tetap"]
    first += ["Tunjangan Tidak Tetap", None, *tail]
    second = [None] * len(singles) + fixed_parts + [None] + var_parts + [None] * len(tail)
    grid.add(*first)
    grid.header_end = grid.add(*second)
    for col, label in enumerate(first, start=1):
        if label in ("Tunjangan Tetap", "Tunjangan Tidak Tetap"):
            grid.merge(top, col, top, col + (2 if label == "Tunjangan Tetap" else 1))
        elif label is not None:
            grid.merge(top, col, top + 1, col)
    mismatch_worker = None
    if employer.payroll_kind == "xlsx2_mismatch":
        mismatch_worker = next(w for w in workers if w.status in HONEST)
    mismatch_row: int | None = None
    totals = [0] * 10
    for i, w in enumerate(workers):
        housing = w.fixed * 5 // 10 // 1000 * 1000
        transport = w.fixed * 3 // 10 // 1000 * 1000
        upah = w.contribution
        if w is mismatch_worker:
            # Off by less than the 1 % tolerance: the loader must report the
            # disagreement, and using the computed column changes no finding.
            upah += max(1_000, int(upah * 0.004) // 1000 * 1000)
        shown = damage.cell(w, "text", xlsx=True) if w.damage is not None else w.nik
        ids = [w.employee_no] if employer.no_nik else [w.employee_no, shown]
        thp = w.contribution + w.variable + w.overtime
        amounts = [w.base, housing, transport, w.fixed - housing - transport, w.fixed]
        amounts += [w.meal, w.transport, w.overtime, upah, thp]
        totals = [t + a for t, a in zip(totals, amounts, strict=True)]
        row = grid.add(i + 1, *ids, w.person.name, w.position, *(money(a, style) for a in amounts))
        grid.data_rows += 1
        if w is mismatch_worker:
            mismatch_row = row
        if w.damage is not None:
            grid.damaged.append((w, row))
    grid.add()
    label = rng.choice(("Sub Total", "TOTAL"))
    grid.add(label, *[None] * (len(singles) - 2), *(money(t, style) for t in totals))
    for _ in range(rng.randint(1, 2)):
        grid.add()
    _signatures(rng, grid, width, period)
    return grid, mismatch_row


def sheet_name(employer: Employer, used: set[str], suffix: str = "") -> str:
    short = re.sub(r"^(PT\.?|CV)\s+", "", employer.name)
    short = re.sub(r"[\[\]:*?/\\]", "", short)[: 30 - len(suffix)].strip()
    name = f"{short} {suffix}".strip()
    n = 2
    while name.lower() in used:
        name = f"{short[: 26 - len(suffix)]} {n} {suffix}".strip()
        n += 1
    used.add(name.lower())
    return name


def chunks(
    items: list[Employer], rng: random.Random, low: int, high: int
) -> Iterator[list[Employer]]:
    i = 0
    while i < len(items):
        size = rng.randint(low, high)
        yield items[i : i + size]
        i += size


def write_csv(
    rng: random.Random,
    path: Path,
    employers: list[Employer],
    period: str,
    damaged: list[tuple[Employer, Worker, int]] | None = None,
) -> int:
    """A `;`-separated UTF-8 (BOM) export holding several employers and both periods.

    Latest-period rows of damaged workers are appended to `damaged` with their line number.
    """
    style = rng.choice(("dots", "rp", "comma_cents", "rp_cents"))
    nik_style = rng.choice(("text", "text", "spaces", "apostrophe"))
    earlier = previous_period(period)
    blocks: list[list[list[str]]] = [[], []]
    marks: list[tuple[int, Employer, Worker]] = []  # (index in the latest block, ...)
    for employer in employers:
        for latest, when in ((False, earlier), (True, period)):
            for w in employer.payroll(latest):
                nik_style_row = pick_nik_style(rng, nik_style)
                row_style = "text" if nik_style_row == "number" else nik_style_row
                if latest and w.damage is not None:
                    marks.append((len(blocks[1]), employer, w))
                    nik = str(damage.cell(w, row_style, xlsx=False))
                else:
                    nik = str(nik_cell(w.nik, row_style))
                amounts = [w.base, w.fixed, w.variable, w.overtime]
                amounts.append(sum(amounts))
                blocks[latest].append(
                    [
                        employer.npp,
                        employer.name,
                        f"{when[5:7]}/{when[:4]}",
                        nik,
                        w.person.name,
                        w.position,
                        *(str(money(a, style)) for a in amounts),
                    ]
                )
    latest_first = rng.random() < 0.5
    if latest_first:
        blocks.reverse()
    if damaged is not None:
        first = 2 if latest_first else 2 + len(blocks[0])  # line 1 is the header
        damaged.extend((employer, w, first + i) for i, employer, w in marks)
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";", lineterminator="\r\n")
        writer.writerow(CSV_HEADER)
        for block in blocks:
            writer.writerows(block)
    return len(blocks[0]) + len(blocks[1])
