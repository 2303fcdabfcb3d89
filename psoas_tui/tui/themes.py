"""The app's own themes: a high-contrast one for bright rooms and poor eyesight.

High contrast is black, white and one accent (yellow), nothing else: every colour the
theme names is one of the three, and the shades Textual derives from them (muted text,
panels, borders) are set to them too. The session screen tells its phases apart by the
band's word and fill there, not by colour (session.tcss, ``.-high-contrast``)."""

from __future__ import annotations

from textual.theme import Theme

BLACK = "#000000"
WHITE = "#FFFFFF"
ACCENT = "#FFFF00"
COLOURS = (BLACK, WHITE, ACCENT)

HIGH_CONTRAST = Theme(
    name="psoas-high-contrast",
    primary=ACCENT,
    secondary=ACCENT,
    accent=ACCENT,
    warning=ACCENT,
    error=ACCENT,
    success=ACCENT,
    foreground=WHITE,
    background=BLACK,
    surface=BLACK,
    panel=BLACK,
    boost=BLACK,
    dark=True,
    luminosity_spread=0.0,
    text_alpha=1.0,
    variables={
        "text-muted": WHITE,
        "text-disabled": WHITE,
        "foreground-muted": WHITE,
        "foreground-darken-1": WHITE,
        "foreground-darken-2": WHITE,
        "foreground-darken-3": WHITE,
        "footer-key-foreground": ACCENT,
        "footer-description-foreground": WHITE,
        "footer-background": BLACK,
        "footer-key-background": BLACK,
        "footer-item-background": BLACK,
        "block-cursor-background": ACCENT,
        "block-cursor-foreground": BLACK,
        "block-cursor-text-style": "bold",
        "input-selection-background": ACCENT,
        "scrollbar": WHITE,
        "scrollbar-hover": ACCENT,
        "scrollbar-active": ACCENT,
        "scrollbar-background": BLACK,
        "scrollbar-background-hover": BLACK,
        "scrollbar-background-active": BLACK,
        "scrollbar-corner-color": BLACK,
        "border": WHITE,
        "border-blurred": WHITE,
    },
)


def _three_colours(theme: Theme) -> Theme:
    """``theme`` with every colour Textual derives from it (shades, muted and background
    variants, rounded through HSL) set to black, white or the accent."""
    variables = dict(theme.variables)
    for name, value in theme.to_color_system().generate().items():
        if not value.startswith("#") or value.upper()[:7] in COLOURS or name in variables:
            continue
        dark = name.endswith("-muted") or "background" in name
        variables[name] = BLACK if dark else ACCENT
    theme.variables = variables
    return theme


HIGH_CONTRAST = _three_colours(HIGH_CONTRAST)
THEMES = (HIGH_CONTRAST,)
DEFAULT_THEME = "textual-dark"
