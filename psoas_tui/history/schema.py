"""The log's SQLite schema and its forward migrations.

The schema version lives in ``PRAGMA user_version``. ``MIGRATIONS[n]`` takes a database at
version ``n`` to version ``n + 1``; each runs in one transaction, so a migration either
happens whole or not at all. Never edit a shipped migration: add a new one.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterable
from pathlib import Path

from psoas_tui.kinds import EXERCISE_KINDS, SIDES

BUSY_TIMEOUT_MS = 10_000


def sql_list(values: Iterable[str]) -> str:
    """``'a', 'b'``: values from psoas's own enums as SQL literals (never user input)."""
    return ", ".join(f"'{value}'" for value in values)


# The kinds and sides of the SQL below come from the enums, so they match the code's.
SIDES_SQL = sql_list(SIDES)  # 'left', 'right'
LEFT_SQL, RIGHT_SQL = (sql_list([side]) for side in SIDES)
EXERCISE_KINDS_SQL = sql_list(EXERCISE_KINDS)  # 'work', 'reps'

# Version 1: sessions, intervals and check answers.
V1 = f"""
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
    first_side TEXT CHECK (first_side IN ({SIDES_SQL})),
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
    side TEXT CHECK (side IN ({SIDES_SQL})),
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
    side TEXT CHECK (side IN ({SIDES_SQL})),
    question TEXT NOT NULL,
    answer TEXT,                         -- NULL: left unanswered
    PRIMARY KEY (session_id, seq)
) WITHOUT ROWID;
"""

# Version 2: seconds per side kept on the session row (backfilled), tightness ratings per
# side, and the indexes the review queries use.
V2 = f"""
ALTER TABLE sessions ADD COLUMN left_seconds REAL NOT NULL DEFAULT 0;
ALTER TABLE sessions ADD COLUMN right_seconds REAL NOT NULL DEFAULT 0;
UPDATE sessions SET
    left_seconds = COALESCE((SELECT SUM(actual_seconds) FROM intervals i
        WHERE i.session_id = sessions.id AND i.side = {LEFT_SQL}
        AND i.kind IN ({EXERCISE_KINDS_SQL})), 0),
    right_seconds = COALESCE((SELECT SUM(actual_seconds) FROM intervals i
        WHERE i.session_id = sessions.id AND i.side = {RIGHT_SQL}
        AND i.kind IN ({EXERCISE_KINDS_SQL})), 0);
CREATE TABLE tightness (
    session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    side TEXT NOT NULL CHECK (side IN ({SIDES_SQL})),
    rating INTEGER NOT NULL CHECK (rating BETWEEN 0 AND 10),
    PRIMARY KEY (session_id, side)
) WITHOUT ROWID;
CREATE INDEX sessions_by_start ON sessions(started_utc);
CREATE INDEX sessions_by_routine ON sessions(routine_slug, started_utc);
CREATE INDEX sessions_by_day ON sessions(local_date, status, active_seconds);
CREATE INDEX sessions_running ON sessions(status) WHERE status = 'running';
"""

