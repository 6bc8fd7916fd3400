"""Reconcile a large input part by part: memory bounded by a part, not by the input.

The plan is read from the employer cells alone: their distinct values are
cleaned, NPWP links decided once for the whole run, and every employer
given a part by a hash of its (linked) key. Rows are written to their
part's temporary Parquet in one streaming read of each input; each part is
then cleaned, reconciled and reduced to its employers before the next is
read. The checks that look across employers (one NIK at several of them)
run last, over the NIKs spilled part by part and regrouped by NIK.

The merged result is the unpartitioned one (tested), with two nuances:
links and the months present are decided from every row's employer and
period cells, skipped lines included; and a run that does not need
worker-level detail (`detail=False`) keeps none.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from underreport.engine import in_memory
from underreport.ingest.checks import cross_row_issues, empty_issues, enrolment_twice
from underreport.ingest.load import Found, Loaded, assemble
from underreport.ingest.split import PART, employer_keys, sink_parts, spill
from underreport.model.config import ReconcileOptions
from underreport.model.result import InputFile
from underreport.model.tables import ENROLMENT_ROWS, PAYROLL_ROWS
from underreport.reconcile import Reconciliation, choose_periods, reconcile
from underreport.reconcile.employer_link import apply_links, find_links
from underreport.reconcile.partition import merge
from underreport.reconcile.workers import VALID_NIK

SEED = 20250301
"""Fixed, so a run's parts are the same from one night to the next."""
CROSS = ["nik", "nik_damaged", "worker_name", "period", "employer_id", "_file", "_sheet", "_row"]
CROSS_CODES = {"DUPLICATE_WORKER": 0, "WORKER_AT_SEVERAL_EMPLOYERS": 1}


def _part(key: pl.Expr, parts: int) -> pl.Expr:
    return (key.hash(SEED) % parts).cast(pl.UInt32)


@dataclass(frozen=True)
class Plan:
    """Where every employer's rows go, decided from the employer cells alone."""

    payroll: pl.DataFrame
    """Raw employer cells -> `_part`, for routing payroll rows."""
    enrollment: pl.DataFrame
    declarations: pl.DataFrame | None
    links: pl.DataFrame
    """Employer links decided for the whole run (see `employer_link`)."""
    months: list[str] | None
    live: list[int]
    """Parts with payroll in the chosen months; the rest are folded into the first."""


def plan(
    payroll: Sequence[Found],
    enrollment: Sequence[Found],
    reference: pl.DataFrame | None,
    declarations: pl.DataFrame | None,
    options: ReconcileOptions,
    parts: int,
) -> Plan:
    """Routes for both sides, the run's links and months, and the parts that hold payroll.

    A part with no payroll in the chosen months is folded into the first
    that has some, with its enrolments and declarations, so an employer's
    facts always meet.
    """
    enr_keys = employer_keys(enrollment, "enrollment")
    links, months, pay_keys = links_and_months(
        employer_keys(payroll, "payroll"), enr_keys, reference, options
    )
    hashed = pay_keys.with_columns(_part(pl.col("employer_id"), parts).alias(PART))
    in_months = hashed.filter(pl.col("period").is_in(months)) if months else hashed
    live = sorted(in_months[PART].unique().to_list()) or [0]
    fold = pl.when(pl.col(PART).is_in(live)).then(pl.col(PART)).otherwise(pl.lit(live[0]))

    def route(frame: pl.DataFrame) -> pl.DataFrame:
        hashed = frame.with_columns(_part(pl.col("employer_id"), parts).alias(PART))
        return hashed.with_columns(fold.fill_null(live[0]).cast(pl.UInt32))

    declared = route(declarations) if declarations is not None else None
    return Plan(route(pay_keys), route(enr_keys), declared, links, months, live)


def links_and_months(
    pay_keys: pl.DataFrame,
    enr_keys: pl.DataFrame,
    reference: pl.DataFrame | None,
    options: ReconcileOptions,
) -> tuple[pl.DataFrame, list[str] | None, pl.DataFrame]:
    """The run's employer links and months, from the distinct employer cells of both sides;
    and the payroll's cells under their linked keys."""
    links = find_links(pay_keys, enr_keys, reference)
    pay_keys = apply_links(pay_keys, links)
    months = None
    if pay_keys["period"].drop_nulls().len():
        months, _ = choose_periods(pay_keys, options)
    return links, months, pay_keys


