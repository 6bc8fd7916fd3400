"""Benchmark `underreport reconcile` end to end against a scan floor and hand-written DuckDB.

    python bench/run.py [--sets light,flagged,dq] [--sizes 100k,1m,10m]
                        [--formats parquet,csv,xlsx] [--runs 3] [--explore]
                        [--data bench/data] [--seed 0] [--money-rows 1m] [--quick]

Sets (`underreport.sample.bulk` shapes, each with a known answer per employer):
- `light`: heavy-tailed employers, programmes as a list; period 2025-03;
- `flagged`: employers of about 30 workers, 8 % unregistered, 5 % under-reported, 2 %
  enrolled and not on the payroll, Boolean JKK/JKM/JHT/JP columns, so nearly every
  employer has a finding; period 2025-01, so late fines run over many months to today;
- `dq`: `flagged` with every NIK of both files starting with a province code that does not
  exist: one NIK_BAD_PROVINCE issue per row, every NIK still a key. At 1M rows the flagged
  set is run too (the target compares the two).

For each set, size and format: generate (or reuse, cached under --data) the set, then time
as subprocesses, one warm-up and --runs measured runs each (median wall time, peak RSS
from GNU time):

- `underreport reconcile --payroll P --enrollment E --format json` (the whole command);
- the scan floor (`bench/floor.py`): Polars reading just the needed columns, streaming;
- the same core job in DuckDB SQL (`bench/duck.py`), parquet and csv only.

Correctness: underreport's flagged employers (JSON `employers[]`) must equal DuckDB's and
the generator's answer, count for count, and its data-quality issues must number the
answer's NIK issues (and DuckDB's count of bad province codes). xlsx sets also compare
calamine with openpyxl read-only on the payroll workbook; a last section times cleaning
`Rp 4.500.000,00` text with `underreport.ingest.parse.money` against casting clean integers.

Then a markdown table for the README with each row's target (issue 13) and whether it is
met; the exit status is 1 when any row is wrong or misses its target. --explore allows
fewer than 3 runs and skips the warm-up: its table is marked as not for the README.
"""

from __future__ import annotations

import argparse
import json
import os
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
from typing import Any, TypeVar

import polars as pl

from underreport.sample.bulk import (
    DQ,
    FLAGGED,
    LIGHT,
    XLSX_MAX_ROWS,
    BulkShape,
    generate_bulk,
    rupiah_text,
)

HERE = Path(__file__).resolve().parent
KEYS = ["employer_id", "payroll_workers", "unregistered_workers", "underreported_wage_workers"]
FLAG_KEYS = [*KEYS, "program_missing_workers", "enrolled_not_on_payroll"]
TIMEOUT_S = 3600.0
TIME = "/usr/bin/time" if Path("/usr/bin/time").exists() else None
T = TypeVar("T")
M = 1_000_000
GB = 1024.0  # MB
RUN_UNDERREPORT = (
    "import sys; sys.argv[0] = 'underreport'; from underreport.cli import main; main()"
)
"""The CLI run by this interpreter: it times the code this script imports (a worktree on
PYTHONPATH included), not whichever tree an installed `underreport` script points to."""


@dataclass(frozen=True)
class BenchSet:
    name: str
    shape: BulkShape
    period: str
    keys: list[str]


SETS = {
    s.name: s
    for s in (
        BenchSet("light", LIGHT, "2025-03", KEYS),
        BenchSet("flagged", FLAGGED, "2025-01", FLAG_KEYS),
        BenchSet("dq", DQ, "2025-01", FLAG_KEYS),
    )
}


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
    set: str = "light"
    rows: int = 0
    ur: Timing | None = None
    floor: Timing | None = None
    duck: Timing | None = None
    correct: str = "?"
    note: str = ""
    json_mb: float | None = None
    issues: int | None = None
    target: str = ""
    verdict: str = ""


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


def measure(cmd: Sequence[str], stdout: Path, runs: int, warm_up: bool = True) -> Timing:
    if warm_up:
        run_once(cmd, stdout)  # page cache, imports, .pyc
    timing = Timing()
    for _ in range(runs):
        wall, rss = run_once(cmd, stdout)
        timing.wall.append(wall)
        timing.rss_mb.append(rss)
    return timing


def underreport_cmd() -> list[str]:
    return [sys.executable, "-c", RUN_UNDERREPORT]


