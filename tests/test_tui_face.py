"""The session's face, read from a mat two metres away: the remaining time is the largest
thing on the screen, the phase a full-width band, what does not fit hides in order, and
every cue flashes the band (issue #16)."""

from __future__ import annotations

import itertools
import math
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
from test_tui_app import advance, build, start_session
from textual._compositor import ChopsUpdate
from textual.geometry import Region
from textual.widget import Widget
from tui_fakes import flash_over, on_screen, pilot_test

from psoas_tui.settings import Settings
from psoas_tui.tui.app import PsoasApp
from psoas_tui.tui.screens.howto import HowToScreen
from psoas_tui.tui.screens.keys import screen_keys
from psoas_tui.tui.screens.session import SessionScreen
from psoas_tui.tui.themes import HIGH_CONTRAST
from psoas_tui.tui.widgets.band import PhaseBand
from psoas_tui.tui.widgets.blockfont import DIGITS, FULL, draw, fit, thickness
from psoas_tui.tui.widgets.clockdigits import ClockDigits, ClockGlyph
from psoas_tui.tui.widgets.keybar import KeyBar

SIZES = [(80, 24), (100, 30), (160, 48), (200, 60)]
SIZE_IDS = [f"{w}x{h}" for w, h in SIZES]


def screen_text(app: PsoasApp) -> list[str]:
    return [strip.text for strip in app.screen._compositor.render_strips()]


def widget_rows(widget: Any) -> list[str]:
    """The rows ``widget`` draws, as text."""
    return [strip.text for strip in on_screen(widget)]


def inked_rows(widget: Any) -> int:
    """How many rows of ``widget`` have a full block in them: the glyphs' height."""
    return sum(1 for row in widget_rows(widget) if FULL in row)


def least_clock_rows(rows: int) -> int:
    return max(10, math.ceil(0.45 * rows)) if rows >= 30 else 8


def colours(app: PsoasApp, widget: Any = None) -> list[list[object]]:
    """(foreground, background) of every cell, line by line (of ``widget``, or the screen)."""
    strips = on_screen(widget) if widget is not None else app.screen._compositor.render_strips()
    return [
        [
            (segment.style.color, segment.style.bgcolor) if segment.style else None
            for segment in strip
            for _cell in segment.text
        ]
        for strip in strips
    ]


@asynccontextmanager
async def face(
    home: Path, size: tuple[int, int], seconds: float = 6, **kwargs: Any
) -> AsyncIterator[tuple[PsoasApp, Any, SessionScreen, Any]]:
    """The session screen at ``size``, ``seconds`` in (6: work on the left side)."""
    app, clock, _ = build(home, **kwargs)
    async with app.run_test(size=size) as pilot:
        screen = await start_session(app, pilot)
        advance(clock, screen, seconds)
        band = screen.query_one("#phase", PhaseBand)
        await flash_over(pilot, band)  # the cue's flash is over
        assert not band.flashing
        yield app, pilot, screen, clock


def strokes(rows: list[str]) -> list[int]:
    """The length of every run of full blocks, down each column and along each row."""
    runs: list[int] = []
    columns = ["".join(row[x] for row in rows) for x in range(len(rows[0]))]
    for line in [*rows, *columns]:
        runs += [len(run) for run in line.replace(" ", "\n").split() if run]
    return runs


# -- the font --------------------------------------------------------------------------


@pytest.mark.parametrize("height", [5, 8, 10, 13, 14, 22, 24, 27, 30])
def test_the_ten_digits_are_distinct_with_strokes_an_eighth_of_their_height(
    height: int,
) -> None:
    drawn = {digit: draw(digit, height) for digit in "0123456789"}
    for a, b in itertools.combinations(drawn, 2):
        assert drawn[a] != drawn[b], (a, b, height)
    for digit, rows in drawn.items():
        assert len(rows) == height
        assert set("".join(rows)) <= {FULL, " "}  # full blocks: legible at any size
        assert min(strokes(list(rows))) >= height / 8, (digit, height)
    assert thickness(height) >= height / 8
    assert set(DIGITS) >= set("0123456789")


def test_side_words_in_both_languages_are_drawn_large() -> None:
    for word in ("LEFT", "RIGHT", "BOTH", "LINKS", "RECHTS"):
        rows = draw(word, 8)
        columns = len(rows[0])
        letter_columns = [x for x in range(columns) if any(row[x] == FULL for row in rows)]
        assert len(rows) == 8 and len(letter_columns) > 4 * len(word), word


