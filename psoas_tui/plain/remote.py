"""Commands from another thread (the media buttons' service) for the plain runner's loop:
a queue, and a pipe that wakes the loop's ``select`` when a command arrives."""

from __future__ import annotations

import contextlib
import os
import queue


class Commands:
    """Thread-safe: :meth:`put` from any thread; the loop watches :meth:`fileno` and
    :meth:`take` s what came."""

    def __init__(self) -> None:
        self._queue: queue.SimpleQueue[str] = queue.SimpleQueue()
        self._read, self._write = os.pipe()
        os.set_blocking(self._read, False)
        os.set_blocking(self._write, False)

    def fileno(self) -> int:
        return self._read

    def put(self, command: str) -> None:
        self._queue.put(command)
        with contextlib.suppress(OSError):  # a full pipe is awake already
            os.write(self._write, b".")

    def take(self) -> list[str]:
        with contextlib.suppress(OSError):
            while os.read(self._read, 64):
                pass
        taken: list[str] = []
        while True:
            try:
                taken.append(self._queue.get_nowait())
            except queue.Empty:
                return taken

    def close(self) -> None:
        for fd in (self._read, self._write):
            with contextlib.suppress(OSError):
                os.close(fd)
