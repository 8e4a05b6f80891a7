"""The DOT builder and the SVG it gives: every step, group and medium shown; names escaped;
byte-identical output; findings coloured and listed."""

from __future__ import annotations

import os
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest

from conftest import ROOT, SEED_001
from flowmap.rules.findings import Finding, Severity
from flowmap.flow.loading import load_flow
from flowmap.render import build_dot, build_scene
from flowmap.render import style
from flowmap.render.graphviz_run import run_dot

SVG = "{http://www.w3.org/2000/svg}"


def svg_of(dot: str) -> ET.Element:
    return ET.fromstring(run_dot(dot, "svg"))


def text_of(element: ET.Element) -> str:
    """All text drawn inside an SVG element, joined (wrapped lines run together)."""
    return "".join(t.text or "" for t in element.iter(f"{SVG}text"))


def group_by_id(svg: ET.Element, element_id: str) -> ET.Element:
    found = [g for g in svg.iter(f"{SVG}g") if g.get("id") == element_id]
    assert len(found) == 1, f"no single <g id={element_id!r}> in the SVG"
    return found[0]


@pytest.fixture(scope="module")
def seed():
    flow = load_flow(SEED_001)
    dot = build_dot(build_scene(flow))
    return flow, dot, svg_of(dot)


def test_every_step_number_and_label_is_drawn(seed):
    flow, dot, svg = seed
    drawn = text_of(svg)
    for step in flow.steps:
        assert step.no in dot
        assert step.no in drawn, step.no
        assert step.label.replace(" ", "") in drawn.replace(" ", ""), step.label


def test_each_transfer_is_an_arrow_with_its_medium_and_transport(seed):
    flow, _, svg = seed
    expected = {
        "s2": "(R6.7.1時点)(USBメモリ・手渡し)",
        "s2p": "(R6.7.2~12.31)(月1回)(USBメモリ・手渡し)",
        "s6": "(月1回)(USBメモリ・手渡し)",
        "s7": "(随時)(電話)",
        "s8": "(随時)(郵便物・運搬 不明)",
        "s9": "(USBメモリ・手渡し)",
        "s5": "(R6.10月から順次)(郵便物・ポスト投函)",
    }
    for key, medium in expected.items():
        edge = group_by_id(svg, f"step-{key}")
        assert edge.get("class") == "edge"
        assert medium in text_of(edge), (key, text_of(edge))
    # ⑤ goes through the carrier: a second arrow from 日本郵便 to the residents, numbered
    assert "⑤" in text_of(group_by_id(svg, "step-s5-via"))


def test_internal_steps_are_notes_inside_their_party(seed):
    _, dot, svg = seed
    for key, text in (("s1", "① 対象者情報の抽出"), ("s3-3p", "③③' 区で調達した"), ("s4-4p", "④④' 梱包資材に")):
        note = group_by_id(svg, f"note-{key}")
        assert note.get("class") == "node"
        assert text in text_of(note)
    # the note of ① sits in the host's box, which sits in the ward's box
    ward = dot.index('subgraph "cluster_ward"')
    host = dot.index('subgraph "cluster_host"')
    assert ward < host < dot.index('"n-s1"') < dot.index('subgraph "cluster_contractor"')


def test_every_item_group_is_boxed_once_with_its_items(seed):
    flow, _, svg = seed
    drawn = text_of(svg)
    for group in flow.groups:
        assert drawn.count(group.label) >= 1, group.label
    # the box of 配布対象者情報 is by ①, the first step carrying it, and lists every item
    note = text_of(group_by_id(svg, "note-s1"))
    for item in ("世帯番号", "世帯主カナ氏名", "区民日", "消除フラグ"):
        assert item in note
    assert "世帯番号" not in text_of(group_by_id(svg, "step-s2"))  # named, not repeated, at ②


