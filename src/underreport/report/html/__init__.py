"""The one-file HTML report: summary, ranking with reasons, charts, coverage and trends.

Self-contained by construction: the CSS is inlined from the package's
template folder and every chart is an inline SVG drawn by vl-convert, so the
file opens, prints and is handed over with no network and no JavaScript.
Only employer-level figures are shown: the report never holds a NIK or a
worker's name.
"""

from __future__ import annotations

import csv
import functools
import io
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from underreport import __version__
from underreport.coverage import UNKNOWN, CoverageResult
from underreport.history.models import RunSummary
from underreport.model import i18n, quality
from underreport.model.result import EmployerFinding, ReconcileResult
from underreport.report.export.atomic import staged
from underreport.report.html import charts
from underreport.report.html.texts import L

GAP_BARS = 40
"""Bars in the gap chart: past this a chart stops being readable; the ranking lists all."""
TRENDS = 100
"""Employers with a trend line, by rank: each is one small chart."""


@dataclass(frozen=True)
class Trends:
    """What the case register holds for the report: its runs and each employer's gaps."""

    register: str
    runs: Sequence[RunSummary]
    gaps: Mapping[str, Mapping[int, int]]
    """Employer -> run id -> monthly gap (0: seen, not flagged), from `history.query`."""


def write_html(
    out: Path,
    result: ReconcileResult,
    lang: i18n.Lang,
    coverage: CoverageResult | None = None,
    trends: Trends | None = None,
) -> Path:
    """Write the report to `out` atomically (a temporary file beside it, then a rename)."""
    page = render_html(result, lang, coverage, trends)
    with staged() as staging:
        staging.path_for(out).write_text(page, encoding="utf-8")
    return out


