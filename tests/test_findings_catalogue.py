"""The finding catalogue: codes in the README, both languages, and sentences rendered by hand.

Every expected sentence and figure below is written out by hand from the
row it is made of; none is computed by the code under test.
"""

from __future__ import annotations

import importlib
import re
from pathlib import Path
from string import Formatter
from typing import Any

import polars as pl
import pytest

from underreport import fmt
from underreport.model.config import SeverityThresholds
from underreport.model.findings import CATALOGUE, JKK_CLASS, JKK_UNKNOWN, VARIANTS, Text
from underreport.model.result import FindingRef
from underreport.reconcile import reasons, texts

emp = importlib.import_module("underreport.reconcile.employers")

README = Path(__file__).parents[1] / "README.md"
PERIOD = "2025-03"
CEILING = "JP on wages up to the ceiling Rp 10.547.400 from March 2025"
JKK_II = "JKK at risk class II; " + CEILING

SCHEMA: dict[str, Any] = {
    "employer_id": pl.String, "employer_name": pl.String, "reconcilable": pl.Int64,
    "registered": pl.Boolean, "covered": pl.Int64, "unregistered_workers": pl.Int64,
    "inactive_workers": pl.Int64, "underreported_wage_workers": pl.Int64,
    "underreported_amount": pl.Float64, "wage_gap_idr": pl.Float64,
    "monthly_contribution_gap_idr": pl.Float64, "program_missing_workers": pl.Int64,
    "tier2": pl.Int64, "tier3": pl.Int64, "tier4": pl.Int64,
    "unregistered_without_nik": pl.Int64, "below_minimum_wage_workers": pl.Int64,
    "below_minimum_paid_workers": pl.Int64, "below_minimum_indicated": pl.Int64,
    "missing_programs": pl.List(pl.String), "min_wage_basis": pl.String, "min_wage": pl.Float64,
    "defaults_used": pl.List(pl.String), "size": pl.String, "risk_class": pl.Int8,
    "not_reconcilable_workers": pl.Int64, "enrolled_workers": pl.Int64,
    "form_periods": pl.List(pl.String), "enrolled_not_on_payroll": pl.Int64,
    "months_affected": pl.Int64, "arrears_principal_idr": pl.Float64,
    "late_fine_idr": pl.Float64, "payroll_workers": pl.Int64, "coverage_ratio": pl.Float64,
    "payroll_employer_id": pl.String, "linked_by": pl.String,
    "probable_employer_id": pl.String, "link_note": pl.String, "declared_workers": pl.Int64,
    "headcount_gap": pl.Int64, "wage_bill_gap_idr": pl.Float64, "estimate_basis": pl.String,
    "average_wage": pl.Float64, "estimate_wage": pl.Float64,
    "declared_wage_bill": pl.Float64, "reported_wage_bill": pl.Float64,
}  # fmt: skip

QUIET: dict[str, Any] = {
    "employer_name": "PT Contoh", "registered": True, "inactive_workers": 0,
    "underreported_wage_workers": 0, "underreported_amount": 0.0, "wage_gap_idr": 0.0,
    "program_missing_workers": 0, "tier2": 0, "tier3": 0, "tier4": 0,
    "unregistered_without_nik": 0, "below_minimum_wage_workers": 0,
    "below_minimum_paid_workers": 0, "below_minimum_indicated": 0, "missing_programs": [],
    "min_wage_basis": None, "min_wage": None, "defaults_used": [], "size": None,
    "risk_class": 2, "not_reconcilable_workers": 0, "form_periods": [],
    "enrolled_not_on_payroll": 0, "months_affected": 0, "arrears_principal_idr": 0.0,
    "late_fine_idr": 0.0, "payroll_employer_id": None, "linked_by": None,
    "probable_employer_id": None, "link_note": None, "declared_workers": None,
    "headcount_gap": 0, "wage_bill_gap_idr": 0.0, "estimate_basis": "payroll",
    "average_wage": None, "estimate_wage": None, "declared_wage_bill": None,
    "reported_wage_bill": None,
}  # fmt: skip

