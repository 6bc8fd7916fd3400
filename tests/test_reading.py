"""The reading layer: files as offices have them, into raw tables at the rows users see.

HTML tables named .xls, files that are not what their name says, long CSV
fields, .xls tables that do not start at A1, NIKs in number cells, sheets
that hold no worker table, notes in folders, and choosing sheets or giving
a file's NPP and period in the config file. Every expected value is written
out by hand from the fixture.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import polars as pl
import pytest
import xlwt
from conftest import ENROLMENT_HEADER, enrolment_line, write_csv, write_xlsx
from typer.testing import CliRunner

from underreport.cli import app
from underreport.ingest.load import find, load, load_kind
from underreport.ingest.sheets import read_tables
from underreport.model.config import ReconcileOptions, load_settings
from underreport.model.errors import InputError
from underreport.pipeline import choice, inputs, run
from underreport.validate import validate

runner = CliRunner()
NIK_A, NIK_B, NIK_C = "3201015505900011", "3273015505900002", "3578014101950003"
NIK_0 = "3201015505900020"  # ends in 0: as a number cell, its last digit may be lost


def _codes(issues: pl.DataFrame, code: str) -> list[tuple[str | None, int | None, str | None]]:
    hits = issues.filter(pl.col("code") == code)
    return list(zip(hits["sheet"], hits["row"], hits["column"], strict=True))


# --- HTML saved as .xls --------------------------------------------------------------------

_HTML_PAYROLL = """<html><head>
<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">
</head><body>
<table border="1">
<tr><td colspan="5"><b>DAFTAR GAJI KARYAWAN</b></td></tr>
<tr><td colspan="5">NPP : 12345678</td></tr>
<tr><td colspan="5">Periode : Maret 2025</td></tr>
<tr><th rowspan="2">No</th><th rowspan="2">N I K</th><th rowspan="2">Nama<br>Karyawan</th>
    <th colspan="2">Upah</th></tr>
<tr><th>Gaji Pokok</th><th>Tunjangan Tetap</th></tr>
<tr><td>1</td><td>3201015505900011</td><td>Budi   Santoso</td><td>4.500.000</td>
    <td>500.000</td></tr>
<tr><td>2<td>3273015505900002<td>Jos\xe9 Ramos<td>&nbsp;3.000.000<td>0
<tr><td colspan="3">TOTAL</td><td>7.500.000</td><td>500.000</td></tr>
</table>
<p>Dicetak oleh sistem</p>
<table><tr><td>Rekap</td><td>Jumlah Pekerja</td></tr><tr><td>Staf</td><td>2</td></tr></table>
</body></html>
"""


def test_html_table_named_xls_reads_spans_breaks_and_charset(tmp: Path) -> None:
    path = tmp / "gaji.xls"
    path.write_bytes(_HTML_PAYROLL.encode("cp1252"))
    data, meta, issues = load_kind([path], "payroll")
    assert data["nik"].to_list() == [NIK_A, NIK_B]
    assert data["worker_name"].to_list() == ["Budi Santoso", "José Ramos"]
    assert data["contribution_wage"].to_list() == [5_000_000, 3_000_000]
    assert data["employer_id"].unique().to_list() == ["12345678"]
    assert data["period"].unique().to_list() == ["2025-03"]
    # rows as Excel shows the file: 3 title rows, 2 header rows, then the workers
    assert data["_row"].to_list() == [6, 7]
    assert [m.sheet for m in meta] == ["table 1"]
    assert meta[0].columns["worker_name"] == "Nama\nKaryawan"
    assert _codes(issues, "ROW_SKIPPED") == [("table 1", 8, None)]
    # the second table (rows 9-10) is a recap: left out, and said so
    (skipped,) = issues.filter(pl.col("code") == "SHEET_SKIPPED").iter_rows(named=True)
    assert skipped["sheet"] == "table 2" and "no header row found" in skipped["message"]
    assert skipped["severity"] == "info"


def test_html_row_numbers_count_every_table_and_rowspan(tmp: Path) -> None:
    """Two worker tables; the first ends in a rowspan of 2, so it covers rows 1-4."""
    html = """<table>
<tr><th>NPP</th><th>NIK</th><th>Nama</th><th>Periode</th><th>Gaji Pokok</th></tr>
<tr><td>12345678</td><td>3201015505900011</td><td>Budi</td><td>2025-03</td>
    <td rowspan="3">4000000</td></tr>
