"""The language of what people read: labels in English and Indonesian, money and dates by Babel.

Codes (findings, data-quality issues) have their own catalogues; every other
word a renderer shows (a column header, a sheet name, a heading) is a label
registered here with `labels()`, so one test can walk every label and check
that Indonesian output has no English left. Money and dates go through
Babel's CLDR data rather than hand-written rules, so `22 Maret 2025` and
`Rp 4.500.000` are what the locale says.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Literal, get_args

from babel.dates import format_date
from babel.numbers import format_currency, format_decimal, format_percent

Lang = Literal["id", "en"]
LANGS: tuple[Lang, ...] = get_args(Lang)
LOCALES: dict[Lang, str] = {"id": "id_ID", "en": "en"}
MONEY_LOCALE = "id_ID"
"""Rupiah are written `Rp 4.500.000` in both languages, as the reasons in the JSON always were."""


@dataclass(frozen=True)
class Text:
    """One piece of text in both languages."""

    en: str
    id: str

    def get(self, lang: str) -> str:
        return self.id if lang == "id" else self.en


class Labels:
    """A renderer's labels by key; `labels("export", {...})` registers them for the walk test."""

    def __init__(self, name: str, texts: Mapping[str, tuple[str, str] | Text]) -> None:
        self.name = name
        self.texts = {k: v if isinstance(v, Text) else Text(*v) for k, v in texts.items()}

    def __call__(self, key: str, lang: str, **values: object) -> str:
        text = self.texts[key].get(lang)
        return text.format(**values) if values else text

    def __contains__(self, key: str) -> bool:
        return key in self.texts


REGISTRY: dict[str, Labels] = {}
"""Every `Labels` made, by name: what the language test walks."""


def labels(name: str, texts: Mapping[str, tuple[str, str] | Text]) -> Labels:
    made = Labels(name, texts)
    REGISTRY[name] = made
    return made


def default_lang(environ: Mapping[str, str] | None = None) -> Lang:
    """Indonesian when the locale is `id_*` (LC_ALL, then LC_MESSAGES, then LANG), else English."""
    env = os.environ if environ is None else environ
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name)
        if value:
            indonesian = value.lower().startswith(("id_", "id.", "in_")) or value == "id"
            return "id" if indonesian else "en"
    return "en"


def money(amount: float | None, lang: str = "id") -> str:
    """`Rp 4.500.000` in either language: whole rupiah, dots grouping; `-` when unknown."""
    if amount is None:
        return "-"
    return format_currency(
        round(amount), "IDR", format="¤ #,##0;-¤ #,##0", currency_digits=False,
        locale=MONEY_LOCALE,
    )  # fmt: skip


def number(value: float | None, lang: str = "id") -> str:
    return "-" if value is None else format_decimal(value, locale=LOCALES[_lang(lang)])


def percent(share: float | None, lang: str = "id", digits: int = 1) -> str:
    """`88,9%` in Indonesian, `88.9%` in English."""
    if share is None:
        return "-"
    pattern = "#,##0" + ("." + "0" * digits if digits else "") + "%"
    return format_percent(share, pattern, locale=LOCALES[_lang(lang)])


def day(value: date, lang: str = "id") -> str:
    """`22 Maret 2025` / `22 March 2025`."""
    return format_date(value, "d MMMM y", locale=LOCALES[_lang(lang)])


def month(period: str, lang: str = "id") -> str:
    """`2025-03` -> `Maret 2025` / `March 2025`."""
    year, mm = period.split("-")
    return format_date(date(int(year), int(mm), 1), "MMMM y", locale=LOCALES[_lang(lang)])


def _lang(lang: str) -> Lang:
    return "id" if lang == "id" else "en"
