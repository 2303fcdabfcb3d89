"""The session log: recording, queries, stats, migrations, faults, export and import."""

from __future__ import annotations

import json
import os
import sqlite3
import uuid
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from psoas_tui.cli import main
from psoas_tui.history import SessionLog, open_log, schema
from psoas_tui.history.export import export_lines
from psoas_tui.history.importer import import_lines
from psoas_tui.locations import Locations, user_locations
from psoas_tui.plan import IntervalKind, Plan, build_plan
from psoas_tui.routine.catalog import all_entries
from psoas_tui.routine.model import Routine, Side
from psoas_tui.session import Session, State


def routine(slug: str) -> Routine:
    for entry in all_entries(user_locations()):
        if entry.slug == slug and entry.result.routine is not None:
            return entry.result.routine
    raise AssertionError(f"no bundled routine {slug}")


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def run_session(
    log: SessionLog,
    slug: str,
    *,
    first: Side = "left",
    answer: int | None = 0,
    stop_after: int | None = None,
    time_scale: float = 1.0,
) -> tuple[str, Plan, Session]:
    """Run a routine to its end on a fake clock, answering checks with ``answer``."""
    plan = build_plan(routine(slug), first)
    clock = FakeClock()
    session = Session(plan, clock)
    recorder = log.recorder(plan, time_scale=time_scale)
    session.subscribe(recorder)
    session.start()
    ended = 0
    while session.state is State.RUNNING:
        current = session.current
        assert current is not None
        if stop_after is not None and current.index >= stop_after:
            session.quit()
            break
        if current.kind is IntervalKind.CHECK:
            session.answer(None if answer is None else min(answer, len(current.answers) - 1))
        elif not current.timed:
            clock.now += 7.0
            session.done()
        else:
            clock.now += 1.0
            session.tick()
        ended += 1
    recorder.close()
    return recorder.session_id, plan, session


def locations(home: Path) -> Locations:
    return Locations(config=home, data=home)


@pytest.fixture
def log(isolated_home: Path) -> SessionLog:
    opened = open_log(locations(isolated_home), warn=pytest.fail)
    assert opened.available, opened.warning
    yield opened  # type: ignore[misc]
    opened.close()


# -- the store ----------------------------------------------------------------------------


def test_new_log_is_wal_full_sync_latest_version(log: SessionLog) -> None:
    conn = log.conn
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 1000
    assert conn.execute("PRAGMA user_version").fetchone()[0] == schema.LATEST
    indexes = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
    assert {"sessions_by_start", "sessions_by_routine", "sessions_by_day"} <= indexes


def test_a_whole_session_is_recorded_with_intervals_and_answers(log: SessionLog) -> None:
    session_id, plan, session = run_session(log, "thomas-test", answer=1)
    detail = log.session_detail(session_id)
    assert detail is not None
    row = detail.session
    assert row.status == "completed"
    assert row.routine_slug == "thomas-test"
    assert row.content_hash == plan.routine.content_hash
    assert row.planned_intervals == len(plan.intervals)
    assert row.started.utcoffset() is not None and row.ended is not None
    assert row.active_seconds == pytest.approx(session.status().active)
    assert [i.position for i in detail.intervals] == list(range(len(plan.intervals)))
    assert sum(i.actual_seconds for i in detail.intervals) == pytest.approx(row.active_seconds)
    checks = [i for i in plan.intervals if i.kind is IntervalKind.CHECK]
    assert [(a.step_name, a.side, a.answer) for a in row.answers] == [
        (i.step_name, i.side, i.answers[1]) for i in checks
    ]
    assert row.answers[0].question == checks[0].question


def test_interval_rows_carry_the_plan_and_actual_time(log: SessionLog) -> None:
    session_id, plan, _ = run_session(log, "pre-run-warm-up")
    detail = log.session_detail(session_id)
    assert detail is not None
    for recorded, planned in zip(detail.intervals, plan.intervals, strict=True):
        assert recorded.kind == str(planned.kind)
        assert recorded.side == planned.side
        assert (recorded.set_no, recorded.round_no) == (planned.set, planned.round)
        assert recorded.planned_seconds == planned.duration
        if planned.duration is not None:
            assert recorded.actual_seconds == pytest.approx(planned.duration)
        assert not recorded.skipped
    per_side = [i for i in plan.intervals if i.side and i.is_exercise]
    assert detail.session.left_seconds == pytest.approx(
        sum(i.duration or 7.0 for i in per_side if i.side == "left")
    )
    assert detail.session.completion == 1.0


def test_quit_is_abandoned_and_keeps_what_was_done(log: SessionLog) -> None:
    session_id, _, _ = run_session(log, "pre-run-warm-up", stop_after=5)
    detail = log.session_detail(session_id)
    assert detail is not None
    assert detail.session.status == "abandoned"
    assert len(detail.intervals) == 6  # five done, the sixth ended where it was
    assert detail.intervals[-1].skipped
    assert 0 < detail.session.completion < 1


def test_time_scale_is_recorded_and_seconds_stay_routine_seconds(log: SessionLog) -> None:
    session_id, plan, _ = run_session(log, "desk-break", time_scale=50.0)
    row = log.sessions()[0]
    assert row.id == session_id and row.time_scale == 50.0
    assert row.active_seconds == pytest.approx(
        plan.total_seconds + 7.0 * plan.untimed_count, abs=1e-6
    )


