"""Keep libasound quiet: it prints errors straight to file descriptor 2, which is the screen.

:func:`quiet_alsa` installs a no-op error handler with ``snd_lib_error_set_handler`` through
ctypes. It must run before the first audio call (simpleaudio and miniaudio share the one
libasound in the process, so the handler covers both). File descriptor 2 is never
redirected: Textual draws on it.
"""

from __future__ import annotations

import sys
import threading
from typing import Any

_LOCK = threading.Lock()
_INSTALLED: tuple[Any, Any] | None = None  # (library, callback): kept alive for the process


def _ignore(file: bytes, line: int, function: bytes, err: int, fmt: bytes) -> None:
    return None


def quiet_alsa() -> bool:
    """Install the no-op handler once. True when libasound is present and now quiet."""
    global _INSTALLED
    with _LOCK:
        if _INSTALLED is not None:
            return True
        if not sys.platform.startswith("linux"):
            return False
        import ctypes  # only when sound starts: a session with sound off never loads it
        import ctypes.util

        library = None
        for name in ("libasound.so.2", ctypes.util.find_library("asound")):
            if not name:
                continue
            try:
                library = ctypes.CDLL(name)
                break
            except OSError:
                continue
        if library is None:
            return False
        # void (*snd_lib_error_handler_t)(const char *file, int line, const char *function,
        #                                 int err, const char *fmt, ...): the tail unread.
        handler_type = ctypes.CFUNCTYPE(
            None, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p
        )
        callback = handler_type(_ignore)
        try:
            library.snd_lib_error_set_handler(callback)
        except AttributeError:
            return False
        _INSTALLED = (library, callback)
        return True
