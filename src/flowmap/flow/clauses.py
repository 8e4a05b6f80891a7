"""Clause sets (特記事項) as data: each clause with a summary and the obligations rules can read.

The sets ship in ``flowmap/flow/data/clauses/*.yaml``; flows refer to them by id. They are loaded
through the same strict loader as flows, so a slip in the data is reported with its line.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

from pydantic import Field

from flowmap.flow.model import Id, Node, Text
from flowmap.flow.vocabulary import Labelled, LABELS
from flowmap.flow.yamlread import load_model


class Obligation(Labelled):
    CONFIDENTIALITY = "confidentiality"
    PURPOSE_LIMITATION = "purpose_limitation"          # 保有の制限・目的外利用の禁止
    MINIMUM_COLLECTION = "minimum_collection"          # 必要最小限の収集
    DIRECT_COLLECTION = "direct_collection"            # 本人収集 (unless approved)
    PURPOSE_STATEMENT = "purpose_statement"            # 利用目的の明示
    SENSITIVE_COLLECTION_BANNED = "sensitive_collection_banned"
    NO_TAKE_OUT = "no_take_out"                        # 持出しの禁止
    NO_THIRD_PARTY = "no_third_party"                  # 第三者提供の禁止
    SECURE_STORAGE = "secure_storage"                  # 施錠できる保管庫
    NO_COPYING = "no_copying"                          # 複写等の禁止, no exception
    NO_COPYING_UNLESS_APPROVED = "no_copying_unless_approved"
    SUBCONTRACT_BANNED = "subcontract_banned"
    SUBCONTRACT_BY_CONSENT = "subcontract_by_consent"
    SUBCONTRACT_FLOW_DOWN = "subcontract_flow_down"    # the clauses passed to the sub-contractor
    RETURN = "return"                                  # 資料等の返還
    ERASE = "erase"                                    # 電子計算機上の消去
    ERASURE_CERTIFICATE = "erasure_certificate"        # 消去証明書
    HANDLER_DESIGNATION = "handler_designation"        # 取扱責任者・取扱者の指定
    REPORT_ON_REQUEST = "report_on_request"
    AUDIT = "audit"                                    # 立入調査
    AUDIT_YEARLY = "audit_yearly"                      # 年度当たり1回以上
    TRAINING = "training"
    INCIDENT_REPORT = "incident_report"
    COMPLAINT_HANDLING = "complaint_handling"
    PUBLICATION = "publication"                        # 公表等
    DAMAGES = "damages"
    TERMINATION = "termination"
    BASIC_DUTY = "basic_duty"


LABELS["Obligation"] = {
    "confidentiality": "秘密の保持", "purpose_limitation": "目的外利用の禁止",
    "minimum_collection": "必要最小限の収集", "direct_collection": "本人からの直接収集",
    "purpose_statement": "利用目的の明示", "sensitive_collection_banned": "収集禁止事項",
    "no_take_out": "持出しの禁止", "no_third_party": "第三者提供の禁止",
    "secure_storage": "施錠保管", "no_copying": "複写等の禁止(例外なし)",
    "no_copying_unless_approved": "複写等の禁止(承諾時を除く)",
    "subcontract_banned": "再委託の禁止", "subcontract_by_consent": "再委託は承諾を要する",
    "subcontract_flow_down": "再委託先への義務の継承", "return": "資料等の返還",
    "erase": "電子データの消去", "erasure_certificate": "消去証明書の提出",
    "handler_designation": "取扱責任者・取扱者の指定", "report_on_request": "求めに応じた報告",
    "audit": "立入調査による監査", "audit_yearly": "年1回以上の確認",
    "training": "従事者への教育", "incident_report": "事故発生時の報告",
    "complaint_handling": "苦情への対応", "publication": "違反の公表",
    "damages": "損害の賠償", "termination": "契約解除", "basic_duty": "基本的事項",
}


class Clause(Node):
    no: Text = Field(description="条項の番号(印刷のまま。11、第7 …)。")
    heading: Text
    summary: Text = Field(description="条項が求めること(原文の引用でなく要約で)。")
    obligations: list[Obligation] = Field(default_factory=list)


class ClauseSet(Node):
    id: Id
    title: Text
    binds: Text = Field(description="義務を負う立場: 乙(委託先)、丙(再委託先)、丁 …")
    source: Text = Field(description="このセットの出典(載っている付議資料・例規など)。")
    clauses: list[Clause] = Field(min_length=1)

    @property
    def obligations(self) -> frozenset[Obligation]:
        return frozenset(o for c in self.clauses for o in c.obligations)

    def clause_for(self, obligation: Obligation) -> Clause | None:
        """The first clause imposing an obligation, to cite as a finding's basis."""
        return next((c for c in self.clauses if obligation in c.obligations), None)


@cache
def builtin_clause_sets() -> dict[str, ClauseSet]:
    """The clause sets shipped with flowmap, by id."""
    sets: dict[str, ClauseSet] = {}
    folder = resources.files("flowmap.flow") / "data" / "clauses"
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".yaml"):
            clause_set = load_model(ClauseSet, entry.read_bytes(), f"flowmap/flow/data/clauses/{entry.name}")
            sets[clause_set.id] = clause_set
    return sets
