"""The options reconcile, check, export and explain share: declared once, filled file-then-CLI."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from conftest import ENROLMENT_HEADER, enrolment_line, write_csv
from typer.main import get_command
from typer.testing import CliRunner

from underreport.cli import app
from underreport.model.config import ReconcileOptions, load_settings
from underreport.model.errors import UsageError
from underreport.model.options import fill

runner = CliRunner()
FOUR = ("reconcile", "check", "export", "explain")
SHARED = {
    ("--payroll", "-p"), ("--enrollment", "--enrolment", "-e"), ("--employers",),
    ("--declarations",), ("--umk",), ("--sheet",), ("--period",), ("--all-periods",),
    ("--tolerance",), ("--rules",), ("--strict",), ("--as-of",), ("--partition-by",),
    ("--chunk-rows",), ("--lang",), ("--config", "-c"), ("--quiet", "-q"),
}  # fmt: skip


def options_of(command: str) -> dict[tuple[str, ...], str | None]:
    """Each option of a command, by its names (long then short), with its help."""
    params = get_command(app).commands[command].params  # type: ignore[attr-defined]
    return {
        tuple(p.opts + p.secondary_opts): p.help
        for p in params
        if p.param_type_name == "option" and p.name != "help"
    }


def test_the_four_commands_take_the_same_shared_options_with_the_same_help() -> None:
    mine = {c: {k: v for k, v in options_of(c).items() if k in SHARED} for c in FOUR}
    assert set(mine["reconcile"]) == SHARED
    for command in FOUR[1:]:
        assert mine[command] == mine["reconcile"], command
    assert all(mine["reconcile"].values()), "a shared option without help"
    assert "[default: 0.01]" in (mine["reconcile"][("--tolerance",)] or "")


def test_the_issue_and_cluster_options_are_shared_by_reconcile_and_check_alone() -> None:
    names = [("--max-issues",), ("--issues",), ("--cluster",)]
    help_of = {c: [options_of(c).get(n) for n in names] for c in FOUR}
    assert help_of["reconcile"] == help_of["check"] and all(help_of["check"])
    assert help_of["export"] == help_of["explain"] == [None, None, None]


def test_every_command_keeps_its_own_options() -> None:
    own = {
        "reconcile": {("--format", "-f"), ("--top",), ("--history",), ("--debug",),
                      ("--max-issues",), ("--issues",), ("--cluster",)},
        "check": {("--fail-on",), ("--history",), ("--format", "-f"), ("--debug",),
                  ("--max-issues",), ("--issues",), ("--cluster",)},
        "export": {("--out",), ("--level",), ("--show-nik",), ("--pseudonymise",),
                   ("--delimiter",), ("--by-office",), ("--history",), ("--debug",)},
        "explain": {("--show-nik",), ("--format", "-f"), ("--out",), ("--debug",)},
    }  # fmt: skip
    for command, names in own.items():
        assert set(options_of(command)) == SHARED | names, command


def test_help_shows_every_shared_option_and_an_example() -> None:
    for command in FOUR:
        out = runner.invoke(app, [command, "--help"], terminal_width=200).stdout
        assert "Example" in out
        for names in SHARED:
            assert names[0] in out, (command, names)
        assert "[[inputs.sheets]]" in out  # not eaten by Rich markup


@pytest.fixture
def config(tmp_path: Path) -> Path:
    (tmp_path / "in").mkdir()
    for name in ("gaji.csv", "bpjs.csv"):
        (tmp_path / "in" / name).write_text("x\n")
    path = tmp_path / "underreport.toml"
    path.write_text(
        '[inputs]\npayroll = ["in/gaji.csv"]\nenrollment = ["in/bpjs.csv"]\n'
        '[reconcile]\nwage_tolerance = 0.2\nperiod = "2025-02"\nstrict = true\nchunk_rows = 7\n'
    )
    return path


def test_the_config_file_fills_what_the_command_line_does_not_give(config: Path) -> None:
    settings, base = load_settings(config)
    opts = fill({"config": config}, settings, base)
    assert opts.payroll == [config.parent / "in" / "gaji.csv"]
    assert (opts.tolerance, opts.period, opts.strict, opts.chunk_rows) == (0.2, "2025-02", True, 7)
    given = {"tolerance": 0.05, "period": "2025-03", "payroll": [Path("other.csv")]}
    opts = fill(given, settings, base)
    assert opts.payroll == [Path("other.csv")]
    assert opts.enrollment == [config.parent / "in" / "bpjs.csv"]
    assert (opts.tolerance, opts.period, opts.strict) == (0.05, "2025-03", True)
    rec = opts.reconcile_options(settings)
    assert (rec.wage_tolerance, rec.period, rec.strict) == (0.05, "2025-03", True)
    assert rec.chunk_rows == 7


def test_without_a_config_file_the_defaults_apply(tmp_path: Path) -> None:
    settings, base = load_settings(None)
    rec = fill({}, settings, base).reconcile_options(settings)
    assert rec == ReconcileOptions()


def test_a_bad_period_on_the_command_line_is_a_usage_error() -> None:
    settings, base = load_settings(None)
    with pytest.raises(UsageError, match="2025-03"):
        fill({"period": "March"}, settings, base)


@pytest.mark.parametrize("command", FOUR)
def test_each_command_runs_with_the_file_then_the_command_line(
    command: str, config: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[Any] = []

    def fake_run(paths: Any, options: ReconcileOptions, *args: Any, **kwargs: Any) -> Any:
        seen.append((paths, options))
        raise UsageError("stop here")

    monkeypatch.setattr("underreport.pipeline.run", fake_run)
    lead = {"export": ["--out", str(config.parent / "x.csv")], "explain": ["12345678"]}
    args = [command, *lead.get(command, []), "--config", str(config)]
    res = runner.invoke(app, [*args, "--tolerance", "0.05", "--as-of", "2025-06-01"])
    assert res.exit_code == 2 and "stop here" in res.stderr
    res = runner.invoke(app, [*args, "-e", str(config.parent / "in" / "gaji.csv")])
    assert res.exit_code == 2
    (paths, cli), (paths_file, from_file) = seen
    assert (cli.wage_tolerance, str(cli.as_of), cli.period, cli.strict) == (
        0.05, "2025-06-01", "2025-02", True)  # fmt: skip
    assert (from_file.wage_tolerance, from_file.as_of, from_file.chunk_rows) == (0.2, None, 7)
    assert paths.enrollment == [config.parent / "in" / "bpjs.csv"]
    assert paths_file.enrollment == [config.parent / "in" / "gaji.csv"]


def test_tolerance_beyond_the_command_lines_bound_is_refused(tmp_path: Path) -> None:
    pay = write_csv(tmp_path / "p.csv", ["NPP,NIK,Gaji"])
    res = runner.invoke(app, ["reconcile", "-p", str(pay), "-e", str(pay), "--tolerance", "0.6"])
    assert res.exit_code == 2 and "--tolerance" in res.stderr


def test_progress_gets_the_rows_read(tmp_path: Path) -> None:
    from underreport import pipeline

    pay = write_csv(
        tmp_path / "gaji.csv",
        [
            "NPP;Periode;NIK;Nama;Gaji Pokok",
            "12345678;2025-03;3201234567890123;Budi;5000000",
            "12345678;2025-03;3273015505900002;Sari;4000000",
            "12345678;2025-03;3273015505900003;Adi;4500000",
        ],
    )
    enr = write_csv(
        tmp_path / "bpjs.csv",
        [ENROLMENT_HEADER, enrolment_line("12345678", "3201234567890123", "Budi", "5.000.000"),
         enrolment_line("12345678", "3273015505900002", "Sari", "4.000.000")],
    )  # fmt: skip
    calls: list[tuple[str, int | None, int | None]] = []

    def progress(step: str, rows: int | None = None, total: int | None = None) -> None:
        calls.append((step, rows, total))

    paths = pipeline.Inputs([pay], [enr], [], [])
    pipeline.run(paths, ReconcileOptions(chunk_rows=0), None, progress)
    assert [c for c in calls if c[1] is not None or c[2] is not None] == [
        ("Counting rows", None, 5),
        ("Cleaning payroll rows", 3, None),
        ("Cleaning enrollment rows", 2, None),
    ]
    assert ("Reading gaji.csv", None, None) in calls
    assert calls[-1] == ("Reconciling", None, None)


def test_the_bar_shows_the_step_and_the_rows_read_on_a_terminal(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from underreport.cli import progress

    monkeypatch.setenv("FORCE_COLOR", "1")  # stderr counts as a terminal
    monkeypatch.setenv("COLUMNS", "100")
    with progress(True, delay=0) as bar:
        assert bar is not None
        bar("Counting rows", total=5)
        bar("Cleaning payroll rows", rows=3)
        time.sleep(0.3)
    err = capsys.readouterr().err
    assert "Cleaning payroll rows" in err and "3 of 5 rows" in err


def test_a_quick_run_shows_no_bar(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from underreport.cli import progress

    monkeypatch.setenv("FORCE_COLOR", "1")
    with progress(True, delay=5) as bar:
        assert bar is not None
        bar("Counting rows", total=5)
    assert capsys.readouterr().err == ""


def test_no_progress_when_stderr_is_not_a_terminal(tmp_path: Path) -> None:
    pay = write_csv(
        tmp_path / "gaji.csv",
        ["NPP;Periode;NIK;Nama;Gaji Pokok", "12345678;2025-03;3201234567890123;Budi;5000000"],
    )
    enr = write_csv(
        tmp_path / "bpjs.csv",
        [ENROLMENT_HEADER, enrolment_line("12345678", "3201234567890123", "Budi", "5.000.000")],
    )
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "TTY_COMPATIBLE")}
    code = "import sys; sys.argv[0] = 'underreport'; from underreport.cli import main; main()"
    for fmt in ("table", "json"):
        out = subprocess.run(
            [sys.executable, "-c", code, "reconcile", "-p", str(pay), "-e", str(enr),
             "--format", fmt],
            capture_output=True, text=True, env=env, check=False,
        )  # fmt: skip
        assert out.returncode == 0, out.stderr
        assert out.stderr == "" and out.stdout.strip()