EVERY = {  # every finding a registered payroll employer can have at once
    **QUIET, "employer_id": "1234567", "reconcilable": 10, "covered": 7,
    "unregistered_workers": 3, "inactive_workers": 1, "unregistered_without_nik": 1,
    "underreported_wage_workers": 2, "underreported_amount": 1234567.5,
    "monthly_contribution_gap_idr": 2500000.4, "program_missing_workers": 1,
    "missing_programs": ["JP", "JKM"], "size": "medium", "below_minimum_wage_workers": 1,
    "below_minimum_paid_workers": 2, "below_minimum_indicated": 1,
    "min_wage_basis": "UMK Kota Bekasi 2025", "min_wage": 5690752.0, "tier2": 1, "tier4": 2,
    "not_reconcilable_workers": 1, "enrolled_workers": 8,
    "form_periods": ["2025-01", "2025-02"], "enrolled_not_on_payroll": 1,
    "months_affected": 3, "arrears_principal_idr": 7500000.0, "late_fine_idr": 300000.0,
    "payroll_workers": 11, "coverage_ratio": 0.7, "payroll_employer_id": "7654321",
    "linked_by": "npwp", "probable_employer_id": "1111111", "declared_workers": 9,
}  # fmt: skip
PWBD = {
    **QUIET, "employer_id": "2222222", "registered": False, "reconcilable": 4, "covered": 0,
    "unregistered_workers": 4, "unregistered_without_nik": 2, "not_reconcilable_workers": 1,
    "payroll_workers": 5, "enrolled_workers": 0, "coverage_ratio": 0.0,
    "monthly_contribution_gap_idr": 0.0, "link_note": "PT Sama (3333333, 4444444)",
}  # fmt: skip
DECLARED = {
    **QUIET, "employer_id": "5555555", "registered": False, "reconcilable": 0, "covered": 0,
    "unregistered_workers": 0, "payroll_workers": 0, "enrolled_workers": 0,
    "declared_workers": 12, "headcount_gap": 12, "wage_bill_gap_idr": 30000000.0,
    "declared_wage_bill": 30000000.0, "reported_wage_bill": 0.0,
    "monthly_contribution_gap_idr": 3456789.5, "coverage_ratio": 0.0, "risk_class": None,
    "estimate_basis": "declaration",
}  # fmt: skip
BY_NAME = {
    **QUIET, "employer_id": "6666666", "reconcilable": 40, "covered": 39,
    "unregistered_workers": 1, "payroll_workers": 40, "enrolled_workers": 39,
    "coverage_ratio": 0.975, "monthly_contribution_gap_idr": 100000.0, "linked_by": "name",
    "link_note": "3333333",
}  # fmt: skip


def frame(*rows: dict[str, Any]) -> pl.DataFrame:
    return emp.complete(pl.DataFrame(list(rows), schema=SCHEMA))


@pytest.fixture(scope="module")
def ranked() -> dict[str, dict[str, Any]]:
    rows = emp.ranked(frame(EVERY, PWBD, DECLARED, BY_NAME), PERIOD, SeverityThresholds(), 3,
                      CEILING)  # fmt: skip
    assert rows["employer_id"].to_list() == ["5555555", "1234567", "6666666", "2222222"]
    return {r["employer_id"]: r for r in rows.iter_rows(named=True)}


def _section(heading: str) -> str:
    text = README.read_text()
    start = text.index(heading)
    return text[start : text.index("\n## ", start)]


def test_readme_lists_exactly_the_catalogued_codes() -> None:
    listed = re.findall(r"^\| `([A-Z_]+)` \|", _section("### Finding codes"), re.M)
    assert sorted(listed) == sorted(CATALOGUE), (
        set(listed) ^ set(CATALOGUE),
        "README's finding codes and model/findings.py differ",
    )
    assert len(listed) == len(set(listed))


