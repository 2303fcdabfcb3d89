"""Rich consoles for plain command output. Rich honours NO_COLOR by itself."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console


def console(stderr: bool = False) -> Console:
    from rich.console import Console

    made = Console(stderr=stderr, highlight=False, markup=False, emoji=False)
    made.on_broken_pipe = reader_went_away  # type: ignore[method-assign]
    return made


def reader_went_away() -> None:
    """Rich exits 1 when the reader goes away; for psoas that is the reader's choice
    (``psoas list | head``), not an error: ``cli.main`` ends it with 0."""
    raise BrokenPipeError