def test_side_memory_alternates_per_routine(log: SessionLog) -> None:
    assert routine("pre-run-warm-up").has_alternating_sides()
    assert log.alternate_first_side("pre-run-warm-up") == "left"
    run_session(log, "pre-run-warm-up", first="left")
    assert log.alternate_first_side("pre-run-warm-up") == "right"
    run_session(log, "pre-run-warm-up", first="right")
    assert log.alternate_first_side("pre-run-warm-up") == "left"
    assert log.alternate_first_side("desk-break") == "left"


def test_the_runner_alternate_first_side_uses_the_log(isolated_home: Path) -> None:
    from psoas_tui.runner import PlanOptions, prepare_plan

    warm_up = routine("pre-run-warm-up")
    with open_log(locations(isolated_home)) as log:
        run_session(log, "pre-run-warm-up", first="left")
        plan = prepare_plan(warm_up, PlanOptions(past=log), warn=pytest.fail)
    assert plan.first_side == "right"


def test_last_done_and_summary(log: SessionLog) -> None:
    first, _, _ = run_session(log, "desk-break")
    run_session(log, "desk-break", stop_after=2)
    done = log.last_done()
    assert set(done) == {"desk-break"}
    assert done["desk-break"] == log.session_detail(first).session.started  # type: ignore[union-attr]
    assert done["desk-break"].tzinfo is not None
    log.save_summary(first, note="left felt tight", tightness={"left": 7, "right": 3})
    log.save_summary(first, note="left felt tight", tightness={"right": None})
    row = log.session_detail(first)
    assert row is not None
    assert row.session.note == "left felt tight"
    assert row.tightness == {"left": 7}
    log.save_summary(first, note="")  # a side not given keeps its rating
    row = log.session_detail(first)
    assert row is not None and row.session.note is None and row.tightness == {"left": 7}
    with pytest.raises(ValueError):
        log.save_summary(first, note=None, tightness={"left": 11})


def test_sessions_page_newest_first_with_filters(log: SessionLog) -> None:
    ids = [run_session(log, slug)[0] for slug in ("desk-break", "thomas-test", "desk-break")]
    assert [row.id for row in log.sessions()] == ids[::-1]
    assert [row.id for row in log.sessions(offset=1, limit=1)] == [ids[1]]
    assert [row.id for row in log.sessions(routine="desk-break")] == [ids[2], ids[0]]
    tomorrow = date.today() + timedelta(days=2)
    assert log.sessions(since=tomorrow) == []
    assert log.count(routine="thomas-test") == 1


def test_stale_running_session_is_marked_interrupted(isolated_home: Path) -> None:
    log = open_log(locations(isolated_home))
    plan = build_plan(routine("desk-break"))
    clock = FakeClock()
    session = Session(plan, clock)
    recorder = log.recorder(plan)
    session.subscribe(recorder)
    session.start()
    clock.now += 30.0
    session.tick()
    assert log.sessions()[0].status == "running"
    # Our own process is alive: a second opening leaves the session alone.
    assert open_log(locations(isolated_home)).sessions()[0].status == "running"
    # A process that is gone: the next opening marks it interrupted.
    log.conn.execute("UPDATE sessions SET pid = 2147483646")
    again = open_log(locations(isolated_home))
    row = again.sessions()[0]
    assert row.status == "interrupted"
    assert row.ended is not None
    assert row.active_seconds > 0


def test_recorder_close_without_an_end_is_interrupted(log: SessionLog) -> None:
    plan = build_plan(routine("desk-break"))
    clock = FakeClock()
    session = Session(plan, clock)
    recorder = log.recorder(plan)
    session.subscribe(recorder)
    session.start()
    recorder.close()
    assert log.sessions()[0].status == "interrupted"


# -- faults -------------------------------------------------------------------------------


def test_corrupt_log_is_moved_aside_and_a_new_one_started(isolated_home: Path) -> None:
    path = isolated_home / "history.sqlite3"
    garbage = b"this is not a database at all\x00\xff" * 200
    path.write_bytes(garbage)
    warnings: list[str] = []
    log = open_log(locations(isolated_home), warn=warnings.append, move_damaged=True)
    assert log.available
    moved = [p for p in isolated_home.iterdir() if p.name.startswith("history.sqlite3.corrupt-")]
    assert len(moved) == 1
    assert moved[0].read_bytes() == garbage  # never deleted or overwritten
    assert len(warnings) == 1 and str(moved[0]) in warnings[0] and str(path) in warnings[0]
    run_session(log, "desk-break")
    assert len(log.sessions()) == 1


def test_a_foreign_sqlite_file_is_moved_aside(isolated_home: Path) -> None:
    path = isolated_home / "history.sqlite3"
    other = sqlite3.connect(path)
    other.execute("CREATE TABLE notes (x)")
    other.commit()
    other.close()
    warnings: list[str] = []
    assert open_log(locations(isolated_home), warn=warnings.append, move_damaged=True).available
    assert warnings and "not a psoas log" in warnings[0]


