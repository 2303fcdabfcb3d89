"""The plain runner: ``psoas run ROUTINE --plain``, one line per interval, no TUI.

For pipes, screen readers and ssh. On a terminal it reads single keys; with no terminal on
stdin it reads answers from it a line at a time (:mod:`psoas_tui.plain_answers`), and at
the end of that input runs straight through (checks are logged unanswered, untimed reps are
not waited for). Without a keyboard, a pause caused by a sleep resumes at once, since nobody
could press a key.
Ctrl-C abandons the session (what was done stays logged) and exits 130; SIGTERM and SIGHUP
(the terminal went away) abandon it too and exit 128 + the signal's number.

The clock is :func:`psoas_tui.clock.scaled_clock` (CLOCK_BOOTTIME: a machine sleep shows
up as a gap, and the session pauses itself).

Ctrl-Z: the SIGTSTP handler puts the terminal back as it found it before the process
stops, and on ``fg`` (SIGCONT) re-enters cbreak mode and tells the engine that time stopped
(:meth:`Session.suspend`) before anything looks at the clock again, so the session is
paused on return, says so, and counts none of the stopped time, however short the stop.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import select
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from types import FrameType
from typing import TextIO

from psoas_tui.clock import scaled_clock
from psoas_tui.errors import EXIT_INTERRUPTED, EXIT_OK, UserError
from psoas_tui.plain_answers import PipedAnswers
from psoas_tui.plan import IntervalKind, Plan
from psoas_tui.routine.text import clean_text
from psoas_tui.session import (
    CheckNeeded,
    Countdown,
    Event,
    Halfway,
    IntervalEnded,
    IntervalStarted,
    Paused,
    RepTick,
    Resumed,
    Session,
    SessionAbandoned,
    SessionFinished,
    State,
    WaitingForDone,
)
from psoas_tui.timefmt import clock, elapsed, human
from psoas_tui.tui.tally import Tally  # plain Python: no Textual

KEYS_HELP = (
    "keys: space pause · n skip · b back · r restart · + extend 10 s · d done · 1-9 answer · q quit"
)
TICK_SECONDS = 0.25  # real seconds between idle wake-ups when nothing is due sooner
SUSPEND_GAP_SECONDS = 5.0  # real seconds without a tick that mean the machine slept


def _plain(text: str) -> str:
    """Routine text is untrusted: one line, no control characters."""
    return clean_text(text)


@dataclass
class PlainPrinter:
    """Turns engine events into sparse lines of text.

    One line per interval start; the 3-2-1 countdown, halfway and rep counts go on one
    line beneath it, so a long hold prints two lines, not one a second."""

    out: TextIO
    plan: Plan
    session: Session | None = None
    keys: bool = True
    lines: PipedAnswers | None = None  # answers piped in, when there is no keyboard
    muted: bool = False  # set when the reader went away: nothing more is written
    _open_line: bool = field(default=False, init=False)

    def __call__(self, event: Event) -> None:
        if self.muted:
            return
        if isinstance(event, IntervalStarted):
            self._line(self._describe(event))
        elif isinstance(event, Countdown):
            self._inline(f"{event.remaining}")
        elif isinstance(event, Halfway):
            self._inline("halfway")
        elif isinstance(event, RepTick):
            self._inline(f"rep {event.rep}" if event.rep == 1 else str(event.rep))
        elif isinstance(event, WaitingForDone):
            if self.keys:
                self._line("      press d when the set is done")
            elif self._piped():
                self._line("      send an empty line or d when the set is done")
            else:
                self._line("      untimed set: not waited for without a keyboard")
        elif isinstance(event, CheckNeeded):
            self._line(f"      {_plain(event.interval.question)}")
            for number, answer in enumerate(event.interval.answers, start=1):
                self._line(f"        {number}  {_plain(answer)}")
        elif isinstance(event, IntervalEnded):
            notes = []
            if event.answer is not None:
                notes.append(f"answer: {_plain(event.answer)}")
            elif event.interval.kind is IntervalKind.CHECK:
                notes.append("unanswered")
            if event.skipped and event.interval.kind is not IntervalKind.CHECK:
                notes.append(f"skipped after {elapsed(event.actual)}")
            if event.extended:
                notes.append(f"extended {event.extended:g} s")
            if notes:
                self._line("      " + ", ".join(notes))
        elif isinstance(event, Paused):
            if event.reason == "suspend":
                why = "time stopped (the computer slept or the program was stopped)"
                then = "; press space to go on" if self.keys else ""
                self._line(f"      paused: {why}{then}")
            else:
                self._line("      paused (press space to go on)")
        elif isinstance(event, Resumed):
            self._line("      resumed")
        elif isinstance(event, SessionFinished | SessionAbandoned):
            self._close_line()

    def _describe(self, event: IntervalStarted) -> str:
        interval = event.interval
        label = _plain(interval.label)
        if interval.kind is IntervalKind.GET_READY:
            label = f"Get ready: {_plain(interval.step_name)}"
        parts = [f"[{elapsed(event.offset):>5}] {label}"]
        if event.restarted:
            parts.append("again")
        if interval.side:
            parts.append(interval.side.upper())
        if interval.rounds > 1:
            parts.append(f"round {interval.round}/{interval.rounds}")
        if interval.sets > 1 and interval.kind is not IntervalKind.GET_READY:
            parts.append(f"set {interval.set}/{interval.sets}")
        if interval.reps:
            reps = f"{interval.reps} reps"
            if interval.tempo:
                reps += f" @ {interval.tempo:g} s"
            parts.append(reps)
        if interval.duration is not None:
            parts.append(clock(interval.duration))
        elif interval.kind is IntervalKind.CHECK:
            if self.keys:
                parts.append("answer with a number key")
            elif self._piped():
                parts.append("answer with a line: its number")
            else:
                parts.append("no keyboard: unanswered")
        return " · ".join(parts)

    def _piped(self) -> bool:
        return self.lines is not None and not self.lines.exhausted

    def say(self, text: str) -> None:
        """A note of the runner's own, beneath the current interval."""
        if not self.muted:
            self._line(f"      {text}")

    def _line(self, text: str) -> None:
        self._close_line()
        self.out.write(text + "\n")
        self.out.flush()

    def _inline(self, token: str) -> None:
        self.out.write(("  " if not self._open_line else " ") + token)
        self._open_line = True
        self.out.flush()

    def _close_line(self) -> None:
        if self._open_line:
            self.out.write("\n")
            self._open_line = False
            self.out.flush()


