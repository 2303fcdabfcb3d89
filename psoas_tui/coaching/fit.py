"""Fit a routine to a time budget (docs/coaching.md): pure, no I/O, no clock, no words.

The fitter scales every timed length by one factor, each within its own bounds, and keeps
the order of the steps and the pairs of sides. When scaling cannot shrink the routine
enough it drops extra sets, then optional steps, later steps first.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Mapping
from dataclasses import replace
from enum import StrEnum
from typing import NamedTuple

from psoas_tui.routine.model import SIDES, Routine, Side, SideOverride, Step, StepKind

TOLERANCE = 5  # seconds: a fit this close to the budget is a fit
DEFAULT_ESTIMATE = 30  # seconds an untimed interval (reps without tempo, a check) counts as
STRETCH_SHORTEST = 15
STRETCH_LONGEST = 60
SHORTEST_REST = 5
SHORTEST_CUE = 3  # get-ready and switch
SHRINK = 0.5  # other timed lengths: at least half ...
STRETCH = 2.0  # ... and at most double their written length

_Where = tuple[int, ...]  # a step's place as written: (index,) or (block index, inner index)
Adjust = Callable[[Routine], Routine]  # applied after scaling and counted in the total


class StepRef(NamedTuple):
    """A step of the routine as written: its number as ``show`` prints it, and its name."""

    number: str
    name: str


class DroppedSets(NamedTuple):
    """A step (or a block's rounds) that runs fewer sets than written."""

    number: str
    name: str
    written: int
    kept: int


class FitOutcome(StrEnum):
    FITTED = "fitted"  # within TOLERANCE of the budget
    NEAREST = "nearest"  # the budget is in range, but whole seconds land no closer
    TOO_SHORT = "too_short"  # below the shortest the routine can be fitted to
    TOO_LONG = "too_long"  # above the longest


class Planned(NamedTuple):
    seconds: float  # every interval, the untimed ones at their estimate
    estimated: float  # the part of ``seconds`` that is estimates


class Fit(NamedTuple):
    """A routine fitted to a budget, and the facts the words are made from."""

    routine: Routine  # the fitted routine (the written one when nothing had to change)
    budget: int
    seconds: float  # the fitted routine's planned seconds, estimates included
    written_seconds: float
    shortest: float  # the shortest and longest the routine can be fitted to
    longest: float
    outcome: FitOutcome
    factor: float  # the scale of the timed lengths (1.0: as written)
    dropped_sets: tuple[DroppedSets, ...] = ()
    dropped_steps: tuple[StepRef, ...] = ()
    estimated_seconds: float = 0.0

    @property
    def ok(self) -> bool:
        """False when the budget is out of reach (the command exits 1 with the range)."""
        return self.outcome in (FitOutcome.FITTED, FitOutcome.NEAREST)

    @property
    def estimated(self) -> bool:
        """The total includes estimates of untimed intervals."""
        return self.estimated_seconds > 0


class DurationProblem(StrEnum):
    EMPTY = "empty"
    FORMAT = "format"  # not one of 8m, 5:30, 330s, 90
    SECONDS = "seconds"  # 5:75: the seconds after a colon run to 59
    ZERO = "zero"
    TOO_LONG = "too_long"


class DurationError(ValueError):
    """A budget that cannot be read; the text layer puts ``problem`` into words."""

    def __init__(self, problem: DurationProblem, text: str) -> None:
        super().__init__(problem, text)
        self.problem = problem
        self.text = text


LONGEST_BUDGET = 24 * 3600
_UNITS = {"h": 3600, "m": 60, "s": 1}
_UNIT_WORDS = {"h": "h", "hr": "h", "m": "m", "min": "m", "s": "s", "sec": "s"}


def parse_duration(text: str) -> int:
    """Seconds in ``8m``, ``8m30s``, ``1h``, ``5:30``, ``1:05:00``, ``330s`` or ``90``."""
    value = text.strip().lower()
    if not value:
        raise DurationError(DurationProblem.EMPTY, text)
    seconds = _clock_seconds(value, text) if ":" in value else _unit_seconds(value, text)
    if seconds <= 0:
        raise DurationError(DurationProblem.ZERO, text)
    if seconds > LONGEST_BUDGET:
        raise DurationError(DurationProblem.TOO_LONG, text)
    return seconds


def _clock_seconds(value: str, text: str) -> int:
    parts = value.split(":")
    if len(parts) > 3 or not all(p.isascii() and p.isdigit() for p in parts):
        raise DurationError(DurationProblem.FORMAT, text)
    numbers = [int(p) for p in parts]
    if any(n > 59 for n in numbers[1:]):
        raise DurationError(DurationProblem.SECONDS, text)
    seconds = 0
    for number in numbers:
        seconds = seconds * 60 + number
    return seconds


def _unit_seconds(value: str, text: str) -> int:
    if value.isascii() and value.isdigit():
        return int(value)
    seconds = 0.0
    rest = value.replace(" ", "")
    seen: list[str] = []
    while rest:
        number = _leading(rest, "0123456789.")
        rest = rest[len(number) :]
        word = _leading(rest, "abcdefghijklmnopqrstuvwxyz")
        rest = rest[len(word) :]
        unit = _UNIT_WORDS.get(word)
        if not number or number.count(".") > 1 or number == "." or unit is None or unit in seen:
            raise DurationError(DurationProblem.FORMAT, text)
        if seen and _UNITS[unit] >= _UNITS[seen[-1]]:
            raise DurationError(DurationProblem.FORMAT, text)  # 30s8m: biggest unit first
        seen.append(unit)
        seconds += float(number) * _UNITS[unit]
    return round(seconds)


def _leading(text: str, allowed: str) -> str:
    end = 0
    while end < len(text) and text[end] in allowed:
        end += 1
    return text[:end]


# ---------------------------------------------------------------------------------------
# What a routine takes


def planned_seconds(routine: Routine) -> Planned:
    """The routine's planned seconds as build_plan expands it, untimed intervals at their
    estimate (the step's ``estimate``, else DEFAULT_ESTIMATE)."""
    timed = estimated = 0.0
    for step in routine.steps:
        step_timed, step_estimated = _step_seconds(step)
        timed += step_timed
        estimated += step_estimated
    return Planned(timed + estimated, estimated)


def _step_seconds(step: Step) -> tuple[float, float]:
    if step.kind is StepKind.REST:
        return float(step.duration or 0), 0.0
    if step.kind is StepKind.BLOCK:
        inner = [_step_seconds(s) for s in step.steps]
        rests = (step.rounds - 1) * step.rest if step.rest else 0
        return (
            step.rounds * sum(t for t, _ in inner) + rests,
            step.rounds * sum(e for _, e in inner),
        )
    sides: tuple[Side | None, ...] = SIDES if step.per_side else (None,)
    timed = estimated = 0.0
    for side in sides:
        if step.kind is StepKind.TIMED:
            timed += step.duration_for(side) or 0
        elif step.kind is StepKind.REPS and step.tempo:
            timed += (step.reps_for(side) or 0) * step.tempo
        else:
            estimated += step.estimate if step.estimate is not None else DEFAULT_ESTIMATE
    if step.per_side and step.switch:
        timed += step.switch
    timed *= step.sets
    estimated *= step.sets
    timed += step.get_ready + ((step.sets - 1) * step.rest if step.rest else 0)
    return timed, estimated


# ---------------------------------------------------------------------------------------
# Knobs: every length the fitter may change, with its bounds


class _Knob(NamedTuple):
    path: _Where
    field: str  # duration, get_ready, switch, rest; left or right: that side's duration
    written: int
    low: int
    high: int

    def at(self, factor: float) -> int:
        return min(max(math.floor(self.written * factor + 0.5), self.low), self.high)


def _knob(path: _Where, field: str, written: int, low: int, high: int) -> _Knob:
    # A length written outside its bounds never moves further out (docs/coaching.md).
    return _Knob(path, field, written, min(written, low), max(written, high))


def _scaled(path: _Where, field: str, written: int, floor: int) -> _Knob:
    return _knob(
        path,
        field,
        written,
        max(math.ceil(written * SHRINK), floor),
        math.floor(written * STRETCH),
    )


def _hold(path: _Where, field: str, step: Step, written: int) -> _Knob:
    if step.stretch:
        return _knob(path, field, written, STRETCH_SHORTEST, STRETCH_LONGEST)
    return _scaled(path, field, written, 1)


class _Shape(NamedTuple):
    """Which sets (or rounds) and steps remain: the routine as written, less what was dropped."""

    counts: Mapping[_Where, int]
    gone: frozenset[_Where]


def _walk(steps: tuple[Step, ...], parent: _Where = ()) -> Iterator[tuple[_Where, Step]]:
    """Every step in the order the plan runs them: a block, then its steps."""
    for index, step in enumerate(steps):
        path = (*parent, index)
        yield path, step
        if step.kind is StepKind.BLOCK:
            yield from _walk(step.steps, path)


def _number(path: _Where) -> str:
    return ".".join(str(index + 1) for index in path)


def _count(step: Step, shape: _Shape, path: _Where) -> int:
    written = step.rounds if step.kind is StepKind.BLOCK else step.sets
    return shape.counts.get(path, written)


def _knobs(routine: Routine, shape: _Shape) -> list[_Knob]:
    knobs: list[_Knob] = []
    for path, step in _walk(routine.steps):
        if any(path[: n + 1] in shape.gone for n in range(len(path))):
            continue
        count = _count(step, shape, path)
        if step.kind is StepKind.REST:
            if step.duration:
                knobs.append(_scaled(path, "duration", step.duration, SHORTEST_REST))
            continue
        if step.rest and count > 1:
            knobs.append(_scaled(path, "rest", step.rest, SHORTEST_REST))
        if step.kind is StepKind.BLOCK:
            continue
        if step.get_ready:
            knobs.append(_scaled(path, "get_ready", step.get_ready, SHORTEST_CUE))
        if step.per_side and step.switch:
            knobs.append(_scaled(path, "switch", step.switch, SHORTEST_CUE))
        if step.kind is StepKind.TIMED:
            overridden = [
                side
                for side, override in (("left", step.left), ("right", step.right))
                if step.per_side and override.duration is not None
            ]
            if step.duration and len(overridden) < (2 if step.per_side else 1):
                knobs.append(_hold(path, "duration", step, step.duration))
            for side in overridden:
                written = getattr(step, side).duration
                if written:
                    knobs.append(_hold(path, side, step, written))
    return knobs


class _Rung(NamedTuple):
    shape: _Shape
    sets: tuple[DroppedSets, ...]
    steps: tuple[StepRef, ...]


def _ladder(routine: Routine) -> list[_Rung]:
    """The shapes to try, fewest drops first: one extra set at a time, later steps first,
    then one optional step at a time, later steps first."""
    steps = list(_walk(routine.steps))
    counts: dict[_Where, int] = {}
    gone: set[_Where] = set()
    sets: dict[_Where, DroppedSets] = {}
    dropped: list[StepRef] = []
    ladder = [_Rung(_Shape({}, frozenset()), (), ())]

    def record() -> None:
        order = sorted(sets.values(), key=lambda d: [int(n) for n in d.number.split(".")])
        ladder.append(_Rung(_Shape(dict(counts), frozenset(gone)), tuple(order), tuple(dropped)))

    for path, step in reversed(steps):
        written = step.rounds if step.kind is StepKind.BLOCK else step.sets
        for kept in range(written - 1, 0, -1):
            counts[path] = kept
            sets[path] = DroppedSets(_number(path), step.name, written, kept)
            record()
    for path, step in reversed(steps):
        if not step.optional or _left_after(routine.steps, gone | {path}) == 0:
            continue
        gone.add(path)
        dropped.append(StepRef(_number(path), step.name))
        record()
    return ladder


def _left_after(steps: tuple[Step, ...], gone: set[_Where]) -> int:
    """How many exercise steps remain (a block counts through its steps)."""
    return sum(
        1
        for path, step in _walk(steps)
        if step.kind is not StepKind.BLOCK
        and not any(path[: n + 1] in gone for n in range(len(path)))
    )


def _build(routine: Routine, shape: _Shape, values: Mapping[tuple[_Where, str], int]) -> Routine:
    steps = _build_steps(routine.steps, (), shape, values)
    return replace(routine, steps=steps)


def _build_steps(
    steps: tuple[Step, ...],
    parent: _Where,
    shape: _Shape,
    values: Mapping[tuple[_Where, str], int],
) -> tuple[Step, ...]:
    built: list[Step] = []
    for index, step in enumerate(steps):
        path = (*parent, index)
        if path in shape.gone:
            continue
        changes: dict[str, object] = {}
        for field in ("duration", "get_ready", "switch", "rest"):
            value = values.get((path, field))
            if value is not None and value != getattr(step, field):
                changes[field] = value
        for side in ("left", "right"):
            value = values.get((path, side))
            override: SideOverride = getattr(step, side)
            if value is not None and value != override.duration:
                changes[side] = override._replace(duration=value)
        count = shape.counts.get(path)
        if count is not None:
            changes["rounds" if step.kind is StepKind.BLOCK else "sets"] = count
        if step.kind is StepKind.BLOCK:
            inner = _build_steps(step.steps, path, shape, values)
            if not inner:
                continue
            if inner != step.steps:
                changes["steps"] = inner
        built.append(replace(step, **changes) if changes else step)  # type: ignore[arg-type]
    return tuple(built)


# ---------------------------------------------------------------------------------------
# The fitter


class _Candidate(NamedTuple):
    routine: Routine
    seconds: float
    factor: float


def fit_routine(routine: Routine, budget: int, *, adjust: Adjust | None = None) -> Fit:
    """Fit ``routine`` to ``budget`` seconds (docs/coaching.md). ``adjust`` (the tight
    side's extra hold) is applied after scaling and comes out of the budget."""
    after: Adjust = adjust if adjust is not None else _same
    ladder = _ladder(routine)
    as_written = after(routine)
    written = planned_seconds(as_written).seconds
    longest = _at(routine, ladder[0][0], math.inf, after).seconds
    shortest = _at(routine, ladder[-1][0], 0.0, after).seconds

    def result(found: _Candidate, sets: tuple[DroppedSets, ...], steps: tuple[StepRef, ...]) -> Fit:
        planned = planned_seconds(found.routine)
        if abs(planned.seconds - budget) <= TOLERANCE:
            outcome = FitOutcome.FITTED
        elif budget < shortest:
            outcome = FitOutcome.TOO_SHORT
        elif budget > longest:
            outcome = FitOutcome.TOO_LONG
        else:
            outcome = FitOutcome.NEAREST
        return Fit(
            found.routine,
            budget,
            planned.seconds,
            written,
            shortest,
            longest,
            outcome,
            found.factor,
            sets,
            steps,
            planned.estimated,
        )

    if abs(written - budget) <= TOLERANCE:
        return result(_Candidate(as_written, written, 1.0), (), ())
    if budget > written:
        shape, sets, steps = ladder[0]
        return result(_search(routine, shape, budget, after), sets, steps)
    previous: tuple[_Candidate, _Rung] | None = None
    for rung in ladder:
        shortest_here = _at(routine, rung.shape, 0.0, after)
        if shortest_here.seconds <= budget + TOLERANCE:
            found = _search(routine, rung.shape, budget, after)
            # A drop can overshoot: the rung before, at its shortest, may land nearer.
            if previous is not None and abs(previous[0].seconds - budget) < abs(
                found.seconds - budget
            ):
                return result(previous[0], previous[1].sets, previous[1].steps)
            return result(found, rung.sets, rung.steps)
        previous = shortest_here, rung
    rung = ladder[-1]
    return result(_at(routine, rung.shape, 0.0, after), rung.sets, rung.steps)


def _same(routine: Routine) -> Routine:
    return routine


def _at(
    routine: Routine,
    shape: _Shape,
    factor: float,
    after: Adjust,
    values: Mapping[tuple[_Where, str], int] | None = None,
) -> _Candidate:
    if values is None:
        values = {(k.path, k.field): _limit(k, factor) for k in _knobs(routine, shape)}
    built = after(_build(routine, shape, values))
    return _Candidate(built, planned_seconds(built).seconds, factor)


def _limit(knob: _Knob, factor: float) -> int:
    if factor == math.inf:
        return knob.high
    return knob.at(factor)


def _search(routine: Routine, shape: _Shape, budget: int, after: Adjust) -> _Candidate:
    """The factor whose total lands nearest the budget (totals rise with the factor), then
    a second's nudge here and there when one factor's rounding cannot land within 5 s."""
    knobs = _knobs(routine, shape)
    top = max((k.high / k.written for k in knobs), default=1.0)
    low, high = 0.0, top
    for _ in range(48):
        middle = (low + high) / 2
        found = _at(routine, shape, middle, after)
        if found.seconds <= budget:
            low = middle
        else:
            high = middle
    under = _at(routine, shape, low, after)
    over = _at(routine, shape, high, after)
    best = min(under, over, key=lambda c: abs(c.seconds - budget))
    if abs(best.seconds - budget) <= TOLERANCE:
        return best
    return _nudge(routine, shape, knobs, best, budget, after)


def _nudge(
    routine: Routine,
    shape: _Shape,
    knobs: list[_Knob],
    best: _Candidate,
    budget: int,
    after: Adjust,
) -> _Candidate:
    # Only lengths both sides share: a nudge never makes an even pair uneven.
    shared = [k for k in reversed(knobs) if k.field not in ("left", "right")]
    values = {(k.path, k.field): k.at(best.factor) for k in knobs}
    for _ in range(4 * TOLERANCE + len(shared)):
        gap = budget - best.seconds
        if abs(gap) <= TOLERANCE:
            break
        step = 1 if gap > 0 else -1
        improved = False
        for knob in shared:
            key = (knob.path, knob.field)
            value = values[key] + step
            if not knob.low <= value <= knob.high:
                continue
            trial = _at(routine, shape, best.factor, after, {**values, key: value})
            if abs(budget - trial.seconds) < abs(gap):
                values[key] = value
                best = trial
                improved = True
                break
        if not improved:
            break
    return best
