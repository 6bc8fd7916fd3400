"""Rich rendering of `underreport rules`: the figures in force, each with its source."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table

from underreport.fmt import idr


def _span(p: dict[str, Any]) -> str:
    return f"{p['from']} .. {p.get('to') or 'open'}"


def _figures(name: str, p: dict[str, Any]) -> str:
    if name == "rates":
        progs = p["programs"]
        jkk = ", ".join(f"{k} {v:.2%}" for k, v in progs["JKK"]["risk_classes"].items())
        rest = ", ".join(
            f"{code} {v['employer']:.2%} + {v['worker']:.2%} worker"
            for code, v in progs.items() if code != "JKK"
        )  # fmt: skip
        return f"JKK by class: {jkk}; {rest}"
    if name == "jp_ceiling":
        return f"JP wage ceiling {idr(p['amount'])}"
    if name == "late_fine":
        return f"{p['monthly']:.0%} a month on {', '.join(p['applies_to'])}"
    if name == "pension_age":
        return f"pension age {p['age']}"
    if name == "required_programs":
        return "; ".join(f"{size}: {' '.join(codes)}" for size, codes in p["sizes"].items())
    keys = [k for k in p if k not in ("from", "to", "source", "certainty")]
    return ", ".join(f"{k} {p[k]}" for k in keys)


def render(description: dict[str, Any], console: Console) -> None:
    year = description.get("year")
    table = Table(
        title=f"Rules {description['version']}" + (f" in force in {year}" if year else ""),
        show_lines=True,
    )
    for col in ("Rule", "Period", "Figures", "Source"):
        table.add_column(col, overflow="fold")
    for name, periods in description["rules"].items():
        for p in periods:
            source = p["source"] + (f" [uncertain: {p['certainty']}]" if p.get("certainty") else "")
            table.add_row(name, _span(p), _figures(name, p), source)
    console.print(table)
