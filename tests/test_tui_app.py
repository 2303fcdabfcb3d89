"""Pilot tests: what a person does in the app, every key, with a clock moved by hand."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.widgets import DataTable, Input, Label, Static
from tui_fakes import (
    FIXED_NOW,
    ROUTINE,
    FakeClock,
    FixedLog,
    RecordingPlayer,
    flash_over,
    locations_at,
    pilot_test,
)

from psoas_tui.history import open_log
from psoas_tui.routine.catalog import Entry, user_entries
from psoas_tui.session import (
    CheckNeeded,
    Countdown,
    IntervalStarted,
    Paused,
    SessionAbandoned,
    SessionFinished,
    State,
)
from psoas_tui.settings import Settings, load_settings, save_settings
from psoas_tui.text.durations import ago
from psoas_tui.text.intervals import outline
from psoas_tui.tui.app import PsoasApp, make_app
from psoas_tui.tui.screens.dialogs import CheckInScreen, ConfirmScreen
from psoas_tui.tui.screens.home import HomeScreen
from psoas_tui.tui.screens.session import SessionScreen
from psoas_tui.tui.screens.summary import SummaryScreen
from psoas_tui.tui.widgets.band import PhaseBand
from psoas_tui.tui.widgets.clockdigits import ClockDigits
from psoas_tui.tui.widgets.keybar import KeyBar
from psoas_tui.tui.widgets.routinelist import RoutineList


def write_routines(home: Path) -> None:
    folder = home / "routines"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "test-routine.toml").write_text(ROUTINE, encoding="utf-8")
    (folder / "broken.toml").write_text('name = "Broken"\nsteps = 3\n', encoding="utf-8")


def user_only(locations: Any) -> list[Entry]:
    return user_entries(locations)


def build(home: Path, *, log: Any = None, **kwargs: Any) -> tuple[PsoasApp, FakeClock, Any]:
    write_routines(home)
    clock = FakeClock()
    player = RecordingPlayer()
    locations = locations_at(home)
    app = make_app(
        settings=kwargs.pop("settings", Settings()),
        locations=locations,
        clock=clock,
        player=player,
        log=log if log is not None else open_log(locations),
        now=lambda: FIXED_NOW,
        load_entries=user_only,
        suspend_gap=kwargs.pop("suspend_gap", None),
        **kwargs,
    )
    return app, clock, player


async def home_on(app: PsoasApp, pilot: Any, slug: str) -> RoutineList:
    """Home with the cursor on the routine ``slug``: the routine list."""
    await pilot.pause()
    table = app.screen.query_one("#routines", RoutineList)
    assert table.select(slug)
    await pilot.pause()
    return table


async def start_session(app: PsoasApp, pilot: Any) -> SessionScreen:
    await home_on(app, pilot, "test-routine")
    await pilot.press("enter")
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, SessionScreen)
    return screen


async def stopped_summary(app: PsoasApp, clock: FakeClock, pilot: Any) -> SummaryScreen:
    """Start the test routine, stop it after 3 s (q, y): its summary."""
    screen = await start_session(app, pilot)
    advance(clock, screen, 3)
    screen.action_quit_session()
    await pilot.pause()
    await pilot.press("y")
    await pilot.pause()
    await pilot.pause()
    summary = app.screen
    assert isinstance(summary, SummaryScreen)
    return summary


def advance(clock: FakeClock, screen: SessionScreen, seconds: float) -> None:
    clock.advance(seconds)
    screen.tick()


def shown(screen: Any, selector: str) -> str:
    widget = screen.query_one(selector)
    if isinstance(widget, ClockDigits):
        return widget.value
    assert isinstance(widget, Label)
    return str(widget.content)


@pilot_test
async def test_home_lists_routines_with_time_and_problems(isolated_home: Path) -> None:
    app, _, _ = build(isolated_home)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        table = app.screen.query_one("#routines", RoutineList)
        assert table.row_count == 2
        assert table.get_row("broken").time == "invalid"
        good = table.get_row("test-routine")
        line = table.render_line(1 + (table.index_of("test-routine") or 0)).text
        # Untrusted text stays plain text: the brackets are shown, not turned into markup;
        # a user's routine says it is theirs (a copy keeps the bundled name), and a name
        # too long for its column is cut with "…", the marker kept.
        assert good.name.startswith("Test [bold]rout") and good.mine
        assert " Test [bold]rout" in line and "… · yours " in line
        assert table.select("broken")
        await pilot.pause()
        detail = app.screen.query_one("#detail")
        assert "broken.toml" in str(detail.render())
        await pilot.press("enter")  # an invalid routine does not start
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


@pilot_test
async def test_a_new_interval_of_the_same_step_needs_no_layout(isolated_home: Path) -> None:
    # Once a second only the clock and the progress line change; a new interval changes
    # the one-line labels, which keep their size: no layout of the whole screen (each
    # costs several ms of a running session's CPU, benchmarks/tui.py).
    app, clock, _ = build(isolated_home)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start_session(app, pilot)
        await pilot.pause()
        layouts: list[object] = []
        real = screen._refresh_layout

        def counted(*args: Any, **kwargs: Any) -> None:
            layouts.append(args)
            real(*args, **kwargs)

        screen._refresh_layout = counted  # type: ignore[method-assign]
        advance(clock, screen, 1)
        await pilot.pause()
        assert layouts == []  # a second passes: the digits redraw, nothing is laid out
        advance(clock, screen, 4)  # get-ready ends: work on the same step and side
        await pilot.pause()
        assert screen.phase == "work" and shown(screen, "#phase") == "WORK"
        assert layouts == []
        # A new step with a new how-to text, which has no room at 80x24: the hidden text
        # changes without a layout of the screen (a layout is 8-9 ms of a session's CPU).
        how = screen.query_one("#how", Static)
        assert not how.display and "Kneel" in str(how.content)
        for _ in range(12):  # the right side, the rest, then the knee drives
            advance(clock, screen, 10)
            await pilot.pause()
            if "Knee drive" in shown(screen, "#step-title"):
                break
        assert "Knee drive" in shown(screen, "#step-title")
        assert "Kneel" not in str(how.content) and not how.display
        assert layouts == []


@pytest.mark.slow
@pilot_test
async def test_session_keys_drive_the_engine(isolated_home: Path) -> None:
    app, clock, player = build(isolated_home)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start_session(app, pilot)
        session = screen.session
        assert session is not None and session.state is State.RUNNING
        assert screen.phase == "get-ready"
        assert shown(screen, "#remaining") == "0:05"
        assert "start on the left side" in shown(screen, "#caption")
        advance(clock, screen, 2.5)
        assert shown(screen, "#remaining") == "0:03"
        advance(clock, screen, 2.5)  # get-ready is over: work on the left
        assert screen.phase == "work"
        assert screen.query_one("#phase").has_class("-work")
        assert screen.query_one("#remaining", ClockDigits).look == "work"
        assert shown(screen, "#remaining") == "0:30"
        assert "left side" in shown(screen, "#caption")
        assert "LEFT" not in shown(screen, "#caption")  # words and letters both shown
        assert "Next: Switch sides" in shown(screen, "#next")

        await pilot.press("space")
        assert session.state is State.PAUSED
        assert screen.query_one("#remaining", ClockDigits).look == "paused"
        assert "PAUSED" in shown(screen, "#paused-banner")
        advance(clock, screen, 100)  # paused time does not count
        assert shown(screen, "#remaining") == "0:30"
        await pilot.press("space")
        assert session.state is State.RUNNING

        advance(clock, screen, 10)
        await pilot.press("plus")
        assert shown(screen, "#remaining") == "0:30"  # 20 s left + 10 s
        await pilot.press("r")
        assert shown(screen, "#remaining") == "0:30"
        await pilot.press("right")
        assert screen.phase == "switch"
        assert "switch to the right side" in shown(screen, "#caption")
        await pilot.press("left")  # back to the left side
        assert screen.phase == "work"
        assert "left side" in shown(screen, "#caption")
        await pilot.press("n")
        await pilot.press("n")
        assert screen.phase == "work"
        assert shown(screen, "#caption").endswith(" · right side")
        await pilot.press("pageup")  # back (b pauses now, as a clicker's blank key)
        assert screen.phase == "switch"
        await pilot.press("n", "n")
        # Untimed reps: the digits count up and "d" ends the set.
        assert session.current is not None and session.current.step_name == "Knee drive"
        assert "press d" in shown(screen, "#caption")
        advance(clock, screen, 12)
        assert shown(screen, "#remaining") == "0:12"
        await pilot.press("d")
        await pilot.pause()
        # The check opens a dialog; the timer waits for the answer.
        assert isinstance(app.screen, CheckInScreen)
        assert any(isinstance(e, CheckNeeded) for e in player.events)
        # At 80x24 the answers show whole, above the key bar that names their keys.
        dialog = app.screen
        count = len(dialog.interval.answers)
        answers = dialog.query_one("#check-answers")
        assert answers.region.bottom <= dialog.size.height - 1
        assert answers.max_scroll_y == 0
        assert f" 1-{count} Answer " in str(dialog.query_one(KeyBar).render())
        await pilot.press("9")  # no such answer: nothing happens
        await pilot.pause()
        assert app.screen is dialog
        await pilot.press("2")
        await pilot.pause()
        assert isinstance(app.screen, CheckInScreen)  # the right side's check
        assert app.screen.interval.side == "right"
        await pilot.press("escape")  # unanswered
        await pilot.pause()
        assert app.screen is screen
        assert session.answers == {
            i.index: a
            for i, a in zip(
                [i for i in session.plan.intervals if i.kind == "check"],
                ["a little", None],
                strict=True,
            )
        }
        await pilot.press("m")
        assert player.muted
        assert "muted" in shown(screen, "#status")
        await pilot.pause()
        assert " m Unmute " in str(screen.query_one(KeyBar).render())
        await pilot.press("m")
        assert not player.muted
        await pilot.pause()
        assert " m Mute " in str(screen.query_one(KeyBar).render())
        advance(clock, screen, 25)  # the rest ends: the session is finished
        await pilot.pause()
        assert any(isinstance(e, SessionFinished) for e in player.events)
        summary = app.screen
        assert isinstance(summary, SummaryScreen)
        assert summary.tally.finished
        assert summary.tally.per_side["left"] > 0


@pilot_test
async def test_a_presenter_clickers_keys_skip_go_back_and_pause(isolated_home: Path) -> None:
    app, clock, _player = build(isolated_home)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start_session(app, pilot)
        session = screen.session
        assert session is not None and screen.phase == "get-ready"
        await pilot.press("pagedown")  # the clicker's next
        assert screen.phase == "work"
        await pilot.press("pagedown")
        assert screen.phase == "switch"
        await pilot.press("pageup")  # the clicker's previous
        assert screen.phase == "work"
        await pilot.press("b")  # the clicker's blank-the-screen key: pause
        assert session.state is State.PAUSED
        assert "PAUSED" in shown(screen, "#paused-banner")
        advance(clock, screen, 50)
        await pilot.press("full_stop")  # the other blank key: go on
        assert session.state is State.RUNNING
        assert shown(screen, "#remaining") == "0:30"  # the pause counted nothing
        # F1 lists them with the other keys of each action.
        from psoas_tui.tui.screens.keys import screen_keys

        listed = dict((does, keys) for keys, does in screen_keys(screen))
        assert "pgdn" in listed["Skip"].lower() and "pgup" in listed["Back"].lower()
        assert listed["Pause"].split()[1:3] == ["b", "."]


@pilot_test
async def test_countdown_cues_reach_the_player_in_order(isolated_home: Path) -> None:
    app, clock, player = build(isolated_home)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start_session(app, pilot)
        advance(clock, screen, 4.5)  # one late tick still delivers 3, 2, 1 in order
        counts = [e.remaining for e in player.events if isinstance(e, Countdown)]
        assert counts == [3, 2, 1]
        started = [e for e in player.events if isinstance(e, IntervalStarted)]
        assert len(started) == 1
        advance(clock, screen, 0.6)
        started = [e for e in player.events if isinstance(e, IntervalStarted)]
        assert started[-1].interval.step_name == "Lunge stretch"


@pilot_test
async def test_ctrl_q_during_a_session_asks_first_then_quits_and_logs(
    isolated_home: Path,
) -> None:
    locations = locations_at(isolated_home)
    log = open_log(locations)
    app, clock, _ = build(isolated_home, log=log)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start_session(app, pilot)
        advance(clock, screen, 12)
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen) and "Quit psoas?" in str(
            app.screen.query_one(".dialog-question", Label).content
        )
        await pilot.press("ctrl+q")  # asked again: the one question stays
        await pilot.pause()
        assert len(app.screen_stack) == 3  # home, session, the question
        await pilot.press("n")  # go on
        await pilot.pause()
        assert app.screen is screen and screen.session is not None
        assert screen.session.state is State.RUNNING
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
    assert app.return_code == 0  # the app ended
    rows = log.sessions(limit=5)
    assert [row.status for row in rows] == ["abandoned"]
    log.close()


@pilot_test
async def test_a_long_check_in_fits_80x24_with_its_answers_whole(isolated_home: Path) -> None:
    from textual.app import App

    from psoas_tui.plan import build_plan
    from psoas_tui.routine.catalog import bundled_entries

    thomas = next(e for e in bundled_entries() if e.slug == "thomas-test").result.routine
    assert thomas is not None
    check = next(i for i in build_plan(thomas).intervals if i.kind == "check")
    app: App[None] = App()
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = CheckInScreen(check)
        await app.push_screen(dialog)
        await pilot.pause()
        await pilot.pause()
        answers = dialog.query_one("#check-answers")
        box = dialog.query_one("#check-box")
        assert answers.region.bottom < box.region.bottom <= 23  # above the key bar
        assert answers.max_scroll_y == 0  # every answer in view
        how = dialog.query_one("#check-how")
        assert how.max_scroll_y > 0  # the long instructions scroll instead
        await pilot.click(KeyBar, offset=(2, 0))  # "1-3 Answer" is a hint, not answer 1
        await pilot.pause()
        assert app.screen is dialog
        await pilot.press("3")
        await pilot.pause()
        assert app.screen is not dialog


@pilot_test
async def test_quit_asks_first_and_logs_abandoned(isolated_home: Path) -> None:
    locations = locations_at(isolated_home)
    log = open_log(locations)
    app, clock, player = build(isolated_home, log=log)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start_session(app, pilot)
        advance(clock, screen, 12)
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        # Time stands still while the question is asked.
        assert screen.session is not None and screen.session.state is State.PAUSED
        clock.advance(30)
        assert 11.5 <= screen.session.status().active <= 12.5
        await pilot.press("n")  # go on
        await pilot.pause()
        assert app.screen is screen
        assert screen.session is not None and screen.session.state is State.RUNNING
        await pilot.press("q")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        await pilot.pause()
        assert any(isinstance(e, SessionAbandoned) for e in player.events)
        summary = app.screen
        assert isinstance(summary, SummaryScreen)
        assert not summary.tally.finished
        # A note and tightness per side, saved to the log.
        summary.query_one("#note", Input).value = "left hip tight"
        summary.query_one("#tight-left", Input).value = "7"
        summary.query_one("#tight-right", Input).value = "3"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    rows = log.sessions(limit=5)
    assert len(rows) == 1
    assert rows[0].status == "abandoned"
    assert rows[0].note == "left hip tight"
    assert rows[0].tightness == {"left": 7, "right": 3}
    assert 11.5 <= rows[0].active_seconds <= 12.5
    log.close()


@pilot_test
async def test_summary_rejects_tightness_out_of_range(isolated_home: Path) -> None:
    log = FixedLog()
    app, clock, _ = build(isolated_home, log=log)
    async with app.run_test(size=(80, 24)) as pilot:
        summary = await stopped_summary(app, clock, pilot)
        summary.query_one("#tight-left", Input).value = "11"
        summary.action_save()
        await pilot.pause()
        assert app.screen is summary
        assert log.saved == []
        summary.query_one("#tight-left", Input).value = "10"
        summary.action_save()
        await pilot.pause()
        assert log.saved == [("new-session", "", {"left": 10, "right": None})]


@pilot_test
async def test_closing_the_summary_asks_before_losing_a_typed_note(isolated_home: Path) -> None:
    log = FixedLog()
    app, clock, _ = build(isolated_home, log=log)
    async with app.run_test(size=(80, 24)) as pilot:
        summary = await stopped_summary(app, clock, pilot)
        summary.query_one("#note", Input).value = "important note"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")  # keep editing: nothing lost
        await pilot.pause()
        assert app.screen is summary
        assert summary.query_one("#note", Input).value == "important note"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert log.saved == [("new-session", "important note", {"left": None, "right": None})]


@pilot_test
async def test_an_empty_summary_closes_at_once(isolated_home: Path) -> None:
    log = FixedLog()
    app, clock, _ = build(isolated_home, log=log)
    async with app.run_test(size=(80, 24)) as pilot:
        await stopped_summary(app, clock, pilot)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert log.saved == []


@pilot_test
async def test_a_long_check_question_wraps_only_on_a_narrow_summary(isolated_home: Path) -> None:
    from psoas_tui.tally import CheckAnswer, Tally

    question = "While you held the knee to your chest, did your other leg lift off the floor?"
    tally = Tally(_answers={3: CheckAnswer(question, "left", "a little")})
    app, _, _ = build(isolated_home)
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.pause()
        entry = next(e for e in app.entries() if e.slug == "test-routine")
        plan = app.outline_plan(entry)
        assert plan is not None
        summary = SummaryScreen(plan, tally, None)
        await app.push_screen(summary)
        await pilot.pause()
        label = next(w for w in summary.query(".fact-label") if question in str(w.render()))
        assert label.size.height == 1  # one line on a wide screen
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert label.size.height > 1  # wrapped, the answer keeps its room
        value = summary.query(".fact-value").last()
        assert "a little" in str(value.render()) and value.size.width >= len("a little")


@pilot_test
async def test_ctrl_z_pauses_the_session(isolated_home: Path) -> None:
    app, clock, player = build(isolated_home)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start_session(app, pilot)
        advance(clock, screen, 1)
        # What Ctrl-Z does before the process stops (the pilot has no terminal to stop).
        app.app_suspend_signal.publish(app)
        await pilot.pause()
        assert screen.session is not None and screen.session.state is State.PAUSED
        paused = [e for e in player.events if isinstance(e, Paused)]
        assert paused and paused[-1].reason == "suspend"
        banner = shown(screen, "#paused-banner")
        assert "PAUSED (psoas was suspended)" in banner and "slept" not in banner
        binding = [b for b in app.BINDINGS if getattr(b, "key", "") == "ctrl+z"]
        assert binding and binding[0].action == "suspend_process"  # type: ignore[union-attr]


@pilot_test
async def test_a_sleeping_computer_pauses_with_its_own_words(isolated_home: Path) -> None:
    app, clock, _ = build(isolated_home, suspend_gap=5.0)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start_session(app, pilot)
        advance(clock, screen, 1)
        clock.advance(600)  # no wake-up for ten minutes: the computer slept
        screen.tick()
        await pilot.pause()
        assert screen.session is not None and screen.session.state is State.PAUSED
        assert "PAUSED (the computer slept)" in shown(screen, "#paused-banner")


@pilot_test
async def test_a_failing_player_does_not_stop_the_session(isolated_home: Path) -> None:
    app, clock, player = build(isolated_home)

    def broken(event: object) -> None:
        raise RuntimeError("device gone")

    player.__call__ = broken  # type: ignore[method-assign]

    class Broken(RecordingPlayer):
        def __call__(self, event: object) -> None:
            raise RuntimeError("device gone")

    app.player = Broken()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start_session(app, pilot)
        advance(clock, screen, 6)
        assert screen.session is not None and screen.session.state is State.RUNNING
        assert screen.phase == "work"
    assert "device gone" in (isolated_home / "crash.log").read_text()


@pytest.mark.slow
@pilot_test
async def test_a_long_session_detail_at_80x24_keeps_its_header_and_reaches_every_row(
    isolated_home: Path,
) -> None:
    log = FixedLog()
    first = log.detail.intervals[1]
    log.detail = log.detail._replace(
        intervals=tuple(
            first._replace(seq=n + 1, position=n, label=f"Interval {n + 1}") for n in range(20)
        )
    )
    app, _, _ = build(isolated_home, log=log)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("h")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
        detail = app.screen
        assert detail.id == "session-detail"
        title = detail.query_one(".stats-title")
        assert 0 <= title.region.y < 3  # the routine, date and status are on screen
        intervals = detail.query_one("#detail-intervals", DataTable)
        assert intervals.has_focus
        await pilot.press(*["down"] * 25)
        await pilot.pause()
        assert intervals.cursor_row == 19
        assert intervals.max_scroll_y > 0 and intervals.scroll_y == intervals.max_scroll_y
        assert intervals.region.bottom <= 23  # above the key bar
        assert 0 <= title.region.y < 3  # still there: the table scrolls, not the screen


@pilot_test
async def test_history_pages_and_detail(isolated_home: Path) -> None:
    log = FixedLog()
    app, _, _ = build(isolated_home, log=log)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("h")
        await pilot.pause()
        history = app.screen
        table = history.query_one("#history-sessions", DataTable)
        assert table.row_count == 40
        streak = str(history.query_one("#streak").render())
        assert "1 day" in streak
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
        detail = app.screen
        assert detail.id == "session-detail"
        intervals = detail.query_one("#detail-intervals", DataTable)
        assert intervals.row_count == 3
        assert str(intervals.get_row_at(1)[4]) == "0:55"
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is history
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


@pilot_test
async def test_history_loads_a_page_at_a_time(isolated_home: Path) -> None:
    log = FixedLog()
    log.rows = [row._replace(id=f"{row.id}-{n}") for n in range(3) for row in log.rows]
    calls: list[tuple[int, Any]] = []
    original = log.sessions

    def sessions(**kwargs: Any) -> list[Any]:
        calls.append((kwargs.get("offset", 0), kwargs.get("limit")))
        return original(**kwargs)

    log.sessions = sessions  # type: ignore[method-assign]
    app, _, _ = build(isolated_home, log=log)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.action_open_history()
        await pilot.pause()
        table = app.screen.query_one("#history-sessions", DataTable)
        assert table.row_count == 50
        table.move_cursor(row=48)
        await pilot.pause()
        assert table.row_count == 100
        assert (50, 50) in calls


@pilot_test
async def test_palette_commands_and_theme_is_saved(isolated_home: Path) -> None:
    saved: list[Any] = []
    app, _, player = build(isolated_home, persist_settings=saved.append)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.action_high_contrast()
        await pilot.pause()
        assert app.theme == "psoas-high-contrast"
        assert saved and saved[-1].theme == "psoas-high-contrast"
        app.action_toggle_mute()
        assert player.muted
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert {"History", "Toggle mute", "High contrast"} <= set(titles)
        from psoas_tui.tui.palette import RoutineCommands

        provider = RoutineCommands(app.screen)
        hits = [hit async for hit in provider.search("test")]
        assert any(hit.text == "Start: Test [bold]routine[/bold]" for hit in hits)
        hits[0].command()
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)


@pilot_test
async def test_theme_round_trips_through_settings(isolated_home: Path) -> None:
    locations = locations_at(isolated_home)
    app, _, _ = build(
        isolated_home,
        persist_settings=lambda settings: save_settings(locations, settings),
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.theme = "psoas-high-contrast"
        await pilot.pause()
    settings, problems = load_settings(locations)
    assert not problems
    assert settings.theme == "psoas-high-contrast"
    again, _, _ = build(isolated_home, settings=settings)
    assert again.theme == "psoas-high-contrast"


@pilot_test
async def test_run_routine_opens_the_session_and_exits_after(isolated_home: Path) -> None:
    app, _, _ = build(isolated_home, start_slug="test-routine", exit_after_session=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SessionScreen)
        screen.action_quit_session()
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        await pilot.press("escape")
        await pilot.pause()
    assert app.return_code == 0


@pilot_test
async def test_an_unexpected_error_leaves_a_crash_file(isolated_home: Path) -> None:
    app, _, _ = build(isolated_home)

    class Boom(Exception):
        pass

    def explode() -> None:
        raise Boom("kaboom")

    with pytest.raises(Boom):
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            app.call_later(explode)
            await pilot.pause()
    assert app.crash_path is not None
    assert "kaboom" in app.crash_path.read_text()


def test_ago_and_outline() -> None:
    from datetime import datetime

    now = datetime(2026, 11, 24, 12)
    assert ago(None, now) == "never"
    assert ago(datetime(2026, 11, 24, 7), now) == "today"
    assert ago(datetime(2026, 11, 23, 23), now) == "yesterday"
    assert ago(datetime(2026, 11, 20), now) == "4 days ago"
    assert ago(datetime(2026, 1, 2), now) == "2 Jan"
    assert ago(datetime(2025, 1, 2), now) == "2 Jan 2025"
    from psoas_tui.plan import build_plan
    from psoas_tui.routine.load import parse_routine

    routine = parse_routine(ROUTINE).routine
    assert routine is not None
    rows = outline(build_plan(routine))
    assert rows[0] == ("1. Lunge stretch", "30 s · per side  (1 min 5 s)")
    assert rows[1][1] == "10 reps"
    assert rows[2][1] == "check · per side"  # no "(5 s)": that would be the switch alone
    assert rows[3] == ("4. Breathe", "20 s")


@pilot_test
async def test_the_key_bar_shows_the_keys_and_clicks_run_them(isolated_home: Path) -> None:
    app, clock, _ = build(isolated_home)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start_session(app, pilot)
        bar = screen.query_one("KeyBar")
        text = str(bar.render())
        for word in ("Pause", "Skip", "Back", "Restart", "+10 s", "Mute", "Quit"):
            assert word in text
        assert "Done" not in text  # only while untimed reps wait for "done"
        await pilot.click("KeyBar", offset=(2, 0))  # " space Pause "
        assert screen.session is not None and screen.session.state is State.PAUSED
        await pilot.pause()
        text = str(bar.render())
        assert "space Resume" in text and "Pause" not in text  # the key says what it does
        await pilot.press("space")
        await pilot.pause()
        assert "space Pause" in str(bar.render())
        advance(clock, screen, 70)  # the knee drives wait for "done": d shows up
        await pilot.pause()
        assert "Done" in str(bar.render())


@pilot_test
async def test_home_keys_for_routine_files(isolated_home: Path) -> None:
    from psoas_tui.tui.screens.editor import EditorScreen

    app, _, _ = build(isolated_home)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        table = app.screen.query_one("#routines", RoutineList)
        assert table.select("test-routine")
        await pilot.press("c")  # copy
        await pilot.pause()
        copies = sorted(p.name for p in (isolated_home / "routines").glob("*.toml"))
        assert len(copies) == 3
        assert table.row_count == 3
        copy = next(e for e in app.entries() if e.slug not in ("test-routine", "broken"))
        assert table.cursor_key == copy.slug  # the cursor is on the new copy
        assert table.select(copy.slug)
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await pilot.pause()
        assert not copy.path.exists()
        assert table.row_count == 2
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, EditorScreen)
        before = {p.stem for p in (isolated_home / "routines").glob("*.toml")}
        await pilot.press("ctrl+s")  # the starter routine, saved as it is
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        (new,) = {p.stem for p in (isolated_home / "routines").glob("*.toml")} - before
        assert table.cursor_key == new  # the new routine is the one selected
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, EditorScreen)
        app.screen.dismiss(None)
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


@pilot_test
async def test_the_palette_starts_a_routine_by_name(isolated_home: Path) -> None:
    from textual.command import CommandList

    app, _, _ = build(isolated_home)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"start test")
        hits = app.screen.query_one(CommandList)
        for _ in range(100):  # the palette searches in the background
            if hits.option_count:
                break
            await pilot.pause(0.02)
        prompts = [str(hits.get_option_at_index(i).prompt) for i in range(hits.option_count)]
        assert any("Start: Test [bold]routine[/bold]" in prompt for prompt in prompts)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)


@pilot_test
async def test_time_stands_still_under_the_palette(isolated_home: Path) -> None:
    from textual.command import CommandPalette

    app, clock, _ = build(isolated_home)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await start_session(app, pilot)
        advance(clock, screen, 2)
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        assert screen.session is not None and screen.session.state is State.PAUSED
        active = screen.session.status().active
        advance(clock, screen, 60)
        assert screen.session.status().active == pytest.approx(active)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen
        assert screen.session.state is State.RUNNING
        advance(clock, screen, 1)
        assert screen.session.status().active == pytest.approx(active + 1)


@pilot_test
async def test_the_detail_pane_starts_at_the_top_for_each_routine(isolated_home: Path) -> None:
    app, _, _ = build(isolated_home)
    async with app.run_test(size=(80, 12)) as pilot:
        table = await home_on(app, pilot, "test-routine")
        scroller = app.screen.query_one("#routine-detail")
        assert scroller.max_scroll_y > 0  # more text than room: it scrolls
        scroller.scroll_end(animate=False)
        await pilot.pause()
        assert scroller.scroll_y > 0
        assert table.select("broken")
        await pilot.pause()
        assert scroller.scroll_y == 0  # the next routine is read from its name down
        scroller.scroll_end(animate=False)
        await pilot.pause()
        # The same routine shown again (the log came in, a file was saved): the place stays.
        app.screen.show_detail(app.screen.selected_entry())
        await pilot.pause()
        assert scroller.scroll_y > 0
        place = scroller.scroll_y
        await pilot.press("ctrl+p")  # a screen on top and back: the list is read again
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen) and scroller.scroll_y == place


@pilot_test
async def test_a_new_theme_recolours_the_home_detail_pane(isolated_home: Path) -> None:
    app, _, _ = build(isolated_home)
    async with app.run_test(size=(100, 30)) as pilot:
        await home_on(app, pilot, "broken")
        detail = app.screen.query_one("#detail")

        def problems_colour() -> object:
            content = detail.render()
            text = str(content)
            start = text.index("\n\n") + 2  # the problems, drawn in the error colour
            return next(s.style.foreground for s in content.spans if s.start == start)

        before = problems_colour()
        assert before == detail.get_visual_style("detail--problems").foreground
        app.theme = "psoas-high-contrast"
        await pilot.pause()
        await pilot.pause()
        after = problems_colour()
        assert after != before
        assert after == detail.get_visual_style("detail--problems").foreground


def screen_lines(app: PsoasApp) -> list[str]:
    """The screen's lines as the terminal gets them."""
    return [strip.text for strip in app.screen._compositor.render_strips()]


