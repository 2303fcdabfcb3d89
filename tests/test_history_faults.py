"""The log against real processes: kill -9 mid-session, two writers at once, bad homes."""

from __future__ import annotations

import os
import random
import re
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from psoas_tui.history import open_log
from psoas_tui.locations import Locations, user_locations
from psoas_tui.plan import build_plan
from psoas_tui.routine.catalog import all_entries
from tests.conftest import PSOAS

INTERVAL_LINE = re.compile(r"^\[\s*\d+:\d\d\] ")
SCALE = "1000"  # the 8-minute warm-up runs in about half a second


def plan_length(slug: str) -> int:
    for entry in all_entries(user_locations()):
        if entry.slug == slug and entry.result.routine is not None:
            return len(build_plan(entry.result.routine).intervals)
    raise AssertionError(slug)


def start_runner(env: dict[str, str], slug: str = "pre-run-warm-up") -> subprocess.Popen[str]:
    return subprocess.Popen(
        [PSOAS, "run", slug, "--plain", "--mute"],
        env={**env, "PSOAS_TIME_SCALE": SCALE},
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        bufsize=1,
    )


@pytest.mark.slow
def test_kill_9_loses_at_most_the_interval_in_progress(
    psoas_env: dict[str, str], tmp_path: Path
) -> None:
    seed = random.randrange(1 << 30)
    rng = random.Random(seed)
    total = plan_length("pre-run-warm-up")
    kills = 0
    for trial in range(20):
        if kills == 10:
            break
        home = tmp_path / f"trial-{trial}"
        env = {**psoas_env, "PSOAS_HOME": str(home)}
        target = rng.randrange(1, total)  # kill after this many intervals have started...
        extra = rng.uniform(0.0, 0.01)  # ...plus a moment, to land anywhere in the next
        proc = start_runner(env)
        assert proc.stdout is not None and proc.stderr is not None
        started = 0
        for line in proc.stdout:
            if INTERVAL_LINE.match(line):
                started += 1
                if started >= target:
                    break
        time.sleep(extra)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
        proc.stdout.close()
        proc.stderr.close()
        context = f"seed {seed}, trial {trial}, {started} intervals started"
        if proc.returncode == 0:
            continue  # it finished before the signal landed: not a kill
        assert proc.returncode == -signal.SIGKILL, context
        kills += 1

        path = home / "history.sqlite3"
        raw = sqlite3.connect(path)
        assert raw.execute("PRAGMA integrity_check").fetchone()[0] == "ok", context
        rows = raw.execute("SELECT id, status FROM sessions").fetchall()
        raw.close()
        assert len(rows) == 1 and rows[0][1] == "running", context
        log = open_log(Locations(home, home))  # the next start
        (session,) = log.sessions()
        assert session.status == "interrupted", context
        detail = log.session_detail(session.id)
        assert detail is not None
        positions = [i.position for i in detail.intervals]
        # every interval that ended before the kill (each one before the last started) is in
        assert positions[: started - 1] == list(range(started - 1)), context
        assert len(positions) >= started - 1, context
        assert positions == list(range(len(positions))), context
        assert session.active_seconds == sum(i.actual_seconds for i in detail.intervals)
        log.close()
    assert kills == 10, f"seed {seed}: only {kills} runs were killed before they finished"


def test_a_time_scaled_run_logs_routine_seconds_and_alternates_sides(
    psoas_env: dict[str, str], isolated_home: Path
) -> None:
    first = start_runner(psoas_env)
    out, err = first.communicate(timeout=30)
    assert first.returncode == 0, err
    assert f"log: {isolated_home / 'history.sqlite3'}" in out
    assert "LEFT" in out.split("Switch sides")[0]
    second = start_runner(psoas_env)
    out2, _ = second.communicate(timeout=30)
    assert "RIGHT" in out2.split("Switch sides")[0]  # the other side from last time
    log = open_log(Locations(isolated_home, isolated_home))
    rows = log.sessions()
    assert [row.status for row in rows] == ["completed", "completed"]
    assert [row.first_side for row in rows] == ["right", "left"]
    for row in rows:
        assert row.time_scale == float(SCALE)
        assert row.active_seconds == row.planned_seconds  # routine seconds, not wall seconds
        detail = log.session_detail(row.id)
        assert detail is not None and len(detail.intervals) == row.planned_intervals


