"""The terminal ranking at 80, 100 and 160 columns: figures whole, names wrapped, columns named."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from underreport import load, reconcile
from underreport.cli import app
from underreport.model.i18n import money
from underreport.model.result import ReconcileResult
from underreport.report.text import for_output, render

ROOT = Path(__file__).resolve().parents[1] / "sample_data"
LONG_NAME = "PT Perusahaan Perkebunan Kelapa Sawit Nusantara Sejahtera Abadi Makmur Tbk"
BIG = [  # NPP, name, monthly gap, how the gap is written
    ("98765432", LONG_NAME, 12_345_678_901, "Rp 12.345.678.901"),
    ("10000001", "CV Duta", 6_000_000_000, "Rp 6.000.000.000"),
    ("55512345", "Koperasi Karyawan Perkebunan Inti Rakyat Sumatera Utara", 1_234_567_890,
     "Rp 1.234.567.890"),
]  # fmt: skip


@pytest.fixture(scope="module")
def result() -> ReconcileResult:
    loaded = load([ROOT / "payroll"], [ROOT / "enrollment"])
    return reconcile(loaded).result


@pytest.fixture(scope="module")
def big(result: ReconcileResult) -> ReconcileResult:
    """Long names, 8-digit NPPs, gaps in billions of rupiah and 5-digit headcounts."""
    rows = [
        e.model_copy(update={"employer_id": npp, "employer_name": name, "payroll_workers": 12345,
                             "monthly_contribution_gap_idr": gap})
        for e, (npp, name, gap, _) in zip(result.employers, BIG, strict=False)
    ]  # fmt: skip
    return result.model_copy(update={"employers": rows})


def _render(result: ReconcileResult, width: int, lang: str = "en") -> list[str]:
    console = Console(width=width, record=True, color_system=None)
    render(result, console, top=20, lang=lang)
    return console.export_text().splitlines()


def _table(lines: list[str]) -> tuple[list[str], list[list[str]], list[str]]:
    """Header cells, each row's first line split into cells, and the lines under the table."""
    start = next(i for i, line in enumerate(lines) if re.match(r"\s*# ", line))
    row = re.compile(r"\s*\d+  |\s{10}")  # a row's first line, or a wrapped name's next one
    end = next(i for i in range(start + 2, len(lines)) if not row.match(lines[i]))
    header = re.split(r"\s{2,}", lines[start].strip())
    rows = [re.split(r"\s{2,}", line.strip()) for line in lines[start + 2 : end]
            if re.match(r"\s*\d+ ", line)]  # fmt: skip
    under = lines[end : next(i for i in range(end, len(lines)) if lines[i].startswith("╭"))]
    return header, rows, under


WIDTHS = [80, 100, 160]


@pytest.mark.parametrize("lang", ["en", "id"])
@pytest.mark.parametrize("width", WIDTHS)
def test_the_sample_ranking_fits_with_every_npp_and_gap_whole(
    result: ReconcileResult, width: int, lang: str
) -> None:
    lines = _render(result, width, lang)
    assert max(len(line) for line in lines) <= width
    header, rows, _ = _table(lines)
    assert len(rows) == 11
    for e, cells in zip(result.employers, rows, strict=True):
        assert cells[:2] == [str(e.rank), e.employer_id]
        assert money(e.monthly_contribution_gap_idr) in cells
    assert all(len(cells) == len(header) and all(cells) for cells in rows), "an empty column"
    assert "…" not in " ".join(" ".join(c) for c in rows)


@pytest.mark.parametrize("width", WIDTHS)
def test_long_names_and_billions_keep_every_figure_whole(big: ReconcileResult, width: int) -> None:
    lines = _render(big, width)
    assert max(len(line) for line in lines) <= width
    header, rows, _ = _table(lines)
    assert [r[1] for r in rows] == [npp for npp, *_ in BIG]
    assert [r[-2] for r in rows] == [shown for *_, shown in BIG]
    assert all(len(cells) == len(header) and all(cells) for cells in rows), "an empty column"
    if {"Payroll", "Pay."} & set(header):  # headcounts are never cut either
        assert "12345" in rows[0]
    table = "\n".join(lines)
    assert "PT Perusahaan Perkebunan" in table and "CV Duta" in table


def test_at_80_columns_headers_are_abbreviated_and_explained(result: ReconcileResult) -> None:
    header, rows, under = _table(_render(result, 80))
    assert header == ["#", "NPP", "Employer", "Unreg.", "Under", "Cov.", "Gap/mo", "Sev."]
    legend = " ".join(" ".join(under).split())
    assert "Unreg. = Unregistered · Under = Under-reported · Cov. = Coverage" in legend
    assert "Left out at this width: Payroll, Enrolled (see --format json)." in legend
    assert rows[0][2] == "CV Sumber Perkasa Farma"


