"""Textual's ``Digits``, drawn line by line: the session's big clock.

``Digits`` builds a Rich renderable on every redraw and has Rich lay it out, which is most
of what a running session costs each second. This subclass keeps everything of
``Digits`` (its 3x3 font, its CSS type, ``update`` and ``value``) but draws its three lines
itself with Textual's line API: the glyph rows are worked out once per value, the style
once per style change.
"""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from textual.geometry import Size
from textual.renderables.digits import Digits as DigitsRenderable
from textual.strip import Strip
from textual.widgets import Digits

from psoas_tui.tui.widgets.boxscale import enlarge

ROWS = 3


def glyph_rows(value: str, bold: bool) -> tuple[str, ...]:
    """The three rows of ``value`` in Textual's digit font (the bold one for bold text)."""
    segments = DigitsRenderable(value).render(Style(bold=bold))
    text = "".join(segment.text for segment in segments if isinstance(segment, Segment))
    return tuple(text.split("\n")[:ROWS])


class ClockDigits(Digits):
    """``Digits`` with the same look, cheaper to redraw every second. With the class
    ``-large`` the glyphs are drawn five rows high (``boxscale.enlarge``), for a terminal
    with room to spare."""

    def __init__(
        self, value: str = "", *, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(value, id=id, classes=classes)
        self._rows: tuple[str, bool, bool, tuple[str, ...]] | None = None
        self._style: Style | None = None

    @property
    def large(self) -> bool:
        return self.has_class("-large")

    def get_content_width(self, container: Size, viewport: Size) -> int:
        width = super().get_content_width(container, viewport)
        return 2 * width - 1 if self.large and width else width

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return 2 * ROWS - 1 if self.large else ROWS

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._style = None  # a phase class, the paused look, or a new theme

    def render_line(self, y: int) -> Strip:
        if self._style is None:
            self._style = self.rich_style
        style = self._style
        width = self.content_size.width
        bold = bool(style.bold)
        large = self.large
        if self._rows is None or self._rows[:3] != (self.value, bold, large):
            rows = glyph_rows(self.value, bold)
            self._rows = (self.value, bold, large, tuple(enlarge(rows)) if large else rows)
        rows = self._rows[3]
        if y >= len(rows) or width <= 0:
            return Strip.blank(width, style)
        row = rows[y][:width]
        gap = width - len(row)
        align = self.styles.text_align
        left = gap // 2 if align == "center" else gap if align == "right" else 0
        return Strip([Segment(" " * left + row + " " * (gap - left), style)], width)