def test_missing_or_unwritable_data_folder_gives_an_unavailable_log(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    home = blocker / "psoas"  # below a regular file: fails even for root
    log = open_log(locations(home), warn=pytest.fail)
    assert not log.available
    assert log.warning is not None and str(home) in log.warning and "not logged" in log.warning
    session_id, _, session = run_session(log, "desk-break")  # records nothing, runs fine
    assert session.state is State.FINISHED
    assert log.sessions() == [] and log.session_detail(session_id) is None
    assert log.alternate_first_side("pre-run-warm-up") == "left"
    assert log.stats().total_sessions == 0


def test_log_from_a_newer_psoas_is_left_alone(isolated_home: Path) -> None:
    path = isolated_home / "history.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {schema.LATEST + 5}")
    conn.close()
    before = path.read_bytes()
    log = open_log(locations(isolated_home), warn=pytest.fail)
    assert not log.available and "newer" in (log.warning or "")
    assert path.read_bytes() == before


def test_recording_failure_warns_once_and_the_session_goes_on(log: SessionLog) -> None:
    warnings: list[str] = []
    log.warn = warnings.append
    plan = build_plan(routine("desk-break"))
    clock = FakeClock()
    session = Session(plan, clock)
    recorder = log.recorder(plan)
    session.subscribe(recorder)
    session.start()
    log.conn.execute("DROP TABLE answers")
    log.conn.execute("DROP TABLE intervals")
    while session.state is State.RUNNING:
        clock.now += 5.0
        session.tick() if session.current and session.current.timed else session.skip()
    assert session.state is State.FINISHED
    assert len(warnings) == 1 and "stopped recording" in warnings[0]


# -- migrations ---------------------------------------------------------------------------


def _build_v0(path: Path) -> None:
    path.write_bytes(b"")  # an empty file: what a first start finds after a crash


def _build_v1(path: Path) -> None:
    conn = schema.connect(path, migrate_to=1)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    conn.execute(
        "INSERT INTO sessions (id, routine_slug, routine_name, content_hash, started_utc, "
        "utc_offset, local_date, ended_utc, updated_utc, status, active_seconds, "
        "planned_seconds, planned_intervals, planned_exercises, done_exercises, time_scale, "
        "psoas_version, first_side, note) VALUES ('6f1c1f3e-9a51-4a61-8d1f-3f5b0c7b1a10', "
        "'old', 'Old routine', 'abc', '2026-01-05T06:30:00.000000Z', 3600, '2026-01-05', "
        "'2026-01-05T06:40:00.000000Z', '2026-01-05T06:40:00.000000Z', 'completed', 95, 95, "
        "4, 2, 2, 1, '0.0.1', 'left', 'from v1')"
    )
    rows = [
        (1, 0, "work", "left", 40.0),
        (2, 1, "switch", "right", 5.0),
        (3, 2, "work", "right", 45.0),
        (4, 3, "check", "left", 5.0),
    ]
    conn.executemany(
        "INSERT INTO intervals (session_id, seq, position, step_number, step_name, label, kind, "
        "side, actual_seconds, planned_seconds, start_offset) VALUES "
        "('6f1c1f3e-9a51-4a61-8d1f-3f5b0c7b1a10', ?, ?, '1', 'Stretch', 'Stretch', ?, ?, ?, ?, 0)",
        [(seq, pos, kind, side, secs, secs) for seq, pos, kind, side, secs in rows],
    )
    conn.execute(
        "INSERT INTO answers VALUES ('6f1c1f3e-9a51-4a61-8d1f-3f5b0c7b1a10', 4, '2', 'Test', "
        "'left', 'Tight?', 'a little')"
    )
    conn.close()


def _build_v2(path: Path) -> None:
    _build_v1(path)
    conn = schema.connect(path, migrate_to=2)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 2
    conn.close()


def _build_v3(path: Path) -> None:
    _build_v1(path)
    conn = schema.connect(path, migrate_to=3)
    conn.execute("INSERT INTO tightness VALUES ('6f1c1f3e-9a51-4a61-8d1f-3f5b0c7b1a10', 'left', 6)")
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 3
    conn.close()


def _build_v4(path: Path) -> None:
    _build_v3(path)
    conn = schema.connect(path, migrate_to=4)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 4
    conn.close()


def _build_v5(path: Path) -> None:
    _build_v4(path)
    conn = schema.connect(path, migrate_to=5)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 5
    conn.close()


BUILDERS = {0: _build_v0, 1: _build_v1, 2: _build_v2, 3: _build_v3, 4: _build_v4, 5: _build_v5}


def test_every_earlier_version_has_a_migration_test() -> None:
    assert set(BUILDERS) == set(range(schema.LATEST))


