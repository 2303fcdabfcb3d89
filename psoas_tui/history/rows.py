"""The log's rows as SQL reads them and as psoas uses them: the columns each query selects,
the filters of ``psoas log``/``export``, and the conversion to the model's row types."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from psoas_tui.history.model import AnswerRow, IntervalRow, SessionRow, from_utc_text

SESSION_COLUMNS = (
    "id, routine_slug, routine_name, content_hash, started_utc, utc_offset, ended_utc, "
    "status, active_seconds, planned_seconds, planned_intervals, planned_exercises, "
    "done_exercises, left_seconds, right_seconds, time_scale, psoas_version, first_side, note, "
    "routine_id, budget_seconds, fitted_seconds"
)
INTERVAL_COLUMNS = (
    "seq, position, step_number, step_name, label, kind, side, set_no, round_no, reps, "
    "planned_seconds, actual_seconds, skipped, extended_seconds, start_offset"
)
ANSWER_COLUMNS = (
    "seq, step_number, step_name, side, question, answer, answer_index, answer_score, about_side"
)


def session_filters(since: date | None, routine: str | None) -> tuple[str, list[Any]]:
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
        routine_id,
        budget,
        fitted,
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
        routine_id=routine_id or slug,
        budget_seconds=budget,
        fitted_seconds=fitted,
    )


def interval_row(row: Sequence[Any]) -> IntervalRow:
    values = list(row)
    values[12] = bool(values[12])
    return IntervalRow(*values)
