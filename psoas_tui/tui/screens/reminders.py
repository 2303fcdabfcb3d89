"""The palette's "Reminders": the status of the desk-break reminders and the keys to turn
them on (with the defaults) or off, through the same functions as ``psoas remind
status/on/off``. Where there is no systemd, turning them on shows the crontab line."""

from __future__ import annotations

import argparse
import contextlib
import io
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static

from psoas_tui.errors import UserError
from psoas_tui.routine.text import clean_text
from psoas_tui.text.i18n import N_, _


def remind(action: str) -> str:
    """What ``psoas remind ACTION`` (with the default schedule) says, or its error."""
    from psoas_tui.commands import remind as command
    from psoas_tui.remind import schedule

    args = argparse.Namespace(
        action=action,
        every=schedule.DEFAULT_EVERY,
        between=schedule.DEFAULT_BETWEEN,
        days=schedule.DEFAULT_DAYS,
        routine=schedule.DEFAULT_ROUTINE,
        dry_run=False,
    )
    said = io.StringIO()
    try:
        with contextlib.redirect_stdout(said):
            command.remind(args)
    except UserError as error:
        said.write(str(error))
    except Exception as error:  # a reminder never fails silently, nor stops the app
        said.write(_("The reminders could not be changed: {error}").format(error=error))
    return clean_text(said.getvalue().strip(), multiline=True)


class RemindersScreen(ModalScreen[None]):
    """The reminders' status; o turns them on, f off, Escape closes."""

    CSS_PATH = "reminders.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("o", "turn('on')", N_("On")),
        Binding("f", "turn('off')", N_("Off")),
        Binding("escape", "close", N_("Close")),
    ]

    def __init__(self) -> None:
        super().__init__(id="reminders", classes="dialog")

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Label(_("Desk-break reminders"), classes="dialog-title")
            yield Static(remind("status"), id="reminders-status", markup=False)
            yield Static("", id="reminders-said", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button(_("Turn on (o)"), id="reminders-on", variant="primary")
                yield Button(_("Turn off (f)"), id="reminders-off")
                yield Button(_("Close (esc)"), id="reminders-close")

    @on(Button.Pressed, "#reminders-on")
    def _on(self) -> None:
        self.action_turn("on")

    @on(Button.Pressed, "#reminders-off")
    def _off(self) -> None:
        self.action_turn("off")

    @on(Button.Pressed, "#reminders-close")
    def _close(self) -> None:
        self.dismiss(None)

    def action_turn(self, action: str) -> None:
        """Turn them on or off; what it said, then the status as it is now."""
        self.query_one("#reminders-said", Static).update(remind(action))
        self.query_one("#reminders-status", Static).update(remind("status"))

    def action_close(self) -> None:
        self.dismiss(None)
