"""JSON Schemas of flowmap's files for editors (yaml-language-server) and validators: pydantic's
schema, with every vocabulary an enum whose codes carry their Japanese labels, and every model and
key titled and described in Japanese (what staff read when they hover a key).

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
    "MunicipalityKind": "自治体の種類", "Obligation": "特記事項が課す義務",
}

# What the editor shows for each model (its hover title, and the description that replaces the
# English docstring) and for each key (pydantic's own titles are English: "Medium Text").
# tests/test_schema_yaml11.py checks that every title and description of the three schemas is Japanese.
MODELS: dict[str, tuple[str, str | None]] = {
    "Flow": ("flowmap フローファイル", "付議事項1件の個人情報の流れ。"),
    "Submission": ("案件", None),
    "Subjects": ("対象者", None),
    "Period": ("期間", None),
    "Amendment": ("変更する承認", "この付議で変更する以前の承認(seed 002 は、以前に承認された契約に旧氏を加える)。"),
    "Party": ("当事者", None),
    "Location": ("所在", None),
    "Council": ("審議会", "審議会に付議(諮問・報告)したかどうかと、その結果(答申・了承)。"),
    "Cloud": ("クラウドサービス", "当事者・システムが利用するクラウドサービス: 提供する事業者、データの保存場所、"
                               "事業者に適用される法令の国、取得している認証。"),
    "AccessGrant": ("システムへのアクセス", "共用のシステムへの、一つの当事者のアクセス: 見られる情報項目と、アクセスの手段。"),
    "Count": ("拠点・機関の数", "多数の拠点・機関をまとめて表す当事者(組合の22店、約150の医療機関、すべての学校 など)。"),
    "Task": ("業務", "当事者が行う業務と、その業務に必要な情報項目(必要最小限かどうかを判断する基準)。"),
    "Declared": ("表の記載", "付議資料の表のうち、その当事者の行(資料の記載のまま)。"),
    "Contract": ("契約", "外部の当事者と結ぶ契約(付議資料の表の記載のまま)。"),
    "Item": ("情報項目", None),
    "Slip": ("誤記", "同じ情報項目を資料の別の箇所で違う言葉で書いたもの(誤記)。資料の書き方のまま残す。"
                     "例: seed 001 の図は、表で「消除フラグ」とある項目を「削除フラグ」と書いている。"),
    "Group": ("情報項目のまとまり", None),
    "Step": ("手順", None),
    "HandoverDefault": ("受渡しの既定", "ある種類の受渡しすべてに当てはまる、資料の一般的な対策。例: 区の対策5"
                                      "「電磁的媒体の授受は、必ず区職員及び委託先業者が対面で行う」。当てはまる手順は、"
                                      "別に書かない限り、その運搬方法(手順に書いていないとき)と安全対策を引き継ぐ。"),
    "Checklist": ("チェックリスト", "個人情報保護対策チェックリストの一方(区または委託先): ○ の行と － の行。"),
    "Checklists": ("チェックリスト(区・委託先)", None),
    "Accepted": ("了承された指摘", "審査で了承された指摘。一覧には「承認済み」として残る。"),
    "FreeSafeguard": ("語彙にない安全対策", "語彙にない安全対策(資料の書き方のまま)。"),
    "Safeguard": ("安全対策", None),
    "ProfileFile": ("flowmap プロファイル(flowmap.yaml)",
                    "YAML で書いたプロファイル(組み込みのプロファイル、または利用者の flowmap.yaml)。"),
    "WordChoices": ("言葉", "プロファイルで決められる言葉。書かなかったものは自治体の種類(`kind`)から決まる。"),
    "ChecklistForm": ("チェックリストの様式", "自治体の安全対策チェックリスト: 行を順に並べ、各行を語彙の安全対策で書く。"),
    "StandardDuties": ("標準の義務", "特記事項のセットが課すべき義務。各セットをこれと比べ、弱いセットを見つける。"),
    "ClauseSet": ("flowmap 特記事項のセット", "契約に付す特記事項(条項と、ルールが読む義務)。"),
    "Clause": ("条項", None),
}

# keys whose title is the same in every model
_KEY_TITLES = {
    "id": "識別子", "label": "名称", "name": "名称", "kind": "種類", "note": "備考", "notes": "備考",
    "items": "情報項目", "safeguards": "安全対策", "certifications": "認証", "legal_basis": "根拠",
    "council": "審議会", "period": "期間", "date": "日付", "title": "件名", "source": "出典",
    "obligations": "義務", "tasks": "業務", "text": "記載", "number": "番号",
}
KEY_TITLES: dict[str, dict[str, str]] = {
    "Flow": {"profile": "プロファイル", "submission": "案件", "parties": "当事者", "groups": "情報項目のまとまり",
             "steps": "手順", "handover_defaults": "受渡しの既定", "checklist": "チェックリスト",
             "accepted": "了承された指摘"},
    "Submission": {"department": "担当課", "division": "担当部課", "council": "付議先", "diagram_ref": "資料番号",
                   "purpose": "目的", "subjects": "対象者", "date": "付議の日付",
                   "privacy_assessment": "特定個人情報保護評価", "amends": "変更する承認"},
    "Subjects": {"count": "人数", "description": "説明", "as_of": "時点"},
    "Period": {"start": "開始日", "end": "終了日", "text": "期間(記載のまま)"},
    "Amendment": {"approval": "承認", "flow": "以前の版のフロー", "change_date": "変更日"},
    "Party": {"kind": "当事者の種類", "within": "持ち主", "serves": "再委託元", "location": "所在", "clauses": "特記事項",
              "approval": "再委託の承諾", "cloud": "クラウドサービス", "access": "アクセス", "count": "拠点・機関の数",
              "declared": "表の記載", "contract": "契約"},
    "Location": {"site": "作業場所", "country": "所在国"},
    "Council": {"status": "審議会での扱い", "number": "諮問・答申の番号", "text": "承認の内容"},
    "Cloud": {"provider": "クラウド事業者", "provider_country": "事業者の所在国", "storage": "データの保存場所",
              "law": "準拠法"},
    "AccessGrant": {"party": "当事者", "means": "アクセスの手段", "mode": "アクセスの種類"},
    "Count": {"number": "数", "approximate": "概数(約)", "description": "説明", "distribution": "複製の配り方"},
    "Task": {"use": "使い方", "needs": "必要な情報項目", "produces": "作成する情報項目",
             "copies_documents": "複写・複製"},
    "Declared": {"complete": "表の記載が網羅的か", "media": "記録媒体"},
    "Contract": {"business": "登録業務の名称", "reason": "委託理由", "work": "委託の内容", "purposes": "利用目的"},
    "Item": {"category": "分類", "aliases": "別名", "contains": "含まれる情報項目", "slips": "誤記"},
    "Slip": {"text": "誤記の言葉", "where": "記載箇所"},
    "Group": {},
    "Step": {"no": "手順番号", "label": "手順の名称", "kind": "手順の種類", "from": "渡す当事者", "to": "受け取る当事者", "at": "作業する当事者",
             "via": "運送事業者", "tasks": "受け取る側の業務", "medium": "記録媒体", "medium_text": "記録媒体(語)",
             "transport": "運搬方法", "password": "パスワードの伝え方", "mode": "アクセスの種類", "frequency": "頻度",
             "when": "時期", "proof": "返却・消去の証明", "method": "消去の方法", "covers": "返却・消去の対象",
             "reveals_others": "他人の情報が見える配布"},
    "HandoverDefault": {"text": "対策(記載のまま)", "source": "記載箇所", "media": "媒体", "between": "当事者",
                        "transport": "運搬方法"},
    "Checklist": {"applied": "○ の行", "not_needed": "－ の行"},
    "Checklists": {"ward": "区", "contractor": "委託先"},
    "Accepted": {"id": "指摘の id", "reason": "理由", "by": "了承した者", "date": "了承の日付"},
    "FreeSafeguard": {"text": "対策(記載のまま)"},
    "ProfileFile": {"based_on": "元にするプロファイル", "name": "自治体の名前", "kind": "自治体の種類", "council": "審議会",
                    "words": "言葉", "clause_sets": "特記事項のセット", "standard_duties": "標準の義務",
                    "checklist": "チェックリストの様式", "citations": "根拠", "guidance": "指針・ガイドライン"},
    "WordChoices": {"body": "自治体(主体)", "residents": "住民", "staff": "職員", "department": "他の部署",
                    "premises": "庁舎", "external": "外部結合先", "external_link": "外部結合",
                    "contractor_measures": "委託先の対策の見出し"},
    "ChecklistForm": {"title": "表題", "operational": "運用上の対策", "system": "システム上の対策", "wording": "行の文言"},
    "StandardDuties": {},
    "ClauseSet": {"title": "表題", "binds": "義務を負う立場", "clauses": "条項"},
    "Clause": {"no": "条項番号", "heading": "見出し", "summary": "要約"},
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
    """Every vocabulary enum (those of profiles and clause sets too) titled and labelled in Japanese."""
    for name, entry in defs.items():
        if name in LABELS and "enum" in entry:
            labels = LABELS[name]
            entry.update(_describe(TOPICS.get(name, name), {c: labels[c] for c in entry["enum"]}))
            entry["title"] = TOPICS.get(name, name)


def _titled(name: str, entry: dict[str, Any]) -> None:
    """A model's Japanese title and description, and its keys' titles, for the editor's hover."""
    if name not in MODELS:
        return
    entry["title"], description = MODELS[name]
    if description:
        entry["description"] = description
    keys = KEY_TITLES.get(name, {})
    for key, prop in entry.get("properties", {}).items():
        title = keys.get(key) or _KEY_TITLES.get(key)
        if title:
            prop["title"] = title
        else:
            prop.pop("title", None)


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


def model_schema(model: type[BaseModel]) -> dict[str, Any]:
    """The JSON Schema of a file read into ``model``: vocabularies, models and keys titled and described
    in Japanese (``TOPICS``, ``MODELS``, ``KEY_TITLES`` and the models' field descriptions)."""
    schema = model.model_json_schema(by_alias=True)
    defs = schema.setdefault("$defs", {})
    _labelled(defs)
    if _point_at_defs(schema):
        defs["Safeguard"] = safeguard_schema()
    for name, entry in defs.items():
        _titled(name, entry)
    _titled(model.__name__, schema)
    schema["$schema"] = DIALECT
    return schema
