"""Display width of Japanese text: the one measure every aligned table and wrapped label uses.

Full-width and wide characters (漢字, かな) take two columns, and so do ambiguous ones (①, ○,
※, →), which the fonts Japanese offices use draw full-width (the CJK reading of UAX #11);
combining marks take none. Counting characters instead would misalign every Japanese column.
"""

from __future__ import annotations

import unicodedata

WIDE = frozenset({"W", "F", "A"})


def char_width(char: str) -> int:
    if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(char) in WIDE else 1


def display_width(text: str) -> int:
    return sum(char_width(c) for c in text)


def pad(text: str, columns: int) -> str:
    """``text`` followed by spaces up to ``columns`` display columns."""
    return text + " " * max(0, columns - display_width(text))
