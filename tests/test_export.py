"""Exports: XLSX, CSV, JSON and Parquet round-trips, privacy, formula safety, atomicity."""

from __future__ import annotations

import html
import json
import shutil
import subprocess
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import openpyxl
import polars as pl
import pytest

from underreport.model.errors import UsageError
from underreport.model.result import (
    DataQualityIssue,
    EmployerFinding,
    InputFile,
    ReconcileResult,
    Summary,
)
from underreport.report import export as export_pkg
from underreport.report.export import Manifest, read_parquet_manifest, write_export
from underreport.report.export.cells import defuse
from underreport.report.export.sheet import sheet_title

NIK_A = "3201234567890123"
NIK_B = "3273015505900002"
NIK_C = "3171016612850003"
FULL_NIKS = (NIK_A, NIK_B, NIK_C)
HOSTILE = ('=HYPERLINK("http://x","y")', "+62 812", "-SUM(A1)", "@cmd")
WHEN = datetime(2025, 4, 2, 8, 30, tzinfo=UTC)
SHA_PAYROLL = "a" * 64
SHA_ENROL = "b" * 64


def _finding(rank: int, npp: str, name: str, gap: int, **kw: object) -> EmployerFinding:
    base: dict[str, object] = {
        "rank": rank,
        "employer_id": npp,
        "employer_name": name,
        "registered": True,
        "payroll_workers": 10,
        "enrolled_workers": 8,
        "unregistered_workers": 2,
        "underreported_wage_workers": 1,
        "wage_gap_idr": 1_500_000,
        "monthly_contribution_gap_idr": gap,
        "coverage_ratio": 0.8,
        "severity": "medium",
        "reasons": ["2 of 10 workers have no active enrolment.", "Gap: Rp 1.234.567 a month."],
    }
    base.update(kw)
    return EmployerFinding.model_validate(base)


def _inputs() -> list[InputFile]:
    return [
        InputFile(
            path="in/payroll.xlsx",
            sheet="Gaji",
            kind="payroll",
            sha256=SHA_PAYROLL,
            rows_read=5,
            rows_skipped=1,
        ),
        InputFile(
            path="in/enrol.csv",
            sheet=None,
            kind="enrollment",
            sha256=SHA_ENROL,
            rows_read=3,
            rows_skipped=0,
        ),
    ]


@pytest.fixture
def result() -> ReconcileResult:
    employers = [
        _finding(1, "00012345", HOSTILE[0], 2_345_678, severity="high", coverage_ratio=0.5),
        _finding(2, "00023456", HOSTILE[1], 1_234_567),
        _finding(
            3,
            "00034567",
            HOSTILE[2],
            345_678,
            registered=False,
            coverage_ratio=None,
            findings=[{"code": "UNREGISTERED_EMPLOYER", "workers": 10}],
        ),
        _finding(4, "00045678", HOSTILE[3], 12_345, severity="low"),
    ]
    return ReconcileResult(
        period="2025-03",
        rules_version="2025.1",
        tool_version="0.1.0",
        generated_at=WHEN,
        jkk_assumption="class I",
        inputs=_inputs(),
        summary=Summary(
            employers=6,
            flagged_employers=4,
            payroll_workers=40,
            enrolled_workers=30,
            unregistered_workers=8,
            underreported_wage_workers=4,
            unregistered_employers=1,
            monthly_contribution_gap_idr=3_938_268,
        ),
        employers=employers,
        data_quality=[
            DataQualityIssue(
                file="=evil.xlsx",
                sheet="Gaji",
                row=7,
                column="NIK",
                code="NIK_INVALID_LENGTH",
                message=f"NIK {NIK_C} looked odd",  # a full NIK that must not leak
            )
        ],
    )


