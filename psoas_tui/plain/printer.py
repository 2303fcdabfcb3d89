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
from psoas_tui.text import events as words
from psoas_tui.text.i18n import N_, in_language
from psoas_tui.text.intervals import started_line

KEYS_HELP = N_(
    "keys: space/b/. pause · n/PgDn/→ skip · PgUp/← back · r restart · + extend 10 s · "
    "d done · 1-9 answer · q quit"
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
    # The routine's language: its cue words (sides, rest, switch, halfway, reps) are in it,
    # so what is shown and what is said agree; the rest follows the language psoas shows.
    language: str = "en"
    _open_line: bool = field(default=False, init=False)

    def __call__(self, event: Event) -> None:
        if self.muted:
            return
        if isinstance(event, IntervalStarted):
            self._line(self._describe(event))
        elif isinstance(event, Countdown):
            self._inline(f"{event.remaining}")
        elif isinstance(event, Halfway):
            with in_language(self.language):
                self._inline(words.halfway())
        elif isinstance(event, RepTick):
            with in_language(self.language):
                self._inline(words.rep_tick(event.rep))
        elif isinstance(event, WaitingForDone):
            self._line("      " + words.wait_for_done(self.keys, self._piped()))
        elif isinstance(event, CheckNeeded):
            self._line(f"      {plain_text(event.interval.question)}")
            for number, answer in enumerate(event.interval.answers, start=1):
                self._line(f"        {number}  {plain_text(answer)}")
        elif isinstance(event, IntervalEnded):
            notes = words.ended_notes(
                answer=plain_text(event.answer) if event.answer is not None else None,
                check=event.interval.kind is IntervalKind.CHECK,
                skipped=event.skipped,
                actual=event.actual,
                extended=event.extended,
            )
            if notes:
                self._line("      " + ", ".join(notes))
        elif isinstance(event, Paused):
            self._line("      " + words.paused(event.reason, self.keys))
        elif isinstance(event, Resumed):
            self._line("      " + words.resumed())
        elif isinstance(event, SessionFinished | SessionAbandoned):
            self._close_line()

    def _describe(self, event: IntervalStarted) -> str:
        interval = event.interval
        hint = words.check_hint(self.keys, self._piped())
        with in_language(self.language):
            line = started_line(interval, event.offset, restarted=event.restarted, check_hint=hint)
        return plain_text(line)

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
    plan = session.plan
    sides = None
    if any(interval.side for interval in plan.intervals):
        results = words.side_results(tally, plan)  # time, or for a test its answers
        sides = {side: plain_text(text) for side, text in results.items()}
    finished = session.state is State.FINISHED
    out.write(words.footer(finished, session.status().active, plan.total_seconds, sides))
    out.flush()
