"""The session log: open it (never raising), record sessions, query them."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from psoas_tui.history import schema
from psoas_tui.history.model import (
    AnswerRow,
    IntervalRow,
    SessionDetail,
    SessionRow,
    from_utc_text,
    utc_text,
)
from psoas_tui.locations import Locations
from psoas_tui.processes import pid_alive

if TYPE_CHECKING:
    from psoas_tui.history.model import Stats
    from psoas_tui.history.recorder import Recorder
    from psoas_tui.plan import Plan
    from psoas_tui.routine.model import Side

Warn = Callable[[str], None]

# A running session whose process is on another host (a synced folder) counts as stale
# once it has not written for this long.
STALE_ELSEWHERE = timedelta(hours=12)

SESSION_COLUMNS = (
    "id, routine_slug, routine_name, content_hash, started_utc, utc_offset, ended_utc, "
    "status, active_seconds, planned_seconds, planned_intervals, planned_exercises, "
    "done_exercises, left_seconds, right_seconds, time_scale, psoas_version, first_side, note"
)
INTERVAL_COLUMNS = (
    "seq, position, step_number, step_name, label, kind, side, set_no, round_no, reps, "
    "planned_seconds, actual_seconds, skipped, extended_seconds, start_offset"
)
ANSWER_COLUMNS = "seq, step_number, step_name, side, question, answer"


def _stderr_warn(message: str) -> None:
    print(f"psoas: {message}", file=sys.stderr, flush=True)


def display_path(path: Path) -> str:
    """``~/.local/share/psoas/history.sqlite3`` when under the home folder."""
    try:
        home = Path.home()
        return "~/" + str(path.relative_to(home)) if path.is_relative_to(home) else str(path)
    except (RuntimeError, ValueError):
        return str(path)


def open_log(
    locations: Locations, *, warn: Warn = _stderr_warn, path: Path | None = None
) -> SessionLog:
    """Open (creating or upgrading) the session log. Never raises.

    A corrupt file is moved aside (never deleted), ``warn`` says where, and a new log is
    started. A folder that cannot be created or written gives a log with
    ``available=False`` and a ``warning`` saying why: recording then does nothing.
    """
    path = path or locations.log_file
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        return SessionLog.unavailable(
            path,
            f"cannot create the data folder {path.parent} ({error.strerror or error}); "
            "this session is not logged. Set PSOAS_HOME to a writable folder.",
        )
    for _attempt in range(3):
        try:
            conn = schema.connect(path)
        except schema.CorruptLog as error:
            try:
                moved = move_aside(path)
            except OSError as move_error:
                return SessionLog.unavailable(
                    path,
                    f"the log {path} cannot be read ({error}) and could not be moved aside "
                    f"({move_error.strerror or move_error}); this session is not logged. "
                    "Move the file away by hand.",
                )
            warn(
                f"the session log {path} could not be read ({error}); it was moved to "
                f"{moved} (nothing was deleted) and a new log was started."
            )
            continue
        except schema.NewerLog as error:
            return SessionLog.unavailable(path, f"not logging to {path}: {error}.")
        except (sqlite3.Error, OSError) as error:
            return SessionLog.unavailable(
                path,
                f"cannot write the log {path} ({error}); this session is not logged. "
                "Check that the folder is writable, or set PSOAS_HOME to one that is.",
            )
        log = SessionLog(path, conn, warn=warn)
        try:
            log.mark_stale()
        except sqlite3.OperationalError as error:
            log.close()
            return SessionLog.unavailable(
                path, f"cannot write the log {path} ({error}); this session is not logged."
            )
        except sqlite3.DatabaseError as error:  # damaged pages: the same as a corrupt file
            log.close()
            try:
                moved = move_aside(path)
            except OSError as move_error:
                return SessionLog.unavailable(
                    path,
                    f"the log {path} is damaged ({error}) and could not be moved aside "
                    f"({move_error.strerror or move_error}); this session is not logged.",
                )
            warn(
                f"the session log {path} is damaged ({error}); it was moved to {moved} "
                "(nothing was deleted) and a new log was started."
            )
            continue
        return log
    return SessionLog.unavailable(path, f"the log {path} keeps failing to open; not logging.")


def move_aside(path: Path) -> Path:
    """Rename a bad log (and its -wal/-shm files) to ``NAME.corrupt-STAMP``; never delete."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.corrupt-{stamp}")
    number = 1
    while target.exists():
        number += 1
        target = path.with_name(f"{path.name}.corrupt-{stamp}-{number}")
    os.replace(path, target)
    for suffix in ("-wal", "-shm"):
        extra = path.with_name(path.name + suffix)
        if extra.exists():
            with contextlib.suppress(OSError):
                os.replace(extra, target.with_name(target.name + suffix))
    return target


def host_name() -> str:
    """This machine's name (without importing socket: `psoas stats` starts faster)."""
    if hasattr(os, "uname"):
        return os.uname().nodename
    return os.environ.get("COMPUTERNAME", "")


