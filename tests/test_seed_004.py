"""Seed 004 (資料47-1-1, 新型コロナウイルスワクチン接種事業) as modelled, checked against the seed text.

The seed has no diagram text, so these tests hold the flow to the seed's tables: who may see My
Number, who sees no real data at all, what each table lists, how the DVD-R travels, which clause
set binds whom.
"""

from __future__ import annotations

import pytest

from conftest import FLOWS
from flowmap.flow.clauses import builtin_clause_sets
from flowmap.flow.graph import build_graph
from flowmap.flow.loading import load_flow
from flowmap.flow.references import ItemIndex
from flowmap.flow.vocabulary import (
    OUTSIDE_PARTIES, Approval, Certification, ItemCategory, Medium, PartyKind, Proof, Site,
    StepKind, Transport,
)

SEED_004 = FLOWS / "004-covid-vaccine.yaml"

# The tables of the seed, as printed (brackets normalised to half-width).
DNP_ITEMS = ["氏名", "郵便番号", "住所", "生年月日", "性別", "接種券番号"]
WOWOW_ITEMS = [
    "氏名", "郵便番号", "住所", "生年月日", "性別", "転出/死亡フラグ", "接種券番号", "接種状況(実施/未実施)",
    "接種回(1回目/2回目)", "接種年月日", "接種会場名", "接種医師名", "ワクチンメーカー",
    "ロット番号(ワクチンの製造番号)", "電話番号", "メールアドレス", "接種予約日時", "接種予約会場",
]
JTB_ITEMS = [*WOWOW_ITEMS[:13], "ロット番号(製造番号)", *WOWOW_ITEMS[14:]]
HEALTH_SYSTEM_ITEMS = [
    "宛名番号(住民番号)", "氏名", "住所", "生年月日", "性別", "転出/死亡フラグ", "接種券番号",
    "接種状況(実施/未実施)", "接種回(1回目/2回目)", "接種年月日", "接種会場名", "接種医師名",
    "ワクチンメーカー", "ロット番号(ワクチンの製造番号)",
]
HOST_ITEMS = ["宛名番号(住民番号)", "氏名", "生年月日", "性別", "転出/死亡フラグ", "マイナンバー", "接種券番号"]
LINK_ITEMS = [
    "宛名番号(住民番号)", "氏名", "生年月日", "性別", "転出/死亡フラグ", "マイナンバー", "自治体コード",
    "接種券番号", *HEALTH_SYSTEM_ITEMS[7:],
]
MEDICAL_ITEMS = [*DNP_ITEMS, *HEALTH_SYSTEM_ITEMS[7:], "予診での回答内容"]


@pytest.fixture(scope="module")
def flow():
    return load_flow(SEED_004)


def step(flow, no):
    return next(s for s in flow.steps if s.no == no)


def labels(flow, ids):
    return [flow.item(i).label for i in ids]


def owner(flow, party_id):
    """The party a system or device sits inside (following ``within``)."""
    while flow.party(party_id).within:
        party_id = flow.party(party_id).within
    return party_id


def ends(flow, s):
    """The owners at both ends of a step."""
    return {owner(flow, s.source), owner(flow, s.target)}


def test_metadata_as_the_seed_states(flow):
    sub = flow.submission
    assert sub.title == "新型コロナウイルスワクチン接種事業に係る外部結合等について"
    assert (sub.department, sub.division, sub.diagram_ref) == ("保健予防課", "健康部保健予防課", "資料47-1-1")
    starts = ["条例第17条第1項第2号（", "条例第16条第1項第2号（", "条例第14条第1項（"]
    assert len(sub.legal_basis) == 3
    assert all(b.startswith(s) for b, s in zip(sub.legal_basis, starts))
    assert sub.subjects.count == 10_000 + 68_000 + 235_000


def test_steps_are_numbered_one_to_twenty_eight_with_a_later_batch(flow):
    numbers = [s.no for s in flow.steps]
    assert len(numbers) == len(set(numbers)) == 29
    assert "⑥'" in numbers and numbers[-1] == "㉘"
    assert sorted({n.base for s in flow.steps for n in s.numbers}) == list(range(1, 29))
    assert all(s.medium != Medium.UNKNOWN for s in flow.steps)


# --- the external link and My Number ------------------------------------------------------

