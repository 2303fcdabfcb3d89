"""A scalable block font: the session's clock and side word, legible from across the room.

Each glyph is a small grid of segments, five rows high: the even rows and columns are
strokes, the odd ones the gaps between them. :func:`draw` scales the grid to any height
of five rows or more, every stroke ``thickness(height)`` rows thick (at least an eighth of
the height) and twice that many columns wide (a terminal cell is about twice as tall as
it is wide), the gaps taking what is left; filled cells are full blocks. So the glyphs
keep their shape at every size, and two glyphs that differ on the grid differ on screen.

    ###        ████████████
    #.#        ████████████
    ###   ->   ██      ████
    ..#        ...
    ###
"""

from __future__ import annotations

import math
from functools import lru_cache

FULL = "█"
MIN_HEIGHT = 5

# Three columns (stroke, gap, stroke) by five rows (stroke, gap, stroke, gap, stroke).
DIGITS: dict[str, tuple[str, ...]] = {
    "0": ("###", "#.#", "#.#", "#.#", "###"),
    "1": ("..#", "..#", "..#", "..#", "..#"),
    "2": ("###", "..#", "###", "#..", "###"),
    "3": ("###", "..#", "###", "..#", "###"),
    "4": ("#.#", "#.#", "###", "..#", "..#"),
    "5": ("###", "#..", "###", "..#", "###"),
    "6": ("###", "#..", "###", "#.#", "###"),
    "7": ("###", "..#", "..#", "..#", "..#"),
    "8": ("###", "#.#", "###", "#.#", "###"),
    "9": ("###", "#.#", "###", "..#", "###"),
    "-": ("...", "...", "###", "...", "..."),
    " ": ("...", "...", "...", "...", "..."),
}

# Five columns (stroke, gap, stroke, gap, stroke) by five rows, for the side word in any
# language (LEFT, RIGHT, LINKS, RECHTS, BOTH...).
LETTERS: dict[str, tuple[str, ...]] = {
    "A": ("#####", "#...#", "#####", "#...#", "#...#"),
    "B": ("####.", "#...#", "####.", "#...#", "####."),
    "C": ("#####", "#....", "#....", "#....", "#####"),
    "D": ("####.", "#...#", "#...#", "#...#", "####."),
    "E": ("#####", "#....", "####.", "#....", "#####"),
    "F": ("#####", "#....", "####.", "#....", "#...."),
    "G": ("#####", "#....", "#.###", "#...#", "#####"),
    "H": ("#...#", "#...#", "#####", "#...#", "#...#"),
    "I": ("#####", "..#..", "..#..", "..#..", "#####"),
    "J": ("....#", "....#", "....#", "#...#", "#####"),
    "K": ("#...#", "#..#.", "###..", "#..#.", "#...#"),
    "L": ("#....", "#....", "#....", "#....", "#####"),
    "M": ("#####", "#.#.#", "#.#.#", "#...#", "#...#"),
    "N": ("##..#", "#.#.#", "#.#.#", "#.#.#", "#..##"),
    "O": ("#####", "#...#", "#...#", "#...#", "#####"),
    "P": ("#####", "#...#", "#####", "#....", "#...."),
    "Q": ("#####", "#...#", "#...#", "#..#.", "###.#"),
    "R": ("#####", "#...#", "####.", "#..#.", "#...#"),
    "S": ("#####", "#....", "#####", "....#", "#####"),
    "T": ("#####", "..#..", "..#..", "..#..", "..#.."),
    "U": ("#...#", "#...#", "#...#", "#...#", "#####"),
    "V": ("#...#", "#...#", "#...#", ".#.#.", "..#.."),
    "W": ("#...#", "#...#", "#.#.#", "#.#.#", "#####"),
    "X": ("#...#", ".#.#.", "..#..", ".#.#.", "#...#"),
    "Y": ("#...#", "#...#", "#####", "..#..", "..#.."),
    "Z": ("#####", "...#.", "..#..", ".#...", "#####"),
    " ": (".....", ".....", ".....", ".....", "....."),
}


def thickness(height: int) -> int:
    """A stroke's rows at ``height``: at least an eighth of it, and at least one."""
    return max(1, math.ceil(height / 8))


def _spans(cells: int, total: int, stroke: int) -> list[int]:
    """How many screen cells each grid cell takes: strokes ``stroke`` each, the gaps the
    rest of ``total`` (the later gaps a little larger when it does not divide)."""
    strokes = (cells + 1) // 2
    gaps = cells // 2
    room = max(gaps, total - strokes * stroke)
    spans = []
    gap_index = 0
    for index in range(cells):
        if index % 2 == 0:
            spans.append(stroke)
        else:
            share = room // gaps + (1 if gap_index >= gaps - room % gaps else 0)
            spans.append(share)
            gap_index += 1
    return spans


