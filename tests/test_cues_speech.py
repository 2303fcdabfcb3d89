"""What psoas says: phrases for a plan (English and Dutch), and speech in the cue order."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from psoas_tui.cues.player import Player
from psoas_tui.cues.speech import voice_for
from psoas_tui.plan import build_plan
from psoas_tui.routine.model import Routine, Step, StepKind
from psoas_tui.session import Session
from psoas_tui.text.spoken import phrases, sentence
from tests.test_cues import CUES, FakeBackend, FakeClock

STEPS = (
    Step(
        name="Half-kneeling hip flexor stretch",
        kind=StepKind.TIMED,
        duration=40,
        per_side=True,
        get_ready=5,
        switch=5,
    ),
    Step(name="Glute bridge", kind=StepKind.REPS, reps=12, tempo=2.0, get_ready=0),
    Step(
        name="Thomas test",
        kind=StepKind.CHECK,
        question="Does the other leg lift off the floor",
        answers=("no", "yes"),
        get_ready=0,
    ),
)


def test_phrases_for_a_plan() -> None:
    plan = build_plan(Routine(name="r", slug="r", steps=STEPS), "left")
    said = phrases(plan)
    assert said["ready:0"] == "Left side. Half-kneeling hip flexor stretch. 40 seconds."
    assert said["switch"] == "Switch sides."
    bridge = next(i for i in plan.intervals if i.step_name == "Glute bridge")
    assert said[f"start:{bridge.index}"] == "Glute bridge. 12 reps."
    check = plan.intervals[-1]
    assert said[f"check:{check.index}"] == "Thomas test. Does the other leg lift off the floor."
    # the second side and every other interval of a step say nothing new
    assert len(said) == 4


def test_dutch_routines_get_dutch_words_and_voice() -> None:
    routine = Routine(name="r", slug="r", steps=STEPS[:1], language="nl")
    said = phrases(build_plan(routine, "left"))
    assert said["ready:0"] == "Linkerkant. Half-kneeling hip flexor stretch. 40 seconden."
    assert said["switch"] == "Wissel van kant."
    assert voice_for("nl") == "nl"
    assert voice_for("en; rm -rf /") == "enrm-rf"  # only letters, digits and dashes


def test_sentence_endings() -> None:
    assert sentence("Any pain?") == "Any pain?"
    assert sentence(" Rest ") == "Rest."
    assert sentence("") == ""


def test_speech_follows_its_chime_in_a_session(tmp_path: Path) -> None:
    clock = FakeClock(0.0)
    fake = FakeBackend(clock)
    player = Player([fake], cues=CUES, threaded=False, volume=100)
    plan = build_plan(Routine(name="r", slug="r", steps=STEPS[:2]), "left")
    player._clock = clock
    player._queue.clock = clock
    spoken = {key: replace(CUES["countdown"], name="speech") for key in phrases(plan)}
    player._speech = spoken
    session = Session(plan, clock)
    session.subscribe(player)
    session.start()
    player.drain()
    assert [name for name, _, _ in fake.plays] == ["get_ready", "speech"]
    while session.next_due() is not None:
        due = session.next_due()
        assert due is not None
        clock.now = max(clock.now, due)
        session.tick()
        player.drain()
    names = [name for name, _, _ in fake.plays]
    assert names.count("speech") == 3  # get-ready, switch sides, the bridge's start
    switch = names.index("switch")
    assert names[switch + 1] == "speech"


def test_without_espeak_ng_it_is_beeps_only_said_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # no espeak-ng on the PATH
    clock = FakeClock(0.0)
    told: list[str] = []
    player = Player([FakeBackend(clock)], cues=CUES, threaded=False, speech=True, warn=told.append)
    plan = build_plan(Routine(name="r", slug="r", steps=STEPS[:1]), "left")
    player.prepare(plan, clock)
    player.prepare(plan, clock)  # a second session: not said again
    assert told == ["speech needs espeak-ng, which is not installed; playing beeps only"]
    assert player.description == "sound: fake (no espeak-ng: beeps only)"


def test_with_espeak_ng_the_header_says_speech_and_the_voice(tmp_path: Path) -> None:
    clock = FakeClock(0.0)
    player = Player(
        [FakeBackend(clock)], cues=CUES, threaded=False, speech=True, cache_dir=tmp_path
    )
    routine = Routine(name="r", slug="r", steps=STEPS[:1], language="nl")
    player.prepare(build_plan(routine, "left"), clock)
    assert player.description == "sound: fake + speech (nl)"
    assert sorted(player._speech) == ["ready:0", "switch"]
    assert len(list(tmp_path.glob("*.wav"))) == 2  # cached for the next session