def test_safeguards_are_bullets_by_their_edge_and_party_in_the_full_form():
    svg = svg_of(build_dot(build_scene(load_flow(SEED_001), compact=False)))
    edge = text_of(group_by_id(svg, "step-s2"))
    assert "・鍵付きカバンに入れて運搬" in edge and "・受渡しを管理簿・確認書に記録" in edge
    box = text_of(group_by_id(svg, "safeguards-contractor"))
    assert "【運用上の対策】" in box and "事故発生時・対策変更時の協議" in box


def test_compact_form_draws_marks_and_puts_the_texts_in_the_table(seed):
    """More than SHOWN_SAFEGUARDS: the box shows one line 対策表 n〜m and the table beside the
    title holds each text once under its heading, numbered in drawing order."""
    scene = build_scene(load_flow(SEED_001))
    contractor = scene.parties["contractor"]
    assert contractor.safeguards == ["・対策表 1〜19"]   # its operational box, then its system box
    assert {row.heading for row in scene.table[:8]} == {"運用上の対策"}
    assert {row.heading for row in scene.table[8:19]} == {"システム上の対策"}
    assert [r.number for r in scene.table] == list(range(1, len(scene.table) + 1))
    assert scene.table[7].owner == "委託事業者" and "事故発生時" in "".join(scene.table[7].lines)
    _, _, svg = seed
    box = text_of(group_by_id(svg, "safeguards-contractor"))
    assert "対策表 1〜19" in box and "事故発生時" not in box
    graph = next(g for g in svg.iter(f"{SVG}g") if g.get("class") == "graph")
    title = "".join(t.text or "" for t in graph.findall(f"{SVG}text"))   # the graph's own label
    assert "対策表" in title and "事故発生時・対策変更時の協議" in title and "特定相手以外との通信不可" in title
    edge = text_of(group_by_id(svg, "step-s2"))
    assert "対策表 20〜22" in edge and "鍵付きカバン" in title


def test_a_long_group_name_carried_again_is_named_by_its_tag():
    """002: the group boxed by its first arrow reads 「項目A: 住民異動届等…の情報項目」 with every
    item; the later arrows carrying it say only 「情報: 項目A」 (the long name once)."""
    scene = build_scene(load_flow(SEED_001.parent / "002-kyuuji-after.yaml"))
    steps = {view.number: view for view in scene.step_views()}
    box, = steps["①"].groups
    assert box.title == "項目A: 住民異動届等入出力処理業務の情報項目" and "旧氏" in "".join(box.lines)
    assert "".join(steps["②"].carried) == "情報: 項目A" and not steps["②"].groups
    assert "".join(steps["⑦"].carried) == "情報: 項目B"
    # a short name carried again stays as it is (001: 配布対象者情報 at ② after its box at ①)
    scene = build_scene(load_flow(SEED_001))
    assert "".join(next(v for v in scene.steps if v.number == "②").carried) == "情報: 配布対象者情報"


def test_one_mark_stands_for_both_headings_and_the_table_keeps_them():
    """000's ward: six 運用上 and four システム上 safeguards are one line 対策表 1〜10 on the
    drawing; the table lists them under their two headings."""
    scene = build_scene(load_flow(SEED_001.parent / "000-koho-shinjuku.yaml"))
    assert scene.parties["ward"].safeguards == ["・対策表 1〜10"]
    assert [row.heading for row in scene.table[:10]] == ["運用上の対策"] * 6 + ["システム上の対策"] * 4
    assert "【システム上の対策】" in build_dot(scene)


def test_title_reference_and_legend(seed):
    _, _, svg = seed
    drawn = text_of(svg)
    assert "資料19-1" in drawn and "携帯トイレ等の全世帯配布事業に係る業務の委託について" in drawn
    assert "凡例" in drawn and "情報項目" in drawn


def test_parties_have_stable_ascii_ids_and_systems_sit_inside_their_owner(seed):
    flow, dot, svg = seed
    ids = {g.get("id") for g in svg.iter(f"{SVG}g")}
    for party in flow.parties:
        assert f"party-{party.id}" in ids
    contractor = dot.index('subgraph "cluster_contractor"')
    assert contractor < dot.index('subgraph "cluster_contractor-pc"')


