"""Every word of ``psoas remind`` a person reads: CLI output, the notification, errors.

One module of templates with named placeholders, so that the text layer can take it over
(and a translation can reorder the placeholders). Nothing else in ``psoas_tui.remind`` or
``psoas_tui.commands.remind`` builds a sentence; they call :func:`say` with a key.
"""

from __future__ import annotations

from collections.abc import Iterable

from psoas_tui.text.i18n import N_, _

TEMPLATES: dict[str, str] = {
    # -- bad input (exit 2) ----------------------------------------------------------------
    "every.bad": N_(
        "{value!r} is not a time between reminders; give at least one minute, such as 50m, "
        "1h or 1h30m"
    ),
    "every.long": N_("{value!r} is too long; at most {most} between reminders"),
    "between.bad": N_("{value!r} is not a window of hours; give one such as 09:00-17:30"),
    "between.overnight": N_(
        "{value!r} ends before it starts; the window must lie within one day (an overnight "
        "window is not supported), such as 09:00-17:30"
    ),
    "days.bad": N_(
        "{word!r} in {value!r} is not a day{hint}; use mon, tue, wed, thu, fri, sat, sun, "
        "ranges (mon-fri) or lists (mon,wed,fri)"
    ),
    "days.hint": ' (did you mean "{suggestion}"?)',
    "routine.invalid": N_(
        "the routine {slug} has problems; fix them (psoas check) or remind of another one "
        "with --routine SLUG"
    ),
    # -- on / off / status -----------------------------------------------------------------
    "schedule": N_("every {every}, {days}, {start}-{end}: {routine}"),
    "on.done": N_("Reminders are on: {schedule}."),
    "on.wrote": N_("Installed {path}"),
    "on.next": N_("The timer next checks at {when}; psoas remind fire decides whether to remind."),
    "on.dry_run": N_("Dry run: nothing was installed. These are the units psoas would write:"),
    "on.file_header": N_("# {path}"),
    "on.no_systemd": N_(
        "no systemd user session here ({why}); reminders need systemd's user timers. "
        "Instead, add this line with `crontab -e` (cron has no session bus, so it names "
        "yours):\n{line}"
    ),
    "why.no_systemctl": N_("systemctl was not found"),
    "why.unreachable": N_("systemctl --user cannot reach a user manager: {detail}"),
    "systemctl.failed": N_("systemctl {args} failed (exit {code}): {detail}"),
    "write.failed": N_("cannot write {path} ({detail}); check that the folder is writable"),
    "off.done": N_("Reminders are off: removed {paths}."),
    "off.nothing": N_("Reminders were already off (no timer was installed)."),
    "status.on": N_("Reminders are on: {schedule}."),
    "status.off": N_("Reminders are off. Turn them on with: psoas remind on"),
    "status.timer": N_("Timer: {state}"),
    "status.timer_unknown": N_("Timer: unknown ({why})"),
    "status.next": N_("Next check: {when}"),
    "status.last": N_("Last check: {when}, {outcome}"),
    "status.never": N_("Last check: none yet"),
    "status.last_sent": N_("Last reminder: {when}"),
    "unit.service": N_("psoas reminder: {routine} (psoas remind fire decides)"),
    "unit.timer": N_("psoas reminders: {schedule}"),
    # -- fire outcomes (status and the journal) --------------------------------------------
    "outcome.sent": N_("a reminder was sent"),
    "outcome.outside_days": N_("not a reminder day"),
    "outcome.outside_hours": N_("outside the hours"),
    "outcome.recent_session": N_("a session was logged at {when}, within {every}"),
    "outcome.recent_reminder": N_("a reminder was sent at {when}, within {every}"),
    "outcome.do_not_disturb": N_("do-not-disturb is on"),
    "outcome.failed": N_("the notification could not be sent: {detail}"),
    "fire.result": N_("psoas remind: {outcome}"),
    # -- the notification ------------------------------------------------------------------
    "notify.title": N_("Time for {name}"),
    "notify.body": N_("{name}, {length}. Start it with: {command}"),
    "notify.no_tool": N_(
        "notify-send was not found; install libnotify-bin (Debian, Ubuntu) or libnotify"
    ),
    "notify.no_bus": N_(
        "no session bus (DBUS_SESSION_BUS_ADDRESS is not set); run it from your desktop "
        "session, or set DBUS_SESSION_BUS_ADDRESS in the crontab line"
    ),
}

DAY_NAMES = (N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"), N_("Sat"), N_("Sun"))


def say(key: str, **values: object) -> str:
    """The sentence ``key`` with its named placeholders filled in."""
    return _(TEMPLATES[key]).format(**values)


def every_text(minutes: int) -> str:
    """``50 min``, ``1 h``, ``1 h 30 min``."""
    hours, rest = divmod(minutes, 60)
    if hours and rest:
        return _("{hours} h {minutes} min").format(hours=hours, minutes=rest)
    if hours:
        return _("{hours} h").format(hours=hours)
    return _("{minutes} min").format(minutes=rest)


def days_text(days: Iterable[int]) -> str:
    """``Mon-Fri``, ``Mon, Wed, Fri``, ``every day`` (0 is Monday)."""
    chosen = sorted(set(days))
    if len(chosen) == 7:
        return _("every day")
    if len(chosen) > 2 and chosen == list(range(chosen[0], chosen[-1] + 1)):
        return f"{_(DAY_NAMES[chosen[0]])}-{_(DAY_NAMES[chosen[-1]])}"
    return ", ".join(_(DAY_NAMES[day]) for day in chosen)


def moment_text(day: int, hhmm: str) -> str:
    """``Mon 09:00``."""
    return f"{_(DAY_NAMES[day])} {hhmm}"
