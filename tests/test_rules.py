"""Rules: golden contributions worked by hand, file validation, overrides, minimum wages."""

from __future__ import annotations

import hashlib
import json
from itertools import pairwise
from pathlib import Path

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from underreport.model.errors import InputError, RulesError
from underreport.rules import (
    PeriodRules,
    contribution_expr,
    load_minimum_wages,
    load_rules,
)
from underreport.rules.loader import read_rule_file

BOOK = load_rules()


def total(
    wage: float | None,
    rules: PeriodRules,
    jkk_rate: float | None = None,
    programs: tuple[str, ...] = ("JKK", "JKM", "JHT", "JP"),
) -> float | None:
    df = pl.DataFrame({"w": [wage]}, schema={"w": pl.Float64})
    out = df.select(contribution_expr(pl.col("w"), rules, jkk_rate, programs).alias("c"))
    value = out["c"][0]
    return None if value is None else float(value)


# --- golden contributions ----------------------------------------------------


def test_jp_ceiling_changes_in_march() -> None:
    # Full-wage rate, class I: JKK 0.24 % + JKM 0.30 % + JHT 5.7 % = 6.24 %.
    # Wage 10,500,000: 6.24 % -> 655,200.
    # 2025-03, ceiling 10,547,400: wage below it, JP 3 % x 10,500,000 = 315,000
    #   -> 970,200.
    # 2025-02, ceiling 10,042,300: wage above it, JP 3 % x 10,042,300 = 301,269
    #   -> 956,469.
    assert BOOK.at("2025-03").jp_ceiling == 10_547_400
    assert BOOK.at("2025-02").jp_ceiling == 10_042_300
    assert total(10_500_000, BOOK.at("2025-03")) == pytest.approx(970_200)
    assert total(10_500_000, BOOK.at("2025-02")) == pytest.approx(956_469)


def test_wage_just_below_and_above_ceiling() -> None:
    r = BOOK.at("2025-03")
    # 10,547,399: 6.24 % -> 658,157.6976; JP 3 % -> 316,421.97; sum 974,579.6676
    assert total(10_547_399, r) == pytest.approx(974_579.6676)
    # 10,547,401: 6.24 % -> 658,157.8224; JP capped 3 % x 10,547,400 = 316,422;
    #   sum 974,579.8224
    assert total(10_547_401, r) == pytest.approx(974_579.8224)
    r = BOOK.at("2025-02")
    # 10,042,299: 6.24 % -> 626,639.4576; JP 301,268.97; sum 927,908.4276
    assert total(10_042_299, r) == pytest.approx(927_908.4276)
    # 10,042,301: 6.24 % -> 626,639.5824; JP capped 301,269; sum 927,908.5824
    assert total(10_042_301, r) == pytest.approx(927_908.5824)


def test_class_one_vs_class_five() -> None:
    r = BOOK.at("2024-06")
    # 5,000,000 x (0.24 + 0.30 + 5.7 + 3) % = 5,000,000 x 9.24 % = 462,000
    assert total(5_000_000, r) == pytest.approx(462_000)
    # 5,000,000 x (1.74 + 0.30 + 5.7 + 3) % = 5,000,000 x 10.74 % = 537,000
    assert total(5_000_000, r, jkk_rate=r.jkk_rate(5)) == pytest.approx(537_000)
    # A per-row rate column works too.
    df = pl.DataFrame({"w": [5_000_000.0, 5_000_000.0], "rate": [r.jkk_rate(1), r.jkk_rate(5)]})
    got = df.select(contribution_expr(pl.col("w"), r, pl.col("rate")))
    assert got.to_series().to_list() == pytest.approx([462_000, 537_000])


def test_relief_2020_09() -> None:
    r = BOOK.at("2020-09")
    assert (r.jkk_relief, r.jkm_relief) == (0.99, 0.99)
    assert "PP 49/2020" in r.sources["relief"]
    # 5,000,000: JKK 0.24 % x 1 % = 120; JKM 0.30 % x 1 % = 150; JHT 285,000;
    # JP 150,000 (ceiling 8,754,600) -> 435,270
    assert total(5_000_000, r) == pytest.approx(435_270)
    # No relief the month after it ends: 462,000 as in 2024.
    assert total(5_000_000, BOOK.at("2021-02")) == pytest.approx(462_000)


