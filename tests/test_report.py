"""flowmap report: the Word attachment read back with python-docx (headings, tables, the
指摘 and 確認事項 apart, the picture, Japanese fonts) and printed by LibreOffice."""

from __future__ import annotations

import io
import subprocess

import pytest
from click.testing import CliRunner
from docx import Document
from docx.oxml.ns import qn

from conftest import SEED_001
from flowmap.cli import main
from flowmap.flow.loading import load_flow
from flowmap.output.report import BODY_FONT, HEADING_FONT, Diagram, build_report, diagram_png
from flowmap.output.tables import submission_tables
from flowmap.render.graphviz_run import choose_font
from flowmap.rules.analysis import analyse
from office import pdf_pages, to_pdf


@pytest.fixture(scope="module")
def seed001():
    flow = load_flow(SEED_001)
    findings = analyse(flow)
    diagram = diagram_png(flow, choose_font().family)
    data = build_report(flow, findings, diagram)
    return flow, findings, diagram, data


def headings(document, level: int) -> list[str]:
    return [p.text for p in document.paragraphs if p.style.name == f"Heading {level}"]


def test_report_has_the_parts_in_filing_order(seed001):
    flow, findings, diagram, data = seed001
    document = Document(io.BytesIO(data))
    assert document.paragraphs[0].style.name == "Title" and document.paragraphs[0].text == flow.submission.title
    tables = submission_tables(flow)
    sheets = tables.sheets
    assert headings(document, 1) == [f"件名 {s.title}" for s in sheets] + [
        "業務委託にかかる個人情報保護対策チェックリスト", "個人情報の流れ(資料19-1)", "指摘", "確認事項"]
    assert headings(document, 2) == list(tables.sides.values())
    # one table per 件名 sheet, per checklist side, per finding
    assert len(document.tables) == len(sheets) + 2 + len(findings)
    first = document.tables[0]
    assert [row.cells[0].text for row in first.rows][:3] == ["保有課(担当課)", "登録業務の名称", "委託先"]
    assert first.rows[0].cells[1].text == "危機管理課"


def test_gaps_and_questions_are_listed_apart_with_fix_and_basis(seed001):
    flow, findings, diagram, data = seed001
    gaps = [f for f in findings if not f.question]
    questions = [f for f in findings if f.question]
    assert gaps and questions
    document = Document(io.BytesIO(data))
    titles = headings(document, 3)
    assert sum(t.startswith("指摘") for t in titles) == len(gaps)
    assert sum(t.startswith("確認事項") for t in titles) == len(questions)
    tables = document.tables[-len(findings):]
    listed = {}
    for title, table in zip(titles, tables):
        rows = {row.cells[0].text: row.cells[1].text for row in table.rows}
        listed[rows["内容"]] = (title.startswith("確認事項"), rows["対処"], rows["根拠"])
    for finding in findings:
        assert listed[finding.message] == (finding.question, finding.fix, finding.basis or "—")


def test_checklist_section_is_merged_and_marked(seed001):
    flow, findings, diagram, data = seed001
    document = Document(io.BytesIO(data))
    ward = document.tables[1]
    assert [c.text for c in ward.rows[0].cells] == ["区分", "行", "対策", "○/－"]
    marks = [row.cells[3].text for row in ward.rows[1:]]
    assert marks == ["○"] * 11 + ["－"] * 11
    restarts = ward._tbl.xpath(".//w:vMerge[@w:val='restart']")
    assert len(restarts) == 2  # 【運用上の対策】 and 【システム上の対策】 once each
    header = ward.rows[0]._tr.trPr
    assert [child.tag for child in header] == [qn("w:cantSplit"), qn("w:tblHeader")]  # schema order


