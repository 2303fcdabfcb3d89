"""What a routine file may hold: its keys, per step kind, the range of every number, limits.

Tables only (no TOML, no I/O), shared by the loader, the JSON Schema test and the docs test.
"""

from __future__ import annotations

from psoas_tui.routine.model import StepKind

MAX_FILE_BYTES = 256 * 1024
MAX_INTERVALS = 2000
MAX_PROBLEMS = 100  # more than this in one file is noise: the first ones say what is wrong
SCHEMA_VERSION = 1

TOP_KEYS = (
    "schema",
    "id",
    "name",
    "summary",
    "tags",
    "language",
    "adapt",
    "defaults",
    "steps",
)
DEFAULT_KEYS = ("get_ready", "switch", "rest", "start_side")
SIDE_KEYS = ("duration", "reps")
# Any step may go when time is short (the fitter drops optional steps, later ones first).
COMMON_STEP_KEYS = ("name", "kind", "how", "optional")
KIND_KEYS: dict[StepKind, tuple[str, ...]] = {
    StepKind.TIMED: (
        "duration",
        "per_side",
        "left",
        "right",
        "start_side",
        "sets",
        "rest",
        "get_ready",
        "switch",
        "stretch",
    ),
    StepKind.REPS: (
        "reps",
        "tempo",
        "per_side",
        "left",
        "right",
        "start_side",
        "sets",
        "rest",
        "get_ready",
        "switch",
        "estimate",
    ),
    StepKind.REST: ("duration",),
    StepKind.CHECK: (
        "question",
        "answers",
        "per_side",
        "start_side",
        "get_ready",
        "switch",
        "estimate",
        "measures",
        "scores",
        "side",
    ),
    StepKind.BLOCK: ("rounds", "rest", "steps"),
}
ALL_STEP_KEYS = tuple(sorted({*COMMON_STEP_KEYS, *(k for ks in KIND_KEYS.values() for k in ks)}))

# (low, high, unit) for every number a routine may hold.
RANGES: dict[str, tuple[float, float, str]] = {
    "duration": (1, 3600, "seconds"),
    "reps": (1, 500, "reps"),
    "tempo": (0.5, 60, "seconds a rep"),
    "sets": (1, 20, "sets"),
    "rounds": (1, 20, "rounds"),
    "rest": (0, 3600, "seconds"),
    "get_ready": (0, 600, "seconds"),
    "switch": (0, 600, "seconds"),
    "estimate": (1, 3600, "seconds"),
}

# A routine's id: shared by its language versions (a slug, as file names are made).
ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
ID_LONGEST = 60
# What a check may measure, and the scale of its answers' scores (the Thomas scale:
# 0 loose, 1 a little tight, 2 clearly tight; docs/coaching.md).
MEASURES = ("tightness",)
SCORE_RANGE = (0, 2)
ANSWER_SIDES = ("same", "other")

__all__ = [
    "ALL_STEP_KEYS",
    "ANSWER_SIDES",
    "COMMON_STEP_KEYS",
    "DEFAULT_KEYS",
    "ID_LONGEST",
    "ID_PATTERN",
    "KIND_KEYS",
    "MAX_FILE_BYTES",
    "MAX_INTERVALS",
    "MAX_PROBLEMS",
    "MEASURES",
    "RANGES",
    "SCHEMA_VERSION",
    "SCORE_RANGE",
    "SIDE_KEYS",
    "TOP_KEYS",
]
