"""Coaching in the app (#17): the remembered budget and the tight side's extra shape the
session, home's fit key, the session's reason line, history's fitted sessions and side view.
Pilot tests on a real SQLite log, with a clock moved by hand."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

import pytest
from tui_fakes import FIXED_NOW, FakeClock, RecordingPlayer, pilot_test, run_script_on_a_terminal

from psoas_tui.budgets import remember_budget, remembered_budget
from psoas_tui.history import open_log
from psoas_tui.locations import user_locations
from psoas_tui.routine.catalog import all_entries
from psoas_tui.settings import Settings
from psoas_tui.tui.app import PsoasApp, make_app
from psoas_tui.tui.screens.session import SessionScreen
from psoas_tui.tui.widgets.routinelist import RoutineList
from tests.test_history import run_session

WARM_UP = "pre-run-warm-up"


def left_tight(log: Any) -> None:
    """One session rated left 10, right 0: the left side is tight (2.0 against 0.0)."""
    sid, _plan, _session = run_session(log, "desk-break")
    log.save_summary(sid, tightness={"left": 10, "right": 0})


def build(log: Any, **kwargs: Any) -> PsoasApp:
    return make_app(
        settings=kwargs.pop("settings", Settings()),
        locations=user_locations(),
        clock=FakeClock(),
        player=RecordingPlayer(),
        log=log,
        now=lambda: FIXED_NOW,
        load_entries=all_entries,
        suspend_gap=None,
        **kwargs,
    )


async def start(app: PsoasApp, pilot: Any, slug: str) -> SessionScreen:
    await pilot.pause()
    assert app.screen.query_one("#routines", RoutineList).select(slug)
    await pilot.pause()
    await pilot.press("enter")
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, SessionScreen)
    return screen


def reason_shown(screen: SessionScreen) -> str | None:
    reason = screen.query_one("#reason")
    return str(reason.render()) if reason.display else None


# -- 1. the app's plan: the remembered budget and the tight side's extra ---------------------


@pilot_test
async def test_a_session_is_fitted_to_the_remembered_budget_with_the_tight_sides_extra(
    isolated_home: Path,
) -> None:
    locations = user_locations()
    remember_budget(locations, WARM_UP, 300)
    with open_log(locations, warn=pytest.fail) as log:
        left_tight(log)
        app = build(log)
        async with app.run_test(size=(100, 30)) as pilot:
            screen = await start(app, pilot, WARM_UP)
            adapted = screen.plan.adapted
            assert adapted is not None and adapted.fit is not None
            assert adapted.fit.budget == 300
            assert abs(screen.plan.total_seconds - 300) <= 5
            assert adapted.extra.side == "left" and adapted.holds
            hold = adapted.holds[0]
            assert hold.tight > hold.other


@pilot_test
async def test_the_asymmetry_setting_off_gives_no_extra_and_no_budget_runs_as_written(
    isolated_home: Path,
) -> None:
    with open_log(user_locations(), warn=pytest.fail) as log:
        left_tight(log)
        app = build(log, settings=Settings(asymmetry="off"))
        async with app.run_test(size=(100, 30)) as pilot:
            screen = await start(app, pilot, WARM_UP)
            adapted = screen.plan.adapted
            assert adapted is not None
            assert adapted.fit is None and adapted.extra.side is None
            assert screen.plan.total_seconds == 8 * 60 + 4


@pilot_test
async def test_a_remembered_budget_out_of_reach_says_the_range_and_starts_nothing(
    isolated_home: Path,
) -> None:
    remember_budget(user_locations(), WARM_UP, 60)
    with open_log(user_locations(), warn=pytest.fail) as log:
        app = build(log)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            assert app.screen.query_one("#routines", RoutineList).select(WARM_UP)
            await pilot.press("enter")
            await pilot.pause()
            assert not isinstance(app.screen, SessionScreen)
            said = [n.message for n in app._notifications]
            assert any("2:49" in m and "11:44" in m for m in said), said


CHILD = textwrap.dedent(
    """
    import sys
    import psoas_tui.tui.launch as launch

    def first_frame():
        from textual._context import active_app
        app = active_app.get()
        fit = app.screen.plan.adapted.fit
        out = open(sys.argv[1], "w", encoding="utf-8")
        out.write(f"{fit.budget} {app.screen.plan.total_seconds}")
        out.close()
        app.exit()

    launch._settle_heap = first_frame
    from psoas_tui.cli import main

    main(["run", "pre-run-warm-up", "--fit", "5m"])
    """
)


def test_psoas_run_fit_in_the_app_fits_the_session_and_remembers_the_budget(
    tmp_path: Path, psoas_env: dict[str, str]
) -> None:
    """``psoas run X --fit 5m`` on a terminal (not --plain): the app's session is fitted,
    and the budget is remembered for the routine."""
    result = tmp_path / "report.txt"
    run_script_on_a_terminal(CHILD, [str(result)], psoas_env, size=(100, 30))
    budget, total = result.read_text(encoding="utf-8").split()
    assert budget == "300" and abs(float(total) - 300) <= 5
    assert remembered_budget(user_locations(), WARM_UP) == 300


# -- 3. the session's reason line ------------------------------------------------------------


@pilot_test
async def test_the_session_says_why_the_tight_side_holds_longer_and_what_was_fitted(
    isolated_home: Path,
) -> None:
    locations = user_locations()
    remember_budget(locations, WARM_UP, 300)
    with open_log(locations, warn=pytest.fail) as log:
        left_tight(log)
        app = build(log)
        async with app.run_test(size=(200, 30)) as pilot:
            screen = await start(app, pilot, WARM_UP)
            line = reason_shown(screen)
            assert line is not None
            assert line.startswith("fitted to 5 min: ")
            assert "your tightness rating on" in line and "found the left side tighter" in line


@pilot_test
async def test_a_session_as_written_with_even_sides_has_no_reason_line(
    isolated_home: Path,
) -> None:
    with open_log(user_locations(), warn=pytest.fail) as log:
        app = build(log)
        async with app.run_test(size=(100, 30)) as pilot:
            screen = await start(app, pilot, WARM_UP)
            assert reason_shown(screen) is None


# -- 2. home's fit key --------------------------------------------------------------------


def detail_text(app: PsoasApp) -> str:
    from psoas_tui.tui.screens.home import RoutineDetail

    return str(app.screen.query_one("#detail", RoutineDetail).render())


async def fit_to(app: PsoasApp, pilot: Any, typed: str) -> None:
    """Press f on home, clear the input, type ``typed``, Enter."""
    from textual.widgets import Input

    await pilot.press("f")
    await pilot.pause()
    field = app.screen.query_one("#budget-input", Input)
    field.value = ""
    await pilot.press(*typed) if typed else None
    await pilot.press("enter")
    await pilot.pause()


@pilot_test
async def test_the_fit_key_fits_the_routine_shows_the_total_and_remembers_it(
    isolated_home: Path,
) -> None:
    from psoas_tui.tui.screens.budget import BudgetScreen
    from psoas_tui.tui.screens.keys import screen_keys
    from psoas_tui.tui.widgets.keybar import KeyBar

    with open_log(user_locations(), warn=pytest.fail) as log:
        app = build(log)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            assert app.screen.query_one("#routines", RoutineList).select(WARM_UP)
            await pilot.pause()
            assert "Fit" in str(app.screen.query_one(KeyBar).render())
            assert ("f", "Fit") in screen_keys(app.screen)
            assert "fitted to" not in detail_text(app)
            await fit_to(app, pilot, "5m")
            assert not isinstance(app.screen, BudgetScreen)
            assert "fitted to 5 min: 5:0" in detail_text(app)
            assert remembered_budget(user_locations(), WARM_UP) == 300
            # Offered again as it was; a time it cannot read is said in the input's dialog.
            await pilot.press("f")
            await pilot.pause()
            from textual.widgets import Input, Label

            assert app.screen.query_one("#budget-input", Input).value == "5m"
            app.screen.query_one("#budget-input", Input).value = "5:75"
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, BudgetScreen)
            problem = app.screen.query_one("#budget-problem", Label)
            assert problem.display and "5:75" in str(problem.render())
            await pilot.press("escape")
            await pilot.pause()
            assert remembered_budget(user_locations(), WARM_UP) == 300
            # An empty time forgets the budget: the routine runs as written again.
            await fit_to(app, pilot, "")
            assert "fitted to" not in detail_text(app)
            assert remembered_budget(user_locations(), WARM_UP) is None


@pilot_test
async def test_a_budget_out_of_reach_shows_the_range_in_the_detail_pane(
    isolated_home: Path,
) -> None:
    with open_log(user_locations(), warn=pytest.fail) as log:
        app = build(log)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            assert app.screen.query_one("#routines", RoutineList).select(WARM_UP)
            await pilot.pause()
            await fit_to(app, pilot, "1m")
            text = detail_text(app)
            assert "cannot be fitted to 1 min" in text
            assert "2:49" in text and "11:44" in text
            assert remembered_budget(user_locations(), WARM_UP) == 60


# -- 4. history: fitted sessions, the tight side and its gap over the weeks -------------------


def fitted_session(log: Any, budget: int) -> str:
    """A desk break fitted to ``budget`` seconds, started and stopped: its id."""
    from psoas_tui.runner import PlanOptions, prepare_plan
    from psoas_tui.session import Session
    from tests.test_history import routine

    plan = prepare_plan(routine("desk-break"), PlanOptions(budget=budget), warn=pytest.fail)
    recorder = log.recorder(plan)
    session = Session(plan, lambda: 0.0)
    session.subscribe(recorder)
    session.start()
    session.quit()
    recorder.close()
    return str(recorder.session_id)


def rated_on(log: Any, day: str, left: int, right: int) -> None:
    """A session on ``day`` (YYYY-MM-DD) rated ``left`` and ``right`` (0–10)."""
    sid, _plan, _session = run_session(log, "desk-break")
    log.save_summary(sid, tightness={"left": left, "right": right})
    log.conn.execute(
        "UPDATE sessions SET started_utc = ?, local_date = ?, utc_offset = 0 WHERE id = ?",
        (f"{day}T07:00:00.000000Z", day, sid),
    )
    log.conn.commit()


async def open_history(app: PsoasApp, pilot: Any) -> Any:
    from psoas_tui.tui.screens.history import HistoryScreen

    await pilot.pause()
    await pilot.press("h")
    await pilot.pause()
    await pilot.pause()
    assert isinstance(app.screen, HistoryScreen)
    return app.screen


@pilot_test
async def test_history_shows_fitted_to_beside_the_active_time_in_the_list_and_detail(
    isolated_home: Path,
) -> None:
    from textual.widgets import DataTable, Static

    from psoas_tui.tui.screens.history import SessionDetailScreen

    with open_log(user_locations(), warn=pytest.fail) as log:
        fitted_session(log, 240)
        run_session(log, "desk-break")  # as written: no budget to show
        app = build(log)
        async with app.run_test(size=(120, 40)) as pilot:
            screen = await open_history(app, pilot)
            table = screen.query_one("#history-sessions", DataTable)
            names = [str(table.get_row_at(n)[1]) for n in range(table.row_count)]
            assert sorted("fitted to 4 min" in name for name in names) == [False, True]
            fitted_row = next(n for n, name in enumerate(names) if "fitted to" in name)
            table.move_cursor(row=fitted_row)
            await pilot.press("enter")
            await pilot.pause()
            await pilot.pause()
            assert isinstance(app.screen, SessionDetailScreen)
            facts = str(app.screen.query_one("#detail-facts Static", Static).render())
            first = facts.splitlines()[0]
            assert first.startswith("active ") and first.endswith(" · fitted to 4 min")


@pilot_test
async def test_history_says_which_side_is_tight_now_and_charts_the_gap_closing(
    isolated_home: Path,
) -> None:
    from textual.widgets import Static

    with open_log(user_locations(), warn=pytest.fail) as log:
        rated_on(log, "2026-11-03", 10, 0)  # gap 2.0
        rated_on(log, "2026-11-17", 6, 2)  # gap 0.8
        rated_on(log, "2026-11-24", 5, 2)  # gap 0.6; left 1.4 against 0.3: left tight
        app = build(log)
        async with app.run_test(size=(160, 60)) as pilot:
            screen = await open_history(app, pilot)
            text = str(screen.query_one("#sides", Static).render())
            assert "Tight now: left" in text
            lines = text.splitlines()
            title = next(n for n, line in enumerate(lines) if line.startswith("Gap between"))
            chart = lines[title + 1]
            assert chart == "█▃▂"  # a week with results a bar: 2.0, 0.8, 0.6 of 2 in eighths
            assert "The gap is closing: 2.0 to 0.6 over 3 weeks with results" in text


@pilot_test
async def test_history_charts_the_gap_over_every_week_as_stats_does(isolated_home: Path) -> None:
    """Three rated sessions a week for twelve weeks: more than the 30 sessions the tight-side
    rule reads, and every week still has its bar, as in `psoas stats`."""
    from datetime import date, timedelta

    from textual.widgets import Static

    from psoas_tui.history.stats import side_trend, window_start
    from psoas_tui.history.store import TREND_SESSIONS

    first = date(2026, 9, 7)  # a Monday, 11 weeks before FIXED_NOW's (Tuesday 24 Nov)
    with open_log(user_locations(), warn=pytest.fail) as log:
        for week in range(12):
            for day in (0, 1, 1):  # Monday and Tuesday: none after FIXED_NOW
                rated_on(log, str(first + timedelta(weeks=week, days=day)), 6, 2)
        trend = side_trend(
            log.side_results(sessions=TREND_SESSIONS), window_start(FIXED_NOW.date(), 12)
        )
        assert sum(1 for week in trend if week.gap is not None) == 12
        app = build(log)
        async with app.run_test(size=(160, 60)) as pilot:
            screen = await open_history(app, pilot)
            lines = str(screen.query_one("#sides", Static).render()).splitlines()
            title = next(n for n, line in enumerate(lines) if line.startswith("Gap between"))
            assert len(lines[title + 1]) == 12  # a bar for each of the twelve weeks


@pilot_test
async def test_history_without_side_results_says_how_to_get_them(isolated_home: Path) -> None:
    from textual.widgets import Static

    with open_log(user_locations(), warn=pytest.fail) as log:
        run_session(log, "desk-break")
        app = build(log)
        async with app.run_test(size=(160, 60)) as pilot:
            screen = await open_history(app, pilot)
            text = str(screen.query_one("#sides", Static).render())
            assert "No Thomas test or tightness rating yet" in text
            assert "Gap between the sides" not in text


# -- the words in Dutch ------------------------------------------------------------------------


@pilot_test
async def test_the_fit_input_and_the_gap_chart_speak_dutch(isolated_home: Path) -> None:
    from textual.widgets import Label, Static

    from psoas_tui.tui import language

    try:
        with open_log(user_locations(), warn=pytest.fail) as log:
            rated_on(log, "2026-11-24", 10, 0)
            app = build(log, settings=Settings(language="nl"))
            async with app.run_test(size=(160, 60)) as pilot:
                await pilot.pause()
                routines = app.screen.query_one("#routines", RoutineList)
                assert routines.select("warming-up-hardlopen")  # the Dutch twin
                await pilot.press("f")
                await pilot.pause()
                title = str(app.screen.query_one(".dialog-question", Label).render())
                assert title.startswith("In hoeveel tijd wil je ")
                await pilot.press("escape")
                await pilot.pause()
                screen = await open_history(app, pilot)
                text = str(screen.query_one("#sides", Static).render())
                assert "Verschil tussen de kanten, een balk per week (0 tot 2):" in text
    finally:
        language.use_language("en")
        language.translations_for.cache_clear()
