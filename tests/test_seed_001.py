"""Seed 001 (資料19-1) as modelled, checked against the text of the seed's diagram and table."""

from __future__ import annotations

import pytest

from conftest import SEED_001
from flowmap.flow.graph import build_graph
from flowmap.flow.loading import load_flow
from flowmap.flow.vocabulary import Medium, PartyKind, StepKind, Transport

TARGET_ITEMS = ["世帯番号", "世帯主漢字氏名", "世帯主カナ氏名", "郵便番号", "漢字住所", "漢字方書", "区民日", "消除フラグ"]


@pytest.fixture(scope="module")
def flow():
    return load_flow(SEED_001)


def labels(flow, ids):
    return [flow.item(i).label for i in ids]


def step(flow, no):
    return next(s for s in flow.steps if s.no == no)


def test_metadata_as_the_seed_states(flow):
    sub = flow.submission
    assert sub.title == "携帯トイレ等の全世帯配布事業に係る業務の委託について"
    assert sub.department == "危機管理課" and sub.diagram_ref == "資料19-1"
    assert sub.subjects.count == 230000
    assert (sub.period.start.isoformat(), sub.period.end.isoformat()) == ("2024-07-22", "2025-02-28")
    assert sub.legal_basis == ["要綱第3条第1項第3号（業務委託）"]


def test_steps_one_to_nine_with_primes(flow):
    assert [s.no for s in flow.steps] == ["①", "②", "②'", "③③'", "④④'", "⑤", "⑤'", "⑥", "⑦", "⑧", "⑨"]
    numbers = sorted(str(n) for s in flow.steps for n in s.numbers)
    assert numbers == sorted(["①", "②", "②'", "③", "③'", "④", "④'", "⑤", "⑤'", "⑥", "⑦", "⑧", "⑨"])


def test_step_two_carries_exactly_the_eight_target_items(flow):
    two = step(flow, "②")
    assert labels(flow, two.item_ids) == TARGET_ITEMS
    assert (two.kind, two.medium, two.transport) == (StepKind.PROVIDE, Medium.USB, Transport.HAND_DELIVERY)
    assert set(two.safeguards) == {"locked_bag", "encrypted_medium", "ledger"}
    assert (two.source, two.target) == ("ward", "contractor")


def test_call_centre_collects_four_items_by_phone(flow):
    seven = step(flow, "⑦")
    assert labels(flow, seven.item_ids) == ["氏名", "住所", "電話番号", "相談内容"]
    assert seven.kind == StepKind.COLLECT and seven.medium == Medium.PHONE
    assert flow.party(seven.source).kind == PartyKind.SUBJECTS


def test_return_after_contract_covers_target_and_call_records(flow):
    nine = step(flow, "⑨")
    assert nine.kind == StepKind.RETURN and nine.target == "ward"
    assert set(TARGET_ITEMS) <= set(labels(flow, nine.item_ids))
    assert {"相談内容", "コールセンター対応内容"} <= set(labels(flow, nine.item_ids))


def test_checklist_marks_ward_system_lines_not_needed(flow):
    ward, contractor = flow.checklist.ward, flow.checklist.contractor
    assert len(ward.applied) == 11 and len(ward.not_needed) == 11
    assert len(contractor.applied) == 22 and not contractor.not_needed


def test_graph_has_a_node_per_party_and_an_edge_per_step(flow):
    graph = build_graph(flow)
    assert set(graph.nodes) == {p.id for p in flow.parties}
    assert graph.number_of_edges() == len(flow.steps)
    keys = {key for _, _, key in graph.edges(keys=True)}
    assert "②'" in keys and "③③'" in keys
    assert graph.has_edge("residents", "contractor", key="⑦")
