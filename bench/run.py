"""Benchmark `underreport reconcile` end to end against a scan floor and hand-written DuckDB.

    python bench/run.py [--sizes 100k,1m,10m] [--formats parquet,csv,xlsx] [--runs 3]
                        [--data bench/data] [--seed 0] [--money-rows 1m]

For each size and format: generate (or reuse, cached under --data) a bulk set with a known
answer, then time as subprocesses, one warm-up and --runs measured runs each (median wall
time, peak RSS of the process from wait4):

- `underreport reconcile --payroll P --enrollment E --format json` (the whole command);
- the scan floor (`bench/floor.py`): Polars reading just the needed columns, streaming;
- the same core job in DuckDB SQL (`bench/duck.py`), parquet and csv only.

Correctness: underreport's flagged employers (JSON `employers[]`) must equal DuckDB's and
the generator's answer, count for count. xlsx sets also compare calamine with openpyxl
read-only on the payroll workbook; a last section times cleaning `Rp 4.500.000,00` text
with `underreport.ingest.parse.money` against casting clean integer strings.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

import polars as pl

from underreport.sample.bulk import XLSX_MAX_ROWS, generate_bulk, rupiah_text

HERE = Path(__file__).resolve().parent
KEYS = ["employer_id", "payroll_workers", "unregistered_workers", "underreported_wage_workers"]
TIMEOUT_S = 3600.0
PERIOD = "2025-03"
TIME = "/usr/bin/time" if Path("/usr/bin/time").exists() else None
T = TypeVar("T")


@dataclass
class Timing:
    wall: list[float] = field(default_factory=list)
    rss_mb: list[float] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.wall)

    @property
    def peak_mb(self) -> float:
        return max(self.rss_mb)


@dataclass
class Row:
    size: str
    fmt: str
    ur: Timing | None = None
    floor: Timing | None = None
    duck: Timing | None = None
    correct: str = "?"
    note: str = ""


def parse_size(text: str) -> int:
    t = text.strip().lower().replace("_", "")
    factor = {"k": 1_000, "m": 1_000_000}.get(t[-1:], 1)
    return int(float(t[:-1] if factor > 1 else t) * factor)


def run_once(cmd: Sequence[str], stdout: Path) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of one subprocess; raises on a non-zero exit.

    Peak RSS comes from GNU time, not from our own wait4: Linux counts the pre-exec
    memory of a forked child in its maxrss, so a child forked by this (large) process
    would report at least our own size.
    """
    with tempfile.TemporaryDirectory() as tmp:
        rss_file = Path(tmp) / "rss"
        wrapped = [TIME, "-f", "%M", "-o", str(rss_file), *cmd] if TIME else list(cmd)
        with stdout.open("wb") as out, tempfile.TemporaryFile() as err:
            start = time.perf_counter()
            proc = subprocess.Popen(wrapped, stdout=out, stderr=err)
            timer = threading.Timer(TIMEOUT_S, proc.kill)
            timer.start()
            try:
                _, status, usage = os.wait4(proc.pid, 0)
            finally:
                timer.cancel()
            wall = time.perf_counter() - start
            proc.returncode = os.waitstatus_to_exitcode(status)
            if proc.returncode != 0:
                err.seek(0)
                tail = err.read().decode(errors="replace").strip().splitlines()[-5:]
                raise RuntimeError(f"{cmd[0]} exited {proc.returncode}: {' | '.join(tail)}")
        text = rss_file.read_text().strip().splitlines() if TIME else []
        kib = int(text[-1]) if text else usage.ru_maxrss
    return wall, kib / 1024


def measure(cmd: Sequence[str], stdout: Path, runs: int) -> Timing:
    run_once(cmd, stdout)  # warm-up: page cache, imports, .pyc
    timing = Timing()
    for _ in range(runs):
        wall, rss = run_once(cmd, stdout)
        timing.wall.append(wall)
        timing.rss_mb.append(rss)
    return timing


def underreport_cmd() -> list[str]:
    script = Path(sys.executable).with_name("underreport")
    if script.exists():
        return [str(script)]
    found = shutil.which("underreport")
    if found is None:
        raise SystemExit("the underreport command is not installed (pip install -e .)")
    return [found]


