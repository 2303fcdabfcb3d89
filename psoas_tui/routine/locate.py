"""Find the line and column of every key in a TOML document.

tomllib parses values but forgets positions, so semantic errors need this: a small
scanner that follows table headers, arrays of tables, dotted keys, inline tables and
multi-line strings and arrays, and records where each key path was written.
Paths look like ("steps", 2, "duration"). Unknown paths fall back to their parent.
"""

from __future__ import annotations

import re
import tomllib

Path = tuple[str | int, ...]
Position = tuple[int, int]

_BARE = re.compile(r"[A-Za-z0-9_-]+")


class KeyLocator:
    def __init__(self, text: str) -> None:
        self.positions: dict[Path, Position] = {}
        self._array_counts: dict[Path, int] = {}
        self._scan(text)

    def find(self, path: Path) -> Position:
        """Position of the key at ``path``, or of its nearest located parent, or line 1."""
        probe = tuple(path)
        while probe:
            if probe in self.positions:
                return self.positions[probe]
            probe = probe[:-1]
        return (1, 1)

    # -- scanning ---------------------------------------------------------------------

    def _scan(self, text: str) -> None:
        lines = text.split("\n")
        table: Path = ()
        i = 0
        while i < len(lines):
            line = lines[i]
            lineno = i + 1
            stripped = line.lstrip()
            indent = len(line) - len(stripped)
            if not stripped or stripped.startswith("#"):
                i += 1
                continue
            if stripped.startswith("[["):
                keys = _parse_key(stripped[2:])[0]
                base = self._resolve(keys)
                index = self._array_counts.get(base, 0)
                self._array_counts[base] = index + 1
                table = (*base, index)
                self.positions.setdefault(base, (lineno, indent + 1))
                self.positions[table] = (lineno, indent + 1)
                i += 1
                continue
            if stripped.startswith("["):
                keys = _parse_key(stripped[1:])[0]
                table = self._resolve(keys)
                self.positions[table] = (lineno, indent + 1)
                i += 1
                continue
            keys, rest_at = _parse_key(stripped)
            if not keys:
                i += 1
                continue
            path = (*table, *keys)
            for depth in range(1, len(keys)):
                self.positions.setdefault((*table, *keys[:depth]), (lineno, indent + 1))
            self.positions[path] = (lineno, indent + 1)
            value = stripped[rest_at:].lstrip()
            if value.startswith("="):
                value = value[1:].lstrip()
                value_col = indent + 1 + len(stripped) - len(value)
                if value.startswith("{"):
                    self._scan_inline_table(value, path, lineno, value_col, 0)
                elif value.startswith("["):
                    self._scan_inline_array(lines, i, value, path, value_col)
                i = self._skip_value(lines, i, value)
            i += 1

    def _resolve(self, keys: list[str]) -> Path:
        """Map a header's keys onto the current element of each array of tables on the way."""
        path: list[str | int] = []
        for position, key in enumerate(keys):
            path.append(key)
            count = self._array_counts.get(tuple(path))
            if count and position < len(keys) - 1:
                path.append(count - 1)
        return tuple(path)

    def _scan_inline_array(
        self, lines: list[str], i: int, value: str, path: Path, col: int
    ) -> None:
        """Record the inline tables of an array (``steps = [ { ... }, { ... } ]``) by index."""
        depth = 0
        index = 0
        text, offset, lineno = value, col, i + 1
        while True:
            j = 0
            in_string: str | None = None
            while j < len(text):
                ch = text[j]
                if in_string:
                    if ch == "\\" and in_string == '"':
                        j += 2
                        continue
                    if ch == in_string:
                        in_string = None
                elif ch in "\"'":
                    in_string = ch
                elif ch == "#":
                    break
                elif ch == "{" and depth == 1:
                    self.positions[(*path, index)] = (lineno, offset + j)
                    j = self._scan_inline_table(text, (*path, index), lineno, offset, j)
                    index += 1
                    continue
                elif ch in "[{":
                    depth += 1
                elif ch in "]}":
                    depth -= 1
                    if depth == 0:
                        return
                j += 1
            if lineno >= len(lines):
                return
            text, offset, lineno = lines[lineno], 1, lineno + 1

    def _scan_inline_table(
        self, text: str, path: Path, lineno: int, offset: int, start: int
    ) -> int:
        """Record the keys of the inline table opening at ``text[start]``; return its end.

        ``offset`` is the column of ``text[0]``. Inline tables never span lines.
        """
        depth = 0
        j = start
        expecting_key = False
        in_string: str | None = None
        while j < len(text):
            ch = text[j]
            if in_string:
                if ch == "\\" and in_string == '"':
                    j += 2
                    continue
                if ch == in_string:
                    in_string = None
                j += 1
                continue
            if expecting_key and not ch.isspace() and ch != "}":
                keys, end = _parse_key(text, j)
                if keys:
                    self.positions[(*path, *keys)] = (lineno, offset + j)
                j = max(end, j + 1)
                expecting_key = False
                continue
            if ch in "\"'":
                in_string = ch
            elif ch in "{[":
                depth += 1
                expecting_key = depth == 1
            elif ch in "}]":
                depth -= 1
                if depth == 0:
                    return j + 1
            elif ch == "," and depth == 1:
                expecting_key = True
            j += 1
        return j

    @staticmethod
    def _skip_value(lines: list[str], i: int, value: str) -> int:
        """Return the index of the last line of a value that may span several lines."""
        for quote in ('"""', "'''"):
            if value.startswith(quote):
                rest = value[3:]
                if _closes(rest, quote):
                    return i
                j = i + 1
                while j < len(lines):
                    if _closes(lines[j], quote):
                        return j
                    j += 1
                return len(lines) - 1
        if value.startswith("[") or value.startswith("{"):
            depth = _bracket_depth(value)
            j = i
            while depth > 0 and j + 1 < len(lines):
                j += 1
                depth += _bracket_depth(lines[j])
            return j
        return i


