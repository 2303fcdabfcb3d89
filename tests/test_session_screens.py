"""What the app shows of a session: the progress line after restart, the summary's sides."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_session_support import plan_of, side_step
from test_tui_app import build, start_session
from tui_fakes import FakeClock, pilot_test

from psoas_tui.plan import Plan, build_plan
from psoas_tui.routine.catalog import bundled_entries
from psoas_tui.session import Session, State
from psoas_tui.tally import Tally
from psoas_tui.text.events import facts
from psoas_tui.tui.widgets.progress import ProgressLine


@pilot_test
async def test_after_restart_the_progress_line_adds_up_to_the_plan(isolated_home: Path) -> None:
    app, clock, _player = build(isolated_home)  # the test routine, the real log
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await start_session(app, pilot)
        assert screen.session is not None
        total = screen.plan.total_seconds  # 90 s: get ready 5, 30 + 5 + 30, rest 20
        assert total == 90
        clock.advance(10)  # 5 s into the first side's stretch
        screen.tick()
        progress = screen.query_one("#session-progress", ProgressLine)
        status = screen.session.status()
        assert (status.done, status.planned_remaining) == (10, 80)
        assert progress.fraction == pytest.approx(10 / 90)
        # Not in the time: the knee drive's set and the test on each side wait for you.
        assert progress.label == "about 1 min left + 3 untimed"
        await pilot.press("r")
        await pilot.pause()
        clock.advance(2)
        screen.tick()
        # The restarted side's 5 s count again: 5 s get ready and 2 s of it done, 83 s left.
        status = screen.session.status()
        assert (status.done, status.planned_remaining) == (7, 83)
        assert progress.fraction == pytest.approx(7 / 90)
        assert progress.label == "about 1 min left + 3 untimed"


def thomas_plan() -> Plan:
    entry = next(e for e in bundled_entries() if e.slug == "thomas-test")
    assert entry.result.routine is not None
    return build_plan(entry.result.routine)


def tallied(plan: Plan, answers: list[int | None]) -> Tally:
    clock = FakeClock()
    session = Session(plan, clock)
    tally = Tally()
    session.subscribe(tally)
    session.start()
    for choice in answers:
        while session.current is not None and session.current.timed:
            clock.advance(1)
            session.tick()
        clock.advance(20)  # answering takes a while: none of it is active time
        session.answer(choice)
    assert tally.finished
    return tally


def test_the_summary_of_a_test_on_both_sides_says_what_was_answered_per_side() -> None:
    plan = thomas_plan()
    rows = dict(facts(plan, tallied(plan, [0, 1, None])))
    assert rows["Left side"] == "No, it stayed flat"
    assert rows["Right side"] == "A little"
    assert rows["Active time"] == "15 s of 15 s planned"
    assert not [label for label in rows if "(left)" in label or "(right)" in label]
    assert rows["Did you feel pain in your hip, groin or lower back during the test?"] == (
        "not answered"
    )


def test_the_summary_of_exercise_per_side_still_gives_its_time() -> None:
    plan = plan_of(side_step(duration=20))
    clock = FakeClock()
    session = Session(plan, clock)
    tally = Tally()
    session.subscribe(tally)
    session.start()
    clock.advance(45)
    session.tick()
    rows = dict(facts(plan, tally))
    assert (rows["Left side"], rows["Right side"]) == ("20 s", "20 s")


@pilot_test
async def test_the_progress_line_counts_the_untimed_intervals_still_to_come(
    isolated_home: Path,
) -> None:
    app, _clock, _player = build(isolated_home)  # the test routine, the real log
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await start_session(app, pilot)
        assert screen.session is not None
        progress = screen.query_one("#session-progress", ProgressLine)
        labels = [progress.label]
        for _ in range(30):  # skip on, through the set, and answer both tests
            if screen.session.state is not State.RUNNING:
                break
            await pilot.press("right" if app.screen is screen else "1")
            await pilot.pause()
            if progress.label != labels[-1]:
                labels.append(progress.label)
        untimed = [label.partition(" + ")[2] for label in labels]
        # The set and the two tests: one fewer each time one of them is passed.
        assert [u for i, u in enumerate(untimed) if i == 0 or u != untimed[i - 1]] == [
            "3 untimed",
            "2 untimed",
            "1 untimed",
            "",
        ]