def test_discount_2025_eligible_vs_ineligible() -> None:
    r = BOOK.at("2025-06")
    # Class III 0.89 %; eligible textile/garment firm pays half: 0.445 %.
    assert r.jkk_rate(3, "textile") == pytest.approx(0.00445)
    assert r.jkk_rate(3, "Garment") == pytest.approx(0.00445)
    assert r.jkk_rate(3, "13112") == pytest.approx(0.00445)  # KBLI textile
    assert r.jkk_rate(3, "mining") == pytest.approx(0.0089)
    assert r.jkk_rate(3, "05100") == pytest.approx(0.0089)  # KBLI coal mining
    assert r.jkk_rate(3) == pytest.approx(0.0089)  # unknown industry: no discount
    # 5,000,000: JKK 22,250 + JKM 15,000 + JHT 285,000 + JP 150,000 = 472,250
    assert total(5_000_000, r, r.jkk_rate(3, "garment")) == pytest.approx(472_250)
    # Ineligible: JKK 44,500 -> 494,500
    assert total(5_000_000, r, r.jkk_rate(3, "mining")) == pytest.approx(494_500)
    # The discount ended in January 2026.
    assert BOOK.at("2026-02").jkk_rate(3, "textile") == pytest.approx(0.0089)


def test_pension_age() -> None:
    assert BOOK.pension_age(2015) == 56
    assert BOOK.pension_age(2024) == 58
    assert BOOK.pension_age(2025) == 59
    assert BOOK.pension_age(2028) == 60
    assert BOOK.pension_age(2060) == 65
    assert BOOK.at("2025-07").pension_age == 59
    with pytest.raises(RulesError, match="pension age"):
        BOOK.pension_age(2010)


def test_required_programs_and_micro_contribution() -> None:
    assert BOOK.required_programs("micro") == ("JKK", "JKM")
    assert BOOK.required_programs("small") == ("JKK", "JKM", "JHT")
    assert BOOK.required_programs("Medium") == ("JKK", "JKM", "JHT", "JP")
    with pytest.raises(RulesError, match="enterprise size"):
        BOOK.required_programs("huge")
    # Micro firm, 5,000,000: (0.24 + 0.30) % = 27,000
    r = BOOK.at("2024-06")
    assert total(5_000_000, r, programs=BOOK.required_programs("micro")) == pytest.approx(27_000)
    # JKP is free for the employer; naming it adds nothing.
    assert total(5_000_000, r, programs=("JKK", "JKM", "JKP")) == pytest.approx(27_000)
    with pytest.raises(RulesError, match="unknown programme"):
        contribution_expr(pl.col("w"), r, programs=("JKN",))


def test_null_and_negative_wage() -> None:
    r = BOOK.at("2024-06")
    assert total(None, r) is None
    assert total(-1_000.0, r) == 0.0


def test_unknown_period_raises_clear_message() -> None:
    with pytest.raises(RulesError, match=r"no JP wage ceiling known for 2018-05"):
        BOOK.at("2018-05")
    with pytest.raises(RulesError, match="programme rates known for 2015-06"):
        BOOK.at("2015-06")
    with pytest.raises(RulesError, match="YYYY-MM"):
        BOOK.at("2025-13")


def test_sources_and_describe() -> None:
    r = BOOK.at("2020-05")
    assert "sources disagree" in r.sources["jp_ceiling"]
    described = BOOK.describe(2025)
    json.dumps(described)
    ceilings = described["rules"]["jp_ceiling"]
    assert [c["amount"] for c in ceilings] == [10_042_300, 10_547_400]
    assert described["rules"]["relief"] == []
    assert described["rules"]["jkk_discount"][0]["from"] == "2025-02"
    assert len(BOOK.describe()["rules"]["jp_ceiling"]) == 8


# --- overrides ---------------------------------------------------------------


def test_override_adds_2027_ceiling(tmp_path: Path) -> None:
    f = tmp_path / "my-rules.toml"
    f.write_text('[[jp_ceiling]]\nfrom = "2027-03"\namount = 11_600_000\n', encoding="utf-8")
    book = load_rules(f)
    digest = hashlib.sha256(f.read_bytes()).hexdigest()[:8]
    assert book.version == f"2026.1+override:my-rules.toml:{digest}"
    assert book.at("2027-02").jp_ceiling == 11_086_300
    assert book.at("2027-03").jp_ceiling == 11_600_000
    assert book.at("2030-01").jp_ceiling == 11_600_000
    assert "my-rules.toml" in book.at("2027-03").sources["jp_ceiling"]
    # The shipped book is untouched.
    assert BOOK.at("2027-03").jp_ceiling == 11_086_300


