"""Translation hooks: ``_`` and ``ngettext`` with named placeholders, never f-strings inside.

The language psoas shows is chosen once, at start (:func:`choose_language`: the ``--lang``
option, ``language`` in settings.toml, then LANGUAGE, LC_ALL, LC_MESSAGES, LANG, else
English), from the variables alone: never the system locale, which on many machines has
only C and C.UTF-8. Its catalog (``psoas_tui/locale/LANG/LC_MESSAGES/psoas.mo``, compiled
from the ``.po`` next to it) is read by psoas_tui.locale with the standard library's
``gettext`` the first time a word is looked up, once per language; English is the msgids
themselves.

What concerns a routine during a session (its cue words, spoken or shown) follows the
routine's language rather than the shown one: :func:`in_language` makes every look-up in
its block use another language, and :func:`translations_for` gives a language's catalog.

Strings that must be marked where they are defined, but translated only when shown (tables
of words built at import), are marked with :func:`N_`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING, NamedTuple, Protocol

if TYPE_CHECKING:  # gettext itself is imported with the first catalog: not for English
    pass


class Translations(Protocol):
    """What psoas asks of a catalog (``gettext.NullTranslations`` and its kind)."""

    def gettext(self, message: str, /) -> str: ...

    def ngettext(self, singular: str, plural: str, n: int, /) -> str: ...


class _English:
    """The msgids themselves: English, without importing gettext at start-up."""

    def gettext(self, message: str, /) -> str:
        return message

    def ngettext(self, singular: str, plural: str, n: int, /) -> str:
        return singular if n == 1 else plural


ENGLISH_WORDS: Translations = _English()

ENGLISH = "en"
# The languages psoas speaks: English (the msgids) and one catalog each for the others.
SUPPORTED = ("en", "nl")
# Written as "1,5" rather than "1.5".
DECIMAL_COMMA = frozenset({"nl"})
# The environment variables that name a language, highest first (as gettext reads them).
ENVIRONMENT = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")
# Locale names that say "no language in particular": English, without a warning.
_NEUTRAL = frozenset({"", "c", "posix"})

_language = ENGLISH
_within: ContextVar[str | None] = ContextVar("psoas_language", default=None)
_forced: Translations | None = None
_loaded: dict[str, Translations] = {}


def translations_for(language: str) -> Translations:
    """``language``'s catalog, read from disk the first time it is asked for; English (the
    msgids) for English, for a language psoas has no catalog of, or a missing file."""
    code = normalise(language) or ENGLISH
    if code == ENGLISH:
        return ENGLISH_WORDS
    found = _loaded.get(code)
    if found is None:
        from psoas_tui.locale import read_catalog  # the file is read there

        found = _loaded[code] = read_catalog(code)
    return found


def set_language(language: str) -> None:
    """Show every later word in ``language`` (a supported code: see :func:`choose_language`)."""
    global _language, _forced
    _language = normalise(language) or ENGLISH
    _forced = None


def language() -> str:
    """The language words are looked up in now: the block's (:func:`in_language`) or the
    one psoas shows."""
    return _within.get() or _language


def shown_language() -> str:
    """The language psoas shows (its chrome), whatever block the caller is in."""
    return _language


@contextmanager
def in_language(code: str) -> Iterator[None]:
    """Look every word up in ``code`` inside the block (a routine's words in its language)."""
    token = _within.set(normalise(code) or ENGLISH)
    try:
        yield
    finally:
        _within.reset(token)


def use(translations: Translations | None) -> None:
    """Make ``translations`` the ones every later look-up uses (None: the chosen language)."""
    global _forced
    _forced = translations


def _current() -> Translations:
    within = _within.get()
    if within is not None:
        return translations_for(within)
    if _forced is not None:
        return _forced
    return translations_for(_language)


def _(message: str) -> str:
    """``message`` in the active language."""
    return _current().gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The form of a counted phrase that fits ``count``, in the active language."""
    return _current().ngettext(singular, plural, count)


class Marked(str):
    """A marked template: its :meth:`format` translates it first, in the language active
    when it is formatted (so ``messages.NAME.format(...)`` is in the user's language)."""

    __slots__ = ()

    def format(self, /, *args: object, **kwargs: object) -> str:
        return _current().gettext(str(self)).format(*args, **kwargs)


def N_(message: str) -> str:
    """Mark ``message`` for extraction; it is translated later, where it is shown (with
    ``_()``, or by formatting it: ``N_("{count} s").format(count=3)`` is translated)."""
    return Marked(message)


def number(value: float, spec: str = "g") -> str:
    """``value`` formatted with ``spec``, with the active language's decimal separator."""
    text = format(value, spec)
    return text.replace(".", ",") if language() in DECIMAL_COMMA else text


# -- choosing the language -----------------------------------------------------------------


def normalise(value: str) -> str:
    """The language code of a locale name: ``nl`` for ``nl_NL.UTF-8``, ``nl-BE`` or ``NL``;
    "" for C and POSIX."""
    code = value.strip().split(".")[0].split("@")[0].replace("-", "_").split("_")[0].lower()
    return "" if code in _NEUTRAL else code


class Choice(NamedTuple):
    language: str
    # The language asked for that psoas has no translation of ("" when none was).
    unsupported: str = ""


def choose_language(
    option: str | None = None, setting: str | None = None, environ: Mapping[str, str] = {}
) -> Choice:
    """The language to show, highest first: ``option`` (``--lang``), ``setting``
    (settings.toml), then LANGUAGE (a colon-separated list: its first supported entry),
    LC_ALL, LC_MESSAGES and LANG; English when none names one. A language psoas does not
    have is English too, with the language named so the caller can say so."""
    for value in (option, setting):
        if value and value.strip():
            code = normalise(value)
            if code in SUPPORTED:
                return Choice(code)
            if code:
                return Choice(ENGLISH, code)
    for name in ENVIRONMENT:
        value = environ.get(name, "")
        if not value.strip():
            continue
        codes = (
            [normalise(part) for part in value.split(":")]
            if name == "LANGUAGE"
            else [normalise(value)]
        )
        codes = [code for code in codes if code]
        if not codes:
            if name == "LANGUAGE":
                continue  # LANGUAGE=C or empty entries: ask the next variable
            return Choice(ENGLISH)  # LC_ALL=C: English on purpose
        for code in codes:
            if code in SUPPORTED:
                return Choice(code)
        return Choice(ENGLISH, codes[0])
    return Choice(ENGLISH)
