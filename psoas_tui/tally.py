"""What a session did, collected from its events for the summary screen (plain Python)."""

from __future__ import annotations

from dataclasses import dataclass, field

from psoas_tui.plan import IntervalKind, Plan
from psoas_tui.routine.model import SIDES
from psoas_tui.session import Event, IntervalEnded, SessionAbandoned, SessionFinished
from psoas_tui.timefmt import human


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

    def side_results(self, plan: Plan) -> dict[str, str]:
        """What each side did, for a summary: its exercise time, or, for a test done on both
        sides (no exercise per side, see :func:`answers_per_side`), what was answered for it
        rather than "0 s"."""
        if not answers_per_side(plan):
            return {side: human(self.per_side[side]) for side in SIDES}
        sided = [check for check in self.checks if check.side in SIDES]
        named = len({check.step for check in sided}) > 1
        results: dict[str, str] = {}
        for side in SIDES:
            parts = []
            for check in sided:
                if check.side == side:
                    answer = check.answer or "not answered"
                    parts.append(f"{check.step}: {answer}" if named else answer)
            results[side] = " · ".join(parts) or "not answered"
        return results


def answers_per_side(plan: Plan) -> bool:
    """Whether a side's result is its answers: questions asked per side, no exercise."""
    sided = [interval for interval in plan.intervals if interval.side is not None]
    return any(i.kind is IntervalKind.CHECK for i in sided) and not any(
        i.is_exercise for i in sided
    )