# -- the face at every size ------------------------------------------------------------


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
@pilot_test
async def test_the_clock_is_the_largest_thing_and_the_band_spans_the_width(
    isolated_home: Path, size: tuple[int, int]
) -> None:
    async with face(isolated_home, size) as (app, _pilot, screen, _clock):
        columns, rows = size
        digits = screen.query_one("#remaining")
        clock_rows = inked_rows(digits)
        assert clock_rows >= least_clock_rows(rows), screen_text(app)
        # The digits at this size: all ten distinct, strokes an eighth of their height.
        drawn = {d: draw(d, clock_rows) for d in "0123456789"}
        assert len(set(drawn.values())) == 10
        shown = [row for row in widget_rows(digits) if FULL in row]
        assert min(strokes(shown)) >= clock_rows / 8
        side = screen.query_one("#side-big")
        assert side.word == "LEFT" and 0 < inked_rows(side) < clock_rows  # large, but less
        band = screen.query_one("#phase", PhaseBand)
        assert band.region.x == 0 and band.region.width == columns and band.region.height >= 3
        fills = {cell[1] for line in colours(app, band) for cell in line if cell}
        assert len(fills) == 1  # one fill from edge to edge
        assert "WORK" in "".join(widget_rows(band))
        # Nothing else is as tall as the digits (the how-to text is hidden or smaller).
        for widget in screen.query("Label, Static, BigWord, ProgressLine, KeyBar"):
            if widget is not digits and widget.display:
                assert widget.region.height < clock_rows, widget


@pytest.mark.parametrize(
    ("size", "how", "next_line", "progress"),
    [
        ((160, 48), True, True, True),
        ((100, 30), False, True, True),
        ((80, 24), False, True, True),
        ((80, 22), False, False, True),
        ((80, 21), False, False, False),
    ],
)
@pilot_test
async def test_what_does_not_fit_hides_how_to_first_then_next_then_progress(
    isolated_home: Path, size: tuple[int, int], how: bool, next_line: bool, progress: bool
) -> None:
    async with face(isolated_home, size) as (_app, _pilot, screen, _clock):
        assert screen.query_one("#how").display is how
        assert screen.query_one("#next").display is next_line
        assert screen.query_one("#session-progress").display is progress
        assert inked_rows(screen.query_one("#remaining")) >= 8
        keys = screen.query_one(KeyBar)
        assert keys.region.bottom == size[1]  # the keys stay on the last line


@pilot_test
async def test_the_reason_line_has_its_slot_at_80x24(isolated_home: Path) -> None:
    async with face(isolated_home, (80, 24)) as (app, pilot, screen, _clock):
        reason = screen.query_one("#reason")
        assert not reason.display  # empty: hidden
        screen.set_reason("left 45 s, right 30 s: the left side is tighter")
        await pilot.pause()
        assert reason.display and reason.region.height == 1
        assert any("left 45 s, right 30 s" in line for line in screen_text(app))
        assert inked_rows(screen.query_one("#remaining")) >= 8
        assert screen.query_one("#next").display  # "next" still fits beside it
        screen.set_reason("")
        await pilot.pause()
        assert not reason.display


@pilot_test
async def test_h_shows_the_how_to_text_in_full(isolated_home: Path) -> None:
    async with face(isolated_home, (80, 24)) as (app, pilot, screen, _clock):
        assert not screen.query_one("#how").display  # no room for it here
        assert "h How-to" in " ".join(screen_text(app))  # in the key bar
        assert ("h", "How-to") in screen_keys(screen)  # and in the keys help
        await pilot.press("h")
        await pilot.pause()
        assert isinstance(app.screen, HowToScreen)
        assert any("Kneel and lean forward." in line for line in screen_text(app))
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen


# -- the band --------------------------------------------------------------------------


@pilot_test
async def test_each_cue_flashes_the_band_even_muted_and_its_colours_come_back(
    isolated_home: Path,
) -> None:
    async with face(isolated_home, (80, 24), seconds=1) as (app, pilot, screen, clock):
        await pilot.press("m")  # muted, as with --mute: no sound, the band still shows cues
        await pilot.pause()
        assert app.player.muted
        band = screen.query_one("#phase", PhaseBand)
        digits = screen.query_one("#remaining")
        before = colours(app)
        band_before = colours(app, band)
        flashes = band.flashes
        advance(clock, screen, 1)  # 3 s left of get-ready: a countdown cue
        await pilot.pause()
        assert band.flashes == flashes + 1 and band.flashing
        during = colours(app)
        assert colours(app, band) != band_before  # the band flashes
        # Only the band: every other row has its colours, but the progress line's (its bar
        # grows a cell about every second of this one-minute routine).
        bar = screen.query_one("#session-progress").region.y
        others = [y for y in range(len(before)) if not band.region.y <= y < band.region.bottom]
        assert [during[y] for y in others if y != bar] == [before[y] for y in others if y != bar]
        assert digits.look == "get-ready"
        await flash_over(pilot, band)
        assert not band.flashing
        assert colours(app, band) == band_before  # exactly its own colours again
        after = colours(app)
        assert [after[y] for y in others] == [during[y] for y in others]  # and nothing else


