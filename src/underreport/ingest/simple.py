"""Small per-employer tables (reference data, headcount declarations), read like the rest.

They use the same header search, title blocks and aliases as payroll and
enrolment, but are small, so each sheet is cleaned on its own.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import polars as pl

from underreport.ingest.aliases import Kind, alias_map
from underreport.ingest.layout import detect
from underreport.ingest.sheets import expand, read_tables
from underreport.ingest.title import Title
from underreport.model.errors import InputError

Column = Callable[[str], pl.Expr]


def read(
    paths: Sequence[Path],
    kind: Kind,
    select: Callable[[Column], list[pl.Expr]],
    required: Sequence[str] = (),
) -> list[pl.DataFrame]:
    """One cleaned frame per sheet; `select` builds the columns from a text getter."""
    aliases = alias_map(kind)
    frames = []
    for path in expand(list(paths)):
        for table in read_tables(path):
            layout = detect(table, kind, aliases)
            missing = [f for f in required if f not in layout.columns and f not in layout.title]
            if missing:
                raise InputError(f"no {' or '.join(missing)} column in the {kind} table",
                                 file=str(path), sheet=table.sheet)  # fmt: skip

            def col(f: str, cols: dict[str, list[int]] = layout.columns,
                    title: Title = layout.title) -> pl.Expr:  # fmt: skip
                if f in cols:
                    return pl.col(f"c{cols[f][0]}").cast(pl.String).str.strip_chars()
                return pl.lit(title[f][0] if f in title else None, pl.String)

            body = table.body(layout.skip)
            frames.append(
                body.select(*select(col), pl.col("_row"))
                .with_columns(pl.lit(str(path)).alias("_file"),
                              pl.lit(table.sheet, pl.String).alias("_sheet"))
                .collect()
            )  # fmt: skip
    return frames
