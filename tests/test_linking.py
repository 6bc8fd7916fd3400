"""Probable matches inside reconcile: applied, counted apart, and refused by --strict."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest
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


def _employer_files(tmp: Path, title: list[list[object]], enrolled: str) -> tuple[Path, Path]:
    pay = write_xlsx(
        tmp / "g.xlsx",
        {
            "S": [
                *title,
                ["Periode : Maret 2025"],
                ["NIK", "Nama", "Gaji Pokok"],
                [NIK, "Siti Aminah", 4_000_000],
            ]
        },
    )
    enr = write_csv(
        tmp / "e.csv",
        [
            "NPP;NAMA PERUSAHAAN;NPWP;NIK;NAMA;UPAH;STATUS",
            f"{enrolled};{NIK};SITI AMINAH;4000000;AKTIF",
        ],
    )
    return pay, enr


def test_employer_found_by_npwp_is_linked(tmp_path: Path) -> None:
    title = [
        ["Nama Perusahaan : PT Sinar Jaya"],
        ["NPP : 99990000"],
        ["NPWP : 01.234.567.8-901.000"],
    ]
    pay, enr = _employer_files(tmp_path, title, "12345678;PT SINAR JAYA;012345678901000")
    result = reconcile(load([pay], [enr])).result
    assert result.employers == []  # the worker is enrolled under the NPWP's NPP
    assert result.summary.unregistered_employers == 0


def test_employer_with_an_unknown_npp_and_the_same_name_is_offered_not_applied(
    tmp_path: Path,
) -> None:
    title = [["Nama Perusahaan : PT. Sinar Jaya, Tbk"], ["NPP : 99990000"]]
    pay, enr = _employer_files(tmp_path, title, "12345678;SINAR JAYA TBK;")
    (e,) = reconcile(load([pay], [enr])).result.employers
    assert (e.employer_id, e.registered, e.unregistered_workers) == ("99990000", False, 1)
    assert e.probable_employer_id == "12345678" and e.linked_by == "npp"
    assert any("same name" in r and "12345678" in r for r in e.reasons)


def test_employer_without_npp_is_linked_by_its_one_namesake(tmp_path: Path) -> None:
    """`PT. Sinar Jaya` (no NPP) is `SINAR JAYA, PT` of the enrolment: linked, not PWBD."""
    title = [["Nama Perusahaan : PT. Sinar Jaya"]]
    pay, enr = _employer_files(tmp_path, title, "12345678;SINAR JAYA, PT;")
    loaded = load([pay], [enr])
    assert loaded.payroll["employer_id"].to_list() == [None]
    rec = reconcile(loaded)
    assert rec.result.summary.unregistered_employers == 0
    assert rec.result.summary.unregistered_workers == 0
    assert rec.workers.select("employer_id", "match_tier", "active").rows() == [
        ("12345678", 1, True)
    ]
    assert rec.result.employers == []  # nothing to flag: the one worker is enrolled


def test_a_flagged_employer_linked_by_name_says_so_first(tmp_path: Path) -> None:
    pay = write_xlsx(
        tmp_path / "g.xlsx",
        {
            "S": [
                ["Nama Perusahaan : PT. Sinar Jaya"],
                ["Periode : Maret 2025"],
                ["NIK", "Nama", "Gaji Pokok"],
                [NIK, "Siti Aminah", 4_000_000],
                ["3273015505900456", "Budi Santoso", 4_000_000],
            ]
        },
    )
    enr = write_csv(
        tmp_path / "e.csv",
        [
            "NPP;NAMA PERUSAHAAN;NIK;NAMA;UPAH;STATUS",
            f"12345678;SINAR JAYA PT;{NIK};SITI AMINAH;4000000;AKTIF",
            "87654321;SINAR JAYA ABADI;3273015505900789;JOKO;4000000;AKTIF",
        ],
    )
    (e,) = reconcile(load([pay], [enr])).result.employers
    assert (e.employer_id, e.linked_by, e.registered) == ("12345678", "name", True)
    assert (e.payroll_workers, e.unregistered_workers) == (2, 1)
    assert e.reasons[0] == (
        "Linked to the enrolment employer NPP 12345678 (SINAR JAYA PT) by its name; "
        "the payroll gives no NPP. Check the NPP before acting."
    )


def test_employer_without_npp_and_two_namesakes_is_not_linked(tmp_path: Path) -> None:
    title = [["Nama Perusahaan : CV Maju"]]
    pay, enr = _employer_files(tmp_path, title, "12345678;CV MAJU;")
    with enr.open("a", encoding="utf-8") as f:
        f.write("87654321;C.V. Maju;;3273015505900999;JOKO;4000000;AKTIF\r\n")
    (e,) = reconcile(load([pay], [enr])).result.employers
    assert (e.employer_id, e.registered, e.linked_by) == ("NAME:CVMAJU", False, "npp")
    assert e.unregistered_workers == 1 and e.probable_employer_id is None
    assert e.reasons[0] == (
        "The payroll gives no NPP, and several enrolment employers have this name: "
        "NPP 12345678 (CV MAJU); NPP 87654321 (C.V. Maju). Not linked to any: check which "
        "one it is before acting."
    )


def test_payroll_without_npp_is_keyed_by_the_name_however_written() -> None:
    import polars as pl

    from underreport.reconcile.workers import with_employer_key

    payroll = pl.DataFrame(
        {
            "employer_id": ["12345678", None, None, None, None],
            "employer_name": ["PT Lain", "PT. Maju Jaya", "pt maju-jaya", "CV Sinar", None],
        }
    )
    keyed = with_employer_key(payroll)["employer_id"].to_list()
    assert keyed == ["12345678", "NAME:PTMAJUJAYA", "NAME:PTMAJUJAYA", "NAME:CVSINAR", None]
    assert with_employer_key(payroll.head(1)).equals(payroll.head(1))


@pytest.mark.parametrize(
    ("written", "key"),
    [
        ("PT. Maju Jaya, Tbk", "MAJUJAYA"),
        ("Maju Jaya (Persero)", "MAJUJAYA"),
        ("SINAR JAYA, PT", "SINARJAYA"),
        ("P.T. Sinar Jaya", "SINARJAYA"),
        ("Perum Damri", "DAMRI"),
        ("Café Ñusa Ltd", "CAFENUSA"),
        ("PT", "PT"),
        ("Koperasi Karyawan Sejahtera", "KOPERASIKARYAWANSEJAHTERA"),
    ],
)
def test_name_links_read_legal_forms_as_the_name_normaliser_does(written: str, key: str) -> None:
    """Name links decide PWBD now: the vectorised key must be `normalise_employer`'s."""
    from underreport.names import normalise_employer
    from underreport.reconcile.employer_link import _name_key

    got = pl.DataFrame({"n": [written]}).select(_name_key(pl.col("n"))).item()
    assert got == key == normalise_employer(written).replace(" ", "")
