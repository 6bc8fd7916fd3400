"""The reconciliation on a Dask cluster: the same stages, spread over its workers.

What runs where:

1. **Plan, on the client, from the workers' survey.** Each worker reads one table's
   employer cells and counts its rows (`survey`); the client decides the run's
   employer links and months from them, as a run in parts does
   (`chunked.links_and_months`), and cuts large tables into slices of rows.
2. **Read and clean, on the workers**, slice by slice (`clean_slice`, which is
   `ingest.load.assemble`): canonical rows keyed by the linked employer, the
   row issues, and the payroll's NIKs in the chosen months.
3. **Shuffle by employer with Dask's own shuffle** (P2P): payroll, enrolment and
   declarations by the linked employer key, so every employer's rows meet in one
   partition; the NIKs by NIK, for the check across employers.
4. **Reconcile each partition, on the workers**, with the single-machine
   `reconcile` (`reconcile_part`): ranked rows, the summary, the enrolment issues.
5. **Merge, on the client**: one ranking of every partition's rows, the summaries
   summed, the issues in file order (`partition.merge`, as a run in parts).

Frames cross the wire as pandas over Arrow (Dask's shuffle takes pandas); lists
of text go as joined text, which the shuffle cannot carry. Every partition's
rows are put back in the order a single run reads them before they are
reconciled, so the result is the single run's, field for field (tested).
"""

from __future__ import annotations

import dataclasses
import functools
import math
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl

from underreport.engine import in_memory
from underreport.ingest.aliases import Kind
from underreport.ingest.checks import empty_issues, enrolment_twice
from underreport.ingest.load import Found, Loaded, assemble, numeric_columns
from underreport.ingest.split import count_rows, employer_keys
from underreport.model.config import ReconcileOptions
from underreport.model.errors import InputError
from underreport.model.progress import Progress
from underreport.model.result import InputFile
from underreport.model.tables import ENROLMENT_ROWS, PAYROLL_ROWS
from underreport.reconcile import Reconciliation, reconcile
from underreport.reconcile.chunked import (
    CROSS,
    cross_group,
    cross_in_order,
    in_file_order,
    links_and_months,
    table_order,
)
from underreport.reconcile.employer_link import apply_links
from underreport.reconcile.partition import merge
from underreport.reconcile.workers import VALID_NIK

KEY = "_key"
"""The linked employer key every side is shuffled on."""
SEQ = "_seq"
"""Where a row stands in a single run's reading order: slice number, then position."""
SEP = "\x1f"
"""Joins a list of text for the shuffle: a character no cell of a user's file holds."""


@dataclass(frozen=True)
class Slice:
    """Rows `offset` to `offset + length` of one table (or all of a sheet read once per month)."""

    number: int
    kind: Kind
    tables: tuple[int, ...]
    """Indexes into the side's tables: several when one sheet was read once per month."""
    offset: int = 0
    length: int | None = None


def survey(found: Found, kind: Kind) -> tuple[pl.DataFrame, int]:
    """One table's distinct employer cells (and months) and its rows: what the plan needs."""
    return employer_keys([found], kind), count_rows([found])


def slices(
    found: Sequence[Found], rows: Sequence[int], kind: Kind, size: int, first: int
) -> list[Slice]:
    """Tables cut into slices of about `size` rows, in reading order, numbered from `first`.

    A table is cut only when its rows can be read from anywhere: a workbook's
    merged cells and number-cell flags are read for the whole sheet, and the
    months of one sheet must be cleaned together (each cell's issue is said once).
    """
    groups: dict[tuple[str, str | None], list[int]] = {}
    for i, f in enumerate(found):
        groups.setdefault((str(f.table.path), f.table.sheet), []).append(i)
    out: list[Slice] = []
    for tables in groups.values():
        table = found[tables[0]].table
        n = rows[tables[0]]
        whole = len(tables) > 1 or table._merges is not None or table._numbers is not None
        if whole or size <= 0 or n <= size:
            out.append(Slice(first + len(out), kind, tuple(tables)))
            continue
        for offset in range(0, n, size):
            out.append(Slice(first + len(out), kind, tuple(tables), offset, size))
    return out


def _window(found: Found, offset: int, length: int | None) -> Found:
    if offset == 0 and length is None:
        return found
    body = found.table._body

    def part(skip: int) -> pl.LazyFrame:
        return body(skip).slice(offset, length)

    return dataclasses.replace(found, table=dataclasses.replace(found.table, _body=part))


