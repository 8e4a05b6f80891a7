"""A diagrams.net (draw.io) file of the same diagram, for staff who finish it by hand.

One cell per party (organisations as containers holding their systems) and one per step (an
arrow, or a note inside its party for internal work), placed where Graphviz placed them, plus
cells for the safeguard boxes, the title and the legend. Labels are the same texts as in the
SVG; the XML is written with ElementTree, which escapes every attribute value.
"""

from __future__ import annotations

import html as htmllib
import xml.etree.ElementTree as ET

from flowmap.render import style
from flowmap.render.check import ops_box
from flowmap.render.dot import findings_heading
from flowmap.render.scene import Mark, PartyView, Scene, StepView


def _esc(lines: list[str]) -> str:
    return "<br>".join(htmllib.escape(line, quote=False) for line in lines)


def _box(title: str | None, lines: list[str], fill: str, border: str) -> str:
    head = f'<b>{htmllib.escape(title, quote=False)}</b><br>' if title else ""
    return (f'<div style="border:1px solid {border};background:{fill};padding:3px;text-align:left">'
            f"{head}{_esc(lines)}</div>")


def step_html(view: StepView) -> str:
    """The label of a step as draw.io HTML: the same lines and boxes as the SVG."""
    parts = [_esc([f"{view.number} {view.title[0] if view.title else ''}", *view.title[1:]])]
    detail = [x for x in (view.timing, view.medium) if x]
    if detail:
        parts.append(_esc(detail))
    if view.carried:
        parts.append(f'<span style="color:{style.MUTED}">{_esc(view.carried)}</span>')
    for box in view.groups:
        parts.append(_box(box.title, box.lines, style.ITEMS_FILL, style.ITEMS_BORDER))
    if view.safeguards:
        parts.append(_box(None, view.safeguards, style.SAFEGUARD_FILL, style.SAFEGUARD_BORDER))
    if badges(view.mark):
        parts.insert(0, badges(view.mark))
    return "<br>".join(parts)


def badges(mark: Mark) -> str:
    """指摘 1 3 in the worst gap's colour, 確認 7 in the questions' colour ("" when neither)."""
    parts = []
    if mark.numbers:
        parts.append(f'<span style="color:{style.SEVERITY_COLOURS[mark.severity]}">'
                     f'指摘 {" ".join(map(str, mark.numbers))}</span>')
    if mark.questions:
        parts.append(f'<span style="color:{style.QUESTION_COLOUR}">確認 {" ".join(map(str, mark.questions))}</span>')
    return " ".join(parts)



def legend(body: str) -> list[str]:
    """The legend, naming the municipality as its profile does (区・市・町・村)."""
    return [f"凡例: 枠 = {body}・委託先などの組織(枠内はそのシステム・パソコン)、付箋 = 内部の処理、青枠 = 情報項目、",
            "緑枠 = 情報保護対策、矢印 = 手順(番号 内容 (時期)(頻度)(記録媒体・運搬方法))"]


def _style(**values: str) -> str:
    return ";".join(f"{k}={v}" for k, v in values.items()) + ";"


