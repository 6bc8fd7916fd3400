"""The manifest: what produced an export, from which files, and when."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from pydantic import BaseModel, ConfigDict

from underreport.model.result import InputFile


class Manifest(BaseModel):
    """Provenance written with every export (About sheet, sibling JSON, Parquet metadata)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    tool_version: str
    rules_version: str
    command: str
    options: dict[str, object]
    inputs: list[InputFile]
    generated_at: datetime

    def as_dict(self) -> dict[str, object]:
        return self.model_dump(mode="json", fallback=str)

    def as_json(self) -> str:
        return json.dumps(self.as_dict(), ensure_ascii=False, indent=2, default=str) + "\n"


def utc_naive(moment: datetime) -> datetime:
    """Excel has no time zones: aware times become UTC wall-clock time."""
    if moment.tzinfo is None:
        return moment
    return moment.astimezone(UTC).replace(tzinfo=None)
