"""The session's big clock: the remaining time in the scalable block font (``blockfont``).

It keeps ``Digits``' API (``update``, ``value``, its CSS type) and draws with Textual's
line API: the glyph rows are worked out once per value and height, the style once per
style change. A new value never needs a layout: the widget's size is set by the screen
(``glyph_height``), and the rows are centred in it.
"""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from textual.geometry import Region, Size
from textual.strip import Strip
from textual.widgets import Digits

from psoas_tui.tui.widgets.blockfont import MIN_HEIGHT, draw, fit


class ClockDigits(Digits):
    """``Digits`` drawn ``glyph_height`` rows high in full blocks (as tall as it fits in
    the widget's width: a value with hours may be drawn smaller)."""

    def __init__(
        self, value: str = "", *, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(value, id=id, classes=classes)
        self.glyph_height = MIN_HEIGHT
        self._rows: tuple[tuple[str, int, int], tuple[str, ...]] | None = None
        self._style: Style | None = None

    def set_glyph_height(self, rows: int) -> None:
        if rows != self.glyph_height:
            self.glyph_height = rows
            self._rows = None
            self.styles.height = rows
            self.refresh(layout=True)

    def update(self, value: str) -> None:
        # Digits.update asks for a layout when the width changes; ours never does. Only
        # the columns that change are drawn again (mostly one digit, once a second).
        if value == self._value:
            return
        before = self.glyph_lines() if self.is_mounted and self.content_size.width else None
        self._value = value
        if before is None:
            self.refresh()
            return
        after = self.glyph_lines()
        if len(before) != len(after) or not after or len(before[0]) != len(after[0]):
            self.refresh()
            return
        changed = [
            x
            for x in range(len(after[0]))
            if any(old[x] != new[x] for old, new in zip(before, after, strict=True))
        ]
        if changed:
            width = self.content_size.width
            offset = self.content_region.x - self.region.x
            gap = width - len(after[0])
            align = self.styles.text_align
            left = gap // 2 if align == "center" else gap if align == "right" else 0
            top = (self.content_size.height - len(after)) // 2
            x = offset + left + changed[0]
            self.refresh(Region(x, top, changed[-1] - changed[0] + 1, len(after)))

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

    def glyph_lines(self) -> tuple[str, ...]:
        """The rows drawn now (as tall as fits: the widget's height and width)."""
        width = self.content_size.width or self.glyph_height * 8
        key = (self._value, self.glyph_height, width)
        if self._rows is None or self._rows[0] != key:
            height, aspect = fit(self._value, self.glyph_height, width)
            rows = draw(self._value, height, aspect) if self._value else ()
            self._rows = (key, rows)
        return self._rows[1]

    def render_line(self, y: int) -> Strip:
        if self._style is None:
            self._style = self.rich_style
        style = self._style
        width = self.content_size.width
        rows = self.glyph_lines()
        top = (self.content_size.height - len(rows)) // 2
        index = y - top
        if not 0 <= index < len(rows) or width <= 0:
            return Strip.blank(width, style)
        row = rows[index][:width]
        gap = width - len(row)
        align = self.styles.text_align
        left = gap // 2 if align == "center" else gap if align == "right" else 0
        return Strip([Segment(" " * left + row + " " * (gap - left), style)], width)
