"""Where a routine file's TOML goes wrong: a syntax error, a number or nesting too big.

tomllib says what is wrong in its own words with the position at the end; these helpers
turn that into a problem message and a line and column. (Positions of keys in a file that
parses are found by psoas_tui.routine.locate, which is loaded only when a problem needs it.)
"""

from __future__ import annotations

import re

from psoas_tui.routine import messages
from psoas_tui.routine.text import clean_text

HUGE_NUMBER = re.compile(r"[0-9_]{1000,}")
DEEP_NESTING = 50
_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")
_TOML_END = re.compile(r"\s*\(at end of document\)\s*$")


def position(text: str, index: int) -> tuple[int, int]:
    """Line and column (both from 1) of ``text[index]``."""
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def deepest_nesting(text: str) -> tuple[int, int]:
    """Where brackets first nest deeper than any routine needs (strings are not skipped)."""
    depth = 0
    for index, ch in enumerate(text):
        if ch in "[{":
            depth += 1
            if depth > DEEP_NESTING:
                return position(text, index)
        elif ch in "]}":
            depth = max(depth - 1, 0)
    return (1, 1)


def syntax_problem(message: str, text: str) -> tuple[str, int, int]:
    """A tomllib error message as a problem message, line and column."""
    cleaned = clean_text(message)
    match = _TOML_POSITION.search(cleaned)
    if match:
        cleaned = cleaned[: match.start()]
        line, col = int(match.group(1)), int(match.group(2))
    else:
        line = text.count("\n") + 1
        col = len(text.rsplit("\n", 1)[-1]) + 1
        cleaned = _TOML_END.sub("", cleaned)
    first = cleaned[:1].lower() + cleaned[1:]
    if first == "illegal character '\\n'":
        # tomllib's words for a string that runs to the end of its line.
        return (messages.UNCLOSED_STRING.format(), line, col)
    return (messages.TOML_SYNTAX.format(reason=first), line, col)
