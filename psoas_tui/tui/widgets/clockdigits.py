"""The session's big clock: the remaining time in the scalable block font (``blockfont``).

It keeps ``Digits``' API (``update``, ``value``, its CSS type) and draws with Textual's
line API. It changes once a second and is the largest thing on the screen, so it does as
little as it can (``benchmarks/tui.py`` measures it against a bare ``Digits``):

* a new value never needs a layout: the widget's size is set by the screen
  (``glyph_height``), and the rows are centred in it;
* a new value redraws only the columns of the characters that changed (one digit, most
  seconds), found from the font's column spans, not by comparing drawn rows;
* a value's strips are made once (one per distinct row: a stroke is many rows alike),
  checked against one look at the size and style per frame (``render_lines``), and go to
  the compositor as they are, with the app's line filters, not line by line through
  Textual's styles cache (which it falls back to for padding, a border, a tint or an
  opacity).
"""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from textual.geometry import Region, Size
from textual.strip import Strip
from textual.widgets import Digits

from psoas_tui.tui.widgets.blockfont import MIN_HEIGHT, columns, draw, fit

# What the strips were made from: value, glyph height, content size, alignment, style.
_Key = tuple[str, int, Size, str, Style]


class ClockDigits(Digits):
    """``Digits`` drawn ``glyph_height`` rows high in full blocks (as tall as it fits in
    the widget's width: a value with hours may be drawn smaller)."""

    def __init__(
        self, value: str = "", *, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(value, id=id, classes=classes)
        self.glyph_height = MIN_HEIGHT
        self._style: Style | None = None
        self._plain: bool | None = None  # drawn without Textual's styles cache
        self._strips: tuple[_Key, list[Strip], int] | None = None  # key, strips, left

    def set_glyph_height(self, rows: int) -> None:
        if rows != self.glyph_height:
            self.glyph_height = rows
            self.styles.height = rows
            self.refresh(layout=True)

    def update(self, value: str) -> None:
        # Digits.update asks for a layout when the width changes; ours never does.
        old, self._value = self._value, value
        if value == old:
            return
        drawn = self._strips
        if drawn is None or not self.is_mounted or len(old) != len(value):
            self.refresh()
            return
        (_, glyph_height, size, _, _), _, left = drawn
        shape = fit(old, glyph_height, size.width)  # widths from the font's cached columns
        if fit(value, glyph_height, size.width) != shape:
            self.refresh()
            return
        spans, new_spans = columns(old, *shape), columns(value, *shape)
        if spans != new_spans:  # a colon where a digit was: another width
            self.refresh()
            return
        changed = [i for i, (a, b) in enumerate(zip(old, value, strict=True)) if a != b]
        first = spans[changed[0]][0]
        last_x, last_width = spans[changed[-1]]
        gutter_top, _, _, gutter_left = self.styles.gutter
        top = gutter_top + (size.height - shape[0]) // 2
        x = gutter_left + left + first
        self.refresh(Region(x, top, last_x + last_width - first, shape[0]))

    @property
    def value(self) -> str:
        return self._value

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return container.width

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return self.glyph_height

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._style = None  # a phase class, the paused look, or a new theme
        self._plain = None

    def glyph_lines(self) -> tuple[str, ...]:
        """The rows drawn now (as tall as fits: the widget's height and width)."""
        width = self.content_size.width or self.glyph_height * 8
        return self._rows(width)

    def _rows(self, width: int) -> tuple[str, ...]:
        if not self._value:
            return ()
        return draw(self._value, *fit(self._value, self.glyph_height, width))

    def _frame(self) -> tuple[list[Strip], int]:
        """This value's strips, one per row of the widget, made once per value and size."""
        if self._style is None:
            self._style = self.rich_style
        size = self.content_size
        key = (self._value, self.glyph_height, size, str(self.styles.text_align), self._style)
        if self._strips is not None and self._strips[0] == key:
            return self._strips[1], self._strips[2]
        width, style = size.width, self._style
        rows = self._rows(width) if width > 0 else ()
        gap = width - (len(rows[0]) if rows else 0)
        align = key[3]
        left = max(0, gap // 2 if align == "center" else gap if align == "right" else 0)
        top = (size.height - len(rows)) // 2
        blank = Strip.blank(width, style)
        strips = [blank] * max(0, size.height)
        made: dict[str, Strip] = {}  # a stroke is many rows alike: one strip for each
        for index, row in enumerate(rows):
            y = top + index
            if 0 <= y < len(strips):
                strip = made.get(row)
                if strip is None:
                    cut = row[:width]
                    line = " " * left + cut + " " * max(0, width - left - len(cut))
                    strip = made[row] = Strip([Segment(line, style)], width)
                strips[y] = strip
        self._strips = (key, strips, left)
        return strips, left

    def render_lines(self, crop: Region) -> list[Strip]:
        strips, _left = self._frame()  # one look at value, size and style for the frame
        styles = self.styles
        if self._plain is None:  # once per style: no walk up the ancestors every second
            self._plain = not (any(styles.gutter) or styles.tint.a or self.opacity != 1.0)
        if not self._plain:
            return super().render_lines(crop)  # Textual's styles cache draws what we do not
        # Otherwise the strips are the lines: no per-line trip through the styles cache,
        # which costs more than the clock itself (most of a session's CPU time).
        lines = strips[crop.y : crop.bottom]
        filters = self.get_line_filters()
        if filters:
            background = self.background_colors[1]
            for line_filter in filters:
                lines = [line.apply_filter(line_filter, background) for line in lines]
        if crop.x or (strips and crop.width != strips[0].cell_length):
            lines = [line.crop(crop.x, crop.right) for line in lines]
        return lines

    def render_line(self, y: int) -> Strip:
        strips = self._strips[1] if self._strips is not None else self._frame()[0]
        return strips[y] if 0 <= y < len(strips) else Strip.blank(self.content_size.width)
