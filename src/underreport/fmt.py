"""Indonesian number and month formatting for messages and tables.

Babel would do this, but for two fixed formats (`Rp 12.345.678`, `March
2025`) it is a heavy dependency; the rules here are short and tested.
"""

from __future__ import annotations

MONTHS_EN = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
MONTHS_ID = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)


def idr(amount: float | int | None) -> str:
    """`Rp 12.345.678`: dots group thousands, no decimals (rupiah are whole)."""
    if amount is None:
        return "-"
    n = round(amount)
    sign = "-" if n < 0 else ""
    return f"{sign}Rp {abs(n):,}".replace(",", ".")


def month_label(period: str) -> str:
    """`2025-03` -> `March 2025`."""
    year, month = period.split("-")
    return f"{MONTHS_EN[int(month) - 1]} {year}"


def plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"
