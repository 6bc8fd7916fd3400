"""screen and coverage: planted red flags rank first, weights matter, coverage adds up."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from underreport.cli import app
from underreport.model.config import ScreenConfig, ScreenWeights
from underreport.sample.screening import generate_screening
from underreport.screen import screen

runner = CliRunner()


@pytest.fixture(scope="module", params=[1, 2])
def world(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    out = tmp_path_factory.mktemp(f"screen{request.param}")
    return out, generate_screening(out, employers=40, seed=request.param)


def _run(out: Path, config: ScreenConfig | None = None, previous: bool = True):  # type: ignore[no-untyped-def]
    return screen(
        [out / "enrollment.csv"],
        declarations=[out / "declarations.csv"],
        previous=[out / "previous.csv"] if previous else [],
        employers=[out / "employers.csv"],
        notices=[out / "notices.csv"],
        config=config,
    )


def test_every_planted_employer_ranks_in_the_top_quarter(world) -> None:  # type: ignore[no-untyped-def]
    out, answer = world
    result = _run(out)
    quarter = len(answer.planted) + len(answer.honest)
    top = {e.employer_id for e in result.employers[: quarter // 4]}
    assert set(answer.planted) <= top
    assert not {e.employer_id for e in result.employers} & set(answer.honest)


def test_each_planted_kind_raises_its_own_flag(world) -> None:  # type: ignore[no-untyped-def]
    out, answer = world
    expected = {
        "minimum": "MINIMUM_WAGE_PATTERN",
        "headcount": "HEADCOUNT_GAP",
        "drop": "ENROLMENT_DROP",
        "program": "PROGRAM_MISSING",
        "notice": "ENROLLED_AFTER_NOTICE",
    }
    codes = {e.employer_id: {f.code for f in e.flags} for e in _run(out).employers}
    for npp, kind in answer.planted.items():
        assert expected[kind] in codes[npp], (npp, kind, codes[npp])
        assert all(f.reason for f in _run(out).employers[0].flags)


def test_without_the_previous_export_the_drop_is_only_a_headcount_gap(world) -> None:  # type: ignore[no-untyped-def]
    out, answer = world
    codes = {e.employer_id: {f.code for f in e.flags} for e in _run(out, previous=False).employers}
    for npp, kind in answer.planted.items():
        if kind == "drop":
            assert codes[npp] == {"HEADCOUNT_GAP"}


def test_weights_from_the_config_change_the_order(world) -> None:  # type: ignore[no-untyped-def]
    out, answer = world
    heavy = ScreenConfig(weights=ScreenWeights(minimum_wage=50.0))
    first = _run(out, heavy).employers[0].employer_id
    assert answer.planted[first] == "minimum"
    light = ScreenConfig(weights=ScreenWeights(after_notice=50.0))
    assert answer.planted[_run(out, light).employers[0].employer_id] == "notice"


def test_screen_cli_json_and_export(world, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out, _ = world
    args = [
        "screen",
        "-e",
        str(out / "enrollment.csv"),
        "--declarations",
        str(out / "declarations.csv"),
        "--format",
        "json",
        "--out",
        str(tmp_path / "s.xlsx"),
    ]
    res = runner.invoke(app, args)
    assert res.exit_code == 0, res.output
    doc = json.loads(res.stdout)
    assert doc["kind"] == "screen" and doc["employers"][0]["flags"][0]["reason"]
    assert (tmp_path / "s.xlsx").exists()


def test_coverage_by_province_adds_up(tmp_path: Path) -> None:
    root = Path(__file__).parents[1] / "sample_data"
    res = runner.invoke(
        app,
        [
            "coverage",
            "-p",
            str(root / "payroll"),
            "-e",
            str(root / "enrollment"),
            "--format",
            "json",
        ],
    )
    assert res.exit_code == 0, res.output
    doc = json.loads(res.stdout)
    groups, overall = doc["groups"], doc["overall"]
    for key in ("employers", "known_workers", "covered_workers", "monthly_contribution_gap_idr"):
        assert sum(g[key] for g in groups) == overall[key], key
    assert {g["basis"] for g in groups} <= {"NIK", "unknown"}  # no reference data given
    ratios = [g["coverage_ratio"] for g in groups]
    assert ratios == sorted(ratios)


def test_coverage_change_against_the_previous_run(tmp_path: Path) -> None:
    """Night 1 on a sample; night 2 one enrolment export is missing: coverage falls, and says so."""
    import shutil

    from underreport.sample import generate

    generate(tmp_path / "a", employers=12, seed=0)
    shutil.copytree(tmp_path / "a", tmp_path / "b")
    db = tmp_path / "cases.sqlite"
    args = ["coverage", "--format", "json", "--history", str(db)]
    first = runner.invoke(
        app,
        [*args, "-p", str(tmp_path / "a" / "payroll"), "-e", str(tmp_path / "a" / "enrollment")],
    )
    assert first.exit_code == 0, first.output
    assert json.loads(first.stdout)["overall"]["change"] is None
    # the second night: drop the enrolment of one file, coverage falls
    victims = sorted((tmp_path / "b" / "enrollment").glob("*.csv"))[:1]
    for v in victims:
        v.unlink()
    second = runner.invoke(
        app,
        [*args, "-p", str(tmp_path / "b" / "payroll"), "-e", str(tmp_path / "b" / "enrollment")],
    )
    doc = json.loads(second.stdout)
    before = json.loads(first.stdout)["overall"]["coverage_ratio"]
    assert doc["overall"]["change"] == pytest.approx(doc["overall"]["coverage_ratio"] - before)
    assert doc["overall"]["change"] < 0
