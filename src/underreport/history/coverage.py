"""Coverage figures per group, kept in the case register to show change between runs."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from underreport.history.db import connect, migrate, prepare_for_writing, write_transaction


def record_coverage(
    db: Path, by: str, period: str, groups: Sequence[tuple[str, int, int]], timeout: float = 30.0
) -> dict[str, float]:
    """Store (group, known, covered) for this run; return the previous run's ratio per group.

    The previous run is the latest earlier coverage run grouped the same way; one
    transaction, so a crash leaves the register as it was.
    """
    path = Path(db)
    now = datetime.now(UTC).isoformat()
    with connect(path, timeout=timeout, create=True) as conn:
        prepare_for_writing(conn, path, timeout)
        with write_transaction(conn):
            migrate(conn, path, now)
            last = conn.execute(
                "SELECT max(id) FROM coverage_runs WHERE by_key = ?", (by,)
            ).fetchone()[0]
            before = {
                grp: covered / known
                for grp, known, covered in conn.execute(
                    "SELECT grp, known, covered FROM coverage_groups WHERE run_id = ?", (last,)
                )
                if known
            }
            run_id = conn.execute(
                "INSERT INTO coverage_runs (run_time, by_key, period) VALUES (?, ?, ?)",
                (now, by, period),
            ).lastrowid
            conn.executemany(
                "INSERT INTO coverage_groups (run_id, grp, known, covered) VALUES (?, ?, ?, ?)",
                [(run_id, grp, known, covered) for grp, known, covered in groups],
            )
    return before
