"""The session runner both front ends use: resolve, prepare, attach, and the failure policy."""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from psoas_tui.errors import UserError
from psoas_tui.history import LogDamaged, open_log
from psoas_tui.locations import Locations
from psoas_tui.plan import Plan
from psoas_tui.routine.catalog import all_entries
from psoas_tui.routine.model import StartSide
from psoas_tui.runner import (
    Failures,
    PlanOptions,
    attach,
    prepare_plan,
    resolve_routine,
)
from psoas_tui.session import Event, Session, SessionFinished, SessionStarted, State
from psoas_tui.settings import Settings
from tests.test_session_support import FakeClock, plan_of, routine, side_step, timed
from tests.tui_fakes import RecordingPlayer, pilot_test

# -- resolve -------------------------------------------------------------------------------

BAD = 'name = "Bad"\n[[steps]]\nname = "A"\nduration = -1\n'


def where(home: Path) -> Locations:
    return Locations(config=home, data=home)


def cli_error(env: dict[str, str], *command: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "psoas_tui", *command],
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1, done
    assert done.stderr.startswith("psoas: ") and "Traceback" not in done.stderr
    return done.stderr.removeprefix("psoas: ").rstrip("\n")


def launch_error(name: str) -> str:
    from psoas_tui.tui.launch import run_routine

    with pytest.raises(UserError) as raised:
        run_routine(argparse.Namespace(routine=name))
    return str(raised.value)


async def app_error(home: Path, name: str) -> str:
    from psoas_tui.tui.app import make_app
    from tests.tui_fakes import FakeClock as AppClock
    from tests.tui_fakes import FixedLog

    app = make_app(
        settings=Settings(),
        locations=where(home),
        clock=AppClock(),
        player=RecordingPlayer(),
        log=FixedLog(),
    )
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.start_routine(name)
        await pilot.pause()
        [said] = [note.message for note in app._notifications if note.severity == "error"]
        assert app.screen.id == "home"  # no session started
    return said


@pytest.mark.parametrize("name", ["desk-brake", "bad"])
@pilot_test
async def test_every_front_end_says_the_same_about_a_missing_or_broken_routine(
    name: str, psoas_env: dict[str, str], isolated_home: Path
) -> None:
    (isolated_home / "routines").mkdir()
    (isolated_home / "routines" / "bad.toml").write_text(BAD, encoding="utf-8")
    said = {
        "show": cli_error(psoas_env, "show", name),
        "run --plain": cli_error(psoas_env, "run", name, "--plain"),
        "run (the app)": launch_error(name),
        "the app's start": await app_error(isolated_home, name),
    }
    assert len(set(said.values())) == 1, said
    if name == "bad":
        assert f"{isolated_home / 'routines' / 'bad.toml'}:4:" in said["show"]
    else:
        assert 'did you mean "desk-break"?' in said["show"]


def test_resolve_finds_slugs_in_the_catalog_given_and_paths_anywhere(isolated_home: Path) -> None:
    bad = isolated_home / "bad.toml"
    bad.write_text(BAD, encoding="utf-8")
    with pytest.raises(UserError, match=r"the routine has problems.*\n.*bad\.toml:4:"):
        resolve_routine(str(bad), where(isolated_home))
    found = resolve_routine("desk-break", where(isolated_home))
    assert found.entry.slug == "desk-break" and found.routine.name
    only = [e for e in all_entries(where(isolated_home)) if e.slug == "thomas-test"]
    with pytest.raises(UserError, match="no routine named 'desk-break'"):
        resolve_routine("desk-break", where(isolated_home), catalog=lambda _: only)
    with pytest.raises(UserError, match='did you mean "thomas-test"'):
        resolve_routine("thomas-tst", where(isolated_home), catalog=lambda _: only)
    assert resolve_routine("thomas-test", where(isolated_home), catalog=lambda _: only).routine


# -- prepare -------------------------------------------------------------------------------


class Past:
    def __init__(self, side: Any = "right", error: Exception | None = None) -> None:
        self.side, self.error, self.asked = side, error, 0

    def alternate_first_side(self, slug: str) -> Any:
        self.asked += 1
        if self.error is not None:
            raise self.error
        return self.side


ALTERNATING = routine(side_step(start=StartSide.ALTERNATE))


def first_side(plan: Plan) -> str | None:
    return next(i.side for i in plan.intervals if i.side is not None)


def test_prepare_starts_alternating_steps_on_the_other_side_from_the_log() -> None:
    said: list[str] = []
    plan = prepare_plan(ALTERNATING, PlanOptions(past=Past("right")), warn=said.append)
    assert first_side(plan) == "right" and plan.first_side == "right" and said == []
    assert first_side(prepare_plan(ALTERNATING, PlanOptions(), warn=pytest.fail)) == "left"