def test_external_link_to_the_national_system_over_l2wan(flow):
    kuni = flow.party("kuni-vrs")
    assert kuni.kind == PartyKind.EXTERNAL and kuni.name.startswith("国(内閣官房)")
    assert "地方自治法第245条の9に基づく処理基準" in kuni.legal_basis and "予防接種法" in kuni.legal_basis
    five = step(flow, "⑤")
    assert (five.kind, five.medium, five.transport) == (StepKind.EXTERNAL_LINK, Medium.L2WAN, Transport.NETWORK)
    assert (five.source, five.target) == ("file-server", "kuni-vrs")
    assert {"encrypted_communication", "closed_network"} <= set(five.safeguards)
    assert five.legal_basis


def test_link_steps_carry_exactly_the_items_of_the_link_table(flow):
    declared = flow.party("kuni-vrs").declared.items
    assert declared == LINK_ITEMS
    l2wan = [s for s in flow.steps if s.medium == Medium.L2WAN]
    assert [s.no for s in l2wan] == ["⑤", "⑳"]
    carried = {label for s in l2wan for label in labels(flow, s.item_ids)}
    assert carried == set(LINK_ITEMS)


def test_my_number_is_added_only_at_the_host(flow):
    my_number = next(i for i in flow.items if i.label == "マイナンバー")
    assert my_number.category == ItemCategory.MY_NUMBER
    assert "マイナンバー" in flow.party("host").declared.items
    assert "マイナンバー" not in flow.party("health-system").declared.items
    three = step(flow, "③")
    assert three.kind == StepKind.PROCESS and three.at == "host"
    assert set(labels(flow, three.item_ids)) == {"宛名番号(住民番号)", "マイナンバー"}
    # before ③ nothing carries it: the health system's file has no My Number
    assert my_number.id not in step(flow, "②").item_ids


def test_my_number_travels_only_host_to_file_server_to_the_state(flow):
    my_number = next(i.id for i in flow.items if i.label == "マイナンバー")
    carrying = [s for s in flow.steps if my_number in s.item_ids]
    assert [s.no for s in carrying] == ["③", "④", "⑤"]
    assert [(s.source, s.target) for s in carrying] == [
        ("host", "host"), ("host", "file-server"), ("file-server", "kuni-vrs")]
    for s in flow.steps:
        if my_number in s.item_ids:
            assert not any(flow.party(p).kind in OUTSIDE_PARTIES for p in ends(flow, s))


def test_no_contractor_table_or_task_mentions_my_number(flow):
    for party in flow.parties:
        if flow.party(owner(flow, party.id)).kind in OUTSIDE_PARTIES:
            assert party.declared is None or "マイナンバー" not in party.declared.items
            assert all("my-number" not in t.needed_items for t in party.tasks)


def test_system_tables_differ_by_address_and_my_number(flow):
    host, health = flow.party("host").declared.items, flow.party("health-system").declared.items
    assert host == HOST_ITEMS and health == HEALTH_SYSTEM_ITEMS
    assert "住所" in health and "住所" not in host
    assert set(host) - set(health) == {"マイナンバー"}


# --- the system vendor ---------------------------------------------------------------------

def test_vendor_works_on_site_with_dummy_data_and_receives_no_personal_items(flow):
    ryobi = flow.party("ryobi")
    assert ryobi.name == "株式会社両備システムズ" and ryobi.kind == PartyKind.CONTRACTOR
    assert set(ryobi.certifications) == {Certification.PRIVACY_MARK, Certification.ISMS}
    assert ryobi.clauses == "shinjuku-old-21"
    assert ryobi.location.site == Site.WARD_PREMISES
    assert "dummy_data_only" in ryobi.safeguards
    touching = [s for s in flow.steps if "ryobi" in ends(flow, s)]
    assert [s.no for s in touching] == ["①"]
    assert all(not s.item_ids for s in touching)
    one = step(flow, "①")
    assert one.kind == StepKind.ACCESS and one.target == "health-system"
    assert {"dummy_data_only", "no_take_out", "staff_witness"} <= set(one.safeguards)
    assert all(not t.needed_items for t in ryobi.tasks)


def test_vendor_table_is_kept_as_the_seed_states_it(flow):
    assert flow.party("ryobi").declared.items == HEALTH_SYSTEM_ITEMS


# --- JTB and its sub-contractors -----------------------------------------------------------

