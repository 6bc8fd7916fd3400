"""The test cluster is real: separate scheduler and worker processes on loopback, each in its
own process group, all gone after the `with` (also when its body raises), and a killed
worker is lost to the scheduler."""

from __future__ import annotations

import os
import time
from collections.abc import Callable

import pytest

distributed = pytest.importorskip(
    "distributed", reason="dask distributed is not installed: pip install 'underreport[cluster]'"
)
psutil = pytest.importorskip("psutil")

from underreport.cluster.processes import (  # noqa: E402
    ClusterStartError,
    LocalProcesses,
    local_processes,
)


def alive(pid: int) -> bool:
    """Running, not a zombie: PID 1 in a container may never reap an orphan's exit status."""
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def eventually(check: Callable[[], bool], seconds: float = 10.0) -> bool:
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def workers_seen(cluster: LocalProcesses) -> dict[str, int]:
    with distributed.Client(cluster.address, set_as_default=False) as client:
        return dict(client.nthreads())


def test_two_single_thread_workers_on_loopback_in_their_own_process_groups(
    dask_cluster: LocalProcesses,
) -> None:
    assert dask_cluster.address.startswith("tcp://127.0.0.1:")
    seen = workers_seen(dask_cluster)
    assert len(seen) == 2
    assert all(addr.startswith("tcp://127.0.0.1:") for addr in seen)
    assert sorted(seen.values()) == [1, 1]
    groups = [os.getpgid(p.pid) for p in dask_cluster.processes]
    assert groups == [p.pid for p in dask_cluster.processes]  # each leads its own group
    assert len(set(groups)) == 3 and os.getpgid(0) not in groups
    assert dask_cluster.scheduler.pid not in [p.pid for p in dask_cluster.workers]


def test_workers_run_polars_with_their_own_thread_count(dask_cluster: LocalProcesses) -> None:
    with distributed.Client(dask_cluster.address, set_as_default=False) as client:
        got = client.run(lambda: (os.environ.get("POLARS_MAX_THREADS"), os.getpgid(0)))
    assert sorted(v[0] for v in got.values()) == ["1", "1"]
    assert sorted(v[1] for v in got.values()) == sorted(p.pid for p in dask_cluster.workers)


def test_every_process_is_gone_after_the_with() -> None:
    with local_processes(workers=2, threads=1) as cluster:
        pids = cluster.pids()
        assert len(pids) >= 3 and all(alive(p) for p in pids)
        workers = [p.pid for p in cluster.workers]
        assert set(workers) <= set(pids)
    assert [p for p in pids if alive(p)] == []


def test_every_process_is_gone_when_the_body_raises() -> None:
    pids: list[int] = []
    with pytest.raises(KeyError, match="planted"), local_processes(workers=2) as cluster:
        pids = cluster.pids()
        raise KeyError("planted")
    assert len(pids) >= 3
    assert [p for p in pids if alive(p)] == []
    assert not cluster.folder.exists()


def test_a_killed_worker_is_lost_to_the_scheduler(fresh_dask_cluster: LocalProcesses) -> None:
    cluster = fresh_dask_cluster
    gone = [p for p in cluster.pids() if os.getpgid(p) == cluster.workers[0].pid]
    kept = [p for p in cluster.pids() if os.getpgid(p) == cluster.workers[1].pid]
    cluster.kill_worker(0)
    assert eventually(lambda: len(workers_seen(cluster)) == 1)
    assert [p for p in gone if alive(p)] == []
    assert all(alive(p) for p in [*kept, cluster.scheduler.pid])


def test_a_worker_that_cannot_start_is_one_error_with_its_log() -> None:
    with pytest.raises(ClusterStartError) as err, local_processes(workers=1, memory_limit="lots"):
        pass
    text = str(err.value)
    assert "did not see 1 workers (a worker exited)" in text
    assert "Could not interpret 'lots' as a byte unit" in text