def test_override_corrects_2020_ceiling(tmp_path: Path) -> None:
    f = tmp_path / "fix.toml"
    f.write_text(
        '[[jp_ceiling]]\nfrom = "2020-03"\namount = 8_939_700\n'
        'source = "BPJS letter (as checked by us)"\n',
        encoding="utf-8",
    )
    book = load_rules(f)
    assert book.at("2020-02").jp_ceiling == 8_512_400
    assert book.at("2020-05").jp_ceiling == 8_939_700
    assert book.at("2021-02").jp_ceiling == 8_939_700
    assert book.at("2021-05").jp_ceiling == 8_939_700  # untouched 2021 period
    assert book.at("2022-05").jp_ceiling == 9_077_600
    assert book.at("2020-05").sources["jp_ceiling"] == "BPJS letter (as checked by us)"


def test_override_adds_earlier_ceiling(tmp_path: Path) -> None:
    f = tmp_path / "old.toml"
    f.write_text('[[jp_ceiling]]\nfrom = "2018-03"\namount = 8_000_000\n', encoding="utf-8")
    book = load_rules(f)
    assert book.at("2019-02").jp_ceiling == 8_000_000
    with pytest.raises(RulesError, match="2018-02"):
        book.at("2018-02")


def test_override_bad_toml_and_bad_content(tmp_path: Path) -> None:
    f = tmp_path / "broken.toml"
    f.write_text("[[jp_ceiling]\nfrom = ", encoding="utf-8")
    with pytest.raises(RulesError, match=r"broken\.toml.*not valid TOML"):
        load_rules(f)
    f.write_text('[[jp_ceiling]]\nfrom = "2027-03"\namount = 9_000_000\n', encoding="utf-8")
    with pytest.raises(RulesError, match=r"broken\.toml.*jp_ceiling.*2027-03.*never decrease"):
        load_rules(f)
    f.write_text('[[late_fine]]\nfrom = "2026-01"\nmonthly = 2\napplies_to = ["JKK"]\n')
    with pytest.raises(RulesError, match=r"late_fine.*2026-01.*not between 0 and 1"):
        load_rules(f)
    f.write_text('[[jp_celing]]\nfrom = "2027-03"\namount = 1\n')
    with pytest.raises(RulesError, match="jp_celing"):
        load_rules(f)
    with pytest.raises(RulesError, match="cannot be read"):
        load_rules(tmp_path / "missing.toml")


# --- validation of a complete file ---------------------------------------------

RATES = """
[[rates]]
from = "{start}"
{to}
source = "test"
[rates.programs.JKK.risk_classes]
I = 0.0024
II = 0.0054
III = 0.0089
IV = 0.0127
V = {class5}
[rates.programs.JKM]
employer = 0.003
[rates.programs.JHT]
employer = 0.037
worker = 0.02
{jp}
"""
JP = "[rates.programs.JP]\nemployer = 0.02\nworker = 0.01\n"
REST = """
[[jp_ceiling]]
from = "2019-03"
to = "2020-02"
amount = 8_512_400
source = "test"

[[jp_ceiling]]
from = "{second_from}"
amount = {second}
source = "test"

[[late_fine]]
from = "2015-07"
monthly = 0.02
applies_to = ["JKK"]
source = "test"

[[pension_age]]
from = "2015-01"
age = 56
source = "test"

[[required_programs]]
from = "2015-07"
source = "test"
[required_programs.sizes]
large = ["JKK", "JKM", "JHT", "JP"]
medium = ["JKK", "JKM", "JHT", "JP"]
small = ["JKK", "JKM", "JHT"]
micro = ["JKK", "JKM"]
"""


def rule_file(
    tmp_path: Path,
    *,
    first_to: str = "2020-12",
    second_from: str = "2021-01",
    class5: float = 0.0174,
    second_jp: bool = True,
    second_ceiling: str = "8_754_600",
    ceiling_from: str = "2020-03",
) -> Path:
    text = 'version = "test"\n'
    text += RATES.format(start="2015-07", to=f'to = "{first_to}"', class5=class5, jp=JP)
    text += RATES.format(start=second_from, to="", class5=0.0174, jp=JP if second_jp else "")
    text += REST.format(second_from=ceiling_from, second=second_ceiling)
    path = tmp_path / "rules.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_valid_minimal_file(tmp_path: Path) -> None:
    rules = read_rule_file(rule_file(tmp_path))
    assert len(rules.rates) == 2


def test_validation_overlap(tmp_path: Path) -> None:
    with pytest.raises(RulesError, match=r"rates: period 2015-07..2021-03 overlaps.*2021-01"):
        read_rule_file(rule_file(tmp_path, first_to="2021-03"))


