"""bench/cluster.py judges, compares and tabulates what it measured (on literal numbers).

Nothing is timed here: these check the arithmetic of the shuffle share, the peaks kept over
runs, the 30M-row target and which fields of two JSON documents differ.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest

pytest.importorskip("distributed", reason="bench/cluster.py needs the cluster extra")


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    path = Path(__file__).resolve().parents[1] / "bench" / "cluster.py"
    spec = importlib.util.spec_from_file_location("bench_cluster", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_cluster"] = module
    spec.loader.exec_module(module)
    return module


def stream(key: str, *startstops: tuple[str, float, float]) -> dict[str, object]:
    return {"key": key, "startstops": [{"action": a, "start": s, "stop": e}
                                       for a, s, e in startstops]}  # fmt: skip


def test_shuffle_share_is_shuffle_compute_over_all_compute(bench: ModuleType) -> None:
    records = [
        stream("('read_parquet-fused-abc', 0)", ("compute", 0.0, 3.0)),
        stream("('shuffle-transfer-0f1e', 0)", ("compute", 3.0, 4.5)),
        stream("('shuffle-transfer-0f1e', 1)", ("transfer", 3.0, 3.25), ("compute", 4.0, 4.5)),
        stream("shuffle-barrier-0f1e", ("compute", 5.0, 5.5)),
        stream("('p2pshuffle-77aa', 0)", ("compute", 6.0, 7.0)),
        stream("('reconcile_part-99', 0)", ("compute", 7.0, 10.5)),
    ]
    prefixes, transfer = bench.task_prefixes(records)
    assert prefixes == {
        "read_parquet-fused": 3.0, "shuffle-transfer": 2.0, "shuffle-barrier": 0.5,
        "p2pshuffle": 1.0, "reconcile_part": 3.5,
    }  # fmt: skip
    assert transfer == 0.25
    m = bench.Measure("cluster", wall=[12.0], prefixes=prefixes)
    assert m.shuffle_share == pytest.approx(3.5 / 10.0)
    assert bench.Measure("cluster").shuffle_share is None


def test_peaks_are_the_largest_over_runs_per_worker(bench: ModuleType) -> None:
    m = bench.Measure("cluster")
    m.add(10.0, {"tree": 3000, "client": 400, "scheduler": 150,
                 "worker-0": 1200, "worker-1": 900, "worker-10": 5})  # fmt: skip
    m.add(14.0, {"tree": 2800, "client": 450, "scheduler": 140,
                 "worker-0": 1000, "worker-1": 1100, "worker-10": 7})  # fmt: skip
    m.add(11.0, {"tree": 2900, "client": 420, "scheduler": 160,
                 "worker-0": 1100, "worker-1": 1000, "worker-10": 6})  # fmt: skip
    assert m.median == 11.0
    assert (m.tree_mb, m.client_mb, m.scheduler_mb) == (3000, 450, 160)
    assert m.workers_mb == [1200, 1100, 7]  # worker-10 after worker-1, not between 1 and 2


def test_only_generated_at_may_differ(bench: ModuleType, tmp_path: Path) -> None:
    doc = {"generated_at": "2026-11-30T08:00:00Z", "period": "2025-01",
           "summary": {"employers": 3, "owed_sen": 1200},
           "employers": [{"employer_id": "1"}, {"employer_id": "2"}]}  # fmt: skip
    single, cluster = tmp_path / "single.json", tmp_path / "cluster.json"
    single.write_text(json.dumps(doc))
    cluster.write_text(json.dumps({**doc, "generated_at": "2026-11-30T08:05:00Z"}))
    assert bench.differences(single, cluster) == []
    cluster.write_text(json.dumps({**doc, "summary": {"employers": 3, "owed_sen": 1201},
                                   "employers": [{"employer_id": "1"}, {"employer_id": "3"}],
                                   "extra": 1}))  # fmt: skip
    assert bench.differences(single, cluster) == [
        "employers: 2 vs 2 items, 1 differ, first at [1]",
        "extra only in cluster",
        "summary: owed_sen",
    ]


def test_the_30m_target_is_each_worker_under_3_gb_with_the_same_answer(bench: ModuleType) -> None:
    def row(rows: int, workers: list[float], differences: list[str] | None) -> object:
        cluster = bench.Measure("cluster", wall=[100.0], workers_mb=workers)
        r = bench.SizeRow("x", rows, bench.Measure("single", wall=[50.0]), cluster, differences)
        bench.judge(r)
        return r

    assert row(30_000_000, [2900.0, 3000.0], []).verdict == "met"
    assert row(30_000_000, [2900.0, 3072.0], []).verdict == "NOT met"  # 3.00 GB is not under
    assert row(30_000_000, [1000.0, 1000.0], ["summary: owed_sen"]).verdict == "NOT met"
    assert row(30_000_000, [1000.0, 1000.0], None).verdict == "NOT met"  # not compared
    failed = row(30_000_000, [], None)
    assert failed.verdict == "NOT met" and "(" not in failed.target
    assert row(10_000_000, [9000.0, 9000.0], []).verdict == "no target"
    met = row(30_000_000, [2900.0, 2500.0], [])
    text = bench.table([met])
    assert "| x | cluster | 100.0 s |" in text
    assert "2.83 GB / 2.44 GB" in text and "| 2.0x | yes | each worker < 3 GB (2.83 GB)" in text


def test_a_failed_run_is_one_row_with_as_many_cells_as_the_header(bench: ModuleType) -> None:
    failed = bench.Measure("cluster", error="CommandFailed: exit 2: No such option | --cluster")
    r = bench.SizeRow("1m", 1_000_000, bench.Measure("single", wall=[8.0]), failed)
    bench.judge(r)
    header, _, single, cluster = bench.table([r]).splitlines()
    assert cluster.count("|") == header.count("|") == single.count("|")
    assert "ERROR: CommandFailed: exit 2: No such option / --cluster" in cluster
    assert bench.tail("╭─ Error ─╮\n│ No such option: --cluster │\n╰──╯\n") == (
        "Error / No such option: --cluster"
    )


def test_a_failed_workers_log_is_reduced_to_its_memory_and_error_lines(bench: ModuleType) -> None:
    log = "\n".join([
        "2026-11-30 08:00:01 - distributed.worker - INFO - Start worker at tcp://127.0.0.1:1",
        "2026-11-30 08:00:09 - distributed.worker.memory - WARNING - Unmanaged memory use is high.",
        "2026-11-30 08:00:10 - distributed.nanny.memory - WARNING - Worker exceeded 95% memory "
        "budget. Restarting...",
        "2026-11-30 08:00:11 - distributed.nanny - INFO - Worker process 123 was killed by "
        "signal 15",
        "2026-11-30 08:00:12 - distributed.worker - INFO - Registered to tcp://127.0.0.1:2",
    ])  # fmt: skip
    notes = bench.worker_notes(log).split(" / ")
    assert [n.split(" - ")[1:3] for n in notes] == [
        ["distributed.worker.memory", "WARNING"],
        ["distributed.nanny.memory", "WARNING"],
        ["distributed.nanny", "INFO"],
    ]
    assert notes[-1].endswith("Worker process 123 was killed by signal 15")
    banner = "2026-11-30 - distributed.worker - INFO -   Memory:   2.79 GiB\n"
    assert bench.worker_notes(banner) == "(no warning or error)"