@pytest.mark.parametrize("start", [(80, 24), (160, 50)])
@pilot_test
async def test_history_keeps_its_active_and_status_columns_at_80x24(
    isolated_home: Path, start: tuple[int, int]
) -> None:
    # Long names, a terminal made smaller while a session's detail was open: the name
    # gives way, the active time and the status word stay in sight.
    log = FixedLog()
    log.rows = [row._replace(routine_name="Thomas self-test " * 4) for row in log.rows]
    app, _, _ = build(isolated_home, log=log)
    async with app.run_test(size=start) as pilot:
        await pilot.pause()
        await pilot.press("h")
        await pilot.pause()
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
        assert app.screen.id == "session-detail"
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        await pilot.pause()
        assert app.screen.id == "history"
        table = app.screen.query_one("#history-sessions", DataTable)
        rows = [line for line in screen_lines(app) if "Nov 07:15" in line]
        assert len(rows) > 10
        for line, row in zip(rows, log.rows, strict=False):
            words = {"completed": "done", "abandoned": "stopped"}
            assert "Thoma" in line and ("  8:01  " in line or "  3:20  " in line), line
            assert f" {words[row.status]} " in line, line
        assert table.virtual_size.width <= table.scrollable_content_region.width  # no scrolling


HOSTILE = "\x1b[2J\x1b]0;pwned\x07\x9b31m"  # clear the screen, set the title, CSI


