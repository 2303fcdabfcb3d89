"""Large letters for a few words (LEFT, RIGHT, BOTH; LINKS, RECHTS, BEIDE), three rows
high like ``Digits``."""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content
from textual.widget import Widget

from psoas_tui.tui.widgets.boxscale import enlarge

GLYPHS: dict[str, tuple[str, str, str]] = {
    "L": ("╷  ", "│  ", "╰──"),
    "E": ("╭──", "├─ ", "╰──"),
    "F": ("╭──", "├─ ", "╵  "),
    "T": ("╶┬╴", " │ ", " ╵ "),
    "R": ("╭─╮", "├┬╯", "╵╰╴"),
    "I": ("╶┬╴", " │ ", "╶┴╴"),
    "G": ("╭─╴", "│╶╮", "╰─╯"),
    "H": ("╷ ╷", "├─┤", "╵ ╵"),
    "B": ("╭╮ ", "├┴╮", "╰─╯"),
    "O": ("╭─╮", "│ │", "╰─╯"),
    "N": ("╭╮╷", "│││", "╵╰╯"),
    "K": ("╷╭╴", "├┤ ", "╵╰╴"),
    "S": ("╭─╴", "╰─╮", "╶─╯"),
    "C": ("╭─╴", "│  ", "╰─╴"),
    "D": ("┬─╮", "│ │", "┴─╯"),
    " ": ("   ", "   ", "   "),
}


def big_lines(word: str) -> tuple[str, str, str]:
    """The three rows of ``word`` in large letters (unknown letters become spaces)."""
    glyphs = [GLYPHS.get(letter, GLYPHS[" "]) for letter in word.upper()]
    rows = tuple(" ".join(glyph[row] for glyph in glyphs) for row in range(3))
    return rows[0], rows[1], rows[2]


class BigWord(Widget):
    """A word in letters three rows high; ``word`` is one of a few fixed words."""

    DEFAULT_CSS = """
    BigWord {
        width: auto;
        height: auto;
        text-style: bold;
    }
    """

    def __init__(self, word: str = "", *, id: str | None = None, classes: str | None = None):
        super().__init__(id=id, classes=classes)
        self._word = word

    @property
    def word(self) -> str:
        return self._word

    def update(self, word: str) -> None:
        if word != self._word:
            self._word = word
            self.refresh(layout=True)

    def _lines(self) -> Sequence[str]:
        """The word's rows: three, or five with the class ``-large`` (as the clock)."""
        lines = big_lines(self._word)
        return enlarge(lines) if self.has_class("-large") else lines

    def render(self) -> Content:
        if not self._word:
            return Content("")
        return Content("\n".join(self._lines()))

    def get_content_width(self, container: object, viewport: object) -> int:
        return len(self._lines()[0]) if self._word else 0

    def get_content_height(self, container: object, viewport: object, width: int) -> int:
        return len(self._lines())