class _Terminal:
    """A terminal in cbreak mode (single keys, no echo; Ctrl-C and Ctrl-Z still signal)."""

    def __init__(self, fd: int) -> None:
        import termios

        self.fd = fd
        self._saved = termios.tcgetattr(fd)

    def _in_foreground(self) -> bool:
        try:
            return os.tcgetpgrp(self.fd) == os.getpgrp()
        except OSError:
            return True  # not our controlling terminal: no job control to respect

    def enter(self) -> None:
        import termios
        import tty

        if self._in_foreground():
            with contextlib.suppress(termios.error):
                tty.setcbreak(self.fd, termios.TCSANOW)

    def restore(self) -> None:
        import termios

        with contextlib.suppress(termios.error):
            termios.tcsetattr(self.fd, termios.TCSADRAIN, self._saved)


def _input_fd(stream: TextIO | None) -> int | None:
    """The file descriptor of an input that is not a terminal (a pipe, a file), if any."""
    try:
        fd = stream.fileno() if stream is not None else -1
    except (AttributeError, OSError, ValueError):
        return None
    return fd if fd >= 0 and not os.isatty(fd) else None


@contextlib.contextmanager
def _keyboard(stream: TextIO) -> Iterator[_Terminal | None]:
    """Single-key input from a terminal, else None."""
    try:
        fd = stream.fileno()
    except (AttributeError, OSError, ValueError):
        yield None
        return
    if not os.isatty(fd):
        yield None
        return
    terminal = _Terminal(fd)
    terminal.enter()
    try:
        yield terminal
    finally:
        terminal.restore()


