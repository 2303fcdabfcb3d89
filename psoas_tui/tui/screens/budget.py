"""Home's fit key (#17): a small input for the time to fit the routine to. Enter sets it
(an empty input runs the routine as written again), Esc leaves it as it was."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, NamedTuple

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from psoas_tui.text import coaching as words
from psoas_tui.text.i18n import N_

if TYPE_CHECKING:
    from psoas_tui.routine.model import Routine


class BudgetChoice(NamedTuple):
    """What was asked for: seconds, or None to run the routine as written."""

    seconds: int | None


class BudgetScreen(ModalScreen[BudgetChoice | None]):
    """Ask for a time budget; dismisses with a :class:`BudgetChoice`, or None (Esc)."""

    CSS_PATH = "budget.tcss"  # parsed when the screen is first shown

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", N_("Cancel")),
    ]

    def __init__(self, routine: str, current: int | None) -> None:
        super().__init__(classes="dialog", id="budget")
        self.routine = routine
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Label(words.fit_question(self.routine), classes="dialog-question", markup=False)
            yield Input(
                words.budget_text(self.current) if self.current else "",
                placeholder=words.budget_placeholder(),
                id="budget-input",
            )
            yield Label("", id="budget-problem", markup=False)
            yield Label(words.budget_help(), classes="dialog-title", markup=False)

    def on_mount(self) -> None:
        self.query_one("#budget-problem", Label).display = False
        self.query_one("#budget-input", Input).focus()

    @on(Input.Submitted, "#budget-input")
    def _submitted(self, event: Input.Submitted) -> None:
        from psoas_tui.coaching.fit import DurationError, parse_duration

        text = event.value.strip()
        if not text:
            self.dismiss(BudgetChoice(None))
            return
        try:
            seconds = parse_duration(text)
        except DurationError as error:
            problem = self.query_one("#budget-problem", Label)
            problem.update(words.duration_error(error))
            problem.display = True
            return
        self.dismiss(BudgetChoice(seconds))

    def action_cancel(self) -> None:
        self.dismiss(None)


def fit_summary(routine: Routine, seconds: int | None) -> tuple[str, bool] | None:
    """Home's detail pane: the line of the routine fitted to its remembered budget, and
    whether it is a problem (out of reach); None without a budget."""
    if seconds is None:
        return None
    from psoas_tui.coaching.adapt import adapt

    fit = adapt(routine, budget=seconds, results=[], asymmetry="off").fit
    if fit is None:
        return None
    if not fit.ok:
        return words.out_of_reach_here(fit), True
    return words.fit_line(fit), False
