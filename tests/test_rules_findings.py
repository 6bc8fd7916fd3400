"""Programme, minimum-wage and arrears findings, worked by hand."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from conftest import write_csv, write_xlsx

from underreport import ReconcileOptions, load, reconcile
from underreport.model.result import ReconcileResult

NPP = "12345678"
NIK = "3273011501900001"  # born 15-01-1990, Jawa Barat
OLD = "3273011501600002"  # born 15-01-1960: 65 in 2025, past the pension age of 59
ENR = "NPP;NIK;NAMA;TGL LAHIR;UPAH;PROGRAM;STATUS;TGL KEPESERTAAN;TGL NONAKTIF"


def _run(
    tmp: Path,
    payroll: list[list[object]],
    enrolment: list[str],
    *,
    size: str | None = None,
    regency: str | None = None,
    umk: list[str] | None = None,
    months: list[str] | None = None,
    as_of: date | None = None,
) -> ReconcileResult:
    sheets = {}
    for label in months or ["Maret 2025"]:
        sheets[label.replace(" ", "")] = [
            [f"NPP : {NPP}"],
            [f"Periode : {label}"],
            ["NIK", "Nama", "Gaji Pokok"],
            *payroll,
        ]
    pay = write_xlsx(tmp / "gaji.xlsx", sheets)
    enr = write_csv(tmp / "bpjs.csv", [ENR, *enrolment])
    employers = []
    if size or regency:
        employers = [
            write_xlsx(
                tmp / "ref.xlsx",
                {"Ref": [["NPP", "Skala Usaha", "Kode Kab/Kota"], [NPP, size, regency]]},
            )
        ]
    umk_file = None
    if umk:
        umk_file = tmp / "umk.csv"
        umk_file.write_text("\n".join(["regency_code,year,amount", *umk]))
    opts = ReconcileOptions(umk_file=umk_file, all_periods=bool(months), as_of=as_of)
    return reconcile(load([pay], [enr], employers=employers), opts).result


def test_micro_firm_owes_only_jkk_and_jkm(tmp_path: Path) -> None:
    # unregistered, 4,000,000 x (0.24 % + 0.30 %)
    r = _run(tmp_path, [[NIK, "Budi", 4_000_000]], [], size="Mikro")
    assert r.summary.monthly_contribution_gap_idr == 21_600
    assert r.employers[0].defaults_used == ["risk_class", "region"]


def test_unknown_size_charges_all_four_and_says_so(tmp_path: Path) -> None:
    r = _run(tmp_path, [[NIK, "Budi", 4_000_000]], [])
    assert r.summary.monthly_contribution_gap_idr == 369_600
    assert r.employers[0].defaults_used == ["risk_class", "size", "region"]


def test_worker_past_pension_age_owes_no_jp(tmp_path: Path) -> None:
    # 4,000,000 x 6.24 %: JKK I, JKM, JHT, no JP at 65
    r = _run(tmp_path, [[OLD, "Tua", 4_000_000]], [])
    assert r.summary.monthly_contribution_gap_idr == 249_600


def test_medium_firm_without_jp_is_program_missing(tmp_path: Path) -> None:
    line = f"{NPP};{NIK};Budi;15-01-1990;4000000;JKK, JKM, JHT;AKTIF;01-01-2020;"
    r = _run(tmp_path, [[NIK, "Budi", 4_000_000]], [line], size="Menengah")
    (e,) = r.employers
    assert (e.program_missing_workers, e.missing_programs) == (1, ["JP"])
    assert e.monthly_contribution_gap_idr == 120_000  # JP 3 % x 4,000,000
    assert any("JP" in reason and "medium" in reason for reason in e.reasons)


def test_small_firm_without_jp_is_fine(tmp_path: Path) -> None:
    line = f"{NPP};{NIK};Budi;15-01-1990;4000000;JKK, JKM, JHT;AKTIF;01-01-2020;"
    r = _run(tmp_path, [[NIK, "Budi", 4_000_000]], [line], size="Kecil")
    assert r.employers == []


def test_below_minimum_wage_by_umk_overrides_ump(tmp_path: Path) -> None:
    line = f"{NPP};{NIK};Budi;15-01-1990;4000000;JKK, JKM, JHT, JP;AKTIF;01-01-2020;"
    payroll = [[NIK, "Budi", 4_000_000]]
    by_ump = _run(tmp_path, payroll, [line], regency="3273")
    assert by_ump.employers == []  # above the Jawa Barat UMP 2025 (2,191,232)
    by_umk = _run(tmp_path, payroll, [line], regency="3273", umk=["3273,2025,4482914"])
    (e,) = by_umk.employers
    assert (e.below_minimum_wage_workers, e.below_minimum_paid_workers) == (1, 1)
    assert e.minimum_wage_basis is not None and "UMK" in e.minimum_wage_basis


def test_arrears_over_months_with_the_march_ceiling_and_late_fine(tmp_path: Path) -> None:
    # unregistered both months at 12,000,000:
    # Feb 2025: 748,800 + 3 % x 10,042,300 = 1,050,069; Mar: 748,800 + 3 % x 10,547,400 = 1,065,222
    # as of 2025-05-20: Feb due 15 Mar -> 3 months late, Mar due 15 Apr -> 2 months late
    # fine = 1,050,069 x 6 % + 1,065,222 x 4 % = 63,004.14 + 42,608.88
    r = _run(
        tmp_path,
        [[NIK, "Budi", 12_000_000]],
        [],
        months=["Februari 2025", "Maret 2025"],
        as_of=date(2025, 5, 20),
    )
    (e,) = r.employers
    assert r.periods == ["2025-02", "2025-03"]
    assert (e.months_affected, e.arrears_principal_idr) == (2, 2_115_291)
    assert e.late_fine_idr == 105_613
    assert e.arrears_total_idr == 2_115_291 + 105_613
    assert e.monthly_contribution_gap_idr == 1_065_222


def test_enrolled_part_way_owes_only_the_months_before(tmp_path: Path) -> None:
    line = f"{NPP};{NIK};Budi;15-01-1990;4000000;JKK, JKM, JHT, JP;AKTIF;10-03-2025;"
    r = _run(
        tmp_path,
        [[NIK, "Budi", 4_000_000]],
        [line],
        months=["Februari 2025", "Maret 2025"],
        as_of=date(2025, 3, 1),
    )
    (e,) = r.employers
    assert (e.months_affected, e.arrears_principal_idr) == (1, 369_600)  # February only
    assert e.late_fine_idr == 0  # not yet due on 1 March
    assert e.unregistered_workers == 0  # covered in March, the month the ranking describes


def test_non_active_date_ends_cover(tmp_path: Path) -> None:
    line = f"{NPP};{NIK};Budi;15-01-1990;4000000;JKK, JKM, JHT, JP;NON AKTIF;01-01-2020;01-03-2025"
    r = _run(
        tmp_path,
        [[NIK, "Budi", 4_000_000]],
        [line],
        months=["Februari 2025", "Maret 2025"],
        as_of=date(2025, 4, 1),
    )
    (e,) = r.employers
    assert (e.months_affected, e.arrears_principal_idr) == (1, 369_600)  # March only


def test_daily_paid_wage_counts_25_days_and_part_time_is_not_flagged(tmp_path: Path) -> None:
    pay = write_xlsx(tmp_path / "g.xlsx", {"S": [
        [f"NPP : {NPP}"], ["Periode : Maret 2025"],
        ["NIK", "Nama", "Upah Harian", "Status Kerja"],
        [NIK, "Budi", 100_000, "Harian"],             # 2,500,000 a month: above the UMP
        [OLD, "Tua", 60_000, "Paruh waktu"],          # 1,500,000: part-time, not flagged
    ]})  # fmt: skip
    enr = write_csv(tmp_path / "bpjs.csv", [
        ENR, f"{NPP};{NIK};Budi;15-01-1990;2500000;JKK, JKM, JHT, JP;AKTIF;01-01-2020;",
        f"{NPP};{OLD};Tua;15-01-1960;1500000;JKK, JKM, JHT;AKTIF;01-01-2020;"])  # fmt: skip
    ref = write_xlsx(tmp_path / "ref.xlsx", {"R": [["NPP", "Kode Kab/Kota"], [NPP, "3273"]]})
    rec = reconcile(load([pay], [enr], employers=[ref]))
    assert sorted(rec.workers["contribution_wage"].to_list()) == [1_500_000, 2_500_000]
    assert rec.result.employers == []  # part-time below the UMP is not flagged blindly
    full_time = write_xlsx(tmp_path / "g2.xlsx", {"S": [
        [f"NPP : {NPP}"], ["Periode : Maret 2025"], ["NIK", "Nama", "Upah Harian"],
        [NIK, "Budi", 100_000], [OLD, "Tua", 60_000]]})  # fmt: skip
    (e,) = reconcile(load([full_time], [enr], employers=[ref])).result.employers
    assert (e.below_minimum_wage_workers, e.below_minimum_paid_workers) == (1, 1)


def test_explain_shows_each_worker_month_of_an_arrears_run(tmp_path: Path) -> None:
    from underreport.reconcile.explain import explain

    rec_in = _run(
        tmp_path,
        [[NIK, "Budi", 12_000_000]],
        [],
        months=["Februari 2025", "Maret 2025"],
        as_of=date(2025, 5, 20),
    )
    assert rec_in.periods == ["2025-02", "2025-03"]
    pay, enr = tmp_path / "gaji.xlsx", tmp_path / "bpjs.csv"
    story = explain(reconcile(load([pay], [enr]), ReconcileOptions(all_periods=True)), NPP)
    assert [(m.period, m.contribution_gap_idr, m.covered) for m in story.months] == [
        ("2025-02", 1_050_069, False),
        ("2025-03", 1_065_222, False),
    ]
    assert all(m.nik and "•" in m.nik for m in story.months)


def test_declaration_that_understates_the_payroll_and_declared_only_estimate(
    tmp_path: Path,
) -> None:
    line = f"{NPP};{NIK};Budi;15-01-1990;4000000;JKK, JKM, JHT, JP;AKTIF;01-01-2020;"
    other = "87654321;3273011501900009;Ani;15-01-1990;3000000;JKK, JKM, JHT, JP;AKTIF;01-01-2020;"
    decl = write_csv(tmp_path / "wlkp.csv", [
        "NPP,Jumlah Tenaga Kerja,Periode", f"{NPP},1,2025-01", "87654321,11,2025-01"],
        "utf-8")  # fmt: skip
    payroll = [[NIK, "Budi", 4_000_000], [OLD, "Tua", 4_000_000]]
    pay = write_xlsx(
        tmp_path / "gaji.xlsx",
        {
            "S": [
                [f"NPP : {NPP}"],
                ["Periode : Maret 2025"],
                ["NIK", "Nama", "Gaji Pokok"],
                *payroll,
            ]
        },
    )
    enr = write_csv(tmp_path / "bpjs.csv", [ENR, line, other])
    result = reconcile(load([pay], [enr], declarations=[decl])).result
    by_id = {e.employer_id: e for e in result.employers}
    assert any("under-declares" in r for r in by_id[NPP].reasons)  # declares 1, pays 2
    declared_only = by_id["87654321"]
    # 11 declared, 1 enrolled: 10 missing at the average reported wage 3,000,000 x 9.24 %
    assert (declared_only.estimate_basis, declared_only.headcount_gap) == ("declaration", 10)
    assert declared_only.monthly_contribution_gap_idr == 10 * 277_200
    assert result.summary.declared_only_employers == 1
