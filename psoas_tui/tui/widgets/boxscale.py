"""Box-drawing letters and digits drawn larger, for a clock read from across the room.

Textual's digit font (and ``bigword``'s letters) draw each glyph in 3x3 cells of box-drawing
characters. :func:`enlarge` spreads the cells apart and joins the strokes that met: a
connector column between two cells whose strokes point at each other ("━", "─"), and a
connector line between two rows ("┃", "│"). Three rows become five and ``w`` columns
``2w - 1``, in the same style of line:

    ┏━┓        ┏━━━┓
    ┃ ┃   ->   ┃   ┃
    ┗━┛        ┃   ┃
               ┃   ┃
               ┗━━━┛

Which way each character's strokes go is read from its Unicode name ("BOX DRAWINGS HEAVY
DOWN AND RIGHT"), so every box-drawing character works, not only the ones listed here.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import NamedTuple


class Strokes(NamedTuple):
    """The weight ("heavy" or "light") of a character's stroke each way, or "" for none."""

    up: str = ""
    down: str = ""
    left: str = ""
    right: str = ""


NONE = Strokes()
VERTICAL = {"heavy": "┃", "light": "│"}
HORIZONTAL = {"heavy": "━", "light": "─"}


@lru_cache(maxsize=512)
def strokes(char: str) -> Strokes:
    """Which ways ``char`` draws a line (nothing for anything but box drawing)."""
    import unicodedata  # a shared library: loaded only for a large clock

    name = unicodedata.name(char, "")
    if not name.startswith("BOX DRAWINGS "):
        return NONE
    words = set(name.removeprefix("BOX DRAWINGS ").split())
    weight = "heavy" if "HEAVY" in words else "light"
    vertical = "VERTICAL" in words
    horizontal = "HORIZONTAL" in words
    return Strokes(
        up=weight if vertical or "UP" in words else "",
        down=weight if vertical or "DOWN" in words else "",
        left=weight if horizontal or "LEFT" in words else "",
        right=weight if horizontal or "RIGHT" in words else "",
    )


def enlarge(rows: Sequence[str]) -> list[str]:
    """``rows`` of box drawing with a connector between every two columns and rows."""
    out: list[str] = []
    for index, row in enumerate(rows):
        line: list[str] = []
        for column, char in enumerate(row):
            line.append(char)
            if column + 1 < len(row):
                right = strokes(char).right
                joined = right and strokes(row[column + 1]).left
                line.append(HORIZONTAL[right] if joined else " ")
        out.append("".join(line))
        if index + 1 < len(rows):
            below = rows[index + 1]
            gap: list[str] = []
            for column, char in enumerate(row):
                down = strokes(char).down
                joined = down and column < len(below) and strokes(below[column]).up
                gap.append(VERTICAL[down] if joined else " ")
                if column + 1 < len(row):
                    gap.append(" ")
            out.append("".join(gap))
    return out