def control_characters(app: PsoasApp) -> set[str]:
    """Control characters in what the app draws (the terminal would act on them)."""
    found: set[str] = set()
    for strip in app.screen._compositor.render_strips():
        for segment in strip:
            found |= {c for c in segment.text if ord(c) < 32 or 0x7F <= ord(c) < 0xA0}
    return found


@pilot_test
async def test_a_file_name_with_escape_sequences_never_reaches_the_terminal(
    isolated_home: Path,
) -> None:
    app, _, _ = build(isolated_home)
    folder = isolated_home / "routines"
    hostile = folder / f"evil{HOSTILE}.toml"
    hostile.write_text(ROUTINE, encoding="utf-8")
    (folder / f"bad{HOSTILE}.toml").write_text("steps = 3\n", encoding="utf-8")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        routines = app.screen.query_one("#routines", RoutineList)
        for entry in app.entries():
            if entry.path.name.startswith(("evil", "bad")):
                assert routines.select(entry.slug)
                await pilot.pause()
                text = str(app.screen.query_one("#detail").render())
                assert "yours (evil[2J]0;pwned31m.toml)" in text or "bad" in text
                assert control_characters(app) == set()
        assert routines.select(next(e.slug for e in app.entries() if "bad" in e.slug))
        await pilot.press("x")  # "Move NAME to the trash?"
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert "Move bad[2J]0;pwned31m.toml to the trash?" in "\n".join(screen_lines(app))
        assert control_characters(app) == set()
        await pilot.press("y")
        await pilot.pause()
        assert not (folder / f"bad{HOSTILE}.toml").exists()
        assert control_characters(app) == set()
        # The notification names the file in the trash: plain text too.
        messages = [note.message for note in app._notifications]
        assert any(m.startswith("Moved to") and "bad[2J]0;pwned31m" in m for m in messages)
        assert not any(c in m for m in messages for c in HOSTILE if ord(c) < 32 or ord(c) > 126)


