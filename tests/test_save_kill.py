"""Kill a process while it saves, at random moments: the file is always one whole version."""

from __future__ import annotations

import hashlib
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from psoas_tui.routine.save import TEMP_SUFFIX, backup_path, save_bytes, sweep_stale_temp_files

TRIALS = 24
VERSION_BYTES = 384 * 1024

# The saver: writes version 1, 2, 3, ... in a loop until it is killed. Every version starts
# with a header naming its number and the SHA-256 of the rest, so a torn file is detectable.
SAVER = r"""
import hashlib, sys
from pathlib import Path
from psoas_tui.routine.save import save_bytes

def version(number, size):
    body = (f"# line of version {number}\n" * (size // 24 + 1)).encode()[:size]
    return f"# version {number} {hashlib.sha256(body).hexdigest()}\n".encode() + body

path, size = Path(sys.argv[1]), int(sys.argv[2])
versions = [version(n, size) for n in range(1, 9)]
print("go", flush=True)
n = 0
while True:
    save_bytes(path, versions[n % len(versions)])
    n += 1
"""


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


def test_sigkill_during_saves_never_leaves_a_broken_file(tmp_path: Path) -> None:
    seed = random.randrange(1 << 30)
    rng = random.Random(seed)
    env = dict(os.environ)
    killed_mid_save = 0
    for trial in range(TRIALS):
        folder = tmp_path / f"trial-{trial}"
        folder.mkdir()
        path = folder / "routine.toml"
        save_bytes(path, version(0, VERSION_BYTES))
        saver = subprocess.Popen(
            [sys.executable, "-c", SAVER, str(path), str(VERSION_BYTES)],
            stdout=subprocess.PIPE,
            env=env,
        )
        assert saver.stdout is not None
        assert saver.stdout.readline() == b"go\n"
        time.sleep(rng.uniform(0.0, 0.08))
        saver.send_signal(signal.SIGKILL)
        saver.wait()
        saver.stdout.close()
        assert saver.returncode == -signal.SIGKILL

        context = f"trial {trial}, seed {seed}"
        assert whole_version(path.read_bytes()) is not None, f"torn file in {context}"
        backup = backup_path(path)
        if backup.exists():
            assert whole_version(backup.read_bytes()) is not None, f"torn .bak in {context}"
        leftovers = [p for p in folder.iterdir() if p.name.endswith(TEMP_SUFFIX)]
        if leftovers:
            killed_mid_save += 1
        assert sweep_stale_temp_files(folder) == len(leftovers)
        assert sorted(p.name for p in folder.iterdir()) in (
            ["routine.toml"],
            ["routine.toml", "routine.toml.bak"],
        ), context
    print(f"{killed_mid_save} of {TRIALS} kills landed inside a save")
    # The kills must really have landed inside saves, or this test proves nothing.
    assert killed_mid_save >= 1, f"no kill landed inside a save (seed {seed})"
