"""Schema steps of the case register, keyed by the version they lead to.

Version 2 escalates a case by the distinct payroll months it was flagged in,
not by runs: three nightly runs of one month are one month. A version-1
register is upgraded in place, inside the first write transaction that opens
it, and its history is counted in months as far as it can be known:

- each old run reconciled the one month stored as its `period` (version 1
  kept no other; for a run over a range of months it is the latest, the one
  version 2 counts too), so `run_months` gets that month for each old run;
- a case's streak is every run that flagged the employer since its last
  resolution, as version 1 counted it; its months are the distinct periods of
  those runs, whatever their order;
- an open case keeps the office level it reached: a case is never stepped down
  within a streak, and a file already sent to the province stays there. It
  escalates further only when its months reach the next threshold;
- an employer's latest month is the latest period of any run in which it was
  flagged, resolved or seen clear: a later run of an older month leaves its
  case alone.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from underreport.history.db import run_script

MONTHS_SCHEMA = """
ALTER TABLE runs ADD COLUMN escalate_by TEXT NOT NULL DEFAULT 'runs';
ALTER TABLE runs ADD COLUMN national_after INTEGER;
UPDATE runs SET national_after = 2 * escalate_after;
-- Every payroll month a run reconciled; its `period` is the latest of them.
CREATE TABLE run_months (
    run_id INTEGER NOT NULL REFERENCES runs(id),
    month  TEXT    NOT NULL,
    PRIMARY KEY (run_id, month)
) WITHOUT ROWID;
INSERT INTO run_months (run_id, month) SELECT id, period FROM runs;
ALTER TABLE findings ADD COLUMN flagged_months INTEGER;
ALTER TABLE cases ADD COLUMN flagged_months INTEGER NOT NULL DEFAULT 0;
ALTER TABLE resolutions ADD COLUMN flagged_months INTEGER;
-- The latest payroll month the employer was flagged, resolved or seen clear in.
ALTER TABLE employers ADD COLUMN last_month TEXT;
UPDATE employers SET last_month = (
    SELECT max(r.period) FROM runs r WHERE r.id IN (
        SELECT run_id FROM findings WHERE employer_id = employers.employer_id
        UNION SELECT run_id FROM resolutions WHERE employer_id = employers.employer_id
        UNION SELECT run_id FROM sightings WHERE employer_id = employers.employer_id
    )
)
"""


def _count_months(conn: sqlite3.Connection) -> None:
    """Months of every version-1 streak, walking each employer's runs in order.

    A walk rather than one statement: a streak ends at a resolution, and SQLite
    has no distinct count over a window. It runs once, over flagged rows only.
    """
    events = conn.execute(
        "SELECT e.employer_id, e.run_id, r.period, e.kind FROM ("
        " SELECT employer_id, run_id, 'flagged' AS kind FROM findings"
        " UNION ALL SELECT employer_id, run_id, 'resolved' FROM resolutions"
        ") e JOIN runs r ON r.id = e.run_id ORDER BY e.employer_id, e.run_id"
    ).fetchall()
    findings: list[tuple[int, int, str]] = []
    resolutions: list[tuple[int, int, str]] = []
    open_months: dict[str, int] = {}
    streak: set[str] = set()
    current = None
    for employer_id, run_id, period, kind in events:
        if employer_id != current:
            current, streak = employer_id, set()
        if kind == "flagged":
            streak.add(period)
            findings.append((len(streak), run_id, employer_id))
        else:
            resolutions.append((len(streak), run_id, employer_id))
            streak = set()
        open_months[employer_id] = len(streak)
    conn.executemany(
        "UPDATE findings SET flagged_months = ? WHERE run_id = ? AND employer_id = ?", findings
    )
    conn.executemany(
        "UPDATE resolutions SET flagged_months = ? WHERE run_id = ? AND employer_id = ?",
        resolutions,
    )
    conn.executemany(
        "UPDATE cases SET flagged_months = ? WHERE employer_id = ?",
        [(n, e) for e, n in open_months.items()],
    )


def to_months(conn: sqlite3.Connection) -> None:
    run_script(conn, MONTHS_SCHEMA)
    _count_months(conn)


STEPS: dict[int, Callable[[sqlite3.Connection], None]] = {2: to_months}
