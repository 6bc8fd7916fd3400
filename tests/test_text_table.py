"""The terminal ranking at the widths terminals have: figures whole, names shortened last."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.console import Console

from underreport import load, reconcile
from underreport.model.result import ReconcileResult
from underreport.report.text import render

ROOT = Path(__file__).resolve().parents[1] / "sample_data"


@pytest.fixture(scope="module")
def result() -> ReconcileResult:
    loaded = load([ROOT / "payroll"], [ROOT / "enrollment"])
    return reconcile(loaded).result


def _table(result: ReconcileResult, width: int) -> list[str]:
    console = Console(width=width, record=True, color_system=None)
    render(result, console, top=3)
    text = console.export_text()
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if "flagged employers" in line)
    return lines[start : start + 11]


@pytest.mark.parametrize("width", [80, 100, 120, 160])
def test_the_ranking_fits_and_never_cuts_an_npp_or_an_amount(
    result: ReconcileResult, width: int
) -> None:
    lines = _table(result, width)
    assert max(len(line) for line in lines) <= width
    first = result.employers[0]
    row = next(line for line in lines if line.startswith("│ 1 "))
    assert first.employer_id in row
    assert "Rp 7.424.831" in row  # the first employer's gap, as `--format json` gives it
    assert row.count("│") >= 7  # one line a row: the name is shortened, never wrapped


def test_a_narrow_terminal_says_which_columns_it_left_out(result: ReconcileResult) -> None:
    narrow = " ".join(" ".join(_table(result, 80)).split())
    assert "Left out at this width: Payroll, Enrolled, Under-rep., Coverage" in narrow
    header = next(line for line in _table(result, 80) if line.startswith("┃ #"))
    assert "Unreg." in header and "Severity" in header and "Payroll" not in header
    wide = "\n".join(_table(result, 160))
    assert "Left out" not in wide and "Enrolled" in wide and "Coverage" in wide
