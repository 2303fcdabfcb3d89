"""Home's list of routines: a header and one row per routine, drawn with the line API.

Textual's ``DataTable`` did this job, but it lays out every cell through Rich and brings a
large stylesheet; on home's first frame it cost more than the rest of the screen's widgets
together (``benchmarks/tui.py``). This list knows its three columns (name, time, last
done), draws each line from a few segments, and keeps what a table gave: a header that
stays put while the rows scroll, zebra stripes, a row cursor (keys, mouse wheel, click)
and the block-cursor colours of the current theme.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar, NamedTuple

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from psoas_tui.table import cut
from psoas_tui.text.i18n import N_, _

PADDING = 1  # either side of a cell


def mine() -> str:
    """The marker after a user's own routine: `` · yours``, in the shown language."""
    return " · " + _("yours")


class RoutineRow(NamedTuple):
    """One routine as the list shows it."""

    key: str  # the routine's slug
    name: str
    time: str  # "3:00", "15:12+" (untimed steps too), or "invalid"
    last: str  # "today", "3 days ago", "never", "…" while the log loads
    mine: bool = False  # the user's own file, not a bundled one
    invalid: bool = False  # the file has problems: the name is its slug

    def cells(self) -> tuple[str, str, str]:
        """The three cells as plain text (the name with its " · yours" marker)."""
        return (self.name + (mine() if self.mine else ""), self.time, self.last)


