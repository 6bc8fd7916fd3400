"""The worker-level story of one employer, built from a reconciliation."""

from __future__ import annotations

from typing import Any

import polars as pl

from underreport.model.errors import UsageError
from underreport.model.result import EmployerStory, WorkerLine, WorkerMonth
from underreport.privacy import mask_text
from underreport.reconcile import Reconciliation

_ORDER = {"UNREGISTERED": 0, "UNREGISTERED_INACTIVE": 1, "WAGE_UNDERREPORTED": 2,
          "PROGRAM_MISSING": 3}  # fmt: skip


def _int(value: Any) -> int | None:
    return None if value is None else round(value)


def _keyed(r: dict[str, Any]) -> bool:
    """A whole NIK left unjudged (a possible re-save of an enrolled one), not a missing one."""
    nik = r["nik"] or ""
    return len(nik) == 16 and nik.isdigit() and not r.get("nik_damaged")


def _source(r: dict[str, Any]) -> str:
    sheet = f", sheet {r['_sheet']}" if r.get("_sheet") else ""
    return f"{r['_file']}{sheet}, row {r['_row']}"


def _as_written(key: str | None) -> str | None:
    """The enrolment's NIK as written: a keyless one is keyed `<NIK>~<name>` (see
    `workers.enrolment_by_worker`), and the name must not show in the NIK column."""
    return (key.split("~", 1)[0] or None) if key else None


def explain(rec: Reconciliation, employer_id: str, show_nik: bool = False) -> EmployerStory:
    """A worker lacking a required programme is `PROGRAM_MISSING`, as in the workers export:
    the employer's gap counts that worker, so a blank finding would hide part of it."""

    def nik(value: str | None) -> str | None:
        return value if show_nik else mask_text(value)

    workers = rec.workers.filter(pl.col("employer_id") == employer_id)
    unrec = rec.unreconcilable.filter(pl.col("employer_id") == employer_id)
    gone = rec.not_on_payroll.filter(pl.col("employer_id") == employer_id)
    if workers.height + unrec.height == 0:
        known = rec.workers["employer_id"].unique().sort().head(5).to_list()
        raise UsageError(
            f"employer {employer_id!r} is not on the {rec.result.period} payroll "
            f"(employers there include {', '.join(known)})"
        )
    lines = []
    for r in workers.iter_rows(named=True):
        status = "active" if r["active"] else "non-active" if r["enrolled_any"] else "not enrolled"
        lines.append(
            WorkerLine(
                nik=nik(r["nik"]), worker_name=r["worker_name"],
                contribution_wage_idr=_int(r["contribution_wage"]), enrolment=status,
                reported_wage_idr=_int(r["reported_wage"]), match_tier=r.get("match_tier"),
                match_basis=r.get("match_basis"), match_reason=r.get("match_reason"),
                finding=r["finding"] or ("PROGRAM_MISSING" if r.get("program_missing") else None),
                contribution_gap_idr=round(r["contribution_gap"]), source=_source(r),
                missing_programs=r["missing_programs"] or [], jkk_rate=r["jkk_rate"],
                jkk_rate_is_default=r["risk_class"] is None,
                owed_programs=[p for p in ("JKK", "JKM", "JHT", "JP") if r.get(f"owes_{p}")],
            )
        )  # fmt: skip
    lines.sort(key=lambda w: (_ORDER.get(w.finding or "", 9), -(w.contribution_gap_idr)))
    for r in unrec.iter_rows(named=True):
        lines.append(
            WorkerLine(
                nik=nik(r["nik"]), worker_name=r["worker_name"],
                contribution_wage_idr=_int(r["contribution_wage"]),
                enrolment="not judged" if _keyed(r) else "no usable NIK",
                reported_wage_idr=None, match_tier=None, match_reason=r.get("match_reason"),
                finding=None, contribution_gap_idr=0, source=_source(r),
            )
        )  # fmt: skip
    leavers = [
        WorkerLine(
            nik=nik(_as_written(r["nik"])), worker_name=r["enrolled_name"],
            contribution_wage_idr=None,
            enrolment="active", reported_wage_idr=_int(r["reported_wage"]), match_tier=None,
            finding="ENROLLED_NOT_ON_PAYROLL", contribution_gap_idr=0, source="enrolment export",
        )
        for r in gone.iter_rows(named=True)
    ]  # fmt: skip
    finding = next((e for e in rec.result.employers if e.employer_id == employer_id), None)
    name = (workers["employer_name"].drop_nulls().to_list() or unrec["employer_name"].to_list()
            or [None])[0] or (finding.employer_name if finding else None)  # fmt: skip
    months = []
    if len(rec.result.periods) > 1:
        rows = rec.months.filter(pl.col("employer_id") == employer_id).sort("period", "nik")
        months = [
            WorkerMonth(
                period=r["period"], nik=nik(r["nik"]), worker_name=r["worker_name"],
                contribution_wage_idr=_int(r["contribution_wage"]),
                covered=bool(r["active"]), reported_wage_idr=_int(r["reported_wage"]),
                owed_programs=[p for p in ("JKK", "JKM", "JHT", "JP") if r.get(f"owes_{p}")],
                jkk_rate=r["jkk_rate"], contribution_gap_idr=round(r["contribution_gap"]),
            )
            for r in rows.iter_rows(named=True)
        ]  # fmt: skip
    return EmployerStory(
        period=rec.result.period, employer_id=employer_id, employer_name=name, finding=finding,
        workers=lines, enrolled_not_on_payroll=leavers, months=months,
    )  # fmt: skip
