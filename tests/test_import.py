"""flowmap import: the text helpers, each seed's draft (loads, recall target, what it recognises)
and the command line (TODO list on stderr, no overwrite without --force, atomic write)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import FLOWS, ROOT
from flowmap.cli import main
from flowmap.importer import draft_flow, dump_draft, write_draft
from flowmap.importer.accuracy import compare, seed_pairs
from flowmap.importer.items import read_items
from flowmap.importer.text import cell_lines, era_dates, normalise, split_numbered
from flowmap.flow.loading import load_flow

SEEDS = ROOT / "tests" / "fixtures" / "seeds"  # copies of ../shared/seeds, so tests need nothing beside the clone
FIXTURES = ROOT / "tests" / "fixtures" / "import"
seed_files = sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else []
needs_seeds = pytest.mark.skipif(not seed_files, reason=f"seed texts not found in {SEEDS}")


def seed(number: str) -> str:
    return next(p for p in seed_files if p.name.startswith(number)).read_text(encoding="utf-8")


def loaded(tmp_path: Path, text: str, name: str = "draft"):
    draft = draft_flow(text, name)
    path = tmp_path / f"{name}.yaml"
    write_draft(draft, path)
    return draft, load_flow(path)


# --- text helpers ------------------------------------------------------------------------------


def test_normalise_folds_widths_but_keeps_circled_numbers():
    assert normalise("（１）ＤＶＤ－Ｒ　ｶﾅ") == "(1)DVD-R カナ"
    assert normalise("②'対象者情報の提供") == "②'対象者情報の提供"


def test_cells_flatten_html_paragraphs_and_list_items():
    cell = '<p><b>【運用上の対策】</b></p> <ol style="x"><li>1 甲</li><li>2 乙&amp;丙</li></ol>'
    assert cell_lines(cell) == ["【運用上の対策】", "1 甲", "2 乙&丙"]


def test_numbered_entries_follow_sequence_and_style():
    assert split_numbered("1 改修 (1) 追加 (2) 強化 2 保守") == ["改修 (1) 追加 (2) 強化", "保守"]
    assert split_numbered("1 特記事項(別紙)24 に基づく 2 報告") == ["特記事項(別紙)24 に基づく", "報告"]
    assert split_numbered("① 入力 ② 出力") == ["入力", "出力"]


def test_era_dates_including_first_year():
    assert era_dates("令和元年11月5日から令和2年3月31日まで") == [dt.date(2019, 11, 5), dt.date(2020, 3, 31)]
    assert era_dates("平成２２年４月１日") == [dt.date(2010, 4, 1)]


def test_items_with_groups_lists_in_parentheses_and_incomplete_lists():
    found = read_items(["1 対象者情報 住民情報(宛名番号、氏名) 2 状況 発送日、返戻"])
    assert found.items == ["宛名番号", "氏名", "発送日", "返戻"]
    assert found.groups == {"対象者情報": ["宛名番号", "氏名"], "状況": ["発送日", "返戻"]}
    assert found.complete
    partial = read_items(["氏名、住所などの従来の情報項目に「旧氏」を追加する。(資料25-2のとおり)"])
    assert partial.items == ["氏名", "住所", "旧氏"] and not partial.complete
    glossed = read_items(["【対象者に係る情報項目】 宛名番号 (住民番号)、接種回(1回目/2回目)【記録するコンピュータ】 ホスト"])
    assert glossed.items == ["宛名番号(住民番号)", "接種回(1回目/2回目)"]


# --- the seeds --------------------------------------------------------------------------------


@needs_seeds
@pytest.mark.parametrize("path", seed_files, ids=lambda p: p.name[:3])
def test_every_seed_drafts_a_flow_that_loads(tmp_path, path):
    draft, flow = loaded(tmp_path, path.read_text(encoding="utf-8"))
    assert flow.parties[0].kind.value == "ward"
    assert any(p.kind.value == "contractor" for p in flow.parties)
    assert flow.items, "the declared items become the flow's items"
    # every TODO listed on stderr is also in the draft, where the loader warns of it
    warnings = " ".join(w.message for w in flow.warnings)
    for todo in draft.todos:
        assert todo.split(": ", 1)[1] in warnings, todo
    assert "TODO" in dump_draft(draft)


@needs_seeds
@pytest.mark.parametrize("pair", seed_pairs(SEEDS, FLOWS) if seed_files else [], ids=lambda p: p[1].stem)
def test_recall_of_parties_and_declared_items_meets_the_target(tmp_path, pair):
    seed_path, hand_path = pair
    _, draft = loaded(tmp_path, seed_path.read_text(encoding="utf-8"))
    scores = compare(draft, load_flow(hand_path))
    assert scores["parties"].recall >= 0.9
    assert scores["items"].recall >= 0.9


@needs_seeds
def test_seed_001_diagram_steps_media_and_edge_safeguards(tmp_path):
    _, flow = loaded(tmp_path, seed("001"))
    numbers = [s.no for s in flow.steps]
    assert numbers == ["①", "②", "②'", "③③'", "④④'", "⑤", "⑤'", "⑥", "⑦", "⑧", "⑨"]
    second = flow.steps[1]
    assert (second.medium.value, second.transport.value, second.from_, second.to) == ("usb", "hand_delivery", "ward", "contractor")
    assert set(second.safeguards) == {"locked_bag", "encrypted_medium", "ledger"}
    assert flow.steps[2].frequency.value == "monthly"
    assert flow.steps[0].at == "host"
    returned = flow.steps[-1]
    assert (returned.kind.value, returned.from_, returned.to) == ("return", "contractor", "ward")
    collect = flow.steps[8]
    assert collect.kind.value == "collect" and collect.medium.value == "phone"
    assert {flow.item(i).label for i in collect.item_ids} == {"氏名", "住所", "電話番号", "相談内容"}
    # the diagram writes 削除フラグ where the table writes 消除フラグ: the draft keeps both words,
    # linked (the item's slip), and says so; 世帯主力ナ氏名 (力 extracted for カ) is no slip
    assert any("削除フラグ" in note for note in flow.notes)
    flag = next(i for i in flow.items if i.label == "消除フラグ")
    assert [s.text for s in flag.slips] == ["削除フラグ"]
    assert not any("力ナ" in note for note in flow.notes)


@needs_seeds
def test_import_reports_every_diagram_table_mismatch_on_stderr(tmp_path):
    from click.testing import CliRunner

    from flowmap.cli import main

    source = tmp_path / "001.txt"
    source.write_text(seed("001"), encoding="utf-8")
    result = CliRunner().invoke(main, ["import", str(source), "-o", str(tmp_path / "d.yaml")])
    assert result.exit_code == 0, result.stderr
    mismatches = [line for line in result.stderr.splitlines() if line.startswith("不一致")]
    assert mismatches == ["不一致 図の「配布対象者情報」の枠は「削除フラグ」、表は「消除フラグ」(slips に記録)"]


@needs_seeds
@pytest.mark.parametrize("number, count, as_of", [
    ("000", 8413, "8,413件(令和5年3月25日号配布対象者数)"),
    ("001", 230000, "配布対象者 約230,000人"),
    ("003", None, "TODO"),
    ("004", None, "TODO"),
])
def test_number_of_subjects(tmp_path, number, count, as_of):
    _, flow = loaded(tmp_path, seed(number))
    assert flow.submission.subjects.count == count
    assert flow.submission.subjects.as_of.startswith(as_of)


@needs_seeds
def test_seed_001_checklist_equals_the_hand_made_flow(tmp_path):
    _, flow = loaded(tmp_path, seed("001"))
    hand = load_flow(FLOWS / "001-keitai-toilet.yaml")
    assert flow.checklist.ward.applied == hand.checklist.ward.applied
    assert flow.checklist.ward.not_needed == hand.checklist.ward.not_needed
    assert flow.checklist.contractor.applied == hand.checklist.contractor.applied


@needs_seeds
@pytest.mark.parametrize("number, expected", [
    ("000", {"contractor": "shinjuku-2023-31"}),
    ("003", {"contractor": "shinjuku-2023-31"}),
    ("002", {"contractor-ido": "shinjuku-old-21", "contractor-card": "shinjuku-old-21"}),
    ("004", {"株式会社両備システムズ": "shinjuku-old-21", "株式会社JTB": "shinjuku-itaku-24",
             "大日本印刷株式会社": "shinjuku-sai-itaku-24", "集合代理契約による受託医療機関": "national-tei-11",
             "区と直接契約を締結する医療機関": "shinjuku-old-21"}),
])
def test_clause_sets_are_recognised_from_the_printed_headings(tmp_path, number, expected):
    _, flow = loaded(tmp_path, seed(number))
    outside = [p for p in flow.parties if p.kind.value in ("contractor", "subcontractor")]
    for key, set_id in expected.items():
        party = next(p for p in outside if key in (p.name, p.id) or (key.startswith("contractor-") and p.name.endswith(")")))
        assert party.clauses == set_id, party.name


@needs_seeds
def test_seed_004_contractors_subcontractors_certifications_and_external_link(tmp_path):
    _, flow = loaded(tmp_path, seed("004"))
    by_name = {p.name: p for p in flow.parties}
    jtb, dnp = by_name["株式会社JTB"], by_name["大日本印刷株式会社"]
    assert {c.value for c in jtb.certifications} == {"privacy_mark", "isms"}
    assert dnp.kind.value == "subcontractor" and dnp.serves == jtb.id
    assert by_name["株式会社WOWOWコミュニケーションズ"].serves == jtb.id
    external = by_name["国(内閣官房)"]
    assert external.kind.value == "external" and "結合" in external.legal_basis
    assert "マイナンバー" in external.declared.items


# --- my own submission ------------------------------------------------------------------------


def test_hand_written_submission(tmp_path):
    draft, flow = loaded(tmp_path, (FIXTURES / "kenshin-tsuchi.txt").read_text(encoding="utf-8"))
    sub = flow.submission
    assert (sub.department, sub.diagram_ref, sub.subjects.count) == ("健康づくり課", "資料7-1", 12000)
    assert (sub.period.start, sub.period.end) == (dt.date(2025, 4, 1), dt.date(2026, 3, 31))
    printer, sender = flow.party("contractor"), flow.party("subcontractor")
    assert printer.name == "株式会社サンプル印刷" and [c.value for c in printer.certifications] == ["privacy_mark"]
    assert sender.name == "テスト発送株式会社" and sender.serves == "contractor"
    assert printer.declared.media == ["紙", "電磁的媒体(委託先のパソコン及びDVD-R)"]
    assert sender.declared.items == ["氏名", "郵便番号", "住所"]
    assert "return_and_erase" in printer.safeguards and "handlers_designated" in printer.safeguards
    assert any(getattr(s, "text", "") == "通知の色を季節ごとに変えさせる。" for s in printer.safeguards)
    assert "encrypted_medium" in flow.party("ward").safeguards
    assert [s.no for s in flow.steps] == ["①", "②", "③", "④", "⑤", "⑥"]
    assert flow.steps[1].medium.value == "dvd_r" and flow.steps[3].transport.value == "post"
    assert (flow.steps[4].kind.value, flow.steps[4].frequency.value) == ("report", "monthly")
    assert printer.clauses is None and "TODO" in printer.note
    assert any("返戻の有無" in t for t in draft.todos)


# --- the command line -------------------------------------------------------------------------


def test_cli_writes_lists_todos_and_never_overwrites_without_force(tmp_path):
    out = tmp_path / "flows" / "005-kenshin.yaml"
    source = str(FIXTURES / "kenshin-tsuchi.txt")
    result = CliRunner().invoke(main, ["import", source, "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "TODO" in result.stderr and "needs" in result.stderr
    assert load_flow(out).submission.id == "005-kenshin"
    out.write_text("# mine\n", encoding="utf-8")
    again = CliRunner().invoke(main, ["import", source, "-o", str(out)])
    assert again.exit_code == 1 and "--force" in again.stderr
    assert out.read_text(encoding="utf-8") == "# mine\n"
    forced = CliRunner().invoke(main, ["import", source, "-o", str(out), "--force"])
    assert forced.exit_code == 0 and load_flow(out).parties
    assert [p.name for p in tmp_path.joinpath("flows").iterdir()] == ["005-kenshin.yaml"]  # no temp files left


def test_cli_refuses_unreadable_input_without_leaving_a_file(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes("件名\t".encode("utf-8") + b"\xff\xfe\x00")
    out = tmp_path / "x.yaml"
    result = CliRunner().invoke(main, ["import", str(bad), "-o", str(out)])
    assert result.exit_code == 1 and "UTF-8" in result.stderr and "Traceback" not in result.output
    assert not out.exists()
    empty = tmp_path / "empty.txt"
    empty.write_text("\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["import", str(empty), "-o", str(out)])
    assert result.exit_code == 1 and "空" in result.stderr and not out.exists()


def test_cli_id_defaults_from_the_output_name():
    from flowmap.cli.importer import flow_id_for
    assert flow_id_for("flows/005 新規 Flow.yaml") == "005-flow"
    assert flow_id_for("flows/新規.yaml") == "draft"
    assert re.fullmatch(r"[a-z0-9][a-z0-9_\-]*", flow_id_for("x/ABC_d.yaml"))


@needs_seeds
def test_accuracy_script_writes_its_table_between_the_markers(tmp_path, capsys):
    from flowmap.importer.accuracy import BEGIN, END, main as accuracy_main
    doc = tmp_path / "import.md"
    doc.write_text(f"before\n{BEGIN}\nold\n{END}\nafter\n", encoding="utf-8")
    assert accuracy_main(["--seeds", str(SEEDS), "--flows", str(FLOWS), "--write", str(doc)]) == 0
    text = doc.read_text(encoding="utf-8")
    assert text.startswith("before\n") and text.endswith("after\n") and "old" not in text
    for _, flow in seed_pairs(SEEDS, FLOWS):
        assert f"| {flow.name} |" in text
    assert "| 001 | 001-keitai-toilet.yaml | 100% / 100%" in text
    doc.write_text("no markers\n", encoding="utf-8")
    assert accuracy_main(["--seeds", str(SEEDS), "--flows", str(FLOWS), "--write", str(doc)]) == 1
    assert doc.read_text(encoding="utf-8") == "no markers\n"


def test_help_lists_import_and_tables():
    result = CliRunner().invoke(main, ["--help"])
    assert result.exit_code == 0 and "import" in result.output and "tables" in result.output


@pytest.mark.parametrize("sentence, codes", [
    ("個人情報を手交する場合は、鍵付きカバン等を使用して運搬させる。", ["locked_bag"]),
    ("電磁的媒体の授受は、必ず区職員及び委託先業者が対面で行う。", ["face_to_face_handover"]),
    ("ID及びパスワード等により、パソコンを操作できる職員を限定する", ["authentication"]),
    ("不正アクセス対策、コンピューターウイルス対策、アクセスログの管理監視を実施する。",
     ["perimeter_defence", "antivirus", "monitoring_logs"]),
    ("外部ネットワークからの不正接続がないよう、インターネットから分離する", ["internet_separated"]),
    ("通信経路における情報漏えいを防止するための暗号化処理", ["encrypted_communication"]),
    ("印刷ログの記録及び提出をさせる", ["print_log"]),
])
def test_safeguard_sentences_map_to_vocabulary_codes(sentence, codes):
    from flowmap.importer.safeguards import map_safeguards
    assert map_safeguards([sentence]) == codes


def test_unmapped_and_reference_only_sentences():
    from flowmap.importer.safeguards import map_safeguards
    assert map_safeguards(["通知の色を季節ごとに変えさせる。"]) == [{"text": "通知の色を季節ごとに変えさせる。"}]
    assert map_safeguards(["別紙チェックリストのとおり", "*****"]) == []