# Version 3: per-day totals (per routine, per per-side step, per check answer) kept by
# triggers, so that `psoas stats` reads a few thousand rows instead of every session and
# interval. psoas never deletes or rewrites interval and answer rows; sessions may change
# (their triggers take the old row out and put the new one in).
_ADD_NEW = """
    INSERT INTO daily (local_date, routine_slug, sessions, completed, active_seconds,
        left_seconds, right_seconds)
    VALUES (NEW.local_date, NEW.routine_slug, 1, NEW.status = 'completed', NEW.active_seconds,
        NEW.left_seconds, NEW.right_seconds)
    ON CONFLICT (local_date, routine_slug) DO UPDATE SET
        sessions = sessions + 1,
        completed = completed + excluded.completed,
        active_seconds = active_seconds + excluded.active_seconds,
        left_seconds = left_seconds + excluded.left_seconds,
        right_seconds = right_seconds + excluded.right_seconds;
"""
_TAKE_OLD = """
    UPDATE daily SET
        sessions = sessions - 1,
        completed = completed - (OLD.status = 'completed'),
        active_seconds = active_seconds - OLD.active_seconds,
        left_seconds = left_seconds - OLD.left_seconds,
        right_seconds = right_seconds - OLD.right_seconds
    WHERE local_date = OLD.local_date AND routine_slug = OLD.routine_slug;
"""
V3 = f"""
CREATE TABLE daily (
    local_date TEXT NOT NULL,
    routine_slug TEXT NOT NULL,
    sessions INTEGER NOT NULL DEFAULT 0,
    completed INTEGER NOT NULL DEFAULT 0,
    active_seconds REAL NOT NULL DEFAULT 0,
    left_seconds REAL NOT NULL DEFAULT 0,
    right_seconds REAL NOT NULL DEFAULT 0,
    PRIMARY KEY (local_date, routine_slug)
) WITHOUT ROWID;
INSERT INTO daily (local_date, routine_slug, sessions, completed, active_seconds,
    left_seconds, right_seconds)
SELECT local_date, routine_slug, count(*), SUM(status = 'completed'), SUM(active_seconds),
    SUM(left_seconds), SUM(right_seconds)
FROM sessions GROUP BY local_date, routine_slug;
CREATE TRIGGER daily_insert AFTER INSERT ON sessions BEGIN {_ADD_NEW} END;
CREATE TRIGGER daily_delete AFTER DELETE ON sessions BEGIN {_TAKE_OLD} END;
CREATE TRIGGER daily_update AFTER UPDATE OF local_date, routine_slug, status, active_seconds,
    left_seconds, right_seconds ON sessions BEGIN {_TAKE_OLD} {_ADD_NEW} END;
CREATE TABLE daily_steps (
    local_date TEXT NOT NULL,
    step_name TEXT NOT NULL,
    left_seconds REAL NOT NULL DEFAULT 0,
    right_seconds REAL NOT NULL DEFAULT 0,
    PRIMARY KEY (local_date, step_name)
) WITHOUT ROWID;
INSERT INTO daily_steps (local_date, step_name, left_seconds, right_seconds)
SELECT s.local_date, i.step_name,
    SUM(CASE WHEN i.side = {LEFT_SQL} THEN i.actual_seconds ELSE 0 END),
    SUM(CASE WHEN i.side = {RIGHT_SQL} THEN i.actual_seconds ELSE 0 END)
FROM intervals i JOIN sessions s ON s.id = i.session_id
WHERE i.side IS NOT NULL AND i.kind IN ({EXERCISE_KINDS_SQL})
GROUP BY s.local_date, i.step_name;
CREATE TRIGGER daily_steps_insert AFTER INSERT ON intervals
WHEN NEW.side IS NOT NULL AND NEW.kind IN ({EXERCISE_KINDS_SQL}) BEGIN
    INSERT INTO daily_steps (local_date, step_name, left_seconds, right_seconds)
    SELECT s.local_date, NEW.step_name,
        CASE WHEN NEW.side = {LEFT_SQL} THEN NEW.actual_seconds ELSE 0 END,
        CASE WHEN NEW.side = {RIGHT_SQL} THEN NEW.actual_seconds ELSE 0 END
    FROM sessions s WHERE s.id = NEW.session_id
    ON CONFLICT (local_date, step_name) DO UPDATE SET
        left_seconds = left_seconds + excluded.left_seconds,
        right_seconds = right_seconds + excluded.right_seconds;
END;
CREATE TABLE daily_answers (
    local_date TEXT NOT NULL,
    step_name TEXT NOT NULL,
    question TEXT NOT NULL,
    side TEXT NOT NULL,                  -- '' when the check is not per side
    answer TEXT NOT NULL,                -- '' when it was left unanswered
    count INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (local_date, step_name, question, side, answer)
) WITHOUT ROWID;
INSERT INTO daily_answers (local_date, step_name, question, side, answer, count)
SELECT s.local_date, a.step_name, a.question, COALESCE(a.side, ''), COALESCE(a.answer, ''),
    count(*)
FROM answers a JOIN sessions s ON s.id = a.session_id
GROUP BY 1, 2, 3, 4, 5;
CREATE TRIGGER daily_answers_insert AFTER INSERT ON answers BEGIN
    INSERT INTO daily_answers (local_date, step_name, question, side, answer, count)
    SELECT s.local_date, NEW.step_name, NEW.question, COALESCE(NEW.side, ''),
        COALESCE(NEW.answer, ''), 1
    FROM sessions s WHERE s.id = NEW.session_id
    ON CONFLICT (local_date, step_name, question, side, answer) DO UPDATE SET
        count = count + 1;
END;
"""

