"""The app's language: switch it in a running app, and words in a routine's language.

English is the msgids themselves: choosing it loads no catalog (start-up stays as it
was). Another language loads its compiled catalog once, the first time it is asked for.
Screens relabel themselves through :class:`~psoas_tui.tui.contracts.Relabels`; the key
bar, the help dialog and the editor's footer look binding descriptions up when shown.
"""

from __future__ import annotations

import gettext
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache, wraps
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar

from psoas_tui.text import i18n

if TYPE_CHECKING:
    from psoas_tui.tui.app import PsoasApp

ENGLISH = "en"
# Each language in its own words: the palette's "Language: Nederlands" reads the same in
# every UI language, so a user who cannot read the current one still finds theirs.
LANGUAGE_NAMES = {"en": "English", "nl": "Nederlands"}

P = ParamSpec("P")
R = TypeVar("R")

_current = ENGLISH  # the UI language switched to last (the chrome's words)


def supported(code: str) -> bool:
    return code in LANGUAGE_NAMES


def current_language() -> str:
    """The UI language: the code last given to :func:`use_language`."""
    return _current


@cache
def translations_for(code: str) -> gettext.NullTranslations:
    """The translations of ``code`` (English, or a language without a catalog: the
    msgids themselves), as the text layer reads them: once, on first use."""
    if code == ENGLISH or not supported(code):
        return gettext.NullTranslations()
    return i18n.translations_for(code)


def use_language(code: str) -> str:
    """Make ``code`` the UI language for every later look-up (the text layer's
    :func:`~psoas_tui.text.i18n.set_language`); the code now in use (English for a
    language psoas does not have)."""
    global _current
    code = code if supported(code) else ENGLISH
    i18n.set_language(code)
    _current = code
    return code


@contextmanager
def words_in(code: str) -> Iterator[None]:
    """Look words up in ``code`` inside the block (a routine's own language: its phase,
    side and cue words), then in the UI language again."""
    if code == _current or not supported(code):
        yield
        return
    with i18n.in_language(code):
        yield


def switch_language(app: PsoasApp, code: str, *, persist: bool = True) -> None:
    """Switch the running ``app`` to ``code``: every screen on the stack relabels itself,
    every key bar and footer redraws, and (``persist``) settings.toml keeps the choice."""
    from psoas_tui.tui.contracts import Relabels

    code = use_language(code)
    if persist and app.settings.language != code:
        try:
            app.settings = app.settings._replace(language=code)
            app.save_settings()
        except Exception as error:
            message = i18n._("Could not save the language: {error}").format(error=error)
            app.notify(message, severity="warning", markup=False)
    app.sub_title = i18n._(app.SUB_TITLE)
    for screen in app.screen_stack:
        if isinstance(screen, Relabels):
            screen.relabel()
        screen.refresh_bindings()
        _redraw(screen)


def _redraw(screen: Any) -> None:
    """Widgets that draw their words in ``render`` (the key bar) draw them again; the
    editor's Textual footer builds its keys again."""
    from textual.widgets import Footer

    for widget in screen.walk_children(with_self=False):
        widget.refresh(recompose=isinstance(widget, Footer))


def in_routine_language(method: Callable[P, R]) -> Callable[P, R]:
    """Run a session screen's drawing method with the words of its routine's language
    (``self.plan.routine.language``): the phase, side, count and cue words follow the
    routine, while keys, dialogs and toasts (drawn elsewhere) follow the UI language."""

    @wraps(method)
    def drawing(*args: P.args, **kwargs: P.kwargs) -> R:
        language = getattr(getattr(getattr(args[0], "plan", None), "routine", None), "language", "")
        with words_in(language or ENGLISH):
            return method(*args, **kwargs)

    return drawing
