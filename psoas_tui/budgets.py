"""The time budget remembered per routine (``--fit``, the TUI's fit key): user state in
``budgets.json`` in the data folder (under ``PSOAS_HOME``), not in ``settings.toml``, which
people edit by hand. Keyed by the routine's ``id``, so a routine's language versions share
their budget. Written atomically; a file that cannot be read counts as empty.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from pathlib import Path

from psoas_tui.locations import Locations

FILE_NAME = "budgets.json"
MAX_BYTES = 256 * 1024
LONGEST = 24 * 3600  # psoas_tui.coaching.fit.LONGEST_BUDGET


def budgets_file(locations: Locations) -> Path:
    return locations.data / FILE_NAME


def load_budgets(locations: Locations) -> dict[str, int]:
    """Every remembered budget, in seconds, by routine id; {} when there is none."""
    try:
        with open(budgets_file(locations), "rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
        data = json.loads(raw) if len(raw) <= MAX_BYTES else {}
    except (OSError, ValueError, RecursionError):
        return {}
    found = data.get("budgets") if isinstance(data, dict) else None
    if not isinstance(found, dict):
        return {}
    return {
        key: value
        for key, value in found.items()
        if isinstance(key, str)
        and type(value) is int  # bool is an int subclass: type() keeps it out
        and 0 < value <= LONGEST
    }


def remembered_budget(locations: Locations, routine_id: str) -> int | None:
    """The budget last used for the routine, or None."""
    return load_budgets(locations).get(routine_id)


def remember_budget(locations: Locations, routine_id: str, seconds: int | None) -> None:
    """Remember ``seconds`` for the routine (None forgets it). Raises OSError when the
    data folder cannot be written."""
    budgets = load_budgets(locations)
    if seconds is None:
        if budgets.pop(routine_id, None) is None:
            return
    else:
        budgets[routine_id] = seconds
    _write(budgets_file(locations), {"version": 1, "budgets": dict(sorted(budgets.items()))})


def _write(path: Path, document: dict[str, object]) -> None:
    """A temporary file, fsync, then rename over: never a half-written file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".budgets-", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(document, handle, ensure_ascii=False, indent=1)
            handle.write("\n")
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