@pytest.fixture
def workers() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "employer_id": ["00012345", "00012345", "00023456", "00045678"],
            "employer_name": [HOSTILE[0], HOSTILE[0], HOSTILE[1], HOSTILE[3]],
            "nik": [NIK_A, NIK_B, NIK_C, None],
            "worker_name": ["Budi", "=cmd|' /C calc'!A0", "Siti", "No NIK"],
            "contribution_wage": [5_000_000.4, 4_000_000.0, 6_000_000.0, 3_000_000.0],
            "reported_wage": [None, 3_000_000.0, 5_000_000.0, None],
            "finding": ["UNREGISTERED", "WAGE_UNDERREPORTED", "UNREGISTERED_INACTIVE", None],
            "wage_gap": [5_000_000.4, 1_000_000.0, 6_000_000.0, 0.0],
            "contribution_gap": [500_000.6, 100_000.0, 600_000.0, 0.0],
            "_file": ["payroll.xlsx"] * 4,
            "_sheet": ["Gaji"] * 4,
            "_row": [2, 3, 4, 5],
            "match_tier": pl.Series([None, 1, 2, None], dtype=pl.Int8),
        }
    )


@pytest.fixture
def manifest() -> Manifest:
    return Manifest(
        tool_version="0.1.0",
        rules_version="2025.1",
        command="underreport reconcile in/payroll.xlsx in/enrol.csv -o out.xlsx",
        options={"period": "2025-03", "tolerance": 0.05, "top": 20, "history": None},
        inputs=_inputs(),
        generated_at=WHEN,
    )


def _all_bytes(path: Path) -> bytes:
    """Every byte a reader could see: xlsx entries unzipped, other files as they are.

    openpyxl writes `•` raw, or as `&#8226;` when lxml is installed: references are
    resolved so the test sees the text either way.
    """
    if path.suffix == ".xlsx":
        with zipfile.ZipFile(path) as z:
            text = "".join(z.read(n).decode("utf-8", "replace") for n in z.namelist())
        return html.unescape(text).encode()
    return path.read_bytes()


# --- XLSX ------------------------------------------------------------------------------


def test_xlsx_layout_and_types(tmp_path: Path, result, workers, manifest) -> None:
    """In Indonesian: sheet names, headers, labels and words; numbers stay numbers."""
    out = tmp_path / "report.xlsx"
    assert write_export(out, result, workers, manifest=manifest, lang="id") == [out]
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["Ringkasan", "Pemberi Kerja", "Pekerja", "Kualitas Data", "Tentang"]
    for ws in wb.worksheets:
        assert ws.freeze_panes == "A2"
        assert all(c.font.bold and c.font.name == "Calibri" for c in ws[1] if c.value is not None)
        assert all(0 < (ws.column_dimensions[c.column_letter].width or 0) <= 80 for c in ws[1])
        assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth == 1
        assert ws.print_title_rows == "$1:$1"
    pk = wb["Pemberi Kerja"]
    headers = [c.value for c in pk[1]]
    assert headers[:3] == ["Peringkat", "NPP", "Pemberi kerja"]
    assert pk.auto_filter.ref == "A1:M5"
    col = {h: i + 1 for i, h in enumerate(headers)}
    npp = pk.cell(row=2, column=col["NPP"])
    assert npp.value == "00012345" and npp.data_type == "s" and npp.number_format == "@"
    gap = pk.cell(row=2, column=col["Selisih iuran per bulan"])
    assert gap.value == 2_345_678 and gap.number_format == '"Rp" #,##0" "'
    assert pk.cell(row=2, column=col["Cakupan"]).value == 0.5
    assert pk.cell(row=2, column=col["Cakupan"]).number_format == '0.0%" "'
    assert pk.cell(row=2, column=col["Tingkat"]).value == "Tinggi"
    assert pk.cell(row=4, column=col["Temuan"]).value == "Perusahaan Wajib Belum Daftar (PWBD)"
    assert pk.cell(row=4, column=col["Cakupan"]).value is None
    assert pk.cell(row=2, column=col["Alasan"]).value.count("\n") == 1
    # two reasons of about 40 characters in a column of 44: two lines, so two lines tall
    assert pk.row_dimensions[2].height == 30.0

    pek = wb["Pekerja"]
    assert pek.max_row == 4  # header + 3 findings; the worker without a finding is left out
    wcol = {c.value: i + 1 for i, c in enumerate(pek[1])}
    nik = pek.cell(row=2, column=wcol["NIK"])
    assert nik.data_type == "s" and nik.number_format == "@"
    assert nik.value == "3201••••••••0123"
    assert pek.cell(row=2, column=wcol["Tingkat pencocokan"]).value is None
    assert pek.cell(row=3, column=wcol["Tingkat pencocokan"]).value == 1
    assert pek.cell(row=2, column=wcol["Upah dibayar"]).value == 5_000_000
    assert pek.cell(row=2, column=wcol["Temuan"]).value == "Tidak terdaftar"
    assert pek.cell(row=2, column=wcol["Berkas"]).value == "payroll.xlsx · Gaji · baris 2"

    ring = wb["Ringkasan"]
    assert len(ring._charts) == 1
    series = ring._charts[0].series[0]
    assert series.val.numRef.f == "'Pemberi Kerja'!$I$2:$I$5"
    assert series.cat.strRef.f == "'Pemberi Kerja'!$C$2:$C$5"
    values = {r[0]: r[1] for r in ring.iter_rows(min_row=2, values_only=True)}
    assert values["Pemberi kerja bertanda"] == 4
    assert values["Pemberi kerja belum terdaftar (PWBD)"] == 1
    assert values["Versi aturan"] == "2025.1"
    assert values["Periode"] == "Maret 2025"
    money_row = next(r for r in ring.iter_rows(min_row=2) if r[0].value.startswith("Selisih"))
    assert money_row[1].value == result.summary.monthly_contribution_gap_idr
    assert money_row[1].number_format == '"Rp" #,##0" "'

    about = {r[0]: r[1] for r in wb["Tentang"].iter_rows(min_row=2, values_only=True)}
    assert about["Masukan 1: SHA-256"] == SHA_PAYROLL
    assert about["Masukan 2: SHA-256"] == SHA_ENROL
    assert about["Masukan 1: baris dilewati"] == 1
    assert about["Opsi tolerance"] == 0.05
    assert about["Dibuat (UTC)"] == datetime(2025, 4, 2, 8, 30)
    assert wb.properties.created == datetime(2025, 4, 2, 8, 30)


