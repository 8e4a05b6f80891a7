"""flowmap tables: the 件名 sheet and the チェックリスト generated from a flow; seed 001's
checklist must come out exactly as the seed prints it, line for line, for both sides."""

from __future__ import annotations

import io

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from conftest import FLOWS, SEED_001
from flowmap.cli import main
from flowmap.flow.loading import load_flow
from flowmap.output.tables import APPLIED, NOT_NEEDED, submission_tables, to_html, to_markdown, to_xlsx
from test_import import needs_seeds, seed

HEADINGS = ["保有課(担当課)", "登録業務の名称", "委託先", "委託に伴い事業者処理させる情報項目(だれの、どのような項目か)",
            "処理させる情報項目の記録媒体", "委託理由", "委託の内容", "委託の開始時期及び期限",
            "委託にあたり区が行う情報保護対策", "受託事業者に行わせる情報保護対策"]


def seed_checklist_marks(text: str) -> dict[str, list[str]]:
    """The ○/－ of seed 001's printed checklist, in print order, per side (read independently
    of the importer: a cell that is exactly a mark, the side from the row's first label)."""
    marks: dict[str, list[str]] = {"ward": [], "contractor": []}
    side = None
    for line in text[text.index("チェックリスト"):].splitlines():
        cells = [c.strip() for c in line.split("\t")]
        for cell in cells:
            if "区が行う" in cell and "情報保護対策" in cell:
                side = "ward"
            elif "行わせる" in cell and "情報保護対策" in cell:
                side = "contractor"
        found = [c for c in cells if c in ("○", "－", "-")]
        if side and len(found) == 1:
            marks[side].append(APPLIED if found[0] == "○" else NOT_NEEDED)
    return marks


@pytest.fixture(scope="module")
def flow001():
    return load_flow(SEED_001)


@needs_seeds
def test_seed_001_checklist_matches_the_seed_line_for_line(flow001):
    printed = seed_checklist_marks(seed("001"))
    assert len(printed["ward"]) == len(printed["contractor"]) == 22
    tables = submission_tables(flow001)
    for side in ("ward", "contractor"):
        generated = [line.mark for line in tables.checklist if line.side == side]
        assert generated == printed[side], side
    lines = [(l.scope, l.line) for l in tables.checklist if l.side == "ward"]
    assert lines == [("operational", n) for n in range(1, 12)] + [("system", n) for n in range(1, 12)]


def test_contract_sheet_rows_follow_the_submission(flow001):
    sheet = submission_tables(flow001).sheets[0]
    assert [h for h, _ in sheet.rows] == HEADINGS
    rows = dict(sheet.rows)
    assert rows["保有課(担当課)"] == "危機管理課"
    assert rows["委託に伴い事業者処理させる情報項目(だれの、どのような項目か)"].startswith("世帯番号、世帯主漢字氏名")
    assert rows["委託の内容"].splitlines()[0] == "(1) 配布物の封入・封緘・発送業務"
    assert rows["委託にあたり区が行う情報保護対策"] == "別紙チェックリストのとおり"
    assert "1 特記事項を付し" in rows["受託事業者に行わせる情報保護対策"]
    assert rows["委託の開始時期及び期限"] == "令和6年7月22日から令和7年2月28日まで"


def test_every_seed_flow_gives_one_sheet_per_outside_party():
    for path in sorted(FLOWS.glob("*.yaml")):
        flow = load_flow(path)
        outside = [p for p in flow.parties if p.kind.value in ("contractor", "subcontractor")]
        sheets = submission_tables(flow).sheets
        assert [s.rows[2][1].split("\n")[-1].replace("【再委託先】", "") for s in sheets] == [
            p.name + "".join(f"({c.label}取得)" for c in p.certifications) for p in outside
        ], path.name


def test_markdown_and_html_escape_what_the_flow_says(variant):
    path = variant(("reason: 配布物の発送", "reason: <script>alert(1)</script> | 配布物の発送"))
    tables = submission_tables(load_flow(path))
    html = to_html(tables)
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    markdown = to_markdown(tables)
    assert "<script>" not in markdown and "\\|" in markdown
    assert markdown.count("| ○ |") == 11 + 22


def test_xlsx_opens_with_the_sheets_and_marks(flow001):
    book = load_workbook(io.BytesIO(to_xlsx(submission_tables(flow001))))
    assert book.sheetnames == ["件名1", "チェックリスト"]
    sheet = book["件名1"]
    assert sheet["A1"].value == "件名" and sheet["B1"].value.startswith("携帯トイレ等")
    assert [sheet.cell(row=r, column=1).value for r in range(2, 12)] == HEADINGS
    checklist = [row for row in book["チェックリスト"].iter_rows(min_row=2, values_only=True)]
    assert len(checklist) == 44
    assert [r[4] for r in checklist[:22]] == [APPLIED] * 11 + [NOT_NEEDED] * 11
    assert [r[4] for r in checklist[22:]] == [APPLIED] * 22


def test_cli_tables_formats_and_errors(tmp_path, variant):
    runner = CliRunner()
    result = runner.invoke(main, ["tables", str(SEED_001)])
    assert result.exit_code == 0 and "## 件名 携帯トイレ等" in result.output
    result = runner.invoke(main, ["tables", str(SEED_001), "--format", "xlsx"])  # not a terminal: a pipe
    assert result.exit_code == 0 and result.stdout_bytes.startswith(b"PK\x03\x04")
    out = tmp_path / "t.xlsx"
    result = runner.invoke(main, ["tables", str(SEED_001), "--format", "xlsx", "-o", str(out)])
    assert result.exit_code == 0 and load_workbook(out).sheetnames == ["件名1", "チェックリスト"]
    html_out = tmp_path / "t.html"
    result = runner.invoke(main, ["tables", str(SEED_001), "--format", "html", "-o", str(html_out)])
    assert result.exit_code == 0 and html_out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    broken = variant(("kind: contractor", "kind: contracter"))
    result = runner.invoke(main, ["tables", str(broken)])
    assert result.exit_code == 1 and f"{broken}:" in result.stderr and "Traceback" not in result.output


@needs_seeds
def test_import_then_tables_gives_back_the_seeds_checklist(tmp_path):
    from flowmap.importer import draft_flow, write_draft
    path = tmp_path / "001.yaml"
    write_draft(draft_flow(seed("001"), "round-trip"), path)
    tables = submission_tables(load_flow(path))
    printed = seed_checklist_marks(seed("001"))
    for side in ("ward", "contractor"):
        assert [l.mark for l in tables.checklist if l.side == side] == printed[side]
    rows = dict(tables.sheets[0].rows)
    assert rows["登録業務の名称"] == "携帯トイレ等の全世帯配布事業"
    assert rows["処理させる情報項目の記録媒体"] == "電磁的媒体(委託先のパソコン及びUSBメモリ)"