def _texts() -> list[tuple[str, Text]]:
    out = [(code, f.title) for code, f in CATALOGUE.items()]
    out += [(code, f.message) for code, f in CATALOGUE.items()]
    out += [(key, t) for key, t in VARIANTS.items()]
    out += [(code, c.text) for code, f in CATALOGUE.items() for cs in f.clauses.values()
            for c in cs]  # fmt: skip
    return [*out, ("JKK_CLASS", JKK_CLASS), ("JKK_UNKNOWN", JKK_UNKNOWN)]


def _names(template: str) -> set[str]:
    return {name for _, name, _, _ in Formatter().parse(template) if name}


@pytest.mark.parametrize(("code", "text"), _texts())
def test_every_text_is_in_indonesian_with_the_same_placeholders(code: str, text: Text) -> None:
    assert text.id.strip() and text.id != text.en, code
    assert _names(text.id) == _names(text.en), code


def test_every_variant_belongs_to_a_catalogued_code() -> None:
    assert {key.split("/")[0] for key in VARIANTS} <= set(CATALOGUE)


@pytest.mark.parametrize("lang", ["en", "id"])
def test_every_template_renders_every_placeholder(lang: str) -> None:
    row = frame(EVERY).with_columns(pl.col("declared_wage_bill").fill_null(30000000.0),
                                    pl.col("reported_wage_bill").fill_null(0.0))  # fmt: skip
    values = {"period": pl.lit(PERIOD), "jkk": pl.lit("JKK"), "roman": pl.lit("II")}
    for code, f in CATALOGUE.items():
        templates = [f.message.get(lang)]
        templates += [t.get(lang) for key, t in VARIANTS.items() if key.startswith(code + "/")]
        for template in templates:
            out = row.select(texts.render(template, lang, values, f.clauses)).item()
            assert out and "{" not in out and "}" not in out and "None" not in out, (code, out)


IDR = [
    (1234567.5, "Rp 1.234.568"),
    (0, "Rp 0"),
    (2.5, "Rp 2"),
    (999, "Rp 999"),
    (1000, "Rp 1.000"),
    (-1234, "-Rp 1.234"),
    (10547400, "Rp 10.547.400"),
    (None, "-"),
]


@pytest.mark.parametrize(("amount", "text"), IDR)
def test_idr_expression_and_function_agree_on_literals(amount: float | None, text: str) -> None:
    column = pl.DataFrame({"a": [amount]}, schema={"a": pl.Float64})
    assert column.select(texts.idr(pl.col("a"))).item() == text
    assert fmt.idr(amount) == text


def test_plural_and_month_expressions() -> None:
    df = pl.DataFrame({"n": [1, 2, 0]})
    assert df.select(texts.plural(pl.col("n"), "worker"))["n"].to_list() == [
        "1 worker", "2 workers", "0 workers"]  # fmt: skip
    are = df.select(texts.plural(pl.col("n"), "worker is", "workers are"))["n"].to_list()
    assert are == ["1 worker is", "2 workers are", "0 workers are"]
    months = pl.DataFrame({"p": ["2025-03", "2024-12"]})
    assert months.select(texts.month_label(pl.col("p")))["p"].to_list() == [
        "March 2025", "December 2024"]  # fmt: skip
    assert months.select(texts.month_label(pl.col("p"), "id"))["p"].to_list() == [
        "Maret 2025", "Desember 2024"]  # fmt: skip
    assert [fmt.month_label(p) for p in ("2025-03", "2024-12")] == ["March 2025", "December 2024"]
    every = pl.DataFrame({"p": [f"2025-{m:02d}" for m in range(1, 13)]})
    for lang in ("en", "id"):
        expressions = every.select(texts.month_label(pl.col("p"), lang))["p"].to_list()
        assert expressions == [fmt.month_label(p, lang) for p in every["p"]]
    assert fmt.month_label("2025-05", "id") == "Mei 2025"
    assert fmt.month_label("2025-08", "id") == "Agustus 2025"


