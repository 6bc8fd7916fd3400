"""Regions are named in what people read: BPS/Kemendagri codes -> province and regency names."""

from __future__ import annotations

import pytest

from underreport.commands.export import offices
from underreport.model.result import EmployerFinding
from underreport.rules.regions import names, region_name


def test_all_38_provinces_and_the_regencies_are_listed() -> None:
    codes = names()
    provinces = [c for c in codes if len(c) == 2]
    assert len(provinces) == 38
    assert len([c for c in codes if len(c) == 4]) == 514
    assert all(c[:2] in codes for c in codes)  # every regency under a listed province


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("11", "Aceh"),
        ("31", "DKI Jakarta"),
        ("32", "Jawa Barat"),
        ("96", "Papua Barat Daya"),
        ("3273", "Kota Bandung"),
        ("3171", "Kota Adm. Jakarta Pusat"),
        ("5302", "Kab. Timor Tengah Selatan"),
        ("32 (NIK)", "Jawa Barat (NIK)"),
        ("99", "99"),  # not a province: shown as given, never guessed
        ("Jawa Barat", "Jawa Barat"),
        ("unknown", "unknown"),
    ],
)
def test_region_names(code: str, name: str) -> None:
    assert region_name(code) == name


def _employer(npp: str, level: str | None) -> EmployerFinding:
    return EmployerFinding.model_validate({
        "rank": 1, "employer_id": npp, "employer_name": "PT A", "registered": True,
        "payroll_workers": 1, "enrolled_workers": 0, "unregistered_workers": 1,
        "underreported_wage_workers": 0, "wage_gap_idr": 0, "monthly_contribution_gap_idr": 1,
        "coverage_ratio": 0.0, "severity": "high", "reasons": [], "office_level": level,
    })  # fmt: skip


def test_offices_are_named_in_the_language() -> None:
    found = [_employer("A", None), _employer("B", "province"), _employer("C", "national"),
             _employer("D", None)]  # fmt: skip
    regions = {"A": "3273", "B": "3273", "C": "3273"}
    assert offices(found, regions, "id") == {
        "A": "Kota Bandung", "B": "Provinsi Jawa Barat", "C": "Nasional",
        "D": "Wilayah tidak diketahui",
    }  # fmt: skip
    assert offices(found, regions, "en")["B"] == "Province Jawa Barat"
