"""Routine files: copy-on-edit, duplicate, delete to the trash, the editor command."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from psoas_tui.errors import UserError
from psoas_tui.locations import Locations, bundled_schema, user_locations
from psoas_tui.routine.catalog import Entry, all_entries, bundled_entries, resolve
from psoas_tui.routine.files import (
    RoutineFileError,
    copy_bundled,
    create_user_routine,
    delete_to_trash,
    duplicate,
    editable_path,
    editor_command,
    run_editor,
)
from psoas_tui.routine.load import load_routine
from psoas_tui.routine.template import SCHEMA_LINE, write_new_routine


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def locations() -> Locations:
    return user_locations()


@pytest.fixture
def bundled() -> Entry:
    return bundled_entries()[0]


def test_copy_bundled_is_byte_for_byte_under_a_new_slug(
    locations: Locations, bundled: Entry
) -> None:
    before = digest(bundled.path)
    first = copy_bundled(bundled, locations)
    second = copy_bundled(bundled, locations)
    assert first == locations.routines / f"{bundled.slug}-mine.toml"
    assert second == locations.routines / f"{bundled.slug}-mine-2.toml"
    assert first.read_bytes() == bundled.path.read_bytes() == second.read_bytes()
    assert digest(bundled.path) == before
    assert load_routine(first).ok
    # The copy's schema line resolves to a schema file that exists.
    line = first.read_text().splitlines()[0]
    assert line.startswith("#:schema ")
    schema = (first.parent / line.split(" ", 1)[1]).resolve()
    assert schema.read_bytes() == bundled_schema().read_bytes()
    slugs = {e.slug: e.bundled for e in all_entries(locations)}
    assert slugs[f"{bundled.slug}-mine"] is False
    assert slugs[bundled.slug] is True


def test_copying_a_copy_numbers_it_instead_of_stacking_tags(
    locations: Locations, bundled: Entry
) -> None:
    copy_bundled(bundled, locations)
    mine = resolve(f"{bundled.slug}-mine", locations)
    assert copy_bundled(mine, locations).name == f"{bundled.slug}-mine-2.toml"
    again = resolve(f"{bundled.slug}-mine-2", locations)
    assert copy_bundled(again, locations).name == f"{bundled.slug}-mine-3.toml"


def test_duplicate_any_routine(locations: Locations, bundled: Entry) -> None:
    path = write_new_routine("Evening stretch", locations)
    original = resolve("evening-stretch", locations)
    copy = duplicate(original, locations)
    assert copy.name == "evening-stretch-copy.toml"
    assert copy.read_bytes() == path.read_bytes()
    assert duplicate(resolve("evening-stretch-copy", locations), locations).name == (
        "evening-stretch-copy-2.toml"
    )
    assert duplicate(bundled, locations).name == f"{bundled.slug}-copy.toml"


def test_editable_path_copies_only_bundled(locations: Locations, bundled: Entry) -> None:
    path, copied = editable_path(bundled, locations)
    assert copied and path.parent == locations.routines
    user = resolve(path.stem, locations)
    assert editable_path(user, locations) == (path, False)


def test_a_new_user_routine_never_shadows_a_bundled_one(
    locations: Locations, bundled: Entry
) -> None:
    path = create_user_routine(b"schema = 1\n", bundled.slug, locations)
    assert path.name == f"{bundled.slug}-2.toml"
    assert create_user_routine(b"x", "Evening Stretch!", locations).name == "evening-stretch.toml"


def test_delete_moves_file_and_backup_to_trash(locations: Locations) -> None:
    path = write_new_routine("Evening", locations)
    backup = path.with_name(path.name + ".bak")
    backup.write_bytes(b"older version")
    data = path.read_bytes()
    trashed = delete_to_trash(resolve("evening", locations), locations)
    assert not path.exists() and not backup.exists()
    assert trashed.parent == locations.trash
    assert trashed.name.startswith("evening.") and trashed.suffix == ".toml"
    assert trashed.read_bytes() == data
    assert trashed.with_name(trashed.name + ".bak").read_bytes() == b"older version"
    assert "evening" not in {e.slug for e in all_entries(locations)}
    # The same name deleted again within the same second gets a distinct trash name.
    write_new_routine("Evening", locations)
    second = delete_to_trash(resolve("evening", locations), locations)
    assert second != trashed and second.exists() and trashed.exists()


def test_bundled_routines_cannot_be_deleted(locations: Locations, bundled: Entry) -> None:
    before = digest(bundled.path)
    with pytest.raises(UserError, match="bundled"):
        delete_to_trash(bundled, locations)
    assert digest(bundled.path) == before


def test_deleting_a_vanished_file_says_so(locations: Locations) -> None:
    path = write_new_routine("Gone", locations)
    entry = resolve("gone", locations)
    path.unlink()
    with pytest.raises(UserError, match="gone already"):
        delete_to_trash(entry, locations)


def test_new_routine_starts_with_the_schema_line_and_never_overwrites(
    locations: Locations,
) -> None:
    path = write_new_routine("Morning", locations)
    assert path.read_text().startswith(SCHEMA_LINE)
    assert load_routine(path).ok
    path.write_text("# mine now\n")
    with pytest.raises(UserError, match="already exists"):
        write_new_routine("Morning", locations)
    assert path.read_text() == "# mine now\n"


def test_editor_command_prefers_visual_then_editor(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    target = tmp_path / "r.toml"
    monkeypatch.setenv("VISUAL", "code --wait")
    monkeypatch.setenv("EDITOR", "nano")
    assert editor_command(target) == ["code", "--wait", str(target)]
    monkeypatch.setenv("VISUAL", "  ")
    monkeypatch.setenv("EDITOR", "'my editor' -f")
    assert editor_command(target) == ["my editor", "-f", str(target)]
    monkeypatch.setenv("EDITOR", "'unclosed")
    with pytest.raises(UserError, match="EDITOR"):
        editor_command(target)


def test_editor_command_falls_back_to_an_editor_on_path(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.delenv("EDITOR", raising=False)
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    monkeypatch.setenv("PATH", str(bin_dir))
    with pytest.raises(UserError, match="no editor found"):
        editor_command(tmp_path / "r.toml")
    for name in ("vi", "nano"):
        tool = bin_dir / name
        tool.write_text("#!/bin/sh\n")
        tool.chmod(0o755)
    assert editor_command(tmp_path / "r.toml") == [
        os.path.join(str(bin_dir), "nano"),
        str(tmp_path / "r.toml"),
    ]


def test_a_folder_that_cannot_be_written_gives_a_clear_error(
    locations: Locations, bundled: Entry
) -> None:
    locations.routines.parent.mkdir(parents=True, exist_ok=True)
    locations.routines.write_text("a file where the routines folder should be")
    with pytest.raises(RoutineFileError, match="cannot write into") as caught:
        copy_bundled(bundled, locations)
    # Callers that guard file operations with `except OSError` or `except UserError` both
    # catch it; the CLI turns it into exit code 1.
    assert isinstance(caught.value, OSError) and isinstance(caught.value, UserError)
    assert caught.value.code == 1


def test_the_editor_is_launched_in_one_place_only() -> None:
    """``psoas edit`` and the app start $VISUAL/$EDITOR through run_editor: neither starts
    a process of its own."""
    import ast

    package = Path(__file__).resolve().parent.parent / "psoas_tui"
    starting = [
        name
        for name in ("commands/edit.py", "tui/screens/editor.py", "tui/screens/home.py")
        for node in ast.walk(ast.parse((package / name).read_text(encoding="utf-8")))
        if isinstance(node, ast.Import | ast.ImportFrom)
        and "subprocess" in [getattr(node, "module", None), *(a.name for a in node.names)]
    ]
    assert starting == []


def test_run_editor_returns_its_status_and_names_a_missing_editor(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "r.toml"
    target.write_text("x", encoding="utf-8")
    script = tmp_path / "ed.sh"
    script.write_text('#!/bin/sh\necho edited > "$1"\nexit 3\n', encoding="utf-8")
    script.chmod(0o755)
    monkeypatch.setenv("VISUAL", str(script))
    assert run_editor(target) == 3
    assert target.read_text(encoding="utf-8") == "edited\n"
    monkeypatch.setenv("VISUAL", str(tmp_path / "no-such-editor"))
    with pytest.raises(UserError, match=r"cannot run the editor .*set \$VISUAL or \$EDITOR"):
        run_editor(target)
