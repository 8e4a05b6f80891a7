"""Text helpers for reading submissions: width normalisation, HTML cells, numbered entries,
Japanese era dates.

Submissions mix full-width and half-width forms (（１）, (1), ｶﾅ); NFKC folds them, except the
circled step numbers ①–⑳, which NFKC would turn into plain digits and which are labels.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from html.parser import HTMLParser

from flowmap.flow.model import CIRCLED

MAX_TEXT = 2000   # the model's limit for a text field


def clip(text: str) -> str:
    """A text within the model's limit."""
    return text if len(text) <= MAX_TEXT else text[: MAX_TEXT - 1] + "…"


def todo(text: str) -> str:
    """The mark of what a person must fill in (the loader warns of strings starting with TODO)."""
    return f"TODO: {text}"


_KEEP = set(CIRCLED) | {"○", "◯", "※", "・", "～", "－"}
_KEEP_RE = re.compile("([" + re.escape("".join(sorted(_KEEP))) + "])")
_SPACE_RE = re.compile(r"[ \t\u3000]+")
_CJK = r"\u3000-\u30ff\u3400-\u9fff\uff00-\uffef「」『』（）【】《》"
_CJK_SPACE_RE = re.compile(rf"(?<=[{_CJK}]) +| +(?=[{_CJK}])")


def normalise(text: str) -> str:
    """NFKC (keeping circled numbers and marks), spaces collapsed and trimmed."""
    # NFKC on the runs between kept characters, so that ﾊﾟ composes into パ
    out = "".join(part if part in _KEEP else unicodedata.normalize("NFKC", part) for part in _KEEP_RE.split(text))
    out = out.replace("～", "~").replace("－", "-")
    return _SPACE_RE.sub(" ", out).strip()


def tight(text: str) -> str:
    """Normalised, without spaces next to Japanese characters ("株式会社 JTB" → "株式会社JTB")."""
    return _CJK_SPACE_RE.sub("", normalise(text))


def key(text: str) -> str:
    """A form for comparing headings and labels: normalised, no spaces or markup at all."""
    return re.sub(r"[\s*#＃]", "", normalise(flatten_html(text)))


class _Flattener(HTMLParser):
    """Collects the text of an HTML fragment, one line per paragraph, list item or <br>."""

    BREAKS = {"p", "li", "br", "ol", "ul", "div", "tr", "table", "td"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in self.BREAKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.BREAKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def flatten_html(fragment: str) -> str:
    """The text of a cell that may hold <p>, <ol>, <li>, <br>; block boundaries become newlines."""
    if "<" not in fragment:
        return fragment
    parser = _Flattener()
    parser.feed(fragment)
    parser.close()
    return "".join(parser.parts)


def cell_lines(fragment: str) -> list[str]:
    """A cell as its non-empty normalised lines (paragraphs)."""
    lines = []
    for raw in flatten_html(fragment).splitlines():
        line = normalise(raw)
        line = re.sub(r"^-\s+", "", line)  # markdown list dashes of page-break continuations
        if line:
            lines.append(line)
    return lines


_SCOPE_RE = re.compile(r"【([^】]*)】")


def split_numbered(text: str, first: int = 1) -> list[str]:
    """Split "1 aaa 2 bbb 3 ccc" (or "(1) aaa (2) bbb", "① aaa ② bbb") into entries.

    Only numbers in sequence and in the style of the first one count, so "特記事項24に基づき"
    does not start an entry and the "(1)" items inside entry "1" stay inside it.
    """
    entries: list[str] = []
    pos, expected, start, style = 0, first, None, None
    for _ in range(200):
        match = None
        for candidate in _NUMBER_RE.finditer(text, pos):
            number, kind = _entry_number(candidate)
            if number == expected and (style is None or kind == style):
                match, style = candidate, kind
                break
        if match is None:
            break
        head = text[start if start is not None else 0: match.start()].strip()
        if head:
            entries.append(head)
        start, pos, expected = match.end(), match.end(), expected + 1
    if start is None:
        return [text.strip()] if text.strip() else []
    entries.append(text[start:].strip())
    return [e for e in entries if e]


_NUMBER_RE = re.compile(
    rf"(?:(?<=\s)|^|(?<=[。)]))(?:\((\d{{1,2}})\)\s?|(\d{{1,2}})(?:[、.,]\s?|\s)|([{CIRCLED}])\s?)"
)


def _entry_number(match: re.Match) -> tuple[int, str]:
    if match.group(1):
        return int(match.group(1)), "paren"
    if match.group(2):
        return int(match.group(2)), "plain"
    return CIRCLED.index(match.group(3)) + 1, "circled"


def scoped_entries(lines: list[str]) -> list[tuple[str, str]]:
    """(scope, entry) pairs of a safeguard cell: 【運用上の対策】/【システム上の対策】 then 1, 2, 3 …"""
    text = " ".join(lines)
    out: list[tuple[str, str]] = []
    parts = _SCOPE_RE.split(text)
    # parts: [before, scope1, body1, scope2, body2, ...]
    chunks = [("", parts[0])] + [(parts[i], parts[i + 1]) for i in range(1, len(parts) - 1, 2)]
    for scope, body in chunks:
        for entry in split_numbered(body.strip()):
            entry = entry.strip(" -")
            if entry:
                out.append((scope, entry))
    return out


_ERAS = {"令和": 2018, "平成": 1988, "昭和": 1925}
_DATE_RE = re.compile(r"(令和|平成|昭和)\s*(元|\d{1,2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")


def era_dates(text: str) -> list[dt.date]:
    """Dates written in the Japanese era (令和6年7月22日, 令和元年11月5日), in order."""
    found = []
    for era, year, month, day in _DATE_RE.findall(normalise(text)):
        number = 1 if year == "元" else int(year)
        try:
            found.append(dt.date(_ERAS[era] + number, int(month), int(day)))
        except ValueError:
            continue
    return found


def split_top_level(text: str, separators: str = "、,") -> list[str]:
    """Split on separators that are not inside parentheses or 「」."""
    parts, depth, current = [], 0, []
    for ch in text:
        if ch in "(「『[":
            depth += 1
        elif ch in ")」』]" and depth:
            depth -= 1
        if ch in separators and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    parts.append("".join(current))
    return [p.strip() for p in parts if p.strip()]


# kanji (and one hiragana) that text extraction returns for the katakana they look like
OCR_LOOKALIKES = str.maketrans({"力": "カ", "工": "エ", "口": "ロ", "二": "ニ", "卜": "ト", "夕": "タ",
                                "八": "ハ", "一": "ー", "へ": "ヘ", "ぺ": "ペ", "べ": "ベ"})


def ocr_fold(text: str) -> str:
    """``text`` with look-alike characters read as katakana, for comparing two words only
    (世帯主力ナ氏名 and 世帯主カナ氏名 are the same word badly extracted, not a slip)."""
    return text.translate(OCR_LOOKALIKES)
