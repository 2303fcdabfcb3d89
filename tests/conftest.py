"""Shared fixtures: every test runs with its own PSOAS_HOME and never touches the real home."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PSOAS = str(Path(sys.executable).with_name("psoas"))


def _real_home_state() -> dict[str, float]:
    """Modification times of everything psoas could write under the real home."""
    import pwd

    real = Path(pwd.getpwuid(os.getuid()).pw_dir)
    state: dict[str, float] = {}
    for folder in (real / ".local/share/psoas", real / ".config/psoas", real / ".cache/psoas"):
        if folder.exists():
            for path in [folder, *folder.rglob("*")]:
                state[str(path)] = path.stat().st_mtime
    return state


@pytest.hookimpl(optionalhook=True)  # an xdist hook: pytest -p no:xdist runs too
def pytest_xdist_auto_num_workers(config: pytest.Config) -> int | None:
    """``-n auto``: two workers more than CPUs (up to twice as many). Much of the suite waits
    on real time, not the CPU (audio played in real time through ALSA, espeak-ng, tmux,
    time-scaled sessions in subprocesses), so workers beyond the CPUs fill those waits.
    PYTEST_XDIST_AUTO_NUM_WORKERS still decides when it is set (xdist reads it)."""
    if os.environ.get("PYTEST_XDIST_AUTO_NUM_WORKERS"):
        return None
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    cpus = cpus or 1
    return cpus + min(cpus, 2)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The tests marked ``slow`` run first (in their own order), the rest after them: with
    xdist handing out one test at a time (``--maxschedchunk 1``, the Makefile) the long
    ones are spread over the workers at once, and the many short ones even out the
    workers' ends instead of one worker finishing a long test alone. The order changes nothing else:
    every test sets up its own state (its own PSOAS_HOME, temporary folder, processes)."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)


@pytest.fixture(autouse=True, scope="session")
def real_home_untouched() -> Iterator[None]:
    """Fails the run if any test (or a subprocess it started) wrote into the real home."""
    before = _real_home_state()
    yield
    after = _real_home_state()
    assert after == before, f"a test wrote into the real home: {sorted(set(after) ^ set(before))}"


@pytest.fixture(autouse=True)
def isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """PSOAS_HOME, HOME and the XDG folders all point into this test's temporary folder."""
    home = tmp_path / "psoas-home"
    home.mkdir()
    fake_home = tmp_path / "home"
    fake_home.mkdir()
    monkeypatch.setenv("PSOAS_HOME", str(home))
    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)  # never the desktop's bus
    monkeypatch.setenv("HOME", str(fake_home))
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        monkeypatch.setenv(name, str(fake_home / name.lower()))
    # Audio libraries (libpulse through espeak-ng) keep runtime files here, not in /tmp.
    runtime = fake_home / "run"
    runtime.mkdir(mode=0o700)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(runtime))
    monkeypatch.delenv("PSOAS_TIME_SCALE", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    # Speech is on by default; tests that do not test it stay fast (and silent) without it.
    monkeypatch.setenv("PSOAS_SPEECH", "off")
    # English unless a test asks for another language (#15): the developer's own locale
    # must not change what the tests read, and no test leaves its language behind.
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    yield home
    from psoas_tui.text import i18n

    i18n.set_language(i18n.ENGLISH)


@pytest.fixture
def psoas_env(isolated_home: Path) -> dict[str, str]:
    """An environment for running the real ``psoas`` command in a subprocess."""
    env = dict(os.environ)
    env["PSOAS_HOME"] = str(isolated_home)
    env["COLUMNS"] = "120"
    return env
