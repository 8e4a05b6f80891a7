"""The review page as HTML (no browser): its content, its links into the diagram, and escaping."""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

from conftest import FLOWS
from review_helpers import HOSTILE, executable, hostile_flow

from flowmap.cli import main
from flowmap.compare.overview import follow_item
from flowmap.flow.loading import load_flow
from flowmap.render.scene import step_key
from flowmap.review.html import review_html
from flowmap.rules.analysis import analyse

SEED_004 = FLOWS / "004-covid-vaccine.yaml"


@pytest.fixture(scope="module")
def page_004() -> str:
    return review_html(load_flow(SEED_004))


def _data(page: str) -> dict:
    found = re.search(r'<script type="application/json" id="review-data">(.*?)</script>', page, re.S)
    return json.loads(found.group(1))


def test_every_finding_is_listed_apart_as_gap_or_question(page_004):
    findings = analyse(load_flow(SEED_004))
    gaps = page_004.split('id="gaps"')[1].split('id="questions"')[0]
    questions = page_004.split('id="questions"')[1].split('id="tables"')[0]
    for finding in findings:
        where = questions if finding.question else gaps
        other = gaps if finding.question else questions
        assert finding.id in where and finding.id not in other
    assert sum(f.question for f in findings) > 0 and sum(not f.question for f in findings) > 0


def test_a_step_finding_points_at_its_arrow_and_the_step_back_at_it(page_004):
    flow = load_flow(SEED_004)
    data = _data(page_004)
    steps = {s.no: s for s in flow.steps}
    checked = 0
    for finding in analyse(flow):
        step = steps.get(finding.step or "")
        if step is None or step.source == step.target:
            continue
        key = f"step-{step_key(step)}"
        assert f"step-{step_key(step)}" in data["paths"][key]          # its arrow is on its path
        item = re.search(rf'<li id="finding-(\d+)"[^>]*data-key="{key}"', page_004)
        assert item, finding
        detail = page_004.split(f'id="detail-{key}"')[1].split("</section>")[0]
        assert f'href="#finding-{item.group(1)}"' in detail            # and back
        assert f'id="{key}"' in page_004.replace("&#45;", "-")         # the SVG group exists
        checked += 1
    assert checked >= 3


def test_the_category_filter_lists_who_holds_my_number(page_004):
    expected = {row["party"] for row in follow_item([load_flow(SEED_004)], "マイナンバー").rows}
    assert expected
    detail = page_004.split('id="detail-category-my_number"')[1].split("</section>")[0]
    shown = set(re.findall(r'<td class="holder">(.*?)</td>', detail))
    assert shown == expected


def test_tables_and_print_stylesheet(page_004):
    tables = page_004.split('id="tables"')[1]
    outside = [p for p in load_flow(SEED_004).parties if p.kind.value in ("contractor", "subcontractor")]
    assert tables.count("<h3>件名 ") == len(outside) == 6 and "株式会社JTB" in tables
    assert "size: A3 landscape" in page_004
    page_001 = review_html(load_flow(FLOWS / "001-keitai-toilet.yaml"))
    assert "業務委託にかかる個人情報保護対策チェックリスト" in page_001.split('id="tables"')[1]


def test_nothing_from_the_network(page_004):
    assert "default-src 'none'" in page_004
    assert not re.search(r'(src|href)="(https?:)?//', page_004)
    assert "@import" not in page_004


def test_hostile_text_everywhere_is_shown_escaped_and_never_runs(tmp_path):
    path = hostile_flow(FLOWS / "001-keitai-toilet.yaml", tmp_path / "hostile.yaml")
    flow = load_flow(path)
    flow.items[0].label = HOSTILE[1]          # item labels too (the file keeps them: they are referenced)
    page = review_html(flow)
    found = executable(page)
    assert [s.get("type") for s in found.scripts] == ["application/json", None]
    assert found.handlers == [] and found.urls == []
    assert "img" not in found.tags
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in page   # shown, as text
    assert page.count("</script>") == 2


def test_render_format_html_writes_the_page(tmp_path):
    result = CliRunner().invoke(main, ["render", str(FLOWS / "001-keitai-toilet.yaml"), "--format", "html",
                                       "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    page = (tmp_path / "001-keitai-toilet.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "<svg" in page
    assert list(tmp_path.iterdir()) == [tmp_path / "001-keitai-toilet.html"]
    again = tmp_path / "again"
    CliRunner().invoke(main, ["render", str(FLOWS / "001-keitai-toilet.yaml"), "--format", "html", "--out", str(again)])
    assert (again / "001-keitai-toilet.html").read_bytes() == page.encode("utf-8")   # deterministic


def test_render_refuses_an_unknown_format_and_names_html(tmp_path):
    result = CliRunner().invoke(main, ["render", str(FLOWS / "001-keitai-toilet.yaml"), "--format", "htm",
                                       "--out", str(tmp_path)])
    assert result.exit_code == 2 and "html" in result.output