class SessionLog:
    """The SQLite session log. Safe to share between threads (one lock per log)."""

    def __init__(
        self,
        path: Path,
        conn: sqlite3.Connection | None,
        *,
        warn: Warn = _stderr_warn,
        warning: str | None = None,
    ) -> None:
        self.path = path
        self.warning = warning
        self.warn = warn
        self._conn = conn
        self._lock = threading.RLock()

    @classmethod
    def unavailable(cls, path: Path, why: str) -> SessionLog:
        return cls(path, None, warning=why)

    @property
    def available(self) -> bool:
        return self._conn is not None

    @property
    def conn(self) -> sqlite3.Connection:
        if self._conn is None:
            raise sqlite3.OperationalError(self.warning or "the log is not open")
        return self._conn

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                with contextlib.suppress(sqlite3.Error):
                    self._conn.close()
                self._conn = None

    def __enter__(self) -> SessionLog:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing --------------------------------------------------------------------------

    @contextlib.contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction (BEGIN IMMEDIATE ... COMMIT), rolled back on any error."""
        with self._lock:
            conn = self.conn
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                with contextlib.suppress(sqlite3.Error):
                    conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")

    def recorder(self, plan: Plan, *, time_scale: float = 1.0) -> Recorder:
        from psoas_tui.history.recorder import Recorder

        return Recorder(self, plan, time_scale=time_scale)

    def mark_stale(self, *, now: datetime | None = None) -> int:
        """Mark ``running`` sessions whose process is gone as ``interrupted``."""
        if self._conn is None:
            return 0
        now = now or datetime.now(UTC)
        host = host_name()
        with self._lock:
            rows = self.conn.execute(
                "SELECT id, host, pid, updated_utc FROM sessions WHERE status = 'running'"
            ).fetchall()
            stale = []
            for session_id, owner_host, pid, updated in rows:
                if owner_host == host:
                    if not pid_alive(int(pid)):
                        stale.append(session_id)
                elif now - datetime.fromisoformat(updated) > STALE_ELSEWHERE:
                    stale.append(session_id)
            if not stale:
                return 0
            with self.write() as conn:
                conn.executemany(
                    "UPDATE sessions SET status = 'interrupted', ended_utc = updated_utc "
                    "WHERE id = ? AND status = 'running'",
                    [(session_id,) for session_id in stale],
                )
        return len(stale)

    def save_summary(
        self,
        session_id: str,
        *,
        note: str | None = None,
        tightness: dict[str, int | None] | None = None,
    ) -> None:
        """The note (empty or None: no note) and the 0-10 tightness per side the user gave
        after a session. A side given as None loses its rating; a side not given keeps it."""
        if self._conn is None:
            return
        tightness = tightness or {}
        for side, rating in tightness.items():
            if side not in ("left", "right"):
                raise ValueError(f"tightness side must be left or right, not {side!r}")
            if rating is not None and not (isinstance(rating, int) and 0 <= rating <= 10):
                raise ValueError(f"tightness must be a whole number 0-10, not {rating!r}")
        with self.write() as conn:
            conn.execute("UPDATE sessions SET note = ? WHERE id = ?", (note or None, session_id))
            for side, rating in tightness.items():
                if rating is None:
                    conn.execute(
                        "DELETE FROM tightness WHERE session_id = ? AND side = ?",
                        (session_id, side),
                    )
                else:
                    conn.execute(
                        "INSERT INTO tightness (session_id, side, rating) VALUES (?, ?, ?) "
                        "ON CONFLICT (session_id, side) DO UPDATE SET rating = excluded.rating",
                        (session_id, side, rating),
                    )

    # -- reading --------------------------------------------------------------------------

    def alternate_first_side(self, slug: str) -> Side:
        """The side ``alternate`` steps start on: the other one from last time; left first."""
        if self._conn is None:
            return "left"
        with self._lock:
            row = self.conn.execute(
                "SELECT first_side FROM sessions s WHERE routine_slug = ? "
                "AND first_side IS NOT NULL AND EXISTS (SELECT 1 FROM intervals i "
                "WHERE i.session_id = s.id AND i.side IS NOT NULL) "
                "ORDER BY started_utc DESC LIMIT 1",
                (slug,),
            ).fetchone()
        if row is None:
            return "left"
        return "left" if row[0] == "right" else "right"

    def last_done(self) -> dict[str, datetime]:
        """Each routine slug with the start of its last completed session (aware)."""
        if self._conn is None:
            return {}
        with self._lock:
            rows = self.conn.execute(
                "SELECT routine_slug, started_utc, utc_offset FROM sessions s "
                "WHERE status = 'completed' AND started_utc = (SELECT MAX(started_utc) "
                "FROM sessions t WHERE t.routine_slug = s.routine_slug "
                "AND t.status = 'completed')"
            ).fetchall()
        return {slug: from_utc_text(started, offset) for slug, started, offset in rows}

    def count(self, *, since: date | None = None, routine: str | None = None) -> int:
        if self._conn is None:
            return 0
        # The totals kept by triggers count without visiting every session.
        with self._lock:
            if since is None and routine is None:
                sql, params = "SELECT SUM(sessions) FROM routine_totals", []
            elif since is None:
                sql, params = (
                    "SELECT sessions FROM routine_totals WHERE routine_slug = ?",
                    [routine],
                )
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
            found = self.conn.execute(sql, params).fetchone()
        return int(found[0] or 0)

    def sessions(
        self,
        *,
        offset: int = 0,
        limit: int | None = 50,
        since: date | None = None,
        routine: str | None = None,
    ) -> list[SessionRow]:
        """Sessions newest first, a page at a time (``limit=None``: all of them)."""
        if self._conn is None:
            return []
        where, params = _filters(since, routine)
        sql = (
            f"SELECT {SESSION_COLUMNS} FROM sessions s{where} ORDER BY started_utc DESC "
            "LIMIT ? OFFSET ?"
        )
        with self._lock:
            rows = self.conn.execute(
                sql, [*params, -1 if limit is None else limit, max(0, offset)]
            ).fetchall()
            ids = [row[0] for row in rows]
            answers = self._answers_for(ids)
            tightness = self._tightness_for(ids)
        return [
            session_row(row, answers.get(row[0], ()), tightness.get(row[0], {})) for row in rows
        ]

    def session_detail(self, session_id: str) -> SessionDetail | None:
        if self._conn is None:
            return None
        with self._lock:
            row = self.conn.execute(
                f"SELECT {SESSION_COLUMNS} FROM sessions s WHERE id = ?", (session_id,)
            ).fetchone()
            if row is None:
                return None
            intervals = self.conn.execute(
                f"SELECT {INTERVAL_COLUMNS} FROM intervals WHERE session_id = ? ORDER BY seq",
                (session_id,),
            ).fetchall()
            answers = self._answers_for([session_id])
            tightness = self._tightness_for([session_id])
        return SessionDetail(
            session_row(row, answers.get(session_id, ()), tightness.get(session_id, {})),
            tuple(interval_row(item) for item in intervals),
        )

    def stats(self, *, today: date | None = None, weeks: int = 12) -> Stats:
        from psoas_tui.history.stats import compute_stats

        with self._lock:
            return compute_stats(self._conn, today=today or date.today(), weeks=weeks)

    def _answers_for(self, ids: Sequence[str]) -> dict[str, tuple[AnswerRow, ...]]:
        found: dict[str, list[AnswerRow]] = {}
        for chunk in _chunks(ids):
            marks = ",".join("?" * len(chunk))
            for row in self.conn.execute(
                f"SELECT session_id, {ANSWER_COLUMNS} FROM answers "
                f"WHERE session_id IN ({marks}) ORDER BY session_id, seq",
                chunk,
            ):
                found.setdefault(row[0], []).append(AnswerRow(*row[1:]))
        return {key: tuple(value) for key, value in found.items()}

    def _tightness_for(self, ids: Sequence[str]) -> dict[str, dict[str, int | None]]:
        found: dict[str, dict[str, int | None]] = {}
        for chunk in _chunks(ids):
            marks = ",".join("?" * len(chunk))
            for session_id, side, rating in self.conn.execute(
                f"SELECT session_id, side, rating FROM tightness WHERE session_id IN ({marks})",
                chunk,
            ):
                found.setdefault(session_id, {})[side] = rating
        return found


def _chunks(ids: Sequence[str], size: int = 500) -> Iterator[Sequence[str]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def _filters(since: date | None, routine: str | None) -> tuple[str, list[Any]]:
    clauses: list[str] = []
    params: list[Any] = []
    if since is not None:
        clauses.append("s.local_date >= ?")
        params.append(since.isoformat())
    if routine is not None:
        clauses.append("s.routine_slug = ?")
        params.append(routine)
    return (" WHERE " + " AND ".join(clauses) if clauses else ""), params


def session_row(
    row: Sequence[Any], answers: tuple[AnswerRow, ...], tightness: dict[str, int | None]
) -> SessionRow:
    (
        session_id,
        slug,
        name,
        content_hash,
        started,
        offset,
        ended,
        status,
        active,
        planned,
        planned_intervals,
        planned_exercises,
        done_exercises,
        left,
        right,
        scale,
        version,
        first_side,
        note,
    ) = row
    return SessionRow(
        id=session_id,
        routine_slug=slug,
        routine_name=name,
        content_hash=content_hash,
        started=from_utc_text(started, offset),
        ended=from_utc_text(ended, offset) if ended else None,
        status=status,
        active_seconds=active,
        planned_seconds=planned,
        planned_intervals=planned_intervals,
        planned_exercises=planned_exercises,
        done_exercises=done_exercises,
        left_seconds=left,
        right_seconds=right,
        time_scale=scale,
        psoas_version=version,
        first_side=first_side,
        note=note,
        answers=answers,
        tightness=tightness,
    )


def interval_row(row: Sequence[Any]) -> IntervalRow:
    values = list(row)
    values[12] = bool(values[12])
    return IntervalRow(*values)


def now_utc_text() -> str:
    return utc_text(datetime.now(UTC))