def dataset(
    data: Path, bench: BenchSet, label: str, rows: int, seed: int, fmt: str
) -> tuple[Path, Path, int]:
    """The cached set for (set, size, seed), generating the format if it is not there yet.

    Also returns the answer's count of NIK issues (kept in `meta.json` beside the files).
    The light set keeps its old folder name, so sets generated before stay usable.
    """
    stem = f"{label}-seed{seed}" if bench.name == "light" else f"{bench.name}-{label}-seed{seed}"
    out = data / stem
    done, meta = out / f".done-{fmt}", out / "meta.json"
    pay, enr = out / f"payroll.{fmt}", out / f"enrollment.{fmt}"
    if not done.exists() or (bench.shape.bad_province and not meta.exists()):
        t = time.perf_counter()
        answer = generate_bulk(
            out, rows, seed=seed, formats=(fmt,), period=bench.period, shape=bench.shape
        )
        meta.write_text(json.dumps({"nik_issues": answer.nik_issues}))
        print(f"  generated {bench.name} {label} {fmt} in {time.perf_counter() - t:.1f} s -> {out}")
        done.touch()
    nik_issues = json.loads(meta.read_text())["nik_issues"] if meta.exists() else 0
    return pay, enr, int(nik_issues)


def issue_count(doc: dict[str, Any]) -> int:
    """Data-quality issues the document reports: its count per code when it has one (the
    list may then hold only the first issues), else the length of the list."""
    for key in ("data_quality_counts", "data_quality_by_code", "issue_counts"):
        counts = doc.get(key)
        if isinstance(counts, dict):
            return sum(int(v) for v in counts.values())
        if isinstance(counts, list):
            return sum(int(c["count"]) for c in counts)
    return len(doc["data_quality"])


def flagged_from_json(path: Path, keys: Sequence[str]) -> tuple[pl.DataFrame, int]:
    doc = json.loads(path.read_bytes())
    rows = [{k: e[k] for k in keys} for e in doc["employers"]]
    schema = {k: pl.String if k == "employer_id" else pl.Int64 for k in keys}
    return pl.DataFrame(rows, schema=schema, orient="row"), issue_count(doc)


def normalise(frame: pl.DataFrame, keys: Sequence[str]) -> pl.DataFrame:
    return frame.select(
        pl.col("employer_id").cast(pl.String), *[pl.col(k).cast(pl.Int64) for k in keys[1:]]
    ).sort("employer_id")


def compare(
    name: str, got: pl.DataFrame, want: pl.DataFrame, keys: Sequence[str] = KEYS
) -> list[str]:
    got, want = normalise(got, keys), normalise(want, keys)
    if got.equals(want):
        return []
    diff = got.join(want, on="employer_id", how="full", suffix="_want", coalesce=True)
    bad = diff.filter(
        pl.any_horizontal(pl.col(k).ne_missing(pl.col(f"{k}_want")) for k in keys[1:])
    )
    return [
        f"{name}: {bad.height} employers differ ({got.height} vs {want.height}), e.g. "
        f"{bad.head(3).to_dicts()}"
    ]


def bench_format(
    row: Row,
    bench: BenchSet,
    args: argparse.Namespace,
    answer: pl.DataFrame,
    nik_issues: int,
    pay: Path,
    enr: Path,
) -> None:
    fmt, period, keys, warm = row.fmt, bench.period, bench.keys, not args.explore
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
        row.ur = measure(cmd, ur_out, args.runs, warm)
        row.json_mb = ur_out.stat().st_size / 2**20
        print(
            f"  underreport  {row.ur.median:8.2f} s  {row.ur.peak_mb:8.0f} MB"
            f"  (JSON {row.json_mb:.1f} MB)"
        )
        floor_cmd = [sys.executable, str(HERE / "floor.py"), fmt, str(pay), str(enr)]
        row.floor = measure(floor_cmd, work / "floor.json", args.runs, warm)
        print(f"  scan floor   {row.floor.median:8.2f} s  {row.floor.peak_mb:8.0f} MB")
        problems: list[str] = []
        ur, row.issues = flagged_from_json(ur_out, keys)
        want = answer.filter(pl.col("flagged"))
        problems += compare("underreport vs answer", ur, want, keys)
        if row.issues != nik_issues:
            problems.append(f"underreport reports {row.issues:,} issues, the answer {nik_issues:,}")
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
                *(["flags"] if bench.shape.program_flags else []),
            ]
            row.duck = measure(duck_cmd, work / "duck.log", args.runs, warm)
            print(f"  DuckDB       {row.duck.median:8.2f} s  {row.duck.peak_mb:8.0f} MB")
            duck = pl.read_parquet(duck_out)
            problems += compare("underreport vs DuckDB", ur, duck, keys)
            problems += compare("DuckDB vs answer", duck, want, keys)
            duck_bad = json.loads((work / "duck.log").read_text())["nik_bad_province"]
            if duck_bad != nik_issues:
                problems.append(f"DuckDB counts {duck_bad:,} bad NIK provinces, not {nik_issues:,}")
        else:
            row.note = "DuckDB: no xlsx reader"
        row.correct = "PASS" if not problems else "FAIL"
        print(
            f"  correctness  {row.correct} ({ur.height} flagged employers, "
            f"{row.issues:,} data-quality issues)"
        )
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


