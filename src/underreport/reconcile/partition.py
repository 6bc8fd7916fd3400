"""Merge the reconciliations of parts that share no employer into the single run's result.

Every finding is decided inside one employer, so a run in parts on one machine
(`reconcile.chunked`) and a run on a cluster (`underreport.cluster`) reconcile
employers apart and meet here: rankings merged, totals summed. Both are tested to
give exactly the unpartitioned result.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

import polars as pl

from underreport.model.result import InputFile, Summary
from underreport.reconcile import Reconciliation, quality
from underreport.reconcile.employers import rank_rows, rank_together


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
