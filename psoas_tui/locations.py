"""Where psoas keeps things: bundled data inside the package, user state under PSOAS_HOME."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from importlib.abc import Traversable

# importlib.resources and dataclasses are left out of the import path on purpose: every
# command imports this module, and those two cost more start-up time than all of psoas.

APP_NAME = "psoas"


_DATA = Path(__file__).resolve().with_name("data")


def _bundled(*parts: str) -> Traversable:
    """A file or folder of the package's ``data``: straight from disk when the package is
    installed as files (the usual case, and no importlib.resources to import), through
    importlib.resources otherwise (a zip, for instance)."""
    if _DATA.is_dir():
        return _DATA.joinpath(*parts)
    from importlib import resources

    return resources.files("psoas_tui").joinpath("data", *parts)


def bundled_routines() -> Traversable:
    """The folder of routines shipped inside the package (works from a wheel)."""
    return _bundled("routines")


def bundled_sounds() -> Traversable:
    """The folder of cue WAVs shipped inside the package."""
    return _bundled("sounds")


def bundled_schema() -> Traversable:
    return _bundled("routine.schema.json")


class Locations:
    """User folders. With PSOAS_HOME every one of them lives under that one folder."""

    __slots__ = ("config", "data")

    def __init__(self, config: Path, data: Path) -> None:
        self.config = config
        self.data = data

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Locations) and (self.config, self.data) == (
            other.config,
            other.data,
        )

    def __hash__(self) -> int:
        return hash((self.config, self.data))

    def __repr__(self) -> str:
        return f"Locations(config={self.config!r}, data={self.data!r})"

    @property
    def routines(self) -> Path:
        return self.data / "routines"

    @property
    def settings_file(self) -> Path:
        return self.config / "settings.toml"

    @property
    def log_file(self) -> Path:
        return self.data / "history.sqlite3"

    @property
    def trash(self) -> Path:
        return self.data / "trash"

    @property
    def cache(self) -> Path:
        return self.data / "cache"


def user_locations(environ: os._Environ[str] | dict[str, str] | None = None) -> Locations:
    env = os.environ if environ is None else environ
    home = env.get("PSOAS_HOME")
    if home:
        root = Path(home).expanduser()
        return Locations(config=root, data=root)
    import platformdirs  # imported lazily: only needed without PSOAS_HOME

    return Locations(
        config=Path(platformdirs.user_config_dir(APP_NAME)),
        data=Path(platformdirs.user_data_dir(APP_NAME)),
    )


def time_scale(environ: os._Environ[str] | dict[str, str] | None = None) -> float:
    """PSOAS_TIME_SCALE as a float >= 1; raises ValueError with a readable message."""
    env = os.environ if environ is None else environ
    raw = env.get("PSOAS_TIME_SCALE", "").strip()
    if not raw:
        return 1.0
    try:
        value = float(raw)
    except ValueError:
        raise ValueError(f"PSOAS_TIME_SCALE must be a number >= 1, not {raw!r}") from None
    if not (value >= 1.0) or value == float("inf"):
        raise ValueError(f"PSOAS_TIME_SCALE must be a number >= 1, not {raw!r}")
    return value
