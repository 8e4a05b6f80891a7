"""Text for diagram labels: display width, Japanese-aware wrapping, and escaping.

Graphviz sizes a label from the font, but where a label *breaks* is ours to decide. Japanese
full-width characters take two columns, so wrapping by character count would give lines twice
as long as ASCII ones; we wrap by East Asian display width instead, keep ASCII words whole,
and follow the basic 禁則 rules (no line starts with 、。）」 and none ends with （「).
"""

from __future__ import annotations

import re
import unicodedata

# Characters a line must not start with (closing brackets, punctuation, small kana, long vowel).
NO_LINE_START = set("、。，．,.)）]］}｝」』】〕〉》’”・：；:;!?！？ーぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ々〜~'′")
# Characters a line must not end with (opening brackets).
NO_LINE_END = set("(（[［{｛「『【〔〈《‘“")
_TOKEN = re.compile(r"[A-Za-z0-9@#$%&*+\-=/._]+|\s+|.", re.S)
ORPHAN = 6  # display columns that may overhang rather than be left alone on the last line
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def char_width(char: str) -> int:
    """2 for full-width and wide characters (漢字, かな) and for ambiguous ones (①, ※), which
    Japanese fonts draw full-width; 1 otherwise; 0 for combining marks."""
    if unicodedata.combining(char):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F", "A") else 1


def display_width(text: str) -> int:
    return sum(char_width(c) for c in text)


def clean(text: str) -> str:
    """One line of text: control characters and runs of blanks become one space."""
    return re.sub(r"\s+", " ", _CONTROL.sub(" ", text)).strip()


def wrap(text: str, width: int) -> list[str]:
    """Break ``text`` into lines of at most ``width`` display columns (longer only when a single
    ASCII word or a 禁則 character forces it). Never returns an empty list for non-empty text."""
    text = clean(text)
    if not text:
        return []
    tokens = _TOKEN.findall(text)
    lines: list[str] = []
    line = ""
    for position, token in enumerate(tokens):
        if line and display_width(line) + display_width(token) > width and not token.isspace():
            if display_width("".join(tokens[position:])) <= ORPHAN:
                line += "".join(tokens[position:])   # no line of one or two characters at the end
                break
            if token[0] in NO_LINE_START:
                line += token          # hang the punctuation rather than start a line with it
                continue
            carry = ""
            while line and line[-1] in NO_LINE_END:
                carry, line = line[-1] + carry, line[:-1]
            cut = _soft_break(line, width)
            if cut:
                carry, line = line[cut:].lstrip() + carry, line[:cut]
            if line.strip():
                lines.append(line.rstrip())
                line = carry + token
            else:
                line = line + carry + token
            continue
        if not line and token.isspace():
            continue
        line += token
    if line.strip():
        lines.append(line.rstrip())
    return lines


def _script(char: str) -> str:
    if "\u30a0" <= char <= "\u30ff" or char == "ー":
        return "katakana"
    if "\u3040" <= char <= "\u309f":
        return "hiragana"
    if "\u4e00" <= char <= "\u9fff" or char == "々":
        return "kanji"
    return "other"


def _soft_break(line: str, width: int) -> int:
    """Where to cut ``line`` more naturally than at its end, when that keeps at least half the
    width on the line (0: no such place): first after 、・ or a space, or before an opening
    bracket; else where katakana meets kanji (コミュニケーションズ|株式会社) or a particle
    ends before a word (住民基本台帳に|記録されている)."""
    def candidates(test):
        for index in range(len(line) - 1, 0, -1):
            if display_width(line[:index]) < width // 2:
                return 0
            before, after = line[index - 1], line[index]
            if after not in NO_LINE_START and test(before, after):
                return index
        return 0

    return (candidates(lambda b, a: b in "、，・ " or a in NO_LINE_END)
            or candidates(lambda b, a: {_script(b), _script(a)} == {"katakana", "kanji"}
                          or (_script(b), _script(a)) in (("hiragana", "kanji"), ("hiragana", "katakana"))))


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
