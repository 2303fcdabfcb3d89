"""Resuming a cut-off session: a real ``psoas run --plain`` killed with SIGKILL, then
``--resume``; the log holds one session that runs to its end without a hole."""

from __future__ import annotations

import os
import select
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest

from tests.conftest import PSOAS

STEP = """
[[steps]]
name = "{name}"
kind = "timed"
duration = 10
get_ready = 0
"""
NAMES = ("First hold", "Second hold", "Third hold", "Fourth hold", "Fifth hold", "Sixth hold")
ROUTINE = 'name = "Resume test"\n' + "".join(STEP.format(name=name) for name in NAMES)
SCALE = "20"  # half a real second per interval


def routine_file(home: Path) -> Path:
    folder = home / "routines"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "resume-test.toml"
    path.write_text(ROUTINE, encoding="utf-8")
    return path


def kill_during(env: dict[str, str], line: str, *extra: str) -> None:
    """Start the routine and SIGKILL it as soon as ``line`` is printed."""
    process = subprocess.Popen(
        [PSOAS, "run", "resume-test", "--plain", *extra],
        env={**env, "PSOAS_TIME_SCALE": SCALE},
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None
    seen = b""
    deadline = time.monotonic() + 15
    while line.encode() not in seen:
        assert time.monotonic() < deadline, seen.decode()
        if select.select([process.stdout], [], [], 1)[0]:
            chunk = os.read(process.stdout.fileno(), 4096)
            assert chunk, seen.decode()
            seen += chunk
    os.kill(process.pid, signal.SIGKILL)
    assert process.wait(timeout=5) == -signal.SIGKILL
    process.stdout.close()
    assert process.stderr is not None
    process.stderr.close()


def resume(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [PSOAS, "run", "resume-test", "--plain", "--resume"],
        env={**env, "PSOAS_TIME_SCALE": SCALE},
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=30,
    )


def log_rows(home: Path) -> tuple[list[tuple[str, str, float]], list[tuple[str, int, int, float]]]:
    with sqlite3.connect(home / "history.sqlite3") as conn:
        sessions = conn.execute("SELECT id, status, active_seconds FROM sessions").fetchall()
        intervals = conn.execute(
            "SELECT session_id, seq, position, start_offset FROM intervals ORDER BY seq"
        ).fetchall()
    return sessions, intervals


@pytest.mark.slow
def test_a_killed_session_resumes_where_it_stopped_as_one_session(
    isolated_home: Path, psoas_env: dict[str, str]
) -> None:
    routine_file(isolated_home)
    kill_during(psoas_env, "Fourth hold")
    sessions, before = log_rows(isolated_home)
    assert [status for _, status, _ in sessions] == ["running"]  # as SIGKILL left it
    assert [position for _, _, position, _ in before] == [0, 1, 2]

    done = resume(psoas_env)
    assert done.returncode == 0, done.stderr
    assert "resuming the session cut off at" in done.stdout
    assert "interval 4 of 6" in done.stdout
    assert "First hold" not in done.stdout and "Fourth hold" in done.stdout
    assert "Traceback" not in done.stderr

    sessions, intervals = log_rows(isolated_home)
    assert len(sessions) == 1
    session_id, status, active = sessions[0]
    assert status == "completed"
    # One session, every interval once, in order: no hole, no duplicate.
    assert {row[0] for row in intervals} == {session_id}
    assert [seq for _, seq, _, _ in intervals] == [1, 2, 3, 4, 5, 6]
    assert [position for _, _, position, _ in intervals] == [0, 1, 2, 3, 4, 5]
    # Offsets go on from where the logged part stopped (the cut-off part is a gap).
    offsets = [offset for _, _, _, offset in intervals]
    assert offsets == sorted(offsets) and offsets[3] == pytest.approx(30, abs=0.5)
    assert active == pytest.approx(60, abs=1.5)  # six holds of 10 s, the lost part not counted


@pytest.mark.slow
def test_a_fitted_session_resumes_with_the_holds_it_was_fitted_to(
    isolated_home: Path, psoas_env: dict[str, str]
) -> None:
    routine_file(isolated_home)
    kill_during(psoas_env, "Fourth hold", "--fit", "40s")
    done = resume(psoas_env)
    assert done.returncode == 0, done.stderr
    with sqlite3.connect(isolated_home / "history.sqlite3") as conn:
        planned = [
            seconds
            for (seconds,) in conn.execute("SELECT planned_seconds FROM intervals ORDER BY seq")
        ]
        (status,) = conn.execute("SELECT status FROM sessions").fetchone()
    assert status == "completed" and len(planned) == 6
    # The holds after the gap are the fitted ones, as before it (not the 10 s as written).
    assert len(set(planned)) == 1 and planned[0] < 10


def test_a_changed_routine_refuses_to_resume_and_offers_a_fresh_start(
    isolated_home: Path, psoas_env: dict[str, str]
) -> None:
    path = routine_file(isolated_home)
    kill_during(psoas_env, "Second hold")
    path.write_text(ROUTINE.replace("duration = 10", "duration = 12", 1), encoding="utf-8")

    refused = resume(psoas_env)
    assert refused.returncode != 0
    assert "Resume test: the routine file changed since its session was cut off" in refused.stderr
    assert "Run it without --resume for a fresh start." in refused.stderr
    assert "Traceback" not in refused.stderr
    sessions, _ = log_rows(isolated_home)
    assert [status for _, status, _ in sessions] == ["interrupted"]  # left as it was


def test_resume_with_nothing_cut_off_says_so(
    isolated_home: Path, psoas_env: dict[str, str]
) -> None:
    routine_file(isolated_home)
    refused = resume(psoas_env)
    assert refused.returncode != 0
    assert "nothing to resume" in refused.stderr
    assert "Traceback" not in refused.stderr
