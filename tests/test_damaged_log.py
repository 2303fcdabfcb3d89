"""A damaged log: pages of a real log of a few hundred sessions overwritten.

The log is built once per test worker (by the real recorder) and copied for each case.
Whatever the damage, queries never crash and never move the file; a session always runs,
loses nothing, and moves a damaged file aside (never deleting it) when it finds the damage:
at open, at a write, or by the check of the whole file that runs while it does.
"""

from __future__ import annotations

import functools
import random
import shutil
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest

from psoas_tui.history import LogDamaged, SessionLog, open_log, schema
from psoas_tui.locations import Locations
from psoas_tui.plan import IntervalKind, build_plan
from psoas_tui.routine.catalog import all_entries
from psoas_tui.routine.model import Routine
from psoas_tui.session import Session, State
from tests.conftest import PSOAS
from tests.tui_fakes import FakeClock, RecordingPlayer, pilot_test

SESSIONS = 300
SEEDS = range(24)
PAGE = 4096
SCALE = "1000"


@functools.cache
def bundled(slug: str) -> Routine:
    for entry in all_entries(Locations(Path("/nonexistent"), Path("/nonexistent"))):
        if entry.slug == slug and entry.result.routine is not None:
            return entry.result.routine
    raise AssertionError(slug)


def routine(where: Locations, slug: str) -> Routine:
    """A bundled routine (read once for the module)."""
    return bundled(slug)


