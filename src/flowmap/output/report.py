"""The submission's attachment as a Word document: the 件名 sheet of each contract, the
checklist, the diagram on a page of its own, and the review — 指摘 (gaps) and 確認事項
(what the flow cannot decide) apart, each with its fix and basis.

Built with python-docx on its default template; every style the document uses is given a
Japanese font (the eastAsia slot, which Word and LibreOffice use for 漢字・かな) and black
headings, so the file prints the same in both. The tables are the ones ``flowmap tables``
writes (``submission_tables``), so the two outputs never disagree.
"""

from __future__ import annotations

import io
import struct
from dataclasses import dataclass
from typing import Sequence

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from flowmap.flow.model import Flow
from flowmap.output.formats import where
from flowmap.output.tables import SCOPES, Tables, submission_tables
from flowmap.rules.findings import Finding

BODY_FONT = "MS 明朝"       # the faces every Japanese Word has; LibreOffice maps them to its CJK fonts
HEADING_FONT = "MS ゴシック"
A4 = (Mm(210), Mm(297))
MARGIN = Mm(20)
LABEL_SHADE = "F2F2F2"
HEAD_SHADE = "D9D9D9"


@dataclass(frozen=True)
class Picture:
    """One page of the diagram as PNG bytes, with its size in pixels."""

    png: bytes
    width: int
    height: int

    @classmethod
    def from_png(cls, png: bytes) -> "Picture":
        width, height = struct.unpack(">II", png[16:24])  # the IHDR chunk
        return cls(png, width, height)


@dataclass(frozen=True)
class Diagram:
    """The 個人情報の流れ: its pages, and the paper (width, height in mm) the renderer laid it
    out for; None when it was drawn for no paper (each page then goes on A4, turned to fit)."""

    pages: tuple[Picture, ...]
    paper_mm: tuple[float, float] | None = None


def _set_font(style, name: str, size: float | None = None, bold: bool | None = None) -> None:
    style.font.name = name
    if size:
        style.font.size = Pt(size)
    if bold is not None:
        style.font.bold = bold
    style.font.color.rgb = RGBColor(0, 0, 0)
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)  # a theme font would win over the name given here
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia"):
        fonts.set(qn(slot), name)


def _styles(document) -> None:
    styles = document.styles
    _set_font(styles["Normal"], BODY_FONT, 10.5)
    language = OxmlElement("w:lang")
    language.set(qn("w:eastAsia"), "ja-JP")
    styles["Normal"].element.get_or_add_rPr().append(language)
    _set_font(styles["Title"], HEADING_FONT, 16, bold=True)
    for level, size in ((1, 14), (2, 12), (3, 11)):
        _set_font(styles[f"Heading {level}"], HEADING_FONT, size, bold=True)
        styles[f"Heading {level}"].font.italic = False
    title = styles["Title"].element.get_or_add_pPr()
    for border in title.findall(qn("w:pBdr")):
        title.remove(border)  # the default template underlines the title in blue


def _page(section, landscape: bool = False, size: tuple = A4) -> None:
    """Page size and margins of a section; ``size`` is (width, height) upright."""
    width, height = size
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (height, width) if landscape else (width, height)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, MARGIN)


def _shade(cell, colour: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), colour)
    cell._tc.get_or_add_tcPr().append(shading)


def _write(cell, text: str, bold: bool = False) -> None:
    """``text`` into a cell, one paragraph per line (a line break keeps Word's spacing even)."""
    lines = str(text).split("\n")
    paragraph = cell.paragraphs[0]
    for index, line in enumerate(lines):
        if index:
            paragraph = cell.add_paragraph()
        paragraph.paragraph_format.space_after = Pt(0)
        run = paragraph.add_run(line)
        run.bold = bold or None


def _table(document, rows: Sequence[Sequence[str]], widths: Sequence[float], header: Sequence[str] | None = None,
           label_column: bool = False):
    """A bordered table (Word's "Table Grid"); the header row repeats on every page."""
    table = document.add_table(rows=0, cols=len(widths))
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    if header:
        cells = table.add_row().cells
        for cell, text in zip(cells, header):
            _write(cell, text, bold=True)
            _shade(cell, HEAD_SHADE)
        table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    for values in rows:
        cells = table.add_row().cells
        for index, (cell, text) in enumerate(zip(cells, values)):
            _write(cell, text, bold=label_column and index == 0)
            if label_column and index == 0:
                _shade(cell, LABEL_SHADE)
    table.autofit = False
    for column, width in zip(table.columns, widths):
        column.width = Mm(width)  # the grid, which LibreOffice follows
    for row in table.rows:
        for cell, width in zip(row.cells, widths):
            cell.width = Mm(width)  # the cells, which Word follows
    return table


def _chapter(document, title: str, new_page: bool = True) -> None:
    """A level-1 heading that starts a page: each part is filed as a sheet of its own."""
    document.add_heading(title, level=1).paragraph_format.page_break_before = new_page


def _keep_together(table) -> None:
    """Keep a short table on one page (every row kept with the next, no row split)."""
    rows = list(table.rows)
    for index, row in enumerate(rows):
        row._tr.get_or_add_trPr().insert(0, OxmlElement("w:cantSplit"))  # the schema puts it first
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.keep_with_next = index < len(rows) - 1


def _contract_sheets(document, tables: Tables) -> None:
    for index, sheet in enumerate(tables.sheets):
        _chapter(document, f"件名 {sheet.title}", new_page=index > 0)
        _table(document, sheet.rows, (55, 115), label_column=True)


