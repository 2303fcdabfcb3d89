"""Property tests: random routines, random controls, a jittery clock; the engine's promises."""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from psoas_tui.plan import IntervalKind, Plan, build_plan
from psoas_tui.routine.model import Routine, StartSide, Step, StepKind
from psoas_tui.session import (
    Countdown,
    Event,
    Halfway,
    IntervalEnded,
    IntervalStarted,
    Paused,
    RepTick,
    Resumed,
    Session,
    SessionAbandoned,
    SessionFinished,
    SessionStarted,
    State,
)
from tests.test_session_support import FakeClock

T0 = 500.0

# -- random routines ----------------------------------------------------------------------

sides = st.sampled_from(list(StartSide))


@st.composite
def exercise(draw: st.DrawFn) -> Step:
    kind = draw(st.sampled_from([StepKind.TIMED, StepKind.REPS, StepKind.REPS, StepKind.CHECK]))
    common = {
        "get_ready": draw(st.integers(0, 5)),
        "sets": draw(st.integers(1, 2)),
        "rest": draw(st.integers(0, 20)),
    }
    if kind is StepKind.CHECK:
        answers = tuple(
            draw(st.lists(st.sampled_from(["ok", "tight", "sore"]), min_size=2, max_size=3))
        )
        return Step("Check", kind, question="How?", answers=answers, get_ready=0)
    per_side = {
        "per_side": draw(st.booleans()),
        "start_side": draw(sides),
        "switch": draw(st.integers(0, 5)),
    }
    if kind is StepKind.TIMED:
        return Step("Hold", kind, duration=draw(st.integers(1, 35)), **common, **per_side)
    tempo = draw(st.one_of(st.none(), st.sampled_from([0.5, 1.0, 1.5, 2.0, 3.0])))
    return Step("Reps", kind, reps=draw(st.integers(1, 8)), tempo=tempo, **common, **per_side)


@st.composite
def routines(draw: st.DrawFn) -> Routine:
    steps: list[Step] = []
    for _ in range(draw(st.integers(1, 4))):
        choice = draw(st.sampled_from(["exercise", "exercise", "rest", "block"]))
        if choice == "rest":
            steps.append(Step("Rest", StepKind.REST, duration=draw(st.integers(1, 30))))
        elif choice == "block":
            inner = tuple(draw(st.lists(exercise(), min_size=1, max_size=2)))
            rounds = draw(st.integers(1, 2))
            steps.append(Step("Block", StepKind.BLOCK, steps=inner, rounds=rounds, rest=5))
        else:
            steps.append(draw(exercise()))
    return Routine(name="Random", slug="random", steps=tuple(steps))


ACTIONS = [
    "tick",
    "tick",
    "tick",
    "pause",
    "resume",
    "toggle",
    "skip",
    "back",
    "restart",
    "extend",
    "done",
    "answer0",
    "answer1",
    "answer_none",
    "answer_bad",
    "suspend",
    "jump",
]
controls = st.lists(st.tuples(st.floats(0.0, 20.0), st.sampled_from(ACTIONS)), max_size=25)


def apply(session: Session, clock: FakeClock, action: str, at: float) -> None:
    if action == "tick":
        session.tick()
    elif action == "pause":
        session.pause()
    elif action == "resume":
        session.resume()
    elif action == "toggle":
        session.toggle_pause()
    elif action == "skip":
        session.skip()
    elif action == "back":
        session.back()
    elif action == "restart":
        session.restart()
    elif action == "extend":
        session.extend()
    elif action == "done":
        session.done()
    elif action.startswith("answer"):
        choice = {"answer0": 0, "answer1": 1, "answer_none": None, "answer_bad": 9}[action]
        session.answer(choice)
    elif action == "suspend":
        session.suspend(at)
    elif action == "jump":
        clock.advance(10.0)  # the machine slept: no tick for a while
        session.tick()


@dataclass
class Run:
    plan: Plan
    events: list[Event]
    emitted_at: list[float]
    actives: list[float]


def run(
    routine: Routine,
    schedule: list[tuple[float, str]],
    jitter: list[float],
    *,
    suspend_gap: float | None = None,
    quit_at_end: bool = False,
) -> Run:
    """Controls at fixed clock times, ticks in between at the jittery steps given."""
    plan = build_plan(routine, "left")
    clock = FakeClock(T0)
    session = Session(plan, clock, suspend_gap=suspend_gap)
    events: list[Event] = []
    emitted_at: list[float] = []
    actives: list[float] = []

    def listen(event: Event) -> None:
        events.append(event)
        emitted_at.append(clock.now)

    session.subscribe(listen)
    session.start()
    steps = itertools.cycle(jitter)

    def tick_until(until: float) -> None:
        while clock.now < until:
            clock.advance(min(next(steps), until - clock.now))
            session.tick()
            actives.append(session.active_at(clock.now))

    at = T0
    for delay, action in schedule:
        at += delay
        tick_until(at)
        apply(session, clock, action, at)
        at = clock.now
        actives.append(session.active_at(clock.now))
    if quit_at_end:
        session.quit()
    guard = 0
    while session.state in (State.RUNNING, State.PAUSED):
        guard += 1
        assert guard < 100_000
        if session.state is State.PAUSED:
            session.resume()
        elif session.current is not None and not session.current.timed:
            clock.advance(1.0)
            session.skip()
        else:
            due = session.next_due()
            assert due is not None
            if due <= clock.now:
                session.tick()
            else:
                tick_until(due)
    return Run(plan, events, emitted_at, actives)


