"""What psoas says: phrases for a plan (English and Dutch), and speech in the cue order."""

from __future__ import annotations

import gettext
from dataclasses import replace
from pathlib import Path

import pytest

from psoas_tui.cues.player import Player
from psoas_tui.cues.speech import voice_for
from psoas_tui.plan import IntervalKind, build_plan
from psoas_tui.routine.model import Routine, Step, StepKind
from psoas_tui.session import Session
from psoas_tui.text import events, intervals
from psoas_tui.text.i18n import use
from psoas_tui.text.spoken import (
    COUNT_TEMPO_MIN,
    counted,
    phrases,
    sentence,
    translations_for,
)
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
    plan = build_plan(Routine(name="Hips", slug="r", steps=STEPS), "left")
    said = phrases(plan)
    assert said["ready:0"] == "Left side: Half-kneeling hip flexor stretch. 40 seconds."
    assert said["switch"] == "Switch sides."
    assert said["halfway"] == "Halfway."
    assert said["done"] == "Done: Hips."
    bridge = next(i for i in plan.intervals if i.step_name == "Glute bridge")
    assert said[f"start:{bridge.index}"] == "Glute bridge. 12 reps."
    check = plan.intervals[-1]
    assert said[f"check:{check.index}"] == "Thomas test. Does the other leg lift off the floor."
    # numbers for the last seconds (up to 10) and for the bridge's reps at a 2 s tempo
    assert [said[f"count:{n}"] for n in range(1, 13)] == [str(n) for n in range(1, 13)]
    # the second side and every other interval of a step say nothing new
    assert len(said) == 6 + 12


def test_reps_are_counted_aloud_from_a_two_second_tempo() -> None:
    fast = replace(STEPS[1], tempo=1.5, reps=20)
    plan = build_plan(Routine(name="r", slug="r", steps=(fast,)), "left")
    assert not counted(plan.intervals[0])
    assert "count:11" not in phrases(plan)  # only the countdown's numbers
    slow = replace(STEPS[1], tempo=COUNT_TEMPO_MIN, reps=20)
    plan = build_plan(Routine(name="r", slug="r", steps=(slow,)), "left")
    assert counted(plan.intervals[0]) and phrases(plan)["count:20"] == "20"


def test_dutch_routines_get_dutch_words_and_voice() -> None:
    routine = Routine(name="r", slug="r", steps=STEPS[:1], language="nl")
    said = phrases(build_plan(routine, "left"))
    assert said["ready:0"] == "Links: Half-kneeling hip flexor stretch. 40 seconden."
    assert said["switch"] == "Wissel van kant."
    assert said["halfway"] == "Halverwege."
    assert voice_for("nl") == "nl"
    assert voice_for("en; rm -rf /") == "enrm-rf"  # only letters, digits and dashes


@pytest.mark.parametrize("language", ["en", "nl"])
def test_spoken_words_are_the_shown_words(language: str) -> None:
    """Speech and the screen look up the same msgids: with the routine's language active,
    what is said is what is shown (as a sentence)."""
    plan = build_plan(Routine(name="r", slug="r", steps=STEPS[:2], language=language), "left")
    said = phrases(plan)
    switch = next(i for i in plan.intervals if i.kind is IntervalKind.SWITCH)
    work = next(i for i in plan.intervals if i.kind is IntervalKind.WORK)
    use(translations_for(language))
    try:
        assert said["switch"] == sentence(intervals.name(switch))
        assert said["halfway"] == sentence(events.halfway())
        shown_side = intervals.side_words(work)[1]  # "left side", under the clock
        assert said["ready:0"].lower().startswith(shown_side.lower() + ": ")
    finally:
        use(gettext.NullTranslations())


def test_sentence_endings() -> None:
    assert sentence("Any pain?") == "Any pain?"
    assert sentence(" Rest ") == "Rest."
    assert sentence("") == ""


def test_speech_follows_its_chime_and_numbers_replace_the_ticks(tmp_path: Path) -> None:
    clock = FakeClock(0.0)
    fake = FakeBackend(clock)
    player = Player([fake], cues=CUES, threaded=False, volume=100)
    plan = build_plan(Routine(name="r", slug="r", steps=STEPS[:2]), "left")
    player._clock = clock
    player._queue.clock = clock
    # each phrase a 0.1 s sound named after its key, to read the order
    player._speech = {key: replace(CUES["countdown"], name=key) for key in phrases(plan)}
    session = Session(plan, clock)
    session.subscribe(player)
    session.start()
    player.drain()
    assert [name for name, _, _ in fake.plays] == ["get_ready", "ready:0"]
    while session.next_due() is not None:
        due = session.next_due()
        assert due is not None
        clock.now = max(clock.now, due)
        session.tick()
        player.drain()
    names = [name for name, _, _ in fake.plays]
    three = ["count:3", "count:2", "count:1"]
    assert names == [
        "get_ready", "ready:0", *three,
        "go", "halfway", "halfway", *three,
        "switch", "switch", *three,
        "go", "halfway", "halfway", *three,
        "go", "start:4", *[f"count:{n}" for n in range(2, 13)],
        "finish", "done",
    ]  # fmt: skip
    assert "countdown" not in names and "rep_tick" not in names
    starts = [start for _, start, _ in fake.plays]
    ends = [end for _, _, end in fake.plays]
    assert all(ends[i] <= starts[i + 1] for i in range(len(starts) - 1))  # no overlap
    assert player.dropped == []


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
    assert told == [
        "speech needs espeak-ng, which is not installed; playing beeps only. "
        "To hear step names: apt-get install espeak-ng / brew install espeak-ng"
    ]
    assert player.description == "sound: fake (no espeak-ng: beeps only)"


def test_with_espeak_ng_the_header_says_speech_and_the_voice(tmp_path: Path) -> None:
    clock = FakeClock(0.0)
    player = Player(
        [FakeBackend(clock)], cues=CUES, threaded=False, speech=True, cache_dir=tmp_path
    )
    routine = Routine(name="r", slug="r", steps=STEPS[:1], language="nl")
    player.prepare(build_plan(routine, "left"), clock)
    assert player.description == "sound: fake + speech (nl)"
    said = phrases(build_plan(routine, "left"))
    assert sorted(player._speech) == sorted(said)  # every phrase, the numbers too
    # cached for the next session, each text once
    assert len(list(tmp_path.glob("*.wav"))) == len(set(said.values()))
