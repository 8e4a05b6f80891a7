"""Text from a flow (or a file name, or a submission) made safe for the place it is written to.

The one home of every escape, so that no output forgets one:

- ``terminal``: one line on a terminal, every control character visible (a newline cannot
  forge a second ``file:line:column:`` line; ESC, BEL and CR cannot retitle, clear or rewrite
  the user's screen).
- ``markdown``: literal text in a markdown table cell (no link, image, emphasis or HTML runs).
- ``sheet``: a CSV or spreadsheet cell that is always text (OWASP's CSV-injection advice: a
  leading ``= + - @``, tab or CR gets a leading apostrophe in CSV; xlsx cells are typed as
  text), without the characters Excel refuses.

The loader already refuses most of these characters in a flow (``flowmap.flow.text``); these
functions also cover what does not come from a flow (file names, submission texts, messages).
"""

from __future__ import annotations

import re

# what a terminal acts on or shows misleadingly: C0 and C1 controls, DEL, line and paragraph
# separators, bidirectional overrides, lone surrogates, noncharacters
_INVISIBLE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\x1b": "\\e", "\x07": "\\a", "\x00": "\\0"}


def _visible(match: re.Match) -> str:
    char = match.group()
    return _NAMED.get(char) or (f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}")


def terminal(text: object) -> str:
    """``text`` as one terminal line: newlines, CR, ESC, BEL and other controls shown as
    backslash escapes (``\\n``, ``\\e`` …) instead of acting."""
    text = str(text)
    return _INVISIBLE.sub(_visible, text) if _INVISIBLE.search(text) else text


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&])")


def markdown(text: object) -> str:
    """``text`` as literal markdown in a table cell: every character markdown or HTML gives a
    meaning to is backslash-escaped (so ``<img …>`` and ``[x](javascript:…)`` stay text), and a
    line break becomes ``<br>``, the one tag we write ourselves."""
    lines = str(text).replace("\r\n", "\n").split("\n")
    return "<br>".join(_MARKDOWN_SPECIAL.sub(r"\\\1", terminal(line)) for line in lines)


# characters an xlsx file may not hold (XML 1.0) and Excel refuses: C0 controls but tab, LF
# and CR; lone surrogates; U+FFFE and U+FFFF
_NOT_IN_SHEETS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")


def sheet(value: object, csv: bool = True) -> object:
    """A CSV (``csv``) or xlsx cell value: numbers as they are; text without the characters no
    workbook may hold (shown as ``\\xNN``) and, in CSV, with a leading apostrophe when it could
    start a formula (OWASP). xlsx cells are typed as text by the writer instead, so that the
    cell shows exactly the flow's text."""
    if value is None or isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    text = str(value)
    if _NOT_IN_SHEETS.search(text):
        text = _NOT_IN_SHEETS.sub(_visible, text)
    if csv and text.startswith(_FORMULA_START):
        text = "'" + text
    return text
