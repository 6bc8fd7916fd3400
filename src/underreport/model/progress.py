"""How the library says what it is doing, without printing: a callback the caller renders.

The readers and the pipeline call `progress(step)` when a step starts and
`progress(step, rows=n)` when `n` more input rows have been read; `total`
gives the rows the run will read once they are counted (Parquet from its
metadata). Only a renderer (the command line's progress bar) prints.
"""

from __future__ import annotations

from typing import Protocol


class Progress(Protocol):
    def __call__(self, step: str, rows: int | None = None, total: int | None = None) -> None:
        """`step` is what is being done now; `rows` rows more were read; `total` in all."""