<tr><td>12345678</td><td>3273015505900002</td><td>Ani</td><td>2025-03</td></tr>
</table>
<table>
<tr><th>NPP</th><th>NIK</th><th>Nama</th><th>Periode</th><th>Gaji Pokok</th></tr>
<tr><td>12345678</td><td>3578014101950003</td><td>Citra</td><td>2025-03</td><td>empat juta</td></tr>
</table>"""
    path = tmp / "export.html"
    path.write_text(html, encoding="utf-8")
    tables = list(read_tables(path))
    assert [(t.sheet, t.first_row) for t in tables] == [("table 1", 1), ("table 2", 5)]
    data, _, issues = load_kind([path], "payroll")
    assert data["_row"].to_list() == [2, 3, 6]
    # the rowspan puts Budi's wage in Ani's row too, as Excel shows a merged cell's value once
    assert data["base_wage"].to_list()[:2] == [4_000_000, None]
    assert _codes(issues, "WAGE_NOT_A_NUMBER") == [("table 2", 6, "Gaji Pokok (E)")]


def test_html_title_lines_outside_the_table_are_rows_and_a_title_block(tmp: Path) -> None:
    """Heading row 1, two <br> lines rows 2-3, header row 4, workers rows 5-6."""
    html = """<html><body><h3>DAFTAR GAJI PEGAWAI</h3>
