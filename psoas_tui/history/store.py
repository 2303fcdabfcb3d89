"""The session log: open it (never raising), record sessions, query them."""

from __future__ import annotations

import contextlib
import sqlite3
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from psoas_tui.history import schema
from psoas_tui.history.damage import (
    DamageCheck,
    LogDamaged,
    file_identity,
    is_corruption,
    move_aside,
)
from psoas_tui.history.model import (
    AnswerRow,
    SessionDetail,
    SessionRow,
    from_utc_text,
)
from psoas_tui.history.rows import (
    ANSWER_COLUMNS,
    INTERVAL_COLUMNS,
    SESSION_COLUMNS,
    interval_row,
    session_filters,
    session_row,
)
from psoas_tui.kinds import SIDES, other_side
from psoas_tui.processes import host_name, pid_alive
from psoas_tui.text.i18n import _

if TYPE_CHECKING:
    from psoas_tui.coaching.sides import SideResult
    from psoas_tui.history.model import Stats
    from psoas_tui.history.recorder import Recorder
    from psoas_tui.plan import Plan
    from psoas_tui.routine.model import Side

Warn = Callable[[str], None]

# A running session whose process is on another host (a synced folder) counts as stale
# once it has not written for this long.
STALE_ELSEWHERE = timedelta(hours=12)
RESULT_SESSIONS = 30  # sessions with per-side results the tight-side rule reads
TREND_SESSIONS = 1000  # ... that the weekly gap between the sides is charted from
CHECK_WAIT = 1.0  # seconds a closing recorder waits for the damage check to finish


def stderr_warn(message: str) -> None:
    print(_("psoas: {message}").format(message=message), file=sys.stderr, flush=True)


# One write: a statement and its parameters. A recorder keeps the writes of its session
# (its journal), so a log found damaged can be moved aside and the session written again.
Statement = tuple[str, Sequence[Any]]