def dataset(data: Path, label: str, rows: int, seed: int, fmt: str) -> tuple[Path, Path]:
    """The cached set for (size, seed), generating the format if it is not there yet."""
    out = data / f"{label}-seed{seed}"
    done = out / f".done-{fmt}"
    pay, enr = out / f"payroll.{fmt}", out / f"enrollment.{fmt}"
    if not done.exists():
        t = time.perf_counter()
        generate_bulk(out, rows, seed=seed, formats=(fmt,), period=PERIOD)
        print(f"  generated {label} {fmt} in {time.perf_counter() - t:.1f} s -> {out}")
        done.touch()
    return pay, enr


def flagged_from_json(path: Path) -> pl.DataFrame:
    doc = json.loads(path.read_bytes())
    rows = [{k: e[k] for k in KEYS} for e in doc["employers"]]
    schema = {k: pl.String if k == "employer_id" else pl.Int64 for k in KEYS}
    return pl.DataFrame(rows, schema=schema, orient="row")


def normalise(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.select(
        pl.col("employer_id").cast(pl.String), *[pl.col(k).cast(pl.Int64) for k in KEYS[1:]]
    ).sort("employer_id")


def compare(name: str, got: pl.DataFrame, want: pl.DataFrame) -> list[str]:
    got, want = normalise(got), normalise(want)
    if got.equals(want):
        return []
    diff = got.join(want, on="employer_id", how="full", suffix="_want", coalesce=True)
    bad = diff.filter(
        pl.any_horizontal(pl.col(k).ne_missing(pl.col(f"{k}_want")) for k in KEYS[1:])
    )
    return [
        f"{name}: {bad.height} employers differ ({got.height} vs {want.height}), e.g. "
        f"{bad.head(3).to_dicts()}"
    ]


def bench_format(
    row: Row,
    rows: int,
    fmt: str,
    args: argparse.Namespace,
    answer: pl.DataFrame,
    period: str,
    pay: Path,
    enr: Path,
) -> None:
    with tempfile.TemporaryDirectory(prefix="ur-bench-") as tmp:
        work = Path(tmp)
        ur_out = work / "underreport.json"
        cmd = [
            *underreport_cmd(),
            "reconcile",
            "--payroll",
            str(pay),
            "--enrollment",
            str(enr),
            "--format",
            "json",
        ]
        row.ur = measure(cmd, ur_out, args.runs)
        print(f"  underreport  {row.ur.median:8.2f} s  {row.ur.peak_mb:8.0f} MB")
        floor_cmd = [sys.executable, str(HERE / "floor.py"), fmt, str(pay), str(enr)]
        row.floor = measure(floor_cmd, work / "floor.json", args.runs)
        print(f"  scan floor   {row.floor.median:8.2f} s  {row.floor.peak_mb:8.0f} MB")
        problems: list[str] = []
        ur = flagged_from_json(ur_out)
        want = answer.filter(pl.col("flagged"))
        problems += compare("underreport vs answer", ur, want)
        if fmt in ("parquet", "csv"):
            duck_out = work / "duck.parquet"
            duck_cmd = [
                sys.executable,
                str(HERE / "duck.py"),
                fmt,
                str(pay),
                str(enr),
                period,
                str(duck_out),
            ]
            row.duck = measure(duck_cmd, work / "duck.log", args.runs)
            print(f"  DuckDB       {row.duck.median:8.2f} s  {row.duck.peak_mb:8.0f} MB")
            duck = pl.read_parquet(duck_out)
            problems += compare("underreport vs DuckDB", ur, duck)
            problems += compare("DuckDB vs answer", duck, want)
        else:
            row.note = "DuckDB: no xlsx reader"
        row.correct = "PASS" if not problems else "FAIL"
        print(f"  correctness  {row.correct} ({ur.height} flagged employers)")
        for p in problems:
            print(f"    {p}")
    if fmt == "xlsx":
        xlsx_readers(pay)


def xlsx_readers(path: Path) -> None:
    """calamine (polars.read_excel) against openpyxl read-only on the same workbook."""
    import openpyxl

    def calamine() -> pl.DataFrame:
        return pl.read_excel(path, engine="calamine")

    def opx() -> pl.DataFrame:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
        try:
            rows = wb.active.iter_rows(values_only=True)
            header = [str(c) for c in next(rows)]
            return pl.DataFrame(list(rows), schema=header, orient="row")
        finally:
            wb.close()

    t_cal, a = best_of(calamine, 3)
    t_opx, b = best_of(opx, 3)
    same = a.equals(b.cast(a.schema))
    print(
        f"  xlsx read    calamine {t_cal:.2f} s, openpyxl read-only {t_opx:.2f} s: "
        f"openpyxl/calamine = {t_opx / t_cal:.1f}x, values {'same' if same else 'DIFFER'}"
    )


def best_of(fn: Callable[[], T], n: int) -> tuple[float, T]:
    best, result = float("inf"), None
    for _ in range(n):
        t = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - t)
    assert result is not None
    return best, result