class RoutineList(ScrollView, can_focus=True):
    """Routines with their time and when each was last done; a cursor picks one."""

    DEFAULT_CSS = """
    RoutineList {
        background: $surface;
        color: $foreground;
        &:focus { background-tint: $foreground 5%; }
        & > .routine-list--header { text-style: bold; background: $panel; color: $foreground; }
        & > .routine-list--stripe { background: $surface-lighten-1 50%; }
        &:dark > .routine-list--stripe { background: $surface-darken-1 40%; }
        & > .routine-list--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
        &:focus > .routine-list--cursor {
            background: $block-cursor-background;
            color: $block-cursor-foreground;
            text-style: $block-cursor-text-style;
        }
        & > .routine-list--invalid { color: $error; text-style: bold; }
    }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "routine-list--header",
        "routine-list--stripe",
        "routine-list--cursor",
        "routine-list--invalid",
    }
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "cursor_up", N_("Up"), show=False),
        Binding("down", "cursor_down", N_("Down"), show=False),
        Binding("home", "first", N_("First"), show=False),
        Binding("end", "last", N_("Last"), show=False),
        Binding("pageup", "page_up", N_("Page up"), show=False),
        Binding("pagedown", "page_down", N_("Page down"), show=False),
    ]
    HEADER = (N_("Routine"), N_("Time"), N_("Last done"))  # msgids: shown translated

    class RowMessage(Message):
        """About the routine ``key`` in ``routine_list``."""

        def __init__(self, routine_list: RoutineList, key: str) -> None:
            super().__init__()
            self.routine_list = routine_list
            self.key = key

        @property
        def control(self) -> RoutineList:
            return self.routine_list

    class Highlighted(RowMessage):
        """The cursor moved to the routine ``key``."""

    class Selected(RowMessage):
        """The routine ``key`` was chosen with the mouse (a click on the cursor's row)."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.rows: list[RoutineRow] = []
        self.cursor_row = 0
        # The time and last-done columns are as wide as their widest cell (or heading);
        # the name gets the rest.
        self._widths = (cell_len(_(self.HEADER[1])), cell_len(_(self.HEADER[2])))
        self._styles: dict[str, Style] | None = None

    # -- the rows --------------------------------------------------------------------------

    @property
    def row_count(self) -> int:
        return len(self.rows)

    @property
    def cursor_key(self) -> str | None:
        """The routine under the cursor (None when the list is empty)."""
        return self.rows[self.cursor_row].key if self.rows else None

    def index_of(self, key: str) -> int | None:
        return next((i for i, row in enumerate(self.rows) if row.key == key), None)

    def get_row(self, key: str) -> RoutineRow:
        index = self.index_of(key)
        if index is None:
            raise KeyError(key)
        return self.rows[index]

    def set_rows(self, rows: Sequence[RoutineRow]) -> None:
        """Show ``rows``; the cursor stays on its routine while that is still listed."""
        kept = self.cursor_key
        self.rows = list(rows)
        self._widths = (
            max([cell_len(_(self.HEADER[1])), *(cell_len(row.time) for row in self.rows)]),
            max([cell_len(_(self.HEADER[2])), *(cell_len(row.last) for row in self.rows)]),
        )
        index = self.index_of(kept) if kept is not None else None
        self.cursor_row = index if index is not None else min(self.cursor_row, len(rows) - 1)
        self.cursor_row = max(0, self.cursor_row)
        self.virtual_size = Size(0, len(self.rows) + 1)  # the header is the first line
        self._scroll_cursor_into_view()
        self.refresh()

    def move_cursor(self, row: int) -> None:
        """Put the cursor on ``row`` (kept within the list) and say so if it moved."""
        if not self.rows:
            return
        row = max(0, min(row, len(self.rows) - 1))
        if row == self.cursor_row:
            return
        self.cursor_row = row
        self._scroll_cursor_into_view()
        self.refresh()
        self.post_message(self.Highlighted(self, self.rows[row].key))

    def select(self, key: str) -> bool:
        """Put the cursor on the routine ``key``; False when it is not listed."""
        index = self.index_of(key)
        if index is not None:
            self.move_cursor(index)
        return index is not None

    def _visible_rows(self) -> int:
        return max(1, self.scrollable_content_region.height - 1)

    def _scroll_cursor_into_view(self) -> None:
        top = round(self.scroll_y)
        if self.cursor_row < top:
            self.scroll_to(y=self.cursor_row, animate=False, immediate=True)
        elif self.cursor_row >= top + self._visible_rows():
            y = self.cursor_row - self._visible_rows() + 1
            self.scroll_to(y=y, animate=False, immediate=True)

    # -- keys and mouse ----------------------------------------------------------------------

    def action_cursor_up(self) -> None:
        self.move_cursor(self.cursor_row - 1)

    def action_cursor_down(self) -> None:
        self.move_cursor(self.cursor_row + 1)

    def action_first(self) -> None:
        self.move_cursor(0)

    def action_last(self) -> None:
        self.move_cursor(len(self.rows) - 1)

    def action_page_up(self) -> None:
        self.move_cursor(self.cursor_row - self._visible_rows())

    def action_page_down(self) -> None:
        self.move_cursor(self.cursor_row + self._visible_rows())

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None or offset.y == 0:  # the header, or the border
            return
        row = offset.y - 1 + round(self.scroll_y)
        if not 0 <= row < len(self.rows):
            return
        if row == self.cursor_row:
            self.post_message(self.Selected(self, self.rows[row].key))
        else:
            self.move_cursor(row)

    # -- drawing ---------------------------------------------------------------------------

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles = None  # a new theme, or focus (the cursor has its own colours then)

    def _style(self, name: str) -> Style:
        if self._styles is None:
            base = self.rich_style
            self._styles = {
                "base": base,
                **{
                    part: base + self.get_component_rich_style(f"routine-list--{part}")
                    for part in ("header", "stripe", "cursor", "invalid")
                },
            }
        return self._styles[name]

    def column_widths(self, width: int) -> tuple[int, int, int]:
        """Name, time and last done in ``width`` cells: the name gets what the others leave."""
        time, last = self._widths
        return (max(4, width - time - last - 6 * PADDING), time, last)

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        name_width, time_width, _last = self.column_widths(width)
        if y == 0:
            header = self._style("header")
            return self._line([[Segment(_(text), header)] for text in self.HEADER], header, width)
        index = y - 1 + round(self.scroll_y)
        if not 0 <= index < len(self.rows):
            return Strip.blank(width, self._style("base"))
        row = self.rows[index]
        if index == self.cursor_row:
            style = self._style("cursor")
        else:
            style = self._style("stripe" if index % 2 else "base")
        time_style = self._style("invalid") if row.invalid and index != self.cursor_row else style
        cells = [
            self._name_parts(row, name_width, style),
            [Segment(row.time.rjust(time_width), time_style)],
            [Segment(row.last, style)],
        ]
        return self._line(cells, style, width)

    def _line(self, cells: Sequence[list[Segment]], style: Style, width: int) -> Strip:
        """One line: each cell padded (or cut) to its column, in ``style``."""
        pad = Segment(" " * PADDING, style)
        segments: list[Segment] = []
        for parts, size in zip(cells, self.column_widths(width), strict=True):
            segments.append(pad)
            segments.extend(Segment.adjust_line_length(parts, size, style))
            segments.append(pad)
        return Strip(segments).crop_extend(0, width, style)

    def _name_parts(self, row: RoutineRow, size: int, style: Style) -> list[Segment]:
        """The name cut to its column; a user's routine keeps its " · yours" marker."""
        if row.invalid:
            return [Segment(cut(row.name, size), style + Style(italic=True))]
        if not row.mine:
            return [Segment(cut(row.name, size), style)]
        marker = mine()
        return [
            Segment(cut(row.name, max(1, size - len(marker))), style),
            Segment(marker, style + Style(dim=True)),
        ]
