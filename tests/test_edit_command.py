"""``psoas edit`` with a scripted $EDITOR on a real terminal (a pty), and ``psoas schema``."""

from __future__ import annotations

import hashlib
import json
import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

from psoas_tui.locations import bundled_schema, user_locations
from psoas_tui.routine.catalog import bundled_entries
from psoas_tui.routine.template import write_new_routine
from tests.conftest import PSOAS

STEP = '\n[[steps]]\nname = "Lunge"\nkind = "timed"\n'
BROKEN = 'schema = 1\nname = "Evening"\n' + STEP + 'duration = "long"\n'
FIXED = '# fixed by hand\nschema = 1\nname = "Evening"\n' + STEP + "duration = 50\n"

# A scripted editor: on call N it writes the file named by argument N+1 (the last one again
# once they run out) and counts its calls in COUNTER.
EDITOR_SCRIPT = """
import sys
from pathlib import Path
counter = Path(sys.argv[1])
versions = sys.argv[2:-1]
target = Path(sys.argv[-1])
calls = int(counter.read_text()) if counter.exists() else 0
counter.write_text(str(calls + 1))
source = versions[min(calls, len(versions) - 1)]
if source != "-":
    target.write_bytes(Path(source).read_bytes())
"""


def scripted_editor(tmp_path: Path, *versions: str) -> tuple[str, Path]:
    """An $EDITOR value that writes ``versions`` in turn ("-" leaves the file alone)."""
    script = tmp_path / "editor.py"
    script.write_text(EDITOR_SCRIPT)
    files = []
    for number, text in enumerate(versions):
        if text == "-":
            files.append("-")
            continue
        path = tmp_path / f"version-{number}.toml"
        path.write_text(text)
        files.append(str(path))
    counter = tmp_path / "calls"
    return f"{sys.executable} {script} {counter} {' '.join(files)}", counter


def run_on_pty(args: list[str], env: dict[str, str], answers: list[str]) -> tuple[int, str]:
    """Run ``psoas ARGS`` with a pty as its terminal; answer each reopen prompt in turn."""
    controller, terminal = pty.openpty()
    process = subprocess.Popen(
        [PSOAS, *args], stdin=terminal, stdout=terminal, stderr=terminal, env=env
    )
    os.close(terminal)
    output = b""
    pending = list(answers)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        ready, _, _ = select.select([controller], [], [], 0.1)
        if ready:
            try:
                chunk = os.read(controller, 4096)
            except OSError:  # the terminal closed: the process is gone
                break
            if not chunk:
                break
            output += chunk
            if pending and output.count(b"Reopen the editor? [Y/n]") > len(answers) - len(pending):
                os.write(controller, pending.pop(0).encode() + b"\n")
        elif process.poll() is not None:
            break
    code = process.wait(timeout=10)
    os.close(controller)
    return code, output.decode("utf-8", "replace").replace("\r\n", "\n")


def test_edit_reopens_until_the_routine_is_valid(tmp_path: Path, psoas_env: dict[str, str]) -> None:
    locations = user_locations()
    path = write_new_routine("Evening", locations)
    original = path.read_bytes()
    editor, counter = scripted_editor(tmp_path, BROKEN, FIXED)
    psoas_env["EDITOR"] = editor
    psoas_env.pop("VISUAL", None)

    code, output = run_on_pty(["edit", "evening"], psoas_env, answers=["y"])

    assert code == 0, output
    assert counter.read_text() == "2"
    assert f"{path}:7:1: " in output, output
    assert "Reopen the editor? [Y/n]" in output
    assert f"{path}: ok, Evening" in output
    assert path.read_text() == FIXED, "the file is exactly what the editor wrote"
    assert path.with_name(path.name + ".bak").read_bytes() == original


def test_edit_keeps_an_invalid_file_when_asked(tmp_path: Path, psoas_env: dict[str, str]) -> None:
    path = write_new_routine("Evening", user_locations())
    editor, counter = scripted_editor(tmp_path, BROKEN)
    psoas_env["EDITOR"] = editor
    psoas_env.pop("VISUAL", None)

    code, output = run_on_pty(["edit", "evening"], psoas_env, answers=["n"])

    assert code == 1, output
    assert counter.read_text() == "1"
    assert "Kept" in output and "with problems" in output
    assert path.read_text() == BROKEN


def test_edit_of_a_bundled_routine_edits_a_copy(tmp_path: Path, psoas_env: dict[str, str]) -> None:
    locations = user_locations()
    bundled = bundled_entries()[0]
    before = hashlib.sha256(bundled.path.read_bytes()).hexdigest()
    editor, _ = scripted_editor(tmp_path, FIXED)
    psoas_env["VISUAL"] = editor
    psoas_env["EDITOR"] = "false"

    code, output = run_on_pty(["edit", bundled.slug], psoas_env, answers=[])

    copy = locations.routines / f"{bundled.slug}-mine.toml"
    assert code == 0, output
    assert "is a bundled routine, so it was copied to" in output
    assert copy.read_text() == FIXED
    assert hashlib.sha256(bundled.path.read_bytes()).hexdigest() == before


