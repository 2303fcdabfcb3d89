"""Media buttons in the app: a pilot session on a private bus from ``dbus-run-session``,
driven with ``busctl --user`` while the app runs."""

from __future__ import annotations

import asyncio
import json
import os
from pathlib import Path
from typing import Any

import pytest
from test_mpris import NAME, PATH, PLAYER, session_bus  # noqa: F401 (a fixture)
from test_tui_app import build, shown, start_session
from tui_fakes import pilot_test

from psoas_tui.session import State


async def busctl(address: str, *args: str) -> Any:
    env = {k: v for k, v in os.environ.items() if k != "DBUS_SESSION_BUS_ADDRESS"}
    process = await asyncio.create_subprocess_exec(
        "busctl",
        "--user",
        "--json=short",
        *args,
        env={**env, "DBUS_SESSION_BUS_ADDRESS": address},
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(process.communicate(), timeout=10)
    assert process.returncode == 0, err.decode()
    return json.loads(out) if out.strip() else None


async def title(address: str) -> str:
    found = await busctl(address, "get-property", NAME, PATH, PLAYER, "Metadata")
    return str(found["data"]["xesam:title"]["data"])


@pilot_test
async def test_media_buttons_drive_the_app_session(
    isolated_home: Path,
    session_bus: str,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", session_bus)
    app, _clock, _player = build(isolated_home)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start_session(app, pilot)
        session = screen.session
        assert session is not None and screen.phase == "get-ready"
        assert await title(session_bus) == "Get ready: Lunge stretch"

        await busctl(session_bus, "call", NAME, PATH, PLAYER, "PlayPause")
        await pilot.pause()
        assert session.state is State.PAUSED
        assert "PAUSED" in shown(screen, "#paused-banner")
        await busctl(session_bus, "call", NAME, PATH, PLAYER, "PlayPause")
        await pilot.pause()
        assert session.state is State.RUNNING

        await busctl(session_bus, "call", NAME, PATH, PLAYER, "Next")
        await pilot.pause()
        assert screen.phase == "work"
        for _ in range(50):  # the service thread announces the change within a poll
            if await title(session_bus) == "Lunge stretch":
                break
            await asyncio.sleep(0.05)
        assert await title(session_bus) == "Lunge stretch"
        await busctl(session_bus, "call", NAME, PATH, PLAYER, "Previous")
        await pilot.pause()
        assert screen.phase == "get-ready"
