"""The plain runner's loop and command: sleep until the next due event, read keys, tick."""

from __future__ import annotations

import argparse
import contextlib
import select
import sys
import time
from collections.abc import Callable
from typing import TextIO

from psoas_tui.commands import messages
from psoas_tui.errors import EXIT_OK, UserError
from psoas_tui.plain.answers import PipedAnswers
from psoas_tui.plain.printer import KEYS_HELP, PlainPrinter, footer, plain_text
from psoas_tui.plain.terminal import Signals, input_fd, keyboard, read_keys
from psoas_tui.plan import IntervalKind
from psoas_tui.runner import Attached
from psoas_tui.session import Session, State
from psoas_tui.tally import Tally
from psoas_tui.text.i18n import _, number
from psoas_tui.text.routines import length
from psoas_tui.timebase import scaled_clock

TICK_SECONDS = 0.25  # real seconds between idle wake-ups when nothing is due sooner
SUSPEND_GAP_SECONDS = 5.0  # real seconds without a tick that mean the machine slept


def apply_key(session: Session, key: str) -> None:
    """One key press to one control; unknown keys do nothing."""
    current = session.current
    if key.isdigit() and current is not None and current.kind is IntervalKind.CHECK:
        session.answer(int(key) - 1)
        return
    actions: dict[str, Callable[[], object]] = {
        " ": session.toggle_pause,
        "p": session.toggle_pause,
        "n": session.skip,
        "b": session.back,
        "r": session.restart,
        "+": session.extend,
        "=": session.extend,
        "d": session.done,
        "\n": session.done,
        "q": session.quit,
    }
    action = actions.get(key.lower())
    if action is not None:
        action()


def drive(
    session: Session,
    *,
    keyboard: int | None,
    scale: float,
    signals: Signals | None = None,
    lines: PipedAnswers | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> None:
    """Run the session to its end: sleep until the next due event, read keys (or, with no
    keyboard, answers from ``lines``), tick.

    Raises KeyboardInterrupt (at a safe point, between engine calls) on Ctrl-C."""
    while session.state in (State.RUNNING, State.PAUSED):
        take_signals(session, signals)
        due = session.next_due()
        wait = TICK_SECONDS
        listen: int | None = None  # the piped input, while a line is awaited
        if keyboard is None:
            # Nobody can press a key: a pause from a sleep ends at once (none of the sleep
            # counts); checks and untimed reps take a line from a pipe, else go unanswered
            # and are not waited for.
            if session.state is State.PAUSED:
                session.resume()
                continue
            current = session.current
            if current is not None and not current.timed:
                now = session.clock()
                if lines is None or lines.exhausted:
                    session.skip()
                    continue
                if lines.act(session, current, now):
                    continue
                listen = lines.fd
                due = lines.deadline(current, now)
        if due is not None:
            wait = min(wait, max(0.0, (due - session.clock()) / scale))
        watch = [
            fd for fd in (keyboard, listen, signals.fileno() if signals else None) if fd is not None
        ]
        if watch:
            ready, _, _ = select.select(watch, [], [], wait)
            if lines is not None and listen is not None and listen in ready:
                lines.read()
            if signals is not None and signals.fileno() in ready:
                signals.drain()
                # A stop must reach the engine before anything looks at the clock again:
                # a tick first would count the stopped time (under SUSPEND_GAP_SECONDS it
                # is not taken for a sleep) as exercise done.
                take_signals(session, signals)
            if keyboard is not None and keyboard in ready:
                keys = read_keys(keyboard)
                if keys is None:
                    keyboard = None  # the terminal went away: run on without keys
                for key in keys or "":
                    if signals is not None and signals.interrupted:
                        break
                    apply_key(session, key)
        elif wait > 0:
            sleep(wait)
        take_signals(session, signals)
        session.tick()


def take_signals(session: Session, signals: Signals | None) -> None:
    """Act on Ctrl-C (raise KeyboardInterrupt) and on a stop and ``fg`` (pause the session
    as of the stop, counting none of the stopped time)."""
    if signals is None:
        return
    if signals.interrupted:
        raise KeyboardInterrupt
    continued, stopped_at = signals.take_stop()
    if continued:
        session.suspend(stopped_at)


def run_plain(args: argparse.Namespace, out: TextIO | None = None) -> int:
    from psoas_tui.cli import save_crash_report
    from psoas_tui.history import display_path, open_log
    from psoas_tui.locations import time_scale, user_locations
    from psoas_tui.runner import (
        Failures,
        PlanOptions,
        attach,
        open_sound,
        prepare_plan,
        resolve_routine,
    )
    from psoas_tui.settings import load_settings

    out = out or sys.stdout
    try:
        scale = time_scale()
    except ValueError as error:
        raise UserError(str(error), 2) from None
    locations = user_locations()
    routine = resolve_routine(args.routine, locations).routine

    def warn(message: str) -> None:
        print(messages.WARNING.format(message=message), file=sys.stderr, flush=True)

    settings, problems = load_settings(locations)
    for problem in problems:
        warn(str(problem))
    player = open_sound(settings, args, locations, warn)
    # A damaged log is moved aside (and said) now: a session is about to be recorded.
    log = open_log(locations, warn=warn, move_damaged=True)
    try:
        plan = prepare_plan(routine, PlanOptions(past=log), warn=warn)
        session = Session(
            plan,
            scaled_clock(scale),
            countdown=settings.countdown,
            suspend_gap=SUSPEND_GAP_SECONDS * scale,
        )
        failures = Failures(say=warn, keep=save_crash_report)
        attached = attach(session, sound=player, log=log, time_scale=scale, failures=failures)
        header = [
            _("{routine} · {length}").format(
                routine=plain_text(routine.name),
                length=length(plan.total_seconds, plan.untimed_count),
            )
        ]
        header.append(player.description)
        header.append(
            _("log: {path}").format(path=display_path(log.path))
            if log.available
            else _("log: OFF: {warning}").format(warning=log.warning)
        )
        if scale != 1.0:
            header.append(_("time scale: {scale}x faster").format(scale=number(scale)))
        return _run(session, header, attached, out, scale)
    finally:
        try:
            log.close()
        finally:
            player.close()


def _run(session: Session, header: list[str], attached: Attached, out: TextIO, scale: float) -> int:
    """Print the header, drive the session to its end, print the footer."""
    try:
        with keyboard(sys.stdin) as terminal:
            printer = PlainPrinter(
                out, keys=terminal is not None, language=session.plan.routine.language
            )
            piped = input_fd(sys.stdin) if terminal is None else None
            lines = PipedAnswers(piped, printer.say) if piped is not None else None
            printer.lines = lines
            session.subscribe(printer)
            tally = Tally()
            session.subscribe(tally)
            signals = Signals(session.clock, terminal)
            signals.install()
            try:
                out.write(" · ".join(header) + "\n")
                if terminal is not None:
                    out.write(_(KEYS_HELP) + "\n")
                out.flush()
                session.start()
                drive(
                    session,
                    keyboard=terminal.fd if terminal else None,
                    scale=scale,
                    signals=signals,
                    lines=lines,
                )
            except KeyboardInterrupt:
                session.quit()
                with contextlib.suppress(OSError):  # after SIGHUP there may be no terminal
                    footer(out, session, tally)
                return signals.exit_code()
            except BrokenPipeError:
                # The reader went away (``| head``): the session ends as abandoned.
                printer.muted = True
                session.quit()
                raise
            finally:
                signals.uninstall()
    finally:
        attached.close()
    footer(out, session, tally)
    return EXIT_OK
