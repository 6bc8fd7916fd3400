"""The streamed JSON document is the contract's own serialisation, byte for byte."""

from __future__ import annotations

import io
from pathlib import Path

from underreport import load, reconcile
from underreport.report.formats import write_json

ROOT = Path(__file__).parents[1] / "sample_data"


def test_streamed_json_equals_the_models_own() -> None:
    result = reconcile(load([ROOT / "payroll"], [ROOT / "enrollment"])).result
    assert result.employers and result.data_quality
    for doc in (result, result.model_copy(update={"employers": [], "data_quality": []})):
        out = io.StringIO()
        write_json(doc, out)
        assert out.getvalue() == doc.model_dump_json(indent=2)
