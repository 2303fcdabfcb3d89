"""Kill a process while it saves, at random moments: the file is always one whole version.

Each trial forks a process that saves new versions of one file in a loop and kills it with
SIGKILL after a random delay; the file must then be one complete version, never a torn one.
"""

from __future__ import annotations

import hashlib
import os
import random
import signal
import time
from pathlib import Path

from psoas_tui.routine.save import (
    FRESH_SECONDS,
    TEMP_SUFFIX,
    backup_path,
    save_bytes,
    sweep_stale_temp_files,
)

TRIALS = 24
VERSION_BYTES = 384 * 1024


def version(number: int, size: int) -> bytes:
    body = (f"# line of version {number}\n" * (size // 24 + 1)).encode()[:size]
    return f"# version {number} {hashlib.sha256(body).hexdigest()}\n".encode() + body


def whole_version(data: bytes) -> int | None:
    """The version number if ``data`` is one complete version, else None."""
    header, _, body = data.partition(b"\n")
    parts = header.split()
    if len(parts) != 4 or parts[:2] != [b"#", b"version"]:
        return None
    number = int(parts[2])
    if hashlib.sha256(body).hexdigest().encode() != parts[3]:
        return None
    return number if data == version(number, VERSION_BYTES) else None


def test_whole_version_detects_a_torn_file() -> None:
    good = version(3, VERSION_BYTES)
    assert whole_version(good) == 3
    assert whole_version(good[:-1]) is None
    assert whole_version(good[: len(good) // 2]) is None
    assert whole_version(b"") is None


def save_until_killed(path: Path, versions: list[bytes]) -> int:
    """Fork a process that saves ``versions`` in turn, forever; returns its pid."""
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        try:
            number = 0
            while True:
                save_bytes(path, versions[number % len(versions)])
                number += 1
        finally:
            os._exit(1)
    return pid


def test_sigkill_during_saves_never_leaves_a_broken_file(tmp_path: Path) -> None:
    seed = random.randrange(1 << 30)
    rng = random.Random(seed)
    versions = [version(number, VERSION_BYTES) for number in range(1, 9)]
    killed_mid_save = 0
    for trial in range(TRIALS):
        folder = tmp_path / f"trial-{trial}"
        folder.mkdir()
        path = folder / "routine.toml"
        save_bytes(path, version(0, VERSION_BYTES))
        saver = save_until_killed(path, versions)
        time.sleep(rng.uniform(0.005, 0.06))
        os.kill(saver, signal.SIGKILL)
        _, status = os.waitpid(saver, 0)
        assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL

        context = f"trial {trial}, seed {seed}"
        assert whole_version(path.read_bytes()) is not None, f"torn file in {context}"
        backup = backup_path(path)
        if backup.exists():
            assert whole_version(backup.read_bytes()) is not None, f"torn .bak in {context}"
        leftovers = [p for p in folder.iterdir() if p.name.endswith(TEMP_SUFFIX)]
        if leftovers:
            killed_mid_save += 1
        for leftover in leftovers:  # found later: a fresh one may be a save still under way
            os.utime(leftover, (time.time() - 2 * FRESH_SECONDS,) * 2)
        assert sweep_stale_temp_files(folder) == len(leftovers)
        assert sorted(p.name for p in folder.iterdir()) in (
            ["routine.toml"],
            ["routine.toml", "routine.toml.bak"],
        ), context
    print(f"{killed_mid_save} of {TRIALS} kills landed inside a save")
    # The kills must really have landed inside saves, or this test proves nothing.
    assert killed_mid_save >= 1, f"no kill landed inside a save (seed {seed})"
