"""The inspection working paper (KKP) and `explain`'s name lookup and --out.

The figures of CV Duta Jaya (NPP 99678004) in sample_data/, March 2025, worked out by hand
from the files (answer.json: 12 payroll workers, 1 unregistered, 1 under-reported):
- Desi Suryadi (NIK 1931194111665473, gaji_karyawan_01.csv row 10): gaji pokok 5.255.000 +
  tunjangan tetap 1.600.000 = 6.855.000, not enrolled. Her NIK gives 1 November 1966 (day
  41 = 1 + 40, a woman): she reached 58, the pension age of 2024, in November 2024, so owes
  no JP: JKK 0,24 % (class I, risk class unknown) + JKM 0,30 % + JHT 5,7 % = 6,24 % ->
  427.752 a month.
- Fajar Yoga Sitompul (NIK 6319282606949274, row 12): 4.392.000 + 2.500.000 = 6.892.000 paid,
  4.994.000 on the Formulir 2 (where he pays JP): 1.898.000 not reported x (0,24 + 0,30 +
  5,7 + 3) % = 9,24 % -> 175.375,2.
- Principal 603.127 (427.752 + 175.375,2); due 15 April 2025, fined to 30 June 2025: three
  started months x 2 % = 6 % -> 36.188; total 639.315. Wage not reported 6.855.000 +
  1.898.000 = 8.753.000. JP ceiling from March 2025: 10.547.400.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest
from conftest import ENROLMENT_HEADER, enrolment_line, write_csv
from typer.testing import CliRunner

from underreport.cli import app
from underreport.model.errors import one_line

runner = CliRunner()
SAMPLE = Path(__file__).parents[1] / "sample_data"
RUN = ["-p", str(SAMPLE / "payroll"), "-e", str(SAMPLE / "enrollment"), "--as-of", "2025-06-30"]
DUTA = "99678004"
DESI, FAJAR = "1931194111665473", "6319282606949274"
MONEY = '"Rp" #,##0'


def invoke(*args: str) -> tuple[int, str, str]:
    res = runner.invoke(app, list(args))
    return res.exit_code, res.stdout, res.stderr


def cells(path: Path) -> dict[str, list[object]]:
    """Each row's values by its first non-empty text (row label), and all values flat."""
    ws = openpyxl.load_workbook(path).active
    assert ws is not None
    rows: dict[str, list[object]] = {}
    for row in ws.iter_rows(values_only=True):
        values = [v for v in row if v is not None]
        if values:
            rows.setdefault(str(values[0]), values)
    return rows


@pytest.fixture(scope="module")
def duta_xlsx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("kkp") / "kkp.xlsx"
    code, _, err = invoke("workpaper", DUTA, "--out", str(out), "--lang", "id", *RUN)
    assert code == 0, err
    return out


