"""The register file: opening, recognising, creating and locking it.

One SQLite file in WAL mode. `PRAGMA application_id` marks it as ours, so a
stray database is never mistaken for a register (nor written to), and
`PRAGMA user_version` carries the schema version: a register written by an
older version is brought up to date in place by the first run that writes
to it (`history.upgrade`), and read as it is until then.
Every write happens inside one `BEGIN IMMEDIATE` transaction: a second writer
waits for the lock up to its timeout, and a crash leaves the file as it was.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

from underreport.model.errors import UnderreportError

APPLICATION_ID = 0x55525247  # "URRG": underreport register
REGISTER_SCHEMA_VERSION = 2
"""1: cases escalated by flagged runs. 2: by distinct payroll months (`history.upgrade`)."""

SCHEMA = """
CREATE TABLE schema_version (
    version    INTEGER NOT NULL,
    applied_at TEXT    NOT NULL
);
CREATE TABLE runs (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    run_time          TEXT    NOT NULL,
    period            TEXT    NOT NULL,
    rules_version     TEXT    NOT NULL,
    tool_version      TEXT    NOT NULL,
    result_schema     INTEGER NOT NULL,
    generated_at      TEXT    NOT NULL,
    escalate_after    INTEGER NOT NULL,
    change_threshold  REAL    NOT NULL,
    employers_present INTEGER NOT NULL,
    flagged_employers INTEGER NOT NULL,
    total_gap_idr     INTEGER NOT NULL,
    new_cases         INTEGER NOT NULL,
    resolved_cases    INTEGER NOT NULL,
    escalated_cases   INTEGER NOT NULL
);
CREATE TABLE run_inputs (
    run_id INTEGER NOT NULL REFERENCES runs(id),
    kind   TEXT    NOT NULL,
    file   TEXT    NOT NULL,
    sheet  TEXT,
    sha256 TEXT    NOT NULL
);
CREATE INDEX run_inputs_run ON run_inputs(run_id);
-- Employers that have ever been flagged: the last name and region known.
CREATE TABLE employers (
    employer_id   TEXT PRIMARY KEY,
    employer_name TEXT,
    region        TEXT
) WITHOUT ROWID;
-- One row per flagged employer per run: the figures and the case status.
CREATE TABLE findings (
    run_id                   INTEGER NOT NULL REFERENCES runs(id),
    employer_id              TEXT    NOT NULL,
    rank                     INTEGER NOT NULL,
    severity                 TEXT    NOT NULL,
    registered               INTEGER NOT NULL,
    payroll_headcount        INTEGER NOT NULL,
    enrolled_headcount       INTEGER NOT NULL,
    unregistered_count       INTEGER NOT NULL,
    underreported_wage_count INTEGER NOT NULL,
    wage_gap_idr             INTEGER NOT NULL,
    monthly_gap_idr          INTEGER NOT NULL,
    coverage_ratio           REAL,
    case_status              TEXT    NOT NULL,
    flagged_runs             INTEGER NOT NULL,
    first_flagged            TEXT    NOT NULL,
    office_level             TEXT    NOT NULL,
    office                   TEXT,
    previous_gap_idr         INTEGER,
    PRIMARY KEY (run_id, employer_id)
) WITHOUT ROWID;
CREATE INDEX findings_employer ON findings(employer_id, run_id);
-- Open cases: the current streak of each employer flagged when last seen.
CREATE TABLE cases (
    employer_id   TEXT    PRIMARY KEY,
    first_flagged TEXT    NOT NULL,
    flagged_runs  INTEGER NOT NULL,
    office_level  TEXT    NOT NULL,
    last_gap_idr  INTEGER NOT NULL,
    last_run_id   INTEGER NOT NULL REFERENCES runs(id)
) WITHOUT ROWID;
CREATE TABLE resolutions (
    run_id       INTEGER NOT NULL REFERENCES runs(id),
    employer_id  TEXT    NOT NULL,
    last_gap_idr INTEGER NOT NULL,
    flagged_runs INTEGER NOT NULL,
    PRIMARY KEY (run_id, employer_id)
) WITHOUT ROWID;
CREATE TABLE escalations (
    run_id      INTEGER NOT NULL REFERENCES runs(id),
    employer_id TEXT    NOT NULL,
    from_level  TEXT    NOT NULL,
    to_level    TEXT    NOT NULL,
    PRIMARY KEY (run_id, employer_id)
) WITHOUT ROWID;
-- Coverage runs (`underreport coverage --history`): figures per group, no worker data.
CREATE TABLE coverage_runs (
    id       INTEGER PRIMARY KEY AUTOINCREMENT,
    run_time TEXT    NOT NULL,
    by_key   TEXT    NOT NULL,
    period   TEXT    NOT NULL
);
CREATE TABLE coverage_groups (
    run_id   INTEGER NOT NULL REFERENCES coverage_runs(id),
    grp      TEXT    NOT NULL,
    known    INTEGER NOT NULL,
    covered  INTEGER NOT NULL,
    PRIMARY KEY (run_id, grp)
) WITHOUT ROWID;
-- Runs in which an already-known employer was present but not flagged.
CREATE TABLE sightings (
    run_id      INTEGER NOT NULL REFERENCES runs(id),
    employer_id TEXT    NOT NULL,
    PRIMARY KEY (employer_id, run_id)
) WITHOUT ROWID;
"""


class RegisterError(UnderreportError):
    """A case register that cannot be opened, is not a register, or cannot be written."""


class RegisterBusyError(RegisterError):
    """Another process held the register's write lock for longer than the timeout."""


