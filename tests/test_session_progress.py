"""The session screen's progress line after restart: "done" and "left" add up to the plan."""

from __future__ import annotations

from pathlib import Path

from tui_fakes import FIXED_NOW, ROUTINE, FakeClock, RecordingPlayer, locations_at, pilot_test

from psoas_tui.history import open_log
from psoas_tui.routine.catalog import user_entries
from psoas_tui.settings import Settings
from psoas_tui.tui.app import make_app
from psoas_tui.tui.screens.session import SessionScreen
from psoas_tui.tui.widgets.progress import ProgressLine


@pilot_test
async def test_after_restart_the_progress_line_adds_up_to_the_plan(isolated_home: Path) -> None:
    folder = isolated_home / "routines"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "test-routine.toml").write_text(ROUTINE, encoding="utf-8")
    locations = locations_at(isolated_home)
    clock = FakeClock()
    app = make_app(
        settings=Settings(),
        locations=locations,
        clock=clock,
        player=RecordingPlayer(),
        log=open_log(locations),
        now=lambda: FIXED_NOW,
        load_entries=user_entries,
        suspend_gap=None,
    )
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SessionScreen) and screen.session is not None
        total = screen.plan.total_seconds  # 90 s: get ready 5, 30 + 5 + 30, rest 20
        assert total == 90
        clock.advance(10)  # 5 s into the first side's stretch
        screen.tick()
        progress = screen.query_one("#session-progress", ProgressLine)
        assert progress.label == "0:10 done · 1:20 left"
        await pilot.press("r")
        await pilot.pause()
        clock.advance(2)
        screen.tick()
        assert progress.label == "0:07 done · 1:23 left"
