"""Readability of the laid-out diagram: no label on another label, a box, a name or an arrow.

The checker reads Graphviz's own positions (``dot -Tjson``); it is tested on hand-made layouts
that do and do not collide, then run on every flow in flows/.
"""

from __future__ import annotations

import time

import pytest

from conftest import FLOWS
from flowmap.loading import load_flow
from flowmap.render import build_dot, build_scene
from flowmap.render.check import collisions
from flowmap.render.graphviz_run import layout_json


def text(x, y, width, words="ラベル"):
    return [{"op": "F", "size": 10.0, "face": "x"}, {"op": "T", "pt": [x, y], "align": "l", "width": width, "text": words}]


def edge(gvid, label_ops, curve, key):
    return {"_gvid": gvid, "tail": 0, "head": 1, "id": key, "_ldraw_": label_ops,
            "_draw_": [{"op": "b", "points": curve}]}


NODES = [{"name": "a", "pos": "0,0", "width": "0.1", "height": "0.1", "style": "invis"},
         {"name": "b", "pos": "500,0", "width": "0.1", "height": "0.1", "style": "invis"}]
FAR = [[0, -200], [100, -200], [200, -200], [300, -200]]


def test_checker_reports_two_labels_on_top_of_each_other():
    layout = {"objects": NODES, "edges": [edge(0, text(100, 100, 80), FAR, "e1"), edge(1, text(120, 102, 80), FAR, "e2")]}
    assert collisions(layout) == ["label e1 overlaps label e2"]


def test_checker_reports_an_arrow_through_a_label_and_accepts_a_clear_layout():
    through = [[0, 100], [60, 103], [160, 103], [300, 100]]
    layout = {"objects": NODES, "edges": [edge(0, text(100, 100, 80), FAR, "e1"), edge(1, [], through, "e2")]}
    assert collisions(layout) == ["arrow e2 crosses label e1"]
    clear = {"objects": NODES, "edges": [edge(0, text(100, 100, 80), FAR, "e1"), edge(1, text(100, 300, 80), FAR, "e2")]}
    assert collisions(clear) == []


def test_checker_reports_a_label_on_a_box():
    nodes = NODES + [{"name": "note", "pos": "130,100", "width": "1", "height": "0.5"}]
    layout = {"objects": nodes, "edges": [edge(0, text(100, 100, 80), FAR, "e1")]}
    assert collisions(layout) == ["label e1 overlaps node note"]


FLOW_FILES = sorted(FLOWS.glob("*.yaml"))


@pytest.mark.parametrize("path", FLOW_FILES, ids=[p.stem for p in FLOW_FILES])
def test_no_label_collides_in_the_seed_diagrams(path):
    flow = load_flow(path)
    started = time.perf_counter()
    layout = layout_json(build_dot(build_scene(flow)))
    assert time.perf_counter() - started < 20
    assert collisions(layout) == []
