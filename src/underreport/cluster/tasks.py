"""What a cluster's workers run, whatever the engine: Arrow in, Arrow out.

Each function is one kind of task of a distributed run (`cluster.run` wires them
with Dask): `survey` a table for the plan, `clean_slice` a slice of rows,
`reconcile_part` one partition of employers, `cross_part` one group of NIKs. None
of them knows Dask: another engine (Spark's `mapPartitions`, say) would call the
same functions, and so reach the same answer. Frames cross the wire as pandas over
Arrow (Dask's shuffle takes pandas); lists of text go as joined text, which the
shuffle cannot carry. Every partition's rows are put back in the order a single run
reads them before they are reconciled, so the result is the single run's.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl

from underreport.engine import in_memory
from underreport.ingest import remote
from underreport.ingest.aliases import Kind
from underreport.ingest.checks import empty_issues, enrolment_twice
from underreport.ingest.load import Found, Loaded, assemble, numeric_columns
from underreport.ingest.split import count_rows, employer_keys
from underreport.model.config import ReconcileOptions
from underreport.model.result import InputFile
from underreport.model.tables import ENROLMENT_ROWS, PAYROLL_ROWS
from underreport.reconcile import Reconciliation, reconcile
from underreport.reconcile.chunked import CROSS, cross_group
from underreport.reconcile.employer_link import apply_links
from underreport.reconcile.workers import VALID_NIK
from underreport.rules import MinimumWages, RuleBook

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


def keyed(kind: Kind) -> pl.Schema:
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
    rules: tuple[RuleBook, MinimumWages],
) -> tuple[pl.DataFrame | None, Reconciliation | None, pl.DataFrame]:
    """One partition's employers reconciled as a single run would: ranked rows, the result
    without worker detail, and the enrolment's issues (all within an employer)."""
    pay = from_pandas(payroll, keyed("payroll")).sort(SEQ).drop(KEY, SEQ)
    enr = from_pandas(enrollment, keyed("enrollment")).sort(SEQ).drop(KEY, SEQ)
    twice = enrolment_twice(enr)
    declared = None
    if declarations is not None:
        declared = pl.from_pandas(declarations).drop(KEY)
        declared = declared if declared.height else None
    if pay.is_empty() and declared is None:
        return None, None, twice
    sub = Loaded(pay, enr, [], empty_issues(), reference, declared)
    rec = reconcile(sub, options, links=links, cross_rows=False, findings=False, books=rules)
    rows, rec = rec.take_ranked()
    return rows, rec.without_detail(), twice


def cross_part(niks: Any, order: pl.DataFrame) -> pl.DataFrame:
    """The cross-employer issues of one group of NIKs."""
    rows = pl.from_pandas(niks)
    return cross_group(rows.lazy(), order) if rows.height else empty_issues()


def read(cleaned: dict[str, Any]) -> tuple[pl.DataFrame, list[tuple[int, InputFile]], int]:
    """What the client keeps of a cleaned slice: its issues and what it read."""
    return cleaned["issues"], cleaned["metas"], cleaned["count"]


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
    return [remote.of(p).absolute() for p in paths]


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
    for g in map(remote.of, given):
        root = g.absolute()
        if path == root:
            return g
        if path.is_relative_to(root):
            return g / path.relative_to(root)
    return path
