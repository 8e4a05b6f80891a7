"""The diff as people read it (Japanese text, Markdown) and as programs read it (JSON).

All three are built from the same ``Change`` values, so they carry the same facts.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Callable

from flowmap.compare.diff import ADDED, REMOVED, SECTIONS, Change, FlowDiff
from flowmap.flow.profiles import Words, default_profile
from flowmap.output.escape import markdown as _md
from flowmap.output.escape import terminal

SECTION_LABELS = {
    "items": "情報項目", "steps": "手順", "parties": "当事者", "flow": "フロー全体", "findings": "指摘",
}

FIELD_LABELS = {
    "": "", "label": "名称", "name": "名称", "category": "分類", "aliases": "別名", "no": "手順番号",
    "from": "送り手", "to": "受け手", "at": "処理する当事者", "via": "運送事業者", "kind": "種類",
    "items": "情報項目", "medium": "記録媒体", "transport": "運搬・授受", "frequency": "頻度",
    "when": "時期", "proof": "証明", "method": "消去方法", "legal_basis": "根拠",
    "safeguards": "安全対策", "clauses": "特記事項", "approval": "再委託の承諾", "within": "所有者",
    "serves": "委託元", "location.site": "作業場所", "location.country": "所在国",
    "certifications": "認証", "holdings": "保有する情報項目", "declared": "表の記載",
    "declared.items": "表の情報項目", "declared.media": "表の記録媒体",
    "declared.complete": "表の情報項目が網羅的か", "task": "業務", "task.label": "業務の名称",
    "task.needs": "業務に必要な情報項目", "task.produces": "業務で作成する情報項目",
    "task.copies_documents": "業務での複写", "checklist.ward.applied": "チェックリスト({body})○",
    "checklist.ward.not_needed": "チェックリスト({body})－",
    "checklist.contractor.applied": "チェックリスト(受託事業者)○",
    "checklist.contractor.not_needed": "チェックリスト(受託事業者)－",
    "contains": "含む情報項目", "medium_text": "記録媒体(語彙外)", "password": "パスワードの経路",
    "mode": "参照・入力", "covers": "返却・消去の対象(由来)", "council": "審議会への付議",
    "tasks": "この受渡しが役立つ業務", "count": "拠点・団体の数", "cloud": "クラウド",
    "access": "共有システムの利用者", "contract.purposes": "契約の利用目的", "task.use": "業務の利用目的",
    "severity": "重要度", "kind": "指摘・確認事項の別", "finding.items": "対象の情報項目",
}

TASK_FIELDS = {
    "task.label": "の名称", "task.needs": "に必要な情報項目", "task.produces": "で作成する情報項目",
    "task.copies_documents": "での複写", "task.use": "の利用目的",
}

KIND_MARKS = {ADDED: "+", REMOVED: "-", "changed": "~"}
KIND_LABELS = {ADDED: "追加", REMOVED: "削除", "changed": "変更"}


def describe(change: Change, words: Words | None = None) -> str:
    """One change as a Japanese line (without the subject): 情報項目 + 旧氏 / 記録媒体: 紙 → USBメモリ."""
    words = words or default_profile().words
    what = FIELD_LABELS.get(change.field, change.field).replace("{body}", words.body)
    if change.field in TASK_FIELDS:
        what = f"業務「{change.part}」{TASK_FIELDS[change.field]}"
    if not change.field or change.field in ("task", "declared"):
        head = f"{KIND_LABELS[change.kind]}"
        if change.field == "task":
            head = f"業務「{change.part}」を{KIND_LABELS[change.kind]}"
        elif change.field == "declared":
            head = f"表の記載を{KIND_LABELS[change.kind]}"
        detail = change.new if change.kind == ADDED else change.old
        extra = change.added or change.removed
        parts = [head] + ([f"({detail})"] if detail else []) + ([f"情報項目: {'、'.join(extra)}"] if extra else [])
        return " ".join(parts)
    if change.added or change.removed:
        words = [f"+ {x}" for x in change.added] + [f"- {x}" for x in change.removed]
        return f"{what} {'、'.join(words)}"
    return f"{what}: {change.old or '(なし)'} → {change.new or '(なし)'}"


def _header(diff: FlowDiff) -> list[str]:
    lines = [f"旧: {diff.old_file} ({diff.old_id}) {diff.old_title}",
             f"新: {diff.new_file} ({diff.new_id}) {diff.new_title}"]
    if not diff.findings_compared:
        lines.append("(解析モジュールがないため、指摘の増減は比較していません)")
    return lines


def _by_section(diff: FlowDiff) -> list[tuple[str, list[Change]]]:
    return [(s, [c for c in diff.changes if c.section == s]) for s in SECTIONS
            if any(c.section == s for c in diff.changes)]


def _summary(diff: FlowDiff) -> str:
    if diff.identical:
        return "相違はありません。"
    return f"相違 {len(diff.changes)} 件。"


def diff_text(diff: FlowDiff) -> str:
    lines = [terminal(line) for line in _header(diff)] + [""]
    for section, changes in _by_section(diff):
        lines.append(f"【{SECTION_LABELS[section]}】")
        for change in changes:
            lines.append(f"  {KIND_MARKS[change.kind]} {terminal(change.subject)}: {terminal(describe(change, diff.words))}")
        lines.append("")
    lines.append(_summary(diff))
    return "\n".join(lines) + "\n"




def diff_markdown(diff: FlowDiff) -> str:
    lines = ["# フローの差分", "", *[f"- {_md(line)}" for line in _header(diff)], ""]
    for section, changes in _by_section(diff):
        lines += [f"## {SECTION_LABELS[section]}", "", "| | 対象 | 変更 |", "| --- | --- | --- |"]
        lines += [f"| {KIND_LABELS[c.kind]} | {_md(c.subject)} | {_md(describe(c, diff.words))} |" for c in changes]
        lines.append("")
    lines.append(_summary(diff))
    return "\n".join(lines) + "\n"


def diff_json(diff: FlowDiff) -> str:
    data = {
        "old": {"file": diff.old_file, "id": diff.old_id, "title": diff.old_title},
        "new": {"file": diff.new_file, "id": diff.new_id, "title": diff.new_title},
        "identical": diff.identical,
        "findings_compared": diff.findings_compared,
        "changes": [dict(asdict(c), text=describe(c, diff.words)) for c in diff.changes],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


DIFF_FORMATS: dict[str, Callable[[FlowDiff], str]] = {
    "text": diff_text, "markdown": diff_markdown, "json": diff_json,
}
