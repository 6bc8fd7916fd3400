"""Scan floor: read just the columns reconcile needs, with a trivial aggregate over each.

Run as a subprocess by `bench/run.py`: `python bench/floor.py FORMAT PAYROLL ENROLLMENT`.
Prints one JSON line of the aggregates (so nothing can be optimised away unseen).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import polars as pl

PAYROLL = {"NPP": "text", "NIK": "text", "Periode": "text", "Gaji Pokok": "money",
           "Tunjangan Tetap": "money"}  # fmt: skip
ENROLLMENT = {"NPP": "text", "NIK": "text", "UPAH": "money", "STATUS KEPESERTAAN": "text"}


def scan(fmt: str, path: Path, columns: dict[str, str], separator: str) -> pl.LazyFrame:
    names = list(columns)
    if fmt == "parquet":
        return pl.scan_parquet(path).select(names)
    if fmt == "csv":
        return pl.scan_csv(path, separator=separator, infer_schema=False).select(names)
    frame = pl.read_excel(path, engine="calamine", columns=names)
    return frame.lazy()


def aggregate(lf: pl.LazyFrame, columns: dict[str, str]) -> pl.LazyFrame:
    exprs = [
        pl.col(c).cast(pl.Float64, strict=False).sum()
        if kind == "money"
        else pl.col(c).cast(pl.String).str.len_bytes().sum()
        for c, kind in columns.items()
    ]
    return lf.select(exprs)


def main() -> None:
    fmt, pay, enr = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
    frames = [
        aggregate(scan(fmt, pay, PAYROLL, ","), PAYROLL),
        aggregate(scan(fmt, enr, ENROLLMENT, ";"), ENROLLMENT),
    ]
    out = [f.collect(engine="streaming").row(0) for f in frames]
    print(json.dumps(out))


if __name__ == "__main__":
    main()
