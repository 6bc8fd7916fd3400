"""Partitioned runs (province by province, merged) give exactly the single run's result."""

from __future__ import annotations

from pathlib import Path

import pytest

from underreport import ReconcileOptions, load, reconcile
from underreport.reconcile.partition import partition_keys, reconcile_partitioned
from underreport.sample import generate

ROOT = Path(__file__).parents[1] / "sample_data"


def _same(a, b) -> None:  # type: ignore[no-untyped-def]
    skip = {"generated_at"}
    assert a.result.model_dump(exclude=skip) == b.result.model_dump(exclude=skip)
    key = ["employer_id", "_file", "_sheet", "_row"]
    assert a.workers.sort(key).equals(b.workers.select(a.workers.columns).sort(key))


@pytest.mark.parametrize("seed, damage", [(3, 0.0), (4, 0.1)])
def test_partitioned_equals_single_run(tmp_path: Path, seed: int, damage: float) -> None:
    generate(tmp_path, employers=40, seed=seed, damage=damage)
    loaded = load([tmp_path / "payroll"], [tmp_path / "enrollment"])
    keys = partition_keys(loaded)
    assert keys["part"].n_unique() > 3  # really split, not one part
    opts = ReconcileOptions()
    _same(reconcile(loaded, opts), reconcile_partitioned(loaded, opts))


def test_partitioned_arrears_over_months(tmp_path: Path) -> None:
    generate(tmp_path, employers=25, seed=5)
    loaded = load([tmp_path / "payroll"], [tmp_path / "enrollment"])
    from datetime import date

    opts = ReconcileOptions(all_periods=True, as_of=date(2025, 6, 1))
    _same(reconcile(loaded, opts), reconcile_partitioned(loaded, opts))


def test_cli_partition_flag_gives_the_same_json() -> None:
    import json

    from typer.testing import CliRunner

    from underreport.cli import app

    args = ["reconcile", "-p", str(ROOT / "payroll"), "-e", str(ROOT / "enrollment"), "-f", "json"]
    runner = CliRunner()
    plain = json.loads(runner.invoke(app, args).stdout)
    parts = json.loads(runner.invoke(app, [*args, "--partition-by", "province"]).stdout)
    plain.pop("generated_at"), parts.pop("generated_at")
    assert plain == parts
    bad = runner.invoke(app, [*args, "--period", "2025-13"])
    assert bad.exit_code == 2 and "YYYY-MM" in bad.stderr
