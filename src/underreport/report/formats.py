"""Machine-readable renderings of the result: JSON contract and CSV ranking."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import TextIO

import polars as pl

from underreport.model.result import EmployerFinding, Frozen, ReconcileResult
from underreport.report.export.cells import defuse

CSV_COLUMNS = (
    "rank",
    "employer_id",
    "employer_name",
    "registered",
    "payroll_workers",
    "enrolled_workers",
    "unregistered_workers",
    "underreported_wage_workers",
    "wage_gap_idr",
    "monthly_contribution_gap_idr",
    "coverage_ratio",
    "severity",
    "enrolled_not_on_payroll",
    "not_reconcilable_workers",
    "reasons",
)


def to_json(result: ReconcileResult) -> str:
    return result.model_dump_json(indent=2)


def write_json(result: ReconcileResult, out: TextIO, ranked: pl.DataFrame | None = None) -> None:
    """The JSON document, written list item by list item.

    The envelope is Pydantic's; `employers` comes from the `ranked` rows when
    the result holds no finding objects (`reconcile(findings=False)`), each
    row encoded by Polars: a national ranking never becomes objects.
    """
    lists = ("employers", "data_quality")
    head = result.model_copy(update={k: [] for k in lists}).model_dump_json(indent=2)
    rest = head
    for name in lists:
        marker = f'\n  "{name}": []'
        before, found, rest = rest.partition(marker)
        if not found:  # pragma: no cover - the contract always has both lists
            raise ValueError(f"no {name} list in the result")
        out.write(before)
        items: list[Frozen] = getattr(result, name)
        if name == "employers" and not items and ranked is not None and ranked.height:
            out.write(f'\n  "{name}": [')
            for i, batch in enumerate(ranked.iter_slices(BATCH_ROWS)):
                lines = batch.select(finding_json(batch.columns, i * BATCH_ROWS))
                out.write(
                    ("," if i else "") + "\n    " + lines.to_series().str.join(",\n    ").item()
                )
            out.write("\n  ]")
            continue
        if not items:
            out.write(marker)
            continue
        out.write(f'\n  "{name}": [')
        for i, item in enumerate(items):
            text = item.model_dump_json(indent=2).replace("\n", "\n    ")
            out.write(("," if i else "") + "\n    " + text)
        out.write("\n  ]")
    out.write(rest)


BATCH_ROWS = 20_000
"""Ranked rows encoded at a time: the text of a batch, not of the ranking, is held."""
_TIERS = ("tier2", "tier3", "tier4")
_HOLE = "\x00"
"""Stands in for `probable_by_tier` in the encoded row; replaced by the tiers' own object."""


def finding_json(columns: Sequence[str], offset: int = 0) -> pl.Expr:
    """One EmployerFinding as JSON text per ranked row (see `reconcile.employers.ranked`).

    Every field of the model, in its order: the row's column where it has one,
    else the field's default (the case register's fields). `rank` counts from
    `offset + 1` unless the rows carry one; `probable_by_tier` lists the non-zero
    tiers only, as the model's dict does, so it is spliced in as text.
    """
    fields: list[pl.Expr] = []
    for name, info in EmployerFinding.model_fields.items():
        if name == "probable_by_tier":
            fields.append(pl.lit(_HOLE).alias(name))
        elif name in columns:
            fields.append(pl.col(name))
        elif name == "rank":
            fields.append(
                pl.int_range(offset + 1, offset + 1 + pl.len(), dtype=pl.Int64).alias(name)
            )
        else:
            default = info.get_default(call_default_factory=True)
            dtype = pl.List(pl.String) if isinstance(default, list) else None
            fields.append(pl.lit(default, dtype).alias(name))
    tiers = (
        pl.concat_list(
            pl.when(pl.col(t) > 0).then(pl.format('"{}":{}', pl.lit(t[-1]), pl.col(t)))
            for t in _TIERS
            if t in columns
        )
        .list.drop_nulls()
        .list.join(",")
        if set(_TIERS) & set(columns)
        else pl.lit("")
    )
    return (
        pl.struct(fields)
        .struct.json_encode()
        .str.replace(
            '"probable_by_tier":"\\u0000"',
            pl.concat_str(pl.lit('"probable_by_tier":{'), tiers, pl.lit("}")),
            literal=True,
        )
        .alias("json")
    )


def to_csv(result: ReconcileResult, delimiter: str = ",") -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=delimiter, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for e in result.employers:
        row = e.model_dump()
        row["reasons"] = " | ".join(e.reasons)
        writer.writerow([_cell(row[c]) for c in CSV_COLUMNS])
    return buf.getvalue()


def _cell(value: object) -> object:
    if isinstance(value, str):
        return defuse(value)
    return "" if value is None else value
