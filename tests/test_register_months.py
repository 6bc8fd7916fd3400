"""The case register escalates by distinct payroll months, not runs; old registers upgrade.

One employer (NPP 12345678) pays three workers and enrols one of them in every month
below, so every `check` flags it; only the payroll month changes between runs.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from conftest import ENROLMENT_HEADER, enrolment_line, write_csv, write_xlsx
from typer.testing import CliRunner

from underreport.cli import app
from underreport.history import record_run, runs, trajectory
from underreport.model.config import load_settings
from underreport.model.errors import UsageError
from underreport.model.result import EmployerFinding, ReconcileResult, Summary

runner = CliRunner()
NIKS = ["3201234567890123", "3273015505900002", "3578014101950003"]
BULAN = {"2025-01": "Januari", "2025-02": "Februari", "2025-03": "Maret",
         "2025-04": "April", "2025-05": "Mei", "2025-06": "Juni", "2025-07": "Juli"}  # fmt: skip
NPP = "12345678"
FIXTURE = Path(__file__).parent / "data" / "register_v1.sqlite"
SAMPLE = Path(__file__).parent.parent / "sample_data"


def _files(tmp: Path, month: str) -> tuple[Path, Path]:
    folder = tmp / month
    folder.mkdir(exist_ok=True)
    pay = write_xlsx(folder / "gaji.xlsx", {"S": [
        [f"NPP : {NPP}"], [f"Periode : {BULAN[month]} 2025"], ["NIK", "Nama", "Gaji Pokok"],
        *[[nik, f"W{i}", 4_000_000] for i, nik in enumerate(NIKS)]]})  # fmt: skip
    enr = write_csv(
        folder / "bpjs.csv", [ENROLMENT_HEADER, enrolment_line(NPP, NIKS[0], "W", "4000000")]
    )
    return pay, enr


def _check(tmp: Path, db: Path, month: str, *extra: str) -> dict[str, Any]:
    pay, enr = _files(tmp, month)
    res = runner.invoke(app, ["check", "-p", str(pay), "-e", str(enr), "--history", str(db),
                              "--format", "json", *extra])  # fmt: skip
    assert res.exit_code == 1, res.output
    doc: dict[str, Any] = json.loads(res.stdout)
    return doc


def _case(doc: dict[str, Any]) -> tuple[Any, ...]:
    (e,) = doc["employers"]
    return e["case_status"], e["flagged_runs"], e["flagged_months"], e["office_level"]


def _cases(db: Path) -> list[tuple[Any, ...]]:
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT * FROM cases ORDER BY employer_id").fetchall()
    conn.close()
    return rows


def test_three_runs_of_one_month_escalate_nothing(tmp_path: Path) -> None:
    db = tmp_path / "cases.sqlite"
    docs = [_check(tmp_path, db, "2025-03") for _ in range(3)]
    assert [_case(d) for d in docs] == [
        ("new", 1, 1, "regency"),
        ("persisting", 2, 1, "regency"),
        ("persisting", 3, 1, "regency"),
    ]
    assert [d["escalated"] for d in docs] == [[], [], []]
    assert [r.escalated_cases for r in runs(db)] == [0, 0, 0]


def test_three_months_to_the_province_six_to_national(tmp_path: Path) -> None:
    db = tmp_path / "cases.sqlite"
    months = ["2025-01", "2025-02", "2025-03", "2025-04", "2025-05", "2025-06"]
    docs = [_check(tmp_path, db, m) for m in months]
    assert [_case(d)[2:] for d in docs] == [
        (1, "regency"),
        (2, "regency"),
        (3, "province"),
        (4, "province"),
        (5, "province"),
        (6, "national"),
    ]
    assert [d["escalated"] for d in docs] == [
        [],
        [],
        [{"employer_id": NPP, "from_level": "regency", "to_level": "province"}],
        [],
        [],
        [{"employer_id": NPP, "from_level": "province", "to_level": "national"}],
    ]
    assert [r.period for r in runs(db)] == months


def test_repeated_and_older_months_change_nothing(tmp_path: Path) -> None:
    db = tmp_path / "cases.sqlite"
    _check(tmp_path, db, "2025-02")
    _check(tmp_path, db, "2025-03")
    before = _cases(db)
    older = _check(tmp_path, db, "2025-01")
    # Recorded, not counted: no status, the case as it stood (2 runs, 2 months).
    assert _case(older) == (None, 2, 2, "regency")
    assert older["escalated"] == [] and older["resolved"] == []
    assert _cases(db) == before
    assert _case(_check(tmp_path, db, "2025-03")) == ("persisting", 3, 2, "regency")
    assert _case(_check(tmp_path, db, "2025-04")) == ("persisting", 4, 3, "province")
    states = [(r.period, r.state, r.flagged_months) for r in trajectory(db, NPP)]
    assert states == [
        ("2025-02", "new", 1),
        ("2025-03", "persisting", 2),
        ("2025-01", "earlier_month", 2),
        ("2025-03", "persisting", 2),
        ("2025-04", "persisting", 3),
    ]


def _result(gaps: dict[str, int], period: str, periods: list[str] | None = None) -> ReconcileResult:
    employers = [
        EmployerFinding(
            rank=i, employer_id=e, employer_name=None, registered=True, payroll_workers=3,
            enrolled_workers=1, unregistered_workers=2, underreported_wage_workers=0,
            wage_gap_idr=0, monthly_contribution_gap_idr=g, coverage_ratio=1 / 3,
            severity="medium", reasons=[],
        )
        for i, (e, g) in enumerate(gaps.items(), start=1)
    ]  # fmt: skip
    return ReconcileResult(
        period=period, periods=periods or [period], rules_version="r", tool_version="t",
        generated_at=datetime(2025, 5, 1, tzinfo=UTC), jkk_assumption="class I", inputs=[],
        summary=Summary(employers=2, flagged_employers=len(employers), payroll_workers=6,
                        enrolled_workers=2, unregistered_workers=4, underreported_wage_workers=0,
                        unregistered_employers=0, monthly_contribution_gap_idr=sum(gaps.values())),
        employers=employers, data_quality=[],
    )  # fmt: skip


def test_older_month_neither_resolves_nor_opens_a_case(tmp_path: Path) -> None:
    db = tmp_path / "cases.sqlite"
    record_run(db, _result({"A": 100_000, "B": 50_000}, "2025-03"), present_employers=set())
    record_run(db, _result({"A": 100_000}, "2025-04"), present_employers={"B"})  # B resolved
    # February: A present and clear, B flagged. Both are older than what the register holds.
    out = record_run(db, _result({"B": 50_000}, "2025-02"), present_employers={"A"})
    assert out.resolved == [] and out.escalated == []
    assert out.earlier == ["B"]
    assert (out.statuses["B"].flagged_runs, out.statuses["B"].flagged_months) == (0, 0)
    assert [row[0] for row in _cases(db)] == ["A"]
    # The same month as the latest still resolves: the employer put that month right.
    out = record_run(db, _result({}, "2025-04"), present_employers={"A"})
    assert [(r.employer_id, r.flagged_runs, r.flagged_months) for r in out.resolved] == [
        ("A", 2, 2)
    ]


def test_a_range_of_months_counts_as_its_latest(tmp_path: Path) -> None:
    db = tmp_path / "cases.sqlite"
    quarter = ["2025-01", "2025-02", "2025-03"]
    out = record_run(db, _result({"A": 1}, "2025-03", quarter), present_employers=set())
    assert (out.month, out.statuses["A"].flagged_months) == ("2025-03", 1)
    assert runs(db)[0].months == quarter
    out = record_run(db, _result({"A": 1}, "2025-03"), present_employers=set())
    assert out.statuses["A"].flagged_months == 1


def test_history_thresholds_from_the_config_file(tmp_path: Path) -> None:
    cfg = tmp_path / "underreport.toml"
    cfg.write_text("[history]\nprovince_after_months = 2\nnational_after_months = 4\n")
    settings, _ = load_settings(cfg)
    assert (settings.history.province_after_months, settings.history.national_after_months) == (
        2,
        4,
    )
    assert load_settings(None)[0].history.province_after_months == 3
    for body, why in [
        ("province_after_months = 0", "greater than or equal to 1"),
        (
            "province_after_months = 4\nnational_after_months = 3",
            "history: national_after_months (3) must be at least province_after_months (4)",
        ),
        ("escalate_after = 3", "history.escalate_after: unknown key"),
    ]:
        cfg.write_text(f"[history]\n{body}\n")
        with pytest.raises(UsageError, match=r"history") as info:
            load_settings(cfg)
        assert why in info.value.message


def test_history_thresholds_reach_check(tmp_path: Path) -> None:
    cfg = tmp_path / "underreport.toml"
    cfg.write_text("[history]\nprovince_after_months = 2\nnational_after_months = 3\n")
    db = tmp_path / "cases.sqlite"
    levels = [_case(_check(tmp_path, db, m, "--config", str(cfg)))[3]
              for m in ("2025-01", "2025-02", "2025-03")]  # fmt: skip
    assert levels == ["regency", "province", "national"]


# The fixture's four runs (tests/data/make_register_v1.py): February, then March three
# times. Flagged in February and March: five employers; in March only: six.
BOTH_MONTHS = ["03162851", "18453606", "44885857", "90958204", "99678004"]
MARCH_ONLY = ["03103314", "03132801", "42619689", "78174638", "82558093", "89161774"]


def _sample_check(db: Path, period: str) -> dict[str, Any]:
    res = runner.invoke(app, ["check", "-p", str(SAMPLE / "payroll"), "-e",
                              str(SAMPLE / "enrollment"), "--period", period, "--history",
                              str(db), "--format", "json"])  # fmt: skip
    assert res.exit_code == 1, res.output
    doc: dict[str, Any] = json.loads(res.stdout)
    return doc


def test_version_1_register_read_as_it_is(tmp_path: Path) -> None:
    """A register written by the code of 6e3db60 (schema 1) reads without being written."""
    db = tmp_path / "cases.sqlite"
    shutil.copy(FIXTURE, db)
    before = db.read_bytes()
    assert [(r.period, r.months) for r in runs(db)] == [
        ("2025-02", ["2025-02"]),
        ("2025-03", ["2025-03"]),
        ("2025-03", ["2025-03"]),
        ("2025-03", ["2025-03"]),
    ]
    path = trajectory(db, BOTH_MONTHS[0])
    assert [(r.flagged_runs, r.flagged_months, r.office_level) for r in path] == [
        (1, None, "regency"),
        (2, None, "regency"),
        (3, None, "province"),
        (4, None, "province"),
    ]
    assert db.read_bytes() == before


def test_version_1_register_upgraded_by_the_next_run(tmp_path: Path) -> None:
    """The fixture register (schema 1, by the code of 6e3db60; see make_register_v1.py).

    Version 1 sent all eleven to the province on three runs of two months. The
    upgrade counts each open case's months from the periods of its runs, keeps the
    level it reached (a case does not step down), and counts on by month.
    """
    db = tmp_path / "cases.sqlite"
    shutil.copy(FIXTURE, db)
    doc = _sample_check(db, "2025-03")  # a fifth run, March again
    found = {e["employer_id"]: e for e in doc["employers"]}
    assert sorted(found) == sorted(BOTH_MONTHS + MARCH_ONLY)
    for npp in BOTH_MONTHS:
        e = found[npp]
        assert (e["flagged_runs"], e["flagged_months"], e["office_level"]) == (5, 2, "province")
    for npp in MARCH_ONLY:
        e = found[npp]
        assert (e["flagged_runs"], e["flagged_months"], e["office_level"]) == (4, 1, "province")
    assert doc["escalated"] == [] and doc["resolved"] == []
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 2
        assert [v for (v,) in conn.execute("SELECT version FROM schema_version")] == [1, 2]
        assert conn.execute(
            "SELECT escalate_after, escalate_by, national_after FROM runs ORDER BY id"
        ).fetchall() == [(3, "runs", 6)] * 4 + [(3, "months", 6)]
        assert conn.execute("SELECT DISTINCT last_month FROM employers").fetchall() == [
            ("2025-03",)
        ]
    conn.close()
    path = trajectory(db, BOTH_MONTHS[0])
    assert [r.flagged_months for r in path] == [1, 2, 2, 2, 2]
    # February again, after March: recorded, nothing about the cases moves.
    cases = _cases(db)
    doc = _sample_check(db, "2025-02")
    assert {e["case_status"] for e in doc["employers"]} == {None}
    assert doc["escalated"] == [] and doc["resolved"] == []
    assert _cases(db) == cases
