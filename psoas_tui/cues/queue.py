"""The cue queue: one cue at a time, higher priority first, stale cues dropped.

A cue carries the clock time it was due (``due``, in the session clock's units) and how
late it may still start (``late``). When the worker is free it takes the most urgent cue;
if it would start more than ``late`` after its due time (a "3" after its second has
passed) it is dropped instead of played.
"""

from __future__ import annotations

import heapq
import itertools
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from psoas_tui.cues.sounds import Sound

Clock = Callable[[], float]

# name: (priority, seconds late it may still start); lower priority number goes first.
CUE_RULES: dict[str, tuple[int, float]] = {
    "finish": (0, 10.0),
    "switch": (1, 2.0),
    "go": (1, 1.0),
    "get_ready": (2, 2.0),
    "speech": (2, 3.0),
    "rest": (3, 2.0),
    "check": (3, 5.0),
    "countdown": (4, 0.5),
    "halfway": (5, 2.0),
    "rep_tick": (6, 0.5),
}


@dataclass(order=True)
class Job:
    priority: int
    due: float
    seq: int
    sound: Sound = field(compare=False)
    late: float = field(compare=False, default=1.0)

    @property
    def name(self) -> str:
        return self.sound.name


class CueQueue:
    """A thread-safe priority queue of jobs with stale-cue dropping at take time."""

    def __init__(self, clock: Clock | None = None) -> None:
        self.clock = clock
        self._heap: list[Job] = []
        self._seq = itertools.count()
        self._cond = threading.Condition()
        self._closed = False
        self.dropped: list[Job] = []

    def put(
        self, sound: Sound, due: float, kind: str | None = None, late: float | None = None
    ) -> Job:
        priority, default_late = CUE_RULES.get(kind or sound.name, (5, 1.0))
        job = Job(priority, due, next(self._seq), sound, default_late if late is None else late)
        with self._cond:
            heapq.heappush(self._heap, job)
            self._cond.notify()
        return job

    def clear(self) -> None:
        with self._cond:
            self._heap.clear()

    def close(self) -> None:
        with self._cond:
            self._closed = True
            self._heap.clear()
            self._cond.notify_all()

    @property
    def closed(self) -> bool:
        return self._closed

    def __len__(self) -> int:
        with self._cond:
            return len(self._heap)

    def take(self, timeout: float | None = None) -> Job | None:
        """The next job worth playing, or None when closed or nothing came within timeout."""
        with self._cond:
            while True:
                while not self._heap and not self._closed:
                    if not self._cond.wait(timeout):
                        return None
                if self._closed:
                    return None
                job = heapq.heappop(self._heap)
                if self.is_stale(job):
                    self.dropped.append(job)
                    continue
                return job

    def is_stale(self, job: Job) -> bool:
        if self.clock is None:
            return False
        return self.clock() - job.due > job.late
