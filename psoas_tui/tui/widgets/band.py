"""The phase band: a full-width bar with the phase's word, seen out of the corner of an eye.

Its look comes from the stylesheet (a class per phase; in high contrast a fill per phase).
:meth:`PhaseBand.flash` shows a cue: for :data:`FLASH_SECONDS` the band's inside is drawn
in the component class ``phase-band--flash``'s colours, then in its own again. A flash
changes no style, so nothing is matched against the stylesheet: the band draws its lines
in one look or the other (each made once per look and width, and handed to the
compositor as they are unless a border, padding, tint or opacity needs Textual's styles
cache), and only the band is redrawn, when the flash starts and when it ends. Its end
is an alarm on the event loop, not a Textual timer (a task and a callback wrapper for
each cue).
"""

from __future__ import annotations

import asyncio
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual.geometry import Region
from textual.message import Message
from textual.strip import Strip
from textual.visual import VisualType
from textual.widgets import Label

from psoas_tui.tui.widgets.lines import cropped, drawn_plain, filtered

FLASH_SECONDS = 0.3


class PhaseBand(Label):
    """The phase's word in the middle row of the band's inside, centred."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"phase-band--flash"}

    class FlashOver(Message, bubble=False):
        """The flash's time is up (posted by the loop's alarm)."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__("", id=id, classes=classes, markup=False)
        self._word = ""
        self._flash_end: asyncio.TimerHandle | None = None
        self.flashes = 0  # cues shown so far (for tests and the curious)
        self._looks: tuple[Style, Style] | None = None  # own look, flash look
        self._lines: dict[tuple[bool, bool, int], Strip] = {}  # (word row, flash, width)
        self._plain: bool | None = None  # drawn without Textual's styles cache
        # The lines as the compositor gets them: (flash, width, the app's filters), lines.
        self._drawn: tuple[tuple[object, ...], list[Strip]] | None = None

    @property
    def flashing(self) -> bool:
        return self._flash_end is not None

    def update(self, content: VisualType = "", *, layout: bool = True) -> None:
        self._word = str(content)
        self._lines.clear()
        self._drawn = None
        super().update(content, layout=layout)

    def flash(self, seconds: float = FLASH_SECONDS) -> None:
        """Flash for ``seconds``; a cue during a flash makes it last ``seconds`` from now."""
        self.flashes += 1
        if self._flash_end is not None:
            self._flash_end.cancel()
        else:
            self.refresh()
        self._flash_end = asyncio.get_running_loop().call_later(seconds, self._ring)

    def _ring(self) -> None:
        if self.is_attached:
            self.post_message(self.FlashOver())
        else:
            self._flash_end = None

    def on_phase_band_flash_over(self, _message: FlashOver) -> None:
        self._flash_end = None
        self.refresh()

    def on_unmount(self) -> None:
        if self._flash_end is not None:
            self._flash_end.cancel()
            self._flash_end = None

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._looks = self._plain = self._drawn = None  # a phase class, a new theme
        self._lines.clear()

    def render_lines(self, crop: Region) -> list[Strip]:
        if self._plain is None:  # once per style
            self._plain = drawn_plain(self)
        if not self._plain:
            return super().render_lines(crop)  # a frame (high contrast): the styles cache
        size = self.size
        filters = tuple(self.get_line_filters())
        key = (self._flash_end is not None, size.width, *filters)
        if self._drawn is None or self._drawn[0] != key:
            lines = [self.render_line(y) for y in range(size.height)]
            self._drawn = (key, filtered(self, lines, filters))
        return cropped(self._drawn[1], crop, size)

    def _look(self, flashing: bool) -> Style:
        if self._looks is None:
            own = self.rich_style
            self._looks = (own, own + self.get_component_rich_style("phase-band--flash"))
        return self._looks[flashing]

    def render_line(self, y: int) -> Strip:
        width, height = self.content_size
        flashing = self._flash_end is not None
        word_row = y == (height - 1) // 2 and bool(self._word)
        key = (word_row, flashing, width)
        line = self._lines.get(key)
        if line is None:
            style = self._look(flashing)
            if word_row:
                word = self._word[:width]
                left = (width - len(word)) // 2
                text = " " * left + word + " " * (width - left - len(word))
                line = Strip([Segment(text, style)], width)
            else:
                line = Strip.blank(width, style)
            self._lines[key] = line
        return line
