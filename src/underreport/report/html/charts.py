"""The report's charts: Vega-Lite specs made with Altair, drawn to SVG by vl-convert.

vl-convert runs Vega in-process (no browser, no network: `allowed_base_urls`
is empty), so the SVG is inlined in the page and prints as sharply as text.
Axis numbers are formatted with the Indonesian grouping (`Rp 2.000.000`),
as money is written in both languages.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import altair as alt
import vl_convert as vlc

from underreport.report.html.texts import L

SEVERITY_COLOURS = {"high": "#b3261e", "medium": "#e07b00", "low": "#d9b300"}
FORMAT_LOCALE = {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["Rp ", ""]}
NUMBER_LOCALE = {
    "id": FORMAT_LOCALE,
    "en": {"decimal": ".", "thousands": ",", "grouping": [3], "currency": ["Rp ", ""]},
}
FONT = "DejaVu Sans, Liberation Sans, Arial, sans-serif"


def svg(chart: alt.TopLevelMixin, lang: str, money: bool = True) -> str:
    """The chart as one `<svg>` element, with no XML prolog and no remote reference."""
    spec: dict[str, Any] = chart.to_dict()
    spec["config"] = {**spec.get("config", {}), "font": FONT, "view": {"stroke": None}}
    locale = FORMAT_LOCALE if money else NUMBER_LOCALE["id" if lang == "id" else "en"]
    return vlc.vegalite_to_svg(spec, format_locale=locale, allowed_base_urls=[])


def gap_bars(rows: Sequence[dict[str, Any]], lang: str) -> str:
    """One horizontal bar per employer, longest first, coloured by severity.

    `rows`: `label` (rank and name), `gap` (rupiah), `severity` (high/medium/low).
    """
    order = [L(s, lang) for s in SEVERITY_COLOURS]
    data = [{**r, "severity": L(r["severity"], lang)} for r in rows]
    base = alt.Chart(alt.InlineData(values=data)).encode(
        x=alt.X(
            "gap:Q",
            title=L("gap_axis", lang),
            axis=alt.Axis(format="$,.0f", tickCount=5),
            scale=alt.Scale(nice=True),
        ),
        y=alt.Y("label:N", sort=None, title=None, axis=alt.Axis(labelLimit=320, labelFontSize=11)),
    )
    bars = base.mark_bar().encode(
        color=alt.Color(
            "severity:N",
            title=L("severity", lang),
            scale=alt.Scale(domain=order, range=list(SEVERITY_COLOURS.values())),
            legend=alt.Legend(orient="bottom", direction="horizontal"),
        )
    )
    values = base.mark_text(align="left", dx=4, fontSize=10, color="#333").encode(
        text=alt.Text("gap:Q", format="$,.0f")
    )
    chart = (bars + values).properties(width=600, height=max(60, 22 * len(rows)))
    return svg(chart, lang)


def coverage_bars(rows: Sequence[dict[str, Any]], lang: str) -> str:
    """Coverage per region on a fixed 0-100 % axis (a share can never pass 100 %).

    `rows`: `region` (name), `coverage` (0-1).
    """
    chart = (
        alt.Chart(alt.InlineData(values=list(rows)))
        .mark_bar(color="#2f6f9f")
        .encode(
            x=alt.X(
                "coverage:Q",
                title=L("coverage_axis", lang),
                scale=alt.Scale(domain=[0, 1]),
                axis=alt.Axis(format=".0%"),
            ),
            y=alt.Y("region:N", sort=None, title=None, axis=alt.Axis(labelLimit=260)),
        )
        .properties(width=480, height=max(40, 22 * len(rows)))
    )
    return svg(chart, lang, money=False)


def sparkline(points: Sequence[dict[str, Any]], runs: Sequence[int], lang: str) -> str:
    """The monthly gap per recorded run: a small line with a point per run that saw it.

    `points`: `run` (run id), `gap` (rupiah); `runs`: every run id, for the x axis.
    """
    x = alt.X(
        "run:O",
        title=None,
        scale=alt.Scale(domain=[str(r) for r in runs]),
        axis=alt.Axis(labelAngle=0, labelFontSize=10, ticks=False, domain=False),
    )
    y = alt.Y("gap:Q", title=None, axis=None, scale=alt.Scale(zero=True))
    data = [{"run": str(p["run"]), "gap": p["gap"]} for p in points]
    base = alt.Chart(alt.InlineData(values=data)).encode(x=x, y=y)
    line = base.mark_line(color="#b3261e", strokeWidth=2)
    dots = base.mark_point(color="#b3261e", filled=True, size=36)
    chart = (line + dots).properties(width=max(120, 36 * len(runs)), height=40)
    return svg(chart, lang)
