"""Routines: the model, loading with validation, and finding them on disk.

The names below are loaded on first use (PEP 562), so that importing a light submodule
such as ``psoas_tui.routine.text`` does not pay for the loader and the model.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
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

_HOMES = {
    "LoadResult": "load",
    "Problem": "load",
    "load_routine": "load",
    "parse_routine": "load",
    "Defaults": "model",
    "Routine": "model",
    "Side": "model",
    "SideOverride": "model",
    "StartSide": "model",
    "Step": "model",
    "StepKind": "model",
    "other_side": "model",
}

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


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{home}"), name)
    globals()[name] = value
    return value
