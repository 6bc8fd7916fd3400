"""Reconcile province by province and merge: the same result as one run, in parts.

Every finding is decided inside one employer, so employers can be split
into independent parts (here by province, as offices are organised) and
the parts' rankings merged. This is the shape a distributed run takes; the
merge is tested to give exactly the unpartitioned result.
"""

from __future__ import annotations

from datetime import UTC, datetime

import polars as pl

from underreport.config import ReconcileOptions
from underreport.errors import InputError
from underreport.ingest.checks import cross_row_issues, empty_issues
from underreport.ingest.load import Loaded
from underreport.reconcile import Reconciliation, choose_periods, reconcile
from underreport.reconcile.workers import EMPLOYER_KEY
from underreport.report.model import DataQualityIssue, EmployerFinding, InputFile, Summary

UNKNOWN = "unknown"
Packed = tuple[tuple[int, int, str], str]
"""A finding as (ranking key, its JSON)."""


def pack(findings: list[EmployerFinding]) -> list[Packed]:
    """Findings as their JSON beside the ranking key: under half the memory of the objects.

    A national run holds hundreds of thousands of findings while its later
    parts are reconciled; as objects they alone would outgrow a laptop.
    """
    return [
        ((-e.monthly_contribution_gap_idr, -e.unregistered_workers, e.employer_id),
         e.model_dump_json())
        for e in findings
    ]  # fmt: skip


def unpack(packed: list[Packed]) -> list[EmployerFinding]:
    """Findings in ranking order with their national rank, emptying `packed` as it goes."""
    packed.sort(key=lambda p: p[0], reverse=True)
    out: list[EmployerFinding] = []
    while packed:
        _, text = packed.pop()
        head, _, rest = text.partition(",")
        if not head.startswith('{"rank":'):  # pragma: no cover - the model's first field
            raise ValueError("a finding's JSON must start with its rank")
        out.append(EmployerFinding.model_validate_json(f'{{"rank":{len(out) + 1},{rest}'))
    return out


def partition_keys(loaded: Loaded) -> pl.DataFrame:
    """Employer -> province: from the reference data, else where most of its NIKs were issued."""
    rows = pl.concat(
        [
            loaded.payroll.select(EMPLOYER_KEY, pl.col("nik")),
            loaded.enrollment.select(pl.col("employer_id"), pl.col("nik")),
        ]
    ).filter(pl.col("employer_id").is_not_null())
    by_nik = rows.group_by("employer_id").agg(
        pl.col("nik").drop_nulls().str.slice(0, 2).mode().sort().first().alias("nik_province")
    )
    if loaded.declarations is not None:
        by_nik = by_nik.join(loaded.declarations.select("employer_id"), on="employer_id",
                             how="full", coalesce=True)  # fmt: skip
    reference = (
        loaded.employers.select("employer_id", "province")
        if loaded.employers is not None
        else pl.DataFrame(schema={"employer_id": pl.String, "province": pl.String})
    )
    return by_nik.join(reference, on="employer_id", how="left").select(
        "employer_id",
        pl.coalesce("province", "nik_province", pl.lit(UNKNOWN)).alias("part"),
    )


def reconcile_partitioned(loaded: Loaded, options: ReconcileOptions) -> Reconciliation:
    periods, given = choose_periods(loaded.payroll, options)
    fixed = options.model_copy(update={"periods": periods})
    keys = partition_keys(loaded)
    parts: list[Reconciliation] = []
    findings: list[Packed] = []
    for part in sorted(keys["part"].unique().to_list()):
        ids = keys.filter(pl.col("part") == part)["employer_id"].to_list()
        payroll = loaded.payroll.filter(EMPLOYER_KEY.is_in(ids))
        declared = (
            loaded.declarations.filter(pl.col("employer_id").is_in(ids))
            if loaded.declarations is not None else None
        )  # fmt: skip
        in_period = payroll.filter(pl.col("period").is_in(periods)).height
        if not in_period and (declared is None or not declared.height):
            continue
        sub = Loaded(
            payroll=payroll if in_period else loaded.payroll.head(0),
            enrollment=loaded.enrollment.filter(pl.col("employer_id").is_in(ids)),
            inputs=loaded.inputs, issues=empty_issues(), employers=loaded.employers,
            declarations=declared,
        )  # fmt: skip
        if in_period:
            found, rest = reconcile(sub, fixed, cross_rows=False).take_findings()
            findings += pack(found)
            parts.append(rest)
    if not parts:
        raise InputError("no payroll rows in the chosen period in any partition")
    issues = pl.concat(
        [loaded.issues, cross_row_issues(loaded.payroll.filter(pl.col("period").is_in(periods)))]
    )
    return merge(parts, findings, issues, loaded.inputs, periods, given)


def merge(
    parts: list[Reconciliation],
    findings: list[Packed],
    issues: pl.DataFrame,
    inputs: list[InputFile],
    periods: list[str],
    given: bool,
) -> Reconciliation:
    """One result from parts that share no employer: rankings merged, totals summed.

    `findings` are the parts' (taken out of them, see `take_findings`), packed.
    """
    totals = {
        field: sum(getattr(p.result.summary, field) for p in parts)
        for field in Summary.model_fields
    }
    first = parts[0].result
    result = first.model_copy(
        update={
            "period_chosen": "given" if given else "latest",
            "periods": periods,
            "inputs": inputs,
            "generated_at": datetime.now(UTC).replace(microsecond=0),
            "summary": Summary(**totals),
            "employers": unpack(findings),
            "data_quality": [DataQualityIssue(**r) for r in issues.iter_rows(named=True)],
        }
    )

    def stack(name: str) -> pl.DataFrame:
        frames: list[pl.DataFrame] = [getattr(p, name) for p in parts]
        return pl.concat(frames, how="diagonal_relaxed")

    return Reconciliation(
        result, stack("workers"), stack("not_on_payroll"), stack("unreconcilable"),
        stack("months"), frozenset().union(*(p.present_employers for p in parts)),
    )  # fmt: skip
