"""settings.toml: defaults, validation with positions, did-you-mean, atomic save."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from psoas_tui.locations import user_locations
from psoas_tui.settings import Settings, load_settings, save_settings


def write(text: str) -> Path:
    path = user_locations().settings_file
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_missing_file_gives_defaults() -> None:
    settings, problems = load_settings(user_locations())
    assert settings == Settings()
    assert settings.audio == "auto" and settings.volume == 80 and settings.countdown == 3
    assert problems == ()


def test_good_values_are_read() -> None:
    write(
        'audio = "miniaudio"\nvolume = 35\nmute = true\nspeech = true\ncountdown = 5\n'
        'theme = "psoas-high-contrast"\n'
    )
    settings, problems = load_settings(user_locations())
    assert problems == ()
    assert settings == Settings("miniaudio", 35, True, True, 5, "psoas-high-contrast")


def test_bad_values_fall_back_with_positions() -> None:
    path = write('# mine\naudio = "loud"\nvolume = 150\n  mute = "yes"\ncountdown = 2\n')
    settings, problems = load_settings(user_locations())
    assert settings == Settings(countdown=2)
    shown = [str(p) for p in problems]
    assert shown[0].startswith(f"{path}:2:1: audio must be one of auto, simpleaudio")
    assert shown[1].startswith(f"{path}:3:1: volume must be a whole number from 0 to 100")
    assert "found 150" in shown[1] and "using 80" in shown[1]
    assert shown[2].startswith(f"{path}:4:3: mute must be true or false")


def test_unknown_keys_get_did_you_mean() -> None:
    path = write("volume = 20\nvolum = 30\nspeach = true\nzzz = 1\n")
    settings, problems = load_settings(user_locations())
    assert settings.volume == 20 and settings.speech is True  # the default: spoken
    assert [str(p) for p in problems] == [
        f'{path}:2:1: unknown setting "volum"; did you mean "volume"?',
        f'{path}:3:1: unknown setting "speach"; did you mean "speech"?',
        f'{path}:4:1: unknown setting "zzz"; expected one of: audio, volume, mute, speech, '
        "countdown, theme, media_buttons, asymmetry, language",
    ]


def test_syntax_error_names_the_line_and_uses_defaults() -> None:
    path = write('volume = 20\naudio = "bell\n')
    settings, problems = load_settings(user_locations())
    assert settings == Settings()
    assert len(problems) == 1
    assert str(problems[0]).startswith(f"{path}:2:")
    assert "TOML syntax error" in problems[0].message


def test_boolean_is_not_a_number() -> None:
    write("volume = true\ncountdown = 11\n")
    settings, problems = load_settings(user_locations())
    assert settings.volume == 80 and settings.countdown == 3
    assert len(problems) == 2


def test_save_then_load_round_trips_atomically() -> None:
    locations = user_locations()
    wanted = Settings(audio="bell", volume=0, mute=True, speech=True, countdown=0, theme="x")
    save_settings(locations, wanted)
    assert load_settings(locations) == (wanted, ())
    save_settings(locations, Settings())
    assert load_settings(locations) == (Settings(), ())
    leftovers = [p.name for p in locations.settings_file.parent.iterdir() if p.suffix == ".tmp"]
    assert leftovers == []


def test_a_folder_in_the_way_is_reported() -> None:
    user_locations().settings_file.mkdir(parents=True)
    settings, problems = load_settings(user_locations())
    assert settings == Settings()
    assert "folder" in problems[0].message


def test_plain_runner_uses_the_countdown_setting_and_reports_bad_settings(
    psoas_env: dict[str, str], tmp_path: Path
) -> None:
    import subprocess
    import sys

    path = write("countdown = 5\nvolumee = 3\n")
    routine = tmp_path / "hold.toml"
    routine.write_text(
        'schema = 1\nname = "Hold"\n[defaults]\nget_ready = 0\n'
        '[[steps]]\nname = "Hold"\nkind = "timed"\nduration = 8\n',
        encoding="utf-8",
    )
    psoas = str(Path(sys.executable).with_name("psoas"))
    env = dict(psoas_env, PSOAS_TIME_SCALE="100")
    done = subprocess.run(
        [psoas, "run", str(routine), "--plain", "--audio", "off"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 0, done.stderr
    assert "sound off: --audio off" in done.stdout.splitlines()[0]
    assert "  5 4 3 2 1" in done.stdout
    assert f'{path}:2:1: unknown setting "volumee"; did you mean "volume"?' in done.stderr


def test_control_characters_in_settings_never_reach_a_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home \x1b]0;title\x07 \x1b[2J"
    monkeypatch.setenv("PSOAS_HOME", str(home))
    write(
        'theme = "\\u001b[2Jmine\\u009b31m\\u202e"\n'
        'audio = "\\u001b]0;loud\\u0007"\n'
        'volume = "\\u001b[31m"\n'
        '"\\u001b[2Jkey" = 1\n'
    )
    settings, problems = load_settings(user_locations())
    assert settings.theme == "[2Jmine31m"
    assert len(problems) == 3
    for problem in problems:
        for text in (str(problem), problem.source, problem.message):
            assert not any(ch in text for ch in "\x1b\x07\x9b\u202e"), text
        assert str(problem).startswith(str(tmp_path / "home ]0;title [2J"))
    (home / "settings.toml").unlink()
    (home / "settings.toml").mkdir()
    _, [problem] = load_settings(user_locations())
    assert "\x1b" not in str(problem) and "this is a folder" in str(problem)


def test_settings_problems_are_said_in_the_chosen_language(isolated_home: Path) -> None:
    import subprocess
    import sys

    (isolated_home / "settings.toml").write_text('volume = "loud"\nzzz = 1\n', encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "psoas_tui", "--lang", "nl", "run", "desk-break", "--plain"],
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
        env={**os.environ, "PSOAS_TIME_SCALE": "400"},
    )
    assert done.returncode == 0, done.stderr
    assert "moet een heel getal van 0 tot 100 zijn" in done.stderr
    assert "onbekende instelling" in done.stderr
    assert "must be" not in done.stderr and "unknown setting" not in done.stderr
