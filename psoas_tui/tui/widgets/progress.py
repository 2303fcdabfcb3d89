"""A thin progress line with no timers of its own (Textual's ProgressBar ticks every second)."""

from __future__ import annotations

from typing import ClassVar

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual.geometry import Region
from textual.strip import Strip
from textual.widget import Widget


class ProgressLine(Widget):
    """``fraction`` of the width drawn as a heavy line, the rest as a thin faint one (thin
    as well as faint: high contrast draws both in white), and a
    ``label`` after it (one widget where a bar and a label would be three).

    A session asks it every second and it changes every few (a cell of its bar; its words
    about once a minute): one :meth:`update` for both values, which refreshes nothing
    when the line looks the same and only the label's cells when the bar does not change,
    its one line (three segments) drawn with Textual's line API, and its two styles worked
    out only when the styles change."""

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
        self._styles_used = None  # a new theme, or a class that changes the colours

    def _styles(self) -> tuple[Style, Style]:
        if self._styles_used is None:
            self._styles_used = (
                self.rich_style,
                self.get_component_rich_style("progress-line--rest"),
            )
        return self._styles_used

    def render_line(self, y: int) -> Strip:
        width = self.content_size.width
        style, rest_style = self._styles()
        if y != 0 or width <= 0:
            return Strip.blank(width, style)
        done, rest, label = self._line(width)
        segments = [Segment(done, style), Segment(rest, rest_style), Segment(label, style)]
        return Strip([s for s in segments if s.text], width)