def test_prepare_asks_the_log_only_for_routines_with_alternating_sides() -> None:
    past = Past("right")
    plan = prepare_plan(routine(side_step()), PlanOptions(past=past), warn=pytest.fail)
    assert past.asked == 0 and plan.first_side == "left"


def test_a_damaged_log_starts_left_quietly_and_an_unreadable_one_says_so() -> None:
    damaged = Past(error=LogDamaged(Path("history.sqlite3"), "not a database"))
    plan = prepare_plan(ALTERNATING, PlanOptions(past=damaged), warn=pytest.fail)
    assert plan.first_side == "left"  # the session moves the log aside and says so then
    said: list[str] = []
    plan = prepare_plan(
        ALTERNATING, PlanOptions(past=Past(error=OSError("gone"))), warn=said.append
    )
    assert plan.first_side == "left"
    assert said == ["Could not read the log (gone); sides start on the left."]


# -- attach and the failure policy ---------------------------------------------------------


class Told:
    """A front end's ``Failures``: what was said and what was kept."""

    def __init__(self) -> None:
        self.said: list[str] = []
        self.kept: list[BaseException] = []
        self.failures = Failures(say=self.said.append, keep=self.kept.append)


class BrokenPlayer(RecordingPlayer):
    def __init__(self, fail_on: int = 2, fail_prepare: bool = False) -> None:
        super().__init__()
        self.fail_on, self.fail_prepare = fail_on, fail_prepare

    def prepare(self, plan: Plan, clock: Any) -> None:
        if self.fail_prepare:
            raise OSError("no device")
        super().prepare(plan, clock)

    def __call__(self, event: Event) -> None:
        super().__call__(event)
        if len(self.events) >= self.fail_on:
            raise RuntimeError("device gone")


def run_through(session: Session, clock: FakeClock) -> list[Event]:
    heard: list[Event] = []
    session.subscribe(heard.append)
    session.start()
    while session.state is State.RUNNING:
        clock.advance(1)
        session.tick()
    return heard


def test_attach_prepares_the_player_and_records_the_session(isolated_home: Path) -> None:
    clock = FakeClock()
    session = Session(plan_of(timed(duration=3)), clock)
    player, told = RecordingPlayer(), Told()
    with open_log(where(isolated_home), warn=pytest.fail) as log:
        attached = attach(session, sound=player, log=log, time_scale=1.0, failures=told.failures)
        heard = run_through(session, clock)
        attached.close()
        [row] = log.sessions()
    assert player.prepared == [session.plan] and player.events == heard
    assert row.id == attached.recorder.session_id and row.status == "completed"  # type: ignore[union-attr]
    assert told.said == [] and told.kept == []


def test_a_listener_that_raises_is_off_the_session_runs_on_said_once() -> None:
    clock = FakeClock()
    session = Session(plan_of(timed(duration=5), timed(duration=5)), clock)
    player, told = BrokenPlayer(fail_on=2), Told()
    from tests.tui_fakes import FixedLog

    attach(session, sound=player, log=FixedLog(), time_scale=1.0, failures=told.failures)
    heard = run_through(session, clock)
    assert isinstance(heard[0], SessionStarted) and isinstance(heard[-1], SessionFinished)
    assert len(player.events) == 2  # switched off after its first failure
    assert told.said == [
        "Sound stopped working (RuntimeError: device gone); the session goes on without it."
    ]
    assert [str(error) for error in told.kept] == ["device gone"]


def test_a_part_that_fails_to_set_up_is_off_and_said_once(isolated_home: Path) -> None:
    clock = FakeClock()
    session = Session(plan_of(timed(duration=3)), clock)
    player, told = BrokenPlayer(fail_prepare=True), Told()

    class BrokenLog:
        available = True

        def recorder(self, plan: Plan, *, time_scale: float = 1.0) -> Any:
            raise OSError("disk full")

    attached = attach(
        session, sound=player, log=BrokenLog(), time_scale=1.0, failures=told.failures
    )
    run_through(session, clock)
    attached.close()
    assert player.events == [] and attached.recorder is None
    assert told.said == [
        "Sound stopped working (OSError: no device); the session goes on without it.",
        "The session log stopped working (OSError: disk full); the session goes on without it.",
    ]


