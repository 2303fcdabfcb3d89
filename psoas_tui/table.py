"""A small box-drawn table for ``psoas log``: Rich's look without Rich's start-up.

``psoas log`` is typed often and should answer as fast as ``psoas --version``; importing
Rich alone costs about 60 ms, which is most of that budget (see
``benchmarks/history.py``). This module draws the same heavy-headed box Rich draws by
default, fits the table to the terminal by cutting the widest shrinkable columns with an
ellipsis, and styles text with plain SGR codes only when the output is a terminal and
``NO_COLOR`` is not set. Every value is text: nothing in a cell is read as markup.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import NamedTuple, TextIO

from psoas_tui.routine.text import clean_text

BOLD, ITALIC = "1", "3"
GREEN, YELLOW, RED = "32", "33", "31"
_COLOURS = {GREEN, YELLOW, RED}
ELLIPSIS = "…"


class Column(NamedTuple):
    header: str
    right: bool = False  # align to the right (numbers)
    style: str = ""  # SGR codes for every cell of the column, e.g. BOLD
    shrink: bool = False  # may be cut with an ellipsis when the terminal is narrow
    min_width: int = 6
    width: int = 0  # at least this wide, whatever the cells hold (a status word column)


class Cell(NamedTuple):
    text: str
    style: str = ""


def cell_width(text: str) -> int:
    """Terminal cells ``text`` takes: wide East Asian characters take two, marks and
    format characters none (emoji sequences are not measured exactly)."""
    if text.isascii():
        return len(text)
    import unicodedata  # a shared library: loaded only for text that needs it

    width = 0
    for char in text:
        # Marks that sit on the letter before them (Thai and Devanagari vowel signs too,
        # which have no combining class) and invisible format characters take no cell.
        if unicodedata.category(char) in ("Mn", "Me", "Cf"):
            continue
        width += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return width


def cut(text: str, width: int) -> str:
    """``text`` in at most ``width`` cells, ending in an ellipsis when it was cut."""
    if cell_width(text) <= width:
        return text
    if width <= 0:
        return ""
    kept, used = [], 0
    for char in text:
        size = cell_width(char)
        if used + size > width - 1:
            break
        kept.append(char)
        used += size
    return "".join(kept) + ELLIPSIS


def use_colour(stream: TextIO) -> tuple[bool, bool]:
    """(styles, colours) for ``stream``: styles on a terminal (or with FORCE_COLOR),
    colours too unless NO_COLOR is set (https://no-color.org)."""
    if os.environ.get("TERM") == "dumb":
        return False, False
    forced = bool(os.environ.get("FORCE_COLOR"))
    try:
        terminal = stream.isatty()
    except (AttributeError, ValueError):
        terminal = False
    styles = forced or terminal
    return styles, styles and not os.environ.get("NO_COLOR")


def fit_widths(natural: Sequence[int], columns: Sequence[Column], available: int) -> list[int]:
    """Content widths that fit ``available`` cells with borders and padding: the widest
    shrinkable column gives way first, never below its ``min_width``."""
    widths = list(natural)
    frame = 3 * len(widths) + 1  # "│ " before each cell, " " after it, and the last "│"
    excess = sum(widths) + frame - available
    while excess > 0:
        candidates = [
            i
            for i, column in enumerate(columns)
            if column.shrink and widths[i] > max(column.min_width, 1)
        ]
        if not candidates:
            break
        widest = max(candidates, key=lambda i: widths[i])
        others = [widths[i] for i in candidates if i != widest]
        floor = max([max(columns[widest].min_width, 1), *others])
        step = min(excess, max(1, widths[widest] - floor))
        widths[widest] -= step
        excess -= step
    return widths


def render(
    columns: Sequence[Column],
    rows: Sequence[Sequence[Cell]],
    *,
    width: int,
    title: str = "",
    styles: bool = False,
    colours: bool = False,
) -> str:
    """The table as text lines (with a final newline), at most ``width`` cells wide when
    the shrinkable columns allow it."""

    def paint(text: str, codes: str) -> str:
        if not styles or not codes:
            return text
        kept = [c for c in codes.split(";") if c and (colours or c not in _COLOURS)]
        return f"\x1b[{';'.join(kept)}m{text}\x1b[0m" if kept else text

    headers = [clean_text(column.header) for column in columns]
    body = [[Cell(clean_text(cell.text), cell.style) for cell in row] for row in rows]
    natural = [
        max([columns[i].width, cell_width(headers[i]), *(cell_width(row[i].text) for row in body)])
        for i in range(len(columns))
    ]
    widths = fit_widths(natural, columns, width)

    def line(cells: Sequence[tuple[str, str]], bar: str) -> str:
        parts = []
        for (text, codes), size, column in zip(cells, widths, columns, strict=True):
            shown = cut(text, size)
            gap = " " * (size - cell_width(shown))
            padded = gap + paint(shown, codes) if column.right else paint(shown, codes) + gap
            parts.append(f" {padded} ")
        return bar + bar.join(parts) + bar

    def rule(left: str, fill: str, middle: str, right: str) -> str:
        return left + middle.join(fill * (size + 2) for size in widths) + right

    out = []
    if title:
        out.append(paint(cut(clean_text(title), width), ITALIC))
    out.append(rule("┏", "━", "┳", "┓"))
    out.append(line([(header, BOLD) for header in headers], "┃"))
    out.append(rule("┡", "━", "╇", "┩"))
    for row in body:
        cells = [
            (cell.text, ";".join(c for c in (column.style, cell.style) if c))
            for cell, column in zip(row, columns, strict=True)
        ]
        out.append(line(cells, "│"))
    out.append(rule("└", "─", "┴", "┘"))
    return "\n".join(out) + "\n"
