"""The sample's office layouts are drawn as the offices draw them (../shared/formats.md).

Read back with openpyxl and lxml, never with underreport's loader: these tests hold while
the readers for these layouts are being taught them, and a reader bug cannot hide here.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from lxml import html as lxml_html
from openpyxl.worksheet.worksheet import Worksheet

from underreport.sample import SampleAnswer, generate
from underreport.sample import forms as sample_forms
from underreport.sample.names import Person
from underreport.sample.world import Employer, Worker

FORM2 = "enrollment/formulir2_rincian_iuran.xlsx"
HTML_2A = "enrollment/rincian_iuran_2a.xls"
REGISTER = "payroll/register_gaji.xlsx"
CENTS = re.compile(r"\d{1,3}(,\d{3})*\.00")
THOUSANDS = re.compile(r"\d{1,3}(,\d{3})*")


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, SampleAnswer]:
    out = tmp_path_factory.mktemp("layouts")
    return out, generate(out, employers=12, seed=0)


def cents(text: str) -> int:
    assert CENTS.fullmatch(text), text
    return int(text[:-3].replace(",", ""))


def filled(ws: Worksheet, row: int) -> list[tuple[str, Any]]:
    return [(c.column_letter, c.value) for c in ws[row] if c.value is not None]


def find_row(ws: Worksheet, text: str) -> int:
    return next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == text)


def expected_in_form(answer: SampleAnswer, npp: str) -> int:
    """Active enrolments of the employer, from the planted counts alone."""
    (e,) = [e for e in answer.employers if e.employer_id == npp]
    return e.payroll_workers - e.unregistered_workers + e.enrolled_not_on_payroll


def test_the_three_layouts_are_written_and_listed(sample: tuple[Path, SampleAnswer]) -> None:
    out, answer = sample
    assert set(answer.files[FORM2]) == {"Formulir 2"}
    assert set(answer.files[HTML_2A]) == {"table 1"}
    assert set(answer.files[REGISTER]) == {"Register Gaji"}
    assert (out / HTML_2A).read_bytes().startswith(b"<html")  # no workbook behind the name


def test_formulir2_title_block(sample: tuple[Path, SampleAnswer]) -> None:
    out, answer = sample
    ws = openpyxl.load_workbook(out / FORM2)["Formulir 2"]
    assert ws["A1"].value == "LAPORAN RINCIAN IURAN PEKERJA"
    assert ws["AB1"].value == "Formulir 2" and "AB1:AE2" in ws.merged_cells
    labels = dict(filled(ws, 4))
    assert labels == {"A": "NPP", "E": "Nama Pemberi Kerja/Wadah/Mitra",
                      "N": "Nama Unit Kerja / Kesatuan", "W": "Periode Laporan"}  # fmt: skip
    values = dict(filled(ws, 5))
    assert values["W"] == 3 and values["Z"] == 2025  # month and year in separate cells
    assert dict(filled(ws, 6)) == {"W": "bulan", "Z": "tahun"}
    npp = values["A"]
    assert isinstance(npp, str) and re.fullmatch(r"\d{8}", npp)
    assert npp in {e.employer_id for e in answer.employers if e.registered}
    assert {"A4:D4", "E5:M5", "W4:AB4", "W5:Y5", "Z5:AB5"} <= {
        str(m) for m in ws.merged_cells.ranges
    }


def test_formulir2_header_legend_and_narrow_columns(sample: tuple[Path, SampleAnswer]) -> None:
    out, _ = sample
    ws = openpyxl.load_workbook(out / FORM2)["Formulir 2"]
    first = [v for _, v in filled(ws, 8)]
    assert first[:4] == ["No", "Nomor\nPeserta",
                         "Nomor Induk\nKependudukan (NIK)/\nPaspor (bagi TK Asing)",
                         "Nama Pekerja"]  # fmt: skip
    assert "Iuran JKK\n(Rp)\n(.....%)**" in first and "Iuran JKM\n(Rp)\n(0.3%)" in first
    assert dict(filled(ws, 9)) == {"V": "Pemberi Kerja\n(3.7%)", "X": "Pekerja\n(2%)",
                                   "Z": "Pemberi Kerja\n(2%)", "AB": "Pekerja\n(1%)"}  # fmt: skip
    assert ws["V8"].value == "Iuran JHT (Rp)" and "V8:Y8" in ws.merged_cells
    assert ws["Z8"].value == "Iuran JP (Rp)" and "Z8:AC8" in ws.merged_cells
    assert "D8:F9" in ws.merged_cells  # the NIK field over three columns and both rows
    assert ws["D8"].alignment.wrap_text
    legend = [v for _, v in filled(ws, 10)]
    assert legend == ["a", "b", "c", "d", "e", "f", "g", "h = f + g", "i", "j", "k", "l", "m",
                      "n", "o = i+j+k+l+m+n"]  # fmt: skip
    assert ws.column_dimensions["C"].width < 5 and ws.max_column == 31


def test_formulir2_rows_amounts_and_closing(sample: tuple[Path, SampleAnswer]) -> None:
    out, answer = sample
    ws = openpyxl.load_workbook(out / FORM2)["Formulir 2"]
    total_at = find_row(ws, "Total Seluruhnya")
    rows = range(11, total_at)
    assert len(rows) == expected_in_form(answer, ws["A5"].value)
    assert answer.files[FORM2]["Formulir 2"] == (len(rows), 15)
    amount_cols = ("L", "N", "P", "R", "T", "V", "X", "Z", "AB", "AD")
    sums = dict.fromkeys(amount_cols, 0)
    for r in rows:
        assert ws[f"A{r}"].value == r - 10
        assert re.fullmatch(r"\d{16}", ws[f"D{r}"].value) and ws[f"D{r}"].number_format == "@"
        assert isinstance(ws[f"J{r}"].value, datetime)
        cells = {c: ws[f"{c}{r}"] for c in amount_cols}
        assert all(isinstance(c.value, str) and c.number_format == "@" for c in cells.values())
        v = {c: cents(cell.value) for c, cell in cells.items()}
        assert v["N"] == 0 and v["P"] == v["L"]
        assert abs(v["T"] - v["L"] * 0.003) <= 0.5 and abs(v["V"] - v["L"] * 0.037) <= 0.5
        assert abs(v["X"] - v["L"] * 0.02) <= 0.5
        assert abs(v["Z"] - min(v["L"], 10_547_400) * 0.02) <= 0.5
        assert v["AD"] == sum(v[c] for c in ("R", "T", "V", "X", "Z", "AB"))
        for c in amount_cols:
            sums[c] += v[c]
    assert {c: cents(ws[f"{c}{total_at}"].value) for c in amount_cols} == sums
    labels = [ws.cell(r, 1).value for r in range(total_at, ws.max_row + 1)]
    assert labels[1].startswith("Kompensasi Kekurangan atau Kelebihan Iuran")
    assert labels[2] == "Denda" and "Keterangan :" in labels
    assert ws[f"AD{total_at + 2}"].value == "0.00"
    assert ws.cell(ws.max_row, 22).value == "Nama jelas, tanda tangan dan cap"


def _worker(name: str, wage: int, kpj: str, nik: str) -> Worker:
    return Worker(
        person=Person(name, name, False, date(1990, 5, 17)), nik=nik, employee_no="E1",
        position="Staff", status="honest_exact", base=wage, fixed=0, meal=0, transport=0,
        overtime=0, reported=wage, kpj=kpj, enrolled_on=date(2020, 1, 1), in_latest=True,
        in_earlier=False,
    )  # fmt: skip


@pytest.mark.parametrize("programs", [("JKK", "JKM", "JHT", "JP"), ("JKK", "JKM", "JHT")])
def test_formulir2_amounts_by_hand(programs: tuple[str, ...]) -> None:
    """12,000,000 is above the JP ceiling of March 2025 (10,547,400); 4,500,000 below it."""
    employer = Employer(npp="NN140549", name="PT Contoh", province=31, registered=True,
                        payroll_kind="csv", enrol_kind="form2", programs=programs)  # fmt: skip
    employer.workers = [_worker("BUDI", 12_000_000, "11111111111", "3171011705900001"),
                        _worker("ANI", 4_500_000, "22222222222", "3171015705900002"),
                        _worker("ADI", 4_000_000, "33333333333", "3171011705900003")]  # fmt: skip
    employer.workers[2].status = "nonaktif"  # not in the form: no contribution paid for him
    import random

    _, grid = sample_forms.formulir2(random.Random(1), employer, "2025-03")
    rows = [r for r in grid.rows if r and r[0] in (1, 2)]
    amounts = [[c for c in r[11:] if c is not None] for r in rows]
    jp = "JP" in programs
    assert amounts[0] == ["12,000,000.00", "0.00", "12,000,000.00", "28,800.00", "36,000.00",
                          "444,000.00", "240,000.00",
                          "210,948.00" if jp else "0.00", "105,474.00" if jp else "0.00",
                          "1,065,222.00" if jp else "748,800.00"]  # fmt: skip
    assert amounts[1][5:] == ["166,500.00", "90,000.00", "90,000.00" if jp else "0.00",
                              "45,000.00" if jp else "0.00",
                              "415,800.00" if jp else "280,800.00"]  # fmt: skip
    assert grid.data_rows == 2
    assert [c for c in grid.rows[4] if c is not None][:2] == ["NN140549", "PT Contoh"]


def test_jamsostek_2a_html(sample: tuple[Path, SampleAnswer]) -> None:
    out, answer = sample
    text = (out / HTML_2A).read_text(encoding="utf-8")
    assert '<table border="1"' in text and "<td colspan=" in text
    rows = lxml_html.fromstring(text).xpath("//table/tr")
    cells = [[c.text_content().strip() for c in tr.xpath("./td|./th")] for tr in rows]
    assert cells[0] == ["RINCIAN IURAN TENAGA KERJA"]
    assert rows[0].xpath("./td")[0].get("colspan") == "10"
    npp = next(c[0].split(": ")[1] for c in cells if c[0].startswith("NPP : "))
    assert ["BULAN : MARET 2025"] in cells
    head = next(i for i, c in enumerate(cells) if c[0] == "No")
    assert cells[head] == ["No", "Nomor KPJ", "N I K", "Nama Tenaga Kerja",
                           "Tgl.Lahir (tgl/bln/thn)", "Data Upah (Rp.)", "Iuran JKK 0.54%",
                           "Iuran JKM 0.3%", "Iuran JHT 5.7%", "Iuran JP 3%"]  # fmt: skip
    data, total = cells[head + 1 : -1], cells[-1]
    assert len(data) == expected_in_form(answer, npp)
    assert answer.files[HTML_2A] == {"table 1": (len(data), 1)}
    sums = [0] * 5
    for i, row in enumerate(data, start=1):
        assert row[0] == str(i) and re.fullmatch(r"\d{16}", row[2])
        assert re.fullmatch(r"\d\d/\d\d/\d{4}", row[4])
        assert all(THOUSANDS.fullmatch(a) for a in row[5:]), row
        wage = int(row[5].replace(",", ""))
        assert abs(int(row[8].replace(",", "")) - wage * 0.057) <= 0.5
        sums = [s + int(a.replace(",", "")) for s, a in zip(sums, row[5:], strict=True)]
    assert total[0] == "JUMLAH SELURUHNYA"
    assert [int(a.replace(",", "")) for a in total[1:]] == sums


def test_register_with_deductions(sample: tuple[Path, SampleAnswer]) -> None:
    out, answer = sample
    ws = openpyxl.load_workbook(out / REGISTER)["Register Gaji"]
    assert len(filled(ws, 1)) == 1 and ws["A1"].value.startswith(("PT ", "CV "))
    assert ws["A2"].value == "PERIODE PAYROLL: Maret 2025"
    npp = ws["A3"].value.removeprefix("NPP : ")
    head = [v for _, v in filled(ws, 5)]
    assert head == ["No", "No. Karyawan", "No. KTP", "Nama Karyawan", "Jabatan", "Gaji Pokok",
                    "Tunjangan Tetap", "Total Tunjangan Tetap", "Upah (Gaji Pokok + Tj. Tetap)",
                    "Tunjangan Tidak Tetap", "Lembur", "Total Salary", "Potongan",
                    "Gaji Bersih"]  # fmt: skip
    assert "G5:N5" in ws.merged_cells and "U5:W5" in ws.merged_cells
    parts = [v for _, v in filled(ws, 6)]
    assert parts[:8] == [
        "Tj. Biaya Hidup",
        "Tj. Perumahan",
        "Tj. Jabatan",
        "Tj. Fungsional",
        "Tj. Transport",
        "Tj. Komunikasi",
        "Tj. Keahlian",
        "Tj. Lain-lain",
    ]
    assert parts[-3:] == ["BPJS TK\n(JHT 2% + JP 1%)", "BPJS Kesehatan 1%", "PPh 21"]
    total_at = find_row(ws, "TOTAL")
    body = range(7, total_at)
    departments = [r for r in body if str(ws.cell(r, 1).value).startswith("DEPARTEMEN : ")]
    assert departments[0] == 7 and len(departments) >= 2
    data = [r for r in body if r not in departments]
    (planted,) = [e for e in answer.employers if e.employer_id == npp]
    assert len(data) == planted.payroll_workers
    assert answer.files[REGISTER] == {"Register Gaji": (len(data), len(departments) + 1)}
    assert [ws.cell(r, 1).value for r in data if r - 1 in departments] == [1] * len(departments)
    fixed_total = 0
    for r in data:
        v = [ws.cell(r, c).value for c in range(6, 25)]
        assert sum(v[1:9]) == v[9] and v[0] + v[9] == v[10]
        assert v[14] == v[10] + v[11] + v[12] + v[13] and v[18] == v[14] - sum(v[15:18])
        fixed_total += v[9]
    assert fixed_total > 0  # the employer chosen has fixed allowances to split
    assert ws.cell(total_at, 15).value == fixed_total


def test_same_seed_same_layout_bytes_and_opt_out(tmp_path: Path) -> None:
    generate(tmp_path / "a", employers=12, seed=0)
    generate(tmp_path / "b", employers=12, seed=0)
    for rel in (FORM2, HTML_2A, REGISTER):
        assert (tmp_path / "a" / rel).read_bytes() == (tmp_path / "b" / rel).read_bytes(), rel
    plain = generate(tmp_path / "a", employers=12, seed=0, office_forms=False)
    assert not {FORM2, HTML_2A, REGISTER} & set(plain.files)
    assert not any((tmp_path / "a" / rel).exists() for rel in (FORM2, HTML_2A, REGISTER))
