"""Reading the 情報項目 cell: item labels, the groups the table names, and whether the list is
complete (など, 資料…のとおり), plus a guess of each item's category."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from flowmap.importer.text import split_numbered, split_top_level

GENERIC_HEADS = {"情報項目", "項目", "個人情報"}
_MARKER_RE = re.compile(r"[【《]([^】》]*)[】》]")
_SEE_RE = re.compile(r"\(?(資料[\d\-]+(及び資料[\d\-]+)*|別紙[^)]*)のとおり\)?")


@dataclass
class ItemList:
    items: list[str] = field(default_factory=list)
    groups: dict[str, list[str]] = field(default_factory=dict)
    complete: bool = True
    unread: list[str] = field(default_factory=list)   # parts that look like sentences

    def add(self, label: str, group: str | None = None) -> None:
        label = label.strip(" 。.・")
        if not label:
            return
        if label not in self.items:
            self.items.append(label)
        if group:
            self.groups.setdefault(group, [])
            if label not in self.groups[group]:
                self.groups[group].append(label)


def read_items(lines: list[str]) -> ItemList:
    """The items of a 情報項目 cell, in the order written."""
    out = ItemList()
    text = re.sub(r"\s+(?=\()", "", " ".join(lines))
    if _SEE_RE.search(text):
        out.complete = False
        text = _SEE_RE.sub("", text)
    # chunks introduced by 【…】/《…》: only those about information items hold items
    pieces = _MARKER_RE.split(text)
    chunks = [("", pieces[0])] + [(pieces[i], pieces[i + 1]) for i in range(1, len(pieces) - 1, 2)]
    for marker, chunk in chunks:
        if marker and "情報項目" not in marker and "個人情報" not in marker:
            continue
        for entry in split_numbered(chunk.strip()):
            _read_entry(entry, out)
    return out


def _read_entry(entry: str, out: ItemList) -> None:
    entry = entry.strip()
    if not entry or entry.startswith("個人の範囲"):
        return
    group = None
    head, _, rest = entry.partition(" ")
    if rest and "、" not in head and "(" not in head and ("、" in rest or "(" in rest):
        group = None if head in GENERIC_HEADS else head
        entry = rest.strip()
    inner = _enclosed_list(entry)
    if inner:
        entry = inner
    for part in split_top_level(entry, "、,"):
        _read_part(part, group, out)


def _enclosed_list(entry: str) -> str | None:
    """"住民基本台帳情報(世帯番号、氏名)" → "世帯番号、氏名": a list inside one closing paren."""
    open_at = entry.find("(")
    if open_at < 0 or not entry.endswith(")"):
        return None
    depth = 0
    for index in range(open_at, len(entry)):
        depth += {"(": 1, ")": -1}.get(entry[index], 0)
        if depth == 0:
            inner = entry[open_at + 1:index]
            return inner if index == len(entry) - 1 and "、" in inner else None
    return None


def _read_part(part: str, group: str | None, out: ItemList) -> None:
    quoted = re.findall(r"「([^」]+)」", part)
    if "など" in part or part.endswith("等"):
        out.complete = False
        part = part.split("など")[0]
        part = re.sub(r"等$", "", part)
        if part.strip():
            out.add(part.strip(), group)
        for label in quoted:
            out.add(label, group)
        return
    if quoted and len(part) > 20:
        for label in quoted:
            out.add(label, group)
        return
    part = part.strip()
    if len(part) > 30 or re.search(r"(する|させる|ます)。?$", part):
        out.unread.append(part)
        return
    out.add(part, group)


_CATEGORIES: list[tuple[str, str]] = [
    ("my_number", r"マイナンバー|個人番号"),
    ("contact", r"電話|メール|FAX|連絡先"),
    ("basic", r"氏名|住所|生年月日|性別|郵便番号|方書|旧氏|フリガナ|カナ"),
    ("identifier", r"番号|コード|ID"),
    ("health", r"接種|予診|健康|病|診断|検診|健診|ワクチン"),
    ("free_text", r"内容|アンケート|相談|意見|回答"),
    ("record", r"年月日|日時|フラグ|状況|日|回|記録|会場|メーカー"),
]


def guess_category(label: str) -> tuple[str, bool]:
    """The category of an item by its label, and whether the guess rests on a keyword."""
    for category, pattern in _CATEGORIES:
        if re.search(pattern, label):
            return category, True
    return "record", False