def test_the_working_paper_of_cv_duta_jaya_has_the_hand_worked_figures(duta_xlsx: Path) -> None:
    rows = cells(duta_xlsx)
    assert rows["KERTAS KERJA PEMERIKSAAN"]
    assert rows["Nama pemberi kerja"] == ["Nama pemberi kerja", "CV Duta Jaya"]
    assert rows["NPP"] == ["NPP", DUTA]
    assert rows["Bulan yang diperiksa"][1] == "Maret 2025"
    kinds = str(rows["Jenis ketidakpatuhan"][1])
    assert "PDS Tenaga Kerja" in kinds and "PDS Upah" in kinds and "PWBD" not in kinds
    assert rows["1"] == [
        1, "1931••••••••5473", "Desi Suryadi", "belum didaftarkan", 6_855_000, 6_855_000,
        427_752, "tingkat 1: NIK tidak ada dalam kepesertaan",
    ]  # fmt: skip
    assert rows["2"] == [
        2, "6319••••••••9274", "Fajar Yoga Sitompul", "upah dilaporkan lebih rendah", 6_892_000,
        4_994_000, 1_898_000, 175_375, "tingkat 1: NIK sama",
    ]  # fmt: skip
    assert "3" not in rows  # only the two workers with a finding
    assert rows["Jumlah (hasil rekonsiliasi)"][1:] == [8_753_000, 603_127]
    assert rows["Pekerja belum didaftarkan"][1] == 1
    assert rows["Pekerja dengan upah dilaporkan lebih rendah"][1] == 1
    assert rows["Pokok tunggakan iuran"][1] == 603_127
    assert rows["Denda keterlambatan"][1:] == [36_188, "2% per bulan sejak jatuh tempo sampai "
                                               "30 Juni 2025"]  # fmt: skip
    assert rows["Jumlah tunggakan"][1] == 639_315
    assert rows["Batas upah tertinggi JP"][1:] == [10_547_400, "berlaku sejak Maret 2025"]
    assert rows["Tarif JKK (kelas risiko)"][1] == pytest.approx(0.0024)
    texts = " ".join(str(v) for values in rows.values() for v in values)
    assert DESI not in texts and FAJAR not in texts
    assert "UU 24/2011 Pasal 15" in texts and "UU 24/2011 Pasal 19" in texts
    assert "PP 45/2015 Pasal 19" in texts  # the JP ceiling's source, from the rules file
    for heading in ("A. Identifikasi Pekerja", "B. Identifikasi Perhitungan Iuran",
                    "C. Penjelasan Uraian"):  # fmt: skip
        assert heading in rows
    assert rows["Disusun oleh,"] == ["Disusun oleh,", "Ditelaah oleh,"]


def test_the_workbook_prints_as_a_document(duta_xlsx: Path) -> None:
    ws = openpyxl.load_workbook(duta_xlsx).active
    assert ws is not None
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth == 1
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    money = [c for row in ws.iter_rows() for c in row if c.value == 603_127]
    assert money and all(c.number_format == MONEY for c in money)
    (as_of,) = [c for row in ws.iter_rows() for c in row if getattr(c, "is_date", False)]
    assert as_of.value.date().isoformat() == "2025-06-30" and "mmmm" in as_of.number_format
    assert all(ws.row_dimensions[r].height for r in range(1, 12))


def test_english_paper_and_the_inspector_s_name(tmp_path: Path) -> None:
    out = tmp_path / "kkp.xlsx"
    code, _, err = invoke("workpaper", DUTA, "--out", str(out), "--lang", "en",
                          "--inspector", "Rina Wijaya", *RUN)  # fmt: skip
    assert code == 0, err
    rows = cells(out)
    assert "INSPECTION WORKING PAPER" in rows and "A. Workers identified" in rows
    assert rows["Total owed"][1] == 639_315
    assert rows["Signature"] == ["Signature", "Signature"]
    assert rows["Name"] == ["Name", "Rina Wijaya", "Name"]  # "Reviewed by" left blank


def test_the_html_paper_has_the_sections_and_masks_niks(tmp_path: Path) -> None:
    out = tmp_path / "kkp.html"
    code, _, err = invoke("workpaper", "duta jaya", "--out", str(out), "--lang", "id", *RUN)
    assert code == 0, err
    assert "'duta jaya' dicocokkan dengan NPP 99678004 (CV Duta Jaya)" in err
    page = out.read_text(encoding="utf-8")
    for part in ("Kertas Kerja Pemeriksaan", "A. Identifikasi Pekerja",
                 "B. Identifikasi Perhitungan Iuran", "C. Penjelasan Uraian", "Disusun oleh",
                 "Ditelaah oleh", "Rp 639.315", "Rp 10.547.400", "1931••••••••5473",
                 "@media print"):  # fmt: skip
        assert part in page, part
    assert DESI not in page and FAJAR not in page
    assert "http://" not in page and "https://" not in page and "<script" not in page
    shown = tmp_path / "shown.html"
    assert invoke("workpaper", DUTA, "--out", str(shown), "--show-nik", *RUN)[0] == 0
    assert DESI in shown.read_text(encoding="utf-8")


