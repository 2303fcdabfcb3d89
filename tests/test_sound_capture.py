"""Tests that hear real sound: ALSA's default PCM goes to the ``file`` plugin, so every
backend plays through real libasound on a machine without a sound card, and the samples
that reach ALSA land in a file that the test compares with the cues.

Each playback runs in a subprocess: libasound reads ``~/.asoundrc`` once per process.
"""

from __future__ import annotations

import array
import json
import os
import subprocess
import sys
import wave
from pathlib import Path

import pytest

from psoas_tui.cues.sounds import RATE, Sound, load_cues

PSOAS = str(Path(sys.executable).with_name("psoas"))

# Play cues one after another (waiting for each), then three at once: while "go" plays,
# the queue holds "halfway" and "switch" and must start the higher-priority "switch" first,
# each only after the previous one ended.
PLAY_SCRIPT = r"""
import json, sys
from psoas_tui.cues.backends import SystemBackend, make_backend
from psoas_tui.cues.player import Player

name, volume = sys.argv[1], int(sys.argv[2])
backend = SystemBackend((("aplay", ("aplay", "-q")),)) if name == "aplay" else make_backend(name)
player = Player([backend], volume=volume, warn=lambda m: print(m, file=sys.stderr))
description = player.description
for cue in ("countdown", "rep_tick"):
    player.play(cue)
    player.wait_idle(5)
player.play("go")
player.play("halfway")
player.play("switch")
player.wait_idle(5)
player.close()
print(json.dumps({"description": description, "played": [n for n, _, _ in player.played],
                  "dropped": player.dropped, "warnings": player.warnings}))
"""
EXPECTED = ["countdown", "rep_tick", "go", "switch", "halfway"]


def capture_config(out: Path) -> str:
    """Default PCM: convert anything to S16_LE mono 22050 Hz, then append it to ``out``."""
    return (
        'pcm.!default { type plug; slave { pcm "psoas_capture"; format S16_LE; '
        f"rate {RATE}; channels 1 }} }}\n"
        'pcm.psoas_capture { type file; slave.pcm "null"; '
        f'file "|cat >> \'{out}\'"; format "raw" }}\n'
    )


@pytest.fixture
def capture_home() -> tuple[dict[str, str], Path]:
    """HOME (the test's own, from the autouse fixture) with a capturing .asoundrc."""
    home = Path(os.environ["HOME"])
    out = home / "out.raw"
    (home / ".asoundrc").write_text(capture_config(out), encoding="utf-8")
    return quiet_env(home), out


