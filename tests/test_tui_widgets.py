"""The session's own widgets: the clock draws the block font, in the colours Textual's
``Digits`` would have; the progress line draws its fraction and label."""

from __future__ import annotations

import asyncio

from textual.app import App, ComposeResult
from textual.geometry import Region
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Digits

from psoas_tui.tui.widgets.blockfont import draw, fit
from psoas_tui.tui.widgets.clockdigits import ClockDigits
from psoas_tui.tui.widgets.progress import ProgressLine

VALUES = ["0:00", "0:09", "12:59", "1:05:00", "-0:03", "7.5"]


class SideBySide(App[None]):
    CSS = """
    Digits { width: 24; }
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


def lines_of(widget: Digits) -> list[str]:
    return [
        "".join(seg.text for seg in strip)
        for strip in widget.render_lines(widget.region.reset_offset)
    ]


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
            if "centre" in classes:
                assert lines[0].startswith(" " * ((24 - len(rows[0])) // 2))


def colours_of(widget: Digits) -> set[object]:
    region = widget.region.reset_offset
    return {
        seg.style.color
        for strip in widget.render_lines(region)
        for seg in strip
        if seg.text.strip()
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
    for classes in ("", "bold", "bold centre"):
        asyncio.run(compare(classes))


def test_progress_line_draws_fraction_and_label() -> None:
    async def body() -> None:
        app = SideBySide("")
        async with app.run_test(size=(40, 12)) as pilot:
            line = app.query_one(ProgressLine)
            line.update(0.5, "1:00 done · 1:00 left")
            await pilot.pause()
            text = "".join(seg.text for seg in line.render_lines(line.region.reset_offset)[0])
            assert text.endswith(" 1:00 done · 1:00 left") and len(text) == 40
            bar = text[: 40 - len(" 1:00 done · 1:00 left")]
            assert bar.count("━") + bar.count("╸") + bar.count("─") == len(bar)
            done = [
                seg
                for seg in line.render_lines(line.region.reset_offset)[0]
                if seg.text.startswith("━")
            ]
            assert len(done[0].text) == round(0.5 * len(bar))  # half the bar is the heavy part
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
    """The clock hands its strips to the compositor itself (no styles cache per line):
    every crop, colour and class comes out as Textual's own path draws it."""

    async def body() -> None:
        app = SideBySide("bold centre")
        async with app.run_test(size=(60, 12)) as pilot:
            ours = app.query_one("#ours", ClockDigits)
            ours.set_glyph_height(8)
            for value, classes in (("0:59", ""), ("0:58", "warm"), ("12:05", "warm")):
                ours.set_class(bool(classes), "warm")
                ours.update(value)
                await pilot.pause()
                full = ours.region.reset_offset
                for crop in (full, Region(3, 1, 10, 5), Region(0, 7, 24, 1)):
                    fast = ours.render_lines(crop)
                    ours._styles_cache.clear()
                    cached = Widget.render_lines(ours, crop)
                    assert styled_cells(fast) == styled_cells(cached), (value, crop)

    asyncio.run(body())


def test_clock_digits_redraw_only_the_columns_that_change() -> None:
    async def body() -> None:
        app = SideBySide("bold centre")
        async with app.run_test(size=(60, 12)) as pilot:
            ours = app.query_one("#ours", ClockDigits)
            ours.set_glyph_height(8)
            ours.update("0:59")
            await pilot.pause()
            asked: list[tuple[Region, ...]] = []
            original = ours.refresh

            def spy(*regions: Region, **kwargs: object) -> Widget:
                asked.append(regions)
                return original(*regions, **kwargs)  # type: ignore[arg-type]

            ours.refresh = spy  # type: ignore[method-assign]
            before = lines_of(ours)
            ours.update("0:58")  # one digit: its columns, all the glyph's rows
            ours.update("0:47")  # two digits: from the first changed to the last
            await pilot.pause()
            after = lines_of(ours)
            (one,), (two,) = asked
            rows = draw("0:58", *fit("0:58", 8, 24))
            assert one.height == len(rows) and two.height == len(rows)
            assert two.x < one.x and two.right == one.right
            changed = {
                x
                for row_a, row_b in zip(before, after, strict=True)
                for x, (a, b) in enumerate(zip(row_a, row_b, strict=True))
                if a != b
            }
            assert changed and all(two.x <= x < two.right for x in changed)

    asyncio.run(body())


def test_progress_line_redraws_only_its_label_when_the_bar_looks_the_same() -> None:
    async def body() -> None:
        app = SideBySide("")
        async with app.run_test(size=(40, 12)) as pilot:
            line = app.query_one(ProgressLine)
            line.update(0.5, "0:30 done · 0:30 left")
            await pilot.pause()
            asked: list[tuple[Region, ...]] = []
            original = line.refresh

            def spy(*regions: Region, **kwargs: object) -> Widget:
                asked.append(regions)
                return original(*regions, **kwargs)  # type: ignore[arg-type]

            line.refresh = spy  # type: ignore[method-assign]
            line.update(0.5 + 0.001, "0:31 done · 0:29 left")  # the bar: the same cells
            line.update(0.9, "0:54 done · 0:06 left")  # the bar grows: the whole line
            await pilot.pause()
            text = "".join(seg.text for seg in line.render_lines(line.region.reset_offset)[0])
            (label,), whole = asked
            assert whole == ()  # refresh() with no region: all of it
            width = len(" 0:31 done · 0:29 left")
            assert (label.x, label.y, label.width, label.height) == (40 - width, 0, width, 1)
            assert text.endswith(" 0:54 done · 0:06 left")

    asyncio.run(body())
