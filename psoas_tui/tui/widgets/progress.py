"""A thin progress line with no timers of its own (Textual's ProgressBar ticks every second)."""

from __future__ import annotations

from typing import ClassVar

from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget


class ProgressLine(Widget):
    """``fraction`` of the width drawn as a heavy line, the rest as a faint one, and a
    ``label`` after it (one widget where a bar and a label would be three)."""

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

    fraction: reactive[float] = reactive(0.0)
    label: reactive[str] = reactive("")

    def validate_fraction(self, fraction: float) -> float:
        return min(1.0, max(0.0, fraction))

    def render(self) -> Content:
        label = f" {self.label}" if self.label else ""
        width = max(0, self.content_region.width - len(label))
        # Half cells: "╸" ends a line that stops half-way through a cell.
        halves = round(self.fraction * width * 2)
        full, half = divmod(halves, 2)
        rest_style = self.get_visual_style("progress-line--rest")
        done = "━" * full + ("╸" if half else "")
        rest = "━" * max(0, width - len(done))
        return Content.assemble(done, (rest, rest_style), (label, self.get_visual_style()))
