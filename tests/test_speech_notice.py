"""Speech that cannot work is said once, with what to install, on screen and in --plain;
``--no-speak`` and the setting turn it off without a word."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from test_sound_capture import PSOAS, capture_config, quiet_env
from tui_fakes import FakeClock, FixedLog, locations_at, pilot_test

from psoas_tui.cues import open_player
from psoas_tui.settings import Settings
from psoas_tui.tui.app import PsoasApp, make_app
from psoas_tui.tui.screens.session import SessionScreen

INSTALL = "apt-get install espeak-ng / brew install espeak-ng"
TINY = (
    'schema = 1\nname = "Tiny"\n[defaults]\nget_ready = 1\n'
    '[[steps]]\nname = "Hold"\nkind = "timed"\nduration = 1\n'
)


def without_espeak(tmp_path: Path) -> str:
    """A PATH with no espeak-ng on it."""
    folder = tmp_path / "bin-without-espeak"
    folder.mkdir(exist_ok=True)
    return str(folder)


@pilot_test
async def test_a_session_with_no_speech_engine_says_so_on_screen(
    isolated_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", without_espeak(tmp_path))
    monkeypatch.delenv("PSOAS_SPEECH")  # speech as a user has it: on by default
    (isolated_home / "routines").mkdir()
    (isolated_home / "routines" / "tiny.toml").write_text(TINY, encoding="utf-8")
    apps: list[PsoasApp] = []
    # No espeak-ng and no sound card: the bell is all there is.
    player = open_player(Settings(), backend="bell", warn=lambda message: apps[0].warn(message))
    assert player.speech  # on by default
    app = make_app(
        settings=Settings(),
        locations=locations_at(isolated_home),
        clock=FakeClock(),
        player=player,
        log=FixedLog(),
        suspend_gap=None,
    )
    apps.append(app)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.start_routine("tiny")
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)
        await pilot.pause()
        said = [note.message for note in app._notifications]
        engine = [m for m in said if m.startswith("speech needs espeak-ng")]
        device = [m for m in said if m.startswith("speech needs an audio device")]
        assert len(engine) == 1 and INSTALL in engine[0], said
        assert len(device) == 1, said
        # and the status line says it for as long as the session runs
        shown = "\n".join(strip.text for strip in app.screen._compositor.render_strips())
        assert "sound: bell (chosen) · not spoken: no espeak-ng, no audio device" in shown
    player.close()


def plain_run(
    tmp_path: Path, psoas_env: dict[str, str], *options: str, speech: str | None = None
) -> subprocess.CompletedProcess[str]:
    home = Path(os.environ["HOME"])
    (home / ".asoundrc").write_text(capture_config(home / "out.raw"), encoding="utf-8")
    env = quiet_env(home)
    env.pop("PSOAS_SPEECH", None)
    if speech is not None:
        env["PSOAS_SPEECH"] = speech
    env.update(
        PSOAS_HOME=psoas_env["PSOAS_HOME"], PSOAS_TIME_SCALE="8", PATH=without_espeak(tmp_path)
    )
    routine = tmp_path / "tiny.toml"
    routine.write_text(TINY, encoding="utf-8")
    return subprocess.run(
        [PSOAS, "run", str(routine), "--plain", "--audio", "miniaudio", *options],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )


def test_plain_says_once_that_speech_needs_espeak_ng(
    tmp_path: Path, psoas_env: dict[str, str]
) -> None:
    done = plain_run(tmp_path, psoas_env)
    assert done.returncode == 0, done.stderr
    assert " · sound: miniaudio (no espeak-ng: beeps only) · " in done.stdout.splitlines()[0]
    notices = [line for line in done.stderr.splitlines() if "espeak-ng" in line]
    assert notices == [
        "psoas: speech needs espeak-ng, which is not installed; playing beeps only. "
        f"To hear step names: {INSTALL}"
    ]


@pytest.mark.parametrize(("options", "speech"), [(("--no-speak",), None), ((), "off")])
def test_no_speak_and_the_switch_turn_speech_off_without_a_word(
    tmp_path: Path, psoas_env: dict[str, str], options: tuple[str, ...], speech: str | None
) -> None:
    done = plain_run(tmp_path, psoas_env, *options, speech=speech)
    assert done.returncode == 0, done.stderr
    assert " · sound: miniaudio · " in done.stdout.splitlines()[0]
    assert "espeak-ng" not in done.stderr


def test_speak_wins_over_the_setting_and_the_environment(isolated_home: Path) -> None:
    from psoas_tui.cues import speech_wanted

    assert speech_wanted(Settings(), None) is False  # the test suite's PSOAS_SPEECH=off
    assert speech_wanted(Settings(), True) is True  # --speak
    os.environ.pop("PSOAS_SPEECH")
    assert speech_wanted(Settings(), None) is True  # the default
    assert speech_wanted(Settings(speech=False), None) is False
    assert speech_wanted(Settings(), False) is False  # --no-speak
