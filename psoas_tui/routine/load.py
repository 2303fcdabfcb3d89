"""Load and validate routine files: every problem in a file, each with its line and column.

The checks themselves are :mod:`psoas_tui.routine.checker`'s; what a load gives is in
:mod:`psoas_tui.routine.problems` (both re-exported here).
"""

from __future__ import annotations

import errno
import os
import re
import tomllib
from pathlib import Path
from typing import TYPE_CHECKING

from psoas_tui.routine import messages
from psoas_tui.routine.checker import Checker, interval_count
from psoas_tui.routine.keys import (
    ID_PATTERN,
    MAX_FILE_BYTES,
)
from psoas_tui.routine.problems import LoadResult, Problem
from psoas_tui.routine.syntax import HUGE_NUMBER, deepest_nesting, position, syntax_problem
from psoas_tui.routine.text import clean_text

if TYPE_CHECKING:
    pass

KeyPath = tuple[str | int, ...]

_LANGUAGE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$")
_ID = re.compile(ID_PATTERN)


def load_routine(path: Path, *, bundled: bool = False, source: str | None = None) -> LoadResult:
    """Read and validate one routine file. Never raises for anything the file holds."""
    # File names are shown too, so they are cleaned like every other untrusted text.
    shown = clean_text(source if source is not None else str(path))
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except IsADirectoryError:
        return _fail(shown, messages.FOLDER_NOT_FILE.format())
    except FileNotFoundError:
        if path.is_symlink():
            return _fail(shown, _broken_link(path))
        return _fail(shown, messages.NO_SUCH_FILE.format())
    except OSError as error:
        if error.errno == errno.ELOOP:
            return _fail(shown, messages.LINK_LOOP.format())
        reason = clean_text(error.strerror or str(error))
        return _fail(shown, messages.CANNOT_READ.format(reason=reason))
    return parse_routine(data, source=shown, slug=clean_text(path.stem), path=path, bundled=bundled)


def parse_routine(
    data: bytes | str,
    *,
    source: str = "<routine>",
    slug: str = "routine",
    path: Path | None = None,
    bundled: bool = False,
) -> LoadResult:
    """Validate routine text. Returns problems or a routine; never raises for bad input."""
    raw = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data
    if len(raw) > MAX_FILE_BYTES:
        return _fail(source, messages.TOO_LARGE.format(kib=MAX_FILE_BYTES // 1024))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        col = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        return _fail(source, messages.NOT_UTF8.format(byte=raw[error.start]), line, col)
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        return _fail(source, *syntax_problem(str(error), text))
    except RecursionError:
        return _fail(source, messages.NESTED_TOO_DEEPLY.format(), *deepest_nesting(text))
    except ValueError as error:
        huge = HUGE_NUMBER.search(text)
        if huge is not None:
            line, col = position(text, huge.start())
            return _fail(source, messages.HUGE_NUMBER.format(), line, col)
        reason = clean_text(str(error))
        return _fail(source, messages.NOT_TOML.format(reason=reason))
    checker = Checker(source, text)
    routine = checker.routine(document, slug=slug, path=path, bundled=bundled, raw=raw)
    if checker.problems:
        problems = sorted(checker.problems)
        if checker.dropped:
            last = problems[-1]
            more = messages.MORE_PROBLEMS.format(count=checker.dropped)
            problems.append(Problem(last.line, last.col, more, source))
        return LoadResult(None, tuple(problems))
    return LoadResult(routine, ())


def _broken_link(path: Path) -> str:
    try:
        target = clean_text(os.readlink(path))
    except OSError:
        target = messages.UNKNOWN_LINK_TARGET.format()
    return messages.BROKEN_LINK.format(target=target)


def _fail(source: str, message: str, line: int = 1, col: int = 1) -> LoadResult:
    return LoadResult(None, (Problem(line, col, message, source),))


__all__ = ["LoadResult", "Problem", "interval_count", "load_routine", "parse_routine"]
