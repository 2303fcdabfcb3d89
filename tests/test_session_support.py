"""Support for the engine tests (no tests here): a fake clock and small routines built in code."""

from __future__ import annotations

from psoas_tui.plan import Plan, build_plan
from psoas_tui.routine.model import Routine, Side, StartSide, Step, StepKind
from psoas_tui.session import Event, Session


class FakeClock:
    """A clock the test moves by hand; it never runs backwards."""

    def __init__(self, start: float = 1000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        assert seconds >= 0
        self.now += seconds


def routine(*steps: Step, name: str = "Test routine") -> Routine:
    return Routine(name=name, slug="test-routine", steps=steps)


def plan_of(*steps: Step, first: Side = "left") -> Plan:
    return build_plan(routine(*steps), first)


def timed(name: str = "Hold", duration: int = 40, **kw: object) -> Step:
    kw.setdefault("get_ready", 0)
    return Step(name=name, kind=StepKind.TIMED, duration=duration, **kw)  # type: ignore[arg-type]


def reps(name: str = "Lunge", count: int = 4, tempo: float | None = 2.0, **kw: object) -> Step:
    kw.setdefault("get_ready", 0)
    return Step(name=name, kind=StepKind.REPS, reps=count, tempo=tempo, **kw)  # type: ignore[arg-type]


def check(name: str = "How was it?", answers: tuple[str, ...] = ("fine", "tight")) -> Step:
    return Step(
        name=name,
        kind=StepKind.CHECK,
        question="How did the hip feel?",
        answers=answers,
        get_ready=0,
    )


def rest(duration: int = 15) -> Step:
    return Step(name="Rest", kind=StepKind.REST, duration=duration)


def block(*steps: Step, rounds: int = 2, rest_between: int = 10) -> Step:
    return Step(name="Circuit", kind=StepKind.BLOCK, steps=steps, rounds=rounds, rest=rest_between)


def side_step(duration: int = 20, start: StartSide = StartSide.LEFT, **kw: object) -> Step:
    kw.setdefault("switch", 5)
    return timed("Stretch", duration, per_side=True, start_side=start, **kw)


class Recorder:
    """Subscribes to a session and keeps every event, with the active time it was due at."""

    def __init__(self, session: Session) -> None:
        self.events: list[Event] = []
        session.subscribe(self.events.append)

    def of(self, kind: type) -> list:  # type: ignore[type-arg]
        return [e for e in self.events if isinstance(e, kind)]

    def names(self) -> list[str]:
        return [type(e).__name__ for e in self.events]


def run_until(session: Session, clock: FakeClock, until: float, step: float = 0.1) -> None:
    """Tick every ``step`` seconds up to clock time ``until``."""
    while clock.now + step <= until + 1e-9:
        clock.advance(step)
        session.tick()
    if clock.now < until:
        clock.advance(until - clock.now)
        session.tick()