def test_an_unknown_npp_or_extension_is_one_line_and_exit_2(tmp_path: Path) -> None:
    code, _, err = invoke("workpaper", "99678005", "--out", str(tmp_path / "k.xlsx"), *RUN)
    assert code == 2 and one_line(err) == err.strip()
    assert "99678005" in err and "99678004 CV Duta Jaya" in err
    code, _, err = invoke("workpaper", DUTA, "--out", str(tmp_path / "k.pdf"), *RUN)
    assert code == 2 and ".xlsx or .html" in err and one_line(err) == err.strip()
    assert list(tmp_path.iterdir()) == []


@pytest.fixture
def like_names(tmp_path: Path) -> list[str]:
    """Two employers named alike (Maju Jaya Makmur / Maju Jaya Mandiri) and one apart."""
    lines = ["NPP;NAMA PERUSAHAAN;PERIODE;NIK;NAMA;GAJI POKOK"]
    employers = [("11110001", "PT Maju Jaya Makmur"), ("11110002", "CV Maju Jaya Mandiri"),
                 ("11110003", "PT Sinar Laut")]  # fmt: skip
    for i, (npp, name) in enumerate(employers, start=1):
        lines.append(f"{npp};{name};03/2025;320101010190000{i};Pekerja {i};5000000")
    pay = write_csv(tmp_path / "gaji.csv", lines)
    enr = write_csv(
        tmp_path / "bpjs.csv",
        [ENROLMENT_HEADER, enrolment_line("11110003", "3201010101900003", "Pekerja 3", "5000000")],
    )
    return ["-p", str(pay), "-e", str(enr), "--format", "json", "--lang", "en"]


def test_a_unique_name_is_used_and_said(like_names: list[str]) -> None:
    code, out, err = invoke("explain", "maju jaya mandiri", *like_names)
    assert code == 0, err
    assert json.loads(out)["employer_id"] == "11110002"
    assert "matched 'maju jaya mandiri' to NPP 11110002 (CV Maju Jaya Mandiri)" in err
    code, out, _ = invoke("explain", "Sinar Lau", *like_names)  # a typo still finds it
    assert code == 0 and json.loads(out)["employer_id"] == "11110003"
    code, out, err = invoke("explain", "11110001", *like_names)  # the NPP says nothing more
    assert code == 0 and json.loads(out)["employer_id"] == "11110001" and "matched" not in err


def test_an_ambiguous_name_lists_the_candidates(like_names: list[str]) -> None:
    code, out, err = invoke("explain", "Maju Jaya", *like_names)
    assert code == 2 and out == ""
    line = one_line(err)
    assert line == err.strip() and "fits 2 employers" in line
    assert "11110001 PT Maju Jaya Makmur" in line and "11110002 CV Maju Jaya Mandiri" in line
    assert "11110003" not in line


def test_no_match_gives_the_closest_names(like_names: list[str]) -> None:
    code, _, err = invoke("explain", "Bintang Timur", *like_names)
    assert code == 2 and "no employer" in err and "closest" in err
    assert "PT Maju Jaya Makmur" in err and one_line(err) == err.strip()


