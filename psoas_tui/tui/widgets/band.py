"""The phase band: a full-width bar with the phase's word, seen out of the corner of an eye.

Its look comes from the stylesheet (a class per phase; in high contrast a fill per phase).
:meth:`PhaseBand.flash` shows a cue: the class ``-flash`` for :data:`FLASH_SECONDS`, then
the band's own colours again (the stylesheet's, so they come back exactly). Only the band
is redrawn, and only when the flash starts and ends.
"""

from __future__ import annotations

from typing import ClassVar

from textual.timer import Timer
from textual.widgets import Label

FLASH_SECONDS = 0.3


class PhaseBand(Label):
    COMPONENT_CLASSES: ClassVar[set[str]] = {"phase-band--flash"}

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__("", id=id, classes=classes, markup=False)
        self._flash_timer: Timer | None = None
        self.flashes = 0  # cues shown so far (for tests and the curious)

    @property
    def flashing(self) -> bool:
        return self._flash_timer is not None

    def flash(self, seconds: float = FLASH_SECONDS) -> None:
        """Flash for ``seconds``; a cue during a flash makes it last ``seconds`` from now."""
        self.flashes += 1
        if self._flash_timer is not None:
            self._flash_timer.stop()
        else:
            look = self.get_component_styles("phase-band--flash")
            self.styles.background = look.background
            self.styles.color = look.color
            self._restyled()
        self._flash_timer = self.set_timer(seconds, self._end_flash)

    def _end_flash(self) -> None:
        self._flash_timer = None
        self.styles.clear_rule("background")
        self.styles.clear_rule("color")
        self._restyled()

    def _restyled(self) -> None:
        self.notify_style_update()  # the cached visual style goes
        self.refresh()
