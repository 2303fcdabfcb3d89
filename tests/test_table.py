"""The box table of ``psoas log``: widths, fitting, cutting and styles."""

from __future__ import annotations

import io

import pytest

from psoas_tui import table
from psoas_tui.table import Cell, Column, cell_width, cut, fit_widths, render, use_colour


def test_cell_width_counts_wide_characters_twice_and_marks_not_at_all() -> None:
    assert cell_width("hip") == 3
    assert cell_width("股関節") == 6
    assert cell_width("e\u0301") == 1  # e + combining acute accent
    assert cell_width("Übung") == 5
    assert cell_width("ท่าบริหาร") == 7  # Thai: the tone mark and vowel signs sit on letters
    assert cell_width("a\u200cb\u2060") == 2  # zero-width non-joiner, word joiner


def test_cut_ends_in_an_ellipsis_and_never_splits_a_wide_character() -> None:
    assert cut("Desk break", 20) == "Desk break"
    assert cut("Desk break", 6) == "Desk …"
    assert cut("股関節ストレッチ", 6) == "股関…"
    assert cell_width(cut("股関節ストレッチ", 6)) <= 6
    assert cut("abc", 0) == ""


def test_fit_widths_cuts_the_widest_shrinkable_column_first() -> None:
    columns = [Column("a"), Column("b", shrink=True), Column("c", shrink=True)]
    natural = [10, 40, 20]
    frame = 3 * 3 + 1
    assert fit_widths(natural, columns, 200) == natural
    fitted = fit_widths(natural, columns, 60 + frame)
    assert sum(fitted) == 60 and fitted[0] == 10
    assert fitted[1] == 30 and fitted[2] == 20  # only the widest gave way
    fitted = fit_widths(natural, columns, 30 + frame)
    assert fitted == [10, 10, 10]  # then both, evenly


def test_fit_widths_stops_at_each_columns_minimum() -> None:
    columns = [Column("a"), Column("b", shrink=True, min_width=12)]
    assert fit_widths([16, 40], columns, 20) == [16, 12]


def _table(width: int, **options: bool) -> str:
    columns = (
        Column("Date"),
        Column("Routine", style=table.BOLD, shrink=True, min_width=8),
        Column("Min", right=True),
        Column("Status"),
    )
    rows = [
        (Cell("2026-11-24"), Cell("Pre-run hip flexor warm-up"), Cell("7.9"),
         Cell("completed", table.GREEN)),
        (Cell("2026-11-23"), Cell("[bold]x[/bold]\x1b[2J"), Cell("12.0"),
         Cell("abandoned", table.YELLOW)),
    ]  # fmt: skip
    return render(columns, rows, width=width, title="psoas log", **options)


def test_render_draws_every_row_with_numbers_to_the_right() -> None:
    lines = _table(120).splitlines()
    assert lines[0] == "psoas log"
    assert lines[1].startswith("┏") and lines[3].startswith("┡") and lines[-1].startswith("└")
    assert "│ Pre-run hip flexor warm-up │" in lines[4]
    assert "│  7.9 │" in lines[4] and "│ 12.0 │" in lines[5]
    assert len({cell_width(line) for line in lines[1:]}) == 1  # one straight box


def test_render_fits_a_narrow_terminal_by_cutting_the_routine() -> None:
    lines = _table(44).splitlines()
    assert all(cell_width(line) <= 44 for line in lines)
    assert "│ Pre-run… │" in lines[4]  # 26 cells cut to its minimum of 8


def test_render_shows_data_as_text_never_markup_or_escapes() -> None:
    out = _table(120, styles=True, colours=True)
    assert "[bold]x[/bold]" in out
    assert "\x1b[2J" not in out


def test_render_styles_only_when_asked_and_colours_only_with_colour() -> None:
    assert "\x1b[" not in _table(120)
    styled = _table(120, styles=True, colours=True)
    assert "\x1b[32mcompleted\x1b[0m" in styled and "\x1b[1mDate\x1b[0m" in styled
    plain_colours = _table(120, styles=True, colours=False)
    assert "\x1b[32m" not in plain_colours and "\x1b[1mDate\x1b[0m" in plain_colours


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_use_colour_follows_the_terminal_no_color_and_force_color(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name in ("NO_COLOR", "FORCE_COLOR"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    assert use_colour(io.StringIO()) == (False, False)
    assert use_colour(_Tty()) == (True, True)
    monkeypatch.setenv("NO_COLOR", "1")
    assert use_colour(_Tty()) == (True, False)
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert use_colour(io.StringIO()) == (True, True)
    monkeypatch.setenv("TERM", "dumb")
    assert use_colour(_Tty()) == (False, False)
