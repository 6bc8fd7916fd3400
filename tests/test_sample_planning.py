"""`sample` also writes what `screen` and `coverage` read, and `screen` finds what was planted.

The committed `sample_data/` (seed 0, 12 employers) holds 15 employers in its register:
the 12 on the payroll, 2 known only to BPJS, and PT Wira Karya Bangunan (26830556), which
only declares 25 workers (21 men, 4 women) to the ministry. Facts about the files are
read here with the csv module and openpyxl, not with underreport's readers.
"""

from __future__ import annotations

import csv
import hashlib
import json
from collections import Counter
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from typer.testing import CliRunner

from underreport.cli import app
from underreport.ingest.declarations import load_declarations
from underreport.ingest.reference import load_employers
from underreport.sample import generate

runner = CliRunner()
ROOT = Path(__file__).parents[1] / "sample_data"
DROP, STAGNANT, NO_JP, LONE = "62516202", "37301856", "44885857", "26830556"


def _screen(root: Path, *extra: str) -> dict[str, Any]:
    res = runner.invoke(app, [
        "screen", "-e", str(root / "enrollment"), "--declarations", str(root / "declarations"),
        "--previous", str(root / "previous"), "--employers", str(root / "employers"),
        "--notices", str(root / "notices"), "--year", "2025", "--format", "json", *extra,
    ])  # fmt: skip
    assert res.exit_code == 0, res.output
    doc: dict[str, Any] = json.loads(res.stdout)
    return doc


def _active(*paths: tuple[Path, str]) -> Counter[str]:
    out: Counter[str] = Counter()
    for path, encoding in paths:
        with path.open(encoding=encoding, newline="") as fh:
            rows = list(csv.reader(fh, delimiter=";"))
        out.update(r[0] for r in rows[1:] if r[8] == "AKTIF")
    return out


def test_committed_sample_has_the_planning_files() -> None:
    answer = json.loads((ROOT / "planning.json").read_text("utf-8"))
    assert answer["planted"] == {
        DROP: ["ENROLMENT_DROP", "HEADCOUNT_GAP"],
        STAGNANT: ["STAGNANT_WAGES"],
        NO_JP: ["PROGRAM_MISSING"],
    }
    assert answer["clean"] == ["18347330"]
    assert answer["declared_only"] == [LONE]
    for rel in answer["files"]:
        assert (ROOT / rel).is_file(), rel
    ref = openpyxl.load_workbook(ROOT / "employers/referensi_pemberi_kerja.xlsx").active
    header = [c.value for c in ref[3]]
    assert header == ["No", "NPP", "Nama Perusahaan", "NPWP", "Skala Usaha", "Kelas Risiko",
                      "Provinsi", "Kab/Kota", "Bidang Usaha", "Alamat"]  # fmt: skip
    assert ref.max_row == 3 + 15
    # Last year's export held 24 active workers of the drop employer; this year's 12.
    previous = _active((ROOT / "previous/kepesertaan_bpjstk_2024-03.csv", "utf-8-sig"))
    now = _active(
        (ROOT / "enrollment/kepesertaan_bpjstk_01.csv", "utf-8-sig"),
        (ROOT / "enrollment/kepesertaan_cabang_ansi.csv", "cp1252"),
    )
    assert (previous[DROP], now[DROP]) == (24, 12)


def test_reference_and_declarations_read_and_link() -> None:
    ref = load_employers([ROOT / "employers"])
    assert ref.height == 15
    lone = ref.filter(ref["employer_id"] == LONE).row(0, named=True)
    assert (lone["size"], lone["risk_class"], lone["province"], lone["regency"]) == (
        "medium",
        5,
        "32",
        "3273",
    )
    decl = load_declarations([ROOT / "declarations"], ref)
    # Every fourth row gives the NPWP only; the register maps each to its NPP.
    assert decl.height == 15
    assert decl.filter(decl["employer_id"] == LONE)["declared_workers"].to_list() == [25]


def test_screen_raises_what_was_planted_on_the_committed_sample() -> None:
    doc = _screen(ROOT)
    flags = {e["employer_id"]: e for e in doc["employers"]}
    drop = flags[DROP]
    assert (drop["previous_active_workers"], drop["active_workers"], drop["declared_workers"]) == (
        24,
        12,
        24,
    )
    assert {f["code"] for f in drop["flags"]} == {"ENROLMENT_DROP", "HEADCOUNT_GAP"}
    assert [f["code"] for f in flags[STAGNANT]["flags"]] == ["STAGNANT_WAGES"]
    assert [f["code"] for f in flags[NO_JP]["flags"]] == ["PROGRAM_MISSING"]
    assert "18347330" not in flags
    assert doc["employers_screened"] == 14 - 2  # the two PWBD employers are in no export


@pytest.mark.parametrize("seed, employers", [(3, 30), (11, 60)])
def test_generated_planning_files(tmp_path: Path, seed: int, employers: int) -> None:
    generate(tmp_path, employers=employers, seed=seed)
    answer = json.loads((tmp_path / "planning.json").read_text("utf-8"))
    assert answer["planted"] and answer["clean"]
    found = {
        e["employer_id"]: {f["code"] for f in e["flags"]} for e in _screen(tmp_path)["employers"]
    }
    for npp, codes in answer["planted"].items():
        assert set(codes) <= found.get(npp, set()), npp
    assert not set(answer["clean"]) & set(found)


def _digests(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_planning_files_change_no_other_file(tmp_path: Path) -> None:
    generate(tmp_path / "without", seed=4, planning_files=False)
    generate(tmp_path / "with", seed=4)
    without, with_ = _digests(tmp_path / "without"), _digests(tmp_path / "with")
    assert {k: with_[k] for k in without} == without
    assert sorted(set(with_) - set(without)) == [
        "declarations/wlkp_2025.xlsx",
        "employers/referensi_pemberi_kerja.xlsx",
        "notices/surat_pemeriksaan.csv",
        "planning.json",
        "previous/kepesertaan_bpjstk_2024-03.csv",
    ]


def test_coverage_on_the_planning_files() -> None:
    res = runner.invoke(app, [
        "coverage", "-p", str(ROOT / "payroll"), "-e", str(ROOT / "enrollment"),
        "--employers", str(ROOT / "employers"), "--declarations", str(ROOT / "declarations"),
        "--by", "regency", "--format", "json",
    ])  # fmt: skip
    assert res.exit_code == 0, res.output
    doc = json.loads(res.stdout)
    assert {g["basis"] for g in doc["groups"]} == {"reference"}
    bandung = next(g for g in doc["groups"] if g["group"] == "3273")
    # PT Karya Perkasa Teknik (16 on the payroll) and the 25 declared by PT Wira Karya Bangunan.
    assert (bandung["employers"], bandung["known_workers"]) == (2, 16 + 25)
