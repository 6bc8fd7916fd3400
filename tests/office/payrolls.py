"""The payroll side as offices' systems write it: registers, office sheets, HR systems,
recaps with sections, English exports, and plain sheets whose period is only in a name.

Every builder takes the workers' figures and lays them out; totals rows are the
sums of the rows above, as the real files have them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from office.grid import Grid, Value, save

FIXED_PARTS = (
    "Tj. Tetap Hidup", "Tj. Tetap Perumahan", "Tj. Tetap Jabatan", "Tj. Tetap Fungsional",
    "Tj. Tetap Koordinator", "Tj. Tetap Transport", "Tj. Tetap Komunikasi", "Tj. Tetap Keahlian",
    "Tj. Tetap Honorarium", "Tj. Tetap Pjs", "Tj. Tetap Lainnya",
)  # fmt: skip
VARIABLE_PARTS = ("Tj. Makan", "Tj. Transport Harian", "Insentif")


@dataclass(frozen=True)
class RegisterRow:
    staff_no: str
    name: str
    position: str
    base: int
    fixed: tuple[int, ...]
    """One amount per `FIXED_PARTS`."""
    variable: tuple[int, int, int]
    overtime_hours: tuple[int, int] = (0, 0)


def register(path: Path, *, company: str, period_line: str, rows: Sequence[RegisterRow]) -> Path:
    """A payroll application's register: company alone in row 1, `PERIODE PAYROLL` in row 2,
    a two-row header from row 4 (a dozen `Tunjangan Tetap` parts, `Total Tunjangan Tetap`,
    `Upah (Gaji Pokok + Tj. Tetap)`, a `Tunjangan Tidak Tetap` group, `Total Salary`),
    workers from row 6 and a `Total` row; then a `Lembur` sheet (its group name written
    twice) and a `Potongan` sheet, neither of them a worker table."""
    for r in rows:
        assert len(r.fixed) == len(FIXED_PARTS)
    g = Grid("Payroll")
    width = 5 + len(FIXED_PARTS) + 2 + len(VARIABLE_PARTS) + 1
    g.put(1, 1, company)
    g.merge(1, 1, 1, width)
    g.put(2, 1, period_line)
    single = {1: "No", 2: "No Karyawan", 3: "Nama Karyawan", 4: "Jabatan", 5: "Gaji Pokok"}
    fixed_at = 6
    total_at = fixed_at + len(FIXED_PARTS)
    single |= {total_at: "Total Tunjangan Tetap", total_at + 1: "Upah (Gaji Pokok + Tj. Tetap)"}
    variable_at = total_at + 2
    single[width] = "Total Salary"
    for c, name in single.items():
        g.put(4, c, name)
        g.merge(4, c, 5, c)
    for c, group, parts in ((fixed_at, "Tunjangan Tetap", FIXED_PARTS),
                            (variable_at, "Tunjangan Tidak Tetap", VARIABLE_PARTS)):  # fmt: skip
        g.put(4, c, group)
        g.merge(4, c, 4, c + len(parts) - 1)
        g.line(5, c, parts)
    sums = [0] * (width - 4)
    for i, r in enumerate(rows, start=1):
        fixed = sum(r.fixed)
        amounts = [r.base, *r.fixed, fixed, r.base + fixed, *r.variable,
                   r.base + fixed + sum(r.variable)]  # fmt: skip
        sums = [a + b for a, b in zip(sums, amounts, strict=True)]
        g.line(5 + i, 1, [i, r.staff_no, r.name, r.position])
        g.line(5 + i, 5, amounts, money=True)
    last = 6 + len(rows)
    g.put(last, 1, "Total")
    g.merge(last, 1, last, 4)
    g.line(last, 5, sums, money=True)

    lembur = Grid("Lembur")
    lembur.put(1, 1, company)
    lembur.put(2, 1, f"LEMBUR {period_line.split(':', 1)[-1].strip().upper()}")
    for c, name in ((1, "No"), (2, "No Karyawan"), (3, "Nama Karyawan"), (8, "Total Lembur")):
        lembur.put(4, c, name)
        lembur.merge(4, c, 5, c)
    for c in (4, 6):  # the group name repeated over both groups: a known bug of such systems
        lembur.put(4, c, "Lembur")
        lembur.merge(4, c, 4, c + 1)
        lembur.line(5, c, ["Jam", "Nominal"])
    for i, r in enumerate(rows, start=1):
        hours = r.overtime_hours
        pay = [hours[0] * 25_000, hours[1] * 40_000]
        lembur.line(5 + i, 1, [i, r.staff_no, r.name, hours[0], pay[0], hours[1], pay[1],
                               sum(pay)])  # fmt: skip

    potongan = Grid("Potongan")
    potongan.put(1, 1, company)
    potongan.line(3, 1, ["No", "No Karyawan", "Nama Karyawan", "BPJS TK", "BPJS Kesehatan",
                         "PPh 21", "Kasbon", "Total Potongan"])  # fmt: skip
    for i, r in enumerate(rows, start=1):
        wage = r.base + sum(r.fixed)
        cuts = [wage * 3 // 100, wage // 100, 0, 0]
        potongan.line(3 + i, 1, [i, r.staff_no, r.name, *cuts, sum(cuts)])
    return save(path, [g, lembur, potongan])


@dataclass(frozen=True)
class OfficeRow:
    nik: str
    name: str
    position: str
    base: int
    fixed: tuple[int, int]
    """Tj. Jabatan, Tj. Keluarga."""
    variable: tuple[int, int]
    """Uang Makan, Uang Transport."""
    pph21: int


def office_sheet(
    path: Path, *, title: Sequence[str], rows: Sequence[OfficeRow], top: int = 1
) -> Path:
    """An office's own sheet: a `Tunjangan Tetap` and a `Tunjangan Tidak Tetap` group, then
    `Gaji Kotor`, a `Potongan` group whose parts carry digits and `%`
    (`BPJS TK (JHT 2% + JP 1%)`, `BPJS Kesehatan 1%`, `PPh 21`) and `Gaji Bersih`.
    Title lines from row `top`; the two-row header one blank row below them."""
    g = Grid("Gaji")
    for k, line in enumerate(title):
        g.put(top + k, 1, line)
    h = top + len(title) + 1
    for c, name in ((1, "No"), (2, "NIK"), (3, "Nama Karyawan"), (4, "Jabatan"),
                    (5, "Gaji Pokok"), (10, "Gaji Kotor"), (14, "Gaji Bersih")):  # fmt: skip
        g.put(h, c, name)
        g.merge(h, c, h + 1, c)
    for c, group, parts in (
        (6, "Tunjangan Tetap", ("Tj. Jabatan", "Tj. Keluarga")),
        (8, "Tunjangan Tidak Tetap", ("Uang Makan", "Uang Transport")),
        (11, "Potongan", ("BPJS TK (JHT 2% + JP 1%)", "BPJS Kesehatan 1%", "PPh 21")),
    ):
        g.put(h, c, group)
        g.merge(h, c, h, c + len(parts) - 1)
        g.line(h + 1, c, parts)
    sums = [0] * 10
    for i, r in enumerate(rows, start=1):
        wage = r.base + sum(r.fixed)
        gross = wage + sum(r.variable)
        cuts = [wage * 3 // 100, wage // 100, r.pph21]
        amounts = [r.base, *r.fixed, *r.variable, gross, *cuts, gross - sum(cuts)]
        sums = [a + b for a, b in zip(sums, amounts, strict=True)]
        g.line(h + 1 + i, 1, [i, r.nik, r.name, r.position])
        g.line(h + 1 + i, 5, amounts, money=True)
    last = h + 2 + len(rows)
    g.put(last, 1, "JUMLAH")
    g.merge(last, 1, last, 4)
    g.line(last, 5, sums, money=True)
    g.put(last + 2, 10, "Semarang, 25 Maret 2025")
    g.put(last + 3, 2, "Dibuat oleh,")
    g.put(last + 3, 10, "Disetujui oleh,")
    g.put(last + 7, 2, "Bagian Keuangan")
    g.put(last + 7, 10, "Direktur")
    return save(path, [g])


@dataclass(frozen=True)
class HrRow:
    staff_no: str
    name: str
    ktp: Value
    joined: str
    """Oracle-style date text, `20-NOV-03`."""
    position: str
    base: int
    fixed: int
    variable: int


def hr_sheet(
    path: Path,
    *,
    title: Sequence[str],
    departments: Sequence[tuple[str, Sequence[HrRow]]],
    left: int = 2,
    header_row: int = 7,
) -> Path:
    """A company HR system's sheet: title block, table from column `left`, a merged
    department row before each department's workers (numbering restarts), a `TOTAL`
    row, and a summary by department to the right of the table in the same rows."""
    g = Grid("DAFTAR GAJI")
    for k, line in enumerate(title, start=1):
        g.put(k, left, line)
    header = ["NO", "NO. PEGAWAI", "NAMA PEGAWAI", "NO. KTP", "TGL MASUK", "JABATAN",
              "GAJI POKOK", "TUNJANGAN TETAP", "TUNJANGAN TIDAK TETAP", "TOTAL GAJI"]  # fmt: skip
    g.line(header_row, left, header)
    right = left + len(header) + 1
    g.put(header_row - 1, right, "REKAP PER DEPARTEMEN")
    g.line(header_row, right, ["DEPARTEMEN", "JUMLAH PEGAWAI", "TOTAL GAJI"])
    r = header_row + 1
    sums = [0, 0, 0, 0]
    summary: list[tuple[str, int, int]] = []
    for dept, rows in departments:
        g.put(r, left, dept)
        g.merge(r, left, r, left + len(header) - 1)
        r += 1
        dept_total = 0
        for i, w in enumerate(rows, start=1):
            total = w.base + w.fixed + w.variable
            dept_total += total
            sums = [a + b for a, b in zip(sums, [w.base, w.fixed, w.variable, total], strict=True)]
            g.line(r, left, [i, w.staff_no, w.name, w.ktp, w.joined, w.position])
            g.line(r, left + 6, [w.base, w.fixed, w.variable, total], money=True)
            r += 1
        summary.append((dept.split()[-1], len(rows), dept_total))
    g.put(r, left, "TOTAL")
    g.merge(r, left, r, left + 5)
    g.line(r, left + 6, sums, money=True)
    summary.append(("TOTAL", sum(n for _, n, _ in summary), sums[3]))
    for k, (dept, n, total) in enumerate(summary, start=1):
        g.line(header_row + k, right, [dept, n, total], money=True)
    g.put(r + 2, left + 7, "Jakarta, 28 Maret 2025")
    g.put(r + 3, left + 7, "Kepala Bagian SDM")
    g.put(r + 7, left + 7, "( Hendro Wijaya )")
    return save(path, [g])


@dataclass(frozen=True)
class RecapRow:
    name: str
    nik: str
    position: str
    base: int
    fixed: int
    variable: int


def recap(
    path: Path,
    *,
    title: Sequence[str],
    base_header: str,
    sections: Sequence[tuple[str, str, Sequence[RecapRow]]],
) -> Path:
    """A recap with sections: header cells with line breaks, a section row
    (`A. KARYAWAN BULANAN (4 Karyawan)`) before each section's workers, a subtotal
    per section (`TOTAL A. KARYAWAN BULANAN`), then `TOTAL KESELURUHAN`; `#,##0` money."""
    g = Grid("REKAP")
    for k, line in enumerate(title, start=1):
        g.put(k, 1, line)
    h = len(title) + 2
    g.line(h, 1, ["NO", "NAMA", "NIK\n(KTP)", "JABATAN", base_header, "TUNJANGAN\nTETAP",
                  "TUNJANGAN\nTIDAK TETAP", "TOTAL\nDITERIMA"])  # fmt: skip
    r = h + 1
    grand = [0, 0, 0, 0]
    for label, total_label, rows in sections:
        g.put(r, 1, f"{label} ({len(rows)} Karyawan)")
        g.merge(r, 1, r, 8)
        r += 1
        sub = [0, 0, 0, 0]
        for i, w in enumerate(rows, start=1):
            amounts = [w.base, w.fixed, w.variable, w.base + w.fixed + w.variable]
            sub = [a + b for a, b in zip(sub, amounts, strict=True)]
            g.line(r, 1, [i, w.name, w.nik, w.position])
            g.line(r, 5, amounts, money=True)
            r += 1
        g.put(r, 1, total_label)
        g.merge(r, 1, r, 4)
        g.line(r, 5, sub, money=True)
        grand = [a + b for a, b in zip(grand, sub, strict=True)]
        r += 1
    g.put(r, 1, "TOTAL KESELURUHAN")
    g.merge(r, 1, r, 4)
    g.line(r, 5, grand, money=True)
    return save(path, [g])


def table(
    path: Path,
    *,
    sheet: str,
    title: Sequence[Sequence[Value]],
    header: Sequence[str],
    rows: Sequence[Sequence[Value]],
    footer: Sequence[Sequence[Value]] = (),
    top: int = 1,
    left: int = 1,
) -> Path:
    """A plain sheet: title lines, one header row under a blank line, rows, footer lines.

    Numbers are shown as `#,##0` except 16-digit IDs, which stay plain numbers.
    """
    g = Grid(sheet)
    r = top
    for line in title:
        g.line(r, left, line)
        r += 1
    if title:
        r += 1
    g.line(r, left, header)
    for line in (*rows, *footer):
        r += 1
        for j, v in enumerate(line):
            g.put(r, left + j, v, money=isinstance(v, int) and v < 10**12)
    return save(path, [g])