def money_bench(n: int) -> None:
    from underreport.ingest import parse

    wages = pl.select(
        ((pl.int_range(0, n, dtype=pl.Int64).hash(7) % 30_000 + 2_000) * 1000).alias("w")
    )
    frame = wages.select(
        rupiah_text(pl.col("w")).alias("text"), pl.col("w").cast(pl.String).alias("plain")
    )
    t_text, money = best_of(lambda: frame.select(parse.money(pl.col("text"))), 3)
    t_plain, plain = best_of(lambda: frame.select(pl.col("plain").cast(pl.Float64)), 3)
    same = money.to_series().equals(plain.to_series(), check_names=False)
    print(
        f"\nmoney text: parse.money on {n:,} 'Rp 4.500.000,00' strings {t_text * 1000:.0f} ms, "
        f"cast of clean integer strings {t_plain * 1000:.0f} ms: "
        f"ratio {t_text / t_plain:.1f}x, values {'same' if same else 'DIFFER'}"
    )


def table(rows: list[Row]) -> str:
    def s(t: Timing | None) -> str:
        return f"{t.median:.2f} s" if t else "–"

    def ratio(a: Timing | None, b: Timing | None) -> str:
        return f"{a.median / b.median:.1f}x" if a and b else "–"

    lines = [
        "| rows | format | underreport wall (median) | underreport peak RSS | scan floor | DuckDB "
        "| DuckDB peak RSS | underreport / DuckDB | underreport / scan floor | correct |",
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for r in rows:
        rss = f"{r.ur.peak_mb:.0f} MB" if r.ur else "–"
        drss = f"{r.duck.peak_mb:.0f} MB" if r.duck else "–"
        correct = r.correct + (f" ({r.note})" if r.note else "")
        lines.append(
            f"| {r.size} | {r.fmt} | {s(r.ur)} | {rss} | {s(r.floor)} | {s(r.duck)} | {drss} "
            f"| {ratio(r.ur, r.duck)} | {ratio(r.ur, r.floor)} | {correct} |"
        )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--sizes", default="100k,1m", help="comma-separated, e.g. 100k,1m,10m")
    ap.add_argument("--formats", default="parquet,csv", help="parquet, csv and/or xlsx")
    ap.add_argument("--runs", type=int, default=3, help="measured runs after one warm-up")
    ap.add_argument("--data", type=Path, default=HERE / "data", help="cache of generated sets")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--money-rows", default="1m", help="strings for the money benchmark; 0: skip")
    args = ap.parse_args(argv)
    args.runs = max(3, args.runs)
    sizes = [s.strip() for s in args.sizes.split(",") if s.strip()]
    formats = [f.strip() for f in args.formats.split(",") if f.strip()]
    results: list[Row] = []
    failed = False
    for label in sizes:
        try:
            n = parse_size(label)
        except ValueError:
            print(f"bad size {label!r}")
            failed = True
            continue
        verdicts: list[str] = []
        for fmt in formats:
            row = Row(label, fmt)
            results.append(row)
            print(f"\n== {label} rows, {fmt} ==")
            if fmt == "xlsx" and n > XLSX_MAX_ROWS:
                row.correct, row.note = "skipped", f"xlsx only up to {XLSX_MAX_ROWS:,} rows"
                print(f"  skipped: {row.note}")
                continue
            try:
                pay, enr = dataset(args.data, label, n, args.seed, fmt)
                answer_path = pay.parent / "answer.parquet"
                answer = pl.read_parquet(answer_path)
                bench_format(row, n, fmt, args, answer, PERIOD, pay, enr)
            except Exception as exc:  # a failing size must not stop the others
                row.correct, row.note = "ERROR", f"{type(exc).__name__}: {exc}"[:200]
                print(f"  ERROR {row.note}")
                traceback.print_exc(limit=3)
            verdicts.append(row.correct)
        ok = all(v in ("PASS", "skipped") for v in verdicts)
        failed |= not ok
        print(f"\n{label}: {'PASS' if ok else 'FAIL'}")
    money_n = parse_size(args.money_rows)
    if money_n:
        try:
            money_bench(money_n)
        except Exception as exc:
            print(f"money benchmark failed: {exc}")
    print("\n" + table(results))
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
