"""The session's big clock: the remaining time in the scalable block font (``blockfont``).

It keeps ``Digits``' API (``update``, ``value``) and is the largest thing on the screen,
changing once a second, so it does as little as it can (``benchmarks/tui.py`` measures it
against a bare ``Digits``):

* each character is a widget of its own (:class:`ClockGlyph`), so a new value redraws
  only the characters that changed (one digit, most seconds). Textual writes a changed
  line to the terminal from the left edge of the widget that holds the change, so one
  widget for the whole clock sent every row of every digit again each second (3 KB a
  second at 100x30, six times a bare ``Digits``);
* a new value needs no layout unless its characters' widths change ("10:00" to "9:59"):
  the sizes come from the font's column spans, worked out once per shape of value
  (``blockfont.shape_of``);
* a character's strips are made once per character, size and style (one per distinct
  row: a stroke is many rows alike) and go to the compositor as they are, not line by
  line through Textual's styles cache (which a glyph falls back to for a tint or an
  opacity).

The glyphs draw in the clock's *look*: its own colour and text style, or those of one of
its component classes (``clock-digits--work``, ``clock-digits--paused``: see
:meth:`ClockDigits.set_look`). A new phase changes the look, not a CSS class, so it costs
no stylesheet match for the clock and each of its glyphs (3 to 4 ms at each new interval,
most of what a new interval cost the clock). The colours are still the stylesheet's: the
component classes' rules, read once per theme.
"""

from __future__ import annotations

from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual.geometry import Region, Size
from textual.strip import Strip
from textual.widget import Widget

from psoas_tui.tui.widgets.blockfont import (
    MIN_HEIGHT,
    columns,
    fit,
    glyph,
    shape_of,
    spacing,
)
from psoas_tui.tui.widgets.lines import cropped, drawn_plain, filtered

# What a glyph's strips are made from: character, rows, aspect, gap before it, style.
_Key = tuple[str, int, float, int, Style]
_MADE: dict[_Key, list[Strip]] = {}  # shared by the glyphs: ten digits, a colon, a sign
_MADE_MOST = 96

LONGEST = 9  # "-10:00:00": the most characters the clock draws

# The clock's looks: a session's phases, and paused (ClockDigits.set_look).
LOOKS = ("get-ready", "work", "switch", "rest", "check", "paused")


class ClockGlyph(Widget):
    """One character of the clock, drawn ``gap`` columns from the one before it."""

    DEFAULT_CSS = """
    ClockGlyph {
        width: 1;
        height: 1;
    }
    """

    def __init__(self) -> None:
        super().__init__()
        self.char = ""
        self.rows = MIN_HEIGHT
        self.aspect = 0.55
        self.gap = 0
        self._width = 1
        self._style: Style | None = None
        self._plain: bool | None = None  # drawn without Textual's styles cache
        self._strips: list[Strip] | None = None
        # The strips as the compositor gets them: through the app's line filters.
        self._filtered: tuple[tuple[object, ...], list[Strip]] | None = None

    def show(self, char: str) -> None:
        """Draw ``char`` in the same shape: only the rows where it differs from the
        character drawn now (Textual writes every row of a changed region)."""
        if char == self.char:
            return
        before = self._rows()
        self.char = char
        self._strips = self._filtered = None
        after = self._rows()
        if len(before) != len(after) or not self.is_mounted:
            self.refresh()
            return
        regions: list[Region] = []
        start: int | None = None
        for y, (old, new) in enumerate([*zip(before, after, strict=True), ("", "")]):
            if old != new:
                start = y if start is None else start
            elif start is not None:
                regions.append(Region(0, start, self._width, y - start))
                start = None
        self.refresh(*regions)

    def _rows(self) -> tuple[str, ...]:
        return glyph(self.char, self.rows, self.aspect) if self.char else ()

    def shape(self, char: str, rows: int, aspect: float, gap: int, width: int) -> None:
        """Draw ``char`` ``rows`` high at ``aspect``, ``gap`` columns after the one before,
        in ``width`` columns (the caller lays the clock out again)."""
        self.char, self.rows, self.aspect, self.gap = char, rows, aspect, gap
        self._strips = self._filtered = None
        self._width = width
        self.styles.width = width
        self.styles.height = rows

    def restyle(self) -> None:
        """The clock's look changed: draw with its new style (when shown)."""
        self._style = self._plain = self._strips = self._filtered = None
        if self.display:
            self.refresh()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._style = self._plain = self._strips = self._filtered = None

    def _made(self) -> list[Strip]:
        if self._strips is not None:
            return self._strips
        if self._style is None:
            clock = self.parent
            self._style = clock.look_style() if isinstance(clock, ClockDigits) else self.rich_style
        key = (self.char, self.rows, self.aspect, self.gap, self._style)
        strips = _MADE.get(key)
        if strips is None:
            if len(_MADE) >= _MADE_MOST:
                _MADE.clear()
            style = self._style
            lead = " " * self.gap
            made: dict[str, Strip] = {}  # one strip for each distinct row
            strips = []
            for row in self._rows():
                strip = made.get(row)
                if strip is None:
                    line = lead + row
                    strip = made[row] = Strip([Segment(line, style)], len(line))
                strips.append(strip)
            _MADE[key] = strips
        self._strips = strips
        return strips

    def render_lines(self, crop: Region) -> list[Strip]:
        if self._plain is None:  # once per style: no walk up the ancestors every second
            self._plain = drawn_plain(self)
        size = self.size
        strips = self._made()
        if (
            not self._plain
            or len(strips) != size.height
            or (strips and strips[0].cell_length != size.width)
        ):
            return super().render_lines(crop)  # Textual's styles cache draws what we do not
        filters = tuple(self.get_line_filters())
        if self._filtered is None or self._filtered[0] != filters:
            self._filtered = (filters, filtered(self, strips, filters))
        return cropped(self._filtered[1], crop, size)  # every row, every frame: kept

    def render_line(self, y: int) -> Strip:
        strips = self._made()
        width = self.size.width
        if 0 <= y < len(strips):
            return strips[y].crop_extend(0, width, self._style)
        return Strip.blank(width, self._style)