def test_validation_gap(tmp_path: Path) -> None:
    with pytest.raises(RulesError, match=r"rates: gap .*2015-07..2020-10.*2020-11 has no rule"):
        read_rule_file(rule_file(tmp_path, first_to="2020-10"))


def test_validation_missing_programme(tmp_path: Path) -> None:
    with pytest.raises(RulesError, match=r"rates period 2021-01..open: programme\(s\) JP"):
        read_rule_file(rule_file(tmp_path, second_jp=False))


def test_validation_rate_above_one(tmp_path: Path) -> None:
    with pytest.raises(RulesError, match=r"rates period 2015-07.*class V rate 1.5 is not between"):
        read_rule_file(rule_file(tmp_path, class5=1.5))


def test_validation_decreasing_ceiling(tmp_path: Path) -> None:
    with pytest.raises(RulesError, match=r"jp_ceiling: period 2020-03..open .* never decrease"):
        read_rule_file(rule_file(tmp_path, second_ceiling="8_000_000"))


def test_validation_ceiling_gap_names_file(tmp_path: Path) -> None:
    path = rule_file(tmp_path, ceiling_from="2020-05")
    with pytest.raises(RulesError, match=rf"{path.name}.*jp_ceiling: gap"):
        read_rule_file(path)


# --- minimum wages --------------------------------------------------------------


def test_ump_lookup() -> None:
    mw = load_minimum_wages()
    assert mw.lookup(2025, "31") == (5_396_761, "UMP DKI Jakarta")
    assert mw.lookup(2024, "16") == (3_456_874, "UMP Sumatera Selatan")
    # Papua: NIK 91 is Papua (BPS 94); BPS 91 is Papua Barat.
    assert mw.lookup(2025, "91", code_system="nik") == (4_285_850, "UMP Papua")
    assert mw.lookup(2025, "91") == (3_615_000, "UMP Papua Barat")
    # NIK 96 Papua Barat Daya = BPS 92, which has no 2024 figure: unknown, not guessed.
    assert mw.lookup(2024, "96", code_system="nik") is None
    assert mw.lookup(2025, "96", code_system="nik") == (3_614_000, "UMP Papua Barat Daya")
    assert mw.lookup(2023, "31") is None
    assert mw.lookup(2025, None) is None
    assert mw.ump_table().height == 112


def test_umk_override(tmp_path: Path) -> None:
    f = tmp_path / "umk.csv"
    f.write_text(
        "regency_code;regency;year;amount\n"
        "3275;Kota Bekasi;2025;5.690.752\n"
        "3171;Kota Jakarta Selatan;2025;5396761\n",
        encoding="utf-8",
    )
    mw = load_minimum_wages(f)
    assert mw.lookup(2025, "32", "3275") == (5_690_752, "UMK Kota Bekasi")
    assert mw.lookup(2025, None, "32.75") == (5_690_752, "UMK Kota Bekasi")
    assert mw.lookup(2025, "32", "Kota Bekasi") == (5_690_752, "UMK Kota Bekasi")
    # No UMK for that regency or year: the UMP applies.
    assert mw.lookup(2025, "32", "3201") == (2_191_232, "UMP Jawa Barat")
    assert mw.lookup(2024, "32", "3275") == (2_057_495, "UMP Jawa Barat")
    f.write_text("regency_code,year,amount\n327,2025,100\n", encoding="utf-8")
    with pytest.raises(InputError, match="4 digits"):
        load_minimum_wages(f)


# --- properties -------------------------------------------------------------------

PERIODS = ["2019-03", "2020-09", "2022-07", "2025-02", "2025-03", "2026-06"]


@settings(max_examples=200, deadline=None)
@given(
    wages=st.lists(
        st.floats(min_value=-1e6, max_value=1e10, allow_nan=False), min_size=2, max_size=30
    ),
    period=st.sampled_from(PERIODS),
    risk_class=st.integers(min_value=1, max_value=5),
    programs=st.sets(st.sampled_from(["JKK", "JKM", "JHT", "JP"])),
)
def test_contribution_never_negative_and_monotone(
    wages: list[float], period: str, risk_class: int, programs: set[str]
) -> None:
    r = BOOK.at(period)
    df = pl.DataFrame({"w": sorted(wages)})
    expr = contribution_expr(pl.col("w"), r, r.jkk_rate(risk_class), tuple(sorted(programs)))
    out = df.select(expr).to_series().to_list()
    assert all(c >= 0 for c in out)
    assert all(a <= b for a, b in pairwise(out))
