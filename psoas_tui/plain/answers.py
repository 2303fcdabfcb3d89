"""Answers for the plain runner from a stdin that is not a terminal, a line at a time.

``printf '1\\n2\\n1\\n' | psoas run thomas-test --plain`` answers three questions. Lines are
read only while the session waits for one (a check or an untimed rep set):

* a number answers a check (1 is the first answer);
* an empty line or ``d`` ends an untimed rep set;
* anything else is reported, and the check counts as unanswered (the set as skipped);
* at the end of the input, the rest go unanswered;
* a pipe that stays open and sends nothing is waited on for at most
  :data:`ANSWER_WAIT_SECONDS` per question (routine seconds, so ``PSOAS_TIME_SCALE``
  shortens it), which then counts as unanswered, and says so.
"""

from __future__ import annotations

import os
from collections.abc import Callable

from psoas_tui.plan import Interval, IntervalKind
from psoas_tui.routine.text import clean_text
from psoas_tui.session import Session
from psoas_tui.text.durations import human
from psoas_tui.text.i18n import _

ANSWER_WAIT_SECONDS = 60.0
LINE_LIMIT = 1024  # bytes: a longer line is reported, never kept whole in memory
_TOO_LONG = object()


class PipedAnswers:
    """Lines from ``fd`` turned into answers for the session's waiting interval."""

    def __init__(
        self, fd: int, say: Callable[[str], None], wait: float = ANSWER_WAIT_SECONDS
    ) -> None:
        self.fd = fd
        self.say = say
        self.wait = wait
        self.ended = False  # the end of the input was read
        self._buffer = b""
        self._lines: list[str | object] = []
        self._overlong = False
        self._waiting: tuple[int, float] | None = None  # interval index, clock time

    def read(self) -> None:
        """Take in what ``fd`` has (call it when select says it is readable)."""
        try:
            data = os.read(self.fd, 4096)
        except BlockingIOError:
            return
        except OSError:
            data = b""
        if not data:
            self.ended = True
            if self._buffer or self._overlong:
                self._lines.append(_TOO_LONG if self._overlong else self._decode(self._buffer))
            self._buffer = b""
            return
        self._buffer += data
        while b"\n" in self._buffer:
            line, self._buffer = self._buffer.split(b"\n", 1)
            too_long = self._overlong or len(line) > LINE_LIMIT
            self._lines.append(_TOO_LONG if too_long else self._decode(line))
            self._overlong = False
        if len(self._buffer) > LINE_LIMIT:
            self._overlong = True
            self._buffer = b""

    @property
    def exhausted(self) -> bool:
        """No line is left and none will come."""
        return self.ended and not self._lines

    def deadline(self, interval: Interval, now: float) -> float:
        """Clock time at which the wait for ``interval``'s line ends."""
        if self._waiting is None or self._waiting[0] != interval.index:
            self._waiting = (interval.index, now)
        return self._waiting[1] + self.wait

    def act(self, session: Session, interval: Interval, now: float) -> bool:
        """Answer ``interval`` with the next line, or give up on it when its wait is over or
        the input has ended. False when there is nothing to do yet."""
        if self._lines:
            self._apply(session, interval, self._lines.pop(0))
            return True
        if now >= self.deadline(interval, now):
            if interval.kind is IntervalKind.CHECK:
                self.say(_("no answer within {time}").format(time=human(self.wait)))
            else:
                self.say(_("no line within {time}").format(time=human(self.wait)))
            session.skip()
            return True
        return False

    def _apply(self, session: Session, interval: Interval, line: str | object) -> None:
        text = line.strip() if isinstance(line, str) else ""
        if interval.kind is IntervalKind.CHECK:
            count = len(interval.answers)
            if text.isdigit() and 1 <= int(text) <= count:
                session.answer(int(text) - 1)
                return
            self.say(
                _("{line} is not an answer: give a number from 1 to {count}").format(
                    line=self._shown(line), count=count
                )
            )
            session.answer(None)
            return
        if text.lower() in ("", "d"):
            session.done()
            return
        self.say(_("{line}: an empty line or d ends the set").format(line=self._shown(line)))
        session.skip()

    @staticmethod
    def _decode(data: bytes) -> str:
        return data.decode("utf-8", "replace").rstrip("\r")

    @staticmethod
    def _shown(line: str | object) -> str:
        if not isinstance(line, str):
            return _("a line over {limit} bytes").format(limit=LINE_LIMIT)
        return f'"{clean_text(line.strip())}"'
