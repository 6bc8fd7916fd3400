"""CSV, JSON and Parquet renderings of the employer or worker table."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import polars as pl

from underreport.model.result import ReconcileResult
from underreport.report.export.cells import defuse
from underreport.report.export.manifest import Manifest

MANIFEST_KEY = "underreport.manifest"
CSV_REASON_SEPARATOR = " | "


def write_csv(path: Path, frame: pl.DataFrame, delimiter: str = ",") -> None:
    """UTF-8 with BOM (so Excel detects the encoding), CRLF, text cells defused."""
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow([defuse(c) for c in frame.columns])
    for row in frame.iter_rows():
        writer.writerow([_csv_cell(v) for v in row])
    path.write_bytes(buf.getvalue().encode("utf-8-sig"))


def _csv_cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        value = CSV_REASON_SEPARATOR.join(str(v) for v in value)
    if isinstance(value, str):
        return defuse(value)
    return value


def write_manifest(path: Path, manifest: Manifest) -> None:
    path.write_text(manifest.as_json(), encoding="utf-8")


def employers_json(result: ReconcileResult, manifest: Manifest, **extra: object) -> str:
    """The `ReconcileResult` contract, unchanged, plus `manifest` (and `office` when split)."""
    doc: dict[str, object] = result.model_dump(mode="json")
    doc.update(extra)
    doc["manifest"] = manifest.as_dict()
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def workers_json(frame: pl.DataFrame, manifest: Manifest, **extra: object) -> str:
    doc: dict[str, object] = {"manifest": manifest.as_dict(), **extra}
    doc["workers"] = frame.to_dicts()
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def write_json(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


def write_parquet(path: Path, frame: pl.DataFrame, manifest: Manifest) -> None:
    """Typed columns; the manifest rides in the file's key-value metadata."""
    frame.write_parquet(path, metadata={MANIFEST_KEY: manifest.as_json()}, statistics=True)


def read_parquet_manifest(path: Path) -> dict[str, object] | None:
    """The manifest stored by `write_parquet`, or None for a file without one."""
    raw = pl.read_parquet_metadata(path).get(MANIFEST_KEY)
    if raw is None:
        return None
    value = json.loads(raw)
    return value if isinstance(value, dict) else None
