"""What fire remembers between runs: the last check and its outcome, the last reminder,
and the schedule turned on. A small JSON file in the user's data folder (PSOAS_HOME), not
settings.toml: it is state, not a choice the user writes."""

from __future__ import annotations

import contextlib
import json
import os
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from psoas_tui.locations import Locations

STATE_FILE = "remind-state.json"


@dataclass
class RemindState:
    last_check: datetime | None = None
    last_outcome: str | None = None  # an Outcome value
    last_detail: dict[str, str] = field(default_factory=dict)
    last_sent: datetime | None = None
    schedule: list[str] | None = None  # the arguments of the schedule turned on


def state_path(locations: Locations) -> Path:
    return locations.data / STATE_FILE


def load_state(locations: Locations) -> RemindState:
    """The state; a missing or unreadable file is a fresh start (it only holds times)."""
    try:
        data = json.loads(state_path(locations).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return RemindState()
    if not isinstance(data, dict):
        return RemindState()
    detail = data.get("last_detail")
    schedule = data.get("schedule")
    outcome = data.get("last_outcome")
    return RemindState(
        last_check=_moment(data.get("last_check")),
        last_outcome=outcome if isinstance(outcome, str) else None,
        last_detail={str(k): str(v) for k, v in detail.items()} if isinstance(detail, dict) else {},
        last_sent=_moment(data.get("last_sent")),
        schedule=[str(word) for word in schedule] if isinstance(schedule, list) else None,
    )


def save_state(locations: Locations, state: RemindState) -> None:
    """Written whole to a temporary file and renamed: a killed fire leaves the old state."""
    path = state_path(locations)
    path.parent.mkdir(parents=True, exist_ok=True)
    data: dict[str, Any] = asdict(state)
    for key in ("last_check", "last_sent"):
        moment = data[key]
        data[key] = moment.isoformat() if moment is not None else None
    temporary = path.with_name(f".{STATE_FILE}.{os.getpid()}.tmp")
    try:
        temporary.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
        os.replace(temporary, path)
    finally:
        with contextlib.suppress(OSError):
            temporary.unlink()


def _moment(value: object) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None
