"""The draw.io export read back as geometry: every label where the layout put it, on nothing
else; arrows through a carrier pass through its box; split flows are pages of one file."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from click.testing import CliRunner

from conftest import FLOWS, SEED_001
from flowmap.cli import main
from flowmap.flow.loading import flow_files

FLOW_FILES = sorted(FLOWS.glob("*.yaml")) + flow_files([FLOWS.parent / "examples"])
SLACK = 1.5


def absolute(diagram: ET.Element) -> tuple[dict[str, tuple[float, float, float, float]], dict[str, ET.Element]]:
    """Every vertex's rectangle in page coordinates (children are stored relative to their parent)."""
    cells = {c.get("id"): c for c in diagram.iter("mxCell")}
    rects: dict[str, tuple[float, float, float, float]] = {}

    def rect(cell_id: str) -> tuple[float, float, float, float]:
        if cell_id not in rects:
            cell = cells[cell_id]
            g = cell.find("mxGeometry")
            x, y, w, h = (float(g.get(k, 0)) for k in ("x", "y", "width", "height"))
            parent = cell.get("parent")
            if parent in cells and cells[parent].get("vertex") == "1":
                px, py, _, _ = rect(parent)
                x, y = x + px, y + py
            rects[cell_id] = (x, y, w, h)
        return rects[cell_id]

    for cell_id, cell in cells.items():
        if cell.get("vertex") == "1":
            rect(cell_id)
    return rects, cells


def overlap(a, b) -> bool:
    return (min(a[0] + a[2], b[0] + b[2]) - max(a[0], b[0]) > SLACK
            and min(a[1] + a[3], b[1] + b[3]) - max(a[1], b[1]) > SLACK)


def inside(cells: dict[str, ET.Element], cell_id: str, container: str) -> bool:
    while cell_id in cells:
        if cell_id == container:
            return True
        cell_id = cells[cell_id].get("parent")
    return False


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    out = tmp_path_factory.mktemp("drawio")
    result = CliRunner().invoke(main, ["render", str(FLOWS), str(FLOWS.parent / "examples"), "--out", str(out),
                                       "--format", "drawio"])
    assert result.exit_code == 0, result.output
    return out


@pytest.mark.parametrize("path", FLOW_FILES, ids=[p.stem for p in FLOW_FILES])
def test_no_drawio_label_overlaps_another_label_or_a_box(exported, path):
    assert_no_overlaps(exported / f"{path.stem}.drawio")


def test_no_overlaps_on_portrait_pages_either(tmp_path):
    """On portrait paper the title block is stacked (legend and 対策表 under the title)."""
    seeds = [FLOWS / f"{stem}.yaml" for stem in ("001-keitai-toilet", "002-kyuuji-after", "004-covid-vaccine")]
    result = CliRunner().invoke(main, ["render", *map(str, seeds), "--out", str(tmp_path), "--format", "drawio",
                                       "--paper", "A4", "--portrait"])
    assert result.exit_code == 0, result.output
    for seed in seeds:
        assert_no_overlaps(tmp_path / f"{seed.stem}.drawio")


def assert_no_overlaps(path) -> None:
    root = ET.parse(path).getroot()
    for diagram in root.iter("diagram"):
        rects, cells = absolute(diagram)
        labels = sorted(k for k in rects if k.startswith("label-"))
        arrows = [c for c in cells.values() if c.get("edge") == "1"]
        assert labels or not arrows, "every arrow label is a cell of its own"
        boxes = [k for k in rects if not k.startswith("label-") and cells[k].get("parent") != "0"]
        for i, a in enumerate(labels):
            for b in labels[i + 1:]:
                assert not overlap(rects[a], rects[b]), (diagram.get("name"), a, b)
            edge = cells[a.removeprefix("label-").removesuffix("-via")]
            ends = (edge.get("source"), edge.get("target"))
            for box in boxes:
                if "container=1" in (cells[box].get("style") or "") and any(inside(cells, e, box) for e in ends):
                    continue   # a label inside its own organisation's box
                assert not overlap(rects[a], rects[box]), (diagram.get("name"), a, box)


def test_an_arrow_through_a_carrier_goes_through_its_box(exported):
    """⑤ goes from the contractor via 日本郵便 to the households: its path enters the carrier's box."""
    root = ET.parse(exported / f"{SEED_001.stem}.drawio").getroot()
    diagram = next(root.iter("diagram"))
    rects, cells = absolute(diagram)
    x, y, w, h = rects["party-japan-post"] if "party-japan-post" in rects else next(
        rects[k] for k in rects if k.startswith("party-") and "郵便" in (cells[k].get("value") or ""))
    edge = cells["step-s5"]
    geometry = edge.find("mxGeometry")
    points = [(float(p.get("x")), float(p.get("y"))) for p in geometry.iter("mxPoint")]
    near = [p for p in points if x - 3 <= p[0] <= x + w + 3 and y - 3 <= p[1] <= y + h + 3]
    assert near, "the path of ⑤ touches the carrier's box"
    assert edge.get("value") == "" and "⑤" in cells["label-step-s5"].get("value")


def test_a_split_flow_is_one_drawio_file_with_a_page_each(exported):
    root = ET.parse(exported / "004-covid-vaccine.drawio").getroot()
    names = [d.get("name") for d in root.iter("diagram")]
    assert len(names) > 2 and names[0].endswith(f"1/{len(names)}")
    titles = [next(c for c in d.iter("mxCell") if c.get("id") == "title").get("value") for d in root.iter("diagram")]
    assert all(f"/{len(names)} ページ" in t.replace("\u2007", "") for t in titles)   # padded: " 1/ 8"


def test_a_table_beside_the_drawing_is_its_own_cell_where_graphviz_put_it(exported):
    """002 does not fit A4 with the 対策表 over the drawing, so it stands right of it: in draw.io
    a cell of its own, right of every organisation, not text in the title block."""
    diagram = next(ET.parse(exported / "002-kyuuji-after.drawio").getroot().iter("diagram"))
    rects, cells = absolute(diagram)
    assert "対策表" in cells["table"].get("value") and "対策表" not in cells["title"].get("value")
    right_edge = max(x + w for key, (x, y, w, h) in rects.items() if key.startswith("party-"))
    assert rects["table"][0] >= right_edge
