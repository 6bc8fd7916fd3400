"""Runs in parts (large inputs split by employer on disk) give exactly the single run's result."""

from __future__ import annotations

import json
import re
import tempfile
from datetime import date
from pathlib import Path

import polars as pl
import pytest
from conftest import honest_employers
from typer.testing import CliRunner

from underreport import pipeline
from underreport.cli import app
from underreport.ingest.load import find
from underreport.model.config import ReconcileOptions
from underreport.model.errors import InputError
from underreport.reconcile import Reconciliation, chunked
from underreport.sample import generate

ROOT = Path(__file__).parents[1] / "sample_data"
AS_OF = date(2025, 6, 1)


def _run(
    pay: list[Path], enr: list[Path], chunk_rows: int, **opts: object
) -> tuple[Reconciliation, int]:
    """The reconciliation and how many parts it ran in (1 when not split)."""
    seen: list[str] = []
    options = ReconcileOptions(chunk_rows=chunk_rows, as_of=AS_OF, **opts)  # type: ignore[arg-type]
    _, rec = pipeline.run(
        pipeline.Inputs(pay, enr, [], []),
        options,
        progress=lambda step, rows=None, total=None: seen.append(step),
    )
    parts = [int(m[1]) for s in seen if (m := re.search(r"part \d+ of (\d+)", s))]
    return rec, max(parts, default=1)


def _same(single: Reconciliation, parts: Reconciliation) -> None:
    skip = {"generated_at"}
    assert parts.result.model_dump(exclude=skip) == single.result.model_dump(exclude=skip)
    key = ["employer_id", "_file", "_sheet", "_row"]
    assert parts.workers.sort(key).equals(single.workers.select(parts.workers.columns).sort(key))
    assert parts.present_employers == single.present_employers


def test_sample_in_parts_equals_single_run() -> None:
    """Title blocks, totals rows, several sheets and files: every row counted once."""
    pay, enr = [ROOT / "payroll"], [ROOT / "enrollment"]
    single, one = _run(pay, enr, 0)
    split, n = _run(pay, enr, 60)
    assert one == 1 and n >= 4
    _same(single, split)
    assert sum(f.rows_skipped for f in split.result.inputs) > 0
    assert split.result.data_quality  # the issues themselves, in the same order


@pytest.mark.parametrize(
    ("seed", "damage", "opts"),
    [(3, 0.2, {}), (8, 0.0, {"all_periods": True}), (11, 0.3, {"strict": True})],
)
def test_generated_sets_in_parts_equal_single_run(
    tmp_path: Path, seed: int, damage: float, opts: dict[str, object]
) -> None:
    generate(tmp_path, employers=45, seed=seed, damage=damage)
    pay, enr = [tmp_path / "payroll"], [tmp_path / "enrollment"]
    single, _ = _run(pay, enr, 0, **opts)
    split, n = _run(pay, enr, 150, **opts)
    assert n >= 5
    _same(single, split)


def _apart(a: str, b: str) -> int:
    """A number of parts that puts employers `a` and `b` in different ones."""
    keys = pl.DataFrame({"employer_id": [a, b]})
    for n in range(2, 40):
        got = keys.select(chunked._part(pl.col("employer_id"), n))["employer_id"].to_list()
        if got[0] != got[1]:
            return n
    raise AssertionError("no split separates them")


def _chunked(pay: Path, enr: Path, parts: int) -> Reconciliation:
    options = ReconcileOptions(as_of=AS_OF)
    pay_found, enr_found = find([pay], "payroll").found, find([enr], "enrollment").found
    _, rec = chunked.reconcile_chunked(pay_found, enr_found, None, None, options, parts)
    return rec


def test_npwp_link_holds_across_parts(tmp_path: Path) -> None:
    """The payroll's NPP is unknown to BPJS; its NPWP names the enrolled NPP, in another part."""
    nik = "3273015505900999"
    pay, enr = honest_employers(
        tmp_path,
        [f"99990000;PT SINAR JAYA;01.234.567.8-901.000;{nik};SITI;2025-03;4000000"],
        [f"12345678;PT SINAR JAYA;012345678901000;{nik};SITI;4000000;AKTIF"],
    )
    split = _chunked(pay, enr, _apart("99990000", "12345678"))
    single, _ = _run([pay], [enr], 0)
    assert split.result.employers == [] == single.result.employers
    assert split.result.summary == single.result.summary


