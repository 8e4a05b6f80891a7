"""JSON Schemas of flowmap's files for editors (yaml-language-server) and validators: pydantic's
schema, with every vocabulary an enum whose codes carry their Japanese labels.

The safeguards are checked by the loader (a code from the vocabulary, or ``{text: ...}``); the
schema gives editors the same list, so completion and checking work there too.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from flowmap.flow.vocabulary import LABELS, SAFEGUARDS, VOCABULARIES

DIALECT = "https://json-schema.org/draft/2020-12/schema"
MARK = "x-vocabulary"  # what the models put where a vocabulary checked by the loader belongs

# what each vocabulary is, for the hover text of an editor
TOPICS = {
    "PartyKind": "当事者の種類", "ItemCategory": "情報項目の分類", "StepKind": "手順の種類",
    "Medium": "記録媒体", "Transport": "運搬・授受の方法", "Frequency": "頻度",
    "Certification": "認証", "Site": "作業場所", "Country": "所在国", "Proof": "返却・消去の証明",
    "EraseMethod": "消去の方法", "Approval": "再委託の承諾", "PasswordChannel": "パスワードの伝え方",
    "AccessMeans": "アクセスの手段", "AccessMode": "アクセスの種類", "CouncilStatus": "審議会での扱い",
    "TaskUse": "業務での使い方", "Provenance": "情報項目の出どころ", "MediaScope": "受渡しの既定が当てはまる媒体",
}


def _describe(topic: str, labels: dict[str, str], extra: dict[str, str] | None = None) -> dict[str, Any]:
    """description, markdownDescription and per-code descriptions of one vocabulary."""
    codes = list(labels)
    notes = extra or {}
    per_code = [labels[c] + (f"({notes[c]})" if c in notes else "") for c in codes]
    return {
        "description": f"{topic}: " + "、".join(f"{c} = {text}" for c, text in zip(codes, per_code)),
        "markdownDescription": f"**{topic}**(コードで書きます)\n\n| コード | 意味 |\n| --- | --- |\n"
                               + "\n".join(f"| `{c}` | {text} |" for c, text in zip(codes, per_code)),
        "enumDescriptions": per_code,
        "markdownEnumDescriptions": [f"**{text}**" for text in per_code],
    }


def safeguard_schema() -> dict[str, Any]:
    scope = {"operational": "運用上の対策", "system": "システム上の対策"}
    notes = {code: scope[s.scope] for code, s in SAFEGUARDS.items()}
    labels = {code: s.label for code, s in SAFEGUARDS.items()}
    described = _describe("安全対策(語彙にないものは {text: ...} で書きます)", labels, notes)
    return {"type": "string", "enum": list(SAFEGUARDS), **described}


def _labelled(defs: dict[str, Any]) -> None:
    for cls in VOCABULARIES:
        entry = defs.get(cls.__name__)
        if entry is not None and "enum" in entry:
            labels = LABELS[cls.__name__]
            entry.update(_describe(TOPICS.get(cls.__name__, cls.__name__), {c: labels[c] for c in entry["enum"]}))


def _point_at_defs(node: Any) -> bool:
    """Replace each {x-vocabulary: Safeguard} by a $ref to $defs/Safeguard; whether any was."""
    found = False
    if isinstance(node, dict):
        for key, value in node.items():
            if isinstance(value, dict) and value.get(MARK) == "Safeguard":
                node[key], found = {"$ref": "#/$defs/Safeguard"}, True
            else:
                found |= _point_at_defs(value)
    elif isinstance(node, list):
        for index, value in enumerate(node):
            if isinstance(value, dict) and value.get(MARK) == "Safeguard":
                node[index], found = {"$ref": "#/$defs/Safeguard"}, True
            else:
                found |= _point_at_defs(value)
    return found


def model_schema(model: type[BaseModel], title: str) -> dict[str, Any]:
    """The JSON Schema of a file read into ``model``, vocabularies labelled in Japanese."""
    schema = model.model_json_schema(by_alias=True)
    defs = schema.setdefault("$defs", {})
    _labelled(defs)
    if _point_at_defs(schema):
        defs["Safeguard"] = safeguard_schema()
    schema["$schema"] = DIALECT
    schema["title"] = title
    return schema
