"""On a real cluster (a `dask scheduler` and two `dask worker` processes), the single run's answer.

Every comparison is with the same inputs reconciled on this machine alone, field for
field; small `chunk_rows` cut the inputs into many slices and partitions, so rows of
one table, employers linked by NPWP and one NIK's employers land on different workers.
"""

from __future__ import annotations

import json
import threading
import time
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from conftest import HONEST_ENR, honest_employers, write_csv
from test_tables import DECLARED_ONLY, NPP, _planted
from typer.testing import CliRunner

from underreport import pipeline
from underreport.cli import app
from underreport.model.config import ReconcileOptions
from underreport.model.errors import ClusterError
from underreport.reconcile import Reconciliation
from underreport.sample import generate
from underreport.sample.bulk import FLAGGED, generate_bulk

pytest.importorskip("distributed", reason="dask distributed is not installed (cluster extra)")

ROOT = Path(__file__).parents[1] / "sample_data"
AS_OF = date(2025, 6, 1)
SKIP = {"generated_at"}


def _run(
    pay: list[Path],
    enr: list[Path],
    cluster: str | None,
    chunk_rows: int = 0,
    seen: list[tuple[str, int | None]] | None = None,
    refs: tuple[list[Path], list[Path]] = ([], []),
    **opts: Any,
) -> Reconciliation:
    options = ReconcileOptions(chunk_rows=chunk_rows, as_of=AS_OF, **opts)

    def progress(step: str, rows: int | None = None, total: int | None = None) -> None:
        if seen is not None:
            seen.append((step, rows))

    _, rec = pipeline.run(
        pipeline.Inputs(pay, enr, *refs), options, progress=progress, detail=False,
        cluster=cluster,
    )  # fmt: skip
    return rec


def _same(single: Reconciliation, other: Reconciliation) -> None:
    assert other.result.model_dump(exclude=SKIP) == single.result.model_dump(exclude=SKIP)
    assert other.present_employers == single.present_employers
    assert other.issues.lazy().collect().equals(single.issues.lazy().collect())


def test_sample_on_the_cluster_is_the_single_run(dask_cluster: Any) -> None:
    """Title blocks, totals rows, several sheets and files, cut into slices of 60 rows."""
    pay, enr = [ROOT / "payroll"], [ROOT / "enrollment"]
    seen: list[tuple[str, int | None]] = []
    single = _run(pay, enr, None)
    on_cluster = _run(pay, enr, dask_cluster.address, chunk_rows=60, seen=seen)
    _same(single, on_cluster)
    assert on_cluster.result.employers and on_cluster.result.data_quality
    steps = [s for s, _ in seen]
    assert "Surveying the inputs on the cluster" in steps
    done = [s for s in steps if s.startswith("Reconciling on the cluster")]
    assert len(done) >= 4  # partitions: one per 60 rows, at least one per worker
    read = sum(n or 0 for s, n in seen if s == "Reading and cleaning on the cluster")
    assert read == sum(f.rows_read + f.rows_skipped for f in single.result.inputs)


@pytest.mark.parametrize(
    ("seed", "damage", "opts"),
    [(3, 0.2, {}), (8, 0.0, {"all_periods": True}), (11, 0.3, {"strict": True})],
)
def test_generated_sets_on_the_cluster_are_the_single_run(
    dask_cluster: Any, tmp_path: Path, seed: int, damage: float, opts: dict[str, Any]
) -> None:
    generate(tmp_path, employers=45, seed=seed, damage=damage)
    pay, enr = [tmp_path / "payroll"], [tmp_path / "enrollment"]
    _same(_run(pay, enr, None, **opts), _run(pay, enr, dask_cluster.address, 150, **opts))