def _closes(text: str, quote: str) -> bool:
    pos = 0
    while True:
        found = text.find(quote, pos)
        if found < 0:
            return False
        if quote == '"""' and found > 0 and text[found - 1] == "\\":
            pos = found + 1
            continue
        return True


def _bracket_depth(text: str) -> int:
    depth = 0
    in_string: str | None = None
    j = 0
    while j < len(text):
        ch = text[j]
        if in_string:
            if ch == "\\" and in_string == '"':
                j += 2
                continue
            if ch == in_string:
                in_string = None
        elif ch in "\"'":
            in_string = ch
        elif ch == "#":
            break
        elif ch in "[{":
            depth += 1
        elif ch in "]}":
            depth -= 1
        j += 1
    return depth


def _basic_key(quoted: str) -> str:
    """The key a double-quoted TOML key stands for, escapes such as \\u001b decoded."""
    if "\\" not in quoted:
        return quoted[1:-1]
    try:
        return next(iter(tomllib.loads(f"{quoted} = 0")))
    except (tomllib.TOMLDecodeError, StopIteration):
        return quoted[1:-1]


def _parse_key(text: str, start: int = 0) -> tuple[list[str], int]:
    """Parse a (dotted, possibly quoted) key at ``text[start:]``; return it and where it ends."""
    keys: list[str] = []
    j = start
    while True:
        while j < len(text) and text[j] in " \t":
            j += 1
        if j >= len(text):
            break
        ch = text[j]
        if ch == "'":
            end = text.find(ch, j + 1)
            if end < 0:
                break
            keys.append(text[j + 1 : end])
            j = end + 1
        elif ch == '"':
            end = j + 1
            while end < len(text) and text[end] != '"':
                end += 2 if text[end] == "\\" else 1
            if end >= len(text):
                break
            keys.append(_basic_key(text[j : end + 1]))
            j = end + 1
        else:
            match = _BARE.match(text, j)
            if not match:
                break
            keys.append(match.group(0))
            j = match.end()
        while j < len(text) and text[j] in " \t":
            j += 1
        if j < len(text) and text[j] == ".":
            j += 1
            continue
        break
    return keys, j
