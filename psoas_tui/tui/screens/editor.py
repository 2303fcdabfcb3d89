"""The in-app routine editor: TOML with highlighting, live validation, live total, safe saves."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual import on
from textual.app import App, ComposeResult, SuspendNotSupported
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.timer import Timer
from textual.widgets import Button, Label, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from psoas_tui.errors import UserError
from psoas_tui.locations import Locations
from psoas_tui.plan import build_plan
from psoas_tui.routine.catalog import Entry
from psoas_tui.routine.files import (
    RoutineFileError,
    copy_bundled,
    create_user_routine,
    editor_command,
    run_editor,
)
from psoas_tui.routine.load import LoadResult, Problem, parse_routine
from psoas_tui.routine.save import keep_backup, save_text, sweep_stale_temp_files
from psoas_tui.routine.template import template_text
from psoas_tui.routine.text import clean_text
from psoas_tui.text.durations import human
from psoas_tui.text.i18n import N_, _, ngettext
from psoas_tui.tui.widgets.footer import TranslatedFooter

DEBOUNCE_SECONDS = 0.3
NEW_ROUTINE_NAME = "My routine"
NO_EDITOR_HERE = N_(
    "the app cannot hand the terminal to an editor here: use psoas edit from a terminal"
)
PROBLEM_LINE_STYLE = Style(bgcolor="#5a1d1d", underline=True)

# Control characters are drawn as their visible "control pictures" (one cell each), so an
# ESC in a routine file can never reach the terminal.
_CONTROL_PICTURES = {code: 0x2400 + code for code in range(0x20) if code != 0x09}
_CONTROL_PICTURES[0x7F] = 0x2421
_CONTROL_PICTURES.update({code: 0xFFFD for code in range(0x80, 0xA0)})


class _HoldsQuitKey:
    """Claims ctrl+q so that the app's quit binding (a priority one) cannot drop the edits.

    Textual leaves out an ancestor's binding for a key that the focused widget says it may
    consume, so the key reaches this widget's own binding, which asks before leaving.
    """

    LEAVE_KEYS: ClassVar[frozenset[str]] = frozenset({"ctrl+q"})

    def check_consume_key(self, key: str, character: str | None = None) -> bool:
        if key in self.LEAVE_KEYS:
            return True
        return bool(super().check_consume_key(key, character))  # type: ignore[misc]


class RoutineTextArea(_HoldsQuitKey, TextArea):
    """A TextArea that marks the lines that have problems and never draws control codes."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "screen.leave", N_("Back"), show=False),
    ]

    _problem_lines: frozenset[int] = frozenset()

    @property
    def problem_lines(self) -> frozenset[int]:
        """0-based indexes of the lines marked as having a problem."""
        return self._problem_lines

    def mark_problem_lines(self, lines: frozenset[int]) -> None:
        if lines != self._problem_lines:
            self._problem_lines = lines
            # The rendered-line cache does not know about our marks.
            self._line_cache.clear()
            self.refresh()

    def get_line(self, line_index: int) -> Text:
        plain = self.document.get_line(line_index).translate(_CONTROL_PICTURES)
        if line_index in self._problem_lines:
            return Text(plain, style=PROBLEM_LINE_STYLE, end="", no_wrap=True)
        return Text(plain, end="", no_wrap=True)


