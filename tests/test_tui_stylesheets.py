"""Each screen's CSS is read from its own .tcss the first time the screen is shown, so
home's start does not parse the stylesheets of screens not yet open."""

from __future__ import annotations

from pathlib import Path

from tui_fakes import ROUTINE, FakeClock, FixedLog, RecordingPlayer, locations_at, pilot_test

from psoas_tui.routine.catalog import user_entries
from psoas_tui.settings import Settings
from psoas_tui.tui.app import PsoasApp, make_app
from psoas_tui.tui.screens.session import SessionScreen


def stylesheets_read(app: PsoasApp) -> set[str]:
    """The .tcss files in the app's stylesheet: what Textual has read and parses."""
    return {Path(path).name for path, _ in app.stylesheet.source if path.endswith(".tcss")}


@pilot_test
async def test_home_reads_only_the_apps_stylesheet_and_a_session_its_own(
    isolated_home: Path,
) -> None:
    folder = isolated_home / "routines"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "test-routine.toml").write_text(ROUTINE, encoding="utf-8")
    app = make_app(
        settings=Settings(),
        locations=locations_at(isolated_home),
        clock=FakeClock(),
        player=RecordingPlayer(),
        log=FixedLog(),
        load_entries=user_entries,
        suspend_gap=None,
    )
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert stylesheets_read(app) == {"psoas.tcss"}
        app.start_routine("test-routine")
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)
        assert stylesheets_read(app) == {"psoas.tcss", "session.tcss"}
        # The stylesheet styles the screen: the phase band is as session.tcss says, the
        # full width and three rows high.
        band = app.screen.query_one("#phase").size
        assert (band.width, band.height) == (100, 3)
