"""Each red flag as per-employer Polars aggregates; `strength` is a 0-1 share."""

from __future__ import annotations

from typing import Any

import polars as pl

from underreport.model.config import ScreenConfig

SLACK = 2.0
"""Minimum wages differ by a rupiah between published sources."""


def per_employer(workers: pl.DataFrame) -> pl.DataFrame:
    """Counts the flags need, from one row per enrolled worker (active ones count)."""
    active = pl.col("active")
    return workers.group_by("employer_id").agg(
        pl.col("employer_name").drop_nulls().first(),
        active.sum().alias("active_workers"),
        (active & (pl.col("reported_wage") <= pl.col("minimum") + SLACK)).sum().alias("at_minimum"),
        pl.col("minimum").drop_nulls().first(),
        pl.col("minimum_basis").drop_nulls().first(),
        (active & pl.col("lacks_required")).sum().alias("lacking"),
        pl.col("missing").explode().drop_nulls().unique().alias("missing"),
        (active & pl.col("after_notice")).sum().alias("after_notice"),
        pl.col("notice_date").drop_nulls().first(),
    )


def flags(row: dict[str, Any], cfg: ScreenConfig) -> list[tuple[str, float, str]]:
    """(code, strength, reason) for every flag the employer raises."""
    n = int(row["active_workers"] or 0)
    out: list[tuple[str, float, str]] = []
    at_min = int(row["at_minimum"] or 0)
    if n and at_min / n >= cfg.minimum_wage_share:
        out.append(("MINIMUM_WAGE_PATTERN", at_min / n,
                    f"{at_min} of {n} active workers are reported at the minimum wage or below "
                    f"({row['minimum_basis']}): the pattern of wages reported low."))  # fmt: skip
    lacking = int(row["lacking"] or 0)
    if n and lacking:
        missing = ", ".join(sorted(row["missing"] or []))
        out.append(("PROGRAM_MISSING", lacking / n,
                    f"{lacking} of {n} active workers lack {missing}, required for the "
                    "employer's size."))  # fmt: skip
    declared = row.get("declared_workers")
    if isinstance(declared, int) and declared > 0:
        gap = declared - n
        if gap > max(1, round(declared * 0.05)):
            out.append(("HEADCOUNT_GAP", min(gap / declared, 1.0),
                        f"Declares {declared} workers (WLKP) but only {n} are actively enrolled: "
                        f"{gap} missing."))  # fmt: skip
    previous = row.get("previous_active_workers")
    if isinstance(previous, int) and previous > 0:
        drop = (previous - n) / previous
        explained = isinstance(declared, int) and declared <= n
        if drop >= cfg.drop_share and not explained:
            out.append(("ENROLMENT_DROP", drop,
                        f"Active enrolments fell from {previous} to {n} ({drop:.0%}) since the "
                        "previous export, and no matching drop in declarations."))  # fmt: skip
    same = int(row.get("unchanged") or 0)
    both = int(row.get("in_both") or 0)
    if both >= 3 and row.get("minimum_rose") and same / both >= cfg.stagnant_share:
        out.append(("STAGNANT_WAGES", same / both,
                    f"{same} of {both} workers in both exports report the same wage while the "
                    "minimum wage rose."))  # fmt: skip
    after = int(row["after_notice"] or 0)
    if n and after >= 2 and after / n >= cfg.notice_share:
        out.append(("ENROLLED_AFTER_NOTICE", after / n,
                    f"{after} of {n} active workers were enrolled within {cfg.notice_days} days "
                    f"after the notice of {row['notice_date']}: a sign of enrolling only those "
                    "who were seen."))  # fmt: skip
    return out
