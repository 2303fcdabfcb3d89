"""The desktop notification (``notify-send``, libnotify) and do-not-disturb (best effort).

Do-not-disturb is read from the ``Inhibited`` property of ``org.freedesktop.Notifications``
(notification spec 1.2+; KDE Plasma and others have it). Where the server has no such
property (GNOME keeps it in its own settings) or there is no bus, it cannot be read and
the reminder is sent: a reminder never fails silently.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Mapping

from psoas_tui.remind.words import say

NOTIFY_TIMEOUT = 10.0  # seconds notify-send may take
BUS_TIMEOUT = 2.0  # seconds the do-not-disturb question may take


class NotifyError(RuntimeError):
    """The notification could not be sent; ``str(error)`` says why."""


def send(title: str, body: str, environ: Mapping[str, str]) -> None:
    """One desktop notification over the session bus; raises :class:`NotifyError`."""
    if not environ.get("DBUS_SESSION_BUS_ADDRESS"):
        raise NotifyError(say("notify.no_bus"))
    tool = shutil.which("notify-send", path=environ.get("PATH"))
    if tool is None:
        raise NotifyError(say("notify.no_tool"))
    try:
        done = subprocess.run(
            [tool, "--app-name=psoas", "--urgency=normal", "--", title, body],
            env=dict(environ),
            capture_output=True,
            text=True,
            timeout=NOTIFY_TIMEOUT,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        raise NotifyError(str(error)) from None
    if done.returncode != 0:
        raise NotifyError((done.stderr or done.stdout).strip() or f"exit {done.returncode}")


def do_not_disturb(environ: Mapping[str, str]) -> bool | None:
    """True or False where the notification server says; None where it cannot be read."""
    address = environ.get("DBUS_SESSION_BUS_ADDRESS")
    if not address:
        return None
    try:
        from jeepney import DBusAddress, Properties  # type: ignore[import-untyped]
        from jeepney.io.blocking import open_dbus_connection  # type: ignore[import-untyped]
        from jeepney.wrappers import unwrap_msg  # type: ignore[import-untyped]
    except ImportError:
        return None
    server = DBusAddress(
        "/org/freedesktop/Notifications",
        bus_name="org.freedesktop.Notifications",
        interface="org.freedesktop.Notifications",
    )
    try:
        with open_dbus_connection(bus=address) as connection:
            reply = connection.send_and_get_reply(
                Properties(server).get("Inhibited"), timeout=BUS_TIMEOUT
            )
            body = unwrap_msg(reply)
    except Exception:  # no such property, no server, a bus that went away: unknown
        return None
    try:
        signature, value = body[0]
    except (TypeError, ValueError, IndexError):
        return None
    return bool(value) if signature == "b" else None
