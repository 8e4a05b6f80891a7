"""The diagram on paper: page sizes, the smallest text on every page measured in the written
PDF, splitting, and the report `render` prints."""

from __future__ import annotations

import io
import math
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from conftest import FLOWS, SEED_001
from flowmap.cli import main
from flowmap.render.graphviz_run import layout_json
from flowmap.render.paper import MIN_TEXT_PT, paper

A3 = paper("A3")
FLOW_FILES = sorted(FLOWS.glob("*.yaml"))


def pdf_text_sizes(data: bytes) -> list[tuple[tuple[float, float], float]]:
    """(page size, smallest text in pt) of each page of a PDF, from its text operators."""
    out = []
    for page in PdfReader(io.BytesIO(data)).pages:
        sizes = []

        def visit(text, cm, tm, font, size):
            if text.strip():
                c, d = tm[2] * cm[0] + tm[3] * cm[2], tm[2] * cm[1] + tm[3] * cm[3]
                sizes.append(size * math.hypot(c, d))

        page.extract_text(visitor_text=visit)
        out.append(((float(page.mediabox.width), float(page.mediabox.height)), min(sizes)))
    return out


@pytest.fixture(scope="module")
def a3_pdfs(tmp_path_factory):
    out = tmp_path_factory.mktemp("a3")
    result = CliRunner().invoke(main, ["render", str(FLOWS), "--out", str(out), "--format", "pdf",
                                       "--paper", "A3", "--check"])
    return result, out


@pytest.mark.parametrize("path", FLOW_FILES, ids=[p.stem for p in FLOW_FILES])
def test_every_seed_prints_on_a3_landscape_with_every_text_at_7pt_or_more(a3_pdfs, path):
    result, out = a3_pdfs
    pages = pdf_text_sizes((out / f"{path.stem}.pdf").read_bytes())
    for size, smallest in pages:
        assert size == pytest.approx((A3.width, A3.height), abs=0.5)
        assert smallest >= MIN_TEXT_PT - 0.05, (path.stem, smallest)
    assert f"1/{len(pages)} ページ: A3 横" in result.output


A4 = paper("A4")
# the seed flows of up to 13 steps: each on one A4 landscape page (issue 14)
A4_SEEDS = ["000-koho-shinjuku", "001-keitai-toilet", "002-kyuuji-before", "002-kyuuji-after", "003-josei-kenko"]


@pytest.fixture(scope="module")
def default_pdfs(tmp_path_factory):
    """Every seed rendered as the main command does (no --paper: the smallest paper that fits)."""
    out = tmp_path_factory.mktemp("default")
    result = CliRunner().invoke(main, ["render", str(FLOWS), "--out", str(out), "--format", "pdf,png", "--check"])
    assert result.exit_code == 0, result.output
    return result, out


@pytest.mark.parametrize("stem", A4_SEEDS)
def test_the_small_seeds_print_on_one_a4_landscape_page_at_7pt_or_more(default_pdfs, stem):
    result, out = default_pdfs
    (size, smallest), = pdf_text_sizes((out / f"{stem}.pdf").read_bytes())
    assert size == pytest.approx((A4.width, A4.height), abs=0.5)
    assert smallest >= MIN_TEXT_PT - 0.05, (stem, smallest)
    assert "1/1 ページ: A4 横" in result.output.split(f"{stem}.yaml")[1].split("OK ")[0]


def test_the_table_goes_beside_the_drawing_only_when_over_it_misses_the_first_paper():
    """002's drawing is tall: with the 対策表 over it the page misses 7 pt on A4, with the table
    right of it the page reaches it. 001 fits A4 as it is and is laid out once."""
    from flowmap.flow.loading import load_flow
    from flowmap.render.layout import lay_out_page
    from flowmap.render.output import prepare
    from flowmap.render.scene import build_scene

    flow = load_flow(FLOWS / "002-kyuuji-after.yaml")
    assert lay_out_page(build_scene(flow)).smallest_pt(A4) < MIN_TEXT_PT
    prepared = prepare(flow)
    assert prepared.scene.table_beside and prepared.paper == A4
    assert '"table" [id="table"' in prepared.dot
    assert not prepare(load_flow(SEED_001)).scene.table_beside