def test_a_row_with_every_payroll_finding(ranked: dict[str, dict[str, Any]]) -> None:
    row = ranked["1234567"]
    assert row["reasons"] == [
        "The BPJS contribution forms of this employer cover January 2025, February 2025, not "
        "March 2025: the employer is registered, but no form shows a worker enrolled in "
        "March 2025.",
        "3 of 10 workers on the March 2025 payroll have no active enrolment (1 enrolled but "
        "non-active); 1 of them has no usable NIK and no enrolment of this employer has their "
        "name.",
        "2 workers are enrolled with a wage below what the payroll pays: Rp 1.234.568 a month "
        "unreported in total.",
        f"Estimated contributions not paid: Rp 2.500.000 a month ({JKK_II}).",
        "1 enrolled worker lacks JKM, JP, required of a medium enterprise (Perpres 109/2013).",
        "1 worker is reported below the minimum wage (UMK Kota Bekasi 2025: Rp 5.690.752).",
        "2 workers are paid below the minimum wage (UMK Kota Bekasi 2025: Rp 5.690.752) on the "
        "payroll.",
        "1 worker is below the minimum wage of the province that issued their NIK: only an "
        "indication, as the employer's region is unknown (give it with --employers).",
        "Arrears over 3 months: Rp 7.500.000, plus Rp 300.000 late fine (2 % a month).",
        "Probable matches, not exact: 1 worker by a NIK damaged by Excel, 2 workers by name "
        "only. Check them before acting on this employer.",
        "Found in the enrolment export under NPP 1234567 by its NPWP (the payroll gave 7654321).",
        "The enrolment export has an employer of the same name under NPP 1111111: probably the "
        "same employer. Not applied; check the NPP before acting.",
        "Declares 9 workers to the ministry (WLKP) but pays 11 on its own March 2025 payroll: "
        "it under-declares too.",
        "1 active enrolment does not appear on the March 2025 payroll (former workers or ghost "
        "entries); not counted in the gap.",
        "1 payroll worker could not be checked (no usable NIK and no name, or a name or a "
        "re-saved NIK that fits enrolments not told apart; see explain): not counted as "
        "unregistered.",
    ]
    assert [(f["code"], f["workers"], f["amount_idr"]) for f in row["findings"]] == [
        ("FORMS_OTHER_MONTHS", None, None),
        ("UNREGISTERED_WORKER", 3, None),
        ("WAGE_UNDERREPORTED", 2, 1234568),
        ("CONTRIBUTION_GAP", None, 2500000),
        ("PROGRAM_MISSING", 1, None),
        ("BELOW_MINIMUM_WAGE", 1, None),
        ("BELOW_MINIMUM_PAID", 2, None),
        ("BELOW_MINIMUM_INDICATED", 1, None),
        ("ARREARS", None, 7500000),
        ("PROBABLE_MATCH", 3, None),
        ("LINKED_BY_NPWP", None, None),
        ("PROBABLE_EMPLOYER", None, None),
        ("UNDER_DECLARED", 2, None),
        ("ENROLLED_NOT_ON_PAYROLL", 1, None),
        ("NOT_RECONCILABLE", 1, None),
    ]
    assert row["missing_programs"] == ["JKM", "JP"]
    assert row["severity"] == "medium"  # coverage 0.7 < 0.9, gap Rp 2.5 M >= Rp 1 M


def test_an_unregistered_employer_with_an_ambiguous_name(
    ranked: dict[str, dict[str, Any]],
) -> None:
    row = ranked["2222222"]
    assert row["reasons"] == [
        "The payroll gives no NPP, and several enrolment employers have this name: PT Sama "
        "(3333333, 4444444). Not linked to any: check which one it is before acting.",
        "No enrolment at all under employer 2222222: the employer appears unregistered (PWBD); "
        "all 5 workers on the March 2025 payroll are uncovered (2 workers without a usable NIK "
        "among them).",
        "1 payroll worker could not be checked (no usable NIK and no name, or a name or a "
        "re-saved NIK that fits enrolments not told apart; see explain): not counted as "
        "unregistered.",
    ]
    assert row["severity"] == "high"  # unregistered, whatever its gap (Rp 0)


