"""Benchmark `underreport reconcile` on one machine against the same run on a Dask cluster.

    python bench/cluster.py [--sizes 1m,10m,30m] [--runs 1] [--workers 2] [--threads 1]
                            [--memory-limit 3GB] [--data bench/data] [--seed 0]

For each size of bench/run.py's `flagged` set (generated and cached as bench/run.py does,
by its own `dataset()`), time as subprocesses:

- single: `underreport reconcile --payroll P --enrollment E --format json`;
- cluster: the same with `--cluster tcp://ADDR`, against a fresh cluster per run: a
  `dask scheduler` and --workers `dask worker` processes of --threads threads each on
  127.0.0.1 (`underreport.cluster.processes`).

Memory is sampled every 0.2 s with psutil: the RSS of each role (the command and its
children, the scheduler, each worker's process group: nanny and worker), and of their
sum, the whole tree; peaks are the largest samples (shared pages count once per process,
and a spike shorter than 0.2 s can be missed). The share of time in the shuffle comes from
the scheduler's task stream: compute seconds of tasks whose prefix names the shuffle
(shuffle, p2p, barrier, unpack, rearrange) over the compute seconds of all tasks; every
prefix seen is printed with its seconds. Time P2P spends moving data in the background,
outside any task, is not in the share.

Correctness: the cluster's JSON must equal the single machine's apart from `generated_at`.
Target (issue 14): at 30M rows each worker stays under 3 GB. The exit status is 1 when an
answer differs, a run fails or a target is missed.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import logging
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

import psutil

from underreport.cluster.processes import group_members, local_processes

HERE = Path(__file__).resolve().parent
SAMPLE_S = 0.2
SHUFFLE = re.compile(r"shuffle|p2p|barrier|unpack|rearrange", re.IGNORECASE)
WORKER_TARGET_GB, TARGET_ROWS = 3.0, 30_000_000
MB = 2**20


def bench_run() -> ModuleType:
    """bench/run.py, whose set generation and cache this benchmark shares."""
    if "bench_run" in sys.modules:
        return sys.modules["bench_run"]
    spec = importlib.util.spec_from_file_location("bench_run", HERE / "run.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_run"] = module
    spec.loader.exec_module(module)
    return module


@dataclass
class Measure:
    """One mode at one size: medians of wall time, largest of each peak over the runs (MB)."""

    mode: str
    wall: list[float] = field(default_factory=list)
    tree_mb: float = 0.0
    client_mb: float = 0.0
    scheduler_mb: float | None = None
    workers_mb: list[float] = field(default_factory=list)
    prefixes: dict[str, float] = field(default_factory=dict)
    transfer_s: float = 0.0
    error: str = ""

    @property
    def median(self) -> float:
        return statistics.median(self.wall)

    @property
    def shuffle_share(self) -> float | None:
        total = sum(self.prefixes.values())
        if not total:
            return None
        return sum(s for p, s in self.prefixes.items() if SHUFFLE.search(p)) / total

    def add(self, wall: float, peaks: dict[str, float]) -> None:
        self.wall.append(wall)
        self.tree_mb = max(self.tree_mb, peaks["tree"])
        self.client_mb = max(self.client_mb, peaks["client"])
        if "scheduler" in peaks:
            self.scheduler_mb = max(self.scheduler_mb or 0.0, peaks["scheduler"])
        workers = [peaks[k] for k in sorted(peaks, key=worker_index) if k.startswith("worker-")]
        old = self.workers_mb or [0.0] * len(workers)
        self.workers_mb = [max(a, b) for a, b in zip(old, workers, strict=True)]


@dataclass
class SizeRow:
    label: str
    rows: int
    single: Measure | None = None
    cluster: Measure | None = None
    differences: list[str] | None = None
    target: str = ""
    verdict: str = ""

    @property
    def same(self) -> str:
        if self.differences is None:
            return "?"
        return "yes" if not self.differences else "NO: " + "; ".join(self.differences)[:200]


class PeakSampler(threading.Thread):
    """Sums the RSS of each role's processes every SAMPLE_S seconds and keeps the peaks."""

    def __init__(self, roles: dict[str, Callable[[], Iterable[int]]]) -> None:
        super().__init__(daemon=True)
        self.roles, self.peaks = roles, dict.fromkeys([*roles, "tree"], 0.0)
        self.done = threading.Event()

    def sample(self) -> None:
        now = {role: sum(rss(pid) for pid in pids()) / MB for role, pids in self.roles.items()}
        now["tree"] = sum(now.values())
        self.peaks = {k: max(v, now[k]) for k, v in self.peaks.items()}

    def run(self) -> None:
        while not self.done.wait(SAMPLE_S):
            self.sample()

    def stop(self) -> dict[str, float]:
        self.done.set()
        self.join()
        return self.peaks


