"""The benchmark's flagged and dq sets hold the answer they claim, and its targets are judged.

The literals below were worked out by hand from a listing of the tiny set's two files
(payroll joined to enrolment on NPP + NIK, seed 1): for NPP 20264869, 29 payroll workers
in 2025-01; NIKs ...0018 and ...0022 have no enrolment and ...0027 only a NON AKTIF one
(3 unregistered, 1 inactive); ...0026 is enrolled at Rp 5,730,000 for a wage of
Rp 8,923,000 (under-reported); ...0023 is active without JKM (programme missing); ...0030 is
active and not on the payroll; 26 covered + 1 leaver = 27 active enrolments. For NPP
68535878: 21 workers, ...0047 not enrolled and ...0046 NON AKTIF, nobody under-reported,
...0037 without JKM, ...0052 enrolled and not on the payroll, 19 + 1 = 20 active. Draws are
hashes, so these literals hold for this Polars version (as the generator says).
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import polars as pl
import pytest

from underreport import load, reconcile
from underreport.ingest.checks import PROVINCES
from underreport.sample.bulk import DQ, FLAGGED, BulkAnswer, generate_bulk

ROWS, SEED, PERIOD = 50, 1, "2025-01"
COLUMNS = [
    "employer_id", "registered", "payroll_workers", "unregistered_workers", "inactive_workers",
    "underreported_wage_workers", "enrolled_workers", "enrolled_not_on_payroll",
    "program_missing_workers", "flagged",
]  # fmt: skip
HAND_WORKED = [
    ("20264869", True, 29, 3, 1, 1, 27, 1, 1, True),
    ("68535878", True, 21, 2, 1, 0, 20, 1, 1, True),
]
PAYROLL_ROWS, ENROLMENT_ROWS = 51, 108  # 50 in 2025-01 + one 2024-12 row; 4 employers enrolled


@pytest.fixture(scope="module")
def sets(tmp_path_factory: pytest.TempPathFactory) -> dict[str, BulkAnswer]:
    out = tmp_path_factory.mktemp("benchsets")
    return {
        shape.name: generate_bulk(out / shape.name, ROWS, seed=SEED, period=PERIOD, shape=shape)
        for shape in (FLAGGED, DQ)
    }


@pytest.mark.parametrize("name", ["flagged", "dq"])
def test_answer_is_the_hand_worked_one(sets: dict[str, BulkAnswer], name: str) -> None:
    answer = sets[name]
    assert answer.employers.select(COLUMNS).sort("employer_id").rows() == HAND_WORKED
    assert (answer.payroll_rows, answer.enrollment_rows) == (PAYROLL_ROWS, ENROLMENT_ROWS)
    assert answer.nik_issues == (0 if name == "flagged" else PAYROLL_ROWS + ENROLMENT_ROWS)


def test_flagged_set_has_programme_flags_and_reconciles_to_the_answer(
    sets: dict[str, BulkAnswer],
) -> None:
    pay, enr = sets["flagged"].files["parquet"]
    enrolment = pl.read_parquet(enr)
    assert "PROGRAM" not in enrolment.columns
    assert {enrolment[c].dtype for c in ("JKK", "JKM", "JHT", "JP")} == {pl.Boolean}
    assert enrolment["JKM"].not_().sum() > 0 and enrolment["JKK"].all()
    result = reconcile(load([pay], [enr])).result
    assert result.period == PERIOD and result.data_quality == []
    got = sorted(
        (e.employer_id, e.payroll_workers, e.unregistered_workers, e.underreported_wage_workers,
         e.program_missing_workers, e.enrolled_not_on_payroll)
        for e in result.employers
    )  # fmt: skip
    assert got == [("20264869", 29, 3, 1, 1, 1), ("68535878", 21, 2, 0, 1, 1)]


def test_dq_set_is_the_flagged_set_with_bad_provinces(sets: dict[str, BulkAnswer]) -> None:
    for side in (0, 1):
        clean = pl.read_parquet(sets["flagged"].files["parquet"][side])
        damaged = pl.read_parquet(sets["dq"].files["parquet"][side])
        assert damaged.drop("NIK").equals(clean.drop("NIK"))
        assert damaged["NIK"].str.slice(2).equals(clean["NIK"].str.slice(2))
        assert damaged["NIK"].str.contains(r"^\d{16}$").all()
        assert not damaged["NIK"].str.slice(0, 2).is_in(sorted(PROVINCES)).any()
        assert clean["NIK"].str.slice(0, 2).is_in(sorted(PROVINCES)).all()


def test_dq_set_gives_exactly_one_issue_per_row(sets: dict[str, BulkAnswer]) -> None:
    pay, enr = sets["dq"].files["parquet"]
    loaded = load([pay], [enr])
    issues = loaded.issues
    assert issues.height == PAYROLL_ROWS + ENROLMENT_ROWS
    assert issues["code"].unique().to_list() == ["NIK_BAD_PROVINCE"]
    per_file = issues.group_by("file").agg(pl.col("row").n_unique().alias("rows"), pl.len())
    assert sorted(per_file.select("rows", "len").rows()) == [
        (PAYROLL_ROWS, PAYROLL_ROWS),
        (ENROLMENT_ROWS, ENROLMENT_ROWS),
    ]
    # every NIK is still a key: the findings are the flagged set's
    result = reconcile(loaded).result
    got = sorted((e.employer_id, e.unregistered_workers) for e in result.employers)
    assert got == [("20264869", 3), ("68535878", 2)]


# --- the targets ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def run() -> ModuleType:
    path = Path(__file__).resolve().parents[1] / "bench" / "run.py"
    spec = importlib.util.spec_from_file_location("bench_run", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_run"] = module
    spec.loader.exec_module(module)
    return module


def timing(run: ModuleType, wall: float, mb: float) -> object:
    return run.Timing(wall=[wall], rss_mb=[mb])


def test_targets_are_judged_per_the_issue(run: ModuleType) -> None:
    m = 1_000_000

    def row(set_: str, n: int, fmt: str, ur: float | None, rss: float, duck: float | None,
            json_mb: float = 1.0) -> object:  # fmt: skip
        r = run.Row(f"{n}", fmt, set_, n, correct="PASS", json_mb=json_mb)
        r.ur = timing(run, ur, rss) if ur is not None else None
        r.duck = timing(run, duck, 300) if duck is not None else None
        return r

    rows = [
        row("flagged", m, "parquet", 1.9, 600, 1.0),  # 1.9x: met
        row("light", m, "parquet", 2.1, 600, 1.0),  # 2.1x: not met
        row("flagged", 10 * m, "parquet", 10.0, 1600, 6.0),  # 1.7x but 1.56 GB: not met
        row("dq", m, "parquet", 3.7, 900, 1.0, json_mb=59),  # 1.95x the flagged run: met
        row("dq", 10 * m, "parquet", 50.0, 2100, 6.0),  # 2.05 GB: not met
        row("flagged", 30 * m, "parquet", None, 0, 20.0),  # did not complete: not met
        row("flagged", 100_000, "parquet", 9.0, 600, 1.0),  # no target at 100k
    ]
    rows[-1].correct = "FAIL"
    for r in rows:
        run.judge(r, rows)
    assert [r.verdict for r in rows] == [
        "met", "NOT met", "NOT met", "met", "NOT met", "NOT met", "no target",
    ]  # fmt: skip
    assert "1.9x" in rows[0].target and "(59 MB)" in rows[3].target
    big = row("dq", m, "parquet", 3.0, 900, 1.0, json_mb=61)
    run.judge(big, [rows[0], big])
    assert big.verdict == "NOT met"  # JSON over 60 MB
    alone = row("dq", m, "parquet", 3.0, 900, 1.0)
    run.judge(alone, [alone])
    assert alone.verdict == "NOT met"  # no flagged run to compare with: not judged as met


def test_plan_brings_the_clean_run_a_dq_target_needs(run: ModuleType) -> None:
    planned = run.plan(["dq"], ["20k", "1m"], ["parquet"])
    assert [(r.set, r.size) for r in planned] == [("dq", "20k"), ("flagged", "1m"), ("dq", "1m")]
