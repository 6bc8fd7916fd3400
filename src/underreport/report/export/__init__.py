"""Exports an inspector files or hands on: XLSX, CSV, JSON and Parquet, written atomically.

`write_export` picks the format from the extension, renders flagged
employers or worker findings, masks or pseudonymises NIKs (pseudonymised:
without worker names), optionally splits
by BPJS office, and moves the finished files into place only when all of them
were written.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import polars as pl

from underreport.model.errors import UsageError
from underreport.model.i18n import Lang
from underreport.model.result import ReconcileResult
from underreport.report.export.atomic import Staging, staged
from underreport.report.export.cells import defuse, scrub_niks
from underreport.report.export.frames import (
    employer_frame,
    office_mask,
    offices,
    slug,
    worker_frame,
)
from underreport.report.export.manifest import Manifest
from underreport.report.export.tabular import (
    employers_json,
    read_parquet_manifest,
    workers_json,
    write_csv,
    write_json,
    write_manifest,
    write_parquet,
)

__all__ = [
    "SUPPORTED",
    "Manifest",
    "defuse",
    "read_parquet_manifest",
    "write_export",
]

SUPPORTED = (".xlsx", ".csv", ".json", ".parquet")
Level = Literal["employers", "workers"]


def write_export(
    out: Path,
    result: ReconcileResult,
    workers: pl.DataFrame,
    *,
    level: Level = "employers",
    manifest: Manifest,
    show_nik: bool = False,
    pseudonymise_salt: str | None = None,
    delimiter: str = ",",
    by_office: dict[str, str] | None = None,
    lang: Lang = "en",
) -> list[Path]:
    """Write `out` (plus per-office files and a CSV manifest); return every path written.

    `lang` is the workbook's language (sheet names, headers, labels); CSV,
    JSON and Parquet keep their contract's column names in every language.
    """
    out = Path(out)
    ext = out.suffix.lower()
    if ext not in SUPPORTED:
        raise UsageError(
            f"cannot export to {out.name!r}: the extension must be one of {', '.join(SUPPORTED)}"
        )
    if level not in ("employers", "workers"):
        raise UsageError(f"export level must be 'employers' or 'workers', not {level!r}")
    if len(delimiter) != 1 or delimiter in "\r\n\"'":
        raise UsageError(
            f"CSV delimiter must be one character such as ',' or ';', not {delimiter!r}"
        )
    if not show_nik or pseudonymise_salt is not None:
        result = _scrubbed(result, drop=pseudonymise_salt is not None)
    employers = employer_frame(result.employers)
    worker_rows = worker_frame(
        workers, result, show_nik=show_nik, pseudonymise_salt=pseudonymise_salt
    )
    with staged() as staging:
        if ext == ".xlsx":
            # openpyxl is imported for a workbook alone: 150 ms at every command's start else.
            from underreport.report.export.xlsx import write_xlsx

            write_xlsx(staging.path_for(out), result, employers, worker_rows, manifest, by_office,
                       lang)  # fmt: skip
            return [out]
        frame = employers if level == "employers" else worker_rows
        written = [out]
        _write_one(staging, out, ext, level, result, frame, manifest, delimiter, None)
        taken: set[str] = set()
        for office in (
            [] if by_office is None else offices(frame["employer_id"].to_list(), by_office)
        ):
            part = frame.filter(office_mask(frame, office, by_office or {}))
            ids = set(part["employer_id"].to_list())
            subset = result.model_copy(
                update={"employers": [e for e in result.employers if e.employer_id in ids]}
            )
            target = out.with_name(f"{out.stem}.{slug(office, taken)}{out.suffix}")
            _write_one(staging, target, ext, level, subset, part, manifest, delimiter, office)
            written.append(target)
        if ext == ".csv":
            sidecar = out.with_name(f"{out.stem}.manifest.json")
            write_manifest(staging.path_for(sidecar), manifest)
            written.append(sidecar)
    return written


def _write_one(
    staging: Staging,
    target: Path,
    ext: str,
    level: Level,
    result: ReconcileResult,
    frame: pl.DataFrame,
    manifest: Manifest,
    delimiter: str,
    office: str | None,
) -> None:
    tmp = staging.path_for(target)
    extra: dict[str, object] = {} if office is None else {"office": office}
    if ext == ".csv":
        write_csv(tmp, frame, delimiter)
    elif ext == ".parquet":
        write_parquet(tmp, frame, manifest)
    elif level == "employers":
        write_json(tmp, employers_json(result, manifest, **extra))
    else:
        write_json(tmp, workers_json(frame, manifest, **extra))


def _scrubbed(result: ReconcileResult, *, drop: bool) -> ReconcileResult:
    """Mask any full NIK that slipped into free text (data-quality messages)."""
    issues = [
        q.model_copy(update={"message": scrub_niks(q.message, drop=drop)})
        for q in result.data_quality
    ]
    return result.model_copy(update={"data_quality": issues})