def test_two_runners_logging_at_once_lose_nothing(
    psoas_env: dict[str, str], isolated_home: Path
) -> None:
    runners = [start_runner(psoas_env), start_runner(psoas_env, "desk-break")]
    for runner in runners:
        _, err = runner.communicate(timeout=60)
        assert runner.returncode == 0, err
    log = open_log(Locations(isolated_home, isolated_home))
    rows = log.sessions()
    assert sorted(row.routine_slug for row in rows) == ["desk-break", "pre-run-warm-up"]
    for row in rows:
        detail = log.session_detail(row.id)
        assert row.status == "completed"
        assert detail is not None and len(detail.intervals) == row.planned_intervals


WRITER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from psoas_tui.history import open_log
    from psoas_tui.locations import Locations
    from psoas_tui.plan import build_plan
    from psoas_tui.routine.catalog import all_entries
    from psoas_tui.session import Session, State

    home = Path(sys.argv[1])
    routine = next(e.result.routine for e in all_entries(Locations(home, home))
                   if e.slug == "desk-break")
    log = open_log(Locations(home, home))
    assert log.available, log.warning
    for _ in range(int(sys.argv[2])):
        plan = build_plan(routine)
        now = [0.0]
        session = Session(plan, lambda: now[0])
        recorder = log.recorder(plan)
        session.subscribe(recorder)
        session.start()
        while session.state is State.RUNNING:
            if session.current.timed:
                now[0] += 1.0
                session.tick()
            else:
                session.skip()
        recorder.close()
        print(recorder.session_id, flush=True)
    log.close()
    """
)


def test_concurrent_writers_in_two_processes(isolated_home: Path) -> None:
    open_log(Locations(isolated_home, isolated_home)).close()  # created and migrated first
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(isolated_home), "4"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for _ in range(2)
    ]
    ids = []
    for proc in procs:
        out, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, err
        assert "stopped recording" not in err
        ids += out.split()
    log = open_log(Locations(isolated_home, isolated_home))
    rows = {row.id: row for row in log.sessions(limit=None)}
    assert sorted(rows) == sorted(ids) and len(ids) == 8
    for session_id in ids:
        detail = log.session_detail(session_id)
        assert detail is not None and detail.session.status == "completed"
        assert len(detail.intervals) == detail.session.planned_intervals


def test_runner_with_an_unwritable_home_runs_and_says_the_log_is_off(
    psoas_env: dict[str, str], tmp_path: Path
) -> None:
    blocker = tmp_path / "plain-file"
    blocker.write_text("x")
    env = {**psoas_env, "PSOAS_HOME": str(blocker / "home")}
    proc = start_runner(env, "desk-break")
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, err
    assert "log: OFF: cannot create the data folder" in out
    assert "Done." in out


def test_runner_with_a_corrupt_log_moves_it_aside(
    psoas_env: dict[str, str], isolated_home: Path
) -> None:
    path = isolated_home / "history.sqlite3"
    path.write_bytes(os.urandom(8192))
    proc = start_runner(psoas_env, "desk-break")
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, err
    assert "moved to" in err and "nothing was deleted" in err
    assert len(list(isolated_home.glob("history.sqlite3.corrupt-*"))) == 1
    log = open_log(Locations(isolated_home, isolated_home))
    assert [row.status for row in log.sessions()] == ["completed"]


OPENER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from psoas_tui.history import open_log
    from psoas_tui.locations import Locations

    home = Path(sys.argv[1])
    print("ready", flush=True)
    sys.stdin.readline()  # all start together
    log = open_log(Locations(home, home), warn=print, move_damaged=True)
    print("available" if log.available else "unavailable: " + str(log.warning))
    log.close()
    """
)


@pytest.mark.slow
def test_sessions_creating_a_new_log_at_once_all_log_and_move_nothing(tmp_path: Path) -> None:
    """Two bugs once hid here: the journal-mode switch gave up at once with "database is
    locked" (the busy timeout does not cover it), and reading the version and the tables
    apart made a log another psoas was creating look foreign, so it was moved aside."""
    for trial in range(8):
        home = tmp_path / f"trial-{trial}"
        openers = [
            subprocess.Popen(
                [sys.executable, "-c", OPENER, str(home)],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
            )
            for _ in range(4)
        ]
        for opener in openers:  # every interpreter at the starting line, then all go
            assert opener.stdout is not None and opener.stdout.readline() == "ready\n"
        for opener in openers:
            assert opener.stdin is not None
            opener.stdin.write("go\n")
            opener.stdin.flush()
        answers = [opener.communicate(timeout=30)[0].strip() for opener in openers]
        assert answers == ["available"] * 4, f"trial {trial}: {answers}"
        assert not [p.name for p in home.iterdir() if ".corrupt-" in p.name], f"trial {trial}"
