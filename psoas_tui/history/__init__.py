"""The session log: durable SQLite history, review queries, stats, export and import.

No Textual here. The API the front ends use::

    log = open_log(locations, warn=print)     # never raises; log.available, log.warning
    # (queries raise LogDamaged, a UserError, on a damaged file; they never move it)
    recorder = log.recorder(plan, time_scale=scale)
    session.subscribe(recorder)               # records as it happens
    ...
    recorder.close(); log.close()

See docs/history.md.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from psoas_tui.history.damage import LogDamaged
from psoas_tui.history.model import (
    AnswerRow,
    AnswerStats,
    IntervalRow,
    RoutineStats,
    SessionDetail,
    SessionRow,
    Stats,
    StepSideStats,
    TightnessStats,
    WeekStats,
)
from psoas_tui.history.opening import display_path, open_log
from psoas_tui.history.store import SessionLog

if TYPE_CHECKING:
    from psoas_tui.history.recorder import Recorder


def __getattr__(name: str) -> Any:
    # The recorder imports the engine; `psoas log` and `psoas stats` do not need it.
    if name == "Recorder":
        from psoas_tui.history.recorder import Recorder

        return Recorder
    raise AttributeError(name)


__all__ = [
    "AnswerRow",
    "AnswerStats",
    "IntervalRow",
    "LogDamaged",
    "Recorder",
    "RoutineStats",
    "SessionDetail",
    "SessionLog",
    "SessionRow",
    "Stats",
    "StepSideStats",
    "TightnessStats",
    "WeekStats",
    "display_path",
    "open_log",
]
