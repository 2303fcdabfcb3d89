"""Export: every session of the log (filtered) as one JSON line, with its intervals, check
answers and tightness, streamed in UUID order (``psoas export``; :mod:`importer` reads it).
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections.abc import Generator, Iterable
from datetime import date
from typing import Any

from psoas_tui.history.model import from_utc_text
from psoas_tui.history.rows import ANSWER_COLUMNS, INTERVAL_COLUMNS, session_filters
from psoas_tui.history.store import SessionLog
from psoas_tui.kinds import SIDES

FORMAT = "psoas-session/2"  # 2: routine_id, budget and fit, answers by index and score
FORMAT_V1 = "psoas-session/1"  # still imported
EXPORT_SESSION_COLUMNS = (
    "id, routine_slug, routine_name, content_hash, started_utc, utc_offset, ended_utc, "
    "status, active_seconds, planned_seconds, planned_intervals, planned_exercises, "
    "time_scale, psoas_version, first_side, note, routine_id, budget_seconds, fitted_seconds"
)


def export_lines(
    log: SessionLog, *, since: date | None = None, routine: str | None = None
) -> Generator[str, None, None]:
    """Every session (filtered) as one JSON line, in UUID order; streams, merge-joined."""
    if not log.available:
        return
    where, params = session_filters(since, routine)
    conn = log.conn
    # Separate connections would each see their own snapshot; one read transaction keeps
    # the four cursors consistent with each other while a runner writes.
    with log._lock:
        conn.execute("BEGIN")
        try:
            sessions = conn.execute(
                f"SELECT {EXPORT_SESSION_COLUMNS} FROM sessions s{where} ORDER BY s.id", params
            )
            intervals = _grouped(
                conn.execute(
                    f"SELECT i.session_id, {_prefixed('i', INTERVAL_COLUMNS)} FROM intervals i "
                    f"JOIN sessions s ON s.id = i.session_id{where} "
                    "ORDER BY i.session_id, i.seq",
                    params,
                )
            )
            answers = _grouped(
                conn.execute(
                    f"SELECT a.session_id, {_prefixed('a', ANSWER_COLUMNS)} FROM answers a "
                    f"JOIN sessions s ON s.id = a.session_id{where} "
                    "ORDER BY a.session_id, a.seq",
                    params,
                )
            )
            tightness = _grouped(
                conn.execute(
                    "SELECT t.session_id, t.side, t.rating FROM tightness t "
                    f"JOIN sessions s ON s.id = t.session_id{where} ORDER BY t.session_id",
                    params,
                )
            )
            for row in sessions:
                session_id = row[0]
                document = _session_document(
                    row,
                    intervals.take(session_id),
                    answers.take(session_id),
                    tightness.take(session_id),
                )
                yield json.dumps(document, ensure_ascii=False, separators=(",", ":"))
        finally:
            with contextlib.suppress(sqlite3.Error):
                conn.execute("COMMIT")


def _prefixed(alias: str, columns: str) -> str:
    return ", ".join(f"{alias}.{name.strip()}" for name in columns.split(","))


class _grouped:
    """Rows sorted by session id, handed out one session at a time (a merge join)."""

    def __init__(self, rows: Iterable[tuple[Any, ...]]) -> None:
        self._rows = iter(rows)
        self._next: tuple[Any, ...] | None = next(self._rows, None)

    def take(self, session_id: str) -> list[tuple[Any, ...]]:
        found: list[tuple[Any, ...]] = []
        while self._next is not None and self._next[0] <= session_id:
            if self._next[0] == session_id:
                found.append(self._next[1:])
            self._next = next(self._rows, None)
        return found


def _session_document(
    row: tuple[Any, ...],
    intervals: list[tuple[Any, ...]],
    answers: list[tuple[Any, ...]],
    tightness: list[tuple[Any, ...]],
) -> dict[str, Any]:
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
        scale,
        version,
        first_side,
        note,
        routine_id,
        budget,
        fitted,
    ) = row
    ratings: dict[str, int | None] = dict.fromkeys(SIDES)
    for side, rating in tightness:
        ratings[side] = rating
    return {
        "format": FORMAT,
        "id": session_id,
        "routine_slug": slug,
        "routine_id": routine_id or slug,
        "routine_name": name,
        "content_hash": content_hash,
        "started": from_utc_text(started, offset).isoformat(),
        "ended": from_utc_text(ended, offset).isoformat() if ended else None,
        "status": status,
        "active_seconds": active,
        "planned_seconds": planned,
        "planned_intervals": planned_intervals,
        "planned_exercises": planned_exercises,
        "time_scale": scale,
        "psoas_version": version,
        "first_side": first_side,
        "note": note,
        "budget_seconds": budget,
        "fitted_seconds": fitted,
        "tightness": ratings,
        "intervals": [
            {
                "seq": i[0],
                "position": i[1],
                "step_number": i[2],
                "step_name": i[3],
                "label": i[4],
                "kind": i[5],
                "side": i[6],
                "set": i[7],
                "round": i[8],
                "reps": i[9],
                "planned_seconds": i[10],
                "actual_seconds": i[11],
                "skipped": bool(i[12]),
                "extended_seconds": i[13],
                "start_offset": i[14],
            }
            for i in intervals
        ],
        "answers": [
            {
                "seq": a[0],
                "step_number": a[1],
                "step_name": a[2],
                "side": a[3],
                "question": a[4],
                "answer": a[5],
                "answer_index": a[6],
                "answer_score": a[7],
                "about_side": a[8],
            }
            for a in answers
        ],
    }
