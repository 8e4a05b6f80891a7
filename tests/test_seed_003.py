"""Seed 003 (女性の健康支援, 資料11-1) as modelled, checked against the seed text."""

from __future__ import annotations

import pytest

from conftest import FLOWS
from flowmap.flow.loading import load_flow
from flowmap.flow.vocabulary import EraseMethod, Frequency, Medium, PartyKind, Proof, StepKind, Transport


@pytest.fixture(scope="module")
def flow():
    return load_flow(FLOWS / "003-josei-kenko.yaml")


def labels(flow, ids):
    return [flow.item(i).label for i in ids]


def step(flow, no):
    return next(s for s in flow.steps if s.no == no)


def test_metadata_as_the_seed_states(flow):
    sub = flow.submission
    assert sub.title == "女性の健康支援事業に係る業務の委託について"
    assert (sub.department, sub.division) == ("四谷保健センター", "健康部四谷保健センター")
    assert sub.diagram_ref == "資料11-1"
    assert (sub.period.start.isoformat(), sub.period.end.isoformat()) == ("2023-04-03", "2024-03-22")
    assert sub.subjects.count is None  # only 想定人数 are given
    assert "500名程度" in sub.subjects.as_of


def test_contractor_undecided_bound_by_the_31_clauses(flow):
    (contractor,) = [p for p in flow.parties if p.kind == PartyKind.CONTRACTOR]
    assert contractor.clauses == "shinjuku-2023-31"
    assert "プロポーザル" in contractor.note
    assert contractor.declared.items == ["氏名", "アンケート情報"]
    assert contractor.declared.media == ["紙及び電磁的媒体(委託先のパソコン)"]
    assert {t.id for t in contractor.tasks} == {"reception", "survey"}


def test_items_are_the_two_declared(flow):
    assert [i.label for i in flow.items] == ["氏名", "アンケート情報"]


def test_steps_in_event_order(flow):
    assert [s.no for s in flow.steps] == ["①", "②", "③", "④", "⑤", "⑥", "⑦"]
    assert all(s.frequency == Frequency.PER_EVENT for s in flow.steps)


def test_participant_list_returned_after_reception(flow):
    one, three = step(flow, "①"), step(flow, "③")
    assert (one.kind, one.source, one.target) == (StepKind.PROVIDE, "ward", "contractor")
    assert one.medium == Medium.UNKNOWN and one.transport == Transport.UNKNOWN  # not stated
    assert (three.kind, three.source, three.target) == (StepKind.RETURN, "contractor", "ward")
    assert labels(flow, three.item_ids) == labels(flow, one.item_ids) == ["氏名"]
    assert three.when == "当日の受付終了後"


def test_surveys_on_paper_tallied_on_the_pc_returned_and_tallies_deleted(flow):
    four, five, six, seven = (step(flow, n) for n in "④⑤⑥⑦")
    assert (four.kind, four.medium) == (StepKind.COLLECT, Medium.PAPER)
    assert flow.party(four.source).kind == PartyKind.SUBJECTS
    assert (five.at, five.medium) == ("contractor-pc", Medium.PC)
    assert (six.kind, six.medium, six.target) == (StepKind.RETURN, Medium.PAPER, "ward")
    assert labels(flow, six.item_ids) == ["アンケート情報"] and six.when == "アンケート集計後"
    assert (seven.kind, seven.at, seven.method) == (StepKind.ERASE, "contractor-pc", EraseMethod.DELETE)
    assert seven.proof == Proof.UNKNOWN  # 削除させる, with no certificate stated
    assert labels(flow, seven.item_ids) == ["アンケート情報"]


def test_every_item_reaching_the_contractor_is_returned_or_erased(flow):
    received = {i for s in flow.steps if s.target in ("contractor", "contractor-pc") for i in s.item_ids}
    ended = {i for s in flow.steps if s.kind in (StepKind.RETURN, StepKind.ERASE) for i in s.item_ids}
    assert received == ended == {"name", "survey-answers"}
