"""`underreport history` on a terminal of 80 columns: figures whole, months counted, names of
regions rather than codes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from underreport.cli import app

SAMPLE = Path(__file__).parent.parent / "sample_data"
TERMINAL = {"COLUMNS": "80", "FORCE_COLOR": "1", "NO_COLOR": "1"}
runner = CliRunner()


@pytest.fixture(scope="module")
def register(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """February, then March twice: 18453606 is flagged in 2 months over 3 runs."""
    db = tmp_path_factory.mktemp("history") / "cases.sqlite"
    for period in ("2025-02", "2025-03", "2025-03"):
        res = runner.invoke(app, ["check", "-p", str(SAMPLE / "payroll"), "-e",
                                  str(SAMPLE / "enrollment"), "--period", period,
                                  "--history", str(db), "-q"])  # fmt: skip
        assert res.exit_code == 1, res.output  # employers are flagged
    return db


def _shown(*args: str) -> str:
    res = runner.invoke(app, ["history", *args], env=TERMINAL)
    assert res.exit_code == 0, res.output
    text = re.sub(r"\x1b\[[0-9;]*m", "", res.output)
    assert max(len(line) for line in text.splitlines()) <= 80
    return text


def test_an_employer_s_trajectory_counts_months_and_runs(register: Path) -> None:
    text = _shown("--db", str(register), "--employer", "18453606", "--lang", "en")
    rows = [line.split() for line in text.splitlines() if re.match(r"\s+\d\s+2025-0\d", line)]
    assert [r[:2] for r in rows] == [["1", "2025-02"], ["2", "2025-03"], ["3", "2025-03"]]
    assert [" ".join(r[3:7]) for r in rows] == [
        "Rp 8.035.502 high 1", "Rp 7.424.831 high 2", "Rp 7.424.831 high 2"]  # fmt: skip
    assert [r[7] for r in rows] == ["(1)", "(2)", "(3)"]  # the re-run adds a run, not a month
    assert "unknown" in text and "regency" in text


def test_the_runs_and_the_trajectory_in_indonesian(register: Path) -> None:
    runs = _shown("--db", str(register), "--lang", "id")
    assert "Rp 17.872.637" in runs and "Rp 21.344.665" in runs
    one = _shown("--db", str(register), "--employer", "18453606", "--lang", "id")
    assert "berlanjut" in one and "kabupaten/kota" in one and "wilayah tidak" in one
