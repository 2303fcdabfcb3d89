"""Widgets of the app that stand on their own (each with its DEFAULT_CSS)."""