def test_at_80_columns_a_long_name_is_wrapped_over_two_lines_then_shortened(
    big: ReconcileResult,
) -> None:
    lines = _render(big, 80)
    first = next(i for i, line in enumerate(lines) if re.match(r" ?1  ", line))
    name = lines[first][13:].split("  ")[0] + " " + lines[first + 1].strip()
    assert name.endswith("…") and LONG_NAME.startswith(name[:-1].rstrip())
    assert len(name) > 30  # two lines of the name, not one cut short


def test_at_160_columns_every_column_has_its_full_header(result: ReconcileResult) -> None:
    header, rows, under = _table(_render(result, 160))
    assert header == ["#", "NPP", "Employer", "Payroll", "Enrolled", "Unregistered",
                      "Under-reported", "Coverage", "Monthly gap", "Severity"]  # fmt: skip
    assert rows[1][2] == "PT Sinar Gemilang Konstruksi"
    assert not "".join(under).strip()  # no legend, nothing left out


def test_at_100_columns_no_name_is_cut(result: ReconcileResult) -> None:
    _, rows, _ = _table(_render(result, 100))
    assert [r[2] for r in rows] == [e.employer_name for e in result.employers]


def test_indonesian_labels(result: ReconcileResult) -> None:
    text = "\n".join(_render(result, 160, "id"))
    header, rows, _ = _table(text.splitlines())
    assert header == ["#", "NPP", "Pemberi kerja", "Daftar gaji", "Terdaftar", "Tak didaftarkan",
                      "Upah kurang", "Cakupan", "Selisih iuran/bln", "Tingkat"]  # fmt: skip
    assert rows[0][-1] == "tinggi" and rows[-1][-1] == "rendah"
    assert "Maret 2025 (2025-03, terakhir di daftar gaji)" in text
    assert "11 teratas dari 11 pemberi kerja yang ditandai" in text
    assert "Kualitas data" in text and "Mengapa #1: NPP 18453606" in text
    for english in ("Employer", "Severity", "Period", "flagged", "Data quality", "Why"):
        assert not re.search(rf"\b{english}\b", text), english


def test_output_that_is_not_a_terminal_is_written_whole(big: ReconcileResult) -> None:
    out = io.StringIO()
    render(big, for_output(Console(file=out, width=80)), lang="en")
    lines = out.getvalue().splitlines()
    header, rows, _ = _table(lines)
    assert "Monthly gap" in header and "Left out" not in out.getvalue()
    assert [r[2] for r in rows] == [name for _, name, *_ in BIG]


def test_the_command_redirected_keeps_full_names_at_any_columns() -> None:
    res = CliRunner().invoke(
        app, ["reconcile", "-p", str(ROOT / "payroll"), "-e", str(ROOT / "enrollment"),
              "--lang", "en"], env={"COLUMNS": "80"},
    )  # fmt: skip
    assert res.exit_code == 0, res.output
    for name in ("PT Sinar Gemilang Konstruksi", "PT Putra Lestari Transportasi"):
        assert re.search(rf"\d{{8}}  {name}  ", res.stdout), name
    assert "Left out" not in res.stdout and "Under-reported" in res.stdout


def test_the_command_speaks_indonesian_with_lang_id() -> None:
    res = CliRunner().invoke(
        app, ["reconcile", "-p", str(ROOT / "payroll"), "-e", str(ROOT / "enrollment"),
              "--lang", "id"],
    )  # fmt: skip
    assert res.exit_code == 0, res.output
    assert "Pemberi kerja" in res.stdout and "Maret 2025" in res.stdout


@pytest.mark.parametrize(
    ("lang", "said"),
    [("en", "No employer is flagged."), ("id", "Tidak ada pemberi kerja yang ditandai.")],
)
def test_no_flagged_employer_is_said_rather_than_an_empty_table(
    result: ReconcileResult, lang: str, said: str
) -> None:
    text = "\n".join(_render(result.model_copy(update={"employers": []}), 80, lang))
    assert said in text and "NPP" not in text


def test_a_60_column_terminal_keeps_rank_npp_gap_and_severity(result: ReconcileResult) -> None:
    lines = _render(result, 60)
    assert max(len(line) for line in lines) <= 60
    header, rows, _ = _table(lines)
    assert header == ["#", "NPP", "Employer", "Gap/mo", "Sev."]
    assert rows[0] == ["1", "18453606", "CV Sumber Perkasa Farma", "Rp 7.424.831", "high"]
