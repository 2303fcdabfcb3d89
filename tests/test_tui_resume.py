"""Resuming a cut-off session in the app: a real ``psoas run --plain`` killed with SIGKILL
leaves an interrupted session in a real log; home offers it (a line and the key u) and the
session screen goes on with the same session, from the interval that did not end."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Static
from tui_fakes import FakeClock, RecordingPlayer, locations_at, pilot_test

from psoas_tui.history import open_log
from psoas_tui.routine.catalog import user_entries
from psoas_tui.settings import Settings
from psoas_tui.tui.app import PsoasApp, make_app
from psoas_tui.tui.screens.dialogs import ConfirmScreen
from psoas_tui.tui.screens.session import SessionScreen
from tests.test_resume import ROUTINE, kill_during, log_rows, routine_file


def build(home: Path, **kwargs: Any) -> tuple[PsoasApp, FakeClock]:
    clock = FakeClock()
    locations = locations_at(home)
    app = make_app(
        settings=Settings(),
        locations=locations,
        clock=clock,
        player=RecordingPlayer(),
        log=open_log(locations),
        load_entries=user_entries,
        suspend_gap=None,
        **kwargs,
    )
    return app, clock


def offer(app: PsoasApp) -> Static:
    return app.screen.query_one("#resume-offer", Static)


@pytest.mark.slow
@pilot_test
async def test_home_offers_the_cut_off_session_and_u_goes_on_with_it(
    isolated_home: Path, psoas_env: dict[str, str]
) -> None:
    routine_file(isolated_home)
    kill_during(psoas_env, "Third hold")  # First and Second hold are logged
    app, clock = build(isolated_home)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        line = offer(app)
        assert line.display
        text = str(line.render())
        assert text.startswith("A session of Resume test was cut off at ")
        assert text.endswith(" · press u to go on with it")
        await pilot.press("u")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SessionScreen)
        assert screen.resuming is not None
        assert (
            screen.session is not None
            and screen.session.current is not None
            and screen.session.current.index == 2
        )  # the Third hold
        sessions, _ = log_rows(isolated_home)
        assert [status for _, status, _ in sessions] == ["running"]  # the same row goes on
        for _ in range(4):  # the four holds left, 10 s each
            clock.advance(10.5)
            screen.tick()
            await pilot.pause()
        await pilot.pause()
    sessions, intervals = log_rows(isolated_home)
    assert len(sessions) == 1 and sessions[0][1] == "completed"
    assert [seq for _, seq, _, _ in intervals] == [1, 2, 3, 4, 5, 6]
    assert [position for _, _, position, _ in intervals] == [0, 1, 2, 3, 4, 5]


@pilot_test
async def test_home_offers_nothing_without_a_cut_off_session(isolated_home: Path) -> None:
    routine_file(isolated_home)
    app, _clock = build(isolated_home)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert not offer(app).display
        await pilot.press("u")
        await pilot.pause()
        assert not isinstance(app.screen, SessionScreen)


@pilot_test
async def test_a_changed_routine_says_so_and_offers_a_fresh_start(
    isolated_home: Path, psoas_env: dict[str, str]
) -> None:
    path = routine_file(isolated_home)
    kill_during(psoas_env, "Second hold")
    path.write_text(ROUTINE.replace("duration = 10", "duration = 12", 1), encoding="utf-8")
    app, _clock = build(isolated_home)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("u")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ConfirmScreen)
        assert "Resume test changed since its session was cut off at" in dialog.question
        assert "Start it fresh?" in dialog.question
        await pilot.press("y")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SessionScreen)
        assert screen.resuming is None and screen.session is not None
        assert screen.session.current is not None and screen.session.current.index == 0
    with sqlite3.connect(isolated_home / "history.sqlite3") as conn:
        statuses = [
            row[0] for row in conn.execute("SELECT status FROM sessions ORDER BY started_utc")
        ]
    assert statuses[0] == "interrupted"  # the cut-off one is left as it was
    assert len(statuses) == 2


@pytest.mark.slow
@pilot_test
async def test_psoas_run_resume_goes_on_in_the_app(
    isolated_home: Path, psoas_env: dict[str, str]
) -> None:
    from psoas_tui.resume import prepare_resume
    from psoas_tui.runner import resolve_routine

    routine_file(isolated_home)
    kill_during(psoas_env, "Fourth hold")
    locations = locations_at(isolated_home)
    log = open_log(locations)
    routine = resolve_routine("resume-test", locations).routine
    resuming = prepare_resume(log, routine, warn=lambda _m: None)
    app = make_app(
        settings=Settings(),
        locations=locations,
        clock=FakeClock(),
        player=RecordingPlayer(),
        log=log,
        load_entries=user_entries,
        suspend_gap=None,
        start_slug="resume-test",
        exit_after_session=True,
        resuming=resuming,
    )
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SessionScreen)
        assert (
            screen.session is not None
            and screen.session.current is not None
            and screen.session.current.index == 3
        )
        assert getattr(screen.recorder, "session_id", None) == resuming.point.session.id
