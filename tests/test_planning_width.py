"""`screen` and `coverage` on a terminal of 80 columns, and redirected: every word kept."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from underreport.cli import app

SAMPLE = Path(__file__).parent.parent / "sample_data"
SCREEN = ["screen", "-e", str(SAMPLE / "enrollment"), "--declarations",
          str(SAMPLE / "declarations"), "--previous", str(SAMPLE / "previous"),
          "--employers", str(SAMPLE / "employers"), "--notices", str(SAMPLE / "notices"),
          "--lang", "id"]  # fmt: skip
COVERAGE = ["coverage", "-p", str(SAMPLE / "payroll"), "-e", str(SAMPLE / "enrollment"),
            "--employers", str(SAMPLE / "employers"), "--declarations",
            str(SAMPLE / "declarations"), "--by", "regency", "--lang", "id"]  # fmt: skip
TERMINAL = {"COLUMNS": "80", "FORCE_COLOR": "1", "NO_COLOR": "1"}  # Rich: a terminal, 80 wide


def _words(text: str) -> list[str]:
    return re.sub(r"\x1b\[[0-9;]*m|[│┃─━]", " ", text).split()


def test_screen_keeps_every_word_of_its_reasons_at_80_columns() -> None:
    shown = CliRunner().invoke(app, SCREEN, env=TERMINAL)
    assert shown.exit_code == 0, shown.output
    plain = re.sub(r"\x1b\[[0-9;]*m", "", shown.output)
    assert max(len(line) for line in plain.splitlines()) <= 80
    data = json.loads(CliRunner().invoke(app, [*SCREEN, "--format", "json"]).stdout)
    words = set(_words(plain))  # a wrapped cell interleaves with its row: words, not phrases
    for employer in data["employers"][:20]:
        assert employer["employer_id"] in words
        for flag in employer["flags"]:
            assert set(flag["reason"].split()) <= words, flag["reason"]


@pytest.mark.parametrize("env", [TERMINAL, {}], ids=["terminal-80", "redirected"])
def test_coverage_writes_region_names_and_figures_whole(env: dict[str, str]) -> None:
    shown = CliRunner().invoke(app, COVERAGE, env=env)
    assert shown.exit_code == 0, shown.output
    plain = re.sub(r"\x1b\[[0-9;]*m", "", shown.output)
    if env:
        assert max(len(line) for line in plain.splitlines()) <= 80
    else:  # a file gets one row a line: the name and its figures together
        assert re.search(r"Kota Bandar Lampung\s+2\s+87\s+81\s+93,1%\s+Rp 3\.142\.103", plain)
    for figure in ("Rp 11.363.757", "Rp 40.093.077", "36,6%", "100,0%"):
        assert figure in plain
    assert {"Kota", "Adm.", "Jakarta", "Pusat", "Pangkal", "Pinang"} <= set(_words(plain))
