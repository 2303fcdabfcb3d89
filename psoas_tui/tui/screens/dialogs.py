"""Dialogs that return a value: a yes/no confirmation and the check-in question."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.css.scalar import Scalar
from textual.screen import ModalScreen
from textual.widgets import Button, Label, OptionList, Static
from textual.widgets.option_list import Option

from psoas_tui.plan import Interval
from psoas_tui.text.i18n import N_, _
from psoas_tui.text.intervals import check_title
from psoas_tui.tui.widgets.keybar import KeyBar, KeyHint


class ConfirmScreen(ModalScreen[bool]):
    """Ask a yes/no question; dismisses with True for yes."""

    CSS_PATH = "dialogs.tcss"  # parsed when the screen is first shown

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", N_("Yes"), show=False),
        Binding("n,escape", "answer(False)", N_("No"), show=False),
    ]

    def __init__(self, question: str, *, yes: str | None = None, no: str | None = None) -> None:
        super().__init__(classes="dialog")
        self.question = question
        self.yes = yes if yes is not None else _("Yes")
        self.no = no if no is not None else _("No")

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Label(self.question, classes="dialog-question", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button(f"{self.yes} (y)", id="yes", variant="error")
                yield Button(f"{self.no} (n)", id="no", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    @on(Button.Pressed, "#yes")
    def _yes(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#no")
    def _no(self) -> None:
        self.dismiss(False)

    def action_answer(self, value: bool) -> None:
        self.dismiss(value)


class CheckInScreen(ModalScreen[int | None]):
    """A check step's question; dismisses with the index of the answer (None: skipped)."""

    CSS_PATH = "dialogs.tcss"  # parsed when the screen is first shown

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("1", "answer(0)", N_("Answer"), key_display="1-9"),
        *(Binding(str(n), f"answer({n - 1})", show=False) for n in range(2, 10)),
        Binding("escape", "skip", N_("Skip the check")),
    ]

    def __init__(self, interval: Interval) -> None:
        super().__init__(classes="dialog")
        self.interval = interval

    def key_hint(self, action: str) -> KeyHint | None:
        """The key bar shows the number keys there are answers for, "1-3 Answer", as a
        hint: a click on it must not pick answer 1."""
        if action != "answer(0)":
            return None
        count = len(self.interval.answers)
        return KeyHint(key=f"1-{count}" if count > 1 else None, clickable=False)

    def compose(self) -> ComposeResult:
        interval = self.interval
        with Vertical(classes="dialog-box", id="check-box"):
            yield Label(check_title(interval), classes="dialog-title", markup=False)
            # How to do the test and read it comes first: the answer depends on it.
            if interval.how:
                with VerticalScroll(id="check-how"):
                    yield Static(Content(interval.how.strip()))
            yield Label(
                interval.question or interval.step_name, classes="dialog-question", markup=False
            )
            yield OptionList(
                *(
                    Option(Content(f"{number}  {answer}"), id=str(number - 1))
                    for number, answer in enumerate(interval.answers, start=1)
                ),
                id="check-answers",
            )
        # Its own key bar covers the session's, whose keys wait until the answer; it says
        # which number keys answer.
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#check-answers", OptionList).focus()
        self.call_after_refresh(self._fit)

    def on_resize(self) -> None:
        self.call_after_refresh(self._fit)

    def _fit(self) -> None:
        """Give the instructions what the title, question and answers leave of the screen,
        so the answers always show whole (the instructions scroll)."""
        how = self.query("#check-how")
        if not how:
            return
        box = self.query_one("#check-box")
        others = sum(
            child.outer_size.height + child.styles.margin.top + child.styles.margin.bottom
            for child in box.children
            if child.id != "check-how"
        )
        room = int(self.size.height * 0.95) - 1 - box.styles.gutter.height - others
        height = max(3, min(16, room))
        if how.first().styles.max_height != Scalar.from_number(height):
            how.first().styles.max_height = height

    def action_answer(self, index: int) -> None:
        if 0 <= index < len(self.interval.answers):
            self.dismiss(index)

    @on(OptionList.OptionSelected, "#check-answers")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        assert event.option.id is not None
        self.dismiss(int(event.option.id))

    def action_skip(self) -> None:
        self.dismiss(None)
