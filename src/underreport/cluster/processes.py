"""A Dask scheduler and workers as plain OS processes on loopback, started as operators do.

The tests and the cluster benchmark need a cluster that behaves like a real one: a
`dask scheduler` and `dask worker` processes of their own, talking over TCP, which a test
can kill one by one. `distributed.LocalCluster` runs the scheduler inside the caller and is
torn down by it, so neither a lost worker nor the memory of each process is what an
operator would see. Each process leads its own process group, so stopping a group also
stops the worker a nanny spawned, and `local_processes` stops every group even when the
body raises: a failing test leaves nothing behind.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import psutil  # type: ignore[import-untyped]  # a dependency of distributed

HOST = "127.0.0.1"
STOP_GRACE_S = 5.0
"""How long SIGTERM gets (a nanny closes its worker, the scheduler its comms) before SIGKILL."""
TAIL_LINES = 15


class ClusterStartError(RuntimeError):
    """A scheduler or worker process did not come up in time; the message holds its log tail."""


@dataclass
class LocalProcesses:
    """A running scheduler and its workers: where to connect, and each process's handle."""

    address: str
    scheduler: subprocess.Popen[bytes]
    workers: list[subprocess.Popen[bytes]]
    folder: Path
    logs: dict[int, Path] = field(default_factory=dict)

    @property
    def processes(self) -> list[subprocess.Popen[bytes]]:
        return [self.scheduler, *self.workers]

    def pids(self) -> list[int]:
        """Every live process of the cluster: leaders and the workers nannies spawned."""
        return [pid for proc in self.processes for pid in group_members(proc.pid)]

    def kill_worker(self, index: int) -> None:
        """SIGKILL one worker's whole process group, nanny included, as a machine loss would.

        The nanny goes too: otherwise it would restart the worker and nothing would be lost.
        """
        proc = self.workers[index]
        _signal_group(proc, signal.SIGKILL)
        proc.wait()
        deadline = time.monotonic() + STOP_GRACE_S
        while group_members(proc.pid) and time.monotonic() < deadline:
            time.sleep(0.01)

    def log_tail(self, proc: subprocess.Popen[bytes], lines: int = TAIL_LINES) -> str:
        """The last lines a process wrote to stderr (its Dask log)."""
        path = self.logs.get(proc.pid)
        if path is None or not path.exists():
            return ""
        text = path.read_text(encoding="utf-8", errors="replace").strip().splitlines()
        return "\n".join(text[-lines:])


@contextlib.contextmanager
def local_processes(
    workers: int = 2,
    threads: int = 1,
    memory_limit: str | None = None,
    timeout: float = 60.0,
    nanny: bool = True,
) -> Iterator[LocalProcesses]:
    """Start `dask scheduler` and `workers` × `dask worker` on 127.0.0.1; stop them all on exit.

    Yields once the scheduler sees every worker. Each worker gets `threads` threads and
    `POLARS_MAX_THREADS=threads`, so Polars inside a task uses the cores Dask counts;
    `memory_limit` (e.g. "3GB") is Dask's own per-worker limit, unset leaves Dask's default.
    Logs go to files in a temporary folder (the workers' local directories live there too),
    so Dask's logging is no noise in the caller's output but is kept for error messages.
    """
    with tempfile.TemporaryDirectory(prefix="underreport-dask-") as tmp:
        folder = Path(tmp)
        started: list[subprocess.Popen[bytes]] = []
        logs: dict[int, Path] = {}
        try:
            scheduler_file, scheduler_log = folder / "scheduler.json", folder / "scheduler.log"
            scheduler = _start(
                [*_dask("scheduler"), "--host", HOST, "--port", "0", "--no-dashboard",
                 "--scheduler-file", str(scheduler_file)],
                scheduler_log, os.environ.copy(), started, logs,
            )  # fmt: skip
            address = _wait_for_address(scheduler, scheduler_file, scheduler_log, timeout)
            env = {**os.environ, "POLARS_MAX_THREADS": str(threads)}
            procs = []
            for i in range(workers):
                cmd = [*_dask("worker"), address, "--host", HOST, "--nthreads", str(threads),
                       "--no-dashboard", "--name", f"worker-{i}",
                       "--local-directory", str(folder / f"worker-{i}"),
                       "--nanny" if nanny else "--no-nanny"]  # fmt: skip
                if memory_limit is not None:
                    cmd += ["--memory-limit", memory_limit]
                procs.append(_start(cmd, folder / f"worker-{i}.log", env, started, logs))
            cluster = LocalProcesses(address, scheduler, procs, folder, logs)
            _wait_for_workers(cluster, workers, timeout)
            yield cluster
        finally:
            stop(started)


