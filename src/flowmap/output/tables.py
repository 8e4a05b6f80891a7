"""The submission's tables, generated from a flow: the 件名 sheet of each contract and the
個人情報保護対策チェックリスト (○ / － per line, for the ward and for the contractor).

The tables are built once as plain rows (``submission_tables``); the formatters (markdown, html,
xlsx) only lay those rows out, so the three formats always say the same thing.
"""

from __future__ import annotations

import html
import io
from dataclasses import dataclass, field
from typing import Callable

from flowmap.compare.constructs import cloud_text
from flowmap.flow.model import Flow, FreeSafeguard, Party
from flowmap.flow.profiles import Words, profile_of
from flowmap.flow.vocabulary import Medium, PartyKind
from flowmap.output.escape import markdown

APPLIED, NOT_NEEDED, UNMARKED = "○", "－", ""
SCOPES = {"operational": "【運用上の対策】", "system": "【システム上の対策】"}
SEE_CHECKLIST = "別紙チェックリストのとおり"
CHECKLIST_HEADINGS = ("区分", "", "行", "対策", "○/－")
# column widths (Excel character units) of the printed sheets
SHEET_WIDTHS = (28, 64)
CHECKLIST_WIDTHS = (13, 17, 4, 54, 6)


@dataclass
class Sheet:
    """One contract's 件名 sheet: (heading, text) rows in the order of the submission."""

    title: str
    rows: list[tuple[str, str]]


@dataclass
class ChecklistLine:
    side: str        # ward / contractor
    scope: str       # operational / system
    line: int        # the line's number in the profile's checklist form
    code: str
    text: str
    mark: str        # ○, －, or "" when the flow does not say


def sides(words: Words) -> dict[str, str]:
    """The checklist's two sides, headed in the municipality's words."""
    return {"ward": words.own_measures, "contractor": words.contractor_measures}


@dataclass
class Tables:
    sheets: list[Sheet] = field(default_factory=list)
    checklist: list[ChecklistLine] = field(default_factory=list)
    checklist_title: str = ""
    sides: dict[str, str] = field(default_factory=dict)


def _safeguard_text(ref, words: Words) -> str:
    return ref.text if isinstance(ref, FreeSafeguard) else words.safeguard(ref)


def _numbered(lines: list[str]) -> str:
    return "\n".join(f"{n} {text}" for n, text in enumerate(lines, 1))


def _measures(party: Party | None, has_checklist: bool, words: Words) -> str:
    refs = list(party.safeguards) if party else []
    if refs:
        return _numbered([_safeguard_text(r, words) for r in refs])
    return SEE_CHECKLIST if has_checklist else ""


def _contractor_cell(flow: Flow, party: Party) -> str:
    def named(p: Party) -> str:
        certs = "".join(f"({c.label}取得)" for c in p.certifications)
        return p.name + certs
    if party.kind == PartyKind.SUBCONTRACTOR and party.serves:
        return f"【委託先】{named(flow.party(party.serves))}\n【再委託先】{named(party)}"
    return named(party)


def _items_cell(flow: Flow, party: Party) -> str:
    if party.declared and party.declared.items:
        text = "、".join(party.declared.items)
        return text if party.declared.complete else text + " など"
    received = []
    for step in flow.steps:
        if step.target == party.id:
            received.extend(flow.item(i).label for i in step.item_ids if flow.item(i).label not in received)
    return "、".join(received)


def _media_cell(flow: Flow, party: Party) -> str:
    """The media as the submission's table states them, else as the steps use them (a medium in
    words by its words); then the clouds the party's data lives on and the shared systems it
    reaches, which a council asks about as media too."""
    words = profile_of(flow).words
    if party.declared and party.declared.media:
        media = ["及び".join(party.declared.media)]
    else:
        media = []
        for step in flow.steps:
            label = step.medium_text if step.medium == Medium.OTHER and step.medium_text else words.label(step.medium)
            if party.id in (step.target, step.source) and label not in media:
                media.append(label)
    lines = ["、".join(media)] if media else []
    return "\n".join(lines + _cloud_lines(flow, party) + _access_lines(flow, party, words))


