"""`--partition-by province` is deprecated: accepted, said to do nothing, the same result."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from underreport.cli import app

ROOT = Path(__file__).parents[1] / "sample_data"


def test_partition_flag_warns_and_gives_the_same_json(tmp_path: Path) -> None:
    args = ["reconcile", "-p", str(ROOT / "payroll"), "-e", str(ROOT / "enrollment"), "-f", "json"]
    runner = CliRunner()
    plain = runner.invoke(app, args)
    parts = runner.invoke(app, [*args, "--partition-by", "province"])
    config = tmp_path / "underreport.toml"
    config.write_text('[reconcile]\npartition_by = "province"\n', encoding="utf-8")
    from_file = runner.invoke(app, [*args, "-c", str(config)])
    assert "warning" not in plain.stderr
    for run in (parts, from_file):
        assert run.exit_code == 0
        assert "--partition-by (reconcile.partition_by) is deprecated" in run.stderr
        docs = [json.loads(r.stdout) for r in (plain, run)]
        for doc in docs:
            doc.pop("generated_at")
        assert docs[0] == docs[1]