def test_links_and_workers_across_employers_hold_on_the_cluster(
    dask_cluster: Any, tmp_path: Path
) -> None:
    """An NPWP link, a worker paid by two employers, an employer that only declared."""
    nik = "3273015505900999"
    pay, enr = honest_employers(
        tmp_path,
        [
            f"99990000;PT SINAR JAYA;01.234.567.8-901.000;{nik};SITI;2025-03;4000000",
            "70000001;PT SATU;;3273015505900777;ANI;2025-03;4000000",
            "70000002;PT DUA;;3273015505900777;ANI;2025-03;3000000",
        ],
        [f"12345678;PT SINAR JAYA;012345678901000;{nik};SITI;4000000;AKTIF"],
    )
    single = _run([pay], [enr], None)
    on_cluster = _run([pay], [enr], dask_cluster.address, chunk_rows=8)
    _same(single, on_cluster)
    codes = [i.code for i in on_cluster.result.data_quality]
    assert "WORKER_AT_SEVERAL_EMPLOYERS" in codes
    flagged = {e.employer_id for e in on_cluster.result.employers}
    assert "99990000" not in flagged and "12345678" not in flagged  # linked, so enrolled


def test_an_employer_that_only_declared_is_ranked_once_on_the_cluster(
    dask_cluster: Any, tmp_path: Path
) -> None:
    """Two months, a reference row, and an NPP that declared 11 workers and pays none: its
    partition may hold no payroll at all, and it is still ranked, once."""
    pay, enr, ref, decl = _planted(tmp_path)
    args = ([pay], [enr])
    refs = ([ref], [decl])
    single = _run(*args, None, refs=refs, all_periods=True)
    for chunk in (2, 3, 4):
        on_cluster = _run(*args, dask_cluster.address, chunk, refs=refs, all_periods=True)
        _same(single, on_cluster)
    ranked = [e.employer_id for e in on_cluster.result.employers]
    assert sorted(ranked) == sorted([NPP, DECLARED_ONLY])