class DrawioWriter:
    def __init__(self, scene: Scene, layout: dict, font: str):
        self.scene = scene
        self.font = font
        self.layout = layout
        self.objects = {o.get("name"): o for o in layout.get("objects", [])}
        self.edges = {e.get("id"): e for e in layout.get("edges", []) if e.get("id")}
        x0, y0, x1, y1 = (float(v) for v in layout.get("bb", "0,0,800,600").split(","))
        self.height = y1
        self.width = x1
        self.root = ET.Element("root")
        self.origin: dict[str, tuple[float, float]] = {"1": (0.0, 0.0)}
        ET.SubElement(self.root, "mxCell", id="0")
        ET.SubElement(self.root, "mxCell", id="1", parent="0")

    # geometry in draw.io's frame (y down), relative to the parent container
    def _rect(self, x0: float, y0: float, x1: float, y1: float) -> tuple[float, float, float, float]:
        return x0, self.height - y1, x1 - x0, y1 - y0

    def _node_rect(self, name: str) -> tuple[float, float, float, float] | None:
        obj = self.objects.get(name)
        if not obj or "pos" not in obj:
            return None
        x, y = (float(v) for v in obj["pos"].split(","))
        w, h = float(obj["width"]) * 72, float(obj["height"]) * 72
        return self._rect(x - w / 2, y - h / 2, x + w / 2, y + h / 2)

    def _cluster_rect(self, name: str) -> tuple[float, float, float, float] | None:
        obj = self.objects.get(name)
        if not obj or "bb" not in obj:
            return None
        return self._rect(*(float(v) for v in obj["bb"].split(",")))

    def vertex(self, cell_id: str, value: str, cell_style: str, parent: str,
               rect: tuple[float, float, float, float] | None) -> None:
        x, y, w, h = rect or (0.0, 0.0, 160.0, 60.0)
        px, py = self.origin[parent]
        self.origin[cell_id] = (x, y)
        cell = ET.SubElement(self.root, "mxCell", id=cell_id, value=value, style=cell_style,
                             vertex="1", parent=parent)
        ET.SubElement(cell, "mxGeometry", x=f"{x - px:.1f}", y=f"{y - py:.1f}", width=f"{w:.1f}",
                      height=f"{h:.1f}", **{"as": "geometry"})

    def party(self, view: PartyView, parent: str) -> None:
        fill, border = style.PARTY_COLOURS.get(view.party.kind, (style.SYSTEM_FILL, style.INK))
        if view.mark.severity is not None:
            border = style.SEVERITY_COLOURS[view.mark.severity]
        value = _esc(view.name) + f'<br><span style="color:{style.MUTED};font-size:9px">{htmllib.escape(view.subtitle, quote=False)}</span>'
        if badges(view.mark):
            value = badges(view.mark) + "<br>" + value
        common = dict(rounded="1", whiteSpace="wrap", html="1", fillColor=fill, strokeColor=border,
                      fontFamily=self.font, fontSize=str(style.FONT_SIZE))
        if view.is_box:
            self.vertex(view.key, value, _style(**common, container="1", collapsible="0", verticalAlign="top",
                                                align="left", spacingLeft="8"),
                        parent, self._cluster_rect(f"cluster_{view.party.id}"))
        else:
            self.vertex(view.key, value, _style(**common), parent, self._node_rect(f"p-{view.party.id}"))
        for child in view.children:
            self.party(child, view.key)
        for note in view.notes:
            self.vertex(f"step-{note.key}", step_html(note),
                        _style(shape="note", whiteSpace="wrap", html="1", fillColor=style.NOTE_FILL, size="10",
                               align="left", verticalAlign="top", spacingLeft="4", fontFamily=self.font,
                               fontSize=str(style.EDGE_FONT_SIZE)),
                        view.key, self._node_rect(f"n-{note.key}"))
        if view.safeguards:
            self.vertex(f"safeguards-{view.party.id}", _esc(view.safeguards),
                        _style(rounded="0", whiteSpace="wrap", html="1", fillColor=style.SAFEGUARD_FILL,
                               strokeColor=style.SAFEGUARD_BORDER, align="left", verticalAlign="top",
                               spacingLeft="4", fontFamily=self.font, fontSize=str(style.SMALL_FONT_SIZE)),
                        view.key, self._node_rect(f"g-{view.party.id}"))

    def _path(self, edge_id: str) -> tuple[list[tuple[float, float]], tuple[float, float] | None]:
        edge = self.edges.get(edge_id)
        if not edge:
            return [], None
        points = []
        for op in edge.get("_draw_", []):
            if op.get("op") == "b":
                pts = op["points"]
                points += [(p[0], self.height - p[1]) for p in pts[::3]]
        label = None
        if "lp" in edge:
            x, y = (float(v) for v in edge["lp"].split(","))
            label = (x, self.height - y)
        if edge.get("dir") == "back":
            points.reverse()
        return points, label

    def _text_cell(self, cell_id: str, value: str, edge_id: str) -> bool:
        """A text cell on the box of an edge's label in the layout; False when it has none."""
        edge = self.edges.get(edge_id)
        box = ops_box(edge.get("_ldraw_", [])) if edge else None
        if box is None:
            return False
        self.vertex(cell_id, value, _style(text="1", html="1", align="left", verticalAlign="top", whiteSpace="wrap",
                                           fontFamily=self.font, fontSize=str(style.EDGE_FONT_SIZE),
                                           spacing="0", overflow="visible"),
                    "1", self._rect(box.x0, box.y0, box.x1, box.y1))
        return True

    def step(self, view: StepView) -> None:
        points, label = self._path(f"step-{view.key}")
        if view.via:
            more, _ = self._path(f"step-{view.key}-via")
            points += more
        colour = style.SEVERITY_COLOURS[view.mark.severity] if view.mark.severity is not None else style.EDGE
        # the label is a text cell exactly where Graphviz put it (draw.io would centre it on
        # the arrow and size it by its own measure, onto other labels and boxes)
        placed = self._text_cell(f"label-step-{view.key}", step_html(view), f"step-{view.key}")
        if view.via:
            self._text_cell(f"label-step-{view.key}-via", htmllib.escape(view.number, quote=False),
                            f"step-{view.key}-via")
        cell = ET.SubElement(self.root, "mxCell", id=f"step-{view.key}", value="" if placed else step_html(view),
                             style=_style(edgeStyle="none", curved="1", html="1", endArrow="block",
                                          strokeColor=colour, fontFamily=self.font,
                                          fontSize=str(style.EDGE_FONT_SIZE), align="left",
                                          labelBackgroundColor="#ffffff"),
                             edge="1", parent="1", source=self.scene.parties[view.source].key,
                             target=self.scene.parties[view.target].key)
        geometry = ET.SubElement(cell, "mxGeometry", relative="1", **{"as": "geometry"})
        if len(points) >= 2:
            ET.SubElement(geometry, "mxPoint", x=f"{points[0][0]:.1f}", y=f"{points[0][1]:.1f}", **{"as": "sourcePoint"})
            ET.SubElement(geometry, "mxPoint", x=f"{points[-1][0]:.1f}", y=f"{points[-1][1]:.1f}", **{"as": "targetPoint"})
            inner = points[1:-1]
            if inner:
                array = ET.SubElement(geometry, "Array", **{"as": "points"})
                for x, y in inner:
                    ET.SubElement(array, "mxPoint", x=f"{x:.1f}", y=f"{y:.1f}")
            if label and not placed:
                mid = _midpoint(points)
                ET.SubElement(geometry, "mxPoint", x=f"{label[0] - mid[0]:.1f}", y=f"{label[1] - mid[1]:.1f}",
                              **{"as": "offset"})

    def build(self) -> ET.Element:
        scene = self.scene
        title = [f"個人情報の流れ　{scene.reference}".rstrip(), "件名: " + "".join(scene.title),
                 f"担当課: {scene.department}"]
        value = _esc(title)
        value += "<br>" + _esc(legend(scene.words.body))
        if scene.page:
            value += "<br>" + _esc([scene.page])
        if scene.flow_safeguards:
            value += "<br>" + _box("全体の情報保護対策", scene.flow_safeguards, style.SAFEGUARD_FILL, style.SAFEGUARD_BORDER)
        table = ""
        if scene.table:
            lines = [f"{row.number} {row.owner}【{row.heading}】 {''.join(row.lines)}" for row in scene.table]
            table = _box("対策表(図中の番号の情報保護対策)", lines, style.SAFEGUARD_FILL, style.SAFEGUARD_BORDER)
        if table and not scene.table_beside:
            value += "<br>" + table
        listed = scene.listed_findings()
        if listed:
            asked = sum(1 for n in listed if n.finding.question)
            lines = [findings_heading(len(listed) - asked, asked, bool(scene.page))]
            for numbered in listed:
                f = numbered.finding
                grade = "確認" if f.question else f.severity.label
                lines.append(f"{numbered.number}. [{grade}] {f.code} {numbered.target}: {f.message}"
                             + (f" 対処: {f.fix}" if f.fix else "")
                             + (f"(承認済み: {f.accepted_reason})" if f.accepted else ""))
            value += "<br>" + _esc(lines)
        # the title block (and the findings) where Graphviz put the graph's label, above it all
        box = ops_box(self.layout.get("_ldraw_", []))
        rect = self._rect(box.x0, box.y0, box.x1, box.y1) if box else None
        self.vertex("title", value, _style(text="1", html="1", align="left", verticalAlign="top", whiteSpace="wrap",
                                           fontFamily=self.font, fontSize=str(style.FONT_SIZE)), "1", rect)
        if table and scene.table_beside:   # right of the drawing, where Graphviz put its node
            self.vertex("table", table, _style(text="1", html="1", align="left", verticalAlign="top", whiteSpace="wrap",
                                               fontFamily=self.font, fontSize=str(style.SMALL_FONT_SIZE)),
                        "1", self._node_rect("table"))
        for root in scene.roots:
            self.party(root, "1")
        for view in scene.steps:
            self.step(view)
        return self.root

    def diagram(self, parent: ET.Element, name: str) -> None:
        """This page as one ``<diagram>`` of the file."""
        root = self.build()
        diagram = ET.SubElement(parent, "diagram", id=f"{self.scene.flow_id}-{name}", name=name)
        model = ET.SubElement(diagram, "mxGraphModel", grid="1", gridSize="10", guides="1", page="1",
                              pageWidth=f"{self.width:.0f}", pageHeight=f"{self.height:.0f}", math="0", shadow="0")
        model.append(root)


def _midpoint(points: list[tuple[float, float]]) -> tuple[float, float]:
    """The point halfway along a polyline (where draw.io puts an edge label)."""
    lengths = [((b[0] - a[0]) ** 2 + (b[1] - a[1]) ** 2) ** 0.5 for a, b in zip(points, points[1:])]
    half = sum(lengths) / 2
    for (a, b), length in zip(zip(points, points[1:]), lengths):
        if half <= length and length > 0:
            t = half / length
            return a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])
        half -= length
    return points[-1]


def build_drawio(pages: list[tuple[Scene, dict]], font: str = style.DEFAULT_FONT) -> bytes:
    """The .drawio XML of laid-out pages (each a scene and its ``dot -Tjson`` geometry), one
    draw.io page per page."""
    mxfile = ET.Element("mxfile", host="flowmap", type="device")
    for number, (scene, layout) in enumerate(pages, 1):
        name = "個人情報の流れ" if len(pages) == 1 else f"個人情報の流れ {number}/{len(pages)}"
        DrawioWriter(scene, layout, font).diagram(mxfile, name)
    ET.indent(mxfile)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(mxfile, encoding="utf-8", xml_declaration=False) + b"\n"
