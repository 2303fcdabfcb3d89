"""Home lists the reader's language first and hides other-language versions of the routines
it shows; `a` shows them too, as `psoas list --all` does (#15)."""

from __future__ import annotations

from pathlib import Path

from tui_fakes import FakeClock, FixedLog, RecordingPlayer, locations_at, pilot_test

from psoas_tui.settings import Settings
from psoas_tui.tui.app import make_app
from psoas_tui.tui.widgets.routinelist import RoutineList


@pilot_test
async def test_a_shows_the_other_language_versions_and_hides_them_again(
    isolated_home: Path,
) -> None:
    app = make_app(
        settings=Settings(),
        locations=locations_at(isolated_home),
        clock=FakeClock(),
        player=RecordingPlayer(),
        log=FixedLog(),
        suspend_gap=None,
    )
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        routines = app.screen.query_one("#routines", RoutineList)
        own = [row.key for row in routines.rows]
        assert "desk-break" in own and "bureaupauze" not in own  # the Dutch twin is hidden
        await pilot.press("a")
        await pilot.pause()
        every = [row.key for row in routines.rows]
        assert every[: len(own)] == own  # English first, then the other versions
        assert {"bureaupauze", "thomastest", "warming-up-hardlopen"} <= set(every[len(own) :])
        await pilot.press("a")
        await pilot.pause()
        assert [row.key for row in routines.rows] == own


@pilot_test
async def test_the_keys_help_names_the_language_toggle(isolated_home: Path) -> None:
    app = make_app(
        settings=Settings(),
        locations=locations_at(isolated_home),
        clock=FakeClock(),
        player=RecordingPlayer(),
        log=FixedLog(),
        suspend_gap=None,
    )
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("f1")
        await pilot.pause()
        assert "All languages" in str(app.screen.query_one("#keys-text").render())