def worker_index(role: str) -> int:
    return int(role.rpartition("-")[2]) if role.startswith("worker-") else -1


def rss(pid: int) -> int:
    try:
        return int(psutil.Process(pid).memory_info().rss)
    except psutil.Error:
        return 0


def tree(pid: int) -> Callable[[], list[int]]:
    def pids() -> list[int]:
        try:
            return [pid] + [c.pid for c in psutil.Process(pid).children(recursive=True)]
        except psutil.Error:
            return []

    return pids


def run_command(
    cmd: Sequence[str], stdout: Path, roles: dict[str, Callable[[], Iterable[int]]]
) -> tuple[float, dict[str, float]]:
    """Wall seconds and peak MB per role (the command itself is `client`); raises on failure."""
    with stdout.open("wb") as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, stdin=subprocess.DEVNULL)
        sampler = PeakSampler({"client": tree(proc.pid), **roles})
        sampler.sample()
        sampler.start()
        try:
            code = proc.wait(timeout=bench_run().TIMEOUT_S)
        except subprocess.TimeoutExpired:
            proc.kill()
            raise
        finally:
            peaks = sampler.stop()
        wall = time.perf_counter() - start
        if code != 0:
            err.seek(0)
            message = f"exit {code}: {tail(err.read().decode(errors='replace'))}"
            raise CommandFailed(message, peaks)
    return wall, peaks


class CommandFailed(RuntimeError):
    """The measured command exited non-zero; the message is its stderr's last lines, `peaks`
    the memory each role had reached by then."""

    def __init__(self, message: str, peaks: dict[str, float]) -> None:
        super().__init__(message)
        self.peaks = peaks


def tail(text: str, lines: int = 4) -> str:
    """The last lines of a stderr on one line, without Rich's box drawing or table pipes."""
    kept = [" ".join(re.sub(r"[│║╭╮╰╯─|]", " ", line).split()) for line in text.splitlines()]
    return " / ".join([line for line in kept if line][-lines:])


def task_prefixes(records: Iterable[dict[str, Any]]) -> tuple[dict[str, float], float]:
    """Compute seconds per task prefix, and seconds of dependency transfers, from a task stream."""
    from distributed.utils import key_split

    seconds: dict[str, float] = defaultdict(float)
    transfer = 0.0
    for rec in records:
        for ss in rec.get("startstops", ()):
            if ss["action"] == "compute":
                seconds[key_split(rec["key"])] += ss["stop"] - ss["start"]
            elif ss["action"] == "transfer":
                transfer += ss["stop"] - ss["start"]
    return dict(seconds), transfer


def reconcile_cmd(pay: Path, enr: Path) -> list[str]:
    run = bench_run()
    return [*run.underreport_cmd(), "reconcile", "--payroll", str(pay), "--enrollment",
            str(enr), "--format", "json"]  # fmt: skip


def measure_single(cmd: Sequence[str], out: Path, runs: int) -> Measure:
    m = Measure("single")
    for _ in range(runs):
        m.add(*run_command(cmd, out, {}))
    return m