# Version 4: tightness per day and side kept by triggers too, and a covering index for the
# per-routine totals.
_TIGHT_ADD = """
    INSERT INTO daily_tightness (local_date, side, total, count)
    SELECT s.local_date, NEW.side, NEW.rating, 1 FROM sessions s WHERE s.id = NEW.session_id
    ON CONFLICT (local_date, side) DO UPDATE SET
        total = total + excluded.total, count = count + 1;
"""
_TIGHT_TAKE = """
    UPDATE daily_tightness SET total = total - OLD.rating, count = count - 1
    WHERE side = OLD.side
    AND local_date = (SELECT s.local_date FROM sessions s WHERE s.id = OLD.session_id);
"""
V4 = f"""
CREATE TABLE daily_tightness (
    local_date TEXT NOT NULL,
    side TEXT NOT NULL,
    total INTEGER NOT NULL DEFAULT 0,
    count INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (local_date, side)
) WITHOUT ROWID;
INSERT INTO daily_tightness (local_date, side, total, count)
SELECT s.local_date, t.side, SUM(t.rating), count(*)
FROM tightness t JOIN sessions s ON s.id = t.session_id GROUP BY 1, 2;
CREATE TRIGGER daily_tightness_insert AFTER INSERT ON tightness BEGIN {_TIGHT_ADD} END;
CREATE TRIGGER daily_tightness_delete AFTER DELETE ON tightness BEGIN {_TIGHT_TAKE} END;
CREATE TRIGGER daily_tightness_update AFTER UPDATE ON tightness
BEGIN {_TIGHT_TAKE} {_TIGHT_ADD} END;
CREATE INDEX daily_by_routine ON daily(routine_slug, local_date, sessions, completed,
    active_seconds, left_seconds, right_seconds);
"""


# Version 5: totals per day and per routine, kept by triggers on `daily` (which the session
# triggers keep), so the streak, the weeks and the routines read a row per day or routine.
def _delta(old: str | None) -> str:
    """Add a `daily` row's change (NEW minus OLD, or NEW for an insert) to the totals."""
    columns = ("sessions", "completed", "active_seconds", "left_seconds", "right_seconds")
    values = ", ".join(f"NEW.{c} - {old}.{c}" if old else f"NEW.{c}" for c in columns)
    sums = ", ".join(f"{c} = {c} + excluded.{c}" for c in columns)
    names = ", ".join(columns)
    return f"""
    INSERT INTO day_totals (local_date, {names}) VALUES (NEW.local_date, {values})
    ON CONFLICT (local_date) DO UPDATE SET {sums};
    INSERT INTO routine_totals (routine_slug, {names}, last_date)
    VALUES (NEW.routine_slug, {values}, NEW.local_date)
    ON CONFLICT (routine_slug) DO UPDATE SET {sums},
        last_date = MAX(last_date, excluded.last_date);
"""


V5 = f"""
CREATE TABLE day_totals (
    local_date TEXT PRIMARY KEY,
    sessions INTEGER NOT NULL DEFAULT 0,
    completed INTEGER NOT NULL DEFAULT 0,
    active_seconds REAL NOT NULL DEFAULT 0,
    left_seconds REAL NOT NULL DEFAULT 0,
    right_seconds REAL NOT NULL DEFAULT 0
) WITHOUT ROWID;
CREATE TABLE routine_totals (
    routine_slug TEXT PRIMARY KEY,
    sessions INTEGER NOT NULL DEFAULT 0,
    completed INTEGER NOT NULL DEFAULT 0,
    active_seconds REAL NOT NULL DEFAULT 0,
    left_seconds REAL NOT NULL DEFAULT 0,
    right_seconds REAL NOT NULL DEFAULT 0,
    last_date TEXT NOT NULL
) WITHOUT ROWID;
INSERT INTO day_totals
SELECT local_date, SUM(sessions), SUM(completed), SUM(active_seconds), SUM(left_seconds),
    SUM(right_seconds)
FROM daily GROUP BY local_date;
INSERT INTO routine_totals
SELECT routine_slug, SUM(sessions), SUM(completed), SUM(active_seconds), SUM(left_seconds),
    SUM(right_seconds), MAX(local_date)
FROM daily GROUP BY routine_slug;
CREATE TRIGGER daily_insert_totals AFTER INSERT ON daily BEGIN {_delta(None)} END;
CREATE TRIGGER daily_update_totals AFTER UPDATE ON daily BEGIN {_delta("OLD")} END;
"""


