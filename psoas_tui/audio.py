"""The names of the sound backends, listed once: settings, ``--audio`` and the cues use them.

A leaf module (no imports), so that the command line can offer the names without loading
any sound code.
"""

from __future__ import annotations

# The backends ``auto`` tries, in order; the terminal bell is the last resort.
AUTO_ORDER = ("simpleaudio", "miniaudio", "system", "bell")
# Every backend a user can name; ``off`` plays nothing.
BACKEND_NAMES = (*AUTO_ORDER, "off")
# What ``audio`` in settings.toml and ``psoas run --audio`` accept.
AUDIO_CHOICES = ("auto", *BACKEND_NAMES)


def spoken_list(names: tuple[str, ...]) -> str:
    """``a, b, c or d`` (for help texts)."""
    return f"{', '.join(names[:-1])} or {names[-1]}" if len(names) > 1 else "".join(names)
