"""Home's routine list: header, stripes, cursor keys, scrolling, mouse, and its messages."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from rich.cells import cell_len
from textual.app import App, ComposeResult
from textual.widgets import Button
from tui_fakes import pilot_test

from psoas_tui.tui.widgets.routinelist import RoutineList, RoutineRow


def rows(count: int) -> list[RoutineRow]:
    return [RoutineRow(f"r{i}", f"Routine {i}", f"{i}:00", "never") for i in range(count)]


class ListApp(App[None]):
    def __init__(self, count: int = 30) -> None:
        super().__init__()
        self.count = count
        self.messages: list[tuple[str, str]] = []

    def compose(self) -> ComposeResult:
        yield RoutineList(id="list")
        yield Button("elsewhere")

    def on_mount(self) -> None:
        routines = self.query_one(RoutineList)
        routines.styles.height = 10  # a header and nine rows
        routines.styles.width = 50
        routines.set_rows(rows(self.count))
        routines.focus()

    def on_routine_list_highlighted(self, event: RoutineList.Highlighted) -> None:
        self.messages.append(("highlighted", event.key))

    def on_routine_list_selected(self, event: RoutineList.Selected) -> None:
        self.messages.append(("selected", event.key))


def text_lines(widget: RoutineList) -> list[str]:
    return [strip.text for strip in widget.render_lines(widget.region.reset_offset)]


def backgrounds(widget: RoutineList, line: int) -> set[Any]:
    strip = widget.render_lines(widget.region.reset_offset)[line]
    return {segment.style.bgcolor for segment in strip if segment.style}


@asynccontextmanager
async def listed(count: int) -> AsyncIterator[tuple[Any, RoutineList]]:
    """A running ListApp with ``count`` routines listed: its pilot and the list."""
    app = ListApp(count=count)
    async with app.run_test(size=(60, 14)) as pilot:
        await pilot.pause()
        yield pilot, app.query_one(RoutineList)


@pilot_test
async def test_header_stripes_and_cursor_are_drawn() -> None:
    async with listed(5) as (pilot, routines):
        lines = text_lines(routines)
        assert lines[0].split() == ["Routine", "Time", "Last", "done"]
        assert lines[1].startswith(" Routine 0 ") and "0:00  never" in lines[1]
        assert lines[6].strip() == ""  # below the rows: blank
        cursor, plain, stripe = (backgrounds(routines, y) for y in (1, 3, 2))
        assert cursor != plain and stripe != plain and cursor != stripe
        # Blurred, the cursor keeps its row but in the theme's blurred colours.
        await pilot.press("tab")
        await pilot.pause()
        assert not routines.has_focus
        assert backgrounds(routines, 1) != cursor


@pilot_test
async def test_keys_move_the_cursor_and_scroll_it_into_view() -> None:
    async with listed(30) as (pilot, routines):
        await pilot.press("down", "down", "down")
        assert routines.cursor_row == 3 and routines.cursor_key == "r3"
        assert pilot.app.messages == [("highlighted", f"r{i}") for i in (1, 2, 3)]
        await pilot.press("up")
        assert routines.cursor_key == "r2"
        await pilot.press("end")
        await pilot.pause()
        assert routines.cursor_key == "r29"
        lines = text_lines(routines)
        assert lines[0].split()[0] == "Routine"  # the header stays put while rows scroll
        assert lines[-1].startswith(" Routine 29 ")  # the cursor's row is on screen
        assert round(routines.scroll_y) == 30 - 9
        await pilot.press("home")
        await pilot.pause()
        assert routines.cursor_row == 0 and round(routines.scroll_y) == 0
        await pilot.press("pagedown")
        assert routines.cursor_row == 9  # a page is the nine rows in view
        await pilot.press("pageup")
        assert routines.cursor_row == 0
        await pilot.press("up")  # already at the top: nothing moves, nothing is said
        assert pilot.app.messages[-1] == ("highlighted", "r0")
        assert routines.cursor_row == 0


@pilot_test
async def test_a_click_highlights_and_a_second_click_selects() -> None:
    async with listed(5) as (pilot, routines):
        await pilot.click(RoutineList, offset=(3, 3))  # line 3: the third row
        await pilot.pause()
        assert routines.cursor_key == "r2"
        assert pilot.app.messages == [("highlighted", "r2")]
        await pilot.click(RoutineList, offset=(3, 3))
        await pilot.pause()
        assert pilot.app.messages[-1] == ("selected", "r2")
        await pilot.click(RoutineList, offset=(3, 0))  # the header: nothing happens
        await pilot.pause()
        assert routines.cursor_key == "r2" and len(pilot.app.messages) == 2


@pilot_test
async def test_new_rows_keep_the_cursor_on_its_routine() -> None:
    async with listed(5) as (_pilot, routines):
        routines.move_cursor(3)
        routines.set_rows([RoutineRow("new", "New", "1:00", "never"), *rows(5)])
        assert routines.cursor_key == "r3" and routines.cursor_row == 4
        routines.set_rows(rows(2))  # its routine is gone: the cursor stays in the list
        assert routines.cursor_row == 1
        routines.set_rows([])
        assert routines.cursor_key is None and routines.row_count == 0
        routines.move_cursor(1)  # an empty list has nowhere to go
        assert routines.cursor_key is None


@pilot_test
async def test_long_names_are_cut_and_keep_their_marker() -> None:
    async with listed(0) as (pilot, routines):
        routines.set_rows(
            [
                RoutineRow("mine", "A very long routine name indeed", "8:04", "today", True),
                RoutineRow("wide", "髋屈肌拉伸和加强训练计划表格说明", "3:00", "never"),
                RoutineRow("bad", "bad-file", "invalid", "never", invalid=True),
            ]
        )
        await pilot.pause()
        name_width = routines.column_widths(50)[0]
        lines = text_lines(routines)
        # Time and last done are as wide as their widest cell ("invalid", "Last done"),
        # the name gets the rest.
        assert routines.column_widths(50) == (50 - 7 - 9 - 6, 7, 9)
        assert name_width == 28
        name = "A very long routine… · yours"  # cut to 28 cells, the marker kept
        assert lines[1] == f" {name:<28}     8:04  today     "
        # Wide characters take two cells each: the line still fits, times line up.
        assert cell_len(lines[2].split("3:00")[0]) == cell_len(lines[1].split("8:04")[0])
        assert cell_len(lines[2]) == cell_len(lines[1]) == 50
        assert "…" in lines[2]
        assert "invalid" in lines[3]
        invalid = next(s for s in routines.render_line(3) if s.text.strip() == "invalid")
        plain = next(s for s in routines.render_line(3) if s.text.strip() == "never")
        assert invalid.style is not None and plain.style is not None
        assert invalid.style.color != plain.style.color and invalid.style.bold
        routines.set_rows([RoutineRow("r", "Routine", "3:00", "12 days ago")])
        assert routines.column_widths(50) == (50 - 4 - 11 - 6, 4, 11)
