"""The kinds of interval and the sides: the facts the plan, the log and its exports share.

A leaf module (no psoas imports, no dataclasses), so that the log can build its SQL from
these without loading the routine model: ``psoas log`` stays as quick as ``--version``.
``psoas_tui.plan`` and ``psoas_tui.routine.model`` export the same names.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

Side = Literal["left", "right"]
SIDES: tuple[Side, Side] = ("left", "right")


def other_side(side: Side) -> Side:
    return "right" if side == "left" else "left"


class IntervalKind(StrEnum):
    GET_READY = "get_ready"
    WORK = "work"
    REPS = "reps"
    SWITCH = "switch"
    REST = "rest"
    CHECK = "check"


# The kinds that are exercise: they count as done exercises and as time per side.
EXERCISE_KINDS: tuple[IntervalKind, ...] = (IntervalKind.WORK, IntervalKind.REPS)
