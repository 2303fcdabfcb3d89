"""What a session did, collected from its events for the summary (plain Python; its words
are made by ``psoas_tui.text.events``)."""

from __future__ import annotations

from dataclasses import dataclass, field

from psoas_tui.kinds import SIDES
from psoas_tui.plan import IntervalKind
from psoas_tui.session import Event, IntervalEnded, SessionAbandoned, SessionFinished


@dataclass(frozen=True)
class CheckAnswer:
    question: str
    side: str | None
    answer: str | None
    step: str = ""


@dataclass
class Tally:
    """A session listener that sums up what was done, in routine seconds.

    Intervals are counted once each, as planned: stepping back over an interval and doing it
    again makes it done, not one done and one skipped."""

    active: float = 0.0
    finished: bool = False
    ended: bool = False
    per_side: dict[str, float] = field(default_factory=lambda: dict.fromkeys(SIDES, 0.0))
    both_sides: float = 0.0
    _completed: set[int] = field(default_factory=set)
    _reached: set[int] = field(default_factory=set)
    _answers: dict[int, CheckAnswer] = field(default_factory=dict)

    @property
    def done(self) -> int:
        return len(self._completed)

    @property
    def skipped(self) -> int:
        return len(self._reached - self._completed)

    @property
    def checks(self) -> list[CheckAnswer]:
        """The last answer to each check, in plan order."""
        return [self._answers[index] for index in sorted(self._answers)]

    def __call__(self, event: Event) -> None:
        if isinstance(event, IntervalEnded):
            interval = event.interval
            self._reached.add(interval.index)
            if interval.kind is IntervalKind.CHECK:
                question = interval.question or interval.step_name
                answer = CheckAnswer(question, interval.side, event.answer, interval.step_name)
                if event.answer is not None or interval.index not in self._answers:
                    self._answers[interval.index] = answer
            if not event.skipped:
                self._completed.add(interval.index)
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