jitters = st.lists(st.floats(0.05, 1.5), min_size=1, max_size=8)
MAX_EXAMPLES = 60
SETTINGS = settings(
    max_examples=MAX_EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


@SETTINGS
@given(routines(), controls, jitters, st.booleans())
def test_the_engine_keeps_its_promises(
    routine: Routine, schedule: list[tuple[float, str]], jitter: list[float], quit_at_end: bool
) -> None:
    result = run(routine, schedule, jitter, suspend_gap=3.0, quit_at_end=quit_at_end)
    events = result.events

    # one start first, one end last
    assert isinstance(events[0], SessionStarted)
    assert isinstance(events[-1], SessionFinished | SessionAbandoned)
    assert sum(isinstance(e, SessionFinished | SessionAbandoned) for e in events) == 1

    # time never runs backwards, never goes negative, and nothing fires early
    for previous, event in itertools.pairwise(events):
        assert event.due >= previous.due - 1e-6
    for event, when in zip(events, result.emitted_at, strict=True):
        assert T0 - 1e-6 <= event.due <= when + 1e-6
    assert all(a >= 0 for a in result.actives)
    assert all(b >= a - 1e-6 for a, b in itertools.pairwise(result.actives))

    # intervals start and end in alternation, each start has exactly one end, and they
    # tile active time without gaps or overlaps
    open_index: int | None = None
    position = 0.0
    for event in events:
        if isinstance(event, IntervalStarted) and not event.restarted:
            assert open_index is None
            open_index = event.interval.index
            assert abs(event.offset - position) < 1e-6
        elif isinstance(event, IntervalStarted):
            assert open_index == event.interval.index
        elif isinstance(event, IntervalEnded):
            assert open_index == event.interval.index
            open_index = None
            assert abs(event.started_at - position) < 1e-6
            assert event.actual >= 0
            position = event.started_at + event.actual
        elif isinstance(event, Countdown | Halfway | RepTick):
            assert open_index == event.interval.index
    assert open_index is None

    # paused time is never counted; the actual seconds add up to the session time ...
    end = events[-1]
    assert isinstance(end, SessionFinished | SessionAbandoned)
    paused = 0.0
    paused_since: float | None = None
    for event in events:
        if isinstance(event, Paused):
            assert paused_since is None
            paused_since = event.due
        elif isinstance(event, Resumed):
            assert paused_since is not None
            paused += event.due - paused_since
            paused_since = None
    if paused_since is not None:
        paused += end.due - paused_since
    # ... and time spent waiting on a question is not active time
    ended = [e for e in events if isinstance(e, IntervalEnded)]
    waited = sum(e.actual for e in ended if e.interval.kind is IntervalKind.CHECK)
    assert abs(end.active + waited - (end.due - T0 - paused)) < 1e-6
    assert abs(sum(e.actual for e in ended) - waited - end.active) < 1e-6
    assert abs(end.active + waited - position) < 1e-6

    # cues: once per run of an interval, all of them when it ran its course untouched
    run_events: list[Event] = []
    for event in events:
        if isinstance(event, IntervalStarted) and not event.restarted:
            run_events = []
        elif isinstance(event, IntervalEnded):
            restarted = any(isinstance(e, IntervalStarted) for e in run_events)
            counts = [e.remaining for e in run_events if isinstance(e, Countdown)]
            ticks = [e.rep for e in run_events if isinstance(e, RepTick)]
            halves = [e for e in run_events if isinstance(e, Halfway)]
            interval = event.interval
            if not restarted and not event.extended:
                assert len(counts) == len(set(counts)) and counts == sorted(counts, reverse=True)
                assert ticks == sorted(set(ticks))
                assert len(halves) <= 1
            if not restarted and not event.extended and not event.skipped and interval.timed:
                if interval.tempo and interval.reps:
                    assert ticks == list(range(1, interval.reps + 1))
                else:
                    duration = interval.duration or 0
                    assert counts == [n for n in (3, 2, 1) if duration > n]
        else:
            run_events.append(event)


@SETTINGS
@given(routines(), controls, jitters, jitters)
def test_the_event_stream_does_not_depend_on_when_the_ticks_come(
    routine: Routine, schedule: list[tuple[float, str]], one: list[float], other: list[float]
) -> None:
    def stream(result: Run) -> list[tuple[str, float, int | None]]:
        return [
            (
                type(e).__name__,
                round(e.due, 6),
                getattr(getattr(e, "interval", None), "index", None),
            )
            for e in result.events
        ]

    assert stream(run(routine, schedule, one)) == stream(run(routine, schedule, other))


@SETTINGS
@given(routines(), jitters)
def test_untouched_sessions_finish_at_exactly_the_planned_total(
    routine: Routine, jitter: list[float]
) -> None:
    result = run(routine, [], jitter, suspend_gap=3.0)
    end = result.events[-1]
    assert isinstance(end, SessionFinished)
    timed_total = sum(
        e.actual for e in result.events if isinstance(e, IntervalEnded) and e.interval.timed
    )
    assert abs(timed_total - result.plan.total_seconds) < 1e-6
    assert not [e for e in result.events if isinstance(e, Paused)]
