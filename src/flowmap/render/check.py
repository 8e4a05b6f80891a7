"""Reading a Graphviz layout (``dot -Tjson``) to find labels that collide.

Used by the tests on the seed flows and by ``flowmap render --check``: no step label may sit on
another label, on a party's name, on a note or safeguard box, or under an arrow. Graphviz gives
the position of every text run and every drawn line in its xdot operations; this module turns
those into boxes and sampled curves and reports every intersection it finds.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

Point = tuple[float, float]
SLACK = 1.5   # points of overlap forgiven (antialiasing, rounding)


@dataclass(frozen=True)
class Box:
    x0: float
    y0: float
    x1: float
    y1: float

    def overlaps(self, other: "Box") -> bool:
        return (min(self.x1, other.x1) - max(self.x0, other.x0) > SLACK
                and min(self.y1, other.y1) - max(self.y0, other.y0) > SLACK)

    def contains(self, point: Point) -> bool:
        x, y = point
        return self.x0 + SLACK < x < self.x1 - SLACK and self.y0 + SLACK < y < self.y1 - SLACK


def _bounds(points: Iterable[Point]) -> Box | None:
    points = list(points)
    if not points:
        return None
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return Box(min(xs), min(ys), max(xs), max(ys))


def ops_box(ops: list[dict]) -> Box | None:
    """The bounding box of xdot drawing operations (text runs and polygons)."""
    points: list[Point] = []
    size = 10.0
    for op in ops or []:
        kind = op.get("op")
        if kind == "F":
            size = float(op["size"])
        elif kind == "T":
            x, y = op["pt"]
            width = float(op["width"])
            left = {"l": x, "c": x - width / 2, "r": x - width}[op.get("align", "l")]
            points += [(left, y - 0.25 * size), (left + width, y + 0.85 * size)]
        elif kind in ("P", "p", "L", "b", "B"):
            points += [tuple(p) for p in op["points"]]
    return _bounds(points)


def sample_curve(points: list[list[float]], steps: int = 12) -> list[Point]:
    """Points along a chain of cubic Bézier segments (xdot ``b`` operation)."""
    out: list[Point] = []
    for start in range(0, len(points) - 3, 3):
        p0, p1, p2, p3 = points[start:start + 4]
        for i in range(steps + 1):
            t = i / steps
            a, b, c, d = (1 - t) ** 3, 3 * t * (1 - t) ** 2, 3 * t * t * (1 - t), t ** 3
            out.append((a * p0[0] + b * p1[0] + c * p2[0] + d * p3[0],
                        a * p0[1] + b * p1[1] + c * p2[1] + d * p3[1]))
    return out


@dataclass
class Layout:
    labels: dict[str, Box]      # edge label boxes by edge id
    curves: dict[str, list[Point]]
    boxes: dict[str, Box]       # notes, safeguard boxes, visible party nodes
    names: dict[str, Box]       # cluster labels (party names, the title)
    ends: dict[str, set[str]]   # edge id → the node names it joins
    clusters: dict[str, tuple[Box, set[str]]] = None   # organisation boxes and the nodes inside


def read_layout(data: dict) -> Layout:
    """Boxes and curves from ``dot -Tjson`` output (already parsed)."""
    objects = data.get("objects", [])
    labels, curves, boxes, names, ends, clusters = {}, {}, {}, {}, {}, {}
    for obj in objects:
        name = obj.get("name", "")
        if "nodes" in obj or name.startswith("cluster"):
            box = ops_box(obj.get("_ldraw_", []))
            if box:
                names[obj.get("id") or name] = box
            if "bb" in obj and name != "cluster_body":
                x0, y0, x1, y1 = (float(v) for v in obj["bb"].split(","))
                inside = {objects[i].get("name", "") for i in obj.get("nodes", [])}
                clusters[obj.get("id") or name] = (Box(x0, y0, x1, y1), inside)
        elif obj.get("style") != "invis" and "pos" in obj:
            x, y = map(float, obj["pos"].split(","))
            w, h = float(obj["width"]) * 36, float(obj["height"]) * 36
            boxes[name] = Box(x - w, y - h, x + w, y + h)
    for edge in data.get("edges", []):
        if edge.get("style") == "invis":
            continue
        key = edge.get("id") or f"edge{edge['_gvid']}"
        box = ops_box(edge.get("_ldraw_", []))
        if box:
            labels[key] = box
        curve = []
        for op in edge.get("_draw_", []):
            if op.get("op") == "b":
                curve += sample_curve(op["points"])
        curves[key] = curve
        ends[key] = {objects[edge["tail"]].get("name", ""), objects[edge["head"]].get("name", "")}
    return Layout(labels, curves, boxes, names, ends, clusters)


@dataclass(frozen=True)
class Collision:
    """Two things drawn on top of each other; ``label`` is the edge id whose label (or, for
    the arrow-* kinds, whose arrow) is concerned."""

    kind: str        # "label", "node", "name", "box": the label overlaps one (a box: of another
                     # organisation); "arrow": one crosses it;
                     # "arrow-node", "arrow-name": the arrow ``label`` crosses a box or a name;
                     # "arrow-box": it crosses a third party's organisation box
    label: str
    other: str

    def __str__(self) -> str:
        if self.kind == "arrow":
            return f"arrow {self.other} crosses label {self.label}"
        if self.kind == "arrow-node":
            return f"arrow {self.label} crosses node {self.other}"
        if self.kind == "arrow-name":
            return f"arrow {self.label} crosses the name {self.other}"
        if self.kind == "arrow-box":
            return f"arrow {self.label} crosses the box of {self.other}, neither its source nor its target"
        return f"label {self.label} overlaps {'the name' if self.kind == 'name' else self.kind} {self.other}"


class Grid:
    """A uniform grid over the drawing: each box is filed under every cell it touches, so a
    point or a box is compared only with what shares its cells. Graphviz's labels and boxes are
    of bounded size and spread over the page, so a query costs about O(1) and the whole check is
    linear in the drawing; a plain grid needs no dependency and is faster than an R-tree here
    because every query is a dict look-up (measured in bench/bench_render.py)."""

    CELL = 72.0   # one inch: about one label line block

    def __init__(self) -> None:
        self.cells: dict[tuple[int, int], list[tuple[str, str, Box]]] = {}

    def _span(self, box: Box):
        c = self.CELL
        for cx in range(int(box.x0 // c), int(box.x1 // c) + 1):
            for cy in range(int(box.y0 // c), int(box.y1 // c) + 1):
                yield cx, cy

    def add(self, kind: str, key: str, box: Box) -> None:
        for cell in self._span(box):
            self.cells.setdefault(cell, []).append((kind, key, box))

    def near_box(self, box: Box) -> set[tuple[str, str, Box]]:
        found = set()
        for cell in self._span(box):
            found.update(self.cells.get(cell, ()))
        return found

    def at(self, point: Point) -> list[tuple[str, str, Box]]:
        return self.cells.get((int(point[0] // self.CELL), int(point[1] // self.CELL)), [])


def _index(layout: Layout) -> Grid:
    grid = Grid()
    for kind, boxes in (("label", layout.labels), ("node", layout.boxes), ("name", layout.names)):
        for key, box in boxes.items():
            grid.add(kind, key, box)
    for key, (box, _inside) in (layout.clusters or {}).items():
        grid.add("box", key, box)
    return grid


def find_collisions(data: dict) -> list[Collision]:
    """Every label that sits on another label, a box, a party name or an organisation it does
    not belong to, or under an arrow; every arrow that runs across a box, a party's name, or the
    box of an organisation that is neither its source nor its target (that reads as data passing
    through it). Candidates come from a grid index, so the cost is linear in the drawing."""
    layout = read_layout(data)
    grid = _index(layout)
    clusters = layout.clusters or {}
    found: set[Collision] = set()
    for a, box_a in layout.labels.items():
        for kind, other, box in grid.near_box(box_a):
            if not box_a.overlaps(box):
                continue
            if kind == "label" and a < other:
                found.add(Collision("label", a, other))
            elif kind in ("node", "name"):
                found.add(Collision(kind, a, other))
            elif kind == "box" and not layout.ends[a] <= clusters[other][1]:
                # a label inside an organisation's box reads as that organisation's own work
                found.add(Collision("box", a, other))
    for edge, curve in layout.curves.items():
        ends = layout.ends[edge]
        for point in curve:
            for kind, other, box in grid.at(point):
                if not box.contains(point):
                    continue
                if kind == "label":
                    found.add(Collision("arrow", other, edge))
                elif kind == "node" and other not in ends:
                    found.add(Collision("arrow-node", edge, other))
                elif kind == "name":
                    found.add(Collision("arrow-name", edge, other))
                elif kind == "box" and not ends & clusters[other][1]:
                    found.add(Collision("arrow-box", edge, other))
    return sorted(found, key=lambda c: (c.label, c.kind, c.other))


def collisions(data: dict) -> list[str]:
    """``find_collisions`` as sentences, for messages and tests."""
    return [str(c) for c in find_collisions(data)]