@in_memory()
def reconcile_chunked(
    payroll: Sequence[Found],
    enrollment: Sequence[Found],
    reference: pl.DataFrame | None,
    declarations: pl.DataFrame | None,
    options: ReconcileOptions,
    parts: int,
    *,
    detail: bool = True,
    progress: Callable[[str], None] | None = None,
    skipped: pl.DataFrame | None = None,
    findings: bool = True,
) -> tuple[Loaded, Reconciliation]:
    """Plan, split, then clean and reconcile one part at a time; merge the rankings.

    `skipped` are the files and sheets `find` left out; they lead the issues.
    Without `findings` the merged ranking stays rows (see `partition.merge`).
    """
    route = plan(payroll, enrollment, reference, declarations, options, parts)
    fixed = options.model_copy(update={"periods": route.months}) if route.months else options
    done: list[Reconciliation] = []
    ranked: list[Path] = []
    metas: dict[str, list[InputFile]] = {}
    # Issues outlive the parts: a file with a bad NIK on every row has as many issues as
    # rows, so they go to disk part by part and stay there, scanned, until written.
    kept = tempfile.TemporaryDirectory(prefix="underreport-issues-")
    issues = Path(kept.name)
    with tempfile.TemporaryDirectory(prefix="underreport-") as tmp:
        folder = Path(tmp)
        if progress:
            progress(f"Splitting the input into {len(route.live)} parts by employer")
        pay_parts = spill(payroll, route.payroll, folder, "payroll", parts, route.live[0])
        enr_parts = spill(enrollment, route.enrollment, folder, "enrollment", parts, route.live[0])
        for n, p in enumerate(route.live, start=1):
            if progress:
                progress(f"Reconciling part {n} of {len(route.live)}")
            pay, pay_meta, pay_issues = assemble(pay_parts[p], "payroll")
            enr, enr_meta, enr_issues = assemble(enr_parts[p], "enrollment")
            add_metas(metas, "payroll", pay_meta)
            add_metas(metas, "enrollment", enr_meta)
            pay_issues.write_parquet(issues / f"payroll-{p}.parquet")
            enr_issues.write_parquet(issues / f"enrollment-{p}.parquet")
            # by employer: whole in its part
            enrolment_twice(enr).write_parquet(issues / f"twice-{p}.parquet")
            in_months = pay.filter(pl.col("period").is_in(route.months)) if route.months else pay
            _spill_niks(in_months, folder / f"nik-{p}", parts)
            declared = route.declarations
            mine = declared.filter(pl.col(PART) == p).drop(PART) if declared is not None else None
            sub = Loaded(pay, enr, [], empty_issues(), reference, mine)
            rec = reconcile(sub, fixed, links=route.links, cross_rows=False, findings=False)
            rows, rec = rec.take_ranked()
            # Text columns of `rows` still view the part's whole buffers: a copy on disk
            # lets them go with the part, and is read back compact, part by part, at the merge.
            ranked.append(folder / f"ranked-{p}.parquet")
            rows.write_parquet(ranked[-1], compression="lz4")
            done.append(rec if detail else rec.without_detail())
            del pay, enr, sub, rec
        inputs = metas.get("payroll", []) + metas.get("enrollment", [])
        cross = _cross_rows(folder, parts, payroll)
        cross.write_parquet(issues / "cross.parquet")
        all_issues = pl.concat([
            (skipped if skipped is not None else empty_issues()).lazy(),
            in_file_order(pl.scan_parquet(issues / "payroll-*.parquet"), payroll),
            in_file_order(pl.scan_parquet(issues / "enrollment-*.parquet"), enrollment),
            pl.scan_parquet(issues / "cross.parquet"),
            in_file_order(pl.scan_parquet(issues / "twice-*.parquet"), enrollment),
        ])  # fmt: skip
        periods = route.months or done[-1].result.periods
        rec = merge(
            done, ranked, all_issues, inputs, periods, options.period is not None,
            findings=findings, spill=kept,
        )  # fmt: skip
    # The rows themselves are gone with their parts: the inputs say what was read.
    none = (PAYROLL_ROWS.empty(), ENROLMENT_ROWS.empty())
    return Loaded(*none, inputs, all_issues, reference, declarations), rec


def add_metas(metas: dict[str, list[InputFile]], kind: str, new: list[InputFile]) -> None:
    """Sum each table's rows read and skipped over the parts."""
    if kind not in metas:
        metas[kind] = new
        return
    metas[kind] = [
        old.model_copy(update={"rows_read": old.rows_read + m.rows_read,
                               "rows_skipped": old.rows_skipped + m.rows_skipped})
        for old, m in zip(metas[kind], new, strict=True)
    ]  # fmt: skip


def table_order(found: Sequence[Found], file: str, sheet: str) -> pl.DataFrame:
    return pl.DataFrame(
        {file: [str(f.table.path) for f in found], sheet: [f.table.sheet for f in found],
         "_t": list(range(len(found)))},
        schema={file: pl.String, sheet: pl.String, "_t": pl.Int64},
    )  # fmt: skip


def in_file_order(issues: pl.LazyFrame, found: Sequence[Found]) -> pl.LazyFrame:
    """Row issues in the order one pass over all tables lists them (see `checks.row_issues`)."""
    order = table_order(found, "file", "sheet")
    return (
        issues.join(order.lazy(), on=["file", "sheet"], how="left", nulls_equal=True,
                    maintain_order="left")
        .sort("_t", "row", maintain_order=True, nulls_last=True)
        .drop("_t")
    )  # fmt: skip


def _spill_niks(payroll: pl.DataFrame, target: Path, parts: int) -> None:
    """This part's valid NIKs, regrouped by NIK so the cross-employer check runs per group."""
    rows = payroll.filter(VALID_NIK).select(CROSS)
    if rows.height:
        sink_parts(rows.lazy().with_columns(_part(pl.col("nik"), parts).alias(PART)), target)


def _cross_rows(folder: Path, parts: int, found: Sequence[Found]) -> pl.DataFrame:
    order = table_order(found, "_file", "_sheet")
    out = [empty_issues()]
    for q in range(parts):
        files = sorted(folder.glob(f"nik-*/{PART}={q}/*.parquet"))
        if files:
            out.append(cross_group(pl.scan_parquet(files), order))
    return cross_in_order(pl.concat(out), found)


def cross_group(rows: pl.LazyFrame, order: pl.DataFrame) -> pl.DataFrame:
    """The cross-row issues of one group of NIKs, its rows put back in file order first."""
    return cross_row_issues(
        rows.join(order.lazy(), on=["_file", "_sheet"], how="left", nulls_equal=True)
        .sort("_t", "_row")
        .drop("_t")
        .collect()
    )


def cross_in_order(issues: pl.DataFrame, found: Sequence[Found]) -> pl.DataFrame:
    """Every group's cross-row issues in the order one run over all rows lists them."""
    merged = issues.join(
        table_order(found, "file", "sheet"), on=["file", "sheet"], how="left", nulls_equal=True
    )
    return merged.sort(pl.col("code").replace_strict(CROSS_CODES, default=9), "_t", "row").drop(
        "_t"
    )
