"""The plain runner's loop and command: sleep until the next due event, read keys, tick."""

from __future__ import annotations

import argparse
import contextlib
import select
import sys
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, TextIO

from psoas_tui.commands import messages
from psoas_tui.errors import EXIT_OK, UserError
from psoas_tui.mpris import apply_command, start_media
from psoas_tui.plain.answers import PipedAnswers
from psoas_tui.plain.printer import KEYS_HELP, PlainPrinter, footer, plain_text
from psoas_tui.plain.remote import Commands
from psoas_tui.plain.terminal import Signals, input_fd, keyboard, read_keys
from psoas_tui.plan import IntervalKind
from psoas_tui.runner import Attached
from psoas_tui.session import Session, State
from psoas_tui.tally import Tally
from psoas_tui.text.coaching import reason_lines
from psoas_tui.text.i18n import _, number
from psoas_tui.text.routines import length
from psoas_tui.timebase import scaled_clock

if TYPE_CHECKING:
    from psoas_tui.history import SessionLog
    from psoas_tui.locations import Locations
    from psoas_tui.resume import Resuming
    from psoas_tui.routine.model import Routine

TICK_SECONDS = 0.25  # real seconds between idle wake-ups when nothing is due sooner
SUSPEND_GAP_SECONDS = 5.0  # real seconds without a tick that mean the machine slept


def apply_key(session: Session, key: str) -> None:
    """One key press (a character, or a name from ``terminal.NAMED_KEYS``) to one control;
    unknown keys do nothing. A presenter clicker's keys work: PageDown skips, PageUp goes
    back, ``b`` and ``.`` (its blank-the-screen keys) pause and resume."""
    current = session.current
    if key.isdigit() and current is not None and current.kind is IntervalKind.CHECK:
        session.answer(int(key) - 1)
        return
    actions: dict[str, Callable[[], object]] = {
        " ": session.toggle_pause,
        "p": session.toggle_pause,
        "b": session.toggle_pause,
        ".": session.toggle_pause,
        "n": session.skip,
        "pagedown": session.skip,
        "right": session.skip,
        "pageup": session.back,
        "left": session.back,
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
    remote: Commands | None = None,
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
            # and are not waited for. A pause from a media button waits for the button.
            if session.state is State.PAUSED and session.pause_reason == "suspend":
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
        if session.state is State.PAUSED and keyboard is None and remote is None:
            session.resume()  # nothing could ever resume it
            continue
        sources = (keyboard, listen, signals.fileno() if signals else None)
        watch = [fd for fd in (*sources, remote.fileno() if remote else None) if fd is not None]
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
            if remote is not None and remote.fileno() in ready:
                for command in remote.take():
                    apply_command(session, command)
            if keyboard is not None and keyboard in ready:
                keys = read_keys(keyboard)
                if keys is None:
                    keyboard = None  # the terminal went away: run on without keys
                for key in keys or ():
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
    from psoas_tui.crash import report_crash
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
        resume = (
            resume_point(args, log, routine, warn, settings.asymmetry)
            if args_resume(args)
            else None
        )
        if resume is not None:
            plan = resume.plan
        else:
            plan = prepare_plan(
                routine,
                PlanOptions(
                    past=log,
                    budget=getattr(args, "fit", None),
                    sides=log,
                    asymmetry=settings.asymmetry,
                ),
                warn=warn,
            )
            if getattr(args, "fit", None) is not None:
                _remember(locations, routine.id, args.fit, warn)
        session = Session(
            plan,
            scaled_clock(scale),
            countdown=settings.countdown,
            suspend_gap=SUSPEND_GAP_SECONDS * scale,
            start_at=resume.point.next_index if resume else 0,
        )
        failures = Failures(say=warn, keep=report_crash)
        recording = resume.log if resume else log
        attached = attach(session, sound=player, log=recording, time_scale=scale, failures=failures)
        header = [
            _("{routine} · {length}").format(
                routine=plain_text(routine.name),
                length=length(plan.total_seconds, plan.untimed_count),
            )
        ]
        if resume:
            header.append(resume.said)
        header.append(player.description)
        header.append(
            _("log: {path}").format(path=display_path(log.path))
            if log.available
            else _("log: OFF: {warning}").format(warning=log.warning)
        )
        if scale != 1.0:
            header.append(_("time scale: {scale}x faster").format(scale=number(scale)))
        reasons = [plain_text(line) for line in reason_lines(plan.adapted)]
        commands = Commands()
        media = start_media(session, commands.put, on=settings.media_buttons, warn=header.append)
        try:
            return _run(session, header, attached, out, scale, commands if media else None, reasons)
        finally:
            if media is not None:
                media.close()
            commands.close()
    finally:
        try:
            log.close()
        finally:
            player.close()


def args_resume(args: argparse.Namespace) -> bool:
    return bool(getattr(args, "resume", False))


def resume_point(
    args: argparse.Namespace,
    log: SessionLog,
    routine: Routine,
    warn: Callable[[str], None],
    asymmetry: str = "auto",
) -> Resuming:
    """``--resume``: the cut-off session of ``routine`` to go on with, or a UserError
    (none to resume; the routine file changed since)."""
    from psoas_tui.resume import prepare_resume

    return prepare_resume(log, routine, warn=warn, asymmetry=asymmetry)


def _remember(
    locations: Locations, routine_id: str, seconds: int, warn: Callable[[str], None]
) -> None:
    """The budget is remembered for the routine (the app's fit key offers it again)."""
    from psoas_tui.budgets import remember_budget

    try:
        remember_budget(locations, routine_id, seconds)
    except OSError as error:
        warn(
            _("could not remember the budget ({reason}); the session goes on.").format(
                reason=error.strerror or error
            )
        )


def _run(
    session: Session,
    header: list[str],
    attached: Attached,
    out: TextIO,
    scale: float,
    remote: Commands | None = None,
    reasons: list[str] | None = None,
) -> int:
    """Print the header (and the coaching's reasons, a line each), drive the session to
    its end, print the footer."""
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
                for reason in reasons or ():
                    out.write(reason + "\n")
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
                    remote=remote,
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
