"""The two tables every export format renders: flagged employers and worker findings.

Both are typed Polars frames with contract-style snake_case columns; the
XLSX, CSV, JSON and Parquet writers only decide how to lay them out.
"""

from __future__ import annotations

import re

import polars as pl

from underreport.model.result import EmployerFinding, ReconcileResult
from underreport.privacy import mask_nik, pseudonymise

EMPLOYER_SCHEMA: dict[str, pl.DataType] = {
    "rank": pl.Int64(),
    "employer_id": pl.String(),
    "employer_name": pl.String(),
    "registered": pl.Boolean(),
    "payroll_workers": pl.Int64(),
    "enrolled_workers": pl.Int64(),
    "unregistered_workers": pl.Int64(),
    "underreported_wage_workers": pl.Int64(),
    "wage_gap_idr": pl.Int64(),
    "monthly_contribution_gap_idr": pl.Int64(),
    "coverage_ratio": pl.Float64(),
    "severity": pl.String(),
    "enrolled_not_on_payroll": pl.Int64(),
    "not_reconcilable_workers": pl.Int64(),
    "reasons": pl.List(pl.String()),
}

#: Worker-level money columns: (output name, input column), rounded to whole rupiah.
WORKER_MONEY = (
    ("contribution_wage_idr", "contribution_wage"),
    ("reported_wage_idr", "reported_wage"),
    ("wage_gap_idr", "wage_gap"),
    ("contribution_gap_idr", "contribution_gap"),
)
NO_OFFICE = "Tanpa kantor"


def employer_frame(employers: list[EmployerFinding]) -> pl.DataFrame:
    rows = [{k: getattr(e, k) for k in EMPLOYER_SCHEMA} for e in employers]
    return pl.DataFrame(rows, schema=EMPLOYER_SCHEMA)


def worker_frame(
    workers: pl.DataFrame,
    result: ReconcileResult,
    *,
    show_nik: bool = False,
    pseudonymise_salt: str | None = None,
) -> pl.DataFrame:
    """Workers with a finding, NIK masked / shown / pseudonymised, in a stable order.

    A pseudonymised table has no `worker_name`: a name identifies a person as
    well as a NIK does, so a list meant for comparing offices keeps neither.

    A worker enrolled without a programme the employer's size requires is a
    finding too (`PROGRAM_MISSING`): the employer's gap counts it, so leaving
    it out would make the workers' gaps not add up to the employer's.
    """
    if "program_missing" in workers.columns:
        workers = workers.with_columns(
            pl.when(pl.col("finding").is_null() & pl.col("program_missing"))
            .then(pl.lit("PROGRAM_MISSING"))
            .otherwise(pl.col("finding"))
            .alias("finding")
        )
    df = workers.filter(pl.col("finding").is_not_null())
    for column, dtype in (("match_tier", pl.Int8()), ("match_basis", pl.String()),
                          ("match_reason", pl.String())):  # fmt: skip
        if column not in df.columns:
            df = df.with_columns(pl.lit(None, dtype).alias(column))
    ranks = pl.DataFrame(
        {
            "employer_id": [e.employer_id for e in result.employers],
            "employer_rank": [e.rank for e in result.employers],
            "_ranked_name": [e.employer_name for e in result.employers],
        },
        schema={"employer_id": pl.String, "employer_rank": pl.Int64, "_ranked_name": pl.String},
    )
    df = df.with_columns(pl.col("employer_id").cast(pl.String)).join(
        ranks, on="employer_id", how="left"
    )
    nik = pl.col("nik").cast(pl.String)
    if pseudonymise_salt is not None:
        nik_col = pseudonymise(nik, pseudonymise_salt).alias("nik_pseudonym")
    elif show_nik:
        nik_col = nik.alias("nik")
    else:
        nik_col = mask_nik(nik).alias("nik")
    out = df.select(
        pl.col("employer_rank"),
        pl.col("employer_id"),
        pl.coalesce(pl.col("employer_name").cast(pl.String), "_ranked_name").alias("employer_name"),
        nik_col,
        *([] if pseudonymise_salt is not None else [pl.col("worker_name").cast(pl.String)]),
        pl.col("finding").cast(pl.String),
        pl.col("match_tier").cast(pl.Int8),
        pl.col("match_basis").cast(pl.String),
        pl.col("match_reason").cast(pl.String),
        *[
            pl.col(src).cast(pl.Float64).round(0).cast(pl.Int64).alias(name)
            for name, src in WORKER_MONEY
        ],
        pl.col("_file").cast(pl.String).alias("file"),
        pl.col("_sheet").cast(pl.String).alias("sheet"),
        pl.col("_row").cast(pl.Int64).alias("row"),
    )
    return out.sort(
        ["employer_rank", "employer_id", "contribution_gap_idr", "file", "sheet", "row"],
        descending=[False, False, True, False, False, False],
        nulls_last=True,
        maintain_order=True,
    )


def office_of(employer_id: str, by_office: dict[str, str]) -> str:
    return by_office.get(employer_id) or NO_OFFICE


def offices(ids: list[str], by_office: dict[str, str]) -> list[str]:
    """The offices that own at least one of `ids`, sorted."""
    return sorted({office_of(i, by_office) for i in ids})


def office_mask(frame: pl.DataFrame, office: str, by_office: dict[str, str]) -> pl.Series:
    return pl.Series([office_of(i, by_office) == office for i in frame["employer_id"].to_list()])


def slug(name: str, taken: set[str]) -> str:
    """`KC Bandung Suci` -> `kc-bandung-suci`, unique among `taken` (which it extends)."""
    base = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:60] or "office"
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    taken.add(candidate)
    return candidate