def _checklist(document, tables: Tables) -> None:
    if not tables.checklist:
        return
    _chapter(document, tables.checklist_title)
    first = True
    for side, title in tables.sides.items():
        lines = [line for line in tables.checklist if line.side == side]
        if not lines:
            continue
        heading = document.add_heading(title, level=2)
        heading.paragraph_format.page_break_before = not first  # each side on a page of its own
        first = False
        rows = [(SCOPES[line.scope], str(line.line), line.text, line.mark) for line in lines]
        table = _table(document, rows, (32, 10, 113, 15), header=("区分", "行", "対策", "○/－"))
        _merge_repeats(table, column=0)
        _keep_together(table)


def _merge_repeats(table, column: int) -> None:
    """Merge runs of the same text down ``column`` (the 区分 written once, not on every row)."""
    rows = table.rows[1:]
    start = 0
    for index in range(1, len(rows) + 1):
        if index == len(rows) or rows[index].cells[column].text != rows[start].cells[column].text:
            if index - start > 1:
                top = rows[start].cells[column]
                text = top.text
                merged = top.merge(rows[index - 1].cells[column])
                for paragraph in merged.paragraphs[1:]:
                    paragraph._p.getparent().remove(paragraph._p)  # merge keeps every row's copy
                if merged.text != text:
                    merged.paragraphs[0].text = text
            start = index


def _diagram(document, flow: Flow, diagram: Diagram | None) -> None:
    """Each page of the diagram on a page of its own, of the paper it was drawn for (A3 sections
    stay A3 in Word's print dialogue), the picture as large as the page allows."""
    if diagram is None or not diagram.pages:
        return
    title = "個人情報の流れ" + (f"({flow.submission.diagram_ref})" if flow.submission.diagram_ref else "")
    for number, picture in enumerate(diagram.pages, 1):
        section = document.add_section()
        if diagram.paper_mm:
            short, long = sorted(diagram.paper_mm)
            wide = diagram.paper_mm[0] > diagram.paper_mm[1]
            _page(section, landscape=wide, size=(Mm(short), Mm(long)))
        else:
            _page(section, landscape=picture.width > picture.height)
        pages = f" {number}/{len(diagram.pages)}" if len(diagram.pages) > 1 else ""
        _chapter(document, title + pages, new_page=False)  # the section already starts a page
        room_w = section.page_width - section.left_margin - section.right_margin  # as stored (twips)
        room_h = section.page_height - section.top_margin - section.bottom_margin - Mm(20)  # less the heading
        scale = min(room_w / picture.width, room_h / picture.height)
        document.add_picture(io.BytesIO(picture.png), width=int(picture.width * scale),
                             height=int(picture.height * scale))
    _page(document.add_section())  # back to A4 portrait for the findings


def _finding_rows(finding: Finding) -> list[tuple[str, str]]:
    rows = [("内容", finding.message)]
    if where(finding):
        rows.append(("対象", where(finding) + (f"({'、'.join(finding.items)})" if finding.items else "")))
    rows += [("対処", finding.fix), ("根拠", finding.basis or "—")]
    if finding.accepted:
        rows.append(("承認済み", finding.accepted_reason))
    return rows


def _findings(document, findings: Sequence[Finding]) -> None:
    sections = (("指摘", "指摘はありません。", [f for f in findings if not f.question]),
                ("確認事項", "確認事項はありません。", [f for f in findings if f.question]))
    for title, none, group in sections:
        _chapter(document, title)
        if not group:
            document.add_paragraph(none)
        ordered = sorted(group, key=lambda f: (-f.severity, f.line, f.code))
        for number, finding in enumerate(ordered, 1):
            document.add_heading(f"{title}{number} 【{finding.severity.label}】{finding.code}", level=3)
            _keep_together(_table(document, _finding_rows(finding), (25, 145), label_column=True))


def build_report(flow: Flow, findings: Sequence[Finding], diagram: Diagram | None) -> bytes:
    """The .docx bytes of a flow's report."""
    document = Document()
    _styles(document)
    _page(document.sections[0])
    sub = flow.submission
    document.add_heading(sub.title, level=0)
    facts = [("担当課", sub.division or sub.department), ("提出先", sub.council or ""),
             ("資料番号", sub.diagram_ref or ""), ("提出日", f"{sub.date:%Y-%m-%d}" if sub.date else "")]
    for label, value in facts:
        if value:
            document.add_paragraph(f"{label}: {value}")
    tables = submission_tables(flow)
    _contract_sheets(document, tables)
    _checklist(document, tables)
    _diagram(document, flow, diagram)
    _findings(document, findings)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def diagram_png(flow: Flow, font: str, dpi: int = 200) -> Diagram:
    """The diagram as print-resolution PNG pages (the renderer's pages on the paper it chose,
    without findings marked)."""
    from flowmap.render.graphviz_run import draw
    from flowmap.render.output import prepare
    from flowmap.render.paper import MM

    prepared = prepare(flow, None, font)
    on = prepared.paper
    pngs = [drawn["png"] for drawn in draw([page.placed.positioned for page in prepared.pages], ["png"],
                                           [{"pad": "0.1", "dpi": f"{dpi * on.fit(*page.size):.4f}"}
                                            for page in prepared.pages])]   # without the page's margins: Word adds its own
    return Diagram(tuple(Picture.from_png(png) for png in pngs), (on.width / MM, on.height / MM))