@pilot_test
async def test_imported_sessions_with_escape_sequences_show_as_plain_text(
    isolated_home: Path,
) -> None:
    log = FixedLog()
    session = log.detail.session._replace(
        routine_name=f"Warm{HOSTILE}up",
        note=f"a note{HOSTILE}",
        answers=(log.detail.session.answers[0]._replace(answer=f"yes{HOSTILE}"),),
    )
    log.rows[0] = session
    first = log.detail.intervals[0]._replace(label=f"Lift{HOSTILE}", side=f"left{HOSTILE}")
    log.detail = log.detail._replace(session=session, intervals=(first,))
    app, _, _ = build(isolated_home, log=log)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("h")
        await pilot.pause()
        await pilot.pause()
        assert any("Warm[2J]0;pwned" in line for line in screen_lines(app))
        assert control_characters(app) == set()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
        assert app.screen.id == "session-detail"
        shown_text = "\n".join(screen_lines(app))
        assert "a note[2J]0;pwned31m" in shown_text and "Lift[2J]" in shown_text
        assert control_characters(app) == set()


class BellOnlyPlayer(RecordingPlayer):
    """A player with no audio device: each cue rings the bell hook, on the thread that
    delivers the event (as the real player's bell backend does)."""

    def __call__(self, event: Any) -> None:
        super().__call__(event)
        if isinstance(event, IntervalStarted | Countdown) and self.bell_hook is not None:
            self.bell_hook()