@pytest.mark.parametrize("version", sorted(BUILDERS))
def test_migration_from_every_earlier_version(isolated_home: Path, version: int) -> None:
    path = isolated_home / "history.sqlite3"
    BUILDERS[version](path)
    log = open_log(locations(isolated_home), warn=pytest.fail)
    assert log.available, log.warning
    conn = log.conn
    assert conn.execute("PRAGMA user_version").fetchone()[0] == schema.LATEST
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    rows = log.sessions()
    if version == 0:
        assert rows == []
    else:
        (row,) = rows
        assert row.note == "from v1" and row.status == "completed"
        assert (row.left_seconds, row.right_seconds) == (40.0, 45.0)  # backfilled
        assert row.started == datetime(2026, 1, 5, 7, 30, tzinfo=timezone(timedelta(hours=1)))
        assert [a.answer for a in row.answers] == ["a little"]
        stats = log.stats(today=date(2026, 1, 7))  # the v3 daily totals were backfilled
        assert (stats.total_sessions, stats.current_streak) == (1, 0)
        assert stats.weeks[-1].minutes == pytest.approx(95 / 60)
        assert (stats.weeks[-1].left_seconds, stats.weeks[-1].right_seconds) == (40.0, 45.0)
        assert [(s.step_name, s.left_seconds, s.right_seconds) for s in stats.steps] == [
            ("Stretch", 40.0, 45.0)
        ]
        assert [a.counts for a in stats.answers] == [{"a little": 1}]
        assert (stats.routines[0].slug, stats.routines[0].last) == ("old", date(2026, 1, 5))
        if version >= 3:
            assert row.tightness == {"left": 6}
            assert [(t.side, t.average) for t in stats.tightness] == [("left", 6.0)]
    # and the migrated log records like a new one
    run_session(log, "desk-break")
    assert len(log.sessions()) == len(rows) + 1


def test_migration_runs_once_when_reopened(isolated_home: Path) -> None:
    _build_v1(isolated_home / "history.sqlite3")
    open_log(locations(isolated_home)).close()
    log = open_log(locations(isolated_home), warn=pytest.fail)
    assert log.sessions()[0].left_seconds == 40.0


# -- stats --------------------------------------------------------------------------------


def _doc(day: date, status: str = "completed", minutes: float = 10.0, **extra: object) -> str:
    started = datetime(day.year, day.month, day.day, 7, 0, tzinfo=timezone(timedelta(hours=2)))
    document = {
        "id": str(uuid.uuid5(uuid.NAMESPACE_URL, repr((day, status, minutes, extra)))),
        "routine_slug": extra.pop("slug", "desk-break"),
        "routine_name": "Desk break",
        "content_hash": "x",
        "started": started.isoformat(),
        "ended": (started + timedelta(minutes=minutes)).isoformat(),
        "status": status,
        "active_seconds": minutes * 60,
        "planned_seconds": 600,
        "planned_intervals": 2,
        "planned_exercises": 2,
        "time_scale": 1,
        "psoas_version": "0.1.0",
        "intervals": [
            {
                "seq": 1,
                "position": 0,
                "step_number": "1",
                "step_name": "Lunge",
                "label": "Lunge",
                "kind": "work",
                "side": "left",
                "actual_seconds": 30,
                "planned_seconds": 30,
                "start_offset": 0,
            },
            {
                "seq": 2,
                "position": 1,
                "step_number": "1",
                "step_name": "Lunge",
                "label": "Lunge",
                "kind": "work",
                "side": "right",
                "actual_seconds": 40,
                "planned_seconds": 40,
                "start_offset": 30,
            },
        ],
        "answers": [
            {
                "seq": 3,
                "step_number": "2",
                "step_name": "Thomas",
                "side": "left",
                "question": "Lifts?",
                "answer": extra.pop("answer", "a little"),
            }
        ],
        "tightness": extra.pop("tightness", {"left": 6, "right": 2}),
        **extra,
    }
    return json.dumps(document)


def test_stats_streaks_weeks_routines_sides(log: SessionLog) -> None:
    today = date(2026, 11, 25)  # a Wednesday
    days = [today - timedelta(days=n) for n in (1, 2, 3, 10, 11, 12, 13, 100)]
    lines = [_doc(day) for day in days]
    lines.append(_doc(today - timedelta(days=4), status="abandoned", minutes=3))
    lines.append(_doc(today, slug="thomas-test", minutes=2, tightness={"left": 4}))
    report = import_lines(log, lines, source="t")
    assert report.problems == [] and report.imported == len(lines)
    stats = log.stats(today=today)
    assert (stats.current_streak, stats.longest_streak) == (4, 4)  # today + 3 before
    assert stats.days_done == 9
    assert stats.total_sessions == 10 and stats.completed_sessions == 9
    assert len(stats.weeks) == 12
    this_week = stats.weeks[-1]
    assert this_week.monday == date(2026, 11, 23)
    assert (this_week.sessions, this_week.completed) == (3, 3)  # Mon, Tue, Wed
    assert this_week.minutes == pytest.approx(22.0)
    last_week = stats.weeks[-2]
    assert (last_week.sessions, last_week.completed) == (2, 1)  # Sun done, Sat abandoned
    assert sum(w.sessions for w in stats.weeks) == 9  # 100 days ago is outside
    assert [(r.slug, r.sessions) for r in stats.routines] == [
        ("desk-break", 9),
        ("thomas-test", 1),
    ]
    assert stats.left_seconds == 300 and stats.right_seconds == 400
    (lunge,) = stats.steps
    assert (lunge.left_seconds, lunge.right_seconds) == (270, 360)
    week = "2026-W48"
    assert any(a.week == week and a.counts == {"a little": 3} for a in stats.answers)
    tight = {(t.week, t.side): t.average for t in stats.tightness}
    assert tight[(week, "left")] == pytest.approx((6 + 6 + 4) / 3)
    assert tight[(week, "right")] == pytest.approx(2)


