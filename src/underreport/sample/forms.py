"""Office layouts drawn as BPJS forms and payroll systems draw them (../shared/formats.md).

- `formulir2`: BPJS Formulir 2 "Laporan Rincian Iuran Pekerja" as one employer's enrolment,
  redrawn in Excel on narrow merged columns, amounts as text `1,234,567.00`;
- `jamsostek_2a_html`: the Jamsostek 2a "RINCIAN IURAN TENAGA KERJA" as an ERP writes it,
  an HTML table in a file named `.xls`;
- `register`: a payroll application's register with `Tunjangan Tetap` parts, a `Potongan`
  group whose sub-headers carry digits and `%`, department rows and a `TOTAL` row.

A form lists only the workers the employer pays contributions for that month (its active
enrolments) at the wage it reported, so the planted answer is the one the CSV export gives.
"""

from __future__ import annotations

import html
import random
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter

from underreport.rules import load_rules

from . import damage, names
from .enrollment import memberships
from .formats import Grid, indonesian_date, period_words
from .world import Employer, Worker

# Contribution rates in basis points of the wage (rules.toml, 2025); JKK at class I.
JKK_BP, JKM_BP, JHT_PK_BP, JHT_TK_BP, JP_PK_BP, JP_TK_BP = 24, 30, 370, 200, 200, 100
FORM2_FIELDS: tuple[tuple[str | None, int], ...] = (  # (first header row, columns it spans)
    ("No", 1),
    ("Nomor\nPeserta", 2),
    ("Nomor Induk\nKependudukan (NIK)/\nPaspor (bagi TK Asing)", 3),
    ("Nama Pekerja", 3),
    ("Tanggal\nLahir", 2),
    ("Upah\n(Rp)", 2),
    ("Rapel\n(Rp)", 2),
    ("Total\n(Upah + Rapel)\n(Rp)", 2),
    ("Iuran JKK\n(Rp)\n(.....%)**", 2),
    ("Iuran JKM\n(Rp)\n(0.3%)", 2),
    ("Iuran JHT (Rp)", 2),
    (None, 2),
    ("Iuran JP (Rp)", 2),
    (None, 2),
    ("Jumlah Iuran\n(Rp)", 2),
)
FORM2_GROUPS = {10: ("Pemberi Kerja\n(3.7%)", "Pekerja\n(2%)"),
                12: ("Pemberi Kerja\n(2%)", "Pekerja\n(1%)")}  # fmt: skip
FORM2_LEGEND = ("a", "b", "c", "d", "e", "f", "g", "h = f + g", "i", "j", "k", "l", "m", "n",
                "o = i+j+k+l+m+n")  # fmt: skip
HTML_2A_HEADER = ("No", "Nomor KPJ", "N I K", "Nama Tenaga Kerja", "Tgl.Lahir (tgl/bln/thn)",
                  "Data Upah (Rp.)", "Iuran JKK 0.54%", "Iuran JKM 0.3%", "Iuran JHT 5.7%",
                  "Iuran JP 3%")  # fmt: skip
HTML_2A_BP = (54, 30, 570, 300)
FIXED_PARTS = ("Tj. Biaya Hidup", "Tj. Perumahan", "Tj. Jabatan", "Tj. Fungsional",
               "Tj. Transport", "Tj. Komunikasi", "Tj. Keahlian", "Tj. Lain-lain")  # fmt: skip
VARIABLE_PARTS = ("Uang Makan", "Transport Harian")
DEDUCTIONS = ("BPJS TK\n(JHT 2% + JP 1%)", "BPJS Kesehatan 1%", "PPh 21")
DEPARTMENTS = ("ADMINISTRASI & KEUANGAN", "PRODUKSI", "GUDANG & DISTRIBUSI")
HEALTH_CEILING = 12_000_000


def dotted_cents(value: int) -> str:
    """`1234567` as the form prints it: `1,234,567.00`."""
    return f"{value:,}.00"


def _part(wage: int, bp: int) -> int:
    return (wage * bp + 5_000) // 10_000


def _active(employer: Employer) -> list[tuple[Worker, int]]:
    """Workers the employer pays contributions for this month, at the wage it reports."""
    return [(w, wage) for w, wage, active, _ in memberships(employer) if active]


