"""The constructs newer submissions need (issue 13), end to end on examples/constructs-all.yaml:
loaded and checked, read by the rules, drawn, compared by diff and compare, and the loader's
refusals of what cannot be meant (the reverse reading of an access step, a medium: other without
its words …)."""

from __future__ import annotations

import re
import shutil

import pytest

from conftest import ROOT
from flowmap.compare.diff import diff_flows
from flowmap.compare.edges import edge_kind
from flowmap.compare.holdings import holdings
from flowmap.compare.overview import edge_safeguard_table, follow_party
from flowmap.flow.loading import load_flow
from flowmap.flow.yamlread import FlowError
from flowmap.render.dot import build_dot
from flowmap.render.scene import build_scene
from flowmap.rules.analysis import analyse
from flowmap.rules.context import Context

EXAMPLE = ROOT / "examples" / "constructs-all.yaml"


@pytest.fixture(scope="module")
def flow():
    return load_flow(EXAMPLE)


@pytest.fixture(scope="module")
def findings(flow):
    return analyse(flow)


def codes(findings, **where) -> set[str]:
    return {f.code for f in findings if all(getattr(f, k) == v for k, v in where.items())}


def test_the_example_uses_every_construct(flow):
    steps = {s.no: s for s in flow.steps}
    parties = {p.id: p for p in flow.parties}
    media = {s.medium.value for s in flow.steps}
    assert {"email", "file_transfer", "multifunction_printer", "lent_tablet", "other"} <= media
    assert steps["②"].password.value == "same_email" and steps["⑦"].password.value == "phone"
    assert parties["care-network"].cloud.certifications and parties["consult-system"].cloud.provider_country.value == "abroad"
    assert {g.means.value for g in parties["care-network"].access} == {"two_factor", "internet_password"}
    assert steps["②"].tasks == ["mailing"] and steps["⑫"].covers and steps["⑬"].covers
    assert any(i.contains for i in flow.items if i.category.value == "image")
    assert any(i.contains for i in flow.items if i.category.value == "recording")
    assert parties["clinics"].count.approximate and parties["care-offices"].count.distribution
    assert parties["nation"].council.status.value == "answered"
    assert parties["contractor"].contract.purposes and any(t.use.value != "contracted" for t in parties["contractor"].tasks)
    assert steps["⑧"].medium_text == "FAX" and steps["⑩"].mode.value == "write"


def test_the_rules_read_the_constructs(findings):
    assert "FM602" in codes(findings, step="②")         # PPAP despite password_separate
    assert "FM201" in codes(findings, step="②")         # 生年月日 beyond the mailing it serves
    assert "FM620" in codes(findings, party="care-offices")
    assert "FM611" in codes(findings, party="consult-system")
    assert "FM702" in codes(findings, party="contractor")
    assert "FM630" in codes(findings, step="⑧")
    ppap = next(f for f in findings if f.code == "FM602")
    assert not ppap.question and "別の経路ではない" in ppap.message
    # stated safeguards close what they should: no finding where the example states the control
    for quiet in ("FM601", "FM603", "FM610", "FM612", "FM621", "FM631", "FM632", "FM701", "FM703"):
        assert quiet not in codes(findings), quiet
    # the return that covers only what was provided leaves nothing the erasure does not cover
    assert not codes(findings, party="contractor") & {"FM301", "FM302"}


def test_contents_and_readable_items_count_as_held(flow):
    ctx = Context(flow)
    scan = next(s for s in flow.steps if s.no == "④")
    assert {"name", "address", "birth", "phone", "form-scan"} <= set(scan.item_ids)
    assert {"care-level", "name", "address"} <= set(ctx.holdings.seen["care-offices"])
    assert ctx.holdings.readable["care-offices"]["care-level"] == "care-network"
    assert "care-level" in holdings(flow)["care-offices"]


def test_the_diagram_draws_the_constructs(flow, findings):
    scene = build_scene(flow, findings)
    dot = build_dot(scene)
    text = re.sub(r"<[^>]+>", "", dot)
    for shown in ("パスワード: 同じ宛先への別メール(PPAP)", "約150拠点", "複数拠点", "【利用者】",
                  "インターネット(二要素認証)", "クラウド(青葉クラウドサービス株式会社)", "業務: 見守り訪問の案内の発送",
                  "提供を受けた項目すべて", "FAX", "答申・了承済み(答申第12号)", "市民に貸与するタブレット"):
        assert shown in text, shown