def test_an_employer_seen_only_in_its_declaration(ranked: dict[str, dict[str, Any]]) -> None:
    row = ranked["5555555"]
    assert row["reasons"] == [
        "No enrolment at all under this NPP, though the employer declares workers.",
        "Declares 12 workers (WLKP) but only 0 are actively enrolled: 12 missing.",
        "Declares a wage bill of Rp 30.000.000 a month but reports Rp 0 to BPJS.",
        "Estimated contributions not paid: Rp 3.456.790 a month, an estimate from the declared "
        "headcount at the employer's minimum wage (no payroll seen; JKK at class I, the lowest "
        "rate, as the risk class is unknown: a lower bound; " + CEILING + ").",
    ]
    assert [(f["code"], f["workers"], f["amount_idr"]) for f in row["findings"]] == [
        ("UNREGISTERED_EMPLOYER", 12, None),
        ("HEADCOUNT_GAP", 12, None),
        ("WAGE_BILL_GAP", None, 30000000),
        ("CONTRIBUTION_GAP", None, 3456790),
    ]
    assert row["severity"] == "high"


def test_linked_by_name_and_low(ranked: dict[str, dict[str, Any]]) -> None:
    row = ranked["6666666"]
    assert row["reasons"] == [
        "Linked to the enrolment employer 3333333 by its name; the payroll gives no NPP. Check "
        "the NPP before acting.",
        "1 of 40 workers on the March 2025 payroll have no active enrolment.",
        f"Estimated contributions not paid: Rp 100.000 a month ({JKK_II}).",
    ]
    assert row["severity"] == "low"  # coverage 0.975, gap Rp 100.000: under every threshold


def test_the_long_table_and_the_objects_carry_the_same_findings() -> None:
    rows = emp.ranked(frame(PWBD, DECLARED), PERIOD, SeverityThresholds(), 1, CEILING)
    long = emp.employer_findings(rows)
    assert long.schema == pl.Schema({"employer_id": pl.String, "code": pl.String,
                                     "workers": pl.Int64, "amount_idr": pl.Int64})  # fmt: skip
    assert long.rows() == [
        ("5555555", "UNREGISTERED_EMPLOYER", 12, None),
        ("5555555", "HEADCOUNT_GAP", 12, None),
        ("5555555", "WAGE_BILL_GAP", None, 30000000),
        ("5555555", "CONTRIBUTION_GAP", None, 3456790),
        ("2222222", "NAME_AMBIGUOUS", None, None),
        ("2222222", "UNREGISTERED_EMPLOYER", 5, None),
        ("2222222", "NOT_RECONCILABLE", 1, None),
    ]
    found = emp.findings(rows)
    assert found[1].findings == [
        FindingRef(code="NAME_AMBIGUOUS"),
        FindingRef(code="UNREGISTERED_EMPLOYER", workers=5),
        FindingRef(code="NOT_RECONCILABLE", workers=1),
    ]
    assert all(len(f.findings) == len(f.reasons) for f in found)


def test_one_month_runs_state_no_arrears() -> None:
    rows = emp.ranked(frame(EVERY), PERIOD, SeverityThresholds(), 1, CEILING)
    assert "ARREARS" not in [f["code"] for f in rows["findings"][0]]
    assert not any(r.startswith("Arrears") for r in rows["reasons"][0])


def test_indonesian_sentences_render_from_the_same_rows() -> None:
    rows = frame(DECLARED, BY_NAME).with_columns(pl.col("linked_by").fill_null("npp"))
    found = reasons.catalogued(rows, PERIOD, 1, "", "id")
    said = dict(zip(found["code"], found["reason"], strict=True))
    assert said["UNREGISTERED_EMPLOYER"] == (
        "Tidak ada kepesertaan sama sekali atas NPP ini, padahal pemberi kerja melaporkan "
        "memiliki pekerja."
    )
    assert said["UNREGISTERED_WORKER"] == (
        "1 dari 40 pekerja dalam daftar upah Maret 2025 belum didaftarkan sebagai peserta aktif."
    )
    assert said["HEADCOUNT_GAP"] == (
        "Melaporkan 12 pekerja (WLKP) tetapi hanya 0 terdaftar aktif: kurang 12."
    )
