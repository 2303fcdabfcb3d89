"""Resuming a cut-off session: where it stopped, the same plan again, and its log row going on.

A session is resumable when it is the newest one in the log (of its routine, for
``psoas run ROUTINE --resume``; of all, for home's offer), its status is ``interrupted``
(neither finished nor abandoned: the process died, the terminal closed) and it was cut off
less than :data:`RESUME_WITHIN` ago.

It resumes at the first interval that did not end: the one after the last interval row
the log holds (rows are written as intervals end; the one under way when it was cut off
was never written). The plan is rebuilt as it was: the same routine file (its content
hash must match the logged one, else :class:`RoutineChanged`) and the same first side of
the alternating steps (logged as ``first_side``). What it relies on is
:func:`resume_options`: when the log keeps more of what shaped the plan (a time budget, a
per-side extra), they are read back there.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING, NamedTuple

from psoas_tui.commands import messages
from psoas_tui.errors import UserError
from psoas_tui.history.model import Continued
from psoas_tui.routine.text import clean_text

if TYPE_CHECKING:
    from psoas_tui.coaching.sides import SideResult
    from psoas_tui.history.model import SessionRow
    from psoas_tui.history.resume import ResumedRecorder
    from psoas_tui.history.store import SessionLog
    from psoas_tui.plan import Plan
    from psoas_tui.routine.model import Routine, Side
    from psoas_tui.runner import PlanOptions, Warn

RESUME_WITHIN = timedelta(hours=12)


class RoutineChanged(UserError):
    """The routine file is not the one the cut-off session ran: no resume, a fresh start."""


class ResumePoint(NamedTuple):
    """A cut-off session and where it goes on."""

    session: SessionRow
    next_index: int  # the plan index of the first interval that did not end
    continued: Continued

    @property
    def cut_off(self) -> datetime:
        return self.session.ended or self.session.started

    @property
    def when(self) -> str:
        """``07:15``: the local time it was cut off."""
        return f"{self.cut_off:%H:%M}"


def find_resumable(
    log: SessionLog, *, slug: str | None = None, now: datetime | None = None
) -> ResumePoint | None:
    """The session to offer to resume (see the module's docstring), or None. A log that
    cannot be read offers nothing (a session never waits on the log)."""
    try:
        newest = log.sessions(limit=1, routine=slug)
        if not newest or newest[0].status != "interrupted":
            return None
        row = newest[0]
        moment = now or datetime.now(row.started.tzinfo)
        if moment - (row.ended or row.started) > RESUME_WITHIN:
            return None
        detail = log.session_detail(row.id)
    except Exception:  # the log is a convenience: damaged, locked, unavailable
        return None
    intervals = detail.intervals if detail is not None else ()
    if intervals:
        last = intervals[-1]
        next_index = last.position + 1
        continued = Continued(
            row.id, last.seq, last.start_offset + last.actual_seconds, row.active_seconds
        )
    else:
        next_index = 0
        continued = Continued(row.id, 0, 0.0, row.active_seconds)
    if next_index >= row.planned_intervals:
        return None  # cut off as it finished: nothing left to do
    return ResumePoint(row, next_index, continued)


class _Logged(NamedTuple):
    """The past, as the cut-off session's plan saw it: the first side it logged."""

    first_side: Side

    def alternate_first_side(self, slug: str) -> Side:
        return self.first_side


class _ResultsBefore(NamedTuple):
    """The per-side results as the cut-off session's plan saw them: those of the sessions
    that started before it (its own answers came after its plan was made)."""

    log: SessionLog
    started: datetime

    def side_results(self) -> list[SideResult]:
        return [r for r in self.log.side_results() if r.when < self.started]


def resume_options(
    point: ResumePoint, log: SessionLog | None = None, asymmetry: str = "auto"
) -> PlanOptions:
    """The plan options the cut-off session ran with, as its log row keeps them: the first
    side of the alternating steps, the time budget it was fitted to, and (with ``log``) the
    tight side's extra as the results before it gave it."""
    from psoas_tui.runner import PlanOptions  # the plan machinery: only when resuming

    row = point.session
    side = row.first_side
    return PlanOptions(
        past=_Logged("right" if side == "right" else "left"),
        budget=row.budget_seconds,
        sides=_ResultsBefore(log, row.started) if log is not None else None,
        asymmetry=asymmetry,
    )


def resume_plan(
    routine: Routine,
    point: ResumePoint,
    *,
    warn: Warn,
    log: SessionLog | None = None,
    asymmetry: str = "auto",
) -> Plan:
    """The plan of the cut-off session again. Raises :class:`RoutineChanged` when the
    routine file changed since (its content hash differs)."""
    from psoas_tui.runner import prepare_plan

    plan = prepare_plan(routine, resume_options(point, log, asymmetry), warn=warn)
    if (
        routine.content_hash != point.session.content_hash
        or len(plan.intervals) != point.session.planned_intervals
    ):
        raise RoutineChanged(
            messages.RESUME_ROUTINE_CHANGED.format(
                routine=clean_text(routine.name), when=point.when
            )
        )
    return plan


def nothing_to_resume(name: str) -> UserError:
    return UserError(messages.RESUME_NOTHING.format(routine=clean_text(name)))


class ResumingLog:
    """The session log as :func:`psoas_tui.runner.attach` uses it, recording into the
    cut-off session instead of a new one."""

    def __init__(self, log: SessionLog, point: ResumePoint) -> None:
        self.log = log
        self.point = point

    @property
    def available(self) -> bool:
        return self.log.available

    def recorder(self, plan: Plan, *, time_scale: float = 1.0) -> ResumedRecorder:
        # The recorder (and the session machinery under it) loads only when a session
        # resumes: home's offer to resume reads the log and nothing more, before its
        # first frame.
        from psoas_tui.history.resume import ResumedRecorder

        return ResumedRecorder(self.log, plan, self.point.continued, time_scale=time_scale)


class Resuming(NamedTuple):
    """Everything a front end needs to resume: the point, its plan, the log to record to."""

    point: ResumePoint
    plan: Plan
    log: ResumingLog

    @property
    def said(self) -> str:
        """``resuming the session cut off at 07:15: interval 5 of 12``."""
        return messages.RESUMING.format(
            when=self.point.when,
            number=self.point.next_index + 1,
            total=len(self.plan.intervals),
        )


def prepare_resume(
    log: SessionLog, routine: Routine, *, warn: Warn, asymmetry: str = "auto"
) -> Resuming:
    """``psoas run ROUTINE --resume``: the cut-off session of ``routine``, ready to go on.
    Raises UserError when there is none, :class:`RoutineChanged` when its file changed."""
    point = find_resumable(log, slug=routine.slug)
    if point is None:
        raise nothing_to_resume(routine.name)
    plan = resume_plan(routine, point, warn=warn, log=log, asymmetry=asymmetry)
    return Resuming(point, plan, ResumingLog(log, point))
