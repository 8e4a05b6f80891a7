"""Writing a flow's diagram in the formats asked for, each file atomically.

A format is a name and a function from the prepared pieces (scene, DOT text, font) to bytes;
``FORMATS`` is the one list of them. A file is written to a temporary name in the output folder
and renamed into place, so a failure never leaves half a diagram behind.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from flowmap.findings import Finding
from flowmap.model import Flow
from flowmap.render import style
from flowmap.render.dot import build_dot
from flowmap.render.drawio import build_drawio
from flowmap.render.graphviz_run import layout_json, run_dot
from flowmap.render.scene import Scene, build_scene

PNG_DPI = 120


@dataclass(frozen=True)
class Prepared:
    scene: Scene
    dot: str
    font: str


def _dot(p: Prepared) -> bytes:
    return p.dot.encode("utf-8")


def _png(p: Prepared) -> bytes:
    return run_dot(build_dot(p.scene, p.font, dpi=PNG_DPI), "png")


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


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder and a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def prepare(flow: Flow, findings: list[Finding] | None = None, font: str = style.DEFAULT_FONT) -> Prepared:
    scene = build_scene(flow, findings)
    return Prepared(scene, build_dot(scene, font), font)


def render_flow(flow: Flow, out_dir: Path, stem: str, formats: tuple[str, ...] = DEFAULT_FORMATS,
                findings: list[Finding] | None = None, font: str = style.DEFAULT_FONT) -> list[Path]:
    """Write ``out_dir/stem.<ext>`` for each format; all outputs are produced before any is
    written, so a Graphviz failure leaves the folder as it was. Raises RenderError."""
    prepared = prepare(flow, findings, font)
    outputs = []
    for name in formats:
        ext, make = FORMATS[name]
        outputs.append((out_dir / f"{stem}.{ext}", make(prepared)))
    for path, data in outputs:
        write_atomic(path, data)
    return [path for path, _ in outputs]