def test_ambiguous_npwp_stays_unlinked_in_parts(tmp_path: Path) -> None:
    """Two enrolled NPPs share the NPWP: no link, even in a part that holds only one of them."""
    nik = "3273015505900999"
    pay, enr = honest_employers(
        tmp_path,
        [f"99990000;PT SINAR JAYA;012345678901000;{nik};SITI;2025-03;4000000"],
        [
            f"12345678;PT SINAR JAYA;012345678901000;{nik};SITI;4000000;AKTIF",
            "12345679;PT SINAR JAYA II;012345678901000;3273015505900998;BUDI;4000000;AKTIF",
        ],
    )
    single, _ = _run([pay], [enr], 0)
    (flagged,) = single.result.employers
    assert flagged.employer_id == "99990000" and not flagged.registered
    for n in (_apart("99990000", "12345678"), _apart("99990000", "12345679")):
        assert _chunked(pay, enr, n).result.employers == single.result.employers


def test_worker_at_two_employers_in_different_parts_is_reported(tmp_path: Path) -> None:
    nik = "3273015505900999"
    pay, enr = honest_employers(
        tmp_path,
        [
            f"70000001;PT SATU;;{nik};SITI;2025-03;4000000",
            f"70000002;PT DUA;;{nik};SITI;2025-03;3000000",
        ],
        [],
    )
    split = _chunked(pay, enr, _apart("70000001", "70000002"))
    single, _ = _run([pay], [enr], 0)
    codes = [i.code for i in split.result.data_quality]
    assert "WORKER_AT_SEVERAL_EMPLOYERS" in codes
    assert split.result.data_quality == single.result.data_quality


def test_parts_leave_no_temporary_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    pay, enr = [ROOT / "payroll"], [ROOT / "enrollment"]
    _run(pay, enr, 60)
    assert list(scratch.iterdir()) == []

    def fail(*args: object, **kwargs: object) -> Reconciliation:
        raise InputError("stop in the middle")

    monkeypatch.setattr(chunked, "reconcile", fail)
    with pytest.raises(InputError):
        _run(pay, enr, 60)
    assert list(scratch.iterdir()) == []


def test_result_only_runs_keep_no_worker_rows() -> None:
    options = ReconcileOptions(chunk_rows=60, as_of=AS_OF)
    paths = pipeline.Inputs([ROOT / "payroll"], [ROOT / "enrollment"], [], [])
    loaded, lean = pipeline.run(paths, options, detail=False)
    _, full = pipeline.run(paths, options)
    assert lean.workers.height == 0 and full.workers.height > 0
    assert lean.result.model_dump(exclude={"generated_at"}) == full.result.model_dump(
        exclude={"generated_at"}
    )
    assert loaded.payroll.height == 0  # the rows went with their parts
    assert sum(f.rows_read for f in loaded.inputs) > 0


def test_cli_chunk_rows_gives_the_same_json() -> None:
    args = ["reconcile", "-p", str(ROOT / "payroll"), "-e", str(ROOT / "enrollment"), "-f", "json"]
    runner = CliRunner()
    plain = json.loads(runner.invoke(app, [*args, "--as-of", "2025-06-01"]).stdout)
    split = runner.invoke(app, [*args, "--as-of", "2025-06-01", "--chunk-rows", "50"])
    assert split.exit_code == 0, split.output
    parts = json.loads(split.stdout)
    plain.pop("generated_at"), parts.pop("generated_at")
    assert plain == parts
    bad = runner.invoke(app, [*args, "--chunk-rows", "-1"])
    assert bad.exit_code == 2


def test_a_run_in_parts_keeps_its_issues_on_disk_and_writes_them_as_one_run(
    tmp_path: Path,
) -> None:
    from underreport.report.issues import write_issues

    pay, enr = [ROOT / "payroll"], [ROOT / "enrollment"]
    single, _ = _run(pay, enr, 0)
    split, n = _run(pay, enr, 60)
    assert n >= 4 and isinstance(split.issues, pl.LazyFrame)
    write_issues(single.issues, tmp_path / "one.csv")
    write_issues(split.issues, tmp_path / "parts.csv")
    written = pl.read_csv(tmp_path / "parts.csv")
    assert (tmp_path / "parts.csv").read_text() == (tmp_path / "one.csv").read_text()
    assert written.height == split.result.data_quality_total > 0
    kept = Path(split.spill.name)  # type: ignore[attr-defined]
    assert kept.exists()
    del split
    assert not kept.exists()  # the files go with the reconciliation
