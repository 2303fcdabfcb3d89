"""The tight side (docs/coaching.md): which side is tighter, and the longer hold it gets.

Pure: the results come in as plain data (the log reads them), the decision goes out as
data with its reason (which side, the holds, the test that found it); no words.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import datetime
from enum import StrEnum
from typing import Literal, NamedTuple

from psoas_tui.routine.model import SIDES, Routine, Side, Step, StepKind, other_side

WINDOW = 3  # a side's mean is over its last three results
GAP = 1.0  # a side is tight when its mean is this much above the other side's
RATING_SCALE = 5  # tightness 0–10 divided by this is on the Thomas scale 0–2
EXTRA = 0.5  # the tight side holds 50% longer ...
LONGEST_HOLD = 60  # ... at most this long ...
HOLD_STEP = 5  # ... rounded to this
MEASURES_TIGHTNESS = "tightness"
_EPSILON = 1e-9  # 1.4 - 0.4 is 0.9999999999999999 in floats

Source = Literal["check", "rating"]  # a check's scored answer, or end-of-session tightness
CHECK_SOURCE: Source = "check"


class Asymmetry(StrEnum):
    """The ``asymmetry`` setting."""

    AUTO = "auto"
    OFF = "off"


class SideResult(NamedTuple):
    """One result for one side, on the Thomas scale 0–2 (0: loose, 2: clearly tight)."""

    when: datetime  # the session's start: results of one session are one test
    side: Side
    value: float
    source: Source
    test: str = ""  # the check's name ("Thomas test"), empty for a rating


def rating_result(when: datetime, side: Side, rating: int) -> SideResult:
    """End-of-session tightness 0–10, divided by 5."""
    return SideResult(when, side, rating / RATING_SCALE, "rating")


def measured_side(step: Step, side: Side) -> Side:
    """The side an answer is about. In the Thomas test you hold one knee and watch the other
    leg: an answer during the left-knee interval (``about = "other"``) is about the right."""
    return other_side(side) if step.about == "other" else side


def check_result(step: Step, side: Side | None, answer: int, when: datetime) -> SideResult | None:
    """The result of answer number ``answer`` (0-based) to a per-side check that measures
    tightness; None for a check that measures nothing or an answer without a score."""
    if step.measures != MEASURES_TIGHTNESS or side is None or not 0 <= answer < len(step.scores):
        return None
    return SideResult(
        when, measured_side(step, side), float(step.scores[answer]), CHECK_SOURCE, step.name
    )


class SideState(NamedTuple):
    """Which side is tight now, the means it was decided on, and the test that found it."""

    tight: Side | None
    left: float | None  # the mean of the side's last WINDOW results; None: no results
    right: float | None
    found: SideResult | None = None  # the tight side's result in the test that made it tight

    @property
    def gap(self) -> float | None:
        if self.left is None or self.right is None:
            return None
        return abs(self.left - self.right)


def side_means(results: Iterable[SideResult]) -> tuple[float | None, float | None]:
    """Per side, the mean of its last WINDOW results (in the order of ``when``)."""
    ordered = sorted(results, key=lambda r: r.when)
    left, right = ([r.value for r in ordered if r.side == side][-WINDOW:] for side in SIDES)
    return (sum(left) / len(left) if left else None, sum(right) / len(right) if right else None)


def _tight(left: float | None, right: float | None) -> Side | None:
    if left is None or right is None:
        return None
    if left - right >= GAP - _EPSILON:
        return "left"
    if right - left >= GAP - _EPSILON:
        return "right"
    return None


def tight_side(results: Iterable[SideResult]) -> SideState:
    """The rule: per side the mean of its last 3 results; a side is tight when its mean is
    at least 1.0 above the other side's. ``found`` is the test after which it became so."""
    seen: list[SideResult] = []
    tight: Side | None = None
    found: SideResult | None = None
    for test in _tests(results):
        seen.extend(test)
        now = _tight(*side_means(seen))
        if now is not None and now != tight:
            found = next((r for r in test if r.side == now), test[0])
        tight = now
    left, right = side_means(seen)
    return SideState(tight, left, right, found if tight is not None else None)


