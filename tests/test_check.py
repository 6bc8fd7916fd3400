"""`underreport check`: exit codes, config file, machine-readable output."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import ENROLMENT_HEADER, enrolment_line, write_csv, write_xlsx
from typer.testing import CliRunner

from underreport.cli import app

runner = CliRunner()
NIKS = ["3201234567890123", "3273015505900002", "3578014101950003"]


def _set(tmp: Path, enrolled: list[tuple[str, str]]) -> tuple[Path, Path]:
    pay = write_xlsx(tmp / "gaji.xlsx", {"S": [
        ["NPP : 12345678"], ["Periode : Maret 2025"], ["NIK", "Nama", "Gaji Pokok"],
        *[[nik, f"W{i}", 4_000_000] for i, nik in enumerate(NIKS)]]})  # fmt: skip
    enr = write_csv(
        tmp / "bpjs.csv",
        [ENROLMENT_HEADER, *[enrolment_line("12345678", n, "W", w) for n, w in enrolled]],
    )
    return pay, enr


def _check(pay: Path, enr: Path, *extra: str):  # type: ignore[no-untyped-def]
    return runner.invoke(app, ["check", "-p", str(pay), "-e", str(enr), *extra])


def test_clean_set_exits_0(tmp_path: Path) -> None:
    res = _check(*_set(tmp_path, [(n, "4000000") for n in NIKS]))
    assert res.exit_code == 0, res.output
    assert res.stdout.count("\n") == 1 and "0 flagged" in res.stdout


def test_flagged_set_exits_1_only_at_or_above_fail_on(tmp_path: Path) -> None:
    # one of three under-reported by a little: coverage 100 %, small gap -> low
    files = _set(tmp_path, [(NIKS[0], "4000000"), (NIKS[1], "4000000"), (NIKS[2], "3900000")])
    assert _check(*files, "--fail-on", "high").exit_code == 0
    assert _check(*files, "--fail-on", "low").exit_code == 1
    # one unregistered of three: coverage 67 % -> medium
    files = _set(tmp_path, [(NIKS[0], "4000000"), (NIKS[1], "4000000")])
    assert _check(*files, "--fail-on", "medium").exit_code == 1
    assert _check(*files, "--fail-on", "high").exit_code == 0


def test_broken_input_exits_2(tmp_path: Path) -> None:
    pay, enr = _set(tmp_path, [])
    enr.write_bytes(b"")
    res = _check(pay, enr)
    assert res.exit_code == 2 and "bpjs.csv" in res.stderr


def test_interrupted_exits_130(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from underreport import pipeline

    def stop(*_: object, **__: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(pipeline, "run", stop)
    assert _check(*_set(tmp_path, [])).exit_code == 130


def test_json_and_ndjson(tmp_path: Path) -> None:
    files = _set(tmp_path, [(NIKS[0], "4000000")])
    doc = json.loads(_check(*files, "--format", "json").stdout)
    assert doc["summary"]["unregistered_workers"] == 2
    lines = [json.loads(x) for x in _check(*files, "--format", "ndjson").stdout.splitlines()]
    assert [x["type"] for x in lines] == ["employer", "summary"]
    assert lines[0]["employer_id"] == "12345678"


def test_config_file_supplies_inputs_and_thresholds(tmp_path: Path) -> None:
    _set(tmp_path, [(NIKS[0], "4000000"), (NIKS[1], "4000000")])
    cfg = tmp_path / "underreport.toml"
    cfg.write_text(
        '[inputs]\npayroll = ["gaji.xlsx"]\nenrollment = ["*.csv"]\n[check]\nfail_on = "medium"\n'
    )
    assert runner.invoke(app, ["check", "--config", str(cfg)]).exit_code == 1
    assert runner.invoke(app, ["check", "--config", str(cfg), "--fail-on", "high"]).exit_code == 0


@pytest.mark.parametrize(
    "body, key",
    [
        ("[reconcile]\nwage_tolerence = 0.02\n", "reconcile.wage_tolerence: unknown key"),
        ("[reconcile]\nwage_tolerance = 'lots'\n", "reconcile.wage_tolerance"),
        ("[check]\nfail_on = 'urgent'\n", "check.fail_on"),
        ("[inputs\n", "not valid TOML"),
    ],
)
def test_bad_config_names_the_key(tmp_path: Path, body: str, key: str) -> None:
    cfg = tmp_path / "underreport.toml"
    cfg.write_text(body)
    pay, enr = _set(tmp_path, [])
    res = runner.invoke(app, ["check", "-p", str(pay), "-e", str(enr), "--config", str(cfg)])
    assert res.exit_code == 2
    assert key in res.stderr


def test_three_nights_with_a_register(tmp_path: Path) -> None:
    """Night 1 flags; night 2 persists; night 3 the employer enrols everyone: resolved."""
    db = tmp_path / "cases.sqlite"
    nights = [
        [(NIKS[0], "4000000")],
        [(NIKS[0], "4000000")],
        [(n, "4000000") for n in NIKS],
    ]
    docs = []
    for enrolled in nights:
        files = _set(tmp_path, enrolled)
        res = _check(*files, "--history", str(db), "--format", "json", "--fail-on", "low")
        docs.append(json.loads(res.stdout))
        assert res.exit_code == (1 if docs[-1]["employers"] else 0)
    assert docs[0]["employers"][0]["case_status"] == "new"
    assert docs[1]["employers"][0]["case_status"] == "persisting"
    assert docs[1]["employers"][0]["flagged_runs"] == 2
    assert docs[1]["employers"][0]["office_level"] == "regency"
    assert docs[2]["employers"] == []
    assert [r["employer_id"] for r in docs[2]["resolved"]] == ["12345678"]
    shown = runner.invoke(
        app, ["history", "--db", str(db), "--employer", "12345678", "--format", "json"]
    )
    assert [s["state"] for s in json.loads(shown.stdout)] == ["new", "persisting", "resolved"]


def test_two_concurrent_checks_share_one_register(tmp_path: Path) -> None:
    """Two nightly processes at once: both finish, and the register holds both runs."""
    import subprocess
    import sys

    pay, enr = _set(tmp_path, [(NIKS[0], "4000000")])
    db = tmp_path / "cases.sqlite"
    cmd = [
        sys.executable,
        "-c",
        "from underreport.cli import main; main()",
        "check",
        "-p",
        str(pay),
        "-e",
        str(enr),
        "--history",
        str(db),
        "--format",
        "json",
    ]
    procs = [
        subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(2)
    ]
    outs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [1, 1], [o[1][-500:] for o in outs]
    statuses = sorted(json.loads(o[0])["employers"][0]["case_status"] for o in outs)
    assert statuses == ["new", "persisting"]
    runs = json.loads(runner.invoke(app, ["history", "--db", str(db), "--format", "json"]).stdout)
    assert [r["run_id"] for r in runs] == [1, 2]


def test_config_register_records_reconcile_runs_but_not_explain(tmp_path: Path) -> None:
    pay, enr = _set(tmp_path, [(NIKS[0], "4000000")])
    cfg = tmp_path / "underreport.toml"
    cfg.write_text('[output]\nhistory = "cases.sqlite"\n')
    db = tmp_path / "cases.sqlite"
    base = ["-p", str(pay), "-e", str(enr), "--config", str(cfg)]
    res = runner.invoke(app, ["reconcile", *base, "--format", "json"])
    assert json.loads(res.stdout)["employers"][0]["case_status"] == "new"
    assert runner.invoke(app, ["explain", "12345678", *base]).exit_code == 0
    runs = json.loads(runner.invoke(app, ["history", "--db", str(db), "-f", "json"]).stdout)
    assert len(runs) == 1


def test_paths_in_the_config_file_are_relative_to_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from underreport.model.config import load_settings

    (tmp_path / "etc").mkdir()
    cfg = tmp_path / "etc" / "underreport.toml"
    cfg.write_text('[output]\nhistory = "cases.sqlite"\n[reconcile]\nrules_file = "mine.toml"\n')
    monkeypatch.chdir(tmp_path)
    settings, base = load_settings(cfg)
    assert settings.output.history == tmp_path / "etc" / "cases.sqlite"
    assert settings.reconcile.rules_file == tmp_path / "etc" / "mine.toml"
    assert base == tmp_path / "etc"
