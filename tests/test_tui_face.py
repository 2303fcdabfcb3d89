"""The session's face, read from a mat two metres away: the remaining time is the largest
thing on the screen, the phase a full-width band, what does not fit hides in order, and
every cue flashes the band (issue #16)."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest
from test_tui_app import advance, build, start_session
from tui_fakes import pilot_test

from psoas_tui.tui.app import PsoasApp
from psoas_tui.tui.widgets.blockfont import FULL

SIZES = [(80, 24), (100, 30), (160, 48), (200, 60)]


def screen_text(app: PsoasApp) -> list[str]:
    return [strip.text for strip in app.screen._compositor.render_strips()]


def widget_rows(widget: Any) -> list[str]:
    """The rows ``widget`` draws, as text."""
    return [strip.text for strip in widget.render_lines(widget.region.reset_offset)]


def inked_rows(widget: Any) -> int:
    """How many rows of ``widget`` have a full block in them: the glyphs' height."""
    return sum(1 for row in widget_rows(widget) if FULL in row)


def least_clock_rows(rows: int) -> int:
    return max(10, math.ceil(0.45 * rows)) if rows >= 30 else 8


async def face_at(home: Path, size: tuple[int, int], seconds: float = 6) -> Any:
    """The session screen at ``size``, ``seconds`` in (6: work on the left side)."""
    app, clock, _ = build(home)
    context = app.run_test(size=size)
    pilot = await context.__aenter__()
    screen = await start_session(app, pilot)
    advance(clock, screen, seconds)
    await pilot.pause()
    return app, pilot, screen, context


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
@pilot_test
async def test_the_clock_is_the_largest_thing_and_the_band_spans_the_width(
    isolated_home: Path, size: tuple[int, int]
) -> None:
    app, pilot, screen, context = await face_at(isolated_home, size)
    try:
        columns, rows = size
        digits = screen.query_one("#remaining")
        clock_rows = inked_rows(digits)
        assert clock_rows >= least_clock_rows(rows), screen_text(app)
        side = screen.query_one("#side-big")
        assert side.word and 0 < inked_rows(side) < clock_rows  # large, smaller than the time
        band = screen.query_one("#phase")
        assert band.region.x == 0 and band.region.width == columns
        assert band.region.height >= 3
        backgrounds = {
            segment.style.bgcolor
            for strip in band.render_lines(band.region.reset_offset)
            for segment in strip
            if segment.style
        }
        assert len(backgrounds) == 1  # one fill from edge to edge
        assert "WORK" in "".join(widget_rows(band))
        # Nothing else is drawn as tall: every other widget is shorter than the glyphs.
        for widget in screen.query("*"):
            if widget in (digits, band) or not widget.display or widget.region.height == 0:
                continue
            if widget.query_one_optional("#remaining") is not None if widget.children else False:
                continue
            assert widget.region.height < clock_rows or widget.id in ("how", "session-face")
        for row in screen_text(app):
            assert len(row) == columns
    finally:
        await context.__aexit__(None, None, None)