def _tests(results: Iterable[SideResult]) -> Iterator[list[SideResult]]:
    """The results grouped by session (one ``when``), oldest first."""
    test: list[SideResult] = []
    for result in sorted(results, key=lambda r: r.when):
        if test and result.when != test[0].when:
            yield test
            test = []
        test.append(result)
    if test:
        yield test


# ---------------------------------------------------------------------------------------
# What the tight side gets


def longer_hold(hold: int, extra: float = EXTRA) -> int:
    """The tight side's hold: ``extra`` longer, rounded to 5 s, at most 60 s, never shorter."""
    longer = math.floor(hold * (1 + extra) / HOLD_STEP + 0.5) * HOLD_STEP
    return max(hold, min(LONGEST_HOLD, longer))


def _takes_extra(step: Step) -> bool:
    return step.kind is StepKind.TIMED and step.stretch and step.per_side


def with_extra(routine: Routine, side: Side, extra: float = EXTRA) -> Routine:
    """``routine`` with a longer hold for ``side`` on every per-side ``stretch`` step."""
    return replace(routine, steps=_extra_steps(routine.steps, side, extra))


def _extra_steps(steps: tuple[Step, ...], side: Side, extra: float) -> tuple[Step, ...]:
    changed: list[Step] = []
    for step in steps:
        if step.kind is StepKind.BLOCK:
            step = replace(step, steps=_extra_steps(step.steps, side, extra))
        elif _takes_extra(step):
            hold = step.duration_for(side)
            if hold:
                longer = longer_hold(hold, extra)
                if longer != hold:
                    override = getattr(step, side)._replace(duration=longer)
                    step = replace(step, **{side: override})
        changed.append(step)
    return tuple(changed)


class Hold(NamedTuple):
    """One stretch step's holds: the tight side's and the other side's."""

    number: str  # as ``show`` numbers the steps of this routine
    name: str
    tight: int
    other: int


def tight_holds(routine: Routine, side: Side) -> tuple[Hold, ...]:
    """The per-side stretch steps where ``side`` holds longer than the other side."""
    holds: list[Hold] = []
    for number, step in _numbered(routine.steps):
        if _takes_extra(step):
            tight, other = step.duration_for(side) or 0, step.duration_for(other_side(side)) or 0
            if tight > other:
                holds.append(Hold(number, step.name, tight, other))
    return tuple(holds)


def _numbered(steps: tuple[Step, ...], parent: str = "") -> Iterator[tuple[str, Step]]:
    for index, step in enumerate(steps, start=1):
        number = f"{parent}{index}"
        yield number, step
        if step.kind is StepKind.BLOCK:
            yield from _numbered(step.steps, f"{number}.")


class NoExtra(StrEnum):
    """Why the tight side gets nothing extra."""

    SETTING = "setting"  # asymmetry = "off"
    ROUTINE = "routine"  # the routine says adapt = false
    EVEN = "even"  # no side is tight (or one side has no results yet)
    NO_STRETCH = "no_stretch"  # the routine has no per-side stretch step


class ExtraDecision(NamedTuple):
    """Whether a routine's tight side gets its extra, and why (or why not)."""

    side: Side | None  # the side that gets the extra; None: nobody does
    state: SideState
    why_not: NoExtra | None = None

    @property
    def found_on(self) -> datetime | None:
        """When the test that found the tight side was taken."""
        return self.state.found.when if self.state.found is not None else None


def decide_extra(
    routine: Routine, results: Iterable[SideResult], asymmetry: Asymmetry | str = Asymmetry.AUTO
) -> ExtraDecision:
    state = tight_side(results)
    if asymmetry == Asymmetry.OFF:
        return ExtraDecision(None, state, NoExtra.SETTING)
    if not routine.adapt:
        return ExtraDecision(None, state, NoExtra.ROUTINE)
    if state.tight is None:
        return ExtraDecision(None, state, NoExtra.EVEN)
    if not any(_takes_extra(step) for _number, step in _numbered(routine.steps)):
        return ExtraDecision(None, state, NoExtra.NO_STRETCH)
    return ExtraDecision(state.tight, state)