def quiet_env(home: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["HOME"] = str(home)
    for name in ("PULSE_SERVER", "PIPEWIRE_REMOTE", "ALSA_CONFIG_PATH"):
        env.pop(name, None)
    # An empty runtime folder: no sound server to find, and libpulse's files stay out of /tmp.
    runtime = home / "run-audio"
    runtime.mkdir(mode=0o700, exist_ok=True)
    env["XDG_RUNTIME_DIR"] = str(runtime)
    return env


def find_in_order(raw: bytes, sounds: list[Sound]) -> list[int]:
    """Byte offsets (sample-aligned) of each sound's exact samples, each after the last."""
    offsets = []
    position = 0
    for sound in sounds:
        found = raw.find(sound.samples, position)
        while found >= 0 and found % 2:
            found = raw.find(sound.samples, found + 1)
        assert found >= 0, f"{sound.name} was not heard (after byte {position})"
        offsets.append(found)
        position = found + len(sound.samples)  # the next cue starts after this one ends
    return offsets


BACKENDS = (("simpleaudio", 100), ("miniaudio", 80), ("aplay", 45))


@pytest.mark.slow
def test_each_backend_plays_the_cues_in_order_through_alsa(tmp_path: Path) -> None:
    # The three backends play at the same time (each in its own HOME and capture file):
    # playback runs in real time, so this keeps the test short.
    runs = {}
    for backend, volume in BACKENDS:
        home = tmp_path / f"home-{backend}"
        home.mkdir()
        (home / ".asoundrc").write_text(capture_config(home / "out.raw"), encoding="utf-8")
        runs[backend] = subprocess.Popen(
            [sys.executable, "-c", PLAY_SCRIPT, backend, str(volume)],
            env=quiet_env(home),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
    cues = load_cues()
    for backend, volume in BACKENDS:
        stdout, stderr = runs[backend].communicate(timeout=60)
        assert runs[backend].returncode == 0, stderr
        report = json.loads(stdout)
        label = "system (aplay)" if backend == "aplay" else backend
        assert report["description"] == f"sound: {label}"
        assert report["played"] == EXPECTED and report["dropped"] == [], backend
        assert "ALSA lib" not in stderr + stdout
        raw = (tmp_path / f"home-{backend}" / "out.raw").read_bytes()
        expected = [cues[name].scaled(volume) for name in EXPECTED]
        offsets = find_in_order(raw, expected)
        assert offsets == sorted(offsets)
        # The samples are the cue's at this volume: the full-volume cue is not there.
        if volume != 100:
            assert raw.find(cues["go"].samples) < 0


def test_with_no_device_the_chain_ends_at_the_bell_and_a_session_completes_quietly(
    psoas_env: dict[str, str],
) -> None:
    env = quiet_env(Path(os.environ["HOME"]))  # an empty HOME: no .asoundrc, no card
    env.update(PSOAS_HOME=psoas_env["PSOAS_HOME"], PSOAS_TIME_SCALE="400", COLUMNS="120")
    done = subprocess.run(
        [PSOAS, "run", "desk-break", "--plain", "--speak"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 0, done.stderr
    header = done.stdout.splitlines()[0]
    assert "sound: bell (no audio device) · not spoken: no audio device" in header
    # --speak with nowhere to speak: said once, not dropped silently
    assert done.stderr.count("psoas: speech needs an audio device, and there is none") == 1
    assert done.stdout.rstrip().splitlines()[-1].startswith("Done.")
    assert "ALSA lib" not in done.stdout + done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.slow
def test_a_plain_session_plays_its_cues_through_alsa(
    capture_home: tuple[dict[str, str], Path], psoas_env: dict[str, str], tmp_path: Path
) -> None:
    env, out = capture_home
    routine = tmp_path / "tiny.toml"
    routine.write_text(
        'schema = 1\nname = "Tiny"\n[defaults]\nget_ready = 2\n'
        '[[steps]]\nname = "Hold"\nkind = "timed"\nduration = 3\n',
        encoding="utf-8",
    )
    env.update(PSOAS_HOME=psoas_env["PSOAS_HOME"], PSOAS_TIME_SCALE="2")
    done = subprocess.run(
        [PSOAS, "run", str(routine), "--plain", "--audio", "miniaudio"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 0, done.stderr
    assert "sound: miniaudio" in done.stdout.splitlines()[0]
    assert "ALSA lib" not in done.stdout + done.stderr
    cues = load_cues()
    find_in_order(out.read_bytes(), [cues[n].scaled(80) for n in ("get_ready", "go", "finish")])


def test_speech_renders_a_plausible_announcement(tmp_path: Path) -> None:
    from psoas_tui.cues.speech import Speaker
    from psoas_tui.plan import build_plan
    from psoas_tui.routine.model import Routine, Step, StepKind
    from psoas_tui.text.spoken import announcement

    step = Step(
        name="Half-kneeling hip flexor stretch", kind=StepKind.TIMED, duration=40, per_side=True
    )
    plan = build_plan(Routine(name="r", slug="r", steps=(step,)), "left")
    text = announcement(plan, plan.intervals[0])
    assert text == "Left side: Half-kneeling hip flexor stretch. 40 seconds."
    speaker = Speaker(tmp_path / "cache")
    sound = speaker.render(text, "en")
    assert 1.5 < sound.duration < 8.0
    data = memoryview(sound.samples).cast("h")
    loud = sum(1 for v in data if abs(v) > 1000)
    assert loud > 0.1 * len(data), "speech is not silence"
    cached = list((tmp_path / "cache").glob("*.wav"))
    assert len(cached) == 1
    with wave.open(str(cached[0])) as wav:
        assert wav.getnchannels() == 1 and wav.getsampwidth() == 2
    assert speaker.render(text, "en") == sound  # from the cache, same samples
    dutch = speaker.render("Linkerkant. Heupbuiger rekken. 40 seconden.", "nl")
    assert dutch.duration > 1.0 and dutch != sound


VANISH_SCRIPT = r"""
import json, os, sys
from pathlib import Path
from psoas_tui.cues.backends import BellBackend, SystemBackend
from psoas_tui.cues.player import Player

rings = []
player = Player([SystemBackend((("aplay", ("aplay", "-q")),)), BellBackend()], volume=100)
player.bell_hook = lambda: rings.append(1)
before = player.description
player.play("go")
player.wait_idle(5)
# The device goes away mid-session: every new aplay now finds no default PCM.
rc = Path(os.environ["HOME"]) / ".asoundrc"
rc.write_text('pcm.!default { type hw; card 97 }\n')
player.play("switch")
player.wait_idle(5)
after = player.description
player.play("finish")
player.close()
print(json.dumps({"before": before, "after": after, "rings": len(rings),
                  "played": [n for n, _, _ in player.played], "warnings": player.warnings}))
"""


def test_a_device_that_disappears_mid_session_falls_back_to_the_bell(
    capture_home: tuple[dict[str, str], Path],
) -> None:
    env, out = capture_home
    done = subprocess.run(
        [sys.executable, "-c", VANISH_SCRIPT], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["before"] == "sound: system (aplay)"
    assert report["after"] == "sound: bell (no audio device)"
    assert report["warnings"] == ["sound: system (aplay) failed (no audio device); now using bell"]
    assert report["rings"] == 1  # "finish" rang the bell
    assert report["played"] == ["go", "finish"]
    find_in_order(out.read_bytes(), [load_cues()["go"]])
    assert "ALSA lib" not in done.stdout + done.stderr


CUT_SCRIPT = r"""
import sys, time
from pathlib import Path
from psoas_tui.cues.backends import make_backend
from psoas_tui.cues.player import Player
from psoas_tui.plan import build_plan
from psoas_tui.routine.model import Routine, Step, StepKind
from psoas_tui.session import IntervalStarted

step = Step(name="Half-kneeling hip flexor stretch", kind=StepKind.TIMED, duration=40,
            per_side=True, get_ready=5)
plan = build_plan(Routine(name="r", slug="r", steps=(step,)), "left")
player = Player([make_backend("miniaudio")], volume=100, speech=True)
player.prepare(plan, time.monotonic)
ready, work = plan.intervals[0], plan.intervals[1]
player(IntervalStarted(time.monotonic(), ready, work))  # chime, then the announcement
time.sleep(0.8)
player(IntervalStarted(time.monotonic(), work, None))  # "go" while the announcement runs
player.wait_idle(5)
player.close()
Path(sys.argv[1]).write_bytes(player._speech["ready:0"].samples)
print(" ".join(name for name, _, _ in player.played))
"""


def test_go_cuts_a_spoken_announcement_short_with_a_fade(
    capture_home: tuple[dict[str, str], Path], tmp_path: Path
) -> None:
    env, out = capture_home
    speech_file = tmp_path / "speech.raw"
    done = subprocess.run(
        [sys.executable, "-c", CUT_SCRIPT, str(speech_file)],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["get_ready", "speech", "go"]
    speech = speech_file.read_bytes()
    assert len(speech) / 2 / RATE > 2.0  # the announcement is longer than what was heard
    raw = out.read_bytes()
    cues = load_cues()
    half = 2 * round(0.3 * RATE)
    _ready, start, go = find_in_order(
        raw,
        [cues["get_ready"], Sound("speech", speech[:half]), cues["go"]],
    )
    # The announcement's last voiced stretch (its trailing silence would match any gap).
    samples = array.array("h", speech)
    last_voiced = max(i for i, value in enumerate(samples) if abs(value) > 1000)
    tail = samples[max(0, last_voiced + 1 - half // 2) : last_voiced + 1].tobytes()
    assert raw.find(tail) < 0, "the end of the announcement was not played"
    heard = go - start  # bytes of speech (and fade) before "go"
    assert 2 * RATE * 0.2 < heard < 2 * RATE * 1.0
