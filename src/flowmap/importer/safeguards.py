"""Safeguard sentences → vocabulary codes (flowmap.flow.vocabulary.SAFEGUARDS).

Each code has keyword patterns; a sentence maps to every code whose pattern it matches (one
sentence of a submission often names several measures). A sentence matching none is kept as
free text ({text: ...}) so nothing the submission says is lost.
"""

from __future__ import annotations

import re

from flowmap.importer.text import tight
from flowmap.flow.vocabulary import SAFEGUARDS

# (code, regular expression over the normalised sentence). Order only matters for readability.
PATTERNS: list[tuple[str, str]] = [
    ("clauses_attached", r"特記事項.{0,30}(付す|付し|遵守)|(付す|付し).{0,10}特記事項|セキュリティポリシー.{0,20}遵守"),
    ("on_site_inspection", r"立入|立ち入"),
    ("handlers_designated", r"(取扱|取り扱い)?責任者(及び|・)?取扱者|取扱者の名簿"),
    ("shared_workflow", r"業務フロー"),
    ("encrypt_data", r"データ.{0,20}(?<!通信)暗号(化|方式)|パスワードを付してデータ"),
    ("locked_bag", r"(鍵|カギ)付き(カバン|鞄)"),
    ("ledger", r"管理簿|確認書|確認記録票"),
    ("locked_storage", r"施錠.{0,10}(金庫|キャビネット|保管)"),
    ("return_and_erase", r"(返却|返還|消去|削除)(し|させ|する|を|及び|、|。)"),
    ("incident_procedures", r"事故.{0,20}(体制|手順)"),
    ("incident_consultation", r"事故.{0,80}協議"),
    ("closed_network", r"特定相手以外|特定通信のみ"),
    ("network_device_control", r"ネットワーク機器|サーバ(を|の)制御"),
    ("encrypted_communication", r"通信.{0,20}暗号|暗号化.{0,6}通信|暗号化による(データ)?(送信|通信)"),
    ("perimeter_defence", r"ファイアウォール|不正アクセス|攻撃|侵入検知|ふるまい検知|不正入力"),
    ("antivirus", r"ウ[イィ]ルス|パターンファイル"),
    ("authentication", r"ID.{0,15}パスワード|認証|ログイン|ロック解除"),
    ("access_control", r"アクセス権|アクセス制御|ファイル(に|の)パスワード"),
    ("monitoring_logs", r"(?<!印刷)ログ|監視"),
    ("redundancy_backup", r"冗長|バックアップ"),
    ("entry_control", r"入退室"),
    ("domestic_law_server", r"国内(の)?法"),
    ("encrypted_medium", r"暗号化(機能付き|された|した).{0,20}(媒体|USB|DVD|データ)|暗号化機能付"),
    ("password_separate", r"パスワード通知書.{0,40}別|別の機会"),
    ("face_to_face_handover", r"対面"),
    ("sealed", r"封入封緘(された|して)"),
    ("tracked_delivery", r"追跡(可能|できる)|簡易書留"),
    ("dedicated_device", r"専用(端末|タブレット)|アクセス専用"),
    ("no_take_out", r"持(ち)?出し"),
    ("dummy_data_only", r"ダミーデータ"),
    ("staff_witness", r"立会|立ち会"),
    ("training", r"研修|教育"),
    ("monthly_report", r"(毎月|定期的に|定期).{0,10}報告"),
    ("internet_separated", r"インターネット(から|と)(分離|分割|切り離)"),
    ("print_log", r"印刷ログ"),
    ("server_only_storage", r"サーバ上のみ"),
    ("separate_database", r"独立したデータベース|切り離し"),
    ("auto_delete_after_send", r"自動(的に)?(で)?削除"),
    ("loss_theft_measures", r"紛失|盗難|リモートロック"),
    ("user_management", r"アクセス権限を更新|(利用者|ユーザ).{0,20}(台帳|管理)"),
    ("purpose_statement", r"利用目的.{0,10}明示"),
    ("extra_care_sensitive", r"要配慮"),
    ("legal_basis_confirmed", r"法令等に基づく"),
]
_COMPILED = [(code, re.compile(pattern)) for code, pattern in PATTERNS]
assert all(code in SAFEGUARDS for code, _ in PATTERNS), "a pattern names an unknown safeguard code"

# sentences that only point elsewhere, not a measure of their own
_REFERENCE_ONLY = re.compile(r"^別紙.{0,20}(チェックリスト|のとおり)|^\*+$|^なし$")


def codes_for(sentence: str, allowed: set[str] | None = None) -> list[str]:
    """The safeguard codes a sentence states, in vocabulary order."""
    found = {code for code, pattern in _COMPILED if pattern.search(sentence)}
    if allowed is not None:
        found &= allowed
    return [code for code in SAFEGUARDS if code in found]


def map_safeguards(sentences: list[str]) -> list[str | dict]:
    """Codes for the sentences, each code once; unmapped sentences as {text: ...}."""
    out: list[str | dict] = []
    for sentence in sentences:
        if _REFERENCE_ONLY.search(sentence.strip()):
            continue
        codes = codes_for(sentence)
        if not codes:
            out.append({"text": tight(sentence)[:2000]})
        for code in codes:
            if code not in out:
                out.append(code)
    return out


def is_reference_only(sentence: str) -> bool:
    return bool(_REFERENCE_ONLY.search(sentence.strip()))