class ProblemList(_HoldsQuitKey, OptionList):
    """The list of problems under the editor; choosing one moves the cursor there."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "screen.leave", N_("Back"), show=False),
    ]


class LeaveDialog(ModalScreen[str]):
    """Asked before leaving with unsaved changes: returns "save", "discard" or "stay"."""

    CSS_PATH = "editor.tcss"  # parsed when the screen is first shown
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "choose('stay')", N_("Keep editing")),
        Binding("s", "choose('save')", N_("Save")),
        Binding("d", "choose('discard')", N_("Discard")),
    ]

    def __init__(self, name: str) -> None:
        super().__init__()
        self._routine_name = name

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(
                Content(
                    _("{routine} has unsaved changes. Save them before leaving?").format(
                        routine=self._routine_name
                    )
                )
            )
            yield Label(_("s: save · d: discard · esc: keep editing"), id="leave-keys")
            with Horizontal():
                yield Button(_("Save and leave"), id="save", variant="primary")
                yield Button(_("Discard changes"), id="discard", variant="error")
                yield Button(_("Keep editing"), id="stay")

    def on_mount(self) -> None:
        self.query_one("#save", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id or "stay")

    def action_choose(self, choice: str) -> None:
        self.dismiss(choice)


class EditorScreen(Screen[Path | None]):
    """Edit one routine file. Dismisses with the saved path, or None if nothing was saved."""

    CSS_PATH = "editor.tcss"  # parsed when the screen is first shown
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", N_("Save"), priority=True),
        Binding("escape", "leave", N_("Back"), priority=True),
        Binding("ctrl+q", "leave", N_("Back"), show=False, priority=True),
        Binding("q", "leave", N_("Back"), show=False),
        Binding("f8", "next_problem", N_("Next problem")),
        Binding("ctrl+o", "external_editor", N_("Edit in $EDITOR")),
    ]

    def __init__(
        self,
        text: str,
        *,
        locations: Locations,
        path: Path | None,
        notice: str | None = None,
        created_copy: bytes | None = None,
    ) -> None:
        """``path`` None: a new routine, written under a free slug on the first save.

        ``created_copy``: the bytes of a copy this screen made of a bundled routine; if the
        user leaves without saving and the copy is still unchanged, it is removed again.
        """
        super().__init__()
        self._locations = locations
        self._path = path
        # What is on disk (for a new routine: the template, which needs no saving).
        self._saved_text = text
        self._initial_text = text
        self._notice = notice
        self._created_copy = created_copy
        # The file as this screen last read or wrote it, to notice changes made elsewhere.
        self._disk_bytes = _read_quietly(path) if path is not None else None
        self._saved_path: Path | None = None
        self._timer: Timer | None = None
        self._result: LoadResult | None = None
        self._problems: tuple[Problem, ...] = ()
        self._last_total: float | None = None
        self._untimed = 0

    # ---- construction -------------------------------------------------------------------

    @classmethod
    def for_entry(cls, entry: Entry, locations: Locations) -> EditorScreen:
        """Edit ``entry``; a bundled routine is first copied, byte for byte, and edited there.

        Raises UserError when the file cannot be read or copied.
        """
        sweep_stale_temp_files(locations.routines)
        if not entry.bundled and entry.path.parent != locations.routines:
            sweep_stale_temp_files(entry.path.parent)
        if entry.bundled:
            path = copy_bundled(entry, locations)
            data = path.read_bytes()
            name = entry.result.routine.name if entry.result.routine else entry.slug
            notice = _(
                "{routine} is a bundled routine, so it was copied to {file} "
                "in your routines folder; you are editing the copy."
            ).format(routine=clean_text(name), file=path.name)
            return cls(
                _decode(data),
                locations=locations,
                path=path,
                notice=notice + _encoding_notice(data),
                created_copy=data,
            )
        try:
            data = entry.path.read_bytes()
        except OSError as error:
            message = _("cannot read {path}: {reason}").format(
                path=entry.path, reason=error.strerror
            )
            raise RoutineFileError(message) from None
        notice = _encoding_notice(data).strip()
        return cls(_decode(data), locations=locations, path=entry.path, notice=notice or None)

    @classmethod
    def for_new(cls, locations: Locations) -> EditorScreen:
        """A new routine from the template; the first save writes it into the user folder."""
        sweep_stale_temp_files(locations.routines)
        return cls(template_text(NEW_ROUTINE_NAME), locations=locations, path=None)

    # ---- state --------------------------------------------------------------------------

    @property
    def path(self) -> Path | None:
        """The file being edited (None for a new routine not saved yet)."""
        return self._path

    @property
    def problems(self) -> tuple[Problem, ...]:
        return self._problems

    @property
    def total_seconds(self) -> float | None:
        """The total of the text as last validated, or None while it is invalid."""
        if self._result is None or self._result.routine is None or self._problems:
            return None
        return self._last_total

    @property
    def has_unsaved_changes(self) -> bool:
        return self.query_one(RoutineTextArea).text != self._saved_text

    # ---- layout -------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Static(id="editor-title", markup=False)
        area = RoutineTextArea.code_editor(
            self._initial_text, language="toml", theme="css", id="editor-text"
        )
        yield area
        yield Static(id="editor-summary", markup=False)
        yield ProblemList(id="editor-problems", classes="-empty")
        yield TranslatedFooter()

    def on_mount(self) -> None:
        self._update_title()
        self.validate_now()
        self.query_one(RoutineTextArea).focus()
        if self._notice:
            self.notify(self._notice, markup=False, timeout=8)

    # ---- validation ---------------------------------------------------------------------

    @on(TextArea.Changed, "#editor-text")
    def _text_changed(self) -> None:
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(DEBOUNCE_SECONDS, self.validate_now)
        self._update_title()

    def validate_now(self) -> None:
        """Validate the text as it is now; update the marks, the problem list and the total."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        area = self.query_one(RoutineTextArea)
        path = self._path
        result = parse_routine(
            area.text,
            source=str(path) if path else "new routine",
            slug=path.stem if path else "new-routine",
            path=path,
        )
        self._result = result
        self._problems = tuple(sorted(result.problems))
        if result.routine is not None and not result.problems:
            plan = build_plan(result.routine)
            self._last_total = plan.total_seconds
            self._untimed = plan.untimed_count
        last_line = max(area.document.line_count - 1, 0)
        area.mark_problem_lines(
            frozenset(min(max(p.line - 1, 0), last_line) for p in self._problems)
        )
        problems = self.query_one("#editor-problems", OptionList)
        problems.clear_options()
        problems.add_options(
            Option(Content(_problem_line(p)), id=str(i)) for i, p in enumerate(self._problems)
        )
        problems.set_class(not self._problems, "-empty")
        self._update_summary()

    def _update_summary(self) -> None:
        summary = self.query_one("#editor-summary", Static)
        count = len(self._problems)
        if count == 0 and self._last_total is not None:
            plan_text = _("Total {time}").format(time=human(self._last_total))
            if self._untimed:
                plan_text += " " + ngettext(
                    "plus {count} untimed interval that waits for you",
                    "plus {count} untimed intervals that wait for you",
                    self._untimed,
                ).format(count=self._untimed)
            summary.update(Content(_("✓ valid · {plan}").format(plan=plan_text)))
            summary.set_class(False, "-invalid")
            return
        text = ngettext("✗ {count} problem (F8: next)", "✗ {count} problems (F8: next)", count)
        text = text.format(count=count)
        if self._last_total is not None:
            text += " · " + _("total when last valid: {time}").format(time=human(self._last_total))
        summary.update(Content(text))
        summary.set_class(True, "-invalid")

    def _update_title(self) -> None:
        where = clean_text(str(self._path)) if self._path else _("new routine (not saved yet)")
        title = _("Editing {file}").format(file=where)
        if self.is_mounted and self.has_unsaved_changes:
            title += " ● " + _("unsaved changes")
        self.query_one("#editor-title", Static).update(Content(title))

    def relabel(self) -> None:
        """The language changed: the title, the total and the problems again, in it."""
        self._update_title()
        self.validate_now()

    @on(OptionList.OptionSelected, "#editor-problems")
    def _problem_selected(self, event: OptionList.OptionSelected) -> None:
        index = int(event.option.id or 0)
        if index < len(self._problems):
            self._go_to(self._problems[index])

    def _go_to(self, problem: Problem) -> None:
        area = self.query_one(RoutineTextArea)
        row = min(max(problem.line - 1, 0), max(area.document.line_count - 1, 0))
        column = max(problem.col - 1, 0)
        area.move_cursor((row, column), center=True)
        area.focus()

    def action_next_problem(self) -> None:
        if not self._problems:
            self.notify(_("No problems: the routine is valid."), markup=False)
            return
        row = self.query_one(RoutineTextArea).cursor_location[0]
        following = [p for p in self._problems if p.line - 1 > row]
        self._go_to(following[0] if following else self._problems[0])

    # ---- saving and leaving -------------------------------------------------------------

    def action_save(self) -> bool:
        """Save the text exactly as typed. Saving an invalid routine is allowed, with a warning."""
        self.validate_now()
        text = self.query_one(RoutineTextArea).text
        changed_elsewhere = False
        try:
            if self._path is None:
                routine = self._result.routine if self._result else None
                stem = routine.name if routine is not None else NEW_ROUTINE_NAME
                self._path = create_user_routine(text.encode("utf-8"), stem, self._locations)
            else:
                on_disk = _read_quietly(self._path)
                changed_elsewhere = on_disk is not None and on_disk != self._disk_bytes
                self._path.parent.mkdir(parents=True, exist_ok=True)
                save_text(self._path, text)
        except UserError as error:
            self.notify(str(error), title=_("Not saved"), severity="error", markup=False)
            return False
        except OSError as error:
            self.notify(
                _("cannot save {path}: {reason}; check the folder's permissions").format(
                    path=self._path, reason=error.strerror
                ),
                title=_("Not saved"),
                severity="error",
                markup=False,
            )
            return False
        self._saved_text = text
        self._saved_path = self._path
        self._created_copy = None
        self._disk_bytes = _read_quietly(self._path)
        self._update_title()
        if changed_elsewhere:
            self.notify(
                _(
                    "{file} had been changed by another program since it was opened; "
                    "your text replaced it, and the other version is kept in {file}.bak"
                ).format(file=self._path.name),
                title=_("Changed on disk"),
                severity="warning",
                markup=False,
                timeout=10,
            )
        if self._problems:
            count = len(self._problems)
            self.notify(
                ngettext(
                    "Saved {file} with {count} problem: it is listed as invalid "
                    "and cannot be run until it is fixed.",
                    "Saved {file} with {count} problems: it is listed as invalid "
                    "and cannot be run until they are fixed.",
                    count,
                ).format(file=self._path.name, count=count),
                title=_("Saved with problems"),
                severity="warning",
                markup=False,
            )
        else:
            self.notify(_("Saved {path}").format(path=self._path.name), markup=False)
        return True

    def action_leave(self) -> None:
        if not self.has_unsaved_changes:
            self._finish()
            return
        name = self._path.name if self._path else _("The new routine")
        self.app.push_screen(LeaveDialog(name), self._after_leave_dialog)

    def _after_leave_dialog(self, choice: str | None) -> None:
        if choice == "save":
            if self.action_save():
                self._finish()
        elif choice == "discard":
            self._finish()

    def _finish(self) -> None:
        self._remove_untouched_copy()
        self.dismiss(self._saved_path)

    def _remove_untouched_copy(self) -> None:
        """A bundled routine's copy that was never saved nor changed is not left behind."""
        if self._created_copy is None or self._path is None:
            return
        with contextlib.suppress(OSError):
            if self._path.read_bytes() == self._created_copy:
                self._path.unlink()

    # ---- external editor ----------------------------------------------------------------

    def action_external_editor(self) -> None:
        """Suspend the app, edit the current text in $VISUAL/$EDITOR, and take the result back."""
        area = self.query_one(RoutineTextArea)
        try:
            with self.app.suspend():
                edited = edit_text_externally(area.text, self._path)
        except UserError as error:
            self.notify(str(error), severity="error", markup=False)
            return
        except SuspendNotSupported:
            self.notify(
                _(NO_EDITOR_HERE),
                severity="error",
                markup=False,
            )
            return
        if edited != area.text:
            area.replace(edited, area.document.start, area.document.end)
            self.validate_now()
            self.notify(_("Took the text back from the external editor; Ctrl-S saves it."))


