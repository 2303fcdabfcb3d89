"""Durations, dates and "ago", as people read them (no locale, no strftime names)."""

from __future__ import annotations

import math
from datetime import date, datetime

from psoas_tui.text.i18n import N_, _, ngettext, number

# Own tables rather than strftime's %a/%b: those follow the process locale, and the machines
# psoas runs on may have only C and C.UTF-8. Marked here, translated where shown.
MONTHS = (
    N_("Jan"), N_("Feb"), N_("Mar"), N_("Apr"), N_("May"), N_("Jun"),
    N_("Jul"), N_("Aug"), N_("Sep"), N_("Oct"), N_("Nov"), N_("Dec"),
)  # fmt: skip
WEEKDAYS = (N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"), N_("Sat"), N_("Sun"))
# Two letters a weekday: the rows of the history's calendar.
WEEKDAY_LETTERS = (N_("Mo"), N_("Tu"), N_("We"), N_("Th"), N_("Fr"), N_("Sa"), N_("Su"))


def clock(seconds: float) -> str:
    """``m:ss`` (or ``h:mm:ss``), rounding up so a countdown shows 0:01 until it ends."""
    whole = max(0, math.ceil(seconds - 1e-9))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def elapsed(seconds: float) -> str:
    """Like :func:`clock` but rounding down, for time already spent."""
    return clock(math.floor(max(0.0, seconds) + 1e-9))


def human(seconds: float) -> str:
    """``6 min 41 s``, ``45 s``, ``1 h 5 min``."""
    whole = round(max(0.0, seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        if minutes:
            return _("{hours} h {minutes} min").format(hours=hours, minutes=minutes)
        return _("{hours} h").format(hours=hours)
    if minutes:
        if secs:
            return _("{minutes} min {seconds} s").format(minutes=minutes, seconds=secs)
        return _("{minutes} min").format(minutes=minutes)
    return _("{seconds} s").format(seconds=secs)


def seconds(value: float) -> str:
    """``40 s``, ``2.5 s``: a length the routine's author wrote in seconds."""
    return _("{seconds} s").format(seconds=number(value))


def month(when: date) -> str:
    return _(MONTHS[when.month - 1])


def weekday(when: date) -> str:
    return _(WEEKDAYS[when.weekday()])


def weekday_letters(number: int) -> str:
    """``Mo`` for 0 (Monday) to ``Su`` for 6."""
    return _(WEEKDAY_LETTERS[number])


def _day(when: date, padded: bool) -> str:
    return f"{when.day:02d}" if padded else str(when.day)


def day_month(when: date, *, padded: bool = False) -> str:
    """``2 Nov`` (``02 Nov`` padded, for columns)."""
    return _("{day} {month}").format(day=_day(when, padded), month=month(when))


def day_month_year(when: date, *, padded: bool = False) -> str:
    """``2 Nov 2025`` (``02 Nov 2025`` padded)."""
    return _("{day} {month} {year}").format(
        day=_day(when, padded), month=month(when), year=when.year
    )


def ago(when: datetime | None, now: datetime) -> str:
    """``today``, ``yesterday``, ``3 days ago``, ``12 Mar``; ``never`` for None."""
    if when is None:
        return _("never")
    if when.tzinfo is not None and now.tzinfo is None:
        when = when.astimezone().replace(tzinfo=None)
    elif when.tzinfo is None and now.tzinfo is not None:
        now = now.replace(tzinfo=None)
    days = (now.date() - when.date()).days
    if days <= 0:
        return _("today")
    if days == 1:
        return _("yesterday")
    if days < 14:
        return ngettext("{count} day ago", "{count} days ago", days).format(count=days)
    return day_month_year(when) if when.year != now.year else day_month(when)


def when_short(started: datetime, today: date) -> str:
    """``03 Nov 07:15`` this year, ``03 Nov 2025`` before (a history list's column)."""
    if started.year == today.year:
        return _("{day_month} {time}").format(
            day_month=day_month(started, padded=True), time=f"{started:%H:%M}"
        )
    return day_month_year(started, padded=True)


def when_long(started: datetime) -> str:
    """``Tue 03 Nov 2026 07:15`` (a session's detail)."""
    return _("{weekday} {date} {time}").format(
        weekday=weekday(started), date=day_month_year(started, padded=True), time=f"{started:%H:%M}"
    )
