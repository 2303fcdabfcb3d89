"""The systemd user units (one template) and the equivalent crontab line.

The timer fires on a fixed calendar grid inside the chosen days and hours; the service runs
``psoas remind fire`` with the schedule's arguments, and fire decides whether to remind
(a calendar expression cannot say "every 50 minutes").
"""

from __future__ import annotations

import os
import re
import shlex
import sys
from pathlib import Path
from string import Template

from psoas_tui.remind.schedule import Schedule
from psoas_tui.remind.words import DAY_NAMES, say

SERVICE = "psoas-remind.service"
TIMER = "psoas-remind.timer"

# The one template: each unit is a section of it, named by its file.
UNITS = Template(
    """\
### psoas-remind.service
[Unit]
Description=$service_description

[Service]
Type=oneshot
ExecStart=$exec_start
### psoas-remind.timer
[Unit]
Description=$timer_description

[Timer]
OnCalendar=$on_calendar
AccuracySec=30s
Unit=psoas-remind.service

[Install]
WantedBy=timers.target
"""
)

_PLAIN = re.compile(r"^[A-Za-z0-9_@%+=:,./-]+$")


def unit_folder(environ: dict[str, str] | None = None) -> Path:
    """``$XDG_CONFIG_HOME/systemd/user`` (``~/.config/systemd/user``)."""
    env = os.environ if environ is None else environ
    config = env.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(config) / "systemd" / "user"


def psoas_command() -> list[str]:
    """The installed ``psoas`` by its absolute path (or this Python running psoas_tui)."""
    import shutil

    called = Path(sys.argv[0]) if sys.argv and sys.argv[0] else None
    if called is not None and called.name == "psoas" and called.is_file():
        return [str(called.resolve())]
    beside = Path(sys.executable).with_name("psoas")
    if beside.is_file():
        return [str(beside.absolute())]
    found = shutil.which("psoas")
    if found:
        return [str(Path(found).resolve())]
    return [str(Path(sys.executable).absolute()), "-m", "psoas_tui"]


def fire_command(schedule: Schedule, command: list[str]) -> list[str]:
    return [*command, "remind", "fire", *schedule.arguments()]


def on_calendar(schedule: Schedule) -> str:
    """``Mon,Tue,Wed,Thu,Fri *-*-* 09..17:00/5:00``: the grid minutes of the window's hours."""
    days = ",".join(DAY_NAMES[day] for day in sorted(schedule.days))
    first, last = schedule.start // 60, (schedule.end - 1) // 60
    hours = f"{first:02d}" if first == last else f"{first:02d}..{last:02d}"
    minutes = "*" if schedule.grid == 1 else f"00/{schedule.grid}"
    return f"{days} *-*-* {hours}:{minutes}:00"


def render_units(schedule: Schedule, command: list[str]) -> dict[str, str]:
    """File name to text, for both units."""
    text = UNITS.substitute(
        service_description=say("unit.service", routine=schedule.routine),
        timer_description=say("unit.timer", schedule=schedule.describe()),
        exec_start=" ".join(_unit_word(word) for word in fire_command(schedule, command)),
        on_calendar=on_calendar(schedule),
    )
    units: dict[str, str] = {}
    for section in text.split("### ")[1:]:
        name, _, body = section.partition("\n")
        units[name.strip()] = body
    return units


def _unit_word(word: str) -> str:
    """One ExecStart word: specifiers (%) and variables ($) escaped, quoted when needed."""
    escaped = word.replace("%", "%%").replace("$", "$$")
    if _PLAIN.match(word):
        return escaped
    escaped = escaped.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


def crontab_line(schedule: Schedule, command: list[str], environ: dict[str, str]) -> str:
    """The same grid for cron (no user systemd): minute, hours, days, then the command."""
    minute = "*" if schedule.grid == 1 else f"*/{schedule.grid}"
    first, last = schedule.start // 60, (schedule.end - 1) // 60
    hours = str(first) if first == last else f"{first}-{last}"
    days = ",".join(str((day + 1) % 7) for day in sorted(schedule.days))
    if len(schedule.days) == 7:
        days = "*"
    bus = environ.get("DBUS_SESSION_BUS_ADDRESS") or f"unix:path=/run/user/{os.getuid()}/bus"
    words = [f"DBUS_SESSION_BUS_ADDRESS={bus}", *fire_command(schedule, command)]
    line = " ".join(shlex.quote(word) for word in words).replace("%", "\\%")
    return f"{minute} {hours} * * {days} {line}"
