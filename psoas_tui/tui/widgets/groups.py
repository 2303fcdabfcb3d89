"""Containers that draw nothing of their own: the session screen's groups.

Textual draws again every widget whose parent holds a changed one, containers included,
each line through its styles cache. These groups have no border and no content, only
(at most) a background, so ``BLANK`` lets Textual give blank lines of that background
at once. The session screen redraws its clock every second; this is a good part of what
keeps it cheap (``benchmarks/tui.py``).
"""

from __future__ import annotations

from textual.containers import Horizontal, Vertical


class Group(Vertical):
    """A vertical group of widgets, drawn as its background alone."""

    BLANK = True


class Row(Horizontal):
    """A horizontal row of widgets, drawn as its background alone."""

    BLANK = True
