"""The enrolment side as BPJS forms: Formulir 2, the SIPP bill and its recap, Jamsostek 2a.

A form is one employer's month: the workers it pays contributions for, each with
the wage reported (`Upah`). Contribution amounts are written as the form computes
them (class I-V JKK rate, JKM 0.3 %, JHT 3.7 + 2 %, JP 2 + 1 %); a worker whose
JP is not paid carries zeros there, or the form has no JP column at all.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from office.grid import Grid, save


@dataclass(frozen=True)
class Enrolled:
    nik: str
    name: str
    born: dt.date
    wage: int
    jp: bool = True


def _text(amount: float) -> str:
    """Money as the forms print it: `1,234,567.00`."""
    return f"{amount:,.2f}"


def _dues(w: Enrolled, jkk: float) -> list[float]:
    """JKK, JKM, JHT employer, JHT worker, JP employer, JP worker (Rp)."""
    u = w.wage
    jp = (u * 0.02, u * 0.01) if w.jp else (0.0, 0.0)
    return [u * jkk, u * 0.003, u * 0.037, u * 0.02, *jp]


def _kpj(i: int) -> str:
    return f"{25010400000 + 137 * i:011d}"


FORMULIR2_NIK = "Nomor Induk Kependudukan\n(NIK)/Paspor\n(bagi TK Asing)"
FORMULIR2_SPANS = (  # header, first and last column of the merged field
    ("No", 1, 1), ("Nomor\nPeserta", 2, 3), (FORMULIR2_NIK, 4, 6), ("Nama Pekerja", 7, 9),
    ("Tanggal\nLahir", 10, 11), ("Upah\n(Rp)", 12, 13), ("Rapel\n(Rp)", 14, 14),
    ("Total\n(Upah + Rapel)\n(Rp)", 15, 16),
)  # fmt: skip
LEGEND = ("a", "b", "c", "d", "e", "f", "g", "h = f + g", "i", "j", "k", "l", "m", "n",
          "o = i+j+k+l+m+n")  # fmt: skip


def formulir2(
    path: Path,
    *,
    npp: str | int,
    employer: str,
    unit: str,
    month: int,
    year: int,
    workers: Sequence[Enrolled],
    top: int = 1,
    jkk_label: str = "(.....%)**",
    jkk_rate: float = 0.0024,
    month_as_number: bool = False,
    nik_header: str = FORMULIR2_NIK,
) -> Path:
    """BPJS Formulir 2 "Laporan Rincian Iuran Pekerja" redrawn on narrow merged columns.

    Rows from `top`: title and `Formulir 2` box, labels (top+3) over values (top+4)
    with `bulan`/`tahun` under the period (top+5), the two-row header (top+7, top+8),
    the `a ... o` legend (top+9), workers from top+10, then `Total Seluruhnya`,
    `Kompensasi ...`, `Denda`, notes and the signature block. An `int` NPP is written
    as a number cell, as Excel keeps a typed one.
    """
    g = Grid("Formulir 2")
    t = top
    g.put(t, 1, "LAPORAN RINCIAN IURAN PEKERJA")
    g.merge(t, 1, t, 20)
    g.put(t, 22, "Formulir 2")
    g.merge(t, 22, t + 1, 24)
    g.put(t + 1, 1, "BPJS KETENAGAKERJAAN")
    for label, value, c1, c2 in (
        ("NPP", npp, 1, 5),
        ("Nama Pemberi Kerja/Wadah/Mitra", employer, 7, 13),
        ("Nama Unit Kerja / Kesatuan", unit, 14, 18),
    ):
        g.put(t + 3, c1, label)
        g.merge(t + 3, c1, t + 3, c2)
        g.put(t + 4, c1, value)
        g.merge(t + 4, c1, t + 4, c2)
    g.put(t + 3, 19, "Periode Laporan")
    g.merge(t + 3, 19, t + 3, 24)
    g.put(t + 4, 19, month if month_as_number else f"{month:02d}")
    g.merge(t + 4, 19, t + 4, 20)
    g.put(t + 4, 22, year if month_as_number else str(year))
    g.merge(t + 4, 22, t + 4, 24)
    g.put(t + 5, 19, "bulan")
    g.merge(t + 5, 19, t + 5, 20)
    g.put(t + 5, 22, "tahun")
    g.merge(t + 5, 22, t + 5, 24)

    h = t + 7
    spans = [(nik_header if c1 == 4 else name, c1, c2) for name, c1, c2 in FORMULIR2_SPANS]
    spans += [(f"Iuran JKK\n(Rp)\n{jkk_label}", 17, 17), ("Iuran JKM\n(Rp)\n(0.3%)", 18, 18),
              ("Jumlah Iuran\n(Rp)", 23, 24)]  # fmt: skip
    for name, c1, c2 in spans:
        g.put(h, c1, name)
        g.merge(h, c1, h + 1, c2)
    for group, c1, subs in (
        ("Iuran JHT (Rp)", 19, ("Pemberi Kerja\n(3.7%)", "Pekerja\n(2%)")),
        ("Iuran JP (Rp)", 21, ("Pemberi Kerja\n(2%)", "Pekerja\n(1%)")),
    ):
        g.put(h, c1, group)
        g.merge(h, c1, h, c1 + 1)
        g.line(h + 1, c1, subs)
    legend_cols = [1, 2, 4, 7, 10, 12, 14, 15, 17, 18, 19, 20, 21, 22, 23]
    for c, mark in zip(legend_cols, LEGEND, strict=True):
        g.put(h + 2, c, mark)

    totals = [0.0] * 10
    r = h + 3
    for i, w in enumerate(workers, start=1):
        dues = _dues(w, jkk_rate)
        amounts = [w.wage, 0.0, w.wage, *dues, sum(dues)]
        totals = [a + b for a, b in zip(totals, amounts, strict=True)]
        row: list[tuple[int, int, object]] = [
            (1, 1, i), (2, 3, _kpj(i)), (4, 6, w.nik), (7, 9, w.name), (10, 11, w.born),
        ]  # fmt: skip
        _amounts_at(g, r, amounts)
        for c1, c2, v in row:
            g.put(r, c1, v)  # type: ignore[arg-type]
            g.merge(r, c1, r, c2)
        r += 1
    g.put(r, 1, "Total Seluruhnya")
    g.merge(r, 1, r, 11)
    _amounts_at(g, r, totals)
    g.put(r + 1, 1, "Kompensasi Kekurangan atau Kelebihan Iuran Bulan Sebelumnya (Rp)")
    g.merge(r + 1, 1, r + 1, 22)
    g.put(r + 1, 23, _text(0))
    g.put(r + 2, 1, "Denda (Rp)")
    g.merge(r + 2, 1, r + 2, 22)
    g.put(r + 2, 23, _text(0))
    notes = ["Keterangan :", "* Diisi nomor kartu peserta BPJS Ketenagakerjaan",
             "** Diisi sesuai tarif iuran JKK perusahaan"]  # fmt: skip
    for k, note in enumerate(notes):
        g.put(r + 4 + k, 1, note)
    g.put(r + 8, 17, f"Jakarta, 10 {('April', 'Mei')[month == 4]} {year}")
    g.put(r + 9, 17, "Pemberi Kerja,")
    g.put(r + 13, 17, "( ................................ )")
    g.put(r + 14, 17, "Nama jelas, jabatan dan cap perusahaan")
    return save(path, [g])


def _amounts_at(g: Grid, r: int, amounts: Sequence[float]) -> None:
    """Upah, Rapel, Total, JKK, JKM, JHT x2, JP x2, Jumlah: as text, at their merged spots."""
    spots = [(12, 13), (14, 14), (15, 16), (17, 17), (18, 18), (19, 19), (20, 20), (21, 21),
             (22, 22), (23, 24)]  # fmt: skip
    for (c1, c2), v in zip(spots, amounts, strict=True):
        g.put(r, c1, _text(v))
        g.merge(r, c1, r, c2)


SIPP_HEADER = (
    "No", "Nomor Referensi", "NIK", "Nomor Pegawai", "Nama", "Tgl Lahir", "Tgl Kepesertaan",
    "Upah", "Rapel", "JKK", "JKM", "JHT Pemberi Kerja", "JHT Tenaga Kerja", "JP Pemberi Kerja",
    "JP Tenaga Kerja", "JKP Pemberi Kerja", "JKP Pemerintah", "Total Iuran",
)  # fmt: skip


def sipp(
    path: Path,
    *,
    title: Sequence[str],
    workers: Sequence[Enrolled],
    staff_numbers: Sequence[str] | None = None,
    top: int = 1,
    jkk_rate: float = 0.0054,
) -> Path:
    """SIPP bill "Rincian Iuran Tenaga Kerja": title lines, one header row, JKP columns.

    Amounts as text `1,234,567.00`, dates as `dd-mm-yyyy` text; the table starts
    two rows under the title lines and ends with `Jumlah Seluruhnya`.
    """
    g = Grid("Rincian Iuran")
    for k, line in enumerate(title):
        g.put(top + k, 1, line)
    h = top + len(title) + 1
    header = [c for c in SIPP_HEADER if staff_numbers is not None or c != "Nomor Pegawai"]
    g.line(h, 1, header)
    totals = [0.0] * 11
    for i, w in enumerate(workers, start=1):
        dues = _dues(w, jkk_rate)
        jkp = min(w.wage, 5_000_000) * 0.0022
        amounts = [w.wage, 0.0, *dues, 0.0, jkp, sum(dues)]
        totals = [a + b for a, b in zip(totals, amounts, strict=True)]
        ids = [i, _kpj(i), w.nik]
        if staff_numbers is not None:
            ids.append(staff_numbers[i - 1])
        g.line(h + i, 1, [*ids, w.name, w.born.strftime("%d-%m-%Y"), "01-02-2021",
                          *[_text(a) for a in amounts]])  # fmt: skip
    last = h + len(workers) + 1
    g.put(last, 1, "Jumlah Seluruhnya")
    g.line(last, len(header) - 10, [_text(a) for a in totals])
    return save(path, [g])


def sipp_recap(
    path: Path, *, title: Sequence[str], workers: Sequence[Enrolled], top: int = 1, left: int = 1
) -> Path:
    """A clerk's recap of the SIPP bill: JHT and JP twice, under `Pemberi Kerja` and
    `Tenaga Kerja` groups of a two-row header; money as `#,##0` numbers."""
    g = Grid("Rekap Iuran")
    for k, line in enumerate(title):
        g.put(top + k, left, line)
    h = top + len(title) + 1
    for name, c in (("No", 0), ("NIK", 1), ("Nama Tenaga Kerja", 2), ("Upah", 3),
                    ("Jumlah Iuran", 10)):  # fmt: skip
        g.put(h, left + c, name)
        g.merge(h, left + c, h + 1, left + c)
    g.put(h, left + 4, "Pemberi Kerja")
    g.merge(h, left + 4, h, left + 7)
    g.line(h + 1, left + 4, ["JKK", "JKM", "JHT", "JP"])
    g.put(h, left + 8, "Tenaga Kerja")
    g.merge(h, left + 8, h, left + 9)
    g.line(h + 1, left + 8, ["JHT", "JP"])
    totals = [0] * 8
    for i, w in enumerate(workers, start=1):
        jkk, jkm, jht_e, jht_w, jp_e, jp_w = (round(d) for d in _dues(w, 0.0024))
        amounts = [w.wage, jkk, jkm, jht_e, jp_e, jht_w, jp_w]
        amounts.append(sum(amounts[1:]))
        totals = [a + b for a, b in zip(totals, amounts, strict=True)]
        g.line(h + 1 + i, left, [i, w.nik, w.name])
        g.line(h + 1 + i, left + 3, amounts, money=True)
    last = h + 2 + len(workers)
    g.put(last, left, "TOTAL")
    g.merge(last, left, last, left + 2)
    g.line(last, left + 3, totals, money=True)
    return save(path, [g])


def jamsostek_2a_html(
    path: Path,
    *,
    title: Sequence[str],
    workers: Sequence[Enrolled],
    jkk_rate: float = 0.0054,
    jp_column: bool = True,
) -> Path:
    """Formulir Jamsostek 2a as an ERP writes it: an HTML table in a file named `.xls`.

    One `<tr>` per spreadsheet row (Excel shows the title lines in rows 1..n, the
    header in n+1); amounts `4,500,000`; dates `dd/mm/yyyy`; `JUMLAH SELURUHNYA`.
    Without `jp_column` the form has no JP column at all (an employer not paying JP).
    """
    header = ["No", "Nomor KPJ", "N I K", "Nama Tenaga Kerja", "Tgl.Lahir (tgl/bln/thn)",
              "Data Upah (Rp.)", f"Iuran JKK {jkk_rate * 100:.2f}%", "Iuran JKM 0.30%",
              "Iuran JHT 5.70%", *(["Iuran JP 3.00%"] if jp_column else []),
              "Jumlah Iuran"]  # fmt: skip
    width = len(header)
    rows = [f'<tr><td colspan="{width}"><b>{line}</b></td></tr>' for line in title]
    rows.append("<tr>" + "".join(f"<th>{h}</th>" for h in header) + "</tr>")
    total = [0] * (width - 5)
    for i, w in enumerate(workers, start=1):
        jkk, jkm, jht_e, jht_w, jp_e, jp_w = (round(d) for d in _dues(w, jkk_rate))
        amounts = [w.wage, jkk, jkm, jht_e + jht_w, *([jp_e + jp_w] if jp_column else [])]
        amounts.append(sum(amounts[1:]))
        total = [a + b for a, b in zip(total, amounts, strict=True)]
        cells = [str(i), _kpj(i), w.nik, w.name, w.born.strftime("%d/%m/%Y"),
                 *[f"{a:,}" for a in amounts]]  # fmt: skip
        rows.append(
            "<tr>" + "".join(f'<td style="mso-number-format:\\@">{c}</td>' for c in cells) + "</tr>"
        )
    rows.append(
        '<tr><td colspan="5">JUMLAH SELURUHNYA</td>' + "".join(f"<td>{a:,}</td>" for a in total)
        + "</tr>"
    )  # fmt: skip
    html = (
        '<html xmlns:o="urn:schemas-microsoft-com:office:office" '
        'xmlns:x="urn:schemas-microsoft-com:office:excel" xmlns="http://www.w3.org/TR/REC-html40">\n'
        '<head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">\n'
        '<title>Rincian Iuran</title></head>\n<body>\n<table border="1">\n'
        + "\n".join(rows)
        + "\n</table>\n</body>\n</html>\n"
    )
    path.write_text(html, encoding="utf-8")
    return path
