"""Sound cues: engine events in, short sounds out, on one backend with graceful fallback.

``open_player(settings)`` picks a backend (``auto``: simpleaudio, miniaudio, a system player,
then the terminal bell), and returns a :class:`Player`, a Session listener that never
raises and never blocks. See docs/sound.md.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from psoas_tui.audio import AUTO_ORDER, BACKEND_NAMES
from psoas_tui.cues.backends import Backend, make_backend
from psoas_tui.cues.player import Player
from psoas_tui.cues.sounds import CUE_NAMES, Sound
from psoas_tui.settings import Settings
from psoas_tui.text.i18n import _

SPEECH_ENV = "PSOAS_SPEECH"  # "off" or "on": over the setting, under --speak/--no-speak

__all__ = [
    "AUTO_ORDER",
    "BACKEND_NAMES",
    "CUE_NAMES",
    "SPEECH_ENV",
    "Player",
    "Sound",
    "backend_chain",
    "open_player",
]


def _no_warning(message: str) -> None:
    return None


def speech_wanted(settings: Settings, speech: bool | None) -> bool:
    """Whether to speak: ``--speak``/``--no-speak`` first, then ``PSOAS_SPEECH`` (the test
    suite sets it to "off"), then the ``speech`` setting (on by default)."""
    if speech is not None:
        return speech
    value = os.environ.get(SPEECH_ENV, "").strip().lower()
    if value in ("0", "off", "false", "no"):
        return False
    if value in ("1", "on", "true", "yes"):
        return True
    return settings.speech


def backend_chain(name: str) -> list[Backend]:
    """The backends to try for ``name``: ``auto`` is the whole chain; a forced backend falls
    back only to the bell; ``off`` is none."""
    if name == "off":
        return []
    if name == "auto":
        return [make_backend(n) for n in AUTO_ORDER]
    if name == "bell":
        return [make_backend("bell")]
    return [make_backend(name), make_backend("bell")]


def open_player(
    settings: Settings,
    *,
    backend: str | None = None,
    mute: bool | None = None,
    speech: bool | None = None,
    warn: Callable[[str], None] = _no_warning,
    cache_dir: Path | None = None,
) -> Player:
    """A Player for ``settings``; ``backend``, ``mute`` and ``speech`` override them
    (the command line's ``--audio``, ``--mute`` and ``--speak``/``--no-speak``)."""
    name = (backend or settings.audio or "auto").strip().lower()
    off_reason = None
    if name not in BACKEND_NAMES and name != "auto":
        warn(
            _("unknown audio backend {name}; choose from auto, {choices}").format(
                name=repr(name), choices=", ".join(BACKEND_NAMES)
            )
        )
        name = "auto"
    if name == "off":
        off_reason = "--audio off" if backend else 'audio = "off" in settings'
    return Player(
        backend_chain(name),
        volume=settings.volume,
        muted=settings.mute if mute is None else mute,
        speech=speech_wanted(settings, speech),
        warn=warn,
        off_reason=off_reason,
        cache_dir=cache_dir,
    )