def variant(tmp_path, old: str, new: str):
    text = EXAMPLE.read_text(encoding="utf-8")
    assert old in text, old
    folder = tmp_path / "examples"          # the city's flowmap.yaml and clause set come along
    shutil.copytree(EXAMPLE.parent, folder)
    path = folder / "next.yaml"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return load_flow(path)


@pytest.mark.parametrize("old,new,section,field", [
    ("password: same_email", "password: phone", "steps", "password"),
    ("tasks: [mailing]", "tasks: [mailing, consult]", "steps", "tasks"),
    ("covers: [provided]", "covers: [provided, collected]", "steps", "covers"),
    ("medium_text: FAX", "medium_text: 業務用携帯電話", "steps", "medium_text"),
    ("provider_country: abroad", "provider_country: japan", "parties", "cloud"),
    ("means: internet_password", "means: two_factor", "parties", "access"),
    ("number: 150, approximate: true", "number: 160, approximate: true", "parties", "count"),
    ("status: answered, number: 答申第12号", "status: consulted, number: 答申第12号", "parties", "council"),
    ("use: product_training", "use: own_use", "parties", "task.use"),
    ("purposes: [見守りと健康相談の実施, 市への相談結果の報告]", "purposes: [見守りと健康相談の実施]", "parties", "contract.purposes"),
    ("contains: [氏名, 相談内容]", "contains: [氏名, 相談内容, 電話番号]", "items", "contains"),
])
def test_diff_sees_each_construct_change(flow, tmp_path, old, new, section, field):
    changed = [c for c in diff_flows(flow, variant(tmp_path, old, new), analyse=None).changes
               if c.section == section and c.field == field]
    assert changed, (old, new)


def test_compare_shows_clouds_counts_councils_and_online_hand_overs(flow):
    rows = follow_party([flow], "協力医療機関").rows
    assert rows and "約150" in rows[0]["count"]
    cloud = follow_party([flow], "相談管理システム").rows[0]["cloud"]
    assert "Example Cloud Inc." in cloud and "事業者の所在国 国外" in cloud
    assert "答申第12号" in follow_party([flow], "国(介護保険").rows[0]["council"]
    kinds = {edge_kind(s).code for s in flow.steps if edge_kind(s)}
    assert {"email", "file_service"} <= kinds
    table = edge_safeguard_table([flow])
    assert any(r["kind"] == "電子メール" for r in table.rows)


BASE = """
submission: {id: t, title: 例, department: 例示課}
parties:
  - {id: ward, name: 区, kind: ward}
  - {id: contractor, name: 委託先, kind: contractor, tasks: [{id: work, label: 作業, needs: [氏名]}]}
  - {id: booking, name: 予約システム, kind: system, within: contractor}
  - {id: residents, name: 区民, kind: subjects}
items:
  - {id: name, label: 氏名, category: basic}
  - {id: scan, label: 画像, category: image, contains: [氏名]}
steps:
"""


@pytest.mark.parametrize("step,message", [
    ('{no: "①", label: 参照, kind: access, mode: read, from: contractor, to: booking, items: [氏名]}',
     "参照(mode: read)ではデータはシステムから参照する当事者へ流れます。from: booking、to: contractor の向き"),
    ('{no: "①", label: 入力, kind: access, mode: write, from: booking, to: contractor, items: [氏名]}',
     "入力(mode: write)ではデータは入力する当事者からシステムへ流れます"),
    ('{no: "①", label: 送付, kind: provide, from: ward, to: contractor, items: [氏名], medium: other}',
     "medium: other には、媒体を medium_text に書いてください"),
    ('{no: "①", label: 送付, kind: provide, from: ward, to: contractor, items: [氏名], medium: usb, medium_text: FAX}',
     "medium_text は medium: other のときだけ書けます"),
    ('{no: "①", label: 送付, kind: provide, from: ward, to: contractor, items: [氏名], covers: [provided]}',
     "covers(返却・消去の対象となる項目の由来)は kind: return か erase の手順にだけ書けます"),
    ('{no: "①", label: 送付, kind: provide, from: ward, to: contractor, items: [氏名], tasks: [wrok]}',
     "業務 'wrok' は受け取る当事者 'contractor' の tasks にありません (もしかして: work)"),
    ('{no: "①", label: 送付, kind: provide, from: ward, to: contractor, items: [氏名], mode: read}',
     "mode(参照・入力)は kind: access の手順にだけ書けます"),
])
def test_the_loader_refuses_what_cannot_be_meant_in_japanese(tmp_path, step, message):
    path = tmp_path / "bad.yaml"
    path.write_text(BASE + f"  - {step}\n", encoding="utf-8")
    with pytest.raises(FlowError) as err:
        load_flow(path)
    problems = err.value.problems
    assert any(message in p.message for p in problems), [p.message for p in problems]
    assert all(p.line == BASE.count("\n") + 1 for p in problems if message in p.message)