async def session_colours(
    home: Path, player: RecordingPlayer, wait: float | None = None, flash: bool = True
) -> list[list[object]]:
    """Every line's background colours, cell by cell, at a few moments of a session run
    with ``player``: after each interval change (with its cue) and once the band's flash
    is over (``flash``: the band flashes on cues; ``wait``: the longest wait for that)."""
    app, clock, _ = build(home)
    app.player = player
    seen: list[list[object]] = []
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start_session(app, pilot)
        screen.flash_cues = flash
        band = screen.query_one("#phase", PhaseBand)
        flashes = band.flashes
        for seconds in (3, 30, 5):  # countdown cues and work, switch, the other side
            advance(clock, screen, seconds)
            await flash_over(pilot, band, wait)
            assert not band.flashing  # the flash is over
            seen += [
                [
                    segment.style.bgcolor if segment.style else None
                    for segment in strip
                    for _cell in segment.text
                ]
                for strip in app.screen._compositor.render_strips()
            ]
        assert (band.flashes > flashes) == flash
    return seen


@pilot_test
async def test_after_a_bell_flash_every_widget_has_its_own_colours_back(
    isolated_home: Path,
) -> None:
    # Every cue flashes the band, in the middle of the redraw of a new interval (and
    # without audio rings the bell too): the band and the labels and the big digits
    # drawn then must have their own colours back, as a session with no flashes draws.
    quiet = await session_colours(
        isolated_home / "quiet", RecordingPlayer(), wait=0.45, flash=False
    )
    rung = BellOnlyPlayer()
    flashed = await session_colours(isolated_home / "bell", rung, wait=0.45)
    assert any(isinstance(e, IntervalStarted) for e in rung.events)
    for number, (plain_line, flashed_line) in enumerate(zip(quiet, flashed, strict=True)):
        where = f"line {number % 24} (moment {number // 24})"
        assert flashed_line == plain_line, f"{where} keeps the flash's colours"


