"""Text for diagram labels: display width, Japanese-aware wrapping, and escaping.

Graphviz sizes a label from the font, but where a label *breaks* is ours to decide. Japanese
full-width characters take two columns, so wrapping by character count would give lines twice
as long as ASCII ones; we wrap by East Asian display width instead, keep ASCII words whole,
and follow the basic 禁則 rules (no line starts with 、。）」 and none ends with （「).
"""

from __future__ import annotations

import re
from functools import lru_cache

from flowmap.output.textwidth import display_width

# Characters a line must not start with (closing brackets, punctuation, small kana, long vowel).
NO_LINE_START = set("、。，．,.)）]］}｝」』】〕〉》’”・：；:;!?！？ーぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ々〜~'′")
# Characters a line must not end with (opening brackets).
NO_LINE_END = set("(（[［{｛「『【〔〈《‘“")
_TOKEN = re.compile(r"[A-Za-z0-9@#$%&*+\-=/._]+|\s+|.", re.S)
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def clean(text: str) -> str:
    """One line of text: control characters and runs of blanks become one space."""
    return re.sub(r"\s+", " ", _CONTROL.sub(" ", text)).strip()


def _script(char: str) -> str:
    if "\u30a0" <= char <= "\u30ff" or char == "ー":
        return "katakana"
    if "\u3040" <= char <= "\u309f":
        return "hiragana"
    if "\u4e00" <= char <= "\u9fff" or char in "々〆":
        return "kanji"
    if char.isascii() and char.isalnum():
        return "ascii"
    return "other"


FORBIDDEN = 10**6
# How much a break between two kinds of character costs: low where Japanese words meet.
_PAIR_COST = {
    # after a particle, or where a word in another script begins: good places
    ("hiragana", "kanji"): 1, ("hiragana", "katakana"): 1, ("katakana", "kanji"): 1,
    ("kanji", "katakana"): 1, ("ascii", "kanji"): 1, ("kanji", "ascii"): 1,
    ("hiragana", "ascii"): 1,
    # inside a word, or before a particle or okurigana: poor places
    ("kanji", "kanji"): 6, ("hiragana", "hiragana"): 7, ("katakana", "hiragana"): 8,
    ("kanji", "hiragana"): 10, ("ascii", "hiragana"): 6, ("katakana", "katakana"): 20,
    ("ascii", "katakana"): 8, ("katakana", "ascii"): 8,     # USBメモリ, DVD-Rディスク
}


def break_cost(before: str, after: str) -> int:
    """The cost of ending a line with ``before`` and starting the next with ``after``."""
    if not before or not after or after[0] in NO_LINE_START or before[-1] in NO_LINE_END:
        return FORBIDDEN
    if before[-1] in "、，。・ ,;" or after[0] in NO_LINE_END or after[0] == " ":
        return 0
    return _PAIR_COST.get((_script(before[-1]), _script(after[0])), 3)


def wrap(text: str, width: int) -> list[str]:
    """Break ``text`` into lines of at most ``width`` display columns (see ``_wrap``)."""
    return list(_wrap(text, width))


@lru_cache(maxsize=1 << 14)    # a split flow wraps the same labels again for every page they are on
def _wrap(text: str, width: int) -> tuple[str, ...]:
    """Break ``text`` into lines of at most ``width`` display columns.

    The breaks are chosen together (a small dynamic programme, as TeX does for paragraphs):
    lines as even as possible, breaks after 、・ or where words meet (コミュニケーションズ|株式会社,
    台帳に|記録) rather than inside a word, 禁則 always kept, ASCII words never split. A line is
    longer than ``width`` only when one unbreakable piece is. Never empty for non-empty text."""
    text = clean(text)
    if not text:
        return ()
    tokens = _TOKEN.findall(text)
    widths = [display_width(t) for t in tokens]
    count = len(tokens)
    # the cost of a break before each token, computed once (the loop below asks many times)
    penalties = [0] + [break_cost(tokens[i - 1], tokens[i]) for i in range(1, count)]
    inf = float("inf")
    cost_to = [0.0] + [inf] * count     # the cheapest breaking of tokens[:end] …
    back = [0] * (count + 1)            # … and where its last line starts
    whole = max(width, 1)              # slack is measured in parts of the width
    for end in range(1, count + 1):
        last = end == count
        line_width = 0
        for start in range(end - 1, -1, -1):
            line_width += widths[start]
            if line_width > width and start < end - 1:
                break
            if cost_to[start] == inf or penalties[start] >= FORBIDDEN:
                continue
            if line_width <= width:
                shape = (3 if line_width * 3 < width else 0) if last else 8 * ((width - line_width) / whole) ** 2
            else:
                shape = (line_width - width) * 100
            cost = cost_to[start] + penalties[start] + shape + 1
            if cost < cost_to[end]:
                cost_to[end], back[end] = cost, start
        if cost_to[end] == inf:   # nothing allowed: break before this token anyway
            cost_to[end], back[end] = cost_to[end - 1] + 1000, end - 1
    lines, end = [], count
    while end > 0:
        start = back[end]
        lines.append("".join(tokens[start:end]).strip())
        end = start
    return tuple(line for line in reversed(lines) if line)


def pack(parts: list[str], width: int) -> list[str]:
    """Short pieces such as (随時)(紙・手渡し) side by side on lines of at most ``width``
    columns, a piece never split unless it is longer than a line by itself."""
    lines: list[str] = []
    for part in (clean(p) for p in parts):
        if not part:
            continue
        if lines and display_width(lines[-1] + part) <= width:
            lines[-1] += part
        elif display_width(part) <= width:
            lines.append(part)
        else:
            lines += wrap(part, width)
    return lines


def html(text: str) -> str:
    """Escape text for a Graphviz HTML-like label (and for XML): & < > " and control chars.

    Inside an HTML-like label Graphviz does not interpret backslash escapes (\\N, \\n), so a
    backslash needs no escaping there; it is written as a character reference anyway so the
    DOT text never contains a bare backslash from user data.
    """
    out = []
    for char in _CONTROL.sub(" ", text):
        if char == "&":
            out.append("&amp;")
        elif char == "<":
            out.append("&lt;")
        elif char == ">":
            out.append("&gt;")
        elif char == '"':
            out.append("&quot;")
        elif char == "\\":
            out.append("&#92;")
        else:
            out.append(char)
    return "".join(out)


def quote(text: str) -> str:
    """A DOT double-quoted string (for ids and plain attributes): escapes backslash and quote."""
    return '"' + clean(text).replace("\\", "\\\\").replace('"', '\\"') + '"'
