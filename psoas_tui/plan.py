"""Expand a routine into the flat, immutable list of intervals that a session runs."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

from psoas_tui.kinds import EXERCISE_KINDS as EXERCISE_KINDS
from psoas_tui.kinds import IntervalKind as IntervalKind
from psoas_tui.routine.model import Routine, Side, StartSide, Step, StepKind, other_side

if TYPE_CHECKING:
    from psoas_tui.coaching.adapt import Adapted


@dataclass(frozen=True)
class Interval:
    """One stretch of time in a session: what to do, for how long, on which side."""

    index: int
    kind: IntervalKind
    step_kind: StepKind  # the kind of step it came from: a rest from a timed step is between sets
    step_name: str
    step_number: str
    side: Side | None = None
    set: int = 1
    sets: int = 1
    round: int = 1
    rounds: int = 1
    reps: int | None = None
    tempo: float | None = None
    duration: float | None = None
    how: str = ""  # the author's text only (what comes next is put into words by psoas_tui.text)
    question: str = ""
    answers: tuple[str, ...] = ()

    @property
    def timed(self) -> bool:
        """Untimed intervals (reps without a tempo, checks) wait for the user."""
        return self.duration is not None

    @property
    def rests_between(self) -> bool:
        """A rest psoas puts between sets or rounds, not one the author wrote as a step."""
        return self.kind is IntervalKind.REST and self.step_kind is not StepKind.REST

    @property
    def is_exercise(self) -> bool:
        return self.kind in EXERCISE_KINDS


class Plan(NamedTuple):
    routine: Routine
    intervals: tuple[Interval, ...]
    first_side: Side
    # What the coaching did to the routine as written (fit, the tight side's extra) and
    # why, for the front ends to say; None when nothing was asked (``build_plan`` alone).
    adapted: Adapted | None = None

    @property
    def total_seconds(self) -> float:
        """Planned seconds of every timed interval (untimed ones add what the user takes)."""
        return sum(i.duration or 0.0 for i in self.intervals)

    @property
    def untimed_count(self) -> int:
        return sum(1 for i in self.intervals if not i.timed)

    def offsets(self) -> Iterator[tuple[float, Interval]]:
        """Each interval with its planned start offset in seconds."""
        offset = 0.0
        for interval in self.intervals:
            yield offset, interval
            offset += interval.duration or 0.0


def build_plan(routine: Routine, alternate_first: Side = "left") -> Plan:
    """Expand ``routine``; steps with start_side "alternate" start on ``alternate_first``."""
    builder = _Builder(alternate_first)
    for number, step in enumerate(routine.steps, start=1):
        if step.kind is StepKind.BLOCK:
            builder.block(step, str(number))
        else:
            builder.step(step, str(number), 1, 1)
    return Plan(routine, tuple(builder.intervals), alternate_first)


class _Builder:
    def __init__(self, alternate_first: Side) -> None:
        self.alternate_first = alternate_first
        self.intervals: list[Interval] = []

    def add(self, kind: IntervalKind, step: Step, number: str, **fields: object) -> None:
        self.intervals.append(
            Interval(len(self.intervals), kind, step.kind, step.name, number, **fields)  # type: ignore[arg-type]
        )

    def block(self, block: Step, number: str) -> None:
        for round_no in range(1, block.rounds + 1):
            for inner_no, step in enumerate(block.steps, start=1):
                self.step(step, f"{number}.{inner_no}", round_no, block.rounds)
            if round_no < block.rounds and block.rest:
                self.add(
                    IntervalKind.REST,
                    block,
                    number,
                    duration=float(block.rest),
                    round=round_no,
                    rounds=block.rounds,
                )

    def step(self, step: Step, number: str, round_no: int, rounds: int) -> None:
        where = {"round": round_no, "rounds": rounds}
        if step.kind is StepKind.REST:
            self.add(
                IntervalKind.REST,
                step,
                number,
                duration=float(step.duration or 0),
                how=step.how,
                **where,
            )
            return
        sides: list[Side | None] = [None]
        if step.per_side:
            first = self._first_side(step)
            sides = [first, other_side(first)]
        for set_no in range(1, step.sets + 1):
            numbers = {"set": set_no, "sets": step.sets, **where}
            if set_no == 1 and step.get_ready:
                self.add(
                    IntervalKind.GET_READY,
                    step,
                    number,
                    side=sides[0],
                    duration=float(step.get_ready),
                    how=step.how,
                    **numbers,
                )
            for position, side in enumerate(sides):
                if position > 0 and step.switch:
                    self.add(
                        IntervalKind.SWITCH,
                        step,
                        number,
                        side=side,
                        duration=float(step.switch),
                        how=step.how,
                        **numbers,
                    )
                self._work(step, number, side, numbers)
            if set_no < step.sets and step.rest:
                self.add(
                    IntervalKind.REST,
                    step,
                    number,
                    duration=float(step.rest),
                    **numbers,
                )

    def _work(self, step: Step, number: str, side: Side | None, numbers: dict[str, int]) -> None:
        if step.kind is StepKind.TIMED:
            self.add(
                IntervalKind.WORK,
                step,
                number,
                side=side,
                duration=float(step.duration_for(side) or 0),
                how=step.how,
                **numbers,
            )
        elif step.kind is StepKind.REPS:
            reps = step.reps_for(side) or 0
            duration = reps * step.tempo if step.tempo else None
            self.add(
                IntervalKind.REPS,
                step,
                number,
                side=side,
                reps=reps,
                tempo=step.tempo,
                duration=duration,
                how=step.how,
                **numbers,
            )
        elif step.kind is StepKind.CHECK:
            self.add(
                IntervalKind.CHECK,
                step,
                number,
                side=side,
                how=step.how,
                question=step.question,
                answers=step.answers,
                **numbers,
            )

    def _first_side(self, step: Step) -> Side:
        if step.start_side is StartSide.ALTERNATE:
            return self.alternate_first
        return "right" if step.start_side is StartSide.RIGHT else "left"
