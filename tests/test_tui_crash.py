"""An unhandled error stops the app with a crash file and no traceback on the terminal,
through public Textual only (``App.error_console``), with no private method overridden."""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest
from test_tui_app import build, start_session
from textual.app import App
from tui_fakes import FakeClock, FixedLog, RecordingPlayer, locations_at, pilot_test

from psoas_tui.routine.catalog import user_entries
from psoas_tui.settings import Settings
from psoas_tui.tui.app import PsoasApp, make_app


class Boom(Exception):
    pass


def boom() -> None:
    raise Boom("kaboom")


def built(home: Path) -> PsoasApp:
    return make_app(
        settings=Settings(),
        locations=locations_at(home),
        clock=FakeClock(),
        player=RecordingPlayer(),
        log=FixedLog(),
        load_entries=user_entries,
        suspend_gap=None,
    )


@pilot_test
async def test_an_unhandled_error_goes_to_the_crash_file_not_the_terminal(
    isolated_home: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    """Pins what Textual does with an unhandled error: it stops the app and prints the
    traceback through ``error_console`` as it shuts down. If a Textual release prints it
    elsewhere, the traceback shows on stderr here, or the crash file misses it."""
    app = built(isolated_home)
    with pytest.raises(Boom):
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            app.call_later(boom)
            await pilot.pause()
    out, err = capfd.readouterr()
    assert "kaboom" not in out + err
    assert "Traceback" not in out + err
    assert app.return_code == 1
    assert app.crash_path == isolated_home / "crash.log"
    report = app.crash_path.read_text(encoding="utf-8")
    assert report.startswith("--- ") and " psoas " in report.splitlines()[0]
    assert "Boom: kaboom" in report
    assert "in boom" in report  # the frames, down to the function that raised
    assert "\x1b[" not in report  # plain text, no terminal colours


@pilot_test
async def test_an_error_in_the_alarms_tick_goes_to_the_crash_file_too(
    isolated_home: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    """The session's alarm ticks outside any message handler (session.py: ``_ring``); an
    error there still stops the app the same way, crash file and all."""
    app, _clock, _player = build(isolated_home)
    with pytest.raises(Boom):
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await start_session(app, pilot)
            assert screen.session is not None
            screen.session.tick = boom  # type: ignore[method-assign,assignment]
            screen._ring()  # the alarm goes off
            await pilot.pause()
    assert "kaboom" not in "".join(capfd.readouterr())
    assert app.return_code == 1
    assert app.crash_path == isolated_home / "crash.log"
    report = app.crash_path.read_text(encoding="utf-8")
    assert "Boom: kaboom" in report and "in _ring" in report


@pilot_test
async def test_a_crash_file_that_cannot_be_written_leaves_no_path(
    isolated_home: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    (isolated_home / "crash.log").mkdir()  # not a file: appending to it fails
    app = built(isolated_home)
    with pytest.raises(Boom):
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            app.call_later(boom)
            await pilot.pause()
    assert "kaboom" not in "".join(capfd.readouterr())
    assert app.crash_path is None  # launch says "nowhere" and still prints one line
    assert app.return_code == 1


def test_the_app_overrides_no_private_textual_method() -> None:
    """A private method overridden breaks quietly when Textual changes it."""
    private = [
        name
        for name, value in vars(PsoasApp).items()
        if name.startswith("_")
        and not name.startswith("__")
        and inspect.isfunction(value)
        and any(name in vars(base) for base in App.__mro__)
    ]
    assert private == []
