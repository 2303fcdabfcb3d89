"""``psoas remind on|off|status|fire``: desk-break reminders from a systemd user timer."""

from __future__ import annotations

import argparse
import os
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

from psoas_tui.errors import EXIT_INVALID, EXIT_OK, UserError
from psoas_tui.text.i18n import _

ACTIONS = ("on", "off", "status", "fire")


def register(subparsers: Any) -> None:
    from psoas_tui.remind import schedule as s

    p = subparsers.add_parser(
        "remind",
        help=_("desk-break reminders: a systemd user timer and a desktop notification"),
        description=_(
            "Turn desk-break reminders on or off, or see their status. The timer "
            "runs `psoas remind fire`, which reminds only inside the hours and days, and not "
            "within --every of a logged session or of the last reminder."
        ),
    )
    p.add_argument("action", choices=ACTIONS, help=_("on, off, status, or fire (the timer's)"))
    p.add_argument("--every", default=s.DEFAULT_EVERY, type=_every, help=_("default: 50m"))
    p.add_argument(
        "--between", default=s.DEFAULT_BETWEEN, type=_between, help=_("default: 09:00-17:30")
    )
    p.add_argument("--days", default=s.DEFAULT_DAYS, type=_days, help=_("default: mon-fri"))
    p.add_argument(
        "--routine", default=s.DEFAULT_ROUTINE, metavar="SLUG", help=_("default: desk-break")
    )
    p.add_argument("--dry-run", action="store_true", help=_("print the unit files; change nothing"))
    p.set_defaults(handler=remind)


def _checked(parse: Any) -> Any:
    from psoas_tui.remind.schedule import ScheduleError

    def check(value: str) -> Any:
        try:
            return parse(value)
        except ScheduleError as error:
            raise argparse.ArgumentTypeError(str(error)) from None

    return check


def _every(value: str) -> int:
    from psoas_tui.remind.schedule import parse_every

    return int(_checked(parse_every)(value))


def _between(value: str) -> tuple[int, int]:
    from psoas_tui.remind.schedule import parse_between

    start, end = _checked(parse_between)(value)
    return int(start), int(end)


def _days(value: str) -> frozenset[int]:
    from psoas_tui.remind.schedule import parse_days

    return frozenset(_checked(parse_days)(value))


def _schedule(args: argparse.Namespace) -> Any:
    from psoas_tui.remind.schedule import Schedule, parse_between, parse_days, parse_every

    # argparse does not convert string defaults that are never given: do it here.
    every = parse_every(args.every) if isinstance(args.every, str) else args.every
    start, end = parse_between(args.between) if isinstance(args.between, str) else args.between
    days = parse_days(args.days) if isinstance(args.days, str) else args.days
    return Schedule(every, start, end, days, args.routine)


def remind(args: argparse.Namespace) -> int:
    handlers = {"on": remind_on, "off": remind_off, "status": remind_status, "fire": remind_fire}
    return int(handlers[args.action](args))


def _reminder(slug: str) -> Any:
    """The routine to remind of, as the notification names it; exit 1 when unknown."""
    from psoas_tui.locations import user_locations
    from psoas_tui.plan import build_plan
    from psoas_tui.remind.fire import Reminder
    from psoas_tui.remind.words import say
    from psoas_tui.routine.catalog import RoutineNotFound, resolve
    from psoas_tui.text.durations import human

    try:
        entry = resolve(slug, user_locations())
    except RoutineNotFound as error:
        raise UserError(str(error)) from None
    routine = entry.result.routine
    if routine is None:
        raise UserError(say("routine.invalid", slug=slug))
    return Reminder(entry.slug, routine.name, human(build_plan(routine).total_seconds))


def remind_on(args: argparse.Namespace) -> int:
    from psoas_tui.locations import user_locations
    from psoas_tui.remind.state import load_state, save_state
    from psoas_tui.remind.systemd import SystemdError, systemctl, unreachable
    from psoas_tui.remind.units import (
        TIMER,
        crontab_line,
        psoas_command,
        render_units,
        unit_folder,
    )
    from psoas_tui.remind.words import say
    from psoas_tui.routine.text import clean_text

    schedule = _schedule(args)
    _reminder(schedule.routine)
    command = psoas_command()
    environ = dict(os.environ)
    folder = unit_folder(environ)
    units = render_units(schedule, command)
    if args.dry_run:
        print(say("on.dry_run"))
        for name, text in units.items():
            print(say("on.file_header", path=clean_text(str(folder / name))))
            sys.stdout.write(text)
        return EXIT_OK
    why = unreachable(environ)
    if why is not None:
        line = crontab_line(schedule, command, environ)
        raise UserError(say("on.no_systemd", why=why, line=line))
    written = [_write(folder / name, text) for name, text in units.items()]
    try:
        systemctl(["daemon-reload"], environ)
        systemctl(["enable", "--now", TIMER], environ)
    except SystemdError as error:
        raise UserError(str(error)) from None
    locations = user_locations()
    state = load_state(locations)
    state.schedule = schedule.arguments()
    save_state(locations, state)
    print(say("on.done", schedule=schedule.describe()))
    for path in written:
        print(say("on.wrote", path=clean_text(str(path))))
    upcoming = schedule.next_check(datetime.now().astimezone())
    if upcoming is not None:
        print(say("on.next", when=_when(upcoming)))
    return EXIT_OK


