"""The translation catalogs: ``LANG/LC_MESSAGES/psoas.po`` (kept in the repository, edited by
translators) and the ``psoas.mo`` compiled from it (shipped in the wheel). See
docs/translating.md. This module reads them; psoas_tui.text.i18n decides when."""

from __future__ import annotations

import gettext
from pathlib import Path

DOMAIN = "psoas"
FOLDER = Path(__file__).resolve().parent


def catalog_path(language: str) -> Path:
    return FOLDER / language / "LC_MESSAGES" / f"{DOMAIN}.mo"


def read_catalog(language: str) -> gettext.NullTranslations:
    """``language``'s compiled catalog; the msgids themselves (English) when there is none."""
    try:
        with open(catalog_path(language), "rb") as handle:
            return gettext.GNUTranslations(handle)
    except (OSError, ValueError):  # no such file, or not a catalog
        return gettext.NullTranslations()
