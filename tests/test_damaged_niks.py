"""Damaged NIKs on the payroll (`generate(damage=...)`) come back as probable matches.

Each planted damaged row must be linked to the right person at its expected tier, the
per-employer counts must stay exactly those planted, `validate` must name every planted
data-quality code at its row, and with `strict=True` the NIK-damaged workers turn
unregistered (and the empty-NIK ones not reconcilable) one for one.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import polars as pl
import pytest
from conftest import assert_as_planted

from underreport import ReconcileOptions, load, reconcile
from underreport.names import name_score
from underreport.reconcile import Reconciliation
from underreport.sample import DamagedNik, SampleAnswer, generate
from underreport.validate import validate

SETS = [(1, 30), (4, 45), (9, 60)]  # (seed, employers)
DAMAGE = 0.1
NIK_KINDS = ("precision", "scientific", "typo", "swap")  # keep a NIK that reads as 16 digits

Where = tuple[str, str, int]  # (file name, sheet or "", row)


@dataclass
class Run:
    seed: int
    out: Path
    answer: SampleAnswer
    rec: Reconciliation


def _where(d: DamagedNik) -> Where:
    return Path(d.file).name, d.sheet, d.row


def _rows(workers: pl.DataFrame) -> dict[Where, dict[str, object]]:
    return {
        (Path(str(r["_file"])).name, str(r["_sheet"] or ""), int(r["_row"])): r
        for r in workers.iter_rows(named=True)
    }


@pytest.fixture(scope="module", params=SETS, ids=[f"seed{s}-{n}" for s, n in SETS])
def run(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Run:
    seed, employers = request.param
    out = tmp_path_factory.mktemp(f"damaged{seed}")
    answer = generate(out, employers=employers, seed=seed, damage=DAMAGE)
    return Run(seed, out, answer, reconcile(load([out / "payroll"], [out / "enrollment"])))


def test_every_kind_is_planted_evenly(run: Run) -> None:
    kinds = Counter(d.kind for d in run.answer.damaged)
    assert set(kinds) == {*NIK_KINDS, "missing"}
    assert max(kinds.values()) - min(kinds.values()) <= 1, kinds
    assert len({_where(d) for d in run.answer.damaged}) == len(run.answer.damaged)


def test_counts_stay_as_planted(run: Run) -> None:
    assert_as_planted([e.model_dump() for e in run.rec.result.employers], run.answer.employers)


def test_damaged_rows_are_matched_at_their_tier(run: Run) -> None:
    rows = _rows(run.rec.workers)
    planted = {_where(d): d for d in run.answer.damaged}
    # Files without a NIK column are matched on names alone (tier 4): not planted damage,
    # and the answer holds no NIK to judge them by, so they are checked for names only.
    no_nik_column = {e.employer_id for e in run.answer.employers if e.not_reconcilable_workers}
    probable = {w: r for w, r in rows.items() if r["match_tier"] in (2, 3, 4)}
    judged = {w: r for w, r in probable.items() if r["employer_id"] not in no_nik_column}
    for w, r in probable.items():
        if w not in judged:
            assert name_score(str(r["worker_name"]), str(r["enrolled_name"])) >= 90, w
    correct = [
        w for w, r in judged.items() if w in planted and r["match_nik"] == planted[w].true_nik
    ]
    found = [
        d
        for w, d in planted.items()
        if w in rows and rows[w]["match_tier"] == d.expected_tier
        and rows[w]["match_nik"] == d.true_nik
    ]  # fmt: skip
    precision = len(correct) / len(judged) if judged else 1.0
    recall = len(found) / len(planted)
    by_kind = Counter(d.kind for d in found)
    print(
        f"\nseed {run.seed}, {len(run.answer.employers)} payroll employers: "
        f"{len(planted)} damaged, {len(judged)} probable matches judged "
        f"(+{len(probable) - len(judged)} by name in files without NIKs); "
        f"precision {precision:.3f}, recall {recall:.3f}; found {dict(sorted(by_kind.items()))}"
    )
    wrong = {w: (r["match_tier"], r["match_reason"]) for w, r in judged.items() if w not in correct}
    assert precision == 1.0, wrong
    missed = [(d.kind, _where(d)) for d in planted.values() if d not in found]
    assert recall >= 0.95, missed


def test_validate_names_each_planted_code(run: Run) -> None:
    report = validate([run.out / "payroll"], "payroll")
    codes: dict[Where, set[str]] = {}
    for i in report.data_quality:
        if i.row is not None and i.code.startswith("NIK_"):
            codes.setdefault((Path(i.file).name, i.sheet or "", i.row), set()).add(i.code)
    for d in run.answer.damaged:
        assert codes.get(_where(d), set()) == set(d.expected_codes), d
    assert any(d.expected_codes for d in run.answer.damaged)


def test_strict_turns_damaged_workers_unregistered(tmp_path: Path) -> None:
    """Strict mode: a NIK that looks whole is taken at its word (so the worker looks
    unregistered); one shown in scientific notation is never a key, and a worker without a
    usable NIK whose name an enrolment of the employer has is not matched on it (not
    reconcilable). In employers whose files carry no NIK column, every worker is one such,
    except those no enrolment has the name of (unregistered in either mode)."""
    answer = generate(tmp_path, employers=40, seed=13, damage=DAMAGE)
    loaded = load([tmp_path / "payroll"], [tmp_path / "enrollment"])
    loose = reconcile(loaded).result
    strict = reconcile(loaded, ReconcileOptions(strict=True)).result
    kinds = Counter[str](d.kind for d in answer.damaged)
    keyed = sum(kinds[k] for k in NIK_KINDS if k != "scientific")
    assert kinds["missing"] and kinds["scientific"] and keyed
    assert loose.summary.unregistered_workers == sum(
        e.unregistered_workers for e in answer.employers
    )
    assert strict.summary.unregistered_workers == loose.summary.unregistered_workers + keyed
    no_nik = set(
        loaded.payroll.group_by("employer_id")
        .agg(pl.col("nik").is_null().all().alias("none"))
        .filter("none")["employer_id"]
    )
    assert no_nik
    assert strict.summary.not_reconcilable_workers == kinds["missing"] + kinds["scientific"] + sum(
        e.payroll_workers - e.unregistered_workers
        for e in answer.employers
        if e.employer_id in no_nik
    )
    per_employer = Counter(
        d.employer_id for d in answer.damaged if d.kind in NIK_KINDS and d.kind != "scientific"
    )
    got = {e.employer_id: e.unregistered_workers for e in strict.employers}
    for planted in answer.employers:
        expected = planted.unregistered_workers + per_employer[planted.employer_id]
        assert got.get(planted.employer_id, 0) == expected, planted.employer_id
