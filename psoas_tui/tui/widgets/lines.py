"""Lines a widget hands to the compositor itself, not line by line through Textual's
styles cache: the clock's glyphs and the phase band make theirs once per look and keep
them. What they share: when that is allowed, the app's line filters,
and the crop the compositor asks for."""

from __future__ import annotations

from collections.abc import Sequence

from textual.filter import LineFilter
from textual.geometry import Region, Size
from textual.strip import Strip
from textual.widget import Widget


def drawn_plain(widget: Widget) -> bool:
    """Whether the styles cache would add nothing to ``widget``'s own lines: no padding
    or border, no tint, full opacity (a widget asks once per style: the opacity walks up
    its ancestors)."""
    styles = widget.styles
    return not (any(styles.gutter) or styles.tint.a or widget.opacity != 1.0)


def filtered(widget: Widget, lines: list[Strip], filters: Sequence[LineFilter]) -> list[Strip]:
    """``lines`` through the app's line filters, as the styles cache would pass them."""
    if filters:
        background = widget.background_colors[1]
        for line_filter in filters:
            lines = [line.apply_filter(line_filter, background) for line in lines]
    return lines


def cropped(lines: list[Strip], crop: Region, size: Size) -> list[Strip]:
    """The part of a widget's ``lines`` (``size``) that the compositor asks for."""
    if crop.y or crop.height != size.height:
        lines = lines[crop.y : crop.bottom]
    if crop.x or crop.width != size.width:
        lines = [line.crop(crop.x, crop.right) for line in lines]
    return lines
