"""The xlsx tables print: LibreOffice turns them into A4 pages on which every label stands
beside its value, every line of a wrapped cell is visible, and the 区分 is merged, not repeated."""

from __future__ import annotations

import io
import re

import pytest
from openpyxl import load_workbook

from conftest import FLOWS, SEED_001
from flowmap.flow.loading import load_flow
from flowmap.output.sheetprint import CONTINUED, PrintSheet, chunks, landscape, wrapped_lines
from flowmap.output.tables import submission_tables, to_xlsx
from office import pdf_pages, to_pdf

SEED_004 = FLOWS / "004-covid-vaccine.yaml"


def squeeze(text: str) -> str:
    return re.sub(r"\s", "", text)


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    """seed → (tables, workbook, PDF pages) for seeds 001 and 004, printed in one LibreOffice run."""
    out = tmp_path_factory.mktemp("print")
    made = {}
    for path in (SEED_001, SEED_004):
        tables = submission_tables(load_flow(path))
        data = to_xlsx(tables)
        (out / f"{path.stem}.xlsx").write_bytes(data)
        made[path.stem] = (tables, load_workbook(io.BytesIO(data)))
    pdfs = to_pdf([out / f"{stem}.xlsx" for stem in made], out)
    return {stem: (*made[stem], pdf_pages(pdf)) for stem, pdf in zip(made, pdfs)}


def planned_pages(book) -> int:
    return sum(len(ws.row_breaks.brk) + 1 for ws in book.worksheets)


@pytest.mark.slow
def test_page_count_is_the_planned_one(printed):
    """LibreOffice breaks pages where flowmap planned them, never earlier (001: the 件名 sheet
    on one page, each side of the checklist on its own page)."""
    tables, book, pages = printed["001-keitai-toilet"]
    assert len(pages) == planned_pages(book) == 3
    assert "委託事業者" in pages[0] and tables.sides["ward"] in pages[1] and tables.sides["contractor"] in pages[2]
    tables, book, pages = printed["004-covid-vaccine"]
    assert len(pages) == planned_pages(book) > len(tables.sheets)


@pytest.mark.slow
@pytest.mark.parametrize("stem", ["001-keitai-toilet", "004-covid-vaccine"])
def test_each_label_shares_its_page_with_its_value(printed, stem):
    """Walk the 件名 sheets' rows in print order: each paragraph of a value is found on a page
    that also carries the label (or the label marked (続き)), and its last characters are
    printed too, so no row is cut short."""
    tables, book, pages = printed[stem]
    page = 0
    for sheet in tables.sheets:
        page = next(n for n in range(page, len(pages)) if squeeze(sheet.title)[:12] in pages[n])
        for label, text in sheet.rows:
            for paragraph in filter(None, map(squeeze, text.split("\n"))):
                page = next((n for n in range(page, len(pages)) if paragraph[:10] in pages[n]), None)
                assert page is not None, f"{stem}: {paragraph[:20]} not printed"
                assert label[:8] in pages[page], f"{stem}: {label} not on the page of {paragraph[:20]}"
                assert paragraph[-6:] in pages[page], f"{stem}: the end of {paragraph[:20]}… is cut off"
            if not text:
                assert label[:8] in pages[page]


@pytest.mark.slow
def test_checklist_prints_every_line_with_its_mark_beside_its_side(printed):
    tables, book, pages = printed["001-keitai-toilet"]
    for line in tables.checklist:
        on = [n for n, text in enumerate(pages) if squeeze(line.text) in text]
        assert on, line.text
        assert any(tables.sides[line.side] in pages[n] for n in on), line.text


def test_checklist_sheet_merges_its_sections_and_repeats_its_header(flow001):
    tables = submission_tables(flow001)
    book = load_workbook(io.BytesIO(to_xlsx(tables)))
    sheet = book["チェックリスト"]
    merged = sorted((str(r) for r in sheet.merged_cells.ranges), key=lambda r: (r[0], int(r[1:].split(":")[0])))
    assert merged == ["A1:B1", "A2:A23", "A24:A45", "B2:B12", "B13:B23", "B24:B34", "B35:B45"]
    assert [sheet.cell(row=r, column=1).value for r in (2, 24)] == list(tables.sides.values())
    assert tables.sides["ward"] == "委託にあたり区が行う情報保護対策"
    assert sheet.print_title_rows == "$1:$1"
    assert [b.id for b in sheet.row_breaks.brk] == [23]
    for ws in book.worksheets:
        assert int(ws.page_setup.paperSize) == 9 and ws.page_setup.fitToWidth == 1  # 9: A4
        assert ws.page_setup.fitToHeight == 0 and ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws["A1"].font.b and ws["A2"].border.left.style == "thin"


def test_row_heights_follow_the_wrapped_text(flow001):
    sheet = load_workbook(io.BytesIO(to_xlsx(submission_tables(flow001))))["件名1"]
    heights = {sheet.cell(row=r, column=1).value: sheet.row_dimensions[r].height for r in range(2, 12)}
    # 保有課: one line; 委託の内容: three; 受託事業者の対策: eleven numbered lines
    assert heights["保有課(担当課)"] < heights["委託の内容"] < heights["受託事業者に行わせる情報保護対策"]
    assert heights["受託事業者に行わせる情報保護対策"] >= 11 * 10.5


def test_wrapping_counts_display_width_not_characters():
    assert wrapped_lines("あ" * 20, 20) == 2 and wrapped_lines("a" * 20, 20) == 1
    assert wrapped_lines("一\n二\n三", 20) == 3
    assert chunks("\n".join(["あ" * 10] * 6), 20, 4) == ["\n".join(["あ" * 10] * 4), "\n".join(["あ" * 10] * 2)]


def test_wide_sheets_print_landscape_and_long_values_continue_under_their_label():
    from openpyxl import Workbook

    assert not landscape((28, 64)) and landscape((30, 40, 40))
    book = Workbook()
    page = PrintSheet(book.active, (28, 64))
    page.heading_row(["件名", "試験"])
    page.labelled_row("長い項目", "\n".join(f"{n} " + "あ" * 50 for n in range(1, 80)))
    page.finish()
    ws = book.active
    assert ws.page_setup.orientation == "portrait" and ws.row_breaks.brk
    labels = [ws.cell(row=b.id + 1, column=1).value for b in ws.row_breaks.brk]
    assert labels == ["長い項目" + CONTINUED] * len(labels)
    assert max(d.height for d in ws.row_dimensions.values() if d.height) < 409


@pytest.fixture(scope="module")
def flow001():
    return load_flow(SEED_001)