def _contributions(wage: int, ceiling: int, jp: bool) -> list[int]:
    """JKK, JKM, JHT employer, JHT worker, JP employer, JP worker (JP up to the ceiling)."""
    capped = min(wage, ceiling)
    jp_parts = [_part(capped, JP_PK_BP), _part(capped, JP_TK_BP)] if jp else [0, 0]
    return [_part(wage, JKK_BP), _part(wage, JKM_BP), _part(wage, JHT_PK_BP),
            _part(wage, JHT_TK_BP), *jp_parts]  # fmt: skip


def jp_ceiling(period: str) -> int:
    return int(load_rules().at(period).jp_ceiling)


def _styled(wb: Workbook, title: str, grid: Grid, widths: float, wrap: range) -> None:
    """Write `grid` on a normal (styled) sheet: narrow columns, wrapped headers, text amounts."""
    ws = wb.create_sheet(title)
    for r, row in enumerate(grid.rows, start=1):
        for c, value in enumerate(row, start=1):
            if value is None:
                continue
            cell = ws.cell(row=r, column=c, value=value)
            if isinstance(value, str) and value[:1].isdigit():
                cell.number_format = "@"
            elif isinstance(value, datetime):
                cell.number_format = "DD/MM/YYYY"
            if r in wrap:
                cell.alignment = Alignment(wrap_text=True, horizontal="center", vertical="center")
    width = max((len(row) for row in grid.rows), default=0)
    for c in range(1, width + 1):
        ws.column_dimensions[get_column_letter(c)].width = widths
    for ref in grid.merges:
        ws.merge_cells(ref)


def formulir2(rng: random.Random, employer: Employer, period: str) -> tuple[Workbook, Grid]:
    """Formulir 2 "Laporan Rincian Iuran Pekerja" of one employer for `period`."""
    starts, col = [], 1
    for _, span in FORM2_FIELDS:
        starts.append(col)
        col += span
    width = col - 1
    grid = Grid()

    def put(row: list[Any], field: int, value: Any) -> None:
        row[starts[field] - 1] = value

    def spans(r: int, first: int = 0, last: int = len(FORM2_FIELDS) - 1) -> None:
        for f in range(first, last + 1):
            span = FORM2_FIELDS[f][1]
            if span > 1:
                grid.merge(r, starts[f], r, starts[f] + span - 1)

    grid.add("LAPORAN RINCIAN IURAN PEKERJA", *[None] * (width - 5), "Formulir 2")
    grid.merge(1, 1, 1, width - 4)
    grid.merge(1, width - 3, 2, width)
    grid.add("BPJS KETENAGAKERJAAN")
    grid.merge(2, 1, 2, width - 4)
    grid.add()
    blank: list[Any] = [None] * width
    labels, values, under = list(blank), list(blank), list(blank)
    month, year = int(period[5:]), int(period[:4])
    title = (("NPP", employer.npp, 1, 4), ("Nama Pemberi Kerja/Wadah/Mitra", employer.name, 5, 13),
             ("Nama Unit Kerja / Kesatuan", "Kantor Pusat", 14, 22))  # fmt: skip
    for label, value, first, _ in title:
        labels[first - 1], values[first - 1] = label, value
    labels[23 - 1], values[23 - 1], values[26 - 1] = "Periode Laporan", month, year
    under[23 - 1], under[26 - 1] = "bulan", "tahun"
    top = grid.add(*labels)
    grid.add(*values)
    grid.add(*under)
    for _, _, first, last in title:
        grid.merge(top, first, top, last)
        grid.merge(top + 1, first, top + 1, last)
    grid.merge(top, 23, top, 28)
    for r in (top + 1, top + 2):
        grid.merge(r, 23, r, 25)
        grid.merge(r, 26, r, 28)
    grid.add()
    first_row, second_row = list(blank), list(blank)
    for f, (heading, _) in enumerate(FORM2_FIELDS):
        put(first_row, f, heading)
        if f in FORM2_GROUPS:
            put(second_row, f, FORM2_GROUPS[f][0])
            put(second_row, f + 1, FORM2_GROUPS[f][1])
    head = grid.add(*first_row)
    grid.header_end = grid.add(*second_row)
    for f, (heading, span) in enumerate(FORM2_FIELDS):
        if f in FORM2_GROUPS:
            grid.merge(head, starts[f], head, starts[f] + span * 2 - 1)
            spans(head + 1, f, f + 1)
        elif heading is not None:
            grid.merge(head, starts[f], head + 1, starts[f] + span - 1)
    legend = list(blank)
    for f, letter in enumerate(FORM2_LEGEND):
        put(legend, f, letter)
    spans(grid.add(*legend))
    ceiling, jp = jp_ceiling(period), "JP" in employer.programs
    totals = [0] * 10
    for i, (w, wage) in enumerate(_active(employer), start=1):
        parts = _contributions(wage, ceiling, jp)
        amounts = [wage, 0, wage, *parts, sum(parts)]
        totals = [t + a for t, a in zip(totals, amounts, strict=True)]
        birth = datetime(w.person.birth.year, w.person.birth.month, w.person.birth.day)
        row = list(blank)
        for f, cell in enumerate([i, w.kpj, w.nik, w.person.plain.upper(), birth]):
            put(row, f, cell)
        for f, amount in enumerate(amounts, start=5):
            put(row, f, dotted_cents(amount))
        spans(grid.add(*row))
        grid.data_rows += 1
    closing: list[tuple[str, list[int] | None]] = [
        ("Total Seluruhnya", totals),
        ("Kompensasi Kekurangan atau Kelebihan Iuran Bulan Sebelumnya", None),
        ("Denda", None),
    ]
    for text, sums in closing:
        line: list[Any] = [text, *[None] * (width - 1)]
        for f, amount in enumerate(sums or [0] * 10, start=5):
            if sums is not None or f == 14:
                put(line, f, dotted_cents(amount))
        r = grid.add(*line)
        grid.merge(r, 1, r, starts[5] - 1)
        spans(r, 5)
    grid.add()
    notes = ("Keterangan :", "*) Diisi oleh Pemberi Kerja/Wadah/Mitra",
             "**) Tarif iuran JKK sesuai kelompok tingkat risiko lingkungan kerja")  # fmt: skip
    for note in notes:
        grid.add(note)
    city = rng.choice(names.CITIES)
    filed = (date(year, month, 1) + timedelta(days=32)).replace(day=10)
    sign: list[Any] = [None] * (width - 10)
    grid.add()
    grid.add(*sign, f"{city}, {indonesian_date(filed)}")
    grid.add(*sign, "Pemberi Kerja/Wadah/Mitra")
    grid.add()
    grid.add()
    grid.add(*sign, f"( {names.person(rng).plain} )")
    grid.add(*sign, "Nama jelas, tanda tangan dan cap")
    wb = Workbook()
    wb.remove(wb.active)
    _styled(wb, "Formulir 2", grid, 3.5, range(head, head + 2))
    return wb, grid