<p><b>NPP</b> : 80182795<br>Periode : April 2025</p>
<table><tr><th>NIK</th><th>Nama</th><th>Gaji Pokok</th></tr>
<tr><td>3201015505900011</td><td>Budi</td><td>4500000</td></tr>
<tr><td>3273015505900002</td><td>Ani</td><td>abc</td></tr></table>
<p>Mengetahui,</p></body></html>"""
    path = tmp / "gaji.xls"
    path.write_text(html, encoding="utf-8")
    data, _, issues = load_kind([path], "payroll")
    assert data["employer_id"].unique().to_list() == ["80182795"]
    assert data["period"].unique().to_list() == ["2025-04"]
    assert data["_row"].to_list() == [5, 6]
    assert _codes(issues, "WAGE_NOT_A_NUMBER") == [("table 1", 6, "Gaji Pokok (C)")]


@pytest.mark.parametrize(
    "raw",
    [
        "\ufeff  <!DOCTYPE html><table><tr><td>NIK</td><td>Nama</td></tr>"
        "<tr><td>1</td><td>José</td></tr></table>".encode(),
        b"\r\n<table><tr><td>NIK</td><td>Nama</td></tr><tr><td>1</td><td>Jos\xe9</td></tr></table>",
        b'<html><meta charset="iso-8859-1"><table><tr><td>NIK</td><td>Nama</td></tr>'
        b"<tr><td>1</td><td>Jos\xe9</td></tr></table></html>",
    ],
    ids=["utf8-bom-doctype", "cp1252-fallback", "meta-charset"],
)
def test_html_is_known_by_its_content_and_decoded(tmp: Path, raw: bytes) -> None:
    path = tmp / "data.xlsx"
    path.write_bytes(raw)
    (table,) = read_tables(path)
    assert table.sheet == "table 1"
    assert table.top == [["NIK", "Nama"], ["1", "José"]]


# --- files that are not what their name says ------------------------------------------------

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _zip(members: dict[str, str]) -> bytes:
    import io

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, text in members.items():
            z.writestr(name, text)
    return buf.getvalue()


@pytest.mark.parametrize(
    "name, content, expected",
    [
        ("kaput.xlsx", _OLE + b"\0" * 600, "cannot be read as a workbook"),
        ("kaput.xls", _OLE + b"\0" * 600, "cannot be read as a workbook"),
        ("scan.xlsx", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n",
         "not an Excel workbook: it looks like a PDF"),
        ("foto.xlsx", b"\x89PNG\r\n\x1a\n" + b"\0" * 64,
         "not an Excel workbook: it looks like an image"),
        ("foto.xls", b"\xff\xd8\xff\xe0\0\x10JFIF" + b"\0" * 64,
         "not an Excel workbook: it looks like an image"),
        ("surat.xlsx", _zip({"word/document.xml": "<w/>", "[Content_Types].xml": "<x/>"}),
         "not an Excel workbook: it looks like a Word document"),
        ("arsip.xlsx", _zip({"gaji.csv": "a,b"}), "not an Excel workbook: it is a zip archive"),
        ("iuran.xls", b'<?xml version="1.0"?>\n<Workbook xmlns="urn:schemas-microsoft-com:'
         b'office:spreadsheet"><Worksheet><Table><Row/></Table></Worksheet></Workbook>',
         "an Excel 2003 XML spreadsheet, which this tool does not read"),
    ],
    ids=["damaged-ole-as-xlsx", "damaged-ole", "pdf", "png", "jpeg", "docx", "zip", "xml-2003"],
)  # fmt: skip
def test_files_that_are_not_workbooks_get_one_clear_line(
    tmp: Path, name: str, content: bytes, expected: str
) -> None:
    path = tmp / name
    path.write_bytes(content)
    with pytest.raises(InputError) as err:
        load_kind([path], "payroll")
    assert str(err.value).startswith(f"{path}: {expected}")
    assert "\n" not in str(err.value)


def test_text_named_xls_is_read_as_the_csv_it_is(tmp: Path) -> None:
    """ERP "Excel" exports that are tab-separated text."""
    path = tmp / "export.xls"
    path.write_bytes(
        b"NPP\tNIK\tNama\tPeriode\tGaji Pokok\r\n"
        b"12345678\t3201015505900011\tBudi\t2025-03\t4500000\r\n"
    )
    data, _, _ = load_kind([path], "payroll")
    assert (data["nik"].to_list(), data["base_wage"].to_list()) == ([NIK_A], [4_500_000])


def test_a_csv_field_longer_than_the_csv_modules_limit_is_read(tmp: Path) -> None:
    note = "x" * 200_000
    path = write_csv(
        tmp / "gaji.csv",
        [
            "NPP,NIK,Nama,Periode,Gaji Pokok,Catatan",
            f"12345678,{NIK_A},Budi,2025-03,4500000,{note}",
            f"12345678,{NIK_B},Ani,2025-03,3000000,",
        ],
    )
    data, meta, _ = load_kind([path], "payroll")
    assert data["worker_name"].to_list() == ["Budi", "Ani"]
    assert data["base_wage"].to_list() == [4_500_000, 3_000_000]
    assert meta[0].rows_read == 2


# --- .xls (BIFF8) positions -----------------------------------------------------------------


def _xls(path: Path, sheets: dict[str, dict[tuple[int, int], object]]) -> Path:
    """Cells by (1-based row, 0-based column), written with xlwt."""
    book = xlwt.Workbook()
    for name, cells in sheets.items():
        sheet = book.add_sheet(name)
        for (row, col), value in cells.items():
            sheet.write(row - 1, col, value)
    book.save(str(path))
    return path


def _table(top: int, left: int, rows: list[list[object]]) -> dict[tuple[int, int], object]:
    return {
        (top + i, left + j): v
        for i, row in enumerate(rows)
        for j, v in enumerate(row)
        if v is not None
    }


def test_xls_rows_and_columns_are_those_the_spreadsheet_shows(tmp: Path) -> None:
    """Title from C2, header at B5: a bad NIK in row 7, column C; a wage in row 8, column E."""
    cells = {(2, 2): "NPP : 12345678", (3, 2): "Periode : Maret 2025"}
    cells |= _table(5, 1, [
        ["No", "NIK", "Nama", "Gaji Pokok"],
        [1, NIK_A, "Budi", 4_500_000.0],
        [2, "12", "Ani", 3_000_000.0],
        [3, NIK_C, "Citra", "tiga juta"],
    ])  # fmt: skip
    path = _xls(tmp / "gaji.xls", {"Maret": cells})
    data, _, issues = load_kind([path], "payroll")
    assert data["_row"].to_list() == [6, 7, 8]
    assert _codes(issues, "NIK_INVALID_LENGTH") == [("Maret", 7, "NIK (C)")]
    assert _codes(issues, "WAGE_NOT_A_NUMBER") == [("Maret", 8, "Gaji Pokok (E)")]


def test_xls_missing_column_error_names_the_header_row(tmp: Path) -> None:
    cells = _table(5, 1, [["No", "NIK", "Nama", "Jabatan"], [1, NIK_A, "Budi", "Staf"]])
    path = _xls(tmp / "gaji.xls", {"Data": cells})
    with pytest.raises(InputError) as err:
        load_kind([path], "payroll")
    assert (err.value.sheet, err.value.row) == ("Data", 5)
    assert "base wage" in err.value.message


# --- NIKs in number cells -------------------------------------------------------------------


def _nik_payroll(tmp: Path, niks: list[object]) -> Path:
    rows: list[list[object]] = [["NPP : 12345678"], ["Periode : Maret 2025"], []]
    rows.append(["Nama", "NIK", "Gaji Pokok"])
    rows += [[f"Pekerja {i}", nik, 4_000_000] for i, nik in enumerate(niks)]
    return write_xlsx(tmp / "gaji.xlsx", {"Gaji": rows})


def test_a_number_cell_nik_ending_in_0_is_a_warning_at_its_cell(tmp: Path) -> None:
    """Rows 5-7: a number ending in 0 (warned), the same digits as text, a number ending in 3."""
    path = _nik_payroll(tmp, [int(NIK_0), "3201015505900030", int(NIK_A)])
    _, _, issues = load_kind([path], "payroll")
    assert _codes(issues, "NIK_PRECISION_LOSS") == [("Gaji", 5, "NIK (B)")]
    (hit,) = issues.filter(pl.col("code") == "NIK_PRECISION_LOSS").iter_rows(named=True)
    assert hit["severity"] == "warning"
    assert "stored as a number" in hit["message"] and NIK_0 not in hit["message"]
    report = validate([path], "payroll")
    assert report.exit_code == 0  # a warning: the file is usable
    assert [(i.code, i.row) for i in report.data_quality] == [("NIK_PRECISION_LOSS", 5)]


def test_a_number_cell_nik_in_xls_is_warned_too(tmp: Path) -> None:
    cells = {(1, 0): "NPP : 12345678", (2, 0): "Periode : Maret 2025"}
    cells |= _table(4, 0, [["Nama", "NIK", "Gaji Pokok"], ["Budi", float(NIK_0), 4_000_000.0],
                           ["Ani", NIK_0, 4_000_000.0]])  # fmt: skip
    path = _xls(tmp / "gaji.xls", {"Gaji": cells})
    _, _, issues = load_kind([path], "payroll")
    assert _codes(issues, "NIK_PRECISION_LOSS") == [("Gaji", 5, "NIK (B)")]


@pytest.mark.parametrize("chunk_rows", [0, 1], ids=["whole", "in-parts"])
def test_a_number_cell_nik_still_joins_the_enrolment_that_carries_it(
    tmp: Path, chunk_rows: int
) -> None:
    pay = _nik_payroll(tmp, [int(NIK_0), int(NIK_A)])
    enr = write_csv(
        tmp / "e.csv",
        [ENROLMENT_HEADER, enrolment_line("12345678", NIK_0, "Pekerja 0", "4.000.000"),
         enrolment_line("12345678", NIK_A, "Pekerja 1", "4.000.000")],
    )  # fmt: skip
    settings, _ = load_settings(None)
    paths = inputs(settings, tmp, [pay], [enr])
    _, rec = run(paths, ReconcileOptions(chunk_rows=chunk_rows), settings)
    result = rec.result
    assert result.summary.payroll_workers == 2
    assert result.summary.unregistered_workers == 0
    assert result.summary.probable_matches == 0
    warned = [(i.code, i.row, i.severity) for i in result.data_quality]
    assert ("NIK_PRECISION_LOSS", 5, "warning") in warned


# --- sheets that hold no worker table -------------------------------------------------------

_WORKERS: list[list[object]] = [
    ["NPP : 12345678"],
    ["Periode : Maret 2025"],
    ["No", "NIK", "Nama", "Gaji Pokok"],
    [1, NIK_A, "Budi", 4_000_000],
    [2, NIK_B, "Ani", 3_500_000],
]
_SUMMARY: list[list[object]] = [["Ringkasan per departemen"], ["Departemen", "Jumlah"], ["HR", 2]]
_OVERTIME: list[list[object]] = [
    ["Lembur Maret 2025"],
    [],
    ["NIK", "Nama", "Jam Lembur"],
    [NIK_A, "Budi", 12],
]


def test_sheets_without_a_worker_table_are_left_out_with_why(tmp: Path) -> None:
    path = write_xlsx(
        tmp / "gaji.xlsx", {"Ringkasan": _SUMMARY, "Gaji": _WORKERS, "Lembur": _OVERTIME}
    )
    tables = find([path], "payroll")
    assert [f.table.sheet for f in tables.found] == ["Gaji"]
    rows = tables.skipped.select("sheet", "row", "code", "severity").rows()
    assert rows == [
        ("Ringkasan", None, "SHEET_SKIPPED", "info"),
        ("Lembur", 3, "SHEET_SKIPPED", "info"),
    ]
    messages = tables.skipped["message"].to_list()
    assert "no header row found" in messages[0]
    assert "no base wage (Gaji Pokok / Upah Pokok) column" in messages[1]
    report = validate([path], "payroll")
    assert report.exit_code == 0
    assert [(i.code, i.sheet) for i in report.data_quality] == [
        ("SHEET_SKIPPED", "Ringkasan"),
        ("SHEET_SKIPPED", "Lembur"),
    ]


@pytest.mark.parametrize("chunk_rows", [0, 1], ids=["whole", "in-parts"])
def test_sheets_left_out_reach_the_result(tmp: Path, chunk_rows: int) -> None:
    pay = write_xlsx(tmp / "gaji.xlsx", {"Gaji": _WORKERS, "Ringkasan": _SUMMARY})
    enr = write_csv(
        tmp / "e.csv", [ENROLMENT_HEADER, enrolment_line("12345678", NIK_A, "Budi", "4.000.000")]
    )
    settings, _ = load_settings(None)
    loaded, rec = run(inputs(settings, tmp, [pay], [enr]), ReconcileOptions(chunk_rows=chunk_rows))
    left = [(i.code, i.sheet) for i in rec.result.data_quality if i.code.endswith("_SKIPPED")]
    assert left == [("SHEET_SKIPPED", "Ringkasan")]
    # a run in parts keeps its issues on disk: a scan (`LazyFrame`)
    skipped = loaded.issues.lazy().filter(pl.col("code") == "SHEET_SKIPPED").collect()
    assert skipped["sheet"].to_list() == ["Ringkasan"]
    assert rec.result.summary.unregistered_workers == 1


def test_a_file_fails_only_when_no_sheet_holds_workers_and_says_each_why(tmp: Path) -> None:
    path = write_xlsx(tmp / "rekap.xlsx", {"Ringkasan": _SUMMARY, "Lembur": _OVERTIME})
    with pytest.raises(InputError) as err:
        find([path], "payroll")
    message = str(err.value)
    assert message.startswith(f"{path}: no sheet holds a worker table (")
    assert "'Ringkasan': no header row found" in message
    assert "'Lembur': no base wage" in message


def test_the_only_sheet_keeps_its_own_error(tmp: Path) -> None:
    path = write_xlsx(tmp / "lembur.xlsx", {"Lembur": _OVERTIME})
    with pytest.raises(InputError) as err:
        find([path], "payroll")
    assert (err.value.sheet, err.value.row) == ("Lembur", 3)
    assert err.value.message.startswith("no base wage")


def test_folder_notes_and_lock_files_are_left_out_with_an_info_entry(tmp: Path) -> None:
    folder = tmp / "payroll"
    folder.mkdir()
    write_xlsx(folder / "gaji.xlsx", {"Gaji": _WORKERS})
    (folder / "catatan.txt").write_text("kirim ke pak budi")
    (folder / "~$gaji.xlsx").write_bytes(b"\0" * 165)
    (folder / "laporan.pdf").write_bytes(b"%PDF-1.4")
    enr = write_csv(tmp / "e.csv", [ENROLMENT_HEADER, enrolment_line("12345678", NIK_A, "B", "1")])
    loaded = load([folder], [enr])
    left = loaded.issues.filter(pl.col("code") == "FILE_SKIPPED")
    assert [Path(f).name for f in left["file"]] == ["catatan.txt", "laporan.pdf", "~$gaji.xlsx"]
    assert set(left["severity"]) == {"info"}
    assert "lock file" in left["message"][2]
    assert loaded.payroll.height == 2
    report = validate([folder], "payroll")
    assert [Path(i.file).name for i in report.data_quality if i.code == "FILE_SKIPPED"] == [
        "catatan.txt", "laporan.pdf", "~$gaji.xlsx",
    ]  # fmt: skip


def test_a_folder_of_notes_only_is_still_an_error(tmp: Path) -> None:
    folder = tmp / "payroll"
    folder.mkdir()
    (folder / "catatan.txt").write_text("x")
    with pytest.raises(InputError, match="folder holds no"):
        find([folder], "payroll")


# --- choosing sheets and giving a file's facts ----------------------------------------------


def _two_months(tmp: Path) -> tuple[Path, Path]:
    feb: list[list[object]] = [
        ["NPP : 12345678"],
        ["Periode : Februari 2025"],
        ["NIK", "Nama", "Gaji Pokok"],
        [NIK_A, "Budi", 4_000_000],
    ]
    mar: list[list[object]] = [
        ["NPP : 12345678"], ["Periode : Maret 2025"], ["NIK", "Nama", "Gaji Pokok"],
        [NIK_A, "Budi", 4_000_000], [NIK_B, "Ani", 4_000_000], [NIK_C, "Citra", 4_000_000],
    ]  # fmt: skip
    pay = write_xlsx(tmp / "gaji.xlsx", {"Feb": feb, "Mar": mar})
    enr = write_csv(
        tmp / "e.csv", [ENROLMENT_HEADER, enrolment_line("12345678", NIK_A, "Budi", "4.000.000")]
    )
    return pay, enr


def test_sheet_option_reads_only_the_named_sheet(tmp: Path) -> None:
    pay, enr = _two_months(tmp)
    args = ["reconcile", "-p", str(pay), "-e", str(enr), "--sheet", "mar", "--format", "json"]
    res = runner.invoke(app, args)
    assert res.exit_code == 0, res.output
    doc = json.loads(res.stdout)
    assert [i["sheet"] for i in doc["inputs"] if i["kind"] == "payroll"] == ["Mar"]
    assert doc["summary"]["unregistered_workers"] == 2
    (left,) = [i for i in doc["data_quality"] if i["code"] == "SHEET_SKIPPED"]
    assert left["sheet"] == "Feb" and "excluded by --sheet mar" in left["message"]


@pytest.mark.parametrize("command", ["reconcile", "validate"])
def test_a_sheet_option_that_matches_nothing_is_an_error(tmp: Path, command: str) -> None:
    """validate gives reconcile's verdict: a typo in --sheet is not a clean check."""
    pay, enr = _two_months(tmp)
    files = ["-p", str(pay), "-e", str(enr)] if command == "reconcile" else [str(pay), str(enr)]
    res = runner.invoke(app, [command, *files, "--sheet", "April"])
    assert res.exit_code == 2
    assert "--sheet April: no sheet of the inputs has that name" in res.stderr
    assert len(res.stderr.strip().splitlines()) == 1


