"""End to end: the real ``psoas`` in a real terminal (tmux), driven by keys, then the log.

A private tmux server (its own socket) runs ``psoas`` with a temporary PSOAS_HOME and HOME
and PSOAS_TIME_SCALE=20, so the three-minute desk break takes nine seconds.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from conftest import PSOAS

pytestmark = pytest.mark.slow

SCALE = 20


class Terminal:
    """One tmux window on a private server: send keys, read the screen."""

    def __init__(self, socket: str) -> None:
        self.socket = socket

    def tmux(self, *args: str) -> str:
        done = subprocess.run(
            ["tmux", "-L", self.socket, *args], capture_output=True, text=True, timeout=10
        )
        return done.stdout

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", "e2e")

    def press(self, *keys: str) -> None:
        for key in keys:
            self.tmux("send-keys", "-t", "e2e", key)
            time.sleep(0.15)

    def type(self, text: str) -> None:
        """Type ``text`` (``send-keys -l``: each character a key, sent at once)."""
        self.tmux("send-keys", "-t", "e2e", "-l", text)
        time.sleep(0.15)

    def wait_for(self, test: Callable[[str], bool], what: str, timeout: float = 20.0) -> str:
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if test(screen):
                return screen
            time.sleep(0.1)
        raise AssertionError(f"timed out waiting for {what}; the screen shows:\n{screen}")

    def wait_text(self, text: str, timeout: float = 20.0) -> str:
        return self.wait_for(lambda screen: text in screen, repr(text), timeout)


@pytest.fixture
def language() -> str:
    """The ``language`` setting the run starts with ("": none, English here)."""
    return ""


@pytest.fixture
def arguments() -> tuple[str, ...]:
    """What ``psoas`` is run with (none: home)."""
    return ()


@pytest.fixture
def terminal(
    tmp_path: Path, psoas_env: dict[str, str], language: str, arguments: tuple[str, ...]
) -> Iterator[tuple[Terminal, Path]]:
    if shutil.which("tmux") is None:
        pytest.fail("tmux is needed for the end-to-end test (apt-get install tmux)")
    if language:  # the way a user keeps a language: settings.toml (the palette writes it)
        settings = Path(psoas_env["PSOAS_HOME"]) / "settings.toml"
        settings.parent.mkdir(parents=True, exist_ok=True)
        settings.write_text(f'language = "{language}"\n', encoding="utf-8")
    socket = f"psoas-e2e-{os.getpid()}-{tmp_path.name}"
    term = Terminal(socket)
    status = tmp_path / "exit-status"
    env = {
        "PSOAS_HOME": psoas_env["PSOAS_HOME"],
        "HOME": psoas_env["HOME"],
        "PSOAS_TIME_SCALE": str(SCALE),
        "TERM": "xterm-256color",
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "LANG": "C.UTF-8",
        "PSOAS_SPEECH": "off",  # as every test that does not test speech (conftest)
    }
    assignments = " ".join(f"{key}={shlex.quote(value)}" for key, value in env.items())
    command = (
        f"env -i {assignments} {shlex.join([PSOAS, *arguments])} ; "
        f"echo $? > {shlex.quote(str(status))}; sleep 30"
    )
    subprocess.run(
        [
            "tmux",
            "-L",
            socket,
            "-f",
            "/dev/null",
            "new-session",
            "-d",
            "-s",
            "e2e",
            "-x",
            "100",
            "-y",
            "30",
            command,
        ],
        check=True,
        timeout=10,
    )
    try:
        yield term, status
    finally:
        subprocess.run(["tmux", "-L", socket, "kill-server"], capture_output=True, timeout=10)


def test_a_session_from_home_to_the_log(
    terminal: tuple[Terminal, Path], psoas_env: dict[str, str]
) -> None:
    term, status = terminal
    term.wait_text("Standing desk break")
    home = term.wait_text("never")  # the log is read just after the first frame
    assert "Last done" in home
    # The first row (desk-break) is selected: its detail pane shows its steps.
    term.wait_text("Split-stance lean")
    term.press("Enter")
    term.wait_text("Next:")  # the session screen
    # The large face: the remaining time in rows of full blocks, 45 % of the 30 rows.
    face = term.wait_for(
        lambda screen: sum("█" * 4 in line for line in screen.splitlines()) >= 14,
        "the clock in rows of block glyphs",
    )
    assert sum("█" in line for line in face.splitlines()) < 30  # the band and keys remain
    term.press("Space")
    paused = term.wait_text("PAUSED")
    assert "press space to go on" in paused
    time.sleep(0.5)
    assert "PAUSED" in term.screen()  # it stays paused while time passes
    term.press("Space")
    term.wait_for(lambda screen: "PAUSED" not in screen, "the pause to end")
    term.wait_text("WORK")
    term.press("n")  # skip "Stand up and march"
    term.wait_text("Split-stance lean")
    summary = term.wait_text("Done: Standing desk break", timeout=30)
    assert "skipped" in summary
    term.press("Escape")
    term.wait_text("today")  # home: the routine was done today
    term.press("q")
    deadline = time.monotonic() + 10
    while not status.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert status.read_text().strip() == "0"
    screen = term.screen()
    assert "Traceback" not in screen

    out = subprocess.run(
        [PSOAS, "log", "--json"], env=psoas_env, capture_output=True, text=True, timeout=30
    )
    assert out.returncode == 0, out.stderr
    sessions = json.loads(out.stdout)
    assert len(sessions) == 1
    session = sessions[0]
    assert session["routine_slug"] == "desk-break"
    assert session["status"] == "completed"
    assert session["time_scale"] == SCALE
    # Stand up and march (40 s) was skipped soon after it started.
    assert 100 <= session["active_seconds"] < 180
    assert session["completion"] < 1.0


@pytest.mark.parametrize("language", ["nl"])
def test_a_dutch_session_from_home_to_the_log(
    terminal: tuple[Terminal, Path], psoas_env: dict[str, str]
) -> None:
    """The same path in Dutch (``language = "nl"`` in settings.toml): Dutch keys and
    labels, the Dutch desk break started from the palette, paused, skipped, summed up."""
    term, status = terminal
    home = term.wait_text("Laatst gedaan")
    assert "Geschiedenis" in home and "Last done" not in home
    term.wait_text("Staande bureaupauze")
    term.press("C-p")
    term.wait_text("Zoek een opdracht")
    term.type("Staande bureaupauze")
    term.wait_text("Start: Staande bureaupauze")
    term.press("Enter")
    session = term.wait_text("Pauze")  # the session's key bar, in Dutch
    assert "Overslaan" in session
    term.press("Space")
    term.wait_text("Verder")  # paused: space resumes
    term.press("Space")
    term.wait_for(lambda screen: "Verder" not in screen, "the pause to end")
    term.press("n")  # skip "Opstaan en marcheren"
    summary = term.wait_text("Opslaan (ctrl+s)", timeout=30)
    assert "Hoe voelde het?" in summary
    term.press("Escape")
    term.wait_text("Laatst gedaan")
    term.press("q")
    deadline = time.monotonic() + 10
    while not status.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert status.read_text().strip() == "0"
    assert "Traceback" not in term.screen()
    out = subprocess.run(
        [PSOAS, "log", "--json"], env=psoas_env, capture_output=True, text=True, timeout=30
    )
    assert out.returncode == 0, out.stderr
    sessions = json.loads(out.stdout)
    assert [s["routine_slug"] for s in sessions] == ["bureaupauze"]
    assert sessions[0]["status"] == "completed"


def step_line(screen: str) -> str:
    """The session's step row: the step's name and its number (``3/9``)."""
    return next(line for line in screen.splitlines() if re.search(r"\d+/\d+\s*$", line.strip()))


def test_a_presenter_clicker_skips_and_goes_back(
    terminal: tuple[Terminal, Path], psoas_env: dict[str, str]
) -> None:
    """PageDown and PageUp (what a presenter clicker sends) skip to the next step and come
    back; ``b`` pauses so the steps stay put while the screen is read, ``.`` goes on."""
    term, _status = terminal
    term.wait_text("Split-stance lean")  # home, the desk break's detail pane
    term.press("Enter")
    term.wait_text("WORK")  # Stand up and march is under way
    term.press("b")
    term.wait_text("PAUSED")
    before = step_line(term.screen())
    assert "Stand up and march" in before
    term.press("NPage")
    skipped = term.wait_for(
        lambda screen: "Split-stance lean" in step_line(screen), "PageDown to skip"
    )
    assert step_line(skipped) != before
    term.press("PPage")
    back = term.wait_for(
        lambda screen: "Stand up and march" in step_line(screen), "PageUp to go back"
    )
    assert step_line(back).split()[-1] == before.split()[-1]  # the same step number
    term.press(".")
    term.wait_for(lambda screen: "PAUSED" not in screen, "the pause to end")
    assert "Traceback" not in term.screen()


@pytest.fixture
def cut_off(psoas_env: dict[str, str]) -> Path:
    """A session of resume-test killed (SIGKILL) in its fourth hold: its PSOAS_HOME."""
    from tests.test_resume import kill_during, routine_file

    home = Path(psoas_env["PSOAS_HOME"])
    routine_file(home)
    kill_during(psoas_env, "Fourth hold")
    return home


@pytest.mark.parametrize("arguments", [("run", "resume-test", "--resume")])
def test_psoas_run_resume_goes_on_in_the_app(
    cut_off: Path, terminal: tuple[Terminal, Path]
) -> None:
    """A session killed mid-way, then ``psoas run ROUTINE --resume`` in a terminal: the
    app (not the plain runner) goes on at the first interval that did not end."""
    from tests.test_resume import log_rows

    term, status = terminal
    first = term.wait_for(lambda screen: "Fourth hold" in screen, "the fourth hold")
    assert "4/6" in step_line(first)  # the app's step row, from where it stopped
    term.wait_text("Done: Resume test", timeout=30)
    term.press("Escape")
    deadline = time.monotonic() + 10
    while not status.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert status.read_text().strip() == "0"
    sessions, intervals = log_rows(cut_off)
    assert len(sessions) == 1 and sessions[0][1] == "completed"
    assert [position for _, _, position, _ in intervals] == [0, 1, 2, 3, 4, 5]