def jamsostek_2a_html(employer: Employer, period: str) -> tuple[str, int, int]:
    """The Jamsostek 2a contribution detail as an ERP saves it: an HTML table named `.xls`.

    Returns the HTML, the data rows and the rows below the header that are not data.
    """
    ceiling, jp = jp_ceiling(period), "JP" in employer.programs
    cols = len(HTML_2A_HEADER)

    def td(value: object, attrs: str = "") -> str:
        return f"<td{attrs}>{html.escape(str(value))}</td>"

    text = " style=\"mso-number-format:'\\@'\""
    lines = ['<html xmlns:x="urn:schemas-microsoft-com:office:excel">',
             '<head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">',
             "<title>RINCIAN IURAN TENAGA KERJA</title></head>", "<body>",
             '<table border="1" cellspacing="0" cellpadding="2">',
             f'<tr><td colspan="{cols}" align="center"><b>RINCIAN IURAN TENAGA KERJA</b></td></tr>',
             f'<tr><td colspan="{cols}">FORMULIR JAMSOSTEK 2a</td></tr>',
             f'<tr><td colspan="{cols}">NAMA PERUSAHAAN : {html.escape(employer.name.upper())}'
             "</td></tr>",
             f'<tr><td colspan="{cols}">NPP : {employer.npp}</td></tr>',
             f'<tr><td colspan="{cols}">BULAN : {period_words(period).upper()}</td></tr>',
             "<tr>" + "".join(f"<th>{html.escape(h)}</th>" for h in HTML_2A_HEADER)
             + "</tr>"]  # fmt: skip
    totals = [0] * 5
    workers = _active(employer)
    for i, (w, wage) in enumerate(workers, start=1):
        base = min(wage, ceiling)
        amounts = [wage, *(_part(wage, bp) for bp in HTML_2A_BP[:3])]
        amounts.append(_part(base, HTML_2A_BP[3]) if jp else 0)
        totals = [t + a for t, a in zip(totals, amounts, strict=True)]
        cells = [td(i, ' align="right"'), td(w.kpj, text), td(w.nik, text),
                 td(w.person.plain.upper()), td(w.person.birth.strftime("%d/%m/%Y")),
                 *(td(f"{a:,}", ' align="right"') for a in amounts)]  # fmt: skip
        lines.append("<tr>" + "".join(cells) + "</tr>")
    lines.append(
        '<tr><td colspan="5" align="center"><b>JUMLAH SELURUHNYA</b></td>'
        + "".join(td(f"{t:,}", ' align="right"') for t in totals)
        + "</tr>"
    )
    lines += ["</table>", "</body>", "</html>", ""]
    return "\r\n".join(lines), len(workers), 1


