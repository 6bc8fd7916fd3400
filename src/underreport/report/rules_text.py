"""Rich rendering of `underreport rules`: the figures in force, each with its source.

A rule's source is the rules file's own citation, shown as written in the chosen language
(`RuleBook.describe`); it is escaped, as is every cell, so that Rich does not take a bracketed
note (`[uncertain: ...]`) for markup and drop it.
"""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from underreport.fmt import idr
from underreport.model.findings import SIZES
from underreport.model.i18n import labels, percent

L = labels(
    "rules-text",
    {
        "open": ("open", "terbuka"),
        "jkk": ("JKK by class: {jkk}; {rest}", "JKK menurut kelas: {jkk}; {rest}"),
        "share": ("{code} {employer} + {worker} worker", "{code} {employer} + {worker} pekerja"),
        "ceiling": ("JP wage ceiling {amount}", "batas upah JP {amount}"),
        "fine": ("{rate} a month on {programs}", "{rate} per bulan atas {programs}"),
        "age": ("pension age {age}", "usia pensiun {age}"),
        "title": ("Rules {version}", "Aturan {version}"),
        "in_force": (" in force in {year}", " yang berlaku pada {year}"),
        "uncertain": (" [uncertain: {why}]", " [belum pasti: {why}]"),
        "col_rule": ("Rule", "Aturan"),
        "col_period": ("Period", "Periode"),
        "col_figures": ("Figures", "Angka"),
        "col_source": ("Source", "Sumber"),
        "rates": ("rates", "tarif iuran"),
        "jp_ceiling": ("jp_ceiling", "batas upah JP"),
        "late_fine": ("late_fine", "denda keterlambatan"),
        "pension_age": ("pension_age", "usia pensiun"),
        "required_programs": ("required_programs", "program wajib"),
        "jkk_discount": ("jkk_discount", "potongan JKK"),
        "relief": ("relief", "keringanan"),
        "relief_figures": ("JKK {jkk} off, JKM {jkm} off", "potongan JKK {jkk}, JKM {jkm}"),
        "discount_figures": (
            "JKK {fraction} off for industries {industries}",
            "potongan JKK {fraction} bagi industri {industries}",
        ),
    },
)


def _span(p: dict[str, Any], lang: str) -> str:
    return f"{p['from']} .. {p.get('to') or L('open', lang)}"


def _figures(name: str, p: dict[str, Any], lang: str) -> str:
    if name == "rates":
        progs = p["programs"]
        jkk = ", ".join(
            f"{k} {percent(v, lang, 2)}" for k, v in progs["JKK"]["risk_classes"].items()
        )
        rest = ", ".join(
            L("share", lang, code=code, employer=percent(v["employer"], lang, 2),
              worker=percent(v["worker"], lang, 2))
            for code, v in progs.items() if code != "JKK"
        )  # fmt: skip
        return L("jkk", lang, jkk=jkk, rest=rest)
    if name == "jp_ceiling":
        return L("ceiling", lang, amount=idr(p["amount"]))
    if name == "late_fine":
        rate = percent(p["monthly"], lang, 0)
        return L("fine", lang, rate=rate, programs=", ".join(p["applies_to"]))
    if name == "pension_age":
        return L("age", lang, age=p["age"])
    if name == "required_programs":
        return "; ".join(f"{SIZES[size].get(lang) if size in SIZES else size}: {' '.join(codes)}"
                         for size, codes in p["sizes"].items())  # fmt: skip
    if name == "relief":
        return L("relief_figures", lang, jkk=percent(p.get("jkk", 0.0), lang, 0),
                 jkm=percent(p.get("jkm", 0.0), lang, 0))  # fmt: skip
    if name == "jkk_discount":
        return L("discount_figures", lang, fraction=percent(p["fraction"], lang, 0),
                 industries=", ".join(p["industries"]))  # fmt: skip
    keys = [k for k in p if k not in ("from", "to", "source", "certainty")]
    return ", ".join(f"{k} {p[k]}" for k in keys)


def render(description: dict[str, Any], console: Console, lang: str = "en") -> None:
    year = description.get("year")
    table = Table(
        title=L("title", lang, version=description["version"])
        + (L("in_force", lang, year=year) if year else ""),
        show_lines=True,
    )
    for key in ("rule", "period", "figures", "source"):
        table.add_column(L(f"col_{key}", lang), overflow="fold")
    for name, periods in description["rules"].items():
        for p in periods:
            source = p["source"] + (L("uncertain", lang, why=p["certainty"])
                                    if p.get("certainty") else "")  # fmt: skip
            cells = (L(name, lang) if name in L else name, _span(p, lang),
                     _figures(name, p, lang), source)  # fmt: skip
            table.add_row(*map(escape, cells))
    console.print(table)