# Version 6 (issues #15 and #17): the routine's ``id`` shared by its language versions
# (old rows mapped by slug), the time budget and the fitted planned seconds, and check
# answers by index and score beside their text, with the side the score is about.
# The bundled Dutch routines' slugs and their ids; any other slug is its own id.
ROUTINE_IDS: dict[str, str] = {
    "bureaupauze": "desk-break",
    "warming-up-hardlopen": "pre-run-warm-up",
    "rekken-en-versterken": "stretch-and-strengthen",
    "thomastest": "thomas-test",
}
# Old answers of the bundled Thomas test, in both languages: (step, answer, index); the
# score is the index, and an answer is about the side not held ("other").
THOMAS_ANSWERS: tuple[tuple[str, str, int], ...] = (
    ("Thomas test", "No, it stayed flat", 0),
    ("Thomas test", "A little", 1),
    ("Thomas test", "Clearly", 2),
    ("Thomastest", "Nee, het bleef plat liggen", 0),
    ("Thomastest", "Een beetje", 1),
    ("Thomastest", "Duidelijk", 2),
)


def routine_id_for(slug: str) -> str:
    """The ``id`` of a session logged before ids were: its bundled twin's, else the slug."""
    return ROUTINE_IDS.get(slug, slug)


def _case_ids() -> str:
    whens = " ".join(
        f"WHEN {sql_list([slug])} THEN {sql_list([id_])}" for slug, id_ in ROUTINE_IDS.items()
    )
    return f"CASE routine_slug {whens} ELSE routine_slug END"


def _thomas_answers() -> str:
    rows = []
    for step, text, index in THOMAS_ANSWERS:
        rows.append(
            f"""UPDATE answers SET answer_index = {index}, answer_score = {index},
    about_side = CASE side WHEN {LEFT_SQL} THEN {RIGHT_SQL} ELSE {LEFT_SQL} END
WHERE step_name = {sql_list([step])} AND answer = {sql_list([text])} AND side IS NOT NULL
AND session_id IN (SELECT id FROM sessions WHERE routine_id = 'thomas-test');"""
        )
    return "\n".join(rows)


V6 = f"""
ALTER TABLE sessions ADD COLUMN routine_id TEXT NOT NULL DEFAULT '';
UPDATE sessions SET routine_id = {_case_ids()};
ALTER TABLE sessions ADD COLUMN budget_seconds INTEGER;
ALTER TABLE sessions ADD COLUMN fitted_seconds REAL;
ALTER TABLE answers ADD COLUMN answer_index INTEGER;
ALTER TABLE answers ADD COLUMN answer_score INTEGER;
ALTER TABLE answers ADD COLUMN about_side TEXT CHECK (about_side IN ({SIDES_SQL}));
{_thomas_answers()}
CREATE INDEX answers_scored ON answers(session_id) WHERE answer_score IS NOT NULL;
CREATE INDEX sessions_by_routine_id ON sessions(routine_id, started_utc);
"""

MIGRATIONS: tuple[str, ...] = (V1, V2, V3, V4, V5, V6)
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
            version, tables = _version_and_tables(conn)
            if version == 0 and tables:
                raise CorruptLog("it holds tables that are not a psoas log")
            if version > LATEST:
                raise NewerLog(version)
            _switch_to_wal(conn)
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


def _switch_to_wal(conn: sqlite3.Connection) -> None:
    """Put the file in WAL mode, waiting out another psoas that holds it meanwhile.

    SQLite does not call the busy handler for a journal-mode change, so two sessions
    creating the log at once made one of them give up at once with "database is locked"
    and run unlogged; this waits up to the busy timeout like every other statement."""
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    pause = 0.005
    while True:
        try:
            mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        except sqlite3.OperationalError as error:
            if error.sqlite_errorcode & 0xFF != sqlite3.SQLITE_BUSY:
                raise
            if time.monotonic() >= deadline:
                raise
            time.sleep(pause)
            pause = min(pause * 2, 0.1)
            continue
        if str(mode).lower() != "wal":
            raise sqlite3.OperationalError(f"cannot switch the log to WAL mode ({mode})")
        return


def _version_and_tables(conn: sqlite3.Connection) -> tuple[int, int]:
    """The file's version and how many tables it holds, read in one transaction: read apart,
    another psoas creating the log between the two reads made a new log look foreign."""
    conn.execute("BEGIN")
    try:
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        tables = int(conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0])
    finally:
        conn.execute("COMMIT")
    return version, tables
