"""Routines: the model, loading with validation, and finding them on disk."""

from psoas_tui.routine.load import LoadResult, Problem, load_routine, parse_routine
from psoas_tui.routine.model import (
    Defaults,
    Routine,
    Side,
    SideOverride,
    StartSide,
    Step,
    StepKind,
    other_side,
)

__all__ = [
    "Defaults",
    "LoadResult",
    "Problem",
    "Routine",
    "Side",
    "SideOverride",
    "StartSide",
    "Step",
    "StepKind",
    "load_routine",
    "other_side",
    "parse_routine",
]
