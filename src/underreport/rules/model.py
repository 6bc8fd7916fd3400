"""Pydantic models of a rules file, validated as soon as it is loaded.

A wrong rate or a hole in the ceiling table silently skews every estimate
downstream, so the file is checked as a whole: each period on its own, then
each rule's periods against each other. Every message names the rule and the
period so the user can find the line to fix.
"""

from __future__ import annotations

import re
from itertools import pairwise
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field, model_validator

from underreport.model.i18n import labels

PROGRAMS: tuple[str, ...] = ("JKK", "JKM", "JHT", "JP")
RISK_CLASSES: tuple[str, ...] = ("I", "II", "III", "IV", "V")
SIZES: tuple[str, ...] = ("large", "medium", "small", "micro")

_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
_REGULATION = re.compile(r"\b\d+/\d{4}\b")
"""A regulation's number and year (`45/2015`): what a translated note must still cite."""

NOTES = labels(
    "rules-notes",
    {"certainty": ("{source} (certainty: {why})", "{source} (belum pasti: {why})")},
)


def month_index(text: str) -> int:
    """`YYYY-MM` as a month count, so periods compare and step as integers."""
    match = _MONTH.match(text)
    if match is None:
        raise ValueError(f"{text!r} is not a month written YYYY-MM")
    return int(match.group(1)) * 12 + int(match.group(2)) - 1


def month_text(index: int) -> str:
    """Inverse of `month_index`."""
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def _check_fraction(value: float, what: str) -> None:
    if not 0.0 <= value <= 1.0:
        raise ValueError(f"{what} {value} is not between 0 and 1")


class Period(BaseModel):
    """When a figure applies and where it comes from.

    `source` and `certainty` are English; `source_id` and `certainty_id` say the same in
    Indonesian. A user's rules file may leave them out: its own notes are then shown as
    written, in either language.
    """

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

    from_: str = Field(alias="from")
    to: str | None = None
    source: str = Field(min_length=1)
    certainty: str | None = None
    source_id: str | None = Field(default=None, min_length=1)
    certainty_id: str | None = Field(default=None, min_length=1)

    @property
    def start(self) -> int:
        return month_index(self.from_)

    @property
    def end(self) -> int | None:
        return None if self.to is None else month_index(self.to)

    def label(self) -> str:
        return f"{self.from_}..{self.to or 'open'}"

    def covers(self, month: int) -> bool:
        end = self.end
        return self.start <= month and (end is None or month <= end)

    def said_in(self, lang: str = "en") -> str:
        """The language the notes are shown in: Indonesian only when the file gives them so."""
        return "id" if lang == "id" and self.source_id is not None else "en"

    def spoken(self, lang: str = "en") -> tuple[str, str | None]:
        """The source and the certainty note in `lang` (in English when the file has no
        Indonesian note)."""
        if self.said_in(lang) == "id":
            return self.source_id or self.source, self.certainty_id
        return self.source, self.certainty

    def source_text(self, lang: str = "en") -> str:
        source, why = self.spoken(lang)
        return NOTES("certainty", self.said_in(lang), source=source, why=why) if why else source

    @model_validator(mode="after")
    def _months(self) -> Period:
        month_index(self.from_)
        if self.to is not None and month_index(self.to) < self.start:
            raise ValueError(f"period {self.label()} ends before it starts")
        self._notes()
        self._check()
        return self

    def _notes(self) -> None:
        """The Indonesian notes say what the English ones say: both or neither, same citations."""
        where = f"period {self.label()}"
        if self.certainty_id is not None and self.certainty is None:
            raise ValueError(f"{where}: certainty_id without certainty")
        if self.source_id is None:
            if self.certainty_id is not None:
                raise ValueError(f"{where}: certainty_id without source_id")
            return
        if self.certainty is not None and self.certainty_id is None:
            raise ValueError(f"{where}: source_id is given, so certainty needs certainty_id too")
        missing = [r for r in _REGULATION.findall(self.source) if r not in self.source_id]
        if missing:
            raise ValueError(
                f"{where}: source_id does not cite {', '.join(missing)}, which source cites"
            )

    def _check(self) -> None:
        """Per-period checks of subclasses; raise ValueError naming the period."""