def test_xlsx_in_english(tmp_path: Path, result, workers, manifest) -> None:
    out = tmp_path / "report.xlsx"
    write_export(out, result, workers, manifest=manifest, lang="en")
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["Summary", "Flagged employers", "Workers", "Data quality", "About"]
    pk = wb["Flagged employers"]
    assert [c.value for c in pk[1]][:3] == ["Rank", "NPP", "Employer"]
    assert pk.cell(row=2, column=11).value == "High"
    values = {r[0]: r[1] for r in wb["Summary"].iter_rows(min_row=2, values_only=True)}
    assert values["Period"] == "March 2025"


def test_xlsx_read_back_with_polars_gives_same_figures(tmp_path, result, workers, manifest):
    out = tmp_path / "report.xlsx"
    write_export(out, result, workers, manifest=manifest)
    pk = pl.read_excel(out, sheet_name="Flagged employers", schema_overrides={"NPP": pl.String})
    assert pk["NPP"].to_list() == [e.employer_id for e in result.employers]
    assert pk["Monthly contribution gap"].cast(pl.Int64).to_list() == [
        e.monthly_contribution_gap_idr for e in result.employers
    ]
    assert pk["Coverage"].to_list() == [e.coverage_ratio for e in result.employers]
    pek = pl.read_excel(out, sheet_name="Workers")
    assert pek["Monthly contribution gap"].cast(pl.Int64).sum() == 500_001 + 100_000 + 600_000


def test_formula_text_stays_text_in_xlsx_and_csv(tmp_path, result, workers, manifest):
    xlsx = tmp_path / "r.xlsx"
    write_export(xlsx, result, workers, manifest=manifest)
    wb = openpyxl.load_workbook(xlsx)
    names = [c for c in wb["Flagged employers"]["C"][1:]]
    assert [c.value for c in names] == ["'" + h for h in HOSTILE]
    assert all(c.data_type == "s" for c in names)
    assert wb["Data quality"]["A2"].value == "'=evil.xlsx"
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            assert all(c.data_type != "f" for c in row)
    csv_out = tmp_path / "r.csv"
    write_export(csv_out, result, workers, manifest=manifest)
    text = csv_out.read_text(encoding="utf-8-sig")
    for h in HOSTILE:
        assert ",'" + h.replace('"', '""') in text or ",\"'" + h.replace('"', '""') in text
    back = pl.read_csv(csv_out, schema_overrides={"employer_id": pl.String})
    assert back["employer_name"].to_list() == ["'" + h for h in HOSTILE]


