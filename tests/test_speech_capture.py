"""Speech heard for real: a session's phrases rendered by the real espeak-ng and played
through real libasound into the ALSA ``file`` plugin (see test_sound_capture.py), then found
in the capture between the tones, each whole, in order and never overlapping them."""

from __future__ import annotations

import array
import json
import math
import subprocess
import sys
from pathlib import Path

import pytest
from test_sound_capture import capture_config, find_in_order, quiet_env

from psoas_tui.cues.sounds import Sound, load_cues

# Two exercises with a get-ready each, at time scale 2 (get-readies of 2.5 s and 4 s, long
# enough for the tone and the phrase) and no 3-2-1, so the timeline is the same on every run:
# tone, phrase, tone, phrase, ... done.
SESSION_SCRIPT = r"""
import json, sys, time
from pathlib import Path
from psoas_tui.cues.backends import make_backend
from psoas_tui.cues.player import Player
from psoas_tui.plan import build_plan
from psoas_tui.routine.model import Routine, Step, StepKind
from psoas_tui.session import Session
from psoas_tui.timebase import scaled_clock

language, short_name, long_name, routine_name = json.loads(sys.argv[2])
steps = (
    Step(name=short_name, kind=StepKind.TIMED, duration=1, get_ready=5),
    Step(name=long_name, kind=StepKind.TIMED, duration=1, get_ready=8),
)
routine = Routine(name=routine_name, slug="hips", steps=steps, language=language)
plan = build_plan(routine, "left")
clock = scaled_clock(2.0)
player = Player([make_backend("miniaudio")], volume=100, speech=True,
                cache_dir=Path(sys.argv[1]) / "cache")
player.prepare(plan, clock)
session = Session(plan, clock, countdown=0)
session.subscribe(player)
session.start()
while (due := session.next_due()) is not None:
    time.sleep(max(0.0, (due - clock()) / 2.0))
    session.tick()
player.wait_idle(10)
player.close()
out = Path(sys.argv[1])
for key in ("ready:0", "ready:2", "done"):
    (out / f"{key.replace(':', '-')}.raw").write_bytes(player._speech[key].samples)
print(json.dumps({"played": [n for n, _, _ in player.played], "dropped": player.dropped,
                  "description": player.description, "said": __import__(
                      "psoas_tui.text.spoken", fromlist=["phrases"]).phrases(plan)}))
"""


def rms(samples: bytes) -> float:
    data = array.array("h", samples)
    return math.sqrt(sum(v * v for v in data) / max(1, len(data)))


ENGLISH = ("en", "Glute bridge", "Half-kneeling hip flexor stretch", "Hips")
DUTCH = ("nl", "Bruggetje", "Heupbuigers rekken in halve knielzit", "Heupen")


@pytest.mark.slow
@pytest.mark.parametrize("words", [ENGLISH, DUTCH], ids=["en", "nl"])
def test_a_sessions_speech_is_heard_through_alsa_between_the_tones(
    tmp_path: Path, words: tuple[str, str, str, str]
) -> None:
    language = words[0]
    home = tmp_path / "audio-home"
    home.mkdir()
    out = home / "out.raw"
    (home / ".asoundrc").write_text(capture_config(out), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-c", SESSION_SCRIPT, str(tmp_path), json.dumps(words)],
        env=quiet_env(home),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    # Spoken in the routine's language, with its voice (espeak-ng's "nl" for a Dutch one).
    assert report["description"] == f"sound: miniaudio + speech ({language})"
    if language == "en":
        assert report["said"]["ready:0"] == "Glute bridge. 1 second."
        assert report["said"]["ready:2"] == "Half-kneeling hip flexor stretch. 1 second."
    else:
        assert report["said"]["ready:0"] == "Bruggetje. 1 seconde."
        assert report["said"]["ready:2"] == "Heupbuigers rekken in halve knielzit. 1 seconde."
    assert report["played"] == [
        "get_ready", "speech", "go", "get_ready", "speech", "go", "finish", "speech",
    ]  # fmt: skip
    assert report["dropped"] == []
    assert "ALSA lib" not in done.stdout + done.stderr
    phrases = {
        key: Sound("speech", (tmp_path / f"{key}.raw").read_bytes())
        for key in ("ready-0", "ready-2", "done")
    }
    cues = load_cues()
    timeline = [
        cues["get_ready"], phrases["ready-0"], cues["go"],
        cues["get_ready"], phrases["ready-2"], cues["go"],
        cues["finish"], phrases["done"],
    ]  # fmt: skip
    raw = out.read_bytes()
    # Each sound's exact samples, each starting after the one before has ended: a phrase
    # mixed with a tone, or cut into, would not be found whole.
    offsets = find_in_order(raw, timeline)
    for before, after, sound in zip(offsets, offsets[1:], timeline, strict=False):
        assert before + len(sound.samples) <= after
    # A phrase per exercise, as long as its words and with a voice's energy.
    short, long = phrases["ready-0"].duration, phrases["ready-2"].duration
    assert 0.8 < short < long < 5.0, (short, long)
    silence = rms(raw[offsets[2] + len(cues["go"].samples) : offsets[3]])
    for key in ("ready-0", "ready-2", "done"):
        heard = raw[offsets[timeline.index(phrases[key])] :][: len(phrases[key].samples)]
        assert rms(heard) > 1000 > 10 * max(silence, 1.0), (key, rms(heard), silence)
    assert phrases["done"].duration < short  # "Done: ROUTINE." is the shortest phrase
