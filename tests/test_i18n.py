"""Money, dates and the default language, as people in each language read them."""

from datetime import date

import pytest

from underreport.model.i18n import day, default_lang, labels, money, month, percent


def test_money_is_written_the_indonesian_way_in_both_languages() -> None:
    assert money(4_500_000, "id") == "Rp 4.500.000"
    assert money(4_500_000, "en") == "Rp 4.500.000"
    assert money(-1234.6, "id") == "-Rp 1.235"
    assert money(None) == "-"


def test_dates_and_months_in_each_language() -> None:
    assert day(date(2025, 3, 22), "id") == "22 Maret 2025"
    assert day(date(2025, 3, 22), "en") == "22 March 2025"
    assert month("2025-05", "id") == "Mei 2025"
    assert month("2025-05", "en") == "May 2025"


def test_percentages_use_the_language_s_decimal_mark() -> None:
    assert percent(0.8889, "id") == "88,9%"
    assert percent(0.8889, "en") == "88.9%"


@pytest.mark.parametrize(
    ("env", "lang"),
    [
        ({"LANG": "id_ID.UTF-8"}, "id"),
        ({"LANG": "en_US.UTF-8"}, "en"),
        ({"LC_ALL": "id_ID.UTF-8", "LANG": "en_US.UTF-8"}, "id"),
        ({"LC_ALL": "C", "LANG": "id_ID.UTF-8"}, "en"),
        ({"LC_MESSAGES": "id_ID", "LANG": "C"}, "id"),
        ({}, "en"),
    ],
)
def test_the_locale_chooses_the_default_language(env: dict[str, str], lang: str) -> None:
    assert default_lang(env) == lang


def test_a_label_takes_values() -> None:
    made = labels("test-only", {"greeting": ("{n} employers", "{n} pemberi kerja")})
    assert made("greeting", "id", n=3) == "3 pemberi kerja"
    assert made("greeting", "en", n=3) == "3 employers"
