"""Seed 002 (住民異動届等入出力 / マイナンバーカード交付予約受付, 資料25-1-1・25-1-2): the flow before and
after 旧氏 was added, checked against the seed text and against each other."""

from __future__ import annotations

import pytest

from conftest import FLOWS
from flowmap.flow.clauses import Obligation, builtin_clause_sets
from flowmap.flow.graph import build_graph
from flowmap.flow.loading import load_flow
from flowmap.flow.vocabulary import Medium, PartyKind, Site, StepKind, Transport

COMPANY = "りらいあコミュニケーションズ株式会社"


@pytest.fixture(scope="module")
def before():
    return load_flow(FLOWS / "002-kyuuji-before.yaml")


@pytest.fixture(scope="module")
def after():
    return load_flow(FLOWS / "002-kyuuji-after.yaml")


@pytest.fixture(params=["before", "after"])
def either(request, before, after):
    return {"before": before, "after": after}[request.param]


def labels(flow, ids):
    return [flow.item(i).label for i in ids]


def step(flow, no):
    return next(s for s in flow.steps if s.no == no)


def test_after_is_the_submission_amending_the_two_approvals(after, before):
    sub = after.submission
    assert sub.title == "住民異動届等入出力処理業務等の委託について（情報項目の追加）"
    assert (sub.department, sub.council) == ("戸籍住民課", "情報公開・個人情報保護審議会")
    assert sub.legal_basis == ["条例第14条第1項（業務委託）"]
    assert sub.subjects.count == 348587 and sub.subjects.as_of == "令和元年8月1日現在"
    assert (sub.period.start.isoformat(), sub.period.end.isoformat()) == ("2019-11-05", "2020-03-31")
    assert sub.amends.flow == before.submission.id == "002-kyuuji-before"
    assert sub.amends.change_date.isoformat() == "2019-11-05"
    assert "平成21年度第7回" in sub.amends.approval and "平成28年度第8回" in sub.amends.approval
    assert before.submission.amends is None


def test_two_contracts_same_company_each_its_own_party(either):
    contractors = [p for p in either.parties if p.kind == PartyKind.CONTRACTOR]
    assert [c.id for c in contractors] == ["contractor-ido", "contractor-card"]
    for c in contractors:
        assert c.name.startswith(COMPANY)
        assert c.clauses == "shinjuku-old-21"
        assert c.location.site == Site.WARD_PREMISES
        assert "入札により決定" in c.note
        assert c.declared.complete is False
        assert "no_take_out" in c.safeguards
    assert "住民異動届等入出力処理業務" in contractors[0].name
    assert "マイナンバーカード交付予約受付等業務" in contractors[1].name


def test_ward_systems_sit_inside_the_ward(either):
    systems = {p.id: p for p in either.parties if p.kind == PartyKind.SYSTEM}
    assert {p.name for p in systems.values()} == {"住民情報システム", "個人番号カード交付管理システム"}
    assert all(p.within == "ward" for p in systems.values())


def test_declared_tables_as_the_seed_states(before, after):
    assert after.party("contractor-ido").declared.items == ["氏名", "住所", "生年月日", "性別", "旧氏"]
    assert after.party("contractor-card").declared.items == ["氏名", "住所", "生年月日", "旧氏"]
    assert before.party("contractor-ido").declared.items == ["氏名", "住所", "生年月日", "性別"]
    assert before.party("contractor-card").declared.items == ["氏名", "住所", "生年月日"]
    assert after.party("contractor-ido").declared.media == ["電磁的媒体(住民情報システム)及び紙"]


def test_no_my_number_item_since_the_seed_lists_none(either):
    assert all(i.category != "my_number" for i in either.items)
    assert not any("マイナンバー" in i.label or "個人番号" in i.label for i in either.items)


def test_staff_work_on_the_ward_terminals(either):
    two, six = step(either, "②"), step(either, "⑥")
    assert (two.kind, two.source, two.target) == (StepKind.ACCESS, "contractor-ido", "jumin-system")
    assert (six.kind, six.source, six.target) == (StepKind.ACCESS, "contractor-card", "card-system")
    assert two.medium == six.medium == Medium.SYSTEM


