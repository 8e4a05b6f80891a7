"""Paper: the page sizes a 資料X-1 is printed on, how far a drawing is scaled to fit one, and the
size its smallest text then has on paper.

A drawing is laid out once at its own size (points); for a page it is scaled by one factor so
that it fits inside the margins, never enlarged. The smallest text on the page is the smallest
font Graphviz drew (read from the layout, so nothing is guessed) times that factor.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

MM = 72 / 25.4
MARGIN = 10 * MM          # white border of the printed page
MIN_TEXT_PT = 7.0         # the smallest text a council member can read on paper


@dataclass(frozen=True)
class Paper:
    name: str               # "A4", "A3"
    landscape: bool
    width: float            # points
    height: float

    @property
    def label(self) -> str:
        return f"{self.name} {'横' if self.landscape else '縦'}"

    def fit(self, width: float, height: float) -> float:
        """The factor a drawing of ``width`` x ``height`` points is printed at (at most 1)."""
        return min(1.0, (self.width - 2 * MARGIN) / max(width, 1.0), (self.height - 2 * MARGIN) / max(height, 1.0))


SIZES_MM = {"A4": (210, 297), "A3": (297, 420)}


def paper(name: str, landscape: bool = True) -> Paper:
    short, long = (v * MM for v in SIZES_MM[name.upper()])
    return Paper(name.upper(), landscape, long if landscape else short, short if landscape else long)


def drawing_size(geometry: dict) -> tuple[float, float]:
    """Width and height in points of a laid-out graph, from its bounding box."""
    x0, y0, x1, y1 = (float(v) for v in geometry.get("bb", "0,0,0,0").split(","))
    return x1 - x0, y1 - y0


def _ops(geometry: dict):
    yield geometry.get("_ldraw_", [])
    for obj in geometry.get("objects", []):
        yield obj.get("_ldraw_", [])
        yield obj.get("_hldraw_", [])
        yield obj.get("_tldraw_", [])
    for edge in geometry.get("edges", []):
        for key in ("_ldraw_", "_hldraw_", "_tldraw_", "_headlabel_", "_taillabel_"):
            yield edge.get(key, [])


def smallest_font(geometry: dict) -> float | None:
    """The smallest font size (points, at the drawing's own size) that any text is drawn in
    (tests/test_render_paper.py checks it against the text operators of the written PDFs)."""
    smallest = None
    for ops in _ops(geometry):
        size = None
        for op in ops or []:
            if op.get("op") == "F":
                size = float(op["size"])
            elif op.get("op") == "T" and size is not None and op.get("text", "").strip():
                smallest = size if smallest is None else min(smallest, size)
    return smallest


def page_attrs(paper: Paper, width: float, height: float) -> dict[str, str]:
    """Graph attributes that draw a laid-out graph of ``width`` x ``height`` points (its bounding
    box from 0,0) centred on a page of the paper's proportions at its own size. Used for PNG,
    whose pixels cannot be moved afterwards (SVG and PDF are placed by a frame).

    The canvas is fixed by ``viewport`` (the page's size at the drawing's scale, centred on the
    drawing), not by ``pad``: ``neato -n2`` sizes the canvas from its own bounding box, which
    takes in the control points of curved arrows and so can be taller than the layout's (004
    page 3: 36 pt), and the PNG came out taller than the paper."""
    scale = paper.fit(width, height)
    return {"viewport": f"{paper.width / scale:.4f},{paper.height / scale:.4f},1,{width / 2:.4f},{height / 2:.4f}",
            "pad": "0", "margin": "0"}


_SVG_FRAME = re.compile(rb'<svg width="[^"]*" height="[^"]*"\s+viewBox="([-\d. ]+)"')


def svg_on_paper(svg: bytes, paper: Paper, width: float, height: float) -> bytes:
    """An SVG of a drawing of ``width`` x ``height`` points (drawn at its own size) declared as
    the paper's size in millimetres, the drawing scaled by ``paper.fit`` and centred: only
    its frame (size and viewBox) is rewritten."""
    found = _SVG_FRAME.search(svg)
    if not found:
        return svg
    x, y, w, h = (float(v) for v in found.group(1).split())
    scale = paper.fit(width, height)
    view_w, view_h = paper.width / scale, paper.height / scale
    frame = (f'<svg width="{paper.width / MM:.1f}mm" height="{paper.height / MM:.1f}mm" viewBox="'
             f'{x + (w - view_w) / 2:.2f} {y + (h - view_h) / 2:.2f} {view_w:.2f} {view_h:.2f}"')
    return svg[:found.start()] + frame.encode() + svg[found.end():]


def pdf_on_paper(pages: list[tuple[bytes, tuple[float, float]]], paper: Paper) -> bytes:
    """One PDF with a page of exactly the paper's size for each (PDF of a drawing at its own
    size, that drawing's width and height): the drawing scaled by ``paper.fit`` about the
    page's centre. The scale is a ``cm`` operator around the page's own content, which is
    copied, never parsed (qpdf through pikepdf copies a page with its fonts without reading
    them object by object, which matters at hundreds of pages)."""
    import pikepdf

    out = pikepdf.new()
    sources = [pikepdf.open(io.BytesIO(data)) for data, _ in pages]   # open until saved
    for source, (_, size) in zip(sources, pages):
        out.pages.append(source.pages[0])
        page = out.pages[-1]
        scale = paper.fit(*size)
        left, bottom, right, top = (float(v) for v in page.mediabox)  # drawing + Graphviz's margin
        x = paper.width / 2 - scale * (left + right) / 2
        y = paper.height / 2 - scale * (bottom + top) / 2
        page.contents_add(pikepdf.Stream(out, f"q {scale:.6f} 0 0 {scale:.6f} {x:.4f} {y:.4f} cm\n".encode()),
                          prepend=True)
        page.contents_add(pikepdf.Stream(out, b"\nQ\n"))
        page.MediaBox = page.CropBox = pikepdf.Array([0, 0, paper.width, paper.height])
    out.docinfo["/Producer"] = "flowmap"
    buffer = io.BytesIO()
    out.save(buffer, deterministic_id=True)
    return buffer.getvalue()