def test_picture_fills_a_landscape_page_and_fonts_are_japanese(seed001):
    flow, findings, diagram, data = seed001
    document = Document(io.BytesIO(data))
    assert len(document.inline_shapes) == 1
    shape = document.inline_shapes[0]
    picture = diagram.pages[0]
    assert picture.width > picture.height
    section = document.sections[1]
    assert section.page_width > section.page_height
    room = section.page_width - section.left_margin - section.right_margin
    room_h = section.page_height - section.top_margin - section.bottom_margin   # heading included
    assert shape.width <= room and shape.height <= room_h
    assert shape.width >= 0.9 * room or shape.height >= 0.8 * room_h   # as large as the page lets it
    assert abs(shape.width / shape.height - picture.width / picture.height) < 0.01
    assert document.sections[0].page_width < document.sections[0].page_height
    for name, font in (("Normal", BODY_FONT), ("Heading 1", HEADING_FONT), ("Title", HEADING_FONT)):
        fonts = document.styles[name].element.rPr.rFonts
        assert fonts.get(qn("w:eastAsia")) == font and fonts.get(qn("w:asciiTheme")) is None, name


@pytest.mark.slow
def test_libreoffice_prints_the_report(seed001, tmp_path):
    flow, findings, diagram, data = seed001
    source = tmp_path / "report.docx"
    source.write_bytes(data)
    pdf = to_pdf([source], tmp_path)[0]
    pages = pdf_pages(pdf)
    # 件名 sheet, one page per checklist side, the diagram, 指摘, 確認事項
    assert len(pages) >= 6
    info = subprocess.run(["pdfinfo", "-f", "1", "-l", str(len(pages)), str(pdf)],
                          capture_output=True, text=True, check=True).stdout
    sizes = [line.split(":", 1)[1].split("pts")[0].split(" x ") for line in info.splitlines()
             if line.startswith("Page") and "size" in line]
    landscape = [n for n, (w, h) in enumerate(sizes) if float(w) > float(h)]
    assert len(landscape) == 1 and "個人情報の流れ" in pages[landscape[0]]
    text = "".join(pages)
    for finding in findings:
        assert finding.message.replace(" ", "")[:20] in text


def test_cli_report_writes_and_refuses(tmp_path, variant):
    runner = CliRunner()
    out = tmp_path / "r.docx"
    result = runner.invoke(main, ["report", str(SEED_001), "-o", str(out), "--no-diagram"])
    assert result.exit_code == 0, result.output
    document = Document(out)
    assert len(document.inline_shapes) == 0 and "個人情報の流れ(資料19-1)" not in headings(document, 1)
    result = runner.invoke(main, ["report", str(SEED_001)])
    assert result.exit_code == 2 and "-o" in result.output
    broken = variant(("kind: contractor", "kind: contracter"))
    result = runner.invoke(main, ["report", str(broken), "-o", str(tmp_path / "b.docx")])
    assert result.exit_code == 1 and f"{broken}:" in result.stderr and not (tmp_path / "b.docx").exists()
    blocked = tmp_path / "file"
    blocked.write_text("x")
    result = runner.invoke(main, ["report", str(SEED_001), "--no-diagram", "-o", str(blocked / "r.docx")])
    assert result.exit_code == 1 and "書き込めません" in result.stderr and "Traceback" not in result.output


def test_a_diagram_drawn_for_a3_in_pages_keeps_its_paper(seed001):
    """A diagram the renderer split over two A3 pages: two A3 landscape sections, numbered,
    each picture inside its page; the findings return to A4 portrait."""
    flow, findings, diagram, data = seed001
    split = Diagram((diagram.pages[0], diagram.pages[0]), paper_mm=(420, 297))
    document = Document(io.BytesIO(build_report(flow, findings, split)))
    assert [h for h in headings(document, 1) if h.startswith("個人情報の流れ")] == [
        "個人情報の流れ(資料19-1) 1/2", "個人情報の流れ(資料19-1) 2/2"]
    a3 = [s for s in document.sections if round(s.page_width.mm) == 420]
    assert len(a3) == 2 and all(round(s.page_height.mm) == 297 for s in a3)
    for shape in document.inline_shapes:
        assert shape.width <= a3[0].page_width - a3[0].left_margin - a3[0].right_margin
    last = document.sections[-1]
    assert (round(last.page_width.mm), round(last.page_height.mm)) == (210, 297)