def test_stats_streak_broken_when_yesterday_missed(log: SessionLog) -> None:
    today = date(2026, 11, 25)
    import_lines(log, [_doc(today - timedelta(days=2))], source="t")
    assert log.stats(today=today).current_streak == 0
    assert log.stats(today=today).longest_streak == 1


# -- export and import --------------------------------------------------------------------


def _everything(log: SessionLog) -> list[object]:
    return [
        (row, log.session_detail(row.id).intervals)  # type: ignore[union-attr]
        for row in log.sessions(limit=None)
    ]


def test_export_then_import_into_an_empty_home_gives_the_same_sessions(
    log: SessionLog, tmp_path: Path
) -> None:
    first, _, _ = run_session(log, "thomas-test", answer=2)
    run_session(log, "pre-run-warm-up", stop_after=7)
    run_session(log, "desk-break")
    log.save_summary(first, note='note with "quotes"\nand a line', tightness={"left": 8})
    lines = list(export_lines(log))
    assert len(lines) == 3
    other = open_log(locations(tmp_path / "other-home"), warn=pytest.fail)
    report = import_lines(other, lines, source="x")
    assert (report.imported, report.present, report.problems) == (3, 0, [])
    assert _everything(other) == _everything(log)
    assert list(export_lines(other)) == lines
    again = import_lines(other, lines, source="x")
    assert (again.imported, again.present) == (0, 3)
    assert len(other.sessions(limit=None)) == 3


def test_bad_lines_are_reported_by_number_and_good_ones_kept(log: SessionLog) -> None:
    good = _doc(date(2026, 3, 1))
    bad_tightness = _doc(date(2026, 3, 2), tightness={"left": 12})
    bad_interval = json.loads(_doc(date(2026, 3, 3)))
    bad_interval["intervals"][1]["seq"] = 1
    lines = [
        good,
        "{not json",
        "",
        '{"id": "nope"}',
        bad_tightness,
        json.dumps(bad_interval),
        "[1, 2]",
        _doc(date(2026, 3, 4), started="yesterday"),
        _doc(date(2026, 3, 5)),
    ]
    report = import_lines(log, lines, source="f.jsonl")
    numbers = [int(problem.split(":")[1]) for problem in report.problems]
    assert numbers == [2, 4, 5, 6, 7, 8]
    assert report.problems[1].startswith('f.jsonl:4: "id" must be a UUID')
    assert "0-10" in report.problems[2]
    assert "appears twice" in report.problems[3]
    assert report.imported == 2
    assert all(problem.startswith("f.jsonl:") for problem in report.problems)


def test_each_session_is_imported_whole_or_not_at_all(log: SessionLog) -> None:
    # A trigger makes storing one line's answers fail after its session and intervals went in.
    log.conn.execute(
        "CREATE TEMP TRIGGER boom BEFORE INSERT ON answers WHEN NEW.answer = 'boom' "
        "BEGIN SELECT RAISE(ABORT, 'refused by test'); END"
    )
    lines = [
        _doc(date(2026, 4, 1)),
        _doc(date(2026, 4, 2), answer="boom"),
        _doc(date(2026, 4, 3)),
    ]
    report = import_lines(log, lines, source="f")
    assert report.imported == 2
    assert len(report.problems) == 1 and report.problems[0].startswith("f:2: not stored")
    doomed = json.loads(lines[1])["id"]
    assert log.session_detail(doomed) is None
    assert log.conn.execute(
        "SELECT count(*) FROM intervals WHERE session_id = ?", (doomed,)
    ).fetchone() == (0,)


def test_control_characters_are_stripped_on_import(log: SessionLog) -> None:
    document = json.loads(
        _doc(date(2026, 5, 1), note="\x1b[31mred\x1b[0m", routine_name="Evil\x1b]0;x\x07")
    )
    document["intervals"][0]["step_name"] = "Lunge\x1b[2J"
    document["intervals"][1]["label"] = " tabbed\tlabel "
    document["answers"][0]["answer"] = "\u202eyes"
    assert import_lines(log, [json.dumps(document)], source="f").problems == []
    row = log.sessions()[0]
    assert "\x1b" not in row.routine_name and "\x1b" not in (row.note or "")
    detail = log.session_detail(row.id)
    assert detail is not None
    assert detail.intervals[0].step_name == "Lunge[2J"
    assert detail.intervals[1].label == "tabbed label"
    assert row.answers[0].answer == "yes"


# -- the commands -------------------------------------------------------------------------


