"""The plain runner: the printer, the drive loop under a fake clock, the real command."""

from __future__ import annotations

import io
import json
import os
import re
import signal
import subprocess
import time
from pathlib import Path

import pytest

from psoas_tui.plain import apply_key, drive
from psoas_tui.plain.printer import PlainPrinter
from psoas_tui.plain.terminal import Signals, keys_of
from psoas_tui.routine.model import Step, StepKind
from psoas_tui.session import Event, IntervalEnded, Paused, Session, State
from psoas_tui.text.durations import clock, elapsed
from tests.conftest import PSOAS
from tests.test_session_support import FakeClock, check, plan_of, reps, side_step, timed

T0 = 100.0


def fake_run(*steps: Step, keyboard: int | None = None) -> tuple[str, list[Event], FakeClock]:
    """Drive a session with no keyboard; sleeping moves the fake clock."""
    clock = FakeClock(T0)
    plan = plan_of(*steps)
    session = Session(plan, clock, suspend_gap=5.0)
    out = io.StringIO()
    session.subscribe(PlainPrinter(out, keys=False))
    events: list[Event] = []
    lateness: list[float] = []

    def record(event: Event) -> None:
        events.append(event)
        lateness.append(clock.now - event.due)

    session.subscribe(record)
    session.start()
    drive(session, keyboard=keyboard, scale=1.0, sleep=clock.advance)
    assert max(lateness) < 1e-6  # the loop slept exactly until each due event
    return out.getvalue(), events, clock


def test_drive_sleeps_exactly_until_each_event_and_finishes_on_time() -> None:
    text, _, clock = fake_run(timed(duration=40, get_ready=5), reps(count=3, tempo=2))
    assert clock.now == pytest.approx(T0 + 5 + 40 + 6)
    assert text.splitlines() == [
        "[ 0:00] Get ready: Hold · 0:05",
        "  3 2 1",
        "[ 0:05] Hold · 0:40",
        "  halfway 3 2 1",
        "[ 0:45] Lunge · 3 reps @ 2 s · 0:06",
        "  rep 1 2 3",
    ]


def test_without_a_keyboard_checks_go_unanswered_and_untimed_reps_are_not_awaited() -> None:
    text, events, _ = fake_run(check(), reps(count=10, tempo=None), timed(duration=5))
    ended = [e for e in events if isinstance(e, IntervalEnded)]
    assert [e.answer for e in ended] == [None, None, None]
    assert "How did the hip feel?" in text and "1  fine" in text and "2  tight" in text
    assert "unanswered" in text
    assert "not waited for without a keyboard" in text


def test_per_side_lines_name_the_side() -> None:
    text, _, _ = fake_run(side_step(duration=20))
    lines = [line for line in text.splitlines() if line.startswith("[")]
    assert lines == [
        "[ 0:00] Stretch · LEFT · 0:20",
        "[ 0:20] Switch sides · RIGHT · 0:05",
        "[ 0:25] Stretch · RIGHT · 0:20",
    ]


def test_untrusted_routine_text_is_printed_as_plain_text() -> None:
    evil = Step(
        name="\x1b[31mRed\x1b]0;title\x07 [bold]x[/bold]",
        kind=StepKind.CHECK,
        question="Q\x1b[2J?",
        answers=("a\x9b1m", "b"),
        get_ready=0,
    )
    text, _, _ = fake_run(evil)
    assert "\x1b" not in text and "\x9b" not in text and "\x07" not in text
    assert "[bold]x[/bold]" in text  # shown as it is, never as markup


def test_a_stop_and_continue_pauses_and_without_keys_goes_straight_on() -> None:
    clock = FakeClock(T0)
    plan = plan_of(timed(duration=20))
    session = Session(plan, clock, suspend_gap=5.0)
    out = io.StringIO()
    session.subscribe(PlainPrinter(out, keys=False))
    events: list[Event] = []
    session.subscribe(events.append)
    signals = Signals(clock, None)  # not installed: the test sets its flags by hand
    session.start()
    clock.advance(4)
    session.tick()
    signals.stopped_at = clock.now + 1  # Ctrl-Z a second after the last tick ...
    signals.continued = True
    clock.advance(600)  # ... and fg ten minutes later
    drive(session, keyboard=None, scale=1.0, signals=signals, sleep=clock.advance)
    paused = [e for e in events if isinstance(e, Paused)]
    assert [(p.reason, p.due) for p in paused] == [("suspend", T0 + 5)]
    assert session.state is State.FINISHED and session.status().active == pytest.approx(20)
    assert "paused: time stopped" in out.getvalue() and "resumed" in out.getvalue()


