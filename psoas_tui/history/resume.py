"""Recording a resumed session: the cut-off session's row goes on, under the same id.

A session cut off (a crash, a closed terminal, ``kill -9``) is ``interrupted`` in the log
with the intervals that ended before it. :class:`ResumedRecorder` continues it: the row is
``running`` again (this process's host and pid), interval rows follow the last one (``seq``
and ``start_offset`` go on from where it stopped, so the log shows one session with a gap)
and the end adds this part's active time to what was logged before.
"""

from __future__ import annotations

import os
from dataclasses import replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from psoas_tui.history.model import Continued, utc_text
from psoas_tui.history.recorder import Recorder
from psoas_tui.processes import host_name
from psoas_tui.session import Event, IntervalEnded

if TYPE_CHECKING:
    from psoas_tui.history.store import SessionLog
    from psoas_tui.plan import Plan


class ResumedRecorder(Recorder):
    """A :class:`Recorder` that continues the session ``continued`` instead of starting one."""

    def __init__(
        self, log: SessionLog, plan: Plan, continued: Continued, *, time_scale: float = 1.0
    ) -> None:
        super().__init__(log, plan, time_scale=time_scale)
        self.continued = continued
        self.session_id = continued.session_id
        self._seq = continued.last_seq

    def _start(self) -> None:
        if self.started:
            return
        stamp = utc_text(datetime.now(UTC))
        self._write(
            (
                "UPDATE sessions SET status = 'running', ended_utc = NULL, updated_utc = ?, "
                "host = ?, pid = ? WHERE id = ?",
                (stamp, host_name(), os.getpid(), self.session_id),
            )
        )
        self.started = True
        if self.log.background_check:
            self.log.start_check()

    def __call__(self, event: Event) -> None:
        if isinstance(event, IntervalEnded):
            event = replace(event, started_at=event.started_at + self.continued.offset)
        super().__call__(event)

    def _finish(self, status: str, active: float) -> None:
        super()._finish(status, active + self.continued.active)
