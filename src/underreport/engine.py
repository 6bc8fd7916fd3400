"""The Polars engine for the frames the pipeline holds in memory.

Polars 2 streams by default. A part of a large run, or an input small
enough to load whole, is already in memory; there the in-memory engine is
faster and smaller (1M rows: 8.6 -> 6.9 s, 0.81 -> 0.63 GB; a group-by
alone about twice as fast). Splitting and counting inputs ask for the
streaming engine by name.
"""

from __future__ import annotations

import os
from typing import cast

import polars as pl
from polars._typing import EngineType

ENGINE = cast(EngineType, os.environ.get("POLARS_ENGINE_AFFINITY", "in-memory"))
"""In memory, unless the user's `POLARS_ENGINE_AFFINITY` says otherwise."""


def in_memory() -> pl.Config:
    """A decorator that runs a function's queries on `ENGINE`, and restores the setting after.

    Scoped rather than set on import: a program that uses underreport as a
    library keeps its own engine for its own queries.
    """
    return pl.Config(set_engine_affinity=ENGINE, apply_on_context_enter=True)


STREAMING_CHUNK_ROWS = 20_000
"""Rows per streaming chunk: smaller than Polars' default, to bound the memory of splitting a
national input into parts (10M enrolment rows into 42 parts: 0.89 -> 0.53 GB, same time)."""


def small_chunks() -> pl.Config:
    """A decorator that streams in chunks of `STREAMING_CHUNK_ROWS`, and restores the setting.

    A Polars setting, not the environment: `POLARS_IDEAL_MORSEL_SIZE` is read once, when
    Polars is imported, so a command could not set it and a library must not. A size the
    user gives in that variable wins.
    """
    if "POLARS_IDEAL_MORSEL_SIZE" in os.environ:
        return pl.Config()
    return pl.Config(streaming_chunk_size=STREAMING_CHUNK_ROWS, apply_on_context_enter=True)
