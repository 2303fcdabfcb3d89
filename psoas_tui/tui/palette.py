"""Command palette entries: start any routine by name (names are shown as plain text)."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.fuzzy import Matcher

if TYPE_CHECKING:
    from psoas_tui.tui.app import PsoasApp


class RoutineCommands(Provider):
    """``Start: <routine>`` for every valid routine."""

    def _choices(self) -> list[tuple[str, str]]:
        app: PsoasApp = self.app  # type: ignore[assignment]
        return [
            (entry.slug, entry.result.routine.name)
            for entry in app.entries()
            if entry.result.routine is not None
        ]

    async def discover(self) -> Hits:
        app: PsoasApp = self.app  # type: ignore[assignment]
        for slug, name in self._choices():
            yield DiscoveryHit(
                Content(f"Start: {name}"),
                partial(app.start_routine, slug),
                text=f"Start: {name}",
                help=f"Run the routine {slug}",
            )

    async def search(self, query: str) -> Hits:
        app: PsoasApp = self.app  # type: ignore[assignment]
        matcher = self.matcher(query)
        for slug, name in self._choices():
            title = f"Start: {name}"
            score = matcher.match(title)
            if score > 0:
                yield Hit(
                    score,
                    _highlight(title, matcher),
                    partial(app.start_routine, slug),
                    text=title,
                    help=f"Run the routine {slug}",
                )


def _highlight(text: str, matcher: Matcher) -> Content:
    """Like ``Matcher.highlight`` but treating ``text`` as plain text, never markup."""
    content = Content(text)
    score, offsets = matcher.fuzzy_search.match(matcher.query, text)
    if not score:
        return content
    for offset in offsets:
        if not text[offset].isspace():
            content = content.stylize("bold reverse", offset, offset + 1)
    return content
