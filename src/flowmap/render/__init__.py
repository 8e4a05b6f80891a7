"""Rendering the 資料X-1 diagram: scene (what to draw) → DOT text → Graphviz; and drawio.

``build_scene`` and ``build_dot`` are pure; ``flowmap.render.output`` calls Graphviz and writes
files atomically.
"""

from flowmap.render.dot import build_dot
from flowmap.render.scene import Scene, build_scene

__all__ = ["Scene", "build_dot", "build_scene"]
