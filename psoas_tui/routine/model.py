"""The routine model: frozen dataclasses that know nothing of time, sound, storage or UI."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Literal, NamedTuple

from psoas_tui.kinds import SIDES as SIDES
from psoas_tui.kinds import Side as Side
from psoas_tui.kinds import other_side as other_side

# Which side a check's answer is about: the side being tested, or the other one (the
# Thomas test watches the other leg while one knee is held).
AnswerSide = Literal["same", "other"]


class StepKind(StrEnum):
    TIMED = "timed"
    REPS = "reps"
    REST = "rest"
    CHECK = "check"
    BLOCK = "block"


class StartSide(StrEnum):
    LEFT = "left"
    RIGHT = "right"
    ALTERNATE = "alternate"


# The small value types are NamedTuples: immutable like the frozen dataclasses, and a
# tenth of the cost to create when the module loads (every dataclass compiles its methods
# with exec, about a millisecond each, before home's first frame; benchmarks/tui.py).


class SideOverride(NamedTuple):
    """What one side does differently (a tighter side may hold longer)."""

    duration: int | None = None
    reps: int | None = None


class Defaults(NamedTuple):
    get_ready: int = 5
    switch: int = 5
    rest: int = 15
    start_side: StartSide = StartSide.LEFT


NO_OVERRIDE = SideOverride()
DEFAULTS = Defaults()


@dataclass(frozen=True)
class Step:
    """One exercise, rest or check. Blocks hold steps of their own and repeat for rounds."""

    name: str
    kind: StepKind
    how: str = ""
    duration: int | None = None
    reps: int | None = None
    tempo: float | None = None
    sets: int = 1
    rest: int = 15
    per_side: bool = False
    start_side: StartSide = StartSide.LEFT
    left: SideOverride = NO_OVERRIDE
    right: SideOverride = NO_OVERRIDE
    get_ready: int = 5
    switch: int = 5
    question: str = ""
    answers: tuple[str, ...] = ()
    rounds: int = 1
    steps: tuple[Step, ...] = ()
    # Coaching (docs/coaching.md): a static hold the fitter and the tight side's extra may
    # lengthen or shorten; a step that may go when time is short; what an untimed step is
    # counted as; what a check measures, each answer's score and which side it is about.
    stretch: bool = False
    optional: bool = False
    estimate: int | None = None
    measures: str | None = None
    scores: tuple[int, ...] = ()
    about: AnswerSide = "same"

    def duration_for(self, side: Side | None) -> int | None:
        override = self._override(side)
        if override is not None and override.duration is not None:
            return override.duration
        return self.duration

    def reps_for(self, side: Side | None) -> int | None:
        override = self._override(side)
        if override is not None and override.reps is not None:
            return override.reps
        return self.reps

    def _override(self, side: Side | None) -> SideOverride | None:
        if side == "left":
            return self.left
        if side == "right":
            return self.right
        return None


@dataclass(frozen=True)
class Routine:
    name: str
    slug: str
    steps: tuple[Step, ...]
    summary: str = ""
    tags: tuple[str, ...] = ()
    language: str = "en"
    defaults: Defaults = DEFAULTS
    schema: int = 1
    path: Path | None = None
    bundled: bool = False
    source: bytes = field(default=b"", repr=False)  # the file as read (its version counts)
    adapt: bool = True  # False: the routine opts out of the tight side's extra hold
    # Shared by the language versions of one routine (history and stats group by it);
    # the file's slug when the file has no ``id``.
    id: str = ""

    def __post_init__(self) -> None:
        if not self.id:
            object.__setattr__(self, "id", self.slug)

    @functools.cached_property
    def content_hash(self) -> str:
        """Which version of the file this is (logged with each session): worked out when a
        session is logged, not when home lists the routines (hashlib loads OpenSSL, about
        5 ms of start-up)."""
        from hashlib import sha256

        return sha256(self.source).hexdigest()[:16]

    def has_alternating_sides(self) -> bool:
        return any(_alternates(step) for step in self.steps)


def _alternates(step: Step) -> bool:
    if step.kind is StepKind.BLOCK:
        return any(_alternates(inner) for inner in step.steps)
    return step.per_side and step.start_side is StartSide.ALTERNATE
