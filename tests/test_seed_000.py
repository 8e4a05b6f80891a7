"""Seed 000 (広報新宿 個別配達及びコールセンター, 資料3-1) as modelled, checked against the seed text."""

from __future__ import annotations

import pytest

from conftest import FLOWS
from flowmap.flow.clauses import Obligation, builtin_clause_sets
from flowmap.flow.graph import build_graph
from flowmap.flow.loading import load_flow
from flowmap.flow.vocabulary import EraseMethod, Frequency, Medium, PartyKind, Proof, StepKind, Transport

LIST_ITEMS = ["氏名", "住所", "電話番号"]


@pytest.fixture(scope="module")
def flow():
    return load_flow(FLOWS / "000-koho-shinjuku.yaml")


def labels(flow, ids):
    return [flow.item(i).label for i in ids]


def step(flow, no):
    return next(s for s in flow.steps if s.no == no)


def steps_of(flow, kind):
    return [s for s in flow.steps if s.kind == kind]


def test_metadata_as_the_seed_states(flow):
    sub = flow.submission
    assert sub.title == "「広報新宿」に係る個別配達及びコールセンター業務の委託について"
    assert (sub.department, sub.division) == ("区政情報課", "総合政策部区政情報課")
    assert sub.diagram_ref == "資料3-1"
    assert sub.legal_basis == ["要綱第3条第1項第3号（業務委託）"]
    assert sub.subjects.count == 8413 and "令和5年3月25日号" in sub.subjects.as_of
    assert (sub.period.start.isoformat(), sub.period.end.isoformat()) == ("2023-04-01", "2024-03-31")
    assert sub.amends is None


def test_contractor_is_the_union_of_22_shops_bound_by_the_31_clauses(flow):
    contractors = [p for p in flow.parties if p.kind == PartyKind.CONTRACTOR]
    assert [c.name for c in contractors] == ["新宿区新聞販売同業組合"]
    union = contractors[0]
    assert union.clauses == "shinjuku-2023-31"
    assert "22か所" in union.note
    assert not union.certifications  # the seed names none
    assert len(union.contract.work) == 3


def test_declared_table_as_written(flow):
    declared = flow.party("contractor").declared
    assert declared.items == ["氏名", "住所", "電話番号", "相談内容"] and declared.complete
    assert declared.media == ["紙及び電磁的媒体(委託先のパソコン及びUSB)"]


def test_catalogue_holds_exactly_the_declared_items(flow):
    assert sorted(i.label for i in flow.items) == sorted(["氏名", "住所", "電話番号", "相談内容"])


def test_seven_steps_derived_in_working_order(flow):
    assert [s.no for s in flow.steps] == ["①", "②", "③", "④", "⑤", "⑥", "⑦"]
    assert [s.kind for s in flow.steps] == [
        StepKind.PROVIDE, StepKind.PROCESS, StepKind.DELIVER, StepKind.COLLECT,
        StepKind.PROCESS, StepKind.RETURN, StepKind.ERASE,
    ]


def test_usb_handed_over_face_to_face_without_encryption(flow):
    one = step(flow, "①")
    assert (one.source, one.target) == ("ward", "contractor")
    assert (one.medium, one.transport) == (Medium.USB, Transport.HAND_DELIVERY)
    assert labels(flow, one.item_ids) == LIST_ITEMS
    assert one.safeguards == ["face_to_face_handover"]
    # nothing in the seed says the USB is encrypted: neither the edge nor any party may claim it
    claimed = set(one.safeguards) | {s for p in flow.parties for s in p.safeguards if isinstance(s, str)}
    assert not {"encrypted_medium", "encrypt_data"} & claimed


def test_delivery_three_times_a_month(flow):
    three = step(flow, "③")
    assert (three.source, three.target) == ("contractor", "residents")
    assert three.frequency == Frequency.THREE_TIMES_MONTHLY
    assert three.item_ids == ()  # whether the paper carries an address label is not stated


def test_call_centre_receives_by_phone(flow):
    four = step(flow, "④")
    assert labels(flow, four.item_ids) == ["氏名", "住所", "電話番号", "相談内容"]
    assert (four.medium, four.transport) == (Medium.PHONE, Transport.PHONE)
    assert flow.party(four.source).kind == PartyKind.SUBJECTS and four.target == "contractor"


def test_return_and_witnessed_deletion_at_contract_end(flow):
    (ret,) = steps_of(flow, StepKind.RETURN)
    assert (ret.source, ret.target) == ("contractor", "ward")
    assert labels(flow, ret.item_ids) == LIST_ITEMS
    assert ret.proof == Proof.REPORT and "個人情報返却等届出書" in ret.note
    # "委託に当たり提供したすべての情報" is ①'s USB; its transport comes from 区の対策5 (a hand-over default)
    assert ret.medium == Medium.USB and ret.transport == Transport.UNKNOWN
    from flowmap.rules.context import Context
    assert Context(flow).transport(ret) == Transport.HAND_DELIVERY
    (erase,) = steps_of(flow, StepKind.ERASE)
    assert erase.at == "contractor-pc" and flow.party("contractor-pc").within == "contractor"
    assert labels(flow, erase.item_ids) == LIST_ITEMS
    assert (erase.proof, erase.method) == (Proof.WITNESSED, EraseMethod.DELETE)


def test_consultation_is_never_returned_as_the_seed_leaves_it_open(flow):
    ended = {i for s in flow.steps if s.kind in (StepKind.RETURN, StepKind.ERASE) for i in s.item_ids}
    assert "consultation" not in ended
    assert any("相談内容" in note and "記載がない" in note for note in flow.notes)


def test_tasks_need_what_the_contract_work_needs(flow):
    tasks = {t.id: t for t in flow.party("contractor").tasks}
    assert labels(flow, tasks["delivery"].needed_items) == ["氏名", "住所"]
    assert labels(flow, tasks["list-management"].needed_items) == LIST_ITEMS
    assert labels(flow, tasks["call-centre"].needed_items) == ["氏名", "住所", "電話番号", "相談内容"]


def test_clause_set_requires_return_erasure_and_certificate(flow):
    clause_set = builtin_clause_sets()[flow.party("contractor").clauses]
    assert {Obligation.RETURN, Obligation.ERASE, Obligation.ERASURE_CERTIFICATE} <= clause_set.obligations


def test_graph(flow):
    graph = build_graph(flow)
    assert graph.number_of_edges() == 7
    assert graph.has_edge("ward", "contractor", key="①")
    assert graph.has_edge("contractor-pc", "contractor-pc", key="⑦")