def test_an_interrupt_flag_stops_the_loop_at_a_safe_point() -> None:
    clock = FakeClock(T0)
    session = Session(plan_of(timed(duration=20)), clock)
    signals = Signals(clock, None)
    session.start()
    signals.interrupted = True
    with pytest.raises(KeyboardInterrupt):
        drive(session, keyboard=None, scale=1.0, signals=signals, sleep=clock.advance)
    assert session.state is State.RUNNING  # run_plain then quits it


@pytest.mark.parametrize(
    "key, expect",
    [
        (" ", "paused"),
        ("p", "paused"),
        ("b", "paused"),  # a presenter clicker's "blank the screen" keys pause
        (".", "paused"),
        ("n", "skipped"),
        ("pagedown", "skipped"),  # a clicker's next
        ("right", "skipped"),
        ("pageup", "back"),  # a clicker's previous
        ("left", "back"),
        ("r", "restarted"),
        ("+", "extended"),
        ("q", "abandoned"),
        ("x", "nothing"),
    ],
)
def test_each_key_reaches_its_control(key: str, expect: str) -> None:
    clock = FakeClock(T0)
    session = Session(plan_of(timed("One", duration=20), timed("Two", duration=20)), clock)
    events: list[Event] = []
    session.subscribe(events.append)
    session.start()
    clock.advance(25)
    session.tick()  # now 5 s into "Two"
    before = len(events)
    apply_key(session, key)
    new = [type(e).__name__ for e in events[before:]]
    status = session.status()
    if expect == "paused":
        assert session.state is State.PAUSED
    elif expect == "skipped":
        assert new == ["IntervalEnded", "SessionFinished"]
    elif expect == "back":
        assert session.current is not None and session.current.step_name == "One"
    elif expect == "restarted":
        assert new == ["IntervalStarted"] and status.remaining == pytest.approx(20)
    elif expect == "extended":
        assert status.remaining == pytest.approx(25)
    elif expect == "abandoned":
        assert session.state is State.ABANDONED
    else:
        assert new == [] and status.remaining == pytest.approx(15)


def test_digits_answer_a_check_and_d_marks_reps_done() -> None:
    clock = FakeClock(T0)
    session = Session(plan_of(check(), reps(tempo=None), timed(duration=5)), clock)
    events: list[Event] = []
    session.subscribe(events.append)
    session.start()
    apply_key(session, "0")  # no answer 0: ignored
    apply_key(session, "2")
    apply_key(session, "d")
    ended = [e for e in events if isinstance(e, IntervalEnded)]
    assert [(e.answer, e.skipped) for e in ended] == [("tight", False), (None, False)]


def test_scaled_clock_runs_faster_and_base_clock_counts_through_suspend() -> None:
    import time

    from psoas_tui import timebase

    base = timebase.base_clock()
    fast = timebase.scaled_clock(100.0)
    a, fa = base(), fast()
    time.sleep(0.02)
    b, fb = base(), fast()
    assert b > a and fb - fa > (b - a) * 50
    if hasattr(time, "CLOCK_BOOTTIME"):
        boot = time.clock_gettime(time.CLOCK_BOOTTIME)
        assert abs(base() - boot) < 1.0  # the boot clock, not the monotonic one


# -- the real command ---------------------------------------------------------------------


def run_command(
    args: list[str], env: dict[str, str], scale: int = 200
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [PSOAS, *args],
        env={**env, "PSOAS_TIME_SCALE": str(scale)},
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
    )


def expected_line(interval: dict[str, object]) -> str:
    label = str(interval["label"])
    if interval["kind"] == "get_ready":
        label = f"Get ready: {interval['step']}"
    side = f" · {str(interval['side']).upper()}" if interval["side"] else ""
    return label + side


@pytest.mark.slow
def test_psoas_run_plain_shows_every_interval_of_psoas_show_in_order(
    psoas_env: dict[str, str],
) -> None:
    shown = subprocess.run(
        [PSOAS, "show", "pre-run-warm-up", "--json"],
        env=psoas_env,
        capture_output=True,
        text=True,
        check=True,
    )
    intervals = json.loads(shown.stdout)["intervals"]
    result = run_command(["run", "pre-run-warm-up", "--plain"], psoas_env, scale=400)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Pre-run hip flexor warm-up · ")
    assert "time scale: 400x faster" in lines[0]
    starts = [line for line in lines if line.startswith("[")]
    assert len(starts) == len(intervals)
    for line, interval in zip(starts, intervals, strict=True):
        stamp = elapsed(float(interval["start"]))
        assert line.startswith(f"[{stamp:>5}] {expected_line(interval)} · "), (line, interval)
    total = clock(json.loads(shown.stdout)["total_seconds"])
    assert lines[-1] == f"Done. Active time {total} (planned {total})."
    assert len(lines) < 3 * len(intervals)  # sparse: no line per second


