"""Write `register_v1.sqlite`: a case register as underreport wrote it before it counted months.

Run once, from the repository root, with the code of commit 6e3db60 (schema version 1):

    PYTHONPATH=src python3 tests/data/make_register_v1.py

It records four `check --history` runs of `sample_data/` with the default
`escalate_after` of 3: February 2025, March 2025, March again, March again.
Version 1 counts runs, so every employer flagged in all four is at the province
after the third run though it was flagged in two payroll months only. The run
times are rewritten to fixed values afterwards, so the file does not depend on
when it was made. The migration test (tests/test_register_months.py) reads it.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from typer.testing import CliRunner

from underreport.cli import app

HERE = Path(__file__).parent
DB = HERE / "register_v1.sqlite"
SAMPLE = HERE.parent.parent / "sample_data"
RUNS = ["2025-02", "2025-03", "2025-03", "2025-03"]
TIMES = ["2025-03-10T02:00:00+00:00", "2025-04-10T02:00:00+00:00",
         "2025-04-11T02:00:00+00:00", "2025-04-12T02:00:00+00:00"]  # fmt: skip


def main() -> None:
    DB.unlink(missing_ok=True)
    runner = CliRunner()
    for period in RUNS:
        res = runner.invoke(app, [
            "check", "-p", str(SAMPLE / "payroll"), "-e", str(SAMPLE / "enrollment"),
            "--period", period, "--history", str(DB), "--format", "json",
        ])  # fmt: skip
        assert res.exit_code in (0, 1), res.output
    with sqlite3.connect(DB) as conn:
        old = [r[0] for r in conn.execute("SELECT run_time FROM runs ORDER BY id")]
        for before, after in zip(old, TIMES, strict=True):
            conn.execute("UPDATE runs SET run_time = ?, generated_at = ? WHERE run_time = ?",
                         (after, after, before))  # fmt: skip
            conn.execute("UPDATE findings SET first_flagged = ? WHERE first_flagged = ?",
                         (after, before))  # fmt: skip
            conn.execute("UPDATE cases SET first_flagged = ? WHERE first_flagged = ?",
                         (after, before))  # fmt: skip
    conn.close()
    with sqlite3.connect(DB, isolation_level=None) as conn:
        conn.execute("PRAGMA journal_mode = DELETE")  # one file, no -wal beside it
    conn.close()


if __name__ == "__main__":
    main()
