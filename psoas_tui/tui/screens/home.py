"""Home: the routines with their time, tags and when each was last done; a detail pane."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from psoas_tui.routine.catalog import Entry, arrange
from psoas_tui.routine.text import clean_text
from psoas_tui.text import routines as describe
from psoas_tui.text.durations import ago
from psoas_tui.text.i18n import N_, _, shown_language
from psoas_tui.text.intervals import outline
from psoas_tui.tui.widgets.keybar import KeyBar
from psoas_tui.tui.widgets.routinelist import RoutineList, RoutineRow

if TYPE_CHECKING:
    from psoas_tui.tui.app import PsoasApp


class RoutineDetail(Static):
    """The detail pane's text: name, facts, summary (or the file's problems) and outline.

    One widget for all of it: four would cost the first frame of home more than the text
    in them (benchmarks/tui.py). The parts take their colours from component classes."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"detail--title", "detail--facts", "detail--problems"}

    _shown: tuple[Entry | None, PsoasApp] | None = None
    _fitted: tuple[str, bool] | None = None  # the remembered budget's line (#17)

    @property
    def entry(self) -> Entry | None:
        """The routine shown (None before the first, or when there are none)."""
        return self._shown[0] if self._shown is not None else None

    def show(self, entry: Entry | None, app: PsoasApp) -> None:
        self._shown = (entry, app)
        routine = entry.result.routine if entry is not None else None
        budget = app.budget_for(routine.id) if routine is not None else None
        if routine is not None and budget is not None:
            # Only a remembered budget loads the fitter (and the budget screen's module).
            from psoas_tui.tui.screens.budget import fit_summary

            self._fitted = fit_summary(routine, budget)
        else:
            self._fitted = None
        self.refresh(layout=True)

    def render(self) -> Content:
        """Built at each render, so the colours are the component styles as they are now
        (after a theme change too)."""
        if self._shown is None:
            return Content("")
        entry, app = self._shown
        title = self.get_visual_style("detail--title")
        facts = self.get_visual_style("detail--facts")
        if entry is None:
            return Content.assemble(
                (_("No routines yet"), title), "\n", (_("Press n to write one."), facts)
            )
        routine = entry.result.routine
        source = describe.source(entry.bundled, clean_text(entry.path.name))
        if routine is None:
            problems = "\n".join(clean_text(str(p)) for p in entry.problems)
            return Content.assemble(
                (entry.slug, title),
                "\n",
                (describe.has_problems(source), facts),
                "\n\n",
                (problems, self.get_visual_style("detail--problems")),
                "\n\n",
                _("Press e to edit it, or fix it in your editor (E)."),
            )
        plan = app.outline_plan(entry)
        fact_parts = [describe.plan_length(plan) if plan else ""]
        if routine.tags:
            fact_parts.append(", ".join(routine.tags))
        fact_parts.append(source)
        parts: list[Content | str | tuple[str, Any]] = [
            (routine.name, title),
            "\n",
            (" · ".join(p for p in fact_parts if p), facts),
        ]
        if self._fitted is not None:
            text, problem = self._fitted
            parts += ["\n", (text, self.get_visual_style("detail--problems") if problem else facts)]
        parts += [
            "\n\n",
            routine.summary.strip(),
            "\n\n",
        ]
        if plan is not None:
            parts.append(
                Content("\n").join(
                    Content.assemble((number, "bold"), "\n   ", (detail, "dim"))
                    for number, detail in outline(plan)
                )
            )
        return Content.assemble(*parts)


