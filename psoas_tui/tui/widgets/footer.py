"""Textual's ``Footer`` with the binding descriptions looked up in the UI language.

``BINDINGS`` hold the English msgids (Textual fixes them when the class is defined); the
footer builds its keys from them, so it translates each key's description (and tooltip)
as it builds it, and builds them again when the language is switched.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

from psoas_tui.text.i18n import _


class TranslatedFooter(Footer):
    """A ``Footer`` whose keys say what they do in the UI language."""

    def compose(self) -> ComposeResult:
        for widget in super().compose():
            if isinstance(widget, FooterKey):
                if widget.description:
                    widget.description = _(widget.description)
                if isinstance(widget.tooltip, str) and widget.tooltip:
                    widget.tooltip = _(widget.tooltip)
            yield widget
