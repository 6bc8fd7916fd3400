"""Rupiah and months for messages and tables, through Babel (`model.i18n`).

The month names come from the locale's CLDR data too, so the expressions
of `reconcile.texts`, which write a million sentences column by column,
spell a month as `month_label` does.
"""

from __future__ import annotations

from babel.dates import get_month_names

from underreport.model.i18n import LOCALES, money, month


def _months(lang: str) -> tuple[str, ...]:
    names = get_month_names("wide", locale=LOCALES["id" if lang == "id" else "en"])
    return tuple(str(names[i]) for i in range(1, 13))


MONTHS_EN = _months("en")
MONTHS_ID = _months("id")


def idr(amount: float | int | None) -> str:
    """`Rp 12.345.678`: dots group thousands, no decimals (rupiah are whole)."""
    return money(amount)


def month_label(period: str, lang: str = "en") -> str:
    """`2025-03` -> `March 2025` (`Maret 2025` in Indonesian)."""
    return month(period, lang)


def plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"
