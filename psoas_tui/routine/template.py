"""The starter routine that ``psoas new`` writes (with tomli-w) and the editor starts from."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import tomli_w

from psoas_tui.errors import UserError
from psoas_tui.locations import Locations, bundled_schema
from psoas_tui.routine import messages
from psoas_tui.routine.save import create_bytes, save_bytes
from psoas_tui.routine.text import clean_text, slugify
from psoas_tui.text.i18n import shown_language

SCHEMA_FILE = "routine.schema.json"
SCHEMA_LINE = f"#:schema ./{SCHEMA_FILE}\n"
# The top-level keys a starter leaves out, as comments to uncomment (docs/routines.md).
OPTIONAL_TOP_KEYS = """\
# id = "{slug}"  # keep it when you write this routine in another language too
# adapt = false  # no longer hold for your tighter side in this routine
"""
# The same in Dutch, for a Dutch starter.
OPTIONAL_TOP_KEYS_NL = """\
# id = "{slug}"  # laat staan als je deze routine ook in een andere taal schrijft
# adapt = false  # in deze routine je stijvere kant niet langer vasthouden
"""


def template_document(name: str, language: str = "en") -> dict[str, Any]:
    """The starter routine, written in ``language`` (English, or Dutch for "nl")."""
    if language == "nl":
        return _dutch_document(name)
    return {
        "schema": 1,
        "name": name,
        "summary": "My own hip flexor routine. Change the steps to suit you.",
        "tags": ["custom"],
        "defaults": {"get_ready": 5, "switch": 5, "rest": 15, "start_side": "alternate"},
        "steps": [
            {
                "name": "Half-kneeling hip flexor stretch",
                "kind": "timed",
                "duration": 40,
                "per_side": True,
                "stretch": True,
                "how": "Kneel on one knee, tuck the pelvis under and shift forward gently.\n"
                "It should pull at the front of the hip, never hurt.",
            },
            {
                "name": "Standing knee drive",
                "kind": "reps",
                "reps": 10,
                "tempo": 2,
                "per_side": True,
                "sets": 2,
                "optional": True,
                "how": "Drive one knee up to hip height and lower it with control.",
            },
        ],
    }


def _dutch_document(name: str) -> dict[str, Any]:
    return {
        "schema": 1,
        "name": name,
        "language": "nl",
        "summary": "Mijn eigen routine voor de heupbuigers. Pas de oefeningen aan zoals jij wilt.",
        "tags": ["eigen"],
        "defaults": {"get_ready": 5, "switch": 5, "rest": 15, "start_side": "alternate"},
        "steps": [
            {
                "name": "Heupbuigers rekken in halfknielende stand",
                "kind": "timed",
                "duration": 40,
                "per_side": True,
                "stretch": True,
                "how": "Zet één knie op de mat, kantel je bekken naar achteren en schuif "
                "rustig naar voren.\nJe voelt het trekken aan de voorkant van je heup; "
                "pijn doet het niet.",
            },
            {
                "name": "Knie heffen in stand",
                "kind": "reps",
                "reps": 10,
                "tempo": 2,
                "per_side": True,
                "sets": 2,
                "optional": True,
                "how": "Breng één knie op tot heuphoogte en laat hem rustig weer zakken.",
            },
        ],
    }


def template_text(name: str, language: str | None = None) -> str:
    """The starter's file text, in ``language`` (default: the language psoas shows)."""
    code = shown_language() if language is None else language
    cleaned = clean_text(name)
    body = tomli_w.dumps(template_document(cleaned, code), multiline_strings=True)
    top_keys = OPTIONAL_TOP_KEYS_NL if code == "nl" else OPTIONAL_TOP_KEYS
    comments = top_keys.format(slug=slugify(cleaned))
    body = body.replace("\n\n[defaults]\n", f"\n\n{comments}\n[defaults]\n", 1)
    return SCHEMA_LINE + body


def ensure_schema_copy(folder: Path) -> None:
    """Put the JSON Schema beside user routines so the ``#:schema`` line resolves."""
    target = folder / SCHEMA_FILE
    source = bundled_schema()
    if source.is_file():
        data = source.read_bytes()
        if not target.exists() or target.read_bytes() != data:
            save_bytes(target, data, keep_backup=False)


def write_new_routine(name: str, locations: Locations) -> Path:
    cleaned = clean_text(name)
    if not cleaned:
        raise UserError(messages.NEW_NEEDS_NAME.format(), 2)
    folder = locations.routines
    try:
        folder.mkdir(parents=True, exist_ok=True)
        ensure_schema_copy(folder)
        path = folder / f"{slugify(cleaned)}.toml"
        create_bytes(path, template_text(cleaned).encode("utf-8"))
    except FileExistsError:
        raise UserError(
            messages.NEW_EXISTS.format(path=clean_text(str(path)), slug=clean_text(path.stem))
        ) from None
    except OSError as error:
        raise UserError(
            messages.CANNOT_WRITE_INTO.format(folder=clean_text(str(folder)), reason=error.strerror)
        ) from None
    return path


__all__ = ["SCHEMA_LINE", "ensure_schema_copy", "template_text", "write_new_routine"]
