"""A TUI session that is heard: the app (headless, through ``run_test``) with the real
player plays its cues through real libasound, whose default PCM is the ALSA ``file``
plugin (see test_sound_capture.py), so the samples land in a file the test reads.

The session runs in a subprocess: libasound reads ``~/.asoundrc`` once per process."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from test_sound_capture import capture_config, find_in_order, quiet_env

from psoas_tui.cues.sounds import load_cues

SESSION_SCRIPT = r"""
import asyncio, sys, time
from pathlib import Path
from psoas_tui.cues import open_player
from psoas_tui.history import open_log
from psoas_tui.locations import Locations
from psoas_tui.routine.catalog import user_entries
from psoas_tui.settings import Settings
from psoas_tui.tui.app import make_app
from psoas_tui.tui.screens.session import SessionScreen
from psoas_tui.tui.screens.summary import SummaryScreen

home = Path(sys.argv[1])
(home / "routines").mkdir(parents=True, exist_ok=True)
(home / "routines" / "tiny.toml").write_text(
    'schema = 1\nname = "Tiny"\n[defaults]\nget_ready = 1\n'
    '[[steps]]\nname = "Hold"\nkind = "timed"\nduration = 1\n', encoding="utf-8")
locations = Locations(config=home, data=home)
player = open_player(Settings(volume=70), backend="miniaudio")
app = make_app(settings=Settings(volume=70), locations=locations, clock=time.monotonic,
               player=player, log=open_log(locations), load_entries=user_entries,
               suspend_gap=None)

async def main():
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.start_routine("tiny")
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen), app.screen
        deadline = time.monotonic() + 20
        while not isinstance(app.screen, SummaryScreen):
            assert time.monotonic() < deadline, "the session did not end"
            await pilot.pause(0.1)
        assert player.wait_idle(5)
        print(player.description)
        print(" ".join(name for name, _, _ in player.played))

asyncio.run(main())
player.close()
"""


@pytest.mark.slow
def test_a_tui_session_plays_its_cues_through_alsa(tmp_path: Path) -> None:
    home = tmp_path / "audio-home"
    home.mkdir()
    out = home / "out.raw"
    (home / ".asoundrc").write_text(capture_config(out), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-c", SESSION_SCRIPT, str(tmp_path / "psoas-home")],
        env=quiet_env(home),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    description, played = done.stdout.splitlines()[-2:]
    assert description == "sound: miniaudio"
    assert played.split() == ["get_ready", "go", "finish"]
    assert "ALSA lib" not in done.stdout + done.stderr
    cues = load_cues()
    # What reached ALSA is each cue's own samples, at the settings' volume, in order.
    find_in_order(out.read_bytes(), [cues[n].scaled(70) for n in ("get_ready", "go", "finish")])
