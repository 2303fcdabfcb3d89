"""What the log hands out: immutable named tuples (cheap to import), no SQLite, no Textual."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from typing import NamedTuple

STATUSES = ("running", "completed", "abandoned", "interrupted")


def utc_text(moment: datetime) -> str:
    """The stored form of an instant: UTC, fixed width, sorts as text."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def from_utc_text(text: str, offset_seconds: int) -> datetime:
    """A stored UTC instant as an aware datetime in the local offset it was recorded with."""
    moment = datetime.fromisoformat(text)
    return moment.astimezone(timezone(timedelta(seconds=offset_seconds)))


class AnswerRow(NamedTuple):
    seq: int
    step_number: str
    step_name: str
    side: str | None
    question: str
    answer: str | None
    answer_index: int | None = None  # 0-based; None: unanswered, or logged before v6
    answer_score: int | None = None  # the routine's score for the answer, if it has one
    about_side: str | None = None  # the side a scored answer is about (Thomas: the other)

    def short(self) -> str:
        """``Thomas test L: a little`` (for a table cell)."""
        side = f" {self.side[0].upper()}" if self.side else ""
        return f"{self.step_name}{side}: {self.answer if self.answer is not None else '-'}"


class IntervalRow(NamedTuple):
    seq: int
    position: int
    step_number: str
    step_name: str
    label: str
    kind: str
    side: str | None
    set_no: int
    round_no: int
    reps: int | None
    planned_seconds: float | None
    actual_seconds: float
    skipped: bool
    extended_seconds: float
    start_offset: float


class SessionRow(NamedTuple):
    id: str
    routine_slug: str
    routine_name: str
    content_hash: str
    started: datetime  # aware, in the local offset of the start
    ended: datetime | None
    status: str
    active_seconds: float
    planned_seconds: float
    planned_intervals: int
    planned_exercises: int
    done_exercises: int
    left_seconds: float
    right_seconds: float
    time_scale: float
    psoas_version: str
    first_side: str | None
    note: str | None
    answers: tuple[AnswerRow, ...]
    tightness: dict[str, int | None]
    routine_id: str = ""  # shared by the routine's language versions
    budget_seconds: int | None = None  # the time budget it was fitted to (--fit)
    fitted_seconds: float | None = None  # the fitted plan's seconds, estimates included

    @property
    def local_date(self) -> date:
        return self.started.date()

    @property
    def completion(self) -> float:
        """Share of the planned exercise intervals (work, reps) done, not skipped: 0..1."""
        if self.planned_exercises <= 0:
            return 1.0 if self.status == "completed" else 0.0
        return min(1.0, self.done_exercises / self.planned_exercises)


class SessionDetail(NamedTuple):
    session: SessionRow
    intervals: tuple[IntervalRow, ...]

    @property
    def answers(self) -> tuple[AnswerRow, ...]:
        return self.session.answers

    @property
    def tightness(self) -> dict[str, int | None]:
        return self.session.tightness


class WeekStats(NamedTuple):
    year: int
    week: int
    monday: date
    sessions: int
    completed: int
    minutes: float
    left_seconds: float
    right_seconds: float


class RoutineStats(NamedTuple):
    slug: str
    name: str
    sessions: int
    completed: int
    minutes: float
    last: date


class StepSideStats(NamedTuple):
    step_name: str
    left_seconds: float
    right_seconds: float


class AnswerStats(NamedTuple):
    """How often each answer was given to one question on one side, per week."""

    step_name: str
    question: str
    side: str | None
    week: str  # ISO week, "2026-W47"
    counts: dict[str, int]


class TightnessStats(NamedTuple):
    week: str
    side: str
    average: float
    ratings: int


class SideTrend(NamedTuple):
    """One week of per-side results on the Thomas scale 0–2 (Thomas scores and end-of-
    session tightness / 5): the mean per side, None for a side without results."""

    week: str
    left: float | None
    right: float | None
    results: int

    @property
    def gap(self) -> float | None:
        """Right minus left (positive: the right side is tighter)."""
        if self.left is None or self.right is None:
            return None
        return self.right - self.left


class Stats(NamedTuple):
    today: date
    current_streak: int
    longest_streak: int
    days_done: int
    total_sessions: int
    completed_sessions: int
    total_minutes: float
    left_seconds: float
    right_seconds: float
    weeks: tuple[WeekStats, ...]
    routines: tuple[RoutineStats, ...]
    steps: tuple[StepSideStats, ...]  # per-side steps over the weeks shown
    answers: tuple[AnswerStats, ...]
    tightness: tuple[TightnessStats, ...]
    sides: tuple[SideTrend, ...] = ()  # per-side results per week, for the tight side


class Continued(NamedTuple):
    """Where the logged part of a cut-off session stopped (what a resumed session's
    recorder goes on from: ``history/resume.py``)."""

    session_id: str
    last_seq: int  # the last interval row's seq (0: none)
    offset: float  # session seconds logged: the last row's start_offset plus its length
    active: float  # active seconds logged