def test_defuse_and_sheet_titles() -> None:
    assert defuse("\tx") == "'\tx" and defuse("\rx") == "'\rx" and defuse("PT A") == "PT A"
    taken: set[str] = {"ringkasan"}
    assert sheet_title("KC Jakarta [Pusat]: a/b?", taken) == "KC Jakarta Pusat a b"
    long = sheet_title("x" * 40, taken)
    assert long == "x" * 31
    assert sheet_title("x" * 40, taken) == "x" * 27 + " (2)"
    assert sheet_title("RINGKASAN", taken) == "RINGKASAN (2)"
    assert sheet_title("''", taken) == "Kantor"


def test_xlsx_is_byte_identical_across_runs(tmp_path, result, workers, manifest) -> None:
    a, b = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    write_export(a, result, workers, manifest=manifest)
    write_export(b, result, workers, manifest=manifest)
    assert a.read_bytes() == b.read_bytes()


def test_xlsx_by_office_adds_one_sheet_per_office(tmp_path, result, workers, manifest) -> None:
    offices = {"00012345": "KC Bandung: Suci", "00023456": "KC Bandung: Suci", "00034567": "X"}
    out = tmp_path / "r.xlsx"
    written = write_export(out, result, workers, manifest=manifest, by_office=offices, lang="id")
    assert written == [out]
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == [
        "Ringkasan",
        "Pemberi Kerja",
        "KC Bandung Suci",
        "Tanpa kantor",
        "X",
        "Pekerja",
        "Kualitas Data",
        "Tentang",
    ]
    assert [c.value for c in wb["KC Bandung Suci"]["B"][1:]] == ["00012345", "00023456"]
    assert [c.value for c in wb["Tanpa kantor"]["B"][1:]] == ["00045678"]


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")
def test_xlsx_opens_in_libreoffice(tmp_path, result, workers, manifest) -> None:
    out = tmp_path / "report.xlsx"
    write_export(out, result, workers, manifest=manifest)
    subprocess.run(
        [
            "soffice",
            "--headless",
            f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}",
            "--convert-to",
            "html",
            "--outdir",
            str(tmp_path / "lo"),
            str(out),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    html = (tmp_path / "lo" / "report.html").read_text(encoding="utf-8", errors="replace")
    assert "Rp 2,345,678" in html  # the rupiah format renders (en-US grouping here)
    assert "50.0%" in html
    assert "3201••••••••0123" in html


# --- CSV, JSON, Parquet --------------------------------------------------------------


def test_csv_bom_delimiter_and_manifest(tmp_path, result, workers, manifest) -> None:
    out = tmp_path / "rank.csv"
    paths = write_export(out, result, workers, manifest=manifest, delimiter=";")
    sidecar = tmp_path / "rank.manifest.json"
    assert paths == [out, sidecar]
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    back = pl.read_csv(out, separator=";", schema_overrides={"employer_id": pl.String})
    assert back["employer_id"].to_list() == ["00012345", "00023456", "00034567", "00045678"]
    assert back["monthly_contribution_gap_idr"].to_list() == [2_345_678, 1_234_567, 345_678, 12_345]
    assert back["registered"].to_list() == [True, True, False, True]
    side = json.loads(sidecar.read_text(encoding="utf-8"))
    assert [i["sha256"] for i in side["inputs"]] == [SHA_PAYROLL, SHA_ENROL]


def test_csv_workers_level(tmp_path, result, workers, manifest) -> None:
    out = tmp_path / "w.csv"
    write_export(out, result, workers, manifest=manifest, level="workers", delimiter=";")
    back = pl.read_csv(out, separator=";", schema_overrides={"employer_id": pl.String})
    assert back.height == 3
    assert back["nik"].to_list() == ["3201••••••••0123", "3273••••••••0002", "3171••••••••0003"]
    assert back["worker_name"][1] == "'=cmd|' /C calc'!A0"
    assert back["match_tier"].to_list() == [None, 1, 2]


def test_json_both_levels(tmp_path, result, workers, manifest) -> None:
    out = tmp_path / "r.json"
    write_export(out, result, workers, manifest=manifest)
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["manifest"]["inputs"][0]["sha256"] == SHA_PAYROLL
    rest = {k: v for k, v in doc.items() if k != "manifest"}
    again = ReconcileResult.model_validate(rest)
    assert again.employers == result.employers  # JSON is data, not a spreadsheet: no apostrophes
    assert again.summary == result.summary
    w = tmp_path / "w.json"
    write_export(w, result, workers, manifest=manifest, level="workers")
    wdoc = json.loads(w.read_text(encoding="utf-8"))
    assert set(wdoc) == {"manifest", "workers"}
    assert [r["finding"] for r in wdoc["workers"]] == [
        "UNREGISTERED",
        "WAGE_UNDERREPORTED",
        "UNREGISTERED_INACTIVE",
    ]
    assert wdoc["workers"][0]["contribution_gap_idr"] == 500_001


def test_parquet_types_and_manifest(tmp_path, result, workers, manifest) -> None:
    out = tmp_path / "r.parquet"
    write_export(out, result, workers, manifest=manifest)
    df = pl.read_parquet(out)
    assert df.schema["rank"] == pl.Int64
    assert df.schema["employer_id"] == pl.String
    assert df.schema["registered"] == pl.Boolean
    assert df.schema["coverage_ratio"] == pl.Float64
    assert df.schema["monthly_contribution_gap_idr"] == pl.Int64
    assert df["employer_name"].to_list() == list(HOSTILE)
    stored = read_parquet_manifest(out)
    assert stored is not None
    assert [i["sha256"] for i in stored["inputs"]] == [SHA_PAYROLL, SHA_ENROL]  # type: ignore[index,union-attr]
    w = tmp_path / "w.parquet"
    write_export(w, result, workers, manifest=manifest, level="workers")
    wdf = pl.read_parquet(w)
    assert wdf.schema["match_tier"] == pl.Int8
    assert wdf.schema["contribution_wage_idr"] == pl.Int64
    assert wdf.schema["row"] == pl.Int64


@pytest.mark.parametrize("ext", [".csv", ".json", ".parquet"])
def test_by_office_files(tmp_path, result, workers, manifest, ext) -> None:
    offices = {"00012345": "KC Bandung", "00023456": "KC Bandung", "00034567": "KC Depok"}
    out = tmp_path / f"rank{ext}"
    paths = write_export(out, result, workers, manifest=manifest, by_office=offices)
    names = [p.name for p in paths]
    expected = [
        f"rank{ext}",
        f"rank.kc-bandung{ext}",
        f"rank.kc-depok{ext}",
        f"rank.tanpa-kantor{ext}",
    ]
    assert names == expected + (["rank.manifest.json"] if ext == ".csv" else [])
    assert all(p.exists() for p in paths)
    bandung = tmp_path / f"rank.kc-bandung{ext}"
    if ext == ".csv":
        ids = pl.read_csv(bandung, schema_overrides={"employer_id": pl.String})["employer_id"]
    elif ext == ".parquet":
        ids = pl.read_parquet(bandung)["employer_id"]
    else:
        doc = json.loads(bandung.read_text(encoding="utf-8"))
        assert doc["office"] == "KC Bandung"
        ids = pl.Series([e["employer_id"] for e in doc["employers"]])
    assert ids.to_list() == ["00012345", "00023456"]


# --- privacy -------------------------------------------------------------------------


@pytest.mark.parametrize("ext", [".xlsx", ".csv", ".json", ".parquet"])
@pytest.mark.parametrize("level", ["employers", "workers"])
def test_no_full_nik_unless_asked(tmp_path, result, workers, manifest, ext, level) -> None:
    out = tmp_path / f"r{ext}"
    for p in write_export(out, result, workers, manifest=manifest, level=level):
        blob = _all_bytes(p)
        assert not any(n.encode() in blob for n in FULL_NIKS), p
    if ext != ".parquet":  # Parquet pages are compressed; checked through its reader below
        assert "••••••••".encode() in _all_bytes(out) or level == "employers"
    shown = tmp_path / f"shown{ext}"
    write_export(shown, result, workers, manifest=manifest, level="workers", show_nik=True)
    if ext == ".parquet":
        assert NIK_A in pl.read_parquet(shown)["nik"].to_list()
    else:
        assert NIK_A.encode() in _all_bytes(shown)


@pytest.mark.parametrize("ext", [".xlsx", ".csv", ".json", ".parquet"])
def test_pseudonymised_output_holds_no_nik(tmp_path, result, workers, manifest, ext) -> None:
    out = tmp_path / f"p{ext}"
    write_export(
        out, result, workers, manifest=manifest, level="workers", pseudonymise_salt="s3cret"
    )
    blob = _all_bytes(out)
    assert not any(n.encode() in blob for n in FULL_NIKS)
    assert not any(n[:4].encode() + "••".encode() in blob for n in FULL_NIKS)
    if ext == ".parquet":
        df = pl.read_parquet(out)
        assert "nik" not in df.columns
        assert df["nik_pseudonym"].str.len_chars().to_list() == [64, 64, 64]
    elif ext == ".xlsx":
        ws = openpyxl.load_workbook(out)["Workers"]
        headers = [c.value for c in ws[1]]
        assert "NIK pseudonym" in headers and "Worker" not in headers
    if ext != ".xlsx":  # the workbook's cells are checked above, zipped bytes hide names
        assert not any(name.encode() in blob for name in ("Budi", "Siti", "No NIK")), ext


# --- atomicity and errors ------------------------------------------------------------


@pytest.mark.parametrize("ext", [".xlsx", ".csv", ".json", ".parquet"])
def test_failed_write_leaves_nothing(tmp_path, result, workers, manifest, monkeypatch, ext):
    def boom(*args: object, **kwargs: object) -> None:
        path = next(a for a in args if isinstance(a, Path))
        path.write_bytes(b"half")  # a partial file, as a crashing writer would leave
        raise RuntimeError("disk full")

    name = {".xlsx": "write_xlsx", ".csv": "write_csv", ".json": "write_json"}.get(
        ext, "write_parquet"
    )
    if ext == ".xlsx":  # imported when a workbook is written, from its own module
        import underreport.report.export.xlsx as xlsx_module

        monkeypatch.setattr(xlsx_module, name, boom)
    else:
        monkeypatch.setattr(export_pkg, name, boom)
    out = tmp_path / f"r{ext}"
    with pytest.raises(RuntimeError, match="disk full"):
        write_export(out, result, workers, manifest=manifest, by_office={"00012345": "A"})
    assert list(tmp_path.iterdir()) == []


def test_failed_office_file_keeps_previous_export(tmp_path, result, workers, manifest, monkeypatch):
    out = tmp_path / "r.csv"
    write_export(out, result, workers, manifest=manifest)
    before = out.read_bytes()
    calls = []

    def second_fails(path: Path, frame: pl.DataFrame, delimiter: str = ",") -> None:
        calls.append(path)
        if len(calls) == 2:
            raise OSError("no space")
        path.write_text("new", encoding="utf-8")

    monkeypatch.setattr(export_pkg, "write_csv", second_fails)
    with pytest.raises(OSError, match="no space"):
        write_export(out, result, workers, manifest=manifest, by_office={"00012345": "A"})
    assert out.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.csv", "r.manifest.json"]


def test_unknown_extension_names_the_supported_ones(tmp_path, result, workers, manifest):
    with pytest.raises(UsageError, match=r"\.xlsx, \.csv, \.json, \.parquet"):
        write_export(tmp_path / "r.ods", result, workers, manifest=manifest)
    with pytest.raises(UsageError, match="delimiter"):
        write_export(tmp_path / "r.csv", result, workers, manifest=manifest, delimiter=";;")
    assert list(tmp_path.iterdir()) == []


def test_same_inputs_same_content(tmp_path, result, workers, manifest) -> None:
    for ext in (".csv", ".json", ".parquet"):
        a, b = tmp_path / f"a{ext}", tmp_path / f"b{ext}"
        write_export(a, result, workers, manifest=manifest, level="workers")
        write_export(b, result, workers, manifest=manifest, level="workers")
        assert a.read_bytes() == b.read_bytes(), ext
