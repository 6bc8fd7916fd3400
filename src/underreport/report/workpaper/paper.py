"""The working paper's content, in one language, before it is laid out as a workbook or a page.

Both writers read this one `Paper`, so the workbook and the web page cannot say different
things. Money is taken from the reconciliation as it is (the employer's finding and each
worker's line), never priced again here: the only figure this module makes is a worker's
wage not reported (paid less reported, or all of it when not covered), whose sum is the
finding's `wage_gap_idr` (tested on sample_data). Each worker's gap is rounded on its own
and the employer's once, so the rows may miss the total by a rupiah or two: the paper says
so under the table rather than show a column that does not add up without a word.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from underreport.model.findings import CATALOGUE
from underreport.model.i18n import Lang, money, month, percent
from underreport.model.result import EmployerStory, ReconcileResult, WorkerLine
from underreport.report.workpaper.labels import L
from underreport.rules.book import PeriodRules, RuleBook

KINDS = {"UNREGISTERED_EMPLOYER": "PWBD", "UNREGISTERED_WORKER": "PDS_TK",
         "WAGE_UNDERREPORTED": "PDS_UPAH", "PROGRAM_MISSING": "PDS_PROGRAM"}  # fmt: skip
"""Finding code -> BPJS's kind of non-compliance, in the order the form lists them."""
LISTED = ("UNREGISTERED", "UNREGISTERED_INACTIVE", "WAGE_UNDERREPORTED", "PROGRAM_MISSING")
NOT_COVERED = ("UNREGISTERED", "UNREGISTERED_INACTIVE")
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV", 5: "V"}

Value = str | int | float | date | None


@dataclass(frozen=True)
class Line:
    """One labelled value; `kind` says how a workbook formats it."""

    label: str
    value: Value
    kind: str = "text"
    """text, count, money, rate or date."""
    note: str = ""

    def shown(self, lang: Lang) -> str:
        from underreport.model.i18n import day, number

        v = self.value
        if v is None:
            return ""
        if self.kind == "money" and isinstance(v, int | float):
            return money(v, lang)
        if self.kind == "rate" and isinstance(v, float):
            return percent(v, lang, digits=2)
        if isinstance(v, date):
            return day(v, lang)
        if isinstance(v, int | float):
            return number(v, lang)
        return str(v)


@dataclass(frozen=True)
class Row:
    """One worker of section A; money in whole rupiah, None where it does not apply."""

    no: int | None
    nik: str
    name: str
    finding: str
    paid: int | None
    reported: int | None
    gap: int | None
    owed: int | None
    match: str


@dataclass(frozen=True)
class Signature:
    heading: str
    name: str
    position: str = ""
    day: str = ""


@dataclass(frozen=True)
class Paper:
    lang: Lang
    employer_id: str
    title: str
    subtitle: str
    identity: list[Line]
    a_title: str
    a_note: str
    a_header: list[str]
    a_rows: list[Row]
    a_total: Row | None
    a_rounding: str
    """Said when the rounded rows do not add up to the total the reconciliation rounded once."""
    b_title: str
    b_lines: list[Line]
    c_title: str
    c_findings: list[str]
    c_basis: list[str]
    signatures: list[Signature]
    made_by: str
    privacy: str
    footer: str
    show_nik: bool = False
    texts: dict[str, str] = field(default_factory=dict)
    """Labels the writers need beside the content (section C headings, signature lines)."""


def kinds(story: EmployerStory) -> list[str]:
    """BPJS's kinds of non-compliance the employer's findings amount to (`PWBD`, `PDS_TK`...)."""
    codes = {f.code for f in story.finding.findings} if story.finding else set()
    return [kind for code, kind in KINDS.items() if code in codes]


def _basis(w: WorkerLine, lang: Lang) -> str:
    if w.match_basis is None:
        return "-"
    if w.enrolment == "not enrolled" and w.match_basis in ("nik", "name"):
        basis = L(f"b_unregistered_{w.match_basis}", lang)
    else:
        basis = L(f"b_{w.match_basis}", lang)
    return basis if w.match_tier is None else L("tier", lang, tier=w.match_tier, basis=basis)


def _row(no: int, w: WorkerLine, lang: Lang) -> Row:
    finding = w.finding or ""
    if finding == "PROGRAM_MISSING":
        text = L("f_PROGRAM_MISSING", lang, programs=", ".join(w.missing_programs))
    else:
        text = L(f"f_{finding}", lang) if f"f_{finding}" in L else L("f_other", lang)
    paid, reported = w.contribution_wage_idr, w.reported_wage_idr
    gap = None
    if finding in NOT_COVERED:
        gap = paid
    elif finding == "WAGE_UNDERREPORTED" and paid is not None:
        gap = paid - (reported or 0)
    return Row(no, w.nik or "-", w.worker_name or "-", text, paid,
               None if w.enrolment == "not enrolled" else reported, gap,
               w.contribution_gap_idr, _basis(w, lang))  # fmt: skip


