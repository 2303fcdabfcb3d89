"""Pilot tests of the in-app editor, pushed by a tiny app of its own."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from textual.app import App
from textual.content import Content
from textual.widgets import OptionList
from tui_fakes import pilot_test

from psoas_tui.errors import UserError
from psoas_tui.locations import Locations, user_locations
from psoas_tui.routine.catalog import Entry, bundled_entries, resolve
from psoas_tui.routine.save import FRESH_SECONDS, TEMP_SUFFIX, save_text
from psoas_tui.tui.screens.editor import (
    EditorScreen,
    LeaveDialog,
    RoutineTextArea,
    edit_entry_externally,
    edit_text_externally,
)

SETTLE = 0.45  # longer than the validation debounce

ROUTINE = """#:schema ./routine.schema.json
# Evening: the physio said longer on the right.
schema = 1
name = "Evening"   # shown in the list

[defaults]
get_ready = 5 # seconds
switch = 5

[[steps]]
name = "Couch stretch"
kind = "timed"
duration = 45
per_side = true
right = { duration = 60 }    # tight side
"""
DURATION_LINE = 12  # 0-based index of "duration = 45"


class EditorApp(App[None]):
    """Pushes one editor screen and records what it was dismissed with."""

    def __init__(self, screen: EditorScreen) -> None:
        super().__init__()
        self.editor = screen
        self.results: list[Path | None] = []

    def on_mount(self) -> None:
        self.push_screen(self.editor, self.results.append)

    def notices(self) -> list[tuple[str, str]]:
        return [(n.message, n.severity) for n in self._notifications]


def user_entry(locations: Locations, text: str = ROUTINE) -> Entry:
    locations.routines.mkdir(parents=True, exist_ok=True)
    save_text(locations.routines / "evening.toml", text)
    return resolve("evening", locations)


def area_of(app: EditorApp) -> RoutineTextArea:
    return app.editor.query_one(RoutineTextArea)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pilot_test
async def test_errors_appear_and_vanish_as_you_type_and_the_total_follows() -> None:
    locations = user_locations()
    app = EditorApp(EditorScreen.for_entry(user_entry(locations), locations))
    async with app.run_test(size=(100, 36)) as pilot:
        await pilot.pause()
        screen = app.editor
        start_total = screen.total_seconds
        assert start_total is not None and screen.problems == ()
        area = area_of(app)
        area.move_cursor((DURATION_LINE, len("duration = 45")))
        await pilot.press("s")
        await pilot.pause(SETTLE)
        assert screen.problems, "a syntax error is listed"
        assert screen.problems[0].line == DURATION_LINE + 1
        assert area.problem_lines == frozenset({DURATION_LINE})
        listed = app.editor.query_one("#editor-problems", OptionList)
        assert listed.option_count == len(screen.problems)
        assert str(listed.get_option_at_index(0).prompt).startswith(f"line {DURATION_LINE + 1},")
        assert screen.total_seconds is None
        assert "problem" in str(app.editor.query_one("#editor-summary").render())

        await pilot.press("backspace")  # "45" again
        area.move_cursor((DURATION_LINE, len("duration = ")))
        await pilot.press("delete", "5")  # "55"
        await pilot.pause(SETTLE)
        assert area.document.get_line(DURATION_LINE) == "duration = 55"
        assert screen.problems == ()
        assert area.problem_lines == frozenset()
        assert listed.option_count == 0
        # Only the left side changes (the right has its own 60 s): 45 -> 55 adds 10 s.
        assert screen.total_seconds == start_total + 10
        assert "Total" in str(app.editor.query_one("#editor-summary").render())


@pilot_test
async def test_ctrl_s_saves_exactly_the_text_even_when_invalid() -> None:
    locations = user_locations()
    entry = user_entry(locations)
    app = EditorApp(EditorScreen.for_entry(entry, locations))
    async with app.run_test(size=(100, 36)) as pilot:
        await pilot.pause()
        area_of(app).move_cursor((DURATION_LINE, len("duration = 45")))
        await pilot.press("backspace", "backspace", "5", "0")
        await pilot.press("ctrl+s")
        await pilot.pause()
        expected = ROUTINE.replace("duration = 45", "duration = 50")
        assert entry.path.read_bytes() == expected.encode("utf-8")
        assert entry.path.with_name("evening.toml.bak").read_bytes() == ROUTINE.encode()
        assert not app.editor.has_unsaved_changes
        assert not any(severity == "warning" for _, severity in app.notices())

        # Saving an invalid routine is allowed, but warns.
        area_of(app).insert("x", (DURATION_LINE, 0))
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert entry.path.read_text() == expected.replace("duration = 50", "xduration = 50")
        assert any(severity == "warning" for _, severity in app.notices())
        await pilot.press("escape")
        await pilot.pause()
        assert app.results == [entry.path]


@pilot_test
async def test_editing_a_bundled_routine_copies_it_and_leaves_it_untouched() -> None:
    locations = user_locations()
    bundled = bundled_entries()[0]
    before = digest(bundled.path)
    app = EditorApp(EditorScreen.for_entry(bundled, locations))
    async with app.run_test(size=(100, 36)) as pilot:
        await pilot.pause()
        copy = app.editor.path
        assert copy == locations.routines / f"{bundled.slug}-mine.toml"
        assert copy.read_bytes() == bundled.path.read_bytes()
        assert any("copied" in message for message, _ in app.notices())
        area_of(app).insert("# mine\n", (0, 0))
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
    assert app.results == [copy]
    assert copy.read_bytes() == b"# mine\n" + bundled.path.read_bytes()
    assert digest(bundled.path) == before


@pilot_test
async def test_an_untouched_copy_of_a_bundled_routine_is_removed_on_leaving() -> None:
    locations = user_locations()
    bundled = bundled_entries()[0]
    app = EditorApp(EditorScreen.for_entry(bundled, locations))
    async with app.run_test(size=(100, 36)) as pilot:
        await pilot.pause()
        copy = app.editor.path
        assert copy is not None and copy.exists()
        await pilot.press("escape")
        await pilot.pause()
    assert app.results == [None]
    assert not copy.exists()


@pilot_test
async def test_leaving_with_unsaved_changes_asks_first() -> None:
    locations = user_locations()
    entry = user_entry(locations)
    app = EditorApp(EditorScreen.for_entry(entry, locations))
    async with app.run_test(size=(100, 36)) as pilot:
        await pilot.pause()
        await pilot.press("z")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, LeaveDialog)
        await pilot.press("escape")  # keep editing
        await pilot.pause()
        assert app.screen is app.editor and app.results == []
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, LeaveDialog)
        await pilot.press("d")  # discard
        await pilot.pause()
    assert app.results == [None]
    assert entry.path.read_text() == ROUTINE


@pilot_test
async def test_save_and_leave_from_the_dialog() -> None:
    locations = user_locations()
    entry = user_entry(locations)
    app = EditorApp(EditorScreen.for_entry(entry, locations))
    async with app.run_test(size=(100, 36)) as pilot:
        await pilot.pause()
        await pilot.press("z")
        await pilot.press("escape")
        await pilot.pause()
        await pilot.click("#save")
        await pilot.pause()
    assert app.results == [entry.path]
    assert entry.path.read_text() == "z" + ROUTINE


@pilot_test
async def test_a_new_routine_starts_from_the_template_and_saves_under_its_name() -> None:
    locations = user_locations()
    app = EditorApp(EditorScreen.for_new(locations))
    async with app.run_test(size=(100, 36)) as pilot:
        await pilot.pause()
        text = area_of(app).text
        assert text.startswith("#:schema ./routine.schema.json\n")
        assert app.editor.problems == () and app.editor.total_seconds
        await pilot.press("escape")  # nothing typed: nothing to ask, nothing written
        await pilot.pause()
    assert app.results == [None]
    assert not list(locations.routines.glob("*.toml"))

    app = EditorApp(EditorScreen.for_new(locations))
    async with app.run_test(size=(100, 36)) as pilot:
        await pilot.pause()
        area = area_of(app)
        row = area.text.splitlines().index('name = "My routine"')
        area.move_cursor((row, len('name = "My routine')))
        area.insert(" 2")
        await pilot.press("ctrl+s")
        await pilot.press("escape")
        await pilot.pause()
        saved = locations.routines / "my-routine-2.toml"
        assert app.results == [saved]
        assert saved.read_text() == area.text


@pilot_test
async def test_choosing_a_problem_moves_the_cursor_to_it() -> None:
    locations = user_locations()
    broken = ROUTINE.replace('kind = "timed"', 'kind = "timd"')
    app = EditorApp(EditorScreen.for_entry(user_entry(locations, broken), locations))
    async with app.run_test(size=(100, 36)) as pilot:
        await pilot.pause()
        problem = app.editor.problems[0]
        assert problem.line == broken.splitlines().index('kind = "timd"') + 1
        area_of(app).move_cursor((0, 0))
        listed = app.editor.query_one("#editor-problems", OptionList)
        listed.focus()
        listed.highlighted = 0
        await pilot.press("enter")
        await pilot.pause()
        assert area_of(app).cursor_location == (problem.line - 1, problem.col - 1)
        assert area_of(app).has_focus
        area_of(app).move_cursor((0, 0))
        await pilot.press("f8")
        assert area_of(app).cursor_location == (problem.line - 1, problem.col - 1)


@pilot_test
async def test_control_characters_are_drawn_as_pictures_not_sent_to_the_terminal() -> None:
    locations = user_locations()
    entry = user_entry(locations, ROUTINE.replace("Evening", "Eve\x1b[31mning"))
    app = EditorApp(EditorScreen.for_entry(entry, locations))
    async with app.run_test(size=(100, 36)) as pilot:
        await pilot.pause()
        area = area_of(app)
        row = area.text.splitlines().index('name = "Eve\x1b[31mning"   # shown in the list')
        shown = area.get_line(row).plain
        assert "\x1b" not in shown and "␛[31m" in shown
        assert len(shown) == len(area.document.get_line(row))

        # Problems quote what the file says; markup in it stays literal text.
        area.text = ROUTINE.replace("switch = 5", 'switch = "[bold red]5[/]"')
        app.editor.validate_now()
        listed = app.editor.query_one("#editor-problems", OptionList)
        prompts = [listed.get_option_at_index(i).prompt for i in range(listed.option_count)]
        assert all(isinstance(prompt, Content) for prompt in prompts)
        assert any("[bold red]" in str(prompt) for prompt in prompts), [str(p) for p in prompts]
        assert [p.line for p in app.editor.problems] == [
            ROUTINE.splitlines().index("switch = 5") + 1
        ]


def test_edit_text_externally_returns_what_the_editor_saved(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    script = tmp_path / "editor.py"
    script.write_text(
        "import sys\nfrom pathlib import Path\np = Path(sys.argv[1])\n"
        "p.write_text(p.read_text().replace('45', '50') + '# seen by the editor\\n')\n"
    )
    monkeypatch.setenv("VISUAL", f"{sys.executable} {script}")
    edited = edit_text_externally(ROUTINE, Path("evening.toml"))
    assert edited == ROUTINE.replace("45", "50") + "# seen by the editor\n"
    assert not list(Path(tempfile.gettempdir()).glob("psoas-*-evening.toml"))


@pilot_test
async def test_without_a_terminal_to_hand_over_the_external_editor_says_so() -> None:
    locations = user_locations()
    bundled = bundled_entries()[0]
    app = EditorApp(EditorScreen.for_entry(user_entry(locations), locations))
    async with app.run_test(size=(100, 36)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert any(
            severity == "error" and "psoas edit" in message for message, severity in app.notices()
        )
        assert area_of(app).text == ROUTINE
        with pytest.raises(UserError, match="psoas edit"):
            edit_entry_externally(app, bundled, locations)
    assert not (locations.routines / f"{bundled.slug}-mine.toml").exists()


def test_opening_the_editor_sweeps_temp_files_of_killed_saves() -> None:
    locations = user_locations()
    entry = user_entry(locations)
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    stale = locations.routines / f".evening.toml.{int(dead.stdout)}.0badf00d{TEMP_SUFFIX}"
    a_while_ago = (time.time() - 2 * FRESH_SECONDS,) * 2  # left by a save killed earlier
    stale.write_bytes(b"half a routi")
    os.utime(stale, a_while_ago)
    EditorScreen.for_entry(entry, locations)
    assert not stale.exists()
    stale.write_bytes(b"half a routi")
    os.utime(stale, a_while_ago)
    EditorScreen.for_new(locations)
    assert not stale.exists()
    assert entry.path.read_text() == ROUTINE


@pilot_test
async def test_saving_over_a_file_changed_elsewhere_warns_and_keeps_the_other_version() -> None:
    locations = user_locations()
    entry = user_entry(locations)
    app = EditorApp(EditorScreen.for_entry(entry, locations))
    async with app.run_test(size=(100, 36)) as pilot:
        await pilot.pause()
        entry.path.write_text(ROUTINE + "# added in another editor\n")
        area_of(app).insert("# mine\n", (1, 0))
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert entry.path.read_text().startswith(ROUTINE.splitlines()[0] + "\n# mine\n")
        assert entry.path.with_name("evening.toml.bak").read_text().endswith("another editor\n")
        warnings = [m for m, severity in app.notices() if severity == "warning"]
        assert any("changed by another program" in m for m in warnings)
        # A second save, with nothing changed elsewhere, does not warn again.
        area_of(app).insert("# again\n", (1, 0))
        await pilot.press("ctrl+s")
        await pilot.pause()
        warnings = [m for m, severity in app.notices() if severity == "warning"]
        assert len([m for m in warnings if "changed by another program" in m]) == 1
