"""Bad input exits 2 with one line naming the file; a bug while rendering exits 3, never 1."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import ENROLMENT_HEADER, enrolment_line, write_csv, write_xlsx
from typer.testing import CliRunner

from underreport.cli import app

runner = CliRunner()
NIK_A, NIK_B = "3201234567890123", "3273015505900002"
PAYROLL_HEADER = "NPP;NIK;Nama;Gaji Pokok;Periode"


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    pay = write_csv(
        tmp_path / "gaji.csv",
        [PAYROLL_HEADER, f"12345678;{NIK_A};Budi;5000000;03/2025",
         f"12345678;{NIK_B};Ani;4000000;03/2025"],
    )  # fmt: skip
    enr = write_csv(
        tmp_path / "bpjs.csv",
        [ENROLMENT_HEADER, enrolment_line("12345678", NIK_A, "Budi", "3.000.000")],
    )
    return pay, enr


def one_line(text: str) -> str:
    lines = text.strip().splitlines()
    assert len(lines) == 1, text
    return lines[0]


def test_sample_out_that_is_a_file(tmp_path: Path) -> None:
    target = tmp_path / "notes.txt"
    target.write_text("keep me")
    res = runner.invoke(app, ["sample", "--out", str(target)])
    assert res.exit_code == 2, res.output
    line = one_line(res.stderr)
    assert line.startswith("error:") and str(target) in line and "is a file" in line
    assert target.read_text() == "keep me"


def test_sample_out_below_a_file_cannot_be_written(tmp_path: Path) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("")
    res = runner.invoke(app, ["sample", "--out", str(blocker / "demo")])
    assert res.exit_code == 2, res.output
    line = one_line(res.stderr)
    assert "cannot write" in line and str(blocker / "demo") in line


def test_sample_out_without_permission(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """As root a read-only folder is still writable, so the refusal is simulated."""
    target = tmp_path / "readonly" / "demo"

    def refuse(out: Path, **kwargs: Any) -> None:
        raise PermissionError(13, "Permission denied", str(out / "payroll"))

    monkeypatch.setattr("underreport.sample.generate", refuse)
    res = runner.invoke(app, ["sample", "--out", str(target)])
    assert res.exit_code == 2, res.output
    assert one_line(res.stderr) == (
        f"error: --out {target}: cannot write {target / 'payroll'}: Permission denied"
    )


def test_sample_bad_period_is_a_usage_error(tmp_path: Path) -> None:
    res = runner.invoke(app, ["sample", "--out", str(tmp_path / "s"), "--period", "2025-13"])
    assert res.exit_code == 2
    assert "2025-13" in one_line(res.stderr)


@pytest.mark.parametrize(
    ("section", "typo", "suggestion", "a_field"),
    [("payroll", "base_wag", "base_wage", "contribution_wage"),
     ("enrollment", "upah_dilaporkan", None, "reported_wage")],
)  # fmt: skip
def test_alias_typo_names_the_field_and_lists_the_fields(
    files: tuple[Path, Path], tmp_path: Path, section: str, typo: str,
    suggestion: str | None, a_field: str,
) -> None:  # fmt: skip
    pay, enr = files
    config = tmp_path / "underreport.toml"
    config.write_text(f'[aliases.{section}]\n{typo} = ["Gaji Dasar"]\n')
    res = runner.invoke(app, ["reconcile", "-c", str(config), "-p", str(pay), "-e", str(enr)])
    assert res.exit_code == 2, res.output
    line = one_line(res.stderr)
    assert str(config) in line and f"aliases.{section}" in line
    assert f"unknown field '{typo}'" in line
    assert a_field in line and "worker_name" in line
    assert (f"did you mean '{suggestion}'" in line) == (suggestion is not None)


def test_a_known_alias_field_is_used(tmp_path: Path) -> None:
    pay = write_csv(
        tmp_path / "gaji.csv",
        ["NPP;NIK;Nama;Gaji Dasar;Periode", f"12345678;{NIK_A};Budi;5000000;03/2025"],
    )
    enr = write_csv(
        tmp_path / "bpjs.csv",
        [ENROLMENT_HEADER, enrolment_line("12345678", NIK_A, "Budi", "3.000.000")],
    )
    config = tmp_path / "underreport.toml"
    config.write_text('[aliases.payroll]\nbase_wage = ["Gaji Dasar"]\n')
    res = runner.invoke(
        app, ["reconcile", "-c", str(config), "-p", str(pay), "-e", str(enr), "-f", "json"]
    )
    assert res.exit_code == 0, res.output
    (emp,) = json.loads(res.stdout)["employers"]
    assert emp["underreported_wage_workers"] == 1 and emp["wage_gap_idr"] == 2_000_000


@pytest.mark.parametrize("fmt", ["table", "json"])
def test_validate_missing_file_says_so_on_stderr(tmp_path: Path, fmt: str) -> None:
    missing = tmp_path / "missing.xlsx"
    res = runner.invoke(app, ["validate", str(missing), "--format", fmt])
    assert res.exit_code == 2
    line = one_line(res.stderr)
    assert line == f"error: {missing}: no such file or folder"
    if fmt == "table":
        assert res.stdout == ""
    else:
        assert json.loads(res.stdout)["unreadable"][0]["path"] == str(missing)


def test_validate_missing_file_beside_a_good_one(files: tuple[Path, Path], tmp_path: Path) -> None:
    pay, _ = files
    missing = tmp_path / "missing.csv"
    res = runner.invoke(app, ["validate", str(pay), str(missing)])
    assert res.exit_code == 2
    assert str(missing) in one_line(res.stderr)
    assert "gaji.csv" in res.stdout and "missing.csv" not in res.stdout


def test_header_only_payroll_same_verdict_in_validate_and_reconcile(
    files: tuple[Path, Path], tmp_path: Path
) -> None:
    _, enr = files
    empty = write_csv(tmp_path / "header_only.csv", [PAYROLL_HEADER])
    expected = f"error: {empty}: no payroll rows below the header: nothing to reconcile"
    checked = runner.invoke(app, ["validate", str(empty)])
    assert checked.exit_code == 2
    assert one_line(checked.stderr) == expected
    reconciled = runner.invoke(app, ["reconcile", "-p", str(empty), "-e", str(enr)])
    assert reconciled.exit_code == 2
    assert one_line(reconciled.stderr) == expected


def test_header_only_enrolment_same_verdict(files: tuple[Path, Path], tmp_path: Path) -> None:
    pay, _ = files
    empty = write_csv(tmp_path / "bpjs_kosong.csv", [ENROLMENT_HEADER])
    expected = f"error: {empty}: no enrolment rows below the header: nothing to reconcile"
    checked = runner.invoke(app, ["validate", str(empty)])
    assert (checked.exit_code, one_line(checked.stderr)) == (2, expected)
    for command in ("reconcile", "check"):
        res = runner.invoke(app, [command, "-p", str(pay), "-e", str(empty)])
        assert (res.exit_code, one_line(res.stderr)) == (2, expected), command


def test_a_header_only_file_beside_one_with_rows_is_no_error(
    files: tuple[Path, Path], tmp_path: Path
) -> None:
    pay, enr = files
    empty = write_xlsx(tmp_path / "kosong.xlsx", {"S": [["NPP", "NIK", "Nama", "Gaji Pokok"]]})
    checked = runner.invoke(app, ["validate", str(pay), str(empty), "--kind", "payroll"])
    assert checked.exit_code == 0, checked.output
    res = runner.invoke(app, ["reconcile", "-p", str(pay), "-p", str(empty), "-e", str(enr)])
    assert res.exit_code == 0, res.output


def _boom(*args: Any, **kwargs: Any) -> None:
    raise ValueError("renderer bug\nsecond line")


def _interrupt(*args: Any, **kwargs: Any) -> None:
    raise KeyboardInterrupt


RENDERERS = [
    ("reconcile", "underreport.report.text.render", []),
    ("reconcile", "underreport.report.formats.write_json", ["-f", "json"]),
    ("reconcile", "underreport.report.formats.to_csv", ["-f", "csv"]),
    ("check", "underreport.commands.check.summary_line", []),
    ("check", "underreport.report.formats.write_json", ["-f", "json"]),
    ("explain", "underreport.report.story_text.render", []),
]


@pytest.mark.parametrize(("command", "target", "extra"), RENDERERS)
def test_a_rendering_bug_exits_3_with_one_line(
    files: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch, command: str, target: str,
    extra: list[str],
) -> None:  # fmt: skip
    pay, enr = files
    monkeypatch.setattr(target, _boom)
    npp = ["12345678"] if command == "explain" else []
    res = runner.invoke(app, [command, *npp, "-p", str(pay), "-e", str(enr), *extra])
    assert res.exit_code == 3, res.output
    line = one_line(res.stderr)
    assert line.startswith("internal error: ValueError: renderer bug") and "bug" in line
    assert "Traceback" not in res.output


@pytest.mark.parametrize(
    ("args", "target"),
    [(["validate"], "underreport.report.validation_text.render"),
     (["rules"], "underreport.report.rules_text.render")],
)  # fmt: skip
def test_other_commands_rendering_bug_exits_3(
    files: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch, args: list[str], target: str
) -> None:
    pay, _ = files
    monkeypatch.setattr(target, _boom)
    res = runner.invoke(app, [*args, *([str(pay)] if args == ["validate"] else [])])
    assert res.exit_code == 3, res.output
    assert one_line(res.stderr).startswith("internal error: ValueError")


def test_interrupt_while_rendering_exits_130(
    files: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    pay, enr = files
    monkeypatch.setattr("underreport.report.text.render", _interrupt)
    res = runner.invoke(app, ["reconcile", "-p", str(pay), "-e", str(enr)])
    assert res.exit_code == 130
    assert one_line(res.stderr) == "interrupted"


def test_flagged_check_still_exits_1(files: tuple[Path, Path]) -> None:
    pay, enr = files
    res = runner.invoke(app, ["check", "-p", str(pay), "-e", str(enr), "--fail-on", "low"])
    assert res.exit_code == 1, res.output
    assert res.stdout.startswith("underreport check 2025-03")


def test_every_command_runs_guarded() -> None:
    assert all(getattr(c.callback, "guarded", False) for c in app.registered_commands)


def test_line_breaks_in_a_message_stay_on_one_line(
    files: tuple[Path, Path], tmp_path: Path
) -> None:
    """Header cells with line breaks are quoted in errors; the error stays one line."""
    pay, _ = files
    enr = write_xlsx(
        tmp_path / "formulir.xlsx",
        {"S": [["NPP", "Nama\nPekerja", "Kolom\nSatu"], ["12345678", "Budi", "x"]]},
    )
    for args in (["reconcile", "-p", str(pay), "-e", str(enr)],
                 ["validate", str(enr), "--kind", "enrollment"]):  # fmt: skip
        res = runner.invoke(app, args)
        assert res.exit_code == 2, res.output
        line = one_line(res.stderr)
        assert str(enr) in line and "Kolom Satu" in line, args


@pytest.mark.skipif(not hasattr(signal, "SIGPIPE"), reason="no SIGPIPE on this platform")
def test_a_reader_closing_the_pipe_is_not_exit_1() -> None:
    """`underreport reconcile | head` must not tell a nightly check "flagged" (exit 1)."""
    sample = Path(__file__).parents[1] / "sample_data"
    proc = subprocess.Popen(
        [sys.executable, "-c", "from underreport.cli import main; main()", "reconcile",
         "-p", str(sample / "payroll"), "-e", str(sample / "enrollment")],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # before the run prints: every write meets a closed pipe
    err = proc.stderr.read()
    assert proc.wait(timeout=120) == -signal.SIGPIPE, err
    assert err == b""
