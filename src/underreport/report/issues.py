"""Every data-quality issue to a file (`--issues`): the JSON document lists only the first."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from underreport.model.errors import UsageError

SUFFIXES = (".csv", ".parquet", ".json")


def issues_target(path: Path) -> Path:
    """`--issues FILE`, checked before the run: a format it cannot write stops it at once."""
    if path.suffix.lower() not in SUFFIXES:
        raise UsageError(
            f"--issues {path}: the file name must end in .csv, .parquet or .json "
            f"(not {path.suffix or 'no suffix'})"
        )
    return path


def write_issues(issues: pl.DataFrame | pl.LazyFrame, path: Path) -> None:
    """Every issue, one row each, written beside the target then renamed into place.

    A reader (or a failed run) never sees half a file under the name asked for.
    """
    suffix = issues_target(path).suffix.lower()
    tmp = path.with_name(f".{path.name}.part")
    try:
        if suffix == ".csv":
            issues.lazy().sink_csv(tmp)
        elif suffix == ".parquet":
            issues.lazy().sink_parquet(tmp)
        else:
            issues.lazy().collect(engine="streaming").write_json(tmp)
        tmp.replace(path)
    except (OSError, pl.exceptions.PolarsError) as exc:
        tmp.unlink(missing_ok=True)
        reason = getattr(exc, "strerror", None) or str(exc).splitlines()[0]
        raise UsageError(f"--issues {path}: cannot write the file: {reason}") from None
