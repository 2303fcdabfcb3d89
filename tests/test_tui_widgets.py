"""The session's own widgets: the clock draws the block font, in the colours Textual's
``Digits`` would have, one widget per character; the progress line draws its fraction and
label."""

from __future__ import annotations

import asyncio

from textual.app import App, ComposeResult
from textual.geometry import Region
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Digits
from tui_fakes import on_screen

from psoas_tui.tui.widgets.blockfont import draw, fit
from psoas_tui.tui.widgets.clockdigits import ClockDigits, ClockGlyph
from psoas_tui.tui.widgets.progress import ProgressLine

VALUES = ["0:00", "0:09", "12:59", "1:05:00", "-0:03", "7.5"]


class SideBySide(App[None]):
    CSS = """
    Digits, ClockDigits { width: 24; }
    .bold { text-style: bold; }
    .centre { text-align: center; }
    .warm { color: $warning; }
    """

    def __init__(self, classes: str) -> None:
        super().__init__()
        self._variant = classes

    def compose(self) -> ComposeResult:
        yield Digits("", id="textual", classes=self._variant)
        yield ClockDigits("", id="ours", classes=self._variant)
        yield ProgressLine(id="progress")


def lines_of(widget: Widget) -> list[str]:
    return [strip.text for strip in on_screen(widget)]


