"""History benchmark: a log of 100,000 sessions of about 15 intervals each.

Measures, in one run and against a baseline from the same run:
- ``psoas stats`` (the table), ``psoas stats --json`` and the first page of ``psoas log``
  as subprocesses, each as the median of paired ratios against ``psoas --version`` run
  just before it in the same round (target: each <= 1.5x);
- the peak memory of each full listing (``psoas log --json``, ``--csv``, ``psoas export``
  and its ``--json``/``--csv``), each child's own peak (``os.wait4``'s ru_maxrss), as a
  ratio against the first page of ``psoas log`` (target: <= 1.5x);
- a full ``psoas export`` and ``psoas import`` of it into an empty home (sessions per
  second);
- the per-interval commit of the recorder (median and p99), synchronous=FULL.

Usage: python benchmarks/history.py [--sessions N] [--runs N] [--home DIR] [--source DIR]
(--source: time the psoas package in DIR, run as ``python -m psoas_tui``, e.g. an older
checkout, to compare before and after on the same log.)
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import NamedTuple

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from psoas_tui.history import open_log  # noqa: E402
from psoas_tui.history.model import utc_text  # noqa: E402
from psoas_tui.locations import Locations  # noqa: E402

PSOAS = [str(Path(sys.executable).with_name("psoas"))]
ROUTINES = [
    ("pre-run-warm-up", "Pre-run hip flexor warm-up"),
    ("desk-break", "Desk break"),
    ("stretch-and-strengthen", "Stretch and strengthen"),
    ("thomas-test", "Thomas self-test"),
    ("evening-stretch", "Evening stretch"),
]
STEPS = ["Leg swings", "Half-kneeling stretch", "Knee drive", "Lunges", "Bridge"]
ANSWERS = ["No, it stayed flat", "A little", "Clearly"]


def generate(home: Path, count: int, seed: int = 7) -> None:
    """``count`` sessions spread over the last years, written in one transaction."""
    rng = random.Random(seed)
    log = open_log(Locations(home, home))
    today = date.today()
    span_days = max(1, count // 60)  # about 60 sessions a day: a dense, worst-case log
    sessions, intervals, answers, tightness = [], [], [], []
    offset = 3600
    for number in range(count):
        session_id = str(uuid.UUID(int=rng.getrandbits(128), version=4))
        slug, name = ROUTINES[number % len(ROUTINES)]
        day = today - timedelta(days=rng.randrange(span_days))
        started = datetime(day.year, day.month, day.day, 6, 0, tzinfo=UTC) + timedelta(
            seconds=rng.randrange(14 * 3600)
        )
        status = rng.choices(["completed", "abandoned", "interrupted"], [90, 8, 2])[0]
        active = left = right = 0.0
        done = exercises = 0
        n_intervals = rng.randint(12, 18)
        for seq in range(1, n_intervals + 1):
            kind = "work" if seq % 3 else ("get_ready" if seq % 2 else "switch")
            side = None if seq < 3 else ("left" if seq % 2 else "right")
            planned = float(rng.choice([5, 30, 40, 45]))
            actual = planned if rng.random() > 0.05 else planned / 2
            skipped = 1 if actual < planned else 0
            step = STEPS[seq % len(STEPS)]
            if kind == "work":
                exercises += 1
                done += 1 - skipped
                if side == "left":
                    left += actual
                elif side == "right":
                    right += actual
            intervals.append(
                (
                    session_id,
                    seq,
                    seq - 1,
                    str(seq // 3 + 1),
                    step,
                    step,
                    kind,
                    side,
                    1,
                    1,
                    None,
                    planned,
                    actual,
                    skipped,
                    0.0,
                    active,
                )
            )
            active += actual
        if number % 3 == 0:
            for position, side in enumerate(("left", "right")):
                answers.append(
                    (
                        session_id,
                        n_intervals + 1 + position,
                        "9",
                        "Thomas test",
                        side,
                        "Does the other leg lift?",
                        rng.choice(ANSWERS),
                    )
                )
        if number % 4 == 0:
            tightness.append((session_id, "left", rng.randint(3, 8)))
            tightness.append((session_id, "right", rng.randint(1, 6)))
        ended = started + timedelta(seconds=active)
        sessions.append(
            (
                session_id,
                slug,
                name,
                "hash",
                utc_text(started),
                offset,
                (started + timedelta(seconds=offset)).date().isoformat(),
                utc_text(ended),
                utc_text(ended),
                status,
                active,
                active,
                n_intervals,
                exercises,
                done,
                1.0,
                "0.1.0",
                "left",
                None,
                left,
                right,
            )
        )
    with log.write() as conn:
        conn.executemany(
            "INSERT INTO sessions (id, routine_slug, routine_name, content_hash, started_utc, "
            "utc_offset, local_date, ended_utc, updated_utc, status, active_seconds, "
            "planned_seconds, planned_intervals, planned_exercises, done_exercises, "
            "time_scale, psoas_version, first_side, note, left_seconds, right_seconds) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            sessions,
        )
        conn.executemany(
            "INSERT INTO intervals (session_id, seq, position, step_number, step_name, label, "
            "kind, side, set_no, round_no, reps, planned_seconds, actual_seconds, skipped, "
            "extended_seconds, start_offset) VALUES "
            "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            intervals,
        )
        conn.executemany(
            "INSERT INTO answers (session_id, seq, step_number, step_name, side, question, "
            "answer) VALUES (?, ?, ?, ?, ?, ?, ?)",
            answers,
        )
        conn.executemany("INSERT INTO tightness VALUES (?, ?, ?)", tightness)
    log.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    log.conn.execute("ANALYZE")
    log.close()


class Child(NamedTuple):
    seconds: float
    peak_kib: int  # the child's own peak resident memory (ru_maxrss)


def run_child(args: list[str], env: dict[str, str]) -> Child:
    """Run ``args`` with its output thrown away; its wall time and its own peak memory."""
    started = time.perf_counter()
    process = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert process.stderr is not None
    errors = process.stderr.read()
    _pid, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    process.stderr.close()
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed: {errors.decode()[:500]}")
    return Child(elapsed, usage.ru_maxrss)


def paired_ratios(
    base: list[str], commands: list[list[str]], env: dict[str, str], runs: int
) -> tuple[float, list[tuple[float, float]]]:
    """Each command run right after the baseline, ``runs`` rounds (after a warm-up round).
    Returns the baseline's median seconds and, per command, (median seconds, median of the
    paired ratios command / baseline): a change in the machine's load moves both alike."""
    base_times: list[float] = []
    times: list[list[float]] = [[] for _ in commands]
    ratios: list[list[float]] = [[] for _ in commands]
    for round_no in range(runs + 1):
        for position, args in enumerate(commands):
            reference = run_child(base, env).seconds
            elapsed = run_child(args, env).seconds
            if round_no:
                base_times.append(reference)
                times[position].append(elapsed)
                ratios[position].append(elapsed / reference)
    return statistics.median(base_times), [
        (statistics.median(t), statistics.median(r)) for t, r in zip(times, ratios, strict=True)
    ]