def test_a_log_that_is_not_available_records_nothing_and_says_nothing() -> None:
    clock = FakeClock()
    session = Session(plan_of(timed(duration=3)), clock)

    class Off:
        available = False

        def recorder(self, plan: Plan, *, time_scale: float = 1.0) -> Any:
            raise AssertionError("asked for a recorder")

    told = Told()
    attached = attach(
        session, sound=RecordingPlayer(), log=Off(), time_scale=1.0, failures=told.failures
    )
    run_through(session, clock)
    assert attached.recorder is None and told.said == []


def test_a_close_that_fails_after_the_recorder_failed_is_kept_not_said_again() -> None:
    clock = FakeClock()
    session = Session(plan_of(timed(duration=3)), clock)

    class Recorder:
        def __call__(self, event: Event) -> None:
            raise RuntimeError("write failed")

        def close(self) -> None:
            raise RuntimeError("close failed")

    class Log:
        available = True

        def recorder(self, plan: Plan, *, time_scale: float = 1.0) -> Any:
            return Recorder()

    told = Told()
    attached = attach(
        session, sound=RecordingPlayer(), log=Log(), time_scale=1.0, failures=told.failures
    )
    run_through(session, clock)
    attached.close()
    attached.close()  # closing twice closes once
    assert len(told.said) == 1 and "write failed" in told.said[0]
    assert [str(error) for error in told.kept] == ["write failed", "close failed"]


# -- the same policy in both front ends ------------------------------------------------------

ONE_STEP = 'name = "Short"\n[[steps]]\nname = "Hold"\nduration = 4\nget_ready = 0\n'
BROKEN = {
    "sound": "psoas_tui.cues.player.Player",
    "log": "psoas_tui.history.recorder.Recorder",
}
SAID = {
    "sound": "Sound stopped working (RuntimeError: device gone); the session goes on without it.",
    "log": "The session log stopped working (RuntimeError: device gone); the session goes on "
    "without it.",
}
# The real command, with the listener's class broken before it starts.
WITH_A_BROKEN_LISTENER = """
import importlib, sys
module, _, name = sys.argv.pop(1).rpartition(".")
def broken(self, event):
    raise RuntimeError("device gone")
setattr(getattr(importlib.import_module(module), name), "__call__", broken)
from psoas_tui.cli import main
sys.exit(main(sys.argv[1:]))
"""


def write_short(home: Path) -> None:
    (home / "routines").mkdir(exist_ok=True)
    (home / "routines" / "short.toml").write_text(ONE_STEP, encoding="utf-8")


@pytest.mark.parametrize("part", ["sound", "log"])
def test_the_plain_runner_runs_on_past_a_failing_listener_and_says_so_once(
    part: str, psoas_env: dict[str, str], isolated_home: Path
) -> None:
    write_short(isolated_home)
    done = subprocess.run(
        [sys.executable, "-c", WITH_A_BROKEN_LISTENER, BROKEN[part], "run", "short", "--plain"],
        env={**psoas_env, "PSOAS_TIME_SCALE": "20"},
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert "Done." in done.stdout and "internal error" not in done.stderr
    assert done.stderr.count("stopped working") == 1
    assert f"psoas: {SAID[part]}" in done.stderr.splitlines()
    assert "device gone" in (isolated_home / "crash.log").read_text(encoding="utf-8")


@pytest.mark.parametrize("part", ["sound", "log"])
@pilot_test
async def test_the_app_runs_on_past_a_failing_listener_and_says_so_once(
    part: str, isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from psoas_tui.history.recorder import Recorder
    from psoas_tui.tui.app import make_app
    from psoas_tui.tui.screens.summary import SummaryScreen
    from tests.tui_fakes import FakeClock as AppClock

    def broken(self: object, event: Event) -> None:
        raise RuntimeError("device gone")

    write_short(isolated_home)
    player = RecordingPlayer()
    if part == "sound":
        monkeypatch.setattr(RecordingPlayer, "__call__", broken)
    else:
        monkeypatch.setattr(Recorder, "__call__", broken)
    clock = AppClock()
    log = open_log(where(isolated_home), warn=pytest.fail)
    app = make_app(
        settings=Settings(),
        locations=where(isolated_home),
        clock=clock,
        player=player,
        log=log,
        start_slug="short",
    )
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        for _ in range(8):
            clock.advance(1)
            screen = app.screen
            if isinstance(screen, SummaryScreen):
                break
            screen.tick()  # type: ignore[attr-defined]
            await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)  # the session ran to its end
        said = [note.message for note in app._notifications if "stopped working" in note.message]
        assert said == [SAID[part]]
    log.close()
    assert "device gone" in (isolated_home / "crash.log").read_text(encoding="utf-8")