class _Signals:
    """Ctrl-C, Ctrl-Z and ``fg`` turned into flags the drive loop reads at a safe point
    (never in the middle of the engine or a listener), waking it at once through a pipe.

    Only the main thread can handle signals; elsewhere this does nothing."""

    def __init__(self, clock: Callable[[], float], terminal: _Terminal | None) -> None:
        self.clock = clock
        self.terminal = terminal
        self.interrupted = False
        self.signal_number: int | None = None  # the signal that interrupted the run
        self.continued = False
        self.stopped_at: float | None = None
        self._pipe: tuple[int, int] | None = None
        self._previous: dict[int, object] = {}
        self._previous_wakeup = -1

    def fileno(self) -> int | None:
        return self._pipe[0] if self._pipe else None

    def install(self) -> None:
        if threading.current_thread() is not threading.main_thread():
            return
        read, write = os.pipe()
        os.set_blocking(read, False)
        os.set_blocking(write, False)
        self._pipe = (read, write)
        self._previous_wakeup = signal.set_wakeup_fd(write, warn_on_full_buffer=False)
        handlers: dict[int, Callable[[int, FrameType | None], None]] = {
            signal.SIGINT: self._on_interrupt,
            signal.SIGTERM: self._on_interrupt,
        }
        if hasattr(signal, "SIGHUP"):  # the terminal went away (ssh dropped, window closed)
            handlers[signal.SIGHUP] = self._on_interrupt
        if hasattr(signal, "SIGTSTP"):
            handlers[signal.SIGTSTP] = self._on_stop
            handlers[signal.SIGCONT] = self._on_continue
        for number, handler in handlers.items():
            self._previous[number] = signal.signal(number, handler)

    def uninstall(self) -> None:
        for number, previous in self._previous.items():
            signal.signal(number, previous)  # type: ignore[arg-type]
        self._previous.clear()
        if self._pipe is not None:
            signal.set_wakeup_fd(self._previous_wakeup)
            for fd in self._pipe:
                os.close(fd)
            self._pipe = None

    def drain(self) -> None:
        if self._pipe is not None:
            with contextlib.suppress(OSError):
                while os.read(self._pipe[0], 64):
                    pass

    def _on_interrupt(self, signum: int, frame: FrameType | None) -> None:
        self.interrupted = True
        if self.signal_number is None:
            self.signal_number = signum

    def exit_code(self) -> int:
        """130 for Ctrl-C, 128 + the signal's number for the others (143 for SIGTERM)."""
        if self.signal_number is None or self.signal_number == signal.SIGINT:
            return EXIT_INTERRUPTED
        return 128 + self.signal_number

    def _on_stop(self, signum: int, frame: FrameType | None) -> None:
        self.stopped_at = self.clock()
        if self.terminal is not None:
            self.terminal.restore()
        signal.signal(signal.SIGTSTP, signal.SIG_DFL)
        try:
            os.kill(os.getpid(), signal.SIGTSTP)  # stops here until fg / SIGCONT
        finally:
            signal.signal(signal.SIGTSTP, self._on_stop)
        self._on_continue(signal.SIGCONT, frame)

    def _on_continue(self, signum: int, frame: FrameType | None) -> None:
        if self.terminal is not None:
            self.terminal.enter()
        self.continued = True

    def take_stop(self) -> tuple[bool, float | None]:
        """Whether the process was stopped and continued since the last call, and when it
        stopped (None when it was stopped by something else than Ctrl-Z)."""
        continued, at = self.continued, self.stopped_at
        self.continued = False
        self.stopped_at = None
        return continued, at


