"""``psoas run --plain`` on a real pseudo-terminal: keys, Ctrl-C, Ctrl-Z and fg."""

from __future__ import annotations

import fcntl
import os
import re
import select
import signal
import subprocess
import termios
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import PSOAS

ROUTINE = """
name = "Pty test"

[[steps]]
name = "First hold"
kind = "timed"
duration = 120
get_ready = 0

[[steps]]
name = "Second hold"
kind = "timed"
duration = 120
get_ready = 0

[[steps]]
name = "Third hold"
kind = "timed"
duration = 120
get_ready = 0
"""


class Pty:
    """A child process on a pseudo-terminal, and what it has written so far."""

    def __init__(self, args: list[str], env: dict[str, str], *, controlling: bool) -> None:
        self.master, self.slave = os.openpty()
        self.output = ""

        def make_controlling() -> None:
            fcntl.ioctl(0, termios.TIOCSCTTY, 0)

        self.process = subprocess.Popen(
            args,
            env=env,
            stdin=self.slave,
            stdout=self.slave,
            stderr=self.slave,
            # Either its own session with the pty as its terminal (so Ctrl-C typed on the
            # pty reaches it), or its own process group in ours (so it can really stop).
            start_new_session=controlling,
            process_group=None if controlling else 0,
            preexec_fn=make_controlling if controlling else None,
        )

    def send(self, data: bytes) -> None:
        os.write(self.master, data)

    def expect(self, text: str, timeout: float = 8.0, *, count: int = 1) -> str:
        deadline = time.monotonic() + timeout
        while self.output.count(text) < count:
            left = deadline - time.monotonic()
            assert left > 0, f"{text!r} never came; output so far:\n{self.output}"
            ready, _, _ = select.select([self.master], [], [], left)
            if ready:
                try:
                    chunk = os.read(self.master, 4096)
                except OSError:
                    chunk = b""
                assert chunk, f"{text!r} never came; output so far:\n{self.output}"
                self.output += chunk.decode("utf-8", "replace")
        return self.output

    def finish(self, timeout: float = 8.0) -> int:
        code = self.process.wait(timeout=timeout)
        with_rest = select.select([self.master], [], [], 0.2)[0]
        while with_rest:
            try:
                chunk = os.read(self.master, 4096)
            except OSError:
                break
            if not chunk:
                break
            self.output += chunk.decode("utf-8", "replace")
            with_rest = select.select([self.master], [], [], 0.1)[0]
        return code

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        os.close(self.master)
        os.close(self.slave)


@pytest.fixture
def start(psoas_env: dict[str, str], tmp_path: Path) -> Iterator:  # type: ignore[type-arg]
    path = tmp_path / "pty-test.toml"
    path.write_text(ROUTINE, encoding="utf-8")
    started: list[Pty] = []

    def spawn(*, controlling: bool = True) -> Pty:
        env = {**psoas_env, "PSOAS_TIME_SCALE": "20", "TERM": "xterm"}
        pty = Pty([PSOAS, "run", str(path), "--plain"], env, controlling=controlling)
        started.append(pty)
        return pty

    yield spawn
    for pty in started:
        pty.close()


def cbreak(fd: int) -> bool:
    lflag = termios.tcgetattr(fd)[3]
    return not lflag & termios.ICANON and not lflag & termios.ECHO


def test_keys_pause_resume_skip_and_quit(start) -> None:  # type: ignore[no-untyped-def]
    pty = start()
    pty.expect("First hold")
    assert "keys: space/b/. pause · n/PgDn/→ skip · PgUp/← back" in pty.output
    assert cbreak(pty.slave)
    pty.send(b" ")
    pty.expect("paused (press space to go on)")
    pty.send(b" ")
    pty.expect("resumed")
    pty.send(b"n")
    pty.expect("Second hold")
    assert "skipped after" in pty.output
    pty.send(b"q")
    assert pty.finish() == 0
    assert "Stopped. Active time" in pty.output
    assert not cbreak(pty.slave)  # the terminal is as it was


