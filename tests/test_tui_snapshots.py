"""SVG snapshots of what a person sees, at 80x24 and 120x40, from fixed data.

Regenerate after a deliberate change with ``pytest tests/test_tui_snapshots.py
--snapshot-update`` and look at the SVGs in tests/__snapshots__/ before committing them.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input
from tui_fakes import (
    FIXED_NOW,
    ROUTINE,
    FakeClock,
    FixedLog,
    RecordingPlayer,
    flash_over,
    locations_at,
)

from psoas_tui.routine.catalog import Entry
from psoas_tui.routine.load import parse_routine
from psoas_tui.settings import Settings
from psoas_tui.tui.app import PsoasApp, make_app
from psoas_tui.tui.screens.session import SessionScreen
from psoas_tui.tui.widgets.band import PhaseBand

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]
# The session's face at the smallest size and at a roomy one (issue #16).
SESSION_SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((160, 48), id="160x48")]
FIXED_FOLDER = Path("/home/runner/.local/share/psoas/routines")
WARM_UP = """\
schema = 1
name = "Evening hip release"
summary = "Ten quiet minutes on the floor."
tags = ["evening", "floor"]

[[steps]]
name = "Supine march"
kind = "timed"
duration = 60
"""


def fixed_entries(_locations: Any) -> list[Entry]:
    """Routines at fixed paths, so the detail pane shows the same text on every machine."""
    entries = []
    for slug, text in (("test-routine", ROUTINE), ("evening", WARM_UP)):
        path = FIXED_FOLDER / f"{slug}.toml"
        result = parse_routine(text, source=str(path), slug=slug, path=path)
        entries.append(Entry(slug, path, False, result))
    broken = FIXED_FOLDER / "broken.toml"
    result = parse_routine('name = "Broken"\nsteps = 3\n', source=str(broken), slug="broken")
    entries.append(Entry("broken", broken, False, result))
    return entries


def dutch_entries(_locations: Any) -> list[Entry]:
    """The same routines, the test routine marked Dutch (its words follow its language)."""
    entries = fixed_entries(_locations)
    first = entries[0]
    text = ROUTINE.replace("schema = 1\n", 'schema = 1\nlanguage = "nl"\n')
    result = parse_routine(text, source=str(first.path), slug=first.slug, path=first.path)
    return [Entry(first.slug, first.path, False, result), *entries[1:]]


@pytest.fixture
def english_after() -> Iterator[None]:
    """A Dutch snapshot leaves English behind it (the language is global)."""
    yield
    from psoas_tui.tui.language import use_language

    use_language("en")


def snapshot_app(
    home: Path, theme: str = "textual-dark", language: str = ""
) -> tuple[PsoasApp, FakeClock]:
    clock = FakeClock()
    app = make_app(
        settings=Settings(theme=theme, language=language),
        locations=locations_at(home),
        clock=clock,
        player=RecordingPlayer(description="sound: miniaudio (ALSA default)"),
        log=FixedLog(),
        now=lambda: FIXED_NOW,
        load_entries=dutch_entries if language == "nl" else fixed_entries,
        suspend_gap=None,
    )
    return app, clock


def at_second(clock: FakeClock, seconds: float) -> Any:
    """A run_before that starts the test routine and moves time to ``seconds`` in."""

    async def run_before(pilot: Pilot[Any]) -> None:
        app = pilot.app
        assert isinstance(app, PsoasApp)
        await pilot.pause()
        app.start_routine("test-routine")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SessionScreen)
        clock.advance(seconds)
        screen.tick()
        band = screen.query_one("#phase", PhaseBand)
        await flash_over(pilot, band)  # the cue's flash on the band is over
        assert not band.flashing

    return run_before


@pytest.mark.parametrize("size", SIZES)
def test_home(snap_compare: Any, isolated_home: Path, size: tuple[int, int]) -> None:
    app, _ = snapshot_app(isolated_home)
    assert snap_compare(app, terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_home_in_dutch(
    snap_compare: Any, isolated_home: Path, english_after: None, size: tuple[int, int]
) -> None:
    app, _ = snapshot_app(isolated_home, language="nl")
    assert snap_compare(app, terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_session_in_dutch(
    snap_compare: Any, isolated_home: Path, english_after: None, size: tuple[int, int]
) -> None:
    """A Dutch routine in the Dutch app, in its first side's work, paused."""
    app, clock = snapshot_app(isolated_home, language="nl")
    assert snap_compare(app, terminal_size=size, press=["space"], run_before=at_second(clock, 17.2))


@pytest.mark.parametrize("size", SESSION_SIZES)
def test_session_get_ready(snap_compare: Any, isolated_home: Path, size: tuple[int, int]) -> None:
    app, clock = snapshot_app(isolated_home)
    assert snap_compare(app, terminal_size=size, run_before=at_second(clock, 1.5))


@pytest.mark.parametrize("size", SESSION_SIZES)
def test_session_work(snap_compare: Any, isolated_home: Path, size: tuple[int, int]) -> None:
    app, clock = snapshot_app(isolated_home)
    assert snap_compare(app, terminal_size=size, run_before=at_second(clock, 17.2))


@pytest.mark.parametrize("size", SESSION_SIZES)
def test_session_switch(snap_compare: Any, isolated_home: Path, size: tuple[int, int]) -> None:
    app, clock = snapshot_app(isolated_home)
    assert snap_compare(app, terminal_size=size, run_before=at_second(clock, 36.0))


@pytest.mark.parametrize("size", SESSION_SIZES)
def test_session_paused(snap_compare: Any, isolated_home: Path, size: tuple[int, int]) -> None:
    app, clock = snapshot_app(isolated_home)
    assert snap_compare(app, terminal_size=size, press=["space"], run_before=at_second(clock, 17.2))


@pytest.mark.parametrize("size", SESSION_SIZES)
def test_check_in(snap_compare: Any, isolated_home: Path, size: tuple[int, int]) -> None:
    app, clock = snapshot_app(isolated_home)

    async def run_before(pilot: Pilot[Any]) -> None:
        await at_second(clock, 70.0)(pilot)  # both sides of the lunge are done
        await pilot.press("d")  # knee drive: untimed reps, done
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_summary(snap_compare: Any, isolated_home: Path, size: tuple[int, int]) -> None:
    app, clock = snapshot_app(isolated_home)

    async def run_before(pilot: Pilot[Any]) -> None:
        await at_second(clock, 70.0)(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, SessionScreen)
        clock.advance(14)
        await pilot.press("d", "2", "1")  # 14 s of knee drives, then both checks
        clock.advance(20)
        screen.tick()  # the rest ends: the summary shows
        await pilot.pause()
        await pilot.pause()
        for field in pilot.app.screen.query(Input):
            field.cursor_blink = False

    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_history(snap_compare: Any, isolated_home: Path, size: tuple[int, int]) -> None:
    app, _ = snapshot_app(isolated_home)
    assert snap_compare(app, terminal_size=size, press=["h"])


def test_session_work_high_contrast(snap_compare: Any, isolated_home: Path) -> None:
    app, clock = snapshot_app(isolated_home, theme="psoas-high-contrast")
    assert snap_compare(app, terminal_size=(80, 24), run_before=at_second(clock, 17.2))
