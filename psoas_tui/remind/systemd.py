"""``systemctl --user``: is there a user manager, and the calls that turn reminders on/off."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Mapping

from psoas_tui.remind.words import say

SYSTEMCTL_TIMEOUT = 30.0


class SystemdError(RuntimeError):
    """A systemctl call failed; ``str(error)`` says which and why."""


def unreachable(environ: Mapping[str, str]) -> str | None:
    """Why there is no user systemd to talk to, or None when there is one."""
    tool = shutil.which("systemctl", path=environ.get("PATH"))
    if tool is None:
        return say("why.no_systemctl")
    try:
        done = _run(tool, ["show-environment"], environ)
    except (OSError, subprocess.TimeoutExpired) as error:
        return say("why.unreachable", detail=str(error))
    if done.returncode != 0:
        detail = (done.stderr or done.stdout).strip() or f"exit {done.returncode}"
        return say("why.unreachable", detail=detail)
    return None


def systemctl(args: list[str], environ: Mapping[str, str], *, check: bool = True) -> str:
    """``systemctl --user ARGS``; its output. Raises :class:`SystemdError` when it fails."""
    tool = shutil.which("systemctl", path=environ.get("PATH"))
    if tool is None:
        raise SystemdError(say("why.no_systemctl"))
    try:
        done = _run(tool, args, environ)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise SystemdError(
            say("systemctl.failed", args=" ".join(args), code="-", detail=str(error))
        ) from None
    if check and done.returncode != 0:
        raise SystemdError(
            say(
                "systemctl.failed",
                args=" ".join(args),
                code=done.returncode,
                detail=(done.stderr or done.stdout).strip(),
            )
        )
    return done.stdout.strip()


def _run(
    tool: str, args: list[str], environ: Mapping[str, str]
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [tool, "--user", *args],
        env=dict(environ),
        capture_output=True,
        text=True,
        timeout=SYSTEMCTL_TIMEOUT,
        check=False,
    )
