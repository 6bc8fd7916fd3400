"""The whole pipeline on generated messy sets: the planted answer comes back exactly."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import assert_as_planted
from typer.testing import CliRunner

from underreport import load, reconcile
from underreport.cli import app
from underreport.sample import SampleAnswer, generate

ROOT = Path(__file__).parents[1]


def _check(result_doc: dict, answer: SampleAnswer, root: Path) -> None:  # type: ignore[type-arg]
    assert result_doc["period"] == answer.period
    assert_as_planted(result_doc["employers"], answer.employers)
    # Employers not flagged are not listed: their counts show in the totals, among them the
    # workers of files without a NIK column that no name tier could judge.
    summary = result_doc["summary"]
    for count in ("payroll_workers", "unregistered_workers", "not_reconcilable_workers"):
        assert summary[count] == sum(getattr(e, count) for e in answer.employers), count
    seen = {
        (str(Path(i["path"]).relative_to(root)), i["sheet"] or ""): (
            i["rows_read"],
            i["rows_skipped"],
        )
        for i in result_doc["inputs"]
    }
    for path, sheets in answer.files.items():
        for sheet, counts in sheets.items():
            assert seen[(path, sheet)] == tuple(counts), (path, sheet)
    mismatches = {
        (Path(d["file"]).name, d["sheet"], d["row"])
        for d in result_doc["data_quality"]
        if d["code"] == "WAGE_MISMATCH"
    }
    assert mismatches == {(Path(m.file).name, m.sheet, m.row) for m in answer.wage_mismatch_rows}


def test_committed_sample_data_through_the_cli() -> None:
    root = ROOT / "sample_data"
    res = CliRunner().invoke(
        app,
        [
            "reconcile",
            "--payroll",
            str(root / "payroll"),
            "--enrollment",
            str(root / "enrollment"),
            "--format",
            "json",
        ],
    )
    assert res.exit_code == 0, res.output
    answer = SampleAnswer.model_validate_json((root / "answer.json").read_text())
    _check(json.loads(res.stdout), answer, root)


@pytest.mark.parametrize("seed, employers", [(1, 9), (5, 30), (8, 60)])
def test_generated_sets(tmp_path: Path, seed: int, employers: int) -> None:
    answer = generate(tmp_path, employers=employers, seed=seed)
    loaded = load([tmp_path / "payroll"], [tmp_path / "enrollment"])
    result = reconcile(loaded).result
    _check(json.loads(result.model_dump_json()), answer, tmp_path)


def test_engine_choice_stays_inside_the_library() -> None:
    """Queries on loaded frames run in memory; a program's own engine setting is left alone."""
    import polars as pl

    from underreport.engine import in_memory

    def affinity() -> object:
        return pl.Config.state().get("POLARS_ENGINE_AFFINITY")

    pl.Config.set_engine_affinity("streaming")
    try:
        root = ROOT / "sample_data"
        answer = SampleAnswer.model_validate_json((root / "answer.json").read_text())
        result = reconcile(load([root / "payroll"], [root / "enrollment"])).result
        assert affinity() == "streaming"
        _check(json.loads(result.model_dump_json()), answer, root)
        assert in_memory()(affinity)() == "in-memory"
    finally:
        pl.Config.set_engine_affinity(None)


def test_sample_workers_without_nik_are_judged_by_name() -> None:
    """PT Mitra Mandiri's file has employee numbers only: 36 workers, all enrolled. 34 are
    matched by name; the two named Sumarni agree with both Sumarni enrolments, so neither
    can be judged (and neither is called unregistered)."""
    import polars as pl

    root = ROOT / "sample_data"
    rec = reconcile(load([root / "payroll"], [root / "enrollment"]))
    mine = rec.workers.filter(pl.col("employer_id") == "18347330")
    assert mine.height == 34
    assert mine.select("match_tier", "match_basis", "active").unique().rows() == [(4, "name", True)]
    unjudged = rec.unreconcilable.filter(pl.col("employer_id") == "18347330")
    assert sorted(unjudged["worker_name"].to_list()) == ["Sumarni", "Sumarni, A.Md."]
    assert set(unjudged["match_reason"]) == {
        "no usable NIK (none given); the name agrees with 2 enrolments of this employer, "
        "none chosen for sure: not checked"
    }
