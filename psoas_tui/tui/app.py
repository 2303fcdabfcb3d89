"""The psoas app: built by :func:`make_app` from parts handed in from outside.

Tests give it a fake clock, a recording player and a temporary log; ``launch`` gives it the
real ones. The app owns no storage and no sound of its own.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import signal
import threading
from collections.abc import Callable, Iterable
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from rich.console import Console
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.theme import Theme

from psoas_tui.crash import save_crash_report, save_crash_text
from psoas_tui.errors import UserError
from psoas_tui.locations import Locations
from psoas_tui.plan import Plan
from psoas_tui.routine.catalog import Entry, all_entries
from psoas_tui.routine.text import clean_text
from psoas_tui.text.i18n import N_, _
from psoas_tui.tui.contracts import AsksBeforeQuit, EndsAtOnce, RedrawsView
from psoas_tui.tui.parts import Deferred, LogPart, PlayerPart, is_ready
from psoas_tui.tui.screens.home import HomeScreen
from psoas_tui.tui.themes import DEFAULT_THEME, THEMES

if TYPE_CHECKING:  # the engine is loaded when a session starts, not before home shows
    from psoas_tui.resume import Resuming
    from psoas_tui.routine.model import Routine
    from psoas_tui.runner import Failures
    from psoas_tui.session import Clock
    from psoas_tui.settings import Settings

SUSPEND_GAP_SECONDS = 5.0  # real seconds without a tick that mean the computer slept
BUILD_DELAY = 0.15  # seconds after the first frame before the log and player are built


def routine_commands() -> Any:
    """The palette's "Start: <routine>" provider, imported when the palette first opens
    (``textual.command`` is a noticeable part of the start-up otherwise)."""
    from psoas_tui.tui.palette import RoutineCommands

    return RoutineCommands


class PsoasApp(App[int]):
    """Home, session, summary and history screens over injected parts."""

    CSS_PATH = "psoas.tcss"
    TITLE = "psoas"
    SUB_TITLE = N_("hip-flexor workouts")
    COMMANDS = App.COMMANDS | {routine_commands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+z", "suspend_process", N_("Suspend"), show=False),
        Binding("f1", "show_keys", N_("Keys"), show=False),
        Binding("question_mark", "show_keys(True)", N_("Keys"), show=False),
    ]

    def __init__(
        self,
        *,
        settings: Settings,
        locations: Locations,
        clock: Clock,
        player: PlayerPart,
        log: LogPart,
        time_scale: float = 1.0,
        now: Callable[[], datetime] | None = None,
        persist_settings: Callable[[Settings], None] | None = None,
        load_entries: Callable[[Locations], list[Entry]] = all_entries,
        start_slug: str | None = None,
        exit_after_session: bool = False,
        resuming: Resuming | None = None,
        warnings: Iterable[str] = (),
        suspend_gap: float | None = SUSPEND_GAP_SECONDS,
        after_first_frame: Callable[[], None] | None = None,
        handle_signals: bool = False,
    ) -> None:
        super().__init__()
        self._handle_signals = handle_signals
        self.signal_number: int | None = None  # SIGTERM or SIGHUP that ended the app
        self._after_first_frame = after_first_frame
        self._early_warnings = list(warnings)
        self.suspend_gap = suspend_gap
        self.settings = settings
        self.locations = locations
        self.clock = clock
        self.player = player
        self.log_store = log
        self.time_scale = time_scale
        self.now = now or datetime.now
        self._persist_settings = persist_settings
        self._load_entries = load_entries
        self._entries: list[Entry] | None = None
        self.start_slug = start_slug
        self.exit_after_session = exit_after_session
        self.resuming = resuming  # ``psoas run ROUTINE --resume``: the cut-off session
        self.crash_path: Path | None = None  # crash.log, once an unhandled error stopped the app
        self.error_console = Console(
            file=CrashFile(self), markup=False, highlight=False, color_system=None, soft_wrap=True
        )
        self.parts_ready = False
        self._plans: dict[tuple[str, str], Plan] = {}
        for theme in THEMES:
            self.register_theme(theme)
        wanted = settings.theme or DEFAULT_THEME
        self.theme = wanted if wanted in self.available_themes else DEFAULT_THEME
        if settings.language:  # English needs no catalog: nothing is loaded for it
            from psoas_tui.tui.language import use_language

            use_language(settings.language)
        self.sub_title = _(self.SUB_TITLE)

    # -- start-up ------------------------------------------------------------------------

    def get_default_screen(self) -> Screen[Any]:
        if self.exit_after_session:
            return Screen(id="blank")  # ``psoas run``: no home behind the session
        return HomeScreen(id="home")

    def on_mount(self) -> None:
        if self._handle_signals:
            self._install_signal_handlers()
        self.theme_changed_signal.subscribe(self, self._theme_changed)
        if self._after_first_frame is not None:
            self.call_after_refresh(self._after_first_frame)
        if is_ready(self.log_store) and is_ready(self.player):
            self._parts_ready()
        else:
            # The first frame first (and time for the writer thread to put it on the
            # screen); then the log and the player are built in a thread.
            self.call_after_refresh(self.set_timer, BUILD_DELAY, self._start_building)
        if self.start_slug is not None:
            self.start_routine(self.start_slug, self.resuming)

    def _start_building(self) -> None:
        self.run_worker(self._build_parts, thread=True, exit_on_error=False)

    def _build_parts(self) -> None:
        failed = (
            (_("The session log could not start: {error}"), self.log_store),
            (_("Sound could not start: {error}"), self.player),
        )
        for message, part in failed:
            if isinstance(part, Deferred):
                try:
                    part.build()
                except Exception as error:
                    self.save_crash_report(error)
                    self.call_from_thread(self.warn, message.format(error=error))
        self.call_from_thread(self._parts_ready)

    def _parts_ready(self) -> None:
        """The log and the player exist: hook the bell, say what went wrong, show last done."""
        if self.parts_ready:
            return
        self.parts_ready = True
        with contextlib.suppress(Exception):
            self.player.bell_hook = self.flash_bell
        with contextlib.suppress(Exception):
            if self.log_store.warning:
                self._early_warnings.append(self.log_store.warning)
        for message in self._early_warnings:
            self.warn(message)
        for screen in self.screen_stack:
            if isinstance(screen, HomeScreen) and screen.is_mounted:
                screen.fill()

    def _install_signal_handlers(self) -> None:
        """SIGTERM and SIGHUP (the terminal went away) end the app as the plain runner
        ends: the session is logged as abandoned at once, the terminal is restored."""
        loop = asyncio.get_running_loop()
        for name in ("SIGTERM", "SIGHUP"):
            number = getattr(signal, name, None)
            if number is not None:
                with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                    loop.add_signal_handler(number, self.stop_for_signal, number)

    def stop_for_signal(self, number: int) -> None:
        """Log a session under way as abandoned now, then leave as ``exit`` does (the
        terminal back out of the alternate screen); ``launch`` returns 128 + ``number``."""
        if self.signal_number is None:
            self.signal_number = number
        for screen in reversed(self.screen_stack):
            if isinstance(screen, EndsAtOnce):
                try:
                    screen.abandon_now()
                except Exception as error:
                    self.save_crash_report(error)
        self.exit()

    # -- routines ------------------------------------------------------------------------

    def entries(self) -> list[Entry]:
        """The routine catalog, read from disk on first use and on :meth:`reload_entries`."""
        if self._entries is None:
            self._entries = self._load_entries(self.locations)
        return self._entries

    def reload_entries(self) -> list[Entry]:
        self._entries = None
        self._plans.clear()
        return self.entries()

    def outline_plan(self, entry: Entry) -> Plan | None:
        """The plan to show (sides in file order; the total is the same either way)."""
        routine = entry.result.routine
        if routine is None:
            return None
        key = (entry.slug, str(entry.path))
        if key not in self._plans:
            # As written: no budget, no tight side (what a session changes, plan_for and
            # the detail pane's fitted line say), so the coaching modules stay unloaded
            # until they are needed, off home's first frame.
            from psoas_tui.plan import build_plan

            self._plans[key] = build_plan(routine)
        return self._plans[key]

    def plan_for(self, routine: Routine) -> Plan:
        """The plan to run: alternating steps start on the other side from last time, fitted
        to the routine's remembered budget, the tight side's extra included (#17). A budget
        out of reach raises UserError."""
        from psoas_tui.runner import PlanOptions, prepare_plan

        log = self.log_store
        options = PlanOptions(
            past=log,
            budget=self.budget_for(routine.id),
            sides=log,
            asymmetry=self.settings.asymmetry,
        )
        return prepare_plan(routine, options, warn=self.warn)

    def budget_for(self, routine_id: str) -> int | None:
        """The time budget remembered for the routine (``--fit``, home's fit key)."""
        from psoas_tui.budgets import remembered_budget

        return remembered_budget(self.locations, routine_id)

    def set_budget(self, routine_id: str, seconds: int | None) -> bool:
        """Remember (None: forget) the routine's budget; False, said, when it cannot be."""
        from psoas_tui.budgets import remember_budget
        from psoas_tui.text.coaching import not_remembered

        try:
            remember_budget(self.locations, routine_id, seconds)
        except OSError as error:
            self.warn(not_remembered(str(error.strerror or error)))
            return False
        return True

    def start_routine(self, slug: str, resuming: Resuming | None = None) -> None:
        """Open the session screen for the routine ``slug`` (going on with ``resuming``)."""
        from psoas_tui.runner import resolve_routine
        from psoas_tui.tui.screens.session import SessionScreen

        if any(isinstance(screen, SessionScreen) for screen in self.screen_stack):
            self.notify(_("Finish or quit the running session first."), severity="warning")
            return
        try:
            routine = resolve_routine(
                slug, self.locations, catalog=lambda _: self.entries(), exact=True
            ).routine
            # UserError: a budget out of reach (a resumed session keeps its own plan).
            plan = resuming.plan if resuming is not None else self.plan_for(routine)
        except UserError as error:
            self.notify(str(error), severity="error", markup=False)
            if self.exit_after_session:
                self.exit(1)
            return
        if resuming is not None:
            self.push_screen(SessionScreen(resuming.plan, resuming=resuming))
            return
        self.push_screen(SessionScreen(plan))

    @property
    def failures(self) -> Failures:
        """How a session's failing parts are told (the runner's failure policy): a
        notification, and the traceback in crash.log."""
        from psoas_tui.runner import Failures

        return Failures(say=self.warn, keep=self.save_crash_report)

    # -- app-wide actions ----------------------------------------------------------------

    def action_open_history(self) -> None:
        from psoas_tui.tui.screens.history import HistoryScreen

        if not isinstance(self.screen, HistoryScreen):
            self.push_screen(HistoryScreen())

    def action_toggle_mute(self) -> None:
        muted = not self.player.muted
        try:
            self.player.set_muted(muted)
        except Exception as error:
            message = _("Could not change the sound: {error}").format(error=error)
            self.notify(message, severity="warning", markup=False)
            return
        self.notify(_("Sound off") if muted else _("Sound on"), timeout=2)
        self.screen.refresh_bindings()  # the key bar says "Unmute" while muted
        if isinstance(self.screen, RedrawsView):
            self.screen.refresh_view()

    def action_high_contrast(self) -> None:
        high = THEMES[0].name
        self.theme = DEFAULT_THEME if self.theme == high else high

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "show_keys" and parameters:  # ``?``: a key to type in a text field
            # Asked on every key bar refresh: the focused widget says whether it takes the
            # key (Input and TextArea do), with no import of TextArea (and tree-sitter)
            # into a session that never edits.
            focused = self.focused
            return focused is None or not focused.check_consume_key("question_mark", "?")
        return True

    def action_show_keys(self, typed: bool = False) -> None:
        """F1 and ``?``: the keys that act on the screen shown now."""
        from psoas_tui.tui.screens.keys import KeysScreen, screen_keys

        screen = self.screen
        if isinstance(screen, KeysScreen):
            return
        names = {
            "home": N_("Routines"),
            "session": N_("Session"),
            "history": N_("History"),
            "summary": N_("Summary"),
            "session-detail": N_("Session detail"),
            "Editor": N_("Editor"),
        }
        key = screen.id or type(screen).__name__.removesuffix("Screen")
        shown = _(names[key]) if key in names else key
        title = _("Keys: {screen}").format(screen=shown)
        self.push_screen(KeysScreen(title, screen_keys(screen)))

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        from psoas_tui.tui.palette import system_command_words

        for command in super().get_system_commands(screen):
            if command.title == "Keys":  # Textual's panel squeezes the screen; ours is a dialog
                yield SystemCommand(_("Keys"), _("The keys of this screen"), self.action_show_keys)
            else:
                title, help_text = system_command_words(command.title, command.help)
                yield SystemCommand(title, help_text, command.callback, command.discover)
        yield SystemCommand(
            _("History"), _("Past sessions, streak and per-side trend"), self.action_open_history
        )
        yield SystemCommand(
            _("Toggle mute"), _("Turn the sound cues off or on"), self.action_toggle_mute
        )
        yield SystemCommand(
            _("High contrast"),
            _("Switch the high-contrast theme on or off"),
            self.action_high_contrast,
        )
        from psoas_tui.tui.palette import reminders_command

        yield reminders_command(self)
        from psoas_tui.tui.language import LANGUAGE_NAMES

        for code, language in LANGUAGE_NAMES.items():
            yield SystemCommand(
                _("Language: {language}").format(language=language),
                _("Show psoas in {language}, now and from now on").format(language=language),
                partial(self.action_language, code),
            )

    def action_language(self, code: str) -> None:
        """The palette's "Language": switch the running app and keep the choice."""
        from psoas_tui.tui.language import switch_language

        switch_language(self, code)

    def action_command_palette(self) -> None:
        """Textual's palette with its placeholder in the UI language."""
        from textual.command import CommandPalette

        if self.use_command_palette and not CommandPalette.is_open(self):  # type: ignore[arg-type]
            placeholder = _("Search for commands…")
            self.push_screen(CommandPalette(id="--command-palette", placeholder=placeholder))

    def search_themes(self) -> None:
        """The themes, by their names in the UI language."""
        from textual.command import CommandPalette

        from psoas_tui.tui.palette import ThemeNames

        self.push_screen(
            CommandPalette(providers=[ThemeNames], placeholder=_("Search for themes…"))
        )

    def save_settings(self) -> None:
        """Write the settings as they are now (when the app was given a way to)."""
        if self._persist_settings is not None:
            self._persist_settings(self.settings)

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Every notification passes through ``clean_text``: messages name files and
        routines, and a file name may hold escape sequences."""
        super().notify(
            clean_text(message, multiline=True),
            title=clean_text(title),
            severity=severity,
            timeout=timeout,
            markup=markup,
        )

    def warn(self, message: str) -> None:
        """Show a warning from any thread (the player warns from its worker)."""
        if threading.get_ident() != self._thread_id:
            self.call_from_thread(self.warn, message)
            return
        self.notify(message, severity="warning", timeout=10, markup=False)

    async def action_quit(self) -> None:
        """Ctrl-Q and the palette's Quit: a session under way asks first, as q does."""
        for screen in reversed(self.screen_stack):
            if isinstance(screen, AsksBeforeQuit) and screen.ask_before_app_quit():
                return
        self.exit()

    def flash_bell(self) -> None:
        """The player's last resort: ring the terminal bell. (Every cue is seen as well:
        the session screen flashes its phase band on each, with sound or without.)"""
        if threading.get_ident() != self._thread_id:
            self.call_from_thread(self.flash_bell)
            return
        self.bell()

    def _theme_changed(self, theme: Theme) -> None:
        if self.settings.theme == theme.name:
            return
        try:
            self.settings = self.settings._replace(theme=theme.name)
            if self._persist_settings is not None:
                self._persist_settings(self.settings)
        except Exception as error:
            message = _("Could not save the theme: {error}").format(error=error)
            self.notify(message, severity="warning", markup=False)

    # -- failures ------------------------------------------------------------------------

    def save_crash_report(self, error: BaseException) -> Path | None:
        return save_crash_report(self.locations.data, error)

    def save_crash_text(self, text: str) -> Path | None:
        """Append ``text`` to crash.log in the data folder; its path, or None if unwritable."""
        return save_crash_text(self.locations.data, text)


class CrashFile(io.TextIOBase):
    """The app's ``error_console`` writes here: the traceback Textual prints as an
    unhandled error stops the app goes to crash.log, and ``launch`` prints one line
    about it, never the traceback (tests/test_tui_crash.py pins that Textual prints it
    through ``error_console``)."""

    def __init__(self, app: PsoasApp) -> None:
        super().__init__()
        self._app = app

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        if text.strip():
            path = self._app.save_crash_text(text)
            self._app.crash_path = self._app.crash_path or path
        return len(text)


# The app factory of STYLE.md: every part comes from outside (tests pass fakes for the
# clock, player and log); ``suspend_gap`` is the real seconds without a tick that mean the
# computer slept (None: never). The class's keyword-only constructor is the factory.
make_app = PsoasApp