def test_a_binary_file_named_csv_is_said_to_be_no_table_file(tmp: Path) -> None:
    path = tmp / "gaji.csv"
    path.write_bytes(bytes(range(256)) * 4)
    with pytest.raises(InputError, match=r"not a table file: its content is neither") as err:
        load([path], [])
    assert err.value.file == str(path)


def test_config_exclude_glob_leaves_a_recap_sheet_out(tmp: Path) -> None:
    """A recap copy of the workers would count them twice: the config leaves it out."""
    write_xlsx(tmp / "gaji.xlsx", {"Gaji": _WORKERS, "Rekap Gaji": _WORKERS})
    write_csv(
        tmp / "e.csv", [ENROLMENT_HEADER, enrolment_line("12345678", NIK_A, "Budi", "4.000.000")]
    )
    config = tmp / "underreport.toml"
    config.write_text(
        '[inputs]\npayroll = ["gaji.xlsx"]\nenrollment = ["e.csv"]\n\n'
        '[[inputs.sheets]]\npath = "gaji.xlsx"\nexclude = ["REKAP*"]\n'
    )
    res = runner.invoke(app, ["reconcile", "--config", str(config), "--format", "json"])
    doc = json.loads(res.stdout)
    assert doc["summary"]["payroll_workers"] == 2 and doc["summary"]["unregistered_workers"] == 1
    (left,) = [i for i in doc["data_quality"] if i["code"] == "SHEET_SKIPPED"]
    assert left["sheet"] == "Rekap Gaji"
    assert left["message"] == "sheet left out: excluded by the config file (exclude = 'REKAP*')"


