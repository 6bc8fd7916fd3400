"""Probable matches inside reconcile: applied, counted apart, and refused by --strict."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import write_csv, write_xlsx
from typer.testing import CliRunner

from underreport import ReconcileOptions, load, reconcile
from underreport.cli import app

NIK = "3273015505900123"
ENR = "NPP;NIK;NAMA;TGL LAHIR;UPAH;STATUS"


def _files(tmp: Path, payroll_nik: object, payroll_name: str) -> tuple[Path, Path]:
    pay = write_xlsx(
        tmp / "g.xlsx",
        {
            "S": [
                ["NPP : 12345678"],
                ["Periode : Maret 2025"],
                ["NIK", "Nama", "Gaji Pokok"],
                [payroll_nik, payroll_name, 4_000_000],
            ]
        },
    )
    enr = write_csv(tmp / "e.csv", [ENR, f"12345678;{NIK};SITI AMINAH;15-05-1990;4000000;AKTIF"])
    return pay, enr


def test_excel_damaged_nik_is_a_probable_match_not_an_unregistered_worker(tmp_path: Path) -> None:
    pay, enr = _files(tmp_path, int(NIK[:15] + "0"), "Hj. Siti Aminah, S.Pd")
    rec = reconcile(load([pay], [enr]))
    assert rec.result.employers == []
    assert rec.result.summary.probable_matches == 1
    assert rec.workers["match_tier"].to_list() == [2]
    strict = reconcile(load([pay], [enr]), ReconcileOptions(strict=True)).result
    assert strict.summary.unregistered_workers == 1


def test_same_damage_with_another_name_stays_unregistered(tmp_path: Path) -> None:
    pay, enr = _files(tmp_path, int(NIK[:15] + "0"), "Budi Santoso")
    result = reconcile(load([pay], [enr])).result
    assert result.summary.unregistered_workers == 1
    assert result.summary.probable_matches == 0


def test_probable_matches_are_reported_with_their_tier(tmp_path: Path) -> None:
    pay, enr = _files(tmp_path, None, "Siti Aminah")
    res = CliRunner().invoke(
        app, ["explain", "12345678", "-p", str(pay), "-e", str(enr), "--format", "json"]
    )
    assert res.exit_code == 0, res.output
    (worker,) = json.loads(res.stdout)["workers"]
    assert worker["match_tier"] == 4 and "name" in worker["match_reason"]
    assert worker["enrolment"] == "active"