def to_pandas(frame: pl.DataFrame) -> Any:
    """A frame as pandas over Arrow, lists of text joined (the shuffle cannot carry lists)."""
    lists = [c for c, t in frame.schema.items() if isinstance(t, pl.List)]
    return frame.with_columns(pl.col(c).list.join(SEP) for c in lists).to_pandas(
        use_pyarrow_extension_array=True
    )


def from_pandas(frame: Any, schema: pl.Schema) -> pl.DataFrame:
    """The inverse of `to_pandas`, in `schema`'s dtypes (an empty list stays empty)."""
    out = pl.from_pandas(frame)
    lists = [c for c, t in schema.items() if isinstance(t, pl.List)]
    text = [
        pl.when(pl.col(c) == "")
        .then(pl.lit([], pl.List(pl.String)))
        .otherwise(pl.col(c).str.split(SEP))
        .alias(c)
        for c in lists
    ]
    return out.with_columns(text).select(pl.col(c).cast(t) for c, t in schema.items())


def _keyed(kind: Kind) -> pl.Schema:
    base = PAYROLL_ROWS if kind == "payroll" else ENROLMENT_ROWS
    return pl.Schema({**base.schema, KEY: pl.String(), SEQ: pl.Int64()})


@in_memory()
def clean_slice(
    piece: Slice, found: Sequence[Found], links: pl.DataFrame, months: list[str] | None
) -> dict[str, Any]:
    """One slice read and cleaned on a worker: its rows keyed for the shuffle, its issues,
    what was read per table, and (payroll) the NIKs of the chosen months."""
    tables = [_window(f, piece.offset, piece.length) for f in found]
    data, metas, issues = assemble(tables, piece.kind)
    key = (
        apply_links(data, links)["employer_id"] if piece.kind == "payroll" else data["employer_id"]
    )
    seq = (pl.int_range(pl.len(), dtype=pl.Int64) + (piece.number << 32)).alias(SEQ)
    keyed = data.with_columns(key.alias(KEY), seq)
    out: dict[str, Any] = {
        "rows": to_pandas(keyed),
        "issues": issues,
        "metas": list(zip(piece.tables, metas, strict=True)),
        "count": sum(m.rows_read + m.rows_skipped for m in metas),
    }
    if piece.kind == "payroll":
        in_months = data.filter(pl.col("period").is_in(months)) if months else data
        out["niks"] = to_pandas(in_months.filter(VALID_NIK).select(CROSS))
    return out


@in_memory()
def reconcile_part(
    payroll: Any,
    enrollment: Any,
    declarations: Any,
    reference: pl.DataFrame | None,
    options: ReconcileOptions,
    links: pl.DataFrame,
) -> tuple[pl.DataFrame | None, Reconciliation | None, pl.DataFrame]:
    """One partition's employers reconciled as a single run would: ranked rows, the result
    without worker detail, and the enrolment's issues (all within an employer)."""
    pay = from_pandas(payroll, _keyed("payroll")).sort(SEQ).drop(KEY, SEQ)
    enr = from_pandas(enrollment, _keyed("enrollment")).sort(SEQ).drop(KEY, SEQ)
    twice = enrolment_twice(enr)
    declared = None
    if declarations is not None:
        declared = pl.from_pandas(declarations).drop(KEY)
        declared = declared if declared.height else None
    if pay.is_empty() and declared is None:
        return None, None, twice
    sub = Loaded(pay, enr, [], empty_issues(), reference, declared)
    rows, rec = reconcile(sub, options, links=links, cross_rows=False, findings=False).take_ranked()
    return rows, rec.without_detail(), twice


def cross_part(niks: Any, order: pl.DataFrame) -> pl.DataFrame:
    """The cross-employer issues of one group of NIKs."""
    rows = pl.from_pandas(niks)
    return cross_group(rows.lazy(), order) if rows.height else empty_issues()