class ProgramRate(BaseModel):
    """One programme's rates; JKK has one employer rate per risk class instead."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    employer: float | None = None
    worker: float = 0.0
    risk_classes: dict[str, float] | None = None


class RatePeriod(Period):
    programs: dict[str, ProgramRate]

    def _check(self) -> None:
        where = f"rates period {self.label()}"
        missing = [p for p in PROGRAMS if p not in self.programs]
        if missing:
            raise ValueError(f"{where}: programme(s) {', '.join(missing)} not defined")
        unknown = sorted(set(self.programs) - set(PROGRAMS))
        if unknown:
            raise ValueError(f"{where}: unknown programme(s) {', '.join(unknown)}")
        for code, rate in self.programs.items():
            _check_fraction(rate.worker, f"{where}: {code} worker rate")
            if code == "JKK":
                classes = rate.risk_classes or {}
                absent = [c for c in RISK_CLASSES if c not in classes]
                extra = sorted(set(classes) - set(RISK_CLASSES))
                if absent or extra:
                    raise ValueError(
                        f"{where}: JKK needs risk_classes I, II, III, IV, V "
                        f"(missing {absent or 'none'}, unknown {extra or 'none'})"
                    )
                for cls, value in classes.items():
                    _check_fraction(value, f"{where}: JKK class {cls} rate")
            else:
                if rate.employer is None or rate.risk_classes is not None:
                    raise ValueError(f"{where}: {code} needs an employer rate (and no classes)")
                _check_fraction(rate.employer, f"{where}: {code} employer rate")


class CeilingPeriod(Period):
    amount: float

    def _check(self) -> None:
        if self.amount <= 0:
            raise ValueError(f"jp_ceiling period {self.label()}: amount must be positive")


class LateFinePeriod(Period):
    monthly: float
    applies_to: list[str]

    def _check(self) -> None:
        where = f"late_fine period {self.label()}"
        _check_fraction(self.monthly, f"{where}: monthly fine")
        unknown = sorted(set(self.applies_to) - set(PROGRAMS))
        if unknown:
            raise ValueError(f"{where}: unknown programme(s) {', '.join(unknown)}")


class PensionAgePeriod(Period):
    age: int = Field(ge=40, le=80)

    def _check(self) -> None:
        # Looked up by calendar year, so a period must cover whole years.
        if not self.from_.endswith("-01") or (self.to is not None and not self.to.endswith("-12")):
            raise ValueError(
                f"pension_age period {self.label()}: must start in January and end in December"
            )


class RequiredProgramsPeriod(Period):
    sizes: dict[str, list[str]]

    def _check(self) -> None:
        where = f"required_programs period {self.label()}"
        if set(self.sizes) != set(SIZES):
            raise ValueError(
                f"{where}: sizes must be exactly {', '.join(SIZES)} (got {', '.join(self.sizes)})"
            )
        for size, codes in self.sizes.items():
            unknown = sorted(set(codes) - set(PROGRAMS))
            if unknown:
                raise ValueError(f"{where}: {size} lists unknown programme(s) {unknown}")


class ReliefPeriod(Period):
    """Fractions taken off JKK and JKM for everyone (e.g. PP 49/2020)."""

    jkk: float = 0.0
    jkm: float = 0.0

    def _check(self) -> None:
        _check_fraction(self.jkk, f"relief period {self.label()}: jkk")
        _check_fraction(self.jkm, f"relief period {self.label()}: jkm")


class DiscountPeriod(Period):
    """A JKK discount for eligible industries only (e.g. PP 7/2025)."""

    fraction: float
    industries: list[str] = Field(min_length=1)

    def _check(self) -> None:
        _check_fraction(self.fraction, f"jkk_discount period {self.label()}: fraction")


class RuleFile(BaseModel):
    """A whole rules file; cross-period checks run after each period passed."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    # Rules that must hold in every month between their first and last period.
    CONTINUOUS: ClassVar[tuple[str, ...]] = (
        "rates",
        "jp_ceiling",
        "late_fine",
        "pension_age",
        "required_programs",
    )
    # Exceptions that apply now and then: gaps allowed, overlaps not.
    SPECIAL: ClassVar[tuple[str, ...]] = ("relief", "jkk_discount")

    version: str = Field(min_length=1)
    rates: list[RatePeriod] = Field(min_length=1)
    jp_ceiling: list[CeilingPeriod] = Field(min_length=1)
    late_fine: list[LateFinePeriod] = Field(min_length=1)
    pension_age: list[PensionAgePeriod] = Field(min_length=1)
    required_programs: list[RequiredProgramsPeriod] = Field(min_length=1)
    relief: list[ReliefPeriod] = Field(default_factory=list)
    jkk_discount: list[DiscountPeriod] = Field(default_factory=list)

    @model_validator(mode="before")
    @classmethod
    def _sort(cls, data: Any) -> Any:
        """Sort each rule's periods so the file order does not matter."""
        if not isinstance(data, dict):
            return data
        out = dict(data)
        for name in (*cls.CONTINUOUS, *cls.SPECIAL):
            periods = out.get(name)
            if isinstance(periods, list) and all(isinstance(p, dict) for p in periods):
                out[name] = sorted(periods, key=lambda p: str(p.get("from", "")))
        return out

    @model_validator(mode="after")
    def _timeline(self) -> RuleFile:
        for name in (*self.CONTINUOUS, *self.SPECIAL):
            periods: list[Period] = getattr(self, name)
            for before, after in pairwise(periods):
                end = before.end
                if end is None or end >= after.start:
                    raise ValueError(
                        f"{name}: period {before.label()} overlaps period {after.label()}"
                    )
                if name in self.CONTINUOUS and end + 1 != after.start:
                    raise ValueError(
                        f"{name}: gap between period {before.label()} and period "
                        f"{after.label()} ({month_text(end + 1)} has no rule)"
                    )
        for before_c, after_c in pairwise(self.jp_ceiling):
            if after_c.amount < before_c.amount:
                raise ValueError(
                    f"jp_ceiling: period {after_c.label()} ({after_c.amount:,.0f}) is lower "
                    f"than period {before_c.label()} ({before_c.amount:,.0f}); "
                    "ceilings never decrease"
                )
        return self


class RuleOverride(BaseModel):
    """A partial rules file: only the rules it names, each period complete."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    version: str | None = None
    rates: list[RatePeriod] | None = None
    jp_ceiling: list[CeilingPeriod] | None = None
    late_fine: list[LateFinePeriod] | None = None
    pension_age: list[PensionAgePeriod] | None = None
    required_programs: list[RequiredProgramsPeriod] | None = None
    relief: list[ReliefPeriod] | None = None
    jkk_discount: list[DiscountPeriod] | None = None