def measure_cluster(
    cmd: Callable[[str], Sequence[str]], out: Path, runs: int, args: argparse.Namespace
) -> Measure:
    """Each run on a cluster of its own, started before and stopped after the clock."""
    from distributed import Client, get_task_stream

    m = Measure("cluster")
    for _ in range(runs):
        with (
            local_processes(args.workers, args.threads, args.memory_limit) as cl,
            Client(cl.address, set_as_default=False) as monitor,
        ):
            roles: dict[str, Callable[[], Iterable[int]]] = {
                "scheduler": lambda: group_members(cl.scheduler.pid)
            }
            for i, w in enumerate(cl.workers):
                roles[f"worker-{i}"] = lambda pid=w.pid: group_members(pid)
            with get_task_stream(client=monitor) as stream:
                try:
                    m.add(*run_command(cmd(cl.address), out, roles))
                except CommandFailed as exc:
                    reached = ", ".join(f"{k} {v:.0f} MB" for k, v in sorted(exc.peaks.items()))
                    print(f"  peaks before the failure: {reached}")
                    for i, w in enumerate(cl.workers):
                        print(f"  worker-{i}'s log: {worker_notes(cl.log_tail(w, 10_000))}")
                    raise
            prefixes, transfer = task_prefixes(stream.data)
        for p, s in prefixes.items():
            m.prefixes[p] = m.prefixes.get(p, 0.0) + s / runs
        m.transfer_s += transfer / runs
    return m


def worker_notes(log: str, lines: int = 3) -> str:
    """A failed run's worker log cut to its warnings and errors (memory budget, restarts)."""
    wanted = re.compile(r" - (WARNING|ERROR|CRITICAL) - |killed by signal")
    kept = [line.strip() for line in log.splitlines() if wanted.search(line)]
    return " / ".join(kept[-lines:]) or "(no warning or error)"


def differences(a: Path, b: Path) -> list[str]:
    """Top-level fields of two JSON documents that differ, `generated_at` aside."""
    x, y = json.loads(a.read_bytes()), json.loads(b.read_bytes())
    out = []
    for key in sorted((set(x) | set(y)) - {"generated_at"}):
        u, v = x.get(key), y.get(key)
        if u == v:
            continue
        if key not in x or key not in y:
            out.append(f"{key} only in {'single' if key in x else 'cluster'}")
        elif isinstance(u, list) and isinstance(v, list):
            bad = [i for i, (p, q) in enumerate(zip(u, v, strict=False)) if p != q]
            first = f", first at [{bad[0]}]" if bad else ""
            out.append(f"{key}: {len(u)} vs {len(v)} items, {len(bad)} differ{first}")
        elif isinstance(u, dict) and isinstance(v, dict):
            subs = sorted(k for k in set(u) | set(v) if u.get(k) != v.get(k))
            out.append(f"{key}: {', '.join(subs)}")
        else:
            out.append(f"{key}: {u!r} vs {v!r}"[:120])
    return out


def judge(row: SizeRow) -> None:
    """Issue 14's target: at 30M rows the cluster completes, each worker under 3 GB."""
    if row.rows < TARGET_ROWS:
        row.target, row.verdict = "–", "no target"
        return
    c = row.cluster
    peak = max(c.workers_mb) if c and not c.error and c.workers_mb else None
    shown = f" ({peak / 1024:.2f} GB)" if peak is not None else ""
    row.target = f"each worker < {WORKER_TARGET_GB:g} GB{shown}; same answer"
    under = peak is not None and peak < WORKER_TARGET_GB * 1024
    row.verdict = "met" if under and row.same == "yes" else "NOT met"


def table(rows: Sequence[SizeRow]) -> str:
    def gb(mb: float | None) -> str:
        return f"{mb / 1024:.2f} GB" if mb else "–"

    lines = [
        "| rows | mode | wall | tree peak | per-worker peak | client peak | scheduler peak "
        "| shuffle share | cluster / single | same answer? | target | met? |",
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|---|---|---|",
    ]
    for r in rows:
        for m in (r.single, r.cluster):
            if m is None:
                continue
            if m.error:
                error = m.error[:160].replace("|", "/")
                lines.append(f"| {r.label} | {m.mode} | ERROR: {error} ||||||||||")
                continue
            share = f"{m.shuffle_share:.0%}" if m.shuffle_share is not None else "–"
            workers = " / ".join(gb(w) for w in m.workers_mb) or "–"
            base = r.single if m.mode == "cluster" else None
            ratio = f"{m.median / base.median:.1f}x" if base and base.wall else "–"
            same, target, verdict = (
                (r.same, r.target, r.verdict) if m.mode == "cluster" else ("", "", "")
            )
            lines.append(
                f"| {r.label} | {m.mode} | {m.median:.1f} s | {gb(m.tree_mb)} | {workers} "
                f"| {gb(m.client_mb)} | {gb(m.scheduler_mb)} | {share} | {ratio} | {same} "
                f"| {target} | {verdict} |"
            )
    return "\n".join(lines)