def test_explain_out_writes_json_and_text_atomically(tmp_path: Path) -> None:
    story = tmp_path / "story.json"
    code, out, err = invoke("explain", DUTA, *RUN, "--out", str(story))
    assert code == 0 and out == "" and f"Wrote {story}" in err
    printed = invoke("explain", DUTA, *RUN, "--format", "json")[1]
    written = json.loads(story.read_text(encoding="utf-8"))
    assert written == json.loads(printed)
    assert written["finding"]["arrears_total_idr"] == 639_315
    text = tmp_path / "story.txt"
    assert invoke("explain", "Duta Jaya", *RUN, "--out", str(text))[0] == 0
    body = text.read_text(encoding="utf-8")
    assert "CV Duta Jaya (NPP 99678004)" in body and "Fajar Yoga Sitompul" in body
    assert "\x1b[" not in body and DESI not in body
    md = tmp_path / "story.md"
    assert invoke("explain", DUTA, *RUN, "--out", str(md))[0] == 0
    assert md.read_text(encoding="utf-8").startswith("```text\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["story.json", "story.md", "story.txt"]


def test_explain_out_leaves_the_old_file_when_writing_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = tmp_path / "story.txt"
    text.write_text("yesterday's story\n")

    def broken(*args: object, **kwargs: object) -> str:
        raise OSError("disk full")

    monkeypatch.setattr("underreport.report.workpaper.story.story_as_text", broken)
    code, _, err = invoke("explain", DUTA, *RUN, "--out", str(text))
    assert code == 2 and "cannot write" in err and "disk full" in err
    assert text.read_text() == "yesterday's story\n"
    assert [p.name for p in tmp_path.iterdir()] == ["story.txt"]  # no temporary file left


def test_explain_out_refuses_an_unknown_extension_before_reading(tmp_path: Path) -> None:
    missing = ["-p", str(tmp_path / "none"), "-e", str(tmp_path / "none")]
    code, _, err = invoke("explain", DUTA, *missing, "--out", str(tmp_path / "story.pdf"))
    assert code == 2 and one_line(err) == err.strip()
    assert "story.pdf" in err and ".json, .txt, .md" in err
    assert list(tmp_path.iterdir()) == []


def test_explain_out_xlsx_is_the_working_paper(tmp_path: Path) -> None:
    out = tmp_path / "story.xlsx"
    assert invoke("explain", DUTA, *RUN, "--lang", "en", "--out", str(out))[0] == 0
    assert cells(out)["Total owed"][1] == 639_315


WORKERS = 40


@pytest.mark.skipif(not (shutil.which("soffice") and shutil.which("pdftotext")),
                    reason="LibreOffice (soffice) or pdftotext is not installed")  # fmt: skip
def test_the_printed_paper_is_one_page_wide_with_section_a_s_header_on_each_page(
    tmp_path: Path,
) -> None:
    """40 unregistered workers run section A over two pages. Were the sheet printed in
    vertical strips, a worker's NIK (first columns) and its match (last column) would fall
    on different pages: every worker's line holding both, on pages that each begin with
    section A's header, shows each page is the whole width and the header repeats."""
    lines = ["NPP;NAMA PERUSAHAAN;PERIODE;NIK;NAMA;GAJI POKOK"]
    lines += [f"22220001;PT Panjang Sekali;03/2025;32010101019{i:05d};Pekerja Nomor {i};"
              f"{4_000_000 + i * 1000}" for i in range(1, WORKERS + 1)]  # fmt: skip
    pay = write_csv(tmp_path / "gaji.csv", lines)
    enr = write_csv(
        tmp_path / "bpjs.csv",
        [ENROLMENT_HEADER, enrolment_line("33330001", "3201010101900999", "Lain", "5.000.000")],
    )
    out = tmp_path / "kkp.xlsx"
    code, _, err = invoke("workpaper", "22220001", "--out", str(out), "--lang", "en",
                          "-p", str(pay), "-e", str(enr))  # fmt: skip
    assert code == 0, err
    profile = f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}"
    convert = ["soffice", profile, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path)]
    subprocess.run([*convert, str(out)], check=True, capture_output=True, timeout=180)
    pdf = tmp_path / "kkp.pdf"
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    width, height = (float(x) for x in info.split("Page size:")[1].split("pts")[0].split(" x "))
    assert width > height  # landscape
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout  # fmt: skip
    pages = [p for p in text.split("\f") if p.strip()]
    with_workers = [p for p in pages if "3201••••••••" in p]
    assert len(with_workers) >= 2
    seen = 0
    for page in with_workers:
        rows = [line for line in page.splitlines() if "3201••••••••" in line]
        header = next(i for i, line in enumerate(page.splitlines()) if "NIK" in line
                      and "Match (tier: basis)" in line)  # fmt: skip
        assert header < min(i for i, line in enumerate(page.splitlines()) if line in rows)
        assert all("Pekerja Nomor" in line and "tier 1:" in line for line in rows)
        seen += len(rows)
    assert seen == WORKERS