HOSTILE = '委託<b>&"事業者"\\N;] -> x { </TD>'
HOSTILE_LABEL = "<script>alert('x')</script> & \\\" ]; }"


def test_names_with_markup_and_dot_syntax_are_escaped(variant):
    text = SEED_001.read_text(encoding="utf-8").replace("配布対象者情報", "'配布<対象>者&情報'")
    text = text.replace("[ '配布<対象>者&情報' ]", "['配布<対象>者&情報']")
    path = variant(
        ("name: 委託事業者", "name: " + _yaml_single(HOSTILE)),
        ("label: 契約当初の対象者情報の提供", "label: " + _yaml_single(HOSTILE_LABEL)),
        text=text,
    )
    flow = load_flow(path)
    dot = build_dot(build_scene(flow))
    assert "<script>" not in dot and "<b>" not in dot and HOSTILE not in dot
    raw = run_dot(dot, "svg").decode("utf-8")
    assert "<script" not in raw and "<b>" not in raw
    svg = ET.fromstring(raw)       # still well-formed XML
    drawn = text_of(svg)
    assert HOSTILE.replace(" ", "") in drawn.replace(" ", "")          # shown literally, \N included
    assert HOSTILE_LABEL.replace(" ", "") in drawn.replace(" ", "")
    assert "配布<対象>者&情報" in drawn
    assert len([g for g in svg.iter(f"{SVG}g") if g.get("class") == "edge"]) >= 10