def glyph_width(grid_columns: int, height: int, aspect: float) -> int:
    """Columns of a glyph ``grid_columns`` wide at ``height``, about ``aspect`` times as
    wide as tall (in rows; two columns make a row's width)."""
    stroke = 2 * thickness(height)
    strokes = (grid_columns + 1) // 2
    gaps = grid_columns // 2
    if grid_columns == 1:
        return stroke
    return max(strokes * stroke + gaps, round(2 * aspect * height))


@lru_cache(maxsize=256)
def _glyph(grid: tuple[str, ...], height: int, width: int) -> tuple[str, ...]:
    t = thickness(height)
    rows = _spans(len(grid), height, t)
    columns = _spans(len(grid[0]), width, 2 * t)
    out: list[str] = []
    for grid_row, row_span in zip(grid, rows, strict=True):
        line = "".join(
            (FULL if cell == "#" else " ") * span
            for cell, span in zip(grid_row, columns, strict=True)
        )
        out.extend([line] * row_span)
    return tuple(out)


@lru_cache(maxsize=32)
def _colon(height: int) -> tuple[str, ...]:
    """Two dots, a stroke square each, a third and two thirds of the way down."""
    t = thickness(height)
    width = 2 * t
    lines = [" " * width] * height
    for centre in (height // 3, height - 1 - height // 3):
        top = max(0, min(height - t, centre - t // 2))
        for row in range(top, top + t):
            lines[row] = FULL * width
    return tuple(lines)


@lru_cache(maxsize=128)
def glyph(char: str, height: int, aspect: float = 0.55) -> tuple[str, ...]:
    """One character's rows, as :func:`draw` draws it (``height`` of at least
    :data:`MIN_HEIGHT`)."""
    return _glyph_of(char.upper(), max(MIN_HEIGHT, height), aspect)


def spacing(height: int) -> int:
    """The columns between two characters at ``height``: one stroke's width."""
    return 2 * thickness(max(MIN_HEIGHT, height))


def _glyph_of(char: str, height: int, aspect: float) -> tuple[str, ...]:
    if char in ":.":
        return _colon(height)
    if char in DIGITS:
        return _glyph(DIGITS[char], height, glyph_width(3, height, aspect))
    grid = LETTERS.get(char, LETTERS[" "])
    return _glyph(grid, height, glyph_width(5, height, aspect * 1.2))


@lru_cache(maxsize=64)
def draw(text: str, height: int, aspect: float = 0.55) -> tuple[str, ...]:
    """``text`` (digits, ``:``, ``-``, letters, spaces) ``height`` rows high in full blocks.

    Digits are ``aspect`` times as wide as tall, letters a little wider; glyphs are one
    stroke's width apart. Anything else draws as a space."""
    height = max(MIN_HEIGHT, height)
    glyphs = [_glyph_of(char, height, aspect) for char in text.upper()]
    if not glyphs:
        return ("",) * height
    gap = " " * (2 * thickness(height))
    return tuple(gap.join(glyph[row] for glyph in glyphs) for row in range(height))


@lru_cache(maxsize=64)
def columns(text: str, height: int, aspect: float = 0.55) -> tuple[tuple[int, int], ...]:
    """Where each character of ``text`` is in :func:`draw`'s rows: (first column, width).

    The clock redraws only the columns of the characters that changed (one digit, most
    seconds) without comparing the drawn rows."""
    height = max(MIN_HEIGHT, height)
    spacing = 2 * thickness(height)
    spans: list[tuple[int, int]] = []
    x = 0
    for char in text.upper():
        width = len(_glyph_of(char, height, aspect)[0])
        spans.append((x, width))
        x += width + spacing
    return tuple(spans)


def width_of(text: str, height: int, aspect: float = 0.55) -> int:
    """How many columns :func:`draw` would take (without drawing it)."""
    spans = columns(text, height, aspect)
    return spans[-1][0] + spans[-1][1] if spans else 0


# Characters drawn as wide as another: every digit, "-" and " " are three grid columns
# wide, and "." is drawn as ":".
_SHAPES = str.maketrans("123456789- .", "00000000000:")


def shape_of(text: str) -> str:
    """``text`` with each character replaced by one of the same width ("0:45" -> "0:00"):
    what :func:`fit` and :func:`columns` depend on, so that they are worked out once."""
    return text.upper().translate(_SHAPES)


def fit(text: str, height: int, width: int) -> tuple[int, float]:
    """The tallest height up to ``height`` (and the widest aspect) at which ``text`` fits
    in ``width`` columns; at least :data:`MIN_HEIGHT` rows, even if it does not fit."""
    return _fit(shape_of(text), height, width)


@lru_cache(maxsize=64)
def _fit(text: str, height: int, width: int) -> tuple[int, float]:
    for rows in range(max(MIN_HEIGHT, height), MIN_HEIGHT - 1, -1):
        for aspect in (0.55, 0.45, 0.35):
            if width_of(text, rows, aspect) <= width:
                return rows, aspect
    return MIN_HEIGHT, 0.35
