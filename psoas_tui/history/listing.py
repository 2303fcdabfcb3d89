"""Reading the log for ``psoas log`` and ``psoas export``: streamed, a chunk at a time.

``SessionLog.sessions`` builds a list; a full ``psoas log --json`` of 100,000 sessions
held them all (about 560 MB). :func:`iter_sessions` hands them out as it reads them, so
the memory it takes does not grow with the log.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from datetime import date

from psoas_tui.history.model import SessionRow
from psoas_tui.history.rows import SESSION_COLUMNS, session_filters, session_row
from psoas_tui.history.store import SessionLog

CHUNK = 500


def iter_sessions(
    log: SessionLog,
    *,
    offset: int = 0,
    limit: int | None = None,
    since: date | None = None,
    routine: str | None = None,
) -> Iterator[SessionRow]:
    """Sessions newest first, as :meth:`SessionLog.sessions` gives them, read
    :data:`CHUNK` at a time in one read transaction (a runner may write meanwhile)."""
    if not log.available:
        return
    where, params = session_filters(since, routine)
    sql = (
        f"SELECT {SESSION_COLUMNS} FROM sessions s{where} ORDER BY started_utc DESC "
        "LIMIT ? OFFSET ?"
    )
    with log._lock:
        conn = log.conn
        conn.execute("BEGIN")
        try:
            cursor = conn.execute(sql, [*params, -1 if limit is None else limit, max(0, offset)])
            while rows := cursor.fetchmany(CHUNK):
                ids = [row[0] for row in rows]
                answers = log._answers_for(ids)
                tightness = log._tightness_for(ids)
                for row in rows:
                    yield session_row(row, answers.get(row[0], ()), tightness.get(row[0], {}))
        finally:
            with contextlib.suppress(sqlite3.Error):
                conn.execute("COMMIT")


def count_sessions(
    log: SessionLog, *, since: date | None = None, routine: str | None = None
) -> int:
    """How many sessions the filters select (0 for a routine never logged)."""
    if not log.available:
        return 0
    # The totals kept by triggers count without visiting every session. SUM() of no rows
    # is one row holding NULL, never no row.
    if since is None and routine is None:
        sql, params = "SELECT SUM(sessions) FROM routine_totals", []
    elif since is None:
        sql, params = "SELECT SUM(sessions) FROM routine_totals WHERE routine_slug = ?", [routine]
    elif routine is None:
        sql, params = (
            "SELECT SUM(sessions) FROM day_totals WHERE local_date >= ?",
            [since.isoformat()],
        )
    else:
        sql, params = (
            "SELECT SUM(sessions) FROM daily WHERE local_date >= ? AND routine_slug = ?",
            [since.isoformat(), routine],
        )
    with log._lock:
        found = log.conn.execute(sql, params).fetchone()
    return int(found[0] or 0) if found else 0


def logged_slugs(log: SessionLog) -> list[str]:
    """Every routine slug with a session in the log."""
    if not log.available:
        return []
    with log._lock:
        rows = log.conn.execute(
            "SELECT routine_slug FROM routine_totals WHERE sessions > 0"
        ).fetchall()
    return [row[0] for row in rows]
