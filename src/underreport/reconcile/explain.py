"""The worker-level story of one employer, built from a reconciliation."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

import polars as pl

from underreport.model.errors import UsageError
from underreport.model.i18n import labels
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
    # Ties by name and source, so two runs on the same files print the same story.
    lines.sort(key=lambda w: (_ORDER.get(w.finding or "", 9), -(w.contribution_gap_idr),
                              w.worker_name or "", w.source))  # fmt: skip
    for r in unrec.sort("_file", "_sheet", "_row", nulls_last=True).iter_rows(named=True):
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
        for r in gone.sort("nik", "enrolled_name", nulls_last=True).iter_rows(named=True)
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


LOOKUP = labels(
    "employer-lookup",
    {"matched": ("matched {query} to NPP {npp} ({name})",
                 "{query} dicocokkan dengan NPP {npp} ({name})")},
)  # fmt: skip
NAME_CUTOFF = 80.0
"""token_set_ratio (0-100) of normalised names a name query must reach to be a candidate."""
CONTENDERS = 10.0
"""Candidates within this many points of the best are told apart by a person, not the tool."""


@dataclass(frozen=True)
class EmployerMatch:
    """The employer a query named: by its NPP, or by a unique fuzzy match of its name."""

    employer_id: str
    employer_name: str | None
    by: Literal["npp", "name"]
    score: float = 100.0

    def said(self, query: str, lang: str = "en") -> str | None:
        """What a person is told when the tool chose the employer from a name."""
        if self.by == "npp":
            return None
        return LOOKUP("matched", lang, query=repr(query), npp=self.employer_id,
                      name=self.employer_name or "-")  # fmt: skip


def employers_of(rec: Reconciliation) -> pl.DataFrame:
    """The run's employers on the payroll (`employer_id`, `employer_name`), one row each."""
    cols = ["employer_id", "employer_name"]
    named = pl.DataFrame(
        [(e.employer_id, e.employer_name) for e in rec.result.employers],
        schema={"employer_id": pl.String, "employer_name": pl.String}, orient="row",
    )  # fmt: skip
    present = pl.concat([rec.workers.select(cols), rec.unreconcilable.select(cols)])
    return (
        present.join(named, on="employer_id", how="left", suffix="_finding")
        .group_by("employer_id", maintain_order=True)
        .agg(pl.coalesce("employer_name", "employer_name_finding").drop_nulls().first())
        .sort("employer_id")
    )


def _listed(rows: list[tuple[str, str | None]]) -> str:
    return "; ".join(f"{npp} {name or '(no name)'}" for npp, name in rows)


def find_employer(rec: Reconciliation, query: str) -> EmployerMatch:
    """The employer `query` names: its exact NPP first, then a unique fuzzy match of its name.

    Names are compared without legal forms or punctuation (`names.normalise_employer`) by
    rapidfuzz's token_set_ratio, so `Global Makmur` finds `PT. Global Makmur Tekstil`.
    Several names as close as the best are refused with the candidates, never guessed.
    """
    from rapidfuzz import fuzz, process

    from underreport.names import normalise_employer

    known = employers_of(rec)
    ids: list[str] = known["employer_id"].to_list()
    names: list[str | None] = known["employer_name"].to_list()
    given = query.strip()
    keys = [given, given.replace(" ", "").replace("-", "")]
    if keys[1].isdigit() and len(keys[1]) < 8:  # a spreadsheet dropped the leading zeros
        keys.append(keys[1].zfill(8))
    for key in keys:
        if key in ids:
            return EmployerMatch(key, names[ids.index(key)], "npp")
    where = f"the {rec.result.period} payroll"
    if not ids:
        raise UsageError(f"employer {given!r} is not on {where}: it holds no employer")
    if sum(c.isdigit() for c in keys[1]) >= 5 and keys[1].isalnum():
        close = process.extract(keys[1], ids, scorer=fuzz.ratio, limit=3)
        raise UsageError(
            f"NPP {given!r} is not on {where}; closest NPPs: "
            + _listed([(ids[i], names[i]) for _, _, i in close])
        )
    wanted = normalise_employer(given)
    scored = process.extract(
        wanted, [normalise_employer(n) for n in names], scorer=fuzz.token_set_ratio, limit=None
    )
    exact = [i for text, _, i in scored if text == wanted]
    if len(exact) == 1:
        return EmployerMatch(ids[exact[0]], names[exact[0]], "name", 100.0)
    best = scored[0][1] if scored else 0.0
    contenders = [(s, i) for _, s, i in scored if s >= NAME_CUTOFF and s >= best - CONTENDERS]
    if len(contenders) == 1:
        score, i = contenders[0]
        return EmployerMatch(ids[i], names[i], "name", round(score, 1))
    if contenders:
        raise UsageError(
            f"{given!r} fits {len(contenders)} employers on {where}; give the NPP of one: "
            + _listed([(ids[i], names[i]) for _, i in contenders])
        )
    raise UsageError(
        f"no employer on {where} is named like {given!r}; closest: "
        + _listed([(ids[i], names[i]) for _, _, i in scored[:3]])
    )