class HomeScreen(Screen[None]):
    """Pick a routine; Enter starts it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "start", N_("Start"), show=True, priority=True),
        Binding("h", "app.open_history", N_("History")),
        Binding("n", "new", N_("New")),
        Binding("e", "edit", N_("Edit")),
        Binding("c", "duplicate", N_("Copy")),
        Binding("f", "fit", N_("Fit")),
        Binding("x,delete", "delete", N_("Delete")),
        Binding("E", "external_edit", N_("Edit in $EDITOR"), show=False),
        Binding("q", "app.quit", N_("Quit")),
        Binding("u", "resume", N_("Go on")),  # shown while a cut-off session is offered
        # Other-language versions of routines shown in your own are hidden; this shows them.
        Binding("a", "every_language", N_("All languages"), show=False),
    ]

    @property
    def psoas(self) -> PsoasApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        # The screen lays the two panes side by side itself (one container fewer to draw).
        routines = RoutineList(id="routines")
        routines.border_title = _("psoas · routines")
        yield Static("", id="resume-offer", markup=False)
        yield routines
        with VerticalScroll(id="routine-detail"):
            yield RoutineDetail(id="detail", markup=False)
        yield KeyBar()

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._resumed = False
        self._select_on_resume: str | None = None  # a routine just saved in the editor
        self._offer: Any = None  # the cut-off session offered (tui/resuming.py)
        self.every_language = False  # a routine's versions in other languages shown too

    def on_mount(self) -> None:
        self.fill()

    def relabel(self) -> None:
        """The language changed: the list's title and rows and the detail, in it."""
        self.query_one("#routines", RoutineList).border_title = _("psoas · routines")
        self.fill()

    def on_screen_resume(self) -> None:
        # Back from a session, the editor or a shell: files may have changed on disk.
        if self._resumed:
            self.psoas.reload_entries()
            self.fill(select=self._select_on_resume)
        self._select_on_resume = None
        self._resumed = True

    def fill(self, *, select: str | None = None) -> None:
        """(Re)read the routines and when each was last done; the cursor stays on its
        routine (or moves to ``select``)."""
        known = self.psoas.parts_ready
        last: dict[str, Any] = {}
        if known:
            with contextlib.suppress(Exception):
                last = self.psoas.log_store.last_done()
        now = self.psoas.now()
        rows: list[RoutineRow] = []
        entries = arrange(self.psoas.entries(), shown_language(), every=self.every_language)
        for entry in entries:  # #15: other-language twins hidden unless asked for
            done = ago(last.get(entry.slug), now) if known else "…"
            routine = entry.result.routine
            if routine is None:
                invalid = describe.invalid()
                rows.append(RoutineRow(entry.slug, entry.slug, invalid, done, invalid=True))
                continue
            plan = self.psoas.outline_plan(entry)
            total = describe.short_length(plan) if plan else "?"
            # A copy keeps the bundled name: the list says whose it is.
            rows.append(RoutineRow(entry.slug, routine.name, total, done, mine=not entry.bundled))
        self._show_offer()
        routines = self.query_one("#routines", RoutineList)
        routines.set_rows(rows)
        if select is not None:
            routines.select(select)
        self.show_detail(self.selected_entry())

    def action_every_language(self) -> None:
        """Show (or hide again) the versions in other languages of routines you see in
        your own, as ``psoas list --all`` does."""
        self.every_language = not self.every_language
        selected = self.selected_entry()
        self.fill(select=selected.slug if selected else None)

    def _show_offer(self) -> None:
        self._offer = None
        text = ""
        if self.psoas.parts_ready:  # the log is open: was a session cut off?
            # Imported here: the resume machinery (and the log's) stays off the first frame.
            from psoas_tui.tui.resuming import offer_text, resume_offer

            self._offer = resume_offer(self.psoas)
            text = offer_text(self._offer) if self._offer else ""
        offer = self.query_one("#resume-offer", Static)
        offer.update(text)
        offer.display = self._offer is not None
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self._offer is not None if action == "resume" else True

    def action_resume(self) -> None:
        if self._offer is not None:
            from psoas_tui.tui.resuming import resume_session

            resume_session(self.psoas, self._offer)

    def selected_entry(self) -> Entry | None:
        key = self.query_one("#routines", RoutineList).cursor_key
        return next((e for e in self.psoas.entries() if e.slug == key), None)

    @on(RoutineList.Highlighted, "#routines")
    def _highlighted(self, event: RoutineList.Highlighted) -> None:
        self.show_detail(self.selected_entry())

    @on(RoutineList.Selected, "#routines")
    def _selected(self, event: RoutineList.Selected) -> None:
        self.action_start()

    def show_detail(self, entry: Entry | None) -> None:
        detail = self.query_one("#detail", RoutineDetail)
        # Another routine is read from its first line. The same one again (the list is
        # read again after any screen on top closes) keeps its place.
        shown = detail.entry
        if shown is None or entry is None or (shown.slug, shown.path) != (entry.slug, entry.path):
            scroller = self.query_one("#routine-detail", VerticalScroll)
            if scroller.scroll_y:
                scroller.scroll_home(animate=False)
        detail.show(entry, self.psoas)

    # -- actions -------------------------------------------------------------------------

    def action_start(self) -> None:
        entry = self.selected_entry()
        if entry is not None:
            self.psoas.start_routine(entry.slug)

    def action_fit(self) -> None:
        """Fit the routine to a time (#17): remembered for it, shown in the detail pane."""
        entry = self.selected_entry()
        routine = entry.result.routine if entry is not None else None
        if routine is None:
            return
        from psoas_tui.tui.screens.budget import BudgetChoice, BudgetScreen

        def chosen(choice: BudgetChoice | None) -> None:
            if choice is not None and self.psoas.set_budget(routine.id, choice.seconds):
                self.show_detail(self.selected_entry())

        self.app.push_screen(BudgetScreen(routine.name, self.psoas.budget_for(routine.id)), chosen)

    def action_new(self) -> None:
        from psoas_tui.tui.screens.editor import EditorScreen

        self.app.push_screen(EditorScreen.for_new(self.psoas.locations), self._edited)

    def action_edit(self) -> None:
        entry = self.selected_entry()
        if entry is None:
            return
        from psoas_tui.errors import UserError
        from psoas_tui.tui.screens.editor import EditorScreen

        try:
            editor = EditorScreen.for_entry(entry, self.psoas.locations)
        except (UserError, OSError) as error:
            message = _("Cannot edit {routine}: {error}").format(routine=entry.slug, error=error)
            self.notify(message, severity="error", markup=False)
            return
        self.app.push_screen(editor, self._edited)

    def _edited(self, path: object) -> None:
        if path is not None:
            self.notify(_("Saved {path}").format(path=path), markup=False)
            # The routine just written is the one to start or edit next: selected when
            # home shows again and reads the routines (once, not here as well).
            self._select_on_resume = Path(str(path)).stem

    def action_duplicate(self) -> None:
        entry = self.selected_entry()
        if entry is None:
            return
        from psoas_tui.routine.files import duplicate

        try:
            path = duplicate(entry, self.psoas.locations)
        except (OSError, ValueError) as error:
            message = _("Could not copy {routine}: {error}").format(routine=entry.slug, error=error)
            self.notify(message, severity="error", markup=False)
            return
        self.notify(_("Copied to {path}").format(path=path), markup=False)
        self.psoas.reload_entries()
        self.fill(select=path.stem)

    def action_delete(self) -> None:
        entry = self.selected_entry()
        if entry is None:
            return
        if entry.bundled:
            self.notify(
                _("Bundled routines cannot be deleted; copy one (c) to change it."),
                severity="warning",
            )
            return
        from psoas_tui.tui.screens.dialogs import ConfirmScreen

        question = _("Move {file} to the trash?").format(file=clean_text(entry.path.name))
        self.app.push_screen(
            ConfirmScreen(question, yes=_("Delete"), no=_("Keep")),
            lambda yes: self._delete(entry, bool(yes)),
        )

    def _delete(self, entry: Entry, yes: bool) -> None:
        if not yes:
            return
        from psoas_tui.routine.files import delete_to_trash

        try:
            where = delete_to_trash(entry, self.psoas.locations)
        except (OSError, ValueError) as error:
            message = _("Could not delete {routine}: {error}").format(
                routine=entry.slug, error=error
            )
            self.notify(message, severity="error", markup=False)
            return
        self.notify(_("Moved to {path}").format(path=where), markup=False)
        self.psoas.reload_entries()
        self.fill()

    def action_external_edit(self) -> None:
        """Edit the routine's file in $VISUAL/$EDITOR (a bundled one is copied first)."""
        entry = self.selected_entry()
        if entry is None:
            return
        from psoas_tui.errors import UserError
        from psoas_tui.tui.screens.editor import edit_entry_externally

        try:
            path = edit_entry_externally(self.app, entry, self.psoas.locations)
        except UserError as error:
            self.notify(str(error), severity="error", markup=False)
            return
        self.psoas.reload_entries()
        self.fill()
        edited = next((e for e in self.psoas.entries() if e.path == path), None)
        if edited is not None and edited.problems:
            problem = str(edited.problems[0])
            self.notify(problem, title=_("Problems"), severity="error", markup=False)