class SessionLog:
    """The SQLite session log. Safe to share between threads (one lock per log).

    ``damaged`` is the reason when the file is known to be damaged: queries then raise
    :class:`LogDamaged`, and the next :meth:`record` moves the file aside first.
    ``background_check``: a recorder starts :meth:`start_check` when its session starts
    (tests of the write path turn it off, to see what a write alone finds).
    """

    background_check = True

    def __init__(
        self,
        path: Path,
        conn: sqlite3.Connection | None,
        *,
        warn: Warn = stderr_warn,
        warning: str | None = None,
        damaged: str | None = None,
    ) -> None:
        self.path = path
        self.warning = warning
        self.warn = warn
        self.damaged = damaged
        self._conn = conn
        self._lock = threading.RLock()
        self._identity = file_identity(path) if conn is not None or damaged else None
        self._journals: list[list[Statement]] = []  # every recorder's writes, for a move
        self._own_journal: list[Statement] = []  # the summaries saved through this log
        self._check: DamageCheck | None = None
        self._checked = False

    @classmethod
    def unavailable(cls, path: Path, why: str) -> SessionLog:
        return cls(path, None, warning=why)

    @classmethod
    def damaged_at(cls, path: Path, reason: str, *, warn: Warn = stderr_warn) -> SessionLog:
        """A log whose file cannot be opened because it is damaged: left where it is."""
        return cls(path, None, warn=warn, warning=str(LogDamaged(path, reason)), damaged=reason)

    @property
    def available(self) -> bool:
        """True when sessions can be recorded (a damaged file is moved aside first)."""
        return self._conn is not None or self.damaged is not None

    @property
    def conn(self) -> sqlite3.Connection:
        if self.damaged is not None:
            raise LogDamaged(self.path, self.damaged)
        if self._conn is None:
            raise sqlite3.OperationalError(self.warning or "the log is not open")
        return self._conn

    def close(self) -> None:
        self._stop_check()
        with self._lock:
            if self._conn is not None:
                with contextlib.suppress(sqlite3.Error):
                    self._conn.close()
                self._conn = None

    def __enter__(self) -> SessionLog:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- damage ---------------------------------------------------------------------------

    @contextlib.contextmanager
    def _reading(self) -> Iterator[sqlite3.Connection | None]:
        """The connection for a query (None: no log); damage found raises LogDamaged."""
        with self._lock:
            if self.damaged is not None:
                raise LogDamaged(self.path, self.damaged)
            try:
                yield self._conn
            except sqlite3.DatabaseError as error:
                if not is_corruption(error):
                    raise
                self.damaged = str(error)
                raise LogDamaged(self.path, self.damaged) from None

    def start_check(self) -> None:
        """Check the whole file in the background, once per open file (a session runs)."""
        with self._lock:
            if self._checked or self._conn is None or self.damaged is not None:
                return
            self._checked = True
            self._check = DamageCheck(self.path, self._found_damage)

    def _found_damage(self, reason: str) -> None:
        # From the check's thread, without the lock (close() waits for that thread).
        if self.damaged is None:
            self.damaged = reason

    def _stop_check(self, wait: float = 0.0) -> None:
        check, self._check = self._check, None
        if check is not None:
            check.wait(wait)

    def settle(self) -> None:
        """Wait (a little) for the background check; damage it found moves the file now."""
        self._stop_check(CHECK_WAIT)
        with self._lock:
            if self.damaged is not None:
                self._replace_damaged()

    def _replace_damaged(self) -> None:
        """Move the damaged file aside, start a new log and write every recorded session
        (and saved summary) into it again. Raises ``sqlite3.Error`` if that fails."""
        self._stop_check()
        reason = self.damaged or "damaged"
        if self._conn is not None:
            with contextlib.suppress(sqlite3.Error):
                self._conn.close()
            self._conn = None
        moved: Path | None = None
        if self._identity is None or file_identity(self.path) == self._identity:
            try:
                moved = move_aside(self.path)
            except FileNotFoundError:
                pass  # already moved by another psoas
            except OSError as error:
                self.damaged = None
                self.warning = (
                    f"the log {self.path} is damaged ({reason}) and could not be moved aside "
                    f"({error.strerror or error}); move it away by hand."
                )
                raise sqlite3.OperationalError(self.warning) from None
        try:
            conn = schema.connect(self.path)
        except (schema.CorruptLog, schema.NewerLog, sqlite3.Error, OSError) as error:
            self.damaged = None
            self.warning = f"cannot start a new log {self.path} ({error})"
            raise sqlite3.OperationalError(self.warning) from None
        self._conn, self.damaged, self.warning = conn, None, None
        self._identity = file_identity(self.path)
        self._checked = True  # a new file: nothing to check
        journals = [*self._journals, self._own_journal]
        with self.write() as fresh:
            for journal in journals:
                for sql, params in journal:
                    fresh.execute(sql, params)
        where = f"it was moved to {moved}" if moved else "another psoas moved it aside"
        again = sum(1 for journal in self._journals if journal)
        self.warn(
            f"the session log {self.path} is damaged ({reason}); {where} (nothing was "
            "deleted) and a new log was started"
            + (", with this session written to it again." if again else ".")
        )

    def record(self, journal: list[Statement], statements: Sequence[Statement]) -> None:
        """Write ``statements`` in one transaction and add them to ``journal``. A damaged
        file (known, or found by this write) is moved aside, the journals are written to
        a new log, and the statements then; other errors are raised."""
        with self._lock:
            if not any(journal is known for known in self._journals):
                self._journals.append(journal)
            if self.damaged is not None:
                self._replace_damaged()
            try:
                self._execute(statements)
            except sqlite3.DatabaseError as error:
                if not is_corruption(error):
                    raise
                self.damaged = str(error)
                self._replace_damaged()
                self._execute(statements)
            journal.extend(statements)

    def _execute(self, statements: Sequence[Statement]) -> None:
        with self.write() as conn:
            for sql, params in statements:
                conn.execute(sql, params)

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
        now = now or datetime.now(UTC)
        host = host_name()
        with self._reading() as conn:
            if conn is None:
                return 0
            rows = conn.execute(
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
            with self.write() as writing:
                writing.executemany(
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
        after a session. A side given as None loses its rating; a side not given keeps it.
        A damaged log is moved aside first (as for a recorder)."""
        if not self.available:
            return
        tightness = tightness or {}
        for side, rating in tightness.items():
            if side not in SIDES:
                raise ValueError(f"tightness side must be {' or '.join(SIDES)}, not {side!r}")
            if rating is not None and not (isinstance(rating, int) and 0 <= rating <= 10):
                raise ValueError(f"tightness must be a whole number 0-10, not {rating!r}")
        statements: list[Statement] = [
            ("UPDATE sessions SET note = ? WHERE id = ?", (note or None, session_id))
        ]
        for side, rating in tightness.items():
            if rating is None:
                statements.append(
                    (
                        "DELETE FROM tightness WHERE session_id = ? AND side = ?",
                        (session_id, side),
                    )
                )
            else:
                statements.append(
                    (
                        "INSERT INTO tightness (session_id, side, rating) VALUES (?, ?, ?) "
                        "ON CONFLICT (session_id, side) DO UPDATE SET rating = excluded.rating",
                        (session_id, side, rating),
                    )
                )
        self.record(self._own_journal, statements)

    # -- reading --------------------------------------------------------------------------

    def alternate_first_side(self, slug: str) -> Side:
        """The side ``alternate`` steps start on: the other one from last time; left first."""
        with self._reading() as conn:
            if conn is None:
                return SIDES[0]
            row = conn.execute(
                "SELECT first_side FROM sessions s WHERE routine_slug = ? "
                "AND first_side IS NOT NULL AND EXISTS (SELECT 1 FROM intervals i "
                "WHERE i.session_id = s.id AND i.side IS NOT NULL) "
                "ORDER BY started_utc DESC LIMIT 1",
                (slug,),
            ).fetchone()
        if row is None or row[0] not in SIDES:
            return SIDES[0]
        return other_side(row[0])

    def side_results(self, *, sessions: int = RESULT_SESSIONS) -> list[SideResult]:
        """The per-side results of the last ``sessions`` sessions that have any, oldest
        first, for the tight-side rule (docs/coaching.md): each scored check answer (a
        Thomas score 0–2, about the side it was logged about) and each end-of-session
        tightness rating (0–10, divided by 5). Every routine counts: the hips are one."""
        from psoas_tui.coaching.sides import CHECK_SOURCE, SideResult, rating_result

        with self._reading() as conn:
            if conn is None:
                return []
            rows = conn.execute(
                "WITH recent AS (SELECT id, started_utc, utc_offset FROM sessions s "
                "WHERE EXISTS (SELECT 1 FROM answers a WHERE a.session_id = s.id "
                "AND a.answer_score IS NOT NULL AND a.about_side IS NOT NULL) "
                "OR EXISTS (SELECT 1 FROM tightness t WHERE t.session_id = s.id) "
                "ORDER BY started_utc DESC LIMIT ?) "
                "SELECT r.started_utc, r.utc_offset, 0, a.about_side, a.answer_score, "
                "a.step_name, a.seq FROM recent r JOIN answers a ON a.session_id = r.id "
                "WHERE a.answer_score IS NOT NULL AND a.about_side IS NOT NULL "
                "UNION ALL SELECT r.started_utc, r.utc_offset, 1, t.side, t.rating, '', 0 "
                "FROM recent r JOIN tightness t ON t.session_id = r.id "
                "ORDER BY 1, 3, 7",
                (sessions,),
            ).fetchall()
        results: list[SideResult] = []
        for started, offset, rating, side, value, step_name, _seq in rows:
            if side not in SIDES:
                continue
            when = from_utc_text(started, offset)
            if rating:  # 0: a scored answer, 1: a tightness rating (sorted after answers)
                results.append(rating_result(when, side, int(value)))
            else:
                results.append(SideResult(when, side, float(value), CHECK_SOURCE, step_name))
        return results

    def last_done(self) -> dict[str, datetime]:
        """Each routine slug with the start of its last completed session (aware)."""
        with self._reading() as conn:
            if conn is None:
                return {}
            rows = conn.execute(
                "SELECT routine_slug, started_utc, utc_offset FROM sessions s "
                "WHERE status = 'completed' AND started_utc = (SELECT MAX(started_utc) "
                "FROM sessions t WHERE t.routine_slug = s.routine_slug "
                "AND t.status = 'completed')"
            ).fetchall()
        return {slug: from_utc_text(started, offset) for slug, started, offset in rows}

    def count(self, *, since: date | None = None, routine: str | None = None) -> int:
        # The totals kept by triggers count without visiting every session.
        with self._reading() as conn:
            if conn is None:
                return 0
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
            found = conn.execute(sql, params).fetchone()
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
        where, params = session_filters(since, routine)
        sql = (
            f"SELECT {SESSION_COLUMNS} FROM sessions s{where} ORDER BY started_utc DESC "
            "LIMIT ? OFFSET ?"
        )
        with self._reading() as conn:
            if conn is None:
                return []
            rows = conn.execute(
                sql, [*params, -1 if limit is None else limit, max(0, offset)]
            ).fetchall()
            ids = [row[0] for row in rows]
            answers = self._answers_for(ids)
            tightness = self._tightness_for(ids)
        return [
            session_row(row, answers.get(row[0], ()), tightness.get(row[0], {})) for row in rows
        ]

    def session_detail(self, session_id: str) -> SessionDetail | None:
        with self._reading() as conn:
            if conn is None:
                return None
            row = conn.execute(
                f"SELECT {SESSION_COLUMNS} FROM sessions s WHERE id = ?", (session_id,)
            ).fetchone()
            if row is None:
                return None
            intervals = conn.execute(
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

        with self._reading() as conn:
            return compute_stats(conn, today=today or date.today(), weeks=weeks)

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
