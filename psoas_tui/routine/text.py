"""Cleaning untrusted text: routine files come from other people."""

from __future__ import annotations

import re
import unicodedata

# C0 controls (but tab and newline), DEL, C1 controls, and bidirectional overrides that
# can make text read differently from what it is.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_LINE_BREAKS = re.compile(r"[\t\n]+")


def clean_text(value: str, *, multiline: bool = False) -> str:
    """Strip control characters (ESC above all); keep newlines only in multi-line text."""
    cleaned = _CONTROL.sub("", value)
    if not multiline:
        cleaned = _LINE_BREAKS.sub(" ", cleaned).strip()
    else:
        cleaned = cleaned.replace("\t", "    ").strip("\n")
    return cleaned


def slugify(name: str) -> str:
    """A file-name-safe slug: lower-case ASCII letters, digits and dashes."""
    ascii_name = name
    if not name.isascii():  # the Unicode tables are a library's pages in memory: only then
        ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")
    return slug[:60].strip("-") or "routine"


def shorten(value: object, limit: int = 40) -> str:
    """A short, safe rendering of a found value for an error message."""
    text = repr(value) if not isinstance(value, str) else '"' + clean_text(value) + '"'
    text = clean_text(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"
