"""The summary after a session: what was done, and an optional note and tightness per side."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.validation import Integer
from textual.widgets import Button, Input, Label, Static

from psoas_tui.plan import Plan
from psoas_tui.tally import Tally
from psoas_tui.text.events import facts, summary_title
from psoas_tui.text.i18n import N_, _
from psoas_tui.tui.widgets.keybar import KeyBar

if TYPE_CHECKING:
    from psoas_tui.tui.app import PsoasApp


class SummaryScreen(Screen[None]):
    """Shown when a session ends; saving the note and ratings is optional."""

    CSS_PATH = "summary.tcss"  # parsed when the screen is first shown

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", N_("Save")),
        Binding("escape", "close", N_("Close")),
    ]

    def __init__(self, plan: Plan, tally: Tally, session_id: Any) -> None:
        super().__init__(id="summary")
        self.plan = plan
        self.tally = tally
        self.session_id = session_id
        self.saved = False

    @property
    def psoas(self) -> PsoasApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="summary-body"):
            title = summary_title(self.tally.finished, self.plan.routine.name)
            yield Label(title, id="summary-title", markup=False)
            with Grid(id="summary-facts"):
                for label, value in facts(self.plan, self.tally):
                    yield Static(Content(label), classes="fact-label")
                    yield Static(Content(value), classes="fact-value")
            loggable = self.session_id is not None
            if loggable:
                yield Label(_("How did it feel? (optional)"), classes="section-title")
                yield Input(placeholder=_("a note for your log"), id="note", max_length=500)
                with Horizontal(id="tightness-row"):
                    yield Label(_("Tightness 0–10  left"), classes="tight-label")
                    yield Input(
                        placeholder="–",
                        id="tight-left",
                        type="integer",
                        max_length=2,
                        validators=[Integer(0, 10)],
                        classes="tight",
                    )
                    yield Label(_("right"), classes="tight-label")
                    yield Input(
                        placeholder="–",
                        id="tight-right",
                        type="integer",
                        max_length=2,
                        validators=[Integer(0, 10)],
                        classes="tight",
                    )
            else:
                yield Label(_("This session was not logged."), classes="section-title")
            with Horizontal(id="summary-buttons"):
                if loggable:
                    yield Button(_("Save (ctrl+s)"), id="save", variant="primary")
                yield Button(_("Close (esc)"), id="close")
        yield KeyBar()

    def on_mount(self) -> None:
        if self.session_id is not None:
            self.query_one("#note", Input).focus()
        else:
            self.query_one("#close", Button).focus()

    def on_resize(self) -> None:
        # A long check question takes what the values leave (30 columns: "3 min 5 s of
        # 8 min 4 s planned"), so it wraps only on a narrow screen.
        width = max(40, self.size.width - 4 - 2 - 30)
        for label in self.query(".fact-label"):
            label.styles.max_width = width

    def _rating(self, input_id: str) -> int | None:
        value = self.query_one(input_id, Input).value.strip()
        if not value:
            return None
        number = int(value)
        if not 0 <= number <= 10:
            raise ValueError("tightness is a number from 0 to 10")
        return number

    @on(Input.Submitted)
    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        if self.session_id is None:
            self.action_close()
            return
        try:
            tightness = {"left": self._rating("#tight-left"), "right": self._rating("#tight-right")}
        except ValueError:
            self.notify(_("Tightness is a number from 0 to 10 (or empty)."), severity="error")
            return
        note = self.query_one("#note", Input).value.strip()
        try:
            self.psoas.log_store.save_summary(self.session_id, note=note, tightness=tightness)
        except Exception as error:
            message = _("Could not save: {error}").format(error=error)
            self.notify(message, severity="error", markup=False)
            return
        self.saved = True
        self.notify(_("Saved to your log."), timeout=2)
        self._leave()

    @on(Button.Pressed, "#close")
    def action_close(self) -> None:
        if not self._typed():
            self._leave()
            return
        # A note or a rating was typed and not saved: leaving would throw it away.
        from psoas_tui.tui.screens.dialogs import ConfirmScreen

        question = _("Close without saving your note and tightness?")
        dialog = ConfirmScreen(question, yes=_("Close"), no=_("Keep editing"))
        self.app.push_screen(dialog, lambda yes: self._leave() if yes else None)

    def _typed(self) -> bool:
        if self.session_id is None or self.saved:
            return False
        return any(
            self.query_one(selector, Input).value.strip()
            for selector in ("#note", "#tight-left", "#tight-right")
        )

    def _leave(self) -> None:
        if self.psoas.exit_after_session:
            self.app.exit(0)
        else:
            self.dismiss(None)