def data_work(home: Path, runs: int) -> tuple[float, float]:
    """The log's own share of `psoas stats` and `psoas log` (no start-up, no output)."""
    stats, page = [], []
    for _ in range(runs):
        started = time.perf_counter()
        with open_log(Locations(home, home)) as log:
            log.stats()
        stats.append(time.perf_counter() - started)
        started = time.perf_counter()
        with open_log(Locations(home, home)) as log:
            log.sessions(limit=20)
            log.count()
        page.append(time.perf_counter() - started)
    return statistics.median(stats), statistics.median(page)


def commit_latency(home: Path, samples: int = 300) -> tuple[float, float]:
    """Median and p99 seconds of the recorder handling one IntervalEnded (one commit)."""
    from psoas_tui.plan import build_plan
    from psoas_tui.routine.catalog import all_entries
    from psoas_tui.session import IntervalEnded, SessionStarted

    locations = Locations(home, home)
    routine = next(
        e.result.routine
        for e in all_entries(locations)
        if e.slug == "pre-run-warm-up" and e.result.routine
    )
    plan = build_plan(routine)
    log = open_log(locations)
    recorder = log.recorder(plan)
    recorder(SessionStarted(0.0, plan))
    times = []
    for number in range(samples):
        interval = plan.intervals[number % len(plan.intervals)]
        event = IntervalEnded(
            float(number),
            interval,
            started_at=float(number),
            actual=1.0,
            skipped=False,
            extended=0.0,
        )
        started = time.perf_counter()
        recorder(event)
        times.append(time.perf_counter() - started)
    assert recorder.failed is None, recorder.failed
    log.close()
    times.sort()
    return statistics.median(times), times[min(len(times) - 1, int(len(times) * 0.99))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=100_000)
    parser.add_argument(
        "--home", type=Path, help="time an existing PSOAS_HOME (skips generating one)"
    )
    parser.add_argument(
        "--source", type=Path, help="time the psoas package in this folder (python -m)"
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="only the ratios and the memory (no export, import, commit)",
    )
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="psoas-bench-history-"))
    try:
        home = args.home or root / "home"
        if args.home is None:
            started = time.perf_counter()
            generate(home, args.sessions)
            size = (home / "history.sqlite3").stat().st_size / 1e6
            print(
                f"generated {args.sessions} sessions in {time.perf_counter() - started:.1f} s "
                f"({size:.0f} MB)",
                flush=True,
            )
        env = {**os.environ, "PSOAS_HOME": str(home), "COLUMNS": "120"}
        env.pop("PSOAS_TIME_SCALE", None)
        # Time psoas as installed on a user's machine, with its bytecode cached: a shell
        # that sets PYTHONDONTWRITEBYTECODE would have every run compile psoas afresh.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        psoas = PSOAS
        if args.source is not None:
            env["PYTHONPATH"] = str(args.source.resolve())
            psoas = [sys.executable, "-m", "psoas_tui"]
        timed_commands = [("stats", "psoas stats"), ("stats --json", "psoas stats --json")]
        timed_commands.append(("log", "psoas log (first page)"))
        base, results = paired_ratios(
            [*psoas, "--version"],
            [[*psoas, *command.split()] for command, _label in timed_commands],
            env,
            args.runs,
        )
        print(f"baseline psoas --version: {base * 1000:.0f} ms (median of {args.runs})")
        for (_command, label), (value, ratio) in zip(timed_commands, results, strict=True):
            verdict = "ok" if ratio <= 1.5 else "OVER TARGET"
            print(
                f"{label}: {value * 1000:.0f} ms, median paired ratio {ratio:.2f}x baseline "
                f"(target <= 1.5x: {verdict})"
            )
        in_process = data_work(home, args.runs)
        print(
            f"in-process at this size: open_log + stats() {in_process[0] * 1000:.1f} ms, "
            f"open_log + first page of sessions() + count() {in_process[1] * 1000:.1f} ms"
        )
        page = run_child([*psoas, "log"], env)
        print(f"peak memory of psoas log (first page): {page.peak_kib / 1024:.1f} MB")
        for command in (
            "log --json",
            "log --csv",
            "log --jsonl",
            "export",
            "export --json",
            "export --csv",
        ):
            try:
                child = run_child([*psoas, *command.split()], env)
            except SystemExit as error:  # an older psoas without `export`
                print(f"psoas {command}: not run ({str(error)[:80]})")
                continue
            ratio = child.peak_kib / page.peak_kib
            verdict = "ok" if ratio <= 1.5 else "OVER TARGET"
            print(
                f"psoas {command}: {child.seconds:.1f} s, peak {child.peak_kib / 1024:.1f} MB "
                f"= {ratio:.2f}x psoas log's (target <= 1.5x: {verdict})",
                flush=True,
            )
        if args.quick:
            return 0

        export = root / "export.jsonl"
        started = time.perf_counter()
        with open(export, "wb") as handle:
            subprocess.run([*psoas, "log", "--jsonl"], env=env, stdout=handle, check=True)
        export_s = time.perf_counter() - started
        lines = export.read_bytes().count(b"\n")
        print(
            f"export (JSONL): {lines} sessions in {export_s:.1f} s = "
            f"{lines / export_s:,.0f} sessions/s ({export.stat().st_size / 1e6:.0f} MB)"
        )
        empty = root / "empty"
        started = time.perf_counter()
        subprocess.run(
            [*psoas, "import", str(export)],
            env={**env, "PSOAS_HOME": str(empty)},
            check=True,
            stdout=subprocess.DEVNULL,
        )
        import_s = time.perf_counter() - started
        print(
            f"import into an empty home: {lines} sessions in {import_s:.1f} s = "
            f"{lines / import_s:,.0f} sessions/s"
        )
        again = subprocess.run(
            [*psoas, "import", str(export)],
            env={**env, "PSOAS_HOME": str(empty)},
            check=True,
            capture_output=True,
            text=True,
        )
        print(f"import again: {again.stdout.strip().split(': ', 1)[-1]}")

        median, p99 = commit_latency(root / "commit")
        print(
            f"per-interval commit (synchronous=FULL): median {median * 1000:.2f} ms, "
            f"p99 {p99 * 1000:.2f} ms"
        )
    finally:
        shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
