"""The events a session emits, in order, each stamped with the clock time it was due.

Sound, the log and the screens subscribe to them (see :mod:`psoas_tui.session`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from psoas_tui.plan import Interval, Plan


@dataclass(frozen=True)
class Event:
    """Something that happened; ``due`` is the clock time at which it was due."""

    due: float


@dataclass(frozen=True)
class SessionStarted(Event):
    plan: Plan


@dataclass(frozen=True)
class IntervalStarted(Event):
    """An interval started; ``restarted`` when the restart control began it again (no
    IntervalEnded comes between). ``offset`` is the active-time second it started at."""

    interval: Interval
    next: Interval | None
    offset: float = field(default=0.0, kw_only=True)
    restarted: bool = field(default=False, kw_only=True)


@dataclass(frozen=True)
class Countdown(Event):
    interval: Interval
    remaining: int


@dataclass(frozen=True)
class Halfway(Event):
    interval: Interval


@dataclass(frozen=True)
class SwitchSides(Event):
    interval: Interval


@dataclass(frozen=True)
class RepTick(Event):
    interval: Interval
    rep: int


@dataclass(frozen=True)
class WaitingForDone(Event):
    """An untimed rep set started: the user says "done" when finished."""

    interval: Interval


@dataclass(frozen=True)
class CheckNeeded(Event):
    interval: Interval


@dataclass(frozen=True)
class IntervalEnded(Event):
    interval: Interval
    started_at: float
    actual: float
    skipped: bool
    extended: float
    answer: str | None = None


@dataclass(frozen=True)
class Paused(Event):
    """``reason``: "user" or "suspend" (the clock jumped or the program was stopped)."""

    reason: str = "user"
    interval: Interval | None = field(default=None, kw_only=True)


@dataclass(frozen=True)
class Resumed(Event):
    paused_for: float = 0.0
    interval: Interval | None = field(default=None, kw_only=True)


@dataclass(frozen=True)
class SessionFinished(Event):
    active: float


@dataclass(frozen=True)
class SessionAbandoned(Event):
    active: float
    interval: Interval | None = field(default=None, kw_only=True)  # where it stopped


Listener = Callable[[Event], None]
