"""The palette's "Reminders": the status, and o/f turn them on and off with the defaults
through the same functions as ``psoas remind``: against a ``systemctl`` stub on PATH
that records its calls, and for real where there is no user systemd (the crontab line)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from textual.widgets import Static
from tui_fakes import FakeClock, RecordingPlayer, locations_at, pilot_test

from psoas_tui.history import open_log
from psoas_tui.remind.units import SERVICE, TIMER
from psoas_tui.routine.catalog import user_entries
from psoas_tui.settings import Settings
from psoas_tui.tui.app import PsoasApp, make_app
from psoas_tui.tui.screens.reminders import RemindersScreen
from tests.test_remind import write_systemctl_stub


@pytest.fixture(autouse=True)
def no_desktop(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)


@pytest.fixture
def systemctl_calls(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A ``systemctl`` first on PATH that records its arguments, one call a line."""
    folder, calls = write_systemctl_stub(tmp_path)
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ['PATH']}")
    return calls


def build(home: Path) -> PsoasApp:
    locations = locations_at(home)
    return make_app(
        settings=Settings(),
        locations=locations,
        clock=FakeClock(),
        player=RecordingPlayer(),
        log=open_log(locations),
        load_entries=user_entries,
        suspend_gap=None,
    )


async def open_from_palette(app: PsoasApp, pilot: object) -> RemindersScreen:
    from textual.command import CommandList

    await pilot.pause()  # type: ignore[attr-defined]
    await pilot.press("ctrl+p")  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]
    await pilot.press(*"reminders")  # type: ignore[attr-defined]
    hits = app.screen.query_one(CommandList)
    for _ in range(100):  # the palette searches in the background
        if hits.option_count:
            break
        await pilot.pause(0.02)  # type: ignore[attr-defined]
    await pilot.press("enter")  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]
    screen = app.screen
    assert isinstance(screen, RemindersScreen)
    return screen


def text(screen: RemindersScreen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


def unit_folder() -> Path:
    return Path(os.environ["XDG_CONFIG_HOME"]) / "systemd" / "user"


@pilot_test
async def test_the_palettes_reminders_show_the_status_and_turn_them_on_and_off(
    isolated_home: Path, systemctl_calls: Path
) -> None:
    app = build(isolated_home)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_from_palette(app, pilot)
        assert "Reminders are off" in text(screen, "#reminders-status")
        await pilot.press("o")
        await pilot.pause()
        said = text(screen, "#reminders-said")
        assert "Reminders are on: every 50 min, Mon-Fri, 09:00-17:30: desk-break." in said
        assert (unit_folder() / TIMER).exists() and (unit_folder() / SERVICE).exists()
        assert f"--user enable --now {TIMER}" in systemctl_calls.read_text().splitlines()
        status = text(screen, "#reminders-status")
        assert "Reminders are on: every 50 min" in status and "Timer: active" in status
        await pilot.press("f")
        await pilot.pause()
        assert "Reminders are off" in text(screen, "#reminders-said")
        assert not (unit_folder() / TIMER).exists()
        assert f"--user disable --now {TIMER}" in systemctl_calls.read_text().splitlines()
        assert "Reminders are off" in text(screen, "#reminders-status")
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, RemindersScreen)


@pilot_test
async def test_without_systemd_the_reminders_show_the_crontab_line(isolated_home: Path) -> None:
    """For real: this machine's systemctl finds no user manager (private runtime folder,
    no session bus)."""
    app = build(isolated_home)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_from_palette(app, pilot)
        await pilot.click("#reminders-on")
        await pilot.pause()
        said = text(screen, "#reminders-said")
        assert "no systemd user session here" in said
        line = next(line for line in said.splitlines() if line.startswith("*/5 "))
        assert "remind fire --every 50m --between 09:00-17:30 --days mon,tue,wed,thu,fri" in line
        assert not unit_folder().exists()
        assert "Reminders are off" in text(screen, "#reminders-status")
