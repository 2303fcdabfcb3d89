"""``psoas remind``: the units (systemd-analyze), on/off/status against a recording
``systemctl`` stub, the no-systemd path for real, bad input, and fire against a real D-Bus
session bus (dbus-run-session) with a minimal notification server that records Notify.

Nothing reaches the real user: PSOAS_HOME, XDG_CONFIG_HOME and XDG_RUNTIME_DIR are
temporary (conftest), and DBUS_SESSION_BUS_ADDRESS is unset except for the private bus.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
import uuid
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from psoas_tui.locations import user_locations
from psoas_tui.remind.fire import Outcome, Reminder, fire
from psoas_tui.remind.notify import do_not_disturb, send
from psoas_tui.remind.schedule import parse_schedule
from psoas_tui.remind.units import SERVICE, TIMER, psoas_command, render_units

TESTS = Path(__file__).resolve().parent
PSOAS = [sys.executable, "-m", "psoas_tui"]
ZONE = timezone(timedelta(hours=2))
WEDNESDAY_10 = datetime(2025, 6, 11, 10, 0, tzinfo=ZONE)  # a Wednesday


@pytest.fixture(autouse=True)
def no_desktop(monkeypatch: pytest.MonkeyPatch) -> None:
    """No test reaches a real desktop or systemd (conftest makes the folders temporary)."""
    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)


def env_now() -> dict[str, str]:
    env = dict(os.environ)
    env["COLUMNS"] = "200"
    return env


def run(args: list[str], env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*PSOAS, "remind", *args],
        env=env or env_now(),
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )


def unit_folder() -> Path:
    return Path(os.environ["XDG_CONFIG_HOME"]) / "systemd" / "user"


# -- the units ----------------------------------------------------------------------------


def verify(folder: Path) -> subprocess.CompletedProcess[str]:
    tool = shutil.which("systemd-analyze")
    assert tool is not None, "systemd-analyze is missing: scripts/prereqs.sh check test installs it"
    runtime = folder / "runtime"
    runtime.mkdir(mode=0o700)
    env = {**os.environ, "XDG_RUNTIME_DIR": str(runtime)}
    return subprocess.run(
        [tool, "--user", "verify", f"./{TIMER}", f"./{SERVICE}"],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )


@pytest.mark.parametrize(
    ("every", "between", "days"),
    [
        ("50m", "09:00-17:30", "mon-fri"),
        ("3m", "13:00-14:00", "sat,sun"),
        ("2h", "00:00-24:00", "daily"),
    ],
)
def test_generated_units_pass_systemd_analyze_verify(
    tmp_path: Path, every: str, between: str, days: str
) -> None:
    schedule = parse_schedule(every, between, days, "desk-break")
    for name, text in render_units(schedule, psoas_command()).items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    done = verify(tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stderr == "", done.stderr


def test_verify_fails_a_broken_calendar(tmp_path: Path) -> None:
    """The check above can fail: a timer with an impossible calendar does not pass."""
    schedule = parse_schedule("50m", "09:00-17:30", "mon-fri", "desk-break")
    for name, text in render_units(schedule, psoas_command()).items():
        (tmp_path / name).write_text(text.replace("*-*-* 09..17", "*-*-* 25"), encoding="utf-8")
    assert verify(tmp_path).returncode != 0


def test_exec_start_names_psoas_by_absolute_path_even_with_spaces_and_percent(
    tmp_path: Path,
) -> None:
    odd = tmp_path / "my 100% bin"
    odd.mkdir()
    program = odd / "psoas"
    program.write_text("#!/bin/sh\nexit 0\n")
    program.chmod(0o755)
    schedule = parse_schedule("50m", "09:00-17:30", "mon-fri", "desk-break")
    units = render_units(schedule, [str(program)])
    service = units[SERVICE]
    assert 'ExecStart="' + str(odd).replace("%", "%%") + '/psoas" remind fire' in service
    for name, text in units.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    done = verify(tmp_path)
    assert done.returncode == 0, done.stderr
    assert Path(psoas_command()[0]).is_absolute()


def test_dry_run_prints_the_units_and_changes_nothing() -> None:
    done = run(["on", "--dry-run", "--every", "30m", "--days", "mon,wed"])
    assert done.returncode == 0, done.stderr
    assert "OnCalendar=Mon,Wed *-*-* 09..17:00/5:00" in done.stdout
    assert "remind fire --every 30m --between 09:00-17:30 --days mon,wed" in done.stdout
    assert not unit_folder().exists()


# -- on / off / status against a systemctl stub --------------------------------------------


def write_systemctl_stub(tmp_path: Path) -> tuple[Path, Path]:
    """A ``systemctl`` in a folder of its own that records its arguments, one call a line:
    (the folder to put first on PATH, the file of calls)."""
    folder = tmp_path / "stub-bin"
    folder.mkdir()
    calls = tmp_path / "systemctl-calls"
    stub = folder / "systemctl"
    stub.write_text(
        "#!/bin/sh\n"
        f'echo "$*" >> "{calls}"\n'
        'if [ "$2" = is-active ]; then echo active; fi\n'
        "exit 0\n"
    )
    stub.chmod(stub.stat().st_mode | stat.S_IXUSR)
    return folder, calls


@pytest.fixture
def systemctl_stub(tmp_path: Path) -> tuple[dict[str, str], Path]:
    """A ``systemctl`` first on PATH that records its arguments, one call a line."""
    folder, calls = write_systemctl_stub(tmp_path)
    env = env_now()
    env["PATH"] = f"{folder}{os.pathsep}{env['PATH']}"
    return env, calls


def test_on_installs_and_enables_then_status_then_off_removes(
    systemctl_stub: tuple[dict[str, str], Path],
) -> None:
    env, calls = systemctl_stub
    done = run(["on", "--every", "40m", "--between", "08:00-16:00"], env)
    assert done.returncode == 0, done.stderr
    assert "Reminders are on: every 40 min, Mon-Fri, 08:00-16:00: desk-break." in done.stdout
    assert "The timer next checks at" in done.stdout
    timer, service = unit_folder() / TIMER, unit_folder() / SERVICE
    assert "OnCalendar=Mon,Tue,Wed,Thu,Fri *-*-* 08..15:00/5:00" in timer.read_text()
    assert "--every 40m --between 08:00-16:00" in service.read_text()
    assert calls.read_text().splitlines() == [
        "--user show-environment",
        "--user daemon-reload",
        f"--user enable --now {TIMER}",
    ]

    calls.unlink()
    status = run(["status"], env)
    assert status.returncode == 0, status.stderr
    assert "Reminders are on: every 40 min, Mon-Fri, 08:00-16:00: desk-break." in status.stdout
    assert "Timer: active" in status.stdout
    assert "Next check: " in status.stdout
    assert "Last check: none yet" in status.stdout
    assert f"--user is-active {TIMER}" in calls.read_text().splitlines()

    calls.unlink()
    off = run(["off"], env)
    assert off.returncode == 0, off.stderr
    assert "Reminders are off" in off.stdout
    assert not timer.exists() and not service.exists()
    assert calls.read_text().splitlines() == [
        "--user show-environment",
        f"--user disable --now {TIMER}",
        "--user daemon-reload",
    ]
    assert "Reminders are off" in run(["status"], env).stdout
    assert "already off" in run(["off"], env).stdout


def test_without_systemd_on_exits_1_with_a_crontab_line() -> None:
    """For real: this machine's systemctl finds no user manager (private runtime folder,
    no session bus)."""
    done = run(["on", "--every", "45m", "--between", "10:00-12:00", "--days", "sat-sun"])
    assert done.returncode == 1, done.stdout
    assert "no systemd user session here" in done.stderr
    line = next(line for line in done.stderr.splitlines() if line.startswith("*/5 "))
    assert line.startswith("*/5 10-11 * * 6,0 DBUS_SESSION_BUS_ADDRESS=")
    command = line.split(" ", 6)[6].split()
    assert Path(command[0]).is_absolute()
    assert "remind fire --every 45m --between 10:00-12:00 --days sat,sun" in line
    assert not unit_folder().exists()
    assert "Traceback" not in done.stderr


# -- bad input ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--every", "0"], "'0' is not a time between reminders"),
        (["--between", "18:00-09:00"], "ends before it starts"),
        (["--days", "funday"], "'funday' in 'funday' is not a day (did you mean \"sunday\"?)"),
    ],
)
def test_bad_input_is_exit_2_with_a_clear_message(args: list[str], words: str) -> None:
    done = run(["on", "--dry-run", *args])
    assert done.returncode == 2, done.stdout
    assert words in done.stderr
    assert "Traceback" not in done.stderr


def test_unknown_routine_is_exit_1_with_did_you_mean() -> None:
    done = run(["on", "--dry-run", "--routine", "desk-brake"])
    assert done.returncode == 1
    assert 'did you mean "desk-break"?' in done.stderr


# -- fire against a real session bus ------------------------------------------------------


def serve(record: str, inhibited: str) -> None:
    """A minimal org.freedesktop.Notifications: records every Notify as a JSON line; has
    ``Inhibited`` (do-not-disturb) only while the file ``inhibited`` exists."""
    import threading

    from jeepney import HeaderFields, MessageType, new_error, new_method_return
    from jeepney.bus_messages import message_bus
    from jeepney.io.blocking import open_dbus_connection

    connection = open_dbus_connection(bus="SESSION")
    connection.send_and_get_reply(message_bus.RequestName("org.freedesktop.Notifications"))
    print(os.environ["DBUS_SESSION_BUS_ADDRESS"], flush=True)
    # The test closes stdin to stop the server (and so the bus).
    threading.Thread(target=lambda: (sys.stdin.read(), os._exit(0)), daemon=True).start()
    while True:
        message = connection.receive()
        if message.header.message_type != MessageType.method_call:
            continue
        member = message.header.fields.get(HeaderFields.member)
        if member == "Notify":
            with open(record, "a", encoding="utf-8") as handle:
                handle.write(json.dumps(list(message.body), default=str) + "\n")
            connection.send(new_method_return(message, "u", (1,)))
        elif member == "GetServerInformation":
            connection.send(new_method_return(message, "ssss", ("test", "psoas", "1", "1.2")))
        elif member == "GetCapabilities":
            connection.send(new_method_return(message, "as", (["body"],)))
        elif member == "Get" and message.body[1] == "Inhibited" and os.path.exists(inhibited):
            connection.send(new_method_return(message, "v", (("b", True),)))
        else:
            error = "org.freedesktop.DBus.Error.UnknownMethod"
            connection.send(new_error(message, error, "s", (f"no {member}",)))


class Bus:
    def __init__(self, address: str, record: Path, inhibited: Path) -> None:
        self.address = address
        self.record = record
        self.inhibited = inhibited

    def notifications(self) -> list[list[object]]:
        if not self.record.exists():
            return []
        return [json.loads(line) for line in self.record.read_text().splitlines()]

    def env(self) -> dict[str, str]:
        return {**os.environ, "DBUS_SESSION_BUS_ADDRESS": self.address}


@pytest.fixture(scope="module")
def session_bus(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Bus]:
    tool = shutil.which("dbus-run-session")
    assert tool is not None, (
        "dbus-run-session is missing: scripts/prereqs.sh check test installs it"
    )
    folder = tmp_path_factory.mktemp("bus")
    record, inhibited = folder / "notify.jsonl", folder / "inhibited"
    code = (
        f"import sys; sys.path.insert(0, {str(TESTS)!r}); import test_remind; "
        f"test_remind.serve({str(record)!r}, {str(inhibited)!r})"
    )
    env = {k: v for k, v in os.environ.items() if k != "DBUS_SESSION_BUS_ADDRESS"}
    server = subprocess.Popen(
        [tool, "--", sys.executable, "-c", code],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert server.stdout is not None and server.stdin is not None
    address = server.stdout.readline().strip()
    assert address.startswith("unix:"), address
    yield Bus(address, record, inhibited)
    server.stdin.close()
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


DESK_BREAK = Reminder("desk-break", "Desk break", "5 min")


def fire_at(bus: Bus, now: datetime, every: str = "50m", days: str = "mon-fri") -> Outcome:
    env = bus.env()
    result = fire(
        parse_schedule(every, "09:00-17:30", days, "desk-break"),
        DESK_BREAK,
        now=now,
        locations=user_locations(),
        send=lambda title, body: send(title, body, env),
        do_not_disturb=lambda: do_not_disturb(env),
    )
    return result.outcome


def log_session(ended: datetime) -> None:
    """A real session row in the real SQLite log (through import, at a chosen time)."""
    from psoas_tui.history.importer import import_lines
    from psoas_tui.history.opening import open_log

    started = ended - timedelta(minutes=5)
    line = json.dumps(
        {
            "id": str(uuid.uuid4()),
            "routine_slug": "pre-run-warm-up",
            "routine_name": "Pre-run warm-up",
            "content_hash": "",
            "started": started.isoformat(),
            "ended": ended.isoformat(),
            "status": "abandoned",
            "active_seconds": 300,
            "planned_seconds": 480,
            "planned_intervals": 10,
            "planned_exercises": 4,
        }
    )
    with open_log(user_locations()) as log:
        report = import_lines(log, [line], source="test")
    assert not report.problems, report.problems


def test_fire_sends_one_notification_inside_the_hours(session_bus: Bus) -> None:
    before = len(session_bus.notifications())
    assert fire_at(session_bus, WEDNESDAY_10) is Outcome.SENT
    sent = session_bus.notifications()[before:]
    assert len(sent) == 1
    app, _replaces, _icon, title, body = sent[0][:5]
    assert app == "psoas"
    assert title == "Time for Desk break"
    assert body == "Desk break, 5 min. Start it with: psoas run desk-break"


def test_fire_sends_none_after_a_session_was_just_logged(session_bus: Bus) -> None:
    log_session(ended=WEDNESDAY_10 - timedelta(minutes=10))
    before = len(session_bus.notifications())
    assert fire_at(session_bus, WEDNESDAY_10) is Outcome.RECENT_SESSION
    assert len(session_bus.notifications()) == before
    # Once --every has passed since that session, it reminds again.
    assert fire_at(session_bus, WEDNESDAY_10 + timedelta(minutes=45)) is Outcome.SENT
    assert len(session_bus.notifications()) == before + 1


def test_fire_sends_none_outside_the_days_or_hours(session_bus: Bus) -> None:
    before = len(session_bus.notifications())
    saturday = WEDNESDAY_10 + timedelta(days=3)
    assert fire_at(session_bus, saturday) is Outcome.OUTSIDE_DAYS
    assert fire_at(session_bus, WEDNESDAY_10.replace(hour=17, minute=30)) is Outcome.OUTSIDE_HOURS
    assert fire_at(session_bus, WEDNESDAY_10.replace(hour=8, minute=59)) is Outcome.OUTSIDE_HOURS
    assert len(session_bus.notifications()) == before
    assert fire_at(session_bus, saturday, days="sat") is Outcome.SENT
    assert len(session_bus.notifications()) == before + 1


def test_fire_sends_none_within_every_of_the_last_one(session_bus: Bus) -> None:
    before = len(session_bus.notifications())
    assert fire_at(session_bus, WEDNESDAY_10) is Outcome.SENT
    assert fire_at(session_bus, WEDNESDAY_10 + timedelta(minutes=5)) is Outcome.RECENT_REMINDER
    assert fire_at(session_bus, WEDNESDAY_10 + timedelta(minutes=49)) is Outcome.RECENT_REMINDER
    assert len(session_bus.notifications()) == before + 1
    assert fire_at(session_bus, WEDNESDAY_10 + timedelta(minutes=50)) is Outcome.SENT
    assert len(session_bus.notifications()) == before + 2


def test_fire_sends_none_while_do_not_disturb_is_on(session_bus: Bus) -> None:
    before = len(session_bus.notifications())
    session_bus.inhibited.touch()
    try:
        assert do_not_disturb(session_bus.env()) is True
        assert fire_at(session_bus, WEDNESDAY_10) is Outcome.DO_NOT_DISTURB
    finally:
        session_bus.inhibited.unlink()
    assert len(session_bus.notifications()) == before
    assert do_not_disturb(session_bus.env()) is None  # a server without Inhibited: unknown
    assert fire_at(session_bus, WEDNESDAY_10) is Outcome.SENT


def test_psoas_remind_fire_command_sends_and_status_shows_it(session_bus: Bus) -> None:
    """The service's command as the timer runs it, on a whole-day, every-day window."""
    before = len(session_bus.notifications())
    args = ["fire", "--between", "00:00-24:00", "--days", "daily"]
    done = run(args, {**session_bus.env(), "COLUMNS": "200"})
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "psoas remind: a reminder was sent"
    sent = session_bus.notifications()[before:]
    assert len(sent) == 1
    assert "Start it with: psoas run desk-break" in str(sent[0][4])
    again = run(args, {**session_bus.env(), "COLUMNS": "200"})
    assert "a reminder was sent at" in again.stdout
    status = run(["status"])
    assert "Last check: " in status.stdout and "a reminder was sent at" in status.stdout
    assert "Last reminder: " in status.stdout


def test_fire_without_a_bus_fails_loudly() -> None:
    done = run(["fire", "--between", "00:00-24:00", "--days", "daily"])
    assert done.returncode == 1
    assert "no session bus" in done.stderr