def test_the_right_direction_of_access_steps_loads(tmp_path):
    path = tmp_path / "ok.yaml"
    path.write_text(BASE + '  - {no: "①", label: 参照, kind: access, mode: read, from: booking, to: contractor, items: [画像]}\n',
                    encoding="utf-8")
    flow = load_flow(path)
    assert flow.steps[0].item_ids == ("scan", "name")


def test_access_only_on_systems_and_contains_without_cycles(tmp_path):
    path = tmp_path / "bad.yaml"
    text = BASE.replace("{id: ward, name: 区, kind: ward}", "{id: ward, name: 区, kind: ward, access: [{party: contractor, items: [氏名]}]}")
    text = text.replace("contains: [氏名]}", "contains: [氏名, 画像2]}\n  - {id: scan2, label: 画像2, category: image, contains: [画像]}")
    path.write_text(text, encoding="utf-8")
    with pytest.raises(FlowError) as err:
        load_flow(path)
    messages = [p.message for p in err.value.problems]
    assert any("access(共有システムの利用者)はシステム(kind: system)にだけ書けます" in m for m in messages)
    assert any("contains が循環しています" in m for m in messages)


def test_the_render_command_draws_the_example_on_every_page(tmp_path):
    """Split into pages, a page may hold a shared system without all of its users."""
    from click.testing import CliRunner
    from flowmap.cli import main

    result = CliRunner().invoke(main, ["render", str(EXAMPLE), "--out", str(tmp_path), "--format", "dot", "--findings"])
    assert result.exit_code == 0, result.output
    dots = {p.name: p.read_text(encoding="utf-8") for p in tmp_path.glob("*.dot")}
    assert dots and any("【利用者】" in text for text in dots.values())
    assert any("PPAP" in text for text in dots.values())
    assert not any("care-offices(" in text for text in dots.values())   # names, even on a page without them


@pytest.mark.parametrize("medium_text,medium,transport", [
    ("(電子メール)", "email", "network"), ("(ファイル転送サービス)", "file_transfer", "network"),
    ("(オンラインストレージ)", "online_storage", None), ("(複合機)", "multifunction_printer", None),
    ("(スキャナ)", "scanner", None), ("(区民に貸与するタブレット)", "lent_tablet", None),
    ("(国が配布する専用タブレット)", "tablet", None),
])
def test_the_importer_reads_the_new_media_from_a_diagram(medium_text, medium, transport):
    from flowmap.importer.diagram import read_diagram

    step = read_diagram([(1, "② 対象者名簿の送付"), (2, medium_text)]).steps[0]
    assert (step.medium, step.transport) == (medium, transport)


def test_the_tables_state_the_clouds_shared_systems_and_media_in_words(flow):
    """The 記録媒体 row of each contract names a medium written in words by its words, the clouds
    the contractor's systems run on (provider, where stored, whose law, certifications) and the
    shared systems it reaches (whose, how, what it may do)."""
    from flowmap.output.tables import contract_sheet

    cells = {party.id: dict(contract_sheet(flow, party).rows)["処理させる情報項目の記録媒体"]
             for party in flow.parties if party.kind.value == "contractor"}
    contractor = cells["contractor"]
    assert "その他" not in contractor and "FAX" in contractor
    assert "クラウド: 相談管理システム(Example Cloud Inc.、事業者の所在国 国外、保存場所 国内、準拠法 国内、認証 ISO/IEC27017・ISO/IEC27018)" in contractor
    assert "共用システム: 地域医療介護連携ネットワーク(青葉市 高齢福祉課のシステム、インターネット(二要素認証)で参照・入力)" in cells["clinics"]
    assert "インターネット(ID・パスワードのみ)で参照" in cells["care-offices"]
