"""The command line: exit codes, error messages, formats, help."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from conftest import ENROLMENT_HEADER, enrolment_line, write_csv, write_xlsx
from typer.testing import CliRunner

from underreport.cli import app

runner = CliRunner()
NIK_A, NIK_B = "3201234567890123", "3273015505900002"


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    pay = write_xlsx(
        tmp_path / "gaji.xlsx",
        {
            "Maret": [
                ["DAFTAR GAJI"],
                ["NPP : 12345678"],
                ["Periode : Maret 2025"],
                ["No", "NIK", "Nama", "Gaji Pokok"],
                [1, NIK_A, "Budi", "Rp 5.000.000"],
                [2, NIK_B, '=HYPERLINK("x")', 4000000],
            ]
        },
    )
    enr = write_csv(
        tmp_path / "bpjs.csv",
        [ENROLMENT_HEADER, enrolment_line("12345678", NIK_A, "Budi", "3.000.000")],
    )
    return pay, enr


def test_json_contract(files: tuple[Path, Path]) -> None:
    pay, enr = files
    res = runner.invoke(app, ["reconcile", "-p", str(pay), "-e", str(enr), "--format", "json"])
    assert res.exit_code == 0, res.output
    doc = json.loads(res.stdout)
    assert doc["schema_version"] == 1 and doc["period"] == "2025-03"
    assert {
        "rules_version",
        "tool_version",
        "generated_at",
        "inputs",
        "summary",
        "employers",
        "data_quality",
    } <= set(doc)
    (emp,) = doc["employers"]
    assert (emp["unregistered_workers"], emp["underreported_wage_workers"]) == (1, 1)
    assert emp["coverage_ratio"] == 0.5 and emp["severity"] == "medium"  # 50 % is not below 50 %
    assert {i["kind"] for i in doc["inputs"]} == {"payroll", "enrollment"}


def test_csv_ranking_has_one_row_per_flagged_employer(files: tuple[Path, Path]) -> None:
    pay, enr = files
    res = runner.invoke(app, ["reconcile", "-p", str(pay), "-e", str(enr), "-f", "csv"])
    assert res.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(res.stdout)))
    assert rows[0]["employer_id"] == "12345678" and rows[0]["rank"] == "1"


def test_table_output_names_period_and_gap(files: tuple[Path, Path]) -> None:
    pay, enr = files
    res = runner.invoke(app, ["reconcile", "-p", str(pay), "-e", str(enr)])
    assert res.exit_code == 0
    assert "March 2025" in res.stdout and "Rp " in res.stdout


@pytest.mark.parametrize("case", ["missing", "empty", "corrupt", "no_nik", "no_period"])
def test_bad_input_exits_2_with_one_clear_line(
    case: str, files: tuple[Path, Path], tmp_path: Path
) -> None:
    pay, enr = files
    if case == "missing":
        pay = tmp_path / "nope.xlsx"
    elif case == "empty":
        pay = tmp_path / "empty.xlsx"
        pay.write_bytes(b"")
    elif case == "corrupt":
        pay = tmp_path / "corrupt.xlsx"
        pay.write_bytes(b"PK\x03\x04 this is not a workbook")
    elif case == "no_nik":
        enr = write_csv(tmp_path / "no_nik.csv", ["NPP;NAMA;UPAH", "12345678;Budi;4500000"])
    else:
        pay = write_xlsx(
            tmp_path / "noperiod.xlsx",
            {"S": [["NPP : 1"], ["NIK", "Nama", "Gapok"], [NIK_A, "Budi", 1]]},
        )
    res = runner.invoke(app, ["reconcile", "-p", str(pay), "-e", str(enr)])
    assert res.exit_code == 2
    assert "Traceback" not in res.output
    message = res.stderr.strip()
    assert message.startswith("error:")
    assert (pay.name if case != "no_nik" else enr.name) in message


def test_unknown_period_is_a_usage_error(files: tuple[Path, Path]) -> None:
    pay, enr = files
    res = runner.invoke(app, ["reconcile", "-p", str(pay), "-e", str(enr), "--period", "2024-01"])
    assert res.exit_code == 2 and "2025-03" in res.stderr


def test_every_command_has_help_with_an_example() -> None:
    from typer.main import get_command

    group = get_command(app)
    for name in group.commands:  # type: ignore[attr-defined]
        res = runner.invoke(app, [name, "--help"])
        assert res.exit_code == 0, name
        assert "Example" in res.stdout, f"{name} --help shows no example"
        assert "underreport " + name in res.stdout
    assert "Example" in runner.invoke(app, ["--help"]).stdout


def test_every_command_is_in_the_readme() -> None:
    from typer.main import get_command

    readme = (Path(__file__).parents[1] / "README.md").read_text()
    for name in get_command(app).commands:  # type: ignore[attr-defined]
        assert f"underreport {name}" in readme, name


def test_explain_masks_niks_unless_asked(files: tuple[Path, Path]) -> None:
    pay, enr = files
    args = ["explain", "12345678", "-p", str(pay), "-e", str(enr), "--format", "json"]
    masked = runner.invoke(app, args)
    assert masked.exit_code == 0, masked.output
    story = json.loads(masked.stdout)
    assert NIK_A not in masked.stdout and NIK_B not in masked.stdout
    assert {w["nik"] for w in story["workers"]} == {"3201••••••••0123", "3273••••••••0002"}
    findings = {w["finding"] for w in story["workers"]}
    assert findings == {"UNREGISTERED", "WAGE_UNDERREPORTED"}
    shown = runner.invoke(app, [*args, "--show-nik"])
    assert NIK_A in shown.stdout


def test_explain_unknown_employer_is_a_usage_error(files: tuple[Path, Path]) -> None:
    pay, enr = files
    res = runner.invoke(app, ["explain", "99999999", "-p", str(pay), "-e", str(enr)])
    assert res.exit_code == 2 and "12345678" in res.stderr


def test_rules_json_for_a_year_names_sources() -> None:
    res = runner.invoke(app, ["rules", "--year", "2025", "--format", "json"])
    assert res.exit_code == 0
    doc = json.loads(res.stdout)
    ceilings = {p["from"]: p for p in doc["rules"]["jp_ceiling"]}
    assert ceilings["2025-03"]["amount"] == 10_547_400
    assert "PP 45/2015" in ceilings["2025-03"]["source"]
    assert all(p.get("source") for periods in doc["rules"].values() for p in periods)


def test_rules_override_is_named_in_the_output(files: tuple[Path, Path], tmp_path: Path) -> None:
    pay, enr = files
    override = tmp_path / "mine.toml"
    override.write_text('[[jp_ceiling]]\nfrom = "2025-03"\namount = 11_000_000\n')
    res = runner.invoke(
        app,
        ["reconcile", "-p", str(pay), "-e", str(enr), "--rules", str(override), "--format", "json"],
    )
    assert res.exit_code == 0, res.output
    assert "override:mine.toml" in json.loads(res.stdout)["rules_version"]
    broken = tmp_path / "broken.toml"
    broken.write_text('[[jp_ceiling]]\nfrom = "2025-03"\namount = -5\n')
    res = runner.invoke(app, ["reconcile", "-p", str(pay), "-e", str(enr), "--rules", str(broken)])
    assert res.exit_code == 2 and "broken.toml" in res.stderr


def test_a_period_without_known_rules_is_a_clear_error(tmp_path: Path) -> None:
    pay = write_xlsx(
        tmp_path / "old.xlsx",
        {
            "S": [
                ["NPP : 12345678"],
                ["Periode : Mei 2018"],
                ["NIK", "Nama", "Gaji Pokok"],
                [NIK_A, "Budi", 4000000],
            ]
        },
    )
    enr = write_csv(
        tmp_path / "e.csv", [ENROLMENT_HEADER, enrolment_line("12345678", NIK_B, "Ani", "4000000")]
    )
    res = runner.invoke(app, ["reconcile", "-p", str(pay), "-e", str(enr)])
    assert res.exit_code == 2
    assert "2018-05" in res.stderr and "rules" in res.stderr.lower()


def test_csv_ranking_defuses_a_formula_in_an_employer_name(tmp_path: Path) -> None:
    pay = write_xlsx(
        tmp_path / "g.xlsx",
        {
            "S": [
                ['Nama Perusahaan : =HYPERLINK("http://x","y")'],
                ["NPP : 12345678"],
                ["Periode : Maret 2025"],
                ["NIK", "Nama", "Gaji Pokok"],
                [NIK_A, "Budi", 4000000],
            ]
        },
    )
    enr = write_csv(
        tmp_path / "e.csv", [ENROLMENT_HEADER, enrolment_line("12345678", NIK_B, "Ani", "4000000")]
    )
    res = runner.invoke(app, ["reconcile", "-p", str(pay), "-e", str(enr), "-f", "csv"])
    (row,) = list(csv.DictReader(io.StringIO(res.stdout)))
    assert row["employer_name"].startswith("'=HYPERLINK")
