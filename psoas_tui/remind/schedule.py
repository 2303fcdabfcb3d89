"""A reminder schedule: how often, between which hours, on which days, for which routine.

Parsed from the command line (``--every 50m --between 09:00-17:30 --days mon-fri``) and
written back as the same arguments into the service's ExecStart, so the timer's
``psoas remind fire`` knows the schedule without reading any other file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from psoas_tui.remind.words import days_text, every_text, say

DEFAULT_EVERY = "50m"
DEFAULT_BETWEEN = "09:00-17:30"
DEFAULT_DAYS = "mon-fri"
DEFAULT_ROUTINE = "desk-break"
DAY_KEYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
MOST_MINUTES = 24 * 60
DAY_MINUTES = 24 * 60

_EVERY = re.compile(r"^(?:(?P<h>\d{1,3})h)?(?:(?P<m>\d{1,4})m?)?$")
_CLOCK = re.compile(r"^(?P<h>\d{1,2}):(?P<m>\d{2})$")


class ScheduleError(ValueError):
    """Bad schedule input; ``str(error)`` says what and how to fix it."""


@dataclass(frozen=True)
class Schedule:
    every: int  # minutes between reminders
    start: int  # minutes after midnight, the window's first minute
    end: int  # minutes after midnight, the window's end (exclusive; 1440 is midnight)
    days: frozenset[int]  # 0 is Monday
    routine: str

    @property
    def grid(self) -> int:
        """Minutes between two checks of the timer: a fine grid, so a reminder comes at
        most this late; fire itself keeps ``every``."""
        return 5 if self.every >= 5 else 1

    def arguments(self) -> list[str]:
        """The command-line arguments that give this schedule back."""
        return [
            "--every",
            f"{self.every}m",
            "--between",
            f"{hhmm(self.start)}-{hhmm(self.end)}",
            "--days",
            ",".join(DAY_KEYS[day] for day in sorted(self.days)),
            "--routine",
            self.routine,
        ]

    def describe(self) -> str:
        return say(
            "schedule",
            every=every_text(self.every),
            days=days_text(self.days),
            start=hhmm(self.start),
            end=hhmm(self.end),
            routine=self.routine,
        )

    def in_window(self, now: datetime) -> tuple[bool, bool]:
        """(a reminder day, inside the hours) for the local time ``now``."""
        minute = now.hour * 60 + now.minute
        return now.weekday() in self.days, self.start <= minute < self.end

    def next_check(self, now: datetime) -> datetime | None:
        """The timer's next elapse after ``now``: the next grid minute inside the window."""
        moment = now.replace(second=0, microsecond=0) + timedelta(minutes=1)
        for _ in range(8 * DAY_MINUTES):
            day, hours = self.in_window(moment)
            if day and hours and moment.minute % self.grid == 0:
                return moment
            moment += timedelta(minutes=1)
        return None


def hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def parse_every(value: str) -> int:
    """``50m``, ``1h``, ``1h30m``, ``90`` (minutes): whole minutes, at least one."""
    match = _EVERY.match(value.strip().lower())
    if not value.strip() or match is None or not (match["h"] or match["m"]):
        raise ScheduleError(say("every.bad", value=value))
    minutes = int(match["h"] or 0) * 60 + int(match["m"] or 0)
    if minutes < 1:
        raise ScheduleError(say("every.bad", value=value))
    if minutes > MOST_MINUTES:
        raise ScheduleError(say("every.long", value=value, most=every_text(MOST_MINUTES)))
    return minutes


def parse_between(value: str) -> tuple[int, int]:
    """``09:00-17:30``: a daytime window, start before end (24:00 ends at midnight)."""
    parts = value.strip().split("-")
    if len(parts) != 2:
        raise ScheduleError(say("between.bad", value=value))
    start, end = (_clock(part, value) for part in parts)
    if start >= DAY_MINUTES:
        raise ScheduleError(say("between.bad", value=value))
    if start >= end:
        raise ScheduleError(say("between.overnight", value=value))
    return start, end


def _clock(text: str, value: str) -> int:
    match = _CLOCK.match(text.strip())
    if match is None:
        raise ScheduleError(say("between.bad", value=value))
    hours, minutes = int(match["h"]), int(match["m"])
    if minutes > 59 or hours > 24 or (hours == 24 and minutes):
        raise ScheduleError(say("between.bad", value=value))
    return hours * 60 + minutes


def parse_days(value: str) -> frozenset[int]:
    """``mon-fri``, ``mon,wed,fri``, ``sat-sun``, ``fri-mon`` (wraps), ``daily``."""
    text = value.strip().lower()
    if text in ("daily", "all", "every"):
        return frozenset(range(7))
    days: set[int] = set()
    for item in text.split(","):
        ends = [_day(word, value) for word in item.split("-")] if item else []
        if len(ends) == 1:
            days.add(ends[0])
        elif len(ends) == 2:
            first, last = ends
            days.update(day % 7 for day in range(first, last + (7 if last < first else 0) + 1))
        else:
            raise ScheduleError(say("days.bad", value=value, word=item, hint=""))
    return frozenset(days)


def _day(word: str, value: str) -> int:
    """A day's name, at least its first three letters: ``mon``, ``tues``, ``friday``."""
    word = word.strip()
    for index, full in enumerate(FULL_NAMES):
        if len(word) >= 3 and full.startswith(word):
            return index
    import difflib

    close = difflib.get_close_matches(word, [*DAY_KEYS, *FULL_NAMES], n=1, cutoff=0.6)
    hint = say("days.hint", suggestion=close[0]) if close else ""
    raise ScheduleError(say("days.bad", value=value, word=word, hint=hint))


FULL_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def parse_schedule(every: str, between: str, days: str, routine: str) -> Schedule:
    start, end = parse_between(between)
    return Schedule(parse_every(every), start, end, parse_days(days), routine)
