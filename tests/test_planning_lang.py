"""screen and coverage speak the chosen language: --lang, else [output] lang, else the locale."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from underreport.cli import app
from underreport.sample.screening import generate_screening

ROOT = Path(__file__).parents[1] / "sample_data"
SAMPLE = ["-p", str(ROOT / "payroll"), "-e", str(ROOT / "enrollment")]
runner = CliRunner()
WIDE = {"COLUMNS": "220", "LANG": "C", "LC_ALL": ""}


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_coverage_table_in_indonesian_and_english() -> None:
    res = runner.invoke(app, ["coverage", *SAMPLE, "--lang", "id"], env=WIDE)
    assert res.exit_code == 0, res.output
    text = _flat(res.stdout)
    assert "Cakupan menurut provinsi, 2025-03" in text
    assert "Semua" in text and "Jawa Barat (NIK)" in text and "87,7%" in text
    assert "Rp 21.344.665" in text
    res = runner.invoke(app, ["coverage", *SAMPLE, "--lang", "en"], env=WIDE)
    text = _flat(res.stdout)
    assert "Coverage by province, 2025-03" in text and "All" in text and "87.7%" in text


def test_screen_takes_the_language_from_the_config_file(tmp_path: Path) -> None:
    generate_screening(tmp_path, employers=40, seed=1)
    config = tmp_path / "underreport.toml"
    config.write_text('[output]\nlang = "id"\n', encoding="utf-8")
    args = ["screen", "-e", str(tmp_path / "enrollment.csv"), "--declarations",
            str(tmp_path / "declarations.csv"), "--as-of", "2025-06-30"]  # fmt: skip
    res = runner.invoke(app, [*args, "--config", str(config)], env=WIDE)
    assert res.exit_code == 0, res.output
    text = _flat(res.stdout)
    assert "Siapa diperiksa berikutnya" in text and "Upah minimum tahun 2025" in text
    assert "Melaporkan" in text  # the flags' sentences too, not only the headings
    res = runner.invoke(app, [*args, "--config", str(config), "--lang", "en"], env=WIDE)
    text = _flat(res.stdout)
    assert "Whom to inspect next" in text and "Declares" in text
