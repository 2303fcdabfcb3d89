"""``psoas remind fire``: decide whether to remind now, and send the reminder.

The timer runs fire on a calendar grid; fire does nothing outside the days and hours,
when a session was logged or a reminder sent within ``every`` (this also keeps a laptop
waking from suspend from getting a burst of stale reminders), or when do-not-disturb is
on where it can be read. Otherwise it sends one notification. Time comes from ``now``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import Enum

from psoas_tui.locations import Locations
from psoas_tui.remind.schedule import Schedule
from psoas_tui.remind.state import load_state, save_state
from psoas_tui.remind.words import every_text, say


class Outcome(Enum):
    SENT = "sent"
    OUTSIDE_DAYS = "outside_days"
    OUTSIDE_HOURS = "outside_hours"
    RECENT_SESSION = "recent_session"
    RECENT_REMINDER = "recent_reminder"
    DO_NOT_DISTURB = "do_not_disturb"
    FAILED = "failed"


@dataclass(frozen=True)
class Result:
    outcome: Outcome
    detail: dict[str, str] = field(default_factory=dict)

    def text(self) -> str:
        return outcome_text(self.outcome.value, self.detail)


def outcome_text(outcome: str, detail: Mapping[str, str]) -> str:
    try:
        return say(f"outcome.{outcome}", **detail)
    except (KeyError, IndexError):
        return outcome


@dataclass(frozen=True)
class Reminder:
    """What the notification says: the routine's name, its length, the command."""

    slug: str
    name: str
    length: str

    def title(self) -> str:
        return say("notify.title", name=self.name)

    def body(self) -> str:
        return say("notify.body", name=self.name, length=self.length, command=self.command())

    def command(self) -> str:
        return f"psoas run {self.slug}"


Send = Callable[[str, str], None]  # title, body; raises NotifyError


def decide(
    schedule: Schedule,
    now: datetime,
    *,
    last_session: datetime | None,
    last_sent: datetime | None,
    do_not_disturb: Callable[[], bool | None],
) -> Result:
    """Whether to remind at ``now`` (local, aware), and if not, why not."""
    day, hours = schedule.in_window(now)
    if not day:
        return Result(Outcome.OUTSIDE_DAYS)
    if not hours:
        return Result(Outcome.OUTSIDE_HOURS)
    every = timedelta(minutes=schedule.every)
    shown = every_text(schedule.every)
    if last_session is not None and now - last_session < every:
        when = last_session.astimezone(now.tzinfo).strftime("%H:%M")
        return Result(Outcome.RECENT_SESSION, {"when": when, "every": shown})
    if last_sent is not None and now - last_sent < every:
        when = last_sent.astimezone(now.tzinfo).strftime("%H:%M")
        return Result(Outcome.RECENT_REMINDER, {"when": when, "every": shown})
    if do_not_disturb():
        return Result(Outcome.DO_NOT_DISTURB)
    return Result(Outcome.SENT)


def last_session_moment(locations: Locations, now: datetime) -> datetime | None:
    """When the newest session was last active: its end, or ``now`` while one runs."""
    if not locations.log_file.exists():  # no log yet: fire creates none
        return None
    from psoas_tui.history.damage import LogDamaged
    from psoas_tui.history.opening import open_log

    with open_log(locations, warn=lambda _message: None) as log:
        try:
            rows = log.sessions(limit=5)
        except LogDamaged:
            return None
    moments = [now if row.status == "running" else (row.ended or row.started) for row in rows]
    return max(moments, default=None)


def fire(
    schedule: Schedule,
    reminder: Reminder,
    *,
    now: datetime,
    locations: Locations,
    send: Send,
    do_not_disturb: Callable[[], bool | None],
) -> Result:
    """Decide, send when it is time, and remember the outcome for ``status``."""
    from psoas_tui.remind.notify import NotifyError

    state = load_state(locations)
    result = decide(
        schedule,
        now,
        last_session=last_session_moment(locations, now),
        last_sent=state.last_sent,
        do_not_disturb=do_not_disturb,
    )
    if result.outcome is Outcome.SENT:
        try:
            send(reminder.title(), reminder.body())
        except NotifyError as error:
            result = Result(Outcome.FAILED, {"detail": str(error)})
        else:
            state.last_sent = now
    state.last_check = now
    state.last_outcome = result.outcome.value
    state.last_detail = dict(result.detail)
    save_state(locations, state)
    return result
