"""A logged session in words: its status."""

from __future__ import annotations

from psoas_tui.text.i18n import N_, _

# One display word per status, in the app and in the CLI's tables alike. The stored values
# stay the file format of exports and JSON.
STATUS_WORDS = {
    "running": N_("running"),
    "completed": N_("done"),
    "abandoned": N_("stopped"),
    "interrupted": N_("cut off"),
}
# Wide enough for the longest word in any language psoas speaks (Dutch "afgebroken").
STATUS_WIDTH = 10


def status_word(status: str) -> str:
    """The word a person reads for a stored status (an unknown one is shown as it is)."""
    word = STATUS_WORDS.get(status)
    return _(word) if word is not None else status
