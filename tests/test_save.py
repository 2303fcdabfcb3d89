"""Safe saves: exact bytes, a .bak of the previous version, no temp files left, sweeping."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from psoas_tui.routine.save import (
    FRESH_SECONDS,
    TEMP_SUFFIX,
    backup_path,
    create_bytes,
    keep_backup,
    save_bytes,
    save_text,
    sweep_stale_temp_files,
)

HAND_WRITTEN = """#:schema ./routine.schema.json
# My evening routine — the physio said: longer on the right.
schema = 1
name = "Evening"   # shown in the list

[defaults]
get_ready = 5 # seconds

[[steps]]
name = "Couch stretch"
kind = "timed"
duration = 45
per_side = true
right = { duration = 60 }    # tight side
how = '''
Back knee against the sofa, squeeze the glute.'''
"""


def temp_files(folder: Path) -> list[Path]:
    return [p for p in folder.iterdir() if p.name.endswith(TEMP_SUFFIX)]


def test_hand_written_file_with_comments_is_saved_exactly(tmp_path: Path) -> None:
    path = tmp_path / "evening.toml"
    save_text(path, HAND_WRITTEN)
    assert path.read_bytes() == HAND_WRITTEN.encode("utf-8")
    assert not backup_path(path).exists(), "a new file has no previous version to keep"
    assert temp_files(tmp_path) == []


def test_line_endings_and_missing_final_newline_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "crlf.toml"
    text = 'schema = 1\r\nname = "Ünïcode ✓"\r\n# no newline at the end'
    save_text(path, text)
    assert path.read_bytes() == text.encode("utf-8")


def test_previous_version_is_kept_as_bak(tmp_path: Path) -> None:
    folder = tmp_path / "routines"
    folder.mkdir()
    path = folder / "r.toml"
    save_text(path, "first\n")
    save_text(path, "second\n")
    assert path.read_text() == "second\n"
    assert backup_path(path).read_text() == "first\n"
    save_text(path, "third\n")
    assert backup_path(path).read_text() == "second\n"
    assert sorted(p.name for p in folder.iterdir()) == ["r.toml", "r.toml.bak"]


def test_permissions_of_the_file_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "private.toml"
    save_text(path, "a\n")
    path.chmod(0o600)
    save_text(path, "b\n")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_saving_through_a_symlink_writes_the_target(tmp_path: Path) -> None:
    real = tmp_path / "dotfiles" / "r.toml"
    real.parent.mkdir()
    real.write_text("old\n")
    link = tmp_path / "r.toml"
    link.symlink_to(real)
    save_text(link, "new\n")
    assert link.is_symlink()
    assert real.read_text() == "new\n"
    assert backup_path(real).read_text() == "old\n"


def test_keep_backup_copies_the_current_version(tmp_path: Path) -> None:
    path = tmp_path / "r.toml"
    path.write_bytes(b"before the editor\n")
    keep_backup(path)
    path.write_bytes(b"the editor wrote in place\n")
    assert backup_path(path).read_bytes() == b"before the editor\n"
    keep_backup(tmp_path / "missing.toml")
    assert not (tmp_path / "missing.toml.bak").exists()


def test_create_bytes_never_overwrites(tmp_path: Path) -> None:
    path = tmp_path / "r.toml"
    create_bytes(path, b"one")
    with pytest.raises(FileExistsError):
        create_bytes(path, b"two")
    assert path.read_bytes() == b"one"
    assert temp_files(tmp_path) == []


def test_a_failed_save_leaves_the_old_file_and_no_temp_file(tmp_path: Path) -> None:
    path = tmp_path / "r.toml"
    save_text(path, "old\n")
    with pytest.raises(UnicodeEncodeError):
        save_bytes(path, "\ud800".encode())
    assert path.read_text() == "old\n"
    assert temp_files(tmp_path) == []


def test_sweep_removes_temp_files_of_dead_processes_only(tmp_path: Path) -> None:
    folder = tmp_path / "routines"
    folder.mkdir()
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    dead_pid = int(dead.stdout)
    a_while_ago = time.time() - 2 * FRESH_SECONDS
    stale = folder / f".r.toml.{dead_pid}.abcd1234{TEMP_SUFFIX}"
    stale.write_bytes(b"half a rout")
    os.utime(stale, (a_while_ago, a_while_ago))
    just_now = folder / f".q.toml.{dead_pid}.abcd1234{TEMP_SUFFIX}"
    just_now.write_bytes(b"a saver this machine may not see (another PID namespace)")
    live = folder / f".r.toml.{os.getppid()}.abcd1234{TEMP_SUFFIX}"
    live.write_bytes(b"another psoas is saving this")
    os.utime(live, (a_while_ago, a_while_ago))
    old_live = folder / f".s.toml.{os.getppid()}.feed0001{TEMP_SUFFIX}"
    old_live.write_bytes(b"left long ago")
    long_ago = time.time() - 2 * 3600
    os.utime(old_live, (long_ago, long_ago))
    keep = folder / "r.toml"
    keep.write_bytes(b"schema = 1\n")
    foreign = [
        folder / f"notes{TEMP_SUFFIX}",
        folder / f".r.toml.{dead_pid}.NOTHEX00{TEMP_SUFFIX}",
        folder / f"r.toml.{dead_pid}.abcd1234{TEMP_SUFFIX}",
    ]
    for path in foreign:
        path.write_bytes(b"not psoas' own")
        os.utime(path, (long_ago, long_ago))

    assert sweep_stale_temp_files(folder) == 2
    kept = [live, just_now, keep, *foreign]
    assert sorted(p.name for p in folder.iterdir()) == sorted(p.name for p in kept)
    assert sweep_stale_temp_files(tmp_path / "missing") == 0