async def compare(classes: str) -> None:
    app = SideBySide(classes)
    async with app.run_test(size=(60, 12)) as pilot:
        ours = app.query_one("#ours", ClockDigits)
        ours.set_glyph_height(8)
        for value in VALUES:
            ours.update(value)
            await pilot.pause()
            lines = lines_of(ours)
            assert ours.size.height == 8 and all(len(line) == 24 for line in lines)
            drawn = [line for line in lines if line.strip()]
            rows = draw(value, *fit(value, 8, 24))
            assert [line.strip() for line in drawn] == [row[:24].strip() for row in rows]
            left = max(0, (24 - len(rows[0])) // 2)  # centred
            assert [line[left : left + len(rows[0])] for line in drawn] == [
                row[:24] for row in rows
            ]


def colours_of(widget: Widget) -> set[object]:
    return {
        seg.style.color
        for strip in on_screen(widget)
        for seg in strip
        if seg.text.strip() and seg.style is not None
    }


def test_clock_digits_follow_a_class_and_a_theme_change() -> None:
    async def body() -> None:
        app = SideBySide("bold")
        async with app.run_test(size=(60, 12)) as pilot:
            textual_digits = app.query_one("#textual", Digits)
            ours = app.query_one("#ours", ClockDigits)
            for widget in (textual_digits, ours):
                widget.update("1:23")
            await pilot.pause()
            first = colours_of(ours)
            assert first == colours_of(textual_digits)
            for widget in (textual_digits, ours):
                widget.add_class("warm")  # as a phase class does
            await pilot.pause()
            warm = colours_of(ours)
            assert warm != first and warm == colours_of(textual_digits)
            for widget in (textual_digits, ours):
                widget.remove_class("warm")
            app.theme = "textual-light"  # a dark foreground now
            await pilot.pause()
            light = colours_of(ours)
            assert light != first and light == colours_of(textual_digits)

    asyncio.run(body())


def test_clock_digits_draw_the_block_font_at_their_height() -> None:
    for classes in ("", "bold"):
        asyncio.run(compare(classes))


def test_progress_line_draws_fraction_and_label() -> None:
    async def body() -> None:
        app = SideBySide("")
        async with app.run_test(size=(40, 12)) as pilot:
            line = app.query_one(ProgressLine)
            line.update(0.5, "about 1 min left")
            await pilot.pause()
            text = "".join(seg.text for seg in line.render_lines(line.region.reset_offset)[0])
            assert text.endswith(" about 1 min left") and len(text) == 40
            bar = text[: 40 - len(" about 1 min left")]
            assert bar.count("━") + bar.count("─") == len(bar)
            done = [
                seg
                for seg in line.render_lines(line.region.reset_offset)[0]
                if seg.text.startswith("━")
            ]
            assert len(done[0].text) == int(0.5 * len(bar))  # half the bar, in whole cells
            line.update(2.0, "")  # clamped, no label: all bar
            await pilot.pause()
            text = "".join(seg.text for seg in line.render_lines(line.region.reset_offset)[0])
            assert text == "━" * 40
            line.update(0.0, "")  # nothing done: all the thin line
            await pilot.pause()
            text = "".join(seg.text for seg in line.render_lines(line.region.reset_offset)[0])
            assert text == "─" * 40

    asyncio.run(body())


def styled_cells(strips: list[Strip]) -> list[list[tuple[str, object]]]:
    return [[(seg.text, seg.style) for seg in strip.simplify()] for strip in strips]


def test_clock_digits_fast_path_draws_what_the_styles_cache_would() -> None:
    """Each glyph hands its strips to the compositor itself (no styles cache per line):
    every crop, colour and class comes out as Textual's own path draws it."""

    async def body() -> None:
        app = SideBySide("bold")
        async with app.run_test(size=(60, 12)) as pilot:
            ours = app.query_one("#ours", ClockDigits)
            ours.set_glyph_height(8)
            for value, classes in (("0:59", ""), ("0:58", "warm"), ("12:05", "warm")):
                ours.set_class(bool(classes), "warm")
                ours.update(value)
                await pilot.pause()
                glyphs = [glyph for glyph in ours.query(ClockGlyph) if glyph.display]
                assert "".join(glyph.char for glyph in glyphs) == value
                for glyph in glyphs:
                    full = glyph.region.reset_offset
                    for crop in (
                        full,
                        Region(1, 1, 3, 3),
                        Region(0, full.height - 1, full.width, 1),
                    ):
                        fast = glyph.render_lines(crop)
                        glyph._styles_cache.clear()
                        cached = Widget.render_lines(glyph, crop)
                        assert styled_cells(fast) == styled_cells(cached), (value, crop)

    asyncio.run(body())


def test_clock_digits_redraw_only_the_characters_that_change() -> None:
    async def body() -> None:
        app = SideBySide("bold")
        async with app.run_test(size=(60, 12)) as pilot:
            ours = app.query_one("#ours", ClockDigits)
            ours.set_glyph_height(8)
            ours.update("0:59")
            await pilot.pause()
            glyphs = list(ours.query(ClockGlyph))
            asked: list[int] = []
            for index, glyph in enumerate(glyphs):

                def spy(*regions: Region, _index: int = index, **kwargs: object) -> Widget:
                    asked.append(_index)
                    return Widget.refresh(glyphs[_index], *regions, **kwargs)  # type: ignore[arg-type]

                glyph.refresh = spy  # type: ignore[method-assign]
            layouts = ours._layout_updates
            ours.update("0:58")  # one digit: its glyph alone
            assert set(asked) == {3}
            asked.clear()
            ours.update("0:47")  # two digits: their two glyphs
            assert set(asked) == {2, 3}
            await pilot.pause()
            assert ours._layout_updates == layouts  # the same widths: no new layout
            assert lines_of(ours) and [line.strip() for line in lines_of(ours) if line.strip()] == [
                row.strip() for row in draw("0:47", *fit("0:47", 8, 24))
            ]
            ours.update("10:00")  # five characters: laid out again
            await pilot.pause()
            assert ours._layout_updates > layouts
            glyphs = list(ours.query(ClockGlyph))  # one more, for the fifth character
            assert "".join(glyph.char for glyph in glyphs if glyph.display) == "10:00"

    asyncio.run(body())


def test_progress_line_redraws_only_its_label_when_the_bar_looks_the_same() -> None:
    async def body() -> None:
        app = SideBySide("")
        async with app.run_test(size=(40, 12)) as pilot:
            line = app.query_one(ProgressLine)
            line.update(0.5, "about 2 min left")
            await pilot.pause()
            asked: list[tuple[Region, ...]] = []
            original = line.refresh

            def spy(*regions: Region, **kwargs: object) -> Widget:
                asked.append(regions)
                return original(*regions, **kwargs)  # type: ignore[arg-type]

            line.refresh = spy  # type: ignore[method-assign]
            bar = 40 - len(" about 2 min left")
            line.update(0.5 + 0.4 / bar, "about 2 min left")  # within the same cell: nothing
            assert asked == []
            line.update(0.5 + 0.001, "about 1 min left")  # the bar: the same cells
            line.update(0.9, "about 1 min left")  # the bar grows: the whole line
            await pilot.pause()
            text = "".join(seg.text for seg in line.render_lines(line.region.reset_offset)[0])
            (label,), whole = asked
            assert whole == ()  # refresh() with no region: all of it
            width = len(" about 1 min left")
            assert (label.x, label.y, label.width, label.height) == (40 - width, 0, width, 1)
            assert text.endswith(" about 1 min left")

    asyncio.run(body())