class ClockDigits(Widget):
    """``Digits`` drawn ``glyph_height`` rows high in full blocks (as tall as it fits in
    the widget's width: a value with hours may be drawn smaller), one glyph widget per
    character, centred by the clock's ``align``.

    Its colour and text style are its own, or (:meth:`set_look`) those of one of its
    component classes, ``clock-digits--`` and a name from :data:`LOOKS`."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {f"clock-digits--{look}" for look in LOOKS}
    DEFAULT_CSS = """
    ClockDigits {
        layout: horizontal;
        width: 100%;
        height: 5;
        align: center middle;
        overflow: hidden;
    }
    """
    BLANK = True  # the clock itself draws only its background: the glyphs draw the rest

    def __init__(
        self, value: str = "", *, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(id=id, classes=classes)
        self._value = value
        self.glyph_height = MIN_HEIGHT
        # One per character of the longest value so far (a new phase restyles each one).
        self._glyphs: list[ClockGlyph] = []
        self._laid_out: tuple[str, int, int] | None = None  # shape, glyph height, width
        self._look = ""
        self._look_style: Style | None = None

    @property
    def value(self) -> str:
        return self._value

    @property
    def look(self) -> str:
        return self._look

    def set_look(self, look: str) -> None:
        """Draw in the style of the component class ``clock-digits--{look}`` (a name
        from :data:`LOOKS`), or in the clock's own style for ``""``. Only the glyphs draw
        again: no CSS class changes, so nothing is matched against the stylesheet."""
        if look == self._look:
            return
        if look and look not in LOOKS:
            raise ValueError(f"no look {look!r}: {', '.join(LOOKS)}")
        self._look = look
        self._look_style = None
        for glyph_widget in self._glyphs:
            glyph_widget.restyle()

    def look_style(self) -> Style:
        """The glyphs' style: the look's, worked out once per look and theme."""
        if self._look_style is None:
            look = self._look
            if look:
                self._look_style = self.get_component_rich_style(f"clock-digits--{look}")
            else:
                self._look_style = self.rich_style
        return self._look_style

    def set_glyph_height(self, rows: int) -> None:
        if rows != self.glyph_height:
            self.glyph_height = rows
            self.styles.height = rows
            self._lay_out()

    def update(self, value: str) -> None:
        old, self._value = self._value, value
        if value == old:
            return
        laid_out = self._laid_out
        if laid_out is not None and laid_out[0] == shape_of(value[:LONGEST]):
            # The same widths (most seconds): only the changed characters draw.
            for glyph_widget, before, after in zip(self._glyphs, old, value, strict=False):
                if before != after:
                    glyph_widget.show(after)
        else:  # other widths, or no size yet (then the first resize lays it out)
            self._lay_out()

    def on_resize(self) -> None:
        self._lay_out()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        # A new theme or a class (high contrast): the look's colours may be new, and
        # Textual restyles a child only when its own rules change.
        self._look_style = None
        for glyph_widget in self._glyphs:
            glyph_widget.restyle()

    def _lay_out(self) -> None:
        """Size the glyphs for the value's shape at this width (if that changed)."""
        width = self.content_size.width
        value = self._value[:LONGEST]
        key = (shape_of(value), self.glyph_height, width)
        if key == self._laid_out or width <= 0:
            return
        self._laid_out = key
        if len(self._glyphs) < len(value):
            more = [ClockGlyph() for _ in range(len(value) - len(self._glyphs))]
            self._glyphs += more
            self.mount(*more)
        rows, aspect = fit(value, self.glyph_height, width)
        gap = spacing(rows)
        spans = columns(key[0], rows, aspect)
        for index, glyph_widget in enumerate(self._glyphs):
            if index < len(value):
                _, glyph_width = spans[index]
                lead = gap if index else 0
                glyph_widget.shape(value[index], rows, aspect, lead, lead + glyph_width)
                glyph_widget.display = True
            else:
                glyph_widget.display = False
        self.refresh(layout=True)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return self.glyph_height