def test_every_png_page_is_exactly_the_paper_at_its_dpi(default_pdfs):
    """Split pages too: ``neato -n2`` sizes its canvas from curves' control points, which once
    made 004's page 3 60 px taller than A3 (the canvas is now fixed by a viewport)."""
    _, out = default_pdfs
    pngs = sorted(out.glob("*.png"))
    assert len(pngs) > len(FLOW_FILES)          # the split flow's pages are among them
    for png in pngs:
        data = png.read_bytes()
        width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
        pdf = out / (png.stem.rsplit("-", 1)[0] if not (out / f"{png.stem}.pdf").exists() else png.stem)
        (paper_size, _), *_ = pdf_text_sizes(pdf.with_suffix(".pdf").read_bytes())
        assert abs(width - paper_size[0] / 72 * 150) <= 1 and abs(height - paper_size[1] / 72 * 150) <= 1, png.name


def test_the_vaccination_flow_is_split_into_an_overview_and_pages_per_contract(a3_pdfs):
    result, out = a3_pdfs
    reader = PdfReader(out / "004-covid-vaccine.pdf")
    assert len(reader.pages) > 2
    # page numbers are padded with figure spaces to the width of the most pages a split could
    # give (they are written in after the layout), so " 1/ 8" is page 1 of 8
    first = reader.pages[0].extract_text().replace("\u2007", "").replace(" /", "/").replace("/ ", "/")
    assert f"1/{len(reader.pages)} ページ: 全体図" in first
    second = reader.pages[1].extract_text().replace("\u2007", "").replace(" /", "/").replace("/ ", "/")
    assert f"2/{len(reader.pages)} ページ" in second
    texts = "".join(p.extract_text() for p in reader.pages[1:])
    assert "株式会社JTB" in texts and "詳細は「" in texts


def test_reported_sizes_match_the_pdf_and_check_fails_under_7pt(tmp_path):
    """The pt printed for a page is what the PDF has; SVG and PNG are drawn for the same paper."""
    result = CliRunner().invoke(main, ["render", str(SEED_001), "--out", str(tmp_path), "--format", "pdf,svg,png"])
    assert result.exit_code == 0, result.output
    (size, smallest), = pdf_text_sizes((tmp_path / f"{SEED_001.stem}.pdf").read_bytes())
    line = next(l for l in result.output.splitlines() if "ページ:" in l)
    reported = float(line.split("最小文字")[1].split("pt")[0])
    assert smallest - 0.1 - 0.06 <= reported <= smallest + 0.06   # shown rounded down to 0.1 pt
    svg = (tmp_path / f"{SEED_001.stem}.svg").read_text(encoding="utf-8")
    name = "A4" if "A4" in line else "A3"
    on = paper(name)
    assert f'width="{on.width / (72 / 25.4):.1f}mm"' in svg
    png = (tmp_path / f"{SEED_001.stem}.png").read_bytes()
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    assert abs(width - on.width / 72 * 150) <= 2 and abs(height - on.height / 72 * 150) <= 2


def test_portrait_pages(tmp_path):
    result = CliRunner().invoke(main, ["render", str(SEED_001), "--out", str(tmp_path), "--format", "pdf",
                                       "--paper", "A3", "--portrait"])
    assert result.exit_code == 0, result.output
    (size, _), = pdf_text_sizes((tmp_path / f"{SEED_001.stem}.pdf").read_bytes())[:1]
    assert size == pytest.approx((A3.height, A3.width), abs=0.5)


