"""Earbud and media buttons: a real ``psoas run --plain`` on a private session bus started by
``dbus-run-session``, driven with ``busctl --user`` as a desktop's media keys would.

Nothing here touches the desktop's bus: every process gets the private bus's address, and
the tests without a bus take DBUS_SESSION_BUS_ADDRESS away."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import PSOAS

STEP = """
[[steps]]
name = "{name}"
kind = "timed"
duration = {duration}
get_ready = 0
"""
ROUTINE = 'name = "Media test"\n' + "".join(
    STEP.format(name=name, duration=duration)
    for name, duration in (("First hold", 600), ("Second hold", 600), ("Third hold", 2))
)
NAME = "org.mpris.MediaPlayer2.psoas"
PATH = "/org/mpris/MediaPlayer2"
PLAYER = "org.mpris.MediaPlayer2.Player"


@pytest.fixture
def session_bus() -> Iterator[str]:
    """The address of a private session bus that lives as long as the test."""
    # A missing tool fails, never skips: `make test` installs them (scripts/prereqs.sh).
    for tool in ("dbus-run-session", "busctl"):
        if shutil.which(tool) is None:
            pytest.fail(
                f"{tool} is needed (the dbus and systemd packages: make test installs them)"
            )
    env = {k: v for k, v in os.environ.items() if k != "DBUS_SESSION_BUS_ADDRESS"}
    bus = subprocess.Popen(
        ["dbus-run-session", "--", "sh", "-c", 'echo "$DBUS_SESSION_BUS_ADDRESS"; exec cat'],
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert bus.stdout is not None and bus.stdin is not None
    address = bus.stdout.readline().strip()
    assert address.startswith("unix:"), address
    yield address
    bus.stdin.close()  # cat ends, and dbus-run-session with it
    bus.wait(timeout=5)


def no_bus(env: dict[str, str]) -> dict[str, str]:
    return {k: v for k, v in env.items() if k != "DBUS_SESSION_BUS_ADDRESS"}


def busctl(address: str, *args: str) -> Any:
    done = subprocess.run(
        ["busctl", "--user", "--json=short", *args],
        env={**no_bus(dict(os.environ)), "DBUS_SESSION_BUS_ADDRESS": address},
        capture_output=True,
        text=True,
        timeout=10,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout) if done.stdout.strip() else None


def call(address: str, method: str) -> None:
    busctl(address, "call", NAME, PATH, PLAYER, method)


def get(address: str, key: str) -> Any:
    return busctl(address, "get-property", NAME, PATH, PLAYER, key)["data"]


def title_and_line(address: str) -> tuple[str, list[str]]:
    metadata = get(address, "Metadata")
    return metadata["xesam:title"]["data"], metadata["xesam:artist"]["data"]


def get_title(address: str) -> str:
    return str(title_and_line(address)[0])


def until(check: Any, timeout: float = 8.0) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        try:
            found = check()
        except AssertionError:
            found = None
        if found:
            return found
        assert time.monotonic() < deadline, "never came"
        time.sleep(0.05)


def start(home: Path, env: dict[str, str]) -> subprocess.Popen[str]:
    folder = home / "routines"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "media-test.toml").write_text(ROUTINE, encoding="utf-8")
    return subprocess.Popen(
        [PSOAS, "run", "media-test", "--plain"],
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.mark.slow
def test_media_buttons_pause_skip_and_the_metadata_follows(
    isolated_home: Path, psoas_env: dict[str, str], session_bus: str
) -> None:
    process = start(isolated_home, {**no_bus(psoas_env), "DBUS_SESSION_BUS_ADDRESS": session_bus})
    try:
        # The name is on the bus a moment before the first interval's metadata is.
        title, line = until(lambda: title_and_line(session_bus) if get_title(session_bus) else None)
        assert title == "First hold"
        assert line and line[0].endswith(" left")  # the time left, e.g. "10:00 left"
        assert get(session_bus, "Metadata")["mpris:length"]["data"] == 600 * 1_000_000
        assert get(session_bus, "PlaybackStatus") == "Playing"

        call(session_bus, "PlayPause")  # the earbud's button: pause
        until(lambda: get(session_bus, "PlaybackStatus") == "Paused")
        paused_line = title_and_line(session_bus)[1]
        time.sleep(1.2)
        assert title_and_line(session_bus)[1] == paused_line  # paused: the time left stays
        call(session_bus, "PlayPause")  # and on again
        until(lambda: get(session_bus, "PlaybackStatus") == "Playing")

        call(session_bus, "Next")  # skips to the next interval: the metadata follows
        until(lambda: title_and_line(session_bus)[0] == "Second hold")
        call(session_bus, "Previous")
        until(lambda: title_and_line(session_bus)[0] == "First hold")
        call(session_bus, "Pause")
        until(lambda: get(session_bus, "PlaybackStatus") == "Paused")
        call(session_bus, "Play")
        until(lambda: get(session_bus, "PlaybackStatus") == "Playing")
        call(session_bus, "Next")
        call(session_bus, "Next")
        until(lambda: title_and_line(session_bus)[0] == "Third hold")
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
        out, err = process.communicate(timeout=10)
    assert "paused" in out and "resumed" in out and "skipped after" in out
    assert "media buttons are off" not in out + err
    assert "Traceback" not in err


def test_without_a_session_bus_the_session_runs_and_says_so_once(
    isolated_home: Path, psoas_env: dict[str, str]
) -> None:
    folder = isolated_home / "routines"
    folder.mkdir(parents=True)
    (folder / "media-test.toml").write_text(ROUTINE.replace("600", "4"), encoding="utf-8")
    done = subprocess.run(
        [PSOAS, "run", "media-test", "--plain"],
        env={**no_bus(psoas_env), "PSOAS_TIME_SCALE": "20"},
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.count("media buttons are off (no session bus)") == 1
    assert "Third hold" in done.stdout  # ran to its end
    assert done.stderr == ""


def test_the_setting_turns_media_buttons_off(
    isolated_home: Path, psoas_env: dict[str, str], session_bus: str
) -> None:
    (isolated_home / "settings.toml").write_text("media_buttons = false\n", encoding="utf-8")
    process = start(isolated_home, {**no_bus(psoas_env), "DBUS_SESSION_BUS_ADDRESS": session_bus})
    try:
        assert process.stdout is not None
        assert "First hold" in process.stdout.readline() + process.stdout.readline()
        names = busctl(session_bus, "list")
        assert not any(NAME in str(entry) for entry in names)
    finally:
        process.send_signal(signal.SIGTERM)
        out, err = process.communicate(timeout=10)
    assert "media buttons are off" not in out + err
