"""The plain runner: ``psoas run ROUTINE --plain``, one line per interval, no TUI.

For pipes, screen readers and ssh. On a terminal it reads single keys; with no terminal on
stdin it runs straight through (checks are logged unanswered, untimed reps are not waited
for). Ctrl-C abandons the session (what was done stays logged) and exits 130.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import select
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TextIO

from psoas_tui.errors import EXIT_INTERRUPTED, EXIT_OK, UserError
from psoas_tui.plan import Interval, IntervalKind, Plan
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

KEYS_HELP = "keys: space pause · n skip · b back · r restart · + extend 10 s · d done · q quit"
TICK_SECONDS = 0.25  # real seconds between idle wake-ups when nothing is due sooner


def scaled_clock(scale: float) -> Callable[[], float]:
    """Routine seconds from the monotonic clock: PSOAS_TIME_SCALE runs time faster."""
    monotonic = time.monotonic
    if scale == 1.0:
        return monotonic
    return lambda: monotonic() * scale


@dataclass
class PlainPrinter:
    """Turns engine events into sparse lines of text."""

    out: TextIO
    plan: Plan
    session: Session | None = None
    _open_line: bool = field(default=False, init=False)

    def __call__(self, event: Event) -> None:
        if isinstance(event, IntervalStarted):
            self._line(self._describe(event.interval))
        elif isinstance(event, Countdown):
            self._inline(f"{event.remaining}")
        elif isinstance(event, Halfway):
            self._inline("halfway")
        elif isinstance(event, RepTick):
            self._inline(f"rep {event.rep}" if event.rep == 1 else str(event.rep))
        elif isinstance(event, WaitingForDone):
            self._line("      press d when the set is done")
        elif isinstance(event, CheckNeeded):
            self._line(f"      {event.interval.question}")
            for number, answer in enumerate(event.interval.answers, start=1):
                self._line(f"        {number}  {answer}")
        elif isinstance(event, IntervalEnded):
            notes = []
            if event.answer is not None:
                notes.append(f"answer: {event.answer}")
            elif event.interval.kind is IntervalKind.CHECK:
                notes.append("unanswered")
            if event.skipped and event.interval.kind is not IntervalKind.CHECK:
                notes.append(f"skipped after {elapsed(event.actual)}")
            if event.extended:
                notes.append(f"extended {event.extended:g} s")
            if notes:
                self._line("      " + ", ".join(notes))
        elif isinstance(event, Paused):
            why = "the computer slept; " if event.reason == "suspend" else ""
            self._line(f"      paused ({why}press space to go on)")
        elif isinstance(event, Resumed):
            self._line("      resumed")
        elif isinstance(event, SessionFinished | SessionAbandoned):
            self._close_line()

    def _describe(self, interval: Interval) -> str:
        active = self.session.active_at(self.session.clock()) if self.session else 0.0
        label = interval.label
        if interval.kind is IntervalKind.GET_READY:
            label = f"Get ready: {interval.step_name}"
        parts = [f"[{elapsed(active):>5}] {label}"]
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
            parts.append("answer with a number key")
        return " · ".join(parts)

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


@contextlib.contextmanager
def _keyboard(stream: TextIO) -> Iterator[int | None]:
    """Single-key input from a terminal (cbreak: Ctrl-C still interrupts), else None."""
    try:
        fd = stream.fileno()
    except (AttributeError, OSError, ValueError):
        yield None
        return
    if not os.isatty(fd):
        yield None
        return
    import termios
    import tty

    saved = termios.tcgetattr(fd)
    try:
        tty.setcbreak(fd)
        yield fd
    finally:
        termios.tcsetattr(fd, termios.TCSADRAIN, saved)


def _read_keys(fd: int) -> str:
    try:
        data = os.read(fd, 32)
    except OSError:
        return ""
    return data.decode("utf-8", "ignore")


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
    sleep: Callable[[float], None] = time.sleep,
) -> None:
    """Run the session to its end: sleep until the next due event, read keys, tick."""
    while session.state in (State.RUNNING, State.PAUSED):
        current = session.current
        if keyboard is None and current is not None and not current.timed:
            session.skip()  # no keyboard: checks go unanswered, untimed reps are not awaited
            continue
        due = session.next_due()
        wait = TICK_SECONDS
        if due is not None:
            wait = min(wait, max(0.0, (due - session.clock()) / scale))
        if keyboard is not None:
            ready, _, _ = select.select([keyboard], [], [], wait)
            if ready:
                for key in _read_keys(keyboard):
                    apply_key(session, key)
        elif wait > 0:
            sleep(wait)
        session.tick()


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
    session = Session(plan, scaled_clock(scale), suspend_gap=5.0 * scale)
    printer = PlainPrinter(out, plan, session)
    header = [f"{routine.name} · {human(plan.total_seconds)}"]
    if plan.untimed_count:
        header[0] += f" + {plan.untimed_count} untimed"
    attached = attach_all(session, args, scale, locations, warn)
    header.extend(attached.header)
    if scale != 1.0:
        header.append(f"time scale: {scale:g}x faster")
    session.subscribe(printer)
    try:
        with _keyboard(sys.stdin) as keyboard:
            out.write(" · ".join(header) + "\n")
            if keyboard is not None:
                out.write(KEYS_HELP + "\n")
            out.flush()
            try:
                session.start()
                drive(session, keyboard=keyboard, scale=scale)
            except KeyboardInterrupt:
                session.quit()
                _footer(out, session)
                return EXIT_INTERRUPTED
    finally:
        attached.close()
    _footer(out, session)
    return EXIT_OK


def _footer(out: TextIO, session: Session) -> None:
    status = session.status()
    word = "Done" if session.state is State.FINISHED else "Stopped"
    out.write(
        f"{word}. Active time {elapsed(status.active)} "
        f"(planned {clock(session.plan.total_seconds)}).\n"
    )
    out.flush()
