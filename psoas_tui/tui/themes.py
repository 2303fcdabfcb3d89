"""The app's own themes: a high-contrast one for bright rooms and poor eyesight."""

from __future__ import annotations

from textual.theme import Theme

HIGH_CONTRAST = Theme(
    name="psoas-high-contrast",
    primary="#FFFF00",
    secondary="#00FFFF",
    accent="#FF00FF",
    warning="#FFAA00",
    error="#FF5555",
    success="#00FF00",
    foreground="#FFFFFF",
    background="#000000",
    surface="#000000",
    panel="#1A1A1A",
    boost="#FFFFFF",
    dark=True,
    luminosity_spread=0.0,
    text_alpha=1.0,
    variables={
        "footer-key-foreground": "#FFFF00",
        "block-cursor-background": "#FFFF00",
        "block-cursor-foreground": "#000000",
        "block-cursor-text-style": "bold",
        "input-selection-background": "#FFFF00 40%",
    },
)

THEMES = (HIGH_CONTRAST,)
DEFAULT_THEME = "textual-dark"
