"""What the rules need to know about each employer, and which figures are defaults.

From the employer reference file (and `risk_classes` in the config, which
wins): the JKK rate, the programmes its size requires and the minimum wage
of its region, each for one period. Where a fact is unknown the lower-bound
default applies and `defaults_used` says so.
"""

from __future__ import annotations

import polars as pl

from underreport.rules import PROGRAMS, PeriodRules, RuleBook
from underreport.rules.minwage import MinimumWages

SCHEMA: dict[str, pl.DataType] = {
    "employer_id": pl.String(), "jkk_rate": pl.Float64(), "risk_class": pl.Int8(),
    "required": pl.List(pl.String), "size": pl.String(), "min_wage": pl.Float64(),
    "min_wage_basis": pl.String(), "defaults_used": pl.List(pl.String),
}  # fmt: skip


def reference_table(employers: pl.DataFrame | None, risk_classes: dict[str, int]) -> pl.DataFrame:
    """One row per known employer: size, class, region, industry (config classes win)."""
    base = employers if employers is not None and employers.height else pl.DataFrame(
        schema={"employer_id": pl.String, "size": pl.String, "risk_class": pl.Int8,
                "province": pl.String, "regency": pl.String, "industry": pl.String}
    )  # fmt: skip
    extra = pl.DataFrame(
        {"employer_id": list(risk_classes), "cfg_class": list(risk_classes.values())},
        schema={"employer_id": pl.String, "cfg_class": pl.Int8},
    )
    return (
        base.select("employer_id", "size", "risk_class", "province", "regency", "industry")
        .join(extra, on="employer_id", how="full", coalesce=True)
        .with_columns(pl.coalesce("cfg_class", "risk_class").alias("risk_class"))
        .drop("cfg_class")
    )


def for_period(
    reference: pl.DataFrame,
    book: RuleBook,
    rules: PeriodRules,
    wages: MinimumWages,
    period: str,
) -> pl.DataFrame:
    """Per-employer JKK rate, required programmes and minimum wage in force in `period`."""
    year = int(period[:4])
    rows = []
    for r in reference.iter_rows(named=True):
        cls, size = r["risk_class"], r["size"]
        found = wages.lookup(year, r["province"], r["regency"])
        defaults = [name for name, known in (("risk_class", cls), ("size", size),
                                             ("region", found)) if known is None]  # fmt: skip
        rows.append({
            "employer_id": r["employer_id"],
            "jkk_rate": rules.jkk_rate(cls or 1, r["industry"]),
            "risk_class": cls,
            "required": list(book.required_programs(size, period)) if size else None,
            "size": size,
            "min_wage": found[0] if found else None,
            "min_wage_basis": f"{found[1]} {year}" if found else None,
            "defaults_used": defaults,
        })  # fmt: skip
    return pl.DataFrame(rows, schema=SCHEMA) if rows else pl.DataFrame(schema=SCHEMA)


def nik_province_minimum(wages: MinimumWages, year: int) -> pl.DataFrame:
    """Minimum wage by the NIK's province: only a fallback, and marked as such."""
    rows = []
    for code in (*range(11, 20), 21, *range(31, 37), 51, 52, 53, *range(61, 66),
                 *range(71, 77), 81, 82, *range(91, 98)):  # fmt: skip
        found = wages.lookup(year, str(code), code_system="nik")
        if found:
            rows.append((str(code), found[0], f"{found[1]} {year} (from the NIK's province)"))
    return pl.DataFrame(
        rows, schema={"nik_province": pl.String, "nik_min_wage": pl.Float64,
                      "nik_min_wage_basis": pl.String}, orient="row",
    )  # fmt: skip


ALL_PROGRAMS = tuple(p for p in PROGRAMS if p != "JKP")