@pilot_test
async def test_in_the_default_theme_each_phase_has_its_own_band_colour(
    isolated_home: Path,
) -> None:
    async with face(isolated_home, (80, 24)) as (_app, pilot, screen, _clock):
        band = screen.query_one("#phase", PhaseBand)
        seen = {}
        for phase in ("get-ready", "work", "reps", "switch", "rest", "check"):
            band.set_classes(f"-{phase}")
            await pilot.pause()
            seen[phase] = band.styles.background
        assert len(set(seen.values())) == 6, seen


def ink(widget: Any) -> set[object]:
    """The colours of ``widget``'s full blocks on screen."""
    return {
        segment.style.color if segment.style else None
        for strip in on_screen(widget)
        for segment in strip
        if FULL in segment.text
    }


@pilot_test
async def test_the_clock_draws_each_phase_and_paused_in_its_theme_colour_without_a_restyle(
    isolated_home: Path,
) -> None:
    async with face(isolated_home, (100, 30)) as (app, pilot, screen, _clock):
        digits = screen.query_one("#remaining", ClockDigits)
        assert digits.look == "work"
        screen._cancel_alarm()  # no tick sets the phase's look again while this runs
        restyled: list[object] = []
        apply = app.stylesheet.apply

        def spy(node: Any, **kwargs: Any) -> None:
            restyled.append(node)
            apply(node, **kwargs)

        app.stylesheet.apply = spy  # type: ignore[method-assign]
        theme = app.theme_variables
        expected = {
            "get-ready": theme["warning"],
            "work": theme["success"],
            "switch": theme["accent"],
            "rest": theme["secondary-lighten-2"],
            "check": theme["foreground"],  # a check: the clock's own colour
            "": theme["foreground"],
        }
        seen = {}
        for look in ("get-ready", "work", "switch", "rest", "check", "paused", ""):
            digits.set_look(look)
            await pilot.pause()
            (colour,) = ink(digits)  # every glyph in the look's colour
            seen[look] = colour
            if look in expected:
                assert colour.triplet.hex.upper() == expected[look].upper(), look
        paused = seen.pop("paused")
        assert paused not in seen.values(), seen  # paused greys the clock out
        assert not [node for node in restyled if node is digits or node in digits.children]
        with pytest.raises(ValueError, match="no look"):
            digits.set_look("stretch")


def glyph_styles(digits: ClockDigits) -> set[tuple[object, bool]]:
    """(colour, bold) of the clock's full blocks on screen."""
    return {
        (segment.style.color, bool(segment.style.bold))
        for strip in on_screen(digits)
        for segment in strip
        if FULL in segment.text and segment.style
    }


@pilot_test
async def test_in_high_contrast_the_paused_clock_is_white_but_not_bold(
    isolated_home: Path,
) -> None:
    settings = Settings(theme=HIGH_CONTRAST.name)
    async with face(isolated_home, (100, 30), settings=settings) as (_app, pilot, screen, _):
        digits = screen.query_one("#remaining", ClockDigits)
        ((running_colour, running_bold),) = glyph_styles(digits)
        await pilot.press("space")
        await pilot.pause()
        assert digits.look == "paused"
        ((paused_colour, paused_bold),) = glyph_styles(digits)
        assert running_colour.triplet.hex.upper() == "#FFFFFF" and running_bold
        assert paused_colour == running_colour and not paused_bold  # no grey: thinner


@pilot_test
async def test_high_contrast_is_black_white_and_one_accent_and_fills_tell_phases_apart(
    isolated_home: Path,
) -> None:
    settings = Settings(theme=HIGH_CONTRAST.name)
    async with face(isolated_home, (80, 24), seconds=0, settings=settings) as (
        app,
        pilot,
        screen,
        clock,
    ):
        allowed = {"#000000", "#FFFFFF", "#FFFF00"}
        band = screen.query_one("#phase", PhaseBand)
        for seconds in (0, 6, 30, 5, 30, 1):  # get ready, work, switch, work, reps...
            advance(clock, screen, seconds)
            await pilot.pause()
            band.flash()  # the accent shows while it flashes
            await pilot.pause()
            for flashing in (True, False):
                assert band.flashing == flashing
                used = {
                    colour.triplet.hex.upper()
                    for line in colours(app)
                    for cell in line
                    if cell
                    for colour in cell
                    if colour is not None and colour.triplet is not None
                }
                assert used <= allowed, (seconds, flashing, used - allowed)
                if flashing:
                    await flash_over(pilot, band)
        looks = {}
        for phase in ("get-ready", "work", "switch", "rest", "check"):
            band.set_classes(f"-{phase}")
            await pilot.pause()
            styles = band.styles
            looks[phase] = (styles.background, styles.color, styles.border_top[0])
        assert len(set(looks.values())) == 5, looks  # a fill of its own, not a colour
        backgrounds = {look[0].hex.upper() for look in looks.values()}
        assert backgrounds <= {"#000000", "#FFFFFF"}


