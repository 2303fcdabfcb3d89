"""argparse's own words (usage, errors, help headings), in the language psoas shows.

argparse looks its words up with the gettext module's global ``_`` (the "messages" domain
of the system locale, which psoas never depends on). :func:`translate_argparse` points
argparse at psoas' catalog instead; the msgids below are argparse's own (Python 3.11 to
3.13), marked here so that extraction keeps them in the catalog.
"""

from __future__ import annotations

import argparse

from psoas_tui.text.i18n import N_, _, ngettext

ARGPARSE_WORDS = (
    N_("usage: "),
    N_("positional arguments"),
    N_("options"),
    N_("show this help message and exit"),
    N_("show program's version number and exit"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("unrecognized arguments: %s"),
    N_("the following arguments are required: %s"),
    N_("one of the arguments %s is required"),
    N_("expected one argument"),
    N_("expected at most one argument"),
    N_("expected at least one argument"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("invalid %(type)s value: %(value)r"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("%(prog)s: error: %(message)s\n"),
    N_("not allowed with argument %s"),
    N_("can't open '%(filename)s': %(error)s"),
)
COUNTED = (ngettext("expected %s argument", "expected %s arguments", 2),)


def translate_argparse() -> None:
    """Make argparse say its words through psoas' catalog."""
    argparse._ = _  # type: ignore[attr-defined]
    argparse.ngettext = ngettext  # type: ignore[attr-defined]
