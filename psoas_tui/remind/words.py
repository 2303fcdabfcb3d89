"""Every word of ``psoas remind`` a person reads: CLI output, the notification, errors.

One module of templates with named placeholders, so that the text layer can take it over
(and a translation can reorder the placeholders). Nothing else in ``psoas_tui.remind`` or
``psoas_tui.commands.remind`` builds a sentence; they call :func:`say` with a key.
"""

from __future__ import annotations

from collections.abc import Iterable

TEMPLATES: dict[str, str] = {
    # -- bad input (exit 2) ----------------------------------------------------------------
    "every.bad": (
        "{value!r} is not a time between reminders; give at least one minute, such as 50m, "
        "1h or 1h30m"
    ),
    "every.long": "{value!r} is too long; at most {most} between reminders",
    "between.bad": "{value!r} is not a window of hours; give one such as 09:00-17:30",
    "between.overnight": (
        "{value!r} ends before it starts; the window must lie within one day (an overnight "
        "window is not supported), such as 09:00-17:30"
    ),
    "days.bad": (
        "{word!r} in {value!r} is not a day{hint}; use mon, tue, wed, thu, fri, sat, sun, "
        "ranges (mon-fri) or lists (mon,wed,fri)"
    ),
    "days.hint": ' (did you mean "{suggestion}"?)',
    "routine.invalid": (
        "the routine {slug} has problems; fix them (psoas check) or remind of another one "
        "with --routine SLUG"
    ),
    # -- on / off / status -----------------------------------------------------------------
    "schedule": "every {every}, {days}, {start}-{end}: {routine}",
    "on.done": "Reminders are on: {schedule}.",
    "on.wrote": "Installed {path}",
    "on.next": "The timer next checks at {when}; psoas remind fire decides whether to remind.",
    "on.dry_run": "Dry run: nothing was installed. These are the units psoas would write:",
    "on.file_header": "# {path}",
    "on.no_systemd": (
        "no systemd user session here ({why}); reminders need systemd's user timers. "
        "Instead, add this line with `crontab -e` (cron has no session bus, so it names "
        "yours):\n{line}"
    ),
    "why.no_systemctl": "systemctl was not found",
    "why.unreachable": "systemctl --user cannot reach a user manager: {detail}",
    "systemctl.failed": "systemctl {args} failed (exit {code}): {detail}",
    "write.failed": "cannot write {path} ({detail}); check that the folder is writable",
    "off.done": "Reminders are off: removed {paths}.",
    "off.nothing": "Reminders were already off (no timer was installed).",
    "status.on": "Reminders are on: {schedule}.",
    "status.off": "Reminders are off. Turn them on with: psoas remind on",
    "status.timer": "Timer: {state}",
    "status.timer_unknown": "Timer: unknown ({why})",
    "status.next": "Next check: {when}",
    "status.last": "Last check: {when}, {outcome}",
    "status.never": "Last check: none yet",
    "status.last_sent": "Last reminder: {when}",
    "unit.service": "psoas reminder: {routine} (psoas remind fire decides)",
    "unit.timer": "psoas reminders: {schedule}",
    # -- fire outcomes (status and the journal) --------------------------------------------
    "outcome.sent": "a reminder was sent",
    "outcome.outside_days": "not a reminder day",
    "outcome.outside_hours": "outside the hours",
    "outcome.recent_session": "a session was logged at {when}, within {every}",
    "outcome.recent_reminder": "a reminder was sent at {when}, within {every}",
    "outcome.do_not_disturb": "do-not-disturb is on",
    "outcome.failed": "the notification could not be sent: {detail}",
    "fire.result": "psoas remind: {outcome}",
    # -- the notification ------------------------------------------------------------------
    "notify.title": "Time for {name}",
    "notify.body": "{name}, {length}. Start it with: {command}",
    "notify.no_tool": (
        "notify-send was not found; install libnotify-bin (Debian, Ubuntu) or libnotify"
    ),
    "notify.no_bus": (
        "no session bus (DBUS_SESSION_BUS_ADDRESS is not set); run it from your desktop "
        "session, or set DBUS_SESSION_BUS_ADDRESS in the crontab line"
    ),
}

DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def say(key: str, **values: object) -> str:
    """The sentence ``key`` with its named placeholders filled in."""
    return TEMPLATES[key].format(**values)


def every_text(minutes: int) -> str:
    """``50 min``, ``1 h``, ``1 h 30 min``."""
    hours, rest = divmod(minutes, 60)
    if hours and rest:
        return f"{hours} h {rest} min"
    return f"{hours} h" if hours else f"{rest} min"


def days_text(days: Iterable[int]) -> str:
    """``Mon-Fri``, ``Mon, Wed, Fri``, ``every day`` (0 is Monday)."""
    chosen = sorted(set(days))
    if len(chosen) == 7:
        return "every day"
    if len(chosen) > 2 and chosen == list(range(chosen[0], chosen[-1] + 1)):
        return f"{DAY_NAMES[chosen[0]]}-{DAY_NAMES[chosen[-1]]}"
    return ", ".join(DAY_NAMES[day] for day in chosen)


def moment_text(day: int, hhmm: str) -> str:
    """``Mon 09:00``."""
    return f"{DAY_NAMES[day]} {hhmm}"