async def keys_shown(app: PsoasApp, pilot: Any, key: str) -> str:
    """Press ``key``; the keys dialog's text."""
    from psoas_tui.tui.screens.keys import KeysScreen

    await pilot.press(key)
    await pilot.pause()
    assert isinstance(app.screen, KeysScreen)
    return str(app.screen.query_one("#keys-text").render())


@pilot_test
async def test_f1_and_question_mark_show_the_keys_of_home_and_esc_closes(
    isolated_home: Path,
) -> None:
    app, _, _ = build(isolated_home)
    async with app.run_test(size=(80, 24)) as pilot:
        await home_on(app, pilot, "test-routine")
        home = app.screen
        for key in ("f1", "question_mark"):
            text = await keys_shown(app, pilot, key)
            for words in ("⏎", "Start", "History", "New", "Edit", "Copy", "Delete", "$EDITOR"):
                assert words in text, words
            assert "x del  Delete" in text  # one line for both keys
            assert "Scroll" not in text and "Cursor" not in text  # the widgets' own keys
            await pilot.press("escape")
            await pilot.pause()
            assert app.screen is home
        # The palette's "Keys" opens the same dialog (not Textual's side panel).
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Keys")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.id == "keys" and not app.query("HelpPanel")
        assert "Start" in str(app.screen.query_one("#keys-text").render())
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is home