def _cloud_lines(flow: Flow, party: Party) -> list[str]:
    """クラウド: 相談管理システム(Example Cloud Inc.、事業者の所在国 国外、…) for the party and each
    system within it that runs on a cloud, worded as diff and compare word it."""
    return [f"クラウド: {holder.name}({cloud_text(holder.cloud)})"
            for holder in [party] + [p for p in flow.parties if p.within == party.id] if holder.cloud is not None]


def _access_lines(flow: Flow, party: Party, words: Words) -> list[str]:
    """共用システム: 地域医療介護連携ネットワーク(市のシステム、インターネット(二要素認証)で参照・入力) for each
    shared system of another party this party reaches."""
    lines = []
    for system in flow.parties:
        for grant in system.access:
            if grant.party != party.id:
                continue
            owner = next((p.name for p in flow.parties if p.id == system.within), "")
            whose = f"{owner}のシステム、" if owner else ""
            lines.append(f"共用システム: {system.name}({whose}{words.label(grant.means)}で{words.label(grant.mode)})")
    return lines


def contract_sheet(flow: Flow, party: Party) -> Sheet:
    sub, contract = flow.submission, party.contract
    ward = next((p for p in flow.parties if p.kind == PartyKind.WARD), None)
    checklist = flow.checklist
    words = profile_of(flow).words
    period = (contract.period if contract and contract.period else None) or sub.period
    rows = [
        ("保有課(担当課)", sub.department),
        ("登録業務の名称", (contract.business if contract else None) or ""),
        ("委託先", _contractor_cell(flow, party)),
        ("委託に伴い事業者処理させる情報項目(だれの、どのような項目か)", _items_cell(flow, party)),
        ("処理させる情報項目の記録媒体", _media_cell(flow, party)),
        ("委託理由", (contract.reason if contract else None) or ""),
        ("委託の内容", "\n".join(f"({n}) {w}" for n, w in enumerate(contract.work, 1)) if contract else ""),
        ("委託の開始時期及び期限", period.text or _dates(period)),
        (words.own_measures, _measures(ward, bool(checklist and checklist.ward), words)),
        ("受託事業者に行わせる情報保護対策", _measures(party, bool(checklist and checklist.contractor), words)),
    ]
    title = (contract.title if contract else None) or sub.title
    return Sheet(title, rows)


def _dates(period) -> str:
    if period.start and period.end:
        return f"{period.start:%Y-%m-%d} から {period.end:%Y-%m-%d} まで"
    return ""


def checklist_lines(flow: Flow) -> list[ChecklistLine]:
    """Every line of the profile's checklist form, per side, in the form's order."""
    profile = profile_of(flow)
    form = profile.checklist
    if form is None:
        return []
    out = []
    for side in ("ward", "contractor"):
        marks = getattr(flow.checklist, side, None) if flow.checklist else None
        for scope in SCOPES:
            for line, code in enumerate(getattr(form, scope), 1):
                mark = UNMARKED
                if marks is not None and code in marks.applied:
                    mark = APPLIED
                elif marks is not None and code in marks.not_needed:
                    mark = NOT_NEEDED
                out.append(ChecklistLine(side, scope, line, code, profile.checklist_text(code), mark))
    return out


def submission_tables(flow: Flow) -> Tables:
    parties = [p for p in flow.parties if p.kind in (PartyKind.CONTRACTOR, PartyKind.SUBCONTRACTOR)]
    profile = profile_of(flow)
    return Tables([contract_sheet(flow, p) for p in parties], checklist_lines(flow) if flow.checklist else [],
                  profile.checklist.title if profile.checklist else "", sides(profile.words))


# --- formatters ------------------------------------------------------------------------------


