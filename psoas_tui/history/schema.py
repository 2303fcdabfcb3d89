"""The log's SQLite schema and its forward migrations.

The schema version lives in ``PRAGMA user_version``. ``MIGRATIONS[n]`` takes a database at
version ``n`` to version ``n + 1``; each runs in one transaction, so a migration either
happens whole or not at all. Never edit a shipped migration: add a new one.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

BUSY_TIMEOUT_MS = 10_000

# Version 1: sessions, intervals and check answers.
V1 = """
CREATE TABLE sessions (
    id TEXT PRIMARY KEY,                 -- UUID
    routine_slug TEXT NOT NULL,
    routine_name TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    started_utc TEXT NOT NULL,           -- YYYY-MM-DDTHH:MM:SS.ffffffZ
    utc_offset INTEGER NOT NULL,         -- local offset at the start, seconds east of UTC
    local_date TEXT NOT NULL,            -- the local date of the start, YYYY-MM-DD
    ended_utc TEXT,
    updated_utc TEXT NOT NULL,           -- the last write while it ran
    status TEXT NOT NULL
        CHECK (status IN ('running', 'completed', 'abandoned', 'interrupted')),
    active_seconds REAL NOT NULL DEFAULT 0,      -- routine seconds, pauses excluded
    planned_seconds REAL NOT NULL,
    planned_intervals INTEGER NOT NULL,
    planned_exercises INTEGER NOT NULL,
    done_exercises INTEGER NOT NULL DEFAULT 0,
    time_scale REAL NOT NULL DEFAULT 1,
    psoas_version TEXT NOT NULL,
    first_side TEXT CHECK (first_side IN ('left', 'right')),
    note TEXT,
    host TEXT NOT NULL DEFAULT '',
    pid INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE intervals (
    session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,                -- order of recording (back can repeat a position)
    position INTEGER NOT NULL,           -- index in the plan
    step_number TEXT NOT NULL,
    step_name TEXT NOT NULL,
    label TEXT NOT NULL,
    kind TEXT NOT NULL,
    side TEXT CHECK (side IN ('left', 'right')),
    set_no INTEGER NOT NULL DEFAULT 1,
    round_no INTEGER NOT NULL DEFAULT 1,
    reps INTEGER,
    planned_seconds REAL,                -- NULL: untimed (reps without tempo, checks)
    actual_seconds REAL NOT NULL,
    skipped INTEGER NOT NULL DEFAULT 0,
    extended_seconds REAL NOT NULL DEFAULT 0,
    start_offset REAL NOT NULL,          -- active seconds from the session start
    PRIMARY KEY (session_id, seq)
) WITHOUT ROWID;
CREATE TABLE answers (
    session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    step_number TEXT NOT NULL,
    step_name TEXT NOT NULL,
    side TEXT CHECK (side IN ('left', 'right')),
    question TEXT NOT NULL,
    answer TEXT,                         -- NULL: left unanswered
    PRIMARY KEY (session_id, seq)
) WITHOUT ROWID;
"""

# Version 2: seconds per side kept on the session row (backfilled), tightness ratings per
# side, and the indexes the review queries use.
V2 = """
ALTER TABLE sessions ADD COLUMN left_seconds REAL NOT NULL DEFAULT 0;
ALTER TABLE sessions ADD COLUMN right_seconds REAL NOT NULL DEFAULT 0;
UPDATE sessions SET
    left_seconds = COALESCE((SELECT SUM(actual_seconds) FROM intervals i
        WHERE i.session_id = sessions.id AND i.side = 'left'
        AND i.kind IN ('work', 'reps')), 0),
    right_seconds = COALESCE((SELECT SUM(actual_seconds) FROM intervals i
        WHERE i.session_id = sessions.id AND i.side = 'right'
        AND i.kind IN ('work', 'reps')), 0);
CREATE TABLE tightness (
    session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    side TEXT NOT NULL CHECK (side IN ('left', 'right')),
    rating INTEGER NOT NULL CHECK (rating BETWEEN 0 AND 10),
    PRIMARY KEY (session_id, side)
) WITHOUT ROWID;
CREATE INDEX sessions_by_start ON sessions(started_utc);
CREATE INDEX sessions_by_routine ON sessions(routine_slug, started_utc);
CREATE INDEX sessions_by_day ON sessions(local_date, status, active_seconds);
CREATE INDEX sessions_running ON sessions(status) WHERE status = 'running';
"""

MIGRATIONS: tuple[str, ...] = (V1, V2)
LATEST = len(MIGRATIONS)


class CorruptLog(Exception):
    """The file is not a psoas log SQLite can read."""


class NewerLog(Exception):
    """The log was written by a newer psoas: leave it alone."""

    def __init__(self, version: int) -> None:
        super().__init__(
            f"it has schema version {version}, newer than this psoas knows ({LATEST}); "
            "update psoas to log again"
        )
        self.version = version


def connect(path: Path | str, *, migrate_to: int = LATEST) -> sqlite3.Connection:
    """Open the log: WAL, synchronous=FULL, a busy timeout, and migrate it forward.

    Raises :class:`CorruptLog` for a file that is not a (psoas) SQLite database,
    :class:`NewerLog` for one from a newer psoas, and ``sqlite3.OperationalError`` when
    the file cannot be opened or written (a read-only folder).
    """
    conn = sqlite3.connect(
        str(path), timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None, check_same_thread=False
    )
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        try:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version == 0 and _has_foreign_tables(conn):
                raise CorruptLog("it holds tables that are not a psoas log")
            if version > LATEST:
                raise NewerLog(version)
            mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if str(mode).lower() != "wal":
                raise sqlite3.OperationalError(f"cannot switch the log to WAL mode ({mode})")
            conn.execute("PRAGMA synchronous = FULL")
            conn.execute("PRAGMA foreign_keys = ON")
            migrate(conn, migrate_to)
        except sqlite3.OperationalError:
            raise
        except sqlite3.DatabaseError as error:
            raise CorruptLog(str(error)) from error
    except BaseException:
        conn.close()
        raise
    return conn


def migrate(conn: sqlite3.Connection, target: int = LATEST) -> int:
    """Apply every migration from the file's version up to ``target``; returns the version.

    Each step runs in a ``BEGIN IMMEDIATE`` transaction and re-reads the version inside it,
    so two processes opening an old log at once migrate it exactly once.
    """
    while True:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version >= target:
            return int(version)
        conn.execute("BEGIN IMMEDIATE")
        try:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version < target:
                for statement in _statements(MIGRATIONS[version]):
                    conn.execute(statement)
                conn.execute(f"PRAGMA user_version = {version + 1}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise


def _statements(script: str) -> list[str]:
    """Split a migration script into statements (executescript would commit on its own)."""
    statements: list[str] = []
    buffer = ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            if buffer.strip():
                statements.append(buffer.strip())
            buffer = ""
    if buffer.strip():
        statements.append(buffer.strip())
    return statements


def _has_foreign_tables(conn: sqlite3.Connection) -> bool:
    return bool(conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0])