def test_sub_contractors_serve_jtb_and_await_approval(flow):
    jtb = flow.party("jtb")
    assert jtb.name == "株式会社JTB" and jtb.kind == PartyKind.CONTRACTOR
    assert set(jtb.certifications) == {Certification.PRIVACY_MARK, Certification.ISMS}
    assert jtb.clauses == "shinjuku-itaku-24"
    subs = [p for p in flow.parties if p.kind == PartyKind.SUBCONTRACTOR]
    assert {p.name for p in subs} == {"大日本印刷株式会社", "株式会社WOWOWコミュニケーションズ"}
    for sub in subs:
        assert sub.serves == "jtb"
        assert sub.clauses == "shinjuku-sai-itaku-24"
        assert sub.approval == Approval.REQUESTED
        assert sub.certifications == [Certification.PRIVACY_MARK]   # the tables name no ISMS


def test_clause_sets_match_the_roles(flow):
    sets = builtin_clause_sets()
    assert sets[flow.party("jtb").clauses].binds.startswith("乙")
    assert sets[flow.party("dnp").clauses].binds.startswith("丙")
    assert sets[flow.party("medical-collective").clauses].binds.startswith("丁")


def test_sub_contractor_tables_exact(flow):
    assert flow.party("dnp").declared.items == DNP_ITEMS
    assert flow.party("wowow").declared.items == WOWOW_ITEMS
    assert flow.party("jtb").declared.items == JTB_ITEMS
    assert flow.party("dnp").declared.media == ["電磁的媒体(DVD-R等、再委託先のパソコン)"]
    assert flow.party("wowow").declared.media == ["電磁的媒体(再委託先のパソコン及び予約管理システム)"]


def test_every_declared_item_is_in_the_catalogue(flow):
    index = ItemIndex(flow)
    for party in flow.parties:
        if party.declared:
            ids, problems = index.resolve(party.declared.items, ("parties",))
            assert not problems, (party.id, problems)
            assert len(ids) == len(party.declared.items)


def test_printer_receives_exactly_its_table(flow):
    eight = step(flow, "⑧")
    assert (eight.source, eight.target, eight.medium) == ("jtb", "dnp", Medium.DVD_R)
    assert labels(flow, eight.item_ids) == DNP_ITEMS
    into_dnp = {i for s in flow.steps if s.target == "dnp" and s.source != "dnp" for i in s.item_ids}
    assert labels(flow, sorted(into_dnp, key=[i.id for i in flow.items].index)) == DNP_ITEMS


def test_items_reaching_each_outside_party_are_in_its_table(flow):
    """What the flow brings to a contractor (received, collected, accessed, created) is declared."""
    for party in flow.parties:
        if party.kind not in OUTSIDE_PARTIES or party.declared is None or party.id == "ryobi":
            continue
        members = {p.id for p in flow.parties if owner(flow, p.id) == party.id}
        reached = {i for s in flow.steps if s.target in members and s.source not in members for i in s.item_ids}
        reached |= {i for p in members for t in flow.party(p).tasks for i in t.produced_items}
        declared, _ = ItemIndex(flow).resolve(party.declared.items, ())
        assert reached and reached <= set(declared), (party.id, reached - set(declared))


def test_encrypted_dvd_with_password_on_a_separate_occasion(flow):
    for no in ("⑥", "⑥'"):
        six = step(flow, no)
        assert (six.source, six.target, six.kind) == ("ward", "jtb", StepKind.PROVIDE)
        assert six.medium == Medium.DVD_R and six.transport == Transport.HAND_DELIVERY
        assert {"encrypted_medium", "password_separate", "ledger"} <= set(six.safeguards)
    assert "郵送" in step(flow, "⑥").note    # the alternative the seed allows is noted


def test_sealed_tickets_are_delivered_to_the_ward_then_sent_to_residents(flow):
    ten, eleven = step(flow, "⑩"), step(flow, "⑪")
    assert (ten.source, ten.target, ten.medium) == ("dnp", "ward", Medium.PAPER)
    assert {"sealed", "ledger"} <= set(ten.safeguards)
    assert (eleven.kind, eleven.source, eleven.target) == (StepKind.DELIVER, "ward", "residents")
    assert eleven.transport == Transport.UNKNOWN          # 送付 only: the method is not stated


def test_residents_book_by_phone_or_web(flow):
    phone, web = step(flow, "⑫"), step(flow, "⑮")
    assert (phone.kind, phone.target, phone.medium) == (StepKind.COLLECT, "wowow", Medium.PHONE)
    assert (web.kind, web.target, web.medium, web.transport) == (
        StepKind.COLLECT, "jtb-booking", Medium.INTERNET, Transport.WEB)
    assert flow.party("jtb-booking").within == "jtb"
    booking = ["電話番号", "メールアドレス", "接種予約日時", "接種予約会場"]
    assert labels(flow, phone.item_ids) == booking == labels(flow, web.item_ids)


