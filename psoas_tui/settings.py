"""User settings: ``settings.toml`` in the user config folder (or under ``PSOAS_HOME``).

A missing file means the defaults. Every problem in the file is reported as
``PATH:LINE:COL: message`` (unknown keys with a "did you mean"), and a bad value falls back
to its default, so a typo never stops a workout. No Textual here.
"""

from __future__ import annotations

import contextlib
import difflib
import os
import tempfile
import tomllib
from typing import Any, NamedTuple

from psoas_tui.audio import AUDIO_CHOICES
from psoas_tui.locations import Locations
from psoas_tui.routine.load import Problem
from psoas_tui.routine.syntax import syntax_problem
from psoas_tui.routine.text import clean_text, shorten
from psoas_tui.text.i18n import _

MAX_SETTINGS_BYTES = 64 * 1024


class Settings(NamedTuple):  # not a dataclass: see routine/model.py
    audio: str = "auto"  # auto | simpleaudio | miniaudio | system | bell | off
    volume: int = 80  # 0..100
    mute: bool = False
    speech: bool = True  # spoken step names, counts and cues (needs espeak-ng)
    countdown: int = 3  # 0..10 seconds of 3-2-1
    theme: str = "textual-dark"  # the TUI's theme; "psoas-high-contrast" is one choice
    media_buttons: bool = True  # a session answers earbud and media keys (MPRIS on D-Bus)
    asymmetry: str = "auto"  # auto: the tight side holds longer (docs/coaching.md) | off
    language: str = ""  # "nl", "en"; "" = from the environment (LANGUAGE, LC_ALL, ..., LANG)


KEYS = Settings._fields
RANGES = {"volume": (0, 100), "countdown": (0, 10)}
CHOICES = {"audio": AUDIO_CHOICES, "asymmetry": ("auto", "off")}


def load_settings(locations: Locations) -> tuple[Settings, tuple[Problem, ...]]:
    """Read ``locations.settings_file``; never raises for anything the file holds."""
    path = locations.settings_file
    source = clean_text(str(path))  # shown in every problem: folder names come from outside
    try:
        with open(path, "rb") as handle:
            raw = handle.read(MAX_SETTINGS_BYTES + 1)
    except FileNotFoundError:
        return Settings(), ()
    except IsADirectoryError:
        return Settings(), (
            Problem(1, 1, "this is a folder, not a settings file: remove it", source),
        )
    except OSError as error:
        reason = clean_text(error.strerror or str(error))
        return Settings(), (
            Problem(
                1,
                1,
                _("cannot read settings ({reason}): check its permissions; using defaults").format(
                    reason=reason
                ),
                source,
            ),
        )
    return parse_settings(raw, source=source)


def parse_settings(
    data: bytes | str, *, source: str = "settings.toml"
) -> tuple[Settings, tuple[Problem, ...]]:
    """Validate settings text: the settings (defaults where a value is bad) and problems.

    Every string that reaches a message or the settings (found values, keys, names) goes
    through ``clean_text`` first, as routine text does."""
    source = clean_text(source)
    raw = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data
    if len(raw) > MAX_SETTINGS_BYTES:
        message = _("settings file is larger than {kib} KiB; using defaults").format(
            kib=MAX_SETTINGS_BYTES // 1024
        )
        return Settings(), (Problem(1, 1, message, source),)
    try:
        text = raw.decode("utf-8")
        document = tomllib.loads(text)
    except UnicodeDecodeError:
        return Settings(), (
            Problem(1, 1, _("settings are not UTF-8 text: save the file as UTF-8"), source),
        )
    except tomllib.TOMLDecodeError as error:
        message, line, col = syntax_problem(str(error), text)
        message = _("{problem}; using defaults").format(problem=message)
        return Settings(), (Problem(line, col, message, source),)
    except (RecursionError, ValueError) as error:
        message = clean_text(str(error)) or _("unreadable value")
        message = _("{problem}; using defaults").format(problem=message)
        return Settings(), (Problem(1, 1, message, source),)
    from psoas_tui.routine.locate import KeyLocator  # only for a file that exists

    locator = KeyLocator(text)
    problems: list[Problem] = []

    def report(key: str, message: str) -> None:
        line, col = locator.find((key,))
        problems.append(Problem(line, col, message, source))

    values: dict[str, Any] = {}
    defaults = Settings()
    for key, value in document.items():
        if key not in KEYS:
            hint = difflib.get_close_matches(key, KEYS, n=1, cutoff=0.6)
            tip = (
                _('; did you mean "{match}"?').format(match=hint[0])
                if hint
                else _("; expected one of: {keys}").format(keys=", ".join(KEYS))
            )
            report(key, _("unknown setting {key}{tip}").format(key=shorten(key), tip=tip))
            continue
        default = getattr(defaults, key)
        if key in CHOICES:
            choices = CHOICES[key]
            if isinstance(value, str) and value.strip().lower() in choices:
                values[key] = value.strip().lower()
            else:
                hint = (
                    difflib.get_close_matches(value.lower(), choices, n=1, cutoff=0.5)
                    if isinstance(value, str)
                    else []
                )
                tip = _('; did you mean "{match}"?').format(match=hint[0]) if hint else ""
                report(
                    key,
                    _(
                        '{key} must be one of {choices}, found {found}{tip}; using "{default}"'
                    ).format(
                        key=key,
                        choices=", ".join(choices),
                        found=shorten(value),
                        tip=tip,
                        default=default,
                    ),
                )
        elif isinstance(default, bool):
            if isinstance(value, bool):
                values[key] = value
            else:
                report(
                    key,
                    _("{key} must be true or false, found {found}; using {default}").format(
                        key=key, found=shorten(value), default=default
                    ),
                )
        elif isinstance(default, int):
            low, high = RANGES[key]
            if isinstance(value, int) and not isinstance(value, bool) and low <= value <= high:
                values[key] = value
            else:
                report(
                    key,
                    _(
                        "{key} must be a whole number from {low} to {high}, found {found}; "
                        "using {default}"
                    ).format(key=key, low=low, high=high, found=shorten(value), default=default),
                )
        else:
            cleaned = clean_text(value) if isinstance(value, str) else ""
            # An empty language means "follow the environment" (LANGUAGE, LC_ALL, ..., LANG).
            if isinstance(value, str) and (cleaned or key == "language") and len(cleaned) <= 60:
                values[key] = cleaned
            else:
                report(
                    key,
                    _('{key} must be a name in quotes, found {found}; using "{default}"').format(
                        key=key, found=shorten(value), default=default
                    ),
                )
    return defaults._replace(**values), tuple(sorted(problems))


def save_settings(locations: Locations, settings: Settings) -> None:
    """Write ``settings.toml`` atomically: a temporary file, fsync, then rename over."""
    import tomli_w

    path = locations.settings_file
    path.parent.mkdir(parents=True, exist_ok=True)
    body = "# psoas settings; see docs/sound.md for what each key does\n" + tomli_w.dumps(
        settings._asdict()
    )
    fd, tmp = tempfile.mkstemp(prefix=".settings-", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(body)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    with contextlib.suppress(OSError):
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
