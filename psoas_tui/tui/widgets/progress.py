"""A thin progress line with no timers of its own (Textual's ProgressBar ticks every second)."""

from __future__ import annotations

from typing import ClassVar

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual.geometry import Region
from textual.strip import Strip
from textual.widget import Widget

from psoas_tui.tui.widgets.lines import cropped, drawn_plain, filtered


class ProgressLine(Widget):
    """``fraction`` of the width drawn as a heavy line, the rest as a thin faint one (thin
    as well as faint: high contrast draws both in white), and a
    ``label`` after it (one widget where a bar and a label would be three).

    A session asks it every second and it changes every few (a cell of its bar; its words
    about once a minute), so it is as cheap to redraw as it can be: one :meth:`update` for
    both values, which refreshes nothing when the line looks the same and only the
    label's cells when the bar does not change, its two styles worked out only when the
    styles change, and its one line (three segments) made once per look and handed to the
    compositor as it is, not through Textual's styles cache (which it falls back to for
    padding, a border, a tint or an opacity)."""

    DEFAULT_CSS = """
    ProgressLine {
        width: 1fr;
        height: 1;
        color: $accent;
    }
    ProgressLine > .progress-line--rest {
        color: $foreground 25%;
    }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {"progress-line--rest"}

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.fraction = 0.0
        self.label = ""
        self._styles_used: tuple[Style, Style] | None = None
        self._plain: bool | None = None  # drawn without Textual's styles cache
        # The line as the compositor gets it: its parts, the app's filters, the strip.
        self._drawn: tuple[tuple[str, str, str], tuple[object, ...], Strip] | None = None

    def update(self, fraction: float, label: str) -> None:
        fraction = min(1.0, max(0.0, fraction))
        if (fraction, label) == (self.fraction, self.label):
            return
        width = self.content_size.width
        before = self._line(width)
        self.fraction, self.label = fraction, label
        after = self._line(width)
        if before == after and width > 0:
            return  # the bar moved less than a cell, and the label is the same
        label_cells = cell_len(after[2])
        if before[:2] == after[:2] and cell_len(before[2]) == label_cells and width > 0:
            # Only the words changed: redraw just their cells.
            start = len(before[0]) + len(before[1])  # one cell per line character
            self.refresh(Region(self.styles.gutter.left + start, 0, label_cells, 1))
        else:
            self.refresh()

    def _line(self, width: int) -> tuple[str, str, str]:
        """The three parts drawn at ``width``: the done part, the rest, the label."""
        label = f" {self.label}"[:width] if self.label else ""
        bar = max(0, width - len(label))
        # Whole cells: the line grows a cell at a time, a redraw every few seconds at most.
        done = "━" * int(self.fraction * bar + 1e-9)
        rest = "─" * (bar - len(done))
        return done, rest, label

    def notify_style_update(self) -> None:
        super().notify_style_update()
        # A new theme, or a class that changes the colours.
        self._styles_used = self._plain = self._drawn = None

    def _styles(self) -> tuple[Style, Style]:
        if self._styles_used is None:
            self._styles_used = (
                self.rich_style,
                self.get_component_rich_style("progress-line--rest"),
            )
        return self._styles_used

    def _strip(self, parts: tuple[str, str, str], width: int) -> Strip:
        style, rest_style = self._styles()
        done, rest, label = parts
        segments = [Segment(done, style), Segment(rest, rest_style), Segment(label, style)]
        return Strip([s for s in segments if s.text], width)

    def render_lines(self, crop: Region) -> list[Strip]:
        if self._plain is None:  # once per style: no walk up the ancestors every second
            self._plain = drawn_plain(self)
        size = self.size
        if not self._plain or size.height != 1 or size.width <= 0:
            return super().render_lines(crop)  # Textual's styles cache draws what we do not
        parts = self._line(size.width)
        filters = tuple(self.get_line_filters())
        drawn = self._drawn
        if drawn is None or drawn[0] != parts or drawn[1] != filters:
            (line,) = filtered(self, [self._strip(parts, size.width)], filters)
            drawn = self._drawn = (parts, filters, line)
        return cropped([drawn[2]], crop, size)

    def render_line(self, y: int) -> Strip:
        width = self.content_size.width
        if y != 0 or width <= 0:
            return Strip.blank(width, self._styles()[0])
        return self._strip(self._line(width), width)