def test_call_centre_reads_and_writes_the_booking_system_without_storing_it(flow):
    """WOWOW works on JTB's 予約管理システム: ⑬ reads (system → WOWOW), ⑭ registers (WOWOW → system)."""
    read, write = step(flow, "⑬"), step(flow, "⑭")
    assert read.kind == write.kind == StepKind.ACCESS
    assert (read.source, read.target) == ("jtb-booking", "wowow")
    assert (write.source, write.target) == ("wowow", "jtb-booking")
    assert labels(flow, write.item_ids) == ["電話番号", "メールアドレス", "接種予約日時", "接種予約会場"]
    assert set(labels(flow, read.item_ids)) == set(WOWOW_ITEMS)   # it reads what its table lists
    for s in (read, write):
        assert "server_only_storage" in s.safeguards


def test_contractors_erase_with_a_report_and_return_media(flow):
    erased = {owner(flow, s.at): s for s in flow.steps if s.kind == StepKind.ERASE}
    assert set(erased) == {"jtb", "dnp", "wowow"}
    assert all(s.proof == Proof.REPORT for s in erased.values())
    returned = {s.source: s for s in flow.steps if s.kind == StepKind.RETURN}
    assert set(returned) == {"jtb", "dnp", "medical-collective", "medical-direct"}
    assert all(s.target == "ward" for s in returned.values())
    for contractor in ("jtb", "dnp"):
        assert returned[contractor].medium == Medium.DVD_R and "ledger" in returned[contractor].safeguards


# --- medical institutions and tablets --------------------------------------------------------

def test_medical_institutions_under_two_contracts(flow):
    collective, direct = flow.party("medical-collective"), flow.party("medical-direct")
    assert collective.kind == direct.kind == PartyKind.CONTRACTOR
    assert collective.clauses == "national-tei-11"
    assert direct.clauses == "shinjuku-old-21"
    assert collective.declared.items == direct.declared.items == MEDICAL_ITEMS


def test_screening_answers_are_health_data_kept_at_the_medical_institutions(flow):
    answers = next(i for i in flow.items if i.label == "予診での回答内容")
    assert answers.category == ItemCategory.HEALTH
    carrying = [s for s in flow.steps if answers.id in s.item_ids]
    assert {s.no for s in carrying} == {"⑯", "⑰", "㉗", "㉘"}
    for s in carrying:
        assert ends(flow, s) & {"medical-collective", "medical-direct"}
        assert ends(flow, s) <= {"residents", "ward", "medical-collective", "medical-direct"}


def test_results_go_from_national_tablets_over_the_internet(flow):
    for no, tablet, institution in (("⑱", "tablet-collective", "medical-collective"),
                                    ("⑲", "tablet-direct", "medical-direct")):
        device = flow.party(tablet)
        assert device.kind == PartyKind.DEVICE and device.within == institution
        s = step(flow, no)
        assert (s.kind, s.source, s.target) == (StepKind.EXTERNAL_LINK, tablet, "kuni-vrs")
        assert (s.medium, s.transport) == (Medium.INTERNET, Transport.NETWORK)
        assert {"dedicated_device", "encrypted_communication", "auto_delete_after_send"} <= set(s.safeguards)
        assert "auto_delete_after_send" in device.safeguards


def test_graph_has_every_party_and_step(flow):
    graph = build_graph(flow)
    assert set(graph.nodes) == {p.id for p in flow.parties}
    assert graph.number_of_edges() == len(flow.steps)
    assert graph.has_edge("file-server", "kuni-vrs", key="⑤")
    assert graph.has_edge("ward", "jtb", key="⑥'")


def test_step_numbers_beyond_twenty_parse_and_print():
    """Seed 004 needs ㉑ onwards; the numbers run to ㊿ and print back as written."""
    from flowmap.flow.model import StepNumber, parse_step_number

    assert parse_step_number("㉑") == (StepNumber(21),)
    assert parse_step_number("㊿'") == (StepNumber(50, 1),)
    assert parse_step_number("⑳㉑'") == (StepNumber(20), StepNumber(21, 1))
    assert [str(StepNumber(n)) for n in (20, 21, 35, 36, 50)] == ["⑳", "㉑", "㉟", "㊱", "㊿"]
    with pytest.raises(ValueError, match="①〜㊿"):
        parse_step_number("51")