def test_a_run_over_february_and_march_states_both_jp_ceilings(tmp_path: Path) -> None:
    """The JP ceiling changes on 1 March: 10.042.300 for February 2025, 10.547.400 for March."""
    out = tmp_path / "kkp.xlsx"
    code, _, err = invoke("workpaper", "44885857", "--out", str(out), "--lang", "id", *RUN,
                          "--period", "2025-02..2025-03")  # fmt: skip
    assert code == 0, err
    ws = openpyxl.load_workbook(out).active
    assert ws is not None
    ceilings = [[v for v in row if v is not None] for row in ws.iter_rows(values_only=True)
                if row[0] == "Batas upah tertinggi JP"]  # fmt: skip
    assert [c[1:] for c in ceilings] == [
        [10_042_300, "berlaku sejak Maret 2024: Februari 2025"],
        [10_547_400, "berlaku sejak Maret 2025: Maret 2025"],
    ]
    months = [[v for v in row if v is not None] for row in ws.iter_rows(values_only=True)
              if row[0] == "Bulan iuran tidak dibayar"]  # fmt: skip
    assert months == [["Bulan iuran tidak dibayar", 2, "Februari 2025, Maret 2025"]]


def test_the_legal_basis_cites_regulations_in_indonesian() -> None:
    from underreport.report.workpaper.paper import cite

    source = "PP 45/2015 art. 19; BPJS Ketenagakerjaan announcement (as reported)"
    assert cite(source, "id") == "PP 45/2015 Pasal 19"
    assert cite(source + " (certainty: sources disagree)", "en") == source
    assert cite("PP 44/2015 (JKK, JKM); PP 46/2015 (JHT)", "id") == (
        "PP 44/2015 (JKK, JKM); PP 46/2015 (JHT)"
    )
    assert cite("aturan kantor wilayah", "id") == "aturan kantor wilayah"


def test_address_npwp_and_risk_class_come_from_the_employers_reference(tmp_path: Path) -> None:
    ref = write_csv(tmp_path / "pemberi_kerja.csv", [
        "NPP;Nama Perusahaan;NPWP;Alamat;Kelas Risiko",
        "99678004;CV Duta Jaya;01.234.567.8-901.000;Jl. Merdeka No. 10, Palembang;III",
    ])  # fmt: skip
    out = tmp_path / "kkp.xlsx"
    code, _, err = invoke("workpaper", DUTA, "--out", str(out), "--lang", "id", *RUN,
                          "--employers", str(ref))  # fmt: skip
    assert code == 0, err
    rows = cells(out)
    assert rows["Alamat"] == ["Alamat", "Jl. Merdeka No. 10, Palembang"]
    assert rows["NPWP"] == ["NPWP", "012345678901000"]
    assert rows["Tarif JKK (kelas risiko)"][1:] == [pytest.approx(0.0089), "kelas III"]


def test_section_a_adds_up_to_the_reconciliation_or_says_why_not() -> None:
    """Every sample employer's rows of wage not reported add up to its `wage_gap_idr`; the
    monthly gaps, rounded worker by worker, may miss the total rounded once, and the paper
    then says both sums (PT Citra Sukses: its rows add up to a rupiah more)."""
    from datetime import date

    from underreport.ingest.load import load
    from underreport.model.config import ReconcileOptions
    from underreport.reconcile import reconcile
    from underreport.reconcile.explain import explain
    from underreport.report.workpaper import build
    from underreport.rules import load_rules

    pay, enr = sorted((SAMPLE / "payroll").iterdir()), sorted((SAMPLE / "enrollment").iterdir())
    rec = reconcile(load(pay, enr), ReconcileOptions(as_of=date(2025, 6, 30)))
    notes = {}
    for e in rec.result.employers:
        paper = build(explain(rec, e.employer_id), rec.result, load_rules(), lang="en")
        assert paper.a_total is not None and paper.a_total.gap == e.wage_gap_idr
        assert sum(r.gap or 0 for r in paper.a_rows) == e.wage_gap_idr, e.employer_id
        rows = sum(r.owed or 0 for r in paper.a_rows)
        assert abs(rows - e.monthly_contribution_gap_idr) <= len(paper.a_rows) / 2
        if paper.a_rounding:
            notes[e.employer_id] = paper.a_rounding
        else:
            assert rows == e.monthly_contribution_gap_idr
    assert list(notes) == ["82558093"]
    assert "add up to Rp 1.869.640, the reconciliation's total is Rp 1.869.639" in notes["82558093"]
