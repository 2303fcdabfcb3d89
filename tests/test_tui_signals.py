"""SIGTERM and SIGHUP to the real ``psoas`` on a pseudo-terminal, mid-session: the session
is logged as abandoned at once (a real SQLite log) and the terminal is given back."""

from __future__ import annotations

import fcntl
import os
import pty
import select
import signal
import sqlite3
import struct
import subprocess
import termios
import time
from pathlib import Path

import pytest
from conftest import PSOAS

LEAVE_ALTERNATE_SCREEN = b"\x1b[?1049l"


def read_until(master: int, output: bytearray, test: object, timeout: float = 30.0) -> None:
    """Read the terminal into ``output`` until ``test(output)`` holds (or EOF)."""
    deadline = time.monotonic() + timeout
    while not test(output):  # type: ignore[operator]
        left = deadline - time.monotonic()
        assert left > 0, f"timed out; the terminal got:\n{bytes(output[-2000:])!r}"
        ready, _, _ = select.select([master], [], [], min(left, 0.2))
        if ready:
            try:
                chunk = os.read(master, 65536)
            except OSError:
                return
            if not chunk:
                return
            output.extend(chunk)


def statuses(log: Path) -> list[str]:
    if not log.exists():
        return []
    with sqlite3.connect(log) as db:
        return [row[0] for row in db.execute("SELECT status FROM sessions")]


@pytest.mark.parametrize("number", [signal.SIGTERM, signal.SIGHUP])
def test_a_signal_mid_session_logs_it_abandoned_and_restores_the_terminal(
    number: int, psoas_env: dict[str, str], isolated_home: Path
) -> None:
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    log = isolated_home / "history.sqlite3"
    output = bytearray()
    try:
        child = subprocess.Popen(
            [PSOAS, "run", "desk-break", "--mute"],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env={**psoas_env, "TERM": "xterm-256color", "PSOAS_TIME_SCALE": "1"},
            start_new_session=True,
        )
        os.close(slave)
        read_until(master, output, lambda out: b"Next:" in out)
        # The session's row is written as it starts.
        read_until(master, output, lambda out: statuses(log) == ["running"])
        signalled_at = len(output)
        child.send_signal(number)
        read_until(master, output, lambda out: False)  # to the end of the output
        assert child.wait(timeout=20) == 128 + number
    finally:
        os.close(master)
    assert statuses(log) == ["abandoned"]
    after = bytes(output[signalled_at:])
    assert b"Traceback" not in after and b"internal error" not in after
    # Out of the alternate screen (no `reset` needed): the last switch is the way out.
    assert output.rfind(LEAVE_ALTERNATE_SCREEN) > output.rfind(b"\x1b[?1049h")
