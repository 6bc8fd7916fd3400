"""Contributions as Polars expressions, so they run inside the lazy query plan."""

from __future__ import annotations

import polars as pl

from underreport.model.errors import RulesError
from underreport.rules.book import PeriodRules
from underreport.rules.model import PROGRAMS

# JKP costs the employer nothing extra (it is funded by re-routing JKK/JKM),
# so naming it is allowed and adds zero.
_FREE_PROGRAMS = frozenset({"JKP"})


def contribution_expr(
    wage: pl.Expr,
    rules: PeriodRules,
    jkk_rate: pl.Expr | float | None = None,
    programs: tuple[str, ...] = PROGRAMS,
) -> pl.Expr:
    """Total monthly contribution (employer + worker) on a contribution wage.

    JKK, JKM and JHT apply to the full wage, JP to the wage up to the ceiling.
    `jkk_rate` is the effective JKK rate (e.g. `rules.jkk_rate(cls, industry)`,
    relief and discount already applied); by default the class I rate with
    relief, the lowest any employer pays, so the estimate is a lower bound.
    A null wage gives null; a negative one (a payroll correction) counts as 0.
    Nothing is rounded here: the caller rounds totals once.
    """
    codes = {c.strip().upper() for c in programs}
    unknown = sorted(codes - set(PROGRAMS) - _FREE_PROGRAMS)
    if unknown:
        raise RulesError(f"unknown programme(s) {', '.join(unknown)}; known: {', '.join(PROGRAMS)}")
    w = wage.cast(pl.Float64).clip(lower_bound=0.0)
    total = w * 0.0
    if "JKK" in codes:
        rate = rules.jkk_rate(1) if jkk_rate is None else jkk_rate
        total = total + w * (rate if isinstance(rate, pl.Expr) else pl.lit(float(rate)))
    if "JKM" in codes:
        total = total + w * rules.jkm_rate()
    if "JHT" in codes:
        total = total + w * (rules.jht_employer + rules.jht_worker)
    if "JP" in codes:
        jp = rules.jp_employer + rules.jp_worker
        total = total + w.clip(upper_bound=rules.jp_ceiling) * jp
    return total
