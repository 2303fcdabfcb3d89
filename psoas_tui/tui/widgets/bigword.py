"""Large letters for the side word (LEFT, RIGHT, or the routine language's words), in the
same scalable block font as the clock, smaller than it."""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from textual.geometry import Size
from textual.strip import Strip
from textual.widget import Widget

from psoas_tui.tui.widgets.blockfont import MIN_HEIGHT, draw, fit


class BigWord(Widget):
    """A word ``glyph_height`` rows high (smaller when it would not fit the width), centred."""

    DEFAULT_CSS = """
    BigWord {
        width: 100%;
        height: auto;
        text-style: bold;
    }
    """

    def __init__(self, word: str = "", *, id: str | None = None, classes: str | None = None):
        super().__init__(id=id, classes=classes)
        self._word = word
        self.glyph_height = MIN_HEIGHT
        self._style: Style | None = None

    @property
    def word(self) -> str:
        return self._word

    def update(self, word: str) -> None:
        if word != self._word:
            self._word = word
            self.refresh()

    def set_glyph_height(self, rows: int) -> None:
        if rows != self.glyph_height:
            self.glyph_height = rows
            self.styles.height = rows
            self.refresh(layout=True)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._style = None

    def glyph_lines(self) -> tuple[str, ...]:
        if not self._word:
            return ()
        width = self.content_size.width or 80
        height, aspect = fit(self._word, self.glyph_height, width)
        return draw(self._word, height, aspect)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return self.glyph_height

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
        left = (width - len(row)) // 2
        return Strip([Segment(" " * left + row + " " * (width - len(row) - left), style)], width)