def _jkk(story: EmployerStory, rules: PeriodRules, risk_class: int | None, lang: Lang) -> Line:
    rates = sorted({w.jkk_rate for w in story.workers if w.jkk_rate is not None})
    default = risk_class is None and any(w.jkk_rate_is_default for w in story.workers)
    if not rates:
        rates = [rules.jkk_rate(risk_class or 1)]
        default = risk_class is None
    note = L("b_jkk_default", lang) if default else (
        L("b_jkk_class", lang, cls=ROMAN.get(risk_class or 0, "?")) if risk_class else ""
    )  # fmt: skip
    value: Value = rates[0] if len(rates) == 1 else ", ".join(percent(r, lang, 2) for r in rates)
    return Line(L("b_jkk", lang), value, "rate", note)


CITATION = re.compile(
    r"\b(?:UU|PP|Perpres|Permenaker|Kepmenaker|Perda|Pergub)\s+\d+/\d{4}"
    r"(?:\s+art\.\s*\d+)?(?:\s*\([^)]*\))?"
)


def cite(source: str, lang: Lang, spoken: str | None = None) -> str:
    """A rule's source as the paper cites it. In Indonesian, the rules file's Indonesian
    note `spoken` (`source_id`); a user's rules file without one is cited by the regulations
    its English note names alone (`PP 45/2015 Pasal 19`), or whole when it names none.
    How certain a figure is belongs with the figure (section B), not with the legal basis."""
    if lang != "id":
        return source.split(" (certainty: ")[0]
    if spoken is not None:
        return spoken.split(" (belum pasti: ")[0]
    found = [c.replace(" art. ", " Pasal ").replace("art.", "Pasal") for c in
             CITATION.findall(source)]  # fmt: skip
    return "; ".join(dict.fromkeys(found)) or source


def _findings(story: EmployerStory, lang: Lang) -> list[str]:
    out = []
    for ref in story.finding.findings if story.finding else []:
        entry = CATALOGUE.get(ref.code)
        if entry is None or entry.kind != "finding":
            continue
        parts = [L("b_workers_unit", lang, n=ref.workers)] if ref.workers else []
        parts += [money(ref.amount_idr, lang)] if ref.amount_idr else []
        out.append(entry.title.get(lang) + (f" ({', '.join(parts)})" if parts else ""))
    return out


def _unpaid(story: EmployerStory, affected: int) -> list[str]:
    """The months with contributions unpaid, named only when they count `affected` (the
    reconciliation's figure): a list that disagreed with it would be shown as if it did not."""
    if story.months:
        gaps: dict[str, int] = {}
        for m in story.months:
            gaps[m.period] = gaps.get(m.period, 0) + m.contribution_gap_idr
        unpaid = sorted(p for p, gap in gaps.items() if gap > 0)
    else:
        unpaid = [story.period] if affected else []
    return unpaid if len(unpaid) == affected else []


def _ceilings(book: RuleBook, periods: list[str], lang: Lang) -> list[Line]:
    """The JP ceiling of each month inspected: one line per ceiling (a run over March has two)."""
    found: dict[float, list[str]] = {}
    for period in periods:
        found.setdefault(book.at(period).jp_ceiling, []).append(period)
    lines = []
    for ceiling, months in found.items():
        rules = book.at(months[0])
        note = L("b_ceiling_note", lang, month=month(book.ceiling_since(months[0]), lang))
        if len(found) > 1:
            note += ": " + ", ".join(month(p, lang) for p in months)
        if "(certainty:" in rules.sources.get("jp_ceiling", ""):
            note += L("b_uncertain", lang)
        lines.append(Line(L("b_ceiling", lang), round(ceiling), "money", note))
    return lines


