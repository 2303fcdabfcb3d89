"""What a session did, collected from its events for the summary screen (plain Python)."""

from __future__ import annotations

from dataclasses import dataclass, field

from psoas_tui.plan import IntervalKind
from psoas_tui.session import Event, IntervalEnded, SessionAbandoned, SessionFinished


@dataclass(frozen=True)
class CheckAnswer:
    question: str
    side: str | None
    answer: str | None


@dataclass
class Tally:
    """A session listener that sums up what was done, in routine seconds."""

    done: int = 0
    skipped: int = 0
    active: float = 0.0
    finished: bool = False
    ended: bool = False
    per_side: dict[str, float] = field(default_factory=lambda: {"left": 0.0, "right": 0.0})
    both_sides: float = 0.0
    checks: list[CheckAnswer] = field(default_factory=list)

    def __call__(self, event: Event) -> None:
        if isinstance(event, IntervalEnded):
            interval = event.interval
            if interval.kind is IntervalKind.CHECK:
                question = interval.question or interval.step_name
                self.checks.append(CheckAnswer(question, interval.side, event.answer))
            if event.skipped:
                self.skipped += 1
            else:
                self.done += 1
            if interval.is_exercise:
                if interval.side is None:
                    self.both_sides += event.actual
                else:
                    self.per_side[interval.side] += event.actual
        elif isinstance(event, SessionFinished):
            self.active = event.active
            self.finished = True
            self.ended = True
        elif isinstance(event, SessionAbandoned):
            self.active = event.active
            self.ended = True
