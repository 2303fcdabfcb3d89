"""What loading a routine gives: a routine, or the problems of its file."""

from __future__ import annotations

from typing import NamedTuple

from psoas_tui.routine.model import Routine
from psoas_tui.routine.text import clean_text


class Problem(NamedTuple):
    """One thing wrong with a routine file, printed as ``PATH:LINE:COL: message``.
    Problems sort by line, column and message (as a tuple; the file name comes last)."""

    line: int
    col: int
    message: str
    source: str = ""

    def __str__(self) -> str:
        # Sources and messages are cleaned where they are made; cleaning again here keeps
        # a problem built anywhere else (settings, a caller's own source) safe to show.
        return f"{clean_text(self.source)}:{self.line}:{self.col}: {clean_text(self.message)}"


class LoadResult(NamedTuple):
    routine: Routine | None
    problems: tuple[Problem, ...]

    @property
    def ok(self) -> bool:
        return self.routine is not None and not self.problems
