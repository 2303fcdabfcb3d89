"""The large clock: box-drawing glyphs spread apart, their strokes joined."""

from __future__ import annotations

from psoas_tui.tui.widgets.bigword import big_lines
from psoas_tui.tui.widgets.boxscale import Strokes, enlarge, strokes
from psoas_tui.tui.widgets.clockdigits import glyph_rows


def test_strokes_are_read_from_the_character_names() -> None:
    assert strokes("┏") == Strokes(down="heavy", right="heavy")
    assert strokes("┃") == Strokes(up="heavy", down="heavy")
    assert strokes("╺") == Strokes(right="heavy")
    assert strokes("┻") == Strokes(up="heavy", left="heavy", right="heavy")
    assert strokes("╭") == Strokes(down="light", right="light")  # an arc is a corner
    assert strokes("┼") == Strokes("light", "light", "light", "light")
    assert strokes(":") == strokes(" ") == strokes("A") == Strokes()


def test_a_zero_becomes_five_by_five_with_its_lines_joined() -> None:
    assert enlarge(["┏━┓", "┃ ┃", "┗━┛"]) == [
        "┏━━━┓",
        "┃   ┃",
        "┃   ┃",
        "┃   ┃",
        "┗━━━┛",
    ]


def test_only_strokes_that_meet_are_joined() -> None:
    # "1" then "0": the 1's foot ends in "╸" (no stroke to the right), so nothing joins
    # the two glyphs; the colon and the blanks stay apart.
    rows = enlarge(glyph_rows("1:0", bold=True))
    assert rows == [
        "╺━┓         ┏━━━┓",
        "  ┃         ┃   ┃",
        "  ┃     :   ┃   ┃",
        "  ┃         ┃   ┃",
        "╺━┻━╸       ┗━━━┛",
    ]
    assert len(rows) == 5 and {len(row) for row in rows} == {2 * 9 - 1}


def test_light_letters_join_with_light_lines() -> None:
    assert enlarge(big_lines("L")) == ["╷    ", "│    ", "│    ", "│    ", "╰────"]
