"""Reconcile province by province and merge: the same result as one run, in parts.

Every finding is decided inside one employer, so employers can be split
into independent parts (here by province, as offices are organised) and
the parts' rankings merged. This is the shape a distributed run takes; the
merge is tested to give exactly the unpartitioned result.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

import polars as pl

from underreport.ingest.checks import cross_row_issues, empty_issues, enrolment_twice
from underreport.ingest.load import Loaded
from underreport.model.config import ReconcileOptions
from underreport.model.errors import InputError
from underreport.model.result import InputFile, Summary
from underreport.reconcile import Reconciliation, choose_periods, quality, reconcile
from underreport.reconcile.employers import rank_rows, rank_together
from underreport.reconcile.workers import EMPLOYER_KEY

UNKNOWN = "unknown"


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


def reconcile_partitioned(
    loaded: Loaded, options: ReconcileOptions, *, findings: bool = True
) -> Reconciliation:
    periods, given = choose_periods(loaded.payroll, options)
    fixed = options.model_copy(update={"periods": periods})
    keys = partition_keys(loaded)
    parts: list[Reconciliation] = []
    ranked: list[pl.DataFrame] = []
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
            rows, rest = reconcile(sub, fixed, cross_rows=False, findings=False).take_ranked()
            ranked.append(rows)
            parts.append(rest)
    if not parts:
        raise InputError("no payroll rows in the chosen period in any partition")
    issues = pl.concat(
        [
            loaded.issues.lazy(),
            cross_row_issues(loaded.payroll.filter(pl.col("period").is_in(periods))).lazy(),
            enrolment_twice(loaded.enrollment).lazy(),
        ]
    ).collect()
    return merge(parts, ranked, issues, loaded.inputs, periods, given, findings=findings)


def merge(
    parts: list[Reconciliation],
    ranked: Sequence[pl.DataFrame | Path],
    issues: pl.DataFrame | pl.LazyFrame,
    inputs: list[InputFile],
    periods: list[str],
    given: bool,
    *,
    findings: bool = True,
    spill: object | None = None,
) -> Reconciliation:
    """One result from parts that share no employer: rankings merged, totals summed.

    `ranked` holds the parts' findings as rows (taken out of them, see `take_ranked`),
    or the Parquet files they were written to. Without `findings` the merged
    ranking stays rows (`Reconciliation.ranked`), for the JSON written from them.
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
            "employers": rank_together(ranked) if findings else [],
            **quality(issues, first.data_quality_limit),
        }
    )

    def stack(name: str) -> pl.DataFrame:
        frames: list[pl.DataFrame] = [getattr(p, name) for p in parts]
        return pl.concat(frames, how="diagonal_relaxed")

    return Reconciliation(
        result, stack("workers"), stack("not_on_payroll"), stack("unreconcilable"),
        stack("months"), frozenset().union(*(p.present_employers for p in parts)),
        None if findings else rank_rows(ranked), issues, spill,
    )  # fmt: skip