def _problem_line(problem: Problem) -> str:
    return _("line {line}, col {col}: {message}").format(
        line=problem.line, col=problem.col, message=clean_text(problem.message)
    )


def edit_entry_externally(app: App[object], entry: Entry, locations: Locations) -> Path:
    """Suspend ``app`` and run $VISUAL/$EDITOR on ``entry``'s file; returns the file edited.

    A bundled routine is first copied (byte for byte) and the copy is edited. The caller
    reloads the routine afterwards. Raises UserError when the editor cannot run here.
    """
    path = copy_bundled(entry, locations) if entry.bundled else entry.path
    if not entry.bundled:
        keep_backup(path)
    editor_command(path)  # no editor: say so before the app lets go of the terminal
    try:
        with app.suspend():
            run_editor(path)
    except SuspendNotSupported:
        if entry.bundled:
            path.unlink(missing_ok=True)  # the copy was made for this edit only
        raise UserError(
            _(
                "the app cannot hand the terminal to an editor here: run psoas edit {routine} "
                "from a terminal"
            ).format(routine=entry.slug)
        ) from None
    return path


def edit_text_externally(text: str, path: Path | None) -> str:
    """Run the user's editor on a temporary copy of ``text`` and return what it saved."""
    suffix = f"-{path.stem}.toml" if path else "-new-routine.toml"
    handle, name = tempfile.mkstemp(prefix="psoas-", suffix=suffix)
    temp = Path(name)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(text.encode("utf-8"))
        run_editor(temp)
        return _decode(temp.read_bytes())
    finally:
        with contextlib.suppress(OSError):
            temp.unlink()


def _read_quietly(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


def _decode(data: bytes) -> str:
    return data.decode("utf-8", errors="replace")


def _encoding_notice(data: bytes) -> str:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return (
            " The file is not UTF-8 text: bytes that are not are shown as �, and saving "
            "writes UTF-8."
        )
    return ""


__all__ = [
    "EditorScreen",
    "LeaveDialog",
    "RoutineTextArea",
    "edit_entry_externally",
    "edit_text_externally",
]
