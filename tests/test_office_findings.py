"""Issue 12's findings on the office corpus, one rule at a time: employers linked by name,
programmes read from the forms' contribution columns, damaged NIKs at the worker level,
and files in a payroll folder that are not payrolls. The files and their hand-worked
answers are those of `test_office_corpus`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import write_csv
from office import forms
from test_office_corpus import (
    CASES,
    KARYA,
    MAJU,
    NUSANTARA,
    NUSANTARA_ENROLLED,
    SINAR,
    SRIWIJAYA,
    _run,
    case_english,
    case_hr,
    case_office,
    case_recap,
    case_register,
    runner,
)  # fmt: skip

from underreport import ReconcileOptions, load, reconcile
from underreport.cli import app


def test_name_linked_employer_is_never_called_unregistered(tmp_path: Path) -> None:
    """No NPP on the register: the one enrolled employer of that name (of two) is linked."""
    result = _run(CASES["register_vs_formulir2_xls"], tmp_path).result
    (e,) = result.employers
    assert (e.employer_id, e.registered, e.linked_by) == ("NN140549", True, "name")
    assert "name" in e.reasons[0].lower()
    assert result.summary.unregistered_employers == 0


def _reference(out: Path) -> Path:
    """Employer facts: each size requires JP (large or medium)."""
    return write_csv(out / "perusahaan.csv", [
        "NPP;NAMA PERUSAHAAN;SKALA USAHA;KELAS RISIKO;PROVINSI",
        f"NN140549;{KARYA};Menengah;II;32",
        f"80182795;{SINAR};Besar;I;31",
        f"17039402;{MAJU};Menengah;II;33",
        f"16002231;{SRIWIJAYA};Besar;I;16",
        f"66234590;{NUSANTARA};Menengah;II;35",
    ])  # fmt: skip


def test_formulir2_jp_zeros_mean_jp_not_paid_for_those_workers(tmp_path: Path) -> None:
    """JP is zero on the form for SITI and ANDI only: for a medium employer, JP is missing
    for those two (the two workers it does not enrol are unregistered, not programme cases)."""
    rec = _run(CASES["register_vs_formulir2_xls"], tmp_path, employers=[_reference(tmp_path)])
    (e,) = rec.result.employers
    assert (e.missing_programs, e.program_missing_workers) == (["JP"], 2)
    assert (e.unregistered_workers, e.underreported_wage_workers) == (2, 1)
    missing = {r["worker_name"]: r["missing_programs"] for r in rec.workers.iter_rows(named=True)}
    assert missing["Siti Nurhaliza"] == missing["Andi Pratama"] == ["JP"]
    assert missing["Rudi Hartono"] == missing["Dewi Kartika Sari"] == []


@pytest.mark.parametrize(
    "name",
    ["hr_system_vs_formulir2_xlsx", "office_potongan_vs_sipp", "recap_sections_vs_sipp_recap",
     "english_vs_jamsostek_2a_html"],
)  # fmt: skip
def test_forms_paying_jp_miss_no_programme(name: str, tmp_path: Path) -> None:
    """Every form above pays JKK, JKM, JHT and JP (JHT and JP twice in the recap)."""
    result = _run(CASES[name], tmp_path, employers=[_reference(tmp_path)]).result
    for e in result.employers:
        assert (e.missing_programs, e.program_missing_workers) == ([], 0), e.employer_id


def test_form_without_a_jp_column_means_jp_not_paid(tmp_path: Path) -> None:
    """The 2a form without a JP column: all four workers it enrols miss JP."""
    pay, _ = case_english(tmp_path)
    enr = forms.jamsostek_2a_html(
        tmp_path / "RINCIAN_IURAN_TK_042025.xls",
        title=["RINCIAN IURAN TENAGA KERJA", "NPP : 66234590",
               f"Nama Perusahaan : {NUSANTARA}", "Bulan Iuran : April 2025"],
        workers=NUSANTARA_ENROLLED, jp_column=False,
    )  # fmt: skip
    loaded = load(pay, [enr], employers=[_reference(tmp_path)])
    (e,) = reconcile(loaded, ReconcileOptions(period="2025-04")).result.employers
    assert (e.missing_programs, e.program_missing_workers) == (["JP"], 4)
    assert (e.unregistered_workers, e.underreported_wage_workers) == (2, 1)


def test_unmatched_worker_without_nik_says_the_nik_was_missing(tmp_path: Path) -> None:
    rec = _run(CASES["register_vs_formulir2_xls"], tmp_path)
    rows = {r["worker_name"]: r for r in rec.workers.iter_rows(named=True)}
    for worker in ("Yoga Permana", "Linda Kusumawati"):
        assert "nik" in (rows[worker]["match_reason"] or "").lower(), worker
    assert rec.unreconcilable.height == 0


def test_scientific_nik_never_merges_different_names(tmp_path: Path) -> None:
    """Three people behind one 3,17504E+15: three workers, and no duplicate reported."""
    rec = _run(CASES["scientific_niks_csv"], tmp_path)
    names = rec.workers.filter(rec.workers["employer_id"] == "31740588")["worker_name"]
    assert sorted(names.to_list()) == ["DIAN LESTARI", "FERRY IRAWAN", "HARYANTO",
                                       "RIZKY ADITYA"]  # fmt: skip
    assert not [i for i in rec.result.data_quality if i.code == "DUPLICATE_WORKER"]


def test_number_cell_nik_ending_in_zero_is_listed_as_precision_loss(tmp_path: Path) -> None:
    """Both 16-digit number cells end in 0 (rows 7 and 8, column B): each is a warning at its
    file, sheet, row and column; the text NIKs (rows 9 and 10) are not."""
    CASES["resaved_niks"].build(tmp_path)
    res = runner.invoke(app, ["validate", str(tmp_path / "gaji_resave.xlsx"), "--kind",
                              "payroll", "--format", "json"])  # fmt: skip
    assert res.exit_code == 0, res.output
    lost = [i for i in json.loads(res.stdout)["data_quality"] if i["code"] == "NIK_PRECISION_LOSS"]
    assert sorted(i["row"] for i in lost) == [7, 8]
    for i in lost:
        assert Path(i["file"]).name == "gaji_resave.xlsx" and i["sheet"] == "Maret 2025"
        assert "(B)" in (i["column"] or "") and i["severity"] == "warning"
        assert "3273022010880010" not in i["message"]  # NIKs are masked in messages


def test_folder_note_and_lock_file_are_skipped_with_an_info_entry(tmp_path: Path) -> None:
    CASES["folder_with_note_and_lock_file"].build(tmp_path)
    res = runner.invoke(app, ["validate", str(tmp_path / "payroll"), "--kind", "payroll",
                              "--format", "json"])  # fmt: skip
    assert res.exit_code == 0, res.output
    doc = json.loads(res.stdout)
    skipped = {
        Path(i["file"]).name: i
        for i in doc["data_quality"]
        if i["code"].endswith("SKIPPED") and i["severity"] == "info" and i["row"] is None
    }
    assert {"catatan.txt", "~$daftar_gaji_hr.xlsx"} <= set(skipped)
    assert {Path(i["path"]).name for i in doc["inputs"]} == {"daftar_gaji_hr.xlsx"}


def test_validate_reads_every_form_as_enrolment_without_being_told(tmp_path: Path) -> None:
    """Formulir 2 (.xlsx and .xls), the SIPP bill, its recap and 2a-as-HTML are enrolment."""
    files = [
        *case_hr(tmp_path)[1], *case_register(tmp_path)[1], *case_office(tmp_path)[1],
        *case_recap(tmp_path)[1], *case_english(tmp_path)[1],
    ]  # fmt: skip
    res = runner.invoke(app, ["validate", *map(str, set(files)), "--format", "json"])
    assert res.exit_code == 0, res.output
    kinds = {Path(i["path"]).name: i["kind"] for i in json.loads(res.stdout)["inputs"]}
    assert kinds == dict.fromkeys({f.name for f in files}, "enrollment")


def test_skipped_files_and_sheets_reach_the_reconcile_result(tmp_path: Path) -> None:
    """What `validate` lists is in `reconcile`'s data quality too: the note and the lock
    file of the folder, the register's Lembur and Potongan sheets."""
    folder = _run(CASES["folder_with_note_and_lock_file"], tmp_path / "a").result
    files = {
        Path(i.file).name
        for i in folder.data_quality
        if i.code.endswith("SKIPPED") and i.severity == "info" and i.row is None
    }
    assert {"catatan.txt", "~$daftar_gaji_hr.xlsx"} <= files
    register = _run(CASES["register_vs_formulir2_xls"], tmp_path / "b").result
    sheets = {(Path(i.file).name, i.sheet) for i in register.data_quality
              if i.code == "SHEET_SKIPPED"}  # fmt: skip
    assert sheets == {("payroll_register_mar25.xlsx", "Lembur"),
                      ("payroll_register_mar25.xlsx", "Potongan")}  # fmt: skip