def test_an_unchanged_copy_of_a_bundled_routine_is_removed(
    tmp_path: Path, psoas_env: dict[str, str]
) -> None:
    bundled = bundled_entries()[0]
    editor, counter = scripted_editor(tmp_path, "-")
    psoas_env["EDITOR"] = editor
    psoas_env.pop("VISUAL", None)

    code, output = run_on_pty(["edit", bundled.slug], psoas_env, answers=[])

    assert code == 0, output
    assert counter.read_text() == "1"
    assert "No changes" in output
    assert not (user_locations().routines / f"{bundled.slug}-mine.toml").exists()


def run_without_terminal(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """Run ``psoas ARGS`` as a script would: standard input is not a terminal."""
    return subprocess.run(
        [PSOAS, *args],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env=env,
        timeout=30,
    )


def test_edit_without_a_terminal_runs_the_editor_and_reports_problems(
    tmp_path: Path, psoas_env: dict[str, str]
) -> None:
    path = write_new_routine("Evening", user_locations())
    editor, counter = scripted_editor(tmp_path, BROKEN, FIXED)
    psoas_env["EDITOR"] = editor
    psoas_env.pop("VISUAL", None)

    result = run_without_terminal(["edit", "evening"], psoas_env)

    assert result.returncode == 1, result.stderr
    assert counter.read_text() == "1", "the editor runs once: no prompt, no reopening"
    assert f"{path}:7:1: " in result.stdout, result.stdout
    assert "Reopen" not in result.stdout + result.stderr
    assert f"Kept {path}" in result.stdout
    assert path.read_text() == BROKEN, "the edited file is kept as the editor left it"
    assert "Traceback" not in result.stderr


def test_edit_without_a_terminal_accepts_a_valid_edit(
    tmp_path: Path, psoas_env: dict[str, str]
) -> None:
    locations = user_locations()
    bundled = bundled_entries()[0]
    editor, counter = scripted_editor(tmp_path, FIXED)
    psoas_env["VISUAL"] = editor

    result = run_without_terminal(["edit", bundled.slug], psoas_env)

    copy = locations.routines / f"{bundled.slug}-mine.toml"
    assert result.returncode == 0, result.stdout + result.stderr
    assert counter.read_text() == "1"
    assert f"{copy}: ok, Evening" in result.stdout
    assert copy.read_text() == FIXED


def test_edit_without_a_terminal_runs_only_an_editor_the_user_named(
    tmp_path: Path, psoas_env: dict[str, str]
) -> None:
    path = write_new_routine("Evening", user_locations())
    before = path.read_bytes()
    psoas_env.pop("VISUAL", None)
    psoas_env.pop("EDITOR", None)

    result = run_without_terminal(["edit", "evening"], psoas_env)

    assert result.returncode == 1
    assert "set $VISUAL or $EDITOR" in result.stderr and "psoas check" in result.stderr
    assert "Traceback" not in result.stderr
    assert path.read_bytes() == before


def test_file_names_with_escape_sequences_are_cleaned_in_edit_messages(
    tmp_path: Path, psoas_env: dict[str, str]
) -> None:
    folder = user_locations().routines
    folder.mkdir(parents=True)
    path = folder / "\x1b]0;title\x07evil\x1b[2J.toml"
    path.write_text(FIXED)
    for versions, code in (((BROKEN,), 1), ((FIXED,), 0)):
        editor, _ = scripted_editor(tmp_path, *versions)
        psoas_env["EDITOR"] = editor
        result = run_without_terminal(["edit", str(path)], psoas_env)
        assert result.returncode == code, result.stdout + result.stderr
        output = result.stdout + result.stderr
        assert "\x1b" not in output and "\x07" not in output, output
        assert "]0;titleevil[2J.toml" in output
    listed = run_without_terminal(["edit", "no-such"], psoas_env)
    assert "\x1b" not in listed.stderr


def test_edit_of_an_unknown_routine_names_it(psoas_env: dict[str, str]) -> None:
    result = subprocess.run(
        [PSOAS, "edit", "no-such-routine"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env=psoas_env,
        timeout=30,
    )
    assert result.returncode == 1
    assert "no-such-routine" in result.stderr


def test_schema_prints_the_shipped_schema(psoas_env: dict[str, str]) -> None:
    result = subprocess.run(
        [PSOAS, "schema"], capture_output=True, text=True, env=psoas_env, timeout=30
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == json.loads(bundled_schema().read_text())
