"""Translation hooks: ``_`` and ``ngettext`` with named placeholders, never f-strings inside.

The active translations are English (the msgids themselves) until a catalog is installed
with :func:`use`. Strings that must be marked where they are defined, but translated only
when shown (tables of words built at import), are marked with :func:`N_`.
"""

from __future__ import annotations

import gettext as _gettext

_active: _gettext.NullTranslations = _gettext.NullTranslations()


def use(translations: _gettext.NullTranslations) -> None:
    """Make ``translations`` the ones every later look-up uses."""
    global _active
    _active = translations


def _(message: str) -> str:
    """``message`` in the active language."""
    return _active.gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The form of a counted phrase that fits ``count``, in the active language."""
    return _active.ngettext(singular, plural, count)


def N_(message: str) -> str:
    """Mark ``message`` for extraction; it is translated later, where it is shown."""
    return message