def judge(row: Row, rows: Sequence[Row]) -> None:
    """Fill `row.target` and `row.verdict` from issue 13's targets for its set, size and format.

    Sizes the issue names no target for (100k, a quick set) get none; a target that cannot
    be judged (the command failed, DuckDB or the clean run is missing) is not met.
    """
    checks: list[tuple[str, bool]] = []
    ur, n, fmt = row.ur, row.rows, row.fmt

    def vs_duck() -> None:
        r = ur.median / row.duck.median if ur and row.duck else None
        checks.append((f"≤ 2x DuckDB ({r:.1f}x)" if r else "≤ 2x DuckDB", r is not None and r <= 2))

    def rss_at_most(gb: float) -> None:
        got = f" ({ur.peak_mb / GB:.2f} GB)" if ur else ""
        checks.append((f"peak RSS ≤ {gb:g} GB{got}", ur is not None and ur.peak_mb <= gb * GB))

    if row.set in ("light", "flagged") and fmt == "parquet" and n in (M, 10 * M):
        vs_duck()
        if n == 10 * M:
            rss_at_most(1.5)
    if fmt == "csv" and n == 10 * M:
        vs_duck()
    if fmt == "parquet" and n == 30 * M:
        checks.append(("completes", ur is not None))
        rss_at_most(4)
    if row.set == "dq" and n == M:
        clean = next(
            (r for r in rows if (r.set, r.rows, r.fmt) == ("flagged", n, fmt) and r.ur), None
        )
        r = ur.median / clean.ur.median if ur and clean and clean.ur else None
        text = f"≤ 2x the flagged run ({r:.1f}x)" if r else "≤ 2x the flagged run"
        checks.append((text, r is not None and r <= 2.0))
        size = f" ({row.json_mb:.0f} MB)" if row.json_mb is not None else ""
        checks.append((f"JSON ≤ 60 MB{size}", row.json_mb is not None and row.json_mb <= 60))
    if row.set == "dq" and n == 10 * M:
        checks.append(("completes", ur is not None))
        rss_at_most(2)
    if checks:
        checks.append(("counts right", row.correct == "PASS"))
        row.target = "; ".join(text for text, _ in checks)
        row.verdict = "met" if all(ok for _, ok in checks) else "NOT met"
    else:
        row.target, row.verdict = "–", "no target"


def table(rows: list[Row]) -> str:
    def s(t: Timing | None) -> str:
        return f"{t.median:.2f} s" if t else "–"

    def ratio(a: Timing | None, b: Timing | None) -> str:
        return f"{a.median / b.median:.1f}x" if a and b else "–"

    def mb(t: Timing | None) -> str:
        return f"{t.peak_mb:.0f} MB" if t else "–"

    lines = [
        "| set | rows | format | underreport wall (median) | underreport peak RSS | JSON "
        "| data-quality issues | scan floor | DuckDB | DuckDB peak RSS | underreport / DuckDB "
        "| correct | target | met? |",
        "|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---|---|",
    ]
    for r in rows:
        correct = r.correct + (f" ({r.note})" if r.note else "")
        json_mb = f"{r.json_mb:.1f} MB" if r.json_mb is not None else "–"
        issues = f"{r.issues:,}" if r.issues is not None else "–"
        lines.append(
            f"| {r.set} | {r.size} | {r.fmt} | {s(r.ur)} | {mb(r.ur)} | {json_mb} | {issues} "
            f"| {s(r.floor)} | {s(r.duck)} | {mb(r.duck)} | {ratio(r.ur, r.duck)} | {correct} "
            f"| {r.target} | {r.verdict} |"
        )
    return "\n".join(lines)


