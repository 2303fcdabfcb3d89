"""The session engine: a pure state machine over a plan and an injected clock.

Time always comes from the clock. The engine keeps *session time*: clock time since the
start minus every pause. Each interval's deadline is a session-time offset, so the next
interval starts exactly when the previous one was due to end, whenever the tick that
notices it arrives: a late tick skips nothing, invents nothing, and nothing drifts.
*Active time*, what a session reports as done, is session time minus the time spent
waiting on a question (a check); an untimed rep set is active (you are exercising).

Front ends call :meth:`Session.tick` (cheaply, as often as they like, or exactly at
:meth:`Session.next_due`) and the controls. Every call returns the events it caused,
in order, and passes them to subscribers. Sound, the log and the screens subscribe;
the engine knows none of them.

The stream of events depends only on the plan and on when the controls were used, never
on when the ticks came: a late tick delivers what came due in between, in order, each
stamped with the clock time it was due.

Suspend: a clock that stops while the machine sleeps (``time.monotonic`` on Linux) hides
the sleep; give the engine one that keeps counting (``clock.scaled_clock`` uses
CLOCK_BOOTTIME) and a ``suspend_gap``. A look at the clock that comes more than that after
both the previous look and the next due time pauses the session as of the previous look
(``Paused(reason="suspend")``), so none of the sleep is counted and nothing is skipped.
A front end that knows it was stopped (Ctrl-Z) calls :meth:`Session.suspend` itself.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from functools import partial

from psoas_tui.plan import Interval, IntervalKind, Plan
from psoas_tui.session_events import (
    CheckNeeded,
    Countdown,
    Event,
    Halfway,
    IntervalEnded,
    IntervalStarted,
    Listener,
    Paused,
    RepTick,
    Resumed,
    SessionAbandoned,
    SessionFinished,
    SessionStarted,
    SwitchSides,
    WaitingForDone,
)

# The events are re-exported: front ends import them from here.
__all__ = [
    "EXTEND_SECONDS",
    "CheckNeeded",
    "Clock",
    "Countdown",
    "Event",
    "Halfway",
    "IntervalEnded",
    "IntervalStarted",
    "Listener",
    "Paused",
    "RepTick",
    "Resumed",
    "Session",
    "SessionAbandoned",
    "SessionFinished",
    "SessionStarted",
    "State",
    "Status",
    "SwitchSides",
    "WaitingForDone",
]

Clock = Callable[[], float]

EXTEND_SECONDS = 10.0
HALFWAY_MIN_SECONDS = 30.0
# Offsets within a micro-second count as due: a clock read at exactly ``next_due()`` can be
# a rounding error short of the offset it was computed from.
EPSILON = 1e-6


class State(StrEnum):
    READY = "ready"
    RUNNING = "running"
    PAUSED = "paused"
    FINISHED = "finished"
    ABANDONED = "abandoned"


@dataclass(frozen=True)
class Status:
    """A snapshot for a screen: everything is computed from the clock at ``now``."""

    state: State
    interval: Interval | None
    next: Interval | None
    remaining: float | None
    interval_elapsed: float
    active: float
    planned_remaining: float
    # Planned seconds behind: the timed intervals before this one and the time into it (at
    # most its length). With planned_remaining it adds up to the plan (plus an extension
    # of this interval), whatever restart, back or skip did; active time may not.
    done: float
    waiting: bool
    pause_reason: str | None


@dataclass
class _Current:
    interval: Interval
    start: float  # session-time offset when the interval (last) started
    first_start: float  # session-time offset when it first started (restart keeps it)
    extended: float = 0.0
    pending: list[tuple[float, int, Callable[[float], Event]]] = field(default_factory=list)

    @property
    def end(self) -> float | None:
        if self.interval.duration is None:
            return None
        return self.start + self.interval.duration + self.extended


class Session:
    def __init__(
        self,
        plan: Plan,
        clock: Clock,
        *,
        countdown: int = 3,
        suspend_gap: float | None = None,
        start_at: int = 0,
    ) -> None:
        """``suspend_gap``: a look at the clock (a tick or a control) more than this many
        clock units after both the previous look and the next due time is taken as the
        machine having slept; the session pauses itself as of the previous look. A front end
        that sets it must look at least that often while nothing is due (an untimed rep set,
        a check): the plain runner ticks every 0.25 s. ``start_at``: the index of the
        interval the session starts with (a cut-off session resumed, ``psoas_tui.resume``)."""
        if not 0 <= start_at < len(plan.intervals):
            raise ValueError("a plan needs at least one interval from where it starts")
        self.start_at = start_at
        self.plan = plan
        self.clock = clock
        self.countdown = max(0, countdown)
        self.suspend_gap = suspend_gap
        self.state = State.READY
        self.pause_reason: str | None = None
        self._listeners: list[Listener] = []
        self._origin = 0.0  # clock time of the start
        self._paused_total = 0.0
        self._paused_at: float | None = None
        self._last_tick: float | None = None
        self._current: _Current | None = None
        self._outbox: list[Event] = []
        self._answers: dict[int, str | None] = {}
        self._ended_at: float | None = None  # session time frozen at finish or quit
        self._waited = 0.0  # session time spent on checks that have ended
        self._done_at_quit = 0.0  # Status.done frozen at quit

    # -- subscription ---------------------------------------------------------------------

    def subscribe(self, listener: Listener) -> None:
        self._listeners.append(listener)

    # -- time -----------------------------------------------------------------------------

    def active_at(self, now: float) -> float:
        """Active seconds at clock time ``now``: session time minus waiting on questions."""
        position = self.position_at(now)
        return max(0.0, position - self._waiting(position))

    def _waiting(self, position: float) -> float:
        """Session time spent waiting on a question, up to ``position``."""
        current = self._current
        if current is None or current.interval.kind is not IntervalKind.CHECK:
            return self._waited
        return self._waited + max(0.0, position - current.first_start)

    def position_at(self, now: float) -> float:
        """Session time at clock time ``now``: elapsed minus every pause."""
        if self.state is State.READY:
            return 0.0
        if self._ended_at is not None:
            return self._ended_at
        paused = self._paused_total
        if self._paused_at is not None:
            paused += max(0.0, now - self._paused_at)
        return max(0.0, now - self._origin - paused)

    def _clock_at(self, active: float) -> float:
        """The clock time at which the running session reaches ``active``."""
        return self._origin + self._paused_total + active

    def next_due(self) -> float | None:
        """Clock time of the next thing that will happen without input, if any."""
        current = self._current
        if self.state is not State.RUNNING or current is None:
            return None
        dues = [offset for offset, _, _ in current.pending]
        if current.end is not None:
            dues.append(current.end)
        return self._clock_at(min(dues)) if dues else None

    # -- controls -------------------------------------------------------------------------

    def start(self) -> list[Event]:
        if self.state is not State.READY:
            return []
        now = self.clock()
        self._origin = now
        self._last_tick = now
        self.state = State.RUNNING
        self._emit(SessionStarted(now, self.plan))
        self._enter(self.start_at, 0.0, first_start=0.0)
        self._advance(now)
        return self._flush()

    def tick(self) -> list[Event]:
        """Bring the session up to the clock; fire everything that has come due, in order."""
        self._sync()
        return self._flush()

    def suspend(self, at: float | None = None) -> list[Event]:
        """Time stopped for the user (the machine slept, the program was stopped): pause as
        of clock time ``at`` (default: the last look at the clock), counting nothing since.

        ``at`` is clamped between the last look at the clock and now. A session already
        paused stays as it is."""
        now = self.clock()
        if self.state is State.RUNNING:
            last = self._last_tick if self._last_tick is not None else now
            when = last if at is None else min(max(at, last), now)
            self._advance(when)
            if self.state is State.RUNNING:
                self._pause_at(when, "suspend")
        self._last_tick = now
        return self._flush()

    def pause(self, reason: str = "user") -> list[Event]:
        now = self._sync()
        if self.state is State.RUNNING:
            self._pause_at(now, reason)
        return self._flush()

    def resume(self) -> list[Event]:
        if self.state is not State.PAUSED or self._paused_at is None:
            self._sync()
            return self._flush()
        now = self.clock()
        paused_for = max(0.0, now - self._paused_at)
        self._paused_total += paused_for
        self._paused_at = None
        self.state = State.RUNNING
        self.pause_reason = None
        self._emit(Resumed(now, paused_for, interval=self.current))
        self._last_tick = now
        return self._flush()

    def toggle_pause(self) -> list[Event]:
        return self.resume() if self.state is State.PAUSED else self.pause()

    def skip(self) -> list[Event]:
        """End the current interval now (a check ends unanswered) and go on."""
        now = self._sync()
        if self._live():
            self._finish_current(self._position_now(now), skipped=True)
            self._settle()
        return self._flush()

    def back(self) -> list[Event]:
        """Leave the current interval and start the previous one again (or restart the first)."""
        at = self._position_now(self._sync())
        current = self._current
        if not self._live() or current is None:
            return self._flush()
        self._end_current(at, skipped=True)
        self._enter(max(0, current.interval.index - 1), at, first_start=at)
        self._settle()
        return self._flush()

    def restart(self) -> list[Event]:
        """Start the current interval's time again; the time already spent still counts."""
        at = self._position_now(self._sync())
        current = self._current
        if self._live() and current is not None:
            now = at
            current.start = now
            current.extended = 0.0
            self._emit(
                IntervalStarted(
                    self._clock_at(now),
                    current.interval,
                    self._peek_next(),
                    offset=now,
                    restarted=True,
                )
            )
            self._schedule(current)
            self._settle()
        return self._flush()

    def extend(self, seconds: float = EXTEND_SECONDS) -> list[Event]:
        at = self._position_now(self._sync())
        current = self._current
        if self._live() and current is not None and current.interval.timed:
            current.extended += seconds
            self._schedule(current, after=at)
        return self._flush()

    def done(self) -> list[Event]:
        """Mark an untimed rep set done."""
        at = self._position_now(self._sync())
        current = self._current
        if (
            self._live()
            and current is not None
            and current.interval.kind is IntervalKind.REPS
            and not current.interval.timed
        ):
            self._finish_current(at, skipped=False)
            self._settle()
        return self._flush()

    def answer(self, choice: int | None) -> list[Event]:
        """Answer the current check with the index of one of its answers (None: unanswered)."""
        at = self._position_now(self._sync())
        current = self._current
        if self._live() and current is not None and current.interval.kind is IntervalKind.CHECK:
            answers = current.interval.answers
            if choice is not None and not 0 <= choice < len(answers):
                return self._flush()
            text = answers[choice] if choice is not None else None
            self._finish_current(at, skipped=choice is None, answer=text)
            self._settle()
        return self._flush()

    def quit(self) -> list[Event]:
        """Abandon: the current interval ends where it is; what was done stays done."""
        now = self._sync()
        if self.state in (State.RUNNING, State.PAUSED):
            at = self._position_now(now)
            stopped_in = self.current
            self._done_at_quit = self.status(now).done
            if self._current is not None:
                self._end_current(at, skipped=True)
                self._current = None
            if self._paused_at is not None:
                self._paused_total += max(0.0, now - self._paused_at)
                self._paused_at = None
            self.state = State.ABANDONED
            self._ended_at = at
            self._emit(SessionAbandoned(now, at - self._waited, interval=stopped_in))
        return self._flush()

    # -- status ---------------------------------------------------------------------------

    def status(self, now: float | None = None) -> Status:
        now = self.clock() if now is None else now
        position = self.position_at(now)
        current = self._current
        interval = current.interval if current else None
        remaining = None
        elapsed = 0.0
        later = 0.0
        done = self.plan.total_seconds if self.state is State.FINISHED else self._done_at_quit
        if current is not None:
            elapsed = max(0.0, position - current.start)
            index = current.interval.index
            done = sum(i.duration or 0.0 for i in self.plan.intervals[:index])
            if current.end is not None:
                remaining = max(0.0, current.end - position)
                done += min(elapsed, current.end - current.start)
            later = sum(i.duration or 0.0 for i in self.plan.intervals[index + 1 :])
        return Status(
            state=self.state,
            interval=interval,
            next=self._peek_next(),
            remaining=remaining,
            interval_elapsed=elapsed,
            active=max(0.0, position - self._waiting(position)),
            planned_remaining=(remaining or 0.0) + later,
            done=done,
            waiting=current is not None and not current.interval.timed,
            pause_reason=self.pause_reason,
        )

    @property
    def current(self) -> Interval | None:
        return self._current.interval if self._current else None

    @property
    def answers(self) -> dict[int, str | None]:
        """Check answers by interval index."""
        return dict(self._answers)

    # -- internals ------------------------------------------------------------------------

    def _live(self) -> bool:
        return self.state in (State.RUNNING, State.PAUSED) and self._current is not None

    def _position_now(self, now: float) -> float:
        """Session time at ``now``, or where it stopped if the session is paused."""
        return self.position_at(self._paused_at if self._paused_at is not None else now)

    def _settle(self) -> None:
        """After a control entered an interval: fire what is due at its very start."""
        if self.state is State.RUNNING and self._last_tick is not None:
            self._advance(self._last_tick)

    def _sync(self) -> float:
        """Fire whatever came due before a control acts; a gap longer than ``suspend_gap``
        since the last look at the clock pauses the session as of that look instead."""
        now = self.clock()
        if self.state is State.RUNNING:
            last = self._last_tick
            if last is not None and self._gap_since(last, now):
                self._advance(last)
                if self.state is State.RUNNING:
                    self._pause_at(last, "suspend")
            else:
                self._advance(now)
        self._last_tick = now
        return now

    def _gap_since(self, last: float, now: float) -> bool:
        """Whether the clock jumped: ``now`` is more than ``suspend_gap`` past both the last
        look at the clock and the next due time as of then (a front end that sleeps until
        :meth:`next_due` is not taken for a sleeping machine)."""
        if self.suspend_gap is None:
            return False
        expected = max(last, self.next_due() or last)
        return now - expected > self.suspend_gap

    def _pause_at(self, at: float, reason: str) -> None:
        self._paused_at = at
        self.state = State.PAUSED
        self.pause_reason = reason
        self._emit(Paused(at, reason, interval=self.current))

    def _advance(self, now: float) -> None:
        active = self.position_at(now)
        while self.state is State.RUNNING and self._current is not None:
            current = self._current
            end = current.end
            if current.pending and (end is None or current.pending[0][0] <= end + EPSILON):
                offset, _, make = current.pending[0]
                if offset > active + EPSILON:
                    return
                current.pending.pop(0)
                self._emit(make(self._clock_at(offset)))
                continue
            if end is None or end > active + EPSILON:
                return
            self._finish_current(end, skipped=False)

    def _finish_current(self, at: float, *, skipped: bool, answer: str | None = None) -> None:
        current = self._current
        if current is None:
            return
        self._end_current(at, skipped=skipped, answer=answer)
        following = current.interval.index + 1
        if following < len(self.plan.intervals):
            self._enter(following, at, first_start=at)
        else:
            self._current = None
            self.state = State.FINISHED
            self._ended_at = at
            self._emit(SessionFinished(self._clock_at(at), at - self._waited))

    def _end_current(self, at: float, *, skipped: bool, answer: str | None = None) -> None:
        current = self._current
        if current is None:
            return
        interval = current.interval
        if interval.kind is IntervalKind.CHECK:
            self._answers[interval.index] = answer
            self._waited += max(0.0, at - current.first_start)
        self._emit(
            IntervalEnded(
                self._clock_at(at),
                interval,
                started_at=current.first_start,
                actual=max(0.0, at - current.first_start),
                skipped=skipped,
                extended=current.extended,
                answer=answer,
            )
        )

    def _enter(self, index: int, at: float, *, first_start: float) -> None:
        interval = self.plan.intervals[index]
        current = _Current(interval, start=at, first_start=first_start)
        self._current = current
        due = self._clock_at(at)
        self._emit(IntervalStarted(due, interval, self._peek_next(), offset=at))
        if interval.kind is IntervalKind.SWITCH:
            self._emit(SwitchSides(due, interval))
        elif interval.kind is IntervalKind.CHECK:
            self._emit(CheckNeeded(due, interval))
        elif interval.kind is IntervalKind.REPS and not interval.timed:
            self._emit(WaitingForDone(due, interval))
        self._schedule(current)

    def _schedule(self, current: _Current, after: float | None = None) -> None:
        """Work out the cue events inside the current interval, as session-time offsets."""
        interval = current.interval
        events: list[tuple[float, int, Callable[[float], Event]]] = []
        start = current.start
        end = current.end

        def add(offset: float, order: int, make: Callable[[float], Event]) -> None:
            if after is not None and offset <= after + EPSILON:
                return
            if offset < start - EPSILON:
                return
            events.append((offset, order, make))

        if interval.kind is IntervalKind.REPS and interval.tempo and interval.reps:
            for rep in range(1, interval.reps + 1):
                add(
                    start + (rep - 1) * interval.tempo,
                    1,
                    partial(RepTick, interval=interval, rep=rep),
                )
        elif end is not None and interval.duration is not None:
            if interval.kind is IntervalKind.WORK and interval.duration >= HALFWAY_MIN_SECONDS:
                add(start + interval.duration / 2, 0, partial(Halfway, interval=interval))
            total = interval.duration + current.extended
            for remaining in range(self.countdown, 0, -1):
                if total > remaining:
                    add(
                        end - remaining,
                        2,
                        partial(Countdown, interval=interval, remaining=remaining),
                    )
        # Offsets, not clock times: a pause shifts the clock time at which each comes due.
        events.sort(key=lambda item: (item[0], item[1]))
        current.pending = events

    def _peek_next(self) -> Interval | None:
        current = self._current
        if current is None:
            return None
        following = current.interval.index + 1
        return self.plan.intervals[following] if following < len(self.plan.intervals) else None

    def _emit(self, event: Event) -> None:
        self._outbox.append(event)

    def _flush(self) -> list[Event]:
        """Hand the new events to every listener. A listener that raises does not keep the
        others from hearing every event; the first error is raised once all have heard."""
        events, self._outbox = self._outbox, []
        error: BaseException | None = None
        for event in events:
            for listener in self._listeners:
                try:
                    listener(event)
                except Exception as caught:  # re-raised below
                    error = error or caught
        if error is not None:
            raise error
        return events