def _fixed_parts(fixed: int, share: list[int]) -> list[int]:
    """Split a fixed allowance over the parts in whole thousands; the last part takes the rest."""
    total = sum(share)
    parts = [fixed * s // total // 1000 * 1000 for s in share[:-1]]
    return [*parts, fixed - sum(parts)]


def register(rng: random.Random, employer: Employer, period: str) -> tuple[Workbook, Grid]:
    """A payroll application's register: fixed-allowance parts, deductions, departments."""
    workers = employer.payroll(latest=True)
    share = [rng.randint(0, 4) for _ in FIXED_PARTS[:-1]] + [1]
    singles = ("No", "No. Karyawan", "No. KTP", "Nama Karyawan", "Jabatan", "Gaji Pokok")
    tail = ("Total Tunjangan Tetap", "Upah (Gaji Pokok + Tj. Tetap)")
    after = ("Lembur", "Total Salary")
    first = [*singles, "Tunjangan Tetap", *[None] * (len(FIXED_PARTS) - 1), *tail,
             "Tunjangan Tidak Tetap", None, *after, "Potongan", None, None,
             "Gaji Bersih"]  # fmt: skip
    second = [None] * len(singles) + list(FIXED_PARTS) + [None] * len(tail)
    second += [*VARIABLE_PARTS, *[None] * len(after), *DEDUCTIONS, None]
    width = len(first)
    grid = Grid()
    grid.add(employer.name.upper())
    grid.add(f"PERIODE PAYROLL: {period_words(period)}")
    grid.add(f"NPP : {employer.npp}")
    grid.add()
    head = grid.add(*first)
    grid.header_end = grid.add(*second)
    for col, label in enumerate(first, start=1):
        if label is None:
            continue
        group = {"Tunjangan Tetap": len(FIXED_PARTS), "Tunjangan Tidak Tetap": 2, "Potongan": 3}
        if label in group:
            grid.merge(head, col, head, col + group[label] - 1)
        else:
            grid.merge(head, col, head + 1, col)
    ceiling = jp_ceiling(period)
    departments = DEPARTMENTS[: 2 if len(workers) < 12 else 3]
    cut = [len(workers) * k // len(departments) for k in range(len(departments) + 1)]
    totals = [0] * (width - len(singles) + 1)
    for d, department in enumerate(departments):
        r = grid.add(f"DEPARTEMEN : {department}")
        grid.merge(r, 1, r, len(singles))
        for i, w in enumerate(workers[cut[d] : cut[d + 1]], start=1):
            upah = w.contribution
            parts = _fixed_parts(w.fixed, share)
            salary = upah + w.variable + w.overtime
            bpjs_tk = _part(upah, 200) + _part(min(upah, ceiling), 100)
            health = _part(min(upah, HEALTH_CEILING), 100)
            pph = max(0, salary - 5_400_000) * 5 // 100 // 100 * 100
            amounts = [w.base, *parts, w.fixed, upah, w.meal, w.transport, w.overtime, salary,
                       bpjs_tk, health, pph, salary - bpjs_tk - health - pph]  # fmt: skip
            totals = [t + a for t, a in zip(totals, amounts, strict=True)]
            nik = damage.cell(w, "text", xlsx=True) if w.damage is not None else w.nik
            row = grid.add(i, w.employee_no, nik, w.person.name, w.position, *amounts)
            grid.data_rows += 1
            if w.damage is not None:
                grid.damaged.append((w, row))
    r = grid.add("TOTAL", *[None] * (len(singles) - 2), *totals)
    grid.merge(r, 1, r, len(singles) - 1)
    wb = Workbook()
    wb.remove(wb.active)
    _styled(wb, "Register Gaji", grid, 13, range(head, head + 2))
    return wb, grid


def write_html(path: Path, text: str) -> None:
    path.write_bytes(text.encode("utf-8"))