def test_paper_is_returned_after_work_and_copies_are_modelled(either):
    returns = [s for s in either.steps if s.kind == StepKind.RETURN]
    assert [(s.no, s.source, s.target) for s in returns] == [
        ("④", "contractor-ido", "ward"), ("⑨", "contractor-card", "ward")]
    assert all(s.medium == Medium.PAPER for s in returns)
    nine = step(either, "⑨")
    assert nine.transport == Transport.HAND_DELIVERY and nine.safeguards == ["face_to_face_handover"]
    copying = [t for p in either.parties for t in p.tasks if t.copies_documents]
    assert [t.label for t in copying] == ["提出書類の確認、受領、本人確認書類の複写"]
    # the old-21 set bans copying with no exception: the analysis has something to flag
    old = builtin_clause_sets()["shinjuku-old-21"]
    assert Obligation.NO_COPYING in old.obligations
    assert Obligation.NO_COPYING_UNLESS_APPROVED not in old.obligations


def test_phone_booking_and_counter(either):
    five, seven = step(either, "⑤"), step(either, "⑦")
    assert (five.kind, five.medium, five.target) == (StepKind.COLLECT, Medium.PHONE, "contractor-card")
    assert (seven.kind, seven.transport, seven.target) == (StepKind.COLLECT, Transport.COUNTER, "contractor-card")


def test_nine_steps_numbered_per_contract(either):
    assert [s.no for s in either.steps] == ["①", "②", "③", "④", "⑤", "⑥", "⑦", "⑧", "⑨"]
    ido = {"contractor-ido", "jumin-system"}
    assert all({s.source, s.target} & ido for s in either.steps[:4])
    assert not any({s.source, s.target} & ido for s in either.steps[4:])
    assert build_graph(either).number_of_edges() == 9


# ---- the two versions differ by 旧氏 alone ----

def label_sets(flow):
    """What carries items, as labels: steps, tasks (needs, produces) and declared tables."""
    steps = {s.no: (s.kind, s.source, s.target, s.medium, s.transport, frozenset(labels(flow, s.item_ids)))
             for s in flow.steps}
    tasks = {(p.id, t.id): (t.label, t.copies_documents, frozenset(labels(flow, t.needed_items)),
                            frozenset(labels(flow, t.produced_items)))
             for p in flow.parties for t in p.tasks}
    declared = {p.id: (frozenset(p.declared.items), tuple(p.declared.media))
                for p in flow.parties if p.declared}
    return steps, tasks, declared


def test_versions_differ_by_kyuuji_alone(before, after):
    steps_b, tasks_b, declared_b = label_sets(before)
    steps_a, tasks_a, declared_a = label_sets(after)
    assert steps_b.keys() == steps_a.keys() and tasks_b.keys() == tasks_a.keys()
    assert declared_b.keys() == declared_a.keys()
    for no in steps_a:
        *rest_a, items_a = steps_a[no]
        *rest_b, items_b = steps_b[no]
        assert rest_a == rest_b, no
        assert "旧氏" not in items_b
        # every step that carries a name carries 旧氏 after the change, and nothing else changed
        assert items_a == items_b | ({"旧氏"} if "氏名" in items_b else set()), no
    for key in tasks_a:
        label, copies, needs_a, produces_a = tasks_a[key]
        assert (label, copies, produces_a) == tasks_b[key][:2] + (tasks_b[key][3],)
        needs_b = tasks_b[key][2]
        assert needs_a == needs_b | ({"旧氏"} if "氏名" in needs_b else set()), key
    for party in declared_a:
        assert declared_a[party][0] == declared_b[party][0] | {"旧氏"}
        assert declared_a[party][1] == declared_b[party][1]
    assert {i.label for i in after.items} - {i.label for i in before.items} == {"旧氏"}
    assert {i.label for i in before.items} <= {i.label for i in after.items}
    assert [(p.id, p.name, p.kind, p.clauses) for p in before.parties] == [
        (p.id, p.name, p.kind, p.clauses) for p in after.parties]


def test_kyuuji_reaches_both_contractors_after_the_change(after):
    kyuuji = next(i.id for i in after.items if i.label == "旧氏")
    reached = {s.target for s in after.steps if kyuuji in s.item_ids}
    assert {"contractor-ido", "contractor-card"} <= reached
