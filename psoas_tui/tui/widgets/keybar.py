"""A one-line footer of the screen's keys, drawn as text (one widget, not one per key).

Textual's ``Footer`` builds a widget per key and rebuilds them all whenever the bindings
change; on a screen that redraws every second that is most of the start-up work. This
shows the same keys (disabled ones dimmed) and still runs a key's action when clicked.
"""

from __future__ import annotations

from typing import ClassVar, NamedTuple

from textual import events
from textual.content import Content
from textual.widget import Widget

from psoas_tui.text.i18n import _
from psoas_tui.tui.contracts import HintsKeys


class KeyHint(NamedTuple):
    """A screen's say on one key bar entry (see ``KeyBar._hint``)."""

    key: str | None = None  # shown instead of the key, e.g. "1-3" for three answers
    description: str | None = None  # a word for the key's state now, e.g. "Resume"
    clickable: bool = True  # False: a hint only, a click does not run the action


class KeyBar(Widget):
    """The active bindings of the screen: ``space Pause  → Skip  …``."""

    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        width: 100%;
        height: 1;
        background: $footer-background;
        color: $footer-foreground;
    }
    KeyBar > .keybar--key {
        color: $footer-key-foreground;
        text-style: bold;
    }
    KeyBar > .keybar--disabled {
        color: $text-disabled;
    }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {"keybar--key", "keybar--disabled"}

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._spans: list[tuple[int, int, str]] = []  # (start, end, action) for clicks

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, _screen: object) -> None:
        self.refresh()

    def render(self) -> Content:
        key_style = self.get_visual_style("keybar--key")
        off_style = self.get_visual_style("keybar--disabled")
        parts: list[Content | str | tuple[str, object]] = []
        self._spans = []
        seen: set[str] = set()
        position = 0
        for _node, binding, enabled, _tooltip in self.screen.active_bindings.values():
            if not binding.show or binding.action in seen:
                continue
            seen.add(binding.action)
            hint = self._hint(binding.action)
            key = f" {hint.key or self.app.get_key_display(binding)} "
            text = f"{hint.description or _(binding.description)} "  # msgids in BINDINGS
            parts.append((key, key_style if enabled else off_style))
            parts.append((text, off_style) if not enabled else text)
            width = len(key) + len(text)
            if enabled and hint.clickable:
                self._spans.append((position, position + width, binding.action))
            position += width
        if self.app.ENABLE_COMMAND_PALETTE:
            palette = self.app.COMMAND_PALETTE_BINDING
            bound = self.screen.active_bindings.get(palette)
            if bound is not None and bound.enabled:
                key = f" {self.app.get_key_display(bound.binding)} "
                text = _("palette") + " "
                right = max(position, self.content_region.width - len(key) - len(text))
                parts.append(" " * (right - position))
                parts.append((key, key_style))
                parts.append(text)
                self._spans.append((right, right + len(key) + len(text), "app.command_palette"))
        return Content.assemble(*parts)  # type: ignore[arg-type]

    def _hint(self, action: str) -> KeyHint:
        """How the screen wants ``action``'s entry shown: its ``key_hint(action)`` may
        return a :class:`KeyHint` (None, or no such method: as the binding says)."""
        screen = self.screen
        return (screen.key_hint(action) if isinstance(screen, HintsKeys) else None) or KeyHint()

    async def _on_click(self, event: events.Click) -> None:
        for start, end, action in self._spans:
            if start <= event.x < end:
                event.stop()
                await self.screen.run_action(action)
                return