def run(log: SessionLog, chosen: Routine, *, quit_at: int | None = None) -> tuple[str, int]:
    """One session on a fake clock; returns its id and its number of intervals."""
    plan = build_plan(chosen)
    now = [0.0]
    session = Session(plan, lambda: now[0])
    recorder = log.recorder(plan)
    session.subscribe(recorder)
    session.start()
    while session.state is State.RUNNING:
        current = session.current
        assert current is not None
        if quit_at is not None and current.index >= quit_at:
            session.quit()
            break
        if current.kind is IntervalKind.CHECK:
            session.answer(0)
        elif current.timed:
            now[0] += current.duration or 1.0  # the whole interval in one tick
            session.tick()
        else:
            session.done()
    recorder.close()
    return recorder.session_id, len(plan.intervals)


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real log of 300 sessions (three routines, some quit early), checkpointed."""
    home = tmp_path_factory.mktemp("built")
    where = Locations(home, home)
    routines = [routine(where, slug) for slug in ("desk-break", "pre-run-warm-up", "thomas-test")]
    log = open_log(where, warn=pytest.fail)
    log.conn.execute("PRAGMA synchronous = OFF")  # building only: the file is the same
    for number in range(SESSIONS):
        run(log, routines[number % 3], quit_at=None if number % 7 else 3)
    log.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    log.close()
    return home / "history.sqlite3"


def pages_of(path: Path, name: str) -> list[int]:
    """The leaf pages (0-based) of a table or index, in key order."""
    conn = sqlite3.connect(path)
    try:
        rows = conn.execute(
            "SELECT pageno FROM dbstat WHERE name = ? AND pagetype = 'leaf' ORDER BY path",
            (name,),
        ).fetchall()
    finally:
        conn.close()
    return [pageno - 1 for (pageno,) in rows]


def overwrite(path: Path, pages: list[int], rng: random.Random) -> None:
    data = bytearray(path.read_bytes())
    for page in pages:
        data[page * PAGE : (page + 1) * PAGE] = rng.randbytes(PAGE)
    path.write_bytes(bytes(data))


def healthy(path: Path) -> bool:
    conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        return conn.execute("PRAGMA quick_check").fetchall() == [("ok",)]
    except sqlite3.DatabaseError:
        return False
    finally:
        conn.close()


def moved_files(home: Path) -> list[Path]:
    return sorted(home.glob("history.sqlite3.corrupt-*[0-9]"))


def copy_home(built: Path, tmp_path: Path) -> tuple[Path, Locations]:
    home = tmp_path / "damaged-home"
    home.mkdir()
    shutil.copyfile(built, home / "history.sqlite3")
    return home / "history.sqlite3", Locations(home, home)


def read_everything(log: SessionLog) -> None:
    """Every query the commands and the history screen make."""
    for row in log.sessions(limit=None):
        log.session_detail(row.id)
    log.count()
    log.stats()
    log.last_done()
    log.alternate_first_side("desk-break")


@pytest.mark.parametrize("seed", SEEDS)
def test_random_damaged_pages_never_crash_and_the_next_session_moves_them_aside(
    built: Path, tmp_path: Path, seed: int
) -> None:
    rng = random.Random(seed)
    path, where = copy_home(built, tmp_path)
    pages = path.stat().st_size // PAGE
    hit = sorted(rng.sample(range(pages), rng.randint(1, 3)))
    overwrite(path, hit, rng)
    context = f"seed {seed}, pages {hit} of {pages}"
    damaged = path.read_bytes()
    was_healthy = healthy(path)

    # Queries: the damage or the rows, never another error, and the file stays put.
    with open_log(where, warn=pytest.fail) as log:
        try:
            read_everything(log)
        except LogDamaged as error:
            assert str(path) in str(error), context
            assert "the next session moves it aside" in str(error), context
    assert path.read_bytes() == damaged, context
    assert not moved_files(path.parent), context

    # A session: runs whole, in this log or a new one.
    warnings: list[str] = []
    log = open_log(where, warn=warnings.append, move_damaged=True)
    assert log.available, context
    chosen = routine(where, ("thomas-test", "desk-break")[seed % 2])
    session_id, intervals = run(log, chosen)
    log.close()
    assert not any("stopped recording" in w for w in warnings), (context, warnings)
    moved = moved_files(path.parent)
    if was_healthy:
        assert not moved and not warnings, (context, warnings)
    else:  # damage the session found, or damage only the check of the whole file saw
        assert len(moved) == 1, (context, warnings)
        assert len(warnings) == 1 and str(moved[0]) in warnings[0], (context, warnings)
        assert "nothing was deleted" in warnings[0], context
    with open_log(where, warn=pytest.fail) as after:
        detail = after.session_detail(session_id)
        assert detail is not None, context
        assert detail.session.status == "completed", context
        assert [i.position for i in detail.intervals] == list(range(intervals)), context
        if moved:
            assert after.count() == 1, context
            read_everything(after)
    if moved:
        assert healthy(path), context


def test_damage_the_first_write_finds_moves_the_log_and_the_session_runs(
    built: Path, tmp_path: Path
) -> None:
    path, where = copy_home(built, tmp_path)
    overwrite(path, pages_of(path, "sessions")[-1:], random.Random(1))  # where rows go
    warnings: list[str] = []
    log = open_log(where, warn=warnings.append, move_damaged=True)
    assert warnings == []  # a quick open does not see it
    session_id, intervals = run(log, routine(where, "desk-break"))
    log.close()
    (moved,) = moved_files(path.parent)
    assert len(warnings) == 1 and str(moved) in warnings[0] and "damaged" in warnings[0]
    assert moved.stat().st_size >= PAGE * len(pages_of(built, "sessions"))  # kept, not emptied
    with open_log(where, warn=pytest.fail) as after:
        (row,) = after.sessions()
        assert row.id == session_id and row.status == "completed"
        detail = after.session_detail(session_id)
        assert detail is not None and len(detail.intervals) == intervals


def test_damage_a_later_write_finds_writes_the_intervals_so_far_again(
    built: Path, tmp_path: Path
) -> None:
    """The first check answer of the session lands on damaged pages (today's answer
    totals); the intervals before it were recorded in the damaged log."""
    path, where = copy_home(built, tmp_path)
    overwrite(path, pages_of(path, "daily_answers"), random.Random(2))
    warnings: list[str] = []
    log = open_log(where, warn=warnings.append, move_damaged=True)
    log.background_check = False  # what the write alone finds
    chosen = routine(where, "thomas-test")  # get ready, then a check
    session_id, intervals = run(log, chosen)
    log.close()
    (moved,) = moved_files(path.parent)
    assert len(warnings) == 1 and str(moved) in warnings[0]
    assert "with this session written to it again" in warnings[0]
    with open_log(where, warn=pytest.fail) as after:
        (row,) = after.sessions()
        assert row.id == session_id and row.status == "completed"
        assert len(row.answers) == 3
        detail = after.session_detail(session_id)
        assert detail is not None
        assert [i.position for i in detail.intervals] == list(range(intervals))
        assert after.stats().total_sessions == 1  # the totals kept by triggers, rebuilt


def test_damage_only_the_check_finds_moves_the_log_mid_session(built: Path, tmp_path: Path) -> None:
    """Damage that no write of this session touches (the answers of other sessions):
    the check of the whole file finds it while the session runs."""
    path, where = copy_home(built, tmp_path)
    overwrite(path, pages_of(path, "answers")[:2], random.Random(2))
    warnings: list[str] = []
    log = open_log(where, warn=warnings.append, move_damaged=True)
    log.background_check = False  # started by hand below, once three intervals are in
    plan = build_plan(routine(where, "desk-break"))  # no checks: answers are not written
    now = [0.0]
    session = Session(plan, lambda: now[0])
    recorder = log.recorder(plan)
    session.subscribe(recorder)
    session.start()
    for _ in range(3):
        session.skip()
    log.start_check()
    deadline = time.monotonic() + 10
    while log.damaged is None and time.monotonic() < deadline:
        time.sleep(0.01)
    assert log.damaged is not None and not moved_files(path.parent) and warnings == []
    while session.state is State.RUNNING:
        session.skip()
    recorder.close()
    log.close()
    (moved,) = moved_files(path.parent)
    assert len(warnings) == 1 and str(moved) in warnings[0]
    assert "with this session written to it again" in warnings[0]
    with open_log(where, warn=pytest.fail) as after:
        (row,) = after.sessions()
        assert row.id == recorder.session_id and row.status == "completed"
        detail = after.session_detail(row.id)
        assert detail is not None
        assert [i.position for i in detail.intervals] == list(range(len(plan.intervals)))


def test_damage_the_check_finds_after_the_last_interval_is_dealt_with_at_close(
    built: Path, tmp_path: Path
) -> None:
    path, where = copy_home(built, tmp_path)
    overwrite(path, pages_of(path, "answers")[:2], random.Random(3))
    warnings: list[str] = []
    log = open_log(where, warn=warnings.append, move_damaged=True)
    session_id, intervals = run(log, routine(where, "desk-break"))  # close() waits for it
    log.close()
    (moved,) = moved_files(path.parent)
    assert len(warnings) == 1 and str(moved) in warnings[0]
    with open_log(where, warn=pytest.fail) as after:
        detail = after.session_detail(session_id)
        assert detail is not None and len(detail.intervals) == intervals


def test_wal_and_shm_files_go_with_the_damaged_log(built: Path, tmp_path: Path) -> None:
    path, where = copy_home(built, tmp_path)
    overwrite(path, pages_of(path, "sessions")[-1:], random.Random(3))
    holder = sqlite3.connect(path)  # another reader keeps the -wal and -shm files open
    holder.execute("PRAGMA journal_mode = WAL")
    holder.execute("PRAGMA user_version").fetchone()
    log = open_log(where, warn=lambda _: None, move_damaged=True)
    run(log, routine(where, "thomas-test"))
    log.close()
    holder.close()
    (moved,) = moved_files(path.parent)
    assert Path(f"{moved}-wal").exists()
    assert path.exists() and healthy(path)


def test_locked_full_or_read_only_logs_are_never_moved(
    built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path, where = copy_home(built, tmp_path)
    monkeypatch.setattr(schema, "BUSY_TIMEOUT_MS", 50)
    # A full disk is SQLite's full error, here from a page limit: a new, empty log (the
    # 46 intervals of stretch-and-strengthen outgrow its pages), its size pinned.
    empty = Locations(tmp_path / "new", tmp_path / "new")
    open_log(empty, warn=pytest.fail).close()
    cases = {
        "database is locked": (where, None),
        "database or disk is full": (empty, "PRAGMA max_page_count = {pages}"),
        "attempt to write a readonly database": (where, "PRAGMA query_only = ON"),
    }
    for expected, (home, pragma) in cases.items():
        path = home.log_file
        before = path.read_bytes()
        warnings: list[str] = []
        log = open_log(home, warn=warnings.append, move_damaged=True)
        locker = None
        if pragma is None:
            locker = sqlite3.connect(path, isolation_level=None)
            locker.execute("BEGIN EXCLUSIVE")
        else:
            pages = log.conn.execute("PRAGMA page_count").fetchone()[0]
            log.conn.execute(pragma.format(pages=pages))
        run(log, routine(where, "stretch-and-strengthen"))
        log.close()
        if locker is not None:
            locker.execute("ROLLBACK")
            locker.close()
        assert len(warnings) == 1 and "stopped recording" in warnings[0], warnings
        assert expected in warnings[0]
        assert not moved_files(path.parent)
        assert path.read_bytes() == before or healthy(path)
    # A log from a newer psoas: left untouched, whatever else.
    path = where.log_file
    raw = sqlite3.connect(path)
    raw.execute(f"PRAGMA user_version = {schema.LATEST + 1}")
    raw.close()
    log = open_log(where, warn=pytest.fail, move_damaged=True)
    assert not log.available and "newer" in (log.warning or "")
    assert not moved_files(path.parent)


def test_plain_runner_on_a_damaged_log_runs_moves_it_and_logs_the_session(
    built: Path, psoas_env: dict[str, str], isolated_home: Path
) -> None:
    path = isolated_home / "history.sqlite3"
    shutil.copyfile(built, path)
    overwrite(path, pages_of(path, "sessions")[-1:], random.Random(4))
    proc = subprocess.run(
        [PSOAS, "run", "desk-break", "--plain", "--mute"],
        env={**psoas_env, "PSOAS_TIME_SCALE": SCALE},
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert "Done." in proc.stdout
    assert "internal error" not in proc.stderr and "stopped recording" not in proc.stderr
    assert proc.stderr.count("moved to") == 1 and "nothing was deleted" in proc.stderr
    assert len(moved_files(isolated_home)) == 1
    with open_log(Locations(isolated_home, isolated_home), warn=pytest.fail) as after:
        assert [row.status for row in after.sessions()] == ["completed"]


def test_log_and_stats_on_a_damaged_log_say_so_and_move_nothing(
    built: Path, psoas_env: dict[str, str], isolated_home: Path
) -> None:
    path = isolated_home / "history.sqlite3"
    shutil.copyfile(built, path)
    pages = path.stat().st_size // PAGE
    overwrite(path, list(range(1, pages)), random.Random(5))  # all but the schema page
    damaged = path.read_bytes()
    for command in (["log"], ["stats"], ["log", "--json"], ["stats", "--json"]):
        proc = subprocess.run(
            [PSOAS, *command], env=psoas_env, capture_output=True, text=True, timeout=30
        )
        assert proc.returncode == 1, (command, proc.stderr)
        assert "internal error" not in proc.stderr and "Traceback" not in proc.stderr
        assert f"the session log {path} is damaged" in proc.stderr, (command, proc.stderr)
        assert "the next session moves it aside" in proc.stderr
        assert path.read_bytes() == damaged
        assert not moved_files(isolated_home)


@pilot_test
async def test_history_screen_on_a_damaged_log_says_so_and_a_session_moves_it(
    built: Path, tmp_path: Path
) -> None:
    from textual.widgets import DataTable

    from psoas_tui.settings import Settings
    from psoas_tui.tui.app import make_app
    from psoas_tui.tui.screens.history import HistoryScreen
    from psoas_tui.tui.screens.session import SessionScreen

    path, where = copy_home(built, tmp_path)
    overwrite(path, list(range(1, path.stat().st_size // PAGE)), random.Random(6))
    damaged = path.read_bytes()
    warnings: list[str] = []
    log = open_log(where, warn=warnings.append)  # as the app opens it: nothing moved
    app = make_app(
        settings=Settings(), locations=where, clock=FakeClock(), player=RecordingPlayer(), log=log
    )
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("h")
        await pilot.pause()
        await pilot.pause()
        history = app.screen
        assert isinstance(history, HistoryScreen)
        table = history.query_one("#history-sessions", DataTable)
        assert table.border_title == "Session log damaged"
        said = str(history.query_one("#streak").render())
        assert str(path) in said and "the next session moves it aside" in said
        assert path.read_bytes() == damaged and not moved_files(path.parent)
        await pilot.press("escape")
        await pilot.pause()
        app.start_routine("thomas-test")  # the session's first write moves it aside
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)
        (moved,) = moved_files(path.parent)
        assert any(str(moved) in w for w in warnings), warnings
        assert app.is_running
    log.close()
    with open_log(where, warn=pytest.fail) as after:
        assert [row.routine_slug for row in after.sessions()] == ["thomas-test"]


def test_export_of_a_log_damaged_past_the_first_page_says_the_same(
    built: Path, psoas_env: dict[str, str], isolated_home: Path
) -> None:
    path = isolated_home / "history.sqlite3"
    shutil.copyfile(built, path)
    overwrite(path, pages_of(path, "intervals"), random.Random(7))  # open and sessions fine
    proc = subprocess.run(
        [PSOAS, "log", "--jsonl"], env=psoas_env, capture_output=True, text=True, timeout=30
    )
    assert proc.returncode == 1, proc.stderr
    assert f"the session log {path} is damaged" in proc.stderr
    assert "the next session moves it aside" in proc.stderr
    assert not moved_files(isolated_home)