def test_a_presenter_clickers_keys_skip_go_back_and_pause(start) -> None:  # type: ignore[no-untyped-def]
    pty = start()
    pty.expect("First hold")
    pty.send(b"\x1b[6~")  # PageDown: the clicker's next
    pty.expect("Second hold")
    pty.send(b"\x1b[5~")  # PageUp: the clicker's previous
    pty.expect("First hold", count=2)
    pty.send(b"b")  # the clicker's "blank the screen": pause
    pty.expect("paused (press space to go on)")
    pty.send(b".")  # the other blank key: go on
    pty.expect("resumed")
    pty.send(b"q")
    assert pty.finish() == 0


def test_ctrl_c_abandons_with_exit_130(start) -> None:  # type: ignore[no-untyped-def]
    pty = start()
    pty.expect("First hold")
    pty.send(b"\x03")
    assert pty.finish() == 130
    assert "Stopped. Active time" in pty.output
    assert "Traceback" not in pty.output
    assert not cbreak(pty.slave)


def test_ctrl_z_restores_the_terminal_and_fg_comes_back_paused(start) -> None:  # type: ignore[no-untyped-def]
    pty = start(controlling=False)
    pty.expect("First hold")
    assert cbreak(pty.slave)
    pty.process.send_signal(signal.SIGTSTP)  # what Ctrl-Z sends
    deadline = time.monotonic() + 5
    state = ""
    while time.monotonic() < deadline:
        state = Path(f"/proc/{pty.process.pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        if state == "T":
            break
        time.sleep(0.02)
    assert state == "T", "the runner did not stop"
    assert not cbreak(pty.slave)  # the shell gets its terminal back as it was
    time.sleep(0.3)  # stopped for six routine seconds at this scale
    pty.process.send_signal(signal.SIGCONT)  # what fg sends
    pty.expect("paused: time stopped")
    assert cbreak(pty.slave)
    pty.send(b" ")
    pty.expect("resumed")
    pty.send(b"q")
    assert pty.finish() == 0
    assert "Stopped. Active time" in pty.output


def wait_for_state(pid: int, wanted: str) -> None:
    deadline = time.monotonic() + 5
    state = ""
    while time.monotonic() < deadline:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        if state == wanted:
            return
        time.sleep(0.01)
    raise AssertionError(f"process state {state!r}, expected {wanted!r}")


def active_seconds(output: str) -> int:
    found = re.search(r"Active time (?:(\d+):)?(\d+):(\d+)", output)
    assert found, output
    hours, minutes, seconds = (int(part or 0) for part in found.groups())
    return hours * 3600 + minutes * 60 + seconds


@pytest.mark.parametrize("stop", [signal.SIGTSTP, signal.SIGSTOP], ids=["SIGTSTP", "SIGSTOP"])
def test_a_short_stop_pauses_on_fg_and_counts_none_of_the_stopped_time(start, stop) -> None:  # type: ignore[no-untyped-def]
    # Stopped for under the 5 real seconds that mean "the machine slept": before, the
    # runner ran on through the stopped time (logging it as exercise) and paused only after.
    spawned = time.monotonic()
    pty = start(controlling=False)
    pty.expect("First hold")
    pty.process.send_signal(stop)
    wait_for_state(pty.process.pid, "T")
    stopped = time.monotonic()
    # Stopped longer than it ran, so that counting the stop could not go unnoticed.
    time.sleep(min(4.0, max(1.0, stopped - spawned + 0.5)))
    pty.process.send_signal(signal.SIGCONT)
    continued = time.monotonic()
    pty.expect("paused: time stopped")
    pty.send(b"q")
    assert pty.finish() == 0
    active = active_seconds(pty.output)  # routine seconds, 20 to a real second
    assert active <= (stopped - spawned) * 20 + 1, pty.output
    assert active < (continued - stopped) * 20, pty.output
    assert "Second hold" not in pty.output