def test_config_include_keeps_only_matching_sheets(tmp: Path) -> None:
    pay, _ = _two_months(tmp)
    config = tmp / "underreport.toml"
    config.write_text('[[inputs.sheets]]\npath = "*.xlsx"\ninclude = ["F*"]\n')
    settings, _ = load_settings(config)
    tables = find([pay], "payroll", choice=choice(settings))
    assert [f.table.sheet for f in tables.found] == ["Feb"]
    assert tables.skipped["sheet"].to_list() == ["Mar"]


def test_config_gives_npp_and_period_to_a_file_that_says_neither(tmp: Path) -> None:
    """Four workers, two enrolled under NPP 80182795 in March 2025: two unregistered."""
    folder = tmp / "gaji"
    folder.mkdir()
    rows: list[list[object]] = [
        ["No", "NIK", "Nama", "Gaji Pokok"],
        [1, NIK_A, "Budi", 4_000_000],
        [2, NIK_B, "Ani", 4_000_000],
        [3, NIK_C, "Citra", 4_000_000],
        [4, "3171014101900004", "Dewi", 4_000_000],
    ]
    write_xlsx(folder / "gaji_pt_x.xlsx", {"Sheet1": rows})
    write_csv(
        tmp / "bpjs.csv",
        [ENROLMENT_HEADER, enrolment_line("80182795", NIK_A, "Budi", "4.000.000"),
         enrolment_line("80182795", NIK_B, "Ani", "4.000.000")],
    )  # fmt: skip
    config = tmp / "underreport.toml"
    config.write_text(
        '[inputs]\npayroll = ["gaji"]\nenrollment = ["bpjs.csv"]\n\n'
        '[[inputs.files]]\npath = "gaji/gaji_pt_x.xlsx"\nnpp = "80182795"\nperiod = "2025-03"\n'
        'employer_name = "PT X"\n'
    )
    without = runner.invoke(app, ["reconcile", "-p", str(folder), "-e", str(tmp / "bpjs.csv")])
    assert without.exit_code == 2 and "no payroll period" in without.stderr
    res = runner.invoke(app, ["reconcile", "--config", str(config), "--format", "json"])
    assert res.exit_code == 0, res.output
    doc = json.loads(res.stdout)
    assert doc["period"] == "2025-03"
    (emp,) = doc["employers"]
    assert (emp["employer_id"], emp["payroll_workers"], emp["unregistered_workers"]) == (
        "80182795", 4, 2,
    )  # fmt: skip
    (pay,) = [i for i in doc["inputs"] if i["kind"] == "payroll"]
    assert pay["columns"]["employer_id"] == "config file"
    assert pay["columns"]["period"] == "config file"


