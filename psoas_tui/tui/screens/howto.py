"""The how-to text of the step under way, in full (``h`` on the session screen): the
session screen drops it first when the terminal is small. Esc (or ``h``) closes it."""

from __future__ import annotations

from pathlib import PurePath
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from psoas_tui.text.i18n import N_, _


class HowToScreen(ModalScreen[None]):
    """A step's title and how-to text; the session waits while it is open."""

    # parsed when the screen is first shown
    CSS_PATH: ClassVar[list[str | PurePath]] = ["dialogs.tcss", "howto.tcss"]

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,h,q", "close", N_("Close")),
    ]

    def __init__(self, title: str, text: str) -> None:
        super().__init__(classes="dialog", id="how-to")
        self.title_text = title
        self.text = text

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Label(self.title_text, classes="dialog-title", markup=False)
            with VerticalScroll(id="how-to-scroll"):
                yield Static(Content(self.text), id="how-to-text")
            yield Label(_("Esc closes this."), classes="dialog-title", markup=False)

    def action_close(self) -> None:
        self.dismiss(None)
