"""The plain runner's output: one line per interval start, countdowns on one line beneath."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TextIO

from psoas_tui.plain.answers import PipedAnswers
from psoas_tui.plan import IntervalKind
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
from psoas_tui.tally import Tally
from psoas_tui.timefmt import clock, elapsed

KEYS_HELP = (
    "keys: space pause · n skip · b back · r restart · + extend 10 s · d done · 1-9 answer · q quit"
)


def plain_text(text: str) -> str:
    """Routine text is untrusted: one line, no control characters."""
    return clean_text(text)


@dataclass
class PlainPrinter:
    """Turns engine events into sparse lines of text.

    One line per interval start; the 3-2-1 countdown, halfway and rep counts go on one
    line beneath it, so a long hold prints two lines, not one a second."""

    out: TextIO
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
            self._line(f"      {plain_text(event.interval.question)}")
            for number, answer in enumerate(event.interval.answers, start=1):
                self._line(f"        {number}  {plain_text(answer)}")
        elif isinstance(event, IntervalEnded):
            notes = []
            if event.answer is not None:
                notes.append(f"answer: {plain_text(event.answer)}")
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
        label = plain_text(interval.label)
        if interval.kind is IntervalKind.GET_READY:
            label = f"Get ready: {plain_text(interval.step_name)}"
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


def footer(out: TextIO, session: Session, tally: Tally) -> None:
    status = session.status()
    word = "Done" if session.state is State.FINISHED else "Stopped"
    if any(interval.side for interval in session.plan.intervals):
        sides = tally.side_results(session.plan)  # time, or for a test its answers
        out.write(
            f"Left side: {plain_text(sides['left'])} · Right side: {plain_text(sides['right'])}\n"
        )
    out.write(
        f"{word}. Active time {elapsed(status.active)} "
        f"(planned {clock(session.plan.total_seconds)}).\n"
    )
    out.flush()