def _yaml_single(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def test_dot_has_no_paths_timestamps_or_hash_order(tmp_path):
    """The same flow gives byte-identical DOT and SVG, from any folder and any hash seed."""
    script = (
        "import sys; from flowmap.flow.loading import load_flow; from flowmap.render.output import prepare;"
        "from flowmap.render.graphviz_run import run_dot;"
        f"d = prepare(load_flow({str(SEED_001)!r})).dot; sys.stdout.buffer.write(d.encode() + b'\\0' + run_dot(d, 'svg'))"
    )
    outputs = []
    for seed, cwd in (("1", ROOT), ("2", tmp_path)):
        env = dict(os.environ, PYTHONHASHSEED=seed, PYTHONPATH=str(ROOT / "src"))
        outputs.append(subprocess.run([sys.executable, "-c", script], cwd=cwd, env=env, capture_output=True,
                                      check=True).stdout)
    assert outputs[0] == outputs[1]
    dot, svg = outputs[0].split(b"\0", 1)
    for text in (dot, svg):
        assert str(ROOT).encode() not in text and str(tmp_path).encode() not in text
        assert b"2026" not in text and b"CreationDate" not in text


def finding(code, severity, message, step=None, party=None):
    return Finding(file=str(SEED_001), line=1, code=code, severity=severity, flow="001-keitai-toilet",
                   message=message, fix="対処の例", step=step, party=party)


def test_findings_colour_and_number_what_they_point_at_and_are_listed():
    flow = load_flow(SEED_001)
    findings = [
        finding("FM101", Severity.HIGH, "暗号化の記載がありません", step="②'"),
        finding("FM301", Severity.MEDIUM, "返却の証明がありません", party="contractor"),
        finding("FM901", Severity.LOW, "全体に関する指摘"),
        finding("FM102", Severity.LOW, "施錠の記載がありません", step="②'"),
    ]
    scene = build_scene(flow, findings)
    dot = build_dot(scene)
    svg = svg_of(dot)
    numbers = {n.finding.message: n.number for n in scene.findings}
    assert sorted(numbers.values()) == [1, 2, 3, 4]
    edge = group_by_id(svg, "step-s2p")
    high = style.SEVERITY_COLOURS[Severity.HIGH]
    assert any(p.get("stroke") == high for p in edge.iter(f"{SVG}path"))        # the worst colour wins
    drawn_edge = text_of(edge)
    assert str(numbers["暗号化の記載がありません"]) in drawn_edge and str(numbers["施錠の記載がありません"]) in drawn_edge
    contractor = group_by_id(svg, "party-contractor")
    assert style.SEVERITY_COLOURS[Severity.MEDIUM] in ET.tostring(contractor, encoding="unicode")
    drawn = text_of(svg)
    assert "指摘事項(4件)" in drawn
    for message in numbers:
        assert message in drawn
    assert "全体" in drawn
    # an ordinary edge keeps the ordinary colour
    assert all(p.get("stroke") == style.EDGE for p in group_by_id(svg, "step-s9").iter(f"{SVG}path"))


def test_accepted_findings_are_listed_but_colour_nothing():
    flow = load_flow(SEED_001)
    accepted = finding("FM101", Severity.HIGH, "暗号化の記載がありません", step="②'")
    accepted = type(accepted)(**{**accepted.__dict__, "accepted": True, "accepted_reason": "別途確認済み(審査室 2024-07-01)"})
    scene = build_scene(flow, [accepted])
    svg = svg_of(build_dot(scene))
    assert all(p.get("stroke") == style.EDGE for p in group_by_id(svg, "step-s2p").iter(f"{SVG}path"))
    drawn = text_of(svg)
    assert "暗号化の記載がありません" in drawn and "承認済み: 別途確認済み(審査室 2024-07-01)" in drawn
    assert "【指摘" not in drawn


def test_without_findings_there_is_no_findings_list(seed):
    _, dot, _ = seed
    assert "指摘事項" not in dot


OWN_SYSTEMS = """
submission: {id: own, title: 自社システムへの登録, department: 保健予防課}
parties:
  - {id: ward, name: 区, kind: ward}
  - {id: kuni, name: 国, kind: external, legal_basis: 法令}
  - {id: jtb, name: 委託先, kind: contractor}
  - {id: booking, name: 予約管理システム, kind: system, within: jtb}
items:
  - {id: name, label: 氏名, category: basic}
steps:
  - {no: "①", label: 結合, kind: external_link, from: ward, to: kuni, items: [氏名], medium: l2wan, transport: network}
  - {no: "②", label: 提供, kind: provide, from: ward, to: jtb, items: [氏名], medium: usb, transport: hand_delivery}
  - {no: "③", label: 登録, kind: process, from: jtb, to: booking, items: [氏名], medium: system, transport: in_place}
"""


def test_an_organisation_feeding_its_own_system_starts_from_its_staff(tmp_path):
    path = tmp_path / "own.yaml"
    path.write_text(OWN_SYSTEMS, encoding="utf-8")
    scene = build_scene(load_flow(path))
    dot = build_dot(scene)
    line = next(l for l in dot.splitlines() if 'id="step-s3"' in l)
    assert line.startswith('  "staff-jtb" -> "p-booking"') and "ltail" not in line
    staff = group_by_id(svg_of(dot), "staff-jtb")
    assert "従事者" in text_of(staff)
    # an external organisation acting only with the ward sits beside it, not on top of it
    assert scene.parties["ward"].rank < scene.parties["kuni"].rank < scene.parties["jtb"].rank


def test_real_findings_point_at_their_steps_and_parties():
    """With the analysis of seed 001: each finding's number is drawn on what it concerns."""
    from flowmap.rules.analysis import analyse

    flow = load_flow(SEED_001)
    scene = build_scene(flow, analyse(flow))
    assert scene.findings, "seed 001 has findings"
    svg = svg_of(build_dot(scene))
    steps = {view.number: view for view in scene.step_views()}
    for numbered in scene.findings:
        finding = numbered.finding
        if finding.accepted:
            continue
        if finding.step in steps:
            view = steps[finding.step]
            element = group_by_id(svg, f"{'note' if view.internal else 'step'}-{view.key}")
        elif finding.party:
            element = group_by_id(svg, f"party-{finding.party}")
        else:
            continue
        marks = text_of(element)
        badge = "【確認" if finding.question else "【指摘"  # questions are marked apart from gaps
        assert badge in marks and str(numbered.number) in marks, (numbered.number, finding.code)
    asked = sum(1 for n in scene.findings if n.finding.question)
    assert f"指摘事項({len(scene.findings) - asked}件)・確認事項({asked}件)" in text_of(svg)
