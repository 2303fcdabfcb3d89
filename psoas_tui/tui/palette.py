"""Command palette entries: start any routine by name (names are shown as plain text),
Textual's own commands and the themes in the UI language."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from textual.app import SystemCommand
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.fuzzy import Matcher
from textual.theme import ThemeProvider

from psoas_tui.text.i18n import N_, _

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
            title = _start(name)
            yield DiscoveryHit(
                Content(title),
                partial(app.start_routine, slug),
                text=title,
                help=_("Run the routine {slug}").format(slug=slug),
            )

    async def search(self, query: str) -> Hits:
        app: PsoasApp = self.app  # type: ignore[assignment]
        matcher = self.matcher(query)
        for slug, name in self._choices():
            title = _start(name)
            score = matcher.match(title)
            if score > 0:
                yield Hit(
                    score,
                    _highlight(title, matcher),
                    partial(app.start_routine, slug),
                    text=title,
                    help=_("Run the routine {slug}").format(slug=slug),
                )


def _start(name: str) -> str:
    return _("Start: {routine}").format(routine=name)


# Textual's own palette commands (App.get_system_commands), title and help, as msgids.
SYSTEM_COMMANDS = {
    "Theme": N_("Theme"),
    "Change the current theme": N_("Change the current theme"),
    "Quit": N_("Quit"),
    "Quit the application as soon as possible": N_("Quit psoas"),
    "Minimize": N_("Minimize"),
    "Minimize the widget and restore to normal size": N_("Make the widget its normal size again"),
    "Maximize": N_("Maximize"),
    "Maximize the focused widget": N_("Let the focused widget fill the screen"),
    "Screenshot": N_("Screenshot"),
    "Save an SVG 'screenshot' of the current screen": N_(
        "Save a picture (SVG) of the screen as it is now"
    ),
}

# The themes' names as shown in the theme picker; a theme not here shows its own name.
THEME_NAMES = {
    "psoas-high-contrast": N_("psoas high contrast"),
    "textual-dark": N_("Textual dark"),
    "textual-light": N_("Textual light"),
}


def system_command_words(title: str, help_text: str) -> tuple[str, str]:
    """A Textual system command's title and help in the UI language (one psoas does not
    know keeps Textual's words)."""
    return (
        _(SYSTEM_COMMANDS[title]) if title in SYSTEM_COMMANDS else title,
        _(SYSTEM_COMMANDS[help_text]) if help_text in SYSTEM_COMMANDS else help_text,
    )


def theme_name(name: str) -> str:
    """A theme's name in the UI language."""
    return _(THEME_NAMES[name]) if name in THEME_NAMES else name


class ThemeNames(ThemeProvider):
    """Textual's theme picker with the names in the UI language."""

    @property
    def commands(self) -> list[tuple[str, Callable[[], None]]]:
        def set_theme(name: str) -> None:
            self.app.theme = name

        names = sorted(self.app.available_themes)
        return [(theme_name(name), partial(set_theme, name)) for name in names]


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


def reminders_command(app: PsoasApp) -> SystemCommand:
    """ "Reminders": their status, and turning them on or off (tui/screens/reminders.py)."""

    def open_reminders() -> None:
        from psoas_tui.tui.screens.reminders import RemindersScreen

        if not isinstance(app.screen, RemindersScreen):
            app.push_screen(RemindersScreen())

    return SystemCommand(
        _("Reminders"),
        _("Desk-break reminders: their status; turn them on or off"),
        open_reminders,
    )
