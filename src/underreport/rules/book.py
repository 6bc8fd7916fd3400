"""The validated rules, looked up by month.

`RuleBook.at` resolves every rule for one month into a flat `PeriodRules`, so
the contribution code never walks periods itself. A month a rule does not
cover raises `RulesError` instead of borrowing a neighbour's figure: an
estimate built on a guessed ceiling would look more certain than it is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, TypeVar

from underreport.model.errors import RulesError
from underreport.rules.model import (
    RISK_CLASSES,
    Period,
    RuleFile,
    month_index,
)

P = TypeVar("P", bound=Period)

_LABELS = {
    "rates": "programme rates",
    "jp_ceiling": "JP wage ceiling",
    "late_fine": "late-payment fine",
    "pension_age": "pension age",
    "required_programs": "required programmes",
}


def normalize_industry(text: str) -> str:
    """Lower-case, runs of other characters as `_`: "Food & Beverage" -> food_beverage."""
    return re.sub(r"[^0-9a-z]+", "_", text.strip().lower()).strip("_")


def industry_eligible(industry: str, eligible: tuple[str, ...]) -> bool:
    """Keyword match, or KBLI prefix match when the industry is a numeric code."""
    key = normalize_industry(industry)
    if not key:
        return False
    if key.isdigit():
        return any(e.isdigit() and key.startswith(e) for e in eligible)
    words = {normalize_industry(e) for e in eligible if not e.isdigit()}
    return key in words or key.replace("_and_", "_") in words


@dataclass(frozen=True, slots=True)
class PeriodRules:
    """Every figure in force in one month, with the source of each rule."""

    period: str
    jkk_rates: dict[int, float]
    jkm: float
    jht_employer: float
    jht_worker: float
    jp_employer: float
    jp_worker: float
    jp_ceiling: float
    pension_age: int
    late_fine_monthly: float
    late_fine_applies_to: tuple[str, ...]
    jkk_relief: float = 0.0
    jkm_relief: float = 0.0
    jkk_discount: float = 0.0
    jkk_discount_industries: tuple[str, ...] = ()
    sources: dict[str, str] = field(default_factory=dict)
    sources_id: dict[str, str] = field(default_factory=dict)
    """The Indonesian notes of the rules whose period has them (`source_id`)."""

    def jkk_rate(self, risk_class: int = 1, industry: str | None = None) -> float:
        """Effective JKK rate: class rate less relief, less the discount if eligible."""
        if risk_class not in self.jkk_rates:
            raise RulesError(f"JKK risk class must be 1 to 5, got {risk_class!r}")
        rate = self.jkk_rates[risk_class] * (1.0 - self.jkk_relief)
        if (
            industry is not None
            and self.jkk_discount > 0.0
            and industry_eligible(industry, self.jkk_discount_industries)
        ):
            rate *= 1.0 - self.jkk_discount
        return rate

    def jkm_rate(self) -> float:
        """Effective JKM rate after any relief."""
        return self.jkm * (1.0 - self.jkm_relief)


def _find(periods: list[P], month: int) -> P | None:
    for p in periods:
        if p.covers(month):
            return p
    return None


class RuleBook:
    """The rules in force, by month; built by `load_rules`."""

    def __init__(self, rules: RuleFile, version: str) -> None:
        self.rules = rules
        self.version = version
        self._cache: dict[str, PeriodRules] = {}

    def _require(self, name: str, periods: list[P], period: str, month: int) -> P:
        found = _find(periods, month)
        if found is None:
            known = f"{periods[0].from_}..{periods[-1].to or 'open'}"
            raise RulesError(
                f"no {_LABELS[name]} known for {period} (rules {self.version} cover "
                f"{known}); add it with an override rules file"
            )
        return found

    def at(self, period: str) -> PeriodRules:
        """All figures for month `period` ("YYYY-MM")."""
        cached = self._cache.get(period)
        if cached is not None:
            return cached
        try:
            month = month_index(period)
        except ValueError as exc:
            raise RulesError(f"rules period: {exc}") from None
        r = self.rules
        rates = self._require("rates", r.rates, period, month)
        ceiling = self._require("jp_ceiling", r.jp_ceiling, period, month)
        fine = self._require("late_fine", r.late_fine, period, month)
        age = self._require("pension_age", r.pension_age, period, month)
        required = self._require("required_programs", r.required_programs, period, month)
        relief = _find(r.relief, month)
        discount = _find(r.jkk_discount, month)

        used = {
            "rates": rates,
            "jp_ceiling": ceiling,
            "late_fine": fine,
            "pension_age": age,
            "required_programs": required,
            "relief": relief,
            "jkk_discount": discount,
        }
        sources = {name: p.source_text() for name, p in used.items() if p is not None}
        sources_id = {name: p.source_text("id") for name, p in used.items()
                      if p is not None and p.source_id is not None}  # fmt: skip

        programs = rates.programs
        classes = programs["JKK"].risk_classes or {}
        result = PeriodRules(
            period=period,
            jkk_rates={i + 1: classes[c] for i, c in enumerate(RISK_CLASSES)},
            jkm=programs["JKM"].employer or 0.0,
            jht_employer=programs["JHT"].employer or 0.0,
            jht_worker=programs["JHT"].worker,
            jp_employer=programs["JP"].employer or 0.0,
            jp_worker=programs["JP"].worker,
            jp_ceiling=ceiling.amount,
            pension_age=age.age,
            late_fine_monthly=fine.monthly,
            late_fine_applies_to=tuple(fine.applies_to),
            jkk_relief=relief.jkk if relief else 0.0,
            jkm_relief=relief.jkm if relief else 0.0,
            jkk_discount=discount.fraction if discount else 0.0,
            jkk_discount_industries=tuple(discount.industries) if discount else (),
            sources=sources,
            sources_id=sources_id,
        )
        self._cache[period] = result
        return result

    def required_programs(self, size: str, period: str | None = None) -> tuple[str, ...]:
        """Programmes an enterprise of `size` must have (latest rule unless `period`)."""
        periods = self.rules.required_programs
        if period is None:
            rule = periods[-1]
        else:
            try:
                month = month_index(period)
            except ValueError as exc:
                raise RulesError(f"rules period: {exc}") from None
            rule = self._require("required_programs", periods, period, month)
        key = size.strip().lower()
        if key not in rule.sizes:
            raise RulesError(
                f"unknown enterprise size {size!r}; expected one of {', '.join(rule.sizes)}"
            )
        return tuple(rule.sizes[key])

    def ceiling_since(self, period: str) -> str:
        """First month (YYYY-MM) of the JP ceiling in force in `period`, to cite it."""
        month = month_index(period)
        found = _find(self.rules.jp_ceiling, month)
        return found.from_ if found is not None else period

    def pension_age(self, year: int) -> int:
        """Pension age in `year` (pension-age periods cover whole years)."""
        period = f"{year:04d}-01"
        return self._require("pension_age", self.rules.pension_age, period, year * 12).age

    def describe(self, year: int | None = None, lang: str = "en") -> dict[str, Any]:
        """JSON-able rules in force in `year` (all when None), each with period and source.

        `source` and `certainty` are in `lang` where the rules file gives that language.
        """
        first, last = (year * 12, year * 12 + 11) if year is not None else (None, None)
        out: dict[str, Any] = {"version": self.version, "year": year, "rules": {}}
        for name in (*RuleFile.CONTINUOUS, *RuleFile.SPECIAL):
            entries = []
            for p in getattr(self.rules, name):
                if first is not None and last is not None:
                    end = p.end
                    if p.start > last or (end is not None and end < first):
                        continue
                source, certainty = p.spoken(lang)
                data = p.model_dump(mode="json", by_alias=True, exclude_none=True,
                                    exclude={"source_id", "certainty_id"})  # fmt: skip
                data["source"] = source
                if certainty is not None:
                    data["certainty"] = certainty
                data.setdefault("to", None)
                entries.append(data)
            out["rules"][name] = entries
        return out
