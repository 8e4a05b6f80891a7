"""The registry: the explicit, ordered list of every rule. Adding a rule means adding it here.

Codes are never reused: a withdrawn rule keeps its code in ``RETIRED`` so no new rule takes it.
"""

from __future__ import annotations

from flowmap.rules import governance, items, parties, returns, services, structure, transport
from flowmap.rules.base import Rule

# code → what it was, for codes that must never be reused
RETIRED: dict[str, str] = {
    "FM110": "safeguard-not-on-step: a safeguard stated for the party, the flow or the checklist is the "
             "submission's own general measure (issue 11); where one came from is said in the findings "
             "where it matters",
}

FAMILIES: dict[str, str] = {
    "transport": "FM1xx 運搬・記録媒体(保護されていない受渡し)",
    "items": "FM2xx 情報項目(必要を超える項目・マイナンバー・要配慮・表との不一致)",
    "returns": "FM3xx 返却・消去",
    "parties": "FM4xx 当事者と契約(再委託・特記事項・作業場所)",
    "structure": "FM5xx 図の構造",
    "services": "FM6xx 電子メール・クラウド・共有システム・機器",
    "governance": "FM7xx 審議会の了承・契約の目的・多数の拠点",
}


def _build(rules: list[Rule]) -> tuple[Rule, ...]:
    seen: dict[str, Rule] = {}
    for entry in rules:
        if entry.code in seen or entry.code in RETIRED:
            raise ValueError(f"rule code {entry.code} is used twice (or retired)")
        seen[entry.code] = entry
    return tuple(sorted(rules, key=lambda r: r.code))


RULES: tuple[Rule, ...] = _build([
    transport.handover_lacks_safeguards,
    transport.unencrypted_medium,
    transport.password_with_medium,
    transport.hand_delivery_unlocked,
    transport.handover_without_ledger,
    transport.untracked_post,
    transport.network_unencrypted,
    transport.internet_without_device,
    transport.unknown_medium,
    transport.paper_unsealed,
    transport.delivery_reveals_others,
    items.beyond_need,
    items.without_tasks,
    items.my_number,
    items.my_number_assessment,
    items.sensitive,
    items.held_not_declared,
    items.declared_not_held,
    items.collection_without_purpose,
    items.indirect_collection,
    returns.no_return,
    returns.partial_return,
    returns.system_not_erased,
    returns.erasure_without_proof,
    returns.erase_method,
    returns.retention,
    parties.subcontract_approval,
    parties.flow_down,
    parties.chain,
    parties.forbidden_task,
    parties.weaker_clauses,
    parties.no_clauses,
    parties.sibling_gap,
    parties.external_basis,
    parties.abroad,
    parties.location_unknown,
    parties.third_party,
    parties.baseline,
    structure.stale_acceptance,
    structure.number_gap,
    structure.out_of_order,
    structure.party_not_in_tables,
    structure.from_nowhere,
    services.online_unencrypted,
    services.password_same_route,
    services.file_service_expiry,
    services.cloud_abroad,
    services.foreign_provider,
    services.cloud_certification,
    services.sensitive_password_only,
    services.access_means_unknown,
    services.access_beyond_need,
    services.medium_in_words,
    services.device_storage,
    services.contents_unstated,
    governance.provision_without_council,
    governance.outside_contract,
    governance.many_sites,
    structure.written_two_ways,
])

STALE_ACCEPTANCE = "FM500"


def rule_by_code(code: str) -> Rule | None:
    return next((r for r in RULES if r.code == code.upper()), None)
