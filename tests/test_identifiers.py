"""Identifiers as spreadsheets leave them, judged worker by worker (issue 12).

Each fixture is a small payroll and enrolment written by hand; each expectation
(who is matched to whom, at which tier and on what basis, who is unregistered)
was worked out by hand from the rules in the README's "How it decides".
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import polars as pl
from conftest import write_csv, write_xlsx

from underreport import ReconcileOptions, load, reconcile
from underreport.reconcile import Reconciliation
from underreport.reconcile.link import link

NPP = "12345678"
ENR = "NPP;NAMA PERUSAHAAN;NIK;NAMA;UPAH;STATUS"
SITI, BUDI, DEWI = "3201230101900001", "3201230202850002", "3201230303800003"


def _run(
    tmp: Path,
    rows: list[list[Any]],
    enrolment: list[str],
    npp_line: str = f"NPP : {NPP}",
    options: ReconcileOptions | None = None,
) -> Reconciliation:
    pay = write_xlsx(
        tmp / "gaji.xlsx",
        {"Gaji": [[npp_line], ["Periode : Maret 2025"], ["NIK", "Nama", "Gaji Pokok"], *rows]},
    )
    enr = write_csv(tmp / "peserta.csv", [ENR, *enrolment])
    return reconcile(load([pay], [enr]), options)


def _by_name(rec: Reconciliation) -> dict[str, dict[str, Any]]:
    return {r["worker_name"]: r for r in rec.workers.iter_rows(named=True)}


def _verdict(r: dict[str, Any]) -> tuple[Any, ...]:
    return r["match_tier"], r["match_basis"], r["match_nik"], r["finding"]


# --- 1. scientific text identifies nobody -----------------------------------------------


def test_three_workers_under_one_scientific_nik_stay_three(tmp_path: Path) -> None:
    rec = _run(
        tmp_path,
        [
            ["3,20123E+15", "Siti Aminah", 4_000_000],
            ["3,20123E+15", "Budi Santoso", 5_000_000],
            ["3.20123E+15", "Agus Salim", 3_000_000],
            ["3,20123E+15", "Siti Aminah", 4_000_000],  # the same person listed twice
        ],
        [
            f"{NPP};PT CONTOH;{SITI};SITI AMINAH;4000000;AKTIF",
            f"{NPP};PT CONTOH;{BUDI};BUDI SANTOSO;5000000;AKTIF",
        ],
    )
    workers = _by_name(rec)
    assert sorted(workers) == ["Agus Salim", "Budi Santoso", "Siti Aminah"]
    assert _verdict(workers["Siti Aminah"]) == (4, "name", SITI, None)
    assert _verdict(workers["Budi Santoso"]) == (4, "name", BUDI, None)
    assert _verdict(workers["Agus Salim"]) == (4, "name", None, "UNREGISTERED")
    assert workers["Siti Aminah"]["payroll_rows"] == 2
    assert workers["Budi Santoso"]["match_reason"] == (
        "NIK in scientific text (digits lost), not used; only name match in the employer "
        "(score 100)"
    )
    assert workers["Agus Salim"]["match_reason"] == (
        "no usable NIK (scientific text, digits lost); no enrolment of this employer has this name"
    )
    (e,) = rec.result.employers
    assert (e.payroll_workers, e.unregistered_workers, e.not_reconcilable_workers) == (3, 1, 0)
    assert e.probable_by_tier == {"4": 2}
    # JKK 0.24 % (class I) + JKM 0.30 % + JHT 5.7 % + JP 3 % of Rp 3,000,000
    assert e.monthly_contribution_gap_idr == 277_200
    assert (
        "1 of them has no usable NIK and no enrolment of this employer has their name"
        in (e.reasons[0])
    )


# --- 2 and 3. a NIK ending in 0 ------------------------------------------------------------


def test_nik_rounded_by_a_resave_is_matched_at_tier_2(tmp_path: Path) -> None:
    rec = _run(
        tmp_path,
        [
            ["3201014508900050", "Siti Aminah", 4_000_000],  # ...0045 rounded
            ["3201014508900020", "Budi Santoso", 5_000_000],  # ...0017 rounded
        ],
        [
            f"{NPP};PT CONTOH;3201014508900045;SITI AMINAH;4000000;AKTIF",
            f"{NPP};PT CONTOH;3201014508900017;BUDI SANTOSO;5000000;AKTIF",
        ],
    )
    workers = _by_name(rec)
    assert _verdict(workers["Siti Aminah"]) == (2, "nik_damaged", "3201014508900045", None)
    assert _verdict(workers["Budi Santoso"]) == (2, "nik_damaged", "3201014508900017", None)
    assert workers["Siti Aminah"]["match_reason"] == (
        "NIK rounded to 15 digits by a re-save; names agree (score 100)"
    )
    assert rec.result.summary.unregistered_workers == 0
    assert rec.result.summary.probable_matches == 2


def test_nik_rounded_on_the_enrolment_side_is_matched_at_tier_2(tmp_path: Path) -> None:
    rec = _run(
        tmp_path,
        [["3201014508900017", "Siti Aminah", 4_000_000]],
        [f"{NPP};PT CONTOH;3201014508900020;SITI AMINAH;4000000;AKTIF"],
    )
    (w,) = rec.workers.iter_rows(named=True)
    assert _verdict(w) == (2, "nik_damaged", "3201014508900020", None)


def test_two_enrolled_niks_a_resave_could_have_made_it_is_no_match_and_no_accusation(
    tmp_path: Path,
) -> None:
    rec = _run(
        tmp_path,
        [["3201014508900010", "Siti Aminah", 4_000_000]],
        [
            f"{NPP};PT CONTOH;3201014508900005;SITI AMINAH;4000000;AKTIF",
            f"{NPP};PT CONTOH;3201014508900011;SITI AMINAH;4000000;AKTIF",
        ],
    )
    assert rec.workers.height == 0
    (row,) = rec.unreconcilable.iter_rows(named=True)
    assert row["match_reason"] == (
        "NIK ends in 0 and could be a re-saved form of 2 enrolled NIKs of this employer with "
        "a like name, not told apart: not checked"
    )
    assert rec.result.summary.unregistered_workers == 0
    assert rec.result.summary.not_reconcilable_workers == 1
    strict = _run(
        tmp_path,
        [["3201014508900010", "Siti Aminah", 4_000_000]],
        [
            f"{NPP};PT CONTOH;3201014508900005;SITI AMINAH;4000000;AKTIF",
            f"{NPP};PT CONTOH;3201014508900011;SITI AMINAH;4000000;AKTIF",
        ],
        options=ReconcileOptions(strict=True),
    )
    assert strict.result.summary.unregistered_workers == 1  # strict takes the NIK at its word


def test_a_nik_ending_in_0_joins_exactly_when_enrolled_as_it_is(tmp_path: Path) -> None:
    # ...0120 is enrolled as such; ...0123 (same name) would be a tier-2 candidate: unused
    rec = _run(
        tmp_path,
        [[3201014508900120, "Siti Aminah", 4_000_000]],  # a number cell
        [
            f"{NPP};PT CONTOH;3201014508900120;SITI AMINAH;4000000;AKTIF",
            f"{NPP};PT CONTOH;3201014508900123;SITI AMINAH;4000000;AKTIF",
        ],
    )
    (w,) = rec.workers.iter_rows(named=True)
    assert _verdict(w) == (1, "nik", "3201014508900120", None)
    assert w["match_reason"] is None
    assert rec.result.summary.probable_matches == 0


# --- 4. no usable NIK ----------------------------------------------------------------------


def test_workers_without_a_usable_nik_are_judged_by_name(tmp_path: Path) -> None:
    rec = _run(
        tmp_path,
        [
            [None, "Siti Aminah", 4_000_000],  # enrolled: matched by name
            [None, "Agus Salim", 3_000_000],  # nobody of that name: unregistered
            ["12345", "Rina Wulandari", 3_000_000],  # too short: unregistered
            ["32O1O1AB08900123", "Joko Widodo", 3_000_000],  # letters: unregistered
            [DEWI, "Dewi Lestari", 3_500_000],  # exact
        ],
        [
            f"{NPP};PT CONTOH;{SITI};SITI AMINAH;4000000;AKTIF",
            f"{NPP};PT CONTOH;{DEWI};DEWI LESTARI;3500000;AKTIF",
        ],
    )
    workers = _by_name(rec)
    assert _verdict(workers["Siti Aminah"]) == (4, "name", SITI, None)
    assert _verdict(workers["Dewi Lestari"]) == (1, "nik", DEWI, None)
    for name in ("Agus Salim", "Rina Wulandari", "Joko Widodo"):
        assert _verdict(workers[name]) == (4, "name", None, "UNREGISTERED"), name
    assert workers["Agus Salim"]["match_reason"] == (
        "no usable NIK (none given); no enrolment of this employer has this name"
    )
    assert workers["Rina Wulandari"]["match_reason"] == (
        "no usable NIK (not 16 digits); no enrolment of this employer has this name"
    )
    (e,) = rec.result.employers
    assert (e.payroll_workers, e.unregistered_workers, e.not_reconcilable_workers) == (5, 3, 0)
    assert e.monthly_contribution_gap_idr == 3 * 277_200
    assert rec.result.summary.not_reconcilable_workers == 0


def test_a_name_shared_by_two_enrolments_is_not_judged(tmp_path: Path) -> None:
    rec = _run(
        tmp_path,
        [[None, "Siti Aminah", 4_000_000]],
        [
            f"{NPP};PT CONTOH;{SITI};SITI AMINAH;4000000;AKTIF",
            f"{NPP};PT CONTOH;{BUDI};SITI AMINAH;4000000;AKTIF",
        ],
    )
    assert rec.workers.height == 0
    (row,) = rec.unreconcilable.iter_rows(named=True)
    assert row["match_reason"] == (
        "no usable NIK (none given); the name agrees with 2 enrolments of this employer, "
        "none chosen for sure: not checked"
    )
    assert rec.result.summary.unregistered_workers == 0


def test_explain_and_export_carry_tier_basis_and_reason(tmp_path: Path) -> None:
    import json

    from typer.testing import CliRunner

    from underreport.cli import app

    pay = write_xlsx(
        tmp_path / "g.xlsx",
        {
            "S": [
                [f"NPP : {NPP}"],
                ["Periode : Maret 2025"],
                ["NIK", "Nama", "Gaji Pokok"],
                [None, "Agus Salim", 3_000_000],
                [DEWI, "Dewi Lestari", 3_500_000],
            ]
        },
    )
    enr = write_csv(tmp_path / "e.csv", [ENR, f"{NPP};PT CONTOH;{DEWI};DEWI LESTARI;3500000;AKTIF"])
    res = CliRunner().invoke(
        app, ["explain", NPP, "-p", str(pay), "-e", str(enr), "--format", "json"]
    )
    assert res.exit_code == 0, res.output
    lines = {w["worker_name"]: w for w in json.loads(res.stdout)["workers"]}
    assert (lines["Agus Salim"]["match_tier"], lines["Agus Salim"]["match_basis"]) == (4, "name")
    assert lines["Agus Salim"]["enrolment"] == "not enrolled"
    assert (lines["Dewi Lestari"]["match_tier"], lines["Dewi Lestari"]["match_basis"]) == (
        1,
        "nik",
    )
    out = tmp_path / "w.json"
    res = CliRunner().invoke(
        app,
        ["export", "--out", str(out), "--level", "workers", "-p", str(pay), "-e", str(enr)],
    )
    assert res.exit_code in (0, 1), res.output
    (w,) = json.loads(out.read_text(encoding="utf-8"))["workers"]
    assert (w["worker_name"], w["match_tier"], w["match_basis"]) == ("Agus Salim", 4, "name")
    assert w["match_reason"] == (
        "no usable NIK (none given); no enrolment of this employer has this name"
    )


def test_workers_that_cannot_be_judged_at_all(tmp_path: Path) -> None:
    """No name and no NIK, or no employer: not reconcilable, with why (link-level fixture)."""
    cols = {
        "employer_id": [NPP, None, None, NPP], "nik": [None, None, BUDI, DEWI],
        "employer_name": ["PT CONTOH", None, None, "PT CONTOH"],
        "worker_name": [None, "Agus Salim", "Budi Santoso", "Dewi Lestari"],
        "contribution_wage": [3e6, 3e6, 3e6, 3.5e6], "base_wage": [3e6, 3e6, 3e6, 3.5e6],
        "fixed_allowance": [None] * 4, "payroll_rows": [1] * 4, "nik_damaged": [False] * 4,
        "work_status": [None] * 4, "_file": ["g.xlsx"] * 4, "_sheet": ["S"] * 4,
        "_row": [4, 5, 6, 7],
    }  # fmt: skip
    frame = pl.DataFrame(cols, schema_overrides={"fixed_allowance": pl.Float64,
                                                 "work_status": pl.String,
                                                 "payroll_rows": pl.UInt32})  # fmt: skip
    enrolled = pl.DataFrame(
        {"employer_id": [NPP], "nik": [DEWI], "enrolled_name": ["DEWI LESTARI"],
         "active": [True], "birth_date": [None]},
        schema_overrides={"birth_date": pl.Date},
    )  # fmt: skip
    out, unjudged = link(frame.tail(2), frame.head(2), enrolled, strict=False)
    assert out.select("worker_name", "match_tier", "match_basis").rows() == [
        ("Dewi Lestari", 1, "nik")
    ]
    assert unjudged.sort("_row")["match_reason"].to_list() == [
        "no usable NIK (none given) and no name: not checked",
        "no employer (neither NPP nor employer name): not checked",
        "no employer (neither NPP nor employer name): not checked",  # a NIK, but no employer
    ]


# --- 5. an unregistered employer -----------------------------------------------------------


def test_in_an_unregistered_employer_every_worker_is_unregistered(tmp_path: Path) -> None:
    rec = _run(
        tmp_path,
        [
            [DEWI, "Dewi Lestari", 3_000_000],
            [None, "Agus Salim", 3_000_000],
            ["3,20123E+15", "Budi Santoso", 3_000_000],
        ],
        ["87654321;PT LAIN;3201230404700004;JOKO;4000000;AKTIF"],
    )
    workers = _by_name(rec)
    assert _verdict(workers["Dewi Lestari"]) == (1, "nik", DEWI, "UNREGISTERED")
    assert _verdict(workers["Agus Salim"]) == (4, "employer", None, "UNREGISTERED")
    assert workers["Budi Santoso"]["match_reason"] == (
        "no usable NIK (scientific text, digits lost); the employer has no enrolment at all"
    )
    (e,) = rec.result.employers
    assert (e.registered, e.payroll_workers, e.unregistered_workers) == (False, 3, 3)
    assert e.not_reconcilable_workers == 0
    assert e.reasons[0] == (
        f"No enrolment at all under employer {NPP}: the employer appears unregistered (PWBD); "
        "all 3 workers on the March 2025 payroll are uncovered (2 workers without a usable "
        "NIK among them)."
    )


# --- 7. enrolment forms cover their month ---------------------------------------------------


def _with_form_periods(tmp: Path, periods: list[str | None]) -> Reconciliation:
    pay = write_xlsx(
        tmp / "g.xlsx",
        {
            "S": [
                [f"NPP : {NPP}"],
                ["Periode : Maret 2025"],
                ["NIK", "Nama", "Gaji Pokok"],
                [SITI, "Siti Aminah", 4_000_000],
                [BUDI, "Budi Santoso", 4_000_000],
            ]
        },
    )
    enr = write_csv(
        tmp / "e.csv",
        [
            ENR,
            f"{NPP};PT CONTOH;{SITI};SITI AMINAH;4000000;AKTIF",
            f"{NPP};PT CONTOH;{BUDI};BUDI SANTOSO;4000000;AKTIF",
        ],
    )
    loaded = load([pay], [enr])
    forms = loaded.enrollment.with_columns(pl.Series("period", periods, pl.String))
    return reconcile(dataclasses.replace(loaded, enrollment=forms))


def test_a_form_covers_its_own_month(tmp_path: Path) -> None:
    rec = _with_form_periods(tmp_path, ["2025-03", "2025-02"])
    workers = _by_name(rec)
    assert workers["Siti Aminah"]["active"] is True
    assert workers["Budi Santoso"]["finding"] == "UNREGISTERED_INACTIVE"
    (e,) = rec.result.employers
    assert (e.registered, e.unregistered_workers) == (True, 1)
    assert not any("forms" in r for r in e.reasons)  # a form covers the month reconciled


def test_forms_of_other_months_keep_the_employer_registered_and_say_so(tmp_path: Path) -> None:
    rec = _with_form_periods(tmp_path, ["2025-01", "2025-02"])
    (e,) = rec.result.employers
    assert (e.registered, e.payroll_workers, e.unregistered_workers) == (True, 2, 2)
    assert e.reasons[0] == (
        "The BPJS contribution forms of this employer cover January 2025, February 2025, "
        "not March 2025: the employer is registered, but no form shows a worker enrolled in "
        "March 2025."
    )


def test_membership_rows_without_a_period_keep_their_status(tmp_path: Path) -> None:
    rec = _with_form_periods(tmp_path, [None, None])
    assert rec.result.employers == []
    assert rec.workers["active"].to_list() == [True, True]


def test_a_payroll_birth_date_tells_two_namesakes_apart() -> None:
    """Where the payroll gives birth dates (a column other readers may add), a worker
    without a usable NIK is matched by name and birth date (tier 4a)."""
    from datetime import date

    born = [date(1990, 1, 1), date(1980, 5, 5)]
    base = {
        "employer_id": [NPP, NPP], "employer_name": ["PT CONTOH"] * 2,
        "contribution_wage": [4e6, 4e6], "base_wage": [4e6, 4e6],
        "fixed_allowance": [None, None], "nik_damaged": [True, False],
        "work_status": [None, None], "_file": ["g.xlsx"] * 2, "_sheet": ["S"] * 2,
        "_row": [4, 5], "birth_date": born,
    }  # fmt: skip
    payroll = pl.DataFrame(
        {**base, "nik": ["3201230000000000", None], "worker_name": ["Siti Aminah"] * 2},
        schema_overrides={"fixed_allowance": pl.Float64, "work_status": pl.String},
    ).with_columns(pl.lit(1, pl.UInt32).alias("payroll_rows"))
    enrolled = pl.DataFrame(
        {"employer_id": [NPP, NPP], "nik": [BUDI, SITI], "enrolled_name": ["SITI AMINAH"] * 2,
         "active": [True, True], "birth_date": list(reversed(born))},
    )  # fmt: skip
    out, unjudged = link(payroll.clear(), payroll, enrolled, strict=False)
    assert unjudged.height == 0
    assert sorted(out.select("_row", "match_nik", "match_tier").rows()) == [
        (4, SITI, 4),
        (5, BUDI, 4),
    ]
    reasons = dict(out.select("_row", "match_reason").rows())
    assert reasons == {
        4: "NIK in scientific text (digits lost), not used; same name and birth date",
        5: "no usable NIK; same name and birth date",
    }


def test_scientific_niks_in_the_enrolment_are_two_people_matched_by_name(tmp_path: Path) -> None:
    rec = _run(
        tmp_path,
        [[SITI, "Siti Aminah", 4_000_000], [BUDI, "Budi Santoso", 5_000_000]],
        [
            f"{NPP};PT CONTOH;3,20123E+15;SITI AMINAH;4000000;AKTIF",
            f"{NPP};PT CONTOH;3,20123E+15;BUDI SANTOSO;5000000;AKTIF",
        ],
    )
    workers = _by_name(rec)
    for name in ("Siti Aminah", "Budi Santoso"):
        w = workers[name]
        assert (w["match_tier"], w["match_basis"], w["active"]) == (4, "name", True), name
        assert w["match_reason"].startswith("NIK in scientific text (digits lost), not used;")
    assert rec.result.summary.unregistered_workers == 0
    assert rec.result.summary.enrolled_not_on_payroll == 0