ROUTINE = """
name = "Key test"

[[steps]]
name = "Long hold"
kind = "timed"
duration = 60
get_ready = 0

[[steps]]
name = "Second hold"
kind = "timed"
duration = 60
get_ready = 0

[[steps]]
name = "Feel"
kind = "check"
question = "How was it?"
answers = ["fine", "tight"]
get_ready = 0
"""


@pytest.fixture
def routine_file(tmp_path: Path) -> Path:
    path = tmp_path / "key-test.toml"
    path.write_text(ROUTINE, encoding="utf-8")
    return path


def test_psoas_run_plain_without_a_terminal_logs_the_check_unanswered(
    psoas_env: dict[str, str], routine_file: Path
) -> None:
    result = run_command(["run", str(routine_file), "--plain"], psoas_env, scale=400)
    assert result.returncode == 0, result.stderr
    assert "How was it?" in result.stdout and "unanswered" in result.stdout
    # the check ends as soon as the loop sees it: a few real milliseconds, times 400
    footer = re.fullmatch(
        r"Done\. Active time 2:(\d\d) \(planned 2:00\)\.", result.stdout.splitlines()[-1]
    )
    assert footer is not None and int(footer.group(1)) < 20


@pytest.mark.parametrize(
    "signum, code", [(signal.SIGINT, 130), (signal.SIGTERM, 143), (signal.SIGHUP, 129)]
)
def test_a_signal_without_a_terminal_abandons_the_session(
    psoas_env: dict[str, str], routine_file: Path, signum: int, code: int
) -> None:
    process = subprocess.Popen(
        [PSOAS, "run", str(routine_file), "--plain"],
        env={**psoas_env, "PSOAS_TIME_SCALE": "5"},
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    assert process.stdout.readline().startswith("Key test · ")
    assert process.stdout.readline().startswith("[ 0:00] Long hold")
    process.send_signal(signum)
    out, err = process.communicate(timeout=10)
    assert process.returncode == code, err
    assert out.splitlines()[-1].startswith("Stopped. Active time 0:")
    assert "Traceback" not in err


def test_a_reader_that_goes_away_ends_the_run_quietly(
    psoas_env: dict[str, str], routine_file: Path
) -> None:
    process = subprocess.Popen(
        [PSOAS, "run", str(routine_file), "--plain"],
        env={**psoas_env, "PSOAS_TIME_SCALE": "40"},
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.readline()
    process.stdout.close()  # like `| head -1`
    assert process.wait(timeout=10) == 0
    assert process.stderr.read() == b""


@pytest.mark.parametrize(
    "sent, keys",
    [
        ("\x1b[B", []),  # down arrow: not "b" (pause)
        ("\x1b[D", ["left"]),  # left arrow: back, not "d" (done)
        ("\x1bOP n", [" ", "n"]),  # F1, then space and n
        ("\x1b[1;5A+", ["+"]),
        ("\x1b", []),
        ("q", ["q"]),
        ("\x1b[6~\x1b[5~b.", ["pagedown", "pageup", "b", "."]),  # a presenter clicker
    ],
)
def test_escape_sequences_are_not_read_as_keys(sent: str, keys: list[str]) -> None:
    assert keys_of(sent) == keys


# -- answers piped in ---------------------------------------------------------------------


def run_piped(
    args: list[str], env: dict[str, str], text: str, scale: int = 200
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [PSOAS, *args, "--plain", "--mute"],
        env={**env, "PSOAS_TIME_SCALE": str(scale)},
        input=text,
        capture_output=True,
        text=True,
        timeout=60,
    )


def logged_answers(env: dict[str, str]) -> list[tuple[str | None, str | None]]:
    shown = subprocess.run(
        [PSOAS, "log", "--json"], env=env, capture_output=True, text=True, check=True
    )
    (session,) = json.loads(shown.stdout)
    return [(a["side"], a["answer"]) for a in session["answers"]]


def test_piped_lines_answer_the_three_questions_of_the_thomas_test(
    psoas_env: dict[str, str],
) -> None:
    result = run_piped(["run", "thomas-test"], psoas_env, "1\n2\n1\n")
    assert result.returncode == 0, result.stderr
    assert "answer with a line: its number" in result.stdout
    assert "answer: No, it stayed flat" in result.stdout
    assert "answer: A little" in result.stdout
    assert "unanswered" not in result.stdout
    # the summary: what was answered per side; answering is not active time
    assert result.stdout.splitlines()[-2:] == [
        "Left side: No, it stayed flat · Right side: A little",
        "Done. Active time 0:15 (planned 0:15).",
    ]
    assert logged_answers(psoas_env) == [
        ("left", "No, it stayed flat"),
        ("right", "A little"),
        (None, "No"),
    ]


def test_at_the_end_of_piped_input_the_rest_go_unanswered(psoas_env: dict[str, str]) -> None:
    result = run_piped(["run", "thomas-test"], psoas_env, "3")  # no newline at the end
    assert result.returncode == 0, result.stderr
    assert logged_answers(psoas_env) == [("left", "Clearly"), ("right", None), (None, None)]
    assert result.stdout.splitlines().count("      unanswered") == 2


SETS_ROUTINE = """
name = "Pipe test"

[[steps]]
name = "Squats"
kind = "reps"
reps = 10
get_ready = 0

[[steps]]
name = "Feel"
kind = "check"
question = "How was it?"
answers = ["fine", "tight"]

[[steps]]
name = "Bridges"
kind = "reps"
reps = 8
get_ready = 0

[[steps]]
name = "Lunges"
kind = "reps"
reps = 8
get_ready = 0
"""


def test_piped_lines_end_sets_and_anything_else_is_reported_and_unanswered(
    psoas_env: dict[str, str], tmp_path: Path
) -> None:
    path = tmp_path / "pipe-test.toml"
    path.write_text(SETS_ROUTINE, encoding="utf-8")
    result = run_piped(["run", str(path)], psoas_env, "\n3\nD\nnope\x1b[2J\n")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "      send an empty line or d when the set is done" in lines
    assert '      "3" is not an answer: give a number from 1 to 2' in lines
    assert "      unanswered" in lines
    assert '      "nope[2J": an empty line or d ends the set' in lines  # no escape reaches us
    skipped = [line for line in lines if "skipped after" in line]
    assert len(skipped) == 1  # Lunges; Squats and Bridges were done
    shown = subprocess.run(
        [PSOAS, "log", "--json"], env=psoas_env, capture_output=True, text=True, check=True
    )
    (session,) = json.loads(shown.stdout)
    assert session["answers"][0]["answer"] is None


@pytest.mark.slow
def test_an_open_pipe_that_sends_nothing_waits_a_minute_per_question(
    psoas_env: dict[str, str],
) -> None:
    # 60 routine seconds: a minute at the real pace, 0.5 s here at 120x.
    process = subprocess.Popen(
        [PSOAS, "run", "thomas-test", "--plain", "--mute"],
        env={**psoas_env, "PSOAS_TIME_SCALE": "120"},
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        code = process.wait(timeout=30)  # with its input still open
    finally:
        process.kill()
    assert process.stdin is not None and process.stdout is not None
    process.stdin.close()
    output = process.stdout.read()
    assert code == 0
    assert output.count("no answer within 1 min") == 3
    assert output.count("      unanswered") == 3
    assert logged_answers(psoas_env) == [("left", None), ("right", None), (None, None)]


def test_an_over_long_piped_line_is_reported_without_being_kept() -> None:
    from psoas_tui.plain.answers import LINE_LIMIT, PipedAnswers

    read, write = os.pipe()
    said: list[str] = []
    answers = PipedAnswers(read, said.append)
    clock = FakeClock(T0)
    session = Session(plan_of(check(), check()), clock)
    session.start()
    try:
        os.write(write, b"x" * 3000 + b"\n2\n")
        os.close(write)
        while not answers.ended:
            answers.read()
            assert len(answers._buffer) <= LINE_LIMIT + 4096
        assert session.current is not None and answers.act(session, session.current, T0)
        assert session.current is not None and answers.act(session, session.current, T0)
    finally:
        os.close(read)
    assert said == [f"a line over {LINE_LIMIT} bytes is not an answer: give a number from 1 to 2"]
    assert session.answers == {0: None, 1: "tight"}


def test_a_session_killed_after_a_question_logs_no_waiting_as_active(
    psoas_env: dict[str, str], tmp_path: Path
) -> None:
    path = tmp_path / "wait-test.toml"
    path.write_text(
        'name = "Wait test"\n\n[[steps]]\nname = "Ready?"\nkind = "check"\n'
        'question = "Ready?"\nanswers = ["yes", "no"]\n\n'
        '[[steps]]\nname = "Long hold"\nduration = 3600\nget_ready = 0\n',
        encoding="utf-8",
    )
    process = subprocess.Popen(
        [PSOAS, "run", str(path), "--plain", "--mute"],
        env={**psoas_env, "PSOAS_TIME_SCALE": "20"},
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdin is not None and process.stdout is not None
    try:
        for line in process.stdout:
            if line.startswith("        2  no"):
                break
        time.sleep(0.5)  # ten routine seconds spent on the question
        process.stdin.write("1\n")
        process.stdin.flush()
        for line in process.stdout:
            if "Long hold" in line:
                break
        process.kill()  # no chance to finish: the log has what each interval added
        process.wait(timeout=10)
    finally:
        process.kill()
        process.stdin.close()
        process.stdout.close()
    shown = subprocess.run(
        [PSOAS, "log", "--json"], env=psoas_env, capture_output=True, text=True, check=True
    )
    (session,) = json.loads(shown.stdout)
    assert session["answers"][0]["answer"] == "yes"
    assert session["active_seconds"] == 0.0