# Arrow and function keys arrive as escape sequences ("\x1b[B" is the down arrow): they
# must not be read as the letters in them ("B" would go back).
_ESCAPES = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|O.|.)?", re.DOTALL)


def keys_of(text: str) -> str:
    """The single keys in what the terminal sent, escape sequences dropped."""
    return _ESCAPES.sub("", text)


def _read_keys(fd: int) -> str | None:
    """The keys waiting on ``fd``; None at the end of input."""
    try:
        data = os.read(fd, 64)
    except BlockingIOError:
        return ""
    except OSError:
        return None
    if not data:
        return None
    return keys_of(data.decode("utf-8", "ignore"))


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
    signals: _Signals | None = None,
    lines: PipedAnswers | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> None:
    """Run the session to its end: sleep until the next due event, read keys (or, with no
    keyboard, answers from ``lines``), tick.

    Raises KeyboardInterrupt (at a safe point, between engine calls) on Ctrl-C."""
    while session.state in (State.RUNNING, State.PAUSED):
        _take_signals(session, signals)
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
                _take_signals(session, signals)
            if keyboard is not None and keyboard in ready:
                keys = _read_keys(keyboard)
                if keys is None:
                    keyboard = None  # the terminal went away: run on without keys
                for key in keys or "":
                    if signals is not None and signals.interrupted:
                        break
                    apply_key(session, key)
        elif wait > 0:
            sleep(wait)
        _take_signals(session, signals)
        session.tick()


def _take_signals(session: Session, signals: _Signals | None) -> None:
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
    from psoas_tui.commands.routines import _load_or_fail
    from psoas_tui.locations import time_scale, user_locations
    from psoas_tui.plan import build_plan
    from psoas_tui.services import alternate_first_side, attach_all

    out = out or sys.stdout
    try:
        scale = time_scale()
    except ValueError as error:
        raise UserError(str(error), 2) from None
    routine = _load_or_fail(args.routine)
    locations = user_locations()

    def warn(message: str) -> None:
        print(f"psoas: {message}", file=sys.stderr, flush=True)

    plan = build_plan(routine, alternate_first_side(routine, locations, warn))
    session = Session(plan, scaled_clock(scale), suspend_gap=SUSPEND_GAP_SECONDS * scale)
    header = [f"{_plain(routine.name)} · {human(plan.total_seconds)}"]
    if plan.untimed_count:
        header[0] += f" + {plan.untimed_count} untimed"
    attached = attach_all(session, args, scale, locations, warn)
    header.extend(attached.header)
    if scale != 1.0:
        header.append(f"time scale: {scale:g}x faster")
    try:
        with _keyboard(sys.stdin) as terminal:
            printer = PlainPrinter(out, plan, session, keys=terminal is not None)
            piped = _input_fd(sys.stdin) if terminal is None else None
            lines = PipedAnswers(piped, printer.say) if piped is not None else None
            printer.lines = lines
            session.subscribe(printer)
            tally = Tally()
            session.subscribe(tally)
            signals = _Signals(session.clock, terminal)
            signals.install()
            try:
                out.write(" · ".join(header) + "\n")
                if terminal is not None:
                    out.write(KEYS_HELP + "\n")
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
                    _footer(out, session, tally)
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
    _footer(out, session, tally)
    return EXIT_OK


def _footer(out: TextIO, session: Session, tally: Tally) -> None:
    status = session.status()
    word = "Done" if session.state is State.FINISHED else "Stopped"
    if any(interval.side for interval in session.plan.intervals):
        sides = tally.side_results(session.plan)  # time, or for a test its answers
        out.write(f"Left side: {_plain(sides['left'])} · Right side: {_plain(sides['right'])}\n")
    out.write(
        f"{word}. Active time {elapsed(status.active)} "
        f"(planned {clock(session.plan.total_seconds)}).\n"
    )
    out.flush()