_BUSY_CODES = {sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED}


def is_busy(exc: sqlite3.Error) -> bool:
    code = getattr(exc, "sqlite_errorcode", None)
    if isinstance(code, int):
        return (code & 0xFF) in _BUSY_CODES
    text = str(exc).lower()
    return "locked" in text or "busy" in text


def translate(exc: sqlite3.Error, db: Path, timeout: float) -> RegisterError:
    """The one place a SQLite error becomes a message an operator can act on."""
    if is_busy(exc):
        return RegisterBusyError(
            f"case register {db} is busy: another run held its write lock for more than "
            f"{timeout:g} s; try again later or raise the timeout"
        )
    if isinstance(exc, sqlite3.DatabaseError) and "not a database" in str(exc):
        return RegisterError(f"{db} is not an underreport case register (not a SQLite file)")
    return RegisterError(f"case register {db}: {exc}")


@contextmanager
def connect(db: Path, *, timeout: float, create: bool) -> Iterator[sqlite3.Connection]:
    """An autocommit connection (transactions are explicit); closed on exit."""
    if db.is_dir():
        raise RegisterError(f"{db} is a directory, not an underreport case register")
    if not create and not db.exists():
        raise RegisterError(f"no case register at {db}: no run has been recorded there")
    if create and not db.parent.is_dir():
        raise RegisterError(f"cannot create case register {db}: folder {db.parent} does not exist")
    try:
        conn = sqlite3.connect(str(db), timeout=timeout, isolation_level=None)
    except sqlite3.Error as exc:
        raise translate(exc, db, timeout) from exc
    with closing(conn):
        try:
            yield conn
        except sqlite3.Error as exc:
            raise translate(exc, db, timeout) from exc


def _state(conn: sqlite3.Connection) -> tuple[int, int, int]:
    """application_id, user_version, number of schema objects."""
    app = int(conn.execute("PRAGMA application_id").fetchone()[0])
    version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    objects = int(conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0])
    return app, version, objects


def check(conn: sqlite3.Connection, db: Path) -> bool:
    """True for a register, False for an empty database; raises for anything else."""
    app, version, objects = _state(conn)
    if app == 0 and objects == 0:
        return False
    if app != APPLICATION_ID:
        raise RegisterError(
            f"{db} is not an underreport case register (a SQLite database with another schema)"
        )
    if version > REGISTER_SCHEMA_VERSION:
        raise RegisterError(
            f"case register {db} has schema version {version}, newer than this underreport "
            f"understands ({REGISTER_SCHEMA_VERSION}); upgrade underreport"
        )
    return True


def version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def run_script(conn: sqlite3.Connection, script: str) -> None:
    """Statements one by one: `executescript` would commit the open transaction."""
    for statement in script.split(";\n"):
        if statement.strip():
            conn.execute(statement)


def migrate(conn: sqlite3.Connection, db: Path, applied_at: str) -> None:
    """Create or bring the schema up to date; call inside a write transaction.

    A new register is made as version 1 and then taken through the same steps
    as an old one, so both end with the same tables.
    """
    from underreport.history.upgrade import STEPS

    if check(conn, db):
        start = version(conn)
        if start == REGISTER_SCHEMA_VERSION:
            return
    else:
        run_script(conn, SCHEMA)
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        start = 1
    for target in range(start + 1, REGISTER_SCHEMA_VERSION + 1):
        STEPS[target](conn)
    conn.execute(
        "INSERT INTO schema_version (version, applied_at) VALUES (?, ?)",
        (REGISTER_SCHEMA_VERSION, applied_at),
    )
    conn.execute(f"PRAGMA user_version = {REGISTER_SCHEMA_VERSION}")


@contextmanager
def write_transaction(conn: sqlite3.Connection) -> Iterator[None]:
    """`BEGIN IMMEDIATE` ... `COMMIT`; any exception rolls everything back and propagates."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        if conn.in_transaction:
            conn.rollback()
        raise
    conn.execute("COMMIT")


def prepare_for_writing(conn: sqlite3.Connection, db: Path, timeout: float) -> None:
    """Refuse foreign files before touching them, then make sure the file is in WAL mode.

    Switching to WAL does not go through SQLite's busy handler (it fails at once while
    another connection uses the file), so a new register being created by two writers
    at the same moment is retried here until the timeout.
    """
    check(conn, db)
    deadline = time.monotonic() + timeout
    while True:
        try:
            mode = str(conn.execute("PRAGMA journal_mode").fetchone()[0]).lower()
            if mode != "wal":
                mode = str(conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]).lower()
            break
        except sqlite3.OperationalError as exc:
            if not is_busy(exc) or time.monotonic() >= deadline:
                raise
            time.sleep(0.02)
    if mode != "wal":
        raise RegisterError(f"case register {db}: cannot switch to WAL journal mode ({mode})")