@pilot_test
async def test_the_session_keys_list_only_what_acts_now(isolated_home: Path) -> None:
    app, clock, _ = build(isolated_home)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start_session(app, pilot)
        text = await keys_shown(app, pilot, "f1")  # get ready: a timed interval
        for words in ("space", "Pause", "Skip", "Back", "Restart", "+10 s", "Mute", "Quit"):
            assert words in text, words
        assert "Done" not in text  # d acts only on an untimed set of reps
        assert screen.session is not None and screen.session.state is State.PAUSED
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen and screen.session.state is State.RUNNING
        advance(clock, screen, 5 + 30 + 5 + 30 + 10)  # to the untimed reps
        await pilot.pause()
        assert screen.phase == "work" and screen.check_action("done", ())
        text = await keys_shown(app, pilot, "question_mark")
        assert "Done" in text and "+10 s" not in text


@pilot_test
async def test_the_editor_keys_open_with_f1_while_question_mark_types(
    isolated_home: Path,
) -> None:
    from psoas_tui.tui.screens.editor import EditorScreen

    app, _, _ = build(isolated_home)
    async with app.run_test(size=(100, 30)) as pilot:
        await home_on(app, pilot, "test-routine")
        await pilot.press("e")
        await pilot.pause()
        editor = app.screen
        assert isinstance(editor, EditorScreen)
        area = editor.query_one("TextArea")
        assert area.has_focus
        before = area.text  # type: ignore[attr-defined]
        await pilot.press("question_mark")  # a character to type, not the keys
        await pilot.pause()
        assert app.screen is editor and area.text == "?" + before  # type: ignore[attr-defined]
        text = await keys_shown(app, pilot, "f1")
        for words in ("Save", "Back", "Next problem", "$EDITOR"):
            assert words in text, words
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is editor
