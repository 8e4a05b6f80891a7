"""Readability of the laid-out diagram: no label on another label, a box, a name or an arrow.

The checker reads Graphviz's own positions (``dot -Tjson``); it is tested on hand-made layouts
that do and do not collide, then run on every flow in flows/.
"""

from __future__ import annotations

import pytest

from conftest import FLOWS, SEED_001
from flowmap.flow.loading import flow_files, load_flow
from flowmap.render import check, layout, output
from flowmap.render.check import collisions
from flowmap.render.graphviz_run import layout_json
from flowmap.render.output import prepare


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


FLOW_FILES = sorted(FLOWS.glob("*.yaml")) + flow_files([FLOWS.parent / "examples"])


@pytest.mark.parametrize("path", FLOW_FILES, ids=[p.stem for p in FLOW_FILES])
def test_no_label_collides_in_the_seed_diagrams(path):
    """The DOT that is written (after the repair rounds) lays out with nothing on a label."""
    prepared = prepare(load_flow(path))
    assert prepared.collisions == ()
    for page in prepared.pages:
        assert collisions(layout_json(page.dot)) == []


def test_repair_nudges_the_edges_whose_labels_collide(monkeypatch):
    """A collision reported on a layout makes the next DOT nudge that edge one level further."""
    flow = load_flow(SEED_001)
    calls = []

    def fake(data):
        calls.append(data)
        found = [check.Collision("arrow", "step-s2", "step-s9"), check.Collision("node", "step-s2", "g-ward")]
        return found[:3 - len(calls)]     # two, then one, then none

    monkeypatch.setattr(layout, "find_collisions", fake)
    prepared = output.prepare(flow)
    assert prepared.tweaks == {"step-s2": 2} and prepared.collisions == ()
    line = next(l for l in prepared.dot.splitlines() if 'id="step-s2"' in l)
    assert 'minlen="2"' in line             # level 2 of the tweaks, after weight 10 at level 1
    assert len(calls) == 3
    untouched = next(l for l in prepared.dot.splitlines() if 'id="step-s9"' in l)
    assert "weight" not in untouched and "minlen" not in untouched


def test_checker_reports_a_label_inside_another_organisations_box():
    nodes = [{"name": "a", "pos": "0,0", "width": "0.1", "height": "0.1", "style": "invis"},
             {"name": "b", "pos": "500,0", "width": "0.1", "height": "0.1", "style": "invis"},
             {"name": "cluster_jtb", "id": "party-jtb", "bb": "80,80,300,300", "nodes": [0]}]
    inside = {"objects": nodes, "edges": [edge(0, text(100, 100, 80), FAR, "e1")]}
    assert collisions(inside) == ["label e1 overlaps box party-jtb"]
    own = {"objects": [dict(n) for n in nodes], "edges": [edge(0, text(100, 100, 80), FAR, "e1")]}
    own["objects"][2]["nodes"] = [0, 1]   # both ends inside: the organisation's own work
    assert collisions(own) == []


def test_checker_reports_an_arrow_through_a_third_partys_box_but_not_through_its_own():
    """An arrow from a to b that runs across the box of an organisation holding neither end
    reads as data passing through it; across the box of its own source it is fine."""
    third = {"name": "cluster_dnp", "id": "party-dnp", "bb": "150,100,350,250", "nodes": []}
    across = [[0, 0], [100, 180], [400, 180], [500, 0]]
    layout = {"objects": NODES + [third], "edges": [edge(0, [], across, "e1")]}
    assert collisions(layout) == ["arrow e1 crosses the box of party-dnp, neither its source nor its target"]
    own = {"objects": NODES + [dict(third, nodes=[0])], "edges": [edge(0, [], across, "e1")]}
    assert collisions(own) == []
    around = {"objects": NODES + [third], "edges": [edge(0, [], FAR, "e1")]}
    assert collisions(around) == []


def test_grid_index_finds_the_same_collisions_as_comparing_every_pair():
    """The grid is only a shortcut: on a crowded hand-made layout it reports exactly what the
    all-pairs comparison reports."""
    import random

    rng = random.Random(7)
    edges = []
    for i in range(60):
        x, y = rng.uniform(0, 900), rng.uniform(0, 900)
        curve = [[rng.uniform(0, 1000), rng.uniform(0, 1000)] for _ in range(4)]
        edges.append(edge(i, text(x, y, rng.uniform(20, 200)), curve, f"e{i:02d}"))
    data = {"objects": NODES, "edges": edges}
    layout = check.read_layout(data)
    expected = set()
    keys = sorted(layout.labels)
    for i, a in enumerate(keys):
        for b in keys[i + 1:]:
            if layout.labels[a].overlaps(layout.labels[b]):
                expected.add(f"label {a} overlaps label {b}")
    for name, curve in layout.curves.items():
        for key in keys:
            if any(layout.labels[key].contains(p) for p in curve):
                expected.add(f"arrow {name} crosses label {key}")
    assert expected and set(collisions(data)) == expected


def test_a_repair_round_that_is_no_better_ends_the_loop(monkeypatch):
    """The same collision after a nudge: one more layout, then the first one is kept."""
    flow = load_flow(SEED_001)
    calls = []

    def fake(data):
        calls.append(data)
        return [check.Collision("arrow", "step-s2", "step-s9")]

    monkeypatch.setattr(layout, "find_collisions", fake)
    prepared = output.prepare(flow, paper_name="A3")
    assert len(calls) == 2 and prepared.tweaks == {} and len(prepared.collisions) == 1
