"""Shared fixtures: every test runs with its own PSOAS_HOME and never touches the real home."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PSOAS = str(Path(sys.executable).with_name("psoas"))


@pytest.fixture(autouse=True)
def isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """PSOAS_HOME, HOME and the XDG folders all point into this test's temporary folder."""
    home = tmp_path / "psoas-home"
    home.mkdir()
    fake_home = tmp_path / "home"
    fake_home.mkdir()
    monkeypatch.setenv("PSOAS_HOME", str(home))
    monkeypatch.setenv("HOME", str(fake_home))
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        monkeypatch.setenv(name, str(fake_home / name.lower()))
    monkeypatch.delenv("PSOAS_TIME_SCALE", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    yield home


@pytest.fixture
def psoas_env(isolated_home: Path) -> dict[str, str]:
    """An environment for running the real ``psoas`` command in a subprocess."""
    env = dict(os.environ)
    env["PSOAS_HOME"] = str(isolated_home)
    env["COLUMNS"] = "120"
    return env
