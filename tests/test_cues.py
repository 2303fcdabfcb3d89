"""The cue player's logic with a fake backend and a fake clock: queue, priorities, no
overlap, stale drops, fallback, mute, bell, and events from a real engine."""

from __future__ import annotations

import threading

from psoas_tui.cues import open_player
from psoas_tui.cues.backends import Backend, BackendError, BellBackend, Started
from psoas_tui.cues.player import Player
from psoas_tui.cues.queue import CueQueue
from psoas_tui.cues.sounds import RATE, Sound
from psoas_tui.plan import build_plan
from psoas_tui.routine.model import Routine, Step, StepKind
from psoas_tui.session import Session
from psoas_tui.settings import Settings


class FakeClock:
    def __init__(self, now: float = 100.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


class FakeBackend(Backend):
    """Plays by advancing the fake clock by the cue's length; records (name, start, end)."""

    name = "fake"

    def __init__(self, clock: FakeClock, fail_after: int | None = None) -> None:
        self.clock = clock
        self.fail_after = fail_after
        self.plays: list[tuple[str, float, float]] = []
        self.opened = self.closed = False

    def open(self) -> None:
        self.opened = True

    def play(self, sound: Sound, started: Started, cancel: threading.Event | None = None) -> None:
        if self.fail_after is not None and len(self.plays) >= self.fail_after:
            raise BackendError("the audio device went away")
        started(0.0)
        start = self.clock.now
        self.clock.now += sound.duration
        self.plays.append((sound.name, start, self.clock.now))

    def close(self) -> None:
        self.closed = True


class Unopenable(Backend):
    name = "broken"

    def open(self) -> None:
        raise BackendError("no audio device (card 0 missing)")


def tone(name: str, seconds: float) -> Sound:
    return Sound(name, bytes(2 * round(seconds * RATE)), RATE)


CUES = {
    name: tone(name, seconds)
    for name, seconds in {
        "get_ready": 0.3,
        "countdown": 0.1,
        "go": 0.3,
        "halfway": 0.2,
        "switch": 0.4,
        "rep_tick": 0.05,
        "rest": 0.3,
        "check": 0.5,
        "finish": 0.6,
    }.items()
}


def make(clock: FakeClock, *backends: Backend, **kw: object) -> Player:
    player = Player(list(backends), cues=CUES, threaded=False, volume=100, **kw)  # type: ignore[arg-type]
    player._clock = clock
    player._queue.clock = clock
    return player


def test_cues_never_overlap_and_play_in_due_order() -> None:
    clock = FakeClock()
    fake = FakeBackend(clock)
    player = make(clock, fake)
    for name in ("go", "halfway", "rest"):
        player.play(name, due=clock.now)
    player.drain()
    assert [name for name, _, _ in fake.plays] == ["go", "rest", "halfway"]  # by priority
    for (_, _, end), (_, start, _) in zip(fake.plays, fake.plays[1:], strict=False):
        assert start >= end  # each starts after the previous ended


def test_higher_priority_first_and_equal_priority_by_due() -> None:
    clock = FakeClock()
    fake = FakeBackend(clock)
    player = make(clock, fake)
    player.play("halfway", due=clock.now)
    player.play("countdown", due=clock.now)
    player.play("finish", due=clock.now)
    player.play("switch", due=clock.now + 0.01)
    player.play("go", due=clock.now)
    player.drain()
    assert [name for name, _, _ in fake.plays] == ["finish", "go", "switch", "halfway"]
    # behind 1.3 s of cues the countdown (0.5 s of grace) is stale; halfway (2 s) is not
    assert player.dropped == ["countdown"]


def test_a_countdown_that_would_sound_after_its_second_is_dropped() -> None:
    clock = FakeClock()
    fake = FakeBackend(clock)
    player = make(clock, fake)
    player.play("check", due=clock.now)  # 0.5 s long
    player.play("countdown", due=clock.now - 0.2)  # "3", due a moment ago
    player.play("countdown", due=clock.now + 0.4)  # "2": fine after the chime
    player.drain()
    assert [name for name, _, _ in fake.plays] == ["check", "countdown"]
    assert player.dropped == ["countdown"]
    assert [due for _, due, _ in player.played] == [100.0, 100.4]


def test_queue_is_stale_only_past_its_grace() -> None:
    clock = FakeClock(10.0)
    queue = CueQueue(clock)
    queue.put(tone("countdown", 0.1), due=9.6)  # 0.4 s late: still plays
    queue.put(tone("countdown", 0.1), due=9.4)  # 0.6 s late: dropped
    taken = queue.take(timeout=0)
    assert taken is not None and taken.due == 9.6
    assert queue.take(timeout=0) is None
    assert [job.due for job in queue.dropped] == [9.4]


def test_failing_backend_falls_back_and_the_cue_is_not_lost_to_an_exception() -> None:
    clock = FakeClock()
    failing = FakeBackend(clock, fail_after=1)
    spare = FakeBackend(clock)
    warnings: list[str] = []
    player = make(clock, Unopenable(), failing, spare, warn=warnings.append)
    assert player.backend == "fake" and failing.opened and not spare.opened
    player.play("go")
    player.drain()
    player.play("rest")
    player.drain()  # the device disappears: failing raises, the player moves on
    player.play("finish")
    player.drain()
    assert [n for n, _, _ in failing.plays] == ["go"]
    assert failing.closed
    assert [n for n, _, _ in spare.plays] == ["finish"]
    assert len(warnings) == 1 and "went away" in warnings[0]
    assert player.description == "sound: fake"


def test_down_to_the_bell_which_rings_the_hook_on_the_callers_thread() -> None:
    clock = FakeClock()
    player = make(clock, Unopenable(), BellBackend())
    rings: list[str] = []
    player.bell_hook = lambda: rings.append(threading.current_thread().name)
    assert player.description == "sound: bell (no audio device)"
    player.play("go")
    player.play("countdown")
    assert rings == [threading.current_thread().name] * 2
    assert len(player._queue) == 0
    player._speech = {"switch": tone("speech", 1.0)}
    player._enqueue("switch", clock.now, True, None)  # no second ring for the spoken words
    assert len(rings) == 2


def test_nothing_works_means_sound_off_with_the_reason() -> None:
    player = make(FakeClock(), Unopenable())
    assert player.backend is None
    assert player.description == "sound off: no audio device"
    player.play("go")  # no error
    player.close()


def test_mute_and_unmute() -> None:
    clock = FakeClock()
    fake = FakeBackend(clock)
    player = make(clock, fake, muted=True)
    assert player.description == "sound off: muted" and not fake.opened  # no device when muted
    player.play("go")
    player.drain()
    assert fake.plays == []
    player.set_muted(False)
    assert fake.opened and player.description == "sound: fake"
    player.play("go")
    player.drain()
    assert [n for n, _, _ in fake.plays] == ["go"]


def test_volume_scales_samples_and_zero_is_off() -> None:
    clock = FakeClock()
    loud = Sound("go", (1000).to_bytes(2, "little", signed=True) * 10)
    player = Player([FakeBackend(clock)], cues={"go": loud}, threaded=False, volume=30)
    assert player._sounds["go"].samples == (300).to_bytes(2, "little", signed=True) * 10
    player.set_volume(0)
    assert player.description == "sound off: volume 0"


def test_off_and_forced_backends() -> None:
    assert open_player(Settings(audio="off")).description == 'sound off: audio = "off" in settings'
    player = open_player(Settings(), backend="off")
    assert player.description == "sound off: --audio off"
    bell = open_player(Settings(), backend="bell")
    assert bell.description == "sound: bell (chosen)"
    for p in (player, bell):
        p.close()


def test_a_real_session_drives_the_expected_cues() -> None:
    clock = FakeClock(0.0)
    fake = FakeBackend(clock)
    steps = (
        Step(
            name="Lunge hold",
            kind=StepKind.TIMED,
            duration=30,
            per_side=True,
            get_ready=5,
            switch=5,
        ),
        Step(name="Knee drive", kind=StepKind.REPS, reps=3, tempo=2.0, get_ready=0),
    )
    plan = build_plan(Routine(name="r", slug="r", steps=steps), "left")
    session_clock = FakeClock(0.0)
    player = make(session_clock, fake)
    player.prepare(plan, session_clock)
    session = Session(plan, session_clock)
    session.subscribe(player)
    session.start()
    while session.next_due() is not None:
        due = session.next_due()
        assert due is not None
        session_clock.now = max(session_clock.now, due)
        session.tick()
        clock.now = session_clock.now
        player.drain()
    names = [name for name, _, _ in fake.plays]
    assert names == [
        "get_ready", "countdown", "countdown", "countdown",
        "go", "halfway", "countdown", "countdown", "countdown",
        "switch", "countdown", "countdown", "countdown",
        "go", "halfway", "countdown", "countdown", "countdown",
        "go", "rep_tick", "rep_tick", "finish",
    ]  # fmt: skip


def test_listener_never_raises() -> None:
    class Exploding(FakeBackend):
        def prepare(self, sounds: dict[str, Sound]) -> None:
            raise RuntimeError("boom")

    clock = FakeClock()
    player = make(clock, Exploding(clock))
    plan = build_plan(
        Routine(name="r", slug="r", steps=(Step(name="a", kind=StepKind.TIMED, duration=5),)),
        "left",
    )
    player.prepare(plan, clock)  # swallowed, said once
    player(object())  # type: ignore[arg-type]
    assert any("boom" in w for w in player.warnings)


def test_threaded_player_returns_at_once_and_plays_in_the_background() -> None:
    clock = FakeClock()
    fake = FakeBackend(clock)
    player = Player([fake], cues=CUES, volume=100)
    player._queue.clock = None
    for name in ("go", "countdown", "finish"):
        player.play(name)
    assert player.wait_idle(5.0)
    assert sorted(n for n, _, _ in fake.plays) == ["countdown", "finish", "go"]
    player.close()
    assert fake.closed


def test_worker_failures_are_told_on_the_callers_thread() -> None:
    clock = FakeClock()
    told: list[tuple[str, str]] = []
    failing = FakeBackend(clock, fail_after=0)
    spare = FakeBackend(clock)
    player = Player(
        [failing, spare],
        cues=CUES,
        volume=100,
        warn=lambda m: told.append((m, threading.current_thread().name)),
    )
    player._queue.clock = None
    player.play("go")  # fails on the worker thread; the player moves to the spare
    assert player.wait_idle(5.0)
    assert player.backend == "fake" and spare.opened
    assert told == []  # held: the worker thread never calls warn
    player.play("rest")
    assert told == [
        ("sound: fake failed (the audio device went away); now using fake", "MainThread")
    ]
    player.close()


class RealTimeBackend(Backend):
    """Plays in real time (waits the cue's length) and stops early when cancelled."""

    name = "realtime"

    def __init__(self) -> None:
        self.plays: list[tuple[str, bool]] = []  # (name, cut short)

    def play(self, sound: Sound, started: Started, cancel: threading.Event | None = None) -> None:
        started(0.0)
        assert cancel is not None
        cut = cancel.wait(sound.duration)
        self.plays.append((sound.name, cut))


def test_go_cuts_an_announcement_short_but_a_countdown_does_not() -> None:
    backend = RealTimeBackend()
    player = Player([backend], cues=CUES, volume=100)
    player._speech = {"ready:0": tone("speech", 5.0)}
    player._enqueue("ready:0", player._clock(), True, None)
    deadline = player._clock() + 2.0
    while player._current is None and player._clock() < deadline:
        pass
    player.play("countdown")  # lower priority than speech: waits (and goes stale)
    player.play("go")  # higher priority: the announcement stops for it
    assert player.wait_idle(3.0)
    assert backend.plays[0] == ("speech", True)
    assert backend.plays[1] == ("go", False)
    player.close()


def test_muting_stops_the_cue_that_is_playing() -> None:
    backend = RealTimeBackend()
    player = Player([backend], cues={"finish": tone("finish", 5.0)}, volume=100)
    player.play("finish")
    deadline = player._clock() + 2.0
    while player._current is None and player._clock() < deadline:
        pass
    player.set_muted(True)
    assert player.wait_idle(2.0)
    assert backend.plays == [("finish", True)]
    assert player.description == "sound off: muted"
    player.close()


class GeneratorClock:
    """A fake clock for miniaudio's generator: ``sleep`` advances it and may run a hook
    (what another thread does while the generator waits for the device)."""

    def __init__(self) -> None:
        self.now = 50.0
        self.on_sleep: list[object] = []

    def monotonic(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds
        while self.on_sleep:
            hook = self.on_sleep.pop(0)
            assert callable(hook)
            hook()


def test_miniaudio_buffer_is_what_the_docs_say() -> None:
    """4 periods of 2 ms: a cue is heard 6 to 8 ms after it is queued (docs/sound.md)."""
    from pathlib import Path

    from psoas_tui.cues.backends import MiniaudioBackend

    backend = MiniaudioBackend()
    assert (backend.period_ms, backend.periods) == (2, 4)
    assert backend.buffer_seconds == 0.008
    docs = (Path(__file__).parent.parent / "docs" / "sound.md").read_text(encoding="utf-8")
    assert "4 × 2 ms" in docs
    assert "6 to 8 ms" in docs


def test_a_cue_queued_while_miniaudio_waits_for_room_makes_the_next_period(
    monkeypatch: object,
) -> None:
    """The generator waits for the device first and takes the queued cues after: a cue
    that comes while it waits starts in the period it then hands over, heard
    buffer - period (6 ms) later, not a whole buffer later in the period after."""
    import types

    import pytest

    from psoas_tui.cues import backends
    from psoas_tui.cues.backends import MiniaudioBackend

    assert isinstance(monkeypatch, pytest.MonkeyPatch)
    clock = GeneratorClock()
    fake_time = types.SimpleNamespace(monotonic=clock.monotonic, sleep=clock.sleep)
    monkeypatch.setattr(backends, "time", fake_time)
    backend = MiniaudioBackend()
    period = backend.PERIOD_MS * RATE // 1000
    buffer = backend.PERIOD_MS * backend.PERIODS / 1000
    stream = backend._stream()
    next(stream)
    for _ in range(backend.PERIODS):  # a null device takes the first buffer at once
        assert stream.send(period) == bytes(2 * period)
    cue = bytes(range(1, 81))  # 40 frames (shorter than a period), none of them silent
    onsets: list[float] = []
    done = threading.Event()
    entry = [cue, 0, onsets.append, done, 0.0, None]
    clock.on_sleep.append(lambda: backend._pending.append(entry))
    chunk = stream.send(period)  # waits for room, and the cue comes meanwhile
    assert chunk[: len(cue)] == cue
    assert onsets == [pytest.approx(buffer - period / RATE)]
    assert done.is_set()


def test_the_description_is_worded_in_the_language_shown_when_it_is_read() -> None:
    """A player made before the app chose Dutch still says its sound in Dutch (#15)."""
    from psoas_tui.text import i18n

    player = make(FakeClock(), FakeBackend(FakeClock()))
    assert player.description == "sound: fake"
    i18n.set_language("nl")
    try:
        assert player.description == "geluid: fake"
        player.muted = True
        assert player.description == "geluid uit: gedempt"
    finally:
        i18n.set_language("en")
