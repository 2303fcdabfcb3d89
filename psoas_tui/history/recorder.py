"""Recording a session as it happens: a listener for the engine's events.

A session row when the session starts (``running``), one interval row committed as each
interval ends (with its check answer), the final status at the end. A process killed at
any moment loses at most the interval in progress; the next :func:`open_log` marks the
session ``interrupted``. The engine reports routine seconds, so time-scaled runs
(``PSOAS_TIME_SCALE``) log routine seconds.

The recorder keeps every write of its session (its journal). A log found damaged at any
point (the first write, a later one, or the check of the whole file that runs in the
background while the session does) is moved aside and the journal is written to a new log
under the same session id; the session goes on.
"""

from __future__ import annotations

import os
import sqlite3
import uuid
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from psoas_tui import __version__
from psoas_tui.coaching.sides import check_result
from psoas_tui.history.damage import LogDamaged
from psoas_tui.history.model import utc_text
from psoas_tui.plan import EXERCISE_KINDS, Interval, IntervalKind, Plan
from psoas_tui.processes import host_name
from psoas_tui.routine.model import SIDES, Step, StepKind
from psoas_tui.session import (
    Event,
    IntervalEnded,
    SessionAbandoned,
    SessionFinished,
    SessionStarted,
)
from psoas_tui.text.i18n import _

if TYPE_CHECKING:
    from psoas_tui.history.store import SessionLog, Statement