def reconcile_on_cluster(
    client: Any,
    payroll: Sequence[Found],
    enrollment: Sequence[Found],
    reference: pl.DataFrame | None,
    declarations: pl.DataFrame | None,
    options: ReconcileOptions,
    *,
    progress: Progress | None = None,
    skipped: pl.DataFrame | None = None,
    findings: bool = True,
) -> tuple[Loaded, Reconciliation]:
    """Plan on the client, read, shuffle and reconcile on the workers, merge on the client."""
    import dask
    import dask.dataframe as dd
    from distributed import as_completed

    if progress:
        progress("Surveying the inputs on the cluster")
    pay_survey = client.gather(client.map(survey, payroll, kind="payroll", pure=False))
    enr_survey = client.gather(client.map(survey, enrollment, kind="enrollment", pure=False))
    pay_keys = pl.concat([k for k, _ in pay_survey]).unique()
    enr_keys = pl.concat([k for k, _ in enr_survey]).unique()
    links, months, _ = links_and_months(pay_keys, enr_keys, reference, options)
    fixed = options.model_copy(update={"periods": months}) if months else options
    pay_rows, enr_rows = [n for _, n in pay_survey], [n for _, n in enr_survey]
    total = sum(pay_rows) + sum(enr_rows)
    if progress:
        progress("Counting rows", total=total)
    size = options.chunk_rows
    pay_slices = slices(payroll, pay_rows, "payroll", size, 0)
    enr_slices = slices(enrollment, enr_rows, "enrollment", size, len(pay_slices))
    workers = len(client.scheduler_info()["workers"]) or 1
    parts = max(workers, math.ceil(total / size)) if size > 0 else workers

    links_d = dask.delayed(links, pure=True)
    cleaned = {
        s: dask.delayed(clean_slice, pure=True)(
            s, [(payroll if s.kind == "payroll" else enrollment)[i] for i in s.tables],
            links_d, months, dask_key_name=f"underreport-clean-{s.number}",
        )
        for s in (*pay_slices, *enr_slices)
    }  # fmt: skip

    def side(kind: Kind, field: str, schema: pl.Schema) -> Any:
        pieces = [d[field] for s, d in cleaned.items() if s.kind == kind]
        return dd.from_delayed(
            pieces, meta=to_pandas(pl.DataFrame(schema=schema)), verify_meta=False
        )

    pay_dd = side("payroll", "rows", _keyed("payroll")).shuffle(KEY, npartitions=parts)
    enr_dd = side("enrollment", "rows", _keyed("enrollment")).shuffle(KEY, npartitions=parts)
    if declarations is not None:
        decl = declarations.with_columns(pl.col("employer_id").alias(KEY))
        decl_parts = (
            dd.from_pandas(to_pandas(decl), npartitions=1)
            .shuffle(KEY, npartitions=parts)
            .to_delayed()
        )
    else:
        decl_parts = [None] * parts
    cross_schema = PAYROLL_ROWS.empty().select(CROSS).schema
    nik_dd = side("payroll", "niks", cross_schema).shuffle("nik", npartitions=parts)
    order = table_order(payroll, "_file", "_sheet")

    ref_d, opts_d, order_d = (dask.delayed(x, pure=True) for x in (reference, fixed, order))
    reconciled = [
        dask.delayed(reconcile_part, pure=True)(p, e, d, ref_d, opts_d, links_d)
        for p, e, d in zip(pay_dd.to_delayed(), enr_dd.to_delayed(), decl_parts, strict=True)
    ]
    crossed = [dask.delayed(cross_part, pure=True)(n, order_d) for n in nik_dd.to_delayed()]
    read = [dask.delayed(_read, pure=True)(d) for d in cleaned.values()]

    kept = tempfile.TemporaryDirectory(prefix="underreport-issues-")
    issues = Path(kept.name)
    metas: dict[tuple[Kind, int], InputFile] = {}
    done: dict[int, Reconciliation] = {}
    cross: list[pl.DataFrame] = [empty_issues()]
    with tempfile.TemporaryDirectory(prefix="underreport-") as tmp:
        folder = Path(tmp)
        ranked: dict[int, Path] = {}
        futures = client.compute([*read, *reconciled, *crossed])
        what = {f.key: i for i, f in enumerate(futures)}
        piece_list = list(cleaned)
        finished = 0
        for future in as_completed(futures):
            i = what[future.key]
            value = future.result()
            future.release()
            if i < len(read):
                piece = piece_list[i]
                table_issues, table_metas, count = value
                table_issues.write_parquet(issues / f"{piece.kind}-{piece.number:06d}.parquet")
                for t, meta in table_metas:
                    _add(metas, (piece.kind, t), meta)
                if progress:
                    progress("Reading and cleaning on the cluster", rows=count)
            elif i < len(read) + len(reconciled):
                p = i - len(read)
                rows, rec, twice = value
                twice.write_parquet(issues / f"twice-{p:06d}.parquet")
                if rows is not None and rec is not None:
                    ranked[p] = folder / f"ranked-{p:06d}.parquet"
                    rows.write_parquet(ranked[p], compression="lz4")
                    done[p] = rec
                finished += 1
                if progress:
                    progress(f"Reconciling on the cluster: {finished} of {parts} parts done")
            else:
                cross.append(value)
        if not done:
            raise InputError("no payroll rows in the chosen period in any part of the run")
        inputs = [metas[("payroll", i)] for i in range(len(payroll))] + [
            metas[("enrollment", i)] for i in range(len(enrollment))
        ]
        (cross_in_order(pl.concat(cross), payroll)).write_parquet(issues / "cross.parquet")
        all_issues = pl.concat([
            (skipped if skipped is not None else empty_issues()).lazy(),
            in_file_order(pl.scan_parquet(issues / "payroll-*.parquet"), payroll),
            in_file_order(pl.scan_parquet(issues / "enrollment-*.parquet"), enrollment),
            pl.scan_parquet(issues / "cross.parquet"),
            in_file_order(pl.scan_parquet(issues / "twice-*.parquet"), enrollment),
        ])  # fmt: skip
        order_done = sorted(done)
        periods = months or done[order_done[-1]].result.periods
        rec = merge(
            [done[p] for p in order_done], [ranked[p] for p in order_done], all_issues, inputs,
            periods, options.period is not None, findings=findings, spill=kept,
        )  # fmt: skip
    none = (PAYROLL_ROWS.empty(), ENROLMENT_ROWS.empty())
    return Loaded(*none, inputs, all_issues, reference, declarations), rec