def test_psoas_log_table_json_csv(
    log: SessionLog, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    run_session(log, "thomas-test", answer=2)
    import_lines(log, [_doc(date(2026, 1, 1), routine_name="[bold]x[/bold]")], source="f")
    assert main(["log"]) == 0
    out = capsys.readouterr().out
    assert "Thomas self-test" in out and "done" in out and "Clearly" in out
    assert "completed" not in out
    assert "[bold]x[/bold]" in out  # data is text, never markup
    assert main(["log", "--json", "--routine", "thomas-test"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [row["routine_slug"] for row in rows] == ["thomas-test"]
    assert rows[0]["answers"][0]["answer"] == "Clearly"
    assert main(["log", "--csv", "--since", "2026-01-01"]) == 0
    csv_lines = capsys.readouterr().out.splitlines()
    assert csv_lines[0].startswith("id,started,routine_slug") and len(csv_lines) == 3


def test_psoas_log_bad_date_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["log", "--since", "last tuesday"])
    assert exit_info.value.code == 2
    assert "2026-11-01" in capsys.readouterr().err


def test_psoas_stats_json(log: SessionLog, capsys: pytest.CaptureFixture[str]) -> None:
    run_session(log, "pre-run-warm-up")
    assert main(["stats", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["streak"]["current"] == 1
    assert data["totals"]["sessions"] == 1 and len(data["weeks"]) == 12
    assert data["totals"]["left_seconds"] == data["totals"]["right_seconds"] > 0
    assert main(["stats"]) == 0
    assert "Streak: 1 day" in capsys.readouterr().out


def test_psoas_import_command(
    log: SessionLog, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "in.jsonl"
    path.write_bytes((_doc(date(2026, 6, 1)) + "\n").encode() + b"\xff\xfe bad bytes\n" + b"{}\n")
    assert main(["import", str(path)]) == 1
    captured = capsys.readouterr()
    assert f"{path}:2: not UTF-8" in captured.err
    assert f'{path}:3: "id" is missing' in captured.err
    assert "imported 1 new session" in captured.out
    assert main(["import", str(path)]) == 1
    assert "imported 0 new sessions, 1 already in the log" in capsys.readouterr().out
    assert main(["import", str(tmp_path / "missing.jsonl")]) == 1
    assert "no such file" in capsys.readouterr().err


def test_trigger_kept_daily_totals_match_the_rows(log: SessionLog) -> None:
    run_session(log, "thomas-test", answer=1)
    run_session(log, "pre-run-warm-up", stop_after=9)
    run_session(log, "pre-run-warm-up")
    import_lines(log, [_doc(date(2026, 2, d)) for d in (1, 2, 3)], source="f")
    conn = log.conn
    direct = conn.execute(
        "SELECT local_date, routine_slug, count(*), SUM(status = 'completed'), "
        "ROUND(SUM(active_seconds), 6), ROUND(SUM(left_seconds), 6), "
        "ROUND(SUM(right_seconds), 6) FROM sessions GROUP BY 1, 2 ORDER BY 1, 2"
    ).fetchall()
    kept = conn.execute(
        "SELECT local_date, routine_slug, sessions, completed, ROUND(active_seconds, 6), "
        "ROUND(left_seconds, 6), ROUND(right_seconds, 6) FROM daily WHERE sessions > 0 "
        "ORDER BY 1, 2"
    ).fetchall()
    assert kept == direct and len(direct) >= 3
    by_day = conn.execute(
        "SELECT local_date, count(*), SUM(status = 'completed'), ROUND(SUM(active_seconds), 6), "
        "ROUND(SUM(left_seconds), 6), ROUND(SUM(right_seconds), 6) FROM sessions "
        "GROUP BY 1 ORDER BY 1"
    ).fetchall()
    kept_days = conn.execute(
        "SELECT local_date, sessions, completed, ROUND(active_seconds, 6), "
        "ROUND(left_seconds, 6), ROUND(right_seconds, 6) FROM day_totals ORDER BY 1"
    ).fetchall()
    assert kept_days == by_day
    by_routine = conn.execute(
        "SELECT routine_slug, count(*), SUM(status = 'completed'), "
        "ROUND(SUM(active_seconds), 6), MAX(local_date) FROM sessions GROUP BY 1 ORDER BY 1"
    ).fetchall()
    kept_routines = conn.execute(
        "SELECT routine_slug, sessions, completed, ROUND(active_seconds, 6), last_date "
        "FROM routine_totals ORDER BY 1"
    ).fetchall()
    assert kept_routines == by_routine
    assert log.count() == len(log.sessions(limit=None))
    assert log.count(routine="pre-run-warm-up") == 2
    assert log.count(since=date(2026, 2, 2)) == len(log.sessions(since=date(2026, 2, 2)))
    assert log.count(since=date(2026, 2, 2), routine="desk-break") == 2
    direct_steps = conn.execute(
        "SELECT s.local_date, i.step_name, "
        "ROUND(SUM(CASE WHEN i.side = 'left' THEN i.actual_seconds ELSE 0 END), 6), "
        "ROUND(SUM(CASE WHEN i.side = 'right' THEN i.actual_seconds ELSE 0 END), 6) "
        "FROM intervals i JOIN sessions s ON s.id = i.session_id "
        "WHERE i.side IS NOT NULL AND i.kind IN ('work', 'reps') GROUP BY 1, 2 ORDER BY 1, 2"
    ).fetchall()
    kept_steps = conn.execute(
        "SELECT local_date, step_name, ROUND(left_seconds, 6), ROUND(right_seconds, 6) "
        "FROM daily_steps ORDER BY 1, 2"
    ).fetchall()
    assert kept_steps == direct_steps and direct_steps
    direct_answers = conn.execute(
        "SELECT s.local_date, a.step_name, a.question, COALESCE(a.side, ''), "
        "COALESCE(a.answer, ''), count(*) FROM answers a JOIN sessions s "
        "ON s.id = a.session_id GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5"
    ).fetchall()
    kept_answers = conn.execute("SELECT * FROM daily_answers ORDER BY 1, 2, 3, 4, 5").fetchall()
    assert kept_answers == direct_answers and direct_answers
    first = log.sessions()[0].id
    log.save_summary(first, note=None, tightness={"left": 5, "right": 9})
    log.save_summary(first, note=None, tightness={"left": 2, "right": None})
    direct_tight = conn.execute(
        "SELECT s.local_date, t.side, SUM(t.rating), count(*) FROM tightness t "
        "JOIN sessions s ON s.id = t.session_id GROUP BY 1, 2 ORDER BY 1, 2"
    ).fetchall()
    kept_tight = conn.execute(
        "SELECT * FROM daily_tightness WHERE count > 0 ORDER BY 1, 2"
    ).fetchall()
    assert kept_tight == direct_tight and direct_tight


def test_damaged_pages_make_log_say_so_and_leave_the_file(
    isolated_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    log = open_log(locations(isolated_home))
    import_lines(log, [_doc(date(2026, 7, 1) + timedelta(days=n)) for n in range(60)], source="f")
    log.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    log.close()
    path = isolated_home / "history.sqlite3"
    data = bytearray(path.read_bytes())
    page = 4096
    assert len(data) > 4 * page
    data[page:] = b"\xa5" * (len(data) - page)  # every page but the first (the schema)
    path.write_bytes(bytes(data))
    assert main(["log"]) == 1  # a read-only command: it says so and moves nothing
    captured = capsys.readouterr()
    assert f"the session log {path} is damaged" in captured.err
    assert "the next session moves it aside" in captured.err
    assert not list(isolated_home.glob("history.sqlite3.corrupt-*"))


# -- psoas log / export: filters, words, streaming ------------------------------------------


def _table_lines(out: str) -> list[str]:
    return [line for line in out.splitlines() if line.startswith("│")]


def test_log_table_uses_one_word_per_status_in_a_column_sized_for_the_longest(
    log: SessionLog, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from psoas_tui.text.sessions import STATUS_WIDTH

    monkeypatch.setenv("COLUMNS", "200")
    lines = [
        _doc(date(2026, 1, 1), status)
        for status in ("completed", "abandoned", "interrupted", "running")
    ]
    assert import_lines(log, lines, source="f").problems == []
    assert main(["log"]) == 0
    rows = _table_lines(capsys.readouterr().out)
    statuses = [row.split("│")[4] for row in rows]
    assert sorted(cell.strip() for cell in statuses) == ["cut off", "cut off", "done", "stopped"]
    assert {len(cell) for cell in statuses} == {STATUS_WIDTH + 2}
    assert main(["log", "--json"]) == 0  # the file format keeps the stored values
    stored = {row["status"] for row in json.loads(capsys.readouterr().out)}
    assert stored == {"completed", "abandoned", "interrupted"}


@pytest.mark.parametrize("form", [[], ["--json"], ["--csv"], ["--jsonl"]])
def test_log_of_a_routine_without_sessions_is_an_empty_result(
    log: SessionLog, capsys: pytest.CaptureFixture[str], form: list[str]
) -> None:
    for _log_state in ("empty", "with other routines' sessions"):
        assert main(["log", "--routine", "thomas-test", *form]) == 0
        captured = capsys.readouterr()
        assert "internal error" not in captured.err and captured.err == ""
        if form == []:
            assert captured.out.startswith("No sessions")
        elif form == ["--json"]:
            assert json.loads(captured.out) == []
        elif form == ["--csv"]:
            assert captured.out.count("\n") == 1  # the header
        else:
            assert captured.out == ""
        assert import_lines(log, [_doc(date(2026, 2, 2))], source="f").problems == []
    assert main(["log", "--routine", "thomas-test"]) == 0
    assert "No sessions of thomas-test logged yet" in capsys.readouterr().out


def test_log_of_an_unknown_slug_says_did_you_mean_over_routines_and_the_log(
    log: SessionLog, capsys: pytest.CaptureFixture[str], isolated_home: Path
) -> None:
    assert import_lines(log, [_doc(date(2026, 2, 2), slug="old-gone-routine")], source="f")
    mine = isolated_home / "routines"
    mine.mkdir()
    (mine / "my-evening-flow.toml").write_text("not even valid", encoding="utf-8")
    for typo, meant in (
        ("thomas-tset", "thomas-test"),  # bundled
        ("old-gone-routin", "old-gone-routine"),  # only in the log
        ("my-evening-flw", "my-evening-flow"),  # the user's
    ):
        assert main(["log", "--routine", typo]) == 0
        out = capsys.readouterr().out
        assert f'did you mean "{meant}"?' in out, out
        assert main(["log", "--json", "--routine", typo]) == 0
        captured = capsys.readouterr()
        assert json.loads(captured.out) == [] and f'did you mean "{meant}"?' in captured.err
    assert main(["log", "--routine", "old-gone-routine"]) == 0
    assert "did you mean" not in capsys.readouterr().out


def test_log_since_after_every_session_says_none_fall_in_that_range(
    log: SessionLog, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["log", "--since", "2030-01-01"]) == 0
    assert "No sessions logged yet" in capsys.readouterr().out
    import_lines(log, [_doc(date(2026, 2, 2)), _doc(date(2026, 2, 3))], source="f")
    assert main(["log", "--since", "2030-01-01"]) == 0
    out = capsys.readouterr().out
    assert "No sessions logged yet" not in out
    assert "No sessions on or after 2030-01-01: none fall in that range (2 in all)" in out


def test_export_is_jsonl_by_default_with_json_csv_and_the_log_filters(
    log: SessionLog, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    lines = [
        _doc(date(2026, 2, 1)),
        _doc(date(2026, 2, 5), slug="thomas-test"),
        _doc(date(2026, 2, 9)),
    ]
    import_lines(log, lines, source="f")
    assert main(["export"]) == 0
    exported = capsys.readouterr().out
    assert exported.splitlines() == list(export_lines(log))
    path = tmp_path / "export.jsonl"
    path.write_text(exported, encoding="utf-8")
    other = tmp_path / "other"
    other.mkdir()
    elsewhere = open_log(locations(other), warn=pytest.fail)
    assert import_lines(elsewhere, path.read_text().splitlines(), source="x").imported == 3
    elsewhere.close()
    assert main(["export", "--since", "2026-02-05", "--routine", "desk-break"]) == 0
    only = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [item["started"][:10] for item in only] == ["2026-02-09"]
    assert main(["export", "--json", "--routine", "desk-break"]) == 0
    documents = json.loads(capsys.readouterr().out)
    assert len(documents) == 2 and all(len(item["intervals"]) == 2 for item in documents)
    assert main(["export", "--csv", "--since", "2026-02-02"]) == 0
    csv_lines = capsys.readouterr().out.splitlines()
    assert csv_lines[0].startswith("id,started") and len(csv_lines) == 3


def _peak_bytes(args: list[str], out: Path) -> int:
    """Python's peak allocation while ``psoas ARGS`` writes to a file (not to memory)."""
    import contextlib
    import tracemalloc

    with open(out, "w", encoding="utf-8") as handle, contextlib.redirect_stdout(handle):
        tracemalloc.start()
        try:
            assert main(args) == 0
            _current, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    return peak


SESSIONS = 240


@pytest.fixture(scope="session")
def generated_log(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A log of SESSIONS sessions as benchmarks/history.py builds it (made once)."""
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
    try:
        from history import generate  # type: ignore[import-not-found]
    finally:
        sys.path.pop(0)
    home = tmp_path_factory.mktemp("generated")
    generate(home, SESSIONS)
    return home / "history.sqlite3"


@pytest.mark.parametrize(
    "form",
    [["log", "--json"], ["log", "--csv"], ["export", "--json"], ["export", "--csv"]],
)
def test_full_listings_stream_memory_stays_flat_as_the_log_grows(
    isolated_home: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    generated_log: Path,
    form: list[str],
) -> None:
    import shutil

    from psoas_tui.history import listing

    shutil.copy(generated_log, isolated_home / "history.sqlite3")
    monkeypatch.setattr(listing, "CHUNK", 10)  # chunks, at this size as at 100,000
    out = tmp_path / "out.txt"
    a_quarter = _peak_bytes([*form, "--since", _quarter_since(isolated_home)], out)
    everything = _peak_bytes(form, out)
    text = out.read_text(encoding="utf-8")
    if "--json" in form:
        assert len(json.loads(text)) == SESSIONS  # one valid JSON document
    elif "--csv" in form:
        assert text.count("\n") == SESSIONS + 1
    else:
        assert text.count("\n") == SESSIONS
    assert everything < 1.5 * a_quarter, (everything, a_quarter)


def _quarter_since(home: Path) -> str:
    """A date that selects about the newest quarter of the sessions."""
    with open_log(locations(home)) as log:
        days = [row.local_date for row in log.sessions(limit=None)]
    return sorted(days)[len(days) * 3 // 4].isoformat()


def test_stats_table_cleans_text_from_the_log_and_does_not_import_rich(
    log: SessionLog, isolated_home: Path
) -> None:
    import subprocess
    import sys

    import_lines(log, [_doc(date.today())], source="f")
    # A log written by hand or by another program: text that never went through psoas.
    with log.write() as conn:
        conn.execute("UPDATE sessions SET routine_name = 'Evil\x1b]0;owned\x07\x1b[2J'")
        conn.execute("UPDATE daily_answers SET question = 'Lifts?\x9b31m'")
    # In a process of its own: dropping Rich from this one would break later tests' Rich.
    script = (
        "import sys; from psoas_tui.cli import main; code = main(['stats']); "
        "sys.stdout.flush(); "
        "print('RICH' if any(n.split('.')[0] == 'rich' for n in sys.modules) else '', "
        "file=sys.stderr); sys.exit(code)"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        env={**os.environ, "PSOAS_HOME": str(isolated_home)},
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "Evil]0;owned" in out and "Lifts?31m" in out
    assert "\x1b" not in out and "\x07" not in out and "\x9b" not in out
    assert "RICH" not in done.stderr