def test_portrait_paper_stacks_the_title_block_and_a_page_under_7pt_never_reads_7(tmp_path):
    """On portrait paper the legend and the 対策表 stand under the title (beside it they would
    make the page's width); a page reported under 7 pt is shown as under 7, never rounded up."""
    from dataclasses import replace

    from flowmap.flow.loading import load_flow
    from flowmap.render.layout import lay_out_page
    from flowmap.render.scene import build_scene

    flow = load_flow(SEED_001)
    scene = build_scene(flow.model_copy(update={"steps": flow.steps[:1]}))   # the title block is the widest
    wide, narrow = (lay_out_page(replace(scene, narrow=flag)) for flag in (False, True))
    a4_portrait = paper("A4", landscape=False)
    assert narrow.size[0] < wide.size[0] and narrow.smallest_pt(a4_portrait) > wide.smallest_pt(a4_portrait) + 0.5
    result = CliRunner().invoke(main, ["render", str(SEED_001), "--out", str(tmp_path), "--format", "pdf",
                                       "--paper", "A4", "--portrait"])
    pages = [line for line in result.output.splitlines() if "ページ: A4 縦" in line]
    small = {int(line.split()[0].split("/")[0]) for line in pages if float(line.split("最小文字")[1].split("pt")[0]) < 7}
    warned = {int(found) for found in re.findall(r"(\d+) ページ目の文字が", result.output)}
    assert small == warned and len(small) <= 1 < len(pages)


def test_on_a3_portrait_the_flow_runs_down_and_every_seed_and_example_passes_check(tmp_path):
    """Portrait pages draw the flow top to bottom (区 above 区民): every seed and example then
    prints on A3 portrait with no page under 7 pt, no overlap and no arrow through a third party."""
    examples = FLOWS.parent / "examples"
    result = CliRunner().invoke(main, ["render", str(FLOWS), str(examples), "--out", str(tmp_path), "--format", "svg,dot",
                                       "--paper", "A3", "--portrait", "--check"])
    assert result.exit_code == 0, result.output
    assert "A3 縦" in result.output and "A3 横" not in result.output

    geometry = layout_json((tmp_path / "001-keitai-toilet.dot").read_text(encoding="utf-8"))
    centre = {obj["name"]: float(obj["bb"].split(",")[1]) for obj in geometry["objects"] if "bb" in obj}
    assert centre["cluster_ward"] > centre["cluster_contractor"]   # y grows upwards: the ward on top


def test_a_cut_that_does_not_help_is_undone():
    """Parts that print no larger than the page they were cut from go back into it, once and for
    all; parts that do print larger stay."""
    from types import SimpleNamespace

    from flowmap.render.pages import _Chunk, _undo_futile_cuts

    def page(pt):
        return SimpleNamespace(smallest_pt=lambda on: pt)

    parent = _Chunk("c", ["s1", "s2", "s3"], page(6.5))
    futile = [_Chunk("c", ["s1", "s2"], page(6.55), cut_from=parent), _Chunk("c", ["s3"], page(6.5), cut_from=parent)]
    other = _Chunk("w", ["s9"], page(8.0))
    kept = _undo_futile_cuts([other, *futile], A3)
    assert [(c.group, c.steps, c.final) for c in kept] == [("w", ["s9"], False), ("c", ["s1", "s2", "s3"], True)]
    useful = [_Chunk("c", ["s1", "s2"], page(6.9), cut_from=parent), _Chunk("c", ["s3"], page(7.4), cut_from=parent)]
    assert [(c.steps, c.final, c.cut_from) for c in _undo_futile_cuts(useful, A3)] == [
        (["s1", "s2"], False, None), (["s3"], False, None)]


def test_check_fails_when_a_page_is_under_the_minimum(tmp_path, monkeypatch):
    """The same page passes --check at 7 pt and fails once the minimum is above its text."""
    from flowmap.render import output

    args = ["render", str(SEED_001), "--out", str(tmp_path), "--format", "dot", "--paper", "A3", "--check"]
    assert CliRunner().invoke(main, args).exit_code == 0
    monkeypatch.setattr(output, "MIN_TEXT_PT", 12.0)
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1 and "1 ページ目の文字が" in result.output


