"""What the app and the key bar may ask of a screen: optional hooks, as typed Protocols.

A screen takes part by defining the method; the caller checks with ``isinstance`` (the
Protocols are runtime-checkable) and then calls it with its types known, instead of
looking a name up with ``getattr``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, runtime_checkable

if TYPE_CHECKING:
    from psoas_tui.tui.widgets.keybar import KeyHint


@runtime_checkable
class RedrawsView(Protocol):
    """A screen that shows app state (the sound on or off) and redraws it when asked."""

    def refresh_view(self) -> None: ...


@runtime_checkable
class AsksBeforeQuit(Protocol):
    """A screen that may hold the app's quit back (a session under way asks first)."""

    def ask_before_app_quit(self) -> bool:
        """True when the screen asks the user instead, so the app does not quit now."""
        ...


@runtime_checkable
class HintsKeys(Protocol):
    """A screen with its own say on key bar entries (see ``KeyBar``)."""

    def key_hint(self, action: str) -> KeyHint | None: ...


@runtime_checkable
class EndsAtOnce(Protocol):
    """A screen with a session under way that a signal (SIGTERM, SIGHUP) must end now."""

    def abandon_now(self) -> None:
        """Log what is under way as abandoned before the app exits; no summary follows."""
        ...


@runtime_checkable
class Relabels(Protocol):
    """A screen that shows words it built itself and says them again in the language
    switched to (see ``tui/language.py``)."""

    def relabel(self) -> None: ...