class Recorder:
    """Subscribe it to a session: ``session.subscribe(recorder)``."""

    def __init__(self, log: SessionLog, plan: Plan, *, time_scale: float = 1.0) -> None:
        self.log = log
        self.plan = plan
        self.time_scale = time_scale
        self.session_id = str(uuid.uuid4())
        self.started = False
        self.status: str | None = None
        self.failed: str | None = None
        self._seq = 0
        self._journal: list[Statement] = []

    @property
    def active(self) -> bool:
        """True while this recorder is writing (the log is open and nothing failed)."""
        return self.log.available and self.failed is None

    def __call__(self, event: Event) -> None:
        if not self.active:
            return
        try:
            if isinstance(event, SessionStarted):
                self._start()
            elif not self.started or self.status is not None:
                return
            elif isinstance(event, IntervalEnded):
                self._interval(event)
            elif isinstance(event, SessionFinished):
                self._finish("completed", event.active)
            elif isinstance(event, SessionAbandoned):
                self._finish("abandoned", event.active)
        except (sqlite3.Error, LogDamaged) as error:
            self.failed = str(error)
            self.log.warn(
                _(
                    "the session log {path} stopped recording ({error}); "
                    "the session goes on but the rest of it is not logged."
                ).format(path=self.log.path, error=error)
            )

    def close(self) -> None:
        """A session that never reached its end (the front end stopped) is ``interrupted``.
        Damage the background check found is dealt with first."""
        if not (self.active and self.started):
            return
        try:
            self.log.settle()
            if self.status is None:
                now = utc_text(datetime.now(UTC))
                self._write(
                    (
                        "UPDATE sessions SET status = 'interrupted', ended_utc = ?, "
                        "updated_utc = ? WHERE id = ? AND status = 'running'",
                        (now, now, self.session_id),
                    )
                )
                self.status = "interrupted"
        except (sqlite3.Error, LogDamaged) as error:
            self.failed = str(error)
            self.log.warn(
                _("the session log {path} could not be finished ({error}).").format(
                    path=self.log.path, error=error
                )
            )

    # -- writes ---------------------------------------------------------------------------

    def _write(self, *statements: Statement) -> None:
        """One transaction, kept in the journal (see :meth:`SessionLog.record`)."""
        self.log.record(self._journal, statements)

    def _start(self) -> None:
        if self.started:
            return
        plan = self.plan
        routine = plan.routine
        now = datetime.now(UTC)
        offset = now.astimezone().utcoffset()
        offset_seconds = int(offset.total_seconds()) if offset is not None else 0
        local_date = now.astimezone().date().isoformat()
        stamp = utc_text(now)
        fit = plan.adapted.fit if plan.adapted is not None else None
        self._write(
            (
                "INSERT INTO sessions (id, routine_slug, routine_name, content_hash, "
                "started_utc, utc_offset, local_date, updated_utc, status, planned_seconds, "
                "planned_intervals, planned_exercises, time_scale, psoas_version, first_side, "
                "host, pid, routine_id, budget_seconds, fitted_seconds) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'running', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    self.session_id,
                    routine.slug,
                    routine.name,
                    routine.content_hash,
                    stamp,
                    offset_seconds,
                    local_date,
                    stamp,
                    plan.total_seconds,
                    len(plan.intervals),
                    sum(1 for i in plan.intervals if i.kind in EXERCISE_KINDS),
                    self.time_scale,
                    __version__,
                    plan.first_side if routine.has_alternating_sides() else None,
                    host_name(),
                    os.getpid(),
                    routine.id,
                    fit.budget if fit is not None else None,
                    fit.seconds if fit is not None else None,
                ),
            )
        )
        self.started = True
        if self.log.background_check:
            self.log.start_check()

    def _interval(self, event: IntervalEnded) -> None:
        interval = event.interval
        self._seq += 1
        seq = self._seq
        exercise = interval.kind in EXERCISE_KINDS
        done = 1 if exercise and not event.skipped else 0
        per_side = event.actual if exercise else 0.0
        left, right = (per_side if interval.side == side else 0.0 for side in SIDES)
        statements: list[Statement] = [
            (
                "INSERT INTO intervals (session_id, seq, position, step_number, step_name, "
                "label, kind, side, set_no, round_no, reps, planned_seconds, actual_seconds, "
                "skipped, extended_seconds, start_offset) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    self.session_id,
                    seq,
                    interval.index,
                    interval.step_number,
                    interval.step_name,
                    interval.step_name,  # the label is the author's text, never a word of psoas
                    str(interval.kind),
                    interval.side,
                    interval.set,
                    interval.round,
                    interval.reps,
                    interval.duration,
                    event.actual,
                    1 if event.skipped else 0,
                    event.extended,
                    event.started_at,
                ),
            )
        ]
        if interval.kind is IntervalKind.CHECK:
            index, score, about = self._scored(interval, event.answer)
            statements.append(
                (
                    "INSERT INTO answers (session_id, seq, step_number, step_name, side, "
                    "question, answer, answer_index, answer_score, about_side) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        self.session_id,
                        seq,
                        interval.step_number,
                        interval.step_name,
                        interval.side,
                        interval.question,
                        event.answer,
                        index,
                        score,
                        about,
                    ),
                )
            )
        statements.append(
            (
                "UPDATE sessions SET active_seconds = active_seconds + ?, "
                "done_exercises = done_exercises + ?, left_seconds = left_seconds + ?, "
                "right_seconds = right_seconds + ?, updated_utc = ? WHERE id = ?",
                (
                    0.0 if interval.kind is IntervalKind.CHECK else event.actual,  # waiting
                    done,
                    left,
                    right,
                    utc_text(datetime.now(UTC)),
                    self.session_id,
                ),
            )
        )
        self._write(*statements)

    def _scored(
        self, interval: Interval, answer: str | None
    ) -> tuple[int | None, int | None, str | None]:
        """An answer's index (0-based), its score and the side the score is about: so that
        it counts the same after a translation or an edited answer text."""
        if answer is None or answer not in interval.answers:
            return None, None, None
        index = interval.answers.index(answer)
        step = step_at(self.plan.routine.steps, interval.step_number)
        if step is None or index >= len(step.scores):
            return index, None, None
        result = check_result(step, interval.side, index, datetime.now(UTC))
        return index, step.scores[index], result.side if result is not None else None

    def _finish(self, status: str, active: float) -> None:
        now = utc_text(datetime.now(UTC))
        self._write(
            (
                "UPDATE sessions SET status = ?, ended_utc = ?, updated_utc = ?, "
                "active_seconds = ? WHERE id = ?",
                (status, now, now, active, self.session_id),
            )
        )
        self.status = status


def step_at(steps: tuple[Step, ...], number: str) -> Step | None:
    """The step ``number`` (as the plan numbers them: ``2``, ``3.1``) of ``steps``."""
    head, _, rest = number.partition(".")
    if not head.isdigit() or not 1 <= int(head) <= len(steps):
        return None
    step = steps[int(head) - 1]
    if not rest:
        return step
    return step_at(step.steps, rest) if step.kind is StepKind.BLOCK else None