@pytest.mark.parametrize("path", FLOW_FILES, ids=[p.stem for p in FLOW_FILES])
def test_every_party_safeguard_is_printed_on_some_page(path):
    """Split or not, each party's safeguards are on the page that details it (in a box or the
    対策表), also when the party's own group has no page of its own."""
    from flowmap.flow.loading import load_flow
    from flowmap.render.output import prepare
    from flowmap.render.scene import safeguard_text

    flow = load_flow(path)
    prepared = prepare(flow, paper_name="A3")
    printed = ""
    for page in prepared.pages:
        printed += "".join("".join(row.lines) for row in page.scene.table)
        printed += "".join("".join(v.safeguards) for v in page.scene.parties.values())
    printed = printed.replace("\u3000", "")
    for party in flow.parties:
        for ref in party.safeguards:
            text = safeguard_text(ref, prepared.scene.words)
            assert text.replace(" ", "")[:12] in printed.replace(" ", ""), (party.id, text)


def test_a_split_flow_lists_on_each_page_the_findings_it_marks():
    """004 with --findings: the whole list (19) under every title made all 30 pages too small;
    each page now lists the findings about what it draws, every finding is listed on some
    page under its number of the whole flow, and every page reaches 7 pt on A3."""
    from flowmap.flow.loading import load_flow
    from flowmap.render.output import prepare
    from flowmap.rules.analysis import analyse

    flow = load_flow(FLOWS / "004-covid-vaccine.yaml")
    findings = analyse(flow)
    prepared = prepare(flow, findings, paper_name="A3")
    listed = [[n.number for n in page.scene.listed_findings()] for page in prepared.pages]
    assert sorted({number for numbers in listed for number in numbers}) == list(range(1, len(findings) + 1))
    assert max(map(len, listed)) < len(findings) / 2
    for page, numbers in zip(prepared.pages, listed):
        assert page.smallest_pt(A3) >= MIN_TEXT_PT
        assert page.collisions == ()          # ⑭ was left over 株式会社JTB's name before the
                                              # stiffer edge became the first repair
        if numbers:
            assert "このページの指摘事項" in page.dot


def test_a_page_number_takes_the_width_its_placeholder_was_laid_out_with():
    """The caption is laid out with 99/99 (as many digits as the flow has steps, one page at most
    a step); the real number, padded with figure spaces at the line's end, has its width."""
    from types import SimpleNamespace

    from flowmap.render.graphviz_run import Placed
    from flowmap.render.layout import Page
    from flowmap.render.pages import FIGURE_SPACE, _numbered

    caption = "99/99 ページ: 全体図"
    dot = f'label=<<TABLE><TR><TD>{caption}<BR ALIGN="LEFT"/></TD></TR></TABLE>>'
    for number, total in ((1, 8), (9, 10), (10, 99)):
        page = Page(SimpleNamespace(page=caption), dot, Placed({}, dot))
        line = _numbered(page, "99", number, total).dot.split("<TD>")[1].split("<BR")[0]
        assert len(line) == len(caption) and line.rstrip(FIGURE_SPACE) == f"{number}/{total} ページ: 全体図"


def test_an_overview_too_large_for_the_page_is_cut_into_parts_of_the_organisations_they_join():
    """004 on A4 portrait: its overview (nine organisations) misses 7 pt, so it is cut, in
    contract order, into parts that each reach 7 pt and show only the organisations their
    steps join, each saying which contracts it covers."""
    from flowmap.flow.loading import load_flow
    from flowmap.render.output import prepare

    prepared = prepare(load_flow(FLOWS / "004-covid-vaccine.yaml"), paper_name="A4", landscape=False)
    parts = [page for page in prepared.pages if "全体図" in page.scene.page]
    assert len(parts) > 1 and all("全体図の一部(" in page.scene.page for page in parts)
    assert all(page.smallest_pt(prepared.paper) >= MIN_TEXT_PT for page in parts)
    whole = prepare(load_flow(FLOWS / "004-covid-vaccine.yaml")).pages[0].scene
    assert all(len(page.scene.parties) < len(whole.parties) for page in parts)
    assert set().union(*(page.scene.parties for page in parts)) == set(whole.parties)