def test_config_facts_never_override_what_the_table_says(tmp: Path) -> None:
    path = write_xlsx(tmp / "gaji.xlsx", {"Gaji": _WORKERS})
    config = tmp / "underreport.toml"
    config.write_text(
        '[[inputs.files]]\npath = "gaji.xlsx"\nnpp = "99999999"\nperiod = "2024-01"\n'
    )
    settings, _ = load_settings(config)
    tables = find([path], "payroll", choice=choice(settings))
    (found,) = tables.found
    assert found.given == ()
    assert found.layout.title["employer_id"].value == "12345678"
    assert found.layout.title["period"].value == "2025-03"  # the title is read as a month
    # ... and the user learns the values written for this file were not used, at their rows
    said = tables.skipped.filter(pl.col("code") == "CONFIG_NOT_USED")
    assert said.select("sheet", "row", "severity").rows() == [
        ("Gaji", 1, "info"), ("Gaji", 2, "info"),
    ]  # fmt: skip
    assert "npp = '99999999': the sheet says '12345678'" in said["message"][0]
    assert "period = '2024-01': the sheet says '2025-03'" in said["message"][1]


def test_config_facts_that_agree_with_the_sheet_raise_nothing(tmp: Path) -> None:
    path = write_xlsx(tmp / "gaji.xlsx", {"Gaji": _WORKERS})
    config = tmp / "underreport.toml"
    config.write_text('[[inputs.files]]\npath = "gaji.xlsx"\nnpp = "12345678"\n')
    settings, _ = load_settings(config)
    tables = find([path], "payroll", choice=choice(settings))
    assert "CONFIG_NOT_USED" not in tables.skipped["code"].to_list()


def test_config_file_keys_are_checked(tmp: Path) -> None:
    config = tmp / "underreport.toml"
    config.write_text('[[inputs.files]]\npath = "a.xlsx"\nnpp = "1"\nperiode = "2025-03"\n')
    res = runner.invoke(app, ["validate", str(tmp), "--config", str(config)])
    assert res.exit_code == 2
    assert "inputs.files.0.periode: unknown key" in res.stderr
