"""Contribution gaps worked by hand, through the whole pipeline (2025-03 rules)."""

from __future__ import annotations

from pathlib import Path

from conftest import write_csv, write_xlsx

from underreport import ReconcileOptions, load, reconcile

ENR = "NPP;NIK;NAMA;UPAH;STATUS"


def _gap(
    tmp: Path,
    paid: int,
    reported: int | None,
    period: str = "Maret 2025",
    classes: dict[str, int] | None = None,
) -> int:
    pay = write_xlsx(
        tmp / "g.xlsx",
        {
            "S": [
                ["NPP : 12345678"],
                [f"Periode : {period}"],
                ["NIK", "Nama", "Gaji Pokok"],
                ["3201234567890123", "Budi", paid],
            ]
        },
    )
    lines = [ENR, "12345678;3201234567890999;Other;5000000;AKTIF"]
    if reported is not None:
        lines.append(f"12345678;3201234567890123;Budi;{reported};AKTIF")
    enr = write_csv(tmp / "e.csv", lines)
    opts = ReconcileOptions(risk_classes=classes or {})
    result = reconcile(load([pay], [enr]), opts).result
    return result.summary.monthly_contribution_gap_idr


def test_unregistered_worker_pays_the_full_contribution_class_i(tmp_path: Path) -> None:
    # 4,000,000 x (JKK I 0.24 % + JKM 0.30 % + JHT 5.7 % + JP 3 %) = 4,000,000 x 9.24 %
    assert _gap(tmp_path, 4_000_000, None) == 369_600


def test_known_risk_class_v(tmp_path: Path) -> None:
    # 4,000,000 x (1.74 + 0.30 + 5.7 + 3) % = 429,600
    assert _gap(tmp_path, 4_000_000, None, classes={"12345678": 5}) == 429_600


def test_jp_is_capped_at_the_ceiling(tmp_path: Path) -> None:
    # 12,000,000 x 6.24 % + 3 % x 10,547,400 (ceiling from March 2025) = 748,800 + 316,422
    assert _gap(tmp_path, 12_000_000, None) == 1_065_222


def test_ceiling_of_february_is_the_previous_years(tmp_path: Path) -> None:
    # February 2025 still uses the 2024 ceiling 10,042,300: 748,800 + 301,269
    assert _gap(tmp_path, 12_000_000, None, period="Februari 2025") == 1_050_069


def test_under_reported_wage_owes_on_the_missing_part(tmp_path: Path) -> None:
    # paid 12,000,000, reported 10,000,000: 6.24 % x 2,000,000 + 3 % x (10,547,400 - 10,000,000)
    assert _gap(tmp_path, 12_000_000, 10_000_000) == 124_800 + 16_422


def test_both_above_the_ceiling_owe_no_jp(tmp_path: Path) -> None:
    # 15,000,000 vs 12,000,000: both over the ceiling, only 6.24 % x 3,000,000
    assert _gap(tmp_path, 15_000_000, 12_000_000) == 187_200


def test_reporting_more_than_paid_is_no_gap(tmp_path: Path) -> None:
    assert _gap(tmp_path, 4_000_000, 4_500_000) == 0
