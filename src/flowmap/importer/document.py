"""A submission's text as a structure: the cover, the overview table, the contract tables,
the checklist, the 特記事項 and the free text (the diagram's words).

The seeds are PDF text: table rows are tab-separated, cells may hold HTML, a cell cut by a page
break continues on the following lines (as a row with an empty first cell, or as numbered lines
without a tab). The parser reads line by line and never relies on the order of the sections.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from flowmap.importer.text import cell_lines, flatten_html, key, normalise
from flowmap.flow.model import CIRCLED


@dataclass
class Table:
    """One table of the submission: its 件名 and its rows (field key → cell lines)."""

    title: str
    line: int
    rows: dict[str, list[str]] = field(default_factory=dict)
    keys: dict[str, str] = field(default_factory=dict)   # field key → the row's key as written

    def get(self, name: str) -> list[str]:
        return self.rows.get(name, [])


@dataclass
class ChecklistRow:
    side: str          # "ward" or "contractor"
    scope: str         # "operational" or "system"
    mark: str          # "○" or "-"
    text: str
    line: int


@dataclass
class ClauseBlock:
    """One 特記事項 set as printed: the clauses with their numbers and headings."""

    line: int
    clauses: list[tuple[int, str, str]] = field(default_factory=list)  # (no, heading, text)

    @property
    def binds(self) -> str:
        """The party the set binds (乙, 丙, 丁), read from the subject of its clauses."""
        counts: dict[str, int] = {}
        for _, _, text in self.clauses:
            for party in "乙丙丁":
                if text.startswith(party + "は"):
                    counts[party] = counts.get(party, 0) + 1
        return max(counts, key=counts.get) if counts else "乙"


@dataclass
class Document:
    lines: list[str]
    council: str | None = None
    cover: dict[str, list[str]] = field(default_factory=dict)
    basis_kind: str | None = None          # 要綱 / 条例
    basis: list[str] = field(default_factory=list)
    division: str | None = None
    overview: Table | None = None
    tables: list[Table] = field(default_factory=list)
    checklist: list[ChecklistRow] = field(default_factory=list)
    clause_blocks: list[ClauseBlock] = field(default_factory=list)
    free: list[tuple[int, str]] = field(default_factory=list)   # (line, text) outside tables


# Row keys → field names. Checked in order; the first pattern found in the key wins.
FIELDS: list[tuple[str, str]] = [
    ("記録媒体", "media"),
    ("情報項目", "items"),
    ("保有課", "department"),
    ("担当課", "department"),
    ("登録業務", "business"),
    ("事業名", "business"),
    ("結合の相手方", "partner"),
    ("区が行う", "ward_safeguards"),
    ("市が行う", "ward_safeguards"),
    ("町が行う", "ward_safeguards"),
    ("村が行う", "ward_safeguards"),
    ("行わせる", "contractor_safeguards"),
    ("個人情報保護対策", "contractor_safeguards"),
    ("委託先", "contractor"),
    ("理由", "reason"),
    ("の内容", "work"),
    ("事業内容", "work"),
    ("結合の形態", "link_form"),
    ("開始時期", "period"),
    ("変更の時期", "period"),
    ("情報保護対策", "link_safeguards"),
    ("目的", "purpose"),
    ("対象者", "subjects"),
    ("件名", "title"),
]

CONTINUED = {"ward_safeguards", "contractor_safeguards", "link_safeguards", "work", "items"}
_LIST_LINE = re.compile(r"^(?:-\s*)?(?:\d{1,2}\s|\(\d{1,2}\)|【|[ア-ン]\s|・)")
_CLAUSE_HEADING = re.compile(r"^(?:-\s*)?\(([^()]{2,40})\)\**$")
_CLAUSE_ENTRY = re.compile(r"^(?:-\s*)?第?(\d{1,2})\s*(\S.*)$")
MARKS = {"○": "○", "◯": "○", "-": "-", "ー": "-", "―": "-", "‐": "-", "−": "-", "—": "-"}


def field_name(row_key: str) -> str | None:
    for pattern, name in FIELDS:
        if pattern in row_key:
            return name
    return None


def _heading(text: str) -> str:
    return re.sub(r"[\s#*]", "", normalise(text))


def parse(text: str) -> Document:
    """Read a submission's text into a ``Document``."""
    lines = text.splitlines()
    doc = Document(lines=lines)
    mode = "cover"          # cover | overview | table | checklist | clauses | free
    table: Table | None = None
    last_field: str | None = None
    side = scope = None
    block: ClauseBlock | None = None
    pending_heading = ""

    for number, raw in enumerate(lines, start=1):
        line = raw.rstrip("\n")
        stripped = normalise(flatten_html(line)) if "\t" not in line else ""
        head = _heading(line) if "\t" not in line else ""
        if not line.strip():
            continue
        if re.fullmatch(r"[\s\-|]+", line):
            continue  # table separators "--\t--"

        # --- section headings, wherever they come -------------------------------------------
        if "\t" not in line:
            if doc.council is None and re.search(r"(付議事項|諮問|諮問事項|報告事項)$", head):
                doc.council = re.sub(r"(付議事項|諮問・報告事項|諮問事項|報告事項)$", "", stripped).strip(" #") or None
                continue
            if head == "特記事項" or (head.endswith("取扱注意事項") and len(head) <= 16):
                mode, block = "clauses", ClauseBlock(number)
                doc.clause_blocks.append(block)
                table, last_field = None, None
                continue
            if "チェックリスト" in head:
                mode, table, last_field = "checklist", None, None
                continue
            if head == "事業の概要":
                mode = "overview"
                table = doc.overview = Table("事業の概要", number)
                last_field = None
                continue
            if head.startswith("件名") and len(head) > 2:
                mode = "table"
                title = re.sub(r"^[#\s]*件\s*名", "", stripped).split("※")[0]
                table = Table(normalise(title.replace("*", "")), number)
                doc.tables.append(table)
                last_field = None
                continue
            if head.endswith("の根拠") and len(head) <= 8:
                doc.basis_kind = head[:-3]
                continue
            if head.lstrip("-").startswith("◇") and mode == "cover":
                doc.basis.append(stripped.lstrip("-◇ ").strip())
                continue
            match = re.search(r"担当部課[:：]\s*([^)）]+)", stripped)
            if match and doc.division is None:
                doc.division = match.group(1).strip()
                continue

        # --- content by section ------------------------------------------------------------
        if mode == "clauses" and stripped[:1] in CIRCLED:
            mode = "free"     # the diagram's words after the 特記事項
        if mode == "checklist" and "\t" not in line and not stripped.startswith("("):
            mode = "free"
        if mode == "clauses" and block is not None:
            clean = re.sub(r"^[#\s]+", "", stripped)
            heading = _CLAUSE_HEADING.match(clean)
            entry = _CLAUSE_ENTRY.match(clean)
            if heading:
                pending_heading = heading.group(1)
            elif entry and int(entry.group(1)) == len(block.clauses) + 1:
                block.clauses.append((int(entry.group(1)), pending_heading, entry.group(2)))
            continue
        if mode == "checklist" and ("\t" in line or stripped.startswith("(")):
            row = _checklist_row(line, number, side, scope)
            if row is None:
                continue
            side, scope, parsed = row
            if parsed is not None:
                doc.checklist.append(parsed)
            continue
        if "\t" in line:
            cells = line.split("\t")
            row_key = key(cells[0])
            value = [c for c in cells[1:] if c.strip()]
            name = field_name(row_key) if row_key else None
            if mode == "cover" and name == "title":
                doc.cover["title"] = [normalise(" ".join(value))]
                continue
            target = table if table is not None else None
            if target is None:
                continue
            if not row_key:          # a cell continued after a page break
                if last_field:
                    target.rows[last_field].extend(cell_lines(" ".join(value)))
                continue
            if name is None or name == "title":
                last_field = None    # a nested table or an unknown row: not ours
                continue
            if name in target.rows and name in ("reason", "work", "purpose", "subjects"):
                name = name + "_2"   # e.g. 事業内容 and 委託の内容 in one table
            target.rows[name] = cell_lines(" ".join(value))
            target.keys[name] = row_key
            last_field = name
            continue
        # a line without a tab: a cell's continuation, or free text (the diagram's words)
        if table is not None and last_field in CONTINUED and _LIST_LINE.match(stripped):
            table.rows[last_field].extend(cell_lines(line))
            continue
        if table is not None and last_field and mode in ("table", "overview") and not _LIST_LINE.match(stripped):
            last_field = None
        doc.free.append((number, raw.rstrip()))
    return doc


_OWN_SIDE = re.compile(r"[区市町村]が行う")   # the municipality's own side, whatever its kind
_SIDE_LABEL = re.compile(r"([区市町村]が行う|行わせる).*情報保護対策")


def _checklist_row(line: str, number: int, side: str | None, scope: str | None):
    """Read one line of the checklist; returns (side, scope, row or None) or None."""
    cells = [normalise(flatten_html(c)) for c in line.split("\t")]
    labels = [c for c in cells if _SIDE_LABEL.search(c) and len(c) < 60]
    for cell in labels:
        if _OWN_SIDE.search(cell):
            side = "ward"
        elif "行わせる" in cell:
            side = "contractor"
        if "システム上" in cell:
            scope = "system"
        elif "運用上" in cell:
            scope = "operational"
    marks = [MARKS[c] for c in cells if c in MARKS]
    texts = [c for c in cells if c and c not in MARKS and c not in labels]
    if len(marks) != 1 or not texts or side is None:
        return side, scope, None
    text = max(texts, key=len)
    return side, scope, ChecklistRow(side, scope or "operational", marks[0], text, number)