def _read(cleaned: dict[str, Any]) -> tuple[pl.DataFrame, list[tuple[int, InputFile]], int]:
    """What the client keeps of a cleaned slice: its issues and what it read."""
    return cleaned["issues"], cleaned["metas"], cleaned["count"]


def _add(metas: dict[tuple[Kind, int], InputFile], key: tuple[Kind, int], new: InputFile) -> None:
    """Rows read and skipped of one table, summed over its slices."""
    old = metas.get(key)
    metas[key] = new if old is None else old.model_copy(
        update={"rows_read": old.rows_read + new.rows_read,
                "rows_skipped": old.rows_skipped + new.rows_skipped}
    )  # fmt: skip


def portable(found: Found) -> Found:
    """A table that can travel to a worker: a workbook's reader stays on the client.

    calamine's reader cannot be pickled, so the number-cell flags of the NIK column and
    the merged cells, which a worker would ask it for, are read here once and sent along.
    """
    table = found.table
    numbers = merges = None
    if table._numbers is not None:
        skip = found.layout.skip
        flags = {c: table._numbers(skip, c) for c in numeric_columns(found.layout)}
        numbers = functools.partial(_flags, flags)
    if table._merges is not None:
        merges = functools.partial(_same, table._merges())
    return dataclasses.replace(
        found, table=dataclasses.replace(table, _numbers=numbers, _merges=merges)
    )


def _flags(flags: dict[int, pl.Series], skip: int, column: int) -> pl.Series:
    return flags[column]


def _same(merges: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    return merges


def absolute(paths: Sequence[Path]) -> list[Path]:
    """The inputs as every worker can find them: absolute, on the file system they share."""
    return [p if p.is_absolute() else p.absolute() for p in paths]


def as_given(found: Sequence[Found], given: Sequence[Path]) -> list[Found]:
    """Tables named as the user named them, so messages and the JSON read as a single run's.

    Each table still reads its absolute path (its reader holds it); only its name changes.
    """
    return [
        portable(
            dataclasses.replace(
                f, table=dataclasses.replace(f.table, path=spelt(f.table.path, given))
            )
        )
        for f in found
    ]


def spelt(path: Path, given: Sequence[Path]) -> Path:
    """`path` (absolute) under the given path it was found from, spelt as given."""
    for g in given:
        root = g.absolute()
        if path == root:
            return g
        if path.is_relative_to(root):
            return g / path.relative_to(root)
    return path


def run_on(
    address: str,
    given: Any,
    payroll: Sequence[Found],
    enrollment: Sequence[Found],
    reference: pl.DataFrame | None,
    declarations: pl.DataFrame | None,
    options: ReconcileOptions,
    *,
    progress: Progress | None = None,
    skipped: pl.DataFrame | None = None,
    findings: bool = True,
) -> tuple[Loaded, Reconciliation]:
    """`reconcile_on_cluster` on the cluster at `address`, tables named as `given` names them."""
    from underreport.cluster.connect import client_for

    named = [*given.payroll, *given.enrollment]
    if skipped is not None and skipped.height:
        files = {f: str(spelt(Path(f), named)) for f in skipped["file"].unique().to_list()}
        skipped = skipped.with_columns(pl.col("file").replace(files))
    if progress:
        progress(f"Connecting to the cluster {address}")
    with client_for(address) as client:
        return reconcile_on_cluster(
            client, as_given(payroll, given.payroll), as_given(enrollment, given.enrollment),
            reference, declarations, options, progress=progress, skipped=skipped,
            findings=findings,
        )  # fmt: skip