@pilot_test
async def test_each_second_redraws_only_the_digits_that_change_and_the_screen_shows_them(
    isolated_home: Path,
) -> None:
    """A second redraws the glyph of each character that changed, and what goes to the
    terminal is that glyph's cells: Textual writes a changed line from the left edge of
    the widget that holds it, so one widget for the whole clock wrote every row of every
    digit again each second."""
    async with face(isolated_home, (100, 30)) as (app, pilot, screen, clock):
        digits = screen.query_one("#remaining", ClockDigits)
        glyphs = list(digits.query(ClockGlyph))
        refreshed: list[ClockGlyph] = []
        for glyph_widget in glyphs:

            def spy(*regions: Any, _glyph: ClockGlyph = glyph_widget, **kwargs: Any) -> Any:
                refreshed.append(_glyph)
                return Widget.refresh(_glyph, *regions, **kwargs)

            glyph_widget.refresh = spy  # type: ignore[method-assign]
        written: list[str] = []
        display = app._display

        def capture(screen_: Any, renderable: Any) -> None:
            if isinstance(renderable, ChopsUpdate):
                written.append(renderable.render_segments(app.console))
            display(screen_, renderable)

        app._display = capture  # type: ignore[method-assign]
        for _second in range(3):
            before = digits.value
            refreshed.clear()
            written.clear()
            advance(clock, screen, 1)
            await pilot.pause()
            after = digits.value
            changed = [i for i, (a, b) in enumerate(zip(before, after, strict=True)) if a != b]
            assert len(changed) == 1  # the seconds' digit
            (glyph_widget,) = {*refreshed}
            assert glyph_widget is glyphs[changed[0]]
            assert 0 < glyph_widget.size.width < digits.size.width // 4
            # The terminal gets the changed glyph's blocks, not the clock's rows again,
            # and of that glyph only the rows that differ.
            blocks = sum(text.count(FULL) for text in written)
            old_rows = draw(before[changed[0]], glyph_widget.rows, glyph_widget.aspect)
            new_rows = draw(after[changed[0]], glyph_widget.rows, glyph_widget.aspect)
            differ = [new for old, new in zip(old_rows, new_rows, strict=True) if old != new]
            assert 0 < blocks == sum(row.count(FULL) for row in differ)
            assert blocks < digits.size.area // 6
            # The screen shows the whole value, in the font, centred.
            rows = draw(after, *fit(after, digits.glyph_height, digits.size.width))
            top = digits.region.y + (digits.size.height - len(rows)) // 2
            shown = screen_text(app)[top : top + len(rows)]
            left = (digits.size.width - len(rows[0])) // 2
            assert [line[left : left + len(rows[0])] for line in shown] == list(rows)


@pilot_test
async def test_the_bands_own_lines_are_what_the_styles_cache_would_draw(
    isolated_home: Path,
) -> None:
    """The band hands its lines to the compositor itself (no styles cache per line), in
    its own look and in the flash's: cell for cell what Textual's own path draws."""
    async with face(isolated_home, (80, 24)) as (_app, pilot, screen, _clock):
        band = screen.query_one("#phase", PhaseBand)
        for phase in ("work", "rest"):
            band.set_classes(f"-{phase}")
            await pilot.pause()
            for flashing in (False, True):
                if flashing:
                    band.flash()
                    await pilot.pause()
                assert band.flashing == flashing
                full = band.region.reset_offset
                for crop in (full, Region(3, 1, 20, 1), Region(0, 2, full.width, 1)):
                    fast = band.render_lines(crop)
                    band._styles_cache.clear()
                    cached = Widget.render_lines(band, crop)
                    assert [strip.text for strip in fast] == [strip.text for strip in cached]
                    assert [
                        [(seg.text, seg.style) for seg in strip.simplify()] for strip in fast
                    ] == [[(seg.text, seg.style) for seg in strip.simplify()] for strip in cached]
            await flash_over(pilot, band)