def test_relative_paths_read_by_workers_started_elsewhere(
    dask_cluster: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Workers run in another folder: they read the absolute path, messages say the user's."""
    generate(tmp_path, employers=12, seed=5, damage=0.2)
    monkeypatch.chdir(tmp_path)
    pay, enr = [Path("payroll")], [Path("enrollment")]
    single, on_cluster = _run(pay, enr, None), _run(pay, enr, dask_cluster.address, 40)
    _same(single, on_cluster)
    assert all(not Path(f.path).is_absolute() for f in on_cluster.result.inputs)


def test_a_rules_file_only_the_client_can_see_applies_on_every_worker(
    dask_cluster: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The client reads the rules and minimum wages and sends them; workers read no file."""
    generate(tmp_path, employers=12, seed=6)
    (tmp_path / "mine.toml").write_text(
        '[[late_fine]]\nfrom = "2015-07"\nmonthly = 0.05\napplies_to = ["JKK", "JKM"]\n'
    )
    monkeypatch.chdir(tmp_path)
    pay, enr, rules = [tmp_path / "payroll"], [tmp_path / "enrollment"], Path("mine.toml")
    plain = _run(pay, enr, None)
    single = _run(pay, enr, None, rules_file=rules)
    on_cluster = _run(pay, enr, dask_cluster.address, 40, rules_file=rules)
    _same(single, on_cluster)
    assert "override:mine.toml" in on_cluster.result.rules_version
    assert on_cluster.result.summary.late_fine_idr != plain.result.summary.late_fine_idr


@pytest.fixture(scope="module")
def bulk(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A few hundred thousand rows: 150,000 payroll workers and their enrolments, Parquet."""
    out = tmp_path_factory.mktemp("bulk")
    generate_bulk(out, 150_000, seed=4, period="2025-01", shape=FLAGGED)
    return out / "payroll.parquet", out / "enrollment.parquet"


def test_a_few_hundred_thousand_rows_on_the_cluster_are_the_single_run(
    dask_cluster: Any, bulk: tuple[Path, Path]
) -> None:
    pay, enr = bulk
    single = _run([pay], [enr], None)
    on_cluster = _run([pay], [enr], dask_cluster.address, chunk_rows=60_000)
    _same(single, on_cluster)
    assert on_cluster.result.summary.flagged_employers > 1000


def test_a_worker_killed_mid_run_is_replaced_and_the_answer_is_the_same(
    fresh_dask_cluster: Any, bulk: tuple[Path, Path]
) -> None:
    """One worker's process group is killed while slices are being read and shuffled: Dask
    runs its tasks again on the other, and the run completes with the single run's answer."""
    pay, enr = bulk
    seen: list[tuple[str, int | None]] = []
    killed = threading.Event()

    def kill_when_reading() -> None:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if any(s == "Reading and cleaning on the cluster" for s, _ in seen):
                fresh_dask_cluster.kill_worker(0)
                killed.set()
                return
            time.sleep(0.02)

    killer = threading.Thread(target=kill_when_reading, daemon=True)
    killer.start()
    on_cluster = _run([pay], [enr], fresh_dask_cluster.address, chunk_rows=20_000, seen=seen)
    killer.join()
    assert killed.is_set(), "the run ended before a slice was read"
    assert fresh_dask_cluster.workers[0].poll() is not None
    _same(_run([pay], [enr], None), on_cluster)


runner = CliRunner()


def _cli(*args: str, env: dict[str, str] | None = None) -> Any:
    base = ["reconcile", "-p", str(ROOT / "payroll"), "-e", str(ROOT / "enrollment")]
    return runner.invoke(app, [*base, "--as-of", "2025-06-01", *args], env=env)


def test_cli_cluster_json_is_the_single_runs(dask_cluster: Any, tmp_path: Path) -> None:
    plain = json.loads(_cli("-f", "json").stdout)
    given = _cli("-f", "json", "--cluster", dask_cluster.address)
    assert given.exit_code == 0, given.output
    from_env = _cli("-f", "json", env={"UNDERREPORT_CLUSTER": dask_cluster.address})
    config = tmp_path / "underreport.toml"
    config.write_text(f'[distributed]\naddress = "{dask_cluster.address}"\n', encoding="utf-8")
    from_config = _cli("-f", "json", "-c", str(config))
    for run in (given, from_env, from_config):
        doc = json.loads(run.stdout)
        doc.pop("generated_at")
        assert doc == {k: v for k, v in plain.items() if k != "generated_at"}


@pytest.mark.parametrize(
    ("address", "says"),
    [
        ("nowhere", "give a scheduler address (tcp://host:8786) or local:N"),
        ("local:0", "local:N needs at least one worker"),
        ("tcp://127.0.0.1:9", "no scheduler answers there"),
    ],
)
def test_a_cluster_that_cannot_be_reached_is_one_line_and_exit_2(
    address: str, says: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from underreport.cluster import connect

    monkeypatch.setattr(connect, "CONNECT_SECONDS", 1)
    out = _cli("--cluster", address)
    assert out.exit_code == 2
    assert says in out.output and len(out.output.strip().splitlines()) == 1


@pytest.mark.parametrize("where", ["tcp", "local:1"])
def test_a_file_that_fails_on_a_worker_is_one_line_and_exit_2(
    dask_cluster: Any, tmp_path: Path, where: str
) -> None:
    """No month anywhere in the payroll: the worker cleaning it stops the run, as one would."""
    pay = write_csv(
        tmp_path / "pay.csv", ["NPP;NIK;NAMA;GAJI POKOK", "12345678;3273015505900001;SITI;4000000"]
    )
    enr = write_csv(
        tmp_path / "enr.csv", [HONEST_ENR, "12345678;PT A;;3273015505900001;SITI;4000000;AKTIF"]
    )
    address = dask_cluster.address if where == "tcp" else where
    out = runner.invoke(app, ["reconcile", "-p", str(pay), "-e", str(enr), "--cluster", address])
    assert out.exit_code == 2
    assert out.output.startswith(f"error: {pay}: no payroll period")
    assert len(out.output.strip().splitlines()) == 1


def test_a_bad_address_is_said_before_any_file_is_read(tmp_path: Path) -> None:
    missing = str(tmp_path / "nothing")
    out = runner.invoke(app, ["reconcile", "-p", missing, "-e", missing, "--cluster", "nowhere"])
    assert out.exit_code == 2 and "give a scheduler address" in out.output


def test_without_the_extra_a_cluster_is_one_line_and_exit_2(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import builtins

    real = builtins.__import__

    def no_dask(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "distributed" or name.startswith("distributed."):
            raise ImportError(name)
        return real(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_dask)
    out = _cli("--cluster", "tcp://127.0.0.1:8786")
    assert out.exit_code == 2
    assert "pip install 'underreport[cluster]'" in out.output


def test_workers_of_another_version_stop_the_run(
    dask_cluster: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from underreport.cluster import connect

    real = connect.versions()
    monkeypatch.setattr(connect, "versions", lambda: {**real, "underreport": "0.0.1"})
    with pytest.raises(ClusterError, match=r"runs underreport .* \(here 0\.0\.1\)"):
        _run([ROOT / "payroll"], [ROOT / "enrollment"], dask_cluster.address)


def test_workers_run_polars_on_their_own_cores(dask_cluster: Any) -> None:
    """Each worker's Polars pool has the worker's thread count (POLARS_MAX_THREADS)."""
    from distributed import Client

    from underreport.cluster.connect import worker_threads

    with Client(dask_cluster.address) as client:
        threads = worker_threads(client)
        assert sorted(threads.values()) == [1, 1]


def test_the_nightly_check_on_the_cluster_records_and_exits_as_on_one_machine(
    dask_cluster: Any, tmp_path: Path
) -> None:
    def check(history: Path, *extra: str) -> tuple[int, dict[str, Any]]:
        args = ["check", "-p", str(ROOT / "payroll"), "-e", str(ROOT / "enrollment"),
                "--history", str(history), "-f", "json", "--as-of", "2025-06-01",
                *extra]  # fmt: skip
        out = runner.invoke(app, args)
        doc = json.loads(out.stdout)
        doc.pop("generated_at")
        return out.exit_code, doc

    here = check(tmp_path / "here.db")
    there = check(tmp_path / "there.db", "--cluster", dask_cluster.address)
    assert here == there and here[0] == 1  # flagged employers: the check fails, as it should


def test_workers_that_run_out_of_memory_are_one_line_and_exit_2(bulk: tuple[Path, Path]) -> None:
    """Dask restarts a worker past its memory limit and gives up on a task after three: the
    user is told what to change, not that the tool has a bug."""
    from underreport.cluster.processes import local_processes

    pay, enr = bulk
    with local_processes(workers=1, memory_limit="400MB") as cluster:
        out = runner.invoke(
            app, ["reconcile", "-p", str(pay), "-e", str(enr), "--cluster", cluster.address,
                  "--chunk-rows", "400000"],
        )  # fmt: skip
    assert out.exit_code == 2, out.output
    assert (
        "the cluster lost every worker" in out.output and "--chunk-rows, now 400,000" in out.output
    )
    assert len(out.output.strip().splitlines()) == 1


def test_indonesian_reaches_every_worker(dask_cluster: Any) -> None:
    pay, enr = [ROOT / "payroll"], [ROOT / "enrollment"]
    single = _run(pay, enr, None, lang="id")
    on_cluster = _run(pay, enr, dask_cluster.address, chunk_rows=60, lang="id")
    _same(single, on_cluster)
    first = on_cluster.result.employers[0].reasons[0]
    assert first.startswith("Tidak ada kepesertaan sama sekali atas pemberi kerja"), first
    messages = on_cluster.issues.lazy().collect()["message"]
    assert "baris dilewati (baris jumlah)" in messages.to_list()
