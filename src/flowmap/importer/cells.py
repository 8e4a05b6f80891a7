"""Readers of single cells of a contract table: 委託先 (who, which certifications, decided or
not), 委託の内容 (the numbered work), 記録媒体 (the media)."""

from __future__ import annotations

import re

from flowmap.importer.document import Table
from flowmap.importer.text import normalise, split_numbered, tight

_ORG_RE = re.compile(r"株式会社|有限会社|組合|法人|協会|財団|社団|センター|機関|事業者|会社")


def is_subcontract(table: Table) -> bool:
    return "再委託" in table.title or any("再委託" in k for k in table.keys.values())


def read_contractors(lines: list[str]) -> list[dict]:
    """The parties a 委託先 cell names: 【委託先】/【再委託先】 parts, or numbered entries."""
    text = normalise(" ".join(lines))
    parts: list[tuple[str, str]] = []
    marked = re.split(r"【(委託先|再委託先)】", text)
    if len(marked) > 1:
        for i in range(1, len(marked) - 1, 2):
            parts.append(("subcontractor" if marked[i] == "再委託先" else "contractor", marked[i + 1]))
    else:
        parts = [("contractor", e) for e in split_numbered(text)]
    out = []
    for role, entry in parts:
        entry = entry.strip()
        if not entry:
            continue
        certs = []
        planned = re.search(r"取得(事業者)?を予定|予定", entry)
        if "プライバシーマーク" in entry and not planned:
            certs.append("privacy_mark")
        if re.search(r"ISMS|27001", entry) and not planned:
            certs.append("isms")
        name, note = contractor_name(entry)
        out.append({"role": role, "name": name, "certs": certs, "note": note})
    return out


def contractor_name(entry: str) -> tuple[str, str | None]:
    quoted = re.findall(r"「([^」]+)」", entry)
    undecided = re.match(r"^(未定|入札|プロポーザル|選定中|公募)", entry)
    if undecided:
        named = [q for q in quoted if _ORG_RE.search(q)]
        return (tight(named[0]), entry) if named else ("委託事業者(未定)", entry)
    head = entry.split("※")[0]
    name = re.sub(r"\([^()]*(?:\([^()]*\)[^()]*)*\)", "", head).strip()
    note = entry if "※" in entry or name != head.strip() and "予定" in entry else None
    return tight(name) or "委託事業者", note


def work_entries(lines: list[str]) -> list[str]:
    text = " ".join(lines)
    entries = split_numbered(text)
    return [tight(e) for e in entries if e.strip()]


def split_media(text: str) -> list[str]:
    """紙及び電磁的媒体(…) → [紙, 電磁的媒体(…)]: split on 及び outside parentheses."""
    parts, depth, start = [], 0, 0
    for index, ch in enumerate(text):
        depth += {"(": 1, ")": -1}.get(ch, 0)
        if depth == 0 and text.startswith("及び", index):
            parts.append(text[start:index])
            start = index + 2
    parts.append(text[start:])
    return [p.strip() for p in parts if p.strip()]