def build(
    story: EmployerStory,
    result: ReconcileResult,
    book: RuleBook,
    *,
    reference: dict[str, Any] | None = None,
    lang: Lang = "en",
    inspector: str | None = None,
    show_nik: bool = False,
    tool_version: str = "",
    today: date | None = None,
) -> Paper:
    """The working paper of `story`'s employer, from its reconciliation and the rules used."""
    from underreport.model.i18n import day

    ref = reference or {}
    rules = book.at(story.period)
    f = story.finding
    periods = result.periods or [story.period]
    found = kinds(story)
    identity = [
        Line(L("employer_name", lang), story.employer_name or ref.get("employer_name") or ""),
        Line(L("address", lang), ref.get("address") or ""),
        Line(L("npp", lang), story.employer_id),
        Line(L("npwp", lang), ref.get("npwp") or ""),
        Line(L("months", lang), ", ".join(month(p, lang) for p in periods)),
        Line(L("inspection", lang), L("inspection_boxes", lang)),
        Line(L("kinds", lang), "; ".join(L(f"kind_{k}", lang) for k in found)
             or L("kind_none", lang)),
    ]  # fmt: skip
    listed = [w for w in story.workers if w.finding in LISTED or w.contribution_gap_idr > 0]
    rows = [_row(i, w, lang) for i, w in enumerate(listed, start=1)]
    total, rounding = None, ""
    if f is not None and rows:
        total = Row(None, "", L("total_row", lang), "", None, None, f.wage_gap_idr,
                    f.monthly_contribution_gap_idr, "")  # fmt: skip
        added = sum(r.owed or 0 for r in rows)
        if added != f.monthly_contribution_gap_idr:
            rounding = L("a_rounding", lang, rows=money(added, lang),
                         total=money(f.monthly_contribution_gap_idr, lang))  # fmt: skip
    as_of = result.as_of
    b = [
        Line(L("b_unregistered", lang), f.unregistered_workers if f else 0, "count"),
        Line(L("b_underreported", lang), f.underreported_wage_workers if f else 0, "count"),
    ]
    if f is not None and f.program_missing_workers:
        b.append(Line(L("b_program", lang), f.program_missing_workers, "count",
                      ", ".join(f.missing_programs)))  # fmt: skip
    b += [
        Line(L("b_months", lang), f.months_affected if f else 0, "count",
             ", ".join(month(p, lang) for p in _unpaid(story, f.months_affected if f else 0))),
        Line(L("b_monthly", lang, month=month(story.period, lang)),
             f.monthly_contribution_gap_idr if f else 0, "money"),
        Line(L("b_principal", lang), f.arrears_principal_idr if f else 0, "money"),
        Line(L("b_fine", lang), f.late_fine_idr if f else 0, "money",
             L("b_fine_note", lang, rate=percent(rules.late_fine_monthly, lang, 0),
               day=day(as_of, lang)) if as_of else ""),
        Line(L("b_total", lang), f.arrears_total_idr if f else 0, "money"),
        *_ceilings(book, periods, lang),
        _jkk(story, rules, ref.get("risk_class"), lang),
        Line(L("b_as_of", lang), as_of, "date"),
        Line(L("b_rules", lang), L("b_rules_note", lang, version=result.rules_version)),
    ]  # fmt: skip
    sources = list(dict.fromkeys(
        L("c_rule", lang, rule=L(f"rule_{name}", lang),
          source=cite(text, lang, rules.sources_id.get(name)))
        for name, text in rules.sources.items() if f"rule_{name}" in L
    ))  # fmt: skip
    made = today or date.today()
    return Paper(
        lang=lang, employer_id=story.employer_id, title=L("title", lang),
        subtitle=L("subtitle", lang, period=", ".join(month(p, lang) for p in periods)),
        identity=identity, a_title=L("section_a", lang),
        a_note=L("section_a_note", lang, month=month(story.period, lang)),
        a_header=[L(k, lang) for k in ("col_no", "col_nik", "col_name", "col_finding",
                                       "col_paid", "col_reported", "col_gap", "col_owed",
                                       "col_match")],
        a_rows=rows, a_total=total, a_rounding=rounding, b_title=L("section_b", lang), b_lines=b,
        c_title=L("section_c", lang), c_findings=_findings(story, lang),
        c_basis=[L("c_uu15", lang), L("c_uu19", lang), *sources],
        signatures=[Signature(L("prepared", lang), inspector or ""),
                    Signature(L("reviewed", lang), "")],
        made_by=L("made_by", lang, tool=tool_version, rules=result.rules_version,
                  day=day(made, lang), months=", ".join(month(p, lang) for p in periods)),
        privacy=L("shown" if show_nik else "masked", lang),
        footer=L("footer", lang, npp=story.employer_id), show_nik=show_nik,
        texts={k: L(k, lang) for k in ("c_findings", "c_basis", "c_response", "sig_name",
                                       "sig_position", "sig_date", "sig_sign", "no_workers",
                                       "identity", "sheet", "page")},
    )  # fmt: skip