def render_html(
    result: ReconcileResult,
    lang: i18n.Lang,
    coverage: CoverageResult | None = None,
    trends: Trends | None = None,
) -> str:
    env = Environment(
        loader=PackageLoader("underreport.report.html", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    t = functools.partial(_label, lang=lang)
    return env.get_template("report.html.j2").render(
        t=t,
        lang=lang,
        version=__version__,
        summary=_summary(result, lang),
        ranking=[_row(e, lang) for e in result.employers],
        gap_chart=_gap_chart(result.employers, lang),
        flagged=len(result.employers),
        shown_bars=min(GAP_BARS, len(result.employers)),
        coverage=_coverage(coverage, lang) if coverage is not None else None,
        trends=_trends(trends, result.employers, lang) if trends is not None else None,
    )


def _label(key: str, lang: str, **values: object) -> str:
    return L(key, lang, **values)


def _summary(result: ReconcileResult, lang: str) -> dict[str, Any]:
    s, money = result.summary, functools.partial(i18n.money, lang=lang)
    number = functools.partial(i18n.number, lang=lang)
    month = i18n.month(result.period, lang)
    periods = result.periods or [result.period]
    totals = [
        ("employers", number(s.employers)),
        ("flagged", number(s.flagged_employers)),
        ("unregistered_employers", number(s.unregistered_employers)),
        ("payroll_workers", number(s.payroll_workers)),
        ("enrolled_workers", number(s.enrolled_workers)),
        ("unregistered_workers", number(s.unregistered_workers)),
        ("underreported", number(s.underreported_wage_workers)),
        ("not_reconcilable", number(s.not_reconcilable_workers)),
        ("gap_total", money(s.monthly_contribution_gap_idr)),
    ]
    if s.arrears_total_idr:
        totals.append(("arrears_total", money(s.arrears_total_idr)))
    severities: Counter[str] = Counter(e.severity for e in result.employers)
    run = [
        ("period", L(f"period_{result.period_chosen}", lang, month=month)),
        ("generated", i18n.day(result.generated_at.date(), lang)),
        ("versions", f"underreport {result.tool_version} · {result.rules_version}"),
    ]
    if len(periods) > 1:
        run.insert(1, ("months", ", ".join(i18n.month(p, lang) for p in periods)))
    if result.as_of is not None:
        run.append(("as_of", i18n.day(result.as_of, lang)))
    return {
        "period": month,
        "run": run,
        "totals": totals,
        "severities": [(k, L(k, lang), severities.get(k, 0)) for k in charts.SEVERITY_COLOURS],
        "inputs": [
            {
                "file": Path(f.path).name,
                "sheet": f.sheet or "",
                "kind": L(f"kind_{f.kind}", lang),
                "read": number(f.rows_read),
                "skipped": number(f.rows_skipped),
            }
            for f in result.inputs
        ],
        "quality_total": number(result.data_quality_total),
        "quality": [
            (code, quality.title(code, lang), n)
            for code, n in sorted(
                result.data_quality_counts.items(), key=lambda kv: (-kv[1], kv[0])
            )
        ],
    }


def _name(e: EmployerFinding, lang: str) -> str:
    return e.employer_name or L("unnamed", lang)


def _row(e: EmployerFinding, lang: str) -> dict[str, Any]:
    return {
        "rank": e.rank,
        "npp": e.employer_id,
        "name": _name(e, lang),
        "registered": e.registered,
        "workers": i18n.number(e.payroll_workers, lang),
        "unregistered": i18n.number(e.unregistered_workers, lang),
        "underreported": i18n.number(e.underreported_wage_workers, lang),
        "coverage": i18n.percent(e.coverage_ratio, lang),
        "gap": i18n.money(e.monthly_contribution_gap_idr, lang),
        "severity": e.severity,
        "severity_label": L(e.severity, lang),
        "case": L(e.case_status, lang) if e.case_status else "",
        "reasons": e.reasons,
    }


def _gap_chart(employers: Sequence[EmployerFinding], lang: str) -> Markup | None:
    rows = [
        {
            "label": f"{e.rank}. {_name(e, lang)} ({e.employer_id})",
            "gap": e.monthly_contribution_gap_idr,
            "severity": e.severity,
        }
        for e in employers[:GAP_BARS]
    ]
    return Markup(charts.gap_bars(rows, lang)) if rows else None


@functools.cache
def province_names() -> dict[str, str]:
    """Province code -> name, from the shipped minimum-wage table (the codes the rules use)."""
    text = files("underreport.rules").joinpath("data", "ump.csv").read_text("utf-8")
    return {r["province_code"].strip(): r["province"] for r in csv.DictReader(io.StringIO(text))}


def _region(group: str, lang: str) -> tuple[str, str]:
    """A coverage group's name as people read it, and where its region came from."""
    if group == UNKNOWN:
        return L("region_unknown", lang), L("basis_unknown", lang)
    code, nik = group.removesuffix(" (NIK)"), group.endswith("(NIK)")
    name = province_names().get(code)
    shown = f"{name} ({code})" if name else code
    return shown, L("basis_nik" if nik else "basis_reference", lang)


def _coverage(result: CoverageResult, lang: str) -> dict[str, Any]:
    rows = []
    for g in result.groups:
        region, basis = _region(g.group, lang)
        rows.append(
            {
                "region": region,
                "basis": basis,
                "employers": i18n.number(g.employers, lang),
                "known": i18n.number(g.known_workers, lang),
                "covered": i18n.number(g.covered_workers, lang),
                "coverage": i18n.percent(g.coverage_ratio, lang),
                "ratio": g.coverage_ratio,
                "gap": i18n.money(g.monthly_contribution_gap_idr, lang),
            }
        )
    o = result.overall
    chart = [
        {"region": r["region"], "coverage": r["ratio"]} for r in rows if r["ratio"] is not None
    ]
    return {
        "rows": rows,
        "overall": {
            "known": i18n.number(o.known_workers, lang),
            "covered": i18n.number(o.covered_workers, lang),
            "employers": i18n.number(o.employers, lang),
            "coverage": i18n.percent(o.coverage_ratio, lang),
            "gap": i18n.money(o.monthly_contribution_gap_idr, lang),
        },
        "chart": Markup(charts.coverage_bars(chart, lang)) if chart else None,
    }


def _trends(trends: Trends, employers: Sequence[EmployerFinding], lang: str) -> dict[str, Any]:
    run_ids = [r.run_id for r in trends.runs]
    rows = []
    for e in employers[:TRENDS] if run_ids else []:
        gaps = trends.gaps.get(e.employer_id, {})
        points = [{"run": run, "gap": gap} for run, gap in gaps.items()]
        rows.append(
            {
                "rank": e.rank,
                "npp": e.employer_id,
                "name": _name(e, lang),
                "first": i18n.money(points[0]["gap"], lang) if points else "",
                "last": i18n.money(points[-1]["gap"], lang) if points else "",
                "chart": Markup(charts.sparkline(points, run_ids, lang)) if points else None,
            }
        )
    return {
        "register": trends.register,
        "runs": [
            {
                "id": r.run_id,
                "day": i18n.day(r.run_time.date(), lang),
                "period": i18n.month(r.period, lang),
                "flagged": i18n.number(r.flagged_employers, lang),
                "gap": i18n.money(r.total_gap_idr, lang),
            }
            for r in trends.runs
        ],
        "rows": rows,
        "limited": len(employers) > TRENDS and bool(run_ids),
        "shown": min(TRENDS, len(employers)),
    }