def _write(path: Path, text: str) -> Path:
    from psoas_tui.remind.words import say

    temporary = path.with_name(f".{path.name}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, path)
    except OSError as error:
        raise UserError(say("write.failed", path=path, detail=error.strerror or error)) from None
    return path


def _when(moment: datetime) -> str:
    from psoas_tui.remind.words import moment_text

    return moment_text(moment.weekday(), moment.strftime("%H:%M"))


def remind_off(args: argparse.Namespace) -> int:
    from psoas_tui.locations import user_locations
    from psoas_tui.remind.state import load_state, save_state
    from psoas_tui.remind.systemd import SystemdError, systemctl, unreachable
    from psoas_tui.remind.units import SERVICE, TIMER, unit_folder
    from psoas_tui.remind.words import say
    from psoas_tui.routine.text import clean_text

    environ = dict(os.environ)
    folder = unit_folder(environ)
    installed = [folder / name for name in (TIMER, SERVICE) if (folder / name).exists()]
    locations = user_locations()
    state = load_state(locations)
    if state.schedule is not None:
        state.schedule = None
        save_state(locations, state)
    if not installed:
        print(say("off.nothing"))
        return EXIT_OK
    reachable = unreachable(environ) is None
    try:
        if reachable:
            systemctl(["disable", "--now", TIMER], environ)
        for path in installed:
            path.unlink(missing_ok=True)
        if reachable:
            systemctl(["daemon-reload"], environ)
    except SystemdError as error:
        raise UserError(str(error)) from None
    except OSError as error:
        raise UserError(say("write.failed", path=error.filename, detail=error.strerror)) from None
    print(say("off.done", paths=", ".join(clean_text(str(path)) for path in installed)))
    return EXIT_OK


def remind_status(args: argparse.Namespace) -> int:
    from psoas_tui.locations import user_locations
    from psoas_tui.remind.fire import outcome_text
    from psoas_tui.remind.state import load_state
    from psoas_tui.remind.systemd import SystemdError, systemctl, unreachable
    from psoas_tui.remind.units import TIMER
    from psoas_tui.remind.words import say

    state = load_state(user_locations())
    schedule = _stored_schedule(state.schedule)
    if schedule is None:
        print(say("status.off"))
    else:
        print(say("status.on", schedule=schedule.describe()))
        environ = dict(os.environ)
        why = unreachable(environ)
        if why is None:
            try:
                active = systemctl(["is-active", TIMER], environ, check=False)
            except SystemdError as error:
                print(say("status.timer_unknown", why=error))
            else:
                print(say("status.timer", state=active or "unknown"))
        else:
            print(say("status.timer_unknown", why=why))
        upcoming = schedule.next_check(datetime.now().astimezone())
        if upcoming is not None:
            print(say("status.next", when=_when(upcoming)))
    if state.last_check is None or state.last_outcome is None:
        print(say("status.never"))
    else:
        outcome = outcome_text(state.last_outcome, state.last_detail)
        print(say("status.last", when=_when(state.last_check.astimezone()), outcome=outcome))
    if state.last_sent is not None:
        print(say("status.last_sent", when=_when(state.last_sent.astimezone())))
    return EXIT_OK


def _stored_schedule(arguments: list[str] | None) -> Any:
    """The schedule turned on, from its stored arguments; None when off (or unreadable)."""
    if not arguments:
        return None
    from psoas_tui.remind.schedule import ScheduleError, parse_schedule

    values = dict(zip(arguments[::2], arguments[1::2], strict=False))
    try:
        return parse_schedule(
            values.get("--every", ""),
            values.get("--between", ""),
            values.get("--days", ""),
            values.get("--routine", ""),
        )
    except ScheduleError:
        return None


def remind_fire(args: argparse.Namespace, now: datetime | None = None) -> int:
    from psoas_tui.locations import user_locations
    from psoas_tui.remind.fire import Outcome, fire
    from psoas_tui.remind.notify import do_not_disturb, send
    from psoas_tui.remind.words import say

    schedule = _schedule(args)
    reminder = _reminder(schedule.routine)
    environ = dict(os.environ)
    result = fire(
        schedule,
        reminder,
        now=now or datetime.now().astimezone(),
        locations=user_locations(),
        send=lambda title, body: send(title, body, environ),
        do_not_disturb=lambda: do_not_disturb(environ),
    )
    message = say("fire.result", outcome=result.text())
    if result.outcome is Outcome.FAILED:
        print(message, file=sys.stderr)
        return EXIT_INVALID
    print(message)
    return EXIT_OK
