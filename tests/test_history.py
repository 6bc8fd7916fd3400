"""The case register: statuses across nights, escalation, crashes, concurrency, privacy.

Each night of `NIGHTS` is the next payroll month; escalation by month is tested on its
own in test_register_months.py.

Results are built by hand (minimal findings); the reconciler is not run here.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import re
import sqlite3
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from underreport.history import (
    RegisterBusyError,
    RegisterError,
    RunOutcome,
    record_run,
    runs,
    trajectory,
)
from underreport.history import record as record_module
from underreport.model.errors import UnderreportError, UsageError
from underreport.model.result import (
    DataQualityIssue,
    EmployerFinding,
    InputFile,
    ReconcileResult,
    Summary,
)

T0 = datetime(2025, 3, 1, 2, 0, tzinfo=UTC)
REGIONS = {"A": "3273", "B": "32.04", "C": "3171", "D": "3578"}
NIK = "3273015505900002"


def finding(employer_id: str, gap: int, rank: int = 1) -> EmployerFinding:
    return EmployerFinding(
        rank=rank,
        employer_id=employer_id,
        employer_name=f"PT {employer_id}",
        registered=True,
        payroll_workers=10,
        enrolled_workers=7,
        unregistered_workers=3,
        underreported_wage_workers=1,
        wage_gap_idr=gap * 10,
        monthly_contribution_gap_idr=gap,
        coverage_ratio=0.7,
        severity="high" if gap >= 1_000_000 else "medium",
        reasons=[f"3 of 10 workers have no active enrolment (e.g. NIK {NIK})."],
    )


def result(gaps: dict[str, int], period: str = "2025-03") -> ReconcileResult:
    employers = [finding(e, g, rank) for rank, (e, g) in enumerate(gaps.items(), start=1)]
    return ReconcileResult(
        period=period,
        rules_version="2025.1",
        tool_version="0.1.0",
        generated_at=T0,
        jkk_assumption="class I",
        inputs=[
            InputFile(
                path="/home/budi/private/gaji.xlsx",
                sheet="Maret",
                kind="payroll",
                sha256="a" * 64,
                rows_read=30,
                rows_skipped=2,
            ),
            InputFile(
                path="bpjs.csv",
                sheet=None,
                kind="enrollment",
                sha256="b" * 64,
                rows_read=21,
                rows_skipped=0,
            ),
        ],
        summary=Summary(
            employers=4,
            flagged_employers=len(employers),
            payroll_workers=40,
            enrolled_workers=28,
            unregistered_workers=3 * len(employers),
            underreported_wage_workers=len(employers),
            unregistered_employers=0,
            monthly_contribution_gap_idr=sum(gaps.values()),
        ),
        employers=employers,
        data_quality=[
            DataQualityIssue(
                file="gaji.xlsx",
                sheet="Maret",
                row=5,
                column="nik",
                code="nik_invalid",
                message=f"NIK {NIK} of Budi Santoso has a bad checksum",
            )
        ],
    )


# Night -> (flagged gaps, present employers), one payroll month a night. D is absent all along.
MONTHS = ["2025-01", "2025-02", "2025-03", "2025-04", "2025-05"]
NIGHTS: list[tuple[dict[str, int], set[str]]] = [
    ({"A": 1_000_000, "B": 500_000}, {"A", "B", "C"}),
    ({"A": 1_500_000, "B": 500_000, "C": 200_000}, {"A", "B", "C"}),
    ({"A": 750_000, "C": 200_000}, {"A", "B", "C"}),
    ({"A": 750_000}, {"A", "B"}),  # C absent: its case stays open
    ({"B": 400_000, "C": 210_000}, {"A", "B", "C"}),  # A resolved, B back as new
]


def night(db: Path, i: int, **kw: Any) -> RunOutcome:
    gaps, present = NIGHTS[i]
    kw.setdefault("regions", REGIONS)
    kw.setdefault("province_after", 2)
    kw.setdefault("national_after", 4)
    return record_run(
        db,
        result(gaps, MONTHS[i]),
        present_employers=present,
        run_time=T0 + timedelta(days=i),
        **kw,
    )


def dump(db: Path) -> list[str]:
    with sqlite3.connect(db) as conn:
        return list(conn.iterdump())


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "cases.sqlite"


def status_of(out: RunOutcome) -> dict[str, str]:
    return {e: s.case_status for e, s in out.statuses.items()}


def test_three_nights_statuses_resolution_and_counts(db: Path) -> None:
    n1, n2, n3 = (night(db, i) for i in range(3))
    assert (n1.run_id, n2.run_id, n3.run_id) == (1, 2, 3)
    assert (n1.previous_run_id, n2.previous_run_id) == (None, 1)
    assert status_of(n1) == {"A": "new", "B": "new"}
    assert status_of(n2) == {"A": "worsened", "B": "persisting", "C": "new"}
    assert status_of(n3) == {"A": "improved", "C": "persisting"}
    assert "D" not in n1.statuses | n2.statuses | n3.statuses

    a1, a2, a3 = n1.statuses["A"], n2.statuses["A"], n3.statuses["A"]
    assert [a1.flagged_runs, a2.flagged_runs, a3.flagged_runs] == [1, 2, 3]
    assert a1.first_flagged == a2.first_flagged == a3.first_flagged == T0
    assert (a1.previous_gap_idr, a2.previous_gap_idr, a3.previous_gap_idr) == (
        None,
        1_000_000,
        1_500_000,
    )
    assert n2.statuses["C"].first_flagged == T0 + timedelta(days=1)
    assert n3.statuses["C"].flagged_runs == 2

    assert n1.resolved == n2.resolved == []
    assert [(r.employer_id, r.last_gap_idr, r.flagged_runs) for r in n3.resolved] == [
        ("B", 500_000, 2)
    ]


def test_escalation_regency_province_national(db: Path) -> None:
    outs = [night(db, i) for i in range(4)]
    levels = [(o.statuses["A"].office_level, o.statuses["A"].office) for o in outs]
    assert levels == [
        ("regency", "3273"),
        ("province", "32"),
        ("province", "32"),
        ("national", "national"),
    ]
    esc = [[(e.employer_id, e.from_level, e.to_level) for e in o.escalated] for o in outs]
    assert esc == [
        [],
        [("A", "regency", "province"), ("B", "regency", "province")],
        [("C", "regency", "province")],
        [("A", "province", "national")],
    ]
    assert outs[1].statuses["B"].office == "32"  # "32.04" normalised to 3204
    assert outs[2].statuses["C"].office == "31"


def test_absent_employer_neither_resolved_nor_reset(db: Path) -> None:
    outs = [night(db, i) for i in range(5)]
    assert "C" not in outs[3].statuses
    assert outs[3].resolved == []  # C absent on night 4: not resolved
    c5 = outs[4].statuses["C"]
    assert (c5.case_status, c5.flagged_runs, c5.office_level) == ("persisting", 3, "province")
    assert c5.first_flagged == T0 + timedelta(days=1)
    assert outs[4].escalated == []
    b5 = outs[4].statuses["B"]  # resolved on night 3, flagged again: a new streak
    assert (b5.case_status, b5.flagged_runs, b5.office_level) == ("new", 1, "regency")
    assert b5.first_flagged == T0 + timedelta(days=4)
    assert [(r.employer_id, r.flagged_runs) for r in outs[4].resolved] == [("A", 4)]


def test_change_threshold(db: Path) -> None:
    record_run(db, result({"A": 1_000_000}), present_employers={"A"})
    out = record_run(db, result({"A": 1_050_000}), present_employers={"A"})
    assert out.statuses["A"].case_status == "persisting"  # +5 % < 10 %
    out = record_run(db, result({"A": 1_100_000}), present_employers={"A"}, change_threshold=0.01)
    assert out.statuses["A"].case_status == "worsened"


def test_runs_summary(db: Path) -> None:
    for i in range(3):
        night(db, i)
    summary = runs(db)
    assert [r.run_id for r in summary] == [1, 2, 3]
    assert [r.flagged_employers for r in summary] == [2, 3, 2]
    assert [r.total_gap_idr for r in summary] == [1_500_000, 2_200_000, 950_000]
    assert [(r.new_cases, r.resolved_cases, r.escalated_cases) for r in summary] == [
        (2, 0, 0),
        (1, 0, 2),
        (0, 1, 1),
    ]
    first = summary[0]
    assert (first.period, first.rules_version, first.tool_version) == (
        "2025-01",
        "2025.1",
        "0.1.0",
    )
    assert first.run_time == T0
    assert first.employers_present == 3
    assert [(i.kind, i.file, i.sha256) for i in first.inputs] == [
        ("payroll", "gaji.xlsx", "a" * 64),
        ("enrollment", "bpjs.csv", "b" * 64),
    ]


def test_trajectory(db: Path) -> None:
    for i in range(3):
        night(db, i)
    a = trajectory(db, "A")
    assert len(a) == 3
    assert [r.state for r in a] == ["new", "worsened", "improved"]
    assert [r.monthly_contribution_gap_idr for r in a] == [1_000_000, 1_500_000, 750_000]
    assert [r.severity for r in a] == ["high", "high", "medium"]
    assert [r.office_level for r in a] == ["regency", "province", "province"]
    assert [r.run_time for r in a] == [T0 + timedelta(days=i) for i in range(3)]
    assert all(r.flagged for r in a)

    b = trajectory(db, "B")
    assert [(r.flagged, r.state) for r in b] == [
        (True, "new"),
        (True, "persisting"),
        (False, "resolved"),
    ]
    assert [r.run_id for r in trajectory(db, "C")] == [2, 3]
    assert trajectory(db, "D") == []

    night(db, 3)  # B present, not flagged; C absent
    assert trajectory(db, "B")[-1].state == "clear"
    assert trajectory(db, "C")[-1].state == "not_seen"


def test_region_unknown_then_remembered(db: Path) -> None:
    out = record_run(
        db, result({"A": 1}), present_employers=set(), province_after=1, national_after=2
    )
    assert (out.statuses["A"].office_level, out.statuses["A"].office) == ("province", "unknown")
    assert [(e.from_level, e.to_level) for e in out.escalated] == [("regency", "province")]
    later = {"province_after": 5, "national_after": 10}
    record_run(db, result({"A": 1}), present_employers=set(), regions={"A": "3273"}, **later)
    out = record_run(db, result({"A": 1}), present_employers=set(), **later)
    # Remembered region; later, larger thresholds never step a case down.
    assert (out.statuses["A"].office_level, out.statuses["A"].office) == ("province", "32")


def test_bad_arguments_leave_register_unchanged(db: Path) -> None:
    night(db, 0)
    before = dump(db)
    with pytest.raises(UsageError, match="regency code"):
        record_run(db, result({"A": 1}), present_employers=set(), regions={"A": "32"})
    with pytest.raises(UsageError, match="province_after_months"):
        record_run(db, result({"A": 1}), present_employers=set(), province_after=0)
    with pytest.raises(UsageError, match="national_after_months"):
        record_run(db, result({"A": 1}), present_employers=set(), national_after=2)
    with pytest.raises(UsageError, match="change_threshold"):
        record_run(db, result({"A": 1}), present_employers=set(), change_threshold=-1)
    assert dump(db) == before


def _boom(*args: object) -> None:
    raise RuntimeError("disk pulled out mid-run")


def test_crash_mid_run_leaves_register_unchanged(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for i in range(2):
        night(db, i)
    before = dump(db)
    with monkeypatch.context() as m:
        m.setattr(record_module, "_write_changes", _boom)  # after run + findings are written
        with pytest.raises(RuntimeError, match="mid-run"):
            night(db, 2)
    assert dump(db) == before
    assert night(db, 2).run_id == 3  # the next run carries on as if nothing happened
    assert [r.state for r in trajectory(db, "A")] == ["new", "worsened", "improved"]


def test_crash_on_first_run_leaves_no_runs(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(record_module, "_write_changes", _boom)
    with pytest.raises(RuntimeError):
        night(db, 0)
    assert runs(db) == []


def _die_mid_run(db: str) -> None:
    def die(*args: object) -> None:
        os._exit(3)

    record_module._write_changes = die  # type: ignore[assignment]
    gaps, present = NIGHTS[2]
    record_run(Path(db), result(gaps, MONTHS[2]), present_employers=present)


def test_process_killed_mid_run_leaves_register_unchanged(db: Path) -> None:
    for i in range(2):
        night(db, i)
    before = dump(db)
    proc = mp.get_context("spawn").Process(target=_die_mid_run, args=(str(db),))
    proc.start()
    proc.join(60)
    assert proc.exitcode == 3
    assert dump(db) == before
    assert night(db, 2).run_id == 3


def _writer(db: str, name: str, n: int, barrier: Any) -> None:
    barrier.wait()
    for _ in range(n):
        record_run(
            Path(db),
            result({"SHARED": 1_000, name: 500}),
            present_employers={"SHARED", name},
            province_after=100,
            national_after=200,
            timeout=60,
        )


def test_two_concurrent_writers(db: Path) -> None:
    ctx = mp.get_context("spawn")
    barrier = ctx.Barrier(2)
    procs = [ctx.Process(target=_writer, args=(str(db), name, 10, barrier)) for name in "XY"]
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
    assert [p.exitcode for p in procs] == [0, 0]
    summary = runs(db)
    assert [r.run_id for r in summary] == list(range(1, 21))
    shared = trajectory(db, "SHARED")
    # Every run saw the one before it: no lost update, the streak counts 1..20.
    assert [r.flagged_runs for r in shared] == list(range(1, 21))
    for name in "XY":
        own = [r for r in trajectory(db, name) if r.flagged]
        assert [r.flagged_runs for r in own] == list(range(1, 11))
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def _hold_lock(db: Path) -> sqlite3.Connection:
    holder = sqlite3.connect(db, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    return holder


def test_busy_writer_times_out(db: Path) -> None:
    night(db, 0)
    before = dump(db)
    holder = _hold_lock(db)
    try:
        start = time.monotonic()
        with pytest.raises(RegisterBusyError) as info:
            night(db, 1, timeout=0.1)
        assert 0.09 <= time.monotonic() - start < 5
    finally:
        holder.rollback()
        holder.close()
    assert str(db) in info.value.message
    assert isinstance(info.value, UnderreportError)
    assert info.value.exit_code == 2
    assert dump(db) == before


def test_waiting_writer_gets_through(db: Path) -> None:
    night(db, 0)
    holder = _hold_lock(db)
    timer = threading.Timer(0.3, holder.rollback)
    timer.start()
    try:
        start = time.monotonic()
        out = night(db, 1, timeout=10)
        assert time.monotonic() - start >= 0.25
    finally:
        timer.join()
        holder.close()
    assert out.run_id == 2


def test_not_a_register(tmp_path: Path) -> None:
    text = tmp_path / "notes.sqlite"
    text.write_bytes(b"this is not a database\n" * 200)
    other = tmp_path / "other.sqlite"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE payroll (x)")
    conn.close()
    for path in (text, other):
        before = path.read_bytes()
        for call in (
            lambda p=path: night(p, 0),
            lambda p=path: runs(p),
            lambda p=path: trajectory(p, "A"),
        ):
            with pytest.raises(RegisterError, match="not an underreport case register") as info:
                call()
            assert str(path) in info.value.message
        assert path.read_bytes() == before
    with pytest.raises(RegisterError, match="no case register"):
        runs(tmp_path / "missing.sqlite")
    assert not (tmp_path / "missing.sqlite").exists()
    with pytest.raises(RegisterError, match="directory"):
        night(tmp_path, 0)
    with pytest.raises(RegisterError, match="does not exist"):
        night(tmp_path / "nope" / "cases.sqlite", 0)


def test_newer_schema_refused(db: Path) -> None:
    night(db, 0)
    with sqlite3.connect(db) as conn:
        conn.execute("PRAGMA user_version = 99")
    conn.close()
    with pytest.raises(RegisterError, match="newer"):
        night(db, 1)
    with pytest.raises(RegisterError, match="newer"):
        runs(db)


def test_schema_is_versioned(db: Path) -> None:
    night(db, 0)
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 2
        assert conn.execute("SELECT version FROM schema_version").fetchall() == [(2,)]
    conn.close()


def test_register_holds_no_personal_data(db: Path) -> None:
    for i in range(3):
        night(db, i)
    with sqlite3.connect(db) as conn:
        tables = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        columns = {(t, c[1]) for t in tables for c in conn.execute(f"PRAGMA table_info({t})")}
    conn.close()
    assert columns
    personal = re.compile(r"nik|worker|kpj|birth|person|wage$|salary", re.IGNORECASE)
    assert [tc for tc in columns if personal.search(tc[1])] == []
    assert {c for _, c in columns if "name" in c.lower()} == {"employer_name"}
    # The NIK sits in the reasons and data-quality messages; neither is stored.
    raw = b"".join(p.read_bytes() for p in db.parent.glob(db.name + "*"))
    assert NIK.encode() not in raw
    assert b"Budi Santoso" not in raw
    assert b"/home/budi" not in raw
