"""Versioned contribution rules and minimum wages.

Figures that change by year (rates, JP ceilings, pension age, special relief
periods, minimum wages) live in data files under `rules/data/`, never in code,
so a new year or a corrected figure is a data change (or a user's override
file), and every estimate can name the rules version and sources it used.
"""

from __future__ import annotations

from underreport.rules.book import PeriodRules, RuleBook
from underreport.rules.contrib import contribution_expr
from underreport.rules.loader import load_rules
from underreport.rules.minwage import (
    NIK_TO_BPS_PROVINCE,
    MinimumWages,
    load_minimum_wages,
    to_bps_province,
)
from underreport.rules.model import PROGRAMS, RISK_CLASSES, SIZES

__all__ = [
    "NIK_TO_BPS_PROVINCE",
    "PROGRAMS",
    "RISK_CLASSES",
    "SIZES",
    "MinimumWages",
    "PeriodRules",
    "RuleBook",
    "contribution_expr",
    "load_minimum_wages",
    "load_rules",
    "to_bps_province",
]