def _dask(command: str) -> list[str]:
    """`dask <command>` run by this interpreter, so the venv's own Dask and underreport serve."""
    return [sys.executable, "-m", "dask", command]


def _start(
    cmd: Sequence[str],
    log: Path,
    env: dict[str, str],
    started: list[subprocess.Popen[bytes]],
    logs: dict[int, Path],
) -> subprocess.Popen[bytes]:
    with log.open("wb") as err:
        proc = subprocess.Popen(
            cmd,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=err,
            env=env,
            start_new_session=True,
        )
    started.append(proc)
    logs[proc.pid] = log
    return proc


def _tail(log: Path) -> str:
    if not log.exists():
        return "(no log)"
    lines = log.read_text(encoding="utf-8", errors="replace").strip().splitlines()
    return "\n".join(lines[-TAIL_LINES:]) or "(empty log)"


def _wait_for_address(
    proc: subprocess.Popen[bytes], scheduler_file: Path, log: Path, timeout: float
) -> str:
    """The scheduler's address, read from the file it writes once it listens."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if scheduler_file.exists():
            with contextlib.suppress(json.JSONDecodeError):
                address = json.loads(scheduler_file.read_text(encoding="utf-8")).get("address")
                if address:
                    return str(address)
        if proc.poll() is not None:
            raise ClusterStartError(
                f"dask scheduler exited with code {proc.returncode} before listening:\n{_tail(log)}"
            )
        time.sleep(0.05)
    raise ClusterStartError(
        f"dask scheduler wrote no address to {scheduler_file} in {timeout:g} s:\n{_tail(log)}"
    )


def _wait_for_workers(cluster: LocalProcesses, n: int, timeout: float) -> None:
    """Block until the scheduler counts `n` workers; fail early, with its log, if one exits."""
    from distributed import Client

    deadline = time.monotonic() + timeout
    with Client(cluster.address, timeout=timeout, set_as_default=False) as client:
        while len(client.nthreads()) < n:
            dead = [(i, p) for i, p in enumerate(cluster.workers) if p.poll() is not None]
            if dead or time.monotonic() > deadline:
                shown = dead or list(enumerate(cluster.workers))
                report = "\n".join(
                    f"worker {i} ({'running' if p.returncode is None else f'exit {p.returncode}'}):"
                    f"\n{_tail(cluster.logs[p.pid])}"
                    for i, p in shown
                )
                why = "a worker exited" if dead else f"not within {timeout:g} s"
                raise ClusterStartError(
                    f"the scheduler at {cluster.address} did not see {n} workers ({why}):\n"
                    + report
                )
            time.sleep(0.05)


def _signal_group(proc: subprocess.Popen[bytes], sig: signal.Signals) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, sig)


def group_members(pgid: int) -> list[int]:
    """Live processes of a process group; zombies do not count.

    A nanny's worker killed with its nanny is reparented to PID 1, which in a container
    may never reap it: its zombie holds no memory, port or file, so it is gone for us.
    """
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return []
    except PermissionError:
        pass
    members = []
    for proc in psutil.process_iter(["status"]):
        with contextlib.suppress(OSError, psutil.Error):
            if proc.info["status"] != psutil.STATUS_ZOMBIE and os.getpgid(proc.pid) == pgid:
                members.append(int(proc.pid))
    return members


def stop(procs: Sequence[subprocess.Popen[bytes]], grace: float = STOP_GRACE_S) -> None:
    """SIGTERM every process group, wait up to `grace` seconds, then SIGKILL what is left.

    Waits on each group, not only its leader: a nanny's worker outlives a nanny killed hard.
    """
    for proc in procs:
        _signal_group(proc, signal.SIGTERM)
    deadline = time.monotonic() + grace
    for proc in procs:
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=max(0.0, deadline - time.monotonic()))
        while group_members(proc.pid) and time.monotonic() < deadline:
            time.sleep(0.05)
    for proc in procs:
        if proc.poll() is None or group_members(proc.pid):
            _signal_group(proc, signal.SIGKILL)
            proc.wait()
    kill_deadline = time.monotonic() + grace
    while any(group_members(p.pid) for p in procs) and time.monotonic() < kill_deadline:
        time.sleep(0.02)
