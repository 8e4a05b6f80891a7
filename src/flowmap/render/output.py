"""Writing a flow's diagram in the formats asked for, each file atomically.

A format is a name and a function from the prepared pieces (scene, DOT text, font) to bytes;
``FORMATS`` is the one list of them. A file is written to a temporary name in the output folder
and renamed into place, so a failure never leaves half a diagram behind.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from flowmap.output.atomic import write_atomic
from flowmap.rules.findings import Finding
from flowmap.flow.model import Flow
from flowmap.render import style
from flowmap.render.dot import build_dot
from flowmap.render.drawio import build_drawio
from flowmap.render.check import Collision, find_collisions
from flowmap.render.graphviz_run import layout_json, run_dot
from flowmap.render.scene import Scene, build_scene

PNG_DPI = 120


REPAIR_ROUNDS = len(style.LAYOUT_TWEAKS)


@dataclass(frozen=True)
class Prepared:
    scene: Scene
    dot: str
    font: str
    tweaks: dict[str, int] = field(default_factory=dict)
    collisions: tuple[Collision, ...] = ()   # what is still drawn on top of something else


def _dot(p: Prepared) -> bytes:
    return p.dot.encode("utf-8")


def _png(p: Prepared) -> bytes:
    return run_dot(build_dot(p.scene, p.font, dpi=PNG_DPI, tweaks=p.tweaks), "png")


def _graphviz(fmt: str) -> Callable[[Prepared], bytes]:
    return lambda p: run_dot(p.dot, fmt)


def _drawio(p: Prepared) -> bytes:
    return build_drawio(p.scene, layout_json(p.dot), p.font)


FORMATS: dict[str, tuple[str, Callable[[Prepared], bytes]]] = {
    "svg": ("svg", _graphviz("svg")),
    "png": ("png", _png),
    "pdf": ("pdf", _graphviz("pdf")),
    "dot": ("dot", _dot),
    "drawio": ("drawio", _drawio),
}
DEFAULT_FORMATS = ("svg", "png")


def prepare(flow: Flow, findings: list[Finding] | None = None, font: str = style.DEFAULT_FONT,
            repair: bool = True) -> Prepared:
    """Scene and DOT text of a flow. With ``repair``, lay it out and, while a label is hit by
    another label, a box or an arrow, nudge the edge concerned one level further along
    ``style.LAYOUT_TWEAKS`` and lay it out again (fixed rounds, so the result is still the same
    for the same flow); the layout with the fewest collisions wins."""
    scene = build_scene(flow, findings)
    tweaks: dict[str, int] = {}
    dot = build_dot(scene, font)
    if not repair:
        return Prepared(scene, dot, font)
    best: Prepared | None = None
    for attempt in range(REPAIR_ROUNDS + 1):
        found = find_collisions(layout_json(dot))
        if best is None or len(found) < len(best.collisions):
            best = Prepared(scene, dot, font, dict(tweaks), tuple(found))
        if not found or attempt == REPAIR_ROUNDS:
            break
        for key in sorted({collision.label for collision in found}):
            tweaks[key] = tweaks.get(key, 0) + 1
        dot = build_dot(scene, font, tweaks=tweaks)
    return best


def render_flow(flow: Flow, out_dir: Path, stem: str, formats: tuple[str, ...] = DEFAULT_FORMATS,
                findings: list[Finding] | None = None, font: str = style.DEFAULT_FONT) -> Rendered:
    """Write ``out_dir/stem.<ext>`` for each format; all outputs are produced before any is
    written, so a Graphviz failure leaves the folder as it was. Raises RenderError."""
    prepared = prepare(flow, findings, font)
    outputs = []
    for name in formats:
        ext, make = FORMATS[name]
        outputs.append((out_dir / f"{stem}.{ext}", make(prepared)))
    for path, data in outputs:
        write_atomic(path, data)
    return Rendered([path for path, _ in outputs], prepared.collisions)


@dataclass(frozen=True)
class Rendered:
    paths: list[Path]
    collisions: tuple[Collision, ...]