def bench_size(row: SizeRow, args: argparse.Namespace) -> None:
    run = bench_run()
    pay, enr, _ = run.dataset(args.data, run.SETS["flagged"], row.label, row.rows, args.seed,
                              "parquet")  # fmt: skip
    cmd = reconcile_cmd(pay, enr)
    with tempfile.TemporaryDirectory(prefix="ur-cluster-bench-") as tmp:
        single_out, cluster_out = Path(tmp) / "single.json", Path(tmp) / "cluster.json"
        try:
            row.single = measure_single(cmd, single_out, args.runs)
            s = row.single
            print(f"  single   {s.median:8.1f} s  tree {s.tree_mb:7.0f} MB")
        except Exception as exc:
            row.single = Measure("single", error=f"{type(exc).__name__}: {exc}")
            print(f"  single   ERROR {row.single.error}")
        try:
            row.cluster = measure_cluster(
                lambda address: [*cmd, "--cluster", address], cluster_out, args.runs, args
            )
            c = row.cluster
            workers = ", ".join(f"{w:.0f}" for w in c.workers_mb)
            print(
                f"  cluster  {c.median:8.1f} s  tree {c.tree_mb:7.0f} MB  workers {workers} MB"
                f"  client {c.client_mb:.0f} MB  scheduler {c.scheduler_mb or 0:.0f} MB"
            )
            print_prefixes(c)
        except Exception as exc:
            row.cluster = Measure("cluster", error=f"{type(exc).__name__}: {exc}")
            print(f"  cluster  ERROR {row.cluster.error}")
            if not isinstance(exc, CommandFailed):
                traceback.print_exc(limit=3)
        if not row.single.error and not row.cluster.error:
            row.differences = differences(single_out, cluster_out)
            print(f"  same answer: {row.same}")


def print_prefixes(m: Measure) -> None:
    share = f"{m.shuffle_share:.0%}" if m.shuffle_share is not None else "no tasks seen"
    print(f"  task stream: shuffle share {share}; compute seconds per task prefix:")
    for prefix, s in sorted(m.prefixes.items(), key=lambda kv: -kv[1]):
        print(f"    {prefix:40s} {s:8.2f} s{'  (shuffle)' if SHUFFLE.search(prefix) else ''}")
    print(f"    {'[dependency transfers]':40s} {m.transfer_s:8.2f} s  (not in the share)")


def main(argv: Sequence[str] | None = None) -> int:
    run = bench_run()
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--sizes", default="1m,10m", help="flagged-set sizes, e.g. 1m,10m,30m")
    ap.add_argument("--runs", type=int, default=1, help="measured runs per mode (no warm-up)")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--threads", type=int, default=1, help="threads per worker")
    ap.add_argument("--memory-limit", default=None, help="Dask's per-worker limit, e.g. 3GB")
    ap.add_argument("--data", type=Path, default=HERE / "data", help="bench/run.py's set cache")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    args.runs = max(1, args.runs)
    logging.getLogger("distributed").setLevel(logging.ERROR)
    try:
        rows = [SizeRow(s.strip(), run.parse_size(s)) for s in args.sizes.split(",") if s.strip()]
    except ValueError as exc:
        ap.error(f"bad size: {exc}")
    for row in rows:
        print(f"\n== flagged, {row.label} rows, parquet ==")
        try:
            bench_size(row, args)
        except Exception as exc:  # a failing size must not stop the others
            row.single = row.single or Measure("single", error=f"{type(exc).__name__}: {exc}")
            traceback.print_exc(limit=3)
        judge(row)
        if row.rows >= TARGET_ROWS:
            print(f"  target: {row.target}: {row.verdict}")
    limit = (
        f"Dask memory limit {args.memory_limit} per worker"
        if args.memory_limit
        else ("Dask's default memory limit")
    )
    print(
        f"\n{args.workers} workers × {args.threads} thread(s), {limit}, {args.runs} run(s) per "
        f"mode, memory sampled every {SAMPLE_S} s\n\n" + table(rows)
    )
    bad = [r for r in rows if r.same != "yes" or r.verdict == "NOT met"]
    print(f"\n{len(rows)} sizes: {len(bad)} with a differing answer, an error or a missed target.")
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