def _md(text: str) -> str:
    return markdown(text)


def to_markdown(tables: Tables) -> str:
    out: list[str] = []
    for sheet in tables.sheets:
        out += [f"## 件名 {_md(sheet.title)}", "", "| 項目 | 内容 |", "| --- | --- |"]
        out += [f"| {_md(h)} | {_md(t)} |" for h, t in sheet.rows]
        out.append("")
    if tables.checklist:
        out += [f"## {tables.checklist_title}", ""]
        for side, title in tables.sides.items():
            out += [f"### {title}", "", "| 区分 | 行 | 対策 | ○/－ |", "| --- | --- | --- | --- |"]
            out += [f"| {SCOPES[l.scope]} | {l.line} | {_md(l.text)} | {l.mark} |"
                    for l in tables.checklist if l.side == side]
            out.append("")
    return "\n".join(out)


def _h(text: str) -> str:
    return html.escape(text).replace("\n", "<br>")


def to_html(tables: Tables) -> str:
    out = ['<!DOCTYPE html>', '<html lang="ja"><head><meta charset="utf-8"><title>提出資料の表</title>',
           "<style>table{border-collapse:collapse}th,td{border:1px solid #444;padding:4px;vertical-align:top}"
           "th{background:#eee;text-align:left}</style></head><body>"]
    for sheet in tables.sheets:
        out.append(f"<h2>件名 {_h(sheet.title)}</h2><table>")
        out += [f"<tr><th>{_h(h)}</th><td>{_h(t)}</td></tr>" for h, t in sheet.rows]
        out.append("</table>")
    if tables.checklist:
        out.append(f"<h2>{_h(tables.checklist_title)}</h2>")
        for side, title in tables.sides.items():
            out.append(f"<h3>{_h(title)}</h3><table><tr><th>区分</th><th>行</th><th>対策</th><th>○/－</th></tr>")
            out += [f'<tr><td>{_h(SCOPES[l.scope])}</td><td>{l.line}</td><td>{_h(l.text)}</td>'
                    f'<td class="mark">{_h(l.mark)}</td></tr>' for l in tables.checklist if l.side == side]
            out.append("</table>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"


def _sheet_name(text: str, taken: set[str]) -> str:
    name = "".join(ch for ch in text if ch not in '[]:*?/\\')[:28] or "件名"
    base, n = name, 2
    while name in taken:
        name = f"{base[:26]}{n}"
        n += 1
    taken.add(name)
    return name


def to_xlsx(tables: Tables) -> bytes:
    """A workbook that prints as ward staff file it: one 件名 sheet per contract and the
    checklist, each laid out by ``flowmap.output.sheetprint`` (A4, borders, row heights)."""
    from openpyxl import Workbook

    from flowmap.output.sheetprint import PrintSheet

    book = Workbook()
    book.remove(book.active)
    taken: set[str] = set()
    for index, sheet in enumerate(tables.sheets, 1):
        page = PrintSheet(book.create_sheet(_sheet_name(f"件名{index}", taken)), SHEET_WIDTHS)
        page.heading_row(["件名", sheet.title])
        for heading, text in sheet.rows:
            page.labelled_row(heading, text)
        page.finish()
    if tables.checklist:
        page = PrintSheet(book.create_sheet(_sheet_name("チェックリスト", taken)), CHECKLIST_WIDTHS,
                          title=tables.checklist_title, grouped=2)
        page.heading_row(list(CHECKLIST_HEADINGS), merge=[(1, 2)])
        for line in tables.checklist:
            page.row_of([tables.sides[line.side], SCOPES[line.scope], line.line, line.text, line.mark])
        page.finish()
    if not book.sheetnames:
        book.create_sheet("件名")
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


FORMATS: dict[str, Callable[[Tables], str | bytes]] = {
    "markdown": to_markdown,
    "html": to_html,
    "xlsx": to_xlsx,
}