def plan(sets: Sequence[str], sizes: Sequence[str], formats: Sequence[str]) -> list[Row]:
    """Rows to run, set by set; a dq row at 1M brings the flagged row its target compares to."""
    rows: list[Row] = []
    for name in sets:
        for label in sizes:
            n = parse_size(label)
            for fmt in formats:
                if (
                    name == "dq"
                    and n == M
                    and not any((r.set, r.rows, r.fmt) == ("flagged", n, fmt) for r in rows)
                ):
                    rows.append(Row(label, fmt, "flagged", n))
                if not any((r.set, r.rows, r.fmt) == (name, n, fmt) for r in rows):
                    rows.append(Row(label, fmt, name, n))
    return rows


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--sets", default="light,flagged,dq", help="light, flagged and/or dq")
    ap.add_argument("--sizes", default="100k,1m", help="comma-separated, e.g. 100k,1m,10m")
    ap.add_argument("--formats", default="parquet,csv", help="parquet, csv and/or xlsx")
    ap.add_argument("--runs", type=int, default=3, help="measured runs after one warm-up")
    ap.add_argument(
        "--explore",
        action="store_true",
        help="allow fewer than 3 runs and skip the warm-up (the table is not for the README)",
    )
    ap.add_argument("--quick", action="store_true", help="20k rows, parquet, one run: a smoke test")
    ap.add_argument("--data", type=Path, default=HERE / "data", help="cache of generated sets")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--money-rows", default="1m", help="strings for the money benchmark; 0: skip")
    args = ap.parse_args(argv)
    if args.quick:
        args.sizes, args.formats, args.runs, args.explore = "20k", "parquet", 1, True
        args.money_rows = "0"
    args.runs = max(1, args.runs) if args.explore else max(3, args.runs)
    sets = [s.strip() for s in args.sets.split(",") if s.strip()]
    sizes = [s.strip() for s in args.sizes.split(",") if s.strip()]
    formats = [f.strip() for f in args.formats.split(",") if f.strip()]
    unknown = [s for s in sets if s not in SETS]
    if unknown:
        ap.error(f"unknown set(s) {unknown}; use {', '.join(SETS)}")
    try:
        results = plan(sets, sizes, formats)
    except ValueError as exc:
        ap.error(f"bad size: {exc}")
    for row in results:
        bench = SETS[row.set]
        print(f"\n== {row.set}, {row.size} rows, {row.fmt} ==")
        if row.fmt == "xlsx" and row.rows > XLSX_MAX_ROWS:
            row.correct, row.note = "skipped", f"xlsx only up to {XLSX_MAX_ROWS:,} rows"
            print(f"  skipped: {row.note}")
            continue
        try:
            pay, enr, nik_issues = dataset(args.data, bench, row.size, row.rows, args.seed, row.fmt)
            answer = pl.read_parquet(pay.parent / "answer.parquet")
            bench_format(row, bench, args, answer, nik_issues, pay, enr)
        except Exception as exc:  # a failing row must not stop the others
            row.correct, row.note = "ERROR", f"{type(exc).__name__}: {exc}"[:200]
            print(f"  ERROR {row.note}")
            traceback.print_exc(limit=3)
    money_n = parse_size(args.money_rows)
    if money_n:
        try:
            money_bench(money_n)
        except Exception as exc:
            print(f"money benchmark failed: {exc}")
    for row in results:
        judge(row, results)
    if args.explore:
        print(f"\nExploratory: {args.runs} run(s), no warm-up; not medians of 3 for the README.")
    print("\n" + table(results))
    wrong = [r for r in results if r.correct not in ("PASS", "skipped")]
    missed = [r for r in results if r.verdict == "NOT met"]
    print(
        f"\n{len(results)} rows: {len(wrong)} with wrong counts or errors, "
        f"{len(missed)} missing their target."
    )
    return 1 if wrong or missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
